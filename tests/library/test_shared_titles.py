"""A title that thousands of cleanup-list entries name (任免 / 春节 notices of every county): a list of documents
reads only the events that decide each status, and shows the same statuses as the document page, which lists
every event."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from zhengce import library
from zhengce.db import DocumentRow, StatusEventRow, open_store
from zhengce.db.validity import refresh_session
from zhengce.extract.validity import status_on
from zhengce.library.ingest import store_parsed
from zhengce.library.records import events_about
from zhengce.parse.pipeline import parse_text

# Written for this test (invented counties): the same notice title, no dates of its own, and a cleanup list
NOTICE = (
    "{place}人民政府办公室\n关于做好元旦春节期间有关工作的通知\n{abbr}政办发〔2019〕{n}号\n"
    "各乡镇人民政府，县直各单位：\n现就做好元旦春节期间有关工作通知如下，请认真贯彻执行。\n"
    "{place}人民政府办公室\n2019年12月20日\n"
)
CLEANUP = (
    "青岚县人民政府\n关于公布规范性文件清理结果的通知\n青政发〔2024〕2号\n"
    "各乡镇人民政府，县直各单位：\n现将规范性文件清理结果予以公布。\n青岚县人民政府\n2024年1月5日\n"
)
ENTRIES = 3000


def _store(db_url: str) -> tuple[object, dict[str, int], int]:
    engine = open_store(db_url)
    for place, abbr, n in (("青岚县", "青", 7), ("白沙县", "白", 9)):
        text = NOTICE.format(place=place, abbr=abbr, n=n)
        store_parsed(engine, parse_text(text, f"{abbr}.txt"), len(text))
    store_parsed(engine, parse_text(CLEANUP, "cleanup.txt"), len(CLEANUP))
    with Session(engine) as session:
        docs = {r.doc_number: r for r in session.scalars(select(DocumentRow))}
        ids = {n: r.id for n, r in docs.items()}
        notice = docs["青政办发〔2019〕7号"]
        source = ids["青政发〔2024〕2号"]
        key, title, notice_id = notice.title_key, notice.title, notice.id
        # thousands of entries naming the title alone: 继续有效 on many days, one 宣布失效, one future 废止
        first = date(2020, 1, 1)
        rows = [{"document_id": source, "kind": "continue", "effective": first + timedelta(days=k % 1400),
                 "title": title, "title_key": key, "text": f"{k}\t《{title}》\t继续有效", "node_id": f"t{k}",
                 "start": k, "end": k + 1} for k in range(ENTRIES)]
        rows.append({"document_id": source, "kind": "expire", "effective": date(2024, 6, 1), "title": title,
                     "title_key": key, "text": f"《{title}》宣布失效", "node_id": "x", "start": 0, "end": 1})
        rows.append({"document_id": source, "kind": "repeal", "effective": date(2031, 1, 1), "title": title,
                     "title_key": key, "text": f"《{title}》废止", "node_id": "r", "start": 0, "end": 1})
        # one of the two notices names its own title as ending earlier: that counts for the other one only
        rows.append({"document_id": notice_id, "kind": "expire", "effective": date(2022, 3, 1), "title": title,
                     "title_key": key, "text": f"《{title}》同时废止", "node_id": "o", "start": 0, "end": 1})
        session.execute(insert(StatusEventRow), rows)
        refresh_session(session, list(ids.values()))  # written here, not by ingest: their ends again
        session.commit()
    return engine, ids, source


def test_a_page_of_a_widely_shared_title_reads_only_what_decides_its_statuses(db_url: str) -> None:
    engine, ids, source = _store(db_url)
    own, other = ids["青政办发〔2019〕7号"], ids["白政办发〔2019〕9号"]
    with Session(engine) as session:
        rows = list(session.scalars(select(DocumentRow).where(DocumentRow.id.in_([own, other]))))
        full = events_about(session, rows)
        # the document page lists every event about its document
        assert len(full[own]) == ENTRIES + 2 and len(full[other]) == ENTRIES + 3
        for day in (date(2019, 12, 31), date(2021, 6, 30), date(2022, 3, 1), date(2024, 5, 31), date(2025, 1, 1),
                    date(2031, 1, 2)):
            bounded = events_about(session, rows, deciding_on=day)
            for row in rows:
                assert len(bounded[row.id]) <= 3  # not thousands
                whole = status_on(row.effective_from, row.expires_on, full[row.id], day)
                read = status_on(row.effective_from, row.expires_on, bounded[row.id], day)
                assert (read.status, read.since, read.reason) == (whole.status, whole.since, whole.reason), day
    # what a user sees: the results page and each document page agree, and the list's reasons are right
    shown = {r["id"]: r["validity"] for r in library.search(engine, "春节", today=date(2023, 1, 1)).results}
    assert shown == {own: "valid", other: "expired"}  # the other notice's own 同时废止 ended this one
    for doc_id in (own, other):
        page = library.document(engine, doc_id, as_of=date(2023, 1, 1))
        assert page["status"]["status"] == shown[doc_id]
    later = {r["id"]: r["validity"] for r in library.search(engine, "春节", today=date(2025, 1, 1)).results}
    assert later == {own: "expired", other: "expired"}
    page = library.document(engine, own, as_of=date(2024, 5, 31))
    assert page["status"]["status"] == "valid" and "继续有效" in page["status"]["reason"]
    assert len(page["status_events"]) == ENTRIES + 2 and all(e["source_id"] in {source, other}
                                                             for e in page["status_events"])
