"""The audit log as a hash chain: each row carries the SHA-256 of its content and of the row before it.

A row changed after it was written no longer matches its hash; a row deleted, or a row whose hash was
recomputed to hide a change, breaks the link of the row after it. ``zhengce audit verify`` walks the
rows in order and names the first that does not hold. Every row is written by
:func:`zhengce.access.accounts.audit`, which calls :func:`chain` — the one place a hash is set.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db.tracking import AuditRow

GENESIS = ""  # the "previous hash" of the first row
FIELDS = ("at", "user_id", "username", "action", "entity", "entity_id", "before", "after")
LOCK_KEY = 190_019  # PostgreSQL advisory lock: one writer extends the chain at a time


def _moment(at: datetime | str) -> str:
    if isinstance(at, str):  # a raw SQLite value
        at = datetime.fromisoformat(at)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":  # a JSON column read without its type
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def row_hash(row: Mapping[str, Any], prev: str) -> str:
    """The hash of one audit row's content, chained to ``prev``."""
    content = {f: row.get(f) for f in FIELDS}
    content["at"] = _moment(content["at"])
    content["before"] = _plain(content["before"])
    content["after"] = _plain(content["after"])
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()


def jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a JSON column gives back for ``value`` — so the hash is taken over what is stored."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


def chain(session: Session, row: Any) -> None:
    """Set ``row``'s link and hash from the newest row of the log, then add it to the session."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    prev = session.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)) or GENESIS
    row.before, row.after = jsonable(row.before), jsonable(row.after)
    row.prev_hash = prev
    row.hash = row_hash({f: getattr(row, f) for f in FIELDS}, prev)
    session.add(row)
    session.flush()  # the next row of this transaction links to this one


def verify(engine: Engine) -> dict[str, Any] | None:
    """None when every row holds; else the first row that does not: its id, action and why."""
    prev, prev_id = GENESIS, None
    with Session(engine) as session:
        for row in session.scalars(select(AuditRow).order_by(AuditRow.id)).yield_per(500):
            found = {"id": row.id, "action": row.action, "at": _moment(row.at), "username": row.username}
            if row.hash is None:
                return found | {"reason": "没有哈希值（未经审计日志写入）/ no hash"}
            if row.hash != row_hash({f: getattr(row, f) for f in FIELDS}, row.prev_hash or GENESIS):
                return found | {"reason": "内容与哈希值不符：此行写入后被改动 / content changed"}
            if (row.prev_hash or GENESIS) != prev:
                why = ("前一条记录" + (f"（编号 {prev_id}）" if prev_id else "") + "被删除或改动：链接断开"
                       " / the row before it was deleted or changed")
                return found | {"reason": why}
            prev, prev_id = row.hash, row.id
    return None


__all__ = ["GENESIS", "chain", "jsonable", "row_hash", "verify"]
