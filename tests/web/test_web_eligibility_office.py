"""政策找人 for the office and the granting units, against the real app: draft rules stored for review
(only confirmed rules match), profiles kept as personal data, pushes to the granting unit with their
outcomes, 应享未享 on a page and in the bulletin, the public form that keeps nothing unless asked, and the
免申即享 payment list."""

from __future__ import annotations

import io
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, table
from sqlalchemy.orm import Session

from tests.web.test_web_supervision import World, csrf
from zhengce.access import accounts
from zhengce.db import UnitRow, open_store
from zhengce.db.eligtables import EligibilityKeptRow
from zhengce.db.tracking import AuditRow
from zhengce.eligibility import load_rules
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path
from zhengce.web.app import create_app

PASSWORD = "correct horse 1"
ON = "2024-10-01"
# two people who bought new homes in the centre of 永州 (one township unknown), one row with a bad date,
# one retired member of the staff medical insurance (a 免申即享 rule), one enterprise
SHEET = ("id,kind,county,township,purchase_date,home_type,deed_tax_paid,children,staff_medical_insurance\n"
         "P1,person,冷水滩区,梅湾街道,2024-08-15,new_residential,12000,2,\n"
         "P2,person,零陵区,,2024-09-01,new_residential,10000,3,\n"
         "P3,person,零陵区,朝阳街道,2024-13-01,new_residential,1,1,\n"
         "P4,person,冷水滩区,梅湾街道,,,,,retiree\n")


class Office:
    """The 永州 gazette stored, an office account, a leader and its tokens."""

    def __init__(self, folder: Path) -> None:
        self.engine = open_store(str(folder / "office.db"))
        samples = Path(str(resources.files("zhengce").joinpath("samples")))
        path = sorted(samples.glob("*.txt"))[0]  # the gazette holding 永政办发〔2024〕10号 and 13号
        store_parsed(self.engine, parse_path(path), path.stat().st_size)
        accounts.add_user(self.engine, "office", "office", password=PASSWORD)
        accounts.add_user(self.engine, "boss", "leader", password=PASSWORD)
        self.app = create_app(engine=self.engine)
        self.office = accounts.new_token(self.engine, "office", "政策找人")
        self.boss = accounts.new_token(self.engine, "boss", "读")


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> Office:  # type: ignore[no-untyped-def]
    return prebuilt(Office, tmp_path)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def audited(engine: Any, action: str) -> list[AuditRow]:
    with Session(engine) as s:
        return list(s.scalars(select(AuditRow).where(AuditRow.action == action)))


def reporter(world: Office, name: str, unit: str) -> dict[str, str]:
    with Session(world.engine) as s:
        unit_id = s.scalar(select(UnitRow.id).where(UnitRow.canonical == unit))
        if unit_id is None:
            s.add(row := UnitRow(canonical=unit, kind="department"))
            s.commit()
            unit_id = row.id
    accounts.add_user(world.engine, name, "reporter", unit_id, password=PASSWORD)
    return bearer(accounts.new_token(world.engine, name, "走访"))


def import_and_push(client: TestClient, world: Office) -> dict[str, Any]:
    files = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    got = client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office))
    assert got.status_code == 200, got.text
    pushed = client.post("/api/eligibility/push", json={"on": ON}, headers=bearer(world.office))
    assert pushed.status_code == 200, pushed.text
    return got.json() | {"pushed": pushed.json()}


