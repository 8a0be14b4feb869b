"""Serve: the working-day calendar — each year and where its working days come from (an imported holiday
notice, a data package, or weekends only), and the holiday notices the supervision office confirms or
rejects. Confirming one moves the reporting days that fell on a day it changes.

Public names: router, CalendarPage, Confirmed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from zhengce.access import accounts
from zhengce.access.errors import Forbidden, NotFound
from zhengce.db import calendars
from zhengce.web.forms import Done, Empty, Ok, form, is_api, path_id, read
from zhengce.web.twins import Loose, actor, engine, page, twin

router = APIRouter()


class CalendarPage(Loose):
    years: list[dict[str, Any]] = Field(description="各年：来源（通知、数据包或仅按周末估算）")
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
      summary="工作日历：各年的来源（已导入的节假日安排通知、数据包或仅按周末估算）及各份通知")
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
