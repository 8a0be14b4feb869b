"""The bulletin's section on benefits not yet received (应享未享, issue 18): from the pushes of 政策找人
(:func:`zhengce.eligibility.pushing.unclaimed`) — matched, pushed to the granting unit, not granted.

Only the pushes of the granting units registered in the campaign's jurisdiction count: a county's
bulletin does not report the city's benefits. The workbook has the same figures per granting unit
(:func:`unclaimed_sheet`). Kept apart from the other sections so that each part of
the bulletin can grow on its own; the section takes the next heading number, whatever sections come
before it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine

from zhengce.eligibility.pushing import unclaimed

NUMERALS = "一二三四五六七八九十"
SHOWN = 5


def unclaimed_section(engine: Engine, today: date | None = None, jurisdiction: str | None = None
                      ) -> dict[str, Any]:
    """应享未享 per rule, unit and township, and the pushes overdue — of the granting units of the campaign's
    ``jurisdiction`` (every push when it has none; empty when nothing was pushed there)."""
    return unclaimed(engine, today, jurisdiction)


def unclaimed_paragraphs(data: dict[str, Any], body: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The section's (style, text) pairs, numbered after the headings already in ``body``; none when
    nothing was pushed."""
    u = data.get("unclaimed")
    if not u or not u["matched"]:
        return []
    n = sum(1 for style, _ in body if style == "h1")
    number = NUMERALS[n] if n < len(NUMERALS) else str(n + 1)

    def top(rows: list[dict[str, Any]], key: str) -> str:
        named = "、".join(f"{r[key]}（{r['count']}个）" for r in rows[:SHOWN])
        return (named + (f"等{len(rows)}个" if len(rows) > SHOWN else "")) or "无"

    clocks = data.get("push_clocks")
    timely = []
    if clocks and clocks["owed"]:
        late = "、".join(f"{r['unit']}（{r['missed']}个）" for r in clocks["units"] if r["missed"])
        timely = [("p", f"本期到期的推送任务{clocks['owed']}个，按期反馈{clocks['on_time']}个，政策兑现及时率"
                        f"{100 * clocks['on_time'] / clocks['owed']:.1f}%" + (f"；逾期反馈或未反馈：{late}。" if late
                                                                            else "。"))]
    return [("h1", f"{number}、政策兑现（应享未享）"),
            ("p", f"政策找人已推送符合条件的对象{u['matched']}个，已兑现{u['granted']}个，"
                  f"应享未享{u['unclaimed']}个。"),
            ("p", f"按发放单位：{top(u['by_unit'], 'unit')}。按乡镇（街道）：{top(u['by_township'], 'township')}。"
                  f"按政策：{top(u['by_rule'], 'title')}。"),
            ("p", f"超过期限未记录走访结果的推送任务{u['overdue']}个"
                  + (f"：{top(u['overdue_by_unit'], 'unit')}。" if u["overdue"] else "。")), *timely]


SHEET_HEAD = ["发放单位", "符合条件（个）", "已兑现（个）", "应享未享（个）", "逾期未反馈（个）", "应享未享金额（元）"]


def unclaimed_sheet(data: dict[str, Any]) -> tuple[str, list[str], list[list[Any]]]:
    """The workbook's 应享未享 sheet: per granting unit matched, granted, unclaimed, overdue and the amount
    not yet granted, then the totals the bulletin states; only the headers when nothing was pushed."""
    u = data.get("unclaimed") or {}
    units = u.get("units", [])
    rows: list[list[Any]] = [[r["unit"], r["matched"], r["granted"], r["unclaimed"], r["overdue"],
                              Decimal(r["amount"])] for r in units]
    if units:
        rows.append(["合计", u["matched"], u["granted"], u["unclaimed"], u["overdue"],
                     sum((Decimal(r["amount"]) for r in units), Decimal(0))])
    return "应享未享", SHEET_HEAD, rows


__all__ = ["SHEET_HEAD", "unclaimed_paragraphs", "unclaimed_section", "unclaimed_sheet"]
