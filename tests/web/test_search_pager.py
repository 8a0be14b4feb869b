"""The search results page as a user pages through it and narrows it: the 效力 facet with its counts (the
documents each status's link then lists), page numbers with the current one marked, and pages too deep to be
worth searching answered at once with a request to narrow the search — on FTS5, tantivy and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SearchDb
from tests.library.test_repealed import A, B
from zhengce.db import open_store, tantivy_index
from zhengce.library import fulltext, pager
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.web.app import create_app
from zhengce.web.routes import search as web_search


def _notice(n: int, year: int, lasting: str) -> str:
    """A county notice on 道路 (B and A are about 农村公路 too): ``lasting`` its validity sentence, if any."""
    return (f"青岚县交通运输局\n关于做好第{n}批道路养护工作的通知\n青交发〔{year}〕{n + 1}号\n各乡镇人民政府：\n"
            f"一、请做好第{n}批公路养护工作。\n二、{lasting}\n青岚县交通运输局\n{year}年3月{n % 27 + 1}日\n")


def _store(url: str, tantivy: bool) -> TestClient:
    engine = open_store(url)
    texts = [("a.txt", A), ("b.txt", B)]
    texts += [(f"old{n}.txt", _notice(n, 2019, "本通知自印发之日起施行，有效期2年。")) for n in range(3)]
    texts += [(f"new{n}.txt", _notice(n + 10, 2025, "本通知自印发之日起施行，有效期5年。")) for n in range(4)]
    texts += [(f"bare{n}.txt", _notice(n + 20, 2024, "请认真落实。")) for n in range(5)]
    for name, text in texts:
        store_parsed(engine, parse_text(text, name), len(text))
    if tantivy:
        tantivy_index.rebuild(engine)
        assert tantivy_index.chosen(engine) == "tantivy"
    return TestClient(create_app(engine=engine))


def _pager(page: str) -> str:
    start = page.index('<nav class="pager"')
    return page[start : page.index("</nav>", start)]


@pytest.fixture
def client(search_db: SearchDb) -> TestClient:
    return _store(search_db.url, search_db.tantivy)


@pytest.mark.parametrize("q", ["公路", ""])
def test_the_validity_facet_counts_what_its_links_list(client: TestClient, q: str) -> None:
    data = client.get("/api/search", params={"q": q, "as_of": "2026-06-01"}).json()
    counts = {f["value"]: f["count"] for f in data["facets"]["validity"]}
    assert sum(counts.values()) == data["total"] == 14 and data["validity_sample"] == 0
    assert counts["repealed"] == 1 and counts["expired"] == 3 and counts["valid"] >= 5
    for key, n in counts.items():  # each link lists as many documents as its count says
        chosen = client.get("/api/search", params={"q": q, "as_of": "2026-06-01", "validity": key}).json()
        assert chosen["total"] == n, key
    shown = client.get("/search", params={"q": q, "as_of": "2026-06-01", "validity": "expired", "has_tasks": "0"}).text
    assert "已筛选：已失效、无任务分工" in shown  # the filters in Chinese, not their keys
    page = client.get("/search", params={"q": q, "as_of": "2026-06-01"}).text
    facet = page[page.index("<h3>效力</h3>"):]
    facet = facet[: facet.index("</ul>")]
    assert re.search(r">已废止</a> <span class=\"muted\">1</span>", facet)
    assert re.search(r">已失效</a> <span class=\"muted\">3</span>", facet)
    assert "尚未生效" not in facet  # a status no document has is not offered


def test_page_numbers_mark_the_current_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 1)  # 14 documents: 14 pages
    data = client.get("/api/search", params={"q": "公路", "page": 7}).json()
    assert data["pages"] == [1, None, 5, 6, 7, 8, 9, None, 14] and data["last_page"] == 14
    page = client.get("/search", params={"q": "公路", "page": 7}).text
    nav = _pager(page)
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>(\d+)</a>', nav)
    assert current == ["7"]
    shown = [int(n) for n in re.findall(r">(\d+)</a>", nav)]
    assert shown == [1, 5, 6, 7, 8, 9, 14] and nav.count("…") == 2
    assert "上一页" in nav and "下一页" in nav and "page=6" in nav and "page=8" in nav
    near = client.get("/api/search", params={"q": "公路", "page": 2}).json()["pages"]
    assert near == [1, 2, 3, 4, None, 14]  # no gap of a single page: 1 2 3 4, not 1 … 3
    last = client.get("/search", params={"q": "公路", "page": 14}).text
    nav = _pager(last)
    assert "下一页" not in nav and "上一页" in nav


def test_deep_pages_are_refused_at_once_and_never_linked(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.perf_counter()
    deep = client.get("/search", params={"q": "公路", "page": 99999})
    assert time.perf_counter() - started < 2
    # 14 results fill one page: the page says so, not the limit of 500 pages, which a user never reached
    assert deep.status_code == 200 and "只有 1 页结果（共 14 份文件）" in deep.text and "只能查看前" not in deep.text
    assert "没有找到" not in deep.text and "回到第一页" in deep.text
    twin = client.get("/api/search", params={"q": "公路", "page": 501}).json()
    assert twin["too_deep"] and twin["results"] == [] and twin["page_limit"] == 500 and twin["last_page"] == 1
    # a library deeper than the limit: the pager stops at it and says why
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 2)
    monkeypatch.setattr(fulltext, "PAGE_LIMIT", 4)
    monkeypatch.setattr(pager, "PAGE_LIMIT", 4)
    data = client.get("/api/search", params={"q": "公路", "page": 4}).json()
    assert data["pages"] == [1, 2, 3, 4] and data["last_page"] == 4 and len(data["results"]) == 2
    page = client.get("/search", params={"q": "公路", "page": 4}).text
    nav = _pager(page)
    assert "page=5" not in nav and "下一页" not in nav and "只能查看前 4 页" in page
    deeper = client.get("/api/search", params={"q": "公路", "page": 5}).json()  # 7 pages of results, 4 opened
    assert deeper["too_deep"] and "缩小范围" in deeper["notice"] and "只有" not in deeper["notice"]


def test_an_estimated_total_promises_no_last_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL browses a large library with the planner's estimate (约 N): the pager ends in … there, not in a
    last page that may not exist; an exact count ends in its last page."""
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 1)
    monkeypatch.setattr(fulltext, "COUNT_CAP", 4)
    data = client.get("/api/search").json()
    if data["total_estimated"]:  # PostgreSQL: 约 N, N at least 5
        assert data["last_page"] is None and data["pages"] == [1, 2, 3, None]
        nav = _pager(client.get("/search").text)
        assert re.findall(r">(\d+)</a>", nav) == ["1", "2", "3"] and "…" in nav and "下一页" in nav
    else:  # SQLite counts every document
        assert data["total"] == 14 and data["last_page"] == 14 and data["pages"] == [1, 2, 3, None, 14]


