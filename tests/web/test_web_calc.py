"""The calculators in the web app and the API, with links from each step to the clause it applies."""

from __future__ import annotations

import re
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


def _cli(name: str, data: dict) -> dict:
    import json

    from typer.testing import CliRunner

    from zhengce.cli.main import app

    got = CliRunner().invoke(app, ["calc", name, "--input", "-"], input=json.dumps(data, ensure_ascii=False))
    assert got.exit_code == 0, got.output
    return json.loads(got.stdout)


def _headline(html: str) -> str:
    import re

    m = re.search(r"<h2>[^<：]*：([\d.]+) 元</h2>", html)
    assert m, html[-3000:]
    return m.group(1)


@pytest.mark.parametrize(("name", "form", "json_input", "amount"), [
    # 1,200 in a per-line box is 1200, whether the line is parted by ，or by a space (二级: (1200 − 200) × 60 %)
    ("outpatient", {"person": "employee", "visits": "二级，1,200"},
     {"person": "employee", "visits": [{"level": "二级", "eligible_cost": "1,200"}]}, "600.00"),
    ("outpatient", {"person": "在职职工", "visits": "二级 1,200.50"},
     {"person": "在职职工", "visits": [{"level": "2", "eligible_cost": "1200.50"}]}, "600.30"),
    # a 三甲医院 is a 三级 hospital: (800 − 300) × 60 %
    ("outpatient", {"person": "employee", "visits": "三甲医院 800"},
     {"person": "employee", "visits": [{"level": "三甲医院", "eligible_cost": "800元"}]}, "300.00"),
    # a loan of 2,000,000 is in the middle band, not a loan of 2 元: 5000 + (L − 50万) / (1000万 − 50万) × 15000
    ("ip-award", {"pledge_loans": "2,000,000"}, {"pledge_loans": ["200万元"]}, "7368.42"),
    ("ip-award", {"pledge_loans": "300万元"}, {"pledge_loans": ["3,000,000"]}, "8947.37"),
    # fees named by their Chinese kind; the waived fees are a part, the headline says what it counts
    ("town-incentive", {"fees": "县级行政事业性收费，120000", "land_revenue": "10万元"},
     {"fees": [{"kind": "行政事业性收费", "amount": "120,000"}], "land_revenue": "100000"}, "60000.00"),
    # areas with their units, places as people name them (85800 × 0.83 × 10)
    ("land-compensation", {"county": "冷水滩区", "zone": "I", "land_type": "旱地", "area_mu": "10亩"},
     {"county": "永州市冷水滩区", "zone": "Ⅰ", "land_type": "旱地", "area_mu": "10"}, "712140.00"),
    # 出险日期 in Chinese: inside the insurance period, (25000 − 500) → 20000 × 30 % + 4500 × 40 %
    ("poverty-insurance", {"cause": "因病", "out_of_pocket": "2.5万元", "event_date": "2024年3月1日",
                           "exceeds_warning_line": "1"},
     {"cause": "medical", "out_of_pocket": "25,000", "event_date": "2024/3/1"}, "7800.00"),
    ("housing-subsidy", {"deed_tax": "9,000", "floor_area": "110㎡", "contract_date": "2024/3/1", "new_build": "1",
                         "first_home": "1", "county_town": "1"},
     {"deed_tax": "0.9万元", "floor_area": "110平方米", "contract_date": "2024年3月1日", "first_home": "是"},
     "16300.00"),  # 9000 × 70 % + min(110 × 100, 10000)
])
def test_what_people_type_gives_the_same_amount_by_form_api_and_cli(client: TestClient, name: str, form: dict,
                                                                    json_input: dict, amount: str) -> None:
    page = client.post(f"/calc/{name}", data=form)
    assert page.status_code == 200, page.text[-2000:]
    assert _headline(page.text) == amount
    assert client.post(f"/api/calc/{name}", json=json_input).json()["amount"] == amount
    assert _cli(name, json_input)["amount"] == amount


