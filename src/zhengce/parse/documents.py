"""One document of a segmented text: its metadata from the header (发文字号, 登记号, 主送, status label), the
signature (issuers, signing date) and the page's metadata, its listed attachments, validity and clause tree."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from zhengce.parse.lines import Line
from zhengce.parse.metadata import (
    SHORT_ISSUER,
    canonical_issuer,
    date_of_line,
    expand_short_issuer,
    find_validity,
    fuller_issuer,
    genre_of,
    government_from_number,
    issuer_from_number,
    issuer_parts,
    looks_like_issuer,
    split_recipients,
)
from zhengce.parse.model import Attachment, Document, Interpretation, Validity
from zhengce.parse.orders import find_order, find_passage, kind_under_number
from zhengce.parse.segment import Segment, plan_genre
from zhengce.parse.structure import build_tree
from zhengce.parse.webmeta import status_of
from zhengce.text.lexicon import (
    DATE,
    DATE_ANY,
    ISO_DATE,
    DocNumber,
    make_date,
    parse_damaged_doc_number,
    parse_digit_date,
    parse_doc_number,
    parse_misread_date,
    parse_reg_code,
)
from zhengce.text.normalise import DATE_LINE, fold, strip_wrap_spaces
from zhengce.text.textmap import LineIndex, MappedText


def date_value(value: str | None) -> date | None:
    if not value:
        return None
    m = ISO_DATE.search(value)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return date_of_line(value)


def _line_start(ln: Line) -> int:
    return ln.start


ISSUING_TITLE = re.compile(r"^(?:关于)?(?:印发|转发|批转)")
CLOSING_SIGNATURE = re.compile(  # …特此通告 X局 2023年1月20日; …执行。  X厅  二○○○年四月十七日 (not a task row)
    rf"^(?!\s*\d{{1,3}}[\s.、．])[^\n]*?(?:特此(?:通告|公告|通知|函告)[。.]?\s+|[。！]\s{{2,}}(?=\S{{3,40}}?\s{{2,}}))"
    rf"(\S{{3,40}}?)\s+(\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|{DATE_ANY})\s*$")
SIGN_DATE = re.compile(rf"^\s*{DATE.pattern}\s*$")
_SIGNER_AND_DATE = re.compile(r"^(\S{3,40}?)\s+(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")
_RUN_TOGETHER_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*年?\s*\d{2,4}\s*日?\s*$")  # 2024115: 年月 lost
# what a date line of _signature holds: a figure (also ２, ٢: what \d matches) or 年 (二〇二四年…)
_DATE_HINT = re.compile(r"[\d年]")


def _signers(lines: list[Line], previous: list[Line]) -> list[str] | None:
    """The issuers printed above a signing date: one line (joint issuers with spaces), or one line each."""
    if not previous:
        return None
    parts = issuer_parts(previous[-1].key)
    if parts is None:
        return None
    names = issuer_parts(previous[-1].shown()) or parts
    k = len(previous) - 2
    while k >= 0 and len(names) < 6:  # joint issuers signed one under the other
        above = issuer_parts(previous[k].key)
        if above is None or previous[k].key.endswith(("：", ":")):
            break
        names = (issuer_parts(previous[k].shown()) or above) + names
        k -= 1
    return names


ROW_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")


def _table_cell(lines: list[Line], k: int) -> bool:
    """A date printed in a table written one cell per line (a row number just before it, checked by the caller,
    or just after it): a time limit, not a signature."""
    for j in range(k + 1, min(k + 4, len(lines))):
        if not lines[j].blank:
            return bool(ROW_NUMBER.match(lines[j].key))
    return False


def _signature(lines: list[Line], body_start: int, end: int, published: date | None = None
               ) -> tuple[Line | None, list[str] | None, date | None, str | None]:
    """The first signing date after the header, the issuers printed above it, the date and a warning when the
    date was read from a damaged form (``2024115``)."""
    previous: list[Line] = []
    since_row = 99  # nonblank lines since the last row number of a table written one cell per line
    first = bisect_left(lines, body_start, key=_line_start)
    for k in range(first, len(lines)):
        ln = lines[k]
        if ln.blank:
            continue
        if ln.start >= end:
            break
        if not _DATE_HINT.search(ln.key):  # every form below has a figure or 年: most body lines have neither
            since_row += 1
            previous.append(ln)
            if len(previous) > 3:
                previous.pop(0)
            continue
        since_row = 0 if ROW_NUMBER.match(ln.key) else since_row + 1
        if (DATE_LINE.match(ln.key) or SIGN_DATE.match(ln.key)) and since_row > 6 and not _table_cell(lines, k):
            return ln, _signers(lines, previous[-3:]), date_of_line(ln.key), None
        misread = parse_misread_date(ln.key) if previous and since_row > 6 else None  # OCR: 2025年3有28日
        if misread and (signers := _signers(lines, previous[-3:])):  # under the issuer only, never in the body
            return ln, signers, misread[0], misread[1]
        # …特此通告 X局 2023年1月20日: a page that lost the line breaks
        m = _SIGNER_AND_DATE.match(ln.key) or CLOSING_SIGNATURE.search(ln.key)
        if m and looks_like_issuer(m.group(1)):
            return ln, [ln.shown(m.start(1), m.end(1))], date_of_line(m.group(2)), None
        spaced = SPACED_DATE.match(ln.key)  # { 2017 6 23: 年月日 lost, the figures kept apart
        if previous and (spaced or _RUN_TOGETHER_DATE.match(ln.key)):
            signers = _signers(lines, [p for p in previous[-3:] if not PUBLIC_NOTE.match(p.key)])
            damaged = parse_digit_date(ln.key, published) if not spaced else _spaced_date(spaced)
            if signers and damaged:
                return ln, signers, damaged[0], damaged[1]
        previous.append(ln)
        if len(previous) > 3:
            previous.pop(0)
    return None, None, None, None


INLINE_DATE = re.compile(rf"[。！]\s+(?:[\u4e00-\u9fff()（）]{{2,40}}?\s+)?({DATE_ANY})\s+(?=\S)")  # (signer before it)
# the same, after the 附件 list: the date stands before the note (此件公开发布) or the attachments that follow it
NOTED_DATE = re.compile(rf"\s({DATE_ANY})\s*(?=[(\[]此件|附\s*件)")
SPACED_DATE = re.compile(r"^\s*[^\w\s]?\s*((?:19|20)\d{2})\s+(\d{1,2})\s+(\d{1,2})\s*$")
PUBLIC_NOTE = re.compile(r"^[(（][^()（）]{2,12}[)）]$")  # (此件公开发布) between the signer and the date


def _spaced_date(m: re.Match[str]) -> tuple[date, str] | None:
    d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return (d, f"落款日期“{m.group(0).strip()}”缺少年月日，按 {d.isoformat()} 理解 / signing date printed without "
               f"年月日, read as {d.isoformat()}") if d else None


def _attachments_listed(text: str, body_start: int, sig_start: int) -> list[Attachment]:
    """附件：1.xxx 2.yyy listed in the notice above the signature."""
    region = text[body_start:sig_start]
    m = re.search(r"(?m)^\s*附\s*件\s*[:：]\s*(.*(?:\n\s*(?:\d+\s*[.．、]|[（(]\d+[)）])?.*)*)", region)
    if not m:
        return []
    out: list[Attachment] = []
    block = m.group(1).strip()
    items = re.split(r"\n\s*(?=\d+\s*[.．、]|[（(]\d+[)）])", block)
    for k, item in enumerate(items, 1):
        item = re.sub(r"^\s*(?:\d+\s*[.．、]|[（(]\d+[)）])\s*", "", item)
        title = strip_wrap_spaces(item.split("\n\n")[0])
        if title and not looks_like_issuer(title) and not DATE_LINE.match(title):
            out.append(Attachment(f"附件{k}" if len(items) > 1 else "附件", title))
    return out


def _printed_on(lines: list[Line], folded: str) -> str:
    """``folded`` in the characters a line prints it with (itself when no line holds it)."""
    for ln in reversed(lines):
        k = ln.key.find(folded)
        if k >= 0:
            return ln.shown(k, k + len(folded))
    return folded


def _number(doc: Document, h, web: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The 发文字号 from the header (a damaged one kept as printed, with a warning), else from the page."""
    candidates: list[tuple[str, str, bool]] = []  # (folded text, as printed, from the page metadata)
    if h.number_line is not None:
        candidates.append((h.number_line.key, h.number_line.shown(), False))
    if h.number_text:
        candidates.append((h.number_text, _printed_on(h.title_lines, h.number_text), False))
    dated = DATE.search(h.dated_line.key) if h.dated_line is not None else None
    if dated is not None:  # (1985年5月4日皖政〔1985〕38号): the gazette line prints the date first
        candidates.append((h.dated_line.key[dated.end() :], h.dated_line.shown(dated.end()), False))
    if web.get("doc_number"):
        candidates.append((fold(web["doc_number"]), web["doc_number"], True))
    for value, shown, from_page in candidates:
        number = parse_doc_number(value, shown)
        if number is None:
            damaged = parse_damaged_doc_number(value, shown)
            if damaged is not None:
                number = damaged[0]
                whole = _printed_whole(number, candidates)
                if whole is not None:  # the page metadata prints the same number whole (亳政办〔2025〕1号)
                    number, from_page = whole, True
                else:
                    doc.warnings.append(damaged[1])
        if number is not None:
            doc.doc_number = number
            if re.search("[„‟]", value):
                doc.warnings.append(f"文号括号为乱码，按“{number.text}”理解 / document number brackets garbled, "
                                    f"read as {number.text}")
            if from_page:
                doc.warnings.append("文号取自网页元数据 / document number taken from the page metadata")
            return


