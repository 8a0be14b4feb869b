"""The audit log as a hash chain (zhengce.auditchain): each row keeps its own hash and the previous row's.

The rows already written are chained in the order of their ids when migrating, so that
``zhengce audit verify`` holds on an upgraded database and names any row changed afterwards.

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from zhengce.access.auditchain import FIELDS, GENESIS, row_hash

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
