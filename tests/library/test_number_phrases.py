"""A quoted phrase with a number keeps the number in its phrase, and a number with a point finds the same
documents, on FTS5, tantivy and PostgreSQL (a new user's trial: ``"95万"`` listed a document with ``95%``
and ``2万人``, the phrase keeping only its Chinese; on PostgreSQL ``2.5`` was said to find nothing)."""

from __future__ import annotations

import pytest

from tests.conftest import SearchDb
from tests.db.test_store import ingest
from zhengce import library
from zhengce.db import open_store, tantivy_index

FUNDS = ("南岭县财政局\n关于下达农田水利补助资金的通知\n南财发〔2024〕3号\n各乡镇：\n"
         "一、下达补助资金95万元，用于0.5万亩农田灌溉。\n南岭县财政局\n2024年3月6日\n")
PEOPLE = ("南岭县人力资源和社会保障局\n关于做好就业工作的通知\n南人社发〔2024〕8号\n各乡镇：\n"
          "一、城镇登记失业人员再就业率达到95%，新增就业2万人。\n南岭县人力资源和社会保障局\n2024年4月2日\n")
AIR = ("南岭县生态环境局\n关于做好大气污染防治工作的通知\n南环发〔2024〕5号\n各乡镇：\n"
       "一、空气质量优良率达到92.5%，PM2.5平均浓度同比下降。\n南岭县生态环境局\n2024年5月8日\n")
GROWTH = ("南岭县统计局\n关于一季度经济运行情况的通报\n南统发〔2024〕2号\n各乡镇：\n"
          "一、全县地区生产总值同比增长2.5%，第3批项目开工。\n南岭县统计局\n2024年4月20日\n")


@pytest.fixture
def engine(search_db: SearchDb) -> object:
    for name, text in (("funds.txt", FUNDS), ("people.txt", PEOPLE), ("air.txt", AIR), ("growth.txt", GROWTH)):
        ingest(search_db.url, name, text)
    engine = open_store(search_db.url)
    if search_db.tantivy:
        tantivy_index.rebuild(engine)
        assert tantivy_index.chosen(engine) == "tantivy"
    else:
        tantivy_index.choose(engine, "fts5")
    return engine


def found(engine: object, query: str) -> list[str]:
    return sorted(r["doc_number"] for r in library.search(engine, query).results)  # type: ignore[arg-type]


def test_a_quoted_number_stays_next_to_its_characters(engine: object) -> None:
    assert found(engine, '"95万"') == ["南财发〔2024〕3号"]  # not 95% … 2万人
    assert found(engine, '"95万元"') == ["南财发〔2024〕3号"]
    assert found(engine, '"资金95万"') == ["南财发〔2024〕3号"]
    assert found(engine, '"2万人"') == ["南人社发〔2024〕8号"]
    assert found(engine, '"第3批"') == ["南统发〔2024〕2号"]
    assert found(engine, '"0.5万亩"') == ["南财发〔2024〕3号"]
    assert found(engine, "95 万") == ["南人社发〔2024〕8号", "南财发〔2024〕3号"]  # unquoted: words anywhere


def test_a_number_with_a_point_finds_it_as_written(engine: object) -> None:
    assert found(engine, "2.5") == ["南统发〔2024〕2号"]  # not 92.5%, not PM2.5
    assert found(engine, "PM2.5") == ["南环发〔2024〕5号"]
    assert found(engine, "92.5") == ["南环发〔2024〕5号"]
