"""The official working-day calendars kept in the store, and what changes when one is confirmed.

``zhengce calendar import FILE`` (or a holiday notice found among ingested documents) reads the
State Council's notice with :func:`zhengce.holidays.read_notice` and keeps it as ``pending``; once
the office confirms it, it is that year's ``official`` calendar and every working-day computation
(:mod:`zhengce.workdays`: cycles, due days, legal clocks) uses it. Confirming lists the due days of
campaigns that move because of it — typically those computed on the weekends-only estimate.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import chinese_calendar
from sqlalchemy import JSON, Date, DateTime, Integer, String, Text, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengce.calendar import workdays
from zhengce.calendar.cycles import CycleRule, cycles
from zhengce.calendar.holidays import HolidayNotice
from zhengce.db.schema import Base
from zhengce.db.tracking import CampaignRow


class CalendarRow(Base):
    __tablename__ = "official_calendars"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(16))  # pending | official | replaced | rejected
    title: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signed: Mapped[date | None] = mapped_column(Date, nullable=True)
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    holidays: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


STATUS_NAMES = {"pending": "待确认", "official": "已生效", "replaced": "已被新通知取代", "rejected": "已驳回"}


def _official_year(row: CalendarRow) -> workdays.OfficialYear:
    off = frozenset(date.fromisoformat(d) for h in row.holidays for d in h["off"])
    work = frozenset(date.fromisoformat(d) for h in row.holidays for d in h["work"])
    return workdays.OfficialYear(row.year, off, work, row.doc_number or row.title)


def load_years(engine: Engine) -> list[workdays.OfficialYear]:
    """The confirmed calendars of the store, one per year (none in a database left at an older
    revision, such as one a refused downgrade left half-way)."""
    if not inspect(engine).has_table(CalendarRow.__tablename__):
        return []
    with Session(engine) as session:
        rows = session.scalars(select(CalendarRow).where(CalendarRow.status == "official")
                               .order_by(CalendarRow.year, CalendarRow.id)).all()
        return list({r.year: _official_year(r) for r in rows}.values())


def activate(engine: Engine) -> None:
    """Make the store's confirmed calendars the ones every working-day computation uses."""
    workdays.use_official(load_years(engine), loader=lambda: load_years(engine))


def propose(engine: Engine, notice: HolidayNotice, source_name: str | None = None,
            document_id: int | None = None) -> int:
    """Keep a notice as pending for its year (the same notice twice is kept once); its id."""
    record = notice.record()
    with Session(engine) as session, session.begin():
        same = session.scalars(select(CalendarRow).where(CalendarRow.year == notice.year,
                                                         CalendarRow.status.in_(("pending", "official")))).all()
        for row in same:
            if row.holidays == record["holidays"]:
                if document_id and row.document_id is None:
                    row.document_id = document_id
                return row.id
        row = CalendarRow(year=notice.year, status="pending", title=notice.title, doc_number=notice.doc_number,
                          signed=notice.signed, document_id=document_id, source_name=source_name,
                          holidays=record["holidays"], created_at=datetime.now(UTC))
        session.add(row)
        session.flush()
        return row.id


def confirm(engine: Engine, calendar_id: int, by: str | None = None) -> dict[str, Any]:
    """Make a pending notice its year's official calendar; the campaign due days that move."""
    with Session(engine) as session:
        row = session.get(CalendarRow, calendar_id)
        if row is None:
            raise LookupError(f"没有编号为 {calendar_id} 的节假日安排 / no such calendar")
        if row.status == "official":
            return {"calendar": calendar_dict(row), "moved": []}
        new = _official_year(row)
    moved = moved_due_days(engine, new)
    with Session(engine) as session, session.begin():
        row = session.get(CalendarRow, calendar_id)
        assert row is not None
        for old in session.scalars(select(CalendarRow).where(CalendarRow.year == row.year,
                                                             CalendarRow.status == "official")):
            old.status = "replaced"
        row.status, row.confirmed_at, row.confirmed_by = "official", datetime.now(UTC), by
        result = {"calendar": calendar_dict(row), "moved": moved}
    activate(engine)
    return result


