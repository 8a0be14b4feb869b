"""The audit log as a hash chain (zhengce.auditchain): each row keeps its own hash and the previous row's.

The rows already written are chained in the order of their ids when migrating, so that
``zhengce audit verify`` holds on an upgraded database and names any row changed afterwards. The hash is
written out here as ``zhengce.access.auditchain`` computed it when this migration was written (a migration
never imports the code above the store, which may change after it); a test checks that both still agree.

Revision ID: 0010
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


GENESIS = ""  # the "previous hash" of the first row
FIELDS = ("at", "user_id", "username", "action", "entity", "entity_id", "before", "after")


def moment(at: datetime | str) -> str:
    if isinstance(at, str):  # a raw SQLite value
        at = datetime.fromisoformat(at)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plain(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":  # a JSON column read without its type
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def row_hash(row: Mapping[str, Any], prev: str) -> str:
    """The hash of one audit row's content, chained to ``prev``."""
    content = {f: row.get(f) for f in FIELDS}
    content["at"] = moment(content["at"])
    content["before"] = plain(content["before"])
    content["after"] = plain(content["after"])
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64)))
        batch.add_column(sa.Column("hash", sa.String(64)))
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
                   sa.column("user_id", sa.Integer), sa.column("username", sa.String),
                   sa.column("action", sa.String), sa.column("entity", sa.String),
                   sa.column("entity_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON),
                   sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(log).order_by(log.c.id)).mappings().all()
    prev = GENESIS
    for row in rows:
        digest = row_hash({f: row[f] for f in FIELDS}, prev)
        conn.execute(log.update().where(log.c.id == row["id"]).values(prev_hash=prev, hash=digest))
        prev = digest


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