def _printed_whole(damaged: DocNumber, candidates: list[tuple[str, str, bool]]) -> DocNumber | None:
    """The page metadata's printing of a number the header prints damaged (``〔20251`` for ``〔2025〕1号``)."""
    for value, shown, from_page in candidates:
        whole = parse_doc_number(value, shown) if from_page else None
        if whole is not None and (whole.agency, whole.year, whole.serial) == (damaged.agency, damaged.year,
                                                                              damaged.serial):
            return whole
    return None


def _issuer(doc: Document, h, signers: list[str] | None, web: dict[str, str],  # type: ignore[no-untyped-def]
            body: str = "") -> None:
    """The fullest printed name of the issuer(s): header and signature compared, short forms named in full."""
    head = h.issuer
    if h.masthead_issuer and head != h.masthead_issuer:
        head = _extends(head, h.masthead_issuer)
    signed = "、".join(signers) if signers else None
    doc.issuer = fuller_issuer(head, signed)
    if head and signed and doc.issuer == head and canonical_differs(head, signed) \
            and not canonical_issuer(head).endswith(canonical_issuer(signed)):
        doc.warnings.append(f"标题处发文机关“{head}”与落款“{signed}”不一致 / issuer differs from signature")
    parts = issuer_parts(web["issuer"], places=True) if web.get("issuer") else None
    if parts and not all(re.match(r"^[省市区县州]", fold(p)) for p in parts):
        named = "、".join(parts)
        if doc.issuer is None:
            doc.issuer = named
            doc.warnings.append("发文机关取自网页元数据 / issuer taken from the page metadata")
        else:
            doc.issuer = _extends(doc.issuer, named)
    if doc.issuer is None and doc.doc_number is not None and body:
        inferred = issuer_from_number(doc.doc_number.agency, body) or government_from_number(
            doc.doc_number.agency, doc.doc_number.printed or doc.doc_number.agency, body)
        if inferred is not None:
            doc.issuer = inferred
            doc.warnings.append(f"发文机关未印出，按文号“{doc.doc_number.text}”与正文读作“{inferred}” / "
                                "issuer not printed: read from the document number and the body")
    if doc.issuer is None and web.get("source") and looks_like_issuer(web["source"]):
        doc.issuer = web["source"].strip()  # 文章来源:X人民政府, when nothing else names the issuer
        doc.warnings.append("发文机关取自网页的“来源”标注 / issuer taken from the page's source label")
    if doc.issuer and "、" not in doc.issuer and body:
        doc.issuer = _placed_in_body(doc.issuer, body)
    if doc.issuer and SHORT_ISSUER.match(fold(doc.issuer)) and doc.doc_number is not None and body:
        placed = government_from_number(doc.doc_number.agency, doc.doc_number.printed or doc.doc_number.agency, body)
        if placed is not None and canonical_issuer(placed).endswith(canonical_issuer(doc.issuer)):
            doc.warnings.append(f"发文机关“{doc.issuer}”为简称，按文号读作“{placed}” / short issuer name read in full")
            doc.issuer = placed
    if doc.issuer and "、" not in doc.issuer:
        full = expand_short_issuer(doc.issuer, doc.doc_number)
        if full is not None:
            doc.warnings.append(f"发文机关“{doc.issuer}”为简称，按文号读作“{full}” / short issuer name read in full")
            doc.issuer = full


