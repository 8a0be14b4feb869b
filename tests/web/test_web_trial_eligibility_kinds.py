"""Trial 22c, eligibility for a company: questions in a company's words, a plain sentence when no rule covers its
case, ended rules marked with their last day, clauses named as a reader names them, and `zhengce match` in
Chinese without internal keys, readable in 80 columns."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from zhengce.access.accounts import today as today_cn
from zhengce.cli.main import app
from zhengce.db import open_store
from zhengce.eligibility import PROFILE_KEYS, load_rules
from zhengce.web.app import create_app

COMPANY = {"kind": "enterprise", "county": "冷水滩区"}
PERSON_WORDS = {k.question for k in PROFILE_KEYS.values() if k.enterprise}  # wordings a company is not asked in


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1 for ch in line)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(engine=open_store(str(tmp_path_factory.mktemp("kinds") / "k.db"))))


def test_a_company_is_asked_in_a_companys_words(client: TestClient) -> None:
    got = client.post("/api/eligibility/match", params={"on": "2025-03-01"}, json=COMPANY).json()
    asked = [q["question"] for q in got["questions"]]
    assert asked and not PERSON_WORDS & set(asked)
    assert any("企业" in q for q in asked)
    person = client.post("/api/eligibility/match", params={"on": "2025-03-01"},
                         json={"kind": "person", "county": "冷水滩区"}).json()
    assert PERSON_WORDS & {q["question"] for q in person["questions"]}  # a person keeps the person's wording
    assert not got["coverage"] and not person["coverage"]


def test_no_rule_covering_a_company_is_said_plainly(client: TestClient) -> None:
    profile = COMPANY | {"invention_patents_last_year": 0, "home_type": "second_hand", "patent_pledge_loan": 0,
                         "ip_title": "none"}
    got = client.post("/api/eligibility/match", params={"on": "2025-03-01"}, json=profile).json()
    assert all(a["answer"] in {"不符合", "规则不全"} for a in got["answers"])
    firms = sum(1 for r in load_rules() if "enterprise" in r.who)
    assert "没有一条已收录的规则覆盖您的情况" in got["coverage"] and f"面向企业的 {firms} 条" in got["coverage"]
    page = client.post("/eligibility", data=profile | {"on": "2025-03-01"}).text
    assert "没有一条已收录的规则覆盖您的情况" in page


def test_rules_list_marks_ended_periods_and_names_clauses(client: TestClient) -> None:
    rules = client.get("/api/eligibility/rules").json()["rules"]
    today = today_cn()
    for r in rules:
        end = r["period"]["to"]
        assert bool(r.get("ended")) == bool(end and date.fromisoformat(end) < today), r["rule"]
        if r.get("ended"):
            assert end in r["ended"] and r["ended"].startswith("已结束")
    page = client.get("/eligibility/rules").text
    assert page.count("已结束（最后一天") == sum(1 for r in rules if r.get("ended"))
    assert not re.search(r"[）\s]（?[一二三四五六七八九十]+(、[一二三四五六七八九十]+)+）?<", page)  # no bare 一、二、三、四
    many = next(r for r in rules if "、" in r["clause"])
    assert many["clause_name"].startswith("第") and many["clause_name"].endswith("部分")


def test_match_speaks_chinese_in_80_columns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    said = runner.invoke(app, ["match", "--profile", json.dumps(COMPANY, ensure_ascii=False), "--on", "2025年3月1日"],
                         env={"COLUMNS": "80"}, terminal_width=80)
    assert said.exit_code == 0
    assert not re.search(r"[a-z]+_[a-z_]+", said.stdout)  # no internal key such as purchase_date
    assert all(_width(line) <= 80 for line in said.stdout.splitlines())  # as a terminal shows it
    assert "永政办发〔2024〕10号" in said.stdout and "企业" in said.stdout


def test_the_ip_measures_a_company_can_claim_are_rules_with_their_clauses(client: TestClient) -> None:
    # 永政办发〔2024〕13号 二 (pledge-loan evaluation fee) and 三 (示范、优势企业, GB/T 29490), as the text states them
    profile = COMPANY | {"patent_pledge_loan": "300万元", "ip_title": "national_advantage"}
    got = {a["rule"]: a for a in client.post("/api/eligibility/match", params={"on": "2025-03-01"},
                                             json=profile).json()["answers"]}
    pledge, title = got["yongzhou-ip-pledge-subsidy"], got["yongzhou-ip-enterprise-award"]
    assert (pledge["answer"], pledge["clause"], title["answer"], title["clause"]) == ("符合", "二", "符合", "三")
    calc = client.post("/api/calc/ip-award", json={"pledge_loans": ["3000000"], "titles": ["national_advantage"],
                                                   "on": "2025-03-01"}).json()
    assert pledge["amount"] == calc["parts"]["pledge"] and title["amount"] == calc["parts"]["enterprise"]
    small = COMPANY | {"patent_pledge_loan": "20万元", "ip_title": "none"}
    refused = {a["rule"]: a for a in client.post("/api/eligibility/match", params={"on": "2025-03-01"},
                                                 json=small).json()["answers"]}
    assert refused["yongzhou-ip-pledge-subsidy"]["answer"] == refused["yongzhou-ip-enterprise-award"]["answer"] == "不符合"
    person = {a["rule"]: a for a in client.post("/api/eligibility/match", params={"on": "2025-03-01"},
                                                json={"kind": "person"}).json()["answers"]}
    assert not person["yongzhou-ip-pledge-subsidy"]["questions"]  # nobody asks a resident about patent loans
