"""The records every page of the library shows: a stored document's summary with its status on a date
(from its own dates and the status events later documents state about it), and tasks with their units."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal_column,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, defer

from zhengce.access.accounts import today as today_cn
from zhengce.db import DocumentRow, StatusEventRow, TaskRow, TaskUnitRow, UnitRow
from zhengce.db.validity import BEGINNING, EFFECTS, status_key
from zhengce.extract.validity import CONFIRMING_KINDS, ENDING_KINDS, EVENT_NAMES, STATED_KINDS, Status, status_on
from zhengce.library.prepared import run

VALIDITY = {"valid": "现行有效", "expired": "已失效", "repealed": "已废止", "pending": "尚未生效", "unknown": "未标注"}
ROLE_NAMES = {"lead": "牵头", "support": "配合", "territorial": "属地负责"}
CURRENT = DocumentRow.superseded_at.is_(None)  # not a superseded version (zhengce.db): what lists show
# one 文号 looked up: its current version first, of several current printings the newest (the last stored)
NEWEST_FIRST = (DocumentRow.superseded_at.is_not(None), DocumentRow.id.desc())
SUPERSEDED = "此版本已被新版本取代"


def doc_summary(row: DocumentRow, status: Status | None = None) -> dict[str, Any]:
    return {
        "id": row.id, "doc_number": row.doc_number, "title": row.title, "issuer": row.issuer,
        "signed": row.signed.isoformat() if row.signed else None, "kind": row.kind, "year": row.year,
        "jurisdiction": row.jurisdiction, "reg_code": row.reg_code,
        # without the events about it: its stored ends and its own dates (zhengce.db.validity)
        "validity": (status or stored_status(row, today_cn())).status,
        "task_count": row.task_count, "target_count": row.target_count, "url": f"/doc/{row.id}",
        "superseded": row.superseded_at is not None,
    }


def stored_status(row: Any, day: date) -> Status:
    """A document's status on ``day`` from its row's columns (no event read): the status, since when and a
    reason (the document page names the event itself)."""
    key = status_key(row.repealed_on, row.lapsed_on, row.confirmed_on, row.effective_from, row.expires_on, day)
    e, x = row.effective_from, row.expires_on
    ended = row.repealed_on if key == "repealed" else row.lapsed_on
    if key in {"repealed", "expired"} and ended is not None and ended <= day:
        since = min(ended, x) if key == "expired" and x is not None else ended
        kind = "repeal" if key == "repealed" else "expire"
        return Status(key, None if since == BEGINNING else since, f"{EVENT_NAMES[kind]}（后续文件）")
    if key == "pending":
        return Status(key, None, f"自 {e.isoformat()} 起施行")
    if key == "expired":
        return Status(key, x, f"有效期至 {x.isoformat()}")
    if key == "valid" and (e or x):
        return Status(key, e, "施行日期与有效期" if x else "施行日期")
    if key == "valid":
        return Status(key, None, f"{EVENT_NAMES['continue']}（清理结果）")
    return Status(key, None, "文件未载明施行日期或有效期")


STATED_EVENT_KINDS = tuple(STATED_KINDS.values())
# the tables' own columns: a statement of them alone skips the ORM's work when executed (no entities)
EV, DOCS = StatusEventRow.__table__.c, DocumentRow.__table__.c


def facet_lists(counts: dict[str, dict[Any, int]], tasks: int, n: int) -> dict[str, list[dict[str, Any]]]:
    """The facets of ``n`` documents from each facet's value counts and how many have tasks: the 20 most
    frequent values of each."""
    out: dict[str, list[dict[str, Any]]] = {
        name: [{"value": v, "count": c} for v, c in sorted(found.items(), key=lambda kv: (-kv[1], str(kv[0])))[:20]]
        for name, found in counts.items()
    }
    out["has_tasks"] = [{"value": True, "count": tasks}, {"value": False, "count": n - tasks}]
    return out


def _event_params(rows: list[DocumentRow], dialect: str, as_of: date | None = None) -> dict[str, Any]:
    """The values of :func:`_events_statement`'s parameters for ``rows``: their ids, the 文号, registration
    codes and titles events may name them by, and the cleanup sweeps that may cover them — a sweep covers a
    registered document signed before its cutoff whose issuer starts with its scope, so only the sweeps with
    one of those issuers' beginnings as their scope and a later cutoff are read (through the partial index of
    migration 0016), not every sweep in the library; :func:`events_about` then checks each row. ``as_of``: the
    day whose statuses are wanted (the bounded statement of :func:`_events_statement`)."""
    swept = [r for r in rows if r.reg_code and r.signed and r.issuer]
    return {"ids": ids_value(dialect, [r.id for r in rows]),
            "numbers": ids_value(dialect, [r.doc_number for r in rows if r.doc_number]),
            "codes": ids_value(dialect, [r.reg_code for r in rows if r.reg_code]),
            "keys": ids_value(dialect, [k for r in rows for k in (r.title_key, r.plan_key) if k]),
            "scopes": ids_value(dialect, sorted({r.issuer[:k] for r in swept for k in range(1, len(r.issuer) + 1)})),
            "after": min((r.signed for r in swept), default=date.max)} | ({"as_of": as_of} if as_of else {})


_EVENTS: dict[tuple[str, Any], Any] = {}


def _deciding(dialect: str, column: Any, param: str) -> Any:
    """The ids of the events that name the rows by ``column`` (文号, registration code or title; the rows'
    values in the parameter ``param``) and can decide a status on ``as_of``, from documents not among the rows:
    per value, the earliest ending event in force by then and the latest confirming one (status_on reads no
    other; ties go to the lower id, as in the events' order). A title or a code that thousands of documents
    share (任免 notices, a generated corpus's codes) is named by thousands of cleanup-list entries; these two
    per value decide each row's status as all of them would. The rows' own events are read apart (they never
    count for their own row, but do for the others)."""
    ending, confirming = EV.kind.in_(ENDING_KINDS), EV.kind.in_(CONFIRMING_KINDS)
    first = func.row_number().over(partition_by=column, order_by=(  # on one day a repeal first, as status_on
        case((ending, 0), else_=1), EV.effective.asc().nulls_first(),
        case((EV.kind.in_([k for k, end in EFFECTS.items() if end == "repealed_on"]), 0), else_=1), EV.id))
    last = func.row_number().over(partition_by=column, order_by=(
        case((confirming, 0), else_=1), EV.effective.desc().nulls_last(), EV.id.desc()))
    ranked = select(EV.id, EV.kind, EV.effective, first.label("first"), last.label("last")).where(
        among_param(dialect, column, param, String), not_(among_param(dialect, EV.document_id, "ids")),
        EV.kind.in_([k for k in ENDING_KINDS + CONFIRMING_KINDS if k not in STATED_EVENT_KINDS]),
        or_(EV.effective.is_(None), EV.effective <= bindparam("as_of", type_=Date))).subquery()
    return select(ranked.c.id).where(or_(and_(ranked.c.kind.in_(ENDING_KINDS), ranked.c.first == 1),
                                         and_(ranked.c.kind.in_(CONFIRMING_KINDS), ranked.c.effective.is_not(None),
                                              ranked.c.last == 1)))


def _deciding_statement(dialect: str) -> Any:
    """:func:`_deciding` by 文号, registration code and title in one statement, built once per dialect."""
    if ("deciding", dialect) not in _EVENTS:
        _EVENTS["deciding", dialect] = union_all(_deciding(dialect, EV.doc_number, "numbers"),
                                                 _deciding(dialect, EV.reg_code, "codes"),
                                                 _deciding(dialect, EV.title_key, "keys"))
    return _EVENTS["deciding", dialect]


def _events_statement(dialect: str, bounded: bool = False) -> Any:
    """The status events that name any of the rows (by 文号, registration code or title), those the rows state
    of themselves and the sweeps that may cover them, each with its source's 文号 and title: built once per
    dialect (the rows' values are parameters, :func:`_event_params`). ``bounded``: of the events naming them,
    only the rows' own and those whose ids the parameter ``deciding`` gives (:func:`_deciding_statement`, read
    first: a subquery under this ``OR`` made PostgreSQL scan every event)."""
    if (dialect, bounded) not in _EVENTS:
        named = or_(among_param(dialect, EV.doc_number, "numbers", String),
                    among_param(dialect, EV.reg_code, "codes", String),
                    among_param(dialect, EV.title_key, "keys", String))
        if bounded:
            named = or_(and_(named, among_param(dialect, EV.document_id, "ids")),
                        among_param(dialect, EV.id, "deciding"))
        wanted = or_(and_(among_param(dialect, EV.document_id, "ids"), EV.kind.in_(STATED_EVENT_KINDS)),
                     and_(EV.kind == "sweep", among_param(dialect, EV.scope, "scopes", String),
                          EV.cutoff > bindparam("after", type_=Date)),
                     named)
        _EVENTS[dialect, bounded] = select(*StatusEventRow.__table__.c, DOCS.doc_number.label("source_number"),
                                           DOCS.title.label("source_title")).outerjoin(
            DocumentRow.__table__, DOCS.id == EV.document_id).where(wanted).order_by(EV.effective, EV.id)
    return _EVENTS[dialect, bounded]


def events_about(session: Session, rows: list[DocumentRow],
                 deciding_on: date | None = None) -> dict[int, list[dict[str, Any]]]:
    """For each document, the status events later documents state about it, with their source (with
    ``deciding_on``, of those that name it only the ones that can decide its status that day: a list of
    documents with their statuses, however many events name them).

    One read of status_events (the events that name any of ``rows``, those the rows state of themselves,
    the cleanup sweeps that may cover them) with their source documents' 文号 and title: a results page asks
    this for its 20 rows, and each further read costs it more than the work."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not rows:
        return out
    by_id = {row.id: row for row in rows}
    # columns, not ORM objects: a title many documents share (任免 notices, 春节 notices of every county) is
    # named by thousands of cleanup lists, and building an object for each was most of a results page's time
    dialect = session.get_bind().dialect.name
    params = _event_params(rows, dialect, deciding_on)
    if deciding_on is not None:
        params["deciding"] = ids_value(dialect, [r[0] for r in run(session, _deciding_statement(dialect), params)])
    events = run(session, _events_statement(dialect, deciding_on is not None), params)

    made: dict[int, dict[str, Any]] = {}

    def record(ev: Any) -> dict[str, Any]:  # one record per event, shared by the rows it names (read only)
        if ev.id not in made:
            src_number, src_title = ev.source_number, ev.source_title
            made[ev.id] = {"kind": ev.kind, "kind_name": EVENT_NAMES[ev.kind],
                           "effective": ev.effective.isoformat() if ev.effective else None,
                           "source": src_number or src_title, "source_id": ev.document_id,
                           "url": f"/doc/{ev.document_id}#{ev.node_id}" if ev.node_id else f"/doc/{ev.document_id}",
                           "text": ev.text}
        return made[ev.id]

    # what later documents say of them, by 文号, registration code or title: each event looks up the rows
    # it names (not every row for every event), in the events' order
    keyed: dict[tuple[str, str], list[DocumentRow]] = defaultdict(list)
    for row in rows:
        for key in {("n", row.doc_number or ""), ("r", row.reg_code or ""), ("t", row.title_key or ""),
                    ("t", row.plan_key or "")}:
            if key[1]:
                keyed[key].append(row)
    for ev in events:
        named_rows = {id(r) for key in (("n", ev.doc_number), ("r", ev.reg_code), ("t", ev.title_key)) if key[1]
                      for r in keyed.get(key, [])}
        for row in rows if named_rows else ():  # in the rows' order, as before
            # a page's statement about itself names only itself, not another of the same title
            if id(row) in named_rows and ev.document_id != row.id and ev.kind not in STATED_EVENT_KINDS:
                out[row.id].append(record(ev))
    # the status the page states about the document itself (有效性: 失效, 此件已于…宣布废止)
    for ev in events:
        if ev.kind in STATED_EVENT_KINDS and ev.document_id in by_id:
            out[ev.document_id].append(record(ev))
    listed = {row_id: {e["source_id"] for e in found} for row_id, found in out.items()}
    sweeps = sorted((ev for ev in events if ev.kind == "sweep"), key=lambda ev: ev.id)
    if deciding_on is not None and sweeps:  # what the sweeps' own lists name, which only some of out holds
        for row_id, sources in _listed_by(session, rows, {ev.document_id for ev in sweeps}).items():
            listed.setdefault(row_id, set()).update(sources)
    for ev in sweeps:
        for row in rows:
            if (row.reg_code and row.signed and ev.cutoff and row.signed < ev.cutoff and ev.scope
                    and (row.issuer or "").startswith(ev.scope) and ev.document_id != row.id
                    and ev.document_id not in listed.setdefault(row.id, set())):
                out[row.id].append(record(ev))
                listed[row.id].add(ev.document_id)
    return out


def _listed_by(session: Session, rows: list[DocumentRow], sources: set[int]) -> dict[int, set[int]]:
    """For each row, which of the documents ``sources`` (cleanups with a sweep) name it in any event other than
    their sweeps (their lists, which the sweep spares)."""
    names = {k: {getattr(r, f) for r in rows if getattr(r, f)} for k, f in (("n", "doc_number"), ("r", "reg_code"))}
    names["t"] = {k for r in rows for k in (r.title_key, r.plan_key) if k}
    found = session.execute(select(EV.document_id, EV.doc_number, EV.reg_code, EV.title_key).where(
        EV.document_id.in_(sorted(sources)), EV.kind != "sweep", EV.kind.not_in(STATED_EVENT_KINDS),
        or_(EV.doc_number.in_(sorted(names["n"])), EV.reg_code.in_(sorted(names["r"])),
            EV.title_key.in_(sorted(names["t"]))))).all()
    by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    for source, n, r, t in found:
        for name in (("n", n), ("r", r), ("t", t)):
            if name[1]:
                by_name[name].add(source)
    return {row.id: set().union(*(by_name.get(name, set()) for name in (
        ("n", row.doc_number), ("r", row.reg_code), ("t", row.title_key), ("t", row.plan_key)))) - {row.id}
        for row in rows}


def statuses(session: Session, rows: list[DocumentRow], as_of: date | None = None) -> dict[int, Status]:
    """Each document's status on ``as_of`` (default today), from its dates and the events about it."""
    as_of = as_of or today_cn()
    # only what decides each status: a title thousands of documents share no longer reads thousands of events
    about = events_about(session, rows, deciding_on=as_of)
    return {r.id: status_on(r.effective_from, r.expires_on, about.get(r.id, []), as_of) for r in rows}


def summaries(session: Session, rows: list[DocumentRow], as_of: date | None = None) -> list[dict[str, Any]]:
    """The rows of a list with their statuses on ``as_of``, read from their stored ends (no event read)."""
    as_of = as_of or today_cn()
    return [doc_summary(r, stored_status(r, as_of)) for r in rows]


def newest_documents(session: Session, where: list[Any], limit: int, offset: int = 0, ids: bool = False) -> list[Any]:
    """The documents ``where`` keeps, newest first (signed ones by date, then the undated, each newest id first),
    or their ids: the home page's list and browsing without a query. The signed ones are read backwards along
    the index of migration 0018, not every match sorted (0.9 s at a million)."""
    base = (select(DocumentRow.id) if ids else select(DocumentRow).options(defer(DocumentRow.data))).where(*where)
    dated = base.where(DocumentRow.signed.is_not(None))
    rows = list(session.scalars(dated.order_by(DocumentRow.signed.desc(), DocumentRow.id.desc())
                                .limit(limit).offset(offset)))
    if len(rows) < limit:  # the undated follow: from their first, or past as many as the page is past the dated
        skip = 0
        if not rows and offset:
            skip = max(0, offset - (session.scalar(select(func.count()).select_from(dated.subquery())) or 0))
        rows += session.scalars(base.where(DocumentRow.signed.is_(None)).order_by(DocumentRow.id.desc())
                                .limit(limit - len(rows)).offset(skip))
    return rows


def _in_values(dialect: str, col: Any, values: Any) -> Any:
    """``col IN`` the values of one bound parameter: a PostgreSQL array, or a JSON list read by ``json_each``."""
    if dialect == "postgresql":
        return col == any_(values)
    return col.in_(select(literal_column("value")).select_from(func.json_each(values)))


def among_param(dialect: str, col: Any, name: str, kind: Any = Integer) -> Any:
    """``col IN`` the values (ids, or of type ``kind``) of the bound parameter ``name`` (given by
    :func:`ids_value`), for statements built once."""
    return _in_values(dialect, col, bindparam(name, type_=ARRAY(kind)) if dialect == "postgresql" else bindparam(name))


def ids_value(dialect: str, ids: list[Any]) -> Any:
    """The value of an :func:`among_param` parameter: a list for PostgreSQL, a JSON list for SQLite."""
    return list(ids) if dialect == "postgresql" else json.dumps(list(ids))


def among(session: Session, col: Any, ids: list[int]) -> Any:
    """``col IN ids`` with the ids in one bound parameter (a PostgreSQL array, a JSON list on SQLite):
    a thousand separate parameters cost more to build and send than the query takes to run."""
    dialect = session.get_bind().dialect.name
    value = ids_value(dialect, ids)
    return _in_values(dialect, col, bindparam(None, value, type_=ARRAY(Integer)) if dialect == "postgresql"
                      else bindparam(None, value))


def tasks_of(session: Session, task_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not task_ids:
        return out
    # columns, not ORM objects: a large plan has hundreds of assignments, and building an object for
    # each was half the time of its page
    rows = session.execute(select(TaskUnitRow.task_id, TaskUnitRow.name, TaskUnitRow.role, UnitRow.id,
                                  UnitRow.canonical)
                           .join(UnitRow, UnitRow.id == TaskUnitRow.unit_id)
                           .where(among(session, TaskUnitRow.task_id, task_ids)).order_by(TaskUnitRow.id)).all()
    for task_id, name, role, unit_id, canonical in rows:
        out[task_id].append({"name": name, "role": role, "unit_id": unit_id, "canonical": canonical,
                             "url": f"/unit/{unit_id}"})
    return out


def task_dict(task: TaskRow, units: list[dict[str, Any]], doc: DocumentRow | None = None) -> dict[str, Any]:
    out = {
        "id": task.id, "number": task.number, "plan": task.plan, "heading": task.heading, "text": task.text,
        "tag": task.tag, "node_id": task.node_id, "parents": task.data.get("parents", []),
        "inherited_from": task.data.get("inherited_from"), "document_id": task.document_id,
        "url": f"/doc/{task.document_id}#{task.node_id}", "units": units,
        "lead": [u["name"] for u in units if u["role"] == "lead"],
        "support": [u["name"] for u in units if u["role"] == "support"],
        "territorial": [u["name"] for u in units if u["role"] == "territorial"],
    }
    if doc is not None:
        out["doc_number"] = doc.doc_number
        out["document_title"] = doc.title
    return out