def test_tantivy_counts_validity_over_every_match(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """tantivy counts 效力 as it counts the other facets, over every match (its fast fields of each document's ends
    and dates), filtered or not, not over the best VALIDITY_SAMPLE results; each count is what its filter link
    lists."""
    client = _store(str(tmp_path / "z.db"), tantivy=True)
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 2)
    monkeypatch.setattr(fulltext, "VALIDITY_SAMPLE", 3)
    data = client.get("/api/search", params={"q": "公路"}).json()
    assert data["total"] == 14 and not data["facets_approximate"] and data["validity_sample"] == 0
    assert sum(f["count"] for f in data["facets"]["validity"]) == 14
    for f in data["facets"]["validity"]:
        assert client.get("/api/search", params={"q": "公路", "validity": f["value"]}).json()["total"] == f["count"]
    assert "效力按排在最前的" not in client.get("/search", params={"q": "公路"}).text
    # with a filter too: the same pass counts the documents the filter keeps
    kept = {"q": "公路", "has_tasks": "0"}
    data = client.get("/api/search", params=kept).json()
    assert data["total"] > 3 and data["validity_sample"] == 0
    assert sum(f["count"] for f in data["facets"]["validity"]) == data["total"]
    for f in data["facets"]["validity"]:
        assert client.get("/api/search", params=kept | {"validity": f["value"]}).json()["total"] == f["count"]


def test_postgresql_counts_validity_over_every_match_it_reads(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL the 效力 facet is counted from each document's stored ends over the matches the other facets
    count (not only the page's rows, as when each status cost its events' lookups), and its counts are what its
    filter links list."""
    client = _store(pg_url, tantivy=False)
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 5)
    for q in ("公路", ""):
        data = client.get("/api/search", params={"q": q, "as_of": "2026-06-01"}).json()
        assert data["total"] == 14 and data["validity_sample"] == 0
        assert sum(f["count"] for f in data["facets"]["validity"]) == 14
        for f in data["facets"]["validity"]:
            listed = client.get("/api/search", params={"q": q, "as_of": "2026-06-01", "validity": f["value"]}).json()
            assert listed["total"] == f["count"]
        assert "效力按排在最前的" not in client.get("/search", params={"q": q, "as_of": "2026-06-01"}).text


def test_the_csv_holds_every_match_not_only_the_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The download is the whole result, page after page (a clerk exporting 27 results got the first 20); past
    CSV_ROWS its last row says how many there were."""
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 5)
    shown = client.get("/api/search", params={"q": "公路"}).json()
    assert shown["total"] == 14 and len(shown["results"]) == 5
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", params={"q": "公路", "page": "2"})
                                           .text.lstrip("\ufeff"))))
    assert len(rows) == 14 and len({r["链接"] for r in rows}) == 14
    monkeypatch.setattr(web_search, "CSV_ROWS", 8)
    capped = list(csv.DictReader(io.StringIO(client.get("/search.csv", params={"q": "公路"}).text.lstrip("\ufeff"))))
    assert len(capped) == 9 and "仅导出前 8 条，共 14 条" in capped[-1]["标题"] and not capped[-1]["链接"]
