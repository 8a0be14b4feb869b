"""Every data clock as a department's duty (issue 19): reminded before it falls due, escalated when missed,
counted per department under clause 38 — on the dashboard and its JSON twin, for every role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.datagov.test_data import ROLES, World, entry
from zhengce.datagov import board, duties
from zhengce.datagov import catalog as datacatalog
from zhengce.datagov import requests as datarequests


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def by_kind(found: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {d["kind"]: d for d in found}


def test_objection_clocks_are_the_offices_and_the_departments(world: World) -> None:
    obj = datarequests.file(world.engine, world.actor("citizen"), "objection", world.insured, on=date(2024, 9, 27),
                            applicant="赵小青")
    got = [d for d in duties.duties(world.engine, date(2024, 9, 30)) if d["url"] == f"/data/request/{obj['id']}"]
    flag, decide = by_kind(got)["objection-flag"], by_kind(got)["objection-decision"]
    # flagging and deciding are the 主管部门's; due 09-29 (a make-up working day), missed on 09-30
    assert (flag["unit"], flag["due"], flag["state"], flag["level"]) == (duties.OFFICE, "2024-09-29", "overdue", 1)
    assert flag["item"] == "2" and decide["state"] == "running"
    datarequests.act(world.engine, world.actor("office"), obj["id"], "forward", on=date(2024, 9, 30))
    got = by_kind([d for d in duties.duties(world.engine, date(2024, 10, 11)) if d["url"].endswith(f"/{obj['id']}")])
    dept = got["objection-department"]
    # forwarded 09-30: the department (the provider) decides by 10-12; on 10-11 one working day is left
    assert (dept["unit"], dept["due"], dept["state"], dept["workdays_left"]) == ("青岚市人社局", "2024-10-12",
                                                                                 "due_soon", 1)
    assert got["objection-forward"]["state"] == "met"


def test_a_catalog_update_is_a_duty_met_by_the_next_edit(world: World) -> None:
    datacatalog.mark_change(world.engine, world.actor("hr"), world.insured, date(2024, 9, 27), "《社会保险法》修订")
    [update] = [d for d in duties.duties(world.engine, date(2024, 10, 24)) if d["kind"] == "catalog-update"]
    assert (update["due"], update["state"], update["unit"], update["item"]) == ("2024-10-23", "overdue",
                                                                                "青岚市人社局", "1")
    assert update["workdays_over"] == 1 and "社会保险法" in update["subject"]
    got = datacatalog.resource(world.engine, world.actor("hr"), world.insured)
    datacatalog.save(world.engine, world.actor("hr"), {k: got[k] for k in datacatalog.FIELDS} | {"items": got["items"]})
    [update] = [d for d in duties.duties(world.engine, date(2024, 10, 24)) if d["kind"] == "catalog-update"]
    assert update["done_on"] is not None and update["state"] in {"met", "late"}  # done today, whatever today is
    counted = duties.tally(world.engine, date(2024, 10, 1), date(2024, 10, 31), date(2024, 10, 24))
    assert counted[world.hr]["owed"] == 1


def test_narrowing_and_suspension_are_counted_under_clause_38(world: World) -> None:
    rid = datacatalog.save(world.engine, world.actor("health"), entry("QL-YB-040", "定点机构", ["机构名称", "地址"]))
    datacatalog.publish(world.engine, world.actor("office"), rid)
    got = datacatalog.resource(world.engine, world.actor("health"), rid)
    narrowed = {k: got[k] for k in datacatalog.FIELDS} | {"items": got["items"], "share_type": "有条件共享",
                                                          "share_condition": "仅限医保", "share_reason": "内部",
                                                          "share_basis": "《医疗保障基金使用监督管理条例》"}
    datacatalog.save(world.engine, world.actor("health"), narrowed)
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", on=date(2024, 9, 27))
    datarequests.act(world.engine, world.actor("hr"), r["id"], "grant", on=date(2024, 10, 8))
    grant = datarequests.request(world.engine, world.actor("civil"), r["id"])["grants"][0]["id"]
    datarequests.suspend(world.engine, world.actor("hr"), grant, "超出用途使用", on=date(2024, 10, 9))
    found = duties.findings(world.engine, date(2000, 1, 1), date(2100, 1, 1))
    assert {(f["unit"], f["item"]) for f in found} == {("青岚市医保局", "1"), ("青岚市民政局", "5")}
    # the share request answered 10-08, within its 10 working days: met, not counted (the narrowing is dated by
    # its audit row, i.e. today: the tally is taken later still)
    counted = duties.tally(world.engine, date(2000, 1, 1), date(2100, 1, 1), date(2100, 1, 1))
    assert counted[world.hr]["items"] == {} and counted[world.hr]["on_time"] == 1
    assert counted[world.civil]["items"] == {"5": 1} and counted[world.health]["items"] == {"1": 1}


def test_the_dashboard_lists_clocks_due_soon_and_overdue_with_all_nine_items(world: World) -> None:
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", on=date(2024, 9, 27))
    soon = board.dashboard(world.engine, world.actor("hr"), on=date(2024, 10, 14))
    assert [d["url"] for d in soon["clocks_due_soon"]] == [f"/data/request/{r['id']}"] and not soon["clocks_overdue"]
    late = board.dashboard(world.engine, world.actor("hr"), on=date(2024, 10, 24))
    [over] = late["clocks_overdue"]
    # 10-17 … 10-24: six working days overdue, one level up at once and one more after five days
    assert (over["workdays_over"], over["level_name"]) == (6, duties.LEVELS[2])
    assert [i["clause"] for i in late["items"]] == [f"第三十八条第（{n}）项" for n in "一二三四五六七八九"]
    assert {i["item"]: i["count"] for i in late["items"] if i["count"]} == {"8": 1}
    # another department sees none of it
    assert board.dashboard(world.engine, world.actor("health"), on=date(2024, 10, 24))["clocks_overdue"] == []


@pytest.mark.parametrize("who", ROLES)
def test_the_dashboard_page_and_twin_show_the_clocks_by_role(world: World, who: str | None) -> None:
    datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", on=date(2024, 9, 27))
    client = world.client(who)
    twin = client.get("/api/data/dashboard?on=2024-10-17")
    page = client.get("/data/dashboard?on=2024-10-17", follow_redirects=False)
    if who in {None, "citizen"}:
        assert twin.status_code == 401 and page.status_code in {303, 401}
        return
    assert twin.status_code == 200 and page.status_code == 200
    overdue = twin.json()["clocks_overdue"]
    # the provider's staff and the reviewers see the overdue clock; the requesting department has none of its own
    assert [d["due"] for d in overdue] == ([] if who == "civil" else ["2024-10-16"])
    assert ("已逾期的时限" in page.text) and (("2024-10-16" in page.text) == (who != "civil"))