def test_refusals_name_the_field_in_chinese_with_what_it_takes(client: TestClient) -> None:
    import re

    cases = [
        ("outpatient", {"person": "employee", "visits": "四级医院 800"}, "“就诊第1项的医院级别”",
         "基层医疗卫生机构、一级医疗机构、二级医疗机构、三级医疗机构"),
        ("ip-award", {"transfers": "50000，也许"}, "与下属企业之间", "应为 是 或 否"),
        ("poverty-insurance", {"cause": "天灾人祸"}, "“申请原因”", "因病、因学、因灾"),
        ("poverty-insurance", {"cause": "因病", "out_of_pocket": "1000", "event_date": "三月一日"}, "“出险日期",
         "2025年3月1日"),
        ("ip-award", {"pledge_loans": "10亩"}, "专利权质押贷款额度（元）第1项", "1,200"),  # 亩 is no amount
        ("land-compensation", {"county": "冷水滩区", "zone": "I", "land_type": "旱地", "area_mu": "10万元"},
         "“面积（亩）”", "10亩"),
        ("outpatient", {"person": "employee", "visits": "二级，1,200，3"}, "“就诊”第1行有 3 项", "医院级别"),
    ]
    for name, form, where, accepted in cases:
        page = client.post(f"/calc/{name}", data=form)
        assert page.status_code == 400, (name, form)
        error = re.search(r'<p class="error" role="alert">(.*?)</p>', page.text, re.S)
        assert error, page.text[-1500:]
        text = error.group(1).replace("&#34;", '"')
        assert where in text and accepted in text, text
        assert not re.search(r"Input should|'[a-z_]+'|true|false|字段 ", text), text  # no English, no codes
    api = client.post("/api/calc/poverty-insurance", json={"cause": "天灾人祸"}).json()["error"]
    assert api.startswith("“申请原因”：应为 因病") and " / cause: " in api  # Chinese first, then English


def test_a_calculator_names_its_document_and_says_when_it_has_lapsed(client: TestClient) -> None:
    about = client.get("/api/calc/deed-tax-subsidy").json()
    source = about["source"]
    assert source["doc_number"] == "永政办发〔2024〕10号" and source["validity"]["period"] == "2024年7月22日至2025年7月21日"
    listed = {c["name"]: c for c in client.get("/api/calc").json()["calculators"]}
    assert listed["deed-tax-subsidy"]["state"] == "已失效" and listed["land-compensation"]["state"] == "现行有效"
    assert "今天已失效" in client.get("/calc").text
    from typer.testing import CliRunner

    from zhengce.cli.main import app

    listing = CliRunner().invoke(app, ["calc", "--list"], env={"COLUMNS": "100"}).stdout.replace("│", "")
    assert "今天已失效" in "".join(listing.split())  # the lapsed measures said in the CLI's list too
    page = client.get("/calc/deed-tax-subsidy").text
    assert page.index("永政办发〔2024〕10号") < page.index('<form method="post" action="/calc/')  # before computing
    late = client.post("/calc/deed-tax-subsidy", data={"deed_tax": "12000", "children": "2",
                                                       "contract_date": "2025年8月1日", "new_build": "1",
                                                       "central_city": "1", "tax_paid_in_full": "1"}).text
    assert "2025年8月1日时，永政办发〔2024〕10号已失效（有效期 2024年7月22日至2025年7月21日）" in late
    assert "公积金最高贷款额度</dt>" not in late and "不适用" in late  # the lapsed ceiling is not printed as due
    assert "读作" not in late
    inside = client.post("/api/calc/deed-tax-subsidy", json={"deed_tax": "12000", "children": 2,
                                                             "contract_date": "2024-09-01"}).json()
    assert inside["validity"]["state"] == "现行有效" and inside["fund_loan_ceiling"] == "700000.00"
    assert not any("失效" in s["text"] for s in inside["steps"])


def test_places_are_offered_from_the_price_table_and_parts_named_in_chinese(client: TestClient) -> None:
    land = client.get("/calc/land-compensation").text
    assert '<select id="f-county" name="county">' in land and '<option value="江华瑶族自治县"' in land
    for typed in ("冷水滩", "永州市冷水滩区"):
        got = client.post("/api/calc/land-compensation", json={"county": typed, "zone": "I", "land_type": "园地",
                                                               "area_mu": "2"}).json()
        assert got["amount"] == "114972.00" and got["steps"][0]["text"].startswith("冷水滩区")
    fees = client.post("/calc/town-incentive", data={"fees": "行政事业性收费，120000"}).text
    assert "减免费用：<strong>120000.00 元</strong>" in fees  # beside the township's 0.00, not only far below
    ip = client.post("/calc/ip-award", data={"pledge_loans": "2,000,000", "domestic_patents": "3"}).text
    assert "知识产权创造奖励：9000.00" in ip and "专利权质押贷款评估费补贴：7368.42" in ip
    assert not re.search(r"creation|pledge：|enterprise：|protection|transfer：", ip)
    steps = client.post("/api/calc/land-compensation", json={"county": "冷水滩区", "zone": "I", "land_type": "旱地",
                                                              "area_mu": "10"}).json()["steps"]
    factor = next(s for s in steps if "地类系数" in s["text"])
    assert factor["amount"] is None  # a coefficient is not shown beside the total
    year = client.get("/api/calc/outpatient").json()["fields"][-1]
    from zhengce.access.accounts import today

    assert year["name"] == "year" and year["default"] == today().year
