"""Targets: the quantities of running text, one sentence at a time::

    [lead-in] [action] INDICATOR [change] [comparator] NUMBER UNIT [bound]
    [lead-in] ACTION NUMBER UNIT [bound] INDICATOR            (完成73个重点项目)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from zhengce.extract.targets.phrases import (
    is_base_year,
    masked_text,
    number_tokens,
    statement_start,
    strip_head,
    strip_tail,
)
from zhengce.extract.targets.vocabulary import (
    ANY_NUMBER,
    AT_LEAST,
    BASELINE_AFTER,
    BOUND_AFTER,
    BOUND_WORD,
    CLAUSE_SPLIT,
    COMPARATORS,
    CONTINUES,
    FUTURE,
    MODIFIER_AFTER,
    MONEY_RULE,
    NOUN_IN_LIST,
    NUMBER,
    PAST,
    PER_UNIT_PRICE,
    REACHES,
    RESPECTIVELY,
    SCOPE,
    TIME_LIMIT_AFTER,
    TIME_UNIT,
    TRAILING,
    UNIT_ALT,
    YEAR,
)
from zhengce.text.normalise import fold

SHARE_OF = re.compile(r"^的([^\d#]{4,40}?)(?=[(（]|$)")


NOT_A_SHARE = re.compile(r"增|达|提|升|降|减|保持|超|控制|占|比重|率|年均")


def _share_of(head: str, after: str, unit: str) -> re.Match[str] | None:
    """``X%的NOUN…`` after a place or nothing (全市90%的行政村实现…): the share of the noun phrase that follows,
    not a figure a comparator states (增长6%的较快增速)."""
    return SHARE_OF.match(after) if unit == "%" and not NOT_A_SHARE.search(head) else None


@dataclass(slots=True)
class Quantity:
    """One target found in a sentence, with offsets relative to that sentence."""

    indicator: str
    value: str
    unit: str
    bound: str
    comparator: str
    change: str
    start: int
    end: int
    target_year: int | None
    base_year: int | None
    base_value: str | None
    scope: str | None


_VALUE = re.compile(rf"({NUMBER})\s*({UNIT_ALT})?")  # a figure of a list given respectively, and its unit


def _respectively(sentence: str, masked: str, out: list[Quantity]) -> str:
    """Read ``A、B分别增长6%、8%`` into ``out`` (one figure per indicator); return ``masked`` with it blanked."""
    for m in RESPECTIVELY.finditer(masked):
        names = [n for n in re.split(r"[、和与及]", m.group("inds")) if n.strip()]
        values = _VALUE.findall(m.group("vals"))
        if len(names) == 1 and len(values) > 1:
            names = names * len(values)  # 城乡居民人均可支配收入分别增长7%、8%: one printed name for each figure
        elif len(names) != len(values) or len(names) < 2:
            continue
        verb = m.group("verb") or ""
        bound, change = None, None
        for word, b, c in COMPARATORS:
            if verb == word:
                bound, change = (b if b != "exact" else None), c
                break
        if m.group("bound"):
            bound = BOUND_WORD[m.group("bound")]
        last_unit = next((u for _, u in reversed(values) if u), "")
        cursor = m.start("inds")
        years = [int(y) for y in YEAR.findall(masked[: m.start()]) if not is_base_year(masked, y)]
        shared = len(set(names)) == 1
        for name, (value, unit) in zip(names, values, strict=True):
            indicator, scope, _ = strip_head(name.strip())
            at = masked.find(indicator, m.start("inds") if shared else cursor) if indicator else -1
            if not indicator or at < 0:
                continue
            cursor = at + len(indicator)
            out.append(Quantity(
                indicator=sentence[at : at + len(indicator)], value=value, unit=unit or last_unit,
                bound=bound or "exact", comparator="分别" + verb, change=change or "level", start=at, end=m.end(),
                target_year=years[-1] if years else None, base_year=None, base_value=None, scope=scope,
            ))
        masked = masked[: m.start()] + "#" * (m.end() - m.start()) + masked[m.end() :]
    return masked


def quantities(sentence: str, is_folded: bool = False) -> list[Quantity]:
    """The targets stated in one sentence, in order; offsets are relative to the sentence."""
    if not ANY_NUMBER.search(sentence):
        return []  # most sentences: nothing to read
    return list(_read(sentence if is_folded else fold(sentence)))


@lru_cache(maxsize=8192)
def _read(sentence: str) -> tuple[Quantity, ...]:
    """The quantities of one folded sentence, read once per process: a sentence is a pure input, and gazettes
    print the same sentences again and again (the same measure in each county's copy of a plan, a target table's
    cells). The quantities are shared between the callers, who only read them."""
    return tuple(_quantities(sentence))


def _quantities(sentence: str) -> list[Quantity]:
    masked = masked_text(sentence)
    if MONEY_RULE.search(masked):
        return []
    out: list[Quantity] = []
    if "分别" in masked:
        masked = _respectively(sentence, masked, out)
    reader = _SentenceReader(sentence, masked, out)
    splits = list(CLAUSE_SPLIT.finditer(masked))
    clause_starts = [0] + [m.end() for m in splits]
    clause_ends = [m.start() for m in splits] + [len(masked)]
    separators = [m.group(0) for m in splits] + [""]
    past = False
    for c0, c1, sep, before in zip(clause_starts, clause_ends, separators, ["", *separators[:-1]], strict=True):
        clause = masked[c0:c1]
        # 不少于40个、街区4个: a bound word before the first figure of a list bounds the later ones too
        reader.carry, reader.list_bound = (reader.list_bound if before == "、" else None), None
        if PAST.search(clause):
            past = True  # 截至2025年底, …: the rest of the sentence tells the past too
        elif FUTURE.search(clause):
            past = False  # …, 到2027年达到…
        if past:
            reader.pending = []
            reader.previous = _past_indicator(clause, reader.previous)
            continue
        tokens = number_tokens(clause)
        if tokens and PER_UNIT_PRICE.search(clause) and not REACHES.search(clause):
            tokens = []
        if not tokens:
            noun = _pending_noun(clause, sep)
            if noun is not None:
                reader.pending.append((c0 + noun[0], noun[1]))
            else:
                reader.pending = []
            continue
        reader.clause(c0, clause, tokens)
        reader.pending = []
    out.sort(key=lambda q: q.start)  # figures given respectively were read first
    return out


def _past_indicator(clause: str, previous: str | None) -> str | None:
    """现有A级景区20家，到2027年达到30家: the figure to come has the indicator of the past one."""
    told = number_tokens(clause)
    if not told:
        return previous
    named, _, _, _, _ = strip_tail(clause[: told[0][0]])
    named = strip_head(PAST.sub("", named))[0].strip()
    noun = re.match(r"^[^\d#,]{2,30}", clause[told[0][1] :])
    return named or (noun.group(0) if noun else None) or previous


def _pending_noun(clause: str, sep: str) -> tuple[int, str] | None:
    """X、Y均增长…: a noun clause (its offset in the clause, the noun) that waits for the figure it shares."""
    if sep == "、" and len(clause) <= 40:
        noun, _, _ = strip_head(clause.strip())
        if 2 <= len(noun) <= 25 and not re.search(r"[\d#]", noun):
            return clause.find(noun), noun
    return None


def _bound_and_change(words: list[str], bound: str | None, change: str | None, added: bool | None,
                      bm: re.Match[str] | None, tl: re.Match[str] | None, head: str) -> tuple[str | None, str | None]:
    """The bound (a bound word after the figure, a time limit, 至少 before it) and the change (新增, 累计) of a
    figure; the words that state the bound join ``words``."""
    if bm:
        bound = BOUND_WORD[bm.group(1)]
        words.append(bm.group(1))
    elif tl:
        bound = "max"
        words.append(tl.group(0).strip())
    elif bound is None and AT_LEAST.search(head):
        bound = "min"  # 至少建成20个
    if added and change is None:
        change = "added"
    elif added is None and change in (None, "level"):
        change = "cumulative"
    return bound, change


_Token = tuple[int, int, str, str, str | None]


class _SentenceReader:
    """The quantities of one (masked) sentence, clause by clause; offsets relative to the sentence."""

    def __init__(self, sentence: str, masked: str, out: list[Quantity]) -> None:
        self.sentence = sentence
        self.masked = masked
        self.scope = SCOPE.search(masked)
        self.out = out
        self.previous: str | None = None  # the indicator of the previous quantity in this sentence
        self.pending: list[tuple[int, str]] = []  # X、Y均增长…: noun clauses waiting for the figure they share
        self.carry: str | None = None  # the bound the list's first figure stated before it (不少于40个、…)
        self.list_bound: str | None = None  # the bound this clause's figure stated with a word before it

    def clause(self, c0: int, clause: str, tokens: list[_Token]) -> None:
        """The quantities of the clause ``clause`` that starts at ``c0``, from its number tokens."""
        prev_end = 0  # where the indicator of the next quantity may start
        cut: tuple[int, int] | None = None  # a baseline (由80%提高到…) inside the next indicator phrase
        base_value: str | None = None
        for t_start, t_end, value, unit, low in tokens:
            after = clause[t_end:]
            if t_start < prev_end or (t_start > 0 and clause[t_start - 1] in "第-—~/.#"):
                continue
            if MODIFIER_AFTER.match(after) and not _share_of(clause[prev_end:t_start], after, unit):
                continue  # 100亿元以上的县市: part of the indicator
            lead = re.search(r"(?:由|从)\s*$", clause[prev_end:t_start])
            if low is None and (BASELINE_AFTER.match(after) or lead):
                cut = (prev_end + lead.start() if lead else t_start, t_end)
                base_value = value
                continue
            head = clause[prev_end:t_start]
            if cut is not None:
                head = clause[prev_end : cut[0]] + clause[cut[1] : t_start]
            read = self.figure(c0, clause, head, prev_end, (t_start, t_end, value, unit, low), base_value)
            if read is None:
                continue
            prev_end, emitted = read
            if emitted:
                cut, base_value = None, None

    def figure(self, c0: int, clause: str, head: str, prev_end: int, token: _Token, base_value: str | None
               ) -> tuple[int, bool] | None:
        """Read one figure with the indicator phrase ``head`` before it. Returns None when it is no target, else
        where the next indicator may start and whether a target was read."""
        t_start, t_end, value, unit, low = token
        after = clause[t_end:]
        bm = BOUND_AFTER.match(after)
        # a time limit: 开办企业1个工作日内完成, 不动产登记3日内办结 — at most that long
        tl = TIME_LIMIT_AFTER.match(after) if bm is None and unit and TIME_UNIT.search(unit) else None
        end = t_end + (bm.end() if bm else tl.end() if tl else 0)
        trail = TRAILING.match(clause[end:])
        if trail:
            end += trail.end()  # 超过五千亿规模: the figure ends the clause
        indicator, words, bound, change, base_year = strip_tail(head)
        indicator, _, added = strip_head(indicator)
        if trail and "增" in trail.group(0):
            change = "growth"  # 保持6%以上增长
        text_start = c0 + statement_start(clause, prev_end, t_start)
        follows = CONTINUES.match(clause[end:]) is not None
        share = _share_of(head, clause[end:], unit)
        if share is not None:  # 50%的城市社区建成服务综合体: the share of what the noun after it reaches
            indicator, end = self.sentence[c0 + end + 1 : c0 + end + share.end()], end + share.end()
        elif indicator.strip("#") and follows and not re.match(r"^\s*[和及或并且与]", clause[end:]):
            return None  # 5岁以下儿童死亡率, 15分钟健身圈: the quantity qualifies the noun after it
        if not indicator.strip("#"):
            found = self.indicator_after(c0, clause, end, head, words, follows)
            if found is None:
                return None
            if found[0] is None:
                return end, False
            indicator, end = found
        elif "#" in indicator:
            at = self.masked.find(indicator, c0 + prev_end)
            indicator = self.sentence[at : at + len(indicator)] if at >= 0 else indicator
        stated_before = bool(words) and bound in ("min", "max")
        if bound is None and not words and bm is None and tl is None and self.carry:
            bound, stated_before = self.carry, True
        self.list_bound = bound if stated_before else None
        bound, change = _bound_and_change(words, bound, change, added, bm, tl, head)
        years = [int(y) for y in YEAR.findall(self.masked[: c0 + t_start]) if not is_base_year(self.masked, y)]
        scope = (SCOPE.search(clause[:t_start]) or self.scope or _NONE).group(0) or None
        common: dict[str, Any] = {
            "unit": unit, "comparator": "…".join(words), "change": change or "level", "end": c0 + end,
            "target_year": years[-1] if years else None, "base_year": base_year, "base_value": base_value,
            "scope": scope,
        }
        self.emit(indicator.strip(), value, low, bound, text_start, words, common)
        return end, True

    def indicator_after(self, c0: int, clause: str, end: int, head: str, words: list[str], follows: bool
                        ) -> tuple[str | None, int] | None:
        """The indicator of a figure printed without one before it: the previous indicator again, or the noun
        after the figure (ACTION NUMBER UNIT NOUN). Returns (indicator, end of the target), (None, end) when
        there is none, None when the figure qualifies a later noun."""
        rest = clause[end:]
        in_list = NOUN_IN_LIST.match(rest)  # 培育2个A和6个B: a list of ACTION NUMBER UNIT NOUN
        noun = re.match(r"^(?!\s*(?:之|以)?内)[^\d]{2,30}", rest)  # not 15分钟内到达: a limit, no noun
        if words and self.previous and not follows:
            return self.previous, end  # 突破173亿元、增长7%以上: the same indicator again
        if in_list:
            return self.sentence[c0 + end : c0 + end + len(in_list.group(1))], end + len(in_list.group(1))
        if noun:
            # ACTION NUMBER UNIT [bound] NOUN: the indicator follows the quantity
            if noun.end() < len(rest):
                return None  # 5亿元以上项目2个: the first quantity qualifies the second one's noun
            return self.sentence[c0 + end : c0 + end + noun.end()], end + noun.end()
        if self.previous and re.fullmatch(r"\s*[和与及]\s*", head):
            return self.previous, end  # 分别达到5万元和2.5万元: the same indicator again
        return None, end

    def emit(self, indicator: str, value: str, low: str | None, bound: str | None, text_start: int,
             words: list[str], common: dict[str, Any]) -> None:
        """The target of a figure (two for a range), and of the nouns waiting for it (X、Y均增长…)."""
        if self.pending and {"均", "都", "同步"} & set(words):
            for p_start, noun in self.pending:  # 城镇居民人均可支配收入、农民人均纯收入均增长12%
                self.out.append(Quantity(indicator=noun, value=value, bound=bound or "exact", start=p_start,
                                         **common))
        if low is not None:  # a range: the lower figure is a floor, the upper one a ceiling
            self.out.append(Quantity(indicator=indicator, value=low, bound="min", start=text_start, **common))
            self.out.append(Quantity(indicator=indicator, value=value, bound="max", start=text_start, **common))
        else:
            self.out.append(Quantity(indicator=indicator, value=value, bound=bound or "exact", start=text_start,
                                     **common))
        self.previous = indicator


class _NoMatch:
    def group(self, _: int) -> str:
        return ""


_NONE = _NoMatch()


_SENTENCE_END = re.compile(r"[。!?;]|\n+")


def _sentences(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            out.append((start, text[start : m.end()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


def text_targets(text: str) -> list[tuple[int, Quantity]]:
    """(sentence offset, quantity) for every target stated in ``text`` (folded)."""
    return [(off, q) for off, sentence in _sentences(text) for q in quantities(sentence, is_folded=True)]