_PLACE_BEFORE = re.compile(r"[^\W\d_年月日的和及与在由对将为]+[省市州盟]")  # tried at each place the issuer is printed


def _placed_in_body(name: str, body: str) -> str:
    """The issuer's name with the city or province the body prints in front of it (拉萨市 before
    达孜区住房和城乡建设局), when that place is printed elsewhere in the text too (not a word that precedes it)."""
    if SHORT_ISSUER.match(fold(name)):
        return name  # 市政府: a short form, named in full from the signature or the 文号
    k = body.find(name)
    while k > 0:
        for size in (3, 4, 2, 5):
            place = body[max(0, k - size) : k]
            if len(place) == size and _PLACE_BEFORE.fullmatch(place) \
                    and body.count(place) > body.count(place + name):
                return place + name
        k = body.find(name, k + 1)
    return name


def _extends(name: str | None, other: str) -> str:
    """``other`` when it names the same body in full (jurisdiction added in front), else ``name``."""
    if not name:
        return other
    a, b = canonical_issuer(name), canonical_issuer(other)
    return other if len(b) > len(a) and b.endswith(a) else name


def canonical_differs(a: str, b: str) -> bool:
    return canonical_issuer(a) != canonical_issuer(b)


def _stated_status(doc: Document, label: str | None, web: dict[str, str]) -> None:
    """A status the page states (a label after the title, the 有效性 field, 此件已于…宣布失效)."""
    stated = label or web.get("status")
    if not stated:
        return
    doc.stated_status = status_of(stated)
    doc.stated_status_text = stated


