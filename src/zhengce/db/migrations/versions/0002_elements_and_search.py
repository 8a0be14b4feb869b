"""Extracted elements (clauses, units, tasks, targets, citations) and the full-text index.

The index is an FTS5 table on SQLite and tsvector rows with a GIN index on PostgreSQL (one row
per part of at most 15,000 tokens, since a tsvector keeps positions only up to 16,383); both hold
the tokens of ``zhengce.search.tokens``.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _doc_fk() -> sa.Column:
    return sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                     nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("jurisdiction", sa.String(100)))
        batch.add_column(sa.Column("year", sa.Integer))
        batch.add_column(sa.Column("task_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("target_count", sa.Integer, nullable=False, server_default="0"))
        batch.create_index("ix_documents_jurisdiction", ["jurisdiction"])
        batch.create_index("ix_documents_year", ["year"])
        batch.create_index("ix_documents_kind", ["kind"])
    op.create_table(
        "clauses",
        sa.Column("id", sa.Integer, primary_key=True),
        _doc_fk(),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("node_id", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("heading", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("jurisdiction", sa.String(100)),
        sa.Column("canonical", sa.String(200), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("level", sa.String(20)),
        sa.UniqueConstraint("jurisdiction", "canonical", name="uq_units_jurisdiction_canonical"),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        _doc_fk(),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("node_id", sa.String(120), nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("heading", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tag", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "task_units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), index=True, nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True),
        _doc_fk(),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("node_id", sa.String(120), nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("origin", sa.String(10), nullable=False),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("bound", sa.String(10), nullable=False),
        sa.Column("change", sa.String(20), nullable=False),
        sa.Column("target_year", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer, primary_key=True),
        _doc_fk(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("title_key", sa.Text, index=True),
        sa.Column("doc_number", sa.String(64), index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("title_key", sa.Text))
        batch.add_column(sa.Column("plan_key", sa.Text))
        batch.create_index("ix_documents_title_key", ["title_key"])
        batch.create_index("ix_documents_plan_key", ["plan_key"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, number, meta, body, "
            "tokenize = 'unicode61 remove_diacritics 0', prefix = '3')"
        )
    else:
        # a tsvector keeps positions only up to 16,383: long documents are indexed in parts
        op.create_table(
            "search_docs",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                      nullable=False),
            sa.Column("part", sa.Integer, nullable=False),
            sa.Column("tsv", sa.dialects.postgresql.TSVECTOR, nullable=False),
            # title, number and metadata alone (part 0 only): small, so ranking never reads the bodies
            sa.Column("head", sa.dialects.postgresql.TSVECTOR, nullable=False),
        )
        op.execute("CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tsv)")
        op.execute("CREATE INDEX ix_search_docs_head ON search_docs USING GIN (head)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.drop_table("search_docs")
    for table in ("citations", "targets", "task_units", "tasks", "units", "clauses"):
        op.drop_table(table)
    with op.batch_alter_table("documents") as batch:
        for index in ("ix_documents_plan_key", "ix_documents_title_key", "ix_documents_kind", "ix_documents_year",
                      "ix_documents_jurisdiction"):
            batch.drop_index(index)
        for column in ("plan_key", "title_key", "target_count", "task_count", "year", "jurisdiction"):
            batch.drop_column(column)
