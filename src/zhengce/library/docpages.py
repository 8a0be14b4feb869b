"""The data of the document pages: the home page's recent documents (its counts: ``counts``), a document (metadata,
status, clause tree, tasks, targets, what it cites and what cites it, its current version), a plan's
responsibility matrix and target list, an issuer's or jurisdiction's documents, look-ups by 文号."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, defer

from zhengce.access.accounts import PUBLIC, Actor
from zhengce.access.accounts import today as today_cn
from zhengce.db import (
    CitationRow,
    ClauseRow,
    DocumentRow,
    SourceRow,
    StatusEventRow,
    TargetRow,
    TaskRow,
)
from zhengce.extract.validity import EVENT_NAMES, status_on
from zhengce.library.pageviews import add_pages
from zhengce.library.records import (
    CURRENT,
    NEWEST_FIRST,
    SUPERSEDED,
    doc_summary,
    events_about,
    newest_documents,
    summaries,
    task_dict,
    tasks_of,
)
from zhengce.library.searchpdf import searchable_url
from zhengce.text.normalise import squash


def recent(engine: Engine, limit: int = 10) -> list[dict[str, Any]]:
    """The most recently signed current documents (then those without a date, newest first): the signed ones
    read backwards along the index of migration 0018, not every row sorted."""
    with Session(engine) as session:
        return summaries(session, newest_documents(session, [CURRENT], limit))


def _plan_parts(session: Session, doc_id: int) -> tuple[list[TaskRow], dict[int, list[dict[str, Any]]],
                                                        list[TargetRow]]:
    """A document's tasks, the units of each task, and its target list (goals and tables)."""
    tasks = list(session.scalars(select(TaskRow).where(TaskRow.document_id == doc_id).order_by(TaskRow.ordinal)))
    targets = list(session.scalars(select(TargetRow).where(TargetRow.document_id == doc_id,
                                                           TargetRow.origin != "task").order_by(TargetRow.ordinal)))
    return tasks, tasks_of(session, [t.id for t in tasks]), targets


# who sees where a source was read from: a path given to ``zhengce ingest`` may be a clerk's local folder
# (/home/…/通知.docx), so everyone else sees the file's name only
PATH_ROLES = ("office",)


def document(engine: Engine, doc_id: int, as_of: date | None = None,
             actor: Actor = PUBLIC) -> dict[str, Any] | None:
    """Everything the document page shows (its status on ``as_of``, default today); the path the
    source was ingested from only for :data:`PATH_ROLES`, the file's name for everyone."""
    with Session(engine) as session:
        row = session.get(DocumentRow, doc_id)
        if row is None:
            return None
        tasks, units, targets = _plan_parts(session, doc_id)
        cites = session.scalars(select(CitationRow).where(CitationRow.document_id == doc_id)
                                .order_by(CitationRow.start)).all()
        cited = _citations(session, list(cites))
        keys = [k for k in (row.title_key, row.plan_key) if k]
        conds = [CitationRow.doc_number == row.doc_number] if row.doc_number else []
        if keys:
            conds.append(CitationRow.title_key.in_(keys))
        citing_rows = session.scalars(
            select(DocumentRow).options(defer(DocumentRow.data))
            .where(DocumentRow.id.in_(select(CitationRow.document_id).where(or_(*conds))), DocumentRow.id != doc_id)
            .order_by(DocumentRow.signed.desc().nulls_last())).all() if conds else []
        data = row.data
        paths = actor.role in PATH_ROLES
        superseded = _superseded(session, row, paths)
        about = events_about(session, [row]).get(row.id, [])
        status = status_on(row.effective_from, row.expires_on, about, as_of or today_cn())
        task_dicts = [task_dict(t, units.get(t.id, [])) for t in tasks]
        target_dicts = [_target_dict(t) for t in targets]
        spans = [(d, t.start, t.end) for d, t in zip(task_dicts, tasks, strict=True)]
        spans += [(d, t.start, t.end) for d, t in zip(target_dicts, targets, strict=True)]
        paged = add_pages(session, row, data.get("tree"), spans)  # 第N页 beside each, for a paged source
        stated = [{"kind": e.kind, "kind_name": EVENT_NAMES[e.kind],
                   "effective": e.effective.isoformat() if e.effective else None, "doc_number": e.doc_number,
                   "reg_code": e.reg_code, "title": e.title, "node_id": e.node_id}
                  for e in session.scalars(select(StatusEventRow).where(StatusEventRow.document_id == row.id)
                                           .order_by(StatusEventRow.start, StatusEventRow.id))]
        return {
            "status": status.to_dict(), "status_events": about, "states": stated, "superseded": superseded,
            "as_of": as_of.isoformat() if as_of else None,
            "document": doc_summary(row, status) | {
                "published": row.published.isoformat() if row.published else None,
                "effective_from": row.effective_from.isoformat() if row.effective_from else None,
                "expires_on": row.expires_on.isoformat() if row.expires_on else None,
                "validity_reading": (data.get("validity") or {}).get("reading"),
                "recipients": data.get("recipients", []), "attachments": data.get("attachments", []),
                "gazette": data.get("gazette"), "source": row.source.name,
                "source_path": row.source.path if paths else None,
                "source_id": row.source_id, "source_paged": paged,
                "searchable_pdf": searchable_url(session, row.source_id, row.source.format) if paged else None,
                "warnings": data.get("warnings", []),
                "interpretations": [{"author": i["author"], "title": i["title"]}
                                    for i in data.get("interpretations", [])],
            },
            "tree": data.get("tree"),
            "tasks": task_dicts,
            "targets": target_dicts,
            "cites": cited,
            "cited_by": summaries(session, list(citing_rows)),
        }


