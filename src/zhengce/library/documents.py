"""Library: read-only queries over the store for the web app, the API and the CLI.

Every function returns plain dicts and lists (the JSON twin of a page is exactly what the page
renders). Full-text search uses FTS5 on SQLite and tsvector on PostgreSQL over the tokens of
``zhengce.search``; user input only ever reaches the engine as quoted tokens or bound parameters.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    any_,
    bindparam,
    case,
    column,
    exists,
    func,
    intersect,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, aliased, defer

from zhengce.access.accounts import today as today_cn
from zhengce.db import (
    CitationRow,
    ClauseRow,
    DocumentRow,
    SourceRow,
    StatusEventRow,
    TargetRow,
    TaskRow,
    TaskUnitRow,
    UnitRow,
)
from zhengce.db.search import Query, fts5_match, parse_query, pg_tsquery
from zhengce.extract.validity import EVENT_NAMES, STATED_KINDS, Status, status_on
from zhengce.text.normalise import fold, squash

PAGE_SIZE = 20
SNIPPET_SCAN = 3000  # characters of a clause that are looked at for a snippet
SNIPPET_CLAUSES = 12  # clauses of one document that are looked at for a snippet
VALIDITY = {"valid": "现行有效", "expired": "已失效", "repealed": "已废止", "pending": "尚未生效", "unknown": "未标注"}
ROLE_NAMES = {"lead": "牵头", "support": "配合", "territorial": "属地负责"}
CURRENT = DocumentRow.superseded_at.is_(None)  # not a superseded version (zhengce.store): what lists show
SUPERSEDED = "此版本已被新版本取代"


@dataclass(slots=True)
class Filters:
    issuer: str | None = None
    jurisdiction: str | None = None
    year: int | None = None
    kind: str | None = None
    validity: str | None = None  # valid | expired | repealed | pending | unknown
    has_tasks: bool | None = None

    def active(self) -> dict[str, Any]:
        return {k: v for k, v in (("issuer", self.issuer), ("jurisdiction", self.jurisdiction), ("year", self.year),
                                  ("kind", self.kind), ("validity", self.validity), ("has_tasks", self.has_tasks))
                if v is not None and v != ""}


@dataclass(slots=True)
class SearchPage:
    query: str
    total: int
    page: int
    results: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notice: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    facets_approximate: bool = False
    total_capped: bool = False  # more than COUNT_CAP matches: total is COUNT_CAP

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "total_capped": self.total_capped,
                "page": self.page, "page_size": PAGE_SIZE,
                "filters": self.filters, "notice": self.notice, "results": self.results, "facets": self.facets,
                "facets_approximate": self.facets_approximate}


def _filter_clauses(f: Filters, today: date) -> list[Any]:
    out: list[Any] = []
    if f.issuer:
        out.append(DocumentRow.issuer == f.issuer)
    if f.jurisdiction:
        out.append(DocumentRow.jurisdiction == f.jurisdiction)
    if f.year:
        out.append(DocumentRow.year == f.year)
    if f.kind:
        out.append(DocumentRow.kind == f.kind)
    if f.has_tasks is True:
        out.append(DocumentRow.task_count > 0)
    elif f.has_tasks is False:
        out.append(DocumentRow.task_count == 0)
    if f.validity:
        repealed, lapsed = _ended(("repeal",), today), _ended(("expire",), today)
        if f.validity == "repealed":
            out.append(repealed)
        elif f.validity == "expired":
            out.extend([~repealed, or_(DocumentRow.expires_on < today, lapsed)])
        else:
            out.extend([~repealed, ~lapsed])
            if f.validity == "pending":
                out.append(DocumentRow.effective_from > today)
            elif f.validity == "valid":
                out.append(or_(DocumentRow.expires_on.is_not(None), DocumentRow.effective_from.is_not(None)))
                out.append(or_(DocumentRow.expires_on.is_(None), DocumentRow.expires_on >= today))
                out.append(or_(DocumentRow.effective_from.is_(None), DocumentRow.effective_from <= today))
            elif f.validity == "unknown":
                out.append(DocumentRow.expires_on.is_(None))
                out.append(DocumentRow.effective_from.is_(None))
    return out


def _names_document(ev: Any) -> Any:
    """An event row (possibly aliased) names the document of the outer query."""
    return or_(and_(ev.doc_number.is_not(None), ev.doc_number == DocumentRow.doc_number),
               and_(ev.reg_code.is_not(None), ev.reg_code == DocumentRow.reg_code),
               and_(ev.title_key.is_not(None), or_(ev.title_key == DocumentRow.title_key,
                                                   ev.title_key == DocumentRow.plan_key)))


def _ended(kinds: tuple[str, ...], today: date) -> Any:
    """Documents named by a repeal or lapse event in force on ``today`` (by 文号, registration code or title);
    with lapses, also the normative documents a cleanup's sweep covers and none of its lists names."""
    ev = StatusEventRow
    named = exists().where(ev.kind.in_(kinds), or_(ev.effective.is_(None), ev.effective <= today),
                           ev.document_id != DocumentRow.id, _names_document(ev))
    stated = exists().where(ev.kind.in_([f"stated_{k}" for k in kinds]), ev.document_id == DocumentRow.id,
                            or_(ev.effective.is_(None), ev.effective <= today))  # what the page states of itself
    named = or_(named, stated)
    if "expire" not in kinds:
        return named
    sweep, listed = aliased(StatusEventRow), aliased(StatusEventRow)
    swept = exists().where(
        sweep.kind == "sweep", or_(sweep.effective.is_(None), sweep.effective <= today),
        DocumentRow.issuer.like(sweep.scope.concat("%")), DocumentRow.signed < sweep.cutoff,
        DocumentRow.reg_code.is_not(None), sweep.document_id != DocumentRow.id,
        ~exists().where(listed.document_id == sweep.document_id, listed.kind != "sweep", _names_document(listed))
        .correlate(DocumentRow))  # two levels down: the outer documents row, not a cross join
    return or_(named, swept)


