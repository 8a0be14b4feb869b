"""The province run's small parts: the generated corpus is the same on every run and parses into what it
planned, the log keeps what each stage measured, and an ingest stopped for want of disk continues."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from zhengce.parse.pipeline import parse_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import corpus
import million
import million_log
import million_measure


@pytest.fixture(scope="module")
def samples() -> corpus.Samples:
    return corpus.load_samples()


def test_a_file_depends_on_its_number_only(samples: corpus.Samples) -> None:
    again = corpus.load_samples()
    texts = [corpus.file_text(k, samples) for k in range(40)]
    assert texts == [corpus.file_text(k, again) for k in range(40)]
    assert len(set(texts)) == 40  # and every file is another
    # a larger corpus begins with the smaller one
    assert corpus.files_for(500) <= corpus.files_for(5000)
    assert sum(corpus.documents_in(k) for k in range(corpus.files_for(500))) >= 500
    assert sum(corpus.documents_in(k) for k in range(corpus.files_for(500) - 1)) < 500


def test_generated_files_parse_into_the_documents_planned(samples: corpus.Samples) -> None:
    gazettes = 0
    for k in range(120):
        parsed = parse_text(corpus.file_text(k, samples))
        assert len(parsed.documents) == corpus.documents_in(k), k
        gazettes += corpus.documents_in(k) > 1
        for doc in parsed.documents:
            if doc.doc_number is not None:  # years moved back, never past the samples' own
                assert 2000 <= doc.doc_number.year <= 2025
    assert 0 < gazettes < 40  # one file in ten is a gazette issue


def test_a_document_moves_to_another_place(samples: corpus.Samples) -> None:
    import random

    template = next(t for t in samples.templates if t.place and "〔" in t.text)
    old = corpus.short_name(template.place)
    moved = {corpus.rewrite(template, random.Random(seed), samples) for seed in range(5)}
    assert len(moved) == 5
    for text in moved:
        assert template.place not in text and old not in text
        number = parse_text(text).documents[0].doc_number
        assert number is not None and number.agency[0] != old[0]


def test_short_names_of_places() -> None:
    assert corpus.short_name("江华瑶族自治县") == "江华"
    assert corpus.short_name("临川县") == "临川"
    assert corpus.short_name("长沙市") == "长沙"


def test_percentiles() -> None:
    p = million_measure.percentiles([float(x) for x in range(101)])
    assert (p["n"], p["p50"], p["p95"], p["p99"]) == (101, 50.0, 95.0, 99.0)


def test_wrk_times_in_milliseconds() -> None:
    assert million_measure.ms("950.00us") == pytest.approx(0.95)
    assert million_measure.ms("1.20ms") == pytest.approx(1.2)
    assert million_measure.ms("2.03s") == pytest.approx(2030)
    assert million_measure.ms("") != million_measure.ms("")  # none given: NaN, not a fast 0 ms


def test_checkpoints_come_in_order_and_end_at_the_size_asked() -> None:
    assert million.checkpoints(1_000_000, "300000,100_000,2000000,0") == [100_000, 300_000, 1_000_000]
    assert million.checkpoints(20_000, "") == [20_000]


def test_the_log_keeps_every_stage(tmp_path: Path) -> None:
    log = million.Log(tmp_path / "run" / "run.log")
    log.write("ingest", files=3, mb_per_s=0.5)
    again = million.Log(tmp_path / "run" / "run.log")  # a re-run appends
    again.target = 100_000
    again.write("size", database_mb=12.5)
    lines = [json.loads(line) for line in (tmp_path / "run" / "run.log").read_text().splitlines()]
    assert [x["stage"] for x in lines] == ["ingest", "size"]
    assert lines[0]["files"] == 3 and lines[1]["database_mb"] == 12.5 and lines[0]["at"].endswith("+00:00")
    assert "target" not in lines[0] and lines[1]["target"] == 100_000


def test_ingest_stops_when_the_disk_is_low_and_a_rerun_continues(tmp_path: Path) -> None:
    log = million.Log(tmp_path / "run.log")
    files = million.generate(tmp_path / "files", 6, log, min_free=0)
    db = str(tmp_path / "store.db")
    with pytest.raises(SystemExit):
        million.ingest(db, files, 1, log, min_free=1e12, disks=[tmp_path])
    million.ingest(db, files, 1, log, min_free=0, disks=[tmp_path])
    runs = [json.loads(x) for x in (tmp_path / "run.log").read_text().splitlines()]
    first, second = [x for x in runs if x["stage"] == "ingest"]
    assert first["stopped"].startswith("disk") and second["stopped"] is None
    # what the stopped run committed is kept and not stored twice: the re-run stores only the rest
    assert first["db_sources"] > 0 and second["already"] == first["db_sources"]
    assert second["already"] + second["stored"] == len(files) == second["db_sources"]
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stored == second["db_documents"] == sum(map(corpus.documents_in, range(len(files))))


def test_the_summary_tells_each_size_apart(tmp_path: Path) -> None:
    log = million.Log(tmp_path / "run.log")
    log.write("start", documents=300_000)
    for target, held in ((100_000, 100_100), (300_000, 150_000)):
        log.target = target
        log.write("ingest", files=10, stored=10, documents=10, mb_per_s=0.2, documents_per_s=9.5, stopped=None,
                  db_documents=held)
        if target == 100_000:  # measured before the library grows on
            log.write("search", all={"p50": 20.0, "p95": 61.5, "p99": 80.0}, known_items="100/100")
            log.write("pages", plan=7, **{"/doc/{plan}": {"n": 20, "median": 31.5, "p95": 40.0}},
                      in_process={"random": {"n": 50, "median": 9.5, "p95": 12.0, "statements": 13.7}})
    log.write("stopped", reason="interrupted")
    log.write("progress", files=30, stored=20, unchanged=10, documents=44, mb_per_s=0.1, documents_per_s=3.0,
              free_gb=50.0)
    text = "\n".join(million.summary((tmp_path / "run.log").read_text().splitlines()))
    first, second = text.split("300,000 documents")
    assert "100,100 documents held" in first and "61.5" in first and "stopped" not in first
    assert "/doc/{plan} 31.5 / 40.0" in first and "13.7 statements" in first
    assert "interrupted" in second and "61.5" not in second
    assert "running" in second and "44 documents stored" in second  # the newer of the ingest and progress lines


def _lines(path: Path, after: int = 0) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()[after:]]


def test_a_resumed_run_measures_no_checkpoint_twice_nor_one_the_library_grew_past(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(million, "_data_directory", lambda url: str(tmp_path))
    db, path = str(tmp_path / "store.db"), tmp_path / "run.log"
    log = million.Log(path)
    # each measurement logs how many files the library held when it was taken
    steps = {s: (lambda s=s: log.write(s, held=million.held_files(db))) for s in million_log.MEASURES}

    def run(documents: int, stages: tuple[str, ...] = million.STAGES) -> list[dict]:
        before = len(path.read_text().splitlines()) if path.exists() else 0
        args = argparse.Namespace(files=tmp_path / "files", documents=documents, checkpoints="3,5", workers=1,
                                  min_free_gb=0)
        million.run(args, list(stages), db, log, steps)
        return _lines(path, before)

    real = million.ingest

    def stops_at_six(url: str, files: list, *rest: object) -> None:  # the run is stopped on its way to 8
        real(url, files[:6] if len(files) == 8 else files, *rest)
        if len(files) == 8:
            raise SystemExit("stopped")

    monkeypatch.setattr(million, "ingest", stops_at_six)
    with pytest.raises(SystemExit):
        run(8)
    first = _lines(path)
    assert [(x["target"], x["held"]) for x in first if x["stage"] == "search"] == [(3, 3), (5, 5)]
    monkeypatch.setattr(million, "ingest", real)

    again = run(8)  # the same command: 3 and 5 are behind the library (6 files), 8 is reached and measured
    skipped = [x for x in again if x["stage"] == "skipped"]
    assert [x["target"] for x in skipped] == [3, 5] and all("past" in x["reason"] for x in skipped)
    assert {x["target"] for x in again if x["stage"] in ("generate", "ingest")} == {8}
    assert [(x["target"], x["held"]) for x in again if x["stage"] in million_log.MEASURES] == [
        (8, 8)] * len(million_log.MEASURES)
    assert next(x for x in again if x["stage"] == "ingest")["stored"] == 2

    remeasured = run(8, ("search", "pages"))  # after a code change: the last target measured again
    assert [(x["stage"], x["target"]) for x in remeasured if x["stage"] != "skipped"] == [
        ("search", 8), ("pages", 8)]
    # a size the library has not reached is not measured without an ingest
    ahead = run(12, ("search",))
    assert [x["stage"] for x in ahead] == ["skipped"] * 3 and "not measured" in ahead[-1]["reason"]


def test_a_checkpoint_measured_in_part_is_measured_for_the_rest_only() -> None:
    every = set(million_log.MEASURES)
    done = {3: every, 5: {"vacuum", "size"}, 8: every}
    at_five = million.plan([3, 5, 8], list(million.STAGES), done, {3, 5}, held=5)
    assert at_five[0][1] == [] and "past" in (at_five[0][2] or "")
    assert at_five[1] == (5, ["search", "pages", "load"], None)
    assert at_five[2] == (8, list(million_log.MEASURES), None)  # the last target: measured again
    at_three = million.plan([3, 5, 8], list(million.STAGES), done, {3}, held=3)
    assert at_three[0] == (3, [], "已测过 / measured before (in the log)")
    # growing only (no measurement asked): every checkpoint not yet past is ingested
    assert [t for t, _, why in million.plan([3, 5, 8], ["generate", "ingest"], done, set(), 3) if not why] == [
        3, 5, 8]


def test_the_summary_leaves_out_a_checkpoint_measured_again_on_a_larger_library(tmp_path: Path) -> None:
    log = million.Log(tmp_path / "run.log")
    log.write("start", documents=1_000_000)
    log.target = 100_000
    log.write("ingest", files=10, stored=10, documents=10, mb_per_s=0.2, documents_per_s=9.5, stopped=None,
              db_documents=100_003)
    log.write("search", all={"p50": 20.0, "p95": 61.5, "p99": 80.0}, known_items="100/100")
    log.target = 300_000
    log.write("ingest", files=10, stored=10, documents=10, mb_per_s=0.2, documents_per_s=9.5, stopped=None,
              db_documents=299_866)
    log.target = 100_000  # an old harness resumed: the 100,000 checkpoint measured on 420,000 documents
    log.write("search", all={"p50": 90.0, "p95": 333.3, "p99": 400.0}, known_items="100/100")
    text = "\n".join(million.summary((tmp_path / "run.log").read_text().splitlines()))
    assert "61.5" in text and "333.3" not in text
