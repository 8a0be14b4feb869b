"""An index of the audit log by what each entry is about: when a unit's duty on a task began
(``supervision.duty``: ``task.assign``/``task.add`` of the page's tasks) and the bulletins a campaign issued
(``bulletin.publish``) are read from the audit log on every campaign page, digest, score table and bulletin;
without an index that read the whole log (about 90 ms at 200,000 entries).

Revision ID: 0019
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_audit_log_entity ON audit_log (entity, entity_id, id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_audit_log_entity")
