"""The rows ingest hands to the driver itself (SQLite's executemany, PostgreSQL's COPY): read back through the
ORM they are what the parser and the extractors found — text with tabs, backslashes and line breaks, dates,
JSON, NULLs — and the ids they were given leave the database's own numbering intact."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengce.db import ClauseRow, DocumentRow, SourceRow, StatusEventRow, TaskRow, open_store
from zhengce.library import search
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

# a notice whose clauses hold what COPY's text format must escape (tab, backslash, "\N", a line break
# inside a table) and a repeal with its date
NOTICE = """\
青石县人民政府办公室
关于废止部分行政规范性文件的通知
青政办发〔2024〕7号
各乡镇人民政府，县直各单位：
一、申报材料放在共享目录 D:\\申报\\N2024\\ 下，文件名不得含有\\N或反斜杠\\。
二、附表各列以制表符分隔：
序号\t单位\t联系人
1\t县财政局\t张三
三、《青石县企业技术改造补助办法》（青政发〔2019〕3号）自2024年6月1日起废止。
四、本通知自2024年5月20日起施行。
青石县人民政府办公室
2024年5月10日
"""


def test_rows_written_by_the_driver_read_back_as_parsed(db_url: str) -> None:
    engine = open_store(db_url)
    parsed = parse_text(NOTICE, "notice.txt")
    assert "\\N" in parsed.text and "\t" in parsed.text  # what the test is about survives parsing
    assert store_parsed(engine, parsed, len(NOTICE.encode())).status == "added"
    doc = parsed.documents[0]
    with Session(engine) as session:
        row = session.scalars(select(DocumentRow)).one()
        assert (row.doc_number, row.title, row.signed) == ("青政办发〔2024〕7号", doc.title, date(2024, 5, 10))
        assert row.data == doc.to_dict()  # the clause tree, as JSON
        assert row.reg_code is None and row.effective_from == doc.validity.effective_from  # type: ignore[union-attr]
        clauses = session.scalars(select(ClauseRow).where(ClauseRow.document_id == row.id).order_by(ClauseRow.ordinal))
        stored = {c.node_id: (c.text, c.heading, c.start, c.end) for c in clauses}
        assert doc.tree is not None
        assert stored == {n.id: (n.text, n.heading, n.start, n.end) for n in doc.tree.walk()}
        assert any("\\N" in text for text, *_ in stored.values())
        assert any("\t" in text and "\n" in text for text, *_ in stored.values())
        event = session.scalars(select(StatusEventRow)).one()
        assert (event.kind, event.doc_number, event.effective) == ("repeal", "青政发〔2019〕3号", date(2024, 6, 1))
    # the search entry was written with the document's id: its words find it
    assert [r["doc_number"] for r in search(engine, "反斜杠").results] == ["青政办发〔2024〕7号"]


def test_ids_given_at_ingest_leave_the_database_numbering_after_them(db_url: str) -> None:
    engine = open_store(db_url)
    for k in range(2):
        text = NOTICE.replace("〔2024〕7号", f"〔2024〕{10 + k}号")
        store_parsed(engine, parse_text(text, f"n{k}.txt"), len(text.encode()))
    with Session(engine) as session, session.begin():
        ids = list(session.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))
        assert ids == list(range(ids[0], ids[0] + len(ids)))  # in the order stored, none skipped
        # a row the database numbers itself (a sequence on PostgreSQL) comes after them, no collision
        source = session.scalars(select(SourceRow)).first()
        assert source is not None
        added = DocumentRow(source_id=source.id, ordinal=9, start=0, end=0, data={})
        session.add(added)
        session.flush()
        assert added.id == ids[-1] + 1
        task_max = session.scalar(select(func.max(TaskRow.id)))
        task = TaskRow(document_id=added.id, ordinal=0, node_id="x", plan="", number="", heading="", text="",
                       tag="", start=0, end=0, data={})
        session.add(task)
        session.flush()
        assert task.id == (task_max or 0) + 1
