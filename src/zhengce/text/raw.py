"""What every reader hands on: the text of a file (:class:`RawText`), or one clear error (:class:`ReadError`)."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """A file that cannot be read; the message says why, in Chinese and English."""


@dataclass(slots=True)
class RawText:
    text: str
    format: str  # text | html | pdf | docx
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
