"""Who may do what: accounts, roles, sessions, tokens, the audit log (hash-chained), and the errors a
refused action raises.

Modules: ``errors`` (SupervisionError, Forbidden, NotFound, Conflict, Invalid), ``auditchain`` (the
audit log's chain), ``accounts`` (Actor, roles, sign-in, sessions, tokens, :func:`require`, :func:`audit`).
"""

from __future__ import annotations

from zhengce.access.accounts import (
    CLI,
    PUBLIC,
    ROLES,
    AccountError,
    Actor,
    NoSuchToken,
    Throttled,
    audit,
    aware,
    local,
    now,
    require,
    today,
)
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound, SupervisionError

__all__ = [
    "CLI", "PUBLIC", "ROLES", "AccountError", "Actor", "Conflict", "Forbidden", "Invalid", "NoSuchToken", "NotFound",
    "SupervisionError", "Throttled", "audit", "aware", "local", "now", "require", "today",
]
