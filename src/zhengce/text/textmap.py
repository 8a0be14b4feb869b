"""Edited text that remembers where every character came from.

The reader hands the rest of the pipeline a *display* text: the published text with page-break
artefacts repaired. Every repair is an edit (delete a span, replace a span) of the original, and
:class:`MappedText` keeps enough to map any offset of the display text back to the original, so
that every extracted fact links back to the characters it was read from.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``original[start:end]`` by ``replacement`` (empty replacement = deletion)."""

    start: int
    end: int
    replacement: str = ""
    reason: str = ""


class MappedText:
    """A text produced from ``original`` by non-overlapping edits, with an offset map back."""

    __slots__ = ("_orig_starts", "_out_starts", "_verbatim", "edits", "original", "text")

    def __init__(self, original: str, edits: Iterable[Edit] = ()) -> None:
        self.original = original
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        kept: list[Edit] = []
        last_end = 0
        for edit in ordered:
            if edit.start < last_end or edit.end < edit.start or edit.end > len(original):
                continue  # overlapping or out of range: the first edit of a region wins
            kept.append(edit)
            last_end = edit.end
        self.edits = tuple(kept)
        pieces: list[str] = []
        out_starts: list[int] = []
        orig_starts: list[int] = []
        verbatim: list[bool] = []
        pos = 0
        out = 0
        for edit in kept:
            if edit.start > pos:
                out_starts.append(out)
                orig_starts.append(pos)
                verbatim.append(True)
                pieces.append(original[pos : edit.start])
                out += edit.start - pos
            if edit.replacement:
                out_starts.append(out)
                orig_starts.append(edit.start)
                verbatim.append(False)
                pieces.append(edit.replacement)
                out += len(edit.replacement)
            pos = edit.end
        if pos < len(original) or not out_starts:
            out_starts.append(out)
            orig_starts.append(pos)
            verbatim.append(True)
            pieces.append(original[pos:])
        self.text = "".join(pieces)
        self._out_starts = out_starts
        self._orig_starts = orig_starts
        self._verbatim = verbatim

    def to_original(self, offset: int) -> int:
        """Map an offset of :attr:`text` to the offset of :attr:`original` it was read from."""
        if offset <= 0:
            return 0
        if offset >= len(self.text):
            return len(self.original)
        i = bisect_right(self._out_starts, offset) - 1
        delta = offset - self._out_starts[i]
        if self._verbatim[i]:
            return self._orig_starts[i] + delta
        return self._orig_starts[i]  # inside a replacement: the start of the replaced span

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


class LineIndex:
    """1-based line numbers for offsets of one text, by binary search over its newlines."""

    __slots__ = ("_newlines",)

    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self._newlines, offset - 1) + 1
