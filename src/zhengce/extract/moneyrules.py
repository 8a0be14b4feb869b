"""Extract: money rules — sentences that state a rate or an amount — as candidates for calculators.

Forms: a rate of a base (``按实际支出维权费用的50%``, ``报销比例70%``), an amount per unit
(``250元/亩``, ``每件资助0.3万元``), a cap (``最高不超过2万元``, ``累计不超过6万元/年``), a lump sum
(``一次性奖励50万元``) and a range (``给予0.5万元至2万元的补贴``). Amounts are Decimal yuan; the
printed text and its offsets are kept so that a calculator can cite the clause it implements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from zhengce.parse.model import Document, NodeLocator
from zhengce.text.normalise import fold, folded_text

MONEY_WORDS = re.compile(r"补贴|奖励|补助|资助|奖补|报销|赔付|补偿|支付|给予|减免|优惠|援助|贴息|退还|发放|保险金|救助")
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PER_UNIT = r"(?:平方米|公里|人次|[件户人亩家个吨年月次项台套头只张天日床])"
AMOUNT = re.compile(rf"(?P<n>{NUM})\s*(?P<u>亿元|万元|千元|元)(?:\s*/\s*(?P<per>{_PER_UNIT}(?:[·.]{_PER_UNIT})?))?")
RATE = re.compile(rf"(?P<n>{NUM})\s*%")
CAP = re.compile(
    r"(?:最高|最多|累计|封顶|上限)[^,;。，；]{0,8}?(?:不超过|不高于|为|达)?\s*$|(?:不超过|不高于|以内)\s*$"
)
PER = re.compile(r"每\s*(?P<per>[件户人亩家个吨台套项次年月]|平方米|公里|头|只|张)")
RATE_BASE = re.compile(rf"按(?:照)?(?P<base>[^,;。，；]{{1,30}}?)的\s*(?P<n>{NUM})\s*%")
RANGE = re.compile(rf"(?P<a>{NUM})\s*(?:万元|元)?\s*(?:至|到|—|-|~)\s*(?P<b>{NUM})\s*(?P<u>万元|元)")
MULTIPLIER = {"亿元": Decimal(100000000), "万元": Decimal(10000), "千元": Decimal(1000), "元": Decimal(1)}


@dataclass(slots=True)
class MoneyTerm:
    kind: str  # amount | per_unit | cap | rate | range | threshold (a condition: 贷款额度1000万元以上的)
    text: str
    yuan: str | None = None  # Decimal as a string, in yuan
    rate: str | None = None  # percent as a string: "50"
    per: str | None = None  # 亩, 件 …
    base: str | None = None  # what a rate applies to
    low: str | None = None
    high: str | None = None

    def record(self) -> dict[str, Any]:
        return {k: v for k, v in (("kind", self.kind), ("text", self.text), ("yuan", self.yuan), ("rate", self.rate),
                                  ("per", self.per), ("base", self.base), ("low", self.low), ("high", self.high))
                if v is not None}


@dataclass(slots=True)
class MoneyRule:
    text: str
    start: int
    end: int
    terms: list[MoneyTerm] = field(default_factory=list)
    node_id: str = ""
    source: str = ""
    doc_number: str | None = None

    def record(self) -> dict[str, Any]:
        return {"source": self.source, "doc_number": self.doc_number, "node_id": self.node_id, "text": self.text,
                "terms": [t.record() for t in self.terms], "span": {"start": self.start, "end": self.end}}


def yuan(number: str, unit: str) -> Decimal:
    return Decimal(number.replace(",", "")) * MULTIPLIER[unit]


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def money_terms(sentence: str, folded: str | None = None) -> list[MoneyTerm]:
    """The rates and amounts of one sentence that states a money rule (none when it states no rule);
    ``folded`` is ``fold(sentence)`` when the caller has it."""
    s = folded if folded is not None else fold(sentence)
    if not MONEY_WORDS.search(s):
        return []
    return list(_terms(s))


@lru_cache(maxsize=4096)
def _terms(s: str) -> tuple[MoneyTerm, ...]:
    """The terms of one folded sentence, read once per process (a pure function: the same rule is printed in
    document after document); the terms are shared between the callers, who only read them."""
    terms: list[MoneyTerm] = []
    used: list[tuple[int, int]] = []
    for m in RANGE.finditer(s):
        u = m.group("u")
        low, high = _plain(yuan(m.group("a"), u)), _plain(yuan(m.group("b"), u))
        terms.append(MoneyTerm("range", m.group(0), low=low, high=high))
        used.append((m.start(), m.end()))
    for m in RATE_BASE.finditer(s):
        base = re.sub(r"^(?:不超过|不高于|最高)", "", m.group("base").strip())
        terms.append(MoneyTerm("rate", m.group(0), rate=m.group("n"), base=base))
        used.append((m.start(), m.end()))
    for m in AMOUNT.finditer(s):
        if any(a <= m.start() < b for a, b in used):
            continue
        before = s[max(0, m.start() - 16) : m.start()]
        per = m.group("per") or (PER.search(before).group("per") if PER.search(before) else None)
        after = s[m.end() : m.end() + 8]
        kind = ("threshold" if THRESHOLD_AFTER.match(after)
                else "cap" if CAP.search(before) else "per_unit" if per else "amount")
        terms.append(MoneyTerm(kind, m.group(0), yuan=_plain(yuan(m.group("n"), m.group("u"))), per=per))
    for m in RATE.finditer(s):
        if any(a <= m.start() < b for a, b in used):
            continue
        terms.append(MoneyTerm("rate", m.group(0), rate=m.group("n")))
    return tuple(terms)


THRESHOLD_AFTER = re.compile(r"\s*(?:[(（]含[)）])?\s*(?:及?以上|以下|以内)?\s*(?:[(（]含[)）])?的")  # 10万元以上的
SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")


def _money_sentences(text: str, t: str) -> Iterator[re.Match[str]]:
    """The sentences of ``text`` (as ``SENTENCE.finditer`` cuts them) that hold a word of MONEY_WORDS in their
    folded copy ``t``: found from the words (one C scan), so that the other sentences are never looked at. A
    word holds no sentence end, so each lies inside one sentence."""
    floor = 0  # the sentence of the next word starts here or later
    for word in MONEY_WORDS.finditer(t):
        h = word.start()
        if h < floor:
            continue  # in the sentence just read
        start = max(text.rfind(end, floor, h) for end in "。；;\n") + 1 or floor
        m = SENTENCE.match(text, start)
        if m is None:  # pragma: no cover - the word itself is inside the sentence
            continue
        yield m
        floor = m.end()


def find_money_rules(text: str, folded: str | None = None) -> list[MoneyRule]:
    t = folded if folded is not None else fold(text)
    out = []
    for m in _money_sentences(text, t):
        terms = money_terms(m.group(0), t[m.start() : m.end()])
        if terms:
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            out.append(MoneyRule(m.group(0).strip(), m.start() + lead, m.start() + lead + len(m.group(0).strip()),
                                 terms))
    return out


def extract_money_rules(doc: Document, text: str, locator: NodeLocator | None = None) -> list[MoneyRule]:
    """Money-rule candidates of one document, each linked to its clause (``locator``: the document's, when the
    caller has built it)."""
    if doc.tree is None:
        return []
    locator = locator or NodeLocator(doc.tree)
    out: list[MoneyRule] = []
    for rule in find_money_rules(text[doc.start : doc.end], folded_text(text)[doc.start : doc.end]):
        rule.start += doc.start
        rule.end += doc.start
        node = locator.locate(rule.start, rule.end)
        if node is None or node.table is not None:
            continue
        rule.node_id = node.id
        rule.source = doc.source
        rule.doc_number = doc.doc_number.text if doc.doc_number else None
        out.append(rule)
    return out
