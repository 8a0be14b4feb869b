"""Sources identified by content and path; superseded versions kept.

Sources were matched by base name: two files of one name in different folders overwrote each
other, and a new version deleted the documents campaigns pointed to. Now:

* ``sources.path`` identifies a source with its content (the path under the ingested folder, or
  as given); sources stored before this migration get their name, all that was known of them.
* ``sources.sha256`` is no longer unique: the same bytes may come back as a later version of a
  path. Two partial unique indexes keep one current source per path and per content.
* ``superseded_at`` / ``superseded_by`` on sources (the next version's source) and on documents
  (the next version's document of the same number, code or title, when there is one) mark the
  versions kept for what refers to them.

On SQLite the ``sources`` table is rebuilt without its unique constraint, which needs foreign
keys off (``zhengce.store.open_store`` migrates so): dropping the old table with them on would
delete every document. The migration refuses to run otherwise.

Downgrading drops the columns and restores the unique constraint; it refuses while superseded
versions are stored, since the old schema has no place for them.

Revision ID: 0008
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CURRENT = "superseded_at IS NULL"


def _sqlite_foreign_keys_off(bind: sa.engine.Connection) -> None:
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("迁移 0008 需在关闭外键时运行（请用 zhengce.store.open_store）/ migration 0008 rebuilds "
                           "the sources table and must run with foreign keys off, as zhengce.store.open_store does")


def _sha256_unique(bind: sa.engine.Connection) -> str | None:
    for uc in sa.inspect(bind).get_unique_constraints("sources"):
        if uc["column_names"] == ["sha256"]:
            return uc["name"]
    return None


def _sources(unique: bool, *extra: sa.Column) -> sa.Table:
    """The sources table as revision 0001 made it (with ``extra`` columns)."""
    return sa.Table(
        "sources", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(512), index=True, nullable=False),
        sa.Column("sha256", sa.String(64), unique=unique, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32)),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("gazette", sa.JSON),
        *extra,
    )


def upgrade() -> None:
    bind = op.get_bind()
    _sqlite_foreign_keys_off(bind)
    if bind.dialect.name == "sqlite":
        # the constraint was declared inline, without a name: the table is rebuilt from its
        # definition without it rather than from what reflection makes of it
        with op.batch_alter_table("sources", recreate="always", copy_from=_sources(unique=False)) as batch:
            batch.add_column(sa.Column("path", sa.String(1024), nullable=False, server_default=""))
            batch.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True)))
            batch.add_column(sa.Column("superseded_by", sa.Integer))
    else:
        name = _sha256_unique(bind)
        if name:
            op.drop_constraint(name, "sources", type_="unique")
        op.add_column("sources", sa.Column("path", sa.String(1024), nullable=False, server_default=""))
        op.add_column("sources", sa.Column("superseded_at", sa.DateTime(timezone=True)))
        op.add_column("sources", sa.Column("superseded_by", sa.Integer))
    op.add_column("documents", sa.Column("superseded_at", sa.DateTime(timezone=True)))
    op.add_column("documents", sa.Column("superseded_by", sa.Integer))
    op.create_index("ix_documents_superseded_at", "documents", ["superseded_at"])
    op.execute("UPDATE sources SET path = name")
    # a name stored twice (two ingests at once could do it): the newest is current, the others its
    # superseded versions, out of the index like any superseded version
    now = datetime.now(UTC)
    dupes = bind.execute(sa.text("SELECT name, max(id) FROM sources GROUP BY name HAVING count(*) > 1")).all()
    for name, newest in dupes:
        for (old,) in bind.execute(sa.text("SELECT id FROM sources WHERE name = :n AND id <> :k"),
                                   {"n": name, "k": newest}).all():
            ids = [i for (i,) in bind.execute(sa.text("SELECT id FROM documents WHERE source_id = :s"), {"s": old})]
            params = {"now": now, "new": newest, "old": old}
            bind.execute(sa.text("UPDATE sources SET superseded_at = :now, superseded_by = :new WHERE id = :old"),
                         params)
            bind.execute(sa.text("UPDATE documents SET superseded_at = :now WHERE source_id = :old"), params)
            if ids:
                listed = ",".join(map(str, ids))
                for table in ("citations", "status_events"):
                    op.execute(f"DELETE FROM {table} WHERE document_id IN ({listed})")
                op.execute(f"DELETE FROM search_fts WHERE rowid IN ({listed})" if bind.dialect.name == "sqlite"
                           else f"DELETE FROM search_docs WHERE document_id IN ({listed})")
    op.create_index("ux_sources_current_path", "sources", ["path"], unique=True,
                    sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))
    op.create_index("ux_sources_current_sha256", "sources", ["sha256"], unique=True,
                    sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))


def downgrade() -> None:
    bind = op.get_bind()
    _sqlite_foreign_keys_off(bind)
    kept = bind.execute(sa.text("SELECT count(*) FROM sources WHERE superseded_at IS NOT NULL")).scalar()
    if kept:
        raise RuntimeError(f"库中有 {kept} 个被取代的来源版本，旧的数据库结构无法保存它们 / {kept} superseded source "
                           "versions are stored, which the schema before 0008 cannot hold")
    op.drop_index("ux_sources_current_sha256", "sources")
    op.drop_index("ux_sources_current_path", "sources")
    op.drop_index("ix_documents_superseded_at", "documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("superseded_by")
        batch.drop_column("superseded_at")
    if bind.dialect.name == "sqlite":
        added = (sa.Column("path", sa.String(1024), nullable=False, server_default=""),
                 sa.Column("superseded_at", sa.DateTime(timezone=True)), sa.Column("superseded_by", sa.Integer))
        with op.batch_alter_table("sources", recreate="always", copy_from=_sources(False, *added)) as batch:
            batch.drop_column("superseded_by")
            batch.drop_column("superseded_at")
            batch.drop_column("path")
            batch.create_unique_constraint("uq_sources_sha256", ["sha256"])
        return
    for column in ("superseded_by", "superseded_at", "path"):
        op.drop_column("sources", column)
    op.create_unique_constraint("sources_sha256_key", "sources", ["sha256"])
