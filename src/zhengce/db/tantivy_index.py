"""An embedded tantivy index beside a SQLite store, kept consistent with its FTS5 table ``search_fts``.

The index holds, for every document in ``search_fts``, the same four token fields (title, number,
metadata, body — the words and overlapping bigrams of ``zhengce.db.search.tokens``), cut where FTS5's
tokenizer cuts them (spaces, and the point of ``3.5``: :func:`fts5_pieces`), with positions: a word is the
phrase of its bigrams as in FTS5, so both engines find the same documents. It lives in a folder beside the
database file (``zhengce.db`` → ``zhengce.db.tantivy``) and exists once it is built (``zhengce search-index
rebuild``, :func:`rebuild`) or, empty, from a new library's first ``zhengce ingest`` (:func:`start`: the
embedded default); from then on:

* a transaction that writes or drops search entries (``write_index``, ``drop_search``) notes the ids
  in its session, and when it commits the index takes them over (:func:`sync`, an ``after_commit``
  hook; a rollback forgets them), read back from ``search_fts`` as committed;
* an index that could not take a commit over is marked stale and not used until it is rebuilt, and
  one whose documents (their count and the sum of their ids) differ from ``search_fts`` when a process
  opens it is not used either;
* while a transaction has such ids, a ``pending-<pid>-…`` file in the folder says so: one left by a
  process that died (kill -9, power cut) between the database's commit and the index's is found by every
  process that searches, and the index is then compared with the database — removed when they agree,
  else the index is marked stale (FTS5 answers until ``zhengce search-index rebuild``).

A search in another process sees a commit once tantivy's reader reloads (about half a second later).

PostgreSQL keeps its own search; an in-memory SQLite database has no index folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy import event
from sqlalchemy import text as text_sql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from zhengce.db.tantivy_docs import entries, ids_of, schema
from zhengce.db.tantivy_pending import (
    clear_stale,
    looked,
    mark,
    mark_stale,
    remember,
    stale_marked,
    unchanged,
    unmark,
    waiting,
)

# an index of another layout is stale (rebuild it); 4: cut as FTS5; 5: the fields' twins of joined bigrams;
# 6: each document's ends and dates as fast fields (the 效力 facet over every match, tantivy_docs.ENDS); 7: a
# document whose status turns at most once has its status in one field instead ("life", tantivy_docs.life_value)
VERSION_FILE, VERSION = "zhengce-schema", "7"
HEAP = 64_000_000  # bytes the writer buffers before it writes a segment
# a rebuild's writer buffers more (taken as the segment grows, given back when it ends): 100,000 documents
# make one segment instead of five, and a query visits each segment's dictionaries and postings once
REBUILD_HEAP = 1_000_000_000
LOCK_WAIT = 30.0  # seconds a writer waits for another process's writer

log = logging.getLogger(__name__)
_lock = threading.Lock()
_open: dict[str, tuple[int, tantivy.Index]] = {}  # folder → (inode, index): a rebuilt folder is reopened
_choice: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


class SearchIndexError(RuntimeError):
    """The tantivy index cannot be used (missing, stale, or a writer that never got its lock)."""


def index_dir(bind: Engine | Connection) -> Path | None:
    """The index folder of a SQLite store (``<database>.tantivy``), None for PostgreSQL or memory."""
    url = bind.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return None
    return Path(url.database + ".tantivy")


def status(bind: Engine | Connection) -> str:
    """``absent`` (never built, or PostgreSQL), ``stale`` (missed a commit, or of another layout) or ``ready``
    (not looked through again while the folder and its layout file are unchanged: ``tantivy_pending.looked``)."""
    path = index_dir(bind)
    seen = looked(path, VERSION_FILE) if path is not None else None
    if path is not None and seen is not None and unchanged(path, seen):
        return "ready"
    if path is None or not (path / "meta.json").exists():
        return "absent"
    version = path / VERSION_FILE
    fresh = version.exists() and version.read_text(encoding="utf-8").strip() == VERSION
    if stale_marked(path) or not fresh or not _settled(bind, path):
        return "stale"
    remember(path, seen)
    return "ready"


def _settled(bind: Engine | Connection, path: Path) -> bool:
    """Whether no process died with a transaction the index had still to take over; one that did leaves
    its pending file, and the index is then compared with the database: the file goes when they agree,
    else the index is marked stale. Not while a live process has one (it may be between its commits)."""
    dead, live = waiting(path)
    if not dead:
        return True
    if live:
        return False
    try:
        missing, extra = differences(bind.engine, checked=False)
        if missing or extra:
            log.warning("tantivy 索引缺少 %s 份、多出 %s 份（导入进程中断），已标记为过期；请运行 zhengce search-index "
                        "rebuild / an interrupted ingest left the index behind: marked stale", len(missing), len(extra))
            mark_stale(path)
        for marker in dead:
            marker.unlink(missing_ok=True)
    except (OSError, ValueError, SearchIndexError, SQLAlchemyError):  # asked again at the next search
        return False
    return not (missing or extra)


def _load(path: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(path))
    index.config_reader("commit")
    return index


def open_index(bind: Engine | Connection) -> tantivy.Index | None:
    """The store's index when it is ready, for searching: opened once per process (and again after a
    rebuild).

    When it is opened it must hold as many documents as ``search_fts``; one that does not (left beside
    a database file that was replaced, or read between the database's commit and its own in another
    process) is not used this time, with a warning.
    """
    if status(bind) != "ready":
        return None
    path = index_dir(bind)
    assert path is not None
    key = str(path.resolve())
    inode = os.stat(path).st_ino
    with _lock:
        held = _open.get(key)
        if held is not None and held[0] == inode:
            return held[1]
        try:
            index = _load(path)
            held = _signature(index)
        except ValueError as exc:  # tantivy's error for a damaged or partly deleted index
            log.warning("tantivy 索引已损坏，未使用，检索改用 FTS5；请运行 zhengce search-index rebuild / the tantivy "
                        "index is damaged, not used: rebuild it (%s)", exc)
            return None
        with bind.engine.connect() as conn:
            count, total = conn.execute(text_sql("SELECT count(*), coalesce(sum(rowid), 0) FROM search_fts")).one()
        if held != (count, total):
            log.warning("tantivy 索引与数据库不一致（%s / %s 份），未使用；请运行 zhengce search-index rebuild / "
                        "the tantivy index does not match the database, not used: rebuild it", held[0], count)
            return None
        _open[key] = (inode, index)
    return index


def _signature(index: tantivy.Index) -> tuple[int, int]:
    """(documents, the sum of their ids): a new version's documents have larger ids than those they
    replace, so a commit the index missed changes one or the other."""
    searcher = index.searcher()
    found = searcher.aggregate(tantivy.Query.all_query(), {"s": {"sum": {"field": "id"}}}) \
        if searcher.num_docs else {}
    return searcher.num_docs, int(found.get("s", {}).get("value") or 0)


def _writer(index: tantivy.Index) -> Any:
    """A writer, waiting while another process holds the index's writer lock."""
    waited = 0.0
    while True:
        try:
            return index.writer(HEAP, 1)
        except ValueError as exc:  # another writer's lock: wait; anything else (a folder it cannot write): fail
            if "LockBusy" not in str(exc) or waited >= LOCK_WAIT:
                raise
            time.sleep(0.05)
            waited += 0.05


