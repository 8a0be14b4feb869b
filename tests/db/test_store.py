"""The store (schema, migrations, the search index, sources and versions), on SQLite and on PostgreSQL
(both run; PostgreSQL skips only when its server truly cannot start, and says why). The library's
queries over it are tested in tests/library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from zhengce import library
from zhengce.db import IngestResult, open_store
from zhengce.library import fulltext, pgsearch, ranking
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

PLAN = (
    "南河市人民政府办公室\n关于印发《南河市政務数据共享管理办法》的通知\n南政办发〔2024〕12号\nNHDR-2024-01002\n"
    "各县区人民政府，市直各单位：\n现将《南河市政务数据共享管理办法》印发给你们，请认真贯彻执行。\n南河市人民政府办公室\n2024年3月8日\n"
    "南河市政务数据共享管理办法\n一、工作目标\n到2025年，全市政务数据共享率达到95%以上。\n二、重点任务\n"
    "1. 建立共享目录。编制全市政务数据资源目录，实行动态更新。（市数据局牵头，市发改委、市财政局配合，各县区人民政府负责）\n"
    "2. 推进税务数据共享。推动不动产登记、纳税信息互通。（市税务局、市自然资源和规划局分别牵头）\n"
    "三、附则\n本办法自2024年4月1日起施行，有效期5年。\n"
)
LATER = (
    "南河市人民政府办公室\n关于做好政务数据共享考核工作的通知\n南政办函〔2024〕30号\n各县区人民政府：\n"
    "为落实《南河市政务数据共享管理办法》（南政办发〔2024〕12号），现就考核工作通知如下。\n"
    "一、考核对象。各县区人民政府和市直各单位。（市数据局负责）\n"
    "二、考核方式。采取“双随机”抽查<script>alert('x')</script>。\n南河市人民政府办公室\n2024年6月1日\n"
)


def ingest(url: str, name: str, content: str) -> str:
    parsed = parse_text(content, name)
    store_parsed(open_store(url), parsed, len(content.encode()))
    return parsed.sha256


def revisions() -> list[str]:
    """The revisions of zhengce's migrations, newest first."""
    from alembic.script import ScriptDirectory

    from zhengce.db import alembic_config

    return [r.revision for r in ScriptDirectory.from_config(alembic_config(None)).walk_revisions()]


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from zhengce.db import alembic_config

    return str(ScriptDirectory.from_config(alembic_config(None)).get_current_head())


def test_schema_is_created_by_migrations(empty_db_url: str) -> None:
    engine = open_store(empty_db_url)
    names = set(inspect(engine).get_table_names())
    assert {"sources", "documents", "clauses", "tasks", "task_units", "units", "targets", "citations",
            "official_calendars", "alembic_version"} <= names
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    assert {"0008", "0009"} <= set(revisions())  # sources by content and path; official calendars


def test_the_audit_log_is_read_by_what_an_entry_is_about(empty_db_url: str) -> None:
    """Every campaign page reads when its units' duties began and which bulletins were issued from the audit log:
    migration 0019 indexes it by entity, so those reads do not scan the whole log."""
    engine = open_store(empty_db_url)
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("audit_log")}
    assert indexes.get("ix_audit_log_entity") == ["entity", "entity_id", "id"]
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE entity = 'task' AND entity_id IN (1, 2) "
                "AND action IN ('task.assign', 'task.add') ORDER BY id")))
        assert "ix_audit_log_entity" in plan


def test_a_database_made_before_migrations_is_adopted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # the schema an earlier zhengce created with create_all
        conn.execute(text("CREATE TABLE sources (id INTEGER PRIMARY KEY, name VARCHAR(512) NOT NULL, sha256 VARCHAR(64) "
                          "NOT NULL UNIQUE, format VARCHAR(16) NOT NULL, encoding VARCHAR(32), size INTEGER NOT NULL, "
                          "ingested_at DATETIME NOT NULL, original TEXT NOT NULL, text TEXT NOT NULL, gazette JSON)"))
        conn.execute(text("CREATE TABLE documents (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES "
                          "sources(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL, issuer VARCHAR(200), title TEXT, "
                          "kind VARCHAR(16), doc_number VARCHAR(64), reg_code VARCHAR(64), signed DATE, published DATE, "
                          "effective_from DATE, expires_on DATE, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, "
                          "data JSON NOT NULL)"))
    engine.dispose()
    ingest(str(tmp_path / "old.db"), "plan.txt", PLAN)
    assert library.search(open_store(str(tmp_path / "old.db")), "共享目录").total == 1