def test_drafts_are_kept_for_review_and_only_a_confirmed_rule_matches(world: Office) -> None:
    client = TestClient(world.app)
    assert client.get("/api/eligibility/drafts").status_code == 401
    assert client.get("/api/eligibility/drafts", headers=bearer(world.boss)).status_code == 403
    scanned = client.post("/api/eligibility/drafts/scan", headers=bearer(world.office))
    assert scanned.status_code == 200
    drafts = scanned.json()["drafts"]
    assert drafts and all(d["status"] == "draft" and d["clause"] and d["conditions"] for d in drafts)
    again = client.post("/api/eligibility/drafts/scan", headers=bearer(world.office)).json()["drafts"]
    assert len(again) == len(drafts)  # each draft is kept once
    page = client.get("/eligibility/drafts", headers=bearer(world.office))
    assert page.status_code == 200 and drafts[0]["conditions"][0]["text"][:10] in page.text
    first, second = drafts[0], drafts[1]
    profile = {"kind": "enterprise", "county": "冷水滩区", "invention_patents_last_year": 2}

    def rules_matched() -> dict[str, str]:
        got = client.post("/api/eligibility/match", params={"on": "2025-03-01"}, json=profile).json()
        return {a["rule"]: a["answer"] for a in got["answers"]}

    assert not any(r.startswith("draft-") for r in rules_matched())  # a draft never matches
    untyped = client.post(f"/api/eligibility/drafts/{first['id']}", headers=bearer(world.office),
                          json={"action": "confirm", "units": ["市市场监督管理局"],
                                "conditions": [{"text": first["conditions"][0]["text"]}]})
    assert untyped.status_code == 400 and "画像字段" in untyped.json()["error"]
    confirmed = client.post(f"/api/eligibility/drafts/{first['id']}", headers=bearer(world.office), json={
        "action": "confirm", "version": first["version"], "title": "专利奖励（试）", "who": ["enterprise"],
        "units": ["市市场监督管理局"], "conditions": [
            {"key": "invention_patents_last_year", "op": "ge", "values": ["1"], "clause": first["clause"],
             "text": "上年度获得发明专利授权"},
            {"key": "county", "op": "place", "values": ["冷水滩区", "零陵区"], "clause": first["clause"],
             "text": "本市企业"}]})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    client.post(f"/api/eligibility/drafts/{second['id']}", headers=bearer(world.office),
                json={"action": "reject", "note": "非支持对象"})
    answers = rules_matched()
    assert answers[f"draft-{first['id']}"] == "符合" and f"draft-{second['id']}" not in answers
    profile["invention_patents_last_year"] = 0
    assert rules_matched()[f"draft-{first['id']}"] == "不符合"
    rule_page = client.get(f"/eligibility/rules/draft-{first['id']}")
    assert rule_page.status_code == 200 and "上年度获得发明专利授权" in rule_page.text
    stale = client.post(f"/api/eligibility/drafts/{first['id']}", headers=bearer(world.office),
                        json={"action": "reopen", "version": first["version"]})
    assert stale.status_code == 409  # someone decided since this version was read
    assert [r.entity_id for r in audited(world.engine, "eligibility.confirm")] == [first["id"]]
    assert [r.entity_id for r in audited(world.engine, "eligibility.reject")] == [second["id"]]


def test_a_draft_is_confirmed_from_its_page_with_the_conditions_edited(world: Office) -> None:
    from tests.web.test_web_supervision import login

    client = TestClient(world.app)
    login(client, "office")
    token = csrf(client, "/eligibility/drafts")
    assert client.post("/eligibility/drafts/scan", data={"csrf": token}, follow_redirects=False).status_code == 303
    url = re.search(r'href="(/eligibility/drafts/\d+)"', client.get("/eligibility/drafts").text).group(1)  # type: ignore[union-attr]
    page = client.get(url)
    assert page.status_code == 200 and 'name="key_1"' in page.text
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    done = client.post(url, data={"csrf": token, "version": version, "action": "confirm", "title": "专利奖励",
                                  "units": "市市场监督管理局、市财政局", "who": "enterprise", "keep_1": "1",
                                  "key_1": "county", "op_1": "place", "values_1": "冷水滩区，零陵区",
                                  "text_1": "本市企业", "clause_1": "一"}, follow_redirects=False)
    assert done.status_code == 303
    shown = client.get(url).text
    assert "已确认" in shown and "冷水滩区、零陵区" in shown
    assert client.post(url, data={"action": "confirm"}).status_code == 403  # no CSRF token


def test_profiles_are_personal_data_imported_with_a_report_of_bad_rows(world: Office) -> None:
    client = TestClient(world.app)
    files = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    assert client.post("/api/eligibility/profiles", files=files).status_code == 401
    assert client.post("/api/eligibility/profiles", files=files, headers=bearer(world.boss)).status_code == 403
    report = import_and_push(client, world)
    assert (report["added"], report["updated"]) == (3, 0)
    assert [b["row"] for b in report["bad_rows"]] == [4] and "purchase_date" in report["bad_rows"][0]["error"]
    assert report["pushed"]["created"] >= 3
    again = client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office)).json()
    assert (again["added"], again["updated"]) == (0, 3)  # known by their id
    assert client.get("/api/eligibility/profiles").status_code == 401
    assert client.get("/api/eligibility/profiles", headers=bearer(world.boss)).status_code == 403
    everyone = client.get("/api/eligibility/profiles", headers=bearer(world.office)).json()["profiles"]
    assert sorted(p["ref"] for p in everyone) == ["P1", "P2", "P4"]
    finance = reporter(world, "caizheng", "市财政局")  # grants the deed-tax subsidy
    medical = reporter(world, "yibao", "市医疗保障局")  # grants the outpatient pooling
    seen = client.get("/api/eligibility/profiles", headers=finance).json()["profiles"]
    assert sorted(p["ref"] for p in seen) == ["P1", "P2"]
    pushed = {p["profile"]: p for p in client.get("/api/eligibility/pushes", headers=medical).json()["pushes"]}
    assert {p["rule"] for p in pushed.values()} == {"yongzhou-outpatient-pooling"}
    assert pushed["P4"]["answer"] == "符合"  # a retiree of the staff insurance in 永州
    assert (pushed["P1"]["answer"], pushed["P1"]["questions"]) == ("待确认", ["staff_medical_insurance"])
    nobody = reporter(world, "jiaoyu", "市教育局")  # grants none of the rules
    assert client.get("/api/eligibility/profiles", headers=nobody).json()["profiles"] == []
    page = client.get("/eligibility/profiles", headers=bearer(world.office))
    assert page.status_code == 200 and "梅湾街道" in page.text
    for action in ("eligibility.import", "eligibility.push"):
        assert audited(world.engine, action), action
    assert all("冷水滩区" not in str(r.after) for r in audited(world.engine, "eligibility.import"))  # no facts logged


