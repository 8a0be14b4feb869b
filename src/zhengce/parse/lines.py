"""Lines: a text cut into lines (display text, folded key, offsets), the non-blank lines around one, and the
lines of web chrome or page metadata that never count (dates, sources, counters, print controls).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from zhengce.text.normalise import fold

# lines a web page prints between a title and the rest of the header: dates, sources, counters, font and print
# controls; never a confirmation of a header, never a reason to reject one
META_LINE = re.compile(
    r"^[\[(]?\s*(?:发布日期|发布时间|上载日期|更新日期|更新时间|发文日期|成文日期|公开日期|日期|时间|来源|信息来源|文章来源|"
    r"作者|浏览|浏览量|浏览次数|访问次数|访问量|点击|点击数|点击量|阅读|阅读次数|字号|字体|分享|打印|【字体)\s*[\])]?\s*(?::|$|\s)"
)
CHROME_WORDS = re.compile(
    r"^(?:[\[(]?\s*(?:打印|打印本页|打印整页|打印内容|关闭|关闭窗口|分享|分享到|收藏|纠错|我要纠错|返回|返回顶部|字号|字体|大|中|小|"
    r"默认|语音|朗读|语音阅读|正文|下载|点击此处下载|下载地址|扫一扫|微信|微博)\s*[\])]?\s*[:：]?\s*)+$"
)
DATE_STAMP = re.compile(
    r"^(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*"
    r"(?:$|来源|作者|浏览|发布|信息来源|字号|字体|\|)"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class Line:
    index: int
    start: int
    end: int
    text: str  # display text of the line
    key: str  # folded and stripped
    lead: int = 0  # where ``key`` starts inside ``text``

    @property
    def blank(self) -> bool:
        return not self.key

    def shown(self, a: int = 0, b: int | None = None) -> str:
        """The printed characters of ``key[a:b]`` (traditional characters, 〈〉 and full-width marks kept)."""
        end = len(self.key) if b is None else b
        return self.text[self.lead + a : self.lead + end]


def split_lines(text: str, folded: str | None = None) -> list[Line]:
    folded = fold(text) if folded is None else folded
    raws, keys = text.split("\n"), folded.split("\n")
    if len(keys) != len(raws):  # pragma: no cover - fold keeps every character, line breaks included
        keys = []
        pos = 0
        for raw in raws:
            keys.append(folded[pos : pos + len(raw)])
            pos += len(raw) + 1
    out = []
    pos = 0
    for i, (raw, line_folded) in enumerate(zip(raws, keys, strict=True)):  # one split of each, not a slice a line
        end = pos + len(raw)
        key = line_folded.strip()
        out.append(Line(i, pos, end, raw, key, len(line_folded) - len(line_folded.lstrip())))
        pos = end + 1
    return out


def nonblank_after(lines: list[Line], i: int, limit: int) -> list[Line]:
    out: list[Line] = []
    if limit <= 0:
        return out
    for ln in itertools.islice(lines, max(i + 1, 0), None):  # (a line's key is empty when it is blank)
        if ln.key:
            out.append(ln)
            if len(out) == limit:
                break
    return out


def nonblank_from(lines: list[Line], i: int) -> Iterator[Line]:
    """The non-blank lines after line ``i``, one at a time: for a reader that stops at the first that is not
    its own (what :func:`nonblank_after` gives, without building the list of those it never looks at)."""
    for ln in itertools.islice(lines, max(i + 1, 0), None):
        if ln.key:
            yield ln


def nonblank_before(lines: list[Line], i: int, limit: int) -> list[Line]:
    out: list[Line] = []
    if limit <= 0:
        return out
    for j in range(i - 1, -1, -1):
        ln = lines[j]
        if ln.key:
            out.append(ln)
            if len(out) == limit:
                break
    return out


def skippable(key: str) -> bool:
    """A line of web chrome or page metadata (date, source, counters, print controls, a row of bars)."""
    if not key:
        return True
    if not CJK.search(key):
        return len(key) < 80
    return bool(META_LINE.match(key) or CHROME_WORDS.match(key) or DATE_STAMP.match(key))
