"""The errors a refused action raises, shared by supervision and data governance (政务数据).

Each message is for the user, in Chinese and English (``中文 / English``); the web app turns them into
403, 404, 409 and 400 answers (and the message beside the form field at fault).
"""

from __future__ import annotations

__all__ = ["Conflict", "Forbidden", "Invalid", "NotFound", "SupervisionError"]


class SupervisionError(Exception):
    """Base of the errors below; the message is for the user, in Chinese and English."""


class Forbidden(SupervisionError):
    pass


class NotFound(SupervisionError):
    pass


class Conflict(SupervisionError):
    pass


class Invalid(SupervisionError):
    """Refused input; ``field`` names the form field at fault (the page shows the message beside it)."""

    def __init__(self, message: str, field: str | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})
        if field:
            self.fields.setdefault(field, message)