def test_units_record_outcomes_and_unclaimed_benefits_are_counted(world: Office) -> None:
    client = TestClient(world.app)
    import_and_push(client, world)
    finance = reporter(world, "caizheng", "市财政局")
    medical = reporter(world, "yibao", "市医疗保障局")
    mine = client.get("/api/eligibility/pushes", headers=finance).json()["pushes"]
    deed = {p["profile"]: p for p in mine if p["rule"] == "yongzhou-deed-tax-subsidy"}
    assert (deed["P1"]["answer"], deed["P1"]["amount"]) == ("符合", "6000.00")
    assert deed["P2"]["amount"] == "8000.00"
    with Session(world.engine) as s:  # the finance bureau of the document's jurisdiction
        assert s.get(UnitRow, deed["P1"]["unit_id"]).jurisdiction == "永州市"  # type: ignore[union-attr]
    refused = client.post(f"/api/eligibility/pushes/{deed['P2']['id']}", json={"outcome": "refused"}, headers=finance)
    assert refused.status_code == 400 and "理由" in refused.json()["error"]
    other = client.post(f"/api/eligibility/pushes/{deed['P1']['id']}", json={"outcome": "granted"}, headers=medical)
    assert other.status_code == 404  # another unit's push
    assert client.post(f"/api/eligibility/pushes/{deed['P1']['id']}", json={"outcome": "granted"},
                       headers=finance).status_code == 200
    assert client.post(f"/api/eligibility/pushes/{deed['P2']['id']}",
                       json={"outcome": "refused", "reason": "契税未缴清"}, headers=finance).status_code == 200
    counts = client.get("/api/eligibility/unclaimed", headers=bearer(world.boss)).json()
    fits = [p for p in client.get("/api/eligibility/pushes", headers=bearer(world.office)).json()["pushes"]
            if p["answer"] == "符合"]
    assert counts["matched"] == len(fits) and counts["granted"] == 1 and counts["unclaimed"] == len(fits) - 1
    by_rule = {r["rule"]: r for r in counts["by_rule"]}
    assert by_rule["yongzhou-deed-tax-subsidy"]["count"] == 1 and by_rule["yongzhou-deed-tax-subsidy"]["amount"] == \
        "8000.00"
    assert {r["unit"]: r["count"] for r in counts["by_unit"]}["市财政局"] == 1
    towns = {r["township"]: r["count"] for r in counts["by_township"]}
    assert towns.get("（未填）") == 1  # P2 refused, its township not given
    assert sum(towns.values()) == counts["unclaimed"]
    page = client.get("/eligibility/unclaimed", headers=bearer(world.office))
    assert page.status_code == 200 and "应享未享" in page.text and "市财政局" in page.text
    assert client.get("/api/eligibility/unclaimed").status_code == 401
    assert len(audited(world.engine, "eligibility.outcome")) == 2


