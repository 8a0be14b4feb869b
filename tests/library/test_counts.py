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
    assert "共 约 " in client.get("/").text and "统计信息的估计" in client.get("/").text
    twin = client.get("/api").json()["counts"]
    assert set(twin["estimated"]) == set(found["estimated"])
