"""The tantivy index when things go wrong in an office: an ingest killed (kill -9, a power cut) between the
database's commit and the index's, or before the database commits, and an index folder damaged on disk.
Searches must never answer from an index that lacks a commit, nor fail because the index is damaged."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.db.test_store import LATER, PLAN, ingest
from zhengce import library
from zhengce.cli import app
from zhengce.db import open_store, tantivy_index

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
KILLED_AFTER_COMMIT = """
import os, sys
from zhengce.db import tantivy_index
from tests.db.test_store import ingest
tantivy_index.sync = lambda *a, **k: os._exit(9)  # killed after the database's commit, before the index's
ingest(sys.argv[1], sys.argv[2], open(sys.argv[3], encoding="utf-8").read())
"""
KILLED_BEFORE_COMMIT = """
import os, sys
import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session
from tests.db.test_store import ingest
event.listen(Session, "before_commit", lambda s: os._exit(9) if "zhengce.tantivy" in s.info else None)
ingest(sys.argv[1], sys.argv[2], open(sys.argv[3], encoding="utf-8").read())
"""


def _killed(script: str, db: str, name: str, text: str, tmp_path: Path) -> None:
    (tmp_path / "input.txt").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", script, db, name, str(tmp_path / "input.txt")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr


def test_a_new_version_killed_between_the_two_commits_is_not_hidden_by_the_index(tmp_path: Path) -> None:
    """A new version replaces one document by one: the index holds as many documents as the database,
    but the old one. Searches must find the new version (FTS5 answers) and check must say so."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    assert library.search(engine, "季度更新").total == 0
    old = library.search(engine, "动态更新").results[0]
    # a searching process has the index open already (the web app)
    assert tantivy_index.open_index(engine) is not None
    _killed(KILLED_AFTER_COMMIT, db, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"), tmp_path)
    new = library.search(engine, "季度更新").results
    assert [(r["title"], r["superseded"]) for r in new] == [(old["title"], False)] and new[0]["id"] != old["id"]
    assert library.search(engine, "南政办发〔2024〕12号").results[0]["id"] == new[0]["id"]
    assert library.search(engine, "动态更新").total == 0  # the old version is not a current result
    assert tantivy_index.chosen(engine) == "fts5"
    check = runner.invoke(app, ["search-index", "check", "--db", db])
    assert check.exit_code == 1 and "rebuild" in check.output, check.output
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    assert tantivy_index.chosen(engine) == "tantivy"
    assert [r["id"] for r in library.search(engine, "季度更新").results] == [new[0]["id"]]
    assert runner.invoke(app, ["search-index", "check", "--db", db]).exit_code == 0


def test_a_new_process_does_not_trust_an_index_of_as_many_documents_but_other_ones(tmp_path: Path) -> None:
    """Without the pending file (lost with a copied folder): the index is compared by its documents' ids,
    not only their count, when a process opens it."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    _killed(KILLED_AFTER_COMMIT, db, "plan.txt", PLAN.replace("实行动态更新", "实行季度更新"), tmp_path)
    for marker in (tmp_path / "z.db.tantivy").glob("pending-*"):
        marker.unlink()
    tantivy_index.forget()
    assert tantivy_index.open_index(engine) is None
    assert library.search(engine, "季度更新").total == 1


def test_an_ingest_killed_before_the_database_commits_leaves_the_index_in_use(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    _killed(KILLED_BEFORE_COMMIT, db, "later.txt", LATER, tmp_path)
    assert list((tmp_path / "z.db.tantivy").glob("pending-*"))  # what the killed process left
    assert tantivy_index.chosen(engine) == "tantivy"  # compared with the database: nothing missed
    assert not list((tmp_path / "z.db.tantivy").glob("pending-*"))
    assert library.search(engine, "双随机").total == 0
    ingest(db, "later.txt", LATER)
    assert library.search(engine, "双随机").total == 1
    assert tantivy_index.differences(engine) == ([], [])


def test_a_live_transaction_does_not_make_the_index_stale(tmp_path: Path) -> None:
    """Another process's pending file, while it lives, is not a crash: the index stays in use."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    seen: list[list[Path]] = []

    def peek(session: Session) -> None:
        seen.append(list((tmp_path / "z.db.tantivy").glob("pending-*")))
        assert tantivy_index.status(engine) == "ready"

    event.listen(Session, "before_commit", peek)
    try:
        ingest(db, "later.txt", LATER)
    finally:
        event.remove(Session, "before_commit", peek)
    assert any(seen)
    assert not list((tmp_path / "z.db.tantivy").glob("pending-*"))
    assert library.search(engine, "双随机").total == 1


def test_a_damaged_index_falls_back_to_fts5_and_check_says_so(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    (tmp_path / "z.db.tantivy" / "meta.json").write_text("not json", encoding="utf-8")
    tantivy_index.forget()
    page = library.search(engine, "双随机")
    assert [r["doc_number"] for r in page.results] == ["南政办函〔2024〕30号"]
    check = runner.invoke(app, ["search-index", "check", "--db", db])
    assert check.exit_code == 1 and "损坏" in check.output and "Traceback" not in check.output, check.output
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["search-index", "check", "--db", db]).exit_code == 0


def test_segment_files_deleted_under_the_index_do_not_fail_the_search(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    for f in (tmp_path / "z.db.tantivy").glob("*.idx"):
        f.unlink()
    tantivy_index.forget()
    assert [r["doc_number"] for r in library.search(engine, "动态更新").results] == ["南政办发〔2024〕12号"]


def test_an_ingest_that_commits_while_the_index_is_rebuilt_is_in_the_new_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild reads the database once and swaps its index in; an ingest that commits meanwhile goes to
    the old index. The new one must not lack it (else it is refused and FTS5 answers until the next rebuild)."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    reading = tantivy_index.entries

    def read_then_ingest(conn: object, ids: object) -> object:
        yield from reading(conn, ids)  # type: ignore[arg-type]
        if ids is None:
            ingest(db, "later.txt", LATER)  # another process's ingest, committed while the rebuild writes

    monkeypatch.setattr(tantivy_index, "entries", read_then_ingest)
    tantivy_index.rebuild(engine)
    monkeypatch.undo()
    tantivy_index.forget()
    assert tantivy_index.differences(engine) == ([], [])
    assert tantivy_index.open_index(engine) is not None
    assert [r["doc_number"] for r in library.search(engine, "双随机").results] == ["南政办函〔2024〕30号"]


@pytest.mark.parametrize(("query", "found"), [('"年，考"', 0), ('"年，全"', 1), ('"2025年，全"', 1), ('"办发〔2"', 1)])
def test_a_phrase_that_ends_in_one_character_is_a_phrase_on_tantivy_too(tmp_path: Path, query: str,
                                                                          found: int) -> None:
    """FTS5 reads ``"年，考"`` as 年 followed by a word that starts with 考; tantivy asked for 年 and 考…
    anywhere in the document (9,003 matches against FTS5's 5,405 for one such query at 100,000)."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)  # 2024年 and 考核, not side by side
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    fts = open_store(db)
    tantivy_index.choose(fts, "fts5")
    on_fts, on_tantivy = library.search(fts, query), library.search(engine, query)
    assert tantivy_index.chosen(engine) == "tantivy"
    assert on_tantivy.total == on_fts.total == found
    assert [r["id"] for r in on_tantivy.results] == [r["id"] for r in on_fts.results]


@contextlib.contextmanager
def _unwritable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written (root writes past permissions: ``chattr +i`` then)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i 不可用 / chattr +i is not available here")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def test_an_index_folder_that_cannot_be_written_is_marked_stale_beside_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The database commits, the index cannot (its folder is read-only): the ingest is kept, this process
    (a server that had the index open) and every other answer from FTS5, and check says it is stale. The
    ingest says so in one Chinese line, not with a traceback."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    engine = open_store(db)
    tantivy_index.rebuild(engine)
    assert library.search(engine, "动态更新").total == 1 and tantivy_index.chosen(engine) == "tantivy"
    folder = tmp_path / "z.db.tantivy"
    with _unwritable(folder):
        caplog.clear()
        ingest(db, "later.txt", LATER)
        said = [r for r in caplog.records if r.levelname == "ERROR" and "未能更新" in r.getMessage()]
        assert said and all(r.exc_info is None for r in said) and "search-index rebuild" in said[0].getMessage()
        assert tantivy_index.status(engine) == "stale" and tantivy_index.chosen(engine) == "fts5"
        assert [r["doc_number"] for r in library.search(engine, "双随机").results] == ["南政办函〔2024〕30号"]
        tantivy_index.forget()  # as a new process
        assert [r["doc_number"] for r in library.search(open_store(db), "双随机").results] == ["南政办函〔2024〕30号"]
        check = runner.invoke(app, ["search-index", "check", "--db", db])
        assert check.exit_code == 1 and "已过期" in check.output, check.output
        missing = tmp_path / "elsewhere.db"  # a mistyped --db: said, not made as a new empty library
        for command in ("check", "rebuild"):
            wrong = runner.invoke(app, ["search-index", command, "--db", str(missing)])
            assert wrong.exit_code == 2 and "数据库不存在" in wrong.output and not missing.exists()
        failed = runner.invoke(app, ["search-index", "rebuild", "--db", db])
        assert failed.exit_code == 2 and "不可写" in failed.output and "Traceback" not in failed.output
        assert tantivy_index.status(engine) == "stale"
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    assert tantivy_index.status(engine) == "ready" and not (tmp_path / "z.db.tantivy.stale").exists()
    assert [r["doc_number"] for r in library.search(engine, "双随机").results] == ["南政办函〔2024〕30号"]