def test_the_public_form_keeps_nothing_unless_the_person_asks(world: Office) -> None:
    client = TestClient(world.app)

    def rows() -> dict[str, int]:
        with world.engine.connect() as conn:
            return {t: int(conn.scalar(select(func.count()).select_from(table(t))) or 0)
                    for t in inspect(world.engine).get_table_names()}

    before = rows()
    facts = {"kind": "person", "county": "冷水滩区", "purchase_date": "2024-08-15", "home_type": "new_residential",
             "deed_tax_paid": "12000", "children": "2", "on": "2024-09-01"}
    for n in range(1, len(facts)):
        assert client.post("/eligibility", data=dict(list(facts.items())[:n]) | {"on": "2024-09-01"}).status_code == 200
    assert "6000.00" in client.post("/eligibility", data=facts).text
    assert rows() == before  # every table as it was: nothing kept
    kept = client.post("/eligibility", data=facts | {"keep": "1"})
    code = re.search(r"查询码：<strong>([^<]+)</strong>", kept.text).group(1)  # type: ignore[union-attr]
    after = rows()
    assert after["eligibility_kept"] == before["eligibility_kept"] + 1
    assert {t: n for t, n in after.items() if t != "eligibility_kept"} == \
        {t: n for t, n in before.items() if t != "eligibility_kept"}
    with Session(world.engine) as s:
        assert all(code not in r.code_hash for r in s.scalars(select(EligibilityKeptRow)))  # only its hash
    back = client.get(f"/eligibility/kept/{code}")
    assert back.status_code == 200 and "6000.00" in back.text
    twin = client.get(f"/api/eligibility/kept/{code}").json()
    assert twin["facts"]["county"] == "冷水滩区" and any(a["amount"] == "6000.00" for a in twin["answers"])
    assert client.get("/api/eligibility/kept/notmycode").status_code == 404
    assert "我们不再显示" not in back.text  # a recalled code is not announced as a new one
    by_box = client.get("/eligibility/kept", params={"code": code}, follow_redirects=False)
    assert by_box.status_code == 303 and by_box.headers["location"] == f"/eligibility/kept/{code}"  # typed in a box
    unticked = client.post("/eligibility", data=facts | {"code": code, "children": "3"})
    assert "未勾选" in unticked.text and code in unticked.text  # the older saved answers are mentioned
    asked = client.post(f"/eligibility/kept/{code}/delete")
    assert asked.status_code == 200 and "确认删除" in asked.text  # asked first: nothing deleted yet
    assert client.get(f"/api/eligibility/kept/{code}").status_code == 200
    gone = client.post(f"/eligibility/kept/{code}/delete", data={"confirm": "1"}, follow_redirects=False)
    assert gone.status_code == 303 and "/delete" not in gone.headers["location"]
    assert "已删除" in client.get(gone.headers["location"]).text
    assert client.get(f"/api/eligibility/kept/{code}").status_code == 404
    assert rows() == before


def test_the_free_of_application_rules_give_a_payment_list(world: Office) -> None:
    from openpyxl import load_workbook

    client = TestClient(world.app)
    import_and_push(client, world)
    assert client.get("/api/eligibility/payments").status_code == 401
    got = client.get("/api/eligibility/payments", params={"on": ON}, headers=bearer(world.office))
    assert got.status_code == 200 and got.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(got.content)).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    heads = [c.value for c in sheet[1]]
    assert "审核意见" in heads
    found = [dict(zip(heads, r, strict=True)) for r in rows]
    assert [(r["规则编号"], r["对象编号"], r["乡镇（街道）"]) for r in found] == [
        ("yongzhou-outpatient-pooling", "P4", "梅湾街道")]
    outpatient = next(r for r in load_rules() if r.id == "yongzhou-outpatient-pooling")
    assert found[0]["政策"] == outpatient.title  # the policy by its name, not only its id
    assert found[0]["金额（元）"] == "窗口直接结算"  # no amount: settled at the counter, never 0.00
    totals = [[c.value for c in r] for r in load_workbook(io.BytesIO(got.content)).worksheets[1].iter_rows(min_row=2)]
    assert totals[0][-1] == "窗口直接结算" and "0.00" not in str(totals)
    late = client.get("/api/eligibility/payments", params={"on": "2030/01/01"}, headers=bearer(world.office))
    assert late.status_code == 200  # the date as people write it; every rule has ended by then
    assert [r for r in load_workbook(io.BytesIO(late.content)).worksheets[0].iter_rows(min_row=2)] == []
    page = client.get("/eligibility/profiles", headers=bearer(world.office)).text
    assert re.search(r'<form method="get" action="/api/eligibility/payments"[^>]*>.*name="on"', page)
    unclaimed = client.get("/eligibility/unclaimed", headers=bearer(world.office)).text
    assert "窗口直接结算" in unclaimed
    upload = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    direct = client.post("/api/eligibility/batch", files=upload, params={"on": ON, "format": "payments"},
                         headers=bearer(world.office))
    assert direct.status_code == 200 and direct.content[:2] == b"PK"


def main(html: str) -> str:
    """A page without its menu (which links to 应享未享 for the office)."""
    return html.split("<main>", 1)[-1]


