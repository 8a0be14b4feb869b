"""Extraction: facts found in a parsed document, each linked to its clause.

``extract_all(document, text)`` runs every extractor once and returns the document's
``DocumentFacts`` (``extract_source(parsed)``: those of every document of a source); every caller —
ingest, export, benchmarks, CLI — takes its facts from there.

Modules: ``facts`` (extract_all, DocumentFacts), ``tasks``, ``units``, ``targets``, ``deadlines``,
``references``, ``personnel``, ``moneyrules``, ``validity`` (status events), ``contradictions``,
``export`` (the ``zhengce export`` records).
"""

from zhengce.extract.facts import DocumentFacts, extract_all, extract_source

__all__ = ["DocumentFacts", "extract_all", "extract_source"]
