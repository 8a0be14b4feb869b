"""Profiles kept as personal data, and pushing matches to the units that grant the benefits (政策找人).

Profiles are imported from a spreadsheet (:func:`zhengce.eligibility.batch.read_batch`: bad rows are
reported, not stored); a profile is known by its ``id`` column, so importing it again updates it. Only the
office sees every profile; a unit's reporter sees the profiles pushed to that unit; leaders and the public
see none. Every import, batch run, push and outcome is in the audit log (never the facts themselves).

A push is a match — 符合, or 待确认 with at most ``WORTH_ASKING`` open questions — handed to the rule's
granting unit (the first of its ``units``): reach the enterprise or resident and record the outcome,
granted, refused (with the reason) or not reached, within ``REACH_WORKDAYS`` working days (the
Chinese calendar with 调休, :mod:`zhengce.calendar`); an open push past that day is overdue. 应享未享
is a 符合 push not (yet) granted, counted per rule, per unit and per township by :func:`unclaimed`.

A profile may carry a contact (``name``, ``phone``: :data:`zhengce.eligibility.batch.CONTACT_COLUMNS`), shown
to the office and the granting unit only. Erasing a profile withdraws its open pushes (已撤回: no longer
answerable, overdue or 应享未享) and, for a person or household, replaces its id too (an id card number is
personal); an enterprise keeps its id (统一社会信用代码 is public).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import CHINA, Actor, audit, local, now, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound
from zhengce.calendar import add_working_days
from zhengce.db import DocumentRow, UnitRow
from zhengce.db.eligtables import EligibilityProfileRow, EligibilityPushRow

from .batch import Batch, run_batch
from .engine import StatusLookup, match_rule
from .profile import read_profile
from .rules import Rule

WORTH_ASKING = 2  # a 待确认 answer with this many open questions or fewer is worth a visit
REACH_WORKDAYS = 10  # working days a unit has to reach the person and record the outcome
OUTCOMES = {"open": "待走访", "granted": "已兑现", "refused": "未兑现（有理由）", "not_reached": "未联系上"}
WITHDRAWN = "withdrawn"  # the profile's personal data was erased: the push is closed, nobody answers it
STATUS_NAMES = OUTCOMES | {WITHDRAWN: "已撤回（个人信息已删除）"}
PUBLIC_KINDS = {"enterprise"}  # an enterprise's id (统一社会信用代码) is not personal data


def _plain(value: Any) -> Any:
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def import_profiles(engine: Engine, actor: Actor, batch: Batch, filename: str) -> dict[str, Any]:
    """Keep the readable profiles of a sheet (a known id is updated); the bad rows are only reported."""
    require(actor, "office")
    added = updated = 0
    with Session(engine) as session:
        existing = {r.ref: r for r in session.scalars(select(EligibilityProfileRow))}
        for ref, profile in batch.profiles:
            data = {k: _plain(v) for k, v in profile.items()}
            row = existing.get(ref)
            if row is None:
                row = EligibilityProfileRow(ref=ref, imported_at=now())
                session.add(row)
                existing[ref] = row
                added += 1
            else:
                updated += 1
            if batch.contacts.get(ref):
                data["contact"] = batch.contacts[ref]
            row.data, row.kind, row.source, row.imported_by = data, data.get("kind"), filename[:200], actor.id
            row.county, row.township, row.archived = data.get("county"), data.get("township"), False
        audit(session, actor, "eligibility.import", "eligibility_profiles", None, None,
              {"file": filename, "added": added, "updated": updated, "bad_rows": len(batch.bad_rows)})
        session.commit()
    return {"added": added, "updated": updated, "bad_rows": batch.bad_rows, "ignored_columns": batch.ignored_columns}


def _profiles(session: Session, actor: Actor) -> list[EligibilityProfileRow]:
    if actor.role == "office":
        return list(session.scalars(select(EligibilityProfileRow).where(EligibilityProfileRow.archived.is_(False))
                                    .order_by(EligibilityProfileRow.id)))
    if actor.role == "reporter" and actor.unit_id is not None:
        pushed = select(EligibilityPushRow.profile_id).where(EligibilityPushRow.unit_id == actor.unit_id)
        return list(session.scalars(select(EligibilityProfileRow).where(
            EligibilityProfileRow.id.in_(pushed), EligibilityProfileRow.archived.is_(False))
            .order_by(EligibilityProfileRow.id)))
    raise Forbidden("画像属于个人信息：仅督查室和发放单位可查看 / personal data: the office and granting units only")


def list_profiles(engine: Engine, actor: Actor) -> list[dict[str, Any]]:
    """The profiles the actor may see (see the module's docstring)."""
    with Session(engine) as session:
        return [{"id": r.id, "ref": r.ref, "kind": r.kind, "county": r.county, "township": r.township,
                 "name": contact(r).get("name"), "phone": contact(r).get("phone"), "data": r.data, "source": r.source,
                 "imported_at": r.imported_at.isoformat()}
                for r in _profiles(session, actor)]


def contact(row: EligibilityProfileRow) -> dict[str, str]:
    """A profile's contact (``name``, ``phone``), empty when the sheet gave none."""
    found = (row.data or {}).get("contact")
    return found if isinstance(found, dict) else {}


def erase_profile(engine: Engine, actor: Actor, profile_id: int) -> dict[str, Any]:
    """Erase a profile's facts and contact (the office): it leaves every list and every later run; its open
    pushes are withdrawn, its answered ones keep their outcome and township for the counts; a person's id is
    replaced (see the module). Importing the facts again makes a new profile."""
    require(actor, "office")
    with Session(engine) as session:
        row = session.get(EligibilityProfileRow, profile_id)
        if row is None or row.archived:
            raise NotFound("画像不存在 / no such profile")
        public = row.kind in PUBLIC_KINDS
        withdrawn = 0
        for p in session.scalars(select(EligibilityPushRow).where(
                EligibilityPushRow.profile_id == row.id, EligibilityPushRow.status == "open")):
            p.status, p.reason, withdrawn = WITHDRAWN, "个人信息已删除", withdrawn + 1
        if not public:
            row.ref = f"已删除#{row.id}"
        row.data, row.kind, row.county, row.archived = {}, None, None, True
        audit(session, actor, "eligibility.erase", "eligibility_profiles", row.id, None,
              {"ref": row.ref, "withdrawn": withdrawn})
        session.commit()
        return {"ok": True, "ref": row.ref, "withdrawn": withdrawn}


def stored_batch(engine: Engine, actor: Actor, on: date, rules: tuple[Rule, ...],
                 status: StatusLookup | None = None) -> dict[str, Any]:
    """Every stored profile × every rule (the office), in the audit log."""
    require(actor, "office")
    with Session(engine) as session:
        profiles = [(r.ref, read_profile(r.data)[0]) for r in _profiles(session, actor)]
        result = run_batch(profiles, on, rules, status)
        audit(session, actor, "match.batch", "profiles", None, None,
              {"file": "（已存画像）", "as_of": result["as_of"], "profiles": result["profiles"], "rules": len(rules),
               "totals": result["totals"]})
        session.commit()
    return result


def grantor(session: Session, name: str, document: str) -> UnitRow:
    """The unit row of a rule's granting unit: its name in the jurisdiction of the rule's document when the
    store holds the document (``县财政局`` of 江华, not of another county), else by name alone; added to the
    registry when it is not there, so that a reporter account can be bound to it."""
    place = session.scalar(select(DocumentRow.jurisdiction).where(
        DocumentRow.doc_number == document, DocumentRow.superseded_at.is_(None)).limit(1))
    named = select(UnitRow).where(UnitRow.canonical == name).order_by(UnitRow.id)
    row = session.scalars(named.where(UnitRow.jurisdiction == place)).first() if place else None
    if row is None and not place:
        row = session.scalars(named).first()
    if row is None:
        row = UnitRow(jurisdiction=place, canonical=name, kind="department", level=None)
        session.add(row)
        session.flush()
    return row


def worth_pushing(answer: dict[str, Any]) -> bool:
    return answer["answer"] == "符合" or (answer["answer"] == "待确认" and len(answer["questions"]) <= WORTH_ASKING)


def push(engine: Engine, actor: Actor, on: date, rules: tuple[Rule, ...], status: StatusLookup | None = None,
         today: date | None = None) -> dict[str, Any]:
    """A push to the granting unit for every stored profile's match not pushed yet (see the module)."""
    require(actor, "office")
    at = now() if today is None else datetime.combine(today, time(12), CHINA)  # the day the push is made
    due = add_working_days(local(at).date(), REACH_WORKDAYS).date
    created = kept = 0
    with Session(engine) as session:
        done = set(session.execute(select(EligibilityPushRow.profile_id, EligibilityPushRow.rule_id)).all())
        units: dict[str, UnitRow] = {}
        for profile_row in _profiles(session, actor):
            profile = read_profile(profile_row.data)[0]
            for rule in rules:
                if not rule.units:
                    continue
                a = match_rule(rule, profile, on, status)
                if not worth_pushing(a):
                    continue
                if (profile_row.id, rule.id) in done:
                    kept += 1
                    continue
                if rule.id not in units:
                    units[rule.id] = grantor(session, rule.units[0], rule.document)
                unit = units[rule.id]
                session.add(EligibilityPushRow(
                    profile_id=profile_row.id, rule_id=rule.id, rule_title=rule.title, document=rule.document,
                    clause=rule.clause, unit_id=unit.id, answer=a["answer"], amount=a["amount"],
                    amount_min=a["amount_min"], questions=[q["key"] for q in a["questions"]], as_of=on, due=due,
                    status="open", created_at=at))
                created += 1
        audit(session, actor, "eligibility.push", "eligibility_pushes", None, None,
              {"as_of": on.isoformat(), "created": created, "already": kept})
        session.commit()
    return {"created": created, "already": kept, "due": due.isoformat()}


def _push_dict(p: EligibilityPushRow, profile: EligibilityProfileRow, unit: str, today: date) -> dict[str, Any]:
    who = contact(profile)
    return {"id": p.id, "profile": profile.ref, "profile_id": profile.id, "kind": profile.kind,
            "name": who.get("name"), "phone": who.get("phone"), "pushed_on": local(p.created_at).date().isoformat(),
            "county": profile.county, "township": profile.township, "rule": p.rule_id, "title": p.rule_title,
            "document": p.document, "clause": p.clause, "unit": unit, "unit_id": p.unit_id, "answer": p.answer,
            "amount": p.amount, "amount_min": p.amount_min, "questions": p.questions, "as_of": p.as_of.isoformat(),
            "status": p.status, "status_name": STATUS_NAMES[p.status], "reason": p.reason, "version": p.version,
            "actionable": p.status != WITHDRAWN,
            "due": p.due.isoformat(), "overdue": p.status == "open" and p.due < today}


def list_pushes(engine: Engine, actor: Actor, state: str | None = None, today: date | None = None
                ) -> list[dict[str, Any]]:
    """The pushes the actor sees: the office every one, a reporter their unit's."""
    require(actor, "office", "reporter")
    with Session(engine) as session:
        q = (select(EligibilityPushRow, EligibilityProfileRow, UnitRow.canonical)
             .join(EligibilityProfileRow, EligibilityProfileRow.id == EligibilityPushRow.profile_id)
             .join(UnitRow, UnitRow.id == EligibilityPushRow.unit_id).order_by(EligibilityPushRow.id))
        if actor.role == "reporter":
            q = q.where(EligibilityPushRow.unit_id == (actor.unit_id or -1))
        if state:
            q = q.where(EligibilityPushRow.status == state)
        return [_push_dict(p, prof, unit, today or today_cn()) for p, prof, unit in session.execute(q)]


def record_outcome(engine: Engine, actor: Actor, push_id: int, outcome: str, reason: str = "",
                   version: int | None = None) -> dict[str, Any]:
    """The granting unit (or the office) records what came of a push; a refusal says why."""
    require(actor, "office", "reporter")
    if outcome not in OUTCOMES or outcome == "open":
        raise Invalid("结果应为 granted（已兑现）、refused（未兑现）或 not_reached（未联系上）/ unknown outcome",
                      field="outcome")
    if outcome == "refused" and not reason.strip():
        raise Invalid("未兑现须写明理由 / a refusal needs its reason", field="reason")
    with Session(engine) as session:
        p = session.get(EligibilityPushRow, push_id)
        if p is None or (actor.role == "reporter" and p.unit_id != actor.unit_id):
            raise NotFound("推送任务不存在 / no such push")
        if p.status == WITHDRAWN:
            raise Conflict("个人信息已删除，此任务已撤回 / withdrawn: the personal data was erased")
        if version is not None and version != p.version:
            raise Conflict("此任务已被他人更新，请刷新后重试 / changed by someone else")
        before = {"status": p.status, "reason": p.reason}
        p.status, p.reason, p.outcome_by = outcome, reason.strip(), actor.id
        p.outcome_at = p.outcome_at or now()  # the first answer: a later change does not make it late
        session.flush()
        audit(session, actor, "eligibility.outcome", "eligibility_pushes", p.id, before,
              {"status": outcome, "reason": p.reason})
        session.commit()
        return {"id": p.id, "status": p.status, "version": p.version}


def _most(kv: tuple[str, int]) -> tuple[int, str]:
    return -kv[1], kv[0]


def unclaimed(engine: Engine, today: date | None = None, jurisdiction: str | None = None) -> dict[str, Any]:
    """应享未享: 符合 pushes not granted, per rule, per unit and per township, with the amounts at stake;
    and the pushes (符合 or 待确认) still open past their due day, per unit. With ``jurisdiction``: only the
    pushes of the granting units registered in it (a campaign's bulletin)."""
    today = today or today_cn()
    within = [UnitRow.jurisdiction == jurisdiction] if jurisdiction else []
    with Session(engine) as session:
        late = Counter(session.scalars(
            select(UnitRow.canonical).join(EligibilityPushRow, UnitRow.id == EligibilityPushRow.unit_id)
            .where(EligibilityPushRow.status == "open", EligibilityPushRow.due < today, *within)))
        rows = session.execute(
            select(EligibilityPushRow.rule_id, EligibilityPushRow.rule_title, UnitRow.canonical,
                   EligibilityProfileRow.township, EligibilityPushRow.status, EligibilityPushRow.amount)
            .join(UnitRow, UnitRow.id == EligibilityPushRow.unit_id)
            .join(EligibilityProfileRow, EligibilityProfileRow.id == EligibilityPushRow.profile_id)
            .where(EligibilityPushRow.answer == "符合", EligibilityPushRow.status != WITHDRAWN, *within)).all()
    matched = len(rows)
    open_rows = [r for r in rows if r[4] != "granted"]

    def count(index: int, name: str) -> list[dict[str, Any]]:
        n = Counter(r[index] or "（未填）" for r in open_rows)
        money: dict[str, Decimal] = {}
        for r in open_rows:
            money[r[index] or "（未填）"] = money.get(r[index] or "（未填）", Decimal(0)) + Decimal(r[5] or 0)
        return [{name: k, "count": v, "amount": f"{money[k]:.2f}"}
                for k, v in sorted(n.items(), key=_most)]

    titles = {r[0]: r[1] for r in rows}
    by_rule = [x | {"title": titles[x["rule"]]} for x in count(0, "rule")]
    outcomes = Counter(r[4] for r in rows)
    return {"matched": matched, "granted": outcomes["granted"], "unclaimed": len(open_rows),
            "by_outcome": {OUTCOMES[k]: outcomes[k] for k in OUTCOMES},
            "by_rule": by_rule, "by_unit": count(2, "unit"), "by_township": count(3, "township"),
            "overdue": sum(late.values()),
            "overdue_by_unit": [{"unit": k, "count": v} for k, v in sorted(late.items(), key=_most)],
            "units": _per_granting_unit(rows, late)}


def _per_granting_unit(rows: list[Any], late: Counter[str]) -> list[dict[str, Any]]:
    """Per granting unit: 符合 pushes (matched), granted, not granted (unclaimed) with their amount, and the
    pushes still open past their due day (overdue); the units with most unclaimed first."""
    units: dict[str, dict[str, Any]] = {}
    for r in rows:
        u = units.setdefault(r[2], {"unit": r[2], "matched": 0, "granted": 0, "unclaimed": 0, "amount": Decimal(0)})
        u["matched"] += 1
        if r[4] == "granted":
            u["granted"] += 1
        else:
            u["unclaimed"] += 1
            u["amount"] += Decimal(r[5] or 0)
    for name in late:
        units.setdefault(name, {"unit": name, "matched": 0, "granted": 0, "unclaimed": 0, "amount": Decimal(0)})
    return [u | {"overdue": late[u["unit"]], "amount": f"{u['amount']:.2f}"}
            for u in sorted(units.values(), key=lambda u: (-u["unclaimed"], -late[u["unit"]], u["unit"]))]


__all__ = [
    "OUTCOMES",
    "PUBLIC_KINDS",
    "REACH_WORKDAYS",
    "STATUS_NAMES",
    "WITHDRAWN",
    "WORTH_ASKING",
    "contact",
    "erase_profile",
    "grantor",
    "import_profiles",
    "list_profiles",
    "list_pushes",
    "push",
    "record_outcome",
    "stored_batch",
    "unclaimed",
    "worth_pushing",
]
