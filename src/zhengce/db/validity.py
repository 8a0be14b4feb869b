"""Each document's stored ends: the days its status turns, so that its status on any day is read from its own
row — lists, the 效力 filter and its facet on every engine — without looking up the events about it.

A document's status on a day (``zhengce.extract.validity.status_on``) depends on its own dates and on the
events other documents state about it (by 文号, registration code or title), the status its page states of
itself and the cleanup sweeps that cover it. Of those events only three days matter, kept in three columns
(migration 0020):

* ``repealed_on`` — the earliest repeal in force (废止, a page that says 已废止);
* ``lapsed_on`` — the earliest lapse (宣布失效, a page that says 失效, a sweep that covers it);
* ``confirmed_on`` — the earliest dated 继续有效 (a cleanup's list, a page that says 现行有效).

An event without a date counts from the beginning: :data:`BEGINNING` (0001-01-01). The status on ``day`` is
then :func:`status_key` of the five columns — the SQL of :func:`status_case` says the same (and
``zhengce.library.records.stored_status`` gives it with its reason).

They are kept right whatever the order of ingestion: ingest notes the documents it adds and those whose
events it removes (a new version supersedes them) and, just before the commit, :func:`refresh` computes the
ends of every document those events name or sweep, and of the documents themselves (:func:`note`).
``zhengce refresh-validity`` recomputes every document's. The tantivy index beside a SQLite store holds them as
fast fields (``zhengce.db.tantivy_docs.ENDS``): a document whose ends change is written to it again at the commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, bindparam, case, event, or_, select, union, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from zhengce.db import tantivy_index
from zhengce.db.pending import write_pending
from zhengce.db.schema import DocumentRow, StatusEventRow
from zhengce.db.status_rule import status_rule

__all__ = ["BEGINNING", "EFFECTS", "ENDS", "affected", "ends_of", "note", "refresh", "refresh_session", "status_case",
           "status_filter", "status_key"]

BEGINNING = date.min  # an event without a date: from the beginning (status_on reads it so)
ENDS = ("repealed_on", "lapsed_on", "confirmed_on")
# the end each event kind of zhengce.extract.validity sets for the document it names (the storage layer loads
# no extractor: tests/library/test_stored_ends.py checks these against its ENDING_KINDS and CONFIRMING_KINDS)
EFFECTS = {"repeal": "repealed_on", "stated_repeal": "repealed_on", "expire": "lapsed_on",
           "stated_expire": "lapsed_on", "sweep": "lapsed_on", "continue": "confirmed_on",
           "stated_valid": "confirmed_on"}
STATED = frozenset({"stated_repeal", "stated_expire", "stated_valid"})  # what a page states of itself
CHUNK = 2000  # documents per read (four IN lists of their names stay under SQLite's 32,766 parameters)
D, EV = DocumentRow.__table__.c, StatusEventRow.__table__.c


def status_key(repealed_on: date | None, lapsed_on: date | None, confirmed_on: date | None,
               effective_from: date | None, expires_on: date | None, day: date) -> str:
    """The status on ``day`` (valid | expired | repealed | pending | unknown) from a document's stored ends and
    its own dates, as status_on decides it: the earliest ending event in force (a repeal on the day of a lapse
    comes first), then its own dates, then a confirmation when it has no dates (``db.status_rule``)."""
    return status_rule(repealed_on, lapsed_on, confirmed_on, effective_from, expires_on, day)


def status_case(cols: Any, day: Any) -> Any:
    """:func:`status_key` in SQL over a table's columns ``cols`` (``repealed_on`` …, ``effective_from``,
    ``expires_on``): the 效力 filter keeps the rows where it is its key, the facet counts its values."""
    r, lapsed_on, c = cols.repealed_on, cols.lapsed_on, cols.confirmed_on
    e, x = cols.effective_from, cols.expires_on
    repealed, lapsed = and_(r.is_not(None), r <= day), and_(lapsed_on.is_not(None), lapsed_on <= day)
    return case((and_(repealed, or_(~lapsed, r <= lapsed_on)), "repealed"), (lapsed, "expired"),
                (and_(e.is_not(None), e > day), "pending"), (and_(x.is_not(None), x < day), "expired"),
                (or_(e.is_not(None), x.is_not(None)), "valid"), (and_(c.is_not(None), c <= day), "valid"),
                else_="unknown")


def status_filter(cols: Any, key: str, day: Any) -> list[Any]:
    """The conditions of the 效力 filter ``key`` on ``day``: :func:`status_case` is ``key``, with what that needs of
    one column where a status needs one (已废止: a repeal by then; 已失效: a lapse or the period's end before it;
    尚未生效: a later start) — the partial indexes of migration 0020 find those few documents without reading
    every row."""
    needs = {"repealed": [cols.repealed_on <= day],
             "expired": [or_(cols.lapsed_on <= day, cols.expires_on < day)],
             "pending": [cols.effective_from > day]}.get(key, [])
    return [*needs, status_case(cols, day) == key]


def _names(doc: Any) -> list[tuple[str, str]]:
    """The names events may give a document: its 文号, registration code, title and plan title."""
    return [(k, v) for k, v in (("n", doc.doc_number), ("r", doc.reg_code), ("t", doc.title_key),
                                ("t", doc.plan_key)) if v]


def _named_events(conn: Connection, docs: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """For each name of ``docs``, what the events of other documents that use it say: per end, the events'
    (day, source) sorted earliest first, and the sources that name it at all (a cleanup's lists: its sweep
    spares what they name). A page's statement about itself names only itself (read apart)."""
    wanted: dict[str, set[str]] = {"n": set(), "r": set(), "t": set()}
    for doc in docs:
        for k, v in _names(doc):
            wanted[k].add(v)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for k, col in (("n", EV.doc_number), ("r", EV.reg_code), ("t", EV.title_key)):
        values = sorted(wanted[k])
        for a in range(0, len(values), CHUNK):
            rows = conn.execute(select(EV.document_id, EV.kind, EV.effective, col).where(
                col.in_(values[a : a + CHUNK]), EV.kind != "sweep", EV.kind.not_in(STATED)))
            for source, kind, effective, value in rows:
                entry = out.setdefault((k, value), {"sources": set(), **{end: [] for end in ENDS}})
                entry["sources"].add(source)
                end = EFFECTS.get(kind)
                if end == "confirmed_on" and effective is None:
                    continue  # an undated 继续有效 confirms nothing (status_on)
                if end is not None:
                    entry[end].append((effective or BEGINNING, source))
    for entry in out.values():
        for end in ENDS:
            entry[end].sort()
    return out


