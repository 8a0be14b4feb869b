"""Parse files in a worker process, so that a file taking longer than the time limit can be stopped.

Ingest parses each file (read → normalise → segment → structure) in one long-lived worker process
and waits at most ``time_limit`` seconds for its answer. A file that runs over is refused and the
worker is killed — the only way to stop work stuck inside C code (a regular expression, the XML or
PDF libraries) or one huge allocation; checking the clock between stages could not interrupt a stage.
The next file gets a fresh worker. Nothing is written to the database by the worker, so killing it
cannot leave half a file stored; a worker that dies (killed for memory, a crash) is reported the same
way. Workers are forked by multiprocessing's single-threaded fork server, never by ingest itself:
ingest's progress bar runs a thread, and a forked child of a threaded process may inherit a held lock.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.machinery
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import NoReturn

from zhengce.parse.model import ParsedSource
from zhengce.parse.pipeline import parse_path
from zhengce.text.ocr import PROGRESS
from zhengce.text.read import NESTED_TOO_DEEP, ReadError

TIME_LIMIT = 300.0  # seconds per file; the README's "Reliability / limits" says why
MEMORY_LIMIT = 4 * 1024**3  # bytes of address space of a worker: past it, allocations fail (MemoryError)
_START_LIMIT = 120.0  # seconds for a new worker to import the parser (not counted against a file)
PENDING = object()  # what receive() answers when the worker only reported a page read by OCR


def _context(*preload: str) -> multiprocessing.context.BaseContext:
    """forkserver: a single-threaded server process that has imported the parser once forks each new
    worker (cheap, and safe while ingest's progress bar runs a thread); spawn where there is none."""
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["zhengce.parse.pipeline", *preload])
    return ctx


@contextlib.contextmanager
def _main_not_rerun(target: Callable[..., object]) -> Iterator[None]:
    """While a worker is started: a worker needs nothing of the script that runs ingest (``zhengce``, a
    benchmark), whose target is importable by name, but multiprocessing runs that script again in every new
    process (the ``zhengce`` command: the whole CLI, about half a second a worker on a quiet machine, more under
    load) unless the script was started as a module (``python -m``). Named as a module here, which the child
    then leaves alone; unless the target (or a function it is given) lives in the script."""
    main = sys.modules.get("__main__")
    parts = [target, getattr(target, "func", None), *getattr(target, "args", ())]
    if main is None or any(getattr(part, "__module__", None) == "__main__" for part in parts) \
            or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


class ParseFailed(Exception):
    """The parser raised something other than ReadError; the message names the exception."""


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return

    def cap(value: int) -> int:
        return MEMORY_LIMIT if value == resource.RLIM_INFINITY else min(value, MEMORY_LIMIT)

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (cap(soft), cap(hard)))


GC_THRESHOLD = (10_000, 20, 20)  # a worker's collector: see worker_gc


def worker_gc(warm: bool) -> None:
    """Tune the cyclic collector of a worker process, which makes and drops thousands of small objects per file
    (lines, nodes, matches, rows) that reference counting frees: a young collection every 10,000 allocations
    instead of 700, and once the first file is done (``warm``: modules, dictionaries, registries and compiled
    patterns loaded) what is alive is frozen, so that older collections do not walk it again and again.
    About 5 % of a worker's CPU on small files (``benchmarks/worker.py``)."""
    gc.set_threshold(*GC_THRESHOLD)
    if warm:
        gc.freeze()


def _serve(conn: Connection, target: Callable[[Path], ParsedSource]) -> None:
    _limit_memory()
    worker_gc(warm=False)
    conn.send(("ready", None))
    served = 0
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        token = PROGRESS.set(lambda done, total: conn.send(("progress", (done, total))))
        try:
            reply: tuple[str, object] = ("ok", target(Path(path)))
        except ReadError as exc:
            reply = ("read", str(exc))
        except RecursionError:
            reply = ("read", NESTED_TOO_DEEP)
        except MemoryError:
            reply = ("read", f"内存超过 {MEMORY_LIMIT // 1024**3} GB，未导入 / "
                             f"needs more than {MEMORY_LIMIT // 1024**3} GB of memory; not stored")
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        finally:
            PROGRESS.reset(token)
        conn.send(reply)
        served += 1
        if served == 1:
            worker_gc(warm=True)


