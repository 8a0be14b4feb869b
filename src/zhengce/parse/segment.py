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

from zhengce.parse.headers import Header, find_headers, is_recipients, number_kind
from zhengce.parse.labels import label_of
from zhengce.parse.lines import Line, nonblank_after, nonblank_before, split_lines
from zhengce.parse.metadata import issuer_parts, looks_like_issuer
from zhengce.parse.titles import title_end, title_lead, title_start
from zhengce.text.lexicon import DOC_NUMBER
from zhengce.text.normalise import DATE_LINE, TERMINAL, fold, squash, strip_wrap_spaces

INTERPRETATION = re.compile(
    r"^\s*(?:(?P<org>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:关于)?\s*(?:对)?\s*)?"
    r"(?P<title>《[^》]{2,120}》(?:\s*《[^》]{2,120}》)*)?\s*(?:的)?\s*(?:政策)?(?:文件)?解读\s*"
    r"(?P<title2>《.{2,160}》)?\s*$"
)


@dataclass(slots=True)
class Segment:
    header: Header
    start: int
    end: int
    interpretations: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, author, title
    headless: bool = False  # no notice header was recognised: the whole text is one document


PLAN_TITLE = re.compile(
    r"(?P<word>方案|办法|意见|规定|细则|规划|计划|措施|清单|要点|纲要|制度|规则|条例|通知|通告|公告|决定|目录|指南|标准)"
    r"(?:[(（][^)）]{1,20}[)）])?$"
)
# an attachment's own label line (附件1, 附件2：): the title under it is the attachment's, not the document's
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?$")
LISTED = re.compile(r"^\d{1,2}\s*[.、]")  # 2.X方案: an item of the 附件 list under a notice
BORROWED = ("通知未印出自身标题，以所印发文件的标题称之 / the notice prints no title of its own: named after the plan "
            "it issues")
NOT_A_TITLE_PART = re.compile(r"[，,。；;:：|>?？!！\s]")
GLUED_RECIPIENTS = re.compile(r"(?<=[知告见定复函报法])各[^。；;!?]{1,200}[:：]")
TITLED_NUMBER = re.compile(rf"^\s*(?P<number>{DOC_NUMBER.pattern})\s*《(?P<title>.+)》\s*$")


def _title_line_header(ln: Line) -> Header | None:
    """A line that holds a whole notice title (with its issuers before it), or a 文号 followed by the title in
    《》: the header of a text whose header is otherwise not recognisable (a listing entry, a news page)."""
    key = ln.key
    m = TITLED_NUMBER.match(key)
    a, b = (m.start("title"), m.end("title")) if m else (0, len(key))
    tail = title_end(key[a:b])
    if tail is None and m is None:
        glued = GLUED_RECIPIENTS.search(key)  # …的通知各区人民政府： (the break after the title lost)
        if glued is not None:
            b = glued.start()
            tail = title_end(key[:b])
    if tail is None:
        return None
    start = title_start(key[a : a + tail[0]])
    if start is None:
        return None
    t_start, parts = start
    if parts is not None:
        parts = issuer_parts(ln.shown(a + title_lead(key[a : a + t_start]), a + t_start))
    title = strip_wrap_spaces(ln.shown(a + t_start, a + tail[0]))
    if len(squash(title)) < 6 or re.search(r"《\s*》|××", title):
        return None
    return Header(start=0, end=0, issuer="、".join(parts) if parts else None, title_lines=[ln], title=title,
                  issuer_parts=parts, label=tail[1], number_text=m.group("number") if m else tail[2])


def _number_and_issuer_below(header: Header, below: list[Line]) -> None:
    """A listing title whose header below it is cut (a law database prints the title again, truncated): the
    文号 printed on its own above the 主送 line, and the issuing body printed on its own line in between."""
    for k, ln in enumerate(below):
        if is_recipients(ln.key):
            break
        if header.number_line is None and header.number_text is None and number_kind(ln.key) \
                and k + 1 < len(below) and is_recipients(below[k + 1].key):
            header.number_line = ln
        elif header.issuer is None and header.masthead_issuer is None and looks_like_issuer(ln.key):
            header.masthead_issuer = ln.shown()


# a part of a line whose breaks became spaces: a PDF's text also spaces digits from characters, inside a 文号
# (珠府〔2018〕14 号) and a date (2018 年 2 月 13 日), which stay one part
_PIECE = re.compile(r"(?:\S|\s+(?=[号年月日])|(?<=[年月])\s+(?=\d))+")


