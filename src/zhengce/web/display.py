"""Text a reader should not see as stored: the template filter ``untag`` (a web copy's literal HTML tags in
clause text, :mod:`zhengce.library.webcopy`) and ``own_name`` (a source's file name only when it is a name a
person gave it, not one a crawler or a store made of serial numbers and hashes; the document page's 来源文件)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from jinja2 import Environment

from zhengce.library.webcopy import untag

__all__ = ["add_filters", "own_name"]

# a stem of serial numbers, hashes (8+ hex digits) and separators: 004_f03aab842b649483, 3f2a…-…, 20240101_0007
_MADE = re.compile(r"(?=.*(?:[0-9a-f]{8,}|^[\d_\-. ]+$))[0-9a-f_\-. ]+", re.IGNORECASE)


def own_name(name: str | None) -> str:
    """``name`` when it says something to a reader (a title, a web address), "" for a machine-made file name."""
    if not name:
        return ""
    if name.startswith(("http://", "https://")):
        return name
    stem = PurePosixPath(name.replace("\\", "/")).stem
    return "" if not stem or _MADE.fullmatch(stem) else name


def add_filters(env: Environment) -> None:
    env.filters["untag"] = untag
