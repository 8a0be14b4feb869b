"""Bulletins (通报) of a dispatch cycle: the data, a .docx in the official-document layout, and an .xlsx
(those two from :mod:`zhengce.supervision.bulletin_files`).

Every number comes from the stored reports, issues and scores (:mod:`zhengce.supervision`,
:mod:`zhengce.supervision.scoring`); nothing is typed in. The .docx follows GB/T 9704-2012 for what a bulletin
needs: A4 with the standard margins (天头 37 mm, 订口 28 mm), a red masthead (版头) with the issuing
office, the issue number and date above a red rule, a title in 小标宋 二号, body in 仿宋_GB2312 三号
with 黑体 and 楷体_GB2312 headings at a fixed 28.95 pt line pitch (22 lines a page), and page
numbers as "— 1 —" in 宋体 四号. Fonts are named as the standard names them; a machine without them
substitutes its own.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid
from zhengce.db import UnitRow
from zhengce.db.tracking import ReportRow
from zhengce.supervision import bulletin_issues, dataclocks, pushclocks, scoring
from zhengce.supervision.bulletin_files import YEAR_FIRST, annexes, column_widths, docx_bytes, paragraphs, xlsx_bytes
from zhengce.supervision.bulletin_issues import frozen, issues_of
from zhengce.supervision.bulletin_unclaimed import unclaimed_section
from zhengce.supervision.duty import duty_starts, owes
from zhengce.supervision.issue_history import ledger_as_of
from zhengce.supervision.labels import ISSUE_STATUSES, LIGHTS, STATUSES
from zhengce.supervision.lights import reports_only
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import campaign_cycles
from zhengce.supervision.settings import campaign_settings
from zhengce.supervision.units import is_group
from zhengce.supervision.views import campaign_view
from zhengce.text import office
from zhengce.text.raw import ReadError

__all__ = [
    "annexes", "bulletin_data", "column_widths", "docx_bytes", "file_name", "issued_bulletins", "paragraphs",
    "pdf_bytes", "publish", "title", "withdraw", "xlsx_bytes",
]


def bulletin_data(engine: Engine, actor: Actor, campaign_id: int, cycle: int, today: date | None = None
                  ) -> dict[str, Any]:
    """What the bulletin of one cycle says, computed from what is stored."""
    today = today or today_cn()
    picker = today  # the periods to pick from: every one begun by today, whichever bulletin is shown
    require(actor, "office", "leader")
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        cy = scoring.cycle_of(campaign_cycles(c), cycle)
        numbers = issues_of(session, c.id)  # read once: in force, withdrawn, numbers given
        issues_out = numbers.current
        numbering = {"next_no": numbers.given + 1,
                     "withdrawn": [w for w in numbers.withdrawn if w["cycle"] == cycle]}
        this = issues_out.get(cycle)
        copy = frozen(session, this.get("copy")) if this else None
        if copy is not None:  # an issued bulletin: its stored copy, with the periods and issues as they are now
            return copy | numbering | {"issued": [{"cycle": k, **v} for k, v in sorted(issues_out.items())],
                                       "published": True, "issue_no": this["issue_no"],
                                       "cycles": [cy.to_dict() for cy in campaign_cycles(c) if cy.start <= picker]}
        if this:  # issued before copies were kept: its number, and the stored reports as of its day
            today = date.fromisoformat(this["date"])
        settings = campaign_settings(c)
        office = settings.get("bulletin_office") or f"{c.jurisdiction or ''}督查室"
        masthead = settings.get("bulletin_masthead") or "督查通报"
        data_clocks = dataclocks.section(engine, session, c, cy.start, cy.end, today)
        push_clocks = pushclocks.timeliness(engine, session, c, cy.start, cy.end, today)
    view = campaign_view(engine, actor, campaign_id, today, upto_cycle=cycle)
    active = [t for t in view["tasks"] if not t["archived"]]
    by_status = {name: sum(1 for t in active if t["status"] == k) for k, name in STATUSES.items()}
    by_status["未报送"] = sum(1 for t in active if t["status"] is None)
    final = cy.due < today  # the cycle's due day has passed: what is not in is missing, not yet to come
    reporting = _reporting(engine, campaign_id, cy, active, view["campaign"])
    late = [m for m in view["late"] if m["cycle"] == cycle]
    missing = [m for m in view["missing"] if m["cycle"] == cycle] if final else []
    reporting["by_unit"] = _by_unit(reporting, late, missing, final)
    lights = {LIGHTS[k]: sum(1 for t in active if t["light"] == k) for k in LIGHTS}
    behind = [t for t in active if t["light"] in {"yellow", "red"}]
    owing = {m["task_id"] for m in view["missing"]}
    ledger = ledger_as_of(engine, actor, campaign_id, min(today, cy.end))  # what happened by the period's end
    issues = ledger["issues"]
    return {
        "campaign": view["campaign"], "cycle": cy.to_dict(), "office": office, "masthead": masthead,
        "issue_no": this["issue_no"] if this else None, "published": bool(this),
        **numbering, "issued": [{"cycle": k, **v} for k, v in sorted(issues_out.items())],
        "date": today.isoformat(), "title": title(view["campaign"]["name"], cy.label),
        "state": "final" if final else "in_progress", "state_name": "已截止" if final else "进行中",
        "reporting": reporting,
        "cycles": [x for x in view["cycles"] if date.fromisoformat(x["start"]) <= picker],
        "overview": {"tasks": len(active), "by_status": by_status, "lights": lights,
                     "done": by_status[STATUSES["done"]],
                     "done_rate": round(by_status[STATUSES["done"]] / len(active), 3) if active else 0.0},
        "targets": scoring.targets_dashboard(engine, actor, campaign_id, today, upto_cycle=cycle)["targets"],
        "behind": [{"number": t["task_label"], "heading": t["heading"] or t["text"][:30], "light": t["light_name"],
                    "reason": t["light_reason"],
                    "reports_only": reports_only(t, owing),
                    "lead": "、".join(u["unit"] for u in t["units"] if u["role"] == "lead")} for t in behind],
        "missing": missing, "late": late,
        "issues": {"total": len(issues), "by_status": {name: sum(1 for i in issues if i["status"] == k)
                                                      for k, name in ISSUE_STATUSES.items()},
                   "overdue": [i for i in issues if i["overdue"]], "all": issues, "by_unit": ledger["by_unit"]},
        "ranking": scoring.scores(engine, actor, campaign_id, cycle=cycle, today=today)["ranked"] if final else [],
        "data_clocks": data_clocks,  # None unless the campaign counts the data-resource clocks
        "unclaimed": unclaimed_section(engine, today, view["campaign"]["jurisdiction"]),  # 应享未享 (政策找人)
        "push_clocks": push_clocks,  # None unless the campaign counts the pushes (政策兑现及时率)
    }

def issued_bulletins(engine: Engine, actor: Actor, campaign_id: int) -> list[dict[str, Any]]:
    """The campaign's bulletins in force, newest period first: cycle, label, issue_no, date, url."""
    require(actor, "office", "leader")
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        labels = {cy.index: cy.label for cy in campaign_cycles(c)}
        return [{"cycle": k, "label": labels.get(k, ""), "issue_no": v["issue_no"], "date": v["date"],
                 "url": f"/campaign/{c.id}/bulletin?cycle={k}"} for k, v in sorted(issues_of(session, c.id).current
                                                                             .items(), reverse=True)]


