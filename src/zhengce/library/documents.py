"""The library's queries in one module, as they were before the library was split into ``records``,
``ranking``, ``fulltext``, ``docpages``, ``unitpages`` and ``lifecycle``: the web app reads them as
``from zhengce.library import documents as library``. The tuning constants of the search (RANK_ALL,
COUNT_CAP…) are read where they are used, in ``zhengce.library.ranking``."""

from zhengce.library.docpages import clause_url, document, find_by_number, library_counts, listing, plan, recent
from zhengce.library.fulltext import PAGE_SIZE, SNIPPET_CLAUSES, SNIPPET_SCAN, Filters, SearchPage, search, snippet
from zhengce.library.lifecycle import (
    cleanup_sheet,
    expiry_alerts,
    impact,
    lifecycle_records,
    registry_report,
    status_of,
)
from zhengce.library.ranking import BM25, COUNT_CAP, FACET_EXACT, FACET_SAMPLE, FTS, PG_DOCS, RANK_ALL, RANK_HEADS
from zhengce.library.records import (
    CURRENT,
    ROLE_NAMES,
    STATED_EVENT_KINDS,
    SUPERSEDED,
    VALIDITY,
    doc_summary,
    events_about,
    statuses,
    summaries,
)
from zhengce.library.unitpages import unit, units

__all__ = [
    "BM25", "COUNT_CAP", "CURRENT", "FACET_EXACT", "FACET_SAMPLE", "FTS", "PAGE_SIZE", "PG_DOCS", "RANK_ALL",
    "RANK_HEADS", "ROLE_NAMES", "SNIPPET_CLAUSES", "SNIPPET_SCAN", "STATED_EVENT_KINDS", "SUPERSEDED", "VALIDITY",
    "Filters", "SearchPage", "clause_url", "cleanup_sheet", "doc_summary", "document", "events_about",
    "expiry_alerts", "find_by_number", "impact", "library_counts", "lifecycle_records", "listing", "plan", "recent",
    "registry_report", "search", "snippet", "status_of", "statuses", "summaries", "unit", "units",
]