def test_a_new_version_replaces_the_old_one_in_the_index(db_url: str) -> None:
    ingest(db_url, "plan.txt", PLAN)
    engine = open_store(db_url)
    assert library.search(engine, "动态更新").total == 1
    ingest(db_url, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))
    assert library.search(engine, "动态更新").total == 0
    assert library.search(engine, "季度更新").total == 1
    assert library.library_counts(engine)["documents"] == 1


MORE = [
    ("南河市财政局", "关于加强政务数据共享资金管理的通知", "南财发〔2024〕{n}号", "政务数据共享平台运维资金按季度拨付。"),
    ("南河市数据局", "关于开展政务数据质量考核的通知", "南数发〔2024〕{n}号", "考核结果纳入年度绩效。"),
]


def _library(db_url: str, count: int) -> list[str]:
    """PLAN, LATER and ``count`` short notices; their 文号 in the order they were stored."""
    ingest(db_url, "plan.txt", PLAN)
    ingest(db_url, "later.txt", LATER)
    numbers = ["南政办发〔2024〕12号", "南政办函〔2024〕30号"]
    for n in range(count):
        issuer, title, number, body = MORE[n % len(MORE)]
        number = number.format(n=n + 1)
        ingest(db_url, f"more{n}.txt", f"{issuer}\n{title}\n{number}\n各有关单位：\n一、{body}\n二、本通知自印发之日起施行。"
                                       f"\n{issuer}\n2024年7月{n % 28 + 1}日\n")
        numbers.append(number)
    return numbers


def test_postgresql_reads_search_segments_newest_first_and_long_documents_in_parts(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhengce.db import search

    monkeypatch.setattr(search, "SEGMENT", 3)  # a partition of search_docs every 3 documents
    monkeypatch.setattr(search, "PG_PART_TOKENS", 40)  # PLAN's body in several rows
    numbers = _library(db_url, 9)
    engine = open_store(db_url)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            partitions = conn.execute(text("SELECT count(*) FROM pg_inherits WHERE inhparent = 'search_docs'::regclass"))
            assert partitions.scalar() == 4  # ids 1–11 in [0, 3), [3, 6), [6, 9), [9, 12)
            assert conn.execute(text("SELECT max(parts) FROM search_docs")).scalar() > 1
    # a word and a phrase from different rows of the long plan, and a title word in every segment
    assert [r["doc_number"] for r in library.search(engine, "共享目录 纳税信息").results] == [numbers[0]]
    assert [r["doc_number"] for r in library.search(engine, '"纳税信息互通"').results] == [numbers[0]]
    assert library.search(engine, '"信息纳税"').total == 0
    everything = library.search(engine, "政务数据")
    assert everything.total == 11
    monkeypatch.setattr(ranking, "RANK_ALL", 4)  # too many to rank: title matches first, then the rest newest first
    monkeypatch.setattr(ranking, "RANK_HEADS", 2)  # and too many title matches to rank them
    monkeypatch.setattr(ranking, "COUNT_CAP", 6)
    # PostgreSQL: exact counts up to 6, more than 2 title matches listed newest first, ranges of 2 ids
    monkeypatch.setattr(pgsearch, "PG_COUNT_EXACT", 6)
    monkeypatch.setattr(pgsearch, "PG_RANK_HEADS", 2)
    monkeypatch.setattr(pgsearch, "FIRST_SPAN", 2)
    monkeypatch.setattr(pgsearch, "PG_SAMPLE", 3)  # never clearly more than 6 in these few ids: read on to 7
    many = library.search(engine, "政务数据")
    pg = engine.dialect.name == "postgresql"
    # PostgreSQL read every match for the page's 20 (so it counted them); SQLite stopped counting at 6
    assert (many.total, many.total_capped, many.total_estimated) == ((11, False, False) if pg else (6, True, False))
    found = [r["doc_number"] for r in many.results]
    assert sorted(found) == sorted(numbers)  # every match is listed once
    in_title = [n for n in numbers if "政务数据" in library.find_by_number(engine, n)["title"]]
    assert found[: len(in_title)] == in_title[::-1]  # the title matches, newest first (more than RANK_HEADS)
    rest = found[len(in_title) :]
    assert rest == [n for n in numbers[::-1] if n not in in_title]
    if not pg:
        return
    # a page of 3 needs 7 matches to tell that there are more than 6: the count is then an estimate from the
    # ids read, never below what was found, and the page says so
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 3)
    short = library.search(engine, "政务数据")
    assert short.total_estimated and not short.total_capped and short.total >= 7
    assert [r["doc_number"] for r in short.results] == found[:3]
    assert short.facets_approximate and short.facet_sample == 7  # the facets count the 7 matches read
    assert sum(f["count"] for f in short.facets["year"]) == 7
    exact = library.search(engine, "共享目录 纳税信息")  # one match: read to the oldest document, exact
    assert (exact.total, exact.total_estimated) == (1, False)
    from fastapi.testclient import TestClient

    from zhengce.web.app import create_app

    client = TestClient(create_app(engine=engine))
    shown = client.get("/search", params={"q": "政务数据"}).text
    assert f"约 {short.total} 份文件（估计" in shown and "分面按排在最前的 7 条结果统计" in shown
    api = client.get("/api/search", params={"q": "政务数据"}).json()
    assert (api["total"], api["total_estimated"], api["facet_sample"]) == (short.total, True, 7)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite counts with FTS5 and never samples
