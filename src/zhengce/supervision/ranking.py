"""One rule for when and how units are ranked, used by the scores page, the leaders' overview and the bulletin.

A cycle is ranked once its due day (报送截止日) has passed — before it the reports still to come are not
missing, so every page says 暂不排名 instead of listing everyone at 0. Units with equal totals share a
rank and are shown as tied (并列). Praise (得分前列) names only units that scored above 0 and above
someone else: when every unit has the same total, nobody is singled out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor
from zhengce.access.accounts import today as today_cn
from zhengce.calendar.cycles import Cycle
from zhengce.supervision import scoring
from zhengce.supervision.permissions import visible_campaign
from zhengce.supervision.records import campaign_cycles
from zhengce.supervision.scoring import not_ranked_yet

__all__ = ["PRAISED_RANKS", "last_ranked", "latest_ranking", "not_ranked_yet", "praise", "rank_text"]

PRAISED_RANKS = 3  # the ranks named as 得分前列 (ties at the last one included)
SHOWN = 10


def last_ranked(cycles: list[Cycle], today: date) -> Cycle | None:
    """The last cycle whose due day has passed: the latest that can be ranked."""
    return next((cy for cy in reversed(cycles) if cy.due < today), None)


def rank_text(row: dict[str, Any]) -> str:
    """A rank as read: "3", or "并列3" when another unit has the same total; "—" when not ranked."""
    if row.get("rank") is None:
        return "—"
    return f"并列{row['rank']}" if row.get("tied") else str(row["rank"])


def praise(ranked: list[dict[str, Any]]) -> str:
    """The sentence of the bulletin that names the units at the top, or says why it names none."""
    if not ranked:
        return "本期暂无参与排名的单位。"
    totals = {r["total"] for r in ranked}
    if len(totals) == 1:
        (total,) = totals
        return f"参与排名的{len(ranked)}家单位得分相同（均为{total}分），本期不列得分前列。"
    top = [r for r in ranked if r["rank"] <= PRAISED_RANKS and float(r["total"]) > 0]
    if not top:
        return "本期各单位得分均未超过0分，不列得分前列。"
    named = "、".join(f"{r['unit']}（{'并列' if r.get('tied') else ''}第{r['rank']}名，{r['total']}分）"
                     for r in top[:SHOWN])
    more = f"等{len(top)}家单位" if len(top) > SHOWN else ""
    return f"本期得分前列的单位：{named}{more}。"


def latest_ranking(engine: Engine, actor: Actor, campaign_id: int, today: date | None = None) -> dict[str, Any]:
    """The ranking of the last cycle whose due day has passed (the leaders' overview), and what the cycle
    after it — due, not yet past — says instead of a ranking."""
    today = today or today_cn()
    with Session(engine) as session:
        cycles = campaign_cycles(visible_campaign(session, actor, campaign_id))
    done = last_ranked(cycles, today)
    waiting = next((cy for cy in cycles if cy.due >= today and cy.start <= today
                    and (done is None or cy.index > done.index)), None)
    got = scoring.scores(engine, actor, campaign_id, cycle=done.index, today=today) if done else None
    return {"scope": got["scope"] if got else "", "cycle": done.index if done else None,
            "ranked": got["ranked"] if got else [],
            "pending": not_ranked_yet(waiting, today) if waiting else ""}
