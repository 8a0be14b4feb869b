"""PostgreSQL's ranking of title matches (``zhengce.library.pgsearch``): the head matches come with the matches
read, a long document's head (its tokens in several rows) is looked up apart — the order a reader sees must be
the same whichever way the head was found."""

from __future__ import annotations

import pytest

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.db import open_store
from zhengce.library import fulltext, pgsearch

# notices newer than PLAN that name its 办法 in their body only: newest first they would come before it
CITING = ("南河市{unit}\n关于转发《南河市政务数据共享管理办法》的通知\n南{short}发〔2024〕{n}号\n各科室：\n"
          "一、请学习《南河市政务数据共享管理办法》，按共享管理办法做好数据共享工作。\n南河市{unit}\n2024年8月{n}日\n")
UNITS = [("财政局", "财"), ("教育局", "教"), ("民政局", "民"), ("司法局", "司"), ("审计局", "审"), ("统计局", "统")]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite ranks with tantivy or FTS5
def test_a_long_document_whose_title_holds_the_words_comes_first(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhengce.db import search

    monkeypatch.setattr(search, "SEGMENT", 3)  # a partition every 3 documents
    monkeypatch.setattr(search, "PG_PART_TOKENS", 40)  # PLAN's body in several rows: a long document
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    for n, (unit, short) in enumerate(UNITS, start=1):
        ingest(db_url, f"citing{n}.txt", CITING.format(unit=unit, short=short, n=n))
    engine = open_store(db_url)
    plan = library.find_by_number(engine, "南政办发〔2024〕12号")
    later = library.find_by_number(engine, "南政办函〔2024〕30号")
    assert plan is not None and later is not None
    # 共享管理办法 is in PLAN's title and in the others' bodies (and the citing notices' titles hold it too):
    # every match read (8), the title matches ranked first, PLAN among them; LATER, newer, only after them
    # the newest range's heads are looked up by id, the older ranges' come with their matches: both ways
    for span, query in [(span, query) for span in (1024, 2) for query in ("共享管理办法", '"共享管理办法"', "政务数据 管理办法")]:
        monkeypatch.setattr(pgsearch, "FIRST_SPAN", span)
        page = library.search(engine, query)
        order = [r["id"] for r in page.results]
        assert (page.total, page.total_estimated) == (8, False), query
        assert order.index(plan["id"]) < len(UNITS) + 1, query  # a title match: before LATER
        assert order[-1] == later["id"], query  # its title holds neither word
    # fewer head matches ranked than there are (2): the newest title matches first, PLAN (the oldest) last of them
    monkeypatch.setattr(pgsearch, "PG_RANK_HEADS", 2)
    for span in (1024, 2):
        monkeypatch.setattr(pgsearch, "FIRST_SPAN", span)
        order = [r["id"] for r in library.search(engine, '"共享管理办法"').results]
        assert order[len(UNITS)] == plan["id"] and order[: len(UNITS)] == sorted(order[: len(UNITS)], reverse=True)
    # the count an estimate from a sample of the newest (3 of 8): the first page is still title matches ranked
    # over every id, not the newest matches, and the page says 约
    monkeypatch.setattr(pgsearch, "PG_RANK_HEADS", 300)
    monkeypatch.setattr(pgsearch, "FIRST_SPAN", 3)
    monkeypatch.setattr(pgsearch, "PG_SAMPLE", 3)
    monkeypatch.setattr(pgsearch, "PG_COUNT_EXACT", 1)
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 3)
    sample = library.search(engine, "政务数据 管理办法")
    assert sample.total_estimated
    assert all("管理办法" in r["title"] for r in sample.results) and len(sample.results) == 3
