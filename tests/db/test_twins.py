"""After an ingest the notices stored again under another file are pointed out (``numbers_elsewhere``): the
same 文号 and issuer in two current sources, whatever the number of sources stored, in one query."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import event, insert

from zhengce.db import DocumentRow, SourceRow, numbers_elsewhere, open_store


def _library(url: str, files: int) -> None:
    """``files`` sources of one notice each, 青政发〔2020〕k号 by 青石县人民政府; then what a test changes."""
    engine = open_store(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(SourceRow), [
            {"id": k, "name": f"{k}.txt", "path": f"通知/{k:04d}.txt", "sha256": f"{k:064d}", "format": "text",
             "encoding": "utf-8", "size": 1, "ingested_at": now, "original": "", "text": ""}
            for k in range(1, files + 1)])
        conn.execute(insert(DocumentRow), [
            {"id": k, "source_id": k, "ordinal": 0, "issuer": "青石县人民政府", "title": "关于某事的通知",
             "kind": "通知", "doc_number": f"青政发〔2020〕{k}号", "signed": date(2020, 1, 1), "start": 0, "end": 0,
             "data": {}, "jurisdiction": "青石县", "year": 2020, "task_count": 0, "target_count": 0}
            for k in range(1, files + 1)])
    engine.dispose()


def _number(url: str, source_id: int, number: str, issuer: str = "青石县人民政府") -> None:
    engine = open_store(url)
    with engine.begin() as conn:
        conn.execute(DocumentRow.__table__.update().where(DocumentRow.source_id == source_id)
                     .values(doc_number=number, issuer=issuer))
    engine.dispose()


def test_twins_among_many_sources_are_found_in_one_query(db_url: str) -> None:
    _library(db_url, 1300)
    _number(db_url, 1250, "青政发〔2020〕1号")  # the notice of source 1 (stored before) again
    _number(db_url, 900, "青政发〔2020〕3号")  # and of source 3, stored in this ingest too: both point out
    _number(db_url, 600, "青政发〔2020〕2号", issuer="南河县人民政府")  # another issuer's number: not the same
    # source 700, stored meanwhile by another ingest, holds it too: pointed to, but not pointed out itself
    _number(db_url, 700, "青政发〔2020〕1号")
    engine = open_store(db_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _k, sql, *_: statements.append(sql))
    ingested = [k for k in range(2, 1301) if k != 700]
    found = numbers_elsewhere(engine, ingested)
    assert len(statements) == 1
    # sources 3 and 900, both of this ingest, make one pair (not one each way), said to be both new
    assert found == [("青政发〔2020〕1号", "通知/1250.txt", "通知/0001.txt", False),
                     ("青政发〔2020〕1号", "通知/1250.txt", "通知/0700.txt", False),
                     ("青政发〔2020〕3号", "通知/0003.txt", "通知/0900.txt", True)]
    assert numbers_elsewhere(engine, ingested, limit=2) == found[:2]
    assert numbers_elsewhere(engine, []) == []
    engine.dispose()