def reject(engine: Engine, calendar_id: int) -> None:
    with Session(engine) as session, session.begin():
        row = session.get(CalendarRow, calendar_id)
        if row is None or row.status != "pending":
            raise LookupError(f"没有待确认的节假日安排 {calendar_id} / no such pending calendar")
        row.status = "rejected"


def moved_due_days(engine: Engine, new: workdays.OfficialYear) -> list[dict[str, Any]]:
    """The due days of every campaign's cycles that differ once ``new`` is in use."""
    with Session(engine) as session:
        campaigns = session.scalars(select(CampaignRow).where(CampaignRow.status != "archived")).all()
        plans = [(c.id, c.name, c.rule, c.start, c.end) for c in campaigns]
    year_start, year_end = date(new.year, 1, 1), date(new.year, 12, 31)
    out: list[dict[str, Any]] = []
    for cid, name, spec, start, end in plans:
        if end < year_start - timedelta(days=100) or start > year_end:
            continue
        try:
            rule = CycleRule.parse(spec)
        except ValueError:
            continue
        with workdays.overlay(new.year):  # as computed until now
            before = {c.label: c for c in cycles(rule, start, end)}
        with workdays.overlay(new):
            after = {c.label: c for c in cycles(rule, start, end)}
        for label, c in after.items():
            old = before.get(label)
            if old is not None and old.due != c.due:
                out.append({"campaign_id": cid, "campaign": name, "cycle": label, "before": old.due.isoformat(),
                            "after": c.due.isoformat(), "estimated_before": old.estimated,
                            "url": f"/campaign/{cid}"})
    return out


def calendar_dict(row: CalendarRow) -> dict[str, Any]:
    return {"id": row.id, "year": row.year, "status": row.status, "status_name": STATUS_NAMES[row.status],
            "title": row.title, "doc_number": row.doc_number, "signed": row.signed.isoformat() if row.signed else None,
            "document_id": row.document_id, "source_name": row.source_name, "holidays": row.holidays,
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
            "confirmed_by": row.confirmed_by}


def notices(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return [calendar_dict(r) for r in session.scalars(select(CalendarRow).order_by(CalendarRow.year.desc(),
                                                                                       CalendarRow.id.desc()))]


def years(engine: Engine, today: date) -> list[dict[str, Any]]:
    """Each year from three years ago to the last one any calendar covers (at least next year), with
    the calendar its working days come from — the store's confirmed calendars, read once."""
    official = {y.year: y for y in load_years(engine)}
    out = []
    for year in range(today.year - 3, max([today.year + 1, *official]) + 1):
        source = "official" if year in official else workdays.calendar_source(year)
        out.append({"year": year, "source": source, "source_name": workdays.SOURCE_NAMES[source],
                    "notice": official[year].source if year in official else None})
    return out


def year_days(year: int) -> dict[str, Any]:
    """A year's days off (other than weekends) and make-up working days, from the calendar in use."""
    source = workdays.calendar_source(year)
    official = workdays.official_year(year)
    if official is not None:
        off, work = sorted(official.off), sorted(official.work)
    elif source == "package":
        off = sorted(d for d in chinese_calendar.holidays if d.year == year)
        work = sorted(d for d in chinese_calendar.workdays if d.year == year)
    else:
        off, work = [], []
    return {"year": year, "source": source, "source_name": workdays.SOURCE_NAMES[source],
            "notice": official.source if official else None,
            "off": [d.isoformat() for d in off], "work": [d.isoformat() for d in work]}


__all__ = ["STATUS_NAMES", "CalendarRow", "activate", "calendar_dict", "confirm", "load_years", "moved_due_days",
           "notices", "propose", "reject", "year_days", "years"]
