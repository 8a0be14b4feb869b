"""The one rule that gives a document's status on a day from its stored ends and its own dates, on any values
that order like days — dates (``zhengce.db.validity.status_key``) or day numbers (the tantivy index's fields,
``zhengce.db.tantivy_docs``, which ``validity`` writes to and so cannot import from).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

__all__ = ["status_rule"]


class _Ordered(Protocol):
    def __le__(self, other: Any, /) -> bool: ...
    def __lt__(self, other: Any, /) -> bool: ...


Day = TypeVar("Day", bound=_Ordered)


def status_rule(repealed: Day | None, lapsed: Day | None, confirmed: Day | None, effective: Day | None,
                expires: Day | None, day: Day) -> str:
    """valid | expired | repealed | pending | unknown on ``day``: the earliest ending event in force (a repeal
    on the day of a lapse comes first), then the document's own dates, then a confirmation when it has none."""
    is_repealed = repealed is not None and repealed <= day
    is_lapsed = lapsed is not None and lapsed <= day
    if is_repealed and (not is_lapsed or repealed <= lapsed):  # type: ignore[operator]
        return "repealed"
    if is_lapsed:
        return "expired"
    if effective is not None and day < effective:
        return "pending"
    if expires is not None and expires < day:
        return "expired"
    if effective is not None or expires is not None:
        return "valid"
    return "valid" if confirmed is not None and confirmed <= day else "unknown"
