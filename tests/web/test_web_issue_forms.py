"""The campaign and issue forms through the real app, after a clerk's trial: a mistake brings back the same
form with what was typed and the Chinese reason on its field (never a bare error page); the rule as the plan
words it is accepted; the campaign form has an end date; an issue offers only the steps its state allows; a
unit's issue waits 待交办 for the office."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.test_web_supervision import World, csrf
from zhengce import supervision
from zhengce.access.accounts import CLI


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def _options(page: str, select: str) -> list[str]:
    block = page[page.index(f'<select id="{select}"'):]
    return re.findall(r'<option value="([^"]*)"', block[:block.index("</select>")])


def test_a_refused_campaign_comes_back_as_its_form_with_the_reason_on_the_field(world: World) -> None:
    office = world.client("office")
    page = office.get("/campaigns").text
    assert 'id="end" name="end"' in page  # the form has an end date
    doc = _options(page, "document_id")[0]
    typed = {"csrf": csrf(office), "document_id": doc, "name": "营商环境专项督查", "rule": "有情况随时报送",
             "start": "2026-10-01", "end": "2027-12-31"}
    refused = office.post("/campaigns", data=typed)
    assert refused.status_code == 400 and 'id="rule-error">无法识别调度规则“有情况随时报送”' in refused.text
    assert 'value="营商环境专项督查"' in refused.text and 'value="有情况随时报送"' in refused.text
    assert 'value="2027-12-31"' in refused.text and f'<option value="{doc}" selected>' in refused.text
    assert "返回上一页" not in refused.text
    both = office.post("/campaigns", data=typed | {"end": "2026-09-30"})
    assert 'id="rule-error">' in both.text and 'id="end-error">' in both.text
    backwards = office.post("/campaigns", data=typed | {"rule": "", "end": "2026-09-30"})
    assert backwards.status_code == 400 and 'id="end-error">结束日期 2026-09-30 早于开始日期 2026-10-01' in backwards.text
    made = office.post("/campaigns", data=typed | {"rule": "每月5日前报送"}, follow_redirects=False)
    assert made.status_code == 303
    c = office.get("/api" + made.headers["location"]).json()["campaign"]
    assert (c["rule"], c["start"], c["end"], c["name"]) == ("month/next:5", "2026-10-01", "2027-12-31", "营商环境专项督查")
    api = office.post("/api/campaigns", json={"csrf": csrf(office), "document_id": int(doc), "rule": "随时"})
    assert api.status_code == 400 and "无法识别调度规则" in api.json()["error"]


def test_an_issue_offers_the_steps_of_its_state_and_a_refused_step_keeps_the_note(world: World) -> None:
    office = world.client("office")
    page = office.get(f"/issue/{world.issue}").text
    assert "close" not in _options(page, "action") and "assign" in _options(page, "action")
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    early = office.post(f"/issue/{world.issue}/action", data={"csrf": csrf(office), "action": "close",
                                                              "version": version, "note": "已核实整改到位"})
    assert early.status_code == 400 and 'id="action-error">只能对已办结的问题销号' in early.text
    assert ">已核实整改到位</textarea>" in early.text and "<h1>财政局的问题</h1>" in early.text
    no_deadline = office.post(f"/issue/{world.issue}/action", data={
        "csrf": csrf(office), "action": "assign", "version": version, "unit": "县司法局", "deadline": ""})
    assert no_deadline.status_code == 400 and 'id="deadline-error">交办须给出整改时限' in no_deadline.text
    assert 'value="县司法局"' in no_deadline.text
    assert 'type="date"' not in no_deadline.text  # a text box: 2025年3月1日 typed as on every other form
    assigned = office.post(f"/issue/{world.issue}/action", data={
        "csrf": csrf(office), "action": "assign", "version": version, "unit": "县司法局", "deadline": "2030年6月30日"},
        follow_redirects=False)
    assert assigned.status_code == 303
    shown = office.get(f"/api/issue/{world.issue}").json()
    assert "2030-06-30" in str(shown)
    version = re.search(r'name="version" value="(\d+)"', office.get(f"/issue/{world.issue}").text).group(1)  # type: ignore[union-attr]
    v = supervision.issue_action(world.engine, CLI, world.issue, "resolve", int(version), "已清偿")
    supervision.issue_action(world.engine, CLI, world.issue, "close", v, "核实销号")
    closed = office.get(f"/issue/{world.issue}").text
    assert set(_options(closed, "action")) == {"reopen", "comment", "archive"}  # no 交办 on 已销号


def test_a_units_issue_is_raised_for_the_office_to_assign(world: World) -> None:
    finance = world.client("finance")
    ledger = finance.get(f"/campaign/{world.cid}/issues").text
    assert 'name="deadline"' not in ledger and "待交办" in ledger
    empty = finance.post(f"/campaign/{world.cid}/issues", data={"csrf": csrf(finance), "title": " ",
                                                                "description": "乡镇台账与财政数据不一致"})
    assert empty.status_code == 400 and 'id="title-error">请填写问题' in empty.text
    assert ">乡镇台账与财政数据不一致</textarea>" in empty.text
    made = finance.post(f"/campaign/{world.cid}/issues", data={
        "csrf": csrf(finance), "title": "乡镇台账不一致", "task_id": str(world.finance_task)}, follow_redirects=False)
    assert made.status_code == 303
    issue = finance.get("/api" + made.headers["location"]).json()
    assert issue["issue"]["status_name"] == "待交办" and issue["issue"]["unit"] is None
    assert list(issue["actions"]) == ["comment"]
    office = world.client("office")
    assert "待交办 1 件：请确定承办单位和整改时限后交办" in office.get(f"/campaign/{world.cid}/issues").text
    page = office.get(made.headers["location"]).text
    assert "assign" in _options(page, "action")
    assert '<option value="各乡镇人民政府">' not in page  # a collective name is not offered to assign to


def test_the_campaign_settings_form_keeps_what_was_typed_and_names_the_task_force(world: World) -> None:
    office = world.client("office")
    page = office.get(f"/campaign/{world.cid}").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    sent = {"csrf": csrf(office), "version": version, "name": "营商环境攻坚", "rule": "每月5日前报送",
            "start": "2025-02-10", "end": "2024-12-31", "task_force": "东湖县营商环境专班"}
    refused = office.post(f"/campaign/{world.cid}/edit", data=sent)
    assert refused.status_code == 400 and 'id="end-error">结束日期 2024-12-31 早于开始日期' in refused.text
    assert 'value="营商环境攻坚"' in refused.text and 'value="东湖县营商环境专班"' in refused.text
    saved = office.post(f"/campaign/{world.cid}/edit", data=sent | {"end": "2026-12-31"}, follow_redirects=False)
    assert saved.status_code == 303
    shown = office.get(f"/campaign/{world.cid}").text
    assert "<dt>工作专班</dt><dd>东湖县营商环境专班</dd>" in shown
    assert "东湖县营商环境专班" in office.get(f"/api/campaign/{world.cid}/issues").json()["levels"]
