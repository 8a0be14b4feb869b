"""A document that names the same document twice (its basis in the preamble, again in a clause) lists it once
under 引用的文件, saying how often, on the page and in its JSON twin."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.db.test_store import PLAN, ingest
from zhengce import library
from zhengce.db import open_store
from zhengce.web.app import create_app

TWICE = """南州市人民政府办公室
关于做好政务数据共享工作的通知
南政办函〔2024〕41号
各县区人民政府，市直各单位：
根据《南州市政务数据共享管理办法》（南政办发〔2024〕12号）和《中华人民共和国数据安全法》，现就有关事项通知如下。
一、各单位按《南州市政务数据共享管理办法》要求编制共享目录。
二、本通知自印发之日起施行。
南州市人民政府办公室
2024年9月3日
"""


def test_a_document_cited_twice_is_listed_once_with_how_often(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "twice.txt", TWICE)
    engine = open_store(db)
    doc = library.search(engine, "南政办函〔2024〕41号").results[0]
    cites = library.document(engine, doc["id"])["cites"]  # type: ignore[index]
    stored = [c for c in cites if c["resolved"]]
    assert [c["resolved"]["doc_number"] for c in stored] == ["南政办发〔2024〕12号"]
    assert stored[0]["times"] == 2
    client = TestClient(create_app(engine=engine))
    page = client.get(f"/doc/{doc['id']}").text
    assert page.count(f'href="{stored[0]["resolved"]["url"]}"') == 1 and "文中提到 2 次" in page
    twin = client.get(f"/api/doc/{doc['id']}").json()["cites"]
    assert [c["times"] for c in twin if c["resolved"]] == [2]
