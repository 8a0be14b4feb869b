"""The calculators in the web app and the API, with links from each step to the clause it applies."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path
from zhengce.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    engine = open_store(str(tmp_path_factory.mktemp("calc") / "c.db"))
    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    for path in sorted(folder.glob("*.txt"))[:2]:  # the gazettes holding the two documents
        parsed = parse_path(path)
        store_parsed(engine, parsed, path.stat().st_size)
    return TestClient(create_app(engine=engine))


def test_the_api_computes_and_links_each_step_to_its_clause(client: TestClient) -> None:
    listed = client.get("/api/calc").json()["calculators"]
    assert {c["name"] for c in listed} >= {"land-compensation", "outpatient"}
    got = client.post("/api/calc/land-compensation", json={"county": "冷水滩区", "zone": "I", "land_type": "园地",
                                                           "area_mu": "2"})
    assert got.status_code == 200 and got.json()["amount"] == "114972.00"  # 85800 × 0.67 × 2
    urls = {s["clause"]["clause"]: s["clause"]["url"] for s in got.json()["steps"] if s["clause"]}
    assert urls["附件"].endswith("#att1") and urls["一"].endswith("#a1")
    article = client.post("/api/calc/outpatient", params={"option.deductible": "per_level_year"},
                          json={"person": "employee", "visits": [{"level": "2", "eligible_cost": "300"}] * 2})
    assert article.json()["amount"] == "240.00"
    assert article.json()["steps"][1]["clause"]["url"].endswith("/art8")
    bad = client.post("/api/calc/outpatient", json={"person": "student"})
    assert bad.status_code == 400 and "person" in bad.json()["error"]
    assert client.post("/api/calc/outpatient", content=b"{nope",
                       headers={"content-type": "application/json"}).status_code == 400
    assert client.post("/api/calc/lottery", json={}).status_code == 404
    about = client.get("/api/calc/outpatient").json()
    assert about["options"][0]["default"] == "per_visit" and about["fields"][1]["kind"] == "list"


def test_the_form_shows_the_result_its_steps_and_errors(client: TestClient) -> None:
    assert "征地补偿" in client.get("/calc").text
    form = client.get("/calc/land-compensation")
    assert form.status_code == 200 and 'name="land_type"' in form.text and "未利用地" in form.text
    done = client.post("/calc/land-compensation", data={"county": "道县", "zone": "II", "land_type": "未利用地",
                                                        "area_mu": "0.5"})
    assert "征地补偿合计：15450.00 元" in done.text and "永政发〔2024〕5号 二" in done.text and 'href="/doc/' in done.text
    visits = client.post("/calc/outpatient", data={"person": "retiree", "visits": "3,5000\n1,100"})
    assert "统筹基金支付：2000.00 元" in visits.text
    wrong = client.post("/calc/land-compensation", data={"county": "<script>x</script>", "zone": "I",
                                                         "land_type": "水田", "area_mu": "1"})
    assert wrong.status_code == 400 and "&lt;script&gt;" in wrong.text and "<script>x" not in wrong.text
    assert client.get("/calc/lottery").status_code == 404


def test_the_form_starts_from_the_models_defaults(client: TestClient) -> None:
    form = client.get("/calc/poverty-insurance").text
    assert 'name="exceeds_warning_line" value="1" checked' in form  # true unless the user unticks it
    assert '<option value="">（不填）</option>' in form  # an optional choice can stay empty
    done = client.post("/calc/poverty-insurance", data={"cause": "disaster", "loss": "21000",
                                                        "exceeds_warning_line": "1", "school_type": ""})
    assert "：8000.00 元</h2>" in done.text
    unticked = client.post("/calc/poverty-insurance", data={"cause": "disaster", "loss": "21000"})
    assert "：0.00 元</h2>" in unticked.text


def test_forms_speak_chinese_and_take_several_choices(client: TestClient) -> None:
    import re

    deed = client.get("/calc/deed-tax-subsidy").text
    assert ">住宅</option>" in deed and ">residential</option>" not in deed and "房屋类型" in deed
    ip = client.get("/calc/ip-award").text
    assert 'name="titles.gbt29490"' in ip and "通过 GB/T 29490 认证" in ip and "读法：质押贷款评估费补贴" in ip
    got = client.post("/calc/ip-award", data={"titles.national_advantage": "1", "titles.gbt29490": "1"})
    assert "知识产权奖补合计：30000.00 元" in got.text  # 就高不重复 across the two ticked titles
    cases = client.post("/calc/ip-award", data={"cases": "30000，否，否"})
    assert "知识产权奖补合计：15000.00 元" in cases.text
    wrong = client.post("/calc/deed-tax-subsidy", data={"deed_tax": "许多", "contract_date": "2024-08-15"})
    assert wrong.status_code == 400 and "“已缴纳的契税（元）”" in wrong.text
    assert not re.search(r"Input should|字段 deed_tax", wrong.text)
    pollution = client.post("/calc/pollution-warning", data={"series": "2024-12-01T00:00，250\n2024-12-02T00:00，260"})
    assert pollution.status_code == 200 and "None" not in pollution.text and "<h2>结果</h2>" in pollution.text
