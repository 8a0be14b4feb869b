"""Status events: repeals, lapses and confirmations that later documents state about earlier ones.

The target is kept as printed (文号, 统一登记号, title) and matched to stored documents when a status is
asked for, so that documents known only by reference are kept too.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                  nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("effective", sa.Date),
        sa.Column("doc_number", sa.String(64), index=True),
        sa.Column("reg_code", sa.String(64), index=True),
        sa.Column("title", sa.Text),
        sa.Column("title_key", sa.Text, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("node_id", sa.String(120), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("status_events")
