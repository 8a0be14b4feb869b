"""政策找人 (issue 18): draft rules stored for review, profiles (personal data), pushes to the granting
units with their outcomes, and public answers kept at the person's request (zhengce.db.eligtables).

Revision ID: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def upgrade() -> None:
    op.create_table(
        "eligibility_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("doc_number", sa.String(64), index=True),
        _text("title"),
        sa.Column("clause", sa.String(120), nullable=False, server_default=""),
        sa.Column("node_id", sa.String(120), nullable=False, server_default=""),
        sa.Column("form", sa.String(40), nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        _text("beneficiary"), _text("benefit"),
        sa.Column("conditions", sa.JSON, nullable=False),
        sa.Column("money", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("rule", sa.JSON),
        _text("note"),
        sa.Column("decided_by", sa.Integer, sa.ForeignKey("users.id")),
        _when("decided_at", True), _when("created_at"), _version(),
    )
    op.create_table(
        "eligibility_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ref", sa.String(100), nullable=False, unique=True),
        sa.Column("kind", sa.String(16)),
        sa.Column("county", sa.String(100)),
        sa.Column("township", sa.String(100)),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("source", sa.String(200), nullable=False, server_default=""),
        sa.Column("imported_by", sa.Integer, sa.ForeignKey("users.id")),
        _when("imported_at"),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "eligibility_pushes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("eligibility_profiles.id"), nullable=False, index=True),
        sa.Column("rule_id", sa.String(120), nullable=False, index=True),
        _text("rule_title"),
        sa.Column("document", sa.String(64), nullable=False, server_default=""),
        sa.Column("clause", sa.String(120), nullable=False, server_default=""),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("answer", sa.String(8), nullable=False),
        sa.Column("amount", sa.String(32)),
        sa.Column("amount_min", sa.String(32)),
        sa.Column("questions", sa.JSON, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        _text("reason"),
        _when("created_at"),
        sa.Column("outcome_by", sa.Integer, sa.ForeignKey("users.id")),
        _when("outcome_at", True), _version(),
        sa.UniqueConstraint("profile_id", "rule_id", name="uq_eligibility_push_profile_rule"),
    )
    op.create_table(
        "eligibility_kept",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("skipped", sa.JSON, nullable=False),
        sa.Column("on", sa.String(10), nullable=False, server_default=""),
        _when("created_at"),
    )


def downgrade() -> None:
    for table in ("eligibility_kept", "eligibility_pushes", "eligibility_profiles", "eligibility_drafts"):
        op.drop_table(table)
