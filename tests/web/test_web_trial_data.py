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
    typed = office.get("/data/dashboard", params={"unit": str(world.hr), "on": "2024年10月17日"}).text
    assert typed == chosen  # the day typed as people write it shows the same board
    wrong = office.get("/data/dashboard", params={"on": "2024年10月32日"})
    assert wrong.status_code == 400 and "没有这一天" in wrong.text


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


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found is not None, name
    return found.group(1)


def test_a_catalog_entry_without_a_name_is_shown_again_with_what_was_typed(world: World) -> None:
    hr = world.client("hr")
    typed = {"kind": "基础", "code": "QL-HR-009", "name": "", "summary": "失业保险金领取人员的登记信息",
             "share_type": "conditional", "share_reason": "含个人信息", "items": "姓名|字符型|是|否|name\n领取月数"}
    got = hr.post("/data/resources", data={"csrf": token(hr, "/data"), **typed})
    assert got.status_code == 400
    assert "资源名称和资源代码必填" in got.text and "name and code are required" not in got.text
    assert 'value="QL-HR-009"' in got.text and 'value="含个人信息"' in got.text
    assert textarea(got.text, "summary") == typed["summary"] and textarea(got.text, "items") == typed["items"]
    assert selected(got.text, "kind") == "基础" and selected(got.text, "share_type") == "conditional"
    assert "<h1>政务数据目录</h1>" in got.text  # the catalog's page, its entry form below
    assert "QL-HR-009" not in hr.get("/data").text  # nothing was saved


def test_a_published_entry_made_conditional_without_its_basis_keeps_what_was_typed(world: World) -> None:
    hr = world.client("hr")
    got = hr.post("/data/resources", data={
        "csrf": token(hr, "/data"), "kind": "部门", "code": "QL-HR-001", "name": "参保人员信息（改）",
        "share_type": "conditional", "share_reason": "仅限社保业务", "share_basis": "",
        "open_type": "none", "open_reason": "含个人隐私", "open_basis": "《个人信息保护法》第二十六条", "items": "姓名"})
    assert got.status_code == 400 and "已发布的目录不能改成缺少依据的状态" in got.text
    assert 'value="参保人员信息（改）"' in got.text and 'value="仅限社保业务"' in got.text
    assert selected(got.text, "share_type") == "conditional" and selected(got.text, "open_type") == "none"
    kept = hr.get(f"/api/data/resource/{world.insured}").json()
    assert kept["name"] == "参保人员信息" and kept["share_basis"] == "《社会保险法》第八十一条"


def test_a_refused_catalog_entry_sent_as_json_is_answered_in_json(world: World) -> None:
    hr = world.client("hr")
    got = hr.post("/api/data/resources", json={"kind": "部门", "code": "QL-HR-010", "name": ""},
                  headers={"X-CSRF-Token": token(hr, "/data")})
    assert got.status_code == 400 and "资源名称和资源代码必填" in got.json()["error"]