def doc_summary(row: DocumentRow, status: Status | None = None) -> dict[str, Any]:
    return {
        "id": row.id, "doc_number": row.doc_number, "title": row.title, "issuer": row.issuer,
        "signed": row.signed.isoformat() if row.signed else None, "kind": row.kind, "year": row.year,
        "jurisdiction": row.jurisdiction, "reg_code": row.reg_code,
        # without the events about it (a single lookup): its own dates, read by the same rule
        "validity": (status or status_on(row.effective_from, row.expires_on, [], today_cn())).status,
        "task_count": row.task_count, "target_count": row.target_count, "url": f"/doc/{row.id}",
        "superseded": row.superseded_at is not None,
    }


STATED_EVENT_KINDS = tuple(STATED_KINDS.values())


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[k : k + size] for k in range(0, len(items), size)]


def _event_match(rows: list[DocumentRow]) -> Any:
    """The condition on status_events that names any of ``rows`` (by 文号, registration code or title)."""
    numbers = [r.doc_number for r in rows if r.doc_number]
    codes = [r.reg_code for r in rows if r.reg_code]
    keys = [k for r in rows for k in (r.title_key, r.plan_key) if k]
    conds = ([StatusEventRow.doc_number.in_(numbers)] if numbers else []) + (
        [StatusEventRow.reg_code.in_(codes)] if codes else []) + ([StatusEventRow.title_key.in_(keys)] if keys else [])
    return or_(*conds) if conds else None


def _names(ev: StatusEventRow, row: DocumentRow) -> bool:
    return bool((ev.doc_number and ev.doc_number == row.doc_number) or (ev.reg_code and ev.reg_code == row.reg_code)
                or (ev.title_key and ev.title_key in {row.title_key, row.plan_key}))


def events_about(session: Session, rows: list[DocumentRow]) -> dict[int, list[dict[str, Any]]]:
    """For each document, the status events later documents state about it, with their source."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    match = _event_match(rows)
    if not rows:
        return out
    found = session.execute(select(StatusEventRow, DocumentRow.id, DocumentRow.doc_number, DocumentRow.title)
                            .join(DocumentRow, DocumentRow.id == StatusEventRow.document_id).where(match)
                            .order_by(StatusEventRow.effective, StatusEventRow.id)).all() if match is not None else []
    def record(ev: StatusEventRow, src_id: int, src_number: str | None, src_title: str | None) -> dict[str, Any]:
        return {"kind": ev.kind, "kind_name": EVENT_NAMES[ev.kind],
                "effective": ev.effective.isoformat() if ev.effective else None,
                "source": src_number or src_title, "source_id": src_id,
                "url": f"/doc/{src_id}#{ev.node_id}" if ev.node_id else f"/doc/{src_id}", "text": ev.text}

    for ev, src_id, src_number, src_title in found:
        for row in rows:
            if src_id != row.id and _names(ev, row):
                out[row.id].append(record(ev, src_id, src_number, src_title))
    # the status the page states about the document itself (有效性: 失效, 此件已于…宣布废止)
    by_id = {row.id: row for row in rows}
    for chunk in _chunks(list(by_id), 500):
        for ev in session.scalars(select(StatusEventRow).where(StatusEventRow.document_id.in_(chunk),
                                                               StatusEventRow.kind.in_(STATED_EVENT_KINDS))
                                  .order_by(StatusEventRow.effective, StatusEventRow.id)):
            row = by_id[ev.document_id]
            out[row.id].append(record(ev, row.id, row.doc_number, row.title))
    sweeps = session.execute(select(StatusEventRow, DocumentRow.id, DocumentRow.doc_number, DocumentRow.title)
                             .join(DocumentRow, DocumentRow.id == StatusEventRow.document_id)
                             .where(StatusEventRow.kind == "sweep")).all()
    for ev, src_id, src_number, src_title in sweeps:
        for row in rows:
            listed = any(e["source_id"] == src_id for e in out[row.id])
            if (row.reg_code and row.signed and ev.cutoff and row.signed < ev.cutoff and ev.scope
                    and (row.issuer or "").startswith(ev.scope) and src_id != row.id and not listed):
                out[row.id].append(record(ev, src_id, src_number, src_title))
    return out


def statuses(session: Session, rows: list[DocumentRow], as_of: date | None = None) -> dict[int, Status]:
    """Each document's status on ``as_of`` (default today), from its dates and the events about it."""
    as_of = as_of or today_cn()
    about = events_about(session, rows)
    return {r.id: status_on(r.effective_from, r.expires_on, about.get(r.id, []), as_of) for r in rows}


