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

from zhengce.parse.metadata import GENRES, issuer_parts, looks_like_issuer
from zhengce.text.lexicon import DATE_ANY, DOC_NUMBER, DOC_NUMBER_DAMAGED, REG_CODE
from zhengce.text.normalise import DATE_LINE, LABEL_START, TERMINAL, fold, squash, strip_wrap_spaces

# a qualifier printed after the genre belongs to the title: …的实施意见（试行）
QUALIFIER = r"(?:\s*\((?:试行|暂行|草案|征求意见稿|送审稿|修订|修订稿|修订版|第[一二三四五六七八九十\d]+号)\))?"
GENRE_END = re.compile(r"(?:的)?(?:" + "|".join(GENRES) + r")" + QUALIFIER + r"\s*$")
TITLE_START = re.compile(r"(?:关于|印发|转发|批转|贯彻)")
DOCNO_ONLY = re.compile(rf"^\s*{DOC_NUMBER.pattern}\s*$")
# the 发文字号 in brackets under the title, alone or with the date (gazette style): (X府办〔2004〕10号 二○○四年三月一日)
DOCNO_BRACKETED = re.compile(rf"^\s*[(\[]\s*{DOC_NUMBER.pattern}\s*(?:{DATE_ANY})?\s*[)\]]\s*$")
# the 发文字号 and the date on one line under the title (gazette style): X府发〔2011〕8号 二○一一年三月十七日, or the
# date in brackets after it
DOCNO_DATED = re.compile(rf"^\s*{DOC_NUMBER.pattern}(?:\s+(?:{DATE_ANY})|\s*\(\s*(?:{DATE_ANY})\s*\))\s*$")
DOCNO_DAMAGED_ONLY = re.compile(rf"^\s*{DOC_NUMBER_DAMAGED.pattern}\s*$")
# what web pages print after a title: a status label, the 文号 in brackets, a date
SITE_LABEL = re.compile(
    r"\s*[(\[]\s*(?P<status>现行有效|全部有效|有效|部分失效|全部失效|已失效|失效|宣布失效|已废止|废止|已修改|已被修改|尚未生效|未生效)"
    r"\s*[)\]]\s*$"
)
TRAIL_NUMBER = re.compile(rf"(?:\s*[(\[]|\s+)\s*(?P<number>{DOC_NUMBER.pattern})\s*[)\]]?\s*$")
TRAIL_DATE = re.compile(
    r"\s+[\[(]?\s*(?:(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*[\])]?\s*$"
)
SITE_HEADLINE = re.compile(r"\[[^\[\]]{1,60}\]\s*(?=关于|印发|转发|批转|贯彻)")
BULLET = re.compile(r"^[·•●◆◇■□▪►▶※*>]+\s*")
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
VERB_END = re.compile(r"(?:印发|转发|批转)$")
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
    lead: int = 0  # where ``key`` starts inside ``text``

    @property
    def blank(self) -> bool:
        return not self.key

    def shown(self, a: int = 0, b: int | None = None) -> str:
        """The printed characters of ``key[a:b]`` (traditional characters, 〈〉 and full-width marks kept)."""
        end = len(self.key) if b is None else b
        return self.text[self.lead + a : self.lead + end]


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
GLUED_RECIPIENTS = re.compile(r"(?<=[知告见定复函报法])各[^。；;!?]{1,200}[:：]")
TITLED_NUMBER = re.compile(rf"^\s*(?P<number>{DOC_NUMBER.pattern})\s*《(?P<title>.+)》\s*$")


def split_lines(text: str, folded: str | None = None) -> list[Line]:
    folded = fold(text) if folded is None else folded
    out = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        line_folded = folded[pos:end]
        key = line_folded.strip()
        out.append(Line(i, pos, end, raw, key, len(line_folded) - len(line_folded.lstrip())))
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


def skippable(key: str) -> bool:
    """A line of web chrome or page metadata (date, source, counters, print controls, a row of bars)."""
    if not key:
        return True
    if not CJK.search(key):
        return len(key) < 80
    return bool(META_LINE.match(key) or CHROME_WORDS.match(key) or DATE_STAMP.match(key))


_GENRE_LAST = {g[-1] for g in GENRES}
_TRAILER_LAST = set(")]号")
_TAIL_LAST = _GENRE_LAST | _TRAILER_LAST | {"》"}


