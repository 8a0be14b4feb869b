"""Parsing: a source file becomes a ParsedSource of documents with metadata and clause trees.

Modules: ``model`` (the data classes that flow between stages), ``lines`` (a text's lines, web chrome),
``titles`` (where a notice title starts and ends), ``titleblock`` (a title wrapped over lines and the
issuers above it), ``headers`` (a document's header around its title),
``segment`` (lines → documents), ``metadata`` (GB/T 9704 elements: issuers, titles, recipients, validity,
gazette), ``labels`` (clause numbering), ``tabrows`` (tab-separated tables), ``structure`` (the clause tree),
``webmeta`` (page-metadata blocks of government web pages), ``documents`` (one document's metadata, signature
and tree), ``toc`` (a gazette's table of contents), ``pagemap`` (the pages of a laid-out file and the boxes
of runs of its display text, ``SourceLayout``), ``pipeline`` (parse_path, parse_bytes, parse_text),
``worker`` (parsing in a process with a time limit), ``pool`` (several workers at once, answers in
order).

Public names: the entry points (``parse_path``, ``parse_bytes``, ``parse_text``, ``parse_raw``,
``ParseWorker``, ``ParseFailed``, ``WorkerPool``, ``default_workers``) and the model (``ParsedSource``,
``Document``, ``Node``, ``NodeLocator``, ``Table``, ``Attachment``, ``Validity``, ``Gazette``,
``Interpretation``, ``TocEntry``).
"""

from zhengce.parse.model import (
    Attachment,
    Document,
    Gazette,
    Interpretation,
    Node,
    NodeLocator,
    ParsedSource,
    Table,
    TocEntry,
    Validity,
)
from zhengce.parse.pipeline import parse_bytes, parse_path, parse_raw, parse_text
from zhengce.parse.pool import WorkerPool, default_workers
from zhengce.parse.worker import ParseFailed, ParseWorker

__all__ = [
    "Attachment", "Document", "Gazette", "Interpretation", "Node", "NodeLocator", "ParseFailed", "ParseWorker",
    "ParsedSource", "Table", "TocEntry", "Validity", "WorkerPool", "default_workers", "parse_bytes", "parse_path",
    "parse_raw", "parse_text",
]