@pytest.fixture
def campaign(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def test_the_bulletin_has_a_section_on_unclaimed_benefits(campaign: World) -> None:
    office = campaign.client("office")
    twin = office.get(f"/api/campaign/{campaign.cid}/bulletin", params={"cycle": 1}).json()
    assert twin["unclaimed"]["matched"] == 0
    assert "应享未享" not in main(office.get(f"/campaign/{campaign.cid}/bulletin", params={"cycle": 1}).text)
    token = accounts.new_token(campaign.engine, "office", "政策找人")
    files = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    client = TestClient(campaign.app)
    assert client.post("/api/eligibility/profiles", files=files, headers=bearer(token)).status_code == 200
    assert client.post("/api/eligibility/push", json={"on": ON}, headers=bearer(token)).status_code == 200
    # 永州's benefits are granted by 市财政局 and 市医疗保障局, units outside 东湖县: not this campaign's
    twin = office.get(f"/api/campaign/{campaign.cid}/bulletin", params={"cycle": 1}).json()
    assert twin["unclaimed"]["matched"] == 0
    assert "应享未享" not in main(office.get(f"/campaign/{campaign.cid}/bulletin", params={"cycle": 1}).text)
    # a non-residential new building bought in 江华: 县财政局 grants 60 % of the deed tax (the document is not
    # stored, so the unit of that name is found: 东湖县's)
    files = {"file": ("画像.csv", "id,kind,county,purchase_date,home_type,deed_tax_paid\n"
                                  "J1,person,江华瑶族自治县,2024-05-10,non_residential,9000\n".encode(), "text/csv")}
    assert client.post("/api/eligibility/profiles", files=files, headers=bearer(token)).status_code == 200
    assert client.post("/api/eligibility/push", json={"on": ON}, headers=bearer(token)).status_code == 200
    twin = office.get(f"/api/campaign/{campaign.cid}/bulletin", params={"cycle": 1}).json()
    assert (twin["unclaimed"]["matched"], twin["unclaimed"]["unclaimed"]) == (1, 1)
    assert twin["unclaimed"]["by_unit"] == [{"unit": "县财政局", "count": 1, "amount": "5400.00"}]
    page = office.get(f"/campaign/{campaign.cid}/bulletin", params={"cycle": 1}).text
    headings = re.findall(r"<h2>([一二三四五六七八九十]+)、([^<]+)</h2>", page)
    numbers = "一二三四五六七八九十"
    assert headings[-1][1] == "政策兑现（应享未享）" and "县财政局（1个）" in page and "市财政局" not in page
    assert [h[0] for h in headings] == list(numbers[:len(headings)])  # numbered after the sections before it


def test_every_page_has_its_twin_answering_what_its_model_declares(world: Office) -> None:
    from zhengce.web.routes import eligibility, eligibility_office

    client = TestClient(world.app)
    import_and_push(client, world)
    drafts = client.post("/api/eligibility/drafts/scan", headers=bearer(world.office)).json()["drafts"]
    code = re.search(r"查询码：<strong>([^<]+)</strong>", client.post(  # type: ignore[union-attr]
        "/eligibility", data={"kind": "person", "county": "冷水滩区", "keep": "1"}).text).group(1)
    pages = [("/eligibility/drafts", eligibility_office.Drafts),
             (f"/eligibility/drafts/{drafts[0]['id']}", eligibility_office.DraftPage),
             ("/eligibility/profiles", eligibility_office.Profiles), ("/eligibility/pushes", eligibility_office.Pushes),
             ("/eligibility/unclaimed", eligibility_office.Unclaimed), (f"/eligibility/kept/{code}", eligibility.Kept)]
    for path, model in pages:
        assert client.get(path, headers=bearer(world.office)).status_code == 200, path
        answer = client.get("/api" + path, headers=bearer(world.office))
        assert answer.status_code == 200, path
        model.model_validate_json(answer.text, strict=True)


def test_a_confirmed_condition_is_typed_as_a_profile_would_be(world: Office) -> None:
    client = TestClient(world.app)
    drafts = client.post("/api/eligibility/drafts/scan", headers=bearer(world.office)).json()["drafts"]

    def confirm(n: int, *conditions: dict[str, Any]) -> Any:
        return client.post(f"/api/eligibility/drafts/{drafts[n]['id']}", headers=bearer(world.office), json={
            "action": "confirm", "units": ["市财政局"], "conditions": list(conditions)})

    assert confirm(0, {"key": "children", "op": "ge"}).status_code == 400  # no value
    assert confirm(0, {"key": "children", "op": "ge", "values": ["两个"]}).status_code == 400
    assert confirm(0, {"key": "home_type", "op": "ge", "values": ["2"]}).status_code == 400  # a choice is no number
    assert confirm(0, {"key": "first_home", "op": "in", "values": ["是"]}).status_code == 400
    done = confirm(0, {"key": "home_type", "op": "in", "values": ["新建商品住房"], "text": "新房"},
                   {"key": "purchase_date", "op": "ge", "values": ["2024-07-22"], "text": "7月22日以后购房"},
                   {"key": "first_home", "op": "true", "text": "首套"})
    assert done.status_code == 200, done.text
    rule = f"draft-{drafts[0]['id']}"

    def answer(**facts: Any) -> str:
        got = client.post("/api/eligibility/match", params={"on": "2025-01-02"}, json={"kind": "person", **facts})
        return next(a["answer"] for a in got.json()["answers"] if a["rule"] == rule)

    home = {"home_type": "new_residential", "first_home": True}
    assert answer(purchase_date="2024-08-01", **home) == "符合"
    assert answer(purchase_date="2024-07-01", **home) == "不符合"
    assert answer(purchase_date="2024-08-01", home_type="second_hand", first_home=True) == "不符合"
    assert answer(purchase_date="2024-08-01", home_type="new_residential") == "待确认"


def test_a_push_is_due_in_working_days_and_counted_overdue_after(world: Office) -> None:
    from datetime import date

    from zhengce.access.accounts import CLI
    from zhengce.eligibility import load_rules
    from zhengce.eligibility.pushing import list_pushes, push, unclaimed

    client = TestClient(world.app)
    files = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    assert client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office)).status_code == 200
    # pushed on the first working day after the National Day holiday of 2024: Saturday 12 October is a
    # working day (调休), so the tenth working day is Monday 21 October
    got = push(world.engine, CLI, date.fromisoformat(ON), load_rules(), today=date(2024, 10, 8))
    assert got["due"] == "2024-10-21"
    assert not any(p["overdue"] for p in list_pushes(world.engine, CLI, today=date(2024, 10, 21)))
    late = unclaimed(world.engine, date(2024, 10, 22))
    assert late["overdue"] == got["created"] and sum(r["count"] for r in late["overdue_by_unit"]) == got["created"]
    finance = reporter(world, "caizheng", "市财政局")
    first = client.get("/api/eligibility/pushes", headers=finance).json()["pushes"][0]
    client.post(f"/api/eligibility/pushes/{first['id']}", json={"outcome": "not_reached"}, headers=finance)
    assert unclaimed(world.engine, date(2024, 10, 22))["overdue"] == got["created"] - 1  # an outcome is recorded


