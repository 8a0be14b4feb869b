"""Statements a page runs on every request, run on SQLite through the DB-API cursor of the session's
connection: compiled once to their SQL string and the order of their parameters, the values converted by
the columns' own SQLAlchemy types (dates). SQLAlchemy's execution of a cached statement (its context, the
parameters' post-compilation, the result object) cost about 0.2 ms a statement, as much as SQLite's
work for the search page's few rows; PostgreSQL runs them through the session as before.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

__all__ = ["run"]


class _Prepared:
    """A statement compiled for SQLite: SQL, positional parameter names with their defaults and converters,
    and a row type with the selected columns' names, each column's converter."""

    __slots__ = ("convert", "defaults", "names", "row", "sql", "to_db")

    def __init__(self, stmt: Select[Any], dialect: Any, required: tuple[str, ...]) -> None:
        compiled = stmt.compile(dialect=dialect)
        state = compiled.construct_expanded_state(dict.fromkeys(required))  # constant IN lists: one ? each
        self.sql, self.names, self.defaults = state.statement, tuple(state.positiontup or ()), state.parameters
        self.to_db: dict[str, Callable[[Any], Any]] = {}
        for name in self.names:
            bound = compiled.binds.get(name)
            proc = bound.type.dialect_impl(dialect).bind_processor(dialect) if bound is not None else None
            if proc is not None:
                self.to_db[name] = proc
        columns = list(stmt.selected_columns)
        self.row = namedtuple("Row", [c.name for c in columns])  # type: ignore[misc]
        self.convert = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]

    def values(self, params: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name in self.names:
            value = params[name] if name in params else self.defaults[name]
            proc = self.to_db.get(name)
            out.append(proc(value) if proc is not None and value is not None else value)
        return tuple(out)

    def rows(self, raw: list[tuple[Any, ...]]) -> list[Any]:
        make = self.row._make
        if not any(self.convert):
            return [make(r) for r in raw]
        conv = self.convert
        return [make([v if f is None or v is None else f(v) for f, v in zip(conv, r, strict=True)]) for r in raw]


_cache: dict[int, tuple[Select[Any], _Prepared]] = {}


def run(session: Session, stmt: Select[Any], params: dict[str, Any]) -> list[Any]:
    """The rows of ``stmt`` (a statement built once and kept: it is compiled once per process) with
    ``params``, each with the selected columns as attributes; on SQLite through the DB-API cursor."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return list(session.execute(stmt, params).all())
    held = _cache.get(id(stmt))
    if held is None or held[0] is not stmt:
        held = (stmt, _Prepared(stmt, bind.dialect, tuple(params)))
        _cache[id(stmt)] = held
    prepared = held[1]
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return prepared.rows(cursor.execute(prepared.sql, prepared.values(params)).fetchall())
    finally:
        cursor.close()
