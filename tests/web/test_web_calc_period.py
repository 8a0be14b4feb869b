"""A calculator's stated period is its document's: the calculator page and the document page agree."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zhengce.calc import CALCULATORS
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path
from zhengce.text.typed import cn_day
from zhengce.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    engine = open_store(str(tmp_path_factory.mktemp("calcperiod") / "p.db"))
    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    for path in sorted(folder.glob("*.txt")):
        store_parsed(engine, parse_path(path), path.stat().st_size)
    return TestClient(create_app(engine=engine))


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_the_calculator_states_the_period_its_stored_document_has(client: TestClient, name: str) -> None:
    source = client.get(f"/api/calc/{name}").json()["source"]
    if not source["url"]:
        pytest.skip("文件库未收录该文件")
    doc = client.get(f"/api{source['url']}").json()["document"]
    start, end = doc.get("effective_from"), doc.get("expires_on")
    period = source["validity"]["period"]
    if start and end:  # the page says the document's period, and no second one beside it
        assert period == f"{cn_day(date.fromisoformat(start))}至{cn_day(date.fromisoformat(end))}", (name, period, start, end)
        assert source["library_period"] is None
    if not start:  # a date the document does not state is not said as its effective date
        assert "起施行" not in period or source["library_period"], (name, period)


def _placeholder(html: str, name: str) -> str:
    m = re.search(rf'name="{name}"[^>]*placeholder="([^"]*)"', html)
    assert m, name
    return m.group(1)


def test_a_months_box_refuses_money_and_absurd_counts_and_hints_months(client: TestClient) -> None:
    form = {"deed_tax": "9000", "floor_area": "120", "first_home": "on", "county_town": "on", "new_build": "on",
            "property_type": "residential", "contract_date": "2024-05-10"}
    page = client.get("/calc/housing-subsidy").text
    hint = _placeholder(page, "park_months")
    assert "月数" in hint and "万元" not in hint and "1,200,000" not in hint
    for typed in ("120万元", "1,200,000"):
        got = client.post("/calc/housing-subsidy", data=form | {"park_months": typed})
        assert got.status_code == 400, typed
        assert "个月" not in got.text.split("calc-result")[-1] and "连续稳定就业 1200000" not in got.text
    assert "月数" in client.post("/calc/housing-subsidy", data=form | {"park_months": "120万元"}).text
    fine = client.post("/calc/housing-subsidy", data=form | {"park_months": "30"})
    assert fine.status_code == 200 and "连续稳定就业 30 个月" in fine.text


def test_a_list_lists_the_kinds_its_own_check_accepts(client: TestClient) -> None:
    page = client.get("/calc/poverty-insurance").text
    hint = _placeholder(page, "losses")
    assert "粮食作物" in hint and "经济作物" in hint and "行政事业性收费" not in hint
    got = client.post("/calc/poverty-insurance", data={"cause": "industry", "event_date": "2024-05-01",
                                                       "losses": "经济作物 2"})
    assert "应为" not in got.text.split("<form")[0] and "经济作物" in got.text


def test_a_year_box_gives_a_year_as_its_example_and_counts_give_counts(client: TestClient) -> None:
    assert _placeholder(client.get("/calc/outpatient").text, "year").startswith("年份，如 20")
    assert "年份" not in _placeholder(client.get("/calc/ip-award").text, "domestic_patents")


def test_the_document_page_names_the_clauses_the_amounts_come_from(client: TestClient) -> None:
    source = client.get("/api/calc/deed-tax-subsidy").json()["source"]
    html = client.get(source["url"].split("#")[0]).text
    assert "金额依据条款：一" in html and "有效期依据条款：七" in html
    assert "依据条款：七）" not in html.replace("有效期依据条款：七", "")
