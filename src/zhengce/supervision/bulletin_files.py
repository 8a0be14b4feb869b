"""A bulletin's files: its text as paragraphs and a .docx in the official-document layout (GB/T 9704-2012),
made from :func:`zhengce.supervision.bulletin.bulletin_data` alone; the annex tables and the .xlsx are
:mod:`zhengce.supervision.bulletin_tables`."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from typing import Any

from zhengce.sheets import display_width, xml_safe
from zhengce.supervision import dataclocks
from zhengce.supervision.bulletin_tables import annexes, xlsx_bytes
from zhengce.supervision.bulletin_unclaimed import unclaimed_paragraphs
from zhengce.supervision.ranking import praise

__all__ = ["YEAR_FIRST", "annexes", "column_widths", "docx_bytes", "header_mm", "paragraphs", "table_size", "text_mm",
           "xlsx_bytes"]

XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"


YEAR_FIRST = re.compile(r"^(?:19|20)\d{2}(?:—\d{2,4})?年")  # a campaign name that begins with its own year
SHOWN_UNITS = 10  # units named in the body; the reporting annex lists them all


def _per_unit(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for m in items:
        counts[m["unit"]] = counts.get(m["unit"], 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def paragraphs(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The body as (style, text) pairs: h1 (一、), h2 (（一）) and p — shared by the .docx and the web page."""
    o = data["overview"]
    s = o["by_status"]
    final = data.get("state", "final") == "final"
    due = data["cycle"]["due"]
    name, label = data["campaign"]["name"], data["cycle"]["label"]
    period = f"{name}{label}" if YEAR_FIRST.match(name.strip().strip("《》")) else f"{label}{name}"
    out: list[tuple[str, str]] = [("p", f"现将{period}推进情况通报如下。")]
    if not final:
        out.append(("p", f"本期报送截止日为{due}，尚未截止，本期通报进行中：以下为截至{data['date']}的情况，"
                         "尚未报送的不计为漏报，暂不排名。"))
    out.append(("h1", "一、总体进展"))
    out.append(("p", f"纳入调度的任务共{o['tasks']}项，按各单位最新报告：已完成{s['已完成']}项，推进中{s['推进中']}项，"
                     f"滞后{s['滞后']}项，未启动{s['未启动']}项，尚无进展报告{s['未报送']}项；"
                     f"完成率{o['done_rate'] * 100:.1f}%。"
                     f"亮灯情况：绿灯{o['lights']['绿灯']}项，黄灯{o['lights']['黄灯']}项，红灯{o['lights']['红灯']}项。"))
    out.append(("h1", "二、目标指标完成情况"))
    if data["targets"]:
        met = sum(1 for t in data["targets"] if t["state"] == "met")
        none = sum(1 for t in data["targets"] if t["state"] == "no_data")
        odd = sum(1 for t in data["targets"] if t["state"] == "not_comparable")
        out.append(("p", f"方案确定的{len(data['targets'])}项目标指标中，已达标{met}项，"
                         f"尚未报送实际值{none}项" + (f"，报送值与目标口径不同、不可比{odd}项" if odd else "")
                         + "，详见附表1。"))
    else:
        out.append(("p", "方案未列出可量化的目标指标。"))
    out.append(("h1", "三、滞后任务"))
    owing = sum(1 for t in data["behind"] if t.get("reports_only"))
    if owing and owing == len(data["behind"]):
        out.append(("p", f"亮黄灯、红灯的任务共{owing}项，均因报告未按时报送亮黄灯，未报单位见附表3。"))
    elif owing:
        out.append(("p", f"亮黄灯、红灯的任务共{len(data['behind'])}项，其中进度滞后或超过时限的"
                         f"{len(data['behind']) - owing}项详见附表2，请牵头单位加快推进；"
                         f"另有{owing}项仅因报告未按时报送亮黄灯，未报单位见附表3。"))
    elif data["behind"]:
        out.append(("p", f"亮黄灯、红灯的任务共{len(data['behind'])}项，详见附表2，请牵头单位加快推进。"))
    else:
        out.append(("p", "本期无亮黄灯、红灯的任务。"))
    out.append(("h1", "四、报送情况"))
    rep = data.get("reporting") or {"owed": 0, "complete": 0, "incomplete": 0, "units": []}
    waiting = "、".join(f"{u}（{n}项）" for u, n in rep["units"][:SHOWN_UNITS]) or "无"
    if len(rep["units"]) > SHOWN_UNITS:
        waiting += f"等{len(rep['units'])}家单位"
    if final:
        out.append(("p", f"本期应报送进展的任务{rep['owed']}项，各责任单位均已报送{rep['complete']}项，"
                         f"未报齐{rep['incomplete']}项。"))
        late = _per_unit(data["late"])
        named = "、".join(f"{u}（{n}项）" for u, n in late[:SHOWN_UNITS]) + (
            f"等{len(late)}家单位" if len(late) > SHOWN_UNITS else "")
        out.append(("p", "迟报单位：" + (named or "无") + "。"))
        out.append(("p", f"未报送单位：{waiting}。详见附表3。"))
    else:
        out.append(("p", f"本期应报送进展的任务{rep['owed']}项，截至{data['date']}"
                         f"各责任单位均已报送{rep['complete']}项，尚未报齐{rep['incomplete']}项（截止日{due}前不计为漏报）。"))
        out.append(("p", f"尚未报送的单位：{waiting}。" + ("详见附表3。" if rep["units"] else "")))
    out.append(("h1", "五、问题台账"))
    i = data["issues"]
    out.append(("p", f"台账累计登记问题{i['total']}个，其中" + "，".join(f"{k}{v}个" for k, v in i["by_status"].items())
                + f"；逾期未办结{len(i['overdue'])}个" + ("，详见附表4。" if i["overdue"] else "。")))
    out.append(("h1", "六、综合排名"))
    if not final:
        out.append(("p", "本期报送尚未截止，暂不排名。"))
    else:
        out.append(("p", praise(data["ranking"]) + ("全部排名见附表5。" if data["ranking"] else "")))
    out = out + dataclocks.paragraphs(data, sum(1 for style, _ in out if style == "h1"))
    out += unclaimed_paragraphs(data, out)  # 应享未享 (政策找人)
    return out


