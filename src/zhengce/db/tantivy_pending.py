"""Pending files in a tantivy index folder (``zhengce.db.tantivy_index``): a transaction that writes search
entries makes one (``pending-<pid>-<random>``) before it commits and removes it once the index has taken
the commit over, so a process that died in between (kill -9, a power cut) leaves one that names a process
no longer alive, which every process that searches finds (a listing of the folder) — unless the folder
has not changed since it was last found without any (:func:`looked`, :func:`remember`, :func:`unchanged`:
a search need not list the folder and read its layout file each time)."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

PENDING = "pending-"

__all__ = ["PENDING", "looked", "mark", "remember", "unchanged", "unmark", "waiting"]


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
    changes the folder, a rewritten layout file its own; None when either is absent."""
    try:
        seen, version = os.stat(folder), os.stat(folder / layout)
    except OSError:
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
