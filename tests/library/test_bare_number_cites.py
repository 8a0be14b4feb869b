"""A document that names another by a bare 文号 in the middle of a sentence (各单位按南政办发〔2024〕12号文件要求…)
links to it on its page, and the cited document lists it under 引用本文件的文件 — on the pages and their JSON twins."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.db.test_store import PLAN, ingest
from zhengce import library
from zhengce.db import open_store
from zhengce.web.app import create_app

BARE = """南河市数据局
关于开展政务数据共享自查的通知
南数函〔2024〕8号
各县区数据局，市直各单位：
各单位按南政办发〔2024〕12号文件要求，于2024年10月底前完成共享目录自查，并依照南政办函（２０２３）第５号规定报送结果。
南河市数据局
2024年9月3日
"""


def test_a_bare_number_mid_sentence_links_both_ways(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "bare.txt", BARE)
    engine = open_store(db)
    cited = library.search(engine, "南政办发〔2024〕12号").results[0]
    citing = library.search(engine, "南数函〔2024〕8号").results[0]
    client = TestClient(create_app(engine=engine))

    twin = client.get(f"/api/doc/{citing['id']}").json()["cites"]
    assert [(c["doc_number"], c["resolved"] and c["resolved"]["id"]) for c in twin] == [
        ("南政办发〔2024〕12号", cited["id"]),
        ("南政办函〔2023〕5号", None),  # not in the library: listed, unresolved, with its own code only
    ]
    page = client.get(f"/doc/{citing['id']}").text
    assert f'<a href="/doc/{cited["id"]}">南政办发〔2024〕12号</a>' in page
    assert "各单位按" not in page.split("引用的文件", 1)[1].split("</ul>", 1)[0]

    back = client.get(f"/api/doc/{cited['id']}").json()["cited_by"]
    assert [d["id"] for d in back] == [citing["id"]]
    page = client.get(f"/doc/{cited['id']}").text
    assert "引用本文件的文件" in page and f'href="/doc/{citing["id"]}"' in page