def publish(engine: Engine, actor: Actor, campaign_id: int, cycle: int, today: date | None = None) -> int:
    """Issue the bulletin of one cycle (督查室): it takes the next number and today's date, and its data is
    stored as it stands; returns the number. Refused before the cycle's due day and when already issued."""
    today = today or today_cn()
    bulletin_issues.check(engine, actor, campaign_id, cycle, today)
    data = bulletin_data(engine, actor, campaign_id, cycle, today)
    return bulletin_issues.record(engine, actor, campaign_id, cycle, data, today)


def withdraw(engine: Engine, actor: Actor, campaign_id: int, cycle: int, reason: str,
             today: date | None = None) -> int:
    """Withdraw the issued bulletin of one cycle with the reason (督查室); returns its number, which stays used."""
    return bulletin_issues.withdraw(engine, actor, campaign_id, cycle, reason, today)


def file_name(data: dict[str, Any], extension: str) -> str:
    """The download's name: the campaign, 通报, its number (or 未发布稿) and the period — 《》 and characters a
    file name cannot hold left out."""
    name = re.sub(r'[《》\\/:*?"<>|\s]+', "", data["campaign"]["name"])[:40]
    number = f"第{data['issue_no']}期" if data.get("issue_no") else "未发布稿"
    return f"{name}-通报-{number}-{data['cycle']['label']}.{extension}"


