"""Routes of the web application, one module per area, each with a module-level ``router``:
``library`` (home, plans, units, listings, /docs), ``search`` (the search page, its CSV), ``document`` (a
document's page and the status query), ``pages`` (a page of a laid-out source: its image with a clause marked),
``lifecycle`` (registry checks, expiry, cleanup, impact), ``calc`` (the calculators), ``eligibility`` (政策找人);
``supervision`` and ``data`` still add their routes with ``register(app, eng, page)``.

Public names: the modules calc, data, document, eligibility, library, lifecycle, pages, search, supervision.
"""

__all__ = ["calc", "data", "document", "eligibility", "library", "lifecycle", "pages", "search", "supervision"]
