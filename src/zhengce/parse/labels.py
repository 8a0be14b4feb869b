"""Labels: the numbering of clauses — 第X章, 第X节, 第X条, ``一、``, ``（一）``, ``1.``, ``（1）``, ``①``, decimal
``2.1.1`` and inline ``一是…二是…`` — read from a folded line with the heading after it, and lines in which
several numbered items were run together cut apart.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from zhengce.parse.lines import Line
from zhengce.text.lexicon import cn_int
from zhengce.text.normalise import TERMINAL

CN = "一二三四五六七八九十百零〇两"
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^第\s*([{CN}\d]+)\s*章\s*")),
    ("section", re.compile(rf"^第\s*([{CN}\d]+)\s*节\s*")),
    ("article", re.compile(rf"^第\s*([{CN}\d]+)\s*条\s*")),
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(?![\d%])\.?\s*(?=[^\d\s.%])")),
    ("l1", re.compile(rf"^([{CN}]{{1,3}})\s*[、.]\s*")),
    ("l2", re.compile(rf"^\(\s*([{CN}]{{1,3}})\s*\)\s*")),
    ("l3", re.compile(r"^(\d{1,3})\s*(?:[.、﹒](?!\d)|\.(?=\d+[\u4e00-\u9fff]))\s*")),
    ("l4", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*")),
    ("l5", re.compile(r"^([①-⑳])\s*")),
]
_P_CLAUSE_PUNCT = re.compile(r"[。，,；;]")
_P_HEADING_END = re.compile(r"^([^。；;:：!！?？]{2,40}?)[。：:]")


INLINE_ITEM = re.compile(rf"([{CN[:10]}]|十[一二三四五六七八九]?)是")


@lru_cache(maxsize=256)
def _cn_number(core: str) -> int | None:
    return cn_int(core.replace("两", "二"))


# what a label opens with (every pattern of _LABELS): 第, a Chinese numeral, a bracket, a circled number or a
# digit (``\d``: any decimal digit, ``str.isdecimal``)
_LABEL_OPENERS = frozenset("第(" + CN + "".join(chr(c) for c in range(ord("①"), ord("⑳") + 1)))


def label_of(key: str) -> tuple[str, str, int | None] | None:
    """(kind, label as printed, number) of a folded paragraph, or None."""
    # most paragraphs open with no label character: answered without the cache (whose key is the whole
    # paragraph, hashed and kept) and without trying each pattern
    first = key[:1]
    if first not in _LABEL_OPENERS and not first.isdecimal():
        return None
    return _label_of(key)


@lru_cache(maxsize=8192)
def _label_of(key: str) -> tuple[str, str, int | None] | None:
    for kind, pattern in _LABELS:
        m = pattern.match(key)
        if m:
            core = m.group(1)
            if kind == "l5":
                number: int | None = ord(core) - ord("①") + 1
            elif kind == "decimal":
                number = int(core.split(".")[-1])
            else:
                number = int(core) if core.isascii() and core.isdigit() else _cn_number(core)
            if number is None:
                continue
            if kind == "decimal":
                kind = f"decimal{core.count('.') + 1}"  # 2.1 and 2.1.1 are different levels
            return kind, m.group(0).strip(), number
    return None


def heading_after(after_label: str, kind: str) -> str:
    s = after_label.strip()
    if not s:
        return ""
    if s[-1] not in TERMINAL and len(s) <= 40 and not _P_CLAUSE_PUNCT.search(s):
        return s
    m = _P_HEADING_END.match(s)
    if m and kind not in {"article", "paragraph"}:
        return m.group(1).strip()
    return ""


# where an enumeration label may start inside a line: after a sentence end or a closing bracket (a
# task's tag), or after a gap of spaces
_INLINE_AT = re.compile(r"(?:[。；;!！?？)）〕\]】][ \t\u3000]*|(?<=\S)[ \t\u3000]+)(?=[(\d一二三四五六七八九十])")
# what every _INLINE_AT holds: a sentence end, a bracket or a space right before the label's first character
# (a first look that opens with a class of characters, which re scans for quickly)
_GAP_BEFORE_LABEL = re.compile(r"[。；;!！?？)）〕\]】 \t\u3000](?=[(\d一二三四五六七八九十])")
_P_HAN = re.compile(r"[\u4e00-\u9fff]")
_LABEL_FIRST = frozenset("0123456789(" + CN + "".join(chr(c) for c in range(ord("①"), ord("⑳") + 1)))
_INLINE_CANDIDATE = re.compile(
    rf"(?:[{CN}]{{1,3}}\s*、|\(\s*[{CN}]{{1,3}}\s*\)|\(\s*\d{{1,3}}\s*\)|\d{{1,3}}\s*[.、﹒](?!\d))")
# an _INLINE_AT whose label is an _INLINE_CANDIDATE: what a cut needs, anywhere in the line (a gap holds no
# label character, so these matches end where _INLINE_AT's do)
_INLINE_CUT = re.compile(rf"(?:[。；;!！?？)）〕\]】][ \t\u3000]*|(?<=\S)[ \t\u3000]+)(?={_INLINE_CANDIDATE.pattern})")


def split_inline_labels(lines: list[Line], start: int, end: int) -> list[Line]:
    """Lines in which several numbered items were run together (``…。(二)…``, ``…负责) 2.…``, a whole
    page on one line) are cut before each item label that continues the numbering: ``N`` follows
    ``N-1`` of the same kind, or starts a new list at 1. Only the lines of ``start:end`` are cut."""
    out: list[Line] = []
    last: dict[str, int] = {}
    for ln in lines:
        if not ln.key or ln.end <= start or ln.start >= end:  # (blank: an empty key)
            out.append(ln)
            continue
        if ln.key[:1] in _LABEL_FIRST:
            own = label_of(ln.key)
            if own is not None:
                last[own[0]] = own[2] or 0
        if len(ln.key) < 8 or "\t" in ln.text or not _GAP_BEFORE_LABEL.search(ln.key, 1) \
                or not _INLINE_AT.search(ln.key, 1) or not _INLINE_CUT.search(ln.key):  # table rows stay whole
            out.append(ln)
            continue
        cuts: list[int] = []
        text = ln.text
        lead = len(text) - len(text.lstrip())
        key = " " * lead + ln.key  # the folded line, offsets as in the display text
        for m in _INLINE_AT.finditer(key):
            pos = m.end()
            if pos <= lead or not _INLINE_CANDIDATE.match(key, pos) \
                    or len(_P_HAN.findall(key, (cuts or [lead])[-1], pos)) < 2:
                continue  # not after a bullet ("- (一)…"): something of the previous item comes first
            lab = label_of(key[pos:])
            if lab is None or lab[2] is None:
                continue
            kind, _, number = lab
            if number in (1, last.get(kind, 0) + 1):
                cuts.append(pos)
                last[kind] = number
        if not cuts:
            out.append(ln)
            continue
        bounds = [0, *cuts, len(text)]
        for a, b in itertools.pairwise(bounds):
            piece = text[a:b]
            out.append(Line(ln.index, ln.start + a, ln.start + b, piece, key[a:b].strip()))
    return out
