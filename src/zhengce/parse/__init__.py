"""Parsing: a source file becomes a ParsedSource of documents with metadata and clause trees.

Modules: ``model`` (the data classes that flow between stages), ``segment`` (lines → documents),
``metadata`` (GB/T 9704 elements: issuers, titles, recipients, validity, gazette), ``structure`` (the clause
tree), ``webmeta`` (page-metadata blocks of government web pages), ``pipeline`` (parse_path, parse_bytes),
``worker`` (parsing in a process with a time limit).
"""