def _first(entries: list[tuple[date, int]], doc_id: int) -> date | None:
    """The earliest day of ``entries`` not from the document itself (its own lists never count for it)."""
    return next((day for day, source in entries if source != doc_id), None)


def ends_of(conn: Connection, ids: list[int]) -> dict[int, tuple[date | None, date | None, date | None]]:
    """The ends (repealed_on, lapsed_on, confirmed_on) of the documents ``ids``, computed from the events."""
    out: dict[int, tuple[date | None, date | None, date | None]] = {}
    sweeps: dict[str, list[tuple[int, date | None, date]]] = defaultdict(list)  # by scope: an issuer's beginning
    for source, effective, cutoff, scope in conn.execute(select(EV.document_id, EV.effective, EV.cutoff, EV.scope)
                                                         .where(EV.kind == "sweep", EV.scope.is_not(None),
                                                                EV.cutoff.is_not(None))):
        sweeps[scope].append((source, effective, cutoff))
    for a in range(0, len(ids), CHUNK):
        chunk = ids[a : a + CHUNK]
        docs = conn.execute(select(D.id, D.doc_number, D.reg_code, D.title_key, D.plan_key, D.issuer, D.signed)
                            .where(D.id.in_(chunk))).all()
        named = _named_events(conn, docs)
        stated: dict[int, list[tuple[str, date | None]]] = defaultdict(list)
        for doc_id, kind, effective in conn.execute(select(EV.document_id, EV.kind, EV.effective).where(
                EV.document_id.in_(chunk), EV.kind.in_(STATED))):
            stated[doc_id].append((kind, effective))
        for doc in docs:
            entries = [named[n] for n in _names(doc) if n in named]
            found: dict[str, list[date]] = {end: [] for end in ENDS}
            for entry in entries:
                for end in ENDS:
                    day = _first(entry[end], doc.id)
                    if day is not None:
                        found[end].append(day)
            for kind, effective in stated.get(doc.id, []):
                if effective is not None or EFFECTS[kind] != "confirmed_on":
                    found[EFFECTS[kind]].append(effective or BEGINNING)
            if doc.reg_code and doc.signed and doc.issuer:  # a cleanup's sweep: unless its lists name it
                found["lapsed_on"] += [effective or BEGINNING for k in range(1, len(doc.issuer) + 1)
                                       for source, effective, cutoff in sweeps.get(doc.issuer[:k], ())
                                       if source != doc.id and doc.signed < cutoff
                                       and not any(source in e["sources"] for e in entries)]
            out[doc.id] = tuple(min(found[end], default=None) for end in ENDS)  # type: ignore[assignment]
    return out


