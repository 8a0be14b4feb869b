"""Accounts, roles, sessions and API tokens, and the audit log every write goes through.

Roles: ``office`` (督查室: configures campaigns, sees everything), ``leader`` (领导: reads
everything, comments), ``reporter`` (单位填报员: bound to one unit, sees and reports only that
unit's tasks and issues) and ``public`` (公众: published documents only). Passwords are hashed with
Argon2id; session and API tokens are random, and only their SHA-256 is stored. After
``MAX_FAILURES`` failed logins for one name (or ``MAX_IP_FAILURES`` from one address) within
``WINDOW``, logins are refused until the window has passed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.auditchain import chain
from zhengce.access.errors import Forbidden
from zhengce.db import UnitRow
from zhengce.db.tracking import AuditRow, LoginAttemptRow, SessionRow, TokenRow, UserRow

ROLES = {"office": "督查室", "leader": "领导", "reporter": "单位填报员", "public": "公众"}
SESSION_LIFETIME = timedelta(hours=12)
WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5
MAX_IP_FAILURES = 30
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


class NoSuchToken(AccountError):
    """A token id that is not one of the user's tokens."""


class Throttled(AccountError):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"登录失败次数过多，请 {max(1, seconds // 60)} 分钟后再试 / too many failed logins, try later")
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a signed-in user, a token's owner, the CLI, or the public."""

    id: int | None
    username: str
    display_name: str
    role: str
    unit_id: int | None = None
    unit_name: str | None = None
    csrf: str | None = None  # set for a browser session; API tokens need none
    must_change: bool = False  # still holds a one-time password: may only change it or sign out

    @property
    def office(self) -> bool:
        return self.role == "office"

    @property
    def reads_tracking(self) -> bool:
        return self.role in {"office", "leader", "reporter"}

    def to_dict(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name, "role": self.role,
                "role_name": ROLES.get(self.role, self.role), "unit_id": self.unit_id, "unit": self.unit_name,
                "must_change": self.must_change}


PUBLIC = Actor(None, "", "公众", "public")
CLI = Actor(None, "cli", "命令行", "office")


def require(actor: Actor, *roles: str) -> None:
    """:class:`Forbidden` unless the actor holds one of ``roles`` (the public is asked to sign in)."""
    if actor.role not in roles:
        if actor.role == "public":
            raise Forbidden("请先登录 / please sign in")
        raise Forbidden("无权进行此操作 / not allowed for your role")


CHINA = timezone(timedelta(hours=8), "北京时间")  # no daylight saving: a fixed offset is exact


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in China: due days and deadlines are Beijing dates, whatever the server's zone."""
    return datetime.now(CHINA).date()


def local(at: datetime) -> datetime:
    """A stored moment in Beijing time (SQLite gives back naive UTC)."""
    return aware(at).astimezone(CHINA)