def sync(engine: Engine, added: Iterable[int], dropped: Iterable[int]) -> None:
    """Bring the index up to date for documents whose search entries were written (``added``) or
    dropped since the last commit: each id's document is deleted from the index, and written again
    from ``search_fts`` when the database still has its entry."""
    if status(engine) != "ready":
        return
    path = index_dir(engine)
    assert path is not None
    index = _load(path)  # not the searching copy: this one has not taken the commit over yet
    added, dropped = sorted(set(added)), sorted(set(dropped))
    writer = _writer(index)
    try:
        for i in (*added, *dropped):
            writer.delete_documents_by_term("id", int(i))
        with engine.connect() as conn:
            for doc in entries(conn, added):
                writer.add_document(doc)
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    finally:
        del writer
    with _lock:  # a searching copy in this process sees the commit now, not after the reader's delay
        held = _open.get(str(path.resolve()))
    if held is not None:
        held[1].reload()


def rebuild(engine: Engine) -> int:
    """Build the index afresh from ``search_fts`` (beside the old one, then swapped in); documents indexed."""
    path = index_dir(engine)
    if path is None:
        raise SearchIndexError("只有 SQLite 数据库文件可以建立 tantivy 索引 / "
                               "a tantivy index needs a SQLite database file")
    _writable(path)
    fresh = path.with_name(path.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(fresh))
    writer = index.writer(REBUILD_HEAP, 1)
    count = 0
    with engine.connect() as conn:
        for doc in entries(conn, None):
            writer.add_document(doc)
            count += 1
    writer.commit()
    writer.wait_merging_threads()
    (fresh / VERSION_FILE).write_text(VERSION + "\n", encoding="utf-8")
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    fresh.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    clear_stale(path)
    # commits made while it read went to the old index: the new one takes them over now
    missing, extra = differences(engine, checked=False)
    if missing or extra:
        sync(engine, missing, extra)
    return count + len(missing) - len(extra)


def _writable(path: Path) -> None:
    """Raise OSError at once when the index folder, or the folder it is built in beside it, cannot be written:
    building first took the whole rebuild (481 s at 100,000 documents) before the swap failed. A file is
    made and removed in each (root writes past permissions; ``chattr +i`` and a read-only mount stop it)."""
    for folder in (path, path.parent) if path.exists() else (path.parent,):
        probe = folder / f".zhengce-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()


