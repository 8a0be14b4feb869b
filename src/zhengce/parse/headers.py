"""Headers: a document's header around its title — issuer line, title wrapped over lines, 发文字号, 登记号,
masthead (…文件) and 主送 line — and the headers of a text in order (a page's own title above the document's,
the plan a notice issues, are not documents of their own).
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_right
from dataclasses import dataclass

from zhengce.parse.lines import Line, nonblank_before, nonblank_from, skippable
from zhengce.parse.metadata import GENRES, issuer_parts
from zhengce.parse.titleblock import (
    DOCNO_ONLY,
    VERB_END,  # noqa: F401  (moved with the title block; still importable from here)
    fuller_above,
    issuers_above,
    printed_title,
    title_opening,
    wrapped_title,
)
from zhengce.parse.titles import QUALIFIER, TITLE_START, leading_number, numbered_title_start, title_end
from zhengce.parse.titles import title_lead as title_lead_of
from zhengce.text.lexicon import DATE_ANY, DOC_NUMBER, DOC_NUMBER_DAMAGED, REG_CODE
from zhengce.text.normalise import DATE_LINE, LABEL_START, fold, squash

# the 发文字号 in brackets under the title, alone or with the date (gazette style): (X府办〔2004〕10号 二○○四年三月一日)
DOCNO_BRACKETED = re.compile(rf"^\s*[(\[]\s*{DOC_NUMBER.pattern}\s*(?:{DATE_ANY})?\s*[)\]]\s*$")
# the 发文字号 and the date on one line under the title (gazette style): X府发〔2011〕8号 二○一一年三月十七日, or the
# date in brackets after it
DOCNO_DATED = re.compile(rf"^\s*{DOC_NUMBER.pattern}(?:\s+(?:{DATE_ANY})|\s*\(\s*(?:{DATE_ANY})\s*\))\s*$")
DOCNO_DAMAGED_ONLY = re.compile(rf"^\s*{DOC_NUMBER_DAMAGED.pattern}\s*$")


REG_ONLY = re.compile(rf"^\s*{REG_CODE.pattern}\s*$")


MASTHEAD = re.compile(r"^([\u4e00-\u9fff（）()\s]{2,40}?)\s*文\s*件$")
SIGNER = re.compile(r"^签\s*发\s*人\s*[:：]")
DATED = re.compile(r"^[(（]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^)）]{0,30}[)）]$")
# a 决议's passage note printed under its title without brackets (一九五○年一月十日通过 一九五○年二月九日…批准)
PASSED_NOTE = re.compile(
    rf"^(?:(?:{DATE_ANY})(?:[^,，。;；\s“”]{{0,30}}?(?:会议|委员会|大会|会))?(?:通过|批准)\s*){{1,2}}"
)
RECIPIENT_END = re.compile(
    r"(?:政府|单位|部门|机构|委员会|管委会|局|办|区|县|市|镇|乡|街道|办事处|公司|院|校|处|室|会|中心|委|厅|场|所|队|团|行|社|"
    r"同志|群众|企业|村|社区|组|站|馆|部|署|园|人员|居民|个人|市民|户)$"
)
NOTICE_OPENERS = re.compile(r"^\s*(?:为|根据|按照|现将|经|依据|依照|近期|近年来|当前|《|各|下列|兹|鉴于)")


@dataclass(slots=True)
class Header:
    start: int  # offset where the document starts (issuer line or title)
    end: int  # offset where the header ends (after 主送 or the last header line)
    issuer: str | None
    title_lines: list[Line]
    title: str
    number_line: Line | None = None
    issuer_parts: list[str] | None = None  # joint issuers as printed
    label: str | None = None  # a status label the page prints after the title: 有效, 失效, …
    number_text: str | None = None  # a 文号 printed on the title line itself
    masthead_issuer: str | None = None  # the body named in the masthead (…文件)
    recovered: str | None = None  # how a header was read from a damaged form (a warning for the document)
    borrowed: str | None = None  # a notice printed without a title, named after the plan it issues: the warning
    reg_line: Line | None = None
    recipients_line: Line | None = None
    issuer_line: Line | None = None
    dated_line: Line | None = None
    first_line: int = 0  # index into lines
    last_line: int = 0


# compiled once: asked of every line that ends with a colon, of every pair of headers
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_RECIPIENT_GAP = re.compile(r"[，,、\s]+")
_TITLE_MARKS = re.compile("[《》〈〉]")


def is_recipients(key: str) -> bool:
    if not key or key[-1] not in ":：" or len(key) > 300 or len(key) < 3:
        return False
    body = key.rstrip(":：")
    if re.search(r"[。；;《]", body) or (NOTICE_OPENERS.match(body) and not body.startswith("各")):
        return False
    parts = [_TRAILING_NOTE.sub("", p) or p for p in _RECIPIENT_GAP.split(body) if p]  # 各镇(街道)
    if not parts or any(len(p) > 30 for p in parts):
        return False
    orgish = sum(1 for p in parts if RECIPIENT_END.search(p))
    return orgish >= max(1, 0.6 * len(parts))


def number_kind(key: str) -> str | None:
    """'number' for a line that is a 发文字号 (bare or in brackets under the title), 'damaged' for one that lost
    a bracket or its 号, else None."""
    if DOCNO_ONLY.match(key) or DOCNO_BRACKETED.match(key) or DOCNO_DATED.match(key):
        return "number"
    if DOCNO_DAMAGED_ONLY.match(key) and len(key) <= 24:
        return "damaged"
    return None


# every title names its genre (titles.GENRE_END is built from the same words): a line without one never ends a title
_GENRE_WORD = re.compile("|".join(map(re.escape, GENRES)))


def title_candidates(lines: list[Line]) -> list[int]:
    """The indexes of the lines that hold a genre word, in order: the only ones that can end a title
    (``title_end``). One search over the joined lines instead of a test of each line."""
    keys = [ln.key for ln in lines]
    joined = "\n".join(keys)
    # offset just past each line's newline in ``joined`` (sums in C: no Python step a line)
    ends = list(map(operator.add, itertools.accumulate(map(len, keys)), itertools.count(1)))
    out: list[int] = []
    m = _GENRE_WORD.search(joined)
    while m is not None:
        k = bisect_right(ends, m.start())
        out.append(k)
        m = _GENRE_WORD.search(joined, ends[k]) if k + 1 < len(ends) else None  # on from the next line
    return out


def find_headers(lines: list[Line], skip: set[int] | frozenset[int] = frozenset()) -> list[Header]:
    headers: list[Header] = []
    i = 0  # the next line a header may end on
    for j in title_candidates(lines):
        if j < i or j in skip or title_end(lines[j].key) is None:
            continue
        header = _header_at(lines, j, skip)
        if header is None:
            continue
        prev = headers[-1] if headers else None
        if prev is not None and _same_title(prev, header) and _no_body_between(lines, prev, header, skip) \
                and prev.masthead_issuer and prev.number_line is not None:
            i = header.last_line + 1  # a red header, then a site's headline repeating its title: the red header
            continue
        if prev is not None and _same_title(prev, header) and _no_body_between(lines, prev, header, skip):
            # a page prints its title (and metadata) above the document's own header: one document
            header.number_line = header.number_line or prev.number_line
            header.issuer_parts = header.issuer_parts or prev.issuer_parts
            header.issuer = header.issuer or prev.issuer
            headers[-1] = header
            i = header.last_line + 1
            continue
        if prev is not None and header.start < prev.end:
            continue
        if prev is not None and _issued_by(prev, header) and (header.number_line is None or _forwards(prev)):
            i = header.last_line + 1  # the opinion or plan a notice issues is part of the notice
            continue
        headers.append(header)
        i = header.last_line + 1
    return headers


def _same_title(a: Header, b: Header) -> bool:
    return _TITLE_MARKS.sub("", squash(a.title)) == _TITLE_MARKS.sub("", squash(b.title))


def _no_body_between(lines: list[Line], a: Header, b: Header, skip: set[int] | frozenset[int]) -> bool:
    for j in range(a.last_line + 1, b.first_line):
        ln = lines[j]
        if ln.blank or j in skip or skippable(ln.key):
            continue
        if len(ln.key) > 60 or ln.key[-1] in "。；;":
            return False
    return True


def _issued_by(notice: Header, header: Header) -> bool:
    """A header whose title is what an earlier notice issues (印发…, 转发…, 批转…): part of that notice."""
    outer = squash(notice.title)
    inner = squash(header.title)
    return bool(re.search(r"印发|转发|批转", outer)) and len(inner) >= 6 and inner in outer and inner != outer


def _block_line(key: str) -> bool:
    """A short line of a metadata block a page prints between a title and its header (a key or a value):
    never a title, a number, a label, an issuer or a sentence."""
    if len(key) > 30 or re.search(r"[。；;，,]", key) or title_end(key) is not None or DOC_NUMBER.search(key):
        return False
    masthead = MASTHEAD.match(key)
    return not (LABEL_START.match(key) or (masthead and issuer_parts(masthead.group(1)))
                or issuer_parts(key) is not None or DATE_LINE.match(key))


def _after_bracketed(lines: list[Line], first: Line) -> bool:
    before = nonblank_before(lines, first.index, 1)
    return bool(before) and bool(DOCNO_BRACKETED.match(before[0].key))


def _forwards(notice: Header) -> bool:
    """A notice that forwards (转发, 批转) another body's document: the forwarded one is its attachment."""
    return bool(re.search(r"转发|批转", fold(notice.title)))


