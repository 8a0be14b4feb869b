"""Bulletins (通报) of a dispatch cycle: the data, a .docx in the official-document layout, and an .xlsx.

Every number comes from the stored reports, issues and scores (:mod:`zhengce.supervision`,
:mod:`zhengce.scoring`); nothing is typed in. The .docx follows GB/T 9704-2012 for what a bulletin
needs: A4 with the standard margins (天头 37 mm, 订口 28 mm), a red masthead (版头) with the issuing
office, the issue number and date above a red rule, a title in 小标宋 二号, body in 仿宋_GB2312 三号
with 黑体 and 楷体_GB2312 headings at a fixed 28.95 pt line pitch (22 lines a page), and page
numbers as "— 1 —" in 宋体 四号. Fonts are named as the standard names them; a machine without them
substitutes its own.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor
from zhengce.access.accounts import today as today_cn
from zhengce.db import UnitRow
from zhengce.sheets import workbook, xml_safe
from zhengce.supervision import core as supervision
from zhengce.supervision import scoring
from zhengce.supervision.core import ISSUE_STATUSES, LIGHTS, STATUSES, _campaign, _cycles, _require, _settings

XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"


def bulletin_data(engine: Engine, actor: Actor, campaign_id: int, cycle: int, today: date | None = None
                  ) -> dict[str, Any]:
    """What the bulletin of one cycle says, computed from what is stored."""
    today = today or today_cn()
    _require(actor, "office", "leader")
    with Session(engine) as session:
        c = _campaign(session, actor, campaign_id)
        cy = scoring.cycle_of(_cycles(c), cycle)
        settings = _settings(c)
        office = settings.get("bulletin_office") or f"{c.jurisdiction or ''}督查室"
        masthead = settings.get("bulletin_masthead") or "督查通报"
    view = supervision.campaign_view(engine, actor, campaign_id, today, upto_cycle=cycle)
    active = [t for t in view["tasks"] if not t["archived"]]
    by_status = {name: sum(1 for t in active if t["status"] == k) for k, name in STATUSES.items()}
    by_status["未报送"] = sum(1 for t in active if t["status"] is None)
    final = cy.due < today  # the cycle's due day has passed: what is not in is missing, not yet to come
    reporting = _reporting(engine, campaign_id, cy, active, view["campaign"])
    lights = {LIGHTS[k]: sum(1 for t in active if t["light"] == k) for k in LIGHTS}
    behind = [t for t in active if t["light"] in {"yellow", "red"}]
    ledger = supervision.issues(engine, actor, campaign_id, today)
    issues = ledger["issues"]
    return {
        "campaign": view["campaign"], "cycle": cy.to_dict(), "office": office, "masthead": masthead,
        "issue_no": cycle,
        "date": today.isoformat(), "title": title(view["campaign"]["name"], cy.label),
        "state": "final" if final else "in_progress", "state_name": "已截止" if final else "进行中",
        "reporting": reporting,
        "cycles": [x for x in view["cycles"] if x["state"] != "future"],
        "overview": {"tasks": len(active), "by_status": by_status, "lights": lights,
                     "done": by_status[STATUSES["done"]],
                     "done_rate": round(by_status[STATUSES["done"]] / len(active), 3) if active else 0.0},
        "targets": scoring.targets_dashboard(engine, actor, campaign_id, today, upto_cycle=cycle)["targets"],
        "behind": [{"number": t["task_label"], "heading": t["heading"] or t["text"][:30], "light": t["light_name"],
                    "reason": t["light_reason"],
                    "lead": "、".join(u["unit"] for u in t["units"] if u["role"] == "lead")} for t in behind],
        "missing": [m for m in view["missing"] if m["cycle"] == cycle] if final else [],
        "late": [m for m in view["late"] if m["cycle"] == cycle],
        "issues": {"total": len(issues), "by_status": {name: sum(1 for i in issues if i["status"] == k)
                                                      for k, name in ISSUE_STATUSES.items()},
                   "overdue": [i for i in issues if i["overdue"]], "all": issues, "by_unit": ledger["by_unit"]},
        "ranking": scoring.scores(engine, actor, campaign_id, cycle=cycle, today=today)["ranked"] if final else [],
    }


RANK_HEAD = ["名次", "单位", "按时/应报", "按时报送率", "完成/牵头任务", "任务完成率", "销号/交办问题", "问题销号率",
             "加减分", "得分"]


def _rank_row(r: dict[str, Any], numbers: bool = False) -> list[Any]:
    """One ranked unit: raw counts beside each rate (the .xlsx keeps numbers as numbers)."""
    n, p = r["counts"], r["percents"]

    def pct(key: str) -> Any:
        if p[key] is None:
            return None if numbers else "—"
        return Decimal(p[key]) if numbers else f"{p[key]}%"

    return [r["rank"], r["unit"], f"{n['on_time']}/{n['owed']}", pct("reports"),
            f"{n['tasks_done']}/{n['tasks_held']}", pct("tasks"), f"{n['issues_closed']}/{n['issues_assigned']}",
            pct("issues"), Decimal(r["adjustment"]) if numbers else r["adjustment"],
            Decimal(r["total"]) if numbers else r["total"]]


def title(name: str, label: str) -> str:
    """关于{period}{campaign}推进情况的通报; a campaign name that begins with its own year keeps the
    period apart, in brackets after it, so two dates do not run together."""
    name = name.strip().strip("《》")
    if re.match(r"^(?:19|20)\d{2}(?:—\d{2,4})?年", name):
        return f"关于{name}推进情况的通报（{label}）"
    return f"关于{label}{name}推进情况的通报"


def _reporting(engine: Engine, campaign_id: int, cy: Any, active: list[dict[str, Any]],
               campaign: dict[str, Any]) -> dict[str, Any]:
    """This cycle's reports by task: owed (the task began before the cycle ended its deadline), complete
    (every responsible unit, collective names aside, reported), or not (the units still owing)."""
    from sqlalchemy import select

    from zhengce.db.tracking import ReportRow

    ids = [t["id"] for t in active]
    with Session(engine) as session:
        have = set(session.execute(select(ReportRow.campaign_task_id, ReportRow.unit_id).where(
            ReportRow.campaign_task_id.in_(ids), ReportRow.cycle == cy.index, ReportRow.draft.is_(False))).all())
        groups = {u.id for u in session.scalars(select(UnitRow).where(UnitRow.id.in_(
            {u["unit_id"] for t in active for u in t["units"]}))) if scoring.is_group(u)}
    owed = complete = 0
    waiting: dict[str, int] = {}
    published = campaign["status"] == "published"
    for t in active:
        if not published or cy.start.isoformat() > (t["deadline"] or campaign["end"]):
            continue
        units = [u for u in t["units"] if u["unit_id"] not in groups]
        if not units:
            continue
        owed += 1
        missing = [u for u in units if (t["id"], u["unit_id"]) not in have]
        complete += not missing
        for u in missing:
            waiting[u["unit"]] = waiting.get(u["unit"], 0) + 1
    return {"owed": owed, "complete": complete, "incomplete": owed - complete,
            "units": sorted(waiting.items(), key=lambda kv: (-kv[1], kv[0])), "unit_reports": sum(waiting.values())}


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
    out: list[tuple[str, str]] = [("p", f"现将{data['cycle']['label']}{data['campaign']['name']}推进情况通报如下。")]
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
        out.append(("p", f"方案确定的{len(data['targets'])}项目标指标中，已达标{met}项，"
                         f"尚未报送实际值{none}项，详见附表1。"))
    else:
        out.append(("p", "方案未列出可量化的目标指标。"))
    out.append(("h1", "三、滞后任务"))
    if data["behind"]:
        out.append(("p", f"亮黄灯、红灯的任务共{len(data['behind'])}项，详见附表2，请牵头单位加快推进。"))
    else:
        out.append(("p", "本期无亮黄灯、红灯的任务。"))
    out.append(("h1", "四、报送情况"))
    rep = data.get("reporting") or {"owed": 0, "complete": 0, "incomplete": 0, "units": []}
    waiting = "、".join(f"{u}（{n}项）" for u, n in rep["units"]) or "无"
    if final:
        out.append(("p", f"本期应报送进展的任务{rep['owed']}项，各责任单位均已报送{rep['complete']}项，"
                         f"未报齐{rep['incomplete']}项。"))
        late = _per_unit(data["late"])
        out.append(("p", "迟报单位：" + ("、".join(f"{u}（{n}项）" for u, n in late) if late else "无") + "。"))
        out.append(("p", f"未报送单位：{waiting}。"))
    else:
        out.append(("p", f"本期应报送进展的任务{rep['owed']}项，截至{data['date']}"
                         f"各责任单位均已报送{rep['complete']}项，尚未报齐{rep['incomplete']}项（截止日{due}前不计为漏报）。"))
        out.append(("p", f"尚未报送的单位：{waiting}。"))
    out.append(("h1", "五、问题台账"))
    i = data["issues"]
    out.append(("p", f"台账累计登记问题{i['total']}个，其中" + "，".join(f"{k}{v}个" for k, v in i["by_status"].items())
                + f"；逾期未办结{len(i['overdue'])}个。"))
    out.append(("h1", "六、综合排名"))
    if not final:
        out.append(("p", "本期报送尚未截止，暂不排名。"))
    else:
        top = "、".join(f"{r['unit']}（{r['total']}分）" for r in data["ranking"][:5])
        out.append(("p", f"本期得分前列的单位：{top or '无'}。全部排名见附表3。"))
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


def column_widths(headers: list[str], rows: list[list[Any]], total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Column widths (mm) in proportion to what each column holds: its longest value, capped so that
    one long column of text wraps rather than squeezing the others (unit names stay on one line)."""
    from zhengce.sheets import display_width

    need = [max([display_width(h)] + [display_width(r[k]) for r in rows]) for k, h in enumerate(headers)]
    need = [min(max(n, 4), 40) for n in need]
    scale = total_mm / sum(need)
    return [round(n * scale, 1) for n in need]


