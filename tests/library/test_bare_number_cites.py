"""A document that names another by a bare 文号 in the middle of a sentence (各单位按南政办发〔2024〕12号文件要求…)
links to it on its page, and the cited document lists it under 引用本文件的文件 — on the pages and their JSON twins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.db.test_store import PLAN, ingest
from zhengce import library
from zhengce.db import open_store
from zhengce.web.app import create_app

BARE = """南河市数据局
关于开展政务数据共享自查的通知
南数函〔2024〕8号
各县区数据局，市直各单位：
各单位按南政办发〔2024〕12号文件要求，于2024年10月底前完成共享目录自查，并依照南政办函（２０２３）第５号规定报送结果。
南河市数据局
2024年9月3日
"""


def _library(tmp_path: Path) -> tuple[str, Any, dict[str, Any], dict[str, Any]]:
    """The sample plan (南政办发〔2024〕12号) and BARE, which cites it mid-sentence: the file, its store, cited, citing."""
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "bare.txt", BARE)
    engine = open_store(db)
    cited = library.search(engine, "南政办发〔2024〕12号").results[0]
    citing = library.search(engine, "南数函〔2024〕8号").results[0]
    return db, engine, cited, citing


def test_a_bare_number_mid_sentence_links_both_ways(tmp_path: Path) -> None:
    _, engine, cited, citing = _library(tmp_path)
    client = TestClient(create_app(engine=engine))

    twin = client.get(f"/api/doc/{citing['id']}").json()["cites"]
    assert [(c["doc_number"], c["resolved"] and c["resolved"]["id"]) for c in twin] == [
        ("南政办发〔2024〕12号", cited["id"]),
        ("南政办函〔2023〕5号", None),  # not in the library: listed, unresolved, with its own code only
    ]
    page = client.get(f"/doc/{citing['id']}").text
    assert f'<a href="/doc/{cited["id"]}">南政办发〔2024〕12号</a>' in page
    assert "各单位按" not in page.split("引用的文件", 1)[1].split("</ul>", 1)[0]

    back = client.get(f"/api/doc/{cited['id']}").json()["cited_by"]
    assert [d["id"] for d in back] == [citing["id"]]
    page = client.get(f"/doc/{cited['id']}").text
    assert "引用本文件的文件" in page and f'href="/doc/{citing["id"]}"' in page


def test_a_library_ingested_under_the_old_rule_links_after_reread_references(tmp_path: Path) -> None:
    """A citation stored as the old rule read it (the words before the code taken as its agency) is unresolved
    until ``zhengce reread-references`` reads it again; then both pages link."""
    from sqlalchemy import select, update
    from sqlalchemy.orm import Session
    from typer.testing import CliRunner

    from zhengce.cli.main import app
    from zhengce.db import CitationRow, DocumentRow

    db, engine, cited, citing = _library(tmp_path)
    with Session(engine) as session:
        row = session.scalars(select(CitationRow.id).where(CitationRow.doc_number == "南政办发〔2024〕12号")).one()
        session.execute(update(CitationRow).where(CitationRow.id == row).values(
            doc_number="各单位按南政办发〔2024〕12号", text="各单位按南政办发〔2024〕12号", start=CitationRow.start - 4))
        session.commit()
    assert library.document(engine, cited["id"])["cited_by"] == []  # type: ignore[index]

    result = CliRunner().invoke(app, ["reread-references", "--db", db])
    assert result.exit_code == 0, result.output
    assert "更正 1 条" in result.output
    doc = library.document(engine, citing["id"])
    assert doc is not None
    first = doc["cites"][0]
    assert (first["text"], first["resolved"] and first["resolved"]["id"]) == ("南政办发〔2024〕12号", cited["id"])
    with Session(engine) as session:  # the stored span is the number as printed in the source's text
        stored = session.get(CitationRow, row)
        assert stored is not None
        source_text = session.get(DocumentRow, stored.document_id).source.text  # type: ignore[union-attr]
        assert source_text[stored.start : stored.end] == stored.text == "南政办发〔2024〕12号"
    assert [d["id"] for d in library.document(engine, cited["id"])["cited_by"]] == [citing["id"]]  # type: ignore[index]
    again = CliRunner().invoke(app, ["reread-references", "--db", db])
    assert "更正 0 条" in again.output
