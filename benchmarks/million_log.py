"""The log of benchmarks/million.py: JSON lines appended as each stage ends, read back to resume a run
(what was measured at which library size, which sizes an ingest reached) and to summarise it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MEASURES = ("vacuum", "size", "search", "pages", "load")


class Log:
    """JSON lines appended to a file (and echoed), each flushed to disk as written."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.target: int | None = None  # the library size being reached or measured (a checkpoint)

    def write(self, stage: str, **figures: Any) -> None:
        at: dict[str, Any] = {"stage": stage, "at": datetime.now(UTC).isoformat(timespec="seconds")}
        if self.target is not None:
            at["target"] = self.target
        line = json.dumps(at | figures, ensure_ascii=False, default=str)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())
        print(line, flush=True)


def entries(lines: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """The log's lines with the library size each is of: its ``target``, else the size its run was started
    for (lines of runs before checkpoints); a line cut short by a crash is left out."""
    out, size = [], 0
    for k, line in enumerate(lines):
        try:
            entry = json.loads(line) | {"line": k}
        except json.JSONDecodeError:
            continue
        if entry["stage"] == "start":
            size = entry["documents"]
        out.append((entry.get("target", size), entry))
    return out


def logged(path: Path) -> tuple[dict[int, set[str]], set[int]]:
    """From an earlier run's log: the measurements written per library size, and the sizes an ingest
    reached (it ended without being stopped)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    measured: dict[int, set[str]] = {}
    reached = set()
    for target, entry in entries(lines):
        if entry["stage"] in MEASURES:
            measured.setdefault(target, set()).add(entry["stage"])
        elif entry["stage"] == "ingest" and not entry.get("stopped"):
            reached.add(target)
    return measured, reached


def summary(lines: list[str]) -> list[str]:
    """The log in short: per library size, the last ingest (or progress) line and what was measured on it.
    A measurement logged at a size after the library had grown towards a larger one (a resume of a harness
    before ``plan``) is of the larger library: it is left out."""
    last: dict[tuple[int, str], dict[str, Any]] = {}
    grown = 0  # the largest size an ingest has grown the library towards so far
    for target, entry in entries(lines):
        if entry["stage"] in ("ingest", "progress"):
            grown = max(grown, target)
        elif entry["stage"] in MEASURES and target < grown:
            continue
        last[(target, entry["stage"])] = entry
    out = []
    for target in sorted({t for t, _ in last}):
        got = {stage: e for (t, stage), e in last.items() if t == target}
        ing = max((got[s] for s in ("ingest", "progress") if s in got), key=lambda e: e["line"], default=None)
        if ing and ing["stage"] == "ingest":
            out.append(f"{target:,} documents: ingest ended {ing['at']}: {ing['db_documents']:,} documents held; "
                       f"this run {ing['documents']:,} documents, {ing['mb_per_s']} MB/s, "
                       f"{ing['documents_per_s']} documents/s" + (f", stopped: {ing['stopped']}"
                                                                    if ing.get("stopped") else ""))
        elif ing:
            before = ing.get("already", 0) + ing["unchanged"]
            out.append(f"{target:,} documents: ingest running, at {ing['at']}: this run {ing['documents']:,} "
                       f"documents stored ({before:,} files there before), {ing['mb_per_s']} MB/s, "
                       f"{ing['documents_per_s']} documents/s, {ing['free_gb']} GB free")
        if "size" in got:
            z = got["size"]
            out.append(f"  database {z['database_mb']:,} MB (source text {z['source_text_mb']:,} MB)")
        if "search" in got:
            q = got["search"]
            out.append(f"  search p50/p95/p99 {q['all']['p50']} / {q['all']['p95']} / {q['all']['p99']} ms, "
                       f"known items {q['known_items']}")
        if "pages" in got:
            out.append("  pages median / p95 ms: " + ", ".join(
                f"{k} {v['median']} / {v['p95']}" for k, v in got["pages"].items() if isinstance(v, dict)
                and "median" in v))
            inside = got["pages"].get("in_process", {})
            out += [f"  library.document, {k}: {v['median']} / {v['p95']} ms, {v['statements']} statements"
                    for k, v in inside.items()]
        if "load" in got:
            out.append("  wrk: " + ", ".join(f"{k} {v['requests_per_s']} req/s, p99 {v['p99_ms']} ms"
                                            for k, v in got["load"].items() if isinstance(v, dict)))
        if "skipped" in got:
            out.append(f"  skipped at {got['skipped']['at']}: {got['skipped']['reason']}")
        if "stopped" in got:
            out.append(f"  stopped at {got['stopped']['at']}: {got['stopped']['reason']}")
    return out
