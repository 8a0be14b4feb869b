"""The search page reads its rows, snippets and status events through statements compiled once
(``zhengce.library.prepared``): dates cross in both directions as dates, and each page's own values are
asked, not those of the first page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from zhengce import library
from zhengce.db import DocumentRow, StatusEventRow, open_store
from zhengce.db.validity import refresh_session
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

# Written for this test (an invented county): a notice, and a cleanup list that declares it lapsed
NOTICE = (
    "青岚县人民政府办公室\n关于做好防汛抗旱工作的通知\n青政办发〔2021〕{n}号\n"
    "各乡镇人民政府，县直各单位：\n现就做好{topic}防汛抗旱工作通知如下，请认真贯彻执行。\n"
    "青岚县人民政府办公室\n2021年4月{day}日\n"
)
CLEANUP = (
    "青岚县人民政府\n关于公布规范性文件清理结果的通知\n青政发〔2024〕2号\n"
    "各乡镇人民政府，县直各单位：\n现将规范性文件清理结果予以公布。\n青岚县人民政府\n2024年1月5日\n"
)


def test_the_search_page_shows_dates_and_statuses_of_the_day_it_is_asked_for(db_url: str) -> None:
    engine = open_store(db_url)
    for n, topic, day in ((3, "汛期", 8), (4, "旱季", 9)):
        text = NOTICE.format(n=n, topic=topic, day=day)
        store_parsed(engine, parse_text(text, f"{n}.txt"), len(text))
    store_parsed(engine, parse_text(CLEANUP, "cleanup.txt"), len(CLEANUP))
    with Session(engine) as session:
        docs = {r.doc_number: r for r in session.scalars(select(DocumentRow))}
        lapsed, source = docs["青政办发〔2021〕3号"], docs["青政发〔2024〕2号"].id
        session.execute(insert(StatusEventRow), [{
            "document_id": source, "kind": "expire", "effective": date(2024, 6, 1), "doc_number": lapsed.doc_number,
            "title": lapsed.title, "text": f"《{lapsed.title}》宣布失效", "node_id": "x", "start": 0, "end": 1}])
        refresh_session(session, [lapsed.id])  # written here, not by ingest: its stored ends again
        session.commit()

    def shown(day: date, query: str = "防汛抗旱") -> dict[str, tuple[str, str | None]]:
        page = library.search(engine, query, today=day)
        return {r["doc_number"]: (r["validity"], r["signed"]) for r in page.results}

    before, after = shown(date(2024, 5, 31)), shown(date(2024, 6, 2))
    assert before["青政办发〔2021〕3号"][1] == "2021-04-08" and before["青政办发〔2021〕4号"][1] == "2021-04-09"
    assert before["青政办发〔2021〕3号"][0] != "expired"
    assert after["青政办发〔2021〕3号"][0] == "expired"  # the event's date, read back as a date, has come
    assert after["青政办发〔2021〕4号"][0] == before["青政办发〔2021〕4号"][0] != "expired"  # not named by it
    # another query on the same statements: its own rows and snippets, not the first query's
    other = library.search(engine, "旱季", today=date(2024, 6, 2))
    assert [r["doc_number"] for r in other.results] == ["青政办发〔2021〕4号"]
    assert "<mark>旱季</mark>" in other.results[0]["snippet_html"]
