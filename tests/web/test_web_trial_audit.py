"""The audit log of 政策找人, 政务数据 and the supervision cycle read in Chinese (trial of 2026-12-01), against the real app: every
action and status named, a confirmed rule under its own label, a push's earlier status 待走访 (not an
issue's 待交办)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.datagov.test_data import World
from tests.web.test_web_eligibility_office import Office, bearer, import_and_push, reporter
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI, new_token
from zhengce.datagov import requests as datarequests
from zhengce.db import DocumentRow

CODE = re.compile(r"^[a-z_.]+$")
CODES = ("pending", "granted", "confirmed", "rejected", "not_reached", "conditional", "refused", "open", "draft")


def entries(client: TestClient, token: str) -> list[dict[str, Any]]:
    got = client.get("/api/audit", headers=bearer(token))
    assert got.status_code == 200
    return list(got.json()["entries"])


def in_chinese(found: list[dict[str, Any]]) -> None:
    raw = [e["action_name"] for e in found if CODE.match(e["action_name"])]
    assert not raw, raw
    coded = [(e["action"], t) for e in found for t in (e["before_text"], e["after_text"])
             if any(re.search(rf"：{c}(；|$)", t) for c in CODES)]
    assert not coded, coded
    keyed = [(e["action"], t) for e in found for t in (e["before_text"], e["after_text"])
             if re.search(r"(^|；)[a-z_]+：", t)]  # a field named by its code (document_id：3)
    assert not keyed, keyed


@pytest.fixture
def office(prebuilt, tmp_path: Path) -> Office:  # type: ignore[no-untyped-def]
    return prebuilt(Office, tmp_path)


def test_the_audit_log_names_the_steps_of_finding_people_for_policies(office: Office) -> None:
    client = TestClient(office.app)
    drafts = client.post("/api/eligibility/drafts/scan", headers=bearer(office.office)).json()["drafts"]
    first, second = drafts[0], drafts[1]
    assert client.post(f"/api/eligibility/drafts/{first['id']}", headers=bearer(office.office), json={
        "action": "confirm", "version": first["version"], "title": "专利奖励（试）", "who": ["enterprise"],
        "units": ["市市场监督管理局"], "conditions": [
            {"key": "invention_patents_last_year", "op": "ge", "values": ["1"], "clause": first["clause"],
             "text": "上年度获得发明专利授权"}]}).status_code == 200
    client.post(f"/api/eligibility/drafts/{second['id']}", headers=bearer(office.office),
                json={"action": "reject", "note": "非支持对象"})
    import_and_push(client, office)
    finance = reporter(office, "caizheng", "市财政局")
    push = client.get("/api/eligibility/pushes", headers=finance).json()["pushes"][0]
    client.post(f"/api/eligibility/pushes/{push['id']}", json={"outcome": "not_reached"}, headers=finance)
    found = entries(client, office.office)
    in_chinese(found)
    named = {e["action"]: e for e in found}
    assert named["eligibility.confirm"]["action_name"] == "确认草拟规则"
    assert "确认的规则" in named["eligibility.confirm"]["after_text"]
    assert "调度规则" not in named["eligibility.confirm"]["after_text"]  # a campaign's schedule is another thing
    outcome = named["eligibility.outcome"]
    assert outcome["before_text"].startswith("状态：待走访") and outcome["after_text"].startswith("状态：未联系上")
    page = client.get("/audit", headers=bearer(office.office)).text
    assert "推送给发放单位" in page and "退回草拟规则" in page and "eligibility." not in page


def test_the_audit_log_names_the_steps_of_sharing_data(prebuilt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = prebuilt(World, tmp_path)
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对低保对象参保情况",
                          ["姓名", "参保状态"], on=date(2024, 9, 27))
    datarequests.act(world.engine, world.actor("hr"), r["id"], "grant", on=date(2024, 10, 8))
    client = TestClient(world.app)
    found = entries(client, new_token(world.engine, "office", "审计"))
    in_chinese(found)
    named = {e["action"]: e for e in found}
    assert named["data.share.file"]["action_name"] == "提出共享申请" and "待办理" in named["data.share.file"]["after_text"]
    assert named["data.share.grant"]["before_text"] == "状态：待办理" and "已同意" in named["data.share.grant"]["after_text"]
    assert named["data.grant"]["entity_name"] == "数据授权"


def test_the_audit_log_names_users_and_campaigns_in_chinese(office: Office) -> None:
    """Adding a user, making a campaign from a plan, disabling a user: the log's fields in Chinese (trial 22n read
    document_id, tasks, username, active)."""
    with Session(office.engine) as session:
        plan = int(session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0)))
    supervision.create_campaign(office.engine, CLI, plan)
    accounts.set_active(office.engine, "boss", False)
    found = entries(TestClient(office.app), office.office)
    assert {"user.add", "campaign.create", "user.disable"} <= {e["action"] for e in found}
    in_chinese(found)
