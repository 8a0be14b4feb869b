"""A title as a header prints it: wrapped over lines up to the line with 关于/印发, opening on the line above
(issuers and verb, …关于转发…, …关于), the issuers printed above it and a fuller issuer line — the part of
``headers`` that reads the title block itself; ``headers`` reads the lines around it.
"""

from __future__ import annotations

import re

from zhengce.parse.lines import Line, nonblank_before
from zhengce.parse.metadata import canonical_issuer, issuer_parts
from zhengce.parse.titles import title_end, title_lead, title_start
from zhengce.text.lexicon import DOC_NUMBER
from zhengce.text.normalise import DATE_LINE, LABEL_START, TERMINAL, strip_wrap_spaces

DOCNO_ONLY = re.compile(rf"^\s*{DOC_NUMBER.pattern}\s*$")
VERB_END = re.compile(r"(?:印发|转发|批转)$")


def _shown_parts(line: Line, a: int, b: int) -> list[str] | None:
    return issuer_parts(line.shown(a, b))


def wrapped_title(lines: list[Line], i: int, tail_end: int, skip: set[int] | frozenset[int]
                   ) -> tuple[list[Line], int, list[str] | None] | None:
    """The lines of a title that ends on line ``i``, gathered upwards to the line with 关于/印发 (or an issuer
    prefix), with where the title starts on its first line and the issuers printed before it."""
    title_lines = [lines[i]]
    start = title_start(lines[i].key[:tail_end])
    if start is None:
        for prev in nonblank_before(lines, i, 4):
            if prev.index in skip or prev.key[-1] in TERMINAL or len(prev.key) > 80 or DATE_LINE.match(prev.key) \
                    or DOCNO_ONLY.match(prev.key) or LABEL_START.match(prev.key):
                return None
            title_lines.insert(0, prev)
            start = title_start(prev.key)
            if start is not None:
                break
        else:
            return None
    return title_lines, start[0], start[1]


def _line_above(lines: list[Line], line: Line, skip: set[int] | frozenset[int]) -> Line | None:
    above = nonblank_before(lines, line.index, 1)
    return above[0] if above and above[0].index not in skip else None


def _issuers_and_verb_above(above: Line) -> tuple[int, list[str] | None] | None:
    """'X人民政府 Y人民法院印发' wrapped above '关于…的意见的通知': the title opens with that verb."""
    verb = VERB_END.search(above.key) if len(above.key) <= 80 else None
    if verb is None or issuer_parts(above.key[: verb.start()]) is None:
        return None
    return verb.start(), _shown_parts(above, 0, verb.start())


def _forwarding_above(above: Line) -> tuple[int, list[str] | None] | None:
    """'X办公室关于转发Y' wrapped above '关于…的通知': the title opens on the line above, with what it forwards."""
    if len(above.key) > 80 or above.key[-1] in TERMINAL or not re.search(r"转发|批转|印发", above.key) \
            or title_end(above.key) is not None:
        return None
    up = title_start(above.key)
    if up is None:
        return None
    t_start, parts = up
    return t_start, (_shown_parts(above, title_lead(above.key[:t_start]), t_start) if parts is not None else None)


def _about_above(above: Line) -> tuple[int, list[str] | None] | None:
    """'X人民政府关于' wrapped right after 关于, above '印发…的通知': the title opens with that 关于."""
    if len(above.key) > 60 or not above.key.endswith("关于") or issuer_parts(above.key[:-2]) is None:
        return None
    t_start = len(above.key) - 2
    return t_start, _shown_parts(above, title_lead(above.key[:t_start]), t_start)


def title_opening(lines: list[Line], title_lines: list[Line], t_start: int, parts: list[str] | None,
                   skip: set[int] | frozenset[int]) -> tuple[int, list[str] | None]:
    """Where the title opens when its first words were wrapped onto the line above (that line joins
    ``title_lines``), and its issuers as printed."""
    if parts is not None:
        parts = _shown_parts(title_lines[0], title_lead(title_lines[0].key[:t_start]), t_start)
    for opening in (_issuers_and_verb_above, _forwarding_above, _about_above):
        if parts is not None or title_lines[0].key[:t_start].strip():
            break
        above = _line_above(lines, title_lines[0], skip)
        found = opening(above) if above is not None else None
        if found is not None:
            title_lines.insert(0, above)
            t_start, parts = found
    return t_start, parts


def printed_title(title_lines: list[Line], t_start: int, tail_end: int) -> str:
    """The printed title: from the title word to the genre (and qualifier), lines joined."""
    first_title = title_lines[0]
    if len(title_lines) == 1:
        title = first_title.shown(t_start, tail_end)
    else:
        title = first_title.shown(t_start) + "".join(t.shown() for t in title_lines[1:-1]) \
            + title_lines[-1].shown(0, tail_end)
    return strip_wrap_spaces(title)


def issuers_above(lines: list[Line], first_title: Line, skip: set[int] | frozenset[int]
                 ) -> tuple[Line | None, list[str] | None]:
    """The line(s) of issuers printed above a title that names none (joint issuers one a line), and the issuers."""
    top, parts, before = None, None, _line_above(lines, first_title, skip)
    while before is not None and not DATE_LINE.match(before.key) and issuer_parts(before.key) is not None \
            and "×" not in before.key and (top is None or len(parts or []) < 4):
        top, parts = before, (_shown_parts(before, 0, len(before.key)) or []) + (parts or [])
        before = _line_above(lines, before, skip)
    return top, parts


def fuller_above(lines: list[Line], first_title: Line, parts: list[str], skip: set[int] | frozenset[int]
                  ) -> str | None:
    """The issuer's full name on its own line above a title naming it short (a law database's issuer line)."""
    before = _line_above(lines, first_title, skip)
    if before is not None and DOCNO_ONLY.match(before.key):
        before = _line_above(lines, before, skip)  # (a database prints the 文号 between issuer line and title)
    named = issuer_parts(before.key) if before is not None and len(parts) == 1 else None
    if not named or len(named) != 1:
        return None
    full, short = canonical_issuer(named[0]), canonical_issuer(parts[0])
    return before.shown() if len(full) > len(short) and full.endswith(short) else None  # type: ignore[union-attr]