def test_the_office_imports_and_pushes_from_its_pages(world: Office) -> None:
    from tests.web.test_web_supervision import login

    client = TestClient(world.app)
    login(client, "office")
    token = csrf(client, "/eligibility/profiles")
    files = {"file": ("画像.csv", SHEET.encode("utf-8"), "text/csv")}
    assert client.post("/eligibility/profiles", files=files, data={}).status_code == 403  # no CSRF token
    shown = client.post("/eligibility/profiles", files=files, data={"csrf": token})
    assert shown.status_code == 200 and "新增 3 个" in shown.text and "无法读取 1 行" in shown.text
    assert re.search(r"<td>4</td><td>P3</td><td>[^<]*purchase_date", shown.text)
    assert re.search(r'<input type="text" id="on" name="on" placeholder="如 2025年3月1日"', shown.text)  # typed as written
    pushed = client.post("/eligibility/push", data={"csrf": token, "on": "2024年10月1日"}, follow_redirects=False)
    assert pushed.status_code == 303 and pushed.headers["location"] == "/eligibility/pushes"
    listing = client.get("/eligibility/pushes").text
    assert "永州中心城区购房契税补贴" in listing and "6000.00" in listing and "梅湾街道" in listing
    boss = TestClient(world.app)
    login(boss, "boss")
    assert boss.get("/eligibility/profiles").status_code == 403 and "梅湾街道" not in boss.get("/eligibility/pushes").text


def test_long_lists_are_paged_on_the_page_and_in_its_twin(world: Office) -> None:
    client = TestClient(world.app)
    rows = "".join(f"R{k:03d},person,零陵区,2024-09-01,new_residential,{1000 + k},2\n" for k in range(120))
    sheet = "id,kind,county,purchase_date,home_type,deed_tax_paid,children\n" + rows
    files = {"file": ("多.csv", sheet.encode("utf-8"), "text/csv")}
    assert client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office)).json()["added"] == 120
    first = client.get("/api/eligibility/profiles", headers=bearer(world.office)).json()
    assert (len(first["profiles"]), first["page"], first["pages"], first["total"]) == (50, 1, 3, 120)
    last = client.get("/api/eligibility/profiles", params={"page": 3}, headers=bearer(world.office)).json()
    assert [p["ref"] for p in last["profiles"]][-1] == "R119" and len(last["profiles"]) == 20
    html = client.get("/eligibility/profiles", params={"page": 2}, headers=bearer(world.office)).text
    assert "第 2 / 3 页" in html and 'href="?page=3"' in html and "R050" in html and "R049" not in html
    client.post("/api/eligibility/push", json={"on": ON}, headers=bearer(world.office))
    pushes = client.get("/api/eligibility/pushes", params={"status": "open", "page": 9},
                        headers=bearer(world.office)).json()
    assert pushes["page"] == pushes["pages"] and pushes["total"] >= 120  # past the last page: the last one
    assert 'href="?status=open&amp;page=' in client.get("/eligibility/pushes", params={"status": "open"},
                                                      headers=bearer(world.office)).text