def pdf_bytes(data: dict[str, Any]) -> bytes:
    """The .docx as PDF, by LibreOffice; :class:`Invalid` saying so when LibreOffice is not installed."""
    if office.soffice() is None:
        raise Invalid("本机未安装 LibreOffice，无法生成 PDF，请下载 Word 版后另存为 PDF / "
                      "LibreOffice is not installed here: download the Word file and save it as PDF")
    try:
        return office.convert(docx_bytes(data), "docx", "pdf", timeout=120)
    except ReadError as e:
        raise Invalid(f"PDF 生成失败，请下载 Word 版 / the PDF could not be made: {e}") from e


def title(name: str, label: str) -> str:
    """关于{period}{campaign}推进情况的通报; a campaign name that begins with its own year keeps the
    period apart, in brackets after it, so two dates do not run together."""
    name = name.strip().strip("《》")
    if YEAR_FIRST.match(name):
        return f"关于{name}推进情况的通报（{label}）"
    return f"关于{label}{name}推进情况的通报"


def _reporting(engine: Engine, campaign_id: int, cy: Any, active: list[dict[str, Any]],
               campaign: dict[str, Any]) -> dict[str, Any]:
    """This cycle's reports by task: owed (the task began before the cycle ended its deadline), complete
    (every responsible unit, collective names aside, reported), or not (the units still owing)."""
    ids = [t["id"] for t in active]
    with Session(engine) as session:
        have = set(session.execute(select(ReportRow.campaign_task_id, ReportRow.unit_id).where(
            ReportRow.campaign_task_id.in_(ids), ReportRow.cycle == cy.index, ReportRow.draft.is_(False))).all())
        groups = {u.id for u in session.scalars(select(UnitRow).where(UnitRow.id.in_(
            {u["unit_id"] for t in active for u in t["units"]}))) if is_group(u)}
        starts = duty_starts(session, ids)  # a unit assigned after the cycle's due day does not owe it
    owed = complete = 0
    waiting: dict[str, int] = {}
    owing: set[str] = set()
    published = campaign["status"] == "published"
    for t in active:
        if not published or cy.start.isoformat() > (t["deadline"] or campaign["end"]):
            continue
        units = [u for u in t["units"] if u["unit_id"] not in groups and owes(starts, t["id"], u["unit_id"], cy)]
        if not units:
            continue
        owed += 1
        owing.update(u["unit"] for u in units)
        missing = [u for u in units if (t["id"], u["unit_id"]) not in have]
        complete += not missing
        for u in missing:
            waiting[u["unit"]] = waiting.get(u["unit"], 0) + 1
    return {"owed": owed, "complete": complete, "incomplete": owed - complete,
            "units": sorted(waiting.items(), key=lambda kv: (-kv[1], kv[0])), "unit_reports": sum(waiting.values()),
            "unit_count": len(owing)}


def _by_unit(reporting: dict[str, Any], late: list[dict[str, Any]], missing: list[dict[str, Any]], final: bool
             ) -> list[dict[str, Any]]:
    """The units whose reports of this cycle are late or not in (yet), most owed first: the only rows
    the bulletin's reporting annex lists; every other unit owing a report reported on time."""
    rows: dict[str, dict[str, int]] = {}
    for m in late:
        rows.setdefault(m["unit"], {"late": 0, "missing": 0})["late"] += 1
    for unit, n in ((m["unit"], 1) for m in missing) if final else reporting["units"]:
        rows.setdefault(unit, {"late": 0, "missing": 0})["missing"] += n
    return [{"unit": u, **n} for u, n in sorted(rows.items(), key=lambda kv: (-kv[1]["late"] - kv[1]["missing"],
                                                                                kv[0]))]
