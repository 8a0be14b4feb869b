"""Storage: the tables, opening and migrating a database (SQLite or PostgreSQL), ingesting parsed sources,
the search index.

Modules: ``store`` (tables of the library, open_store, ingest), ``tracking`` (tables of supervision and
accounts), ``datatables`` (tables of government data resources), ``calendars`` (official working-day
calendars stored and in use), ``search`` (search tokens and queries), ``migrations``.
"""
