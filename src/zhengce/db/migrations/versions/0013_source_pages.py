"""Pages of laid-out sources: each page's size and the boxes of its runs of text, and the file itself, so
that a document page can say 第3页 beside a clause and show the page image with the clause marked.

Revision ID: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("width", sa.Float, nullable=False),
        sa.Column("height", sa.Float, nullable=False),
        sa.Column("skew", sa.Float, nullable=False, server_default="0"),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("runs", sa.JSON, nullable=False),
    )
    op.create_index("ix_source_pages_source_id", "source_pages", ["source_id"])
    op.create_table(
        "source_files",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("source_files")
    op.drop_index("ix_source_pages_source_id", table_name="source_pages")
    op.drop_table("source_pages")