@dataclass(slots=True)
class _Frame:
    """The header lines around a title: above it (文号, 登记号, masthead) and below it (文号, date, 主送)."""
    first: Line
    last: Line
    number_line: Line | None = None
    reg_line: Line | None = None
    recipients_line: Line | None = None
    dated_line: Line | None = None
    following: Line | None = None  # the first line after the header that is not part of it
    masthead_issuer: str | None = None
    passed: bool = False  # a passage note under the title (…通过 …批准)


def _red_header(lines: list[Line], frame: _Frame, parts: list[str] | None) -> list[str] | None:
    """GB/T 9704 red-header layout: 发文机关标志 (…文件) and 发文字号 printed above the title; the issuers the
    masthead names when the title line named none."""
    for prev in nonblank_before(lines, frame.first.index, 3):
        if frame.number_line is None and number_kind(prev.key) and not DOCNO_BRACKETED.match(prev.key):
            frame.number_line = frame.first = prev  # (a 文号 in brackets belongs to the title above it)
        elif frame.reg_line is None and REG_ONLY.match(prev.key):
            frame.reg_line = frame.first = prev  # a registration code printed above the 文号 (red-header layout)
        elif MASTHEAD.match(prev.key) or SIGNER.match(prev.key):
            frame.first = prev
            masthead = MASTHEAD.match(prev.key)
            named = issuer_parts(prev.shown(0, masthead.end(1))) if masthead else None
            if named:
                frame.masthead_issuer = "、".join(re.sub(r"\s+", "", p) for p in named)
                parts = parts or named
        else:
            break
    return parts


