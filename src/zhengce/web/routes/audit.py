"""Serve: the audit log (审计日志, for the supervision office) — every write: who, when, what, before and
after; as a page, its JSON twin and a CSV download.

Public names: router, Audit, audit_rows, entry.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce import supervision
from zhengce.access.accounts import local
from zhengce.access.errors import Forbidden
from zhengce.db.tracking import AuditRow
from zhengce.web.auditnames import ACTION_NAMES, COMMON_FIELDS, ENTITY_FIELDS, ENTITY_LABELS, ENTITY_VALUES
from zhengce.web.twins import Loose, actor, csv_response, engine, twin

router = APIRouter()
CSV_FIELDS = ["id", "at", "user", "action", "action_name", "entity", "entity_id", "before", "after", "before_text",
              "after_text"]


class Audit(Loose):
    entries: list[dict[str, Any]] = Field(description="最近的写入（新的在前）：时间、用户、操作、对象、前后内容")


def audit_rows(request: Request, limit: int = 500) -> list[dict[str, Any]]:
    """The latest ``limit`` entries of the audit log, newest first; for the office only."""
    if not actor(request).office:
        raise Forbidden("审计日志仅督查室可见 / the audit log is for the supervision office")
    with Session(engine(request)) as session:
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)).all()
        return [entry(r) for r in rows]


def entry(r: AuditRow) -> dict[str, Any]:
    """One entry with its action, its kind of record, its fields and codes in Chinese."""
    fields, values = ENTITY_FIELDS.get(r.entity, COMMON_FIELDS), ENTITY_VALUES.get(r.entity)
    action = supervision.AUDIT_ACTIONS.get(r.action) or ACTION_NAMES.get(r.action, r.action)
    return {"id": r.id, "at": local(r.at).isoformat(timespec="seconds"), "user": r.username,
            "action": r.action, "action_name": action,
            "entity": r.entity, "entity_name": supervision.ENTITY_NAMES.get(r.entity) or ENTITY_LABELS.get(r.entity,
                                                                                                           r.entity),
            "entity_id": r.entity_id, "before": r.before, "after": r.after,
            "before_text": supervision.describe_change(r.before, fields, values),
            "after_text": supervision.describe_change(r.after, fields, values)}


@twin(router, "/audit", template="audit.html", model=Audit,
      summary="审计日志（督查室）：每一次写入的人、时间、对象、前后内容")
def audit(request: Request) -> dict[str, Any]:
    return {"entries": audit_rows(request)}


@router.get("/audit.csv", summary="审计日志（CSV）", response_class=Response)
def audit_csv(request: Request) -> Response:
    rows = [r | {k: json.dumps(r[k], ensure_ascii=False) for k in ("before", "after")}
            for r in audit_rows(request, limit=1_000_000)]
    return csv_response("audit.csv", CSV_FIELDS, rows)