def aware(at: datetime) -> datetime:
    """A stored moment with its zone: SQLite gives naive datetimes (UTC) back."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def audit(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    """Add one line to the audit log, in the caller's transaction (so it is written with the change),
    hash-chained to the line before it (:mod:`zhengce.access.auditchain`)."""
    chain(session, AuditRow(at=now(), user_id=actor.id, username=actor.username or "-", action=action,
                            entity=entity, entity_id=entity_id, before=before, after=after))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"未知角色 {role!r}，可选：{', '.join(ROLES)} / unknown role")


def _unit_id(session: Session, unit: int | str | None) -> int | None:
    if unit is None or unit == "":
        return None
    if isinstance(unit, int) or str(unit).isdigit():
        row = session.get(UnitRow, int(unit))
    else:
        rows = session.scalars(select(UnitRow).where(UnitRow.canonical == str(unit))).all()
        if len(rows) > 1:
            raise AccountError(f"单位 {unit} 在多个辖区都有，请用单位编号 / ambiguous unit name, give its id")
        row = rows[0] if rows else None
    if row is None:
        raise AccountError(f"找不到单位 {unit} / no such unit")
    return row.id


def _user_dict(row: UserRow) -> dict[str, Any]:
    return {"username": row.username, "display_name": row.display_name, "role": row.role, "unit_id": row.unit_id,
            "active": row.active}


def add_user(engine: Engine, username: str, role: str, unit: int | str | None = None, display_name: str = "",
             password: str | None = None, actor: Actor = CLI) -> tuple[int, str]:
    """Create an account; returns (id, password). Without a password a one-time one is made, to be changed
    at first login."""
    username = username.strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise AccountError("用户名须为 1–64 个字符且不含空白 / a user name of 1–64 characters without spaces")
    _check_role(role)
    if password is not None and len(password) < 8:
        raise AccountError("密码至少 8 个字符 / a password of at least 8 characters")
    with Session(engine) as session, session.begin():
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise AccountError(f"用户 {username} 已存在 / the user exists")
        unit_id = _unit_id(session, unit)
        if role == "reporter" and unit_id is None:
            raise AccountError("单位填报员须绑定一个单位（--unit）/ a reporter needs a unit")
        one_time = password is None
        secret = password or secrets.token_urlsafe(12)
        row = UserRow(username=username, display_name=display_name or username, role=role, unit_id=unit_id,
                      password_hash=_hasher.hash(secret), active=True, must_change=one_time, created_at=now())
        session.add(row)
        session.flush()
        audit(session, actor, "user.add", "user", row.id, None, _user_dict(row))
        return row.id, secret


def set_role(engine: Engine, username: str, role: str, unit: int | str | None = None, actor: Actor = CLI) -> None:
    _check_role(role)
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        before = _user_dict(row)
        unit_id = _unit_id(session, unit) if unit not in (None, "") else (row.unit_id if role == "reporter" else None)
        if role == "reporter" and unit_id is None:
            raise AccountError("单位填报员须绑定一个单位（--unit）/ a reporter needs a unit")
        row.role, row.unit_id = role, unit_id
        session.flush()
        audit(session, actor, "user.role", "user", row.id, before, _user_dict(row))


def set_password(engine: Engine, username: str, old: str | None, new: str, actor: Actor = CLI,
                 keep_session: str | None = None, one_time: bool = False) -> None:
    """Change a password. A user's own change (``old`` given and checked) ends every other session of
    theirs — all but ``keep_session``, the cookie token of the session making the change — and keeps
    their API tokens. A reset by the office or the CLI (``old`` None) ends every session and revokes
    every API token of the user, since whoever held the old password may hold those too. With
    ``one_time`` the new password must be changed at the next sign-in."""
    if len(new) < 8:
        raise AccountError("密码至少 8 个字符 / a password of at least 8 characters")
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        if old is not None and not _verify(row.password_hash, old):
            raise AccountError("原密码不正确 / the current password is wrong")
        row.password_hash, row.must_change = _hasher.hash(new), one_time
        session.flush()
        at = now()
        ended = 0
        for s in session.scalars(select(SessionRow).where(SessionRow.user_id == row.id)):
            if aware(s.expires_at) > at and (old is None or keep_session is None
                                              or s.token_hash != _digest(keep_session)):
                s.expires_at = at  # ended, kept for the record
                ended += 1
        revoked = []
        if old is None:
            for t in session.scalars(select(TokenRow).where(TokenRow.user_id == row.id, TokenRow.revoked_at.is_(None))):
                t.revoked_at = at
                revoked.append(t.id)
        audit(session, actor, "user.reset" if old is None else "user.password", "user", row.id, None,
              {"sessions_ended": ended, "tokens_revoked": revoked, "one_time": one_time})


def reset_password(engine: Engine, username: str, actor: Actor = CLI) -> str:
    """A new one-time password for a user (returned once): every session ends, every API token is revoked."""
    secret = secrets.token_urlsafe(12)
    set_password(engine, username, None, secret, actor, one_time=True)
    return secret


def set_active(engine: Engine, username: str, active: bool, actor: Actor = CLI) -> None:
    """Disable an account (its sessions and tokens stop working) or enable it again; nothing is deleted."""
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        before = _user_dict(row)
        row.active = active
        session.flush()
        audit(session, actor, "user.enable" if active else "user.disable", "user", row.id, before, _user_dict(row))


def list_users(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.execute(select(UserRow, UnitRow.canonical).outerjoin(UnitRow, UserRow.unit_id == UnitRow.id)
                               .order_by(UserRow.role, UserRow.username)).all()
        return [_user_dict(u) | {"role_name": ROLES.get(u.role, u.role), "unit": unit} for u, unit in rows]


def must_change(engine: Engine, username: str) -> bool:
    """True while a user still has the one-time password they were given."""
    with Session(engine) as session:
        return bool(session.scalar(select(UserRow.must_change).where(UserRow.username == username)))


def set_must_change(engine: Engine, username: str, value: bool) -> None:
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        row.must_change = value


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(engine: Engine, username: str, password: str, ip: str = "-") -> Actor | None:
    """The user for a name and password, or None; raises :class:`Throttled` after too many failures."""
    username = (username or "").strip()[:64]
    ip = (ip or "-")[:64]
    with Session(engine) as session, session.begin():
        since = now() - WINDOW
        by_name = session.scalar(select(func.count()).select_from(LoginAttemptRow).where(
            LoginAttemptRow.username == username, LoginAttemptRow.ok.is_(False), LoginAttemptRow.at >= since)) or 0
        by_ip = session.scalar(select(func.count()).select_from(LoginAttemptRow).where(
            LoginAttemptRow.ip == ip, LoginAttemptRow.ok.is_(False), LoginAttemptRow.at >= since)) or 0
        if by_name >= MAX_FAILURES or by_ip >= MAX_IP_FAILURES:
            first = session.scalar(select(func.min(LoginAttemptRow.at)).where(
                LoginAttemptRow.username == username if by_name >= MAX_FAILURES else LoginAttemptRow.ip == ip,
                LoginAttemptRow.ok.is_(False), LoginAttemptRow.at >= since))
            wait = int(((aware(first) if first else now()) + WINDOW - now()).total_seconds())
            raise Throttled(max(wait, 1))
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        ok = row is not None and row.active and _verify(row.password_hash, password or "")
        if row is None:
            _verify(_DUMMY, password or "")  # the same time whether or not the name exists
        session.add(LoginAttemptRow(username=username, ip=ip, at=now(), ok=ok))
        if not ok or row is None:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        return _actor(session, row)


_DUMMY = _hasher.hash("zhengce-timing-equaliser")


def _actor(session: Session, row: UserRow, csrf: str | None = None) -> Actor:
    unit = session.get(UnitRow, row.unit_id) if row.unit_id else None
    return Actor(row.id, row.username, row.display_name, row.role, row.unit_id, unit.canonical if unit else None, csrf,
                 bool(row.must_change))


def start_session(engine: Engine, actor: Actor) -> tuple[str, str]:
    """A new browser session for a signed-in user: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        session.add(SessionRow(token_hash=_digest(token), user_id=actor.id, csrf=csrf, created_at=now(),
                               expires_at=now() + SESSION_LIFETIME))
    return token, csrf


