"""Comments (批示, 意见) on tasks and issues: a leader's or the office's, or a reporter's on their own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, local, now
from zhengce.access.errors import Invalid
from zhengce.db.tracking import CommentRow, UserRow
from zhengce.supervision.permissions import visible_issue, visible_task

__all__ = ["comment", "comments_of"]


def comments_of(session: Session, entity: str, entity_id: int) -> list[dict[str, Any]]:
    """The comments on a task or an issue, oldest first, with their authors' names."""
    rows = session.execute(select(CommentRow, UserRow.display_name)
                           .outerjoin(UserRow, UserRow.id == CommentRow.user_id)
                           .where(CommentRow.entity == entity, CommentRow.entity_id == entity_id)
                           .order_by(CommentRow.id)).all()
    return [{"user": n, "text": x.text, "at": local(x.at).isoformat(timespec="minutes")} for x, n in rows]


def comment(engine: Engine, actor: Actor, entity: str, entity_id: int, text: str) -> int:
    """A leader's or the office's comment (批示) on a task or an issue; a reporter may comment on their own."""
    text = (text or "").strip()
    if not text:
        raise Invalid("意见不能为空 / an empty comment")
    with Session(engine) as session, session.begin():
        if entity == "task":
            visible_task(session, actor, entity_id)
        elif entity == "issue":
            visible_issue(session, actor, entity_id)
        else:
            raise Invalid("只能对任务或问题发表意见 / comments go on tasks or issues")
        row = CommentRow(entity=entity, entity_id=entity_id, user_id=actor.id, text=text[:5000], at=now())
        session.add(row)
        session.flush()
        audit(session, actor, "comment.add", entity, entity_id, None, {"comment": row.id, "text": row.text})
        return row.id
