"""The index of sources by name, which SQLite lost when 0008 rebuilt the table: ingest asks for the
current sources of a file's name (another source of this name?) for every file it stores, and without
the index each question read the whole table — quadratic in the library's size.

Revision ID: 0015
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostgreSQL kept it (0008 altered the table there): made only where it is missing
    op.execute("CREATE INDEX IF NOT EXISTS ix_sources_name ON sources (name)")


def downgrade() -> None:
    # 0012's schema on PostgreSQL has the index, on SQLite not: back to what each had
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_sources_name")
