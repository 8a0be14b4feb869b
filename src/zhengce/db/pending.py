"""Rows kept back until the transaction commits, then written with one statement per table.

Ingest writes, for every document, rows that nothing in its transaction reads back (the documents and
tasks themselves, whose ids it gives them, clauses, targets, citations, status events, task units,
search entries). One statement per document costs a round trip to the database and the driver's and
SQLAlchemy's work per call; kept in the session and written before the commit, a whole batch of files
costs one statement per table. Rows kept as tuples (:func:`keep_rows`, in the columns' order of
``zhengce.db.rows``) go to the driver itself: SQLite's ``executemany``, PostgreSQL's ``COPY``
(``zhengce.db.pgcopy``); SQLAlchemy's work per row (parameters, types) was most of the parent's cost.
Anything that reads or deletes such rows inside the transaction calls :func:`write_pending` first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, event
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from zhengce.db.pgcopy import copy_rows
from zhengce.db.schema import Base

_KEY = "zhengce.pending"  # session.info: statement or (table, columns) -> the rows kept for it, in order
_IDS = "zhengce.pending.ids"  # session.info: table -> the last id given in this transaction (SQLite)


def keep(session: Session, statement: Executable, rows: list[dict[str, Any]]) -> None:
    """Run ``statement`` with each of ``rows`` before the session's transaction commits."""
    if rows:
        _pending(session).setdefault(statement, []).extend(rows)


def keep_rows(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples of ``columns``) into ``table`` before the session's transaction commits,
    after the rows of the tables kept before it (documents before their tasks, tasks before their units)."""
    if rows:
        _pending(session).setdefault((table, columns), []).extend(rows)


def _pending(session: Session) -> dict[Any, list[Any]]:
    pending = session.info.get(_KEY)
    if pending is None:  # the first rows of this session: it writes them before each commit
        pending = session.info[_KEY] = {}
        event.listen(session, "before_commit", write_pending)
    return pending


def next_ids(session: Session, counts: dict[str, int]) -> dict[str, list[int]]:
    """Ids for new rows of each table (tables with an integer primary key ``id``: how many each), the ids
    the database would give them inserted one after the other now: SQLite gives the next row the largest
    id plus one (read once the transaction writes, so no other writer comes between), PostgreSQL the next
    values of the column's sequence (all tables in one round trip)."""
    wanted = {table: n for table, n in counts.items() if n}
    out: dict[str, list[int]] = {table: [] for table in counts}
    if not wanted:
        return out
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        union = " UNION ALL ".join("SELECT %s AS t FROM generate_series(1, %s)" for _ in wanted)
        cur.execute(f"SELECT t, nextval(pg_get_serial_sequence(t, 'id')) FROM ({union}) AS x",
                    [v for item in wanted.items() for v in item])
        for table, value in cur.fetchall():
            out[table].append(value)
        return {table: sorted(ids) for table, ids in out.items()}
    last: dict[str, int] = session.info.setdefault(_IDS, {})
    for table, n in wanted.items():
        if table not in last:
            last[table] = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one()
        out[table] = list(range(last[table] + 1, last[table] + n + 1))
        last[table] += n
    return out


def write_pending(session: Session) -> None:
    """Write what :func:`keep` and :func:`keep_rows` kept, table by table in the order first kept."""
    pending = session.info.get(_KEY) or {}
    session.info.pop(_IDS, None)  # what is written, the database counts again
    for key in list(pending):
        rows = pending.pop(key)
        if not isinstance(key, tuple):
            session.execute(key, rows)
            continue
        table, columns = key
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            copy_rows(conn.connection.dbapi_connection, table, columns, rows)
            continue
        dates = _date_columns(table, columns)
        if dates:  # stored as SQLAlchemy stores a Date on SQLite: YYYY-MM-DD
            rows = [tuple(v.isoformat() if k in dates and isinstance(v, date) else v for k, v in enumerate(r))
                    for r in rows]
        names = ", ".join(c if c == "rowid" else f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


_DATES: dict[tuple[str, tuple[str, ...]], frozenset[int]] = {}


def _date_columns(table: str, columns: tuple[str, ...]) -> frozenset[int]:
    """The positions of ``columns`` that are dates in ``table`` (none for a table outside the schema)."""
    key = (table, columns)
    if key not in _DATES:
        t = Base.metadata.tables.get(table)
        _DATES[key] = frozenset(k for k, c in enumerate(columns)
                                if t is not None and c in t.c and isinstance(t.c[c].type, Date))
    return _DATES[key]


def driver_rows(session: Session, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """``sql`` (placeholders ``?``) run with ``params`` on the session's connection by the driver itself, in
    its transaction: what it returns. For the statements ingest runs for every file (SQLAlchemy's work per
    statement cost more than the database's), of values the driver takes as they are (see :func:`insert_id`)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cur.execute(sql, params)
    return cur.fetchall() if cur.description else []


_BINDS: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[Any]]] = {}


def insert_id(session: Session, table: str, values: dict[str, Any]) -> int:
    """Insert one row of ``table`` (the columns of ``values``, each turned into what the driver is given by
    its SQLAlchemy type, as SQLAlchemy would: JSON encoded, a time as SQLite stores it) and return its id."""
    dialect = session.get_bind().dialect
    key = (dialect.name, table, tuple(values))
    if key not in _BINDS:
        t = Base.metadata.tables[table]
        names = ", ".join(f'"{c}"' for c in values)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))}) RETURNING id"
        _BINDS[key] = (sql, [t.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in values])
    sql, processors = _BINDS[key]
    params = tuple(v if p is None else p(v) for p, v in zip(processors, values.values(), strict=True))
    return driver_rows(session, sql, params)[0][0]
