"""The leader's overview and the bulletin tell one story (trial 23): the overview listed every task as 滞后
while the bulletin listed none lit only by reports owed; the overview had no way to the published bulletin; the
bulletin's period picker offered the newest month on one period's page and hid it on another's."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from tests.web.test_web_supervision import World
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.db.tracking import AuditRow
from zhengce.supervision import bulletin


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def test_the_overview_lists_as_lagging_what_the_bulletin_lists(world: World) -> None:
    boss = world.client("boss")
    view = supervision.campaign_view(world.engine, CLI, world.cid)
    cycle = view["current_cycle"]["index"]
    listed = {t["number"] for t in bulletin.bulletin_data(world.engine, CLI, world.cid, cycle)["behind"]
              if not t["reports_only"]}
    lit = [t for t in view["tasks"] if t["light"] in {"red", "yellow"} and not t["archived"]]
    assert lit and len(listed) < len(lit)  # some tasks are lit only because reports are owed
    overview = boss.get(f"/api/campaign/{world.cid}/overview").json()
    assert {t["task_label"] for t in overview["lagging"]} == listed
    assert overview["lagging_total"] + overview["reports_only"] == len(lit)
    page = boss.get(f"/campaign/{world.cid}/overview").text
    assert f"另有 {overview['reports_only']} 项任务仅因报告未按时报送亮黄灯" in page
    # one behind on its own report is listed by both
    finance = world.client("finance")
    form = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["form"]
    finance.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report", json={
        "cycle": form["cycle"], "status": "behind", "percent": 10, "narrative": "资金未到位", "version": form["version"]},
        headers={"X-CSRF-Token": re.search(r'name="csrf" value="([^"]+)"', finance.get("/campaigns").text).group(1)})  # type: ignore[union-attr]
    again = boss.get(f"/api/campaign/{world.cid}/overview").json()
    label = next(t["task_label"] for t in view["tasks"] if t["id"] == world.finance_task)
    assert label in {t["task_label"] for t in again["lagging"]}
    assert label in {t["number"] for t in bulletin.bulletin_data(world.engine, CLI, world.cid, cycle)["behind"]
                     if not t["reports_only"]}


def test_the_overview_links_the_published_bulletins(world: World) -> None:
    boss = world.client("boss")
    assert "尚未发布通报" in boss.get(f"/campaign/{world.cid}/overview").text
    bulletin.publish(world.engine, CLI, world.cid, 2)
    shown = boss.get(f"/api/campaign/{world.cid}/overview").json()["bulletins"]
    assert [(b["cycle"], b["issue_no"]) for b in shown] == [(2, 1)]
    assert f'href="/campaign/{world.cid}/bulletin?cycle=2">第1期' in boss.get(f"/campaign/{world.cid}/overview").text


def test_the_bulletin_offers_the_same_periods_on_every_periods_page(world: World) -> None:
    bulletin.publish(world.engine, CLI, world.cid, 1)  # an issued bulletin (its stored copy) and drafts
    office = world.client("office")

    def picker(cycle: int) -> list[str]:
        page = office.get(f"/campaign/{world.cid}/bulletin?cycle={cycle}").text
        box = page.split('id="b-cycle"')[1].split("</select>")[0]
        return re.findall(r'<option value="(\d+)"', box)

    begun = [str(cy["index"]) for cy in supervision.campaign_view(world.engine, CLI, world.cid)["cycles"]
             if cy["start"] <= supervision.campaign_view(world.engine, CLI, world.cid)["today"]]
    assert picker(1) == picker(2) == picker(int(begun[-1])) == list(reversed(begun))


def test_a_periods_bulletin_counts_the_issue_steps_taken_by_its_end(world: World) -> None:
    with Session(world.engine) as session, session.begin():  # raised and assigned in October
        session.execute(update(AuditRow).where(AuditRow.entity == "issue", AuditRow.entity_id == world.issue)
                        .values(at=datetime(2026, 10, 15, 2, tzinfo=UTC)))
    version = supervision.issue_view(world.engine, CLI, world.issue)["issue"]["version"]
    version = supervision.issue_action(world.engine, CLI, world.issue, "resolve", version, "已清偿")
    supervision.issue_action(world.engine, CLI, world.issue, "close", version, "核实销号")  # in December
    later = supervision.raise_issue(world.engine, CLI, world.cid, "十二月登记的问题", "", world.finance_task, "",
                                    world.finance, deadline="2026-12-31")
    cycles = supervision.campaign_view(world.engine, CLI, world.cid)["cycles"]
    october = next(cy["index"] for cy in cycles if cy["start"] == "2026-10-01")
    shown = bulletin.bulletin_data(world.engine, CLI, world.cid, october)["issues"]
    assert [(i["id"], i["status_name"]) for i in shown["all"]] == [(world.issue, "已交办")]
    assert shown["by_status"]["已销号"] == 0 and shown["by_status"]["已交办"] == 1
    assert [u["closed"] for u in shown["by_unit"]] == [0]
    now = supervision.issues(world.engine, CLI, world.cid)["issues"]  # the ledger itself is as it is today
    assert {(i["id"], i["status_name"]) for i in now} == {(world.issue, "已销号"), (later, "已交办")}
