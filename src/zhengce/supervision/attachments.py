"""Files attached to reports: at most 10 MB, PDF, Office, images or UTF-8 text whose content matches
its name; names cleaned of characters that could disguise them; seen by whoever sees the report.

Files sent with a report that was not saved (an error in another field, a conflict) are held under no
report (:func:`hold_attachments`), seen by nobody, until the same user's next try claims them
(:func:`claim_held`): the form need not ask for them again."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now
from zhengce.access.errors import Forbidden, Invalid, NotFound
from zhengce.db.tracking import AttachmentRow, ReportRow
from zhengce.supervision.permissions import visible_task
from zhengce.supervision.records import get_row

__all__ = ["ATTACHMENT_TYPES", "HELD_DAYS", "MAX_ATTACHMENT", "add_attachment", "attachment", "check_attachment",
           "claim_held", "clean_name", "held_files", "hold_attachments"]

MAX_ATTACHMENT = 10 * 1024 * 1024
HELD_DAYS = 3  # a refused report's files are kept this long for the next try
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    ".doc": ("application/msword", [b"\xd0\xcf\x11\xe0"]),
    ".xls": ("application/vnd.ms-excel", [b"\xd0\xcf\x11\xe0"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".txt": ("text/plain; charset=utf-8", []),
}


def clean_name(filename: str | None) -> str:
    """A file name as it may be stored and shown: its last path part, without control or format
    characters — bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks and
    zero-width characters — that could make ``evil\u202egpj.exe`` read as ``evilexe.jpg``."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    return name.strip()[:200]


def check_attachment(filename: str, data: bytes) -> tuple[str, str]:
    """(clean file name, content type) of an acceptable attachment, else :class:`Invalid`: at most 10 MB,
    PDF, Office, images or UTF-8 text, the content matching the name."""
    name = clean_name(filename)
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise Invalid("附件类型不支持（可用 PDF、Word、Excel、图片、文本）/ file type not accepted", "file")
    if not data:
        raise Invalid("附件为空 / the file is empty", "file")
    if len(data) > MAX_ATTACHMENT:
        raise Invalid("附件超过 10 MB / the file is larger than 10 MB", "file")
    ctype, magics = ATTACHMENT_TYPES[ext]
    if magics and not any(data.startswith(m) for m in magics):
        raise Invalid("附件内容与扩展名不符 / the file's content does not match its name", "file")
    if not magics:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Invalid("文本附件须为 UTF-8 编码 / a text file must be UTF-8", "file") from e
    return name, ctype


def add_attachment(engine: Engine, actor: Actor, report_id: int, filename: str, data: bytes) -> int:
    """Attach a file to a report (see :func:`check_attachment`); the same file (name and content) sent
    again — a form sent twice — is the attachment already there."""
    name, ctype = check_attachment(filename, data)
    with Session(engine) as session, session.begin():
        report = get_row(session, ReportRow, report_id, "报告")
        visible_task(session, actor, report.campaign_task_id)
        if actor.role == "leader" or (actor.role == "reporter" and report.unit_id != actor.unit_id):
            raise Forbidden("只能为本单位的报告上传附件 / your own unit's reports only")
        digest = hashlib.sha256(data).hexdigest()
        same = session.scalar(select(AttachmentRow.id).where(
            AttachmentRow.report_id == report.id, AttachmentRow.archived.is_(False), AttachmentRow.filename == name,
            AttachmentRow.sha256 == digest).limit(1))
        if same is not None:
            return int(same)
        row = AttachmentRow(report_id=report.id, filename=name, content_type=ctype, size=len(data),
                            sha256=digest, data=data, uploaded_by=actor.id,
                            uploaded_at=now())
        session.add(row)
        session.flush()
        audit(session, actor, "attachment.add", "report", report.id, None,
              {"attachment": row.id, "filename": name, "size": len(data), "sha256": row.sha256})
        return row.id


def attachment(engine: Engine, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    """(file name, content type, content) of an attachment the actor may see."""
    with Session(engine) as session:
        row = get_row(session, AttachmentRow, attachment_id, "附件")
        if row.archived or row.report_id is None:
            raise NotFound("附件不存在 / not found")
        report = get_row(session, ReportRow, row.report_id, "报告")
        _, _, role = visible_task(session, actor, report.campaign_task_id)
        if actor.role == "reporter" and report.unit_id != actor.unit_id and role != "lead":
            raise NotFound("附件不存在 / not found")
        return row.filename, row.content_type, row.data


def hold_attachments(engine: Engine, actor: Actor, files: list[tuple[str, bytes]]) -> list[dict[str, object]]:
    """Keep the files of a report that was not saved for the user's next try (checked, under no report). The
    user's files held longer than :data:`HELD_DAYS` and never claimed (a refused form abandoned) go then."""
    out: list[dict[str, object]] = []
    if actor.id is None:
        return out
    with Session(engine) as session, session.begin():
        stale = now() - timedelta(days=HELD_DAYS)
        for old in _held_rows(session, actor, None):
            if _aware(old.uploaded_at) < stale:
                session.delete(old)
        for filename, data in files:
            name, ctype = check_attachment(filename, data)
            row = AttachmentRow(report_id=None, filename=name, content_type=ctype, size=len(data),
                                sha256=hashlib.sha256(data).hexdigest(), data=data, uploaded_by=actor.id,
                                uploaded_at=now())
            session.add(row)
            session.flush()
            out.append({"id": row.id, "filename": name, "size": len(data)})
    return out


def _aware(at: datetime) -> datetime:
    """A stored time as an aware one (SQLite gives it back without its zone, which is UTC)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _held_rows(session: Session, actor: Actor, ids: list[int] | None) -> list[AttachmentRow]:
    """The user's held files among ``ids`` (at most 50), or all of them when ``ids`` is None."""
    if actor.id is None or ids == []:
        return []
    among = [] if ids is None else [AttachmentRow.id.in_(ids[:50])]
    return list(session.scalars(select(AttachmentRow).where(
        *among, AttachmentRow.uploaded_by == actor.id, AttachmentRow.report_id.is_(None),
        AttachmentRow.issue_id.is_(None), AttachmentRow.archived.is_(False),
        # only files a report may carry: an issued bulletin's frozen copy is also under no report
        AttachmentRow.content_type.in_(sorted({t for t, _ in ATTACHMENT_TYPES.values()}))).order_by(AttachmentRow.id)))


def held_files(engine: Engine, actor: Actor, ids: list[int]) -> list[dict[str, object]]:
    """The user's own held files among ``ids`` (anyone else's are ignored)."""
    with Session(engine) as session:
        return [{"id": a.id, "filename": a.filename, "size": a.size} for a in _held_rows(session, actor, ids)]


def claim_held(engine: Engine, actor: Actor, report_id: int, ids: list[int]) -> list[int]:
    """Attach the user's held files among ``ids`` to the report saved at last; returns the attachments."""
    with Session(engine) as session:
        rows = [(a.id, a.filename, a.data) for a in _held_rows(session, actor, ids)]
    made = [add_attachment(engine, actor, report_id, name, data) for _, name, data in rows]
    with Session(engine) as session, session.begin():
        for a in _held_rows(session, actor, [i for i, _, _ in rows]):
            session.delete(a)  # claimed: its copy is on the report
    return made