def test_postgresql_stops_at_the_sample_when_it_clearly_shows_more_than_it_counts(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhengce.db import search

    monkeypatch.setattr(search, "SEGMENT", 3)
    numbers = _library(db_url, 9)
    engine = open_store(db_url)
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 3)
    monkeypatch.setattr(pgsearch, "FIRST_SPAN", 2)
    monkeypatch.setattr(pgsearch, "PG_COUNT_EXACT", 1)
    monkeypatch.setattr(pgsearch, "PG_SAMPLE", 6)
    # never clearly more: every one of the 11 matches is read (to PG_COUNT_EXACT + 1 at least), facets over them
    monkeypatch.setattr(pgsearch, "PG_CLEARLY", 1000)
    monkeypatch.setattr(pgsearch, "PG_COUNT_EXACT", 20)
    full = library.search(engine, "政务数据")
    assert (full.total, full.total_estimated, full.facets_approximate) == (11, False, False)
    # six matches read in the newest ids, when they clearly show more than PG_COUNT_EXACT: the count is an
    # estimate, the facets count the six (and say so), the first page is the same
    monkeypatch.setattr(pgsearch, "PG_CLEARLY", 1)
    monkeypatch.setattr(pgsearch, "PG_COUNT_EXACT", 1)
    sample = library.search(engine, "政务数据")
    assert sample.total_estimated and sample.total >= 6
    assert [r["doc_number"] for r in sample.results] == [r["doc_number"] for r in full.results]
    assert sample.facets_approximate and sample.facet_sample == 6
    assert sum(f["count"] for f in sample.facets["year"]) == 6
    # a term in one document is read to the oldest document: exact, whatever the sample
    exact = library.search(engine, "共享目录 纳税信息")
    assert (exact.total, exact.total_estimated, [r["doc_number"] for r in exact.results]) == (1, False, [numbers[0]])
    # a 文号 (in other brackets) is read in one range of every id: its document, counted exactly
    number = library.search(engine, numbers[4].replace("〔", "[").replace("〕", "]"))
    assert (number.total_estimated, numbers[4]) == (False, number.results[0]["doc_number"])
    from fastapi.testclient import TestClient

    from zhengce.web.app import create_app

    shown = TestClient(create_app(engine=engine)).get("/search", params={"q": "政务数据"}).text
    assert f"约 {sample.total} 份文件（估计" in shown and "分面按排在最前的 6 条结果统计" in shown


def downgrade(db_url: str, revision: str) -> None:
    """Migrate the database back to ``revision``, as open_store migrates: on SQLite with foreign keys
    off, since rebuilding a table with them on would delete the rows that refer to it."""
    from alembic import command

    from zhengce.db import alembic_config, database_url

    plain = create_engine(database_url(db_url))
    with plain.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
    plain.dispose()