def title_end(key: str) -> tuple[int, str | None, str | None] | None:
    """Where the title on a line ends (after its genre word), with the status label and the 文号 a web page
    prints after it; None when the line does not end a title."""
    if not key or (key[-1] not in _TAIL_LAST and not key[-1].isdigit()):
        return None  # cheap test first: every line of a text is asked
    s = key
    label = number = None
    for _ in range(3):
        if s[-1:] not in _TRAILER_LAST and not s[-1:].isdigit():
            break
        m = SITE_LABEL.search(s)
        if m:
            label = label or m.group("status")
            s = s[: m.start()]
            continue
        m = TRAIL_NUMBER.search(s)
        if m:
            number = number or m.group("number")
            s = s[: m.start()]
            continue
        m = TRAIL_DATE.search(s)
        if m:
            s = s[: m.start()]
            continue
        break
    s = s.rstrip()
    if s.startswith("《") and s.endswith("》") and _enclosed(s):
        s = s[:-1]  # a title printed in 《》 on its own line (under its 文号)
        if not TITLE_START.match(s, 1) and title_start(s[1:]) is None:
            return None
    elif s.startswith("《") and not _QUOTED_TAIL.match(s[_quoted_end(s):]):
        return None  # (a line that only ends the quoted titles a wrapped title issues, 《…》《…》的通知, goes on)
    if not s or len(s) > 160 or not GENRE_END.search(s) or any(p in s for p in "。；;") or s.startswith("-"):
        return None
    return len(s), label, number


_QUOTED_TAIL = re.compile(r"^\s*的?\s*(?:" + "|".join(GENRES) + r")" + QUALIFIER + r"\s*$")


def _quoted_end(s: str) -> int:
    """Where the run of 《…》 groups that opens ``s`` ends (0 when one is left open)."""
    depth = 0
    end = 0
    for k, ch in enumerate(s):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                end = k + 1
        elif depth == 0 and not ch.isspace():
            break
    return end


def _enclosed(s: str) -> bool:
    """The first 《 of ``s`` closes at its last character."""
    depth = 0
    for k, ch in enumerate(s):
        depth += (ch == "《") - (ch == "》")
        if depth == 0:
            return k == len(s) - 1
    return False


def _lead(key: str) -> int:
    """Where a title line's content starts: after a bullet, or after the 《 of a title printed in 《》."""
    if key.startswith("《") and key.count("《") > key.count("》"):
        return 1  # (title_end cut the closing 》)
    bullet = BULLET.match(key)
    pos = bullet.end() if bullet else 0
    label = SITE_HEADLINE.match(key, pos)  # 【…】 a site prints before the title: not part of it
    return label.end() if label else pos


def title_start(key: str) -> tuple[int, list[str] | None] | None:
    """Where the title starts on a line (关于, 印发, 转发, 批转, 贯彻), and the issuers printed before it."""
    lead = _lead(key)
    for k, m in enumerate(TITLE_START.finditer(key, lead)):
        if k >= 3:
            break
        prefix = key[lead : m.start()]
        if not prefix.strip():
            return m.start(), None
        parts = issuer_parts(prefix)
        if parts is not None:
            return m.start(), [p for p in parts]
    return None


def _is_title_tail(key: str) -> bool:
    return title_end(key) is not None


def _is_recipients(key: str) -> bool:
    if not key or key[-1] not in ":：" or len(key) > 300 or len(key) < 3:
        return False
    body = key.rstrip(":：")
    if re.search(r"[。；;《]", body) or (NOTICE_OPENERS.match(body) and not body.startswith("各")):
        return False
    parts = [re.sub(r"\([^()]*\)$", "", p) or p for p in re.split(r"[，,、\s]+", body) if p]  # 各镇(街道)
    if not parts or any(len(p) > 30 for p in parts):
        return False
    orgish = sum(1 for p in parts if RECIPIENT_END.search(p))
    return orgish >= max(1, 0.6 * len(parts))


def _number_kind(key: str) -> str | None:
    """'number' for a line that is a 发文字号 (bare or in brackets under the title), 'damaged' for one that lost
    a bracket or its 号, else None."""
    if DOCNO_ONLY.match(key) or DOCNO_BRACKETED.match(key) or DOCNO_DATED.match(key):
        return "number"
    if DOCNO_DAMAGED_ONLY.match(key) and len(key) <= 24:
        return "damaged"
    return None


def _shown_parts(line: Line, a: int, b: int) -> list[str] | None:
    return issuer_parts(line.shown(a, b))


def find_headers(lines: list[Line], skip: set[int] | frozenset[int] = frozenset()) -> list[Header]:
    headers: list[Header] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.blank or i in skip or title_end(line.key) is None:
            i += 1
            continue
        header = _header_at(lines, i, skip)
        if header is None:
            i += 1
            continue
        prev = headers[-1] if headers else None
        if prev is not None and _same_title(prev, header) and _no_body_between(lines, prev, header, skip):
            # a page prints its title (and metadata) above the document's own header: one document
            header.number_line = header.number_line or prev.number_line
            header.issuer_parts = header.issuer_parts or prev.issuer_parts
            header.issuer = header.issuer or prev.issuer
            headers[-1] = header
            i = header.last_line + 1
            continue
        if prev is not None and header.start < prev.end:
            i += 1
            continue
        if prev is not None and _issued_by(prev, header) and (header.number_line is None or _forwards(prev)):
            i = header.last_line + 1  # the opinion or plan a notice issues is part of the notice
            continue
        headers.append(header)
        i = header.last_line + 1
    return headers