def _virtual_lines(lines: list[Line], limit: int = 80) -> tuple[list[Line], list[int]]:
    """The first lines cut at runs of spaces: a header whose line breaks a page turned into spaces."""
    out: list[Line] = []
    real: list[int] = []
    for ln in lines[:limit]:
        pieces = list(_PIECE.finditer(ln.key))
        if len(ln.key) < 30 or len(pieces) < 2:
            out.append(Line(len(out), ln.start, ln.end, ln.text, ln.key, ln.lead))
            real.append(ln.index)
            continue
        for piece in pieces:
            a, b = ln.lead + piece.start(), ln.lead + piece.end()
            out.append(Line(len(out), ln.start + a, ln.start + b, ln.text[a:b], piece.group(), 0))
            real.append(ln.index)
    return out, real


def _headless_header(lines: list[Line], skip: set[int] | frozenset[int] = frozenset(),
                     meta_title: str | None = None) -> Header:
    """A text without a recognisable notice header: its title from a notice-title line, a header whose line
    breaks became spaces, the page's metadata, or a plan-title or 《…》 line; its issuer from the title line."""
    window = [ln for ln in lines[:80] if not ln.blank and ln.index not in skip]
    for k, ln in enumerate(window):
        header = _title_line_header(ln)
        if header is not None:
            _number_and_issuer_below(header, window[k + 1 : k + 8])
            return header
    virtual, real = _virtual_lines(lines)
    found = find_headers(virtual)
    if found:
        h = found[0]
        h.first_line, h.last_line = real[h.first_line], real[h.last_line]
        h.start = h.end = 0
        h.recovered = ("版头的换行已丢失，按空格拆分识别 / the header's line breaks were lost: read from the spaces "
                       "between its parts")
        return h
    # a 文号 printed on its own just above the 主送 line (a page that dropped the title above it)
    # (a page-metadata line too: the value of a key the page printed on the line above)
    near = [ln for ln in lines[:80] if not ln.blank][:12]
    number_line = next((ln for k, ln in enumerate(near) if number_kind(ln.key) and k + 1 < len(near)
                        and is_recipients(near[k + 1].key)), None)
    if meta_title:
        key = fold(meta_title).strip()
        start = title_start(key)
        if start is not None:
            parts = issuer_parts(meta_title.strip()[: start[0]]) if start[1] else None
            return Header(start=0, end=0, issuer="、".join(parts) if parts else None, title_lines=[],
                          title=strip_wrap_spaces(meta_title.strip()[start[0] :]), issuer_parts=parts,
                          number_line=number_line)
        return Header(start=0, end=0, issuer=None, title_lines=[], title=strip_wrap_spaces(meta_title),
                      number_line=number_line)
    k = next((k for k, ln in enumerate(window[:60]) if _plan_title_line(window, k)), None)
    if k is None:
        return Header(start=0, end=0, issuer=None, title_lines=[], title="", number_line=number_line)
    title_line = window[k]
    above = _title_begun_above(window, k)
    if number_line is None and above is None and k > 0 and number_kind(window[k - 1].key) == "number":
        number_line = window[k - 1]  # a rule printed alone under its 文号 (盐政发〔2017〕40号 / 盐池县人民政府工作规则)
    # under the notice's 主送 line or signature (signer, date) it is the plan the notice issues, not its own title
    signed = any(DATE_LINE.match(window[j].key) and looks_like_issuer(window[j - 1].key) for j in range(1, k))
    borrowed = BORROWED if signed or any(is_recipients(ln.key) for ln in window[:k]) else None
    if above is not None:  # a plan title wrapped over two lines: 某区国民经济和社会发展 / 第十四个五年规划纲要
        issuer, parts, first = _untagged_title(above)
        return Header(start=0, end=0, issuer=issuer, title_lines=[above, title_line], issuer_parts=parts,
                      title=first + strip_wrap_spaces(title_line.shown().strip("》〈〉 ")), number_line=number_line,
                      borrowed=borrowed)
    issuer, parts, title = _untagged_title(title_line)
    header = Header(start=0, end=0, issuer=issuer, title_lines=[title_line], title=title, issuer_parts=parts,
                    number_line=number_line, borrowed=borrowed)
    if borrowed is None:
        _database_lines_below(header, window[k + 1 : k + 9])
    return header


BATCH_NOTE = re.compile(r"^[(（][^()（）]{2,20}[)）]$")


def _database_lines_below(header: Header, below: list[Line]) -> None:
    """A law database prints a rule's title, then the issuing body on a line of its own, the title again and its
    文号 (沈政令[1997]29号) before the first article: the issuer and number of a rule printed without a notice;
    a 公告 prints its 文号 under its title (and a note of its batch) before the body."""
    want = squash(header.title)
    for ln in below:
        key = ln.key.strip()
        if squash(key) == want or ":" in key or BATCH_NOTE.match(key):  # the title again; the database's lines
            continue  # (作者:…, 下载地址:…); a note under a 公告's title: (2023年度第三批次)
        if header.number_line is None and number_kind(key) == "number":
            header.number_line = ln if "政府令" not in key else None  # (an order's number: read with its order)
        elif header.issuer is None and header.masthead_issuer is None and looks_like_issuer(key):
            header.masthead_issuer = ln.shown().strip()
        else:
            break


