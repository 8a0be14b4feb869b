"""Government data resources (issue 19): the catalog, its data items, duplicate decisions, requests with
their clocks, and grants (zhengce.data_models).

Revision ID: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "data_resources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("classification", sa.String(200), nullable=False, server_default=""),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("provider_unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("provider_code", sa.String(64), nullable=False, server_default=""),
        _text("summary"),
        sa.Column("format", sa.String(64), nullable=False, server_default=""),
        sa.Column("share_type", sa.String(16), nullable=False),
        _text("share_condition"),
        sa.Column("share_way", sa.String(100), nullable=False, server_default=""),
        _text("share_reason"), _text("share_basis"),
        sa.Column("open_type", sa.String(16), nullable=False),
        _text("open_condition"), _text("open_reason"), _text("open_basis"),
        sa.Column("update_cycle", sa.String(32), nullable=False, server_default=""),
        sa.Column("published_on", sa.Date),
        sa.Column("related", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("change_on", sa.Date),
        _text("change_note"),
        sa.Column("sample", sa.JSON, nullable=False),
        _when("created_at"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "data_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("resource_id", sa.Integer, sa.ForeignKey("data_resources.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("type", sa.String(32), nullable=False, server_default="字符型"),
        sa.Column("personal", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("secret", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("mask", sa.String(16), nullable=False, server_default=""),
    )
    op.create_table(
        "data_duplicates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a_id", sa.Integer, sa.ForeignKey("data_resources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("b_id", sa.Integer, sa.ForeignKey("data_resources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("collector_id", sa.Integer, sa.ForeignKey("data_resources.id", ondelete="CASCADE"), nullable=False),
        _when("decided_at"),
    )
    op.create_table(
        "data_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("resource_id", sa.Integer, sa.ForeignKey("data_resources.id"), nullable=False, index=True),
        sa.Column("provider_unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("requester_unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("applicant", sa.String(200), nullable=False, server_default=""),
        _text("purpose"),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("filed_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("extension", sa.String(16)),
        sa.Column("flagged_on", sa.Date), sa.Column("forwarded_on", sa.Date), sa.Column("decided_on", sa.Date),
        _text("reason"),
        _when("created_at"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "data_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer, sa.ForeignKey("data_requests.id")),
        sa.Column("resource_id", sa.Integer, sa.ForeignKey("data_resources.id"), nullable=False, index=True),
        sa.Column("grantee_unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("grantee_user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("personal_allowed", sa.Boolean, nullable=False, server_default=sa.false()),
        _text("purpose"),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date),
        sa.Column("suspended_on", sa.Date),
        _text("suspended_reason"),
        _when("created_at"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )


def downgrade() -> None:
    for name in ("data_grants", "data_requests", "data_duplicates", "data_items", "data_resources"):
        op.drop_table(name)
