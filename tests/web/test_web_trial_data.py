"""The 政务数据 pages as a new user met them (trial of 2026-12-01), against the real app: a refused form shown
again with what was typed and a Chinese reason; the concurrency token hidden; the dashboard's department
picked by name and named by its unit; grant states and masking methods in Chinese."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.datagov.test_data import World
from zhengce.datagov import requests as datarequests


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def token(client: TestClient, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)  # type: ignore[union-attr]


def selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    chosen = re.search(r'<option value="([^"]*)"[^>]* selected', select.group(1))
    return chosen.group(1) if chosen else None


def test_a_share_request_without_purpose_is_shown_again_with_what_was_typed(world: World) -> None:
    civil = world.client("civil")
    page = f"/data/resource/{world.insured}"
    got = civil.post("/data/requests", data={"csrf": token(civil, page), "resource_id": str(world.insured),
                                             "kind": "share", "purpose": "", "items": "姓名、参保状态"})
    assert got.status_code == 400
    assert "应写明使用用途" in got.text and "state the purpose" not in got.text
    assert 'value="姓名、参保状态"' in got.text and selected(got.text, "kind") == "share"
    assert "<h1>参保人员信息</h1>" in got.text  # the resource's own page, its request form below


def test_a_refusal_without_reason_keeps_the_choice_and_the_version_is_hidden(world: World) -> None:
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对低保对象参保情况",
                          ["姓名", "参保状态"], on=date(2024, 9, 27))
    hr = world.client("hr")
    page = hr.get(r["url"]).text
    assert re.search(r'<input type="hidden" name="version" value="\d+">', page) and ">版本</label>" not in page
    got = hr.post(f"{r['url']}/act", data={"csrf": token(hr, r["url"]), "action": "refuse", "reason": "",
                                           "version": str(r["version"]), "personal_allowed": "0"})
    assert got.status_code == 400 and "应说明理由" in got.text and "a refusal" not in got.text
    assert selected(got.text, "action") == "refuse"
    assert datarequests.request(world.engine, world.actor("hr"), r["id"])["status"] == "pending"


def test_the_dashboard_picks_a_department_by_name_and_names_the_applicant_unit(world: World) -> None:
    datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", ["姓名"], on=date(2024, 9, 27))
    office = world.client("office")
    board = office.get("/data/dashboard", params={"on": "2024-10-17"}).text
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', board))
    assert options.get(str(world.hr)) == "青岚市人社局" and options.get(str(world.civil)) == "青岚市民政局"
    chosen = office.get("/data/dashboard", params={"unit": str(world.hr), "on": "2024-10-17"}).text
    assert "政务数据看板：青岚市人社局" in chosen and selected(chosen, "unit") == str(world.hr)
    assert "（青岚市民政局）" in chosen and "（civil）" not in chosen  # the applicant's unit, not its username
    assert "<select" not in world.client("hr").get("/data/dashboard").text  # a department sees its own


def test_grants_and_masking_are_named_in_chinese(world: World) -> None:
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", ["姓名", "联系电话"],
                          on=date(2024, 9, 27))
    datarequests.act(world.engine, world.actor("hr"), r["id"], "grant", on=date(2024, 10, 8))
    page = world.client("civil").get(r["url"]).text
    grants = page[page.index("<h2>授权</h2>"):]
    assert "有效" in grants and "active" not in grants
    resource = world.client("civil").get(f"/data/resource/{world.insured}").text
    cells = re.findall(r"<td>([^<]*)</td>", resource)
    assert not {"name", "id", "mobile"} & set(cells) and "手机号（保留前3位和后4位）" in cells


def test_a_page_shows_the_chinese_half_even_without_a_space_before_the_slash() -> None:
    from zhengce.web.app import chinese_part

    assert chinese_part("应写明使用用途（第十八条）/ state the purpose") == "应写明使用用途（第十八条）"
    assert chinese_part("请选择单位 / which unit?") == "请选择单位"
