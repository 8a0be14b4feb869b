"""The matching view of a text (:func:`fold`): full-width and ASCII punctuation unified, exotic spaces made
plain and traditional characters mapped to simplified, one character for one character, so that offsets
are shared with the display text. :mod:`zhengce.text.normalise` re-exports both names.
"""

from __future__ import annotations

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


class _FoldTable(dict[int, str]):
    """Every character seen so far → its folded form (itself when unchanged). A character seen for the first
    time is folded by ``__missing__``; ``str.translate`` then never meets a missing key (a KeyError per
    unchanged character made fold five times slower)."""

    def __missing__(self, code: int) -> str:
        mapped = _fold_char(chr(code))
        self[code] = mapped
        return mapped


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The matching view of ``text``: same length, one character for one character."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=16)
def folded_text(text: str) -> str:
    """``fold`` of a whole display text, computed once: extractors slice it (fold is one-to-one)."""
    return fold(text)
