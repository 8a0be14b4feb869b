"""Parallel ingest: many files read, parsed and extracted in a pool of worker processes, stored in
batches by one writer.

The parent hashes each file first: bytes a current source of the same path already holds are
``unchanged`` without parsing (a re-run of an interrupted ingest skips what it stored), and bytes a current
source of another path holds are ``duplicate`` without parsing when no source is at the file's path (a
folder ingested again after its files were ingested one by one: no scan OCR'd again). The others
go to the workers (``zhengce.parse.pool``), each of which parses a file, extracts its documents'
facts and tokenises them for the search index (:func:`prepare`), under the per-file time limit. The
answers come back in the order of the files and a writer thread stores them in batches, one
transaction each (``zhengce.db.batch``), while the workers go on: the rows are those of a serial
ingest of the same files in the same order. Whatever happens to one file (unreadable, over its time
limit, its worker killed, refused by the store) is reported and the others go on.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from zhengce.db import IngestResult, Prepared, store_batch, unchanged
from zhengce.db.prepare import prepare
from zhengce.parse.model import ParsedSource
from zhengce.parse.pipeline import parse_path
from zhengce.parse.pool import WorkerPool
from zhengce.parse.worker import TIME_LIMIT

BATCH_FILES = 500  # a batch is committed at this many files,
BATCH_BYTES = 16_000_000  # or this many bytes of files,
BATCH_SECONDS = 5.0  # or this long after its first file (what an interruption may cost)


class StoreFailed(RuntimeError):
    """The writer could not write to the database at all (not one file's fault): the ingest stops."""


@dataclass(slots=True)
class Outcome:
    """What became of one file: its result, or the error that kept it out."""

    file: Path
    key: str  # the path that identifies it as a source
    size: int
    result: IngestResult | None = None
    error: Exception | None = None
    warnings: list[str] = field(default_factory=list)


def ingest_files(engine: Engine, files: Sequence[tuple[Path, str]], report: Callable[[Outcome], None], *,
                 workers: int = 1, time_limit: float | None = TIME_LIMIT,
                 parse: Callable[[Path], ParsedSource] = parse_path, replace: str | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
    """Store ``files`` (each with the path that identifies it) with ``workers`` processes; ``report`` is
    called for each file, in order, once its batch is committed (or at once when it failed or was
    already stored); ``on_progress(done, total)`` hears of each page a worker's OCR reads. On
    KeyboardInterrupt the workers are stopped, the batch being written finishes
    (the files waiting for it are dropped, not stored) and the interrupt goes on to the caller."""
    target = functools.partial(prepare, parse, engine.dialect.name == "postgresql")
    # what is alive now (modules, SQLAlchemy's tables and caches) lives on: the collector's full passes,
    # which the batches' rows set off, need not walk it again and again (about a tenth of the parent's CPU)
    gc.freeze()
    writer = _Writer(engine)
    try:
        # no idle worker for one file
        with WorkerPool(min(workers, len(files)), time_limit, target, on_progress, ("zhengce.db.warm",)) as pool:
            for outcome, answer in pool.map(_triage(engine, files, skip=replace is None)):
                if isinstance(answer, Exception):
                    outcome.error = answer
                elif answer is not None:
                    outcome.warnings = list(answer.parsed.warnings)
                    writer.put(outcome, Prepared(answer, outcome.size, outcome.key, replace))
                    _drain(writer, report)
                    continue
                writer.put(outcome, None)
                _drain(writer, report)
        writer.finish()
    except BaseException:
        writer.abort()
        _drain(writer, report)
        raise
    finally:
        gc.unfreeze()
    _drain(writer, report)


def _drain(writer: _Writer, report: Callable[[Outcome], None]) -> None:
    writer.raise_error()
    while True:
        try:
            report(writer.done.get_nowait())
        except queue.Empty:
            return


def _triage(engine: Engine, files: Sequence[tuple[Path, str]], *, skip: bool,
            chunk: int = 256) -> Iterator[tuple[Outcome, Path | None]]:
    """Each file with its path for the workers, or None when it is settled here: unreadable, or (``skip``)
    its bytes already stored (its outcome ``unchanged`` at its path, ``duplicate`` at another:
    :func:`zhengce.db.batch.unchanged`)."""
    for k in range(0, len(files), chunk):
        outcomes, shas = [], []
        for path, key in files[k : k + chunk]:
            try:
                data = path.read_bytes()
            except OSError as exc:
                outcomes.append(Outcome(path, key, 0, error=exc))
                continue
            outcomes.append(Outcome(path, key, len(data)))
            shas.append((path.name, key, hashlib.sha256(data).hexdigest()))
        stored = unchanged(engine, shas) if skip else {}
        for outcome in outcomes:
            outcome.result = stored.get(outcome.key) if outcome.error is None else None
            yield outcome, None if outcome.result is not None or outcome.error is not None else outcome.file


_NOTHING: tuple[Outcome, Prepared | None] = (Outcome(Path(), "", 0), None)


class _Writer:
    """A thread that stores what it is given in batches and puts each outcome on ``done`` once stored."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.todo: queue.Queue[tuple[Outcome, Prepared | None] | None] = queue.Queue(maxsize=2 * BATCH_FILES)
        self.done: queue.Queue[Outcome] = queue.Queue()
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="zhengce-ingest-writer", daemon=True)
        self.thread.start()

    def put(self, outcome: Outcome, item: Prepared | None) -> None:
        while self.thread.is_alive():
            try:
                self.todo.put((outcome, item), timeout=0.5)
                return
            except queue.Full:
                continue
        self.raise_error()

    def finish(self) -> None:
        """Store what is left and wait for it."""
        self.todo.put(None)
        self.thread.join()

    def abort(self) -> None:
        """Store no more: the batch being committed finishes, the rest is dropped."""
        self.stop.set()
        self.thread.join()

    def raise_error(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise StoreFailed(f"写入数据库失败 / storing failed: {error}") from error

    def _run(self) -> None:
        batch: list[tuple[Outcome, Prepared | None]] = []
        size, started = 0, 0.0
        try:
            while not self.stop.is_set():
                try:
                    entry = self.todo.get(timeout=0.2)
                except queue.Empty:  # nothing new: a batch that has waited long enough is committed
                    entry = _NOTHING
                if entry is not None and entry is not _NOTHING:
                    batch.append(entry)
                    size += entry[0].size if entry[1] is not None else 0
                    started = started or time.monotonic()
                full = len(batch) >= BATCH_FILES or size >= BATCH_BYTES
                late = batch and time.monotonic() - started >= BATCH_SECONDS
                if entry is None or full or late:
                    self._commit(batch)
                    batch, size, started = [], 0, 0.0
                if entry is None:
                    return
        except BaseException as exc:  # handed to the main thread, which raises it
            self.error = exc

    def _commit(self, batch: list[tuple[Outcome, Prepared | None]]) -> None:
        items = [item for _, item in batch if item is not None]
        results = iter(store_batch(self.engine, items))
        for outcome, item in batch:
            if item is not None:
                result = next(results)
                if isinstance(result, Exception):
                    outcome.error = result
                else:
                    outcome.result = result
            self.done.put(outcome)
