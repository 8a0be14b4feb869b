"""The library over the store, on SQLite and on PostgreSQL: search (words, phrases, numbers, hostile
queries, ranking, filters, facets, snippets, very common words, the count cap) and the document, plan
and unit pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.db import open_store
from zhengce.library import Filters, ranking


def test_elements_are_stored_and_pages_read_them(db_url: str) -> None:
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    engine = open_store(db_url)
    counts = library.library_counts(engine)
    assert (counts["sources"], counts["documents"], counts["tasks"]) == (2, 2, 3)
    first = library.search(engine, "南政办发〔2024〕12号").results[0]
    page = library.document(engine, first["id"])
    assert page is not None
    assert page["document"]["doc_number"] == "南政办发〔2024〕12号"
    assert [t["number"] for t in page["tasks"]] == ["1.", "2."]
    assert page["tasks"][0]["lead"] == ["市数据局"] and page["tasks"][0]["territorial"] == ["各县区人民政府"]
    assert [(t["indicator"], t["value"]) for t in page["targets"]] == [("政务数据共享率", "95")]
    assert [d["doc_number"] for d in page["cited_by"]] == ["南政办函〔2024〕30号"]
    later = library.search(engine, "南政办函(2024)30号").results[0]
    cites = library.document(engine, later["id"])["cites"]  # type: ignore[index]
    assert cites[0]["resolved"]["doc_number"] == "南政办发〔2024〕12号"
    # the plan page: tasks × units with roles, units ordered by how often they lead
    matrix = library.plan(engine, first["id"])
    assert matrix is not None
    names = [u["name"] for u in matrix["units"]]
    assert names[0] == "市数据资源局"
    assert matrix["tasks"][0]["roles"][0] == "lead"
    # the unit page gathers its tasks across documents, by role, under every spelling
    unit_id = matrix["units"][0]["unit_id"]
    unit_page = library.unit(engine, unit_id)
    assert unit_page is not None
    assert unit_page["unit"]["names"] == {"市数据局": 2}
    assert len(unit_page["tasks"]["lead"]) == 2


def test_facets_count_the_matching_documents(db_url: str) -> None:
    """The facets (counted by the database) say how many of the matches have each value, the 文号's
    year an integer as the filter takes it, and how many have tasks; a filter by a facet's value
    keeps as many documents as the facet said."""
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    engine = open_store(db_url)
    page = library.search(engine, "政务")
    assert page.total == len(page.results) >= 2
    for name in ("issuer", "jurisdiction", "year", "kind"):
        values = [r[name] for r in page.results if r[name] is not None]
        expected = sorted(((v, values.count(v)) for v in set(values)), key=lambda vc: (-vc[1], str(vc[0])))
        assert [(f["value"], f["count"]) for f in page.facets[name]] == expected
    tasks = sum(r["task_count"] > 0 for r in page.results)
    assert page.facets["has_tasks"] == [{"value": True, "count": tasks}, {"value": False, "count": page.total - tasks}]
    year = page.facets["year"][0]
    assert library.search(engine, "政务", Filters(year=year["value"])).total == year["count"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("共享目录", ["南政办发〔2024〕12号"]),  # a word
        ("政務數據", ["南政办发〔2024〕12号", "南政办函〔2024〕30号"]),  # traditional finds simplified
        ('"纳税信息互通"', ["南政办发〔2024〕12号"]),  # a phrase
        ('"信息纳税"', []),  # the same characters in another order are not the phrase
        ('"不动产登记，纳税"', ["南政办发〔2024〕12号"]),  # a phrase across punctuation, as written
        ('"95%以上"', ["南政办发〔2024〕12号"]),  # digits and Chinese in one phrase
        ('"95%以下"', []),
        # a number in any bracket style: the document itself, and the one that cites it
        ("南政办发(2024)12号", ["南政办发〔2024〕12号", "南政办函〔2024〕30号"]),
        ("南政办函［2024］30号", ["南政办函〔2024〕30号"]),
        ("税", ["南政办发〔2024〕12号"]),  # a single character
        ("双随机", ["南政办函〔2024〕30号"]),
    ],
)
def test_search(db_url: str, query: str, expected: list[str]) -> None:
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    found = library.search(open_store(db_url), query)
    assert sorted(r["doc_number"] for r in found.results) == sorted(expected)
    assert found.total == len(expected)
    if "号" in query:  # a number query: the document itself comes first
        assert found.results[0]["doc_number"] == expected[0]


@pytest.mark.parametrize(
    "query", ['"', "AND", "税 OR", "NEAR(a b)", "*", "(((", ")", "a:b", "政务 NOT 数据", "'; DROP TABLE documents; --",
              "x" * 5000, "\x00", "^", "-", "{title}: 税"],
)
def test_hostile_queries_give_results_or_a_notice_never_an_error(db_url: str, query: str) -> None:
    ingest(db_url, "plan.txt", PLAN)
    page = library.search(open_store(db_url), query)
    assert page.total >= 0
    if len(query) > 200:
        assert page.notice and "200" in page.notice


def test_ranking_boosts_title_and_filters_and_facets(db_url: str) -> None:
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    engine = open_store(db_url)
    ranked = library.search(engine, "考核")
    assert ranked.results[0]["doc_number"] == "南政办函〔2024〕30号"  # in its title
    # both match and both have tasks; only the plan states when it takes effect, so only it is valid
    with_tasks = library.search(engine, "政务数据", Filters(has_tasks=True))
    assert sorted(r["doc_number"] for r in with_tasks.results) == ["南政办函〔2024〕30号", "南政办发〔2024〕12号"]
    assert library.search(engine, "政务数据", Filters(has_tasks=False)).total == 0
    assert [r["doc_number"] for r in library.search(engine, '"政务数据共享"', Filters(validity="valid")).results] == [
        "南政办发〔2024〕12号"]
    facets = library.search(engine, "政务数据").facets
    assert {f["value"] for f in facets["year"]} == {2024}
    assert {f["value"]: f["count"] for f in facets["kind"]} == {"通知": 2}
    only_plan = library.search(engine, "", Filters(validity="valid"))
    assert [r["doc_number"] for r in only_plan.results] == ["南政办发〔2024〕12号"]


def test_snippets_link_to_the_clause_and_escape_the_text(db_url: str) -> None:
    ingest(db_url, "later.txt", LATER)
    result = library.search(open_store(db_url), "双随机").results[0]
    assert "<script>" not in result["snippet_html"] and "&lt;script&gt;" in result["snippet_html"]
    assert "<mark>双随机</mark>" in result["snippet_html"]
    assert result["url"].startswith(f"/doc/{result['id']}#")


def test_very_common_words_rank_title_matches_first_then_the_rest(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    engine = open_store(db)
    ranked = [r["doc_number"] for r in library.search(engine, "考核").results]
    monkeypatch.setattr(ranking, "RANK_ALL", 0)  # as if "考核" matched more documents than BM25 can rank in time
    many = library.search(engine, "考核")
    assert [r["doc_number"] for r in many.results] == ranked == ["南政办函〔2024〕30号", "南政办发〔2024〕12号"][: len(ranked)]
    assert many.total == len(ranked)
    assert [r["doc_number"] for r in library.search(engine, "动态更新").results] == ["南政办发〔2024〕12号"]


def test_counting_stops_at_the_cap_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    engine = open_store(db)
    exact = library.search(engine, "政务数据")
    assert (exact.total, exact.total_capped) == (2, False)
    monkeypatch.setattr(ranking, "COUNT_CAP", 1)
    capped = library.search(engine, "政务数据")
    assert (capped.total, capped.total_capped) == (1, True)
    assert len(capped.results) == 2  # the results are all there; only the count stopped


def test_very_common_words_on_every_engine(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    engine = open_store(db_url)
    monkeypatch.setattr(ranking, "RANK_ALL", 0)  # as if every query matched too many documents to rank
    found = library.search(engine, "考核")
    assert found.results[0]["doc_number"] == "南政办函〔2024〕30号"  # its title holds the word
    assert {r["doc_number"] for r in library.search(engine, "政务数据").results} == {
        "南政办发〔2024〕12号", "南政办函〔2024〕30号"}


def test_a_word_is_found_where_it_is_written_not_where_its_pieces_are_scattered(db_url: str) -> None:
    ingest(db_url, "scattered.txt", "南河市数据局\n关于平台建设的通知\n南数发〔2024〕3号\n各有关单位：\n"
                                    "一、建设南河数据平台。依据共同标准，共享交换目录。\n二、本通知自印发之日起施行。\n"
                                    "南河市数据局\n2024年5月6日\n")
    engine = open_store(db_url)
    assert library.search(engine, "数据平台").total == 1
    assert library.search(engine, "共享交换").total == 1
    # 数据, 据共 and 共享 are all in the text, but never as 数据共享
    assert library.search(engine, "数据共享").total == 0
    assert library.search(engine, '"数据共享"').total == 0


def test_the_document_page_resolves_citations_by_number_and_by_title(db_url: str) -> None:
    ingest(db_url, "base.txt", "南河市人民政府\n关于印发《南河市数据资源管理办法》的通知\n南政发〔2023〕4号\n各县区人民政府：\n"
                               "现将《南河市数据资源管理办法》印发给你们。\n南河市人民政府\n2023年2月1日\n"
                               "南河市数据资源管理办法\n第一条 为规范数据管理，制定本办法。\n")
    ingest(db_url, "later.txt", "南河市人民政府办公室\n关于做好公共数据开放工作的通知\n南政办函〔2024〕21号\n各县区人民政府：\n"
                                "为落实《南河市数据资源管理办法》（南政发〔2023〕4号），现就有关事项通知如下。\n一、建立开放目录。\n"
                                "二、参照《关于印发〈南河市数据资源管理办法〉的通知》执行，并遵守南政办发〔2019〕2号。\n"
                                "南河市人民政府办公室\n2024年5月9日\n")
    engine = open_store(db_url)
    later = library.find_by_number(engine, "南政办函〔2024〕21号")
    cites = library.document(engine, later["id"])["cites"]  # type: ignore[index]
    # by number, and again by the title of the notice that issued it: one document, listed once, named twice
    assert [(c["doc_number"], c["resolved"] and c["resolved"]["doc_number"], c["times"]) for c in cites] == [
        ("南政发〔2023〕4号", "南政发〔2023〕4号", 2),
        ("南政办发〔2019〕2号", None, 1),  # not stored: shown, unresolved
    ]


# --- sources: content and path, versions -------------------------------------------------------------


REPRINTED = """青岚县人民政府办公室
关于印发青岚县村道建设补助办法的通知
青政办发〔2024〕3号
各乡镇人民政府：
现将《青岚县村道建设补助办法》印发给你们，请认真贯彻执行。
第一条 村道每公里补助10万元。
青岚县人民政府办公室
2024年3月1日
"""


def test_a_number_printed_twice_finds_the_newest_printing_everywhere(tmp_path: Path) -> None:
    from zhengce.library.ingest import store_parsed
    from zhengce.parse.pipeline import parse_text

    engine = open_store(f"sqlite:///{tmp_path / 'z.db'}")
    for name, text in (("gazette.txt", REPRINTED), ("website.txt", REPRINTED.replace("10万元", "12万元"))):
        store_parsed(engine, parse_text(text, name), len(text))
    found = library.find_by_number(engine, "青政办发〔2024〕3号")
    assert found is not None and library.document(engine, found["id"])["document"]["source"] == "website.txt"
    assert library.clause_url(engine, "青政办发〔2024〕3号", "第一条") == f"/doc/{found['id']}#art1"