def _same_title(a: Header, b: Header) -> bool:
    return squash(a.title) == squash(b.title)


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
    before = _nonblank_before(lines, first.index, 1)
    return bool(before) and bool(DOCNO_BRACKETED.match(before[0].key))


def _forwards(notice: Header) -> bool:
    """A notice that forwards (转发, 批转) another body's document: the forwarded one is its attachment."""
    return bool(re.search(r"转发|批转", fold(notice.title)))


def _wrapped_title(lines: list[Line], i: int, tail_end: int, skip: set[int] | frozenset[int]
                   ) -> tuple[list[Line], int, list[str] | None] | None:
    """The lines of a title that ends on line ``i``, gathered upwards to the line with 关于/印发 (or an issuer
    prefix), with where the title starts on its first line and the issuers printed before it."""
    title_lines = [lines[i]]
    start = title_start(lines[i].key[:tail_end])
    if start is None:
        for prev in _nonblank_before(lines, i, 4):
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
    above = _nonblank_before(lines, line.index, 1)
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
    return t_start, (_shown_parts(above, _lead(above.key[:t_start]), t_start) if parts is not None else None)


def _about_above(above: Line) -> tuple[int, list[str] | None] | None:
    """'X人民政府关于' wrapped right after 关于, above '印发…的通知': the title opens with that 关于."""
    if len(above.key) > 60 or not above.key.endswith("关于") or issuer_parts(above.key[:-2]) is None:
        return None
    t_start = len(above.key) - 2
    return t_start, _shown_parts(above, _lead(above.key[:t_start]), t_start)


def _title_opening(lines: list[Line], title_lines: list[Line], t_start: int, parts: list[str] | None,
                   skip: set[int] | frozenset[int]) -> tuple[int, list[str] | None]:
    """Where the title opens when its first words were wrapped onto the line above (that line joins
    ``title_lines``), and its issuers as printed."""
    if parts is not None:
        parts = _shown_parts(title_lines[0], _lead(title_lines[0].key[:t_start]), t_start)
    for opening in (_issuers_and_verb_above, _forwarding_above, _about_above):
        if parts is not None or title_lines[0].key[:t_start].strip():
            break
        above = _line_above(lines, title_lines[0], skip)
        found = opening(above) if above is not None else None
        if found is not None:
            title_lines.insert(0, above)
            t_start, parts = found
    return t_start, parts


def _printed_title(title_lines: list[Line], t_start: int, tail_end: int) -> str:
    """The printed title: from the title word to the genre (and qualifier), lines joined."""
    first_title = title_lines[0]
    if len(title_lines) == 1:
        title = first_title.shown(t_start, tail_end)
    else:
        title = first_title.shown(t_start) + "".join(t.shown() for t in title_lines[1:-1]) \
            + title_lines[-1].shown(0, tail_end)
    return strip_wrap_spaces(title)


def _issuer_line(lines: list[Line], first_title: Line, skip: set[int] | frozenset[int]
                 ) -> tuple[Line | None, list[str] | None]:
    """The line of issuers printed above a title that names none, and its issuers."""
    before = _line_above(lines, first_title, skip)
    if before is None or DATE_LINE.match(before.key):
        return None, None
    if issuer_parts(before.key) is None or "×" in before.key:
        return None, None
    return before, _shown_parts(before, 0, len(before.key))


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


def _red_header(lines: list[Line], frame: _Frame, parts: list[str] | None) -> list[str] | None:
    """GB/T 9704 red-header layout: 发文机关标志 (…文件) and 发文字号 printed above the title; the issuers the
    masthead names when the title line named none."""
    for prev in _nonblank_before(lines, frame.first.index, 3):
        if frame.number_line is None and _number_kind(prev.key) and not DOCNO_BRACKETED.match(prev.key):
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
    for nxt in _nonblank_after(lines, i, 16):
        if frame.dated_line is None and DATED.match(nxt.key):
            frame.dated_line = frame.last = nxt  # (2023年3月15日) printed under the title
            continue
        if frame.number_line is None and _number_kind(nxt.key):
            frame.number_line = frame.last = nxt
            if (DOCNO_BRACKETED.match(nxt.key) or DOCNO_DATED.match(nxt.key)) and re.search(DATE_ANY, nxt.key):
                frame.dated_line = nxt
            continue
        if frame.reg_line is None and REG_ONLY.match(nxt.key):
            frame.reg_line = frame.last = nxt
            continue
        if frame.recipients_line is None and _is_recipients(nxt.key):
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
    if unlabelled and following is not None and title_end(following.key):
        return False
    if unlabelled and frame.number_line is not None and DOCNO_BRACKETED.match(frame.number_line.key) \
            and (following is None or _after_bracketed(lines, frame.first)):
        return False
    # 通告 and similar documents without number or 主送: title, then the body opens
    return not (unlabelled and frame.number_line is None and frame.last is lines[i]
                and not (parts and following and NOTICE_OPENERS.match(following.key) and len(following.key) > 30)
                and not _announces_itself(title, following))


