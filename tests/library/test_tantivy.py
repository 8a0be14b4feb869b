"""The embedded tantivy index of a SQLite store: built from the database with one command, kept in step
with every ingest (new documents, new versions, dropped entries, rolled-back transactions), answering the
same results page as FTS5, and never used once it has missed a commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.cli import app
from zhengce.db import open_store, tantivy_index, tantivy_pending
from zhengce.db.search import drop_search, tokens, write_index
from zhengce.library import Filters

runner = CliRunner()


def _engines(db: str) -> tuple[object, object]:
    """The same store asked through FTS5 and through tantivy."""
    fts, tv = open_store(db), open_store(db)
    tantivy_index.choose(fts, "fts5")
    tantivy_index.choose(tv, "tantivy")
    return fts, tv


def _numbers(engine: object, query: str, filters: Filters | None = None) -> list[str]:
    return sorted(r["doc_number"] for r in library.search(engine, query, filters).results)  # type: ignore[arg-type]


def test_ingest_search_replace_drop_search(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    done = runner.invoke(app, ["search-index", "rebuild", "--db", db])
    assert done.exit_code == 0, done.output
    assert "1 份文档" in done.output and (tmp_path / "z.db.tantivy").is_dir()
    _, tv = _engines(db)
    assert tantivy_index.chosen(tv) == "tantivy"
    assert _numbers(tv, "动态更新") == ["南政办发〔2024〕12号"]
    assert _numbers(tv, "考核") == []
    # a later ingest (here as in a process that has not opened the index yet) reaches the index when
    # its transaction commits, without a rebuild
    tantivy_index.forget()
    ingest(db, "later.txt", LATER)
    assert tantivy_index.differences(tv) == ([], [])  # type: ignore[arg-type]
    assert _numbers(tv, "考核") == ["南政办函〔2024〕30号"]
    assert _numbers(tv, "双随机") == ["南政办函〔2024〕30号"]
    # a new version of the plan: the old one leaves the index, the new one enters it
    tantivy_index.forget()
    ingest(db, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))
    assert tantivy_index.differences(tv) == ([], [])  # type: ignore[arg-type]
    assert _numbers(tv, "动态更新") == []
    assert _numbers(tv, "季度更新") == ["南政办发〔2024〕12号"]
    # a document taken out of the search entries is taken out of the index
    later_id = library.search(tv, "双随机").results[0]["id"]
    with Session(tv) as session:  # type: ignore[call-overload]
        drop_search(session, [later_id])
        session.commit()
    assert _numbers(tv, "双随机") == []
    check = runner.invoke(app, ["search-index", "check", "--db", db])
    assert check.exit_code == 0 and "一致" in check.output, check.output


def test_a_rolled_back_transaction_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    _, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    with Session(tv) as session:  # type: ignore[call-overload]
        write_index(session, 999, tokens("幽灵文件"), "", "", tokens("幽灵条款"), plain="")
        session.rollback()
    assert library.search(tv, "幽灵").total == 0  # type: ignore[arg-type]
    assert tantivy_index.differences(tv) == ([], [])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query",
    ["共享目录", "政務數據", '"纳税信息互通"', '"信息纳税"', '"不动产登记，纳税"', '"95%以上"', "南政办发(2024)12号",
     "南政办函［2024］30号", "税", "双随机", "考核", "政务 数据", "NHDR", '"政务数据共享"', "AND", "x" * 300],
)
def test_both_engines_give_the_same_page(tmp_path: Path, query: str) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    fts, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    a, b = library.search(fts, query), library.search(tv, query)  # type: ignore[arg-type]
    assert (b.total, b.total_capped, b.notice) == (a.total, a.total_capped, a.notice)
    assert sorted(r["id"] for r in b.results) == sorted(r["id"] for r in a.results)
    assert b.facets == a.facets
    assert {r["id"]: r["snippet_html"] for r in b.results} == {r["id"]: r["snippet_html"] for r in a.results}
    if "号" in query:  # the document of the number first on both
        assert b.results[0]["id"] == a.results[0]["id"]


def test_filters_and_title_ranking_on_tantivy(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    _, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    assert library.search(tv, "考核").results[0]["doc_number"] == "南政办函〔2024〕30号"  # type: ignore[arg-type]
    assert _numbers(tv, "政务数据", Filters(has_tasks=False)) == []
    assert _numbers(tv, '"政务数据共享"', Filters(validity="valid")) == ["南政办发〔2024〕12号"]
    assert _numbers(tv, "政务数据", Filters(year=2024)) == ["南政办函〔2024〕30号", "南政办发〔2024〕12号"]


def test_an_index_that_missed_a_commit_is_not_used_until_rebuilt(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    _, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(tantivy_index, "sync", broken)
    ingest(db, "later.txt", LATER)  # the database commits; the index cannot follow
    monkeypatch.undo()
    assert tantivy_index.status(tv) == "stale"  # type: ignore[arg-type]
    assert tantivy_index.chosen(tv) == "fts5"  # type: ignore[arg-type]
    assert _numbers(tv, "双随机") == ["南政办函〔2024〕30号"]  # answered by FTS5, not by the stale index
    check = runner.invoke(app, ["search-index", "check", "--db", db])
    assert check.exit_code == 1 and "rebuild" in check.output
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    assert tantivy_index.chosen(tv) == "tantivy"  # type: ignore[arg-type]
    assert _numbers(tv, "双随机") == ["南政办函〔2024〕30号"]
    assert runner.invoke(app, ["search-index", "check", "--db", db]).exit_code == 0


def test_postgresql_and_memory_stores_have_no_index() -> None:
    assert tantivy_index.index_dir(open_store("sqlite://")) is None
    done = runner.invoke(app, ["search-index", "rebuild", "--db", "sqlite://"])
    assert done.exit_code == 2 and "SQLite" in done.output


def test_an_index_beside_a_replaced_database_is_not_used(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    _, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    # the database file is replaced by one that holds only the plan; the index stays beside it
    other = str(tmp_path / "other.db")
    ingest(other, "plan.txt", PLAN)
    tv.dispose()  # type: ignore[attr-defined]
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
        if Path(other + suffix).exists():
            Path(other + suffix).rename(db + suffix)
    tantivy_index.forget()
    _, fresh = _engines(db)
    assert tantivy_index.open_index(fresh) is None  # type: ignore[arg-type]
    assert _numbers(fresh, "双随机") == []  # FTS5 answers from the database as it is now


def test_dropping_the_index_returns_searches_to_fts5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    engine = open_store(db)
    assert tantivy_index.chosen(engine) == "tantivy"
    monkeypatch.setenv("ZHENGCE_SEARCH_ENGINE", "fts5")  # turned off without removing it
    assert tantivy_index.chosen(engine) == "fts5"
    monkeypatch.delenv("ZHENGCE_SEARCH_ENGINE")
    done = runner.invoke(app, ["search-index", "drop", "--db", db])
    assert done.exit_code == 0 and not (tmp_path / "z.db.tantivy").exists()
    assert tantivy_index.chosen(engine) == "fts5"
    ingest(db, "later.txt", LATER)  # no index comes back by itself
    assert not (tmp_path / "z.db.tantivy").exists()
    assert _numbers(engine, "双随机") == ["南政办函〔2024〕30号"]


def test_an_index_of_another_layout_is_stale_until_rebuilt(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    for older in ("1", "6"):  # 6: the ends as four fields for every document, before "life" (layout 7)
        (tmp_path / "z.db.tantivy" / tantivy_index.VERSION_FILE).write_text(older + "\n", encoding="utf-8")
        assert tantivy_index.status(engine) == "stale" and tantivy_index.chosen(engine) == "fts5"
        checked = runner.invoke(app, ["search-index", "check", "--db", db])
        assert checked.exit_code == 1 and "已过期" in checked.output
        assert _numbers(engine, "动态更新") == ["南政办发〔2024〕12号"]
        tantivy_index.rebuild(engine)
        assert tantivy_index.status(engine) == "ready"
        assert runner.invoke(app, ["search-index", "check", "--db", db]).exit_code == 0


def test_a_parallel_ingest_keeps_a_built_index_in_step(tmp_path: Path, gazette_text: str) -> None:
    """``zhengce ingest --workers 2`` writes its search rows in batches before each commit: a tantivy index
    built beforehand follows every batch, so that a search through it finds each new issue."""
    from tests.library.test_bulk import variant

    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(4):
        (folder / f"第{k}期.txt").write_text(variant(gazette_text, k), encoding="utf-8")
    tantivy_index.forget()
    done = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "2"])
    assert done.exit_code == 0, done.output
    fts, tv = _engines(db)
    assert tantivy_index.chosen(tv) == "tantivy"
    assert tantivy_index.differences(tv) == ([], [])  # type: ignore[arg-type]
    assert library.search(tv, "秸秆禁烧").total == library.search(fts, "秸秆禁烧").total > 0  # type: ignore[arg-type]
    check = runner.invoke(app, ["search-index", "check", "--db", db])
    assert check.exit_code == 0 and "一致" in check.output, check.output


def test_tantivy_counts_the_facets_of_every_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FTS5's page counts facets over the best results past FACET_EXACT matches; tantivy's aggregations
    count them over every match, and the page says they are exact."""
    from zhengce.library import fulltext

    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    ingest(db, "other.txt", "北山县人民政府\n关于加强政务数据安全的意见\n北政发〔2023〕5号\n各乡镇人民政府：\n"
                            "为加强政务数据安全管理，提出如下意见。\n北山县人民政府\n2023年5月6日\n")
    fts, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    exact = library.search(fts, "政务 数据")  # type: ignore[arg-type]
    assert exact.total == 3 and not exact.facets_approximate
    assert {f["value"]: f["count"] for f in exact.facets["year"]} == {2024: 2, 2023: 1}
    monkeypatch.setattr(fulltext, "FACET_EXACT", 1)  # as if three matches were past the limit
    monkeypatch.setattr(fulltext, "FACET_SAMPLE", 1)
    sampled = library.search(fts, "政务 数据")  # type: ignore[arg-type]
    assert sampled.facets_approximate and sampled.facets != exact.facets
    on_tantivy = library.search(tv, "政务 数据")  # type: ignore[arg-type]
    assert not on_tantivy.facets_approximate and on_tantivy.facets == exact.facets