def _promulgation(doc: Document, head: str) -> None:
    """A rule published by a government order (the order's number, genre and government), or a regulation
    under the note of the congress that passed it (its issuer and date)."""
    if doc.doc_number is not None:
        doc.kind = kind_under_number(doc.doc_number.agency, doc.kind)
        return
    order = find_order(head, doc.signed.year if doc.signed else None)
    if order is not None:
        doc.doc_number, doc.kind = order.number, order.genre
        doc.issuer = doc.issuer or order.issuer
        doc.signed = doc.signed or order.signed  # (1991年3月26日…人民政府令19号发布): the note dates the order
    elif doc.issuer is None and (passed := find_passage(head[:600])) is not None:
        doc.issuer, doc.signed = passed.issuer, doc.signed or passed.signed


def read_document(name: str, ordinal: int, seg: Segment, text: str, folded: str, lines: list[Line], mapped: MappedText,
              index: LineIndex, gazette, published, web: dict[str, str]) -> Document:  # type: ignore[no-untyped-def]
    h = seg.header
    end = seg.interpretations[0][0] if seg.interpretations else seg.end
    doc = Document(source=name, ordinal=ordinal, start=seg.start, end=end, gazette=gazette, published=published)
    doc.title = strip_wrap_spaces(h.title)
    if seg.headless and h.recovered:
        doc.warnings.append(h.recovered)
    elif seg.headless:
        doc.warnings.append("未识别到公文版头，全文作为一件文件处理 / "
                            "no document header found: the whole text is read as one document")
    if h.borrowed:  # a notice printed without its title, named after the plan it issues: no header of its own
        doc.own_title = False
        doc.warnings.append(h.borrowed)
    issuing = ISSUING_TITLE.match(fold(doc.title))  # a headless text titled by a plan: its genre (方案, 纲要 …)
    doc.kind = genre_of(doc.title) or (plan_genre(doc.title) if seg.headless and not issuing else None)
    if doc.kind is None and issuing:
        doc.kind = "通知"  # 关于印发…方案: a site dropped 的通知 from the title of the notice that issues it
    _number(doc, h, web)
    if h.reg_line is not None:
        doc.reg_code = parse_reg_code(h.reg_line.shown())
    if h.recipients_line is not None:
        doc.recipients = split_recipients(h.recipients_line.text)
    doc.body_start = h.end
    sig_line, signers, sig_date, sig_warning = _signature(lines, h.end, end, published)
    if sig_line is not None:
        doc.signed = sig_date
        if sig_warning:
            doc.warnings.append(sig_warning)
    elif h.dated_line is not None:
        doc.signed = date_of_line(h.dated_line.key)
    elif h.recovered and (inline := INLINE_DATE.search(folded, h.end, min(end, h.end + 3000))
                          or NOTED_DATE.search(folded, h.end, min(end, h.end + 3000))) is not None:
        doc.signed = date_of_line(inline.group(1))  # a page that lost its line breaks: the date between spaces
    elif web.get("signed"):
        # the document prints no signing date: the page's 成文日期 is kept apart (the export's ``signed`` is the
        # date the document prints), and the library dates the document by it
        doc.page_signed = date_value(web["signed"])
        if doc.page_signed is not None:
            doc.warnings.append("落款无成文日期，网页元数据载明成文日期 / no signing date printed: the page metadata "
                                "states one (page_signed)")
    _issuer(doc, h, signers, web, text[h.end : end])
    _promulgation(doc, text[seg.start : min(end, seg.start + 1500)])
    _stated_status(doc, h.label, web)
    sig_end = sig_line.end if sig_line is not None else None
    doc.attachments = _attachments_listed(text, h.end, sig_line.start if sig_line else end)
    doc.validity = find_validity(text[h.end : end], h.end, doc.signed or doc.page_signed, folded[h.end : end])
    if doc.validity is None and (date_value(web.get("effective")) or date_value(web.get("expires"))):
        doc.validity = Validity(date_value(web.get("effective")), date_value(web.get("expires")),
                                "；".join(f"{label}：{web[k]}" for k, label in (("effective", "生效日期"),
                                                                              ("expires", "废止日期")) if web.get(k)))
        doc.warnings.append("施行或废止日期取自网页元数据 / effective or expiry date taken from the page metadata")
    sig_start = None
    if sig_line is not None:
        sig_start = sig_line.start
        k = bisect_left(lines, sig_line.start, key=_line_start) - 1  # the last line printed above the signature,
        while k >= 0 and lines[k].blank and lines[k].start >= h.end:  # below the header (lines are in text order)
            k -= 1
        if k >= 0 and lines[k].start >= h.end and looks_like_issuer(lines[k].key):
            sig_start = lines[k].start
    doc.tree = build_tree(text, lines, seg.start, end, h.end, sig_end, sig_start)
    # attachments found in the tree complete or confirm the listed ones
    att_nodes = [node for node in doc.tree.children if node.kind == "attachment"]
    for node in att_nodes:
        match = next(
            (a for a in doc.attachments if a.label == node.label or (node.heading and a.title == node.heading)), None
        )
        if match is None and len(doc.attachments) == 1 and len(att_nodes) == 1:
            match = doc.attachments[0]
        if match is not None:
            match.node_id = node.id
        else:
            doc.attachments.append(Attachment(node.label, node.heading, node.id))
    for i_start, i_end, author, title in seg.interpretations:
        doc.interpretations.append(Interpretation(author, title.strip("《》"), text[i_start:i_end], i_start, i_end))
    o_start, o_end = mapped.span_to_original(seg.start, seg.end)
    doc.line_start = index.line(o_start)
    doc.line_end = index.line(max(o_start, o_end - 1))
    doc.text = text[doc.start : doc.end]
    return doc