def _header_at(lines: list[Line], i: int, skip: set[int] | frozenset[int] = frozenset()) -> Header | None:
    """The header whose title ends on line ``i``, or None."""
    tail = title_end(lines[i].key)
    if tail is None:
        return None
    tail_end, label, tail_number = tail
    wrapped = _wrapped_title(lines, i, tail_end, skip)
    if wrapped is None:
        return None
    title_lines, t_start, parts = wrapped
    t_start, parts = _title_opening(lines, title_lines, t_start, parts, skip)
    title = _printed_title(title_lines, t_start, tail_end)
    if len(squash(title)) < 6 or not TITLE_START.match(fold(title)):
        return None
    if re.search(r"《\s*》|××|XX", title):
        return None  # a blank form quoted in a document, not a document
    issuer_line = None
    if parts is None:
        issuer_line, parts = _issuer_line(lines, title_lines[0], skip)
    frame = _Frame(first=issuer_line or title_lines[0], last=lines[i])
    parts = _red_header(lines, frame, parts)
    _below_title(lines, i, frame, skip)
    if not _confirmed(lines, i, frame, title, parts):
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
        number_text=tail_number,
        masthead_issuer=frame.masthead_issuer,
    )


NOTICE_GENRE = re.compile(r"(?:通告|公告)" + QUALIFIER + r"$")
ANNOUNCES = re.compile(r"(?:通告|公告)如下|特此(?:通告|公告)")


def _announces_itself(title: str, following: Line | None) -> bool:
    """A 通告 or 公告 printed without issuer, number or 主送 (quoted in a news page, say): its first paragraph
    opens as the genre does (为…, 根据…) and announces it (…通告如下)."""
    return (following is not None and bool(NOTICE_GENRE.search(fold(title))) and len(following.key) > 30
            and bool(NOTICE_OPENERS.match(following.key)) and bool(ANNOUNCES.search(following.key)))


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
        parts = issuer_parts(ln.shown(a + _lead(key[a : a + t_start]), a + t_start))
    title = strip_wrap_spaces(ln.shown(a + t_start, a + tail[0]))
    if len(squash(title)) < 6 or re.search(r"《\s*》|××", title):
        return None
    return Header(start=0, end=0, issuer="、".join(parts) if parts else None, title_lines=[ln], title=title,
                  issuer_parts=parts, label=tail[1], number_text=m.group("number") if m else tail[2])


def _virtual_lines(lines: list[Line], limit: int = 80) -> tuple[list[Line], list[int]]:
    """The first lines cut at runs of spaces: a header whose line breaks a page turned into spaces."""
    out: list[Line] = []
    real: list[int] = []
    for ln in lines[:limit]:
        pieces = list(re.finditer(r"\S+", ln.key))
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
    for ln in window:
        header = _title_line_header(ln)
        if header is not None:
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
    number_line = next((ln for k, ln in enumerate(near) if _number_kind(ln.key) and k + 1 < len(near)
                        and _is_recipients(near[k + 1].key)), None)
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
    title_line = None
    for ln in window[:60]:
        key = ln.key.strip("《》 ")
        if len(key) < 6 or len(key) > 80 or key[-1] in TERMINAL or re.search(r"[，,。；;:：|]", key):
            continue
        if PLAN_TITLE.search(key):
            title_line = ln
            break
    title = title_line.shown().strip("《》〈〉 ") if title_line is not None else ""
    return Header(start=0, end=0, issuer=None, title_lines=[title_line] if title_line else [],
                  title=strip_wrap_spaces(title), number_line=number_line)


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


def segment(text: str, folded: str | None = None, lines: list[Line] | None = None,
            skip: set[int] | frozenset[int] = frozenset(), meta_title: str | None = None
            ) -> tuple[list[Line], list[Segment]]:
    lines = split_lines(text, folded) if lines is None else lines
    headers = find_headers(lines, skip)
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