def test_the_office_erases_a_profile_and_its_answered_pushes_still_count(world: Office) -> None:
    client = TestClient(world.app)
    import_and_push(client, world)
    p1 = next(p for p in client.get("/api/eligibility/profiles", headers=bearer(world.office)).json()["profiles"]
              if p["ref"] == "P1")
    finance = reporter(world, "caizheng", "市财政局")
    deed = next(p for p in client.get("/api/eligibility/pushes", headers=finance).json()["pushes"]
                if p["profile"] == "P1" and p["answer"] == "符合")
    assert client.post(f"/api/eligibility/pushes/{deed['id']}", json={"outcome": "refused", "reason": "已迁出"},
                       headers=finance).status_code == 200
    still_open = [p for p in client.get("/api/eligibility/pushes", headers=bearer(world.office)).json()["pushes"]
                  if p["profile"] == "P1" and p["answer"] == "符合" and p["status"] == "open"]
    before = client.get("/api/eligibility/unclaimed", headers=bearer(world.office)).json()
    assert client.post(f"/api/eligibility/profiles/{p1['id']}/erase", headers=finance).status_code == 403
    assert client.post(f"/api/eligibility/profiles/{p1['id']}/erase", headers=bearer(world.office)).status_code == 200
    assert client.post(f"/api/eligibility/profiles/{p1['id']}/erase", headers=bearer(world.office)).status_code == 404
    for who in (bearer(world.office), finance):
        assert "P1" not in [p["ref"] for p in client.get("/api/eligibility/profiles", headers=who).json()["profiles"]]
    with Session(world.engine) as s:
        from zhengce.db.eligtables import EligibilityProfileRow

        row = s.get(EligibilityProfileRow, p1["id"])
        assert row is not None and row.data == {} and row.county is None  # the facts are gone
    assert client.get("/api/eligibility/unclaimed", headers=bearer(world.office)).json()["unclaimed"] == \
        before["unclaimed"] - len(still_open)  # the refusal still counts; the open ones are withdrawn
    assert [r.entity_id for r in audited(world.engine, "eligibility.erase")] == [p1["id"]]


def test_the_review_form_takes_chinese_and_keeps_what_was_typed_when_refused(world: Office) -> None:
    from tests.web.test_web_supervision import login

    client = TestClient(world.app)
    login(client, "office")
    token = csrf(client, "/eligibility/drafts")
    client.post("/eligibility/drafts/scan", data={"csrf": token})
    url = re.search(r'href="(/eligibility/drafts/\d+)"', client.get("/eligibility/drafts").text).group(1)  # type: ignore[union-attr]
    page = client.get(url).text
    assert 'name="who_person"' in page and "个人" in page and "（person" not in page  # 对象 as boxes in Chinese
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    typed = {"csrf": token, "version": version, "action": "confirm", "title": "购房补贴（试）", "units": "市财政局",
             "who": "个人", "keep_1": "1", "key_1": "home_type", "op_1": "in", "values_1": "新建商品住房",
             "text_1": "购买新建商品住房", "clause_1": "一"}
    refused = client.post(url, data=typed | {"who": "市民"}, follow_redirects=False)
    assert refused.status_code == 400 and "对象“市民”无法识别" in refused.text
    assert "Traceback" not in refused.text and 'value="购房补贴（试）"' in refused.text  # the form again, as typed
    assert re.search(r'<option value="home_type" selected>', refused.text)
    no_key = client.post(url, data=typed | {"key_1": ""}, follow_redirects=False)
    assert no_key.status_code == 400 and "画像字段" in no_key.text and 'value="市财政局"' in no_key.text
    done = client.post(url, data=typed, follow_redirects=False)
    assert done.status_code == 303
    rule = re.search(r'href="/eligibility/rules/(draft-\d+)"', client.get(url).text).group(1)  # type: ignore[union-attr]
    got = client.post("/api/eligibility/match", params={"on": "2025-01-02"},
                      json={"kind": "person", "home_type": "new_residential"}).json()
    answer = next(a for a in got["answers"] if a["rule"] == rule)
    assert answer["answer"] == "符合", answer  # 个人 became person: a person matches
    firm = client.post("/api/eligibility/match", params={"on": "2025-01-02"},
                       json={"kind": "enterprise", "home_type": "new_residential"}).json()
    assert next(a for a in firm["answers"] if a["rule"] == rule)["answer"] == "不符合"
    shown = client.get(url).text
    assert 'value="confirm"' not in shown  # a confirmed draft offers only 重新审核
    assert "对象 个人；" in shown and "new_residential" not in shown and "home_type" not in shown  # in words
    reopened = client.post(url, data={"csrf": token, "version": re.search(  # type: ignore[union-attr]
        r'name="version" value="(\d+)"', shown).group(1), "action": "reopen"}, follow_redirects=False)
    assert reopened.status_code == 303
    again = client.get(url).text
    assert 'value="购房补贴（试）"' in again and 'name="who_person" value="1" checked' in again  # earlier values kept


