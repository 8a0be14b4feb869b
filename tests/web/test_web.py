"""The web app and the API against a real database, as a user and a program see them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.db.test_store import LATER, PLAN
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.web.app import create_app

HOSTILE = (
    "西岭县人民政府\n关于<img src=x onerror=alert(1)>做好防汛工作的通知\n西政函〔2024〕9号\n各乡镇人民政府：\n"
    "请点击<a href=\"javascript:alert(2)\">这里</a>报名，<script>document.cookie</script>并做好准备。\n"
    "一、加强值守。=HYPERLINK(\"http://x\")值班人员要在岗。（县应急局牵头，各乡镇负责）\n西岭县人民政府\n2024年5月2日\n"
)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    db = str(tmp_path / "web.db")
    engine = open_store(db)
    for name, content in (("plan.txt", PLAN), ("later.txt", LATER), ("hostile.txt", HOSTILE)):
        store_parsed(engine, parse_text(content, name), len(content))
    return TestClient(create_app(engine=engine))


def doc_id(client: TestClient, number: str) -> int:
    return int(client.get("/api/search", params={"q": number}).json()["results"][0]["id"])


def test_search_api_contract(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "共享目录"}).json()
    assert data["total"] == 1
    (hit,) = data["results"]
    assert {"doc_number", "title", "issuer", "signed", "url", "snippet"} <= set(hit)
    assert hit["doc_number"] == "南政办发〔2024〕12号" and hit["signed"] == "2024-03-08"
    assert "共享目录" in hit["snippet"] and hit["url"].startswith(f"/doc/{hit['id']}#")


def test_every_page_has_a_json_twin(client: TestClient) -> None:
    plan = doc_id(client, "南政办发〔2024〕12号")
    unit = client.get(f"/api/doc/{plan}/plan").json()["units"][0]["unit_id"]
    pages = ["/", "/search?q=数据", f"/doc/{plan}", f"/doc/{plan}/plan", f"/unit/{unit}", "/units",
             "/issuer/南河市人民政府办公室", "/jurisdiction/南河市"]
    for path in pages:
        html = client.get(path)
        twin = client.get("/api" + (path if path != "/" else ""))
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html"), path
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json", path
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"] and "/api/doc/{doc_id}/plan" in spec["paths"]
    assert "/api/search" in client.get("/docs").text  # described without scripts from the network


def test_document_page_shows_metadata_tasks_targets_and_links(client: TestClient) -> None:
    plan = doc_id(client, "南政办发〔2024〕12号")
    page = client.get(f"/doc/{plan}").text
    assert "南政办发〔2024〕12号" in page and "NHDR-2024-01002" in page
    assert 'id="plan1/a2/c1"' in page  # clause anchors
    assert "政务数据共享率" in page and "95%以上" in page
    assert "南政办函〔2024〕30号" in page  # cited by
    data = client.get(f"/api/doc/{plan}").json()
    assert data["tasks"][0]["units"][0]["name"] == "市数据局"


def test_hostile_text_is_shown_as_text(client: TestClient) -> None:
    hostile = doc_id(client, "西政函〔2024〕9号")
    for path in (f"/doc/{hostile}", "/search?q=防汛", "/issuer/西岭县人民政府"):
        page = client.get(path).text
        assert "<script>document" not in page and "<img src=x" not in page and 'href="javascript:' not in page
        assert "&lt;script&gt;" in page or "&lt;img" in page


def test_malformed_requests_get_clear_answers(client: TestClient) -> None:
    odd = client.get("/search", params={"q": "数据", "page": "abc", "year": "20x4", "validity": "???"})
    assert odd.status_code == 200 and "不是整数" in odd.text and "未知的效力状态" in odd.text
    assert client.get("/api/search", params={"q": "x" * 10000}).json()["notice"]
    assert client.get("/api/search?q=%00%FF%FE").status_code == 200
    missing = client.get("/doc/999999")
    assert missing.status_code == 404 and "不存在" in missing.text
    assert client.get("/api/doc/999999").json() == {"error": "文档不存在 / not found"}
    bad = client.get("/api/doc/abc")
    assert bad.status_code == 400 and "error" in bad.json()


def test_filters_and_facets_on_pages(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "", "has_tasks": "1"}).json()
    assert {r["doc_number"] for r in data["results"]} == {"南政办发〔2024〕12号", "南政办函〔2024〕30号",
                                                         "西政函〔2024〕9号"}
    data = client.get("/api/search", params={"q": "", "jurisdiction": "西岭县"}).json()
    assert [r["doc_number"] for r in data["results"]] == ["西政函〔2024〕9号"]
    assert {f["value"] for f in data["facets"]["jurisdiction"]} == {"西岭县"}


def test_task_lists_download_as_xlsx_and_csv(client: TestClient) -> None:
    plan = doc_id(client, "南政办发〔2024〕12号")
    xlsx = client.get(f"/doc/{plan}/tasks.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("发文字号", "所属方案", "序号", "任务", "任务内容", "牵头单位")
    assert rows[1][0] == "南政办发〔2024〕12号" and rows[1][5] == "市数据局" and rows[1][7] == "各县区人民政府"
    assert rows[2][5] == "市税务局、市自然资源和规划局"
    hostile = doc_id(client, "西政函〔2024〕9号")
    text = client.get(f"/doc/{hostile}/tasks.csv").content.decode("utf-8-sig")
    task = next(csv.DictReader(io.StringIO(text)))
    assert task["text"].startswith("加强值守") and task["lead"] == "县应急局"
    unit = client.get(f"/api/doc/{plan}/plan").json()["units"][0]["unit_id"]
    unit_rows = list(load_workbook(io.BytesIO(client.get(f"/unit/{unit}/tasks.xlsx").content)).active
                     .iter_rows(values_only=True))
    assert [r[8] for r in unit_rows[1:]] == ["牵头", "牵头"]


def test_csv_cells_never_run_as_formulas(client: TestClient) -> None:
    text = client.get("/search.csv", params={"q": "值守"}).content.decode("utf-8-sig")
    for row in csv.DictReader(io.StringIO(text)):
        for value in row.values():
            assert not value.startswith(("=", "+", "@"))


def test_pages_speak_chinese_where_the_api_keeps_both(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from zhengce.db import open_store
    from zhengce.library.ingest import store_parsed
    from zhengce.parse.pipeline import parse_text
    from zhengce.web.app import chinese_part, create_app

    assert chinese_part("文号取自网页元数据 / document number taken from the page metadata") == "文号取自网页元数据"
    assert chinese_part("a / b") == "a / b" and chinese_part(None) == ""
    engine = open_store(str(tmp_path / "z.db"))
    text = ("索引号：000-2024-1\n文号：东政办发〔2024〕3号\n\n关于做好冬季森林防火工作的通知\n\n各乡镇人民政府：\n"
            "请做好冬季森林防火工作。\n\n东河县人民政府办公室\n2024年11月2日\n")
    store_parsed(engine, parse_text(text, "w.txt"), len(text))
    client = TestClient(create_app(engine=engine))
    page = client.get("/doc/1")
    assert "取自网页元数据" in page.text and "taken from the page metadata" not in page.text
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "页面不存在" in missing.text and "Not Found" not in missing.text
    assert "not found" in client.get("/api/doc/99").json()["error"]  # the API keeps the English half
