"""Supervision and dispatch: accounts, sessions, API tokens, login attempts, campaigns and their
tasks and assignments, reports, attachments, the issue ledger, score adjustments, comments and the
audit log.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _fk(name: str, target: str, nullable: bool = False, index: bool = True, ondelete: str | None = None) -> sa.Column:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


def _when(name: str, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, index=index)


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def _flag(name: str, default: bool = False) -> sa.Column:
    return sa.Column(name, sa.Boolean, nullable=False, server_default=sa.true() if default else sa.false())


def upgrade() -> None:
    op.create_table(
        "users", _id(),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _fk("unit_id", "units.id", nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        _flag("active", True), _flag("must_change"), _when("created_at"), _version(),
    )
    op.create_table(
        "auth_sessions", _id(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _fk("user_id", "users.id"),
        sa.Column("csrf", sa.String(64), nullable=False),
        _when("created_at"), _when("expires_at"),
    )
    op.create_table(
        "api_tokens", _id(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _fk("user_id", "users.id"),
        sa.Column("name", sa.String(100), nullable=False),
        _when("created_at"), _when("revoked_at", nullable=True),
    )
    op.create_table(
        "login_attempts", _id(),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("ip", sa.String(64), nullable=False, index=True),
        _when("at", index=True),
        sa.Column("ok", sa.Boolean, nullable=False),
    )
    op.create_table(
        "campaigns", _id(),
        _fk("document_id", "documents.id", nullable=True, index=False, ondelete="SET NULL"),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("doc_number", sa.String(64)),
        sa.Column("jurisdiction", sa.String(100)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        _fk("created_by", "users.id", nullable=True, index=False),
        _when("created_at"), _version(),
    )
    op.create_table(
        "campaign_tasks", _id(),
        _fk("campaign_id", "campaigns.id"),
        _fk("source_task_id", "tasks.id", nullable=True, index=False, ondelete="SET NULL"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("heading", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date),
        _flag("archived"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _version(),
    )
    op.create_table(
        "assignments", _id(),
        _fk("campaign_task_id", "campaign_tasks.id"),
        _fk("unit_id", "units.id"),
        sa.Column("role", sa.String(20), nullable=False),
        _flag("archived"),
    )
    op.create_table(
        "reports", _id(),
        _fk("campaign_task_id", "campaign_tasks.id"),
        _fk("unit_id", "units.id"),
        sa.Column("cycle", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("percent", sa.Integer, nullable=False),
        sa.Column("narrative", sa.Text, nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        _flag("consolidated"),
        _fk("submitted_by", "users.id", nullable=True, index=False),
        _when("submitted_at"), _version(),
        sa.UniqueConstraint("campaign_task_id", "unit_id", "cycle", name="uq_reports_task_unit_cycle"),
    )
    op.create_table(
        "ledger_issues", _id(),
        _fk("campaign_id", "campaigns.id"),
        _fk("campaign_task_id", "campaign_tasks.id", nullable=True),
        sa.Column("enterprise", sa.String(200), nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        _fk("unit_id", "units.id", nullable=True),
        sa.Column("deadline", sa.Date),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer, nullable=False, server_default="0"),
        sa.Column("resolution", sa.Text, nullable=False, server_default=""),
        _fk("raised_by", "users.id", nullable=True, index=False),
        _when("raised_at"), _when("assigned_at", nullable=True), _when("closed_at", nullable=True),
        _flag("archived"), _version(),
    )
    op.create_table(
        "attachments", _id(),
        _fk("report_id", "reports.id", nullable=True),
        _fk("issue_id", "ledger_issues.id", nullable=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        _fk("uploaded_by", "users.id", nullable=True, index=False),
        _when("uploaded_at"), _flag("archived"),
    )
    op.create_table(
        "issue_events", _id(),
        _fk("issue_id", "ledger_issues.id"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        _fk("user_id", "users.id", nullable=True, index=False),
        _when("at"),
    )
    op.create_table(
        "adjustments", _id(),
        _fk("campaign_id", "campaigns.id"),
        _fk("unit_id", "units.id"),
        sa.Column("cycle", sa.Integer),
        sa.Column("points", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        _fk("user_id", "users.id", nullable=True, index=False),
        _when("at"), _flag("archived"),
    )
    op.create_table(
        "comments", _id(),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=False, index=True),
        _fk("user_id", "users.id", nullable=True, index=False),
        sa.Column("text", sa.Text, nullable=False),
        _when("at"),
    )
    op.create_table(
        "audit_log", _id(),
        _when("at", index=True),
        _fk("user_id", "users.id", nullable=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )


def downgrade() -> None:
    for name in ("audit_log", "comments", "adjustments", "issue_events", "attachments", "ledger_issues", "reports",
                 "assignments", "campaign_tasks", "campaigns", "login_attempts", "api_tokens", "auth_sessions",
                 "users"):
        op.drop_table(name)
