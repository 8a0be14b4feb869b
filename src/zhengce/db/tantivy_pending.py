"""Pending files in a tantivy index folder (``zhengce.db.tantivy_index``): a transaction that writes search
entries makes one (``pending-<pid>-<random>``) before it commits and removes it once the index has taken
the commit over, so a process that died in between (kill -9, a power cut) leaves one that names a process
no longer alive, which every process that searches finds (a listing of the folder) — unless the folder
has not changed since it was last found without any (:func:`looked`, :func:`remember`, :func:`unchanged`:
a search need not list the folder and read its layout file each time).

Also the index's stale mark (:func:`mark_stale`): a file ``STALE`` in the folder, or, when the folder
cannot be written (a full or read-only disk, ``chattr +i``), ``<folder>.stale`` beside it, in the
database's own folder (which SQLite writes its journal into); failing both, this process alone stops
using the index."""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from pathlib import Path

PENDING = "pending-"
STALE = "STALE"  # a file in the index folder: the index missed a commit (rebuild it)

__all__ = ["PENDING", "STALE", "clear_stale", "looked", "mark", "mark_stale", "remember", "stale_marked", "unchanged",
           "unmark", "waiting"]

log = logging.getLogger(__name__)
_stale_here: set[str] = set()  # folders this process found stale and could not mark so


def _beside(folder: Path) -> Path:
    return folder.with_name(folder.name + ".stale")


def mark_stale(folder: Path) -> bool:
    """Mark the index in ``folder`` stale (it missed a commit): in the folder, else beside it; whether a
    file says so (False: only this process knows)."""
    _quiet.pop(str(folder), None)
    for marker in (folder / STALE, _beside(folder)):
        try:
            marker.write_text("zhengce search-index rebuild\n", encoding="utf-8")
            return True
        except OSError:
            continue
    _stale_here.add(str(folder.resolve()))
    log.error("tantivy 索引及其所在目录均不可写，未能标记为过期，仅本进程不再使用；"
              "请运行 zhengce search-index rebuild / neither the index folder nor the one beside it can be written: "
              "not marked stale; rebuild it")
    return False


def stale_marked(folder: Path) -> bool:
    """Whether the index in ``folder`` is marked stale (in it, beside it, or in this process)."""
    return (folder / STALE).exists() or _beside(folder).exists() or \
        (bool(_stale_here) and str(folder.resolve()) in _stale_here)


def clear_stale(folder: Path) -> None:
    """Take the stale marks away from a freshly built index in ``folder`` (the mark beside it too)."""
    _beside(folder).unlink(missing_ok=True)
    (folder / STALE).unlink(missing_ok=True)
    _stale_here.discard(str(folder.resolve()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def mark(folder: Path) -> Path | None:
    """A new pending file of this process in ``folder``; None when the folder cannot be written."""
    marker = folder / f"{PENDING}{os.getpid()}-{uuid.uuid4().hex}"
    try:
        marker.touch()
    except OSError:
        return None
    return marker


def unmark(marker: Path | None) -> None:
    """Remove a pending file (gone already, or in a folder that cannot be written: nothing to do)."""
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.unlink(missing_ok=True)


def waiting(folder: Path) -> tuple[list[Path], bool]:
    """(the pending files of processes that are gone, whether a live process has one)."""
    dead, live = [], False
    for marker in folder.glob(PENDING + "*"):
        pid = marker.name[len(PENDING):].split("-")[0]
        if pid.isdigit() and _alive(int(pid)):
            live = True
        else:
            dead.append(marker)
    return dead, live


_quiet: dict[str, tuple[int, ...]] = {}  # folder → how it looked when last found ready without pending files


def looked(folder: Path, layout: str) -> tuple[int, ...] | None:
    """How the folder and its layout file look (inodes, times, size): a new, removed or renamed file
    changes the folder, a rewritten layout file its own; None when either is absent, or when the index is
    marked stale beside the folder (a mark that does not change the folder)."""
    try:
        seen, version = os.stat(folder), os.stat(folder / layout)
    except OSError:
        return None
    if _beside(folder).exists():
        return None
    return (seen.st_ino, seen.st_mtime_ns, seen.st_ctime_ns, version.st_ino, version.st_mtime_ns,
            version.st_ctime_ns, version.st_size)


def remember(folder: Path | None, seen: tuple[int, ...] | None) -> None:
    """Note a folder found ready as it looked (``seen``) when it holds no pending file; ``seen`` None:
    forget it (``folder`` None: every folder)."""
    if folder is None:
        _quiet.clear()
    elif seen is None or any(folder.glob(PENDING + "*")):
        _quiet.pop(str(folder), None)
    else:
        _quiet[str(folder)] = seen


def unchanged(folder: Path, seen: tuple[int, ...]) -> bool:
    """Whether the folder looks as when it was last found ready without pending files."""
    return _quiet.get(str(folder)) == seen
