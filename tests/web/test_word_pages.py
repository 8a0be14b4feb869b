"""Pages of Word files and OFD page images on the web (issue 17): a DOCX ingested while LibreOffice is installed
says 第N页 beside each clause, as the PDF LibreOffice prints of it shows, and the page image is that PDF's page
with the clause marked; an OFD page is drawn from its characters; without a Chinese font it is shown as text."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import live_server
from tests.text.test_wordpages import CLAUSES, need_soffice, notice_docx, printed_on
from zhengce.db import DocumentRow, open_store
from zhengce.db.pages import SourceFileRow, SourcePageRow
from zhengce.library.ingest import store_parsed
from zhengce.library.pageimages import clear_cache
from zhengce.parse.pipeline import parse_bytes, parse_path
from zhengce.web.app import create_app
from zhengce.web.routes.pages import PageViewPage


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    need_soffice()
    folder = tmp_path_factory.mktemp("word-pages")
    path = folder / "notice.docx"
    path.write_bytes(notice_docx())
    engine = open_store(str(folder / "w.db"))
    stored = store_parsed(engine, parse_path(path), path.stat().st_size, path="notice.docx")
    with Session(engine) as session:
        doc_id = session.scalar(select(DocumentRow.id).where(DocumentRow.source_id == stored.source_id))
        pdf = session.get(SourceFileRow, stored.source_id).data  # type: ignore[union-attr]
    clear_cache()
    yield {"engine": engine, "client": TestClient(create_app(engine=engine)), "doc": doc_id, "pdf": pdf}
    engine.dispose()


def _nodes(tree: dict) -> list[dict]:
    out = [tree]
    for child in tree.get("children") or []:
        out += _nodes(child)
    return out


def _clause_on_a_later_page(client: TestClient, doc_id: object, pdf: bytes) -> tuple[dict, int]:
    tree = client.get(f"/api/doc/{doc_id}").json()["tree"]
    for node in _nodes(tree):
        for clause in CLAUSES:
            if node["text"].startswith(clause[:12]) and printed_on(pdf, clause[:12]) >= 2:
                return node, printed_on(pdf, clause[:12])
    raise AssertionError("no clause printed after page 1")


def test_a_word_document_says_on_which_page_each_clause_was_printed(word: dict) -> None:
    client: TestClient = word["client"]  # type: ignore[assignment]
    doc_id, pdf = word["doc"], word["pdf"]
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")  # the file kept to draw pages is the printed PDF
    node, page = _clause_on_a_later_page(client, doc_id, pdf)
    assert node["pages"]["first"] == page and node["pages"]["label"].startswith(f"第{page}")
    html = client.get(f"/doc/{doc_id}").text
    assert f'href="/doc/{doc_id}/page/{page}?clause={node["id"]}"' in html and f">{node['pages']['label']}</a>" in html
    first = next(n for n in _nodes(client.get(f"/api/doc/{doc_id}").json()["tree"])
                 if n["text"].startswith(CLAUSES[0][:12]))
    assert first["pages"]["first"] == printed_on(pdf, CLAUSES[0][:12])


def test_the_page_image_of_a_word_clause_is_the_printed_page_with_the_clause_marked(word: dict) -> None:
    from PIL import Image

    from tests.web.test_pages import _is_tint

    client: TestClient = word["client"]  # type: ignore[assignment]
    node, page = _clause_on_a_later_page(client, word["doc"], word["pdf"])  # type: ignore[arg-type]
    twin = client.get(node["pages"]["url"].replace("/doc/", "/api/doc/", 1))
    view = PageViewPage.model_validate(twin.json())
    assert view.source.format == "docx" and view.page.number == page and view.boxes and view.image is not None
    got = client.get(view.image.url)
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    marked = Image.open(io.BytesIO(got.content)).convert("RGB")
    assert marked.size == (view.image.width, view.image.height)
    scale = marked.width / view.page.width
    box = view.boxes[0]
    crop = marked.crop((int(box.x0 * scale), int(box.y0 * scale), int(box.x1 * scale), int(box.y1 * scale)))
    raw = crop.tobytes()
    pixels = [(raw[k], raw[k + 1], raw[k + 2]) for k in range(0, len(raw), 3)]
    assert sum(_is_tint(p) for p in pixels) > 0.3 * len(pixels)  # the clause's first line is highlighted…
    assert sum(max(p) < 100 for p in pixels) > 0.02 * len(pixels)  # …and printed there (dark ink under it)


def test_zhengce_ingest_keeps_a_word_files_pages_through_its_worker(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zhengce.cli import app as cli

    need_soffice()
    path = tmp_path / "notice.docx"
    path.write_bytes(notice_docx())
    db = str(tmp_path / "cli.db")
    done = CliRunner().invoke(cli, ["ingest", "--db", db, str(path)])
    assert done.exit_code == 0, done.output
    engine = open_store(db)
    with Session(engine) as session:
        pages = session.scalar(select(func.count()).select_from(SourcePageRow))
        files = session.scalars(select(SourceFileRow.format)).all()
    assert pages >= 2 and files == ["pdf"]
    engine.dispose()


def test_zhengce_ingest_of_a_folder_takes_its_ofd_and_legacy_word_files(request: pytest.FixtureRequest,
                                                                        tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.text.test_ofd import build_ofd
    from tests.text.test_wordpages import notice_doc
    from zhengce.cli import app as cli
    from zhengce.db import SourceRow

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "notice.ofd").write_bytes(build_ofd())
    (folder / "old.wps").write_bytes(notice_doc(request))
    db = str(tmp_path / "folder.db")
    done = CliRunner().invoke(cli, ["ingest", "--db", db, str(folder)])
    assert done.exit_code == 0, done.output
    engine = open_store(db)
    with Session(engine) as session:
        kinds = dict(session.execute(select(SourceRow.format, func.count()).group_by(SourceRow.format)).all())
        files = sorted(session.scalars(select(SourceFileRow.format)).all())
    assert kinds == {"ofd": 1, "wps": 1} and files == ["ofd", "pdf"]  # each with its pages
    engine.dispose()


def test_without_libreoffice_a_word_file_has_no_page_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_SOFFICE", "/nonexistent/soffice")
    engine = open_store(str(tmp_path / "plain.db"))
    data = notice_docx()
    store_parsed(engine, parse_bytes(data, "notice.docx"), len(data))
    client = TestClient(create_app(engine=engine))
    with Session(engine) as session:
        doc_id = session.scalar(select(DocumentRow.id))
    assert "/page/" not in client.get(f"/doc/{doc_id}").text
    got = client.get(f"/doc/{doc_id}/page/1")
    assert got.status_code == 404 and "没有分页" in got.text and "LibreOffice" in got.text
    engine.dispose()


def test_the_word_page_in_a_browser(word: dict, browser: object, tmp_path: Path) -> None:
    client: TestClient = word["client"]  # type: ignore[assignment]
    node, page = _clause_on_a_later_page(client, word["doc"], word["pdf"])  # type: ignore[arg-type]
    shots = Path(os.environ.get("ZHENGCE_SCREENSHOTS") or tmp_path)
    with live_server(create_app(engine=word["engine"])) as url:  # type: ignore[arg-type]
        tab = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        tab.goto(f"{url}/doc/{word['doc']}")
        link = tab.locator(f"#{node['id'].replace('/', chr(92) + '/')} .page-link").first
        assert link.inner_text() == node["pages"]["label"]
        link.click()
        tab.wait_for_load_state()
        assert f"第{page}页" in tab.locator("h1").inner_text()
        assert tab.locator(".page-image img").evaluate("img => img.complete && img.naturalWidth") > 0
        tab.screenshot(path=str(shots / "word-page-view.png"), full_page=False)
        tab.close()
