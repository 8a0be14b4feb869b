"""Literal HTML markup that a document's text carries from a web copy (``</p> <p>`` pasted as text): hidden where
the text is shown (snippets, clause text), never taken out of the stored text, whose offsets the extractors'
spans and the score's gold refer to."""

from __future__ import annotations

import re

# the markup of a web page's body text: paragraphs, line breaks, inline styles, tables, lists, links
_TAGS = r"(?:p|br|div|span|font|strong|b|i|u|em|center|section|article|table|tbody|thead|tr|td|th|ul|ol|li|a|img|hr" \
        r"|h[1-6]|sup|sub)"
TAG = re.compile(rf"</?{_TAGS}(?:\s[^<>]*)?/?>", re.IGNORECASE)
ESCAPED_TAG = re.compile(rf"&lt;/?{_TAGS}(?:\s(?:(?!&[lg]t;)[^<>])*)?/?&gt;", re.IGNORECASE)
_ENTITY = re.compile(r"&nbsp;|&#160;", re.IGNORECASE)
_ESCAPED_ENTITY = re.compile(r"&amp;nbsp;|&amp;#160;", re.IGNORECASE)
_RUN = re.compile(r"[ \t]{2,}")


def untag(text: str) -> str:
    """``text`` as a reader sees it: each tag a space, ``&nbsp;`` a space, runs of spaces one."""
    if "<" not in text and "&" not in text:
        return text
    return _RUN.sub(" ", _ENTITY.sub(" ", TAG.sub(" ", text)))


def untag_escaped(marked: str) -> str:
    """:func:`untag` of HTML that was escaped from such text (a snippet with its hits in ``<mark>``)."""
    if "&lt;" not in marked and "&amp;" not in marked:
        return marked
    return _RUN.sub(" ", _ESCAPED_ENTITY.sub(" ", ESCAPED_TAG.sub(" ", marked)))
