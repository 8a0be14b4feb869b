"""Search as a resident types it: run-together words, question words, everyday words, slips of a pinyin input
method and pinyin or English input, each answered by what the library holds and a page that says what it searched
— on FTS5, tantivy and PostgreSQL. Also what the results and document pages show of a web copy's HTML tags and
of a machine-made file name, a page number past the last page, the CSV's columns, and a phone's screen."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import SearchDb, live_server
from zhengce.db import ClauseRow, open_store, tantivy_index
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.web.app import create_app

# Written for these tests (an invented county, 青岚县): three notices in the genre's words.
CLINIC = (
    "青岚县医疗保障局\n关于做好职工普通门诊费用保障工作的通知\n青医保发〔2025〕3号\n各乡镇人民政府：\n"
    "一、职工在定点医疗机构发生的普通门诊费用，由统筹基金按规定予以报销。\n"
    "二、本通知自2025年3月1日起施行，有效期5年。\n青岚县医疗保障局\n2025年2月10日\n"
)
HOUSING = (
    "青岚县人民政府办公室\n关于促进房地产市场平稳健康发展的若干措施\n青政办发〔2025〕7号\n各乡镇人民政府：\n"
    "一、对在城区购买新建商品住房的，给予购房补贴，补贴标准为契税的50%，适用该项政策。</p> <p>（二）"
    "申请购房补贴的，应当提交购房合同和契税完税凭证。\n"
    "二、本措施自2025年4月1日起施行，有效期2年。\n青岚县人民政府办公室\n2025年3月20日\n"
)
LAND = (
    "青岚县人民政府\n关于调整征地补偿标准的通知\n青政发〔2025〕2号\n各乡镇人民政府：\n"
    "一、征地补偿标准按区片综合地价执行。\n二、本通知自2025年1月1日起施行。\n青岚县人民政府\n2025年1月5日\n"
)


def _client(url: str, tantivy: bool) -> TestClient:
    engine = open_store(url)
    for name, text in (("007_9f3a1b2c4d5e6f70.txt", CLINIC), ("青岚县购房补贴措施.txt", HOUSING), ("land.txt", LAND)):
        store_parsed(engine, parse_text(text, name), len(text))
    if tantivy:
        tantivy_index.rebuild(engine)
        assert tantivy_index.chosen(engine) == "tantivy"
    return TestClient(create_app(engine=engine))


@pytest.fixture
def client(search_db: SearchDb) -> TestClient:
    return _client(search_db.url, search_db.tantivy)


def _numbers(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [r["doc_number"] for r in data["results"]]


def test_run_together_words_are_searched_as_their_words_and_the_page_says_so(client: TestClient) -> None:
    quoted = client.get("/api/search", params={"q": "\"门诊报销\""}).json()  # a phrase asked for is never rewritten
    assert quoted["total"] == 0 and quoted["ran_query"] == "\"门诊报销\"" and quoted["retry"] is None
    assert any("去掉引号" in a for a in quoted["advice"])
    data = client.get("/api/search", params={"q": "门诊报销"}).json()
    assert _numbers(data) == ["青医保发〔2025〕3号"]
    assert data["query"] == "门诊报销" and data["ran_query"] == "门诊 报销"
    page = client.get("/search", params={"q": "门诊报销"}).text
    assert "未找到“门诊报销”，以下为同时含有“门诊”“报销”的文件" in page


def test_question_words_are_left_out(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "购房补贴怎么申请"}).json()
    assert _numbers(data) == ["青政办发〔2025〕7号"]
    assert "怎么" not in data["ran_query"] and "略去了“怎么”" in data["retry"]


def test_an_everyday_word_is_searched_as_the_genre_writes_it(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "征地赔偿"}).json()
    assert _numbers(data) == ["青政发〔2025〕2号"] and data["ran_query"] == "征地补偿"
    assert "“赔偿”按“补偿”检索" in data["retry"]


def test_a_homophone_slip_is_answered_with_the_word_the_library_holds(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "补帖"}).json()
    assert data["suggestions"] == ["补贴"] and _numbers(data) == ["青政办发〔2025〕7号"]
    assert "您要找的是不是：补贴" in client.get("/search", params={"q": "补帖"}).text
    # only words the library holds are offered: 补铁 sounds the same and is a word, but no document has it
    assert client.get("/api/search", params={"q": "补铁"}).json()["suggestions"] == ["补贴"]
    nothing = client.get("/api/search", params={"q": "铁帖"}).json()
    assert nothing["total"] == 0 and nothing["suggestions"] == []


def test_latin_input_is_asked_for_in_chinese_and_pinyin_is_read(client: TestClient) -> None:
    english = client.get("/api/search", params={"q": "subsidy"}).json()
    assert english["total"] == 0 and any("请用汉字检索" in n for n in english["notices"])
    assert "请用汉字检索" in client.get("/search", params={"q": "subsidy"}).text
    pinyin = client.get("/api/search", params={"q": "zhengdi buchang"}).json()
    assert _numbers(pinyin) == ["青政发〔2025〕2号"] and pinyin["ran_query"] == "征地 补偿"
    assert not any("请用汉字检索" in n for n in pinyin["notices"])  # read as pinyin: not asked again for characters


def test_nothing_found_says_what_to_do_and_what_each_word_finds(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "门诊 契税"}).json()  # each word is in another document
    assert data["total"] == 0 and data["advice"]
    assert {w["word"]: w["count"] for w in data["word_counts"]} == {"门诊": 1, "契税": 1}
    page = client.get("/search", params={"q": "门诊 契税"}).text
    assert "没有找到含有“门诊 契税”的文件" in page and "检查有没有错别字" in page
    assert 'href="/search?q=%E9%97%A8%E8%AF%8A">门诊</a>' in page


def test_a_word_no_document_holds_gets_a_zero_beside_the_counts_of_the_others(client: TestClient) -> None:
    # 量子纠缠 is in no document: neither reading of the query can find anything, the page says what each word finds
    data = client.get("/api/search", params={"q": "门诊 量子纠缠"}).json()
    assert data["total"] == 0 and data["ran_query"] == "门诊 量子纠缠" and data["retry"] is None
    assert {w["word"]: w["count"] for w in data["word_counts"]} == {"门诊": 1, "量子": 0, "纠缠": 0}


def _notice(serial: int, sentence: str) -> str:
    return (f"青岚县农业农村局\n关于第{serial}批项目的通知\n青农发〔2025〕{serial}号\n各乡镇人民政府：\n"
            f"一、{sentence}\n二、本通知自印发之日起施行。\n青岚县农业农村局\n2025年5月{serial}日\n")


@pytest.mark.parametrize(("held", "other"), [("补贴", "补铁"), ("补铁", "补贴")])
def test_of_two_words_that_sound_as_the_slip_the_one_more_documents_hold_is_offered(
        search_db: SearchDb, held: str, other: str) -> None:
    engine = open_store(search_db.url)
    for serial, word in enumerate([held, held, other], start=1):
        text = _notice(serial, f"对符合条件的农户给予{word}，按程序办理。")
        store_parsed(engine, parse_text(text, f"notice{serial}.txt"), len(text))
    if search_db.tantivy:
        tantivy_index.rebuild(engine)
    data = TestClient(create_app(engine=engine)).get("/api/search", params={"q": "补帖"}).json()
    assert data["suggestions"] == [held] and data["ran_query"] == held and data["total"] == 2


def test_web_copy_tags_are_hidden_but_stay_stored(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "适用该项政策"}).json()
    assert data["results"] and all("</p>" not in r["snippet"] and "&lt;/p&gt;" not in r["snippet_html"]
                                   for r in data["results"])
    doc = client.get(data["results"][0]["url"].split("#")[0]).text
    assert "&lt;/p&gt;" not in doc and "&lt;p&gt;" not in doc and "适用该项政策。 （二）申请购房补贴" in doc
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        assert any("</p> <p>" in t for t in session.scalars(select(ClauseRow.text)))


def test_a_page_past_the_last_says_how_many_pages_there_are(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "补贴", "page": 999}).json()
    assert data["last_page"] == 1 and "只有 1 页结果" in data["notice"]
    page = client.get("/search", params={"q": "补贴", "page": 999}).text
    assert "只有 1 页结果" in page and "只能查看前" not in page


def test_the_csv_has_chinese_headers_and_the_status_the_page_shows(client: TestClient) -> None:
    shown = client.get("/api/search", params={"q": "青岚县", "as_of": "2028-01-01"}).json()["results"]
    got = client.get("/search.csv", params={"q": "青岚县", "as_of": "2028-01-01"}).text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(got)))
    assert list(rows[0]) == ["发文字号", "标题", "发文机关", "成文日期", "文种", "效力", "链接", "命中片段"]
    assert {r["发文字号"]: r["效力"] for r in rows} == {
        "青医保发〔2025〕3号": "现行有效", "青政办发〔2025〕7号": "已失效", "青政发〔2025〕2号": "现行有效"}
    assert len(rows) == len(shown)


def test_document_pages_show_a_file_name_only_when_a_person_gave_it(client: TestClient) -> None:
    ids = {r["doc_number"]: r["id"] for r in client.get("/api/search", params={"q": "青岚县"}).json()["results"]}
    clinic = client.get(f"/doc/{ids['青医保发〔2025〕3号']}").text
    assert "9f3a1b2c4d5e6f70" not in clinic
    assert "青岚县购房补贴措施.txt" in client.get(f"/doc/{ids['青政办发〔2025〕7号']}").text


def test_on_a_phone_the_results_come_before_the_facets_without_sideways_scroll(
        tmp_path: object, browser: object) -> None:
    client = _client(f"sqlite:///{tmp_path}/phone.db", tantivy=False)
    with live_server(client.app) as site:
        page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        page.goto(f"{site}/search?q=补贴")
        first = page.locator(".result").first.bounding_box()
        facets = page.locator(".facets").bounding_box()
        assert first["y"] < facets["y"] and first["y"] < 844
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1280, "height": 900})  # a wide screen keeps the facets beside them
        assert page.locator(".facets").bounding_box()["x"] < page.locator(".result").first.bounding_box()["x"]
        page.close()
