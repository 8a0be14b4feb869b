"""The units a campaign assigns tasks to: found in the unit registry (never created by a typing slip),
added by the office, offered for picking; collective names (各乡镇人民政府) are groups, not units."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, require
from zhengce.access.errors import Invalid
from zhengce.db import DocumentRow, TaskRow, TaskUnitRow, UnitRow
from zhengce.db.tracking import AssignmentRow, CampaignRow, CampaignTaskRow
from zhengce.extract.units import GENERIC, jurisdiction_of, resolve
from zhengce.supervision.labels import UNIT_KINDS, UNIT_LEVELS
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import get_row

__all__ = ["add_unit", "campaign_units", "find_unit", "is_group", "members_of", "unit_choices"]

# a collective name of the governments below a jurisdiction: 各县市区人民政府, 各县（市、区）人民政府, 各乡镇（街道）
COLLECTIVE = re.compile(r"^各[县市区旗乡镇街道（）()、/]+(?:人民政府|政府|办事处)?$")
MEMBER_KINDS = {"county": ("government",), "township": ("township", "government")}


def is_group(unit: UnitRow) -> bool:
    """A collective name (各乡镇人民政府, 其他相关单位, 各成员单位), not one unit."""
    return unit.kind == "generic" or bool(GENERIC.search(unit.canonical))


def members_of(session: Session, group: UnitRow, jurisdiction: str | None) -> list[UnitRow]:
    """The units a collective name stands for where the registry knows them — 各县市区人民政府: the county
    governments of the jurisdiction, 各乡镇人民政府: its townships — those of the jurisdiction in the registry
    and those its own documents assign tasks to. None known (or 各成员单位): none, the name stays a group."""
    if not jurisdiction or not is_group(group) or group.level not in MEMBER_KINDS or not COLLECTIVE.match(
            group.canonical):
        return []
    named_here = (select(TaskUnitRow.unit_id).join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
                  .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
                  .where(DocumentRow.jurisdiction == jurisdiction))
    rows = session.scalars(select(UnitRow).where(
        UnitRow.level == group.level, UnitRow.kind.in_(MEMBER_KINDS[group.level]),
        (UnitRow.jurisdiction == jurisdiction) | UnitRow.id.in_(named_here)).order_by(UnitRow.canonical, UnitRow.id))
    own = f"{jurisdiction}人民政府"  # the jurisdiction's own government is not one of the governments below it
    return [u for u in rows if not is_group(u) and u.canonical != own]


def find_unit(session: Session, unit: int | str, jurisdiction: str | None) -> UnitRow:
    """A unit of the registry by id or by name: the name as the registry spells it, or as the
    extraction resolves it. A name the registry does not hold is refused — never created here, so a
    typing slip cannot become a unit (the office adds units with :func:`add_unit`)."""
    if isinstance(unit, int) or (str(unit).strip().isascii() and str(unit).strip().isdigit()):
        return get_row(session, UnitRow, int(unit), "单位")
    name = str(unit).strip()
    if not name or len(name) > 100:
        raise Invalid("请填写单位名称 / give a unit name", "unit")
    same = list(session.scalars(select(UnitRow).where(UnitRow.canonical == name)))
    here = [u for u in same if u.jurisdiction == jurisdiction]
    if len(here) == 1 or len(same) == 1:
        return here[0] if here else same[0]
    res = resolve(name, jurisdiction_of(f"{jurisdiction}人民政府" if jurisdiction else None))
    row = session.scalar(select(UnitRow).where(
        UnitRow.canonical == res.canonical,
        UnitRow.jurisdiction.is_(None) if res.jurisdiction is None else UnitRow.jurisdiction == res.jurisdiction))
    if row is None:
        raise Invalid(f"单位名录中没有“{name}”，请从列表中选择；名录缺少的单位由督查室先行增加"
                      " / not in the unit registry: pick one from the list", "unit")
    return row


def campaign_units(session: Session, c: CampaignRow, ids: set[int | None]) -> dict[int, UnitRow]:
    """Of the units ``ids``, those of the campaign's jurisdiction (all, when it has none), collective names aside."""
    rows = session.scalars(select(UnitRow).where(UnitRow.id.in_([i for i in ids if i is not None]))).all()
    return {u.id: u for u in rows if not is_group(u) and (c.jurisdiction is None or u.jurisdiction == c.jurisdiction)}


def add_unit(engine: Engine, actor: Actor, campaign_id: int, name: str, kind: str, level: str | None) -> int:
    """The office adds a unit to the registry, in the campaign's jurisdiction, with its kind and level."""
    require(actor, "office")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise Invalid("请填写单位全称 / give the unit's full name", "name")
    if kind not in UNIT_KINDS:
        raise Invalid("请选择单位类型 / choose the unit's kind", "kind")
    if level not in UNIT_LEVELS:
        raise Invalid("请选择单位层级 / choose the unit's level", "level")
    with Session(engine) as session, session.begin():
        c = visible_campaign(session, actor, campaign_id)
        if session.scalar(select(UnitRow.id).where(UnitRow.canonical == name, UnitRow.jurisdiction == c.jurisdiction
                                                   if c.jurisdiction else UnitRow.jurisdiction.is_(None))):
            raise Invalid(f"“{name}”已在单位名录中 / the unit is already in the registry", "name")
        row = UnitRow(jurisdiction=c.jurisdiction, canonical=name, kind=kind, level=level)
        session.add(row)
        session.flush()
        audit(session, actor, "unit.add", "unit", row.id, None,
              {"name": name, "kind": kind, "level": level, "jurisdiction": c.jurisdiction})
        return row.id


def unit_choices(engine: Engine, actor: Actor, campaign_id: int) -> list[dict[str, Any]]:
    """The registry's units a campaign picks from: those of its jurisdiction and those it already
    assigns, each with its kind in Chinese; collective names are marked as groups."""
    with Session(engine) as session:
        c = visible_campaign(session, actor, campaign_id)
        assigned = select(AssignmentRow.unit_id).join(CampaignTaskRow).where(CampaignTaskRow.campaign_id == c.id)
        rows = session.scalars(select(UnitRow).where(
            (UnitRow.jurisdiction == c.jurisdiction) | UnitRow.id.in_(assigned), UnitRow.kind != "unresolved")
            .order_by(UnitRow.canonical)).all()
        return [{"id": u.id, "name": u.canonical, "kind": u.kind, "kind_name": UNIT_KINDS.get(u.kind, "其他"),
                 "level": u.level, "group": is_group(u)} for u in rows]
