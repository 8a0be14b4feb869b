"""The matching view of a text (:func:`fold`): full-width and ASCII punctuation unified, exotic spaces made
plain and traditional characters mapped to simplified, one character for one character, so that offsets
are shared with the display text. :mod:`zhengce.text.normalise` re-exports both names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["fold", "folded_text"]

_PUNCT = {
    "（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "［": "[", "］": "]",
    "｛": "{", "｝": "}", "〈": "《", "〉": "》", "﹝": "〔", "﹞": "〕", "【": "[", "】": "]",
    "．": ".", "－": "-", "—": "—", "―": "—", "～": "~", "／": "/", "％": "%", "＋": "+", "＝": "=",
    "＜": "<", "＞": ">", "｜": "|", "＆": "&", "＃": "#", "＊": "*", "＠": "@", "＿": "_", "＂": '"',
    "＇": "'", "·": "·", "•": "·", "●": "·",
}
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _base_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    for src, dst in _PUNCT.items():
        table[ord(src)] = dst
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in "\u200b\u200c\u200d\ufeff":
        table[ord(ch)] = " "
    return table


_BASE = _base_table()


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    try:
        from opencc import OpenCC

        return OpenCC("t2s").convert
    except Exception:  # pragma: no cover - pinned dependency
        return None


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    mapped = _BASE.get(ord(ch))
    if mapped is not None:
        return mapped
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        convert = _t2s()
        if convert is not None:
            out = convert(ch)
            if len(out) == 1:
                return out
    return ch


_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))  # where OpenCC's single characters are looked up


@lru_cache(maxsize=1)
def _changes() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A pattern of every character that folding changes, and what a match becomes: built once per process
    (OpenCC converts the CJK blocks in one call, a line each, the same as one character at a time). Most
    characters stay as they are, so one pass of the pattern in C with a replacement for each changed one is
    several times cheaper than ``str.translate`` looking up every character in a table."""
    changed = {chr(code): dst for code, dst in _BASE.items() if chr(code) != dst}
    chars = [chr(code) for lo, hi in _CJK_RANGES for code in range(lo, hi + 1)]
    convert = _t2s()
    converted = convert("\n".join(chars)).split("\n") if convert is not None else chars
    if len(converted) != len(chars):  # pragma: no cover - a conversion across lines: one at a time then
        converted = [_fold_char(ch) for ch in chars]
    for ch, out in zip(chars, converted, strict=True):
        if len(out) == 1 and out != ch and ord(ch) not in _BASE:
            changed[ch] = out
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sorted(changed)) + "]")
    get = changed.__getitem__
    return pattern, lambda m: get(m.group())


# the punctuation of nearly every line (a tenth of the characters of a text): replaced by str.replace, in C,
# before the pattern calls its replacement once for each of the rest
_FREQUENT = "，（）：；"
_FOLDING: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str], tuple[tuple[str, str], ...]]] = []


def _folding() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str], tuple[tuple[str, str], ...]]:
    """What :func:`fold` does: frequent characters by ``str.replace`` (each into a character folding keeps, so
    the order of the steps does not matter), then the pattern of the other characters that change."""
    pattern, replace = _changes()
    frequent = []
    for ch in _FREQUENT:
        m = pattern.match(ch)
        folded = replace(m) if m is not None else ch
        if folded != ch and pattern.match(folded) is None:
            frequent.append((ch, folded))
    _FOLDING.append((pattern, replace, tuple(frequent)))  # (none of the frequent is left for the pattern)
    return _FOLDING[0]


def fold(text: str) -> str:
    """The matching view of ``text``: same length, one character for one character."""
    pattern, replace, frequent = _FOLDING[0] if _FOLDING else _folding()
    for src, dst in frequent:
        if src in text:
            text = text.replace(src, dst)
    return pattern.sub(replace, text)


@lru_cache(maxsize=16)
def folded_text(text: str) -> str:
    """``fold`` of a whole display text, computed once: extractors slice it (fold is one-to-one)."""
    return fold(text)