def refresh(conn: Connection, ids: Iterable[int] | None = None) -> list[int]:
    """Compute the ends of the documents ``ids`` (all when None) and write those that changed: their ids."""
    changed: list[int] = []
    for chunk in _chunks(conn, ids):
        ends = ends_of(conn, chunk)
        stored = {row.id: (row.repealed_on, row.lapsed_on, row.confirmed_on) for row in conn.execute(
            select(D.id, D.repealed_on, D.lapsed_on, D.confirmed_on).where(D.id.in_(chunk)))}
        rows = [{"doc": i, "r": e[0], "lapsed": e[1], "c": e[2]} for i, e in ends.items() if stored.get(i) != e]
        if rows:
            conn.execute(update(DocumentRow.__table__).where(D.id == bindparam("doc")).values(
                repealed_on=bindparam("r", type_=Date), lapsed_on=bindparam("lapsed", type_=Date),
                confirmed_on=bindparam("c", type_=Date)), rows)
        changed += [r["doc"] for r in rows]
    return changed


def refresh_session(session: Session, ids: Iterable[int] | None = None) -> list[int]:
    """:func:`refresh` in a session's transaction; the tantivy index beside a SQLite store, if built, takes the
    documents whose ends changed over at the commit (their fast fields)."""
    changed = refresh(session.connection(), ids)
    tantivy_index.note(session, added=changed)
    return changed


def _chunks(conn: Connection, ids: Iterable[int] | None) -> Iterator[list[int]]:
    if ids is not None:
        given = sorted(set(ids))
        yield from (given[a : a + CHUNK * 5] for a in range(0, len(given), CHUNK * 5))
        return
    last = 0
    while True:  # every document, by ranges of ids
        chunk = list(conn.scalars(select(D.id).where(D.id > last).order_by(D.id).limit(CHUNK * 5)))
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def affected(conn: Connection, sources: list[int]) -> set[int]:
    """The documents whose ends the events of the documents ``sources`` may change — those the events name
    (by 文号, registration code, title or plan title) and those their sweeps cover — and the sources
    themselves (events of others name them)."""
    out = set(sources)
    for a in range(0, len(sources), CHUNK):
        chunk = sources[a : a + CHUNK]
        mine = and_(EV.document_id.in_(chunk), EV.kind != "sweep", EV.kind.not_in(STATED))
        names = union(*(select(D.id).where(doc_col.in_(select(ev_col).where(mine, ev_col.is_not(None))))
                        for doc_col, ev_col in ((D.doc_number, EV.doc_number), (D.reg_code, EV.reg_code),
                                                (D.title_key, EV.title_key), (D.plan_key, EV.title_key))))
        out.update(conn.scalars(names))
        for scope, cutoff in conn.execute(select(EV.scope, EV.cutoff).where(
                EV.document_id.in_(chunk), EV.kind == "sweep", EV.scope.is_not(None), EV.cutoff.is_not(None))):
            out.update(conn.scalars(select(D.id).where(D.issuer.startswith(scope, autoescape=True),
                                                       D.signed < cutoff, D.reg_code.is_not(None))))
    return out


_KEY = "zhengce.validity"  # session.info: (documents added, documents whose ends may change) in this transaction


def note(session: Session, added: Iterable[int] = (), changed: Iterable[int] = ()) -> None:
    """Remember documents stored in this transaction (``added``: their events, not yet written, may name
    others) and documents whose ends may change (``changed``): their ends are computed just before the
    commit, after the rows kept back are written."""
    if _KEY not in session.info:
        session.info[_KEY] = (set(), set())
        if not event.contains(session, "before_commit", _before_commit):
            event.listen(session, "before_commit", _before_commit)
            event.listen(session, "after_rollback", _forget)
    session.info[_KEY][0].update(added)
    session.info[_KEY][1].update(changed)


def _before_commit(session: Session) -> None:
    noted = session.info.pop(_KEY, None)
    if noted is None:
        return
    added, changed = noted
    write_pending(session)
    refresh_session(session, affected(session.connection(), sorted(added)) | changed)


def _forget(session: Session) -> None:
    session.info.pop(_KEY, None)
