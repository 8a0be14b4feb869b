"""The data-resource clocks in a campaign's pages through the real app: the office weighs them in the rules,
then the scores, a unit's digest and the bulletin show them — each route tried by every role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.web.test_web_supervision import World, csrf
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.datagov import catalog, requests

FILED = date(2026, 3, 2)  # a Monday: 10 working days → due 2026-03-16, long past when the tests run
YEAR = {"year": 2026}


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    world = prebuilt(World, tmp_path)
    justice = accounts.authenticate(world.engine, "justice", "correct horse 1")
    finance = accounts.authenticate(world.engine, "finance", "correct horse 1")
    assert justice is not None and finance is not None
    rid = catalog.save(world.engine, justice, {
        "kind": "部门", "name": "行政执法检查记录", "code": "DH-SF-9", "share_type": "有条件共享",
        "share_condition": "仅限监管", "share_reason": "含企业信息", "share_basis": "《行政处罚法》第四十八条",
        "open_type": "不予开放", "open_reason": "执法信息", "open_basis": "《政府信息公开条例》第十四条",
        "items": [{"name": "企业名称"}, {"name": "检查结果"}]})
    catalog.publish(world.engine, CLI, rid, FILED)
    requests.file(world.engine, finance, "share", rid, "核对涉企检查", on=FILED)
    return world


def weigh(world: World, weight: str) -> int:
    office = world.client("office")
    version = office.get(f"/api/campaign/{world.cid}").json()["campaign"]["version"]
    return office.post(f"/campaign/{world.cid}/settings", data={
        "csrf": csrf(office), "version": version, "weight_reports": "50", "weight_tasks": "30", "weight_issues": "20",
        "weight_data": weight, "escalation": "责任单位\n督查室\n分管领导"}, follow_redirects=False).status_code


@pytest.mark.parametrize("who", ["office", "boss", "finance", "justice", None])
def test_scores_show_the_data_rate_once_the_office_weighs_it(world: World, who: str | None) -> None:
    client = world.client(who)
    before = client.get(f"/api/campaign/{world.cid}/scores", params=YEAR)
    if who is None:
        assert before.status_code == 401
        assert weigh(world, "20") == 303
        assert client.get(f"/api/campaign/{world.cid}/scores", params=YEAR).status_code == 401
        return
    assert all(r["counts"]["data_owed"] == 0 for r in before.json()["rows"])
    assert "数据时限按时率×" not in client.get(f"/campaign/{world.cid}/scores", params=YEAR).text
    assert weigh(world, "20") == 303
    rows = {r["unit"]: r for r in client.get(f"/api/campaign/{world.cid}/scores", params=YEAR).json()["rows"]}
    justice = rows["县司法局"]
    assert (justice["counts"]["data_owed"], justice["counts"]["data_missed"], justice["percents"]["data"]) == (
        1, 1, "0.0")
    assert justice["data_items"] == {"8": 1}
    page = client.get(f"/campaign/{world.cid}/scores", params=YEAR).text
    assert "数据时限按时率×20" in page and "第（八）项 1 次" in page


def test_only_the_office_sets_the_weight(world: World) -> None:
    for who in ("boss", "justice"):
        client = world.client(who)
        refused = client.post(f"/campaign/{world.cid}/settings", data={
            "csrf": csrf(client), "weight_data": "50"}, follow_redirects=False)
        assert refused.status_code == 403
    world.client().post(f"/campaign/{world.cid}/settings", data={"weight_data": "50"}, follow_redirects=False)
    weights = world.client("office").get(f"/api/campaign/{world.cid}/scores", params=YEAR).json()["weights"]
    assert weights["data"] == "0"


def test_the_digest_and_bulletin_pages_show_the_data_clocks(world: World) -> None:
    assert weigh(world, "10") == 303
    justice = world.client("justice")
    digest = justice.get(f"/api/campaign/{world.cid}/digest").json()
    [clock] = digest["data"]
    assert (clock["due"], clock["state"], clock["clause"]) == ("2026-03-16", "overdue", "第十八条第（二）项")
    assert clock["level_name"] == "分管领导" and clock["workdays_over"] > 5  # one level up, one more after 5 days
    page = justice.get(f"/campaign/{world.cid}/digest").text
    assert "政务数据办理时限" in page and "2026-03-16" in page
    # the requesting unit owes nothing of it
    assert world.client("finance").get(f"/api/campaign/{world.cid}/digest").json()["data"] == []
    office = world.client("office")
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 2}).json()
    # 2026-03-16 falls in March 2026; the bulletin of cycle 2 (2025年3月) has nothing of it
    assert twin["data_clocks"]["owed"] == 0
    cycles = office.get(f"/api/campaign/{world.cid}").json()["cycles"]
    march = next(c["index"] for c in cycles if c["label"] == "2026年3月")
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": march}).json()
    assert [(u["unit"], u["missed"]) for u in twin["data_clocks"]["units"]] == [("县司法局", 1)]
    page = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": march}).text
    assert "政务数据共享开放时限" in page and "逾期的政务数据办理时限" in page
    assert world.client("finance").get(f"/campaign/{world.cid}/bulletin", params={"cycle": march}).status_code == 403