def summaries(session: Session, rows: list[DocumentRow], as_of: date | None = None) -> list[dict[str, Any]]:
    found = statuses(session, list(rows), as_of)
    return [doc_summary(r, found[r.id]) for r in rows]


FACET_EXACT = 2000  # above this many matches, facets are counted over the best FACET_SAMPLE results
FACET_SAMPLE = 1000
COUNT_CAP = 10_000  # matches counted exactly; beyond, the page says "10,000+"
RANK_ALL = 10_000  # above this many matches, SQLite ranks the title/metadata matches and lists the rest by date
RANK_HEADS = 2000  # above this many title/metadata matches, those too are listed newest first


FTS = table("search_fts", column("rowid"))
PG_DOCS = table("search_docs", column("document_id"), column("part"), column("parts"), column("tsv"), column("head"),
                column("plain"))


BM25 = "bm25(search_fts, 10.0, 8.0, 3.0, 1.0)"  # weights: title, number, metadata, body


def _fts(match: str, where: list[Any], scored: bool) -> Any:
    """Document ids (with their BM25 score when ``scored``) that match an FTS5 expression and the filters."""
    columns = [FTS.c.rowid.label("id")] + ([literal_column(BM25).label("score")] if scored else [])
    stmt = select(*columns).select_from(FTS).where(sql("search_fts MATCH :match").bindparams(match=match))
    if where:
        stmt = stmt.where(FTS.c.rowid.in_(select(DocumentRow.id).where(*where)))
    return stmt


def _sqlite_ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, list[Any]]:
    """(matches counted up to COUNT_CAP + 1, the best ``depth`` of them with their score) on FTS5;
    lower score is better."""
    ids = _fts(fts5_match(q), where, scored=False)
    total = session.scalar(select(func.count()).select_from(ids.limit(COUNT_CAP + 1).subquery())) or 0
    if total <= RANK_ALL:
        r = _fts(fts5_match(q), where, scored=True).subquery("r")
        return total, list(session.execute(select(r.c.id, r.c.score).order_by(r.c.score, r.c.id.desc())
                                           .limit(_depth(total, depth))).all())
    # too many to rank them all by BM25 within the time aim: documents whose title, number or
    # metadata match are ranked (few, cheap); the other matches follow, newest first (FTS5 reads
    # them in rowid order and stops early)
    depth = _depth(total, depth)
    head = f"{{title number meta}} : ({fts5_match(q)})"
    heads = session.scalar(select(func.count()).select_from(_fts(head, where, scored=False).subquery())) or 0
    if heads <= RANK_HEADS:
        first = _fts(head, where, scored=True).order_by(literal_column("score"))
    else:  # a word in most titles (通知): newest first there too
        first = _fts(head, where, scored=True).order_by(FTS.c.rowid.desc())
    best = list(session.execute(first.limit(depth)).all())
    seen = {i for i, _ in best}
    rest = session.scalars(ids.order_by(FTS.c.rowid.desc()).limit(depth + len(seen)))
    return total, _fill(best, seen, rest, depth)


def _depth(total: int, depth: int) -> int:
    """How many of the best matches one page needs: its own, and those the facets are counted over."""
    return max(depth, FACET_SAMPLE if total > FACET_EXACT else total)


