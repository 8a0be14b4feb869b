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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, TypeVar

from zhengce.parse.pipeline import parse_path
from zhengce.parse.worker import PENDING, TIME_LIMIT, ParseWorker

T = TypeVar("T")
DEPTH = 3  # files a worker holds: the one at work and the next two


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
                 on_progress: Callable[[int, int], None] | None = None, preload: tuple[str, ...] = ()) -> None:
        self.time_limit = time_limit
        self.target = target
        self.workers = [ParseWorker(time_limit, target, on_progress, preload) for _ in range(max(1, workers))]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, items: Iterable[tuple[T, Path | None]], ahead: int = 64) -> Iterator[tuple[T, Any]]:
        """``(tag, answer)`` for each ``(tag, path)`` in order: what the target returned for the path, or
        the exception it raised (a ReadError for a file over the time limit or a dead worker). A path of
        None is answered None at once (an item the caller settled itself, kept in its place).

        Each worker holds up to ``DEPTH`` files: the next one waits in its pipe, so that it starts the moment
        the answer before it is sent instead of after the parent (busy storing) has read that answer and sent
        another path. A worker that dies or is stopped takes only the file it was at; the files queued behind
        it go to a worker again."""
        if not self.time_limit:  # no limit: in this process, one by one
            for tag, path in items:
                yield tag, None if path is None else _call(self.target, path)
            return
        source = iter(items)
        done: dict[int, tuple[T, Any]] = {}  # answered, waiting for the answers before them
        queues: dict[ParseWorker, deque[tuple[int, T, Path]]] = {w: deque() for w in self.workers}
        again: deque[tuple[int, T, Path]] = deque()  # queued behind a file whose worker died: to send again
        held: tuple[T, Path | None] | None = None
        sent = answered = 0
        exhausted = False
        while True:
            while again and self._send(queues, again[0], done):
                again.popleft()
            while not again and not exhausted and sent - answered < ahead:
                if held is None:
                    held = next(source, None)
                    if held is None:
                        exhausted = True
                        break
                tag, path = held
                if path is None:
                    done[sent] = (tag, None)
                else:
                    put = self._send(queues, (sent, tag, path), done)
                    if put is False:
                        break
                    if put is None:
                        again.append((sent, tag, path))
                held = None
                sent += 1
            while answered in done:
                yield done.pop(answered)
                answered += 1
            if not any(queues.values()):
                if exhausted and not done and not again:
                    return
                continue
            self._collect(queues, done, again)

    @staticmethod
    def _send(queues: dict[ParseWorker, deque[tuple[int, T, Path]]], item: tuple[int, T, Path],
              done: dict[int, tuple[T, Any]]) -> bool | None:
        """Hand ``item`` to the least busy worker: True when sent (or answered: the worker would not start),
        False when no worker has room, None when the worker died with files queued (send it again later:
        the answers of those files will say what happened)."""
        worker = min(queues, key=lambda w: len(queues[w]))
        queue = queues[worker]
        if len(queue) >= DEPTH:
            return False
        k, tag, path = item
        try:
            worker.send(path)
        except Exception as exc:
            if queue:
                return None
            done[k] = (tag, exc)
            return True
        queue.append(item)
        return True

    def _collect(self, queues: dict[ParseWorker, deque[tuple[int, T, Path]]], done: dict[int, tuple[T, Any]],
                 again: deque[tuple[int, T, Path]]) -> None:
        """Wait for the first answer or the first deadline; file what came."""
        assert self.time_limit
        busy = {w.connection: w for w, queue in queues.items() if queue}
        deadline = min(w.sent_at for w in busy.values()) + self.time_limit
        ready = wait(list(busy), timeout=max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        for conn, worker in busy.items():
            if conn not in ready and worker.sent_at + self.time_limit > now:
                continue
            try:
                answer = worker.receive() if conn in ready else worker.expire()
            except Exception as exc:
                answer = exc
            if answer is PENDING:  # a page of a scan read: still at work on its file
                continue
            queue = queues[worker]
            k, tag, _ = queue.popleft()
            done[k] = (tag, answer)
            if queue and not worker.queued:  # the worker died or was stopped: its queued files go again
                items = sorted([*again, *queue], key=lambda item: item[0])
                queue.clear()
                again.clear()
                again.extend(items)

    def close(self) -> None:
        """Stop every worker (one still at work is killed: nothing it did is stored)."""
        for worker in self.workers:
            worker.close(wait=False)


def _call(target: Callable[[Path], Any], path: Path) -> Any:
    try:
        return target(path)
    except Exception as exc:
        return exc
