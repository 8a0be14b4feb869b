"""A partial index of the cleanup sweeps by scope: every page that shows a document's status (a search page's
results, the document page) asks for the sweeps that may cover its documents, and without an index that
question read all of status_events (86 MB at 490,000 documents, about 250 ms on PostgreSQL), growing with
the library. The index holds the sweeps alone (a few thousand rows at a million documents).

Revision ID: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_status_events_sweep_scope ON status_events (scope) "
               "WHERE kind = 'sweep'")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_status_events_sweep_scope")