def _below_title(lines: list[Line], i: int, frame: _Frame, skip: set[int] | frozenset[int]) -> None:
    """The header lines under the title (date, 文号, 登记号, 主送) and the first line that follows them."""
    skipped = 0
    for nxt in itertools.islice(nonblank_from(lines, i), 16):  # (most headers end within a few lines)
        if frame.dated_line is None and DATED.match(nxt.key):
            frame.dated_line = frame.last = nxt  # (2023年3月15日) printed under the title
            continue
        if frame.number_line is None and number_kind(nxt.key):
            frame.number_line = frame.last = nxt
            if (DOCNO_BRACKETED.match(nxt.key) or DOCNO_DATED.match(nxt.key)) and re.search(DATE_ANY, nxt.key):
                frame.dated_line = nxt
            continue
        if frame.reg_line is None and REG_ONLY.match(nxt.key):
            frame.reg_line = frame.last = nxt
            continue
        passed = PASSED_NOTE.match(nxt.key) if not frame.passed else None
        if passed is not None:
            frame.passed = True  # the note confirms the header (it dates the passing, not a signature)
            if passed.end() == len(nxt.key):
                frame.last = nxt
                continue  # (else the body was glued to it: the body opens on this line)
        if frame.recipients_line is None and is_recipients(nxt.key):
            frame.recipients_line = frame.last = nxt
            break
        if nxt.index in skip or skippable(nxt.key) or _block_line(nxt.key):
            skipped += 1
            if skipped > 12:
                break
            continue
        frame.following = nxt
        break


