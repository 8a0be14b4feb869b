"""Answers of the public form kept at the person's request (「保存我的回答」), found again by a private code.

Nothing is kept unless the person asks. The code is random (about 96 bits) and shown once; only its
SHA-256 is stored, so the store alone cannot lead anyone to the answers. The person may delete them.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import now
from zhengce.access.errors import NotFound
from zhengce.db.eligtables import EligibilityKeptRow


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def keep(engine: Engine, facts: dict[str, str], skipped: list[str], on: str, code: str = "") -> str:
    """Store the answers (under ``code`` when it names kept answers, else under a new code); the code."""
    with Session(engine) as session:
        row = session.scalars(select(EligibilityKeptRow).where(EligibilityKeptRow.code_hash == _hash(code))).first() \
            if code and len(code) <= 64 else None
        if row is None:
            code = secrets.token_urlsafe(12)
            row = EligibilityKeptRow(code_hash=_hash(code), created_at=now())
            session.add(row)
        row.facts, row.skipped, row.on = dict(facts), list(skipped), on[:10]
        session.commit()
    return code


def _row(session: Session, code: str) -> EligibilityKeptRow:
    row = session.scalars(select(EligibilityKeptRow).where(EligibilityKeptRow.code_hash == _hash(code))).first()
    if row is None or len(code) > 64:
        raise NotFound("没有找到保存的回答：请核对查询码 / no answers kept under this code")
    return row


def recall(engine: Engine, code: str) -> dict[str, Any]:
    """The kept answers: facts, skipped questions and the date asked about."""
    with Session(engine) as session:
        row = _row(session, code)
        return {"facts": dict(row.facts), "skipped": list(row.skipped), "on": row.on}


def forget(engine: Engine, code: str) -> None:
    """Delete kept answers (the person's own request)."""
    with Session(engine) as session:
        session.delete(_row(session, code))
        session.commit()


__all__ = ["forget", "keep", "recall"]