def test_a_new_library_gets_the_index_from_its_first_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tantivy is the embedded default: ``zhengce ingest`` into a new SQLite library makes the index and
    keeps it in step; a library that already has entries, or ZHENGCE_SEARCH_ENGINE=fts5, keeps FTS5 alone."""
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    db = str(tmp_path / "new.db")
    for name in ("plan.txt", "later.txt"):
        done = runner.invoke(app, ["ingest", str(tmp_path / name), "--db", db, "--workers", "1"])
        assert done.exit_code == 0, done.output
    engine = open_store(db)
    assert tantivy_index.chosen(engine) == "tantivy"
    assert tantivy_index.differences(engine) == ([], [])
    assert _numbers(engine, "考核") == ["南政办函〔2024〕30号"]
    old = str(tmp_path / "old.db")
    ingest(old, "plan.txt", PLAN)  # entries written before: only a rebuild makes its index
    assert runner.invoke(app, ["ingest", str(tmp_path / "later.txt"), "--db", old, "--workers", "1"]).exit_code == 0
    assert tantivy_index.status(open_store(old)) == "absent"
    monkeypatch.setenv("ZHENGCE_SEARCH_ENGINE", "fts5")
    chosen_fts = str(tmp_path / "fts.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "plan.txt"), "--db", chosen_fts, "--workers", "1"]).exit_code == 0
    assert tantivy_index.status(open_store(chosen_fts)) == "absent"


def test_a_searching_process_keeps_its_index_open_and_sees_every_change(tmp_path: Path) -> None:
    """The web app keeps the index (and its ready state) between requests: a commit of this process is
    searchable at once, and a folder changed by another process — marked stale, or of another layout — is
    noticed at the next search, which FTS5 then answers."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    _, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    assert _numbers(tv, "双随机") == []
    opened = tantivy_index.open_index(tv)  # type: ignore[arg-type]
    ingest(db, "later.txt", LATER)  # no forget(): the open index takes the commit over
    assert tantivy_index.open_index(tv) is opened  # type: ignore[arg-type]
    assert tantivy_index.chosen(tv) == "tantivy"  # type: ignore[arg-type]
    assert _numbers(tv, "双随机") == ["南政办函〔2024〕30号"]
    folder = tmp_path / "z.db.tantivy"
    (folder / tantivy_pending.STALE).write_text("another process missed a commit\n", encoding="utf-8")
    assert tantivy_index.chosen(tv) == "fts5"  # type: ignore[arg-type]
    assert _numbers(tv, "双随机") == ["南政办函〔2024〕30号"]
    (folder / tantivy_pending.STALE).unlink()
    assert tantivy_index.chosen(tv) == "tantivy"  # type: ignore[arg-type]
    beside = tmp_path / "z.db.tantivy.stale"  # the mark of a process that could not write the folder
    beside.write_text("zhengce search-index rebuild\n", encoding="utf-8")
    assert tantivy_index.chosen(tv) == "fts5"  # type: ignore[arg-type]
    beside.unlink()
    assert tantivy_index.chosen(tv) == "tantivy"  # type: ignore[arg-type]
    (folder / tantivy_index.VERSION_FILE).write_text("2\n", encoding="utf-8")  # an older layout, in place
    assert tantivy_index.status(tv) == "stale"  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["人民政府", '"县人民政府"', "管委会", '"新区管委会"', "政府 管委会", "民政府"])