def _confirmed(lines: list[Line], i: int, frame: _Frame, title: str, parts: list[str] | None) -> bool:
    """What follows the title decides whether this is a header."""
    following = frame.following
    unlabelled = frame.recipients_line is None and frame.reg_line is None
    # a list of titles with their numbers (contents, related documents): the next line is another title
    if unlabelled and following is not None and title_end(following.key) \
            and not (frame.masthead_issuer and frame.number_line is not None):  # (a red header is one)
        return False
    if unlabelled and frame.number_line is not None and DOCNO_BRACKETED.match(frame.number_line.key) \
            and (following is None or _after_bracketed(lines, frame.first)):
        return False
    # 通告 and similar documents without number or 主送: title, then the body opens
    return frame.passed or not (unlabelled and frame.number_line is None and frame.last is lines[i]
                and not (parts and following and NOTICE_OPENERS.match(following.key) and len(following.key) > 30)
                and not _announces_itself(title, following))


def _header_at(lines: list[Line], i: int, skip: set[int] | frozenset[int] = frozenset()) -> Header | None:
    """The header whose title ends on line ``i``, or None."""
    tail = title_end(lines[i].key)
    if tail is None:
        return None
    tail_end, label, tail_number = tail
    wrapped = wrapped_title(lines, i, tail_end, skip)
    numbered = _numbered(lines[i], tail_end) if wrapped is None and tail_number else None
    if numbered is not None:
        wrapped = [lines[i]], numbered[0], numbered[1]
    if wrapped is None:
        return None
    title_lines, t_start, parts = wrapped
    t_start, parts = title_opening(lines, title_lines, t_start, parts, skip)
    title = printed_title(title_lines, t_start, tail_end)
    if len(squash(title)) < (4 if numbered else 6) or not (numbered or TITLE_START.match(fold(title))):
        return None
    if re.search(r"《\s*》|××|XX", title):
        return None  # a blank form quoted in a document, not a document
    issuer_line = None
    if parts is None:
        issuer_line, parts = issuers_above(lines, title_lines[0], skip)
    frame = _Frame(first=issuer_line or title_lines[0], last=lines[i])
    if parts is not None:
        frame.masthead_issuer = fuller_above(lines, title_lines[0], parts, skip)
    parts = _red_header(lines, frame, parts)
    _below_title(lines, i, frame, skip)
    if not (_confirmed(lines, i, frame, title, parts) or (numbered and _opens_body(frame.following))):
        return None
    return Header(
        start=frame.first.start,
        end=frame.last.end,
        issuer="、".join(re.sub(r"\s+", "", p) for p in parts) if parts else None,
        title_lines=title_lines,
        title=title,
        number_line=frame.number_line,
        reg_line=frame.reg_line,
        recipients_line=frame.recipients_line,
        issuer_line=issuer_line,
        dated_line=frame.dated_line,
        first_line=frame.first.index,
        last_line=frame.last.index,
        issuer_parts=parts,
        label=label,
        number_text=tail_number or leading_number(title_lines[0].key),
        masthead_issuer=frame.masthead_issuer,
    )


NOTICE_GENRE = re.compile(r"(?:通告|公告)" + QUALIFIER + r"$")
ANNOUNCES = re.compile(r"(?:通告|公告)如下|特此(?:通告|公告)")


def _announces_itself(title: str, following: Line | None) -> bool:
    """A 通告 or 公告 printed without issuer, number or 主送 (quoted in a news page, say): its first paragraph
    opens as the genre does (为…, 根据…) and announces it (…通告如下)."""
    return (following is not None and bool(NOTICE_GENRE.search(fold(title))) and len(following.key) > 30
            and bool(NOTICE_OPENERS.match(following.key)) and bool(ANNOUNCES.search(following.key)))


def _numbered(line: Line, tail_end: int) -> tuple[int, list[str] | None] | None:
    """A title without 关于 that its line prints with its 文号 in brackets: where it starts, its issuers."""
    found = numbered_title_start(line.key[:tail_end])
    if found is None:
        return None
    t_start, parts = found
    return t_start, (issuer_parts(line.shown(title_lead_of(line.key), t_start)) if parts else None)


def _opens_body(following: Line | None) -> bool:
    """The paragraph under a numbered title opens as a notice's body does (为…, 根据…), at paragraph length."""
    return following is not None and len(following.key) > 30 and bool(NOTICE_OPENERS.match(following.key))
