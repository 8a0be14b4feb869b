"""A campaign's settings: the defaults, and what the office changed (``CampaignRow.settings``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhengce.db.tracking import CampaignRow

__all__ = ["DEFAULT_SETTINGS", "campaign_settings", "weighs"]

DEFAULT_SETTINGS: dict[str, Any] = {
    # 亮灯: yellow when a deadline is this many working days away and the task is not done, or when the
    # reported percent trails the time elapsed by more than behind_gap points; red once overdue
    "lights": {"yellow_workdays": 5, "behind_gap": 20},
    # the weights of the rates a unit's score is made of (see :mod:`zhengce.supervision.scoring`); data: the
    # data-resource clocks, push: the pushes of 政策找人 (政策兑现及时率), each counted only when above 0
    "weights": {"reports": 50, "tasks": 30, "issues": 20, "data": 0, "push": 0},
    "escalation": ["责任单位", "牵头单位", "专班办公室", "分管领导"],
}


def campaign_settings(c: CampaignRow) -> dict[str, Any]:
    """The defaults with the campaign's own settings laid over them (a dict setting merged key by key)."""
    merged = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in DEFAULT_SETTINGS.items()}
    for k, v in (c.settings or {}).items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k].update(v)
        else:
            merged[k] = v
    return merged


def weighs(c: CampaignRow, rate: str) -> bool:
    """Whether the campaign counts a rate that is off by default (``data``, ``push``): its weight is above 0."""
    try:
        return Decimal(str(campaign_settings(c).get("weights", {}).get(rate, 0))) > 0
    except ArithmeticError:
        return False
