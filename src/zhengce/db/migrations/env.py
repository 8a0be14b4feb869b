"""Alembic environment: migrations run on the connection that ``zhengce.db.engine.open_store`` passes in."""

from __future__ import annotations

from alembic import context

from zhengce.db.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the command-line alembic is not how zhengce migrates
    raise RuntimeError("zhengce migrates through zhengce.db.open_store()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
