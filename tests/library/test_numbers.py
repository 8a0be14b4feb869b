"""Numbers with a point or another separator inside (3.5, 0.95万, GB/T 9704-2012, 6.1%) are cut the same way
by FTS5 and by the tantivy index: the same query gives the same page on both engines (they once differed:
``达到6`` found 4,989 documents on FTS5 and 4,782 on tantivy at 100,000)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.db import open_store, tantivy_index

FIGURES = ("北山县财政局\n关于调整耕地地力保护补贴标准的通知\n北财发〔2023〕7号\n各乡镇财政所：\n"
           "一、补贴标准为每亩3.5元，全县补贴总额0.95万元。\n二、公文格式按GB/T 9704-2012执行。\n"
           "三、到2025年，耕地保有率达到6.1%以上。\n北山县财政局\n2023年5月6日\n")
COUNTS = ("东湖县人民政府办公室\n关于开展耕地保护检查的通知\n东政办发〔2023〕9号\n各乡镇人民政府：\n"
          "一、检查组达到6个，每组3人，5日内完成。\n二、标准按9704号文件执行。\n东湖县人民政府办公室\n2023年8月1日\n")


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    db = str(Path(tmp_path_factory.mktemp("numbers")) / "z.db")
    for name, text in (("plan.txt", PLAN), ("later.txt", LATER), ("figures.txt", FIGURES), ("counts.txt", COUNTS)):
        ingest(db, name, text)
    fts, tv = open_store(db), open_store(db)
    tantivy_index.choose(fts, "fts5")
    tantivy_index.choose(tv, "tantivy")
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    assert tantivy_index.chosen(tv) == "tantivy"  # type: ignore[arg-type]
    return fts, tv


@pytest.mark.parametrize("query", ["3.5", "6", "达到6", "6.1", "0.95万", "0.95", "9704", "GB/T 9704-2012",
                                   '"3.5元"', '"达到6.1%"', '"0.95万元"', '"gb/t 9704"', "2012", "3", "5", "95"])
def test_a_number_query_gives_the_same_page_on_both_engines(engines: tuple[object, object], query: str) -> None:
    fts, tv = engines
    a, b = library.search(fts, query), library.search(tv, query)  # type: ignore[arg-type]
    assert b.total == a.total
    assert sorted(r["id"] for r in b.results) == sorted(r["id"] for r in a.results)
    assert {r["id"]: r["snippet_html"] for r in b.results} == {r["id"]: r["snippet_html"] for r in a.results}


def test_what_a_number_query_finds(engines: tuple[object, object]) -> None:
    fts, tv = engines
    for engine in (fts, tv):
        def numbers(query: str, e: object = engine) -> list[str]:
            return sorted(r["doc_number"] for r in library.search(e, query).results)  # type: ignore[arg-type]

        assert numbers("3.5") == ["北财发〔2023〕7号"]  # 3 then 5 in a row, not 3人 … 5日
        assert numbers("达到6") == ["东政办发〔2023〕9号", "北财发〔2023〕7号"]  # 6个 and 6.1%: the digits 6
        assert numbers('"0.95万元"') == ["北财发〔2023〕7号"]
        assert numbers("GB/T 9704-2012") == ["北财发〔2023〕7号"]