def _table(doc: Any, headers: list[str], rows: list[list[Any]]) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    widths = column_widths(headers, [["" if v is None else str(v) for v in r] for r in rows])
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))  # repeated on every page
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEITI, 12)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), FANGSONG, 12)
    for k, width in enumerate(widths):
        table.columns[k].width = Mm(width)
        for cell in table.columns[k].cells:
            cell.width = Mm(width)


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
    para(f"第{data['issue_no']}期", FANGSONG, 16, WD_ALIGN_PARAGRAPH.CENTER)
    d = date.fromisoformat(data["date"])
    line = para(f"{data['office']}\u3000\u3000\u3000\u3000\u3000\u3000{d.year}年{d.month}月{d.day}日", FANGSONG, 16,
                WD_ALIGN_PARAGRAPH.CENTER)
    _rule(line)
    para("", FANGSONG, 16)
    para(data["title"], XIAOBIAOSONG, 22, WD_ALIGN_PARAGRAPH.CENTER)
    para("", FANGSONG, 16)
    for style, text in paragraphs(data):
        if style == "h1":
            para(text, HEITI, 16, indent=True)
        elif style == "h2":
            para(text, KAITI, 16, indent=True)
        else:
            para(text, FANGSONG, 16, indent=True)
    para("", FANGSONG, 16)
    para(data["office"], FANGSONG, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    para(f"{d.year}年{d.month}月{d.day}日", FANGSONG, 16, WD_ALIGN_PARAGRAPH.RIGHT)

    doc.add_page_break()
    para("附表1  目标指标完成情况", HEITI, 16)
    _table(doc, ["指标", "目标值", "最新实际值", "完成进度", "时间进度", "状态"],
           [[t["indicator"], f"{t['target']}{t['unit']}", (t["actual"] or "—") + (t["actual_unit"] or ""),
             f"{t['progress']}%" if t["progress"] is not None else "—", f"{t['elapsed']}%", t["state_name"]]
            for t in data["targets"]])
    para("附表2  滞后任务", HEITI, 16)
    _table(doc, ["序号", "任务", "牵头单位", "亮灯", "原因"],
           [[t["number"], t["heading"], t["lead"], t["light"], t["reason"]] for t in data["behind"]])
    para("附表3  综合排名", HEITI, 16)
    _table(doc, RANK_HEAD, [_rank_row(r) for r in data["ranking"]])
    _page_number(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def xlsx_bytes(data: dict[str, Any]) -> bytes:
    """The same numbers as a workbook, one sheet per part."""
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("总体情况", ["项目", "数量"], [["任务总数", data["overview"]["tasks"]]]
         + [[k, v] for k, v in data["overview"]["by_status"].items()]
         + [[k, v] for k, v in data["overview"]["lights"].items()]),
        ("目标指标", ["指标", "目标值", "单位", "实际值", "完成进度%", "时间进度%", "状态"],
         [[t["indicator"], _num(t["target"]), t["unit"], _num(t["actual"]), t["progress"], t["elapsed"],
           t["state_name"]] for t in data["targets"]]),
        ("滞后任务", ["序号", "任务", "牵头单位", "亮灯", "原因"],
         [[t["number"], t["heading"], t["lead"], t["light"], t["reason"]] for t in data["behind"]]),
        ("迟报漏报", ["单位", "情况", "任务", "截止"],
         [[m["unit"], "迟报", m.get("task_label", m["number"]), _day(m["due"])] for m in data["late"]]
         + [[m["unit"], "未报送", m.get("task_label", m["number"]), _day(m["due"])] for m in data["missing"]]),
        ("问题台账", ["编号", "问题", "承办单位", "时限", "状态", "逾期"],
         [[i["id"], i["title"], i["unit"], _day(i["deadline"]), i["status_name"], "是" if i["overdue"] else ""]
          for i in data["issues"].get("all", data["issues"]["overdue"])]),
        ("综合排名", RANK_HEAD, [_rank_row(r, numbers=True) for r in data["ranking"]]),
    ]
    return workbook(sheets, auto_widths=True)


def _num(text: Any) -> Any:
    """A decimal string as a number for the spreadsheet (text that is not a number stays text)."""
    if text is None or isinstance(text, int | Decimal):
        return text
    try:
        value = Decimal(str(text).replace(",", ""))
    except ArithmeticError:
        return text
    return value if value.is_finite() else text


def _day(text: Any) -> Any:
    try:
        return date.fromisoformat(text) if text else text
    except (TypeError, ValueError):
        return text
