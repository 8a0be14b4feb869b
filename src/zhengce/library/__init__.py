"""The library of documents as users read it: search, document, plan and unit pages' data, the lifecycle of
validity (status, registry, expiry, cleanup, impact).

Modules, lowest first:

* ``prepared`` — statements a page runs on every request, run on SQLite through the DB-API cursor;
* ``records`` — a document's summary with its status on a date, the status events about documents, tasks
  with their units (what every page shows);
* ``tantivy_search`` — a query matched and ranked in a SQLite store's tantivy index, when it has one;
* ``ranking`` — matching and ranking a query in the search index (FTS5 or tantivy on SQLite, tsvector on
  PostgreSQL);
* ``pager`` — the page numbers under search results, and how deep a search may be paged (``PAGE_LIMIT``);
* ``fulltext`` — the search page: ``search`` → ``SearchPage`` (results, facets, snippets), ``Filters``;
* ``webcopy`` — a web copy's literal HTML tags hidden where text is shown (``untag``);
* ``searchwords`` — a query read again: words split, everyday words, question words, homophones, pinyin;
* ``searchhelp`` — ``helped_search``: the search page with those readings tried when nothing is found;
* ``ofdimages`` — an OFD page drawn with Pillow from its characters in a Chinese font (``cjk_font``);
* ``pageimages`` — a stored page rendered as PNG with boxes marked (pypdfium2, Pillow), cached;
* ``pageviews`` — 第N页 links of clauses, tasks and targets (``add_pages``), ``page_view``, ``page_image``;
* ``textlayer`` — a searchable PDF's invisible text layer and glyph-less font, written (fpdf2, pypdf);
* ``searchpdf`` — ``searchable_pdf``: a source read by OCR as a PDF with an invisible text layer (fpdf2, pypdf);
* ``counts`` — ``library_counts``: the home page's counts (estimates past a bound on PostgreSQL);
* ``docpages`` — ``document``, ``plan``, ``recent``, ``listing``, ``find_by_number``, ``clause_url``,
  ``stored_period``;
* ``unitpages`` — ``unit``, ``units``;
* ``registry`` — registry checks (登记号), expiry, cleanup dispositions, as plain functions over records;
* ``lifecycle`` — ``status_of``, ``lifecycle_records``, ``registry_report``, ``expiry_alerts``,
  ``cleanup_sheet``, ``impact``, ``repealed`` over the store;
* ``ingest`` — ``store_parsed``: parse → extract_all → the store (the one composition of the pipeline that
  writes; :mod:`zhengce.db` imports no extractor);
* ``bulk`` — ``ingest_files``: many files parsed and extracted in worker processes, stored in batches;
* ``citations`` — ``reread_numbers``: the 文号 of stored citations read again by the current rule.

Every function returns plain dicts and lists (the JSON twin of a page is exactly what the page renders).
The public names are re-exported here.
"""

from zhengce.library.citations import reread_numbers
from zhengce.library.counts import library_counts
from zhengce.library.docpages import clause_url, document, find_by_number, listing, plan, recent, stored_period
from zhengce.library.fulltext import PAGE_SIZE, Filters, SearchPage, search, snippet
from zhengce.library.lifecycle import (
    cleanup_sheet,
    expiry_alerts,
    impact,
    lifecycle_records,
    registry_report,
    repealed,
    status_of,
)
from zhengce.library.pager import PAGE_LIMIT
from zhengce.library.pageviews import PageNotFound, page_image, page_view
from zhengce.library.records import (
    CURRENT,
    ROLE_NAMES,
    SUPERSEDED,
    VALIDITY,
    doc_summary,
    events_about,
    statuses,
    summaries,
    task_dict,
    tasks_of,
)
from zhengce.library.registry import CHECK_NAMES, CLEANUP_HEADERS, disposition, expiring, registry_checks
from zhengce.library.searchpdf import SearchablePdfError, searchable_pdf
from zhengce.library.unitpages import unit, units

__all__ = [
    "CHECK_NAMES", "CLEANUP_HEADERS", "CURRENT", "PAGE_LIMIT", "PAGE_SIZE", "ROLE_NAMES", "SUPERSEDED", "VALIDITY",
    "Filters", "PageNotFound", "SearchPage", "SearchablePdfError",
    "clause_url", "cleanup_sheet", "disposition", "doc_summary", "document",
    "events_about", "expiring", "expiry_alerts", "find_by_number", "impact", "library_counts", "lifecycle_records",
    "listing", "page_image", "page_view", "plan", "recent", "registry_checks", "registry_report", "repealed",
    "reread_numbers", "search",
    "searchable_pdf",
    "snippet", "status_of", "statuses", "stored_period", "summaries", "task_dict", "tasks_of", "unit", "units",
]