def _superseded(session: Session, row: DocumentRow, paths: bool) -> dict[str, Any] | None:
    """For a superseded version: when, and the current version — the document that replaced it
    (followed through later versions), else the documents of the source that replaced its source."""
    if row.superseded_at is None:
        return None
    doc, seen = row, {row.id}
    while doc.superseded_by is not None and doc.superseded_by not in seen:
        nxt = session.get(DocumentRow, doc.superseded_by)
        if nxt is None:
            break
        doc = nxt
        seen.add(doc.id)
    current = doc_summary(doc) if doc.superseded_at is None else None
    source, hops = session.get(SourceRow, row.source_id), 0
    while source is not None and source.superseded_by is not None and hops < 1000:
        source, hops = session.get(SourceRow, source.superseded_by), hops + 1
    others = [] if current is not None or source is None else [
        doc_summary(d) for d in session.scalars(select(DocumentRow).options(defer(DocumentRow.data))
                                                .where(DocumentRow.source_id == source.id, CURRENT)
                                                .order_by(DocumentRow.ordinal))]
    return {"notice": SUPERSEDED, "at": row.superseded_at.isoformat(), "current": current,
            "source": None if source is None or source.superseded_at is not None else
            {"id": source.id, "name": source.name, "path": source.path if paths else None, "documents": others}}


def _citations(session: Session, cites: list[CitationRow]) -> list[dict[str, Any]]:
    """Each citation with the stored document it names, by number or else by title (the first
    stored), looked up for all of them at once: a plan cites dozens."""
    docs = (select(DocumentRow).options(defer(DocumentRow.data))  # no clause tree; current versions first
            .order_by(DocumentRow.superseded_at.is_not(None), DocumentRow.id))
    numbers = {c.doc_number for c in cites if c.doc_number}
    by_number: dict[str, DocumentRow] = {}
    for row in session.scalars(docs.where(DocumentRow.doc_number.in_(numbers))) if numbers else []:
        by_number.setdefault(row.doc_number or "", row)
    keys = {c.title_key for c in cites if c.title_key and c.doc_number not in by_number}
    by_key: dict[str, DocumentRow] = {}
    if keys:
        for row in session.scalars(docs.where(or_(DocumentRow.title_key.in_(keys), DocumentRow.plan_key.in_(keys)))):
            for key in (row.title_key, row.plan_key):
                if key in keys:
                    by_key.setdefault(key, row)
    # one entry per document cited, in the order of first mention, with how often the text names it (a plan
    # cites its basis in the preamble and again in its clauses)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    titled: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, title) → the entry that names it
    for c in cites:
        target = by_number.get(c.doc_number or "") or by_key.get(c.title_key or "")
        key = (c.kind, f"#{target.id}" if target is not None else (c.doc_number or c.title_key or c.text or ""))
        key = titled.get((c.kind, c.title_key or ""), key) if c.title_key else key
        if key in out:
            out[key]["times"] += 1
            continue
        if c.title_key:
            titled[(c.kind, c.title_key)] = key
        out[key] = {"kind": c.kind, "title": c.title, "doc_number": c.doc_number, "text": c.text,
                    "resolved": doc_summary(target) if target is not None else None, "times": 1}
    return list(out.values())


