"""Segment: split a gazette issue or a policy page into its official documents.

A document (公文) starts at its header — issuer line, ``关于…的通知`` title (on one line with the
issuer or below it, wrapped over several lines or not), 发文字号 line, registration-code line,
主送 line ending with ``：`` — and ends where the next document's header starts. Tables of contents
and masthead text before the first header are front matter, and policy interpretations (解读) are
attached to the document they follow instead of being counted as documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .metadata import DOC_NUMBER, GENRES, REG_CODE, looks_like_issuer
from .normalise import DATE_LINE, LABEL_START, TERMINAL, fold

GENRE_END = re.compile(r"(?:的)?(?:" + "|".join(GENRES) + r")\s*$")
TITLE_START = re.compile(r"(?:关于|印发|转发|批转)")
DOCNO_ONLY = re.compile(rf"^\s*{DOC_NUMBER.pattern}\s*$")
REG_ONLY = re.compile(rf"^\s*{REG_CODE.pattern}\s*$")
INTERPRETATION = re.compile(
    r"^\s*(?:(?P<org>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:关于)?\s*(?:对)?\s*)?"
    r"(?P<title>《[^》]{2,120}》(?:\s*《[^》]{2,120}》)*)?\s*(?:的)?\s*(?:政策)?(?:文件)?解读\s*"
    r"(?P<title2>《.{2,160}》)?\s*$"
)
MASTHEAD = re.compile(r"^([\u4e00-\u9fff（）()\s]{2,40}?)\s*文\s*件$")
SIGNER = re.compile(r"^签\s*发\s*人\s*[:：]")
DATED = re.compile(r"^[(（]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^)）]{0,30}[)）]$")
RECIPIENT_END = re.compile(
    r"(?:政府|单位|部门|机构|委员会|管委会|局|办|区|县|市|镇|乡|街道|办事处|公司|院|校|处|室|会|中心|委|厅|场|所|队|团|行|社|"
    r"同志|群众|企业|村|社区|组|站|馆|部|署|园|人员|居民|个人|市民|户)$"
)
NOTICE_OPENERS = re.compile(r"^\s*(?:为|根据|按照|现将|经|依据|依照|近期|近年来|当前|《|各|下列|兹|鉴于)")


@dataclass(slots=True)
class Line:
    index: int
    start: int
    end: int
    text: str  # display text of the line
    key: str  # folded and stripped

    @property
    def blank(self) -> bool:
        return not self.key


@dataclass(slots=True)
class Header:
    start: int  # offset where the document starts (issuer line or title)
    end: int  # offset where the header ends (after 主送 or the last header line)
    issuer: str | None
    title_lines: list[Line]
    title: str
    number_line: Line | None = None
    reg_line: Line | None = None
    recipients_line: Line | None = None
    issuer_line: Line | None = None
    dated_line: Line | None = None
    first_line: int = 0  # index into lines
    last_line: int = 0


@dataclass(slots=True)
class Segment:
    header: Header
    start: int
    end: int
    interpretations: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, author, title
    headless: bool = False  # no notice header was recognised: the whole text is one document


PLAN_TITLE = re.compile(
    r"(?:方案|办法|意见|规定|细则|规划|计划|措施|清单|要点|纲要|制度|规则|条例|通知|通告|公告|决定|目录|指南|标准)"
    r"(?:[(（][^)）]{1,20}[)）])?$"
)


def _headless_header(lines: list[Line]) -> Header:
    """A text without a recognisable notice header: its title is the first title-like line, if any."""
    title_line = None
    for ln in lines[:60]:
        key = ln.key.strip("《》 ")
        if ln.blank or len(key) < 6 or len(key) > 80 or key[-1] in TERMINAL or re.search(r"[，,。；;:：|]", key):
            continue
        if PLAN_TITLE.search(key):
            title_line = ln
            break
    title = title_line.key.strip("《》 ") if title_line is not None else ""
    return Header(start=0, end=0, issuer=None, title_lines=[title_line] if title_line else [], title=title)


def split_lines(text: str, folded: str | None = None) -> list[Line]:
    folded = fold(text) if folded is None else folded
    out = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        out.append(Line(i, pos, end, raw, folded[pos:end].strip()))
        pos = end + 1
    return out


def _nonblank_after(lines: list[Line], i: int, limit: int) -> list[Line]:
    out = []
    j = i + 1
    while j < len(lines) and len(out) < limit:
        if not lines[j].blank:
            out.append(lines[j])
        j += 1
    return out


def _nonblank_before(lines: list[Line], i: int, limit: int) -> list[Line]:
    out = []
    j = i - 1
    while j >= 0 and len(out) < limit:
        if not lines[j].blank:
            out.append(lines[j])
        j -= 1
    return out


def _is_title_tail(key: str) -> bool:
    return bool(GENRE_END.search(key)) and len(key) <= 160 and not any(p in key for p in "。；;") \
        and not key.startswith(("《", "-"))


def _is_recipients(key: str) -> bool:
    if not key or key[-1] not in ":：" or len(key) > 300 or len(key) < 3:
        return False
    body = key.rstrip(":：")
    if re.search(r"[。；;《]", body) or (NOTICE_OPENERS.match(body) and not body.startswith("各")):
        return False
    parts = [p for p in re.split(r"[，,、\s]+", body) if p]
    if not parts or any(len(p) > 30 for p in parts):
        return False
    orgish = sum(1 for p in parts if RECIPIENT_END.search(p))
    return orgish >= max(1, 0.6 * len(parts))


def _split_issuer(key: str) -> tuple[str | None, str]:
    """'永州市人民政府办公室 关于…的通知' -> (issuer, title)."""
    m = TITLE_START.search(key)
    if m and m.start() > 0:
        prefix = key[: m.start()].strip()
        if looks_like_issuer(prefix):
            return re.sub(r"\s+", "", prefix), key[m.start() :].strip()
    parts = key.split(None, 1)
    if len(parts) == 2 and looks_like_issuer(parts[0]):
        return parts[0], parts[1]
    return None, key


def find_headers(lines: list[Line]) -> list[Header]:
    headers: list[Header] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.blank or not _is_title_tail(line.key):
            i += 1
            continue
        header = _header_at(lines, i)
        if header is None:
            i += 1
            continue
        if headers and header.start < headers[-1].end:
            i += 1
            continue
        headers.append(header)
        i = header.last_line + 1
    return headers


def _header_at(lines: list[Line], i: int) -> Header | None:
    # gather the wrapped title upwards until the line with 关于/印发 (or an issuer prefix)
    title_lines = [lines[i]]
    if not TITLE_START.search(lines[i].key):
        for prev in _nonblank_before(lines, i, 4):
            if prev.key[-1] in TERMINAL or len(prev.key) > 80 or DATE_LINE.match(prev.key) \
                    or DOCNO_ONLY.match(prev.key) or LABEL_START.match(prev.key):
                return None
            title_lines.insert(0, prev)
            if TITLE_START.search(prev.key):
                break
        else:
            return None
        if not TITLE_START.search(title_lines[0].key):
            return None
    joined = "".join(t.key for t in title_lines)
    issuer, title = _split_issuer(title_lines[0].key)
    title = title + "".join(t.key for t in title_lines[1:]) if issuer is not None else joined
    if len(re.sub(r"\s+", "", title)) < 6 or not TITLE_START.match(re.sub(r"^\s+", "", title)):
        return None
    issuer_line = None
    if issuer is None:
        before = _nonblank_before(lines, title_lines[0].index, 1)
        if before and looks_like_issuer(before[0].key) and not DATE_LINE.match(before[0].key):
            issuer_line = before[0]
            issuer = re.sub(r"\s+", "", before[0].key)
    # GB/T 9704 red-header layout: 发文机关标志 (…文件) and 发文字号 printed above the title
    number_line = reg_line = recipients_line = None
    first = issuer_line or title_lines[0]
    for prev in _nonblank_before(lines, first.index, 3):
        if number_line is None and DOCNO_ONLY.match(prev.key):
            number_line = first = prev
        elif MASTHEAD.match(prev.key) or SIGNER.match(prev.key):
            first = prev
            masthead = MASTHEAD.match(prev.key)
            if issuer is None and masthead and looks_like_issuer(masthead.group(1)):
                issuer = re.sub(r"\s+", "", masthead.group(1))
        else:
            break
    # what follows the title decides whether this is a header
    after = _nonblank_after(lines, i, 5)
    last = lines[i]
    dated_line = None
    for nxt in after:
        if dated_line is None and DATED.match(nxt.key):
            dated_line = last = nxt  # (2023年3月15日) printed under the title
            continue
        if number_line is None and DOCNO_ONLY.match(nxt.key):
            number_line = last = nxt
            continue
        if reg_line is None and REG_ONLY.match(nxt.key):
            reg_line = last = nxt
            continue
        if recipients_line is None and _is_recipients(nxt.key):
            recipients_line = last = nxt
            break
        break
    if number_line is None and reg_line is None and recipients_line is None and last is lines[i]:
        # 通告 and similar documents without number or 主送: title, then the body opens
        following = after[0] if after else None
        if not (issuer and following and NOTICE_OPENERS.match(following.key) and len(following.key) > 30):
            return None
    start_line = first
    return Header(
        start=start_line.start,
        end=last.end,
        issuer=issuer,
        title_lines=title_lines,
        title=title,
        number_line=number_line,
        reg_line=reg_line,
        recipients_line=recipients_line,
        issuer_line=issuer_line,
        dated_line=dated_line,
        first_line=start_line.index,
        last_line=last.index,
    )


def find_interpretations(lines: list[Line], start_index: int, end_index: int) -> list[tuple[int, str, str]]:
    """(line index, author, title) of every interpretation heading between two line indexes."""
    out = []
    for j in range(start_index, end_index):
        line = lines[j]
        if line.blank or "解读" not in line.key or len(line.key) > 200:
            continue
        m = INTERPRETATION.match(line.key)
        if not m:
            continue
        author = (m.group("org") or "").strip()
        title = m.group("title") or m.group("title2") or ""
        if not title:
            nxt = _nonblank_after(lines, j, 1)
            if nxt and nxt[0].key.startswith("《") and len(nxt[0].key) < 120:
                title = nxt[0].key
        if author and not looks_like_issuer(author) and not title:
            continue
        if not author and not title:
            continue
        out.append((j, author, title))
    return out


def segment(text: str, folded: str | None = None) -> tuple[list[Line], list[Segment]]:
    lines = split_lines(text, folded)
    headers = find_headers(lines)
    segments: list[Segment] = []
    for k, header in enumerate(headers):
        end_index = headers[k + 1].first_line if k + 1 < len(headers) else len(lines)
        end = headers[k + 1].start if k + 1 < len(headers) else len(text)
        seg = Segment(header, header.start, end)
        interp = find_interpretations(lines, header.last_line + 1, end_index)
        for m, (j, author, title) in enumerate(interp):
            i_start = lines[j].start
            i_end = lines[interp[m + 1][0]].start if m + 1 < len(interp) else end
            seg.interpretations.append((i_start, i_end, author, title))
        segments.append(seg)
    if not segments and text.strip():
        segments.append(Segment(_headless_header(lines), 0, len(text), headless=True))
    return lines, segments
