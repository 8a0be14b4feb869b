"""A bulletin's annex tables and its .xlsx, made from :func:`zhengce.supervision.bulletin.bulletin_data` alone:
only the rows that matter (lagging tasks, units late or owing, overdue issues, ranked units), the rest said
in one sentence under each table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zhengce.sheets import workbook
from zhengce.supervision import dataclocks
from zhengce.supervision.bulletin_unclaimed import unclaimed_sheet
from zhengce.supervision.ranking import rank_text

__all__ = ["RANK_HEAD", "annexes", "rank_row", "target_name", "xlsx_bytes"]

RANK_HEAD = ["名次", "单位", "按时/应报", "按时报送率", "完成/牵头任务", "任务完成率", "销号/交办问题", "问题销号率",
             "加减分", "得分"]


def rank_row(r: dict[str, Any], numbers: bool = False) -> list[Any]:
    """One ranked unit: raw counts beside each rate (the .xlsx keeps numbers as numbers)."""
    n, p = r["counts"], r["percents"]

    def pct(key: str) -> Any:
        if p[key] is None:
            return None if numbers else "—"
        return Decimal(p[key]) if numbers else f"{p[key]}%"

    return [r["rank"] if numbers else rank_text(r), r["unit"], f"{n['on_time']}/{n['owed']}", pct("reports"),
            f"{n['tasks_done']}/{n['tasks_held']}", pct("tasks"), f"{n['issues_closed']}/{n['issues_assigned']}",
            pct("issues"), Decimal(r["adjustment"]) if numbers else r["adjustment"],
            Decimal(r["total"]) if numbers else r["total"]]


def annexes(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]], str]]:
    """The annex tables as (heading, headers, rows, note): only the rows that matter (lagging tasks, units
    whose reports are late or not in, overdue issues, ranked units), the rest said in one sentence."""
    final = data.get("state", "final") == "final"
    rep = data.get("reporting") or {}
    owing = rep.get("by_unit", [])
    rest = max(0, rep.get("unit_count", 0) - len(owing))
    issues = data["issues"]
    n_issues = issues["total"] - len(issues["overdue"])
    lagging = [t for t in data["behind"] if not t.get("reports_only")]
    tables = [
        ("附表1  目标指标完成情况", ["指标（目标年份）", "目标值", "最新实际值", "完成进度", "时间进度", "状态"],
         [[target_name(t), goal_text(t), (t["actual"] or "—") + (t["actual_unit"] or ""),
           f"{t['progress']}%" if t["progress"] is not None else "—", f"{t['elapsed']}%", t["state_name"]]
          for t in data["targets"]], _targets_note(data["targets"])),
        ("附表2  滞后任务", ["序号", "任务", "牵头单位", "亮灯", "原因"],
         [[t["number"], t["heading"], t["lead"], t["light"], t["reason"]] for t in lagging], _lagging_note(data)),
        ("附表3  迟报未报单位" if final else "附表3  尚未报齐单位",
         ["单位", "迟报（项）", "未报送（项）" if final else "尚未报送（项）"],
         [[u["unit"], u["late"], u["missing"]] for u in owing],
         ((f"其余{rest}家单位均按时报送。" if final else f"其余{rest}家单位均已报送。") if rest else "")
         if owing else "各单位均按时报送。" if final else "各单位均已报送。"),
        ("附表4  逾期未办结问题", ["编号", "问题", "承办单位", "时限", "状态"],
         [[i["id"], i["title"], i["unit"], i["deadline"], i["status_name"]] for i in issues["overdue"]],
         (f"其余{n_issues}个问题均已办结或在办理时限内。" if n_issues else "") if issues["overdue"]
         else "台账问题均已办结或在办理时限内。" if issues["total"] else "台账暂无问题。"),
        ("附表5  综合排名", RANK_HEAD, [rank_row(r) for r in data["ranking"]],
         "" if data["ranking"] else "本期报送尚未截止，暂不排名。" if not final else "本期暂无应计分的单位。"),
    ]
    return tables + dataclocks.annex(data, len(tables) + 1)


CHANGE_WORDS = {"growth": "增长", "decline": "下降", "added": "新增"}
BOUND_WORDS = {"min": "以上", "max": "以内", "approx": "左右"}


def target_year(t: dict[str, Any]) -> str:
    """The year a target is for: as the plan states it, else the campaign's last year, marked so."""
    return f"{t['year_shown']}年" + ("，推定" if t.get("year_assumed") else "")


