"""The library of documents as users read it: search, document and unit pages' data, the lifecycle of
validity (status, registry, expiry, cleanup).

Modules: ``documents``, ``registry``.
"""