def start(engine: Engine) -> bool:
    """Give a new SQLite library (no search entries yet, no index) an empty index, which its ingests then
    fill (the commit hook): tantivy is the embedded default. Not when ``ZHENGCE_SEARCH_ENGINE=fts5``, and
    not for a library that has entries already (``zhengce search-index rebuild`` builds its index).
    Whether it made one."""
    if os.environ.get("ZHENGCE_SEARCH_ENGINE") == "fts5" or index_dir(engine) is None or status(engine) != "absent":
        return False
    with engine.connect() as conn:
        if conn.scalar(text_sql("SELECT rowid FROM search_fts LIMIT 1")) is not None:
            return False
    rebuild(engine)
    return True


def forget() -> None:
    """Let go of every index this process opened (they are opened, and checked, again when next asked)."""
    with _lock:
        _open.clear()
    remember(None, None)


def drop(engine: Engine) -> bool:
    """Remove the index folder (searches use FTS5 again); whether there was one."""
    path = index_dir(engine)
    if path is None or not path.exists():
        return False
    shutil.rmtree(path)
    clear_stale(path)
    return True


def chosen(bind: Engine | Connection) -> str:
    """The engine that answers searches on this store: ``tantivy`` or ``fts5``.

    :func:`choose` sets it for one Engine object (the benchmark asks both on one database), else
    ``ZHENGCE_SEARCH_ENGINE``; by default tantivy answers when the store's index is ready.
    """
    if bind.engine.url.get_backend_name() != "sqlite":
        return "postgresql"
    want = _choice.get(bind.engine) or os.environ.get("ZHENGCE_SEARCH_ENGINE") or "tantivy"
    return "tantivy" if want == "tantivy" and status(bind) == "ready" else "fts5"


def choose(engine: Engine, name: str | None) -> None:
    """Make ``engine`` search with ``name`` (``tantivy`` or ``fts5``; None: the default)."""
    if name is None:
        _choice.pop(engine, None)
    else:
        _choice[engine] = name


def differences(engine: Engine, *, checked: bool = True) -> tuple[list[int], list[int]]:
    """(documents in ``search_fts`` the index lacks, documents the index holds that ``search_fts`` does not);
    ``checked``: only of an index that is ready (not stale)."""
    path = index_dir(engine)
    if path is None or not (path / "meta.json").exists() or (checked and status(engine) != "ready"):
        raise SearchIndexError("tantivy 索引不存在或已过期 / the tantivy index is missing or stale")
    try:
        searcher = _load(path).searcher()
    except ValueError as exc:
        raise SearchIndexError(f"tantivy 索引已损坏，请运行 zhengce search-index rebuild / the tantivy index is "
                               f"damaged, rebuild it: {exc}") from exc
    held = set(ids_of(searcher, searcher.search(tantivy.Query.all_query(), max(1, searcher.num_docs),
                                                count=False).hits))
    with engine.connect() as conn:
        stored = set(conn.scalars(text_sql("SELECT rowid FROM search_fts")))
    return sorted(stored - held), sorted(held - stored)


# --- the commit hook --------------------------------------------------------------------------

_KEY = "zhengce.tantivy"


def note(session: Session, added: Iterable[int] = (), dropped: Iterable[int] = ()) -> None:
    """Remember search entries written or dropped in this session's transaction (only when the store
    has an index): the index takes them over when the transaction commits."""
    if session.info.get(_ABSENT):  # asked once per transaction: a batch of files notes every file's documents
        return
    if _KEY not in session.info:  # the transaction's first: its pending file, gone once the index has it
        bind = session.get_bind()
        if index_dir(bind) is None or status(bind) == "absent":
            session.info[_ABSENT] = True
            return
        session.info[_KEY] = (bind.engine, set(), set(), mark(index_dir(bind)))  # type: ignore[arg-type]
    _, plus, minus, _ = session.info[_KEY]
    plus.update(added)
    minus.update(dropped)


_ABSENT = "zhengce.tantivy.absent"  # session.info: this transaction found no index to keep in step


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_ABSENT, None)
    pending = session.info.pop(_KEY, None)
    if pending is None:
        return
    engine, plus, minus, marker = pending
    try:
        sync(engine, plus, minus)
    except Exception as exc:  # the database has committed: the index must not be trusted any more
        # one line a clerk can act on (the ingest is kept; searches use FTS5), the traceback for the debug log
        why = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        log.error("tantivy 索引未能更新（%s），已标记为过期，检索暂用 FTS5；请运行 zhengce search-index rebuild / "
                  "the tantivy index missed a commit, marked stale", why)
        log.debug("tantivy 索引更新失败 / the index update failed", exc_info=True)
        path = index_dir(engine)
        if path is not None and path.exists() and not mark_stale(path):
            return  # only this process knows: its pending file tells the others (when it could be written)
    unmark(marker)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_ABSENT, None)
    pending = session.info.pop(_KEY, None)
    if pending is not None:
        unmark(pending[3])