def session_actor(engine: Engine, token: str | None) -> Actor | None:
    """The user of a session cookie that is still valid, or None."""
    if not token or len(token) > 200:
        return None
    with Session(engine) as session:
        found = session.execute(select(SessionRow, UserRow).join(UserRow, SessionRow.user_id == UserRow.id)
                                .where(SessionRow.token_hash == _digest(token))).first()
        if found is None:
            return None
        row, user = found
        if aware(row.expires_at) < now() or not user.active:
            return None
        return _actor(session, user, row.csrf)


def end_session(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with Session(engine) as session, session.begin():
        row = session.scalar(select(SessionRow).where(SessionRow.token_hash == _digest(token)))
        if row is not None:
            row.expires_at = now()  # ended, kept for the record


def new_token(engine: Engine, username: str, name: str, actor: Actor = CLI) -> str:
    """An API token for a user (shown once; only its hash is kept)."""
    token = "zc_" + secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        user = session.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        row = TokenRow(token_hash=_digest(token), user_id=user.id, name=name[:100] or "token", created_at=now())
        session.add(row)
        session.flush()
        audit(session, actor, "token.add", "user", user.id, None, {"token": row.id, "name": row.name})
    return token


def token_actor(engine: Engine, token: str | None) -> Actor | None:
    if not token or len(token) > 200:
        return None
    with Session(engine) as session:
        found = session.execute(select(TokenRow, UserRow).join(UserRow, TokenRow.user_id == UserRow.id)
                                .where(TokenRow.token_hash == _digest(token), TokenRow.revoked_at.is_(None))).first()
        if found is None or not found[1].active:
            return None
        return _actor(session, found[1])


def _token_dict(row: TokenRow) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "created_at": local(row.created_at).isoformat(timespec="minutes"),
            "revoked_at": local(row.revoked_at).isoformat(timespec="minutes") if row.revoked_at else None,
            "active": row.revoked_at is None}


def list_tokens(engine: Engine, username: str) -> list[dict[str, Any]]:
    """A user's API tokens, newest first (names and dates; the tokens themselves are never kept)."""
    with Session(engine) as session:
        user = session.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        rows = session.scalars(select(TokenRow).where(TokenRow.user_id == user.id).order_by(TokenRow.id.desc()))
        return [_token_dict(r) for r in rows]


def revoke_token(engine: Engine, username: str, token_id: int, actor: Actor = CLI) -> dict[str, Any]:
    """Revoke one of a user's API tokens (``revoked_at`` is set; the row is kept). Revoking a revoked
    token changes nothing."""
    with Session(engine) as session, session.begin():
        user = session.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise AccountError(f"找不到用户 {username} / no such user")
        row = session.get(TokenRow, token_id) if 0 < token_id <= 2**63 - 1 else None
        if row is None or row.user_id != user.id:
            raise NoSuchToken(f"用户 {username} 没有编号为 {token_id} 的令牌 / no such token")
        if row.revoked_at is None:
            row.revoked_at = now()
            session.flush()
            audit(session, actor, "token.revoke", "user", user.id, None, {"token": row.id, "name": row.name})
        return _token_dict(row)
