"""Sources and documents: what the reader stores.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(512), index=True, nullable=False),
        sa.Column("sha256", sa.String(64), unique=True, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32)),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("gazette", sa.JSON),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), index=True,
                  nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("issuer", sa.String(200), index=True),
        sa.Column("title", sa.Text),
        sa.Column("kind", sa.String(16)),
        sa.Column("doc_number", sa.String(64), index=True),
        sa.Column("reg_code", sa.String(64), index=True),
        sa.Column("signed", sa.Date),
        sa.Column("published", sa.Date),
        sa.Column("effective_from", sa.Date),
        sa.Column("expires_on", sa.Date),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_table("sources")