def test_an_import_reads_dates_as_people_write_them_and_reports_bad_values_in_chinese(world: Office) -> None:
    sheet = ("id,kind,county,purchase_date,monitoring_group\n"
             "A1,person,冷水滩区,2024/09/15,\n"
             "A2,person,冷水滩区,2024年9月15日,脱贫户\n"
             "A3,person,冷水滩区,2024-13-01,\n"
             "A4,person,冷水滩区,2024-02-30,\n"
             "A5,person,冷水滩区,不详,\n"
             "A6,person,江华瑶族自治县,,\"脱贫户,abc\"\n")
    client = TestClient(world.app)
    files = {"file": ("画像.csv", sheet.encode("utf-8"), "text/csv")}
    got = client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office)).json()
    assert got["added"] == 2
    bad = {b["id"]: b["error"] for b in got["bad_rows"]}
    assert sorted(bad) == ["A3", "A4", "A5", "A6"]  # an unknown group is reported, not kept
    assert "2024年13月1日" in bad["A3"] and "2024年2月30日" in bad["A4"] and "abc" in bad["A6"]
    for message in bad.values():
        assert not re.search(r"month must|day is out|isoformat|Invalid", message), message
    stored = client.get("/api/eligibility/profiles", headers=bearer(world.office)).json()["profiles"]
    assert {p["ref"]: p["data"]["purchase_date"] for p in stored} == {"A1": "2024-09-15", "A2": "2024-09-15"}


def test_a_confirmed_draft_keeps_the_items_own_term(world: Office) -> None:
    client = TestClient(world.app)
    drafts = client.post("/api/eligibility/drafts/scan", headers=bearer(world.office)).json()["drafts"]

    def confirm(period: dict[str, str]) -> Any:
        return client.post(f"/api/eligibility/drafts/{drafts[0]['id']}", headers=bearer(world.office), json={
            "action": "confirm", "units": ["市财政局"], "who": ["个人"], "period": period,
            "conditions": [{"key": "children", "op": "ge", "values": ["1"], "text": "有子女"}]})

    refused = confirm({"from": "2024-13-01"})
    assert refused.status_code == 400 and "执行期限" in refused.json()["error"] and "month" not in refused.text
    assert confirm({"from": "2024-10-01", "to": "2024-09-30"}).status_code == 400  # ends before it starts
    done = confirm({"from": "2024年10月1日", "to": "2025/03/31", "clause": "二"})  # inside the document's term
    assert done.status_code == 200, done.text
    rule = f"draft-{drafts[0]['id']}"

    def answer(on: str) -> dict[str, Any]:
        got = client.post("/api/eligibility/match", params={"on": on}, json={"kind": "person", "children": 2})
        return next(a for a in got.json()["answers"] if a["rule"] == rule)

    early = answer("2025-01-02")
    assert early["answer"] == "符合", early["failed"]
    late = answer("2026-12-02")  # the document is still in force; the item's term has ended
    assert late["answer"] == "不符合" and any(f["clause"] == "二" and "2025-03-31" in f["condition"]
                                             for f in late["failed"])


def test_the_payment_list_names_the_payee_an_import_named(world: Office) -> None:
    """The 免申即享 list is for the granting unit to pay: the name and phone the office imported are on it."""
    from openpyxl import load_workbook

    client = TestClient(world.app)
    sheet = SHEET.replace("staff_medical_insurance\n", "staff_medical_insurance,姓名,联系电话\n", 1).replace(
        "retiree\n", "retiree,钱多宝,13800001234\n")
    files = {"file": ("画像.csv", sheet.encode("utf-8"), "text/csv")}
    assert client.post("/api/eligibility/profiles", files=files, headers=bearer(world.office)).status_code == 200
    got = client.get("/api/eligibility/payments", params={"on": ON}, headers=bearer(world.office))
    book = load_workbook(io.BytesIO(got.content)).worksheets[0]
    heads = [c.value for c in book[1]]
    found = [dict(zip(heads, [c.value for c in r], strict=True)) for r in book.iter_rows(min_row=2)]
    assert [(r["对象编号"], r["姓名（名称）"]) for r in found] == [("P4", "钱多宝")]
