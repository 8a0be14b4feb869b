"""Sweep events: a cleanup announcement's rule that the documents of an issuer made before a cut-off
date and on none of its lists no longer apply. The event keeps the cut-off and the issuer it covers.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_events") as batch:
        batch.add_column(sa.Column("cutoff", sa.Date))
        batch.add_column(sa.Column("scope", sa.String(200)))


def downgrade() -> None:
    with op.batch_alter_table("status_events") as batch:
        batch.drop_column("scope")
        batch.drop_column("cutoff")
