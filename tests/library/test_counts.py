"""The home page's counts: exact for a small library on either engine; past HOME_EXACT on PostgreSQL the
planner's estimate, which the page shows as 约 N (an exact count read every row: seconds at 750,000
documents)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.db import open_store
from zhengce.library import counts
from zhengce.web.app import create_app


def test_a_small_library_is_counted_exactly(db_url: str) -> None:
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    ingest(db_url, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))  # a new version: still one plan
    engine = open_store(db_url)
    found = library.library_counts(engine)
    assert (found["sources"], found["documents"], found["tasks"], found["estimated"]) == (2, 2, 3, [])
    page = TestClient(create_app(engine=engine)).get("/")
    assert "共 2 份文件（2 个来源），3 项任务" in page.text and "约" not in page.text


def test_past_the_bound_postgresql_gives_estimates_the_page_calls_约(db_url: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    engine = open_store(db_url)
    monkeypatch.setattr(counts, "HOME_EXACT", 1)  # as if the library were past the bound
    found = library.library_counts(engine)
    if engine.url.get_backend_name() != "postgresql":  # SQLite counts every row
        assert (found["documents"], found["tasks"], found["estimated"]) == (2, 3, [])
        return
    assert set(found["estimated"]) == {"sources", "documents", "tasks", "units"}
    assert all(found[name] >= 2 for name in found["estimated"])  # never below the bound it passed
    client = TestClient(create_app(engine=engine))
    home = client.get("/").text
    assert f"约 {found['documents']} 份文件" in home and "共 约" not in home and "统计信息的估计" in home
    twin = client.get("/api").json()["counts"]
    assert set(twin["estimated"]) == set(found["estimated"])


def test_the_home_page_lists_the_most_recently_signed_first_and_the_undated_last(db_url: str) -> None:
    ingest(db_url, "plan.txt", PLAN)  # signed 2024-03-08
    ingest(db_url, "later.txt", LATER)  # 2024-06-01
    undated = "北山县人民政府\n关于加强政务数据安全的意见\n北政发〔2023〕5号\n各乡镇人民政府：\n为加强政务数据安全管理，提出如下意见。\n"
    ingest(db_url, "undated.txt", undated)
    ingest(db_url, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))  # a new version replaces the plan
    engine = open_store(db_url)
    listed = library.recent(engine, 12)
    assert [(d["doc_number"], d["signed"]) for d in listed] == [
        ("南政办函〔2024〕30号", "2024-06-01"), ("南政办发〔2024〕12号", "2024-03-08"), ("北政发〔2023〕5号", None)]
    assert [d["doc_number"] for d in library.recent(engine, 1)] == ["南政办函〔2024〕30号"]
