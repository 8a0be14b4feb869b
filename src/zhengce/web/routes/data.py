"""Serve, part five: government data resources (政务数据) — the catalog, a resource, requests and applications
with their statutory clocks, grants, and a department's dashboard; each page with its JSON twin under /api.

Roles are the accounts': a reporter acts for their unit (catalogs its resources, answers the requests made
to it, files requests and checks for it); the office is the 主管部门 (reviews and publishes the catalog,
flags and forwards objections, names the collecting department of duplicates); a leader reads everything;
the public sees the published catalog, and a signed-in member of the public may apply for 有条件开放 data.
Every POST from a browser session carries the session's CSRF token, as elsewhere in the app. The routes are
in :mod:`.data_catalog` and :mod:`.data_requests`; what they share in :mod:`.data_forms`.

Public names: ROUTERS.
"""

from __future__ import annotations

from zhengce.web.routes import data_catalog, data_requests

ROUTERS = [data_catalog.router, data_requests.router]