def test_the_facets_counted_over_joined_bigrams_are_those_of_the_phrase(tmp_path: Path, query: str) -> None:
    """tantivy counts a word of three or more characters over the fields' twins (``AB BC`` joined as ``ABC``):
    the same documents as the phrase of its bigrams — not where a line or a comma breaks the word, not
    where only its pieces are written."""
    db = str(tmp_path / "z.db")
    texts = {  # invented documents: the word written whole, broken by punctuation, and only in pieces
        "whole.txt": ("青岚县人民政府\n关于新区管委会职责的通知\n青政发〔2023〕{n}号\n各乡镇人民政府：\n"
                      "新区管委会由县人民政府领导。\n青岚县人民政府\n2023年3月{n}日\n"),
        "broken.txt": ("白沙县农业农村局\n关于民政工作的通知\n白农发〔2022〕{n}号\n各乡镇：\n"
                       "请人民政，府办与新区管，委会配合；民政府际协作另行通知。\n白沙县农业农村局\n2022年5月{n}日\n"),
        "pieces.txt": ("北山县人民政府办公室\n关于政府采购的通知\n北政办发〔2021〕{n}号\n各单位：\n"
                       "人民群众满意，政府管理规范，委员会与会议照常。\n北山县人民政府办公室\n2021年7月{n}日\n"),
    }
    for n, (name, text) in enumerate(texts.items(), start=3):
        ingest(db, name, text.format(n=n))
    fts, tv = _engines(db)
    tantivy_index.rebuild(tv)  # type: ignore[arg-type]
    a, b = library.search(fts, query), library.search(tv, query)  # type: ignore[arg-type]
    assert b.total == a.total and b.facets == a.facets
    assert sorted(r["id"] for r in b.results) == sorted(r["id"] for r in a.results)
