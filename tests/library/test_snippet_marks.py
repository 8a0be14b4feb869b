"""A search result's snippet shows the text as printed and marks the whole match, on FTS5, tantivy and PostgreSQL
(a county office's trial: ``地区生产总值增长6.2%`` was marked as two pieces side by side, which looked like
``增长 6.2`` with a space, and the ``%`` was left out)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SearchDb
from tests.db.test_store import ingest
from zhengce import library
from zhengce.db import open_store, tantivy_index

PLAN = ("立山区人民政府\n关于印发立山区政府重点工作任务分解方案的通知\n鞍立政发〔2023〕2号\n各街道：\n"
        "一、努力实现地区生产总值增长6.2%左右，规模以上工业增加值增长5%。\n立山区人民政府\n2023年3月28日\n")


@pytest.fixture
def engine(search_db: SearchDb) -> object:
    ingest(search_db.url, "plan.txt", PLAN)
    engine = open_store(search_db.url)
    if search_db.tantivy:
        tantivy_index.rebuild(engine)
    else:
        tantivy_index.choose(engine, "fts5")
    return engine


def marked(engine: object, query: str) -> tuple[str, list[str]]:
    (result,) = library.search(engine, query).results  # type: ignore[arg-type]
    return result["snippet"], re.findall(r"<mark>(.*?)</mark>", result["snippet_html"])


def test_a_typed_number_with_its_sign_is_marked_whole_as_printed(engine: object) -> None:
    plain, marks = marked(engine, "地区生产总值增长6.2%")
    assert "地区生产总值增长6.2%左右" in plain  # no space put in
    assert marks == ["地区生产总值增长6.2%"]


def test_words_that_touch_in_the_text_are_one_mark(engine: object) -> None:
    plain, marks = marked(engine, "增长 6.2")  # two words, side by side in the text
    assert "增长6.2%" in plain
    assert marks == ["增长6.2", "增长"]  # the second: 增长5%


def test_words_apart_stay_apart_and_punctuation_around_a_word_is_not_marked(engine: object) -> None:
    _, marks = marked(engine, "“工业增加值”， 左右")
    assert marks == ["左右", "工业增加值"]