def _fill(best: list[Any], seen: set[int], rest: Any, depth: int) -> list[Any]:
    for doc_id in rest:
        if len(best) >= depth:
            break
        if doc_id not in seen:
            best.append((doc_id, 0.0))
            seen.add(doc_id)
    return best


def _tsquery(text: str) -> Any:
    return func.to_tsquery(literal("simple").op("::")(literal_column("regconfig")), text)


def _phrases(q: Query) -> list[Any]:
    """The quoted phrases of ``q`` in a row's plain text (migration 0007): the tsquery gives the
    candidates that hold their trigrams, this checks the words are there in a row."""
    return [func.strpos(PG_DOCS.c.plain, literal(t.text)) > 0 for t in q.terms if t.kind == "phrase"]


def _pg_within(where: list[Any], ids: tuple[int, int] | None) -> list[Any]:
    """The id range first, the cheapest test on each row a bitmap brings, then the filters."""
    d = PG_DOCS
    within = [d.c.document_id >= ids[0], d.c.document_id < ids[1]] if ids else []
    if where:
        within.append(d.c.document_id.in_(select(DocumentRow.id).where(*where)))
    return within


def _pg_matches(q: Query, where: list[Any], ids: tuple[int, int] | None = None) -> Any:
    """The documents that match every term (ids within ``[lo, hi)`` when given).

    A document indexed in one row matches when that row holds every term: the GIN index answers
    alone, and a phrase is then looked for in the row's plain text. A long document indexed in
    several rows matches when every term is in one of them (a partial GIN index over those rows
    only) and its phrases are in the plain text of its first row.
    """
    d = PG_DOCS
    within = _pg_within(where, ids)
    one_row = select(d.c.document_id.label("id")).where(
        *within, d.c.parts == 1, d.c.tsv.op("@@")(_tsquery(pg_tsquery(q))), *_phrases(q))
    per_term = [select(d.c.document_id.label("id")).where(*within, d.c.parts > 1,
                                                          d.c.tsv.op("@@")(_tsquery(pg_tsquery(Query("", [t])))))
                for t in q.terms]
    several = (intersect(*per_term) if len(per_term) > 1 else per_term[0].distinct()).subquery("several")
    long_docs = select(d.c.document_id.label("id")).where(
        d.c.part == 0, d.c.document_id.in_(select(several.c.id)), *_phrases(q))
    return one_row.union_all(long_docs)


def _pg_heads(q: Query, where: list[Any], ids: tuple[int, int] | None = None, rank: bool = False) -> Any:
    """The documents whose head vector (title, number, metadata) holds every term, and so match,
    with their score ``-ts_rank(head, …)`` when ``rank``: read from the head's GIN index and the
    rows themselves, never from the body vectors."""
    d = PG_DOCS
    allterms = _tsquery(pg_tsquery(q))
    within = _pg_within(where, ids)
    score = [(-func.ts_rank(d.c.head, allterms)).label("score")] if rank else []
    return select(d.c.document_id.label("id"), *score).where(*within, d.c.part == 0, d.c.head.op("@@")(allterms),
                                                             *_phrases(q))


def _pg_ranked(session: Session, q: Query, where: list[Any], depth: int) -> tuple[int, list[Any]]:
    """As :func:`_sqlite_ranked` on PostgreSQL, whose search_docs is partitioned by ranges of
    ``store.SEGMENT`` document ids (migration 0006).

    Ranking reads the small head vector (title, number, metadata), never the bodies: as on SQLite
    past RANK_ALL matches, the documents whose head holds every term come first, by ``ts_rank``
    (newest first when there are more than RANK_HEADS of them), and the other matches follow
    newest first. So three reads: the matches counted up to COUNT_CAP + 1, the head matches
    ranked, and the newest matches as far as the page and the facets need.
    """
    # matches come from the GIN indexes, never from reading every row's tsvector: for a word found
    # in most documents the planner would otherwise decompress them all
    top = session.scalar(select(func.max(DocumentRow.id))) or 0  # read by its btree, before index scans are off
    # and in this process alone: workers cost more to start than they save on these reads
    for setting in ("enable_seqscan = off", "enable_indexscan = off", "jit = off",
                    "max_parallel_workers_per_gather = 0"):
        session.execute(sql(f"SET LOCAL {setting}"))
    try:
        return _pg_best(session, q, where, depth, top)
    finally:
        for setting in ("enable_seqscan = on", "enable_indexscan = on"):  # the page's own lookups use the btrees
            session.execute(sql(f"SET LOCAL {setting}"))