def goal_text(t: dict[str, Any]) -> str:
    """A target as the plan puts it: its change (增长, 下降, 新增), value and unit, and 以上 / 以内 (a decline of
    2.7% is not a bare 2.7%)."""
    return (f"{CHANGE_WORDS.get(t.get('change') or '', '')}{t['target']}{t['unit']}"
            f"{BOUND_WORDS.get(t.get('bound') or '', '')}")


def target_name(t: dict[str, Any]) -> str:
    """A target's indicator with the year it is for, and its clause from the document when the name alone could be
    mistaken for another target's: 企业（2025年；原文：企业达到800户以上）."""
    clause = t.get("clause") or ""
    return f"{t['indicator']}（{target_year(t)}" + (f"；原文：{clause[:40]}）" if clause else "）")


def _targets_note(targets: list[dict[str, Any]]) -> str:
    """Under annex 1: why each value not compared with its target is not comparable."""
    if not targets:
        return "方案未列出可量化的目标指标。"
    odd = [f"{t['indicator']}：{t['why']}" for t in targets if t["state"] == "not_comparable"]
    return ("不可比的指标：" + "；".join(odd) + "。") if odd else ""


def _lagging_note(data: dict[str, Any]) -> str:
    """What annex 2 leaves out: the tasks lit yellow only by reports owed (their units are in annex 3),
    and the tasks with no yellow or red light."""
    owing = sum(1 for t in data["behind"] if t.get("reports_only"))
    rest = data["overview"]["tasks"] - len(data["behind"])
    if not data["behind"]:
        return "本期无亮黄灯、红灯的任务。"
    parts = [f"另有{owing}项任务仅因报告未按时报送亮黄灯，未列出，未报单位见附表3" if owing else "",
             f"其余{rest}项任务均未亮黄灯、红灯" if rest else ""]
    return "；".join(p for p in parts if p) + ("。" if owing or rest else "")


def xlsx_bytes(data: dict[str, Any]) -> bytes:
    """The same numbers as a workbook, one sheet per part."""
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("总体情况", ["项目", "数量"], [["任务总数", data["overview"]["tasks"]]]
         + [[k, v] for k, v in data["overview"]["by_status"].items()]
         + [[k, v] for k, v in data["overview"]["lights"].items()]),
        ("目标指标", ["指标", "目标值", "单位", "实际值", "实际值单位", "完成进度%", "时间进度%", "状态", "说明",
                      "原文", "目标", "目标年份"],
         [[t["indicator"], _num(t["target"]), t["unit"], _num(t["actual"]), t["actual_unit"] if t["actual"] else "",
           t["progress"], t["elapsed"], t["state_name"], t.get("why", ""), t.get("clause", ""), goal_text(t),
           target_year(t)] for t in data["targets"]]),
        ("滞后任务", ["序号", "任务", "牵头单位", "亮灯", "原因"],
         [[t["number"], t["heading"], t["lead"], t["light"], t["reason"]] for t in data["behind"]]),
        ("迟报漏报", ["单位", "情况", "任务", "截止"],
         [[m["unit"], "迟报", m.get("task_label", m["number"]), _day(m["due"])] for m in data["late"]]
         + [[m["unit"], "未报送", m.get("task_label", m["number"]), _day(m["due"])] for m in data["missing"]]),
        ("单位报送", ["单位", "迟报（项）", "未报送（项）"],
         [[u["unit"], u["late"], u["missing"]] for u in (data.get("reporting") or {}).get("by_unit", [])]),
        ("问题台账", ["编号", "问题", "承办单位", "时限", "状态", "逾期"],
         [[i["id"], i["title"], i["unit"], _day(i["deadline"]), i["status_name"], "是" if i["overdue"] else ""]
          for i in data["issues"].get("all", data["issues"]["overdue"])]),
        ("综合排名", RANK_HEAD, [rank_row(r, numbers=True) for r in data["ranking"]]),
        unclaimed_sheet(data),  # 应享未享 (政策找人), per granting unit
    ]
    sheets += [(heading.split()[-1][:31], headers, rows) for heading, headers, rows, _ in dataclocks.annex(data, 1)]
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
