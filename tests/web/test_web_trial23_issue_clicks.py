"""A double click on an issue's form, as trial 23's office met it: 交办 clicked twice answered a bare 409 page
(该记录已被他人修改, though nobody else had touched it) and 督办 clicked twice was recorded twice. The form now
carries a one-time token: the same form sent again is one step and lands on the issue page saying what was done;
a real conflict comes back as the issue's form with the reason, never a bare page."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_web_supervision import PASSWORD, World, csrf
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def form_of(client: Any, issue: int) -> dict[str, str]:
    page = client.get(f"/issue/{issue}").text
    return {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
            for name in ("csrf", "version", "once")}


def events(world: World, issue: int, kind: str) -> list[dict[str, Any]]:
    return [e for e in supervision.issue_view(world.engine, CLI, issue)["events"] if e["kind"] == kind]


def unit_raised(world: World) -> int:
    finance = accounts.authenticate(world.engine, "finance", PASSWORD)
    assert finance is not None
    return supervision.raise_issue(world.engine, finance, world.cid, "乡镇台账不一致", "", world.finance_task)


def test_assign_clicked_twice_lands_on_the_issue_saying_it_is_assigned(world: World) -> None:
    iid, office = unit_raised(world), world.client("office")
    sent = form_of(office, iid) | {"action": "assign", "unit": "县财政局", "deadline": "2030年6月30日"}
    first = office.post(f"/issue/{iid}/action", data=sent, follow_redirects=False)
    second = office.post(f"/issue/{iid}/action", data=sent, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    page = office.get(second.headers["location"])
    assert page.status_code == 200 and "已交办（重复提交，未再次记录）" in page.text and "<h1>乡镇台账不一致</h1>" in page.text
    assert "已交办。" in office.get(first.headers["location"]).text
    assert len(events(world, iid, "assign")) == 1


def test_chase_clicked_twice_is_recorded_once(world: World) -> None:
    office = world.client("office")
    sent = form_of(office, world.issue) | {"action": "chase", "note": "请本周内反馈整改进度"}
    for _ in range(2):
        assert office.post(f"/issue/{world.issue}/action", data=sent, follow_redirects=False).status_code == 303
    shown = office.get(f"/api/issue/{world.issue}").json()["events"]
    assert [e["note"] for e in shown if e["kind"] == "chase"] == ["请本周内反馈整改进度"]
    # a second 督办 from a page read again is a new step
    again = form_of(office, world.issue) | {"action": "chase", "note": "请本周内反馈整改进度"}
    assert office.post(f"/issue/{world.issue}/action", data=again, follow_redirects=False).status_code == 303
    assert len(events(world, world.issue, "chase")) == 2


def test_clicks_racing_each_other_are_one_step(world: World) -> None:
    office = world.client("office")
    sent = form_of(office, world.issue) | {"action": "chase", "note": "同时点了多次"}
    start = threading.Barrier(4)
    clients = [world.client("office") for _ in range(4)]

    def click(client: Any) -> Any:
        start.wait()
        return client.post(f"/api/issue/{world.issue}/action", json={
            "action": "chase", "note": sent["note"], "version": int(sent["version"]), "once": sent["once"]},
            headers={"X-CSRF-Token": csrf(client)})

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(click, clients))
    assert [a.status_code for a in answers] == [200] * 4
    assert sum(not a.json()["repeated"] for a in answers) == 1
    assert len(events(world, world.issue, "chase")) == 1


def test_a_real_conflict_comes_back_as_the_form_never_a_bare_page(world: World) -> None:
    office = world.client("office")
    stale = form_of(office, world.issue) | {"action": "chase", "note": "按原计划督办"}
    supervision.issue_action(world.engine, CLI, world.issue, "comment", None, "另一位同事的意见")
    refused = office.post(f"/issue/{world.issue}/action", data=stale)
    assert refused.status_code == 409 and "<h1>财政局的问题</h1>" in refused.text
    assert "已被他人修改" in refused.text and ">按原计划督办</textarea>" in refused.text
    assert "返回上一页" not in refused.text and not events(world, world.issue, "chase")


def test_the_api_without_a_token_recognises_its_own_step_sent_again(world: World) -> None:
    iid, office = unit_raised(world), world.client("office")
    version = office.get(f"/api/issue/{iid}").json()["issue"]["version"]
    body = {"action": "assign", "version": version, "unit": "县财政局", "deadline": "2030-06-30"}
    first = office.post(f"/api/issue/{iid}/action", json=body, headers={"X-CSRF-Token": csrf(office)})
    again = office.post(f"/api/issue/{iid}/action", json=body, headers={"X-CSRF-Token": csrf(office)})
    assert first.status_code == again.status_code == 200
    assert (first.json()["repeated"], again.json()["repeated"]) == (False, True)
    assert len(events(world, iid, "assign")) == 1


def test_a_unit_gives_its_view_and_a_leader_instructs(world: World) -> None:
    def offered(client: Any) -> str:
        page = client.get(f"/issue/{world.issue}").text
        return re.search(r'<option value="comment"[^>]*>([^<]+)</option>', page).group(1)  # type: ignore[union-attr]

    assert offered(world.client("finance")) == "意见/说明"
    assert offered(world.client("boss")) == "批示"
    assert offered(world.client("office")) == "意见"
    finance = accounts.authenticate(world.engine, "finance", PASSWORD)
    assert finance is not None
    supervision.issue_action(world.engine, finance, world.issue, "comment", None, "已安排专人核实")
    shown = world.client("office").get(f"/issue/{world.issue}").text
    assert "<strong>意见/说明</strong>" in shown and "批示" not in shown.split("办理经过")[1].split("<h2")[0]


def test_raising_an_issue_clicked_twice_raises_one(world: World) -> None:
    office = world.client("office")
    page = office.get(f"/campaign/{world.cid}/issues").text
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    sent = {"csrf": csrf(office), "once": once, "title": "园区道路未硬化", "task_id": str(world.finance_task)}
    first = office.post(f"/campaign/{world.cid}/issues", data=sent, follow_redirects=False)
    second = office.post(f"/campaign/{world.cid}/issues", data=sent, follow_redirects=False)
    assert first.status_code == second.status_code == 303 and first.headers["location"] == second.headers["location"]
    start = threading.Barrier(4)
    clients = [world.client("office") for _ in range(4)]
    token = re.search(r'name="once" value="([^"]+)"',  # type: ignore[union-attr]
                      office.get(f"/campaign/{world.cid}/issues").text).group(1)

    def click(client: Any) -> Any:
        start.wait()
        return client.post(f"/api/campaign/{world.cid}/issues", json={"title": "同时登记", "once": token},
                           headers={"X-CSRF-Token": csrf(client)})

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(click, clients))
    assert [a.status_code for a in answers] == [200] * 4 and len({a.json()["id"] for a in answers}) == 1
    titles = [i["title"] for i in supervision.issues(world.engine, CLI, world.cid)["issues"]]
    assert titles.count("园区道路未硬化") == 1 and titles.count("同时登记") == 1
