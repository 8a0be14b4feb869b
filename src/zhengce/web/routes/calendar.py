"""Serve: the working-day calendar — each year and where its working days come from (an imported holiday
notice, the arrangement built into the platform, or weekends only), and the holiday notices the supervision
office confirms or rejects. Confirming one moves the reporting days that fell on a day it changes.

For everyone: ``/calendar/days`` counts working days (N 个工作日 from a date, or how many between two dates,
with each year's basis), ``/calendar/{year}`` shows a year's holidays and 调休.

Public names: router, CalendarPage, Confirmed, WorkdayPage, YearPage.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from zhengce.access import accounts
from zhengce.access.errors import Forbidden, NotFound
from zhengce.calendar.public import AskError, add_days, between, day_name, holiday_name, year_basis
from zhengce.db import calendars
from zhengce.text.typed import read_day
from zhengce.web.forms import Done, Empty, Ok, form, is_api, path_id, read
from zhengce.web.twins import Loose, actor, engine, page, twin

router = APIRouter()


class CalendarPage(Loose):
    years: list[dict[str, Any]] = Field(description="各年：来源（已导入的通知、平台内置的放假安排或仅按周末估算）")
    notices: list[dict[str, Any]] = Field(description="已导入的节假日安排通知（待确认、已确认、已驳回）")
    can_confirm: bool = Field(description="当前用户能否确认或驳回（督查室）")
    moved: list[dict[str, Any]] | None = Field(description="刚确认时改变的报送日")


class Confirmed(Loose):
    calendar: dict[str, Any] = Field(description="确认后的工作日历")
    moved: list[dict[str, Any]] = Field(description="因此改变的报送日")


def calendar_data(request: Request, moved: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    store = engine(request)
    return {"years": calendars.years(store, accounts.today()), "notices": calendars.notices(store),
            "can_confirm": actor(request).role == "office", "moved": moved}


@twin(router, "/calendar", template="calendar.html", model=CalendarPage,
      summary="工作日历：各年的来源（已导入的节假日安排通知、平台内置的放假安排或仅按周末估算）及各份通知")
def calendar(request: Request) -> dict[str, Any]:
    return calendar_data(request)


@form(router, "/calendar/{calendar_id}/confirm", model=Confirmed, body=Empty,
      summary="督查室确认一份节假日安排通知为该年的正式工作日历；返回改变的报送日")
async def confirm_calendar(request: Request, calendar_id: str) -> Done | Response:
    await read(request, Empty)
    me = actor(request)
    if me.role != "office":
        raise Forbidden("只有督查室可以确认工作日历 / only the office confirms a calendar")
    try:
        result = calendars.confirm(engine(request), path_id(calendar_id), by=me.username)
    except LookupError as exc:
        raise NotFound(str(exc)) from exc
    if is_api(request):
        return Done(result, "")
    return page(request, "calendar.html", calendar_data(request, result["moved"]))


@form(router, "/calendar/{calendar_id}/reject", model=Ok, body=Empty, summary="督查室驳回一份待确认的节假日安排通知")
async def reject_calendar(request: Request, calendar_id: str) -> Done:
    await read(request, Empty)
    if actor(request).role != "office":
        raise Forbidden("只有督查室可以驳回工作日历 / only the office rejects a calendar")
    try:
        calendars.reject(engine(request), path_id(calendar_id))
    except LookupError as exc:
        raise NotFound(str(exc)) from exc
    return Done({"ok": True}, "/calendar")


# --- working days for everyone ----------------------------------------------------------------------


class WorkdayPage(Loose):
    start: str = Field(description="填写的起算日期（原样）")
    days: str = Field(description="填写的工作日天数（原样）")
    end: str = Field(description="填写的结束日期（原样）")
    errors: dict[str, str] = Field(description="各栏的提示（无法识别的日期、天数）")
    answer: dict[str, Any] | None = Field(
        description="结果：question=add（起算日后第 days 个工作日 end）或 between（两日之间 days 个工作日）；"
                    "holidays 途经的放假日（周一至周五）、makeup_days 调休上班的周末、years 各年依据、"
                    "warning 尚未公布时的提示")


class YearPage(Loose):
    year: int = Field(description="年份")
    basis: dict[str, Any] = Field(description="依据：published 为 false 时该年放假安排尚未公布")
    holidays: list[dict[str, Any]] = Field(description="放假（连续的日子为一段，名称如 国庆节、中秋节）")
    makeup_days: list[dict[str, Any]] = Field(description="调休上班的日子（周末上班）")


def _typed(value: str, limit: int = 40) -> str:
    return value.strip()[:limit]


@twin(router, "/calendar/days", template="calendar_days.html", model=WorkdayPage,
      summary="工作日计算：起算日期 start 之后第 days 个工作日是哪天（不算起算日当天），"
              "或 start 到 end 之间有几个工作日；按国家法定节假日与调休，日期可写 2025-09-26 或 2025年9月26日")
def workday_count(request: Request, start: str = "", days: str = "", end: str = "") -> Any:
    """The page's data; under /api, errors as the page's ``errors`` map with HTTP 400."""
    typed = {"start": _typed(start), "days": _typed(days, 10), "end": _typed(end)}
    errors: dict[str, str] = {}
    answer = None
    if any(typed.values()):
        answer = _answer(typed, errors)
    if errors and is_api(request):  # the page's shape, every field's error, with HTTP 400
        return JSONResponse(typed | {"errors": errors, "answer": None,
                                     "error": "；".join(errors.values()) + " / invalid input"}, status_code=400)
    return typed | {"errors": errors, "answer": answer}


def _answer(typed: dict[str, str], errors: dict[str, str]) -> dict[str, Any] | None:
    days = end = first = None
    try:
        first = read_day(typed["start"]) if typed["start"] else None
    except ValueError as exc:
        errors["start"] = f"起算日期{exc}"
    if first is None and "start" not in errors:
        errors["start"] = "请填写起算日期，如 2025年9月26日"
    if typed["days"] and typed["end"]:
        errors["end"] = "天数和结束日期只填一项：算第几个工作日填天数，算两日之间的工作日填结束日期"
    if typed["days"]:
        digits = typed["days"].removesuffix("个工作日").removesuffix("天").strip()
        if digits.isdigit():
            days = int(digits)
        else:
            errors["days"] = "天数应为整数，如 10"
    elif typed["end"]:
        try:
            end = read_day(typed["end"])
        except ValueError as exc:
            errors["end"] = f"结束日期{exc}"
    else:
        errors["days"] = "请填写工作日天数，或填写结束日期计算两日之间的工作日"
    if errors or first is None:
        return None
    try:
        return add_days(first, days) if days is not None else between(first, end) if end else None
    except AskError as exc:
        errors["days" if days is not None else "end"] = str(exc)
        return None


def _runs(days: list[str]) -> list[dict[str, Any]]:
    """Consecutive days as one span each: 10月1日至10月8日，共8天."""
    spans: list[list[date]] = []
    for d in map(date.fromisoformat, days):
        if spans and (d - spans[-1][-1]).days == 1:
            spans[-1].append(d)
        else:
            spans.append([d])
    return [{"start": s[0].isoformat(), "end": s[-1].isoformat(), "days": len(s),
             "name": day_name(s[0]) + (f" 至 {day_name(s[-1])}" if len(s) > 1 else ""),
             "holiday": "、".join(dict.fromkeys(n for n in map(holiday_name, s) if n))} for s in spans]


@twin(router, "/calendar/{year}", template="calendar_year.html", model=YearPage,
      summary="某年的放假与调休上班安排，以及依据哪一年的国务院办公厅通知（尚未公布时明确说明）")
def calendar_year(request: Request, year: str) -> dict[str, Any]:
    if not (year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100):
        raise NotFound("年份应为 1990 到 2100 之间的四位数 / year not found")
    data = calendars.year_days(int(year))
    return {"year": int(year), "basis": year_basis(int(year)), "holidays": _runs(data["off"]),
            "makeup_days": [{"date": d, "name": day_name(date.fromisoformat(d))} for d in data["work"]]}
