"""Serve, part two: sign-in and the supervision pages (督办事项, 任务, 报告, 问题台账, 通报, 审计日志).

Who is asking is found once per request by the sign-in middleware (:mod:`zhengce.web.signin`); every write
is a POST served as a browser form and as its JSON twin (:mod:`zhengce.web.forms`); every page has its JSON
twin under ``/api`` (:mod:`zhengce.web.twins`). The routes live in one module per subject:

* :mod:`.accounts` — signing in and out, one's password and API tokens, ``/api/me``;
* :mod:`.calendar` — the working-day calendar and the holiday notices the office confirms;
* :mod:`.campaigns` — the campaigns, a campaign's page, digest and overview;
* :mod:`.tasks` — a task's page, progress reports with attachments, the office's edits of tasks;
* :mod:`.issues` — the issue ledger; :mod:`.scores` — settings, scores, units, targets;
* :mod:`.bulletins` — the bulletin of a cycle; :mod:`.audit` — the audit log.

Public names: ROUTERS, register.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from zhengce.access.accounts import AccountError
from zhengce.supervision.core import SupervisionError
from zhengce.web.forms import answer_error
from zhengce.web.routes import accounts, audit, bulletins, calendar, campaigns, issues, scores, tasks
from zhengce.web.signin import Who

ROUTERS = [accounts.router, calendar.router, campaigns.router, tasks.router, issues.router, scores.router,
           bulletins.router, audit.router]


async def refused(request: Request, exc: Exception) -> Response:
    """The answer to a refusal of the supervision or account modules (see :func:`forms.answer_error`)."""
    return answer_error(request, exc)


def register(app: FastAPI, eng: Any = None, page: Callable[..., Any] | None = None) -> None:
    """Add sign-in (middleware), the answers to refusals and the supervision routes to the app.
    (``eng`` and ``page`` are ignored: the routes find the store and the templates on ``app.state``.)"""
    app.add_middleware(Who)
    app.add_exception_handler(SupervisionError, refused)
    app.add_exception_handler(AccountError, refused)
    for router in ROUTERS:
        app.include_router(router)