def _plan_title_line(window: list[Line], k: int) -> bool:
    """A line that can title a text without a header: it ends with a plan's genre word (方案, 纲要, 清单…) and is
    neither a sentence nor the title of an attachment (under its 附件N label, or an item of the 附件 list)."""
    key = window[k].key.strip("《》 ")
    if len(key) < 6 or len(key) > 80 or key[-1] in TERMINAL or re.search(r"[，,。；;:：|]", key):
        return False
    if key.startswith("附件") or LISTED.match(key) or (k > 0 and ATTACHMENT_LABEL.match(window[k - 1].key.strip())):
        return False
    return PLAN_TITLE.search(key) is not None


def _title_begun_above(window: list[Line], k: int) -> Line | None:
    """The line just above a plan title that begins it (GB/T 9704 wraps a long title over lines): a run of
    characters without punctuation or spaces that is no date, 文号, issuer, label or title of its own."""
    if k == 0:
        return None
    above = window[k - 1]
    key = above.key.strip()
    if not 8 <= len(key) <= 40 or len(key) + len(window[k].key.strip()) > 80 or NOT_A_TITLE_PART.search(key):
        return None
    if key[0] in "(（[【〔" or key[-1] in TERMINAL or DATE_LINE.match(key) or number_kind(key) or label_of(key):
        return None
    if looks_like_issuer(key) or PLAN_TITLE.search(key) or re.search(r"\d{4}年\d{1,2}月", key):
        return None
    return above


def plan_genre(title: str) -> str | None:
    """The genre word that ends a plan title standing for a document's own title (方案, 纲要, 清单…)."""
    m = PLAN_TITLE.search(fold(squash(title)))
    return m.group("word") if m and m.group("word") != "目录" else None


LEADING_NUMBER = re.compile(rf"^\s*{DOC_NUMBER.pattern}\s+")


def _untagged_title(ln: Line) -> tuple[str | None, list[str] | None, str]:
    """Issuer and title of a title line that names no genre (a site dropped 的通知): a 文号 a site printed in
    front is not part of it, nor are the issuers before 关于/印发."""
    key = ln.key
    lead = LEADING_NUMBER.match(key)
    a = lead.end() if lead else 0
    start = title_start(key[a:].rstrip("《》 ")) if not key[a:].startswith("《") else None
    if start is None:
        shown = ln.shown(a).strip()
        enclosed = shown.startswith(("《", "〈")) and shown.endswith(("》", "〉"))  # a title printed in 《》
        return None, None, strip_wrap_spaces(shown.strip("《》〈〉 ") if enclosed else shown)
    t_start, parts = start
    if parts is not None:
        parts = issuer_parts(ln.shown(a, a + t_start))
    title = strip_wrap_spaces(ln.shown(a + t_start).strip("》〈〉 "))
    return ("、".join(parts) if parts else None), parts, title


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
            nxt = nonblank_after(lines, j, 1)
            if nxt and nxt[0].key.startswith("《") and len(nxt[0].key) < 120:
                title = nxt[0].key
        if author and not looks_like_issuer(author) and not title:
            continue
        if not author and not title:
            continue
        out.append((j, author, title))
    return out


_BOOK_MARKS = re.compile(r"[《》〈〉<>\s]")


def _fuller_headline(lines: list[Line], header: Header) -> None:
    """A mirror that stripped the punctuation of the text kept it in the page's headline above the header
    (``X关于印发《…》的通知`` over ``X关于印发…的通知``): the title is the fuller printing."""
    if "《" in header.title:
        return
    want = _BOOK_MARKS.sub("", squash(header.title))
    for ln in nonblank_before(lines, header.first_line, 6):
        end, start = title_end(ln.key), title_start(ln.key)
        if end is None or start is None or start[0] >= end[0]:
            continue
        shown = ln.shown(start[0], end[0])
        if "《" in shown and _BOOK_MARKS.sub("", squash(shown)) == want:
            header.title = shown
            return


def segment(text: str, folded: str | None = None, lines: list[Line] | None = None,
            skip: set[int] | frozenset[int] = frozenset(), meta_title: str | None = None
            ) -> tuple[list[Line], list[Segment]]:
    lines = split_lines(text, folded) if lines is None else lines
    headers = find_headers(lines, skip)
    if headers:
        _fuller_headline(lines, headers[0])
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
        segments.append(Segment(_headless_header(lines, skip, meta_title), 0, len(text), headless=True))
    return lines, segments
