"""Official working-day calendars read from the State Council's yearly holiday notice.

A notice is stored as ``pending`` when it is read (from ``zhengce calendar import`` or found among
ingested documents) and becomes ``official`` for its year once the office confirms it; a later
confirmed notice for the same year marks the earlier one ``replaced``.

Revision ID: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "official_calendars",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),  # pending | official | replaced | rejected
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("doc_number", sa.String(64)),
        sa.Column("signed", sa.Date),
        sa.Column("document_id", sa.Integer),  # the stored document it was read from, if any
        sa.Column("source_name", sa.Text),  # the file it was read from
        sa.Column("holidays", sa.JSON, nullable=False),  # [{name, off: [ISO], work: [ISO], line}]
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True)),
        sa.Column("confirmed_by", sa.String(100)),
    )


def downgrade() -> None:
    op.drop_table("official_calendars")
