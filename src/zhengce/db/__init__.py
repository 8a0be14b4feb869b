"""Storage: the tables, opening and migrating a database (SQLite or PostgreSQL), storing parsed sources
with their facts, the search index.

Modules: ``schema`` (the tables of the library and ``Base``), ``engine`` (open_store, migrate,
DEFAULT_DB), ``ingest`` (a parsed source and its documents' facts stored in one transaction; it runs no
extractor: ``zhengce.library.ingest`` composes parse → extract → store), ``rows`` (a source's facts as the
rows stored, which a parallel ingest's workers compute; ``prepare``: the workers' job, light to import;
``warm``: imported by their fork server only, it runs that job once so that every worker starts warm),
``batch`` (many sources in one transaction, for a parallel ingest), ``pending`` (rows kept back and written
just before the commit, by the driver itself), ``pgcopy`` (PostgreSQL's ``COPY`` of those rows),
``sources`` (naming and listing stored sources), ``pages`` (the pages, page map and file of laid-out sources,
migration 0013), ``tracking`` (tables of supervision and accounts), ``datatables`` (tables of government data
resources), ``calendars`` (official working-day calendars stored and in use), ``search`` (search tokens
and index writes), ``search_query`` (user queries parsed and turned into engine queries),
``tantivy_index`` (the optional tantivy index beside a SQLite file, kept in step
by a commit hook; ``tantivy_docs``: its schema and how a document looks in it; ``tantivy_pending``: the files
that say a commit is on its way to it, and its stale mark), ``validity`` (each document's stored ends and its
status on a day; ``status_rule``: the rule itself, on dates or on the index's day numbers),
``migrations``.
"""

from zhengce.db.batch import Prepared, store_batch, unchanged
from zhengce.db.engine import DEFAULT_DB, alembic_config, database_url, migrate, open_store
from zhengce.db.ingest import FactsNeeded, IngestResult, store_facts
from zhengce.db.schema import (
    Base,
    CitationRow,
    ClauseRow,
    DocumentRow,
    SourceRow,
    StatusEventRow,
    TargetRow,
    TaskRow,
    TaskUnitRow,
    UnitRow,
)
from zhengce.db.sources import (
    SourceError,
    Twin,
    counts,
    document_keys,
    find_source,
    is_current,
    list_documents,
    numbers_elsewhere,
    source_path,
)

__all__ = [
    "DEFAULT_DB",
    "Base",
    "CitationRow",
    "ClauseRow",
    "DocumentRow",
    "FactsNeeded",
    "IngestResult",
    "Prepared",
    "SourceError",
    "SourceRow",
    "StatusEventRow",
    "TargetRow",
    "TaskRow",
    "TaskUnitRow",
    "Twin",
    "UnitRow",
    "alembic_config",
    "counts",
    "database_url",
    "document_keys",
    "find_source",
    "is_current",
    "list_documents",
    "migrate",
    "numbers_elsewhere",
    "open_store",
    "source_path",
    "store_batch",
    "store_facts",
    "unchanged",
]
