"""Routes of the web application, one module per area, each with a module-level ``router``:
``library`` (home, documents, plans, units, listings, status, /docs), ``search`` (the search page, its CSV),
``pages`` (a page of a laid-out source: its image with a clause marked), ``lifecycle`` (registry checks, expiry,
cleanup, impact), ``calc`` (the calculators), ``eligibility`` (政策找人); ``supervision`` and ``data`` still add
their routes with ``register(app, eng, page)``.

Public names: the modules calc, data, eligibility, library, lifecycle, pages, search, supervision.
"""

__all__ = ["calc", "data", "eligibility", "library", "lifecycle", "pages", "search", "supervision"]