class ParseWorker:
    """``parse(path)`` in a worker process, refused with a ReadError after ``time_limit`` seconds.

    ``time_limit`` None or 0 parses in this process, without a limit. ``target`` must be a function
    importable by name (it is sent to the worker); it is :func:`zhengce.pipeline.parse_path` unless
    a test asks otherwise. The fork server imports the target's module and ``preload`` (modules that warm
    what every worker would build on its first file) once, before it forks the first worker.
    ``on_progress(done, total)`` hears of each page read by OCR, as it is read; each
    such page starts the time limit again (a scan of many pages is slow, not stuck).
    """

    def __init__(self, time_limit: float | None = TIME_LIMIT,
                 target: Callable[[Path], ParsedSource] = parse_path,
                 on_progress: Callable[[int, int], None] | None = None, preload: tuple[str, ...] = ()) -> None:
        self.time_limit = time_limit
        self.target = target
        self.on_progress = on_progress
        self.preload = preload  # more modules for the fork server to import, when it is started for this worker
        self.sent_at = 0.0  # time.monotonic() when the file at work began (sent, or the one before answered)
        self.queued = 0  # files sent and not yet answered (the pool sends the next one before an answer comes)
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def parse(self, path: Path) -> ParsedSource:
        if not self.time_limit:
            token = PROGRESS.set(self.on_progress)
            try:
                return self.target(path)
            finally:
                PROGRESS.reset(token)
        conn = self.send(path)
        while True:
            if not conn.poll(max(0.0, self.sent_at + self.time_limit - time.monotonic())):
                self.expire()
            answer = self.receive()
            if answer is not PENDING:
                return answer  # type: ignore[return-value]

    def send(self, path: Path) -> Connection:
        """Hand ``path`` to the worker (started when there is none); its answer comes on the connection
        returned: :meth:`receive` it, or :meth:`expire` when it is late. Sent while files are queued, it waits
        in the pipe and its time limit starts when the answer before it comes; a worker that died meanwhile is
        not restarted here (OSError, or its queued files' answers tell)."""
        if self.queued and self._conn is not None:
            self._conn.send(str(path))
            self.queued += 1
            return self._conn
        conn = self._start()
        conn.send(str(path))
        self.sent_at = time.monotonic()
        self.queued = 1
        return conn

    @property
    def connection(self) -> Connection | None:
        """The pipe the answers come on (None while no worker runs)."""
        return self._conn

    def expire(self) -> NoReturn:
        """Stop the worker, whose file ran over the time limit, and refuse that file."""
        self._stop()
        limit = f"{self.time_limit:g}"
        raise ReadError(f"处理时间超过 {limit} 秒，已停止，未导入 / took longer than {limit} s: stopped, not stored")

    def receive(self) -> object:
        """The answer to the file sent: what the target returned, or its error raised here; :data:`PENDING`
        when the worker only reported a page read by OCR (its time limit then starts again)."""
        assert self._conn is not None
        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._stop()
            raise ReadError("解析进程意外退出（可能内存不足），未导入 / "
                            "the parsing process died (out of memory?); not stored") from exc
        if kind == "progress":
            self.sent_at = time.monotonic()  # a page read by OCR: the file is not stuck
            if self.on_progress is not None:
                self.on_progress(*payload)  # type: ignore[misc]
            return PENDING
        self.queued = max(0, self.queued - 1)
        self.sent_at = time.monotonic()  # the next file queued, if any, starts now
        if kind == "ok":
            return payload
        if kind == "read":
            raise ReadError(payload)
        raise ParseFailed(payload)

    def _start(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._stop()
        # the module of the target is imported once by the fork server, not by every worker it forks
        module = getattr(getattr(self.target, "func", self.target), "__module__", "zhengce.parse.pipeline")
        ctx = _context(module, *self.preload)
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child, self.target), daemon=True, name="zhengce-parse")
        with _main_not_rerun(self.target):
            process.start()
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(_START_LIMIT):
            self._stop()
            raise ReadError("解析进程未能启动 / the parsing process did not start")
        try:
            parent.recv()  # ("ready", None)
        except EOFError as exc:
            self._stop()
            raise ReadError("解析进程未能启动 / the parsing process did not start") from exc
        return parent

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process.close()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None
        self.queued = 0

    def close(self, wait: bool = True) -> None:
        """End the worker: let it finish (``wait``), or kill it at once (a file it is parsing is lost)."""
        if wait and self._conn is not None and self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
                self._process.join(timeout=5)
            except OSError:
                pass
        self._stop()
