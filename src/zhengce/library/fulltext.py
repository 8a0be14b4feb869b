"""The search page: a user query (and filters) → one page of ranked results with escaped, highlighted
snippets that link to the clause, and facet counts (issuer, jurisdiction, year, genre, has tasks)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, String, bindparam, cast, func, literal, or_, select, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import today as today_cn
from zhengce.db import ClauseRow, DocumentRow
from zhengce.db.search import MAX_QUERY_CHARS
from zhengce.db.search_query import Query, parse_query
from zhengce.db.validity import status_case, status_filter
from zhengce.library.counts import current_documents
from zhengce.library.pager import PAGE_LIMIT, TOO_DEEP, last_page, page_numbers
from zhengce.library.prepared import run
from zhengce.library.ranking import COUNT_CAP, FACET_EXACT, FACET_SAMPLE, VALIDITY_SAMPLE, ranked_page
from zhengce.library.records import (
    CURRENT,
    VALIDITY,
    among,
    among_param,
    doc_summary,
    facet_lists,
    ids_value,
    newest_documents,
    stored_status,
)
from zhengce.text.normalise import fold

PAGE_SIZE = 20
SNIPPET_SCAN = 3000  # characters of a clause that are looked at for a snippet
SNIPPET_CLAUSES = 12  # clauses of one document that are looked at for a snippet
_TYPED = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')  # a query's parts, as parse_query reads them
_EDGES = re.compile(r"^[^\w%‰℃]+|[^\w%‰℃]+$")  # punctuation around a part, not a number's sign
_WORDISH = re.compile(r"\w")
# what a result row shows and its status is read from (doc_summary, statuses): the table's columns, not ORM
# objects, in statements built once per dialect (:func:`_prebuilt`) with the page's ids in one parameter
SHOWN = ("id", "doc_number", "title", "issuer", "signed", "kind", "year", "jurisdiction", "reg_code",
         "effective_from", "expires_on", "task_count", "target_count", "superseded_at", "title_key", "plan_key",
         "repealed_on", "lapsed_on", "confirmed_on")
_built: dict[tuple[str, Any], Any] = {}
_SPACES = re.compile(r"\s+")


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
    total_estimated: bool = False  # total is an estimate (PostgreSQL past pgsearch.PG_COUNT_EXACT matches)
    facet_sample: int = 0  # facets_approximate: the facets count the best this many results
    validity_sample: int = 0  # the 效力 facet counts the best this many results (0: every match)
    too_deep: bool = False  # a page past pager.PAGE_LIMIT: not searched, the notice asks to narrow the search

    def to_dict(self) -> dict[str, Any]:
        last = None if self.too_deep else last_page(self.total, PAGE_SIZE, estimated=self.total_estimated)
        pages = [] if self.too_deep else page_numbers(self.page, self.total, PAGE_SIZE,
                                                      estimated=self.total_estimated)
        return {"query": self.query, "total": self.total, "total_capped": self.total_capped,
                "total_estimated": self.total_estimated, "facet_sample": self.facet_sample,
                "validity_sample": self.validity_sample,
                "page": self.page, "page_size": PAGE_SIZE, "pages": pages, "last_page": last,
                "page_limit": PAGE_LIMIT, "too_deep": self.too_deep,
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
    if f.validity:  # each document's stored ends and dates (zhengce.db.validity), no event read
        out.extend(status_filter(DocumentRow, f.validity, today))
    return out


def _validity_facet(session: Session, ids: list[int], today: date) -> list[dict[str, Any]]:
    """How many of the documents ``ids`` each status of the filter 效力 keeps on ``today``: the filter's own
    expression (``zhengce.db.validity.status_case`` of each document's stored ends and dates) grouped, one
    statement per 5,000 ids, built once per dialect."""
    dialect = session.get_bind().dialect.name
    if ("validity", dialect) not in _built:
        key = status_case(DocumentRow.__table__.c, bindparam("today", type_=Date)).label("key")
        _built[("validity", dialect)] = select(key, func.count()).where(
            among_param(dialect, DocumentRow.__table__.c.id, "ids")).group_by(key)
    counts = dict.fromkeys(VALIDITY, 0)
    for k in range(0, len(ids), 5000):
        for key, n in run(session, _built[("validity", dialect)],
                          {"ids": ids_value(dialect, ids[k : k + 5000]), "today": today}):
            counts[key] += int(n)
    return [{"value": key, "count": n} for key, n in counts.items()]


def search(engine: Engine, raw: str, filters: Filters | None = None, page: int = 1,
           today: date | None = None) -> SearchPage:
    """One page of results for a user query (all documents, newest first, when the query is empty).

    Facets are exact up to FACET_EXACT matches and counted over the best FACET_SAMPLE results beyond
    (``facets_approximate`` says so); the tantivy index counts them over every match.
    """
    filters = filters or Filters()
    today = today or today_cn()
    q = parse_query(raw or "")
    page = max(1, page)
    if page > PAGE_LIMIT:  # answered at once: ranking and skipping 20 × page results is the cost of a deep page
        out = SearchPage(raw, 0, page, [], {}, TOO_DEEP, filters.active())
        out.too_deep = True
        return out
    where = _filter_clauses(filters, today)
    with Session(engine) as session:
        if q.empty:  # every current document (superseded versions are not in the index either)
            return _browse(session, raw, q, filters, [*where, CURRENT], page, today)
        # counting stops at COUNT_CAP: past it, "total" is a lower bound and total_capped says so;
        # one ranking pass gives the page and the documents the facets count
        # tantivy counts the facets itself, 效力 too in the same pass (each document's ends' fast fields), with or
        # without filters, and ranks only what the page needs — the best VALIDITY_SAMPLE when the index cannot count
        # 效力 (they are counted)
        total, capped, estimated, best, hit_facets = ranked_page(
            session, q, where, page * PAGE_SIZE, range((page - 1) * PAGE_SIZE, page * PAGE_SIZE), today,
            VALIDITY_SAMPLE)
        counted_validity = hit_facets.pop("validity", None) if hit_facets is not None else None
        # facets the engine counted (tantivy's aggregations) are of every match
        approximate = hit_facets is None and (capped or estimated or total > FACET_EXACT)
        scores = dict(best)
        page_ids = [i for i, _ in best[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
        dialect = session.get_bind().dialect.name
        rows = {row.id: row for row in run(session, _prebuilt(dialect, 0), {"ids": ids_value(dialect, page_ids)})}
        snippets = _snippets(session, page_ids, q)
        found = {i: stored_status(row, today) for i, row in rows.items()}  # the stored ends: no event read
        results = []
        for doc_id in page_ids:
            row = rows[doc_id]
            snip = snippets.get(doc_id, {"snippet": "", "snippet_html": "", "clause": None})
            url = f"/doc/{doc_id}" + (f"#{snip['clause']}" if snip["clause"] else "")
            results.append(doc_summary(row, found[doc_id]) | snip | {"url": url,
                                                                     "score": round(-float(scores[doc_id]), 4)})
        sample = [i for i, _ in best[:FACET_SAMPLE]] if approximate else [i for i, _ in best]
        facets = hit_facets if hit_facets is not None else _facets_of(session, sample)
        if hit_facets is None:
            counting = sample
        else:  # tantivy's facets are of every match; its 效力 of the best VALIDITY_SAMPLE if it could not count it
            counting = [i for i, _ in best[:VALIDITY_SAMPLE]] if len(best) < total else [i for i, _ in best]
        if hit_facets is not None and counted_validity is not None:
            validity, counted = [{"value": k, "count": counted_validity[k]} for k in VALIDITY], []
        else:
            validity, counted = _validity_facet(session, counting, today), counting
        out = SearchPage(raw, total, page, results, facets | {"validity": validity}, q.notice, filters.active())
        out.facets_approximate, out.facet_sample = approximate, len(sample) if approximate else 0
        out.validity_sample = len(counted) if counting is counted and len(counted) < total else 0
        out.total_capped, out.total_estimated = capped, estimated
        return out


def _browse(session: Session, raw: str, q: Query, filters: Filters, where: list[Any], page: int,
            today: date) -> SearchPage:
    """Every current document that passes the filters, newest first. On PostgreSQL the count stops at
    COUNT_CAP (the page says 10,000+, as FTS5's count does; without filters it gives the home page's estimate,
    约 N): counting a million rows took most of a second."""
    counted = select(DocumentRow.id).where(*where)
    pg = session.get_bind().dialect.name == "postgresql"
    total = session.scalar(select(func.count()).select_from(
        (counted.limit(COUNT_CAP + 1) if pg else counted).subquery())) or 0
    capped = pg and total > COUNT_CAP
    total = min(total, COUNT_CAP) if capped else total
    estimated = capped and not filters.active()  # the whole library: the home page's estimate, not "10,000+"
    if estimated:
        total, capped = max(current_documents(session), COUNT_CAP + 1), False
    rows = newest_documents(session, where, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    results = [doc_summary(r, stored_status(r, today)) | {"snippet": "", "snippet_html": "", "clause": None}
               for r in rows]
    approximate = capped or estimated or total > FACET_EXACT
    sample = newest_documents(session, where, FACET_SAMPLE, ids=True) if approximate else \
        list(session.scalars(select(DocumentRow.id).where(*where)))
    validity, counted = _validity_facet(session, sample, today), sample
    facets = _facets_of(session, sample) | {"validity": validity}
    out = SearchPage(raw, total, page, results, facets, None, filters.active())
    no_words = None if not raw or not raw.strip() else "没有可检索的词 / no searchable words"
    out.notice = q.notice or no_words
    out.facets_approximate, out.facet_sample = approximate, len(sample) if approximate else 0
    out.validity_sample = len(counted) if len(counted) < total else 0
    out.total_capped, out.total_estimated = capped, estimated
    return out


FACET_COLUMNS = ("issuer", "jurisdiction", "year", "kind")


def _facets_of(session: Session, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """Facet counts over the documents ``ids``, counted by the database: one statement (per 5,000 ids)
    reads their rows once and sends back the counts of each facet's values, not a row per document."""
    counts: dict[str, dict[Any, int]] = {name: {} for name in FACET_COLUMNS}
    tasks = 0
    for k in range(0, len(ids), 5000):
        chosen = select(*(getattr(DocumentRow, name) for name in FACET_COLUMNS),
                        (func.coalesce(DocumentRow.task_count, 0) > 0).label("tasks")) \
            .where(among(session, DocumentRow.id, ids[k : k + 5000])).cte("chosen")
        parts = [select(literal(name).label("facet"), cast(chosen.c[name], String).label("value"),
                        func.count().label("n")).group_by(chosen.c[name]) for name in FACET_COLUMNS]
        parts.append(select(literal("tasks"), literal("1"), func.count()).where(chosen.c.tasks))
        for facet, value, n in session.execute(union_all(*parts)):
            if facet == "tasks":
                tasks += n
            elif value is not None:
                key = int(value) if facet == "year" else value
                counts[facet][key] = counts[facet].get(key, 0) + n
    return facet_lists(counts, tasks, len(ids))


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
    dialect = session.get_bind().dialect.name
    rows = run(session, _prebuilt(dialect, len(words)), {"ids": ids_value(dialect, ids)} | {
        f"w{k}": "%" + w.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%" for k, w in enumerate(words)})
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
    shown = sorted(set(words) | set(typed_words(q.raw)), key=len, reverse=True)
    for doc_id, (_, node_id, text) in best.items():
        plain, marked = snippet(text, shown)
        out[doc_id] = {"snippet": plain, "snippet_html": marked, "clause": node_id}
    return out


def _prebuilt(dialect: str, words: int) -> Any:
    """Built once per dialect: the page's rows by ids (``words`` 0), or the clauses of documents by ids that
    contain one of ``words`` words as written (LIKE, as ``contains(autoescape=True)``)."""
    if (dialect, words) not in _built:
        docs, clauses = DocumentRow.__table__.c, ClauseRow.__table__.c
        _built[(dialect, words)] = select(*(docs[name] for name in SHOWN)).where(
            among_param(dialect, docs.id, "ids")) if not words else select(
            clauses.document_id, clauses.node_id, clauses.text).where(
            among_param(dialect, clauses.document_id, "ids"),
            or_(*(clauses.text.like(bindparam(f"w{k}"), escape="/") for k in range(words)))
        ).order_by(clauses.document_id, clauses.ordinal)
    return _built[(dialect, words)]


def typed_words(raw: str) -> list[str]:
    """The parts of a user query as typed (folded, lower case, outer punctuation off): ``增长6.2%`` is shown as one
    hit where the text has it so, where the query's words (``增长``, ``6.2``) leave its sign out."""
    parts = (next(g for g in m.groups() if g is not None) for m in _TYPED.finditer(fold(raw[:MAX_QUERY_CHARS])))
    return [part for part in (_EDGES.sub("", p.lower()) for p in parts) if _WORDISH.search(part)]


def snippet(text: str, words: list[str], width: int = 90) -> tuple[str, str]:
    """(plain, HTML) snippet of ``text`` around the first hit; the HTML is escaped, hits in <mark>, hits that touch
    in one <mark> (the text as printed: two marks side by side look like a space between them)."""
    flat = _SPACES.sub(" ", text).strip()
    low = flat.lower()  # the first hit as written, as _snippets found it; the shown piece is folded
    first = min((at for at in map(low.find, words) if at >= 0), default=0)
    start = max(0, first - width // 3)
    end = min(len(flat), start + width)
    piece = flat[start:end]
    fpiece = fold(piece).lower()
    spans: list[tuple[int, int]] = []
    for w in filter(None, words):  # each word's hits left to right, not overlapping a longer word's
        at = fpiece.find(w)
        while at >= 0:
            stop = at + len(w)
            if all(stop <= a or at >= b for a, b in spans):
                spans.append((at, stop))
            at = fpiece.find(w, stop)
    spans.sort()
    joined: list[tuple[int, int]] = []
    for a, b in spans:
        if joined and joined[-1][1] == a:
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    parts, pos = [], 0
    for a, b in joined:
        parts.append(html.escape(piece[pos:a]))
        parts.append(f"<mark>{html.escape(piece[a:b])}</mark>")
        pos = b
    parts.append(html.escape(piece[pos:]))
    prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(flat) else "")
    return prefix + piece + suffix, prefix + "".join(parts) + suffix
