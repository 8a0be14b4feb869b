"""Browsing without a query: every current document newest first (dated by their signing date, then the
undated), page after page, and on PostgreSQL a count that stops at COUNT_CAP (10,000+) instead of reading
every row of a large library."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.db.test_store import ingest
from zhengce import library
from zhengce.db import DocumentRow, open_store
from zhengce.library import Filters, fulltext


def _notice(n: int, dated: bool) -> str:
    date = f"\n2024年{n % 12 + 1}月{n % 27 + 1}日" if dated else ""
    return (f"南州市人民政府办公室\n关于做好第{n}批项目申报工作的通知\n南政办函〔2024〕{n + 1}号\n各有关单位：\n"
            f"一、请按要求做好第{n}批项目申报。\n二、本通知自印发之日起施行。\n南州市人民政府办公室{date}\n")


def test_browsing_lists_every_document_newest_first_across_pages(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(11):
        ingest(db_url, f"n{n}.txt", _notice(n, dated=n % 4 != 1))  # three undated among eleven
    engine = open_store(db_url)
    with Session(engine) as session:
        docs = session.execute(select(DocumentRow.id, DocumentRow.signed, DocumentRow.doc_number)).all()
    assert sum(d.signed is None for d in docs) == 3
    dated = sorted((d for d in docs if d.signed), key=lambda d: (d.signed, d.id), reverse=True)
    undated = sorted((d for d in docs if d.signed is None), key=lambda d: d.id, reverse=True)
    newest_first = [d.doc_number for d in [*dated, *undated]]
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 3)
    shown = [r["doc_number"] for page in range(1, 6) for r in library.search(engine, "", page=page).results]
    assert shown == newest_first  # the page that holds the last dated and the first undated one too
    first = library.search(engine, "")
    assert (first.total, first.total_capped) == (11, False)
    monkeypatch.setattr(fulltext, "COUNT_CAP", 4)
    capped = library.search(engine, "", Filters(issuer="南州市人民政府办公室"))
    whole = library.search(engine, "")
    if engine.dialect.name == "postgresql":  # a filter: counted up to the cap, 「共 4+ 份文件」
        assert (capped.total, capped.total_capped, capped.total_estimated) == (4, True, False)
        # the whole library: the home page's estimate (约 N), never below what was counted
        assert whole.total_estimated and not whole.total_capped and whole.total >= 5
    else:  # SQLite counts every document
        assert (capped.total, capped.total_capped) == (11, False)
        assert (whole.total, whole.total_capped, whole.total_estimated) == (11, False, False)
    assert [r["doc_number"] for r in capped.results] == newest_first[:3]


def test_a_page_past_the_last_says_so_and_leads_back(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """/search?page=9 of eleven documents in pages of three is past the last page (4), not 'nothing found'."""
    from fastapi.testclient import TestClient

    from zhengce.web.app import create_app

    db = str(tmp_path) + "/z.db"  # type: ignore[operator]
    for n in range(11):
        ingest(db, f"n{n}.txt", _notice(n, dated=True))
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 3)
    client = TestClient(create_app(engine=open_store(db)))
    past = client.get("/search", params={"page": 9}).text
    assert "已超过最后一页（共 4 页）" in past and "回到第一页" in past and "没有找到" not in past
    nothing = client.get("/search", params={"q": "并不存在的词语组合"}).text
    assert "没有找到含有“并不存在的词语组合”的文件" in nothing and "已超过最后一页" not in nothing
