"""Each document's stored ends (废止、失效、继续有效 dates, ``zhengce.db.validity``): a results page's rows, the
效力 filter and its facet read them, and give the status the document page gives from the events — whatever
order the documents came in, after a new version of the document that named it, and in a library made
before they were stored (migration 0020, ``zhengce refresh-validity``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.db.test_store import downgrade
from tests.extract.test_validity import CLEANUP, NEW, OFFICE, OLD, REPEALED, UNLISTED
from zhengce import library
from zhengce.cli.main import app
from zhengce.db import open_store, tantivy_index
from zhengce.db.validity import EFFECTS, STATED
from zhengce.extract.validity import CONFIRMING_KINDS, ENDING_KINDS, STATED_KINDS
from zhengce.library import Filters
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

# an office document with no dates of its own that the cleanup lists as 继续有效 (it is 未标注 until then)
UNDATED = OFFICE.replace("一、本办法自2020年6月1日起试行，试行期2年。", "一、本办法由市民政局负责解释。")
# a decision that amends the parking measures: an amendment leaves them in force
AMEND = (
    "南河市人民政府\n关于修改《南河市公共停车场管理办法》的决定\n南政发〔2024〕15号\n"
    "各县区人民政府，市直各单位：\n市政府决定对《南河市公共停车场管理办法》作如下修改：将第一条修改为“为规范停车管理，制定本办法。”\n"
    "本决定自2024年7月1日起施行。\n南河市人民政府\n2024年6月20日\n"
)


def _store(engine: Any, *documents: tuple[str, str]) -> None:
    for name, content in documents:
        store_parsed(engine, parse_text(content, name), len(content.encode()))


def _agree(engine: Any, day: date, query: str = "") -> dict[str, str]:
    """The statuses of the results page on ``day`` (by 文号), after checking what a user would: each status's
    facet count is how many documents its filter link lists, every listed row shows that status, and the
    document page (which reads the events themselves) gives it too."""
    page = library.search(engine, query, today=day)
    assert page.validity_sample == 0  # a few matches: counted over all of them
    facet = {f["value"]: f["count"] for f in page.facets["validity"]}
    assert sum(facet.values()) == page.total
    for key, count in facet.items():
        listed = library.search(engine, query, Filters(validity=key), today=day)
        assert listed.total == count, (key, day)
        for row in listed.results:
            assert row["validity"] == key
            assert library.document(engine, row["id"], as_of=day)["status"]["status"] == key, (row, day)
    return {r["doc_number"]: r["validity"] for r in page.results}


@pytest.mark.parametrize("order", ["repealed first", "repealer first"])
def test_a_document_repealed_by_a_later_one_in_either_order(db_url: str, order: str) -> None:
    engine = open_store(db_url)
    docs = [("old.txt", OLD), ("new.txt", NEW)]
    _store(engine, *(docs if order == "repealed first" else docs[::-1]))
    assert _agree(engine, date(2024, 4, 30)) == {"南政发〔2019〕4号": "valid", "南政发〔2024〕9号": "pending"}
    assert _agree(engine, date(2024, 5, 1)) == {"南政发〔2019〕4号": "repealed", "南政发〔2024〕9号": "valid"}
    assert _agree(engine, date(2024, 5, 1), "绿化") == {"南政发〔2019〕4号": "repealed", "南政发〔2024〕9号": "valid"}


def test_a_period_that_ends_tomorrow_or_ended_yesterday(db_url: str) -> None:
    engine = open_store(db_url)
    _store(engine, ("old.txt", OLD))  # 自2019年4月1日起施行，有效期10年: in force to 2029-03-31
    last = date(2029, 3, 31)
    assert _agree(engine, last - timedelta(days=1)) == {"南政发〔2019〕4号": "valid"}
    assert _agree(engine, last) == {"南政发〔2019〕4号": "valid"}
    assert _agree(engine, last + timedelta(days=1)) == {"南政发〔2019〕4号": "expired"}


@pytest.mark.parametrize("cleanup_first", [True, False])
def test_a_cleanup_confirms_lapses_repeals_and_sweeps(db_url: str, cleanup_first: bool) -> None:
    engine = open_store(db_url)
    others = [("undated.txt", UNDATED), ("repealed.txt", REPEALED), ("unlisted.txt", UNLISTED), ("amend.txt", AMEND)]
    cleanup = [("cleanup.txt", CLEANUP)]
    _store(engine, *(cleanup + others if cleanup_first else others + cleanup))
    before = _agree(engine, date(2024, 9, 1))
    assert before["南政办发〔2020〕3号"] == "unknown"  # no dates of its own, not yet confirmed
    assert before["南政发〔2021〕2号"] == before["南政办发〔2023〕5号"] == "valid"  # amended on 07-01, in force
    amended = library.document(engine, library.find_by_number(engine, "南政办发〔2023〕5号")["id"])
    assert ("amend", "2024-07-01") in [(e["kind"], e["effective"]) for e in amended["status_events"]]
    after = _agree(engine, date(2024, 9, 2))
    assert after["南政办发〔2020〕3号"] == "valid"  # listed as 继续有效: so no sweep either
    assert after["南政发〔2021〕2号"] == "repealed"  # on the 废止 list
    assert after["南政办发〔2023〕5号"] == "expired"  # made before the cut-off and on none of the lists
    assert after["南政发〔2024〕12号"] == "unknown"  # the cleanup itself states no dates of its own


def test_a_parallel_ingest_in_small_batches_keeps_them_whatever_batch_holds_the_cleanup(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zhengce.library.bulk
    from zhengce.library.bulk import ingest_files

    monkeypatch.setattr(zhengce.library.bulk, "BATCH_FILES", 2)  # the cleanup and what it names in other batches
    folder = tmp_path / "in"
    folder.mkdir()
    files = []
    for k, (name, content) in enumerate([("undated.txt", UNDATED), ("cleanup.txt", CLEANUP), ("old.txt", OLD),
                                         ("unlisted.txt", UNLISTED), ("new.txt", NEW), ("repealed.txt", REPEALED)]):
        path = folder / f"{k}-{name}"
        path.write_text(content, encoding="utf-8")
        files.append((path, path.name))
    engine = open_store(db_url)
    ingest_files(engine, files, lambda outcome: None, workers=2)
    after = _agree(engine, date(2024, 9, 2))
    assert after["南政办发〔2020〕3号"] == "valid" and after["南政办发〔2023〕5号"] == "expired"
    assert after["南政发〔2019〕4号"] == after["南政发〔2021〕2号"] == "repealed"


def test_a_later_cleanup_that_lists_it_again_leaves_it_spared_by_the_first_ones_sweep(db_url: str) -> None:
    """A cleanup's sweep spares what its own lists name, however many later lists name it too: the cleanup
    worksheet (which reads only the events that decide each status) says what its row and its page say."""
    engine = open_store(db_url)
    sweep = "四、市政府、市政府办2024年6月30日前制定的规范性文件，既未列入失效目录，又未列入继续有效或废止目录的，自本通告发布之日起不再执行。\n"
    assert sweep in CLEANUP
    later = CLEANUP.replace(sweep, "").replace("南政发〔2024〕12号", "南政发〔2025〕3号") \
        .replace("NHDR-2024-00012", "NHDR-2025-00003").replace("2024年9月2日", "2025年3月1日")
    _store(engine, ("cleanup.txt", CLEANUP), ("later.txt", later), ("undated.txt", UNDATED), ("unlisted.txt", UNLISTED))
    day = date(2025, 6, 1)
    shown = _agree(engine, day)
    assert shown["南政办发〔2020〕3号"] == "valid" and shown["南政办发〔2023〕5号"] == "expired"
    sheet = {r["doc_number"]: r["status"]  # the documents made before the first cleanup's cut-off
             for r in library.cleanup_sheet(engine, "南河市人民政府", date(2024, 6, 30), as_of=day)["documents"]}
    assert sheet["南政办发〔2020〕3号"] == "valid" and sheet["南政办发〔2023〕5号"] == "expired"


def test_a_new_version_of_the_repealing_document_takes_its_repeal_back(db_url: str) -> None:
    engine = open_store(db_url)
    _store(engine, ("old.txt", OLD), ("new.txt", NEW))
    day = date(2025, 1, 1)
    assert _agree(engine, day)["南政发〔2019〕4号"] == "repealed"
    without = NEW.replace("《南河市城市绿化管理办法》（南政发〔2019〕4号）同时废止。", "")
    store_parsed(engine, parse_text(without, "new.txt"), len(without.encode()), replace="new.txt")
    assert _agree(engine, day)["南政发〔2019〕4号"] == "valid"
    # and a new version of the repealed document is repealed as the first one was
    store_parsed(engine, parse_text(NEW, "new.txt"), len(NEW.encode()), replace="new.txt")
    corrected = OLD.replace("制定本办法。", "特制定本办法。")
    store_parsed(engine, parse_text(corrected, "old.txt"), len(corrected.encode()), replace="old.txt")
    assert _agree(engine, day)["南政发〔2019〕4号"] == "repealed"


def test_the_migration_fills_a_library_made_before_it(db_url: str) -> None:
    engine = open_store(db_url)
    _store(engine, ("old.txt", OLD), ("new.txt", NEW), ("cleanup.txt", CLEANUP), ("unlisted.txt", UNLISTED))
    day = date(2025, 1, 1)
    expected = _agree(engine, day)
    engine.dispose()
    downgrade(db_url, "0019")  # the columns go
    engine = open_store(db_url)  # and come back, computed from the events
    assert _agree(engine, day) == expected
    assert expected["南政发〔2019〕4号"] == "repealed" and expected["南政办发〔2023〕5号"] == "expired"


def test_refresh_validity_puts_right_what_was_written_around_ingest(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    engine = open_store(db)
    _store(engine, ("old.txt", OLD), ("new.txt", NEW))
    with engine.begin() as conn:  # as if the ends had been lost
        conn.execute(text("UPDATE documents SET repealed_on = NULL, lapsed_on = NULL, confirmed_on = NULL"))
    day = date(2025, 1, 1)
    stale = {r["doc_number"]: r["validity"] for r in library.search(engine, "", today=day).results}
    assert stale["南政发〔2019〕4号"] == "valid"
    done = CliRunner().invoke(app, ["refresh-validity", "--db", db])
    assert done.exit_code == 0 and "更正 1 份文件" in done.output
    assert _agree(engine, day)["南政发〔2019〕4号"] == "repealed"


def test_tantivy_counts_every_match_and_follows_ends_that_change(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """tantivy counts 效力 over every match by its fast fields (not the best few), and a document whose ends a later
    document changes is written to the index again: its facet count follows."""
    from zhengce.library import fulltext

    db = str(tmp_path / "z.db")
    engine = open_store(db)
    _store(engine, ("old.txt", OLD), ("undated.txt", UNDATED), ("repealed.txt", REPEALED), ("unlisted.txt", UNLISTED))
    tantivy_index.choose(engine, "tantivy")
    tantivy_index.rebuild(engine)  # built before the repealing document and the cleanup come
    monkeypatch.setattr(fulltext, "VALIDITY_SAMPLE", 1)  # a sample would count one document
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 2)
    before = library.search(engine, "南河市", today=date(2024, 9, 2))
    assert {f["value"]: f["count"] for f in before.facets["validity"]}["repealed"] == 0
    _store(engine, ("new.txt", NEW), ("cleanup.txt", CLEANUP))
    for day in (date(2024, 9, 1), date(2024, 9, 2)):
        _agree(engine, day, "南河市")  # every match counted: the page's two rows are not all
    after = {f["value"]: f["count"] for f in library.search(engine, "南河市", today=date(2024, 9, 2)).facets["validity"]}
    assert after["repealed"] == 2 and after["expired"] == 1  # 南政发〔2019〕4号 and 〔2021〕2号; the swept one
    assert after == {f["value"]: f["count"] for f in library.search(
        open_store(db), "南河市", today=date(2024, 9, 2)).facets["validity"]}


def test_the_stored_ends_read_every_kind_status_on_reads() -> None:
    """The storage layer names the event kinds itself (it loads no extractor): each kind status_on ends a
    document by has an ending column, each it confirms one by the confirming column."""
    assert {k for k, end in EFFECTS.items() if end != "confirmed_on"} == set(ENDING_KINDS)
    assert {k for k, end in EFFECTS.items() if end == "confirmed_on"} == set(CONFIRMING_KINDS)
    assert set(STATED_KINDS.values()) == STATED