def _pg_best(session: Session, q: Query, where: list[Any], depth: int, top: int) -> tuple[int, list[Any]]:
    total = session.scalar(select(func.count()).select_from(
        _pg_matches(q, where).limit(COUNT_CAP + 1).subquery())) or 0
    if not total:
        return 0, []
    need = _depth(total, depth)
    # the server counts and sorts the head matches and sends the best alone
    h = _pg_heads(q, where, rank=True).limit(RANK_HEADS + 1).cte("h")
    counted = select(func.count()).select_from(h).scalar_subquery()
    heads = list(session.execute(select(h.c.id, h.c.score, counted.label("n"))
                                 .order_by(h.c.score, h.c.id.desc()).limit(need)).all())
    if not heads or heads[0].n <= RANK_HEADS:
        best = [(row.id, row.score) for row in heads]
    else:  # a word in most titles (通知): newest first there too
        best = [(i, 0.0) for i in _pg_newest(session, lambda ids: _pg_heads(q, where, ids), need, top,
                                             heads[0].n, capped=True)]
    seen = {i for i, _ in best}
    if len(best) < need:
        rest = _pg_newest(session, lambda ids: _pg_matches(q, where, ids), need + len(seen), top, total,
                          capped=total > COUNT_CAP)
        best = _fill(best, seen, rest, need)
    return total, best


def _pg_newest(session: Session, within: Any, need: int, top: int, found: int, capped: bool) -> list[int]:
    """Up to ``need`` ids of ``within((lo, hi))``, newest first, reading ranges of ids downwards
    from ``top``. ``found`` (how many there are; at least that many when ``capped``) sizes the first
    range so that it usually holds them all; each next range is twice as long."""
    span = top + 1 if found <= need else max(2048, int(need * 1.5 * (top + 1) / max(found, 1)))
    if capped:  # there may be many more, and so many in a short range: start short
        span = min(span, 4096)
    out: list[int] = []
    hi = top + 1
    while hi > 0 and len(out) < need:
        lo = max(0, hi - span)
        part = within((lo, hi)).subquery("seg")
        out += session.scalars(select(part.c.id).order_by(part.c.id.desc()).limit(need - len(out)))
        hi, span = lo, span * 2
    return out


