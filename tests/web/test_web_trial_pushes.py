"""What a new user met on the office's 政策找人 pages (trial of 2026-12-01), against the real app: a contact
(name, phone) kept with each profile and shown to the office and the granting unit only; erasing a profile
asks first, says it was done and withdraws its open pushes; a push's day is the day it was made; the outcome
select starts at the row's outcome; open questions in Chinese."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.test_web_eligibility_office import ON, Office, bearer, reporter
from tests.web.test_web_supervision import csrf, login
from zhengce.access.accounts import CLI
from zhengce.eligibility import load_rules
from zhengce.eligibility.pushing import push, unclaimed

# two buyers of new homes in 永州 with a contact, one enterprise (its 统一社会信用代码 is public) with none
SHEET = ("id,姓名,联系电话,kind,county,township,purchase_date,home_type,deed_tax_paid,children\n"
         "430102199001011234,张晓梅,13907461234,person,冷水滩区,梅湾街道,2024-08-15,new_residential,12000,2\n"
         "430102198502022345,李国强,13807462345,person,零陵区,朝阳街道,2024-09-01,new_residential,,3\n"  # 契税 unknown
         "91431100MA4L000001,,,enterprise,冷水滩区,梅湾街道,,,,\n")
ZHANG = "430102199001011234"


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> Office:  # type: ignore[no-untyped-def]
    return prebuilt(Office, tmp_path)


def keep(client: TestClient, world: Office) -> dict[str, object]:
    files = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    got = client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office))
    assert got.status_code == 200, got.text
    return got.json()


def test_a_profile_keeps_its_contact_for_the_office_and_the_granting_unit(world: Office) -> None:
    client = TestClient(world.app)
    report = keep(client, world)
    assert report["added"] == 3 and not {"姓名", "联系电话"} & set(report["ignored_columns"])
    mine = {p["ref"]: p for p in client.get("/api/eligibility/profiles", headers=bearer(world.office)).json()["profiles"]}
    assert (mine[ZHANG]["name"], mine[ZHANG]["phone"]) == ("张晓梅", "13907461234")
    page = client.get("/eligibility/profiles", headers=bearer(world.office)).text
    assert "张晓梅" in page and "13907461234" in page and "phone（联系电话）" in page  # the columns are named
    push(world.engine, CLI, date.fromisoformat(ON), load_rules(), today=date(2024, 10, 8))
    finance = reporter(world, "caizheng", "市财政局")
    seen = {p["profile"]: p for p in client.get("/api/eligibility/pushes", headers=finance).json()["pushes"]}
    assert (seen[ZHANG]["name"], seen[ZHANG]["phone"]) == ("张晓梅", "13907461234")
    assert "李国强" in client.get("/eligibility/pushes", headers=finance).text
    boss = TestClient(world.app)
    login(boss, "boss")
    assert boss.get("/eligibility/pushes").status_code == 403 and boss.get("/eligibility/profiles").status_code == 403


def test_erasing_a_profile_asks_first_and_withdraws_its_open_pushes(world: Office) -> None:
    client = TestClient(world.app)
    keep(client, world)
    push(world.engine, CLI, date.fromisoformat(ON), load_rules(), today=date(2024, 10, 8))
    before = unclaimed(world.engine, date(2024, 10, 22))  # past every due day: all open pushes overdue
    office = bearer(world.office)
    zhang = next(p for p in client.get("/api/eligibility/profiles", headers=office).json()["profiles"]
                 if p["ref"] == ZHANG)
    his = [p for p in client.get("/api/eligibility/pushes", headers=office).json()["pushes"] if p["profile"] == ZHANG]
    assert his and all(p["status"] == "open" for p in his)
    fits = sum(1 for p in his if p["answer"] == "符合")

    browser = TestClient(world.app)
    login(browser, "office")
    token = csrf(browser, "/eligibility/profiles")
    asked = browser.post(f"/eligibility/profiles/{zhang['id']}/erase", data={"csrf": token})
    assert asked.status_code == 200 and "确认删除" in asked.text and "张晓梅" in asked.text
    assert ZHANG in [p["ref"] for p in client.get("/api/eligibility/profiles", headers=office).json()["profiles"]]
    done = browser.post(f"/eligibility/profiles/{zhang['id']}/erase", data={"csrf": token, "confirm": "1"})
    assert done.status_code == 200 and "已删除画像的个人信息" in done.text and f"撤回未办结的推送任务 {len(his)} 条" in done.text

    pushes = client.get("/api/eligibility/pushes", headers=office).json()["pushes"]
    assert not any(ZHANG in str(p) or "张晓梅" in str(p) for p in pushes)  # a person's id is personal too
    gone = [p for p in pushes if p["profile_id"] == zhang["id"]]
    assert len(gone) == len(his) and all(p["status_name"].startswith("已撤回") and not p["actionable"] for p in gone)
    answered = client.post(f"/api/eligibility/pushes/{gone[0]['id']}", json={"outcome": "granted"}, headers=office)
    assert answered.status_code == 409
    after = unclaimed(world.engine, date(2024, 10, 22))
    assert fits and after["unclaimed"] == before["unclaimed"] - fits and after["overdue"] == before["overdue"] - len(his)
    listing = browser.get("/eligibility/pushes").text
    row = next(r for r in listing.split("<tr>") if "已撤回" in r)
    assert 'name="outcome"' not in row  # nothing left to record


def test_an_enterprise_keeps_its_public_id_when_erased(world: Office) -> None:
    client = TestClient(world.app)
    keep(client, world)
    office = bearer(world.office)
    firm = next(p for p in client.get("/api/eligibility/profiles", headers=office).json()["profiles"]
                if p["kind"] == "enterprise")
    got = client.post(f"/api/eligibility/profiles/{firm['id']}/erase", headers=office)
    assert got.status_code == 200 and got.json()["ref"] == firm["ref"]
    person = next(p for p in client.get("/api/eligibility/profiles", headers=office).json()["profiles"]
                  if p["kind"] == "person")
    assert client.post(f"/api/eligibility/profiles/{person['id']}/erase", headers=office).json()["ref"] != person["ref"]


def test_a_push_is_dated_the_day_it_was_made_and_its_outcome_select_keeps_the_outcome(world: Office) -> None:
    client = TestClient(world.app)
    keep(client, world)
    got = push(world.engine, CLI, date.fromisoformat(ON), load_rules(), today=date(2024, 10, 8))
    office = bearer(world.office)
    pushes = client.get("/api/eligibility/pushes", headers=office).json()["pushes"]
    assert {p["pushed_on"] for p in pushes} == {"2024-10-08"} and {p["due"] for p in pushes} == {got["due"]}
    first = pushes[0]
    assert client.post(f"/api/eligibility/pushes/{first['id']}", json={"outcome": "not_reached"},
                       headers=office).status_code == 200
    browser = TestClient(world.app)
    login(browser, "office")
    page = browser.get("/eligibility/pushes").text
    assert "推送 2024-10-08" in page
    rows = [r for r in page.split("<tr>") if 'name="outcome"' in r]
    chosen = [re.search(r'<option value="(\w*)"[^>]* selected', r).group(1) for r in rows]  # type: ignore[union-attr]
    assert chosen.count("not_reached") == 1 and chosen.count("") == len(rows) - 1  # the others: 请选择
    keys = {q for p in pushes for q in p["questions"]}
    assert "deed_tax_paid" in keys  # 李国强's 契税 is not known
    assert "已缴清的契税是多少元" in page and not any(k in page for k in keys)  # asked in Chinese, not by key