def _font(run: Any, name: str, size: float, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _rule(paragraph: Any, color: str = "FF0000") -> None:
    from docx.oxml.ns import qn

    p_pr = paragraph._element.get_or_add_pPr()
    borders = p_pr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "1",
                                                  qn("w:color"): color})
    borders.append(bottom)
    p_pr.append(borders)


def _page_number(section: Any) -> None:
    """Page numbers as GB/T 9704 places them: odd pages at the right, even pages at the left, each one
    character (四号, 14 pt) in from the edge of the text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                         WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_field(p)


def _page_field(p: Any) -> None:
    from docx.oxml.ns import qn

    _font(p.add_run("— "), SONGTI, 14)
    run = p.add_run()
    _font(run, SONGTI, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            el = run._element.makeelement(qn("w:instrText"), {})
            el.text = text
        run._element.append(el)
    _font(p.add_run(" —"), SONGTI, 14)


TEXT_WIDTH_MM = 210 - 28 - 26  # A4 less the 订口 and 翻口 margins


EM_MM = 12 * 25.4 / 72  # one full-width character of the tables' 小四 (12 pt) text
SIZES = (12.0, 10.5, 9.0)  # 小四, 五号, 小五: a table too wide for its numbers and headers is set smaller
NARROW_EM = 0.65  # a digit or letter in the fallback fonts of a machine without 仿宋 (DejaVu Sans digits: 0.64)
# the wide ones there (DejaVu Sans), and the dashes a Chinese font sets a full em wide ("—" for no value)
WIDE_EM = {"%": 0.95, "‰": 1.25, "M": 0.9, "W": 1.0, "m": 1.0, "w": 0.85, "—": 1.0, "…": 1.0}
CELL_MARGIN_MM = 1.0  # a cell's left and right margins (Word's 1.9 mm leave a ten-column table no room)
PADDING_MM = 2 * CELL_MARGIN_MM + 1.0  # the cell's margins, and a little room
NAME_EM = 10  # a unit's name on one line; a longer text wraps first
WRAPPED_EM = 6  # the least a long text is given before the table is set smaller (a unit's name on two lines)
_CLOSING, _OPENING = "）》」』】〕，、。；：！？", "（《「『【〔"
SHORT_MM = 26  # a column whose values fit in this width is short: it gives way before a long text


def text_mm(text: str, size: float = 12.0) -> float:
    """The width of ``text`` on one line at ``size`` points: a full-width character one em, a half-width one
    as wide as the fallback fonts set it."""
    em = size * 25.4 / 72
    return sum(em * (1 if display_width(ch) == 2 else WIDE_EM.get(ch, NARROW_EM)) for ch in text)


def header_mm(text: str, size: float = 12.0) -> float:
    """The least width that sets a header in at most two lines: its longer part, cut where the parts are most even
    and a line may break — between two Chinese characters, not at a sign (``时/应`` stays together) nor before a
    closing or after an opening bracket."""
    cuts = [k for k in range(1, len(text)) if display_width(text[k - 1]) == display_width(text[k]) == 2
            and text[k] not in _CLOSING and text[k - 1] not in _OPENING]
    if not cuts:
        return text_mm(text, size)
    return min(max(text_mm(text[:k], size), text_mm(text[k:], size)) for k in cuts)


def _needs(headers: list[str], rows: list[list[Any]], size: float) -> tuple[list[float], ...]:
    """Per column at ``size``: its longest value on one line (a long text capped), its header in two lines, the
    least it is given (both, with the cell's padding) and what it wants (also the header at most half wrapped)."""
    em = size * 25.4 / 72
    cap = 20 * em  # a long text wraps beyond this
    values = [min(max([em] + [text_mm(str(r[k]), size) for r in rows]), cap) for k in range(len(headers))]
    heads = [header_mm(h, size) for h in headers]
    least = [max(v, h) + PADDING_MM for v, h in zip(values, heads, strict=True)]
    full = [max(m, min(max(text_mm(h, size) / 2, 2 * em), cap) + PADDING_MM) for m, h in zip(least, headers,
                                                                                               strict=True)]
    return values, heads, least, full


def _floor(values: list[float], heads: list[float], least: list[float], chars: float, size: float) -> list[float]:
    """The least each column is given when its long text (beyond ``SHORT_MM``) wraps into lines of ``chars``
    full-width characters (never narrower than its header in two lines)."""
    line = chars * size * 25.4 / 72
    return [min(m, max(line, h) + PADDING_MM) if v > SHORT_MM else m
            for v, h, m in zip(values, heads, least, strict=True)]


def table_size(headers: list[str], rows: list[list[Any]], total_mm: float = TEXT_WIDTH_MM) -> float:
    """The font size (pt) of a table: 小四, or smaller when its numbers on one line, its headers in two lines
    and its long texts in lines of ``WRAPPED_EM`` characters do not fit ``total_mm``."""
    for size in SIZES:
        values, heads, least, _ = _needs(headers, rows, size)
        if sum(_floor(values, heads, least, WRAPPED_EM, size)) <= total_mm:
            return size
    return SIZES[-1]


def column_widths(headers: list[str], rows: list[list[Any]], total_mm: float = TEXT_WIDTH_MM, size: float = 12.0
                  ) -> list[float]:
    """Column widths (mm) summing to ``total_mm`` that fit what each column holds at ``size`` points. Each column
    wants its longest value and its header on one line, or in two; when the table is too wide for that, the
    headers take two lines, then a long text (a unit's name) wraps, and only then does a number: "14%" and a
    header stay on at most two lines as long as the table can be set (see :func:`table_size`)."""
    values, heads, least, full = _needs(headers, rows, size)
    if sum(full) <= total_mm:  # everything fits: spread the room left in proportion
        return [round(w * total_mm / sum(full), 1) for w in full]
    if sum(least) <= total_mm:
        room, wants = total_mm - sum(least), [f - m for f, m in zip(full, least, strict=True)]
        return [round(m + room * w / sum(wants), 1) if sum(wants) else round(m, 1)
                for m, w in zip(least, wants, strict=True)]
    long = [k for k, v in enumerate(values) if v > SHORT_MM]
    floor = _floor(values, heads, least, NAME_EM, size)
    if sum(floor) <= total_mm:  # a long text wraps down to a name's length, and gets what room is left
        room, wants = total_mm - sum(floor), sum(least[k] - floor[k] for k in long)
        return [round(f + (room * (least[k] - f) / wants if wants else 0), 1) for k, f in enumerate(floor)]
    short = sum(m for k, m in enumerate(floor) if k not in long)
    if long and short < total_mm - PADDING_MM * len(long):  # the long texts share what the short ones leave
        kept = sum(floor[k] for k in long)
        return [round(m * (total_mm - short) / kept if k in long else m, 1) for k, m in enumerate(floor)]
    return [round(m * total_mm / sum(floor), 1) for m in floor]  # nothing else left: squeeze all alike


def _table(doc: Any, headers: list[str], rows: list[list[Any]]) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    texts = [["" if v is None else str(v) for v in r] for r in rows]
    size = table_size(headers, texts)
    widths = column_widths(headers, texts, size=size)
    _cell_margins(table)
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))  # repeated on every page
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEITI, size)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), FANGSONG, size)
    for k, width in enumerate(widths):
        table.columns[k].width = Mm(width)
        for cell in table.columns[k].cells:
            cell.width = Mm(width)