def test_the_segment_migration_keeps_the_index(db_url: str) -> None:
    numbers = _library(db_url, 2)
    engine = open_store(db_url)
    before = [r["doc_number"] for r in library.search(engine, "政务数据").results]
    engine.dispose()
    downgrade(db_url, "0005")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
    engine = open_store(db_url)  # upgrades again, copying the search rows into the segments
    assert [r["doc_number"] for r in library.search(engine, "政务数据").results] == before
    assert library.search(engine, "共享目录").results[0]["doc_number"] == numbers[0]
    # the documents' plain text is made again from their sources, for the phrase check
    assert [r["doc_number"] for r in library.search(engine, '"不动产登记，纳税"').results] == [numbers[0]]
    assert library.search(engine, '"信息纳税"').total == 0


NOTICE = (
    "南河市人民政府办公室\n关于开展政务数据质量抽查的通知\n南政办函〔2024〕41号\n各县区人民政府：\n"
    "一、抽查范围。市直各单位的共享目录。（市数据局负责）\n二、本通知自印发之日起施行。\n南河市人民政府办公室\n2024年9月2日\n"
)


def put(url: str, path: str, content: str, replace: str | int | None = None) -> IngestResult:
    """Store ``content`` as the file at ``path`` (every test file is called gazette.txt)."""
    return store_parsed(open_store(url), parse_text(content, "gazette.txt"), len(content.encode()), path=path,
                        replace=replace)


def current_numbers(engine: Engine) -> list[str]:
    return sorted(r["doc_number"] for r in library.search(engine, "").results)


def table_counts(engine: Engine) -> dict[str, int]:
    tables = ("sources", "documents", "clauses", "tasks", "task_units", "targets", "citations", "status_events")
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0 for t in tables}


def test_files_of_one_name_in_two_folders_are_two_sources(db_url: str) -> None:
    first, second = put(db_url, "a/gazette.txt", PLAN), put(db_url, "b/gazette.txt", LATER)
    assert (first.status, second.status) == ("added", "added")
    assert second.same_name == [(first.source_id, "a/gazette.txt")]  # said, not acted on
    engine = open_store(db_url)
    assert current_numbers(engine) == ["南政办函〔2024〕30号", "南政办发〔2024〕12号"]
    assert library.search(engine, "共享目录").total == 1 and library.search(engine, "双随机").total == 1
    counts = library.library_counts(engine)
    assert (counts["sources"], counts["documents"]) == (2, 2)
    # the same bytes twice change nothing, wherever they come from
    before = table_counts(engine)
    assert put(db_url, "a/gazette.txt", PLAN).status == "unchanged"
    again = put(db_url, "c/copy.txt", PLAN)
    assert (again.status, again.same_content) == ("duplicate", (first.source_id, "a/gazette.txt"))
    assert table_counts(engine) == before
    # the file at a/ now holds what b/ holds: b's source is its current version, stored once
    copied = put(db_url, "a/gazette.txt", LATER)
    assert (copied.status, copied.source_id, copied.same_content) == ("replaced", second.source_id,
                                                                       (second.source_id, "b/gazette.txt"))
    assert copied.replaced == [(first.source_id, "a/gazette.txt")] and copied.kept == 1
    assert current_numbers(engine) == ["南政办函〔2024〕30号"]
    assert table_counts(engine)["sources"] == 2
    assert put(db_url, "a/gazette.txt", LATER).status == "duplicate"  # and from then on, a copy of it


def page_tasks(engine: Engine, doc_id: int) -> list[dict[str, Any]]:
    page = library.document(engine, doc_id)
    assert page is not None
    return page["tasks"]


