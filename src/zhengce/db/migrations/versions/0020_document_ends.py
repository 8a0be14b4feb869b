"""Each document's ends stored (``zhengce.db.validity``): the earliest repeal and lapse in force and the
earliest dated 继续有效 that other documents (or its page) state of it, so that its status on any day — in
lists, the 效力 filter and its facet — is read from its row, not from correlated lookups of the status
events. The upgrade computes them for the documents already stored (``zhengce refresh-validity`` does the
same at any time).

Revision ID: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

COLUMNS = ("repealed_on", "lapsed_on", "confirmed_on")


# partial indexes of the columns a rare status needs (已废止, 已失效, 尚未生效): the 效力 filter finds those documents
INDEXED = ("repealed_on", "lapsed_on", "effective_from", "expires_on")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("documents", sa.Column(name, sa.Date(), nullable=True))
    from zhengce.db.validity import refresh

    refresh(op.get_bind())
    for name in INDEXED:
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_documents_{name} ON documents ({name}) WHERE {name} IS NOT NULL")


def downgrade() -> None:
    for name in INDEXED:
        op.execute(f"DROP INDEX IF EXISTS ix_documents_{name}")
    with op.batch_alter_table("documents") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