def _cell_margins(table: Any) -> None:
    """The table's cells' left and right margins, ``CELL_MARGIN_MM``, which :func:`column_widths` counts with."""
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(round(CELL_MARGIN_MM / 25.4 * 1440)),
                                                             qn("w:type"): "dxa"}))
    look = tbl_pr.find(qn("w:tblLook"))  # the schema's order: the margins come before it
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _xml_safe(value: Any) -> Any:
    """Every string inside ``value`` without the characters XML cannot hold (see :func:`sheets.xml_text`)."""
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(v) for v in value]
    return xml_safe(value)


def docx_bytes(data: dict[str, Any]) -> bytes:
    """The bulletin as a Word document in the official-document layout."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    data = _xml_safe(data)  # text typed before inputs were cleaned must not make the document fail
    doc = Document()
    doc.settings.odd_and_even_pages_header_footer = True
    made = datetime.now(UTC).replace(microsecond=0)
    props = doc.core_properties
    props.author = props.last_modified_by = data["office"]
    props.title, props.subject = data["title"], data["masthead"]
    props.created = props.modified = made
    props.revision, props.comments, props.keywords = 1, "", ""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def para(text: str, font: str, size: float, align: Any = None, bold: bool = False, color: str | None = None,
             indent: bool = False) -> Any:
        p = doc.add_paragraph()
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(28.95)
        p.paragraph_format.space_after = Pt(0)
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        _font(p.add_run(text), font, size, bold, color)
        return p

    masthead = para(data["masthead"], XIAOBIAOSONG, 36, WD_ALIGN_PARAGRAPH.CENTER, color="FF0000")
    masthead.paragraph_format.line_spacing = Pt(60)
    para(f"第{data['issue_no']}期" if data.get("issue_no") else "（未发布稿）", FANGSONG, 16, WD_ALIGN_PARAGRAPH.CENTER)
    d = date.fromisoformat(data["date"])
    line = para(f"{data['office']}\u3000\u3000\u3000\u3000\u3000\u3000{d.year}年{d.month}月{d.day}日", FANGSONG, 16,
                WD_ALIGN_PARAGRAPH.CENTER)
    _rule(line)
    para("", FANGSONG, 16)
    para(data["title"], XIAOBIAOSONG, 22, WD_ALIGN_PARAGRAPH.CENTER)
    para("", FANGSONG, 16)
    last = None
    for style, text in paragraphs(data):
        last = para(text, {"h1": HEITI, "h2": KAITI}.get(style, FANGSONG), 16, indent=True)
        last.paragraph_format.keep_with_next = style != "p"  # a heading is not the last line of a page
    # the signature and date never stand alone on a page: they keep with the last line of the text
    for p in (last, para("", FANGSONG, 16), para(data["office"], FANGSONG, 16, WD_ALIGN_PARAGRAPH.RIGHT)):
        if p is not None:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.widow_control = True
    para(f"{d.year}年{d.month}月{d.day}日", FANGSONG, 16, WD_ALIGN_PARAGRAPH.RIGHT)

    for k, (heading, headers, rows, note) in enumerate(annexes(data)):
        # the annexes begin a page: a break before their heading, not a paragraph holding a break, which
        # becomes a blank page when the body fills its last page exactly
        title = para(heading, HEITI, 16)
        title.paragraph_format.page_break_before = k == 0
        title.paragraph_format.keep_with_next = bool(rows)  # never a heading at a page's foot, its table overleaf
        if rows:
            _table(doc, headers, rows)
        if note:
            para(note, FANGSONG, 16, indent=True)
    _page_number(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


