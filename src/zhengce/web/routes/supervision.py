"""Serve, part two: sign-in and the supervision pages (督办事项, 任务, 报告, 问题台账, 通报, 审计日志).

Who is asking is found once per request by the sign-in middleware (:mod:`zhengce.web.signin`); every write
is a POST served as a browser form and as its JSON twin (:mod:`zhengce.web.forms`); every page has its JSON
twin under ``/api`` (:mod:`zhengce.web.twins`). The routes live in one module per subject:

* :mod:`.accounts` — signing in and out, one's password and API tokens, ``/api/me``;
* :mod:`.calendar` — the working-day calendar and the holiday notices the office confirms;
* :mod:`.campaigns` — the campaigns, a campaign's page, digest and overview;
* :mod:`.tasks` — a task's page, progress reports with attachments, the office's edits of tasks;
* :mod:`.returns` — the office sends a report back (退回) with a reason;
* :mod:`.issues` — the issue ledger; :mod:`.scores` — settings, scores, units, targets;
* :mod:`.bulletins` — the bulletin of a cycle; :mod:`.audit` — the audit log.

Public names: ROUTERS.
"""

from __future__ import annotations

from zhengce.web.routes import accounts, audit, bulletins, calendar, campaigns, issues, returns, scores, tasks

ROUTERS = [accounts.router, calendar.router, campaigns.router, tasks.router, returns.router, issues.router,
           scores.router, bulletins.router, audit.router]