def test_a_new_version_keeps_the_document_a_campaign_tracks(db_url: str) -> None:
    from datetime import date

    from zhengce import supervision
    from zhengce.access.accounts import CLI
    from zhengce.supervision import scoring

    put(db_url, "a/gazette.txt", PLAN)
    engine = open_store(db_url)
    plan = library.find_by_number(engine, "南政办发〔2024〕12号")
    assert plan is not None
    cid = supervision.create_campaign(engine, CLI, plan["id"])
    tracked = supervision.campaign_view(engine, CLI, cid, date(2024, 5, 1))
    dashboard = scoring.targets_dashboard(engine, CLI, cid, date(2024, 5, 1))
    assert [t["indicator"] for t in dashboard["targets"]] == ["政务数据共享率"]

    # another file entirely comes in under the same path: a new version, the old one kept
    result = put(db_url, "a/gazette.txt", NOTICE)
    assert (result.status, result.kept, [p for _, p in result.replaced]) == ("replaced", 1, ["a/gazette.txt"])
    assert current_numbers(engine) == ["南政办函〔2024〕41号"]
    assert library.search(engine, "共享目录").results[0]["doc_number"] == "南政办函〔2024〕41号"  # not the old plan
    assert library.search(engine, "纳税信息").total == 0
    assert library.library_counts(engine)["documents"] == 1
    # the campaign still has its document, its tasks and its targets
    view = supervision.campaign_view(engine, CLI, cid, date(2024, 5, 1))
    assert view["campaign"]["document_id"] == plan["id"]
    assert [t["text"] for t in view["tasks"]] == [t["text"] for t in tracked["tasks"]]
    source_tasks = [supervision.task_view(engine, CLI, t["id"])["task"]["source_task_id"] for t in view["tasks"]]
    assert [t["id"] for t in page_tasks(engine, plan["id"])] == source_tasks  # the extracted tasks they came from
    assert scoring.targets_dashboard(engine, CLI, cid, date(2024, 5, 1))["targets"] == dashboard["targets"]
    # reachable by id, with the notice and the current version's documents
    page = library.document(engine, plan["id"])
    assert page is not None and page["superseded"]["notice"] == "此版本已被新版本取代"
    assert page["superseded"]["current"] is None  # the new file has no document of that number or title
    assert [d["doc_number"] for d in page["superseded"]["source"]["documents"]] == ["南政办函〔2024〕41号"]
    assert [t["number"] for t in page["tasks"]] == ["1.", "2."]
    assert library.document(engine, library.find_by_number(engine, "南政办函〔2024〕41号")["id"])["superseded"] is None


def test_versions_of_a_file_point_to_the_current_one(db_url: str) -> None:
    put(db_url, "plan.txt", PLAN)
    engine = open_store(db_url)
    v1 = library.find_by_number(engine, "南政办发〔2024〕12号")["id"]  # type: ignore[index]
    put(db_url, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))
    v2 = library.find_by_number(engine, "南政办发〔2024〕12号")["id"]  # type: ignore[index]
    third = put(db_url, "plan.txt", PLAN.replace("实行动态更新", "实行年度更新"))
    v3 = library.find_by_number(engine, "南政办发〔2024〕12号")["id"]  # type: ignore[index]
    assert len({v1, v2, v3}) == 3 and third.status == "replaced"
    assert library.document(engine, v1)["superseded"]["current"]["id"] == v3  # type: ignore[index]
    assert library.status_of(engine, "南政办发〔2024〕12号")["document"]["id"] == v3  # type: ignore[index]
    assert [r["id"] for r in library.search(engine, "共享目录").results] == [v3]
    # the first content again: a version of its own (the same bytes as a superseded version are no copy)
    back = put(db_url, "plan.txt", PLAN)
    assert back.status == "replaced"
    assert library.search(engine, "动态更新").total == 1 and library.search(engine, "年度更新").total == 0
    assert library.library_counts(engine)["documents"] == 1


def test_the_user_names_the_source_a_file_replaces(db_url: str) -> None:
    from zhengce.db import SourceError

    a = put(db_url, "2023/第1期.txt", PLAN)
    put(db_url, "2024/第1期.txt", LATER)
    with pytest.raises(SourceError, match="多个来源"):
        put(db_url, "new/第1期.txt", NOTICE, replace="第1期.txt")  # two sources have that name
    with pytest.raises(SourceError, match="没有"):
        put(db_url, "new/第1期.txt", NOTICE, replace="2022/第1期.txt")
    engine = open_store(db_url)
    assert library.library_counts(engine)["sources"] == 2  # a refused replacement stores nothing
    done = put(db_url, "new/第1期.txt", NOTICE, replace="2023/第1期.txt")
    assert (done.status, done.replaced) == ("replaced", [(a.source_id, "2023/第1期.txt")])
    assert current_numbers(engine) == ["南政办函〔2024〕30号", "南政办函〔2024〕41号"]
    with pytest.raises(SourceError, match="取代"):
        put(db_url, "x.txt", PLAN, replace=a.source_id)  # a superseded version is not replaced again
    # by id too
    b = put(db_url, "final.txt", PLAN.replace("实行动态更新", "实行季度更新"), replace=done.source_id)
    assert b.status == "replaced" and current_numbers(engine) == ["南政办函〔2024〕30号", "南政办发〔2024〕12号"]


