"""The province run: N generated documents ingested into PostgreSQL, then the database measured.

    python benchmarks/million.py --documents 100000 --db postgresql+psycopg://zhengce@127.0.0.1:54390/postgres \\
        --files /work/million/files --log /work/million/run.log [--name zhengce_100k] [--workers 2] [--keep]

Stages, each written to the log as one JSON line when it finishes (with ``"stage"``, ``"at"`` in UTC and
its figures), so that a run stopped part-way still says what it measured:

* ``generate``: the corpus of ``benchmarks/corpus.py`` (files missing under ``--files`` are written; the
  files depend on their number only, so a smaller corpus is a prefix of a larger one);
* ``ingest``: ``zhengce.library.bulk.ingest_files`` with ``--workers`` into database ``--name`` on the
  server of ``--db`` (made when missing, kept when there: a re-run continues, the files already stored are
  skipped as ``未变``); a ``progress`` line every minute; below ``--min-free-gb`` free on the disk of the
  database or the files, it stops after the batch being written (``"stopped": "disk"``);
* ``vacuum``: VACUUM (ANALYZE), as autovacuum leaves a settled library;
* ``size``: pg_database_size, the largest tables (partitions counted with their parent), row counts;
* ``search``: the query mix (one word, two words, a quoted phrase, a 文号 in other brackets, drawn from
  stored documents) through ``zhengce.library.search``, the full results page: p50/p95/p99 per kind;
* ``pages``: through ``zhengce serve``: the largest plan's document and plan pages and their JSON twins
  (median/p95 of repeated requests) and the document page of random documents (HTML and JSON, once each);
* ``load``: wrk against the search API and the largest plan's page (benchmarks/load.py's ``wrk``).

``--checkpoints 100000,300000`` measures on the way: the corpus of each size is a prefix of the next, so
the library grows to each checkpoint (its files generated and ingested), is measured, and grows on —
one database gives the curve. Every log line of a checkpoint carries ``"target"``.

The measurements are in ``benchmarks/million_measure.py``. ``--stages`` picks some (``--stages size,search``);
without ``--keep`` the database is dropped at the end.
Ctrl-C, ``kill -INT PID`` or ``kill PID`` stop it cleanly (the batch being written is committed, the log
gets a ``stopped`` line); the same command again continues (files and stored documents are kept).

Resuming reads the log (``million_log.py``): a checkpoint on the way whose measurements are all there is
skipped (neither ingested again nor measured; of one measured in part only the rest is taken), and a
checkpoint the library has grown past (it holds more files than that checkpoint's corpus) is never
measured — both write a ``skipped`` line saying why. The last target (``--documents``) is measured every
run, so after a code change the same command with ``--stages search,pages,load`` measures the library
again (a new line per stage; ``--summary`` shows the newest), provided an ingest of that size has ended.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import corpus
from million_log import MEASURES, Log, logged, summary
from million_measure import load, pages, search

STAGES = ("generate", "ingest", "vacuum", "size", "search", "pages", "load")


class DiskLow(Exception):
    """Less free disk than the run may use: stop after the batch being written."""


def free_gb(*paths: Path) -> float:
    """The least free space, in GB, on the disks holding ``paths`` (those that exist)."""
    return min(shutil.disk_usage(p).free / 1e9 for p in paths if p.exists())


def database(server: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``server``, made when missing."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop(server: str, name: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def generate(folder: Path, documents: int, log: Log, min_free: float) -> list[tuple[Path, str]]:
    """Write the files of the corpus that are missing; the files with the paths that identify them."""
    samples = corpus.load_samples()
    count = corpus.files_for(documents)
    files, written, size, t0 = [], 0, 0, time.perf_counter()
    for k in range(count):
        rel = corpus.relative_path(k)
        path = folder / rel
        if not path.exists():
            if k % 1000 == 0:
                path.parent.mkdir(parents=True, exist_ok=True)
                if free_gb(folder) < min_free:
                    raise DiskLow(f"{free_gb(folder):.1f} GB free")
            data = corpus.file_text(k, samples).encode("utf-8")
            tmp = path.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(path)  # a file is there whole or not at all
            written += 1
            size += len(data)
        files.append((path, rel))
    log.write("generate", files=count, written=written, written_mb=round(size / 1e6, 1),
              seconds=round(time.perf_counter() - t0, 1))
    return files


def ingest(url: str, files: list[tuple[Path, str]], workers: int, log: Log, min_free: float,
           disks: list[Path]) -> None:
    from zhengce.db import open_store, source_path
    from zhengce.library.bulk import Outcome, ingest_files

    engine = open_store(url)
    # a file of the corpus never changes: one stored at its path is not read again (ingest itself would read
    # and hash every file to find it unchanged — an hour for half a million files on a busy machine)
    with engine.connect() as conn:
        held = set(conn.execute(text("SELECT path FROM sources")).scalars())
    todo = [(path, key) for path, key in files if source_path(key) not in held]
    seen = {"files": 0, "already": len(files) - len(todo), "stored": 0, "unchanged": 0, "failed": 0,
            "documents": 0, "mb": 0.0}
    # a progress line (and the disk checked) at the first file, then every minute
    t0, cpu0, last = time.perf_counter(), time.process_time(), [time.perf_counter() - 60]
    errors: list[str] = []
    low: list[str] = []

    def report(o: Outcome) -> None:
        seen["files"] += 1
        if o.error is not None:
            seen["failed"] += 1
            if len(errors) < 20:
                errors.append(f"{o.key}: {o.error}")
        elif o.result is not None and o.result.status == "unchanged":
            seen["unchanged"] += 1
        elif o.result is not None:
            seen["stored"] += 1
            seen["documents"] += o.result.documents
            seen["mb"] += o.size / 1e6
        now = time.perf_counter()
        if now - last[0] >= 60 and not low:
            last[0] = now
            log.write("progress", **_rates(seen, now - t0), free_gb=round(free_gb(*disks), 1),
                      load=round(os.getloadavg()[0], 1))
            if free_gb(*disks) < min_free:
                # once: the files of the batch being written are still reported (and counted) afterwards
                low.append(f"{free_gb(*disks):.1f} GB free")
                raise DiskLow(low[0])

    stopped = None
    try:
        if todo:
            ingest_files(engine, todo, report, workers=workers)
    except DiskLow as exc:
        stopped = f"disk: {exc}"
    except KeyboardInterrupt:
        stopped = "interrupted"
    wall = time.perf_counter() - t0
    # what the database holds: a stop may leave the last batch's files committed but not reported
    with engine.connect() as conn:
        held = {f"db_{t}": conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("sources", "documents")}
    engine.dispose()
    log.write("ingest", **_rates(seen, wall), workers=workers, parent_cpu_s=round(time.process_time() - cpu0, 1),
              stopped=stopped, errors=errors, **held)
    if stopped:
        raise SystemExit(f"ingest stopped ({stopped}); a re-run continues")


def _rates(seen: dict[str, float], wall: float) -> dict[str, Any]:
    return {**{k: round(v, 1) if isinstance(v, float) else v for k, v in seen.items()}, "wall_s": round(wall, 1),
            "mb_per_s": round(seen["mb"] / wall, 3), "documents_per_s": round(seen["documents"] / wall, 1)}


def vacuum(url: str, log: Log) -> None:
    engine = create_engine(url)
    t0 = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()
    log.write("vacuum", seconds=round(time.perf_counter() - t0, 1))


SIZES = """
SELECT coalesce(parent.relname, c.relname) AS name, sum(pg_total_relation_size(c.oid)) AS bytes,
       count(*) AS parts
