"""The lifecycle of validity over the store: a document's status on a date (stored, or known only from
what stored documents say about it), the records the registry checks, expiry alerts and cleanup worksheets
work on (zhengce.library.registry holds those rules), and the documents in force that cite ended ones."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, defer

from zhengce.access.accounts import today as today_cn
from zhengce.db import CitationRow, DocumentRow, StatusEventRow
from zhengce.extract.validity import EVENT_NAMES, status_on
from zhengce.library.records import CURRENT, NEWEST_FIRST, doc_summary, events_about, statuses
from zhengce.library.registry import CHECK_NAMES, disposition, expiring, registry_checks
from zhengce.text.lexicon import parse_doc_number, parse_reg_code
from zhengce.text.normalise import squash


def status_of(engine: Engine, key: str, as_of: date | None = None) -> dict[str, Any] | None:
    """The status on ``as_of`` of a document named by 文号 (any brackets), registration code or id —
    stored, or known only from what stored documents say about it."""
    as_of = as_of or today_cn()
    key = (key or "").strip()[:200]
    if not key:
        return None
    number = parse_doc_number(key)
    code = parse_reg_code(key)
    with Session(engine) as session:
        q = select(DocumentRow).limit(1)
        if key.isdigit():
            row = session.get(DocumentRow, int(key))
        elif number is not None:
            row = session.scalar(q.where(DocumentRow.doc_number == number.text).order_by(*NEWEST_FIRST))
        elif code is not None:
            row = session.scalar(q.where(DocumentRow.reg_code == code.text).order_by(*NEWEST_FIRST))
        else:
            row = session.scalar(q.where(DocumentRow.title_key == squash(key)).order_by(*NEWEST_FIRST))
        # a registration code printed for several documents (a slip of the registry): name them all
        sharing = _documents_with_code(session, code.text) if code is not None and number is None else []
        if row is not None:
            about = events_about(session, [row]).get(row.id, [])
            status = status_on(row.effective_from, row.expires_on, about, as_of)
            return {"as_of": as_of.isoformat(), "stored": True, "document": doc_summary(row, status),
                    "status": status.to_dict(), "events": about, "same_code": sharing}
        conds = ([StatusEventRow.doc_number == number.text] if number else []) + (
            [StatusEventRow.reg_code == code.text] if code else [])
        if not conds:
            return None
        found = session.execute(select(StatusEventRow, DocumentRow.id, DocumentRow.doc_number, DocumentRow.title)
                                .join(DocumentRow, DocumentRow.id == StatusEventRow.document_id).where(or_(*conds))
                                .order_by(StatusEventRow.effective, StatusEventRow.id)).all()
        if not found:
            return None
        if len(sharing) > 1:  # only the events about the first of the documents that share the code
            first_name = found[0][0].doc_number or found[0][0].title
            found = [f for f in found if (f[0].doc_number or f[0].title) == first_name]
        events = [{"kind": ev.kind, "kind_name": EVENT_NAMES[ev.kind],
                   "effective": ev.effective.isoformat() if ev.effective else None, "source": n or t,
                   "source_id": i, "url": f"/doc/{i}#{ev.node_id}", "text": ev.text} for ev, i, n, t in found]
        first = found[0][0]
        status = status_on(None, None, events, as_of)
        return {"as_of": as_of.isoformat(), "stored": False, "status": status.to_dict(), "events": events,
                "document": {"doc_number": first.doc_number, "reg_code": first.reg_code, "title": first.title},
                "same_code": sharing}


def _documents_with_code(session: Session, code: str) -> list[dict[str, Any]]:
    """Every document known under one registration code — stored, or named in a stored document's tables —
    each once (by 文号, else by title). More than one means the code was given twice."""
    out: dict[str, dict[str, Any]] = {}
    for row in session.scalars(select(DocumentRow).where(DocumentRow.reg_code == code,
                                                        DocumentRow.superseded_at.is_(None)).order_by(DocumentRow.id)):
        out.setdefault(row.doc_number or row.title or "", {"doc_number": row.doc_number, "title": row.title,
                                                           "id": row.id, "stored": True})
    for n, t in session.execute(select(StatusEventRow.doc_number, StatusEventRow.title)
                                .where(StatusEventRow.reg_code == code).order_by(StatusEventRow.id)):
        out.setdefault(n or t or "", {"doc_number": n, "title": t, "id": None, "stored": False})
    return list(out.values())


def lifecycle_records(engine: Engine, as_of: date | None = None, jurisdiction: str | None = None,
                      issuer: str | None = None, before: date | None = None,
                      normative_only: bool = False) -> list[dict[str, Any]]:
    """Documents with their status on ``as_of``, expiry, warnings and how many documents in force cite
    them — what the registry checks, expiry alerts and cleanup worksheets work on."""
    as_of = as_of or today_cn()
    with Session(engine) as session:
        q = select(DocumentRow).options(defer(DocumentRow.data)).where(CURRENT)
        if jurisdiction:
            q = q.where(DocumentRow.jurisdiction == jurisdiction)
        if issuer:
            q = q.where(DocumentRow.issuer.startswith(issuer))  # the government and its office
        if before:
            q = q.where(DocumentRow.signed < before)
        if normative_only:
            q = q.where(DocumentRow.reg_code.is_not(None))
        rows = list(session.scalars(q.order_by(DocumentRow.signed, DocumentRow.id)))
        found = statuses(session, rows, as_of)
        warnings = {i: w for i, w in session.execute(
            select(DocumentRow.id, DocumentRow.data).where(DocumentRow.id.in_([r.id for r in rows])))}
        citing = _citing_in_force(session, rows, as_of)
        return [doc_summary(r, found[r.id]) | {
            "expires_on": r.expires_on.isoformat() if r.expires_on else None,
            "effective_from": r.effective_from.isoformat() if r.effective_from else None,
            "status": found[r.id].status, "status_name": found[r.id].to_dict()["status_name"],
            "warnings": (warnings.get(r.id) or {}).get("warnings", []), "cited_by_valid": citing.get(r.id, 0),
        } for r in rows]


def _citing_in_force(session: Session, rows: list[DocumentRow], as_of: date) -> dict[int, int]:
    """For each document, how many other documents in force on ``as_of`` cite it."""
    by_number = {r.doc_number: r.id for r in rows if r.doc_number}
    by_key = {k: r.id for r in rows for k in (r.title_key, r.plan_key) if k}
    if not by_number and not by_key:
        return {}
    conds = ([CitationRow.doc_number.in_(list(by_number))] if by_number else []) + (
        [CitationRow.title_key.in_(list(by_key))] if by_key else [])
    cites = session.execute(select(CitationRow.document_id, CitationRow.doc_number, CitationRow.title_key)
                            .where(or_(*conds))).all()
    sources = list(session.scalars(select(DocumentRow).options(defer(DocumentRow.data))
                                   .where(DocumentRow.id.in_({c[0] for c in cites}))))
    alive = {i for i, s in statuses(session, sources, as_of).items() if s.status in {"valid", "unknown"}}
    counted: dict[int, set[int]] = defaultdict(set)
    for src, number, key in cites:
        target = by_number.get(number) if number else None
        target = target or (by_key.get(key) if key else None)
        if target is not None and src != target and src in alive:
            counted[target].add(src)
    return {k: len(v) for k, v in counted.items()}


def registry_report(engine: Engine, jurisdiction: str | None = None) -> dict[str, Any]:
    records = lifecycle_records(engine, jurisdiction=jurisdiction)
    with Session(engine) as session:
        known = [tuple(r) for r in session.execute(
            select(StatusEventRow.reg_code, StatusEventRow.doc_number, StatusEventRow.title)
            .where(StatusEventRow.reg_code.is_not(None)))]
    findings = registry_checks(records, known)
    return {"jurisdiction": jurisdiction, "documents": sum(1 for r in records if r["reg_code"]),
            "checks": CHECK_NAMES, "findings": findings,
            "counts": {k: sum(1 for f in findings if f["check"] == k) for k in CHECK_NAMES}}


def expiry_alerts(engine: Engine, months: int = 6, issuer: str | None = None,
                  as_of: date | None = None) -> dict[str, Any]:
    as_of = as_of or today_cn()
    rows = expiring(lifecycle_records(engine, as_of, issuer=issuer), as_of, months)
    per_issuer: dict[str, int] = defaultdict(int)
    for r in rows:
        per_issuer[r["issuer"] or "—"] += 1
    return {"as_of": as_of.isoformat(), "months": months, "issuer": issuer, "documents": rows,
            "per_issuer": dict(sorted(per_issuer.items()))}


def cleanup_sheet(engine: Engine, issuer: str, before: date, as_of: date | None = None) -> dict[str, Any]:
    rows = lifecycle_records(engine, as_of or before, issuer=issuer, before=before, normative_only=True)
    for k, r in enumerate(rows, 1):
        r["number"] = k
        r["proposal"] = disposition(r, before, r["cited_by_valid"])
    return {"issuer": issuer, "before": before.isoformat(), "documents": rows}


def impact(engine: Engine, as_of: date | None = None) -> list[dict[str, Any]]:
    """Documents in force that cite a repealed or expired document (stored or known by reference)."""
    as_of = as_of or today_cn()
    with Session(engine) as session:
        docs = list(session.scalars(select(DocumentRow).options(defer(DocumentRow.data)).where(CURRENT)))
        alive = {i for i, s in statuses(session, docs, as_of).items() if s.status == "valid"}
        by_id = {d.id: d for d in docs}
        cites = session.execute(select(CitationRow).where(CitationRow.document_id.in_(alive),
                                                          CitationRow.kind == "document")).scalars().all()
    out = []
    for c in cites:
        key = c.doc_number or c.title
        if not key:
            continue
        found = status_of(engine, c.doc_number or c.title or "", as_of)
        ended_by = (found or {}).get("status", {}).get("event") or {}
        if ended_by.get("source_id") == c.document_id:
            continue  # the document that repealed it names it for that very purpose
        if found and found["status"]["status"] in {"repealed", "expired"}:
            src = by_id[c.document_id]
            out.append({"document": doc_summary(src), "cites": c.doc_number or c.title, "text": c.text,
                        "cited_status": found["status"]["status_name"], "reason": found["status"]["reason"],
                        "url": f"/doc/{src.id}"})
    return out


def repealed(engine: Engine, as_of: date | None = None) -> list[dict[str, Any]]:
    """Every document the library knows as repealed on ``as_of`` — stored ones, and ones known only because
    a stored document repeals them — each with the document that repealed it, the latest repeal first."""
    as_of = as_of or today_cn()
    with Session(engine) as session:
        docs = list(session.scalars(select(DocumentRow).options(defer(DocumentRow.data)).where(CURRENT)))
        found = statuses(session, docs, as_of)
        out = [_repealed_row(doc_summary(d, found[d.id]) | {"stored": True}, found[d.id].to_dict())
               for d in docs if found[d.id].status == "repealed"]
        out += _repealed_unstored(session, docs, as_of)
    return sorted(out, key=lambda r: r["since"] or "", reverse=True)


Named = tuple[StatusEventRow, int, str | None, str | None]  # an event, and the id, 文号 and title of its source


def _repealed_unstored(session: Session, docs: list[DocumentRow], as_of: date) -> list[dict[str, Any]]:
    """The documents not stored that the events of stored ones repeal by 文号, registration code or title."""
    stored = {("n", d.doc_number) for d in docs if d.doc_number} | {("c", d.reg_code) for d in docs if d.reg_code} \
        | {("t", d.title_key) for d in docs if d.title_key}
    named: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for ev, i, n, t in session.execute(
            select(StatusEventRow, DocumentRow.id, DocumentRow.doc_number, DocumentRow.title)
            .join(DocumentRow, DocumentRow.id == StatusEventRow.document_id)
            .where(CURRENT, StatusEventRow.kind.in_(["repeal", "expire", "continue"]))
            .order_by(StatusEventRow.effective, StatusEventRow.id)).all():
        names = [k for k in (("n", ev.doc_number), ("c", ev.reg_code), ("t", ev.title_key)) if k[1]]
        if names and not any(k in stored for k in names):
            named[names[0]].append((ev, i, n, t))
    out = []
    for group in named.values():
        events = [{"kind": ev.kind, "kind_name": EVENT_NAMES[ev.kind],
                   "effective": ev.effective.isoformat() if ev.effective else None, "source": n or t,
                   "source_id": i, "url": f"/doc/{i}#{ev.node_id}" if ev.node_id else f"/doc/{i}", "text": ev.text}
                  for ev, i, n, t in group]
        status = status_on(None, None, events, as_of)
        if status.status != "repealed":
            continue
        first = group[0][0]
        title = first.title or (session.scalar(  # an event keeps the 文号; the citation it came from, the title
            select(CitationRow.title).where(CitationRow.doc_number == first.doc_number,
                                            CitationRow.document_id.in_({g[1] for g in group}),
                                            CitationRow.title.is_not(None)).limit(1)) if first.doc_number else None)
        out.append(_repealed_row({"id": None, "doc_number": first.doc_number, "reg_code": first.reg_code,
                                  "title": title, "issuer": None, "url": None, "stored": False}, status.to_dict()))
    return out


def _repealed_row(doc: dict[str, Any], status: dict[str, Any]) -> dict[str, Any]:
    event = status.get("event") or {}
    return doc | {"since": status["since"], "reason": status["reason"], "repealed_by": event.get("source"),
                  "repealed_by_id": event.get("source_id"), "repealed_by_url": event.get("url")}
