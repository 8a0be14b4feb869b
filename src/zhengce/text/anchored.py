"""Anchored patterns: a grammar tried only where a cheap anchor says a match may start.

Python's ``re`` tries a pattern at every position of the text unless the pattern opens with a literal or a
class of characters; a grammar that opens with an optional lead-in (``(?:到|至|力争)?\\d{4}年底``) or a
look-behind is therefore tried, and backtracks, at each of the million characters of a long gazette. Most
of the grammars of the extractors have a rare, fixed core instead (``年底``, ``〔2024〕``, ``个工作日内``)
that a pattern with a literal head finds at C speed. :class:`Anchored` runs the grammar only at the
positions just before each place where that core (the *anchor*) matches, and gives exactly the matches of
``pattern.finditer``: same spans, same groups, same order.

What makes it exact is a promise about the grammar: every match of ``pattern`` contains a place where
``anchor`` matches and, before that place, at most ``back`` characters that are not white space (white
space is not counted: a grammar with ``\\s*`` may stretch over any amount of it). Positions further back
cannot start a match and are skipped; every other position is tried, in order, with ``pattern.match`` (look-
behinds see the text before it, as in ``finditer``). ``tests/text/test_anchored.py`` checks the promise of
every anchored grammar against ``finditer`` on the sample gazettes and on random text made of the grammar's
own characters; a rule changed so that the promise no longer holds fails there.

Texts shorter than ``short`` characters go straight to ``finditer``: there the few positions are cheaper to
try than to look for. That is only a few words: on the 504 task texts of the samples (82,000 characters, the
deadline forms) anchoring from 200 characters on took 8.2 ms, from 30 on 3.4 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["ANCHORED", "Anchored"]

ANCHORED: list[Anchored] = []  # every anchored grammar made, for the test of their promises
_SPACE = re.compile(r"\s")  # what str.isspace tells (both are Py_UNICODE_ISSPACE)


class Anchored:
    """``pattern``, tried only within ``back`` non-space characters before a match of ``anchor``."""

    __slots__ = ("anchor", "back", "pattern", "short")

    def __init__(self, pattern: re.Pattern[str], anchor: str, back: int, short: int = 32) -> None:
        self.pattern = pattern
        self.anchor = re.compile(anchor)
        self.back = back
        self.short = short
        ANCHORED.append(self)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text)``, found from the anchors."""
        if len(text) < self.short:
            yield from self.pattern.finditer(text)
            return
        match, find, back, isspace = self.pattern.match, self.anchor.search, self.back, str.isspace
        space = _SPACE.search
        pos = 0  # every position before this one was tried or lies inside a match
        at = find(text)
        while at is not None:
            s = at.start()
            lo, n = max(pos, s - back), back
            if lo == s or space(text, lo, s) is not None:  # white space among the last ``back``: count them
                lo, n = s, 0
            while lo > pos:  # (without: the ``back`` characters are counted at once, spaces before them go on)
                if isspace(text[lo - 1]):
                    lo -= 1
                elif n < back:
                    n += 1
                    lo -= 1
                else:
                    break
            p = max(lo, pos)
            while p <= s:
                m = match(text, p)
                if m is None:
                    p += 1
                    continue
                yield m
                p = max(m.end(), p + 1)
                pos = p
            pos = max(pos, s + 1)
            at = find(text, pos)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``: the first match."""
        return next(self.finditer(text), None)
