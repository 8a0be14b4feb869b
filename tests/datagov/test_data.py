"""Government data resources (issue 19): the catalog, requests with their clocks, grants, masking, and the
pages with their JSON twins tried by every role. Units, names and codes are invented."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.access.auditchain import verify
from zhengce.access.errors import Forbidden, Invalid
from zhengce.cli.main import app as cli
from zhengce.datagov import board as databoard
from zhengce.datagov import catalog as datacatalog
from zhengce.datagov import requests as datarequests
from zhengce.db import UnitRow, open_store
from zhengce.db.tracking import AuditRow
from zhengce.web.app import create_app

PASSWORD = "correct horse 19"


def entry(code: str, name: str, names: list[str], **extra: Any) -> dict[str, Any]:
    base = {"kind": "部门", "classification": "社会保障", "name": name, "code": code, "provider_code": "11439900X",
            "summary": f"{name}的登记信息", "format": "数据库", "share_type": "无条件共享", "share_way": "接口",
            "open_type": "无条件开放", "update_cycle": "每月", "related": [],
            "items": [{"name": n, "type": "字符型"} for n in names]}
    return base | extra


PERSONAL = [{"name": "姓名", "personal": True, "mask": "name"}, {"name": "公民身份号码", "personal": True, "mask": "id"},
            {"name": "联系电话", "personal": True, "mask": "mobile"}, {"name": "参保状态"}]


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "data.db"
        self.engine = open_store(str(self.path))
        with Session(self.engine) as session, session.begin():
            units = [UnitRow(jurisdiction="青岚市", canonical=n, kind="department", level="city")
                     for n in ("青岚市人社局", "青岚市民政局", "青岚市医保局")]
            session.add_all(units)
            session.flush()
            self.hr, self.civil, self.health = (u.id for u in units)
        for name, role, unit in (("office", "office", None), ("boss", "leader", None), ("hr", "reporter", self.hr),
                                 ("civil", "reporter", self.civil), ("health", "reporter", self.health),
                                 ("citizen", "public", None)):
            accounts.add_user(self.engine, name, role, unit, password=PASSWORD)
        self.actors = {n: accounts.authenticate(self.engine, n, PASSWORD) for n in
                       ("office", "boss", "hr", "civil", "health", "citizen")}
        hr = self.actors["hr"]
        assert hr is not None
        self.insured = datacatalog.save(self.engine, hr, entry(
            "QL-HR-001", "参保人员信息", [], share_type="有条件共享", share_condition="仅限办理社保待遇资格认证",
            share_reason="含个人信息", share_basis="《社会保险法》第八十一条", open_type="不予开放",
            open_reason="含个人隐私", open_basis="《个人信息保护法》第二十六条", items=PERSONAL,
            sample=[{"姓名": "赵小青", "公民身份号码": "430102199003071234", "联系电话": "13800001234", "参保状态": "正常"},
                    {"姓名": "钱多", "公民身份号码": "430102199003071235", "联系电话": "13900002222", "参保状态": "暂停"}]))
        datacatalog.publish(self.engine, CLI, self.insured, date(2024, 9, 1))
        self.app = create_app(engine=self.engine)

    def actor(self, name: str) -> accounts.Actor:
        found = self.actors[name]
        assert found is not None
        return found

    def client(self, name: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if name:
            page = client.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            client.post("/login", data={"username": name, "password": PASSWORD, "csrf": token, "next": "/data"},
                        follow_redirects=False)
        return client


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)  # built once per session, copied for each test


# --- catalog ------------------------------------------------------------------------------------------------


def test_a_restricted_entry_without_legal_basis_cannot_be_published(world: World) -> None:
    rid = datacatalog.save(world.engine, world.actor("civil"), entry(
        "QL-MZ-001", "低保对象信息", ["户主姓名", "保障金额"], share_type="有条件共享", share_condition="仅限核对",
        share_reason="含个人信息"))
    with pytest.raises(Invalid, match="依据"):
        datacatalog.publish(world.engine, world.actor("office"), rid)
    assert datacatalog.resource(world.engine, world.actor("office"), rid)["status"] == "draft"
    datacatalog.save(world.engine, world.actor("civil"), entry(
        "QL-MZ-001", "低保对象信息", ["户主姓名", "保障金额"], share_type="有条件共享", share_condition="仅限核对",
        share_reason="含个人信息", share_basis="《社会救助暂行办法》第六十四条"))
    assert datacatalog.publish(world.engine, world.actor("office"), rid)["status"] == "published"
    with pytest.raises(Forbidden):  # the department catalogs, the 主管部门 publishes
        datacatalog.publish(world.engine, world.actor("civil"), rid)


def test_a_department_catalogs_only_for_itself(world: World) -> None:
    with pytest.raises(Forbidden):
        datacatalog.save(world.engine, world.actor("civil"), entry("QL-HR-001", "参保人员信息", ["姓名"]))
    with pytest.raises(Forbidden):
        datacatalog.save(world.engine, world.actor("boss"), entry("QL-X-1", "某信息", ["甲"]))


def test_duplicates_are_flagged_until_the_office_names_the_collector(world: World) -> None:
    a = datacatalog.save(world.engine, world.actor("civil"), entry("QL-MZ-002", "困难群众名册",
                                                                  ["姓名", "公民身份号码", "家庭住址", "困难类型"]))
    b = datacatalog.save(world.engine, world.actor("health"), entry("QL-YB-002", "医疗救助对象",
                                                                   ["姓名", "公民身份号码", "家庭住址", "救助金额"]))
    datacatalog.save(world.engine, world.actor("health"), entry("QL-YB-003", "定点药店", ["药店名称", "地址"]))
    found = datacatalog.duplicates(world.engine)
    assert [(d["a"]["id"], d["b"]["id"]) for d in found] == [(a, b)]
    with pytest.raises(Forbidden):
        datacatalog.name_collector(world.engine, world.actor("civil"), a, b, a)
    datacatalog.name_collector(world.engine, world.actor("office"), b, a, a)
    assert datacatalog.duplicates(world.engine) == []


def test_catalog_update_after_a_change_of_law_is_due_in_15_working_days(world: World) -> None:
    datacatalog.mark_change(world.engine, world.actor("hr"), world.insured, date(2024, 9, 27), "《社会保险法》修订")
    assert datacatalog.overdue_updates(world.engine, date(2024, 10, 23)) == []
    late = datacatalog.overdue_updates(world.engine, date(2024, 10, 24))
    assert [(d["code"], d["update_due"]) for d in late] == [("QL-HR-001", "2024-10-23")]
    got = datacatalog.resource(world.engine, world.actor("hr"), world.insured)
    datacatalog.save(world.engine, world.actor("hr"), {k: got[k] for k in datacatalog.FIELDS} | {"items": got["items"]})
    assert datacatalog.overdue_updates(world.engine, date(2024, 10, 24)) == []


def test_xlsx_and_dcat_exports_read_back_to_the_same_core_metadata(world: World, tmp_path: Path) -> None:
    datacatalog.save(world.engine, world.actor("civil"), entry("QL-MZ-009", "养老机构名录", ["机构名称", "床位数"],
                                                              related=["QL-HR-001"], published_on="2024-09-02"))
    shown = datacatalog.resources(world.engine)
    before = [datacatalog.core(e) for e in shown]
    assert [datacatalog.core(e) for e in datacatalog.from_xlsx(datacatalog.to_xlsx(shown))] == before
    dcat = json.loads(json.dumps(datacatalog.to_dcat(shown)))
    assert dcat["@type"] == "dcat:Catalog" and dcat["dcat:dataset"][0]["dct:identifier"] == "QL-HR-001"
    assert [datacatalog.core(e) for e in datacatalog.from_dcat(dcat)] == before
    # through the CLI: export, import into a fresh database, export again
    first, other = tmp_path / "a.jsonld", tmp_path / "b.xlsx"
    db = str(tmp_path / "data.db")
    assert CliRunner().invoke(cli, ["data", "export", str(first), "--db", db]).exit_code == 0
    fresh = str(tmp_path / "fresh.db")
    imported = CliRunner().invoke(cli, ["data", "import", str(first), "--db", fresh])
    assert imported.exit_code == 0, imported.output
    assert CliRunner().invoke(cli, ["data", "export", str(other), "--db", fresh]).exit_code == 0
    assert [datacatalog.core(e) for e in datacatalog.from_xlsx(other.read_bytes())] == before


# --- requests and their clocks -----------------------------------------------------------------------------


def test_a_conditional_share_request_is_due_in_10_working_days_and_overdue_after(world: World) -> None:
    civil = world.actor("civil")
    with pytest.raises(Invalid, match="用途"):
        datarequests.file(world.engine, civil, "share", world.insured, "", on=date(2024, 9, 27))
    r = datarequests.file(world.engine, civil, "share", world.insured, "核对低保对象参保情况", ["姓名", "参保状态"],
                          on=date(2024, 9, 27))
    assert (r["status"], r["due"], r["clause"]) == ("pending", "2024-10-16", "第十八条第（二）项")
    assert datarequests.requests(world.engine, world.actor("office"), date(2024, 10, 16), overdue_only=True) == []
    late = datarequests.requests(world.engine, world.actor("office"), date(2024, 10, 17), overdue_only=True)
    assert [x["id"] for x in late] == [r["id"]]
    board = databoard.dashboard(world.engine, world.actor("office"), on=date(2024, 10, 17))
    assert list(board["indicators"]) == ["青岚市人社局"]
    [(indicator, n)] = board["indicators"]["青岚市人社局"].items()
    assert indicator.startswith("第三十八条第（八）项 不按照规定受理、答复") and n == 1
    hr_board = databoard.dashboard(world.engine, world.actor("hr"), on=date(2024, 10, 17))
    assert [x["id"] for x in hr_board["received_open"]] == [r["id"]] and hr_board["overdue_per_unit"]
    # reminded before it falls due: on 10-14 two working days are left (10-15, 10-16)
    soon = databoard.dashboard(world.engine, world.actor("hr"), on=date(2024, 10, 14))
    assert [x["id"] for x in soon["due_soon"]] == [r["id"]] and soon["overdue"] == []
    assert databoard.dashboard(world.engine, world.actor("hr"), on=date(2024, 10, 10))["due_soon"] == []
    listed = CliRunner().invoke(cli, ["data", "overdue", "--on", "2024-10-17", "--db", str(world.path)])
    assert listed.exit_code == 0 and listed.output.startswith("2024-10-16 第十八条")
    assert "青岚市人社局 第三十八条第（八）项" in listed.output
    assert "逾期1个工作日，升级至政务数据主管部门" in listed.output.splitlines()[0]
    later = CliRunner().invoke(cli, ["data", "overdue", "--on", "2024-10-24", "--json", "--db", str(world.path)])
    assert [(d["workdays_over"], d["level_name"]) for d in json.loads(later.output)["clocks_overdue"]] == [
        (6, "分管领导")]
    with pytest.raises(Invalid, match="理由"):
        datarequests.act(world.engine, world.actor("hr"), r["id"], "refuse", "", date(2024, 10, 10))
    with pytest.raises(Forbidden):
        datarequests.act(world.engine, world.actor("health"), r["id"], "grant", on=date(2024, 10, 10))


def test_an_unconditional_request_is_granted_at_once(world: World) -> None:
    rid = datacatalog.save(world.engine, world.actor("health"), entry("QL-YB-010", "定点医院名录", ["医院名称", "等级"]))
    datacatalog.publish(world.engine, world.actor("office"), rid)
    r = datarequests.file(world.engine, world.actor("civil"), "share", rid, "办理救助", on=date(2024, 9, 27))
    assert r["status"] == "granted" and r["decided_on"] == "2024-09-27"


def test_checks_and_objections_follow_their_clauses(world: World) -> None:
    check = datarequests.file(world.engine, world.actor("civil"), "check", world.insured, on=date(2024, 9, 27))
    assert check["due"] == "2024-10-10"
    with pytest.raises(Invalid):
        datarequests.act(world.engine, world.actor("hr"), check["id"], "extend", "", date(2024, 10, 8))
    ext = datarequests.act(world.engine, world.actor("hr"), check["id"], "extend", "局长同意延长", date(2024, 10, 8),
                           extension="total")
    assert ext["due"] == "2024-10-23"
    obj = datarequests.file(world.engine, world.actor("citizen"), "objection", world.insured, on=date(2024, 9, 27),
                            applicant="赵小青")
    assert [c["due"] for c in obj["clocks"]] == ["2024-09-29", "2024-10-10"]
    with pytest.raises(Forbidden):
        datarequests.act(world.engine, world.actor("hr"), obj["id"], "forward", on=date(2024, 9, 30))
    fwd = datarequests.act(world.engine, world.actor("office"), obj["id"], "forward", on=date(2024, 9, 30))
    assert fwd["due"] == "2024-10-12" and fwd["clause"].startswith("第三十四条")
    with pytest.raises(Invalid, match="理由"):
        datarequests.act(world.engine, world.actor("hr"), obj["id"], "not_correct", "", date(2024, 10, 11))
    assert datarequests.act(world.engine, world.actor("hr"), obj["id"], "correct", "已更正", date(2024, 10, 11))[
        "status"] == "corrected"


def test_an_open_application_is_due_in_15_working_days_and_a_refusal_needs_a_reason(world: World) -> None:
    rid = datacatalog.save(world.engine, world.actor("health"), entry(
        "QL-YB-020", "药品价格", ["药品名称", "价格"], open_type="有条件开放", open_condition="用于价格研究",
        open_reason="数据量大", open_basis="《政府信息公开条例》第十五条"))
    datacatalog.publish(world.engine, world.actor("office"), rid)
    app_ = datarequests.file(world.engine, world.actor("citizen"), "open", rid, "价格研究", on=date(2025, 1, 24))
    assert app_["due"] == "2025-02-20"
    with pytest.raises(Invalid, match="理由"):
        datarequests.act(world.engine, world.actor("health"), app_["id"], "refuse", "  ", date(2025, 2, 10))
    assert datarequests.request(world.engine, world.actor("citizen"), app_["id"])["status"] == "pending"
    with pytest.raises(Invalid, match="不予开放"):
        datarequests.file(world.engine, world.actor("citizen"), "open", world.insured, "研究", on=date(2025, 1, 24))


def test_a_grant_masks_personal_items_refuses_others_and_stops_when_suspended(world: World) -> None:
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对",
                          ["姓名", "公民身份号码", "联系电话", "参保状态"], on=date(2024, 9, 27))
    g = datarequests.act(world.engine, world.actor("hr"), r["id"], "grant", on=date(2024, 10, 8))
    grant = datarequests.request(world.engine, world.actor("civil"), r["id"])["grants"][0]["id"]
    assert g["status"] == "granted"
    got = datarequests.access(world.engine, world.actor("civil"), grant)
    assert got["records"][0] == {"姓名": "赵**", "公民身份号码": "430102********1234", "联系电话": "138****1234",
                                 "参保状态": "正常"}
    assert got["records"][1]["公民身份号码"] == "【无效，不予提供】" and "校验码" in got["problems"][0]
    for other in ("health", "boss", "office"):
        with pytest.raises(Forbidden):
            datarequests.access(world.engine, world.actor(other), grant)
    with Session(world.engine) as session:  # each refusal is on the record
        refused = session.scalars(select(AuditRow.username).where(AuditRow.action == "data.access.refused")).all()
    assert refused == ["health", "boss", "office"]
    with pytest.raises(Forbidden):
        datarequests.suspend(world.engine, world.actor("civil"), grant, "自行暂停")
    datarequests.suspend(world.engine, world.actor("hr"), grant, "超出用途使用")
    with pytest.raises(Forbidden, match="暂停"):
        datarequests.access(world.engine, world.actor("civil"), grant)
    assert verify(world.engine) is None  # every grant, access, suspension and decision is chained


# --- pages and JSON twins, by role -------------------------------------------------------------------------

ROLES = ["office", "boss", "hr", "civil", "citizen", None]


@pytest.mark.parametrize("who", ROLES)
def test_pages_and_twins_answer_every_role(world: World, who: str | None) -> None:
    rid = datacatalog.save(world.engine, world.actor("civil"), entry("QL-MZ-030", "殡葬服务机构", ["机构名称"]))
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", on=date(2024, 9, 27))
    client = world.client(who)
    catalog = client.get("/api/data").json()
    codes = {x["code"] for x in catalog["resources"]}
    assert "QL-HR-001" in codes
    assert ("QL-MZ-030" in codes) == (who in {"office", "boss", "civil"})  # a draft: its department and reviewers
    assert client.get("/data").status_code == 200
    assert client.get(f"/data/resource/{world.insured}").status_code == 200
    assert client.get(f"/api/data/resource/{rid}").status_code == (200 if who in {"office", "boss", "civil"} else 404)
    reqs = client.get("/api/data/requests?on=2024-10-17")
    page = client.get("/data/requests?on=2024-10-17", follow_redirects=False)
    if who is None:
        assert reqs.status_code == 401 and page.status_code in {303, 401}
    else:
        seen = [x["id"] for x in reqs.json()["requests"]]
        assert seen == ([r["id"]] if who in {"office", "boss", "hr", "civil"} else [])
        if seen:
            assert reqs.json()["requests"][0]["due"] == "2024-10-16" and reqs.json()["requests"][0]["overdue"]
        assert page.status_code == 200 and ("2024-10-16" in page.text or not seen)
    board = client.get("/api/data/dashboard?on=2024-10-17")
    # a signed-in member of the public is, for tracking data, the public: the app answers 401 as elsewhere
    assert board.status_code == (200 if who in {"office", "boss", "hr", "civil"} else 401)
    if who == "hr":
        assert board.json()["unit"] == "青岚市人社局" and board.json()["overdue_per_unit"] == {"青岚市人社局": 1}
    detail = client.get(f"/api/data/request/{r['id']}")
    assert detail.status_code == (200 if who in {"office", "boss", "hr", "civil"} else 404)


@pytest.mark.parametrize("who", ROLES)
def test_writes_through_the_web_by_role(world: World, who: str | None) -> None:
    client = world.client(who)
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/data").text)
    token = found.group(1) if found else ""
    body = {"kind": "部门", "code": "QL-NEW-1", "name": "新目录", "share_type": "unconditional",
            "open_type": "unconditional", "items": "名称|字符型|否|否|\n电话|字符型|是|否|mobile", "csrf": token}
    made = client.post("/data/resources", data=body, follow_redirects=False)
    expected = {"office": 303, "hr": 303, "civil": 303, "boss": 403, "citizen": 303, None: 303}[who]
    assert made.status_code == expected
    if who in {None, "citizen"}:
        assert made.headers["location"].startswith("/login")
    # the office publishes through the JSON twin; nobody else may
    publish = client.post(f"/api/data/resource/{world.insured}/publish", json={},
                          headers={"X-CSRF-Token": token})
    assert publish.status_code == {"office": 200, None: 401, "citizen": 401}.get(who, 403)
    # a refusal without a reason is not saved, whoever sends it
    r = datarequests.file(world.engine, world.actor("civil"), "share", world.insured, "核对", on=date(2024, 9, 27))
    refuse = client.post(f"/api/data/request/{r['id']}/act", json={"action": "refuse", "reason": ""},
                         headers={"X-CSRF-Token": token})
    assert refuse.status_code == {"office": 400, "hr": 400, None: 401, "citizen": 401}.get(who, 403)
    # reading records under someone else's grant is refused
    if who:
        g = datarequests.act(world.engine, world.actor("office"), r["id"], "grant", on=date(2024, 10, 8))
        gid = datarequests.request(world.engine, world.actor("office"), g["id"])["grants"][0]["id"]
        got = client.get(f"/api/data/grant/{gid}/records")
        assert got.status_code == (200 if who == "civil" else 401 if who == "citizen" else 403)


def test_a_browser_post_without_its_csrf_token_is_refused(world: World) -> None:
    client = world.client("hr")
    made = client.post("/data/resources", data={"kind": "部门", "code": "QL-NEW-2", "name": "甲", "share_type":
                                                "unconditional", "open_type": "unconditional", "items": "甲"})
    assert made.status_code == 403


def test_catalog_downloads(world: World) -> None:
    client = world.client()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get("/data/catalog.xlsx").content)).worksheets[0]
    assert sheet.cell(1, 4).value == "资源代码" and sheet.cell(2, 4).value == "QL-HR-001"
    dcat = client.get("/data/catalog.jsonld").json()
    assert [d["dct:identifier"] for d in dcat["dcat:dataset"]] == ["QL-HR-001"]
