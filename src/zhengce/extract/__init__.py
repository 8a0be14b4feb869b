"""Extraction: facts found in a parsed document, each linked to its clause.

Modules: ``tasks``, ``units``, ``targets``, ``deadlines``, ``references``, ``personnel``, ``moneyrules``,
``validity`` (status events), ``contradictions``, ``export`` (the ``zhengce export`` records).
"""
