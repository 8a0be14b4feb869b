"""Pending files in a tantivy index folder (``zhengce.db.tantivy_index``): a transaction that writes search
entries makes one (``pending-<pid>-<random>``) before it commits and removes it once the index has taken
the commit over, so a process that died in between (kill -9, a power cut) leaves one that names a process
no longer alive, which every process that searches finds (a listing of the folder)."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

PENDING = "pending-"

__all__ = ["PENDING", "mark", "unmark", "waiting"]


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
