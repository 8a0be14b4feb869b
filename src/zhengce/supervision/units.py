"""The units a campaign assigns tasks to: found in the unit registry (never created by a typing slip),
added by the office, offered for picking; collective names (各乡镇人民政府, 相关金融机构, 县内各商业银行) are
groups, not units; two names that differ only by 的 are one unit."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
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

__all__ = [
    "add_unit", "assignable", "campaign_units", "find_unit", "is_group", "members_of", "one_spelling", "same_name",
    "unit_choices", "unit_named",
]

# a collective name of the governments below a jurisdiction: 各县市区人民政府, 各县（市、区）人民政府, 各乡镇（街道）
COLLECTIVE = re.compile(r"^各[县市区旗乡镇街道（）()、/]+(?:人民政府|政府|办事处)?$")
MEMBER_KINDS = {"county": ("government",), "township": ("township", "government")}
# collective names the extraction may type as one body: 各… after a place or scope word (县内各商业银行,
# 全市各金融机构, 市直各部门, 区属各国有企业), 各 before a body that a plan sets up in numbers (全区经济运行各专班,
# 指挥部各工作组, 区委各部委), and a list closed by 等 (财政、税务等部门; not 平等 in a name)
SCOPED = re.compile(r"^(?:[省市州盟县旗区乡镇]|全[省市州盟县旗区乡镇]|本[省市州盟县旗区乡镇]|辖区)[内直属级域]?各"
                    r"|各[^各、，,]{0,4}(?:专班|工作组|小组|专项组|部委|分指挥部|成员单位)$"
                    r"|[、，,][^、，,]+等(?:单位|部门|机构|企业)?$")


def is_group(unit: UnitRow) -> bool:
    """A collective name (各乡镇人民政府, 其他相关单位, 各成员单位, 相关金融机构, 县内各商业银行), not one unit:
    not scored, not ranked, not a reporter's unit, never typed as a company."""
    return unit.kind == "generic" or bool(GENERIC.search(unit.canonical) or SCOPED.search(unit.canonical))


def same_name(name: str) -> str:
    """A unit name as compared: 各负有监管职责的行业部门 and 各负有监管职责行业部门 are one name."""
    return name.replace("的", "")


def one_spelling(units: Iterable[UnitRow]) -> dict[int, int]:
    """Each unit's id → the id standing for it: names that differ only by 的 in one jurisdiction are one
    unit, the one registered first."""
    first: dict[tuple[str | None, str], int] = {}
    for u in sorted(units, key=lambda u: u.id):
        first.setdefault((u.jurisdiction, same_name(u.canonical)), u.id)
    return {u.id: first[(u.jurisdiction, same_name(u.canonical))] for u in units}


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
        row = session.scalar(select(UnitRow).where(UnitRow.canonical == same_name(name)).order_by(UnitRow.id))
    if row is None:
        raise Invalid(f"单位名录中没有“{name}”，请从列表中选择；名录缺少的单位由督查室先行增加"
                      " / not in the unit registry: pick one from the list", "unit")
    return row


def assignable(session: Session, unit: int | str, jurisdiction: str | None) -> UnitRow:
    """A unit that can be given work, report and be scored: one of the registry, not a collective name."""
    row = find_unit(session, unit, jurisdiction)
    if is_group(row):
        raise Invalid(f"“{row.canonical}”是集合名称，不是一个单位，请选择具体的责任单位"
                      " / a collective name, not one unit: choose a unit", "unit")
    return row


def unit_named(engine: Engine, unit: int | str, jurisdiction: str | None = None) -> int:
    """A unit that reports, by its number or its name as a clerk types it (on the command line): the name as the
    registry spells it (in ``jurisdiction`` when it holds one there) or as the extraction resolves it. Refused,
    in Chinese with the candidates: a name of several units (their numbers and jurisdictions), a name the
    registry lacks (the names closest to it), a collective name."""
    text = str(unit).strip()
    with Session(engine) as session:
        if text.isascii() and text.isdigit():
            row = get_row(session, UnitRow, int(text), "单位")
        else:
            rows = list(session.scalars(select(UnitRow).where(UnitRow.canonical.in_({text, same_name(text)}))))
            rows = rows or _printed(session, text)
            rows = [u for u in rows if u.jurisdiction == jurisdiction] or rows
            rows = [u for u in rows if one_spelling(rows)[u.id] == u.id]
            if len(rows) > 1 and not all(is_group(u) for u in rows):
                listed = "；".join(f"{u.id} {u.canonical}（{u.jurisdiction or '未定辖区'}）" for u in rows)
                placed = next((u.jurisdiction + text[1:] for u in rows
                               if u.jurisdiction and text[:1] == u.jurisdiction[-1:]), None)
                hint = f"，或在名称前写明辖区（如“{placed}”）" if placed else ""
                raise Invalid(f"“{text}”有{len(rows)}个单位：{listed}。请用单位编号{hint}"
                              " / ambiguous unit name, give its number", "unit")
            row = rows[0] if rows else _resolved(session, text, jurisdiction)
        if is_group(row):
            raise Invalid(f"“{row.canonical}”是集合名称，不是一个单位，不能报送或计分；请给出具体单位"
                          " / a collective name, not one unit", "unit")
        return row.id


def _printed(session: Session, text: str) -> list[UnitRow]:
    """The units a name refers to as documents print it: its resolved spelling (区发改局 → 区发展和改革局, in
    every jurisdiction that has one), a name with its place (立山区发改局 → 立山区's 区发展和改革局, as the
    registry keeps it), or the name as printed in a task's tag (文中写法)."""
    res = resolve(text, jurisdiction_of(None))
    names = {res.canonical}
    if res.jurisdiction and res.canonical.startswith(res.jurisdiction) and len(res.canonical) > len(res.jurisdiction):
        names.add(res.jurisdiction[-1] + res.canonical[len(res.jurisdiction):])
    where = UnitRow.canonical.in_(names)
    if res.jurisdiction:
        where = where & (UnitRow.jurisdiction == res.jurisdiction)
    rows = list(session.scalars(select(UnitRow).where(where).order_by(UnitRow.id)))
    if not rows:
        ids = select(TaskUnitRow.unit_id).where(TaskUnitRow.name == text).distinct()
        rows = list(session.scalars(select(UnitRow).where(UnitRow.id.in_(ids)).order_by(UnitRow.id)))
    return rows


def _resolved(session: Session, text: str, jurisdiction: str | None) -> UnitRow:
    """The unit the extraction reads ``text`` as, else :class:`Invalid` naming the closest names of the registry."""
    try:
        return find_unit(session, text, jurisdiction)
    except Invalid:
        pass
    names = list(dict.fromkeys(session.scalars(select(UnitRow.canonical).where(UnitRow.kind != "unresolved"))))
    close = [n for n in names if text in n] + difflib.get_close_matches(text, names, n=6, cutoff=0.5)
    hint = "相近的有：" + "、".join(list(dict.fromkeys(close))[:6]) if close else "单位名录见网页“责任单位”（/units）"
    raise Invalid(f"单位名录中没有“{text}”，{hint} / not in the unit registry", "unit")


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
        kept = one_spelling(rows)
        return [_choice(u) for u in rows if kept[u.id] == u.id]


def _choice(u: UnitRow) -> dict[str, Any]:
    kind = "generic" if is_group(u) else u.kind  # 县内各商业银行 is no company
    return {"id": u.id, "name": u.canonical, "kind": kind, "kind_name": UNIT_KINDS.get(kind, "其他"), "level": u.level,
            "group": kind == "generic"}
