"""A pool of parse workers: files parsed (and whatever else the target does) in several processes at
once, each file under the time limit of :class:`zhengce.parse.worker.ParseWorker`, the answers handed
back in the order of the files.

In order, so that whoever stores them stores what a single worker would have given, in the same order;
a file that takes long holds back the answers behind it (at most ``ahead`` of them wait) while the
other workers go on. A file that runs over its time limit, crashes its worker or fails in the parser
gets its error as its answer; the others are not affected.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar

from zhengce.parse.pipeline import parse_path
from zhengce.parse.worker import PENDING, TIME_LIMIT, ParseWorker

T = TypeVar("T")


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class WorkerPool:
    """``workers`` :class:`ParseWorker` processes running ``target``; :meth:`map` feeds them."""

    def __init__(self, workers: int, time_limit: float | None = TIME_LIMIT,
                 target: Callable[[Path], Any] = parse_path,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        self.time_limit = time_limit
        self.target = target
        self.workers = [ParseWorker(time_limit, target, on_progress) for _ in range(max(1, workers))]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, items: Iterable[tuple[T, Path | None]], ahead: int = 64) -> Iterator[tuple[T, Any]]:
        """``(tag, answer)`` for each ``(tag, path)`` in order: what the target returned for the path, or
        the exception it raised (a ReadError for a file over the time limit or a dead worker). A path of
        None is answered None at once (an item the caller settled itself, kept in its place)."""
        if not self.time_limit:  # no limit: in this process, one by one
            for tag, path in items:
                yield tag, None if path is None else _call(self.target, path)
            return
        source = iter(items)
        done: dict[int, tuple[T, Any]] = {}  # answered, waiting for the answers before them
        busy: dict[Connection, tuple[ParseWorker, int, T]] = {}
        free = list(self.workers)
        held: tuple[T, Path | None] | None = None
        sent = answered = 0
        exhausted = False
        while True:
            while not exhausted and sent - answered < ahead:
                if held is None:
                    held = next(source, None)
                    if held is None:
                        exhausted = True
                        break
                tag, path = held
                if path is None:
                    done[sent] = (tag, None)
                elif not free:
                    break
                else:
                    worker = free.pop()
                    try:
                        busy[worker.send(path)] = (worker, sent, tag)
                    except Exception as exc:  # the worker would not start: this file's answer
                        done[sent] = (tag, exc)
                        free.append(worker)
                held = None
                sent += 1
            while answered in done:
                yield done.pop(answered)
                answered += 1
            if not busy:
                if exhausted and not done:
                    return
                continue
            self._collect(busy, free, done)

    def _collect(self, busy: dict[Connection, tuple[ParseWorker, int, T]], free: list[ParseWorker],
                 done: dict[int, tuple[T, Any]]) -> None:
        """Wait for the first answer or the first deadline; file what came."""
        assert self.time_limit
        deadline = min(w.sent_at for w, _, _ in busy.values()) + self.time_limit
        ready = wait(list(busy), timeout=max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        for conn in list(busy):
            worker, k, tag = busy[conn]
            if conn not in ready and worker.sent_at + self.time_limit > now:
                continue
            try:
                answer = worker.receive() if conn in ready else worker.expire()
            except Exception as exc:
                answer = exc
            if answer is PENDING:  # a page of a scan read: still at work on its file
                continue
            del busy[conn]
            done[k] = (tag, answer)
            free.append(worker)

    def close(self) -> None:
        """Stop every worker (one still at work is killed: nothing it did is stored)."""
        for worker in self.workers:
            worker.close(wait=False)


def _call(target: Callable[[Path], Any], path: Path) -> Any:
    try:
        return target(path)
    except Exception as exc:
        return exc