def search(engine: Engine, raw: str, filters: Filters | None = None, page: int = 1,
           today: date | None = None) -> SearchPage:
    """One page of results for a user query (all documents, newest first, when the query is empty).

    Facets are exact up to FACET_EXACT matches and counted over the best FACET_SAMPLE results beyond
    (``facets_approximate`` says so).
    """
    filters = filters or Filters()
    today = today or today_cn()
    q = parse_query(raw or "")
    page = max(1, page)
    where = _filter_clauses(filters, today)
    with Session(engine) as session:
        if q.empty:  # every current document (superseded versions are not in the index either)
            where = [*where, CURRENT]
            base = select(DocumentRow).options(defer(DocumentRow.data)).where(*where)
            total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
            rows = session.scalars(base.order_by(DocumentRow.signed.desc().nulls_last(), DocumentRow.id.desc())
                                   .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
            results = [s | {"snippet": "", "snippet_html": "", "clause": None}
                       for s in summaries(session, list(rows), today)]
            approximate = total > FACET_EXACT
            sample = session.scalars(select(DocumentRow.id).where(*where)
                                     .order_by(DocumentRow.signed.desc().nulls_last(), DocumentRow.id.desc())
                                     .limit(FACET_SAMPLE if approximate else total)).all()
            page_out = SearchPage(raw, total, page, results, _facets_of(session, list(sample)), None,
                                  filters.active())
            no_words = None if not raw or not raw.strip() else "没有可检索的词 / no searchable words"
            page_out.notice = q.notice or no_words
            page_out.facets_approximate = approximate
            return page_out
        sqlite = session.get_bind().dialect.name == "sqlite"
        # counting stops at COUNT_CAP: past it, "total" is a lower bound and total_capped says so;
        # one ranking pass gives the page and the documents the facets count
        total, best = (_sqlite_ranked if sqlite else _pg_ranked)(session, q, where, page * PAGE_SIZE)
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
        approximate = capped or total > FACET_EXACT
        scores = dict(best)
        page_ids = [i for i, _ in best[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
        rows = {row.id: row for row in session.scalars(select(DocumentRow).options(defer(DocumentRow.data))
                                                        .where(DocumentRow.id.in_(page_ids)))}
        snippets = _snippets(session, page_ids, q)
        found = statuses(session, list(rows.values()), today)
        results = []
        for doc_id in page_ids:
            row = rows[doc_id]
            snip = snippets.get(doc_id, {"snippet": "", "snippet_html": "", "clause": None})
            url = f"/doc/{doc_id}" + (f"#{snip['clause']}" if snip["clause"] else "")
            results.append(doc_summary(row, found[doc_id]) | snip | {"url": url,
                                                                     "score": round(-float(scores[doc_id]), 4)})
        sample = [i for i, _ in best[:FACET_SAMPLE]] if approximate else [i for i, _ in best]
        out = SearchPage(raw, total, page, results, _facets_of(session, sample), q.notice, filters.active())
        out.facets_approximate = approximate
        out.total_capped = capped
        return out


def _among(session: Session, col: Any, ids: list[int]) -> Any:
    """``col IN ids`` with the ids in one bound parameter (a PostgreSQL array, a JSON list on SQLite):
    a thousand separate parameters cost more to build and send than the query takes to run."""
    if session.get_bind().dialect.name == "postgresql":
        return col == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return col.in_(select(literal_column("value")).select_from(func.json_each(bindparam(None, json.dumps(list(ids))))))


def _facets_of(session: Session, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """Facet counts over the documents ``ids``, from one query."""
    counts: dict[str, dict[Any, int]] = {"issuer": {}, "jurisdiction": {}, "year": {}, "kind": {}}
    tasks = 0
    for k in range(0, len(ids), 5000):
        rows = session.execute(select(DocumentRow.issuer, DocumentRow.jurisdiction, DocumentRow.year,
                                      DocumentRow.kind, DocumentRow.task_count)
                               .where(_among(session, DocumentRow.id, ids[k : k + 5000]))).all()
        for issuer, jurisdiction, year, kind, task_count in rows:
            for name, value in (("issuer", issuer), ("jurisdiction", jurisdiction), ("year", year), ("kind", kind)):
                if value is not None:
                    counts[name][value] = counts[name].get(value, 0) + 1
            tasks += task_count > 0
    out: dict[str, list[dict[str, Any]]] = {
        name: [{"value": v, "count": c} for v, c in sorted(found.items(), key=lambda kv: (-kv[1], str(kv[0])))[:20]]
        for name, found in counts.items()
    }
    out["has_tasks"] = [{"value": True, "count": tasks}, {"value": False, "count": len(ids) - tasks}]
    return out


def _snippets(session: Session, ids: list[int], q: Query) -> dict[int, dict[str, Any]]:
    """For each document, the clause with most query words, its text around the first hit, highlighted."""
    if not ids:
        return {}
    words = q.highlight_words()
    if not words:
        return {}
    best: dict[int, tuple[int, str, str]] = {}
    # the database narrows the clauses to those that contain a word as written; the words are
    # counted the same way (fold() is for the highlight of the one clause shown)
    rows = session.execute(
        select(ClauseRow.document_id, ClauseRow.node_id, ClauseRow.text)
        .where(ClauseRow.document_id.in_(ids), or_(*(ClauseRow.text.contains(w, autoescape=True) for w in words)))
        .order_by(ClauseRow.document_id, ClauseRow.ordinal))
    looked: dict[int, int] = {}
    for doc_id, node_id, text in rows:
        # enough: a clause with every word, or the first few clauses that contain one
        if (doc_id in best and best[doc_id][0] == len(words)) or looked.get(doc_id, 0) >= SNIPPET_CLAUSES:
            continue
        looked[doc_id] = looked.get(doc_id, 0) + 1
        head = text[:SNIPPET_SCAN].lower()
        hits = sum(1 for w in words if w in head)
        if hits and (doc_id not in best or hits > best[doc_id][0]):
            best[doc_id] = (hits, node_id, text)
    out = {}
    for doc_id, (_, node_id, text) in best.items():
        plain, marked = snippet(text, words)
        out[doc_id] = {"snippet": plain, "snippet_html": marked, "clause": node_id}
    return out


def snippet(text: str, words: list[str], width: int = 90) -> tuple[str, str]:
    """(plain, HTML) snippet of ``text`` around the first hit; the HTML is escaped, hits in <mark>."""
    flat = re.sub(r"\s+", " ", text).strip()
    low = flat.lower()  # the first hit as written, as _snippets found it; the shown piece is folded
    first = min((low.find(w) for w in words if w in low), default=0)
    start = max(0, first - width // 3)
    end = min(len(flat), start + width)
    piece = flat[start:end]
    fpiece = fold(piece).lower()
    spans: list[tuple[int, int]] = []
    for w in words:
        for m in re.finditer(re.escape(w), fpiece):
            if all(m.end() <= a or m.start() >= b for a, b in spans):
                spans.append((m.start(), m.end()))
    spans.sort()
    parts, pos = [], 0
    for a, b in spans:
        parts.append(html.escape(piece[pos:a]))
        parts.append(f"<mark>{html.escape(piece[a:b])}</mark>")
        pos = b
    parts.append(html.escape(piece[pos:]))
    prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(flat) else "")
    return prefix + piece + suffix, prefix + "".join(parts) + suffix


# --- pages -----------------------------------------------------------------------------------------


def recent(engine: Engine, limit: int = 10) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.scalars(select(DocumentRow).options(defer(DocumentRow.data)).where(CURRENT)
                               .order_by(DocumentRow.signed.desc().nulls_last(),
                                                            DocumentRow.id.desc()).limit(limit)).all()
        return summaries(session, list(rows))


def library_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        current_tasks = select(TaskRow.id).join(DocumentRow, DocumentRow.id == TaskRow.document_id).where(CURRENT)
        return {
            "sources": session.scalar(select(func.count()).select_from(SourceRow)
                                      .where(SourceRow.superseded_at.is_(None))) or 0,
            "documents": session.scalar(select(func.count()).select_from(DocumentRow).where(CURRENT)) or 0,
            "tasks": session.scalar(select(func.count()).select_from(current_tasks.subquery())) or 0,
            "units": session.scalar(select(func.count(func.distinct(TaskUnitRow.unit_id)))
                                    .where(TaskUnitRow.task_id.in_(current_tasks))) or 0,
        }


def _tasks_of(session: Session, task_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not task_ids:
        return out
    # columns, not ORM objects: a large plan has hundreds of assignments, and building an object for
    # each was half the time of its page
    rows = session.execute(select(TaskUnitRow.task_id, TaskUnitRow.name, TaskUnitRow.role, UnitRow.id,
                                  UnitRow.canonical)
                           .join(UnitRow, UnitRow.id == TaskUnitRow.unit_id)
                           .where(_among(session, TaskUnitRow.task_id, task_ids)).order_by(TaskUnitRow.id)).all()
    for task_id, name, role, unit_id, canonical in rows:
        out[task_id].append({"name": name, "role": role, "unit_id": unit_id, "canonical": canonical,
                             "url": f"/unit/{unit_id}"})
    return out


def _task_dict(task: TaskRow, units: list[dict[str, Any]], doc: DocumentRow | None = None) -> dict[str, Any]:
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


def _plan_parts(session: Session, doc_id: int) -> tuple[list[TaskRow], dict[int, list[dict[str, Any]]],
                                                        list[TargetRow]]:
    """A document's tasks, the units of each task, and its target list (goals and tables)."""
    tasks = list(session.scalars(select(TaskRow).where(TaskRow.document_id == doc_id).order_by(TaskRow.ordinal)))
    targets = list(session.scalars(select(TargetRow).where(TargetRow.document_id == doc_id,
                                                           TargetRow.origin != "task").order_by(TargetRow.ordinal)))
    return tasks, _tasks_of(session, [t.id for t in tasks]), targets


def document(engine: Engine, doc_id: int, as_of: date | None = None) -> dict[str, Any] | None:
    """Everything the document page shows (its status on ``as_of``, default today)."""
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
        superseded = _superseded(session, row)
        about = events_about(session, [row]).get(row.id, [])
        status = status_on(row.effective_from, row.expires_on, about, as_of or today_cn())
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
                "gazette": data.get("gazette"), "source": row.source.name, "source_path": row.source.path,
                "source_id": row.source_id, "warnings": data.get("warnings", []),
                "interpretations": [{"author": i["author"], "title": i["title"]}
                                    for i in data.get("interpretations", [])],
            },
            "tree": data.get("tree"),
            "tasks": [_task_dict(t, units.get(t.id, [])) for t in tasks],
            "targets": [_target_dict(t) for t in targets],
            "cites": cited,
            "cited_by": summaries(session, list(citing_rows)),
        }


def _superseded(session: Session, row: DocumentRow) -> dict[str, Any] | None:
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
            {"id": source.id, "path": source.path, "documents": others}}


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
    out = []
    for c in cites:
        target = by_number.get(c.doc_number or "") or by_key.get(c.title_key or "")
        out.append({"kind": c.kind, "title": c.title, "doc_number": c.doc_number, "text": c.text,
                    "resolved": doc_summary(target) if target is not None else None})
    return out


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
            matrix.append(_task_dict(t, units.get(t.id, [])) | {"roles": [roles.get(c["unit_id"]) for c in ordered]})
        return {"document": doc_summary(row), "units": ordered, "tasks": matrix,
                "targets": [_target_dict(t) for t in targets]}


def unit(engine: Engine, unit_id: int) -> dict[str, Any] | None:
    """A unit and every task it has, across all plans, by role."""
    with Session(engine) as session:
        u = session.get(UnitRow, unit_id)
        if u is None:
            return None
        rows = session.execute(
            select(TaskRow, DocumentRow, TaskUnitRow.role, TaskUnitRow.name)
            .join(TaskUnitRow, TaskUnitRow.task_id == TaskRow.id)
            .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
            .where(TaskUnitRow.unit_id == unit_id, CURRENT)
            .order_by(DocumentRow.signed.desc().nulls_last(), TaskRow.ordinal)
        ).all()
        units = _tasks_of(session, [t.id for t, *_ in rows])
        by_role: dict[str, list[dict[str, Any]]] = {"lead": [], "support": [], "territorial": []}
        names: dict[str, int] = defaultdict(int)
        for task, doc, role, name in rows:
            by_role.setdefault(role, []).append(_task_dict(task, units.get(task.id, []), doc))
            names[name] += 1
        return {"unit": {"id": u.id, "canonical": u.canonical, "kind": u.kind, "level": u.level,
                         "jurisdiction": u.jurisdiction, "names": dict(names), "url": f"/unit/{u.id}"},
                "tasks": by_role, "total": len(rows)}


def units(engine: Engine, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    with Session(engine) as session:
        stmt = (select(UnitRow, func.count(TaskUnitRow.id), func.sum(case((TaskUnitRow.role == "lead", 1), else_=0)))
                .join(TaskUnitRow, TaskUnitRow.unit_id == UnitRow.id)
                .join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
                .join(DocumentRow, DocumentRow.id == TaskRow.document_id).where(CURRENT).group_by(UnitRow.id)
                .order_by(func.count(TaskUnitRow.id).desc(), UnitRow.canonical))
        if jurisdiction:
            stmt = stmt.where(UnitRow.jurisdiction == jurisdiction)
        return [{"id": u.id, "canonical": u.canonical, "kind": u.kind, "level": u.level,
                 "jurisdiction": u.jurisdiction, "tasks": n, "lead": int(lead or 0), "url": f"/unit/{u.id}"}
                for u, n, lead in session.execute(stmt).all()]


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
                             .order_by(DocumentRow.superseded_at.is_not(None), DocumentRow.id).limit(1))
        return doc_summary(row) if row else None


def clause_url(engine: Engine, doc_number: str, label: str) -> str | None:
    """The page and anchor of a stored document's clause by its label (``二`` finds ``二、``, ``第八条``,
    ``附件``), or the document itself when the clause is not found; None without the document."""
    key = squash(doc_number)
    with Session(engine) as session:
        doc_id = session.scalar(select(DocumentRow.id).where(DocumentRow.doc_number == key)
                                .order_by(DocumentRow.superseded_at.is_not(None), DocumentRow.id.desc()).limit(1))
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


def status_of(engine: Engine, key: str, as_of: date | None = None) -> dict[str, Any] | None:
    """The status on ``as_of`` of a document named by 文号 (any brackets), registration code or id —
    stored, or known only from what stored documents say about it."""
    from zhengce.text.lexicon import parse_doc_number, parse_reg_code

    as_of = as_of or today_cn()
    key = (key or "").strip()[:200]
    if not key:
        return None
    number = parse_doc_number(key)
    code = parse_reg_code(key)
    newest = (DocumentRow.superseded_at.is_not(None), DocumentRow.id.desc())  # the current version first
    with Session(engine) as session:
        q = select(DocumentRow).limit(1)
        if key.isdigit():
            row = session.get(DocumentRow, int(key))
        elif number is not None:
            row = session.scalar(q.where(DocumentRow.doc_number == number.text).order_by(*newest))
        elif code is not None:
            row = session.scalar(q.where(DocumentRow.reg_code == code.text).order_by(*newest))
        else:
            row = session.scalar(q.where(DocumentRow.title_key == squash(key)).order_by(*newest))
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


# --- the registry, expiry alerts, cleanup worksheets, impact ---------------------------------------


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
    from zhengce.library.registry import CHECK_NAMES, registry_checks

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
    from zhengce.library.registry import expiring

    as_of = as_of or today_cn()
    rows = expiring(lifecycle_records(engine, as_of, issuer=issuer), as_of, months)
    per_issuer: dict[str, int] = defaultdict(int)
    for r in rows:
        per_issuer[r["issuer"] or "—"] += 1
    return {"as_of": as_of.isoformat(), "months": months, "issuer": issuer, "documents": rows,
            "per_issuer": dict(sorted(per_issuer.items()))}


def cleanup_sheet(engine: Engine, issuer: str, before: date, as_of: date | None = None) -> dict[str, Any]:
    from zhengce.library.registry import disposition

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
