"""Rows kept back until the transaction commits, then written with one executemany per statement.

Ingest writes, for every document, rows that nothing in its transaction reads back (clauses, targets,
citations, status events, task units, search entries). One statement per document costs a round trip
to the database and the driver's and SQLAlchemy's work per call; kept in the session and written
before the commit, a whole batch of files costs one statement per table. Anything that reads or
deletes such rows inside the transaction calls :func:`write_pending` first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

_KEY = "zhengce.pending"  # session.info: statement -> the parameter sets kept for it, in order


def keep(session: Session, statement: Executable, rows: list[dict[str, Any]]) -> None:
    """Run ``statement`` with each of ``rows`` before the session's transaction commits."""
    if not rows:
        return
    pending = session.info.get(_KEY)
    if pending is None:  # the first rows of this session: it writes them before each commit
        pending = session.info[_KEY] = {}
        event.listen(session, "before_commit", write_pending)
    pending.setdefault(statement, []).extend(rows)


def write_pending(session: Session) -> None:
    """Write what :func:`keep` kept, statement by statement in the order first kept."""
    pending = session.info.get(_KEY) or {}
    for statement in list(pending):
        session.execute(statement, pending.pop(statement))
