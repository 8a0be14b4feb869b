"""Parallel ingest (``zhengce ingest --workers N``): the same rows as a serial ingest, one file's failure
kept to that file, an interruption that keeps what was committed and a re-run that continues."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, select, text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

import zhengce.library.bulk
from zhengce.cli.main import app
from zhengce.db import Base, open_store
from zhengce.library import search
from zhengce.library.bulk import Outcome, ingest_files
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path
from zhengce.text.read import ReadError

runner = CliRunner()


def variant(gazette: str, k: int) -> str:
    """The test gazette as another issue: its own 文号, registration code, amounts and year."""
    out = re.sub(r"〔2023〕(\d+)号", lambda m: f"〔{2018 + k}〕{int(m.group(1)) + 10 * k}号", gazette)
    out = out.replace("2000万元", f"{2000 + 100 * k}万元").replace("QHDR-2023-", f"QHDR-{2018 + k}-")
    return out.replace("2023年", f"{2018 + k}年")


def corpus(folder: Path, gazette: str) -> list[tuple[Path, str]]:
    """Files of the kinds a real folder holds: several issues, the same issue twice under two paths,
    one name in two sub-folders, a file that cannot be read. Keyed as ``zhengce ingest`` keys them."""
    files = []
    for k in range(7):
        sub = folder / ("a" if k % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        name = "第1期.txt" if k == 6 else f"第{k}期.txt"  # issue 6 (in b/) shares its name with issue 1 (in a/)
        (sub / name).write_text(variant(gazette, k), encoding="utf-8")
        files.append(sub / name)
    (folder / "copy.txt").write_text(variant(gazette, 3), encoding="utf-8")  # the bytes of issue 3 again
    (folder / "junk.pdf").write_bytes(b"%PDF-1.7 nothing else")
    files += [folder / "copy.txt", folder / "junk.pdf"]
    return [(p, p.relative_to(folder).as_posix()) for p in files]


def serial(engine: Engine, files: list[tuple[Path, str]]) -> None:
    """The reference: each file parsed, extracted and stored in its own transaction, one after the other."""
    for path, key in files:
        try:
            parsed = parse_path(path)
        except ReadError:
            continue
        store_parsed(engine, parsed, path.stat().st_size, path=key)


def table_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (times of day left out: they say when, not what), ids included, and
    the search index's entries."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.c if not isinstance(c.type, DateTime)]
            out[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*table.primary_key.columns))]
        if engine.dialect.name == "sqlite":
            query = "SELECT rowid, title, number, meta, body FROM search_fts ORDER BY rowid"
        else:
            query = ("SELECT document_id, part, parts, tsv::text, head::text, plain FROM search_docs "
                     "ORDER BY document_id, part")
        out["search"] = [tuple(r) for r in conn.execute(text(query))]
    return out


@pytest.fixture
def second_db(db_url: str, templates: Any, tmp_path: Path) -> Iterator[str]:
    """Another database on the engine of ``db_url``, migrated the same way."""
    if "://" not in db_url:
        yield templates.sqlite_copy(tmp_path / "serial.db")
        return
    other = templates.postgres_copy(db_url)
    try:
        yield other
    finally:
        templates.drop(other)


def test_two_workers_in_small_batches_store_what_a_serial_ingest_stores(
        db_url: str, second_db: str, tmp_path: Path, gazette_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zhengce.library.bulk, "BATCH_FILES", 3)  # several batches, one spanning a failure
    files = corpus(tmp_path / "in", gazette_text)
    reference = open_store(second_db)
    serial(reference, files)
    engine = open_store(db_url)
    outcomes: list[Outcome] = []
    ingest_files(engine, files, outcomes.append, workers=2)
    assert [o.key for o in outcomes] == [key for _, key in files]  # reported in the order of the files
    statuses = [o.result.status if o.result else "failed" for o in outcomes]
    assert statuses == ["added"] * 7 + ["duplicate", "failed"]
    assert "junk.pdf" in outcomes[-1].key and isinstance(outcomes[-1].error, ReadError)
    assert table_rows(engine) == table_rows(reference)
    assert len(table_rows(engine)["documents"]) == 21 and table_rows(engine)["tasks"]
    hits = search(engine, "秸秆禁烧")
    assert hits.total == 7 and hits.total == search(reference, "秸秆禁烧").total


def slow_parse(path: Path):  # type: ignore[no-untyped-def]
    """Parses like the pipeline, slowly from the fourth issue on: an interruption finds them unfinished."""
    import time

    if int(re.sub(r"\D", "", path.name)) >= 4:
        time.sleep(2)
    return parse_path(path)


def test_an_interrupted_ingest_keeps_its_batches_and_a_rerun_continues(
        tmp_path: Path, gazette_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zhengce.library.bulk, "BATCH_FILES", 2)
    files = corpus(tmp_path / "in", gazette_text)[:7]
    engine = open_store(str(tmp_path / "z.db"))
    seen: list[Outcome] = []

    def interrupt_after_three(outcome: Outcome) -> None:
        seen.append(outcome)
        if len(seen) == 3:
            raise KeyboardInterrupt  # as Ctrl-C in the middle of the ingest

    with pytest.raises(KeyboardInterrupt):
        ingest_files(engine, files, interrupt_after_three, workers=2, parse=slow_parse)
    stored = table_rows(engine)
    # what was reported is stored, the slow files are not all in; each stored source is whole: all three
    # of its documents, each in the search index
    assert 3 <= len(stored["sources"]) < 7
    assert [s[2] for s in stored["sources"]] == [key for _, key in files[: len(stored["sources"])]]
    assert len(stored["documents"]) == 3 * len(stored["sources"]) == len(stored["search"])
    again: list[Outcome] = []
    ingest_files(engine, files, again.append, workers=2)
    statuses = [o.result.status for o in again if o.result]
    assert statuses == ["unchanged"] * len(stored["sources"]) + ["added"] * (7 - len(stored["sources"]))
    reference = open_store(str(tmp_path / "serial.db"))
    serial(reference, files)
    assert table_rows(engine) == table_rows(reference)


def crashing_parse(path: Path):  # type: ignore[no-untyped-def]
    """Parses like the pipeline, except that *crash* files kill their worker process."""
    if "crash" in path.name:
        os._exit(3)
    return parse_path(path)


def test_a_killed_worker_costs_its_file_only(tmp_path: Path, gazette_text: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for k, name in enumerate(["a.txt", "b_crash.txt", "c.txt", "d.txt"]):
        (folder / name).write_text(variant(gazette_text, k), encoding="utf-8")
    files = [(p, p.name) for p in sorted(folder.iterdir())]
    engine = open_store(str(tmp_path / "z.db"))
    outcomes: list[Outcome] = []
    ingest_files(engine, files, outcomes.append, workers=2, parse=crashing_parse)
    assert [o.result.status if o.result else "failed" for o in outcomes] == ["added", "failed", "added", "added"]
    assert "process died" in str(outcomes[1].error)
    assert len(table_rows(engine)["sources"]) == 3


def test_ingest_with_workers_reports_files_documents_and_speed(
        tmp_path: Path, gazette_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import zhengce.cli.store

    monkeypatch.setattr(zhengce.cli.store, "LIST_ALL", 3)  # a "large" folder: plain rows are left out
    files = corpus(tmp_path / "in", gazette_text)
    db = tmp_path / "z.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), "--workers", "2", str(tmp_path / "in")])
    assert result.exit_code == 1  # junk.pdf
    assert "junk.pdf" in result.stderr
    assert re.search(r"共 9 个文件：新增 7，重复 1，失败 1（[\d.]+ MB，[\d.]+ 秒，[\d.]+ MB/s）", result.stderr)
    assert len(files) == 9
    assert "另有 6 个新增或未变、无说明的文件未列出" in result.stderr  # 7 added, one of them with a note
    assert "copy.txt" in result.stderr and "a/第1期.txt" in result.stderr  # a duplicate; a name twice
    again = runner.invoke(app, ["ingest", "--db", str(db), "-j", "1", str(tmp_path / "in")])
    assert "未变 7" in again.stderr and "重复 1" in again.stderr


def test_a_file_the_store_refuses_leaves_the_rest_of_its_batch_stored(
        tmp_path: Path, gazette_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import zhengce.db.batch
    import zhengce.db.ingest

    files = corpus(tmp_path / "in", gazette_text)[:4]
    store = zhengce.db.batch.store_source

    def refuse_issue_two(session, parsed, *args, **kwargs):  # type: ignore[no-untyped-def]
        if parsed.name == "第2期.txt":
            raise ValueError("拒绝 / refused")
        return store(session, parsed, *args, **kwargs)

    monkeypatch.setattr(zhengce.db.batch, "store_source", refuse_issue_two)  # in the batch, and alone
    monkeypatch.setattr(zhengce.db.ingest, "store_source", refuse_issue_two)
    engine = open_store(str(tmp_path / "z.db"))
    outcomes: list[Outcome] = []
    ingest_files(engine, files, outcomes.append, workers=2)  # the four files make one batch
    assert [o.result.status if o.result else str(o.error) for o in outcomes] == [
        "added", "added", "拒绝 / refused", "added"]
    assert [s[2] for s in table_rows(engine)["sources"]] == [files[k][1] for k in (0, 1, 3)]


def logged_parse(path: Path):  # type: ignore[no-untyped-def]
    """Parses like the pipeline and notes the file's name in parsed.log beside the folder ``in`` (the workers are
    processes: a counter in this one would not see them)."""
    folder = next(p for p in path.parents if p.name == "in")
    with open(folder.parent / "parsed.log", "a", encoding="utf-8") as log:
        log.write(path.name + "\n")
    return parse_path(path)


def test_a_folder_of_files_stored_one_by_one_is_duplicates_without_parsing_them_again(
        db_url: str, tmp_path: Path, gazette_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import zhengce.cli.store

    folder = tmp_path / "in"
    files = corpus(folder, gazette_text)[:7]
    for extra in ("copy.txt", "junk.pdf"):
        (folder / extra).unlink()
    engine = open_store(db_url)
    # the clerk ingested each file on its own first (keyed by the path as given); one path of the folder,
    # b/第0期.txt, holds another file already
    ingest_files(engine, [(p, p.as_posix()) for p, _ in files], lambda _o: None)
    (tmp_path / "older.txt").write_text(variant(gazette_text, 9), encoding="utf-8")
    ingest_files(engine, [(tmp_path / "older.txt", "b/第0期.txt")], lambda _o: None)
    log = tmp_path / "parsed.log"
    monkeypatch.setattr(zhengce.cli.store, "parse_path", logged_parse)
    result = runner.invoke(app, ["ingest", "--db", db_url, "-j", "2", str(folder)])
    assert result.exit_code == 0, result.stderr
    # only the file whose path holds other bytes is parsed (it becomes that path's new version)
    assert log.read_text(encoding="utf-8").split() == ["第0期.txt"]
    assert re.search(r"共 7 个文件：更新 1，重复 6（", result.stderr)
    assert result.stderr.count("内容与已收录的") == 7  # the six, and the new version: its bytes are stored too
    # each as the store itself says it of the file parsed: the same result, naming the file stored before
    outcomes: list[Outcome] = []
    ingest_files(engine, files[1:], outcomes.append)
    for (path, key), outcome in zip(files[1:], outcomes, strict=True):
        assert outcome.result == store_parsed(engine, parse_path(path), path.stat().st_size, path=key)
        assert outcome.result.status == "duplicate" and outcome.result.same_content is not None
        assert outcome.result.same_content[1] == path.as_posix()
