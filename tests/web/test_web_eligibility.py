"""政策找人 in the web app: the one-question-at-a-time form, the rule pages, the API, and batch runs
that only the office and granting units may make (each in the audit log, no profile kept)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengce.access import accounts
from zhengce.db import open_store
from zhengce.db.tracking import AuditRow
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path
from zhengce.web.app import create_app

PROFILE = {"kind": "person", "county": "冷水滩区", "purchase_date": "2024-08-15", "home_type": "new_residential",
           "deed_tax_paid": "12000", "children": 2}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    engine = open_store(str(tmp_path_factory.mktemp("elig") / "e.db"))
    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    path = sorted(folder.glob("*.txt"))[0]  # the gazette holding 永政办发〔2024〕10号
    store_parsed(engine, parse_path(path), path.stat().st_size)
    accounts.add_user(engine, "duchashi", "office", password="correct horse 1")
    return engine, TestClient(create_app(engine=engine))


def test_the_api_answers_like_the_cli_and_links_clauses(world) -> None:  # type: ignore[no-untyped-def]
    _, client = world
    got = client.post("/api/eligibility/match", params={"on": "2024-09-01"}, json=PROFILE)
    assert got.status_code == 200
    deed = next(a for a in got.json()["answers"] if a["rule"] == "yongzhou-deed-tax-subsidy")
    assert (deed["answer"], deed["amount"]) == ("符合", "6000.00")
    assert deed["url"] and deed["url"].startswith("/doc/")
    bad = client.post("/api/eligibility/match", json={"children": -1})
    assert bad.status_code == 400 and "children" in bad.json()["error"]
    assert client.post("/api/eligibility/match", params={"on": "soon"}, json={}).status_code == 400


def test_the_form_asks_one_question_at_a_time_and_skipping_is_not_no(world) -> None:  # type: ignore[no-untyped-def]
    _, client = world
    first = client.get("/eligibility")
    assert first.status_code == 200 and 'name="kind"' in first.text
    step = client.post("/eligibility", data={"kind": "person", "on": "2024-09-01"})
    assert step.status_code == 200 and "对照结果" in step.text
    asked = step.text.count("不知道，跳过")
    assert asked == 1  # one question on the page
    done = client.post("/eligibility", data={**PROFILE, "on": "2024-09-01"})
    assert "6000.00" in done.text
    skipped = client.post("/eligibility", data={**{k: v for k, v in PROFILE.items() if k != "children"},
                                                "skip": "children", "on": "2024-09-01"})
    assert "3000.00–9600.00" in skipped.text and "不符合" in skipped.text


def test_rule_pages_show_conditions_and_documents(world) -> None:  # type: ignore[no-untyped-def]
    _, client = world
    listed = client.get("/api/eligibility/rules").json()["rules"]
    assert any(r["rule"] == "jianghua-talent-housing-subsidy" and r["incomplete"] for r in listed)
    page = client.get("/eligibility/rules/yongzhou-deed-tax-subsidy")
    assert page.status_code == 200 and "全部缴清交易契税" in page.text and "永政办发〔2024〕10号" in page.text
    assert client.get("/api/eligibility/rules/yongzhou-deed-tax-subsidy").json()["status"]["status"] in {
        "expired", "valid"}
    assert client.get("/api/eligibility/rules/nope").status_code == 404
    assert client.get("/eligibility/rules/nope").status_code == 404


def test_batch_runs_are_for_the_office_and_audited(world) -> None:  # type: ignore[no-untyped-def]
    engine, client = world
    body = "id,kind,county,purchase_date,home_type,deed_tax_paid,children\nA,person,零陵区,2024-09-01," \
           "new_residential,10000,3\nB,person,零陵区,bad,new_residential,1,1\n"
    files = {"file": ("p.csv", body.encode("utf-8"), "text/csv")}
    assert client.post("/api/eligibility/batch", files=files).status_code == 401
    token = accounts.new_token(engine, "duchashi", "批量")
    headers = {"Authorization": f"Bearer {token}"}
    with Session(engine) as s:
        before = s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.action == "match.batch"))
    got = client.post("/api/eligibility/batch", files=files, headers=headers, params={"on": "2024-10-01"})
    assert got.status_code == 200
    deed = next(r for r in got.json()["rules"] if r["rule"] == "yongzhou-deed-tax-subsidy")
    assert deed["符合"] == [{"id": "A", "amount": "8000.00"}]
    assert got.json()["bad_rows"][0]["row"] == 3
    xlsx = client.post("/api/eligibility/batch", files=files, headers=headers, params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    with Session(engine) as s:
        after = s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.action == "match.batch"))
    assert after == before + 2


def test_the_question_is_found_from_every_page_and_amounts_typed_as_words_work(world) -> None:  # type: ignore[no-untyped-def]
    _, client = world
    home = client.get("/")
    assert 'href="/eligibility"' in home.text and "我能享受哪些政策" in home.text
    assert 'href="/eligibility"' in client.get("/calc").text  # in the navigation of every page
    done = client.post("/eligibility", data={**PROFILE, "deed_tax_paid": "1.2万", "on": "2024-09-01"})
    assert done.status_code == 200 and "6000.00" in done.text and "Conversion" not in done.text


def test_choices_are_shown_and_understood_in_chinese(world) -> None:  # type: ignore[no-untyped-def]
    from zhengce.eligibility import read_profile

    _, client = world
    first = client.get("/eligibility")
    assert ">个人</option>" in first.text and ">household</option>" not in first.text
    assert read_profile({"kind": "家庭", "home_type": "新建商品住房", "monitoring_group": "无"})[0] == {
        "kind": "household", "home_type": "new_residential", "monitoring_group": []}
    done = client.post("/eligibility", data={**PROFILE, "kind": "household", "on": "2024-09-01"})
    assert "申请人为家庭" in done.text and "画像为" not in done.text and "household" not in done.text.split("对照结果")[1]


def test_the_citizen_form_offers_choices_and_answers_in_chinese_words(world) -> None:  # type: ignore[no-untyped-def]
    import re

    from zhengce.web.routes.eligibility import FormAbout

    _, client = world
    first = client.post("/eligibility", data={"kind": "person", "on": "2024年9月1日"})
    assert first.status_code == 200
    county = re.search(r'<select id="q-county" name="county">(.*?)</select>', first.text, re.S)
    assert county and "冷水滩区" in county.group(1) and "其他地方" in county.group(1)  # a choice, not free text
    assert 'type="date"' not in first.text  # a text box that takes 2024年9月1日, no mm/dd/yyyy
    facts = PROFILE | {"county": "江华瑶族自治县", "first_home": "true", "on": "2024/09/01"}
    shown = client.post("/eligibility", data=facts).text
    assert "<dd>是</dd>" in shown and ">true<" not in shown  # a yes/no answer shown as 是
    assert "county=" not in shown and "（您的回答：江华瑶族自治县）" in shown  # reasons in words
    assert not re.search(r"<span class=\"muted\">[^<]*：0\.00</span>", shown)  # no zero placeholders in traces
    group = client.post("/eligibility", data={"kind": "person", "county": "江华瑶族自治县",
                                              "monitoring_group": ["脱贫户", "边缘易致贫户"]})
    assert "脱贫户、边缘易致贫户" in group.text  # every ticked box kept
    bad = client.post("/eligibility", data={"kind": "person", "monitoring_group": "abc"})
    assert bad.status_code == 400 and "不是可选的一项" in bad.text
    twin = client.get("/api/eligibility")
    assert twin.status_code == 200
    about = FormAbout.model_validate_json(twin.text, strict=True)
    assert "冷水滩区" in about.places and "脱贫户" in about.lists["monitoring_group"]
