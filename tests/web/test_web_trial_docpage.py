"""Trial 22c, the document page: it offers the calculators and eligibility rules that compute from the document
(each saying whether it applies on the day asked), reads the day as people write it, and answers a day it
cannot read beside the field; /api/status names the first day a lapsed document is no longer in force."""

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
    engine = open_store(str(tmp_path_factory.mktemp("docpage") / "d.db"))
    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    for path in sorted(folder.glob("*.txt")):
        store_parsed(engine, parse_path(path), path.stat().st_size)
    return TestClient(create_app(engine=engine))


def _doc(client: TestClient, number: str) -> int:
    hits = client.get("/api/search", params={"q": number}).json()["results"]
    return int(next(h["id"] for h in hits if h["doc_number"] == number))


def test_the_page_offers_what_computes_from_it_and_says_whether_it_applies(client: TestClient) -> None:
    deed = _doc(client, "永政办发〔2024〕10号")  # 执行期限 2024-07-22 to 2025-07-21
    during = client.get(f"/api/doc/{deed}", params={"as_of": "2025年3月1日"}).json()
    assert during["as_of"] == "2025-03-01" and during["status"]["status"] == "valid"
    uses = {u["url"]: u for u in during["uses"]}
    assert "/calc/deed-tax-subsidy" in uses and any(u.startswith("/eligibility/rules/") for u in uses)
    assert all(u["applies"] for u in uses.values())
    after = client.get(f"/api/doc/{deed}", params={"as_of": "2025/08/01"}).json()
    assert after["status"]["status"] == "expired" and not any(u["applies"] for u in after["uses"])
    calc = next(u for u in after["uses"] if u["url"] == "/calc/deed-tax-subsidy")
    assert calc["end"] == "2025-07-21" and "2025-07-21" in calc["note"] and calc["clause"]
    page = client.get(f"/doc/{deed}", params={"as_of": "2025-08-01"}).text
    assert 'href="/calc/deed-tax-subsidy"' in page and "不适用" in page and "已结束" in page


def test_a_scheme_with_its_own_insurance_year_shows_its_period(client: TestClient) -> None:
    scheme = _doc(client, "江政办发〔2024〕3号")  # 保险期限 2023年10月1日零时起至2024年9月30日24时止
    data = client.get(f"/api/doc/{scheme}", params={"as_of": "2024-06-01"}).json()
    assert (data["document"]["effective_from"], data["document"]["expires_on"]) == ("2023-10-01", "2024-09-30")
    assert data["status"]["status"] == "valid"
    assert client.get("/api/status", params={"doc": "江政办发〔2024〕3号"}).json()["status"]["status"] == "expired"


def test_a_day_that_cannot_be_read_is_a_message_beside_the_field(client: TestClient) -> None:
    deed = _doc(client, "永政办发〔2024〕10号")
    page = client.get(f"/doc/{deed}", params={"as_of": "去年春天"})
    assert page.status_code == 200
    assert 'id="as_of-error"' in page.text and "2025年3月1日" in page.text and "去年春天" in page.text
    assert "as_of" not in page.text.split('id="as_of-error"')[1].split("</span>")[0]  # no parameter name in it
    assert "没有这一天" in client.get(f"/doc/{deed}", params={"as_of": "2025年2月30日"}).text
    api = client.get(f"/api/doc/{deed}", params={"as_of": "去年春天"})
    assert api.status_code == 400 and "判断日期应为日期" in api.json()["error"]


def test_status_since_is_the_first_day_no_longer_in_force(client: TestClient) -> None:
    last = client.get("/api/status", params={"doc": "永政办发〔2024〕10号", "as_of": "2025年7月21日"}).json()
    assert last["status"]["status"] == "valid"
    lapsed = client.get("/api/status", params={"doc": "永政办发〔2024〕10号", "as_of": "2025/07/22"}).json()
    assert (lapsed["status"]["status"], lapsed["status"]["since"]) == ("expired", "2025-07-22")
    assert client.get("/api/status", params={"doc": "永政办发〔2024〕10号", "as_of": "七月"}).status_code == 400


def test_a_machine_made_file_name_is_not_shown_to_the_public(client: TestClient) -> None:
    deed = _doc(client, "永政办发〔2024〕10号")
    source = client.get(f"/api/doc/{deed}").json()["document"]["source"]
    assert re.fullmatch(r"[0-9a-f_]+\.txt", source)  # the bundled samples are named by number and hash
    page = client.get(f"/doc/{deed}").text
    assert source not in page and f'href="/api/doc/{deed}"' in page


def test_a_growth_target_reads_as_growth_on_the_document_and_plan_pages(tmp_path: Path) -> None:
    from zhengce.parse.pipeline import parse_text

    text = ("东湖县人民政府\n东湖县2025年重点工作任务分工方案\n一、主要预期目标\n1.地区生产总值增长6.2%左右。\n"
            "牵头单位：县发改局\n2.森林覆盖率达到65%以上。\n牵头单位：县林业局\n")
    engine = open_store(f"sqlite:///{tmp_path / 'z.db'}")
    store_parsed(engine, parse_text(text, "plan.txt"), len(text))
    client = TestClient(create_app(engine=engine))
    doc = client.get("/api/search", params={"q": "地区生产总值"}).json()["results"][0]["id"]
    for url in (f"/doc/{doc}", f"/doc/{doc}/plan"):
        cells = re.findall(r"<td>([^<]*)</td>", client.get(url).text)
        assert "增长6.2%左右" in cells and "65%以上" in cells, url  # a level keeps no change word
