"""Targets: the pieces of a clause — its text with quoted and bracketed spans masked, its number tokens, and the
lead-in and tail words around an indicator phrase.
"""

from __future__ import annotations

import re

from zhengce.extract.targets.vocabulary import (
    ACTIONS,
    ADDED,
    CN_HINT,
    CN_TOKEN,
    COMPARATORS,
    LEAD_IN,
    LEADING_JUNK,
    ROW_NUMBER,
    SCOPE,
    TOKEN,
    YEARS_TOKEN,
)

_QUOTED = tuple((opening, re.compile(pattern)) for opening, pattern in (
    ("“", r"“[^”]*”"), ('"', r"\"[^\"]*\""), ("《", r"《[^》]*》"), ("〔", r"〔[^〕]*〕"), ("(", r"\([^()]*\)"),
    ("[", r"\[[^\]]*\]")))


def masked_text(text: str) -> str:
    """``text`` with quoted, bracketed and book-title spans blanked, so their numbers are not read."""
    out = list(text)
    for opening, pattern in _QUOTED:
        if opening not in text:
            continue  # no span of this kind
        for m in pattern.finditer(text):
            out[m.start() + 1 : m.end() - 1] = "#" * (m.end() - m.start() - 2)
    return "".join(out)


_BASE_AT_END = re.compile(r"(?:较|比|与)\s*(?:\d{4}\s*年|上一?年度?|上年)(?:相比)?$")
_YEAR4 = re.compile(r"\d{4}")
_COMPARATOR_WORDS = tuple(word for word, _, _ in COMPARATORS)


def strip_tail(phrase: str) -> tuple[str, list[str], str | None, str | None, int | None]:
    """Remove comparator and change words from the end of an indicator phrase.

    Returns (indicator, words removed, implied bound, implied change, base year of 较2020年).
    """
    words: list[str] = []
    bound: str | None = None
    change: str | None = None
    base_year: int | None = None
    while True:
        phrase = phrase.rstrip(" ")
        m = _BASE_AT_END.search(phrase)
        if m:
            y = _YEAR4.search(m.group(0))
            base_year = int(y.group(0)) if y else base_year
            phrase = phrase[: m.start()]
            continue
        if not phrase.endswith(_COMPARATOR_WORDS):
            return phrase, words, bound, change, base_year  # no comparator ends it (one test for all)
        for word, b, c in COMPARATORS:
            if phrase.endswith(word):
                phrase = phrase[: -len(word)]
                words.insert(0, word)
                if b and b != "exact" and bound is None:
                    bound = b
                if c and (change is None or change == "level"):
                    change = c
                break
        else:
            return phrase, words, bound, change, base_year


def strip_head(phrase: str) -> tuple[str, str | None, bool | None]:
    """Remove lead-in words and the leading action verb; return (phrase, scope, added).

    ``added`` is True after 新增, None after 累计 (a cumulative figure), else False.
    """
    scope = None
    phrase = ROW_NUMBER.split(phrase)[-1]  # 商务局2 实际利用外资: rows run together, the row number between
    phrase = LEADING_JUNK.sub("", phrase)
    m = LEAD_IN.match(phrase)
    if m:
        s = SCOPE.search(m.group(0))
        scope = s.group(1) if s else None
        phrase = phrase[m.end() :]
    added = bool(ADDED.match(phrase))
    if phrase.startswith("累计"):
        added = None  # type: ignore[assignment]  # cumulative
    a = ACTIONS.match(phrase)
    if a:
        phrase = phrase[a.end() :]
    return phrase, scope, added


def number_tokens(clause: str) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, value, unit, lower value of a range) of every number with a unit in ``clause``.

    ``8—10个`` is one token with value ``10`` and lower value ``8``. A number written in words (``五千亿``,
    ``一百二十家``) counts only right after a comparator (超过, 达到, 突破 …), where it cannot be a name
    (``一流``, ``千家万户``, ``五百亿级``), and only with 十/百/千 or a unit of 万/亿.
    """
    out = [(m.start(), m.end(), m.group("num"), m.group("unit"), m.group("lo"))
           for m in TOKEN.finditer(clause) if m.group("unit")]
    if "年" in clause:
        for m in YEARS_TOKEN.finditer(clause):  # 平均受教育年限提高到11.5年
            out.append((m.start("num"), m.end(), m.group("num"), m.group("unit"), None))
        out.sort()
    if CN_HINT.search(clause):
        for m in CN_TOKEN.finditer(clause):
            value, unit = m.group("num"), m.group("unit")
            if re.search(r"[十百千]", value) or unit[0] in "万亿":
                out.append((m.start("num"), m.end(), value, unit, None))
        out.sort()
    return out


# 较2020年: a base year. One compiled pattern for every year (a pattern made for each year went through re's cache,
# and was compiled again once other patterns had pushed it out)
_BASE_YEAR = re.compile(r"(?:较|比|与)\s*(\d+)\s*年")


def is_base_year(masked: str, year: str) -> bool:
    """Whether ``year`` (its digits) is printed as a base: 较 / 比 / 与 ``year`` 年."""
    return any(m.group(1) == year for m in _BASE_YEAR.finditer(masked))


def statement_start(clause: str, lo: int, hi: int) -> int:
    """Start of the shortest span that states the target: the action verb or the indicator."""
    rows = list(ROW_NUMBER.finditer(clause, lo, hi))
    if rows:
        lo = rows[-1].end()
    head = clause[lo:hi]
    junk = LEADING_JUNK.match(head)
    rest = head[junk.end() :] if junk else head
    m = LEAD_IN.match(rest)
    return lo + len(head) - len(rest) + (m.end() if m else 0)