def test_migration_0008_upgrades_a_database_with_documents_and_campaigns(db_url: str) -> None:
    from zhengce import supervision
    from zhengce.access.accounts import CLI

    _library(db_url, 2)
    engine = open_store(db_url)
    plan = library.find_by_number(engine, "南政办发〔2024〕12号")["id"]  # type: ignore[index]
    cid = supervision.create_campaign(engine, CLI, plan)
    before = table_counts(engine)
    engine.dispose()
    downgrade(db_url, "0007")
    with engine.connect() as conn:
        assert "path" not in {c["name"] for c in inspect(conn).get_columns("sources")}
    engine = open_store(db_url)  # upgrades: every row kept, paths from the names
    assert table_counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        paths = conn.execute(text("SELECT path FROM sources ORDER BY id")).scalars().all()
    assert paths == ["plan.txt", "later.txt", "more0.txt", "more1.txt"]
    assert supervision.campaign_view(engine, CLI, cid)["campaign"]["document_id"] == plan
    assert ingest(db_url, "plan.txt", PLAN) and table_counts(engine) == before  # the same bytes: nothing
    put(db_url, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))
    assert library.document(engine, plan)["superseded"]["current"]["doc_number"] == "南政办发〔2024〕12号"  # type: ignore[index]
    # the old schema has no place for superseded versions: going back is refused, nothing lost
    engine.dispose()
    with pytest.raises(RuntimeError, match="superseded"):
        downgrade(db_url, "0007")
    assert library.library_counts(open_store(db_url))["documents"] == 4


def test_sqlite_migrations_refuse_to_rebuild_tables_with_foreign_keys_on(tmp_path: Path) -> None:
    from alembic import command

    from zhengce.db import alembic_config

    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)  # its connections have foreign keys on
    with pytest.raises(RuntimeError, match="foreign keys"), engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007")
    assert library.library_counts(open_store(db))["documents"] == 1


def test_the_page_of_a_superseded_version_says_so_and_links_the_current_one(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from zhengce.web.app import create_app

    db = str(tmp_path / "z.db")
    put(db, "plan.txt", PLAN)
    put(db, "later.txt", LATER)
    engine = open_store(db)
    old = library.find_by_number(engine, "南政办发〔2024〕12号")["id"]  # type: ignore[index]
    put(db, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"))
    new = library.find_by_number(engine, "南政办发〔2024〕12号")["id"]  # type: ignore[index]
    client = TestClient(create_app(engine=engine))
    page = client.get(f"/doc/{old}")
    assert page.status_code == 200 and "此版本已被新版本取代" in page.text and f'href="/doc/{new}"' in page.text
    assert "此版本已被新版本取代" not in client.get(f"/doc/{new}").text
    assert client.get(f"/api/doc/{old}").json()["superseded"]["current"]["id"] == new
    # lists and searches show the current version only
    for url in ("/", "/search?q=", "/search?q=共享目录", f"/issuer/{PLAN.splitlines()[0]}"):
        html = client.get(url).text
        assert f'href="/doc/{new}' in html and f'href="/doc/{old}"' not in html and f'href="/doc/{old}#' not in html
    unit = client.get(f"/api/doc/{new}/plan").json()["units"][0]["unit_id"]
    tasks = client.get(f"/api/unit/{unit}").json()["tasks"]["lead"]
    assert {t["document_id"] for t in tasks} == {new, library.find_by_number(engine, "南政办函〔2024〕30号")["id"]}  # type: ignore[index]
    # what cites the plan resolves to the current version
    later = library.find_by_number(engine, "南政办函〔2024〕30号")["id"]  # type: ignore[index]
    assert client.get(f"/api/doc/{later}").json()["cites"][0]["resolved"]["id"] == new
    assert [d["id"] for d in client.get(f"/api/doc/{new}").json()["cited_by"]] == [later]
