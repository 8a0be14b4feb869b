"""Engine: opening a database (SQLite by default, PostgreSQL or any SQLAlchemy URL otherwise) with its
schema migrated to the newest revision by Alembic (``zhengce/db/migrations``), and the official
working-day calendars it holds put in use.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from zhengce.db.calendars import activate

DEFAULT_DB = "zhengce.db"


def database_url(db: str | None = None) -> str:
    """``--db`` (a path or a URL), else ``ZHENGCE_DATABASE_URL``, else ./zhengce.db."""
    value = db or os.environ.get("ZHENGCE_DATABASE_URL") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


MMAP_BYTES = 1 << 31  # how much of a SQLite file is read as mapped memory


def open_store(db: str | None = None) -> Engine:
    """An engine on the database, its schema migrated to the newest revision."""
    url = database_url(db)
    # SQLite lets one writer in at a time: a writer waits up to 30 s for another (Python's default, 5 s, is
    # too short when fifty reporters save at once on a busy machine)
    engine = create_engine(url, future=True, **({"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}))
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # type: ignore[no-untyped-def]
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            # read the file through the OS page cache that every connection and process shares, not one
            # read() call per page a connection's own 2 MB cache misses: a search page's facets look up a
            # thousand scattered documents (about 30 % faster at 100,000 documents); SQLite caps it at 2 GB
            cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            cur.close()
        # SQLite changes a table's constraints by rebuilding it, and dropping the old table with
        # foreign keys on would delete the rows of every table that refers to it: migrations run
        # on a connection of their own, foreign keys off
        plain = create_engine(url, future=True, poolclass=NullPool)

        @event.listens_for(plain, "connect")
        def _keys_off(conn, _record):  # type: ignore[no-untyped-def]
            conn.execute("PRAGMA foreign_keys=OFF")  # SQLite's default, unless built otherwise

        try:
            with plain.begin() as conn:
                migrate(conn)
        finally:
            plain.dispose()
    else:
        with engine.begin() as conn:
            migrate(conn)
    activate(engine)  # the official working-day calendars of this store
    return engine


def alembic_config(conn: Connection) -> Any:
    """The Alembic configuration of zhengce's migrations, run over ``conn``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("zhengce").joinpath("db", "migrations")))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(conn: Connection) -> None:
    """Run the Alembic migrations up to head (a database made before migrations is adopted first)."""
    from alembic import command

    cfg = alembic_config(conn)
    tables = set(inspect(conn).get_table_names())
    if "sources" in tables and "alembic_version" not in tables:
        command.stamp(cfg, "0001")  # made by an earlier zhengce with create_all: the first revision's schema
    command.upgrade(cfg, "head")