FROM pg_class c
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class parent ON parent.oid = i.inhparent
WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
GROUP BY 1 ORDER BY 2 DESC LIMIT 12
"""


def size(url: str, log: Log) -> None:
    engine = create_engine(url)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
        tables = [{"table": n, "mb": round(float(b) / 1e6, 1), "partitions": p}
                  for n, b, p in conn.execute(text(SIZES))]
        rows = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("sources", "documents", "clauses", "tasks", "targets")}
        text_mb = conn.execute(text("SELECT sum(octet_length(text)) FROM sources")).scalar() or 0
    engine.dispose()
    log.write("size", database_mb=round(total / 1e6, 1), source_text_mb=round(text_mb / 1e6, 1), rows=rows,
              tables=tables)


def main() -> None:
    if sys.argv[1:2] == ["--summary"]:
        for path in sys.argv[2:]:
            print("\n".join(summary(Path(path).read_text(encoding="utf-8").splitlines())))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, required=True)
    ap.add_argument("--db", required=True, help="a PostgreSQL server (URL of any database on it)")
    ap.add_argument("--name", help="the database to fill (default zhengce_<documents>)")
    ap.add_argument("--files", type=Path, required=True, help="folder of the generated corpus")
    ap.add_argument("--log", type=Path, required=True, help="JSON lines, appended")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--checkpoints", default="", metavar="N,N",
                    help="also measure when the library reaches these sizes (e.g. 100000,300000), on the way")
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--seconds", type=int, default=15, help="wrk: seconds per endpoint")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--min-free-gb", type=float, default=10.0)
    ap.add_argument("--keep", action="store_true", help="keep the database (else dropped at the end)")
    args = ap.parse_args()
    stages = args.stages.split(",")
    unknown = set(stages) - set(STAGES)
    if unknown:
        raise SystemExit(f"未知阶段 / unknown stages: {', '.join(sorted(unknown))}")
    # a run started in the background (nohup … &) ignores SIGINT: Ctrl-C and ``kill -INT`` stop it cleanly
    # again, and so does ``kill PID`` (SIGTERM): the batch being written is committed, the log says so
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    log = Log(args.log)
    name = args.name or f"zhengce_{args.documents}"
    url = database(args.db, name)
    log.write("start", documents=args.documents, database=name, workers=args.workers, stages=stages,
              pid=os.getpid(), free_gb=round(free_gb(args.files.parent, args.log.parent), 1))
    args.files.mkdir(parents=True, exist_ok=True)
    try:
        run(args, stages, url, log)
    except DiskLow as exc:
        log.write("stopped", reason=f"disk: {exc}")
        raise SystemExit(f"磁盘空间不足，已停止 / stopped, disk low: {exc}") from None
    except KeyboardInterrupt:
        log.write("stopped", reason="interrupted")
        raise SystemExit("已中断 / interrupted") from None
    if not args.keep:
        drop(args.db, name)
    log.write("done", database=name, kept=args.keep)


def checkpoints(documents: int, given: str) -> list[int]:
    """The library sizes to measure at, in order: those of ``given`` (comma-separated) below ``documents``,
    then ``documents``."""
    marks = {int(c.replace("_", "")) for c in given.split(",") if c.strip()}
    return [*sorted(c for c in marks if 0 < c < documents), documents]


def held_files(url: str) -> int:
    """How many files the library holds (0 when it has no tables yet)."""
    from zhengce.db import open_store

    engine = open_store(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM sources")).scalar() or 0)
    finally:
        engine.dispose()


def plan(targets: list[int], stages: list[str], measured: dict[int, set[str]], reached: set[int],
         held: int) -> list[tuple[int, list[str], str | None]]:
    """Per checkpoint: the measurements to take, or why none (a reason to log).

    A checkpoint the library has grown past (it holds more files than the checkpoint's corpus) is never
    measured: its figures would be of a larger library. A checkpoint on the way whose measurements are all
    in the log is skipped, and of one partly measured only the rest is taken. The last target (the run's
    ``--documents``) is measured as asked every time — what re-measures it after a code change — but only
    once the library has reached it (an ingest of it ended, in this run or the log)."""
    out: list[tuple[int, list[str], str | None]] = []
    for target in targets:
        files = corpus.files_for(target)
        asked = [s for s in MEASURES if s in stages]
        todo = asked if target == targets[-1] else [s for s in asked if s not in measured.get(target, set())]
        if held > files:
            out.append((target, [], f"库已超过此规模，不测 / the library holds {held:,} files, past this "
                                    f"checkpoint's {files:,}: not measured"))
        elif asked and not todo:
            out.append((target, [], "已测过 / measured before (in the log)"))
        elif todo and "ingest" not in stages and target not in reached:
            out.append((target, [], f"库未达此规模，不测 / the library holds {held:,} files and no ingest of this "
                                    f"size ended: not measured"))
        else:
            out.append((target, todo, None))
    return out


def run(args: argparse.Namespace, stages: list[str], url: str, log: Log,
        steps: dict[str, Callable[[], None]] | None = None) -> None:
    """Each checkpoint in turn: its files written and ingested (the rest of a smaller one's), then measured;
    what ``plan`` skips (measured before, or past) is neither ingested again nor measured, and says so."""
    disks = [args.files, Path(_data_directory(url))]
    steps = steps or {
        "vacuum": lambda: vacuum(url, log),
        "size": lambda: size(url, log),
        "search": lambda: search(url, args.queries, log),
        "pages": lambda: pages(url, log),
        "load": lambda: load(url, log, args.seconds, args.connections),
    }
    measured, reached = logged(log.path)
    for target, todo, skipped in plan(checkpoints(args.documents, args.checkpoints), stages, measured, reached,
                                      held_files(url)):
        log.target = target
        if skipped:
            log.write("skipped", reason=skipped)
            continue
        if "generate" in stages or "ingest" in stages:
            files = generate(args.files, target, log, args.min_free_gb)
            if "ingest" in stages:
                ingest(url, files, args.workers, log, args.min_free_gb, disks)
        for stage in todo:
            try:
                steps[stage]()
            except Exception as exc:  # a measurement that fails is logged; the run goes on growing
                log.write("error", during=stage, error=f"{type(exc).__name__}: {exc}"[:500])


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _data_directory(url: str) -> str:
    """The server's data directory when this machine can see it (a local server), else the current one."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SHOW data_directory")).scalar() or "."
    finally:
        engine.dispose()
    return found if Path(found).exists() else "."


if __name__ == "__main__":
    main()