def _target_dict(t: TargetRow) -> dict[str, Any]:
    return {"indicator": t.indicator, "value": t.value, "unit": t.unit, "bound": t.bound, "change": t.change,
            "target_year": t.target_year, "text": t.text, "plan": t.plan, "origin": t.origin, "node_id": t.node_id,
            "url": f"/doc/{t.document_id}#{t.node_id}"}


def plan(engine: Engine, doc_id: int) -> dict[str, Any] | None:
    """The responsibility matrix (tasks × units, roles) and the target list of a document's plans."""
    with Session(engine) as session:
        row = session.get(DocumentRow, doc_id)
        if row is None:
            return None
        tasks, units, targets = _plan_parts(session, doc_id)
        columns: dict[int, dict[str, Any]] = {}
        for t in tasks:
            for u in units.get(t.id, []):
                col = columns.setdefault(u["unit_id"], {"unit_id": u["unit_id"], "name": u["canonical"],
                                                        "url": u["url"], "lead": 0, "tasks": 0})
                col["tasks"] += 1
                col["lead"] += u["role"] == "lead"
        ordered = sorted(columns.values(), key=lambda c: (-c["lead"], -c["tasks"], c["name"]))
        matrix = []
        for t in tasks:
            roles = {u["unit_id"]: u["role"] for u in units.get(t.id, [])}
            matrix.append(task_dict(t, units.get(t.id, [])) | {"roles": [roles.get(c["unit_id"]) for c in ordered]})
        return {"document": doc_summary(row), "units": ordered, "tasks": matrix,
                "targets": [_target_dict(t) for t in targets]}


def listing(engine: Engine, field_name: str, value: str) -> list[dict[str, Any]]:
    """Documents of one issuer or jurisdiction, newest first."""
    column = {"issuer": DocumentRow.issuer, "jurisdiction": DocumentRow.jurisdiction}[field_name]
    with Session(engine) as session:
        rows = session.scalars(select(DocumentRow).where(column == value, CURRENT)
                               .order_by(DocumentRow.signed.desc().nulls_last(), DocumentRow.id.desc())).all()
        return summaries(session, list(rows))


def find_by_number(engine: Engine, number: str) -> dict[str, Any] | None:
    key = squash(number)
    with Session(engine) as session:
        row = session.scalar(select(DocumentRow).where(DocumentRow.doc_number == key)
                             .order_by(*NEWEST_FIRST).limit(1))
        return doc_summary(row) if row else None


def clause_url(engine: Engine, doc_number: str, label: str) -> str | None:
    """The page and anchor of a stored document's clause by its label (``二`` finds ``二、``, ``第八条``,
    ``附件``), or the document itself when the clause is not found; None without the document."""
    key = squash(doc_number)
    with Session(engine) as session:
        doc_id = session.scalar(select(DocumentRow.id).where(DocumentRow.doc_number == key)
                                .order_by(*NEWEST_FIRST).limit(1))
        if doc_id is None:
            return None
        # a compound label names a path: 四（一） is the （一） inside 四、
        parts = [p.strip("、.．") for p in re.findall(r"[（(][^）)]+[）)]|[^（(]+", label.strip()) if p.strip()]
        nodes = session.execute(select(ClauseRow.node_id, ClauseRow.label).where(ClauseRow.document_id == doc_id)
                                .order_by(ClauseRow.ordinal)).all()
        scope = ""
        for part in parts:
            want = part.replace("(", "（").replace(")", "）")
            found = next((n for n, got in nodes if got.strip().rstrip("、.．").replace("(", "（").replace(")", "）")
                          == want and (not scope or n.startswith(scope + "/"))), None)
            if found is None:
                break
            scope = found
        return f"/doc/{doc_id}#{scope}" if scope else f"/doc/{doc_id}"


def stored_period(engine: Engine, doc_number: str) -> tuple[date | None, date | None] | None:
    """The effective date and last day the library records for the document numbered ``doc_number`` (its
    current version); None without the document."""
    with Session(engine) as session:
        row = session.execute(select(DocumentRow.effective_from, DocumentRow.expires_on)
                              .where(DocumentRow.doc_number == squash(doc_number))
                              .order_by(*NEWEST_FIRST).limit(1)).first()
    return None if row is None else (row[0], row[1])
