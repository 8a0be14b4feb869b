"""Pages of laid-out sources (issue 17): ingest keeps each page of a PDF (its size) and a compact map from the
display text to pages and boxes; the document page says 第N页 beside each clause, task and target printed on
a page, and the page view shows the page image with the clause marked — a text source has none of it."""

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
from tests.db.test_store import PLAN
from tests.text.gazette import Layout, Para, Rows, build_pdf, cached
from zhengce.db import ClauseRow, DocumentRow, open_store
from zhengce.db.pages import SourceFileRow, SourcePageRow, pages_of
from zhengce.library.ingest import store_parsed
from zhengce.library.pageimages import clear_cache, pixel_size
from zhengce.parse.pipeline import parse_path, parse_text
from zhengce.web.app import create_app
from zhengce.web.routes.pages import PageViewPage

BODY = ("为全面贯彻落实党中央、国务院和省委、省政府决策部署，进一步落实工作目标，支持刚性和改善性住房需求，"
        "促进我市房地产市场平稳健康发展，结合实际，制定以下措施。")
ITEMS = [f"{n}、{BODY}{BODY}以上为第{n}项。（市住房城乡建设局牵头，市财政局配合）" for n in "一二三四五六"]


def _blocks() -> list[Para | Rows]:
    return [
        Para("永政办发〔2024〕10号", align="center"),
        Para("永州市人民政府办公室关于印发房地产市场平稳健康发展若干措施的通知", align="center", size=22),
        Para("各县市区人民政府，市人民政府各办委局：", align="left"),
        *(Para(item) for item in ITEMS),
        Rows([["指标", "2025年目标"], ["商品房销售面积", "增长7%"], ["保障性住房", "3000套"]]),
        Para("永州市人民政府办公室", align="right"),
        Para("2024年7月22日", align="right"),
    ]


@pytest.fixture(scope="module")
def pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = cached(request, "pages-notice-v2", lambda: build_pdf(_blocks(), Layout(header="冷水滩政报　2024年第3期",
                                                                                 two_columns={2})))
    path = tmp_path_factory.mktemp("paged") / "notice.pdf"
    path.write_bytes(data)
    return path


def _printed_on(pdf: Path, text: str) -> int:
    """The page on which the PDF itself prints ``text`` (read with PDFium, blanks ignored)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        for k in range(len(doc)):
            if text in "".join(doc[k].get_textpage().get_text_range().split()):
                return k + 1
    finally:
        doc.close()
    raise AssertionError(text)


@pytest.fixture(scope="module")
def library(pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    engine = open_store(str(tmp_path_factory.mktemp("pages-web") / "p.db"))
    store_parsed(engine, parse_path(pdf), pdf.stat().st_size, path="notice.pdf")
    store_parsed(engine, parse_text(PLAN, "plan.txt"), len(PLAN))
    with Session(engine) as session:
        paged = session.scalar(select(DocumentRow.id).where(DocumentRow.title.like("%房地产%")))
        plain = session.scalar(select(DocumentRow.id).where(DocumentRow.title.not_like("%房地产%")))
    clear_cache()
    yield {"engine": engine, "client": TestClient(create_app(engine=engine)), "paged": paged, "plain": plain}
    engine.dispose()


def _clause(engine: object, doc_id: object, starts: str) -> ClauseRow:
    with Session(engine) as session:  # type: ignore[arg-type]
        rows = session.scalars(select(ClauseRow).where(ClauseRow.document_id == doc_id)).all()
        return next(r for r in rows if r.text.startswith(starts))


def test_ingest_stores_each_page_and_a_compact_map_only_for_paged_sources(pdf: Path, db_url: str) -> None:
    engine = open_store(db_url)
    parsed = parse_path(pdf)
    paged = store_parsed(engine, parsed, pdf.stat().st_size, path="notice.pdf")
    plain = store_parsed(engine, parse_text(PLAN, "plan.txt"), len(PLAN))
    with Session(engine) as session:
        pages = session.scalars(select(SourcePageRow).where(SourcePageRow.source_id == paged.source_id)
                                .order_by(SourcePageRow.number)).all()
        assert [p.number for p in pages] == [1, 2, 3]
        assert all(abs(p.width - 595.28) < 0.1 and abs(p.height - 841.89) < 0.1 for p in pages)  # A4 in points
        runs = sum(len(p.runs) for p in pages)
        assert 0 < runs < len(parsed.text) / 10  # lines, not characters
        stored = session.get(SourceFileRow, paged.source_id)
        assert stored is not None and stored.data == pdf.read_bytes() and stored.format == "pdf"
        # plain text stores nothing
        assert session.scalar(select(func.count()).select_from(SourcePageRow)
                              .where(SourcePageRow.source_id == plain.source_id)) == 0
        assert session.get(SourceFileRow, plain.source_id) is None
        # every run's text is printed on its page (the running header and page numbers are in none)
        for page in pages:
            printed = _page_text(pdf, page.number)
            for start, end, *_ in page.runs:
                assert "".join(parsed.text[int(start):int(end)].split()) in printed
        assert not any("冷水滩政报" in parsed.text[int(s):int(e)] for p in pages for s, e, *_ in p.runs)
    # the stored page of a clause is where the PDF prints it; a clause running over a page break spans both
    doc_id = _doc(engine, paged.source_id)
    for n in range(len(ITEMS)):
        clause = _clause(engine, doc_id, ITEMS[n][:2])
        with Session(engine) as session:
            (got,) = pages_of(session, paged.source_id, [(clause.start, clause.end)])
        head, tail = ITEMS[n][:12], f"第{ITEMS[n][0]}项"
        assert got == (_printed_on(pdf, head), _printed_on(pdf, tail)), ITEMS[n][:2]
    engine.dispose()


def _page_text(pdf: Path, number: int) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "".join(doc[number - 1].get_textpage().get_text_range().split())
    finally:
        doc.close()


def _doc(engine: object, source_id: int | None) -> int:
    with Session(engine) as session:  # type: ignore[arg-type]
        return int(session.scalar(select(DocumentRow.id).where(DocumentRow.source_id == source_id)) or 0)


def test_the_document_page_says_on_which_page_each_clause_task_and_target_is(library: dict, pdf: Path) -> None:
    client: TestClient = library["client"]  # type: ignore[assignment]
    doc_id = library["paged"]
    fourth = _clause(library["engine"], doc_id, "四、")
    page = _printed_on(pdf, "".join(ITEMS[3][:12].split()))
    data = client.get(f"/api/doc/{doc_id}").json()
    nodes = {}

    def walk(node: dict) -> None:
        nodes[node["id"]] = node
        for child in node["children"]:
            walk(child)

    walk(data["tree"])
    assert nodes[fourth.node_id]["pages"]["first"] == page
    assert nodes[fourth.node_id]["pages"]["url"] == f"/doc/{doc_id}/page/{page}?clause={fourth.node_id}"
    task = next(t for t in data["tasks"] if t["node_id"] == fourth.node_id)
    assert task["pages"]["first"] == page
    assert data["targets"] and all("pages" in t for t in data["targets"])
    html = client.get(f"/doc/{doc_id}").text
    label = nodes[fourth.node_id]["pages"]["label"]
    assert label.startswith(f"第{page}") and f'href="/doc/{doc_id}/page/{page}?clause={fourth.node_id}"' in html
    assert f">{label}</a>" in html
    plain = client.get(f"/doc/{library['plain']}").text  # a text source: no page anywhere
    assert "/page/" not in plain and "page-link" not in plain
    assert "pages" not in str(client.get(f"/api/doc/{library['plain']}").json()["tasks"])


def test_the_page_image_is_the_page_with_the_clause_marked(library: dict) -> None:
    from PIL import Image

    client: TestClient = library["client"]  # type: ignore[assignment]
    doc_id = library["paged"]
    fourth = _clause(library["engine"], doc_id, "四、")
    view = client.get(f"/api/doc/{doc_id}").json()
    page = next(t for t in view["tasks"] if t["node_id"] == fourth.node_id)["pages"]["first"]
    twin = client.get(f"/api/doc/{doc_id}/page/{page}", params={"clause": fourth.node_id})
    assert twin.status_code == 200
    data = PageViewPage.model_validate(twin.json())
    assert data.page.number == page and abs(data.page.width - 595.28) < 0.1
    assert data.clause is not None and data.clause.text == fourth.text and data.boxes
    assert data.image is not None and (data.image.width, data.image.height) == pixel_size(595.28, 841.89)
    got = client.get(data.image.url)
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    marked = Image.open(io.BytesIO(got.content)).convert("RGB")
    assert marked.size == (data.image.width, data.image.height)
    bare = Image.open(io.BytesIO(client.get(f"/doc/{doc_id}/page/{page}.png").content)).convert("RGB")
    scale = marked.size[0] / data.page.width
    box = data.boxes[0]
    region = (int(box.x0 * scale), int(box.y0 * scale), int(box.x1 * scale), int(box.y1 * scale))
    assert _tinted(marked.crop(region)) > 0.3  # the clause's background is yellow on the marked page only
    assert _tinted(bare.crop(region)) == 0
    html = client.get(f"/doc/{doc_id}/page/{page}", params={"clause": fourth.node_id}).text
    assert f'src="{data.image.url.replace("&", "&amp;")}"' in html and fourth.text.strip()[:20] in html
    assert ("上一页" in html) and (data.prev is None or data.prev in html.replace("&amp;", "&"))


def _tinted(image: object) -> float:
    """The share of pixels of ``image`` seen through the highlight."""
    raw = image.tobytes()  # type: ignore[attr-defined]
    pixels = [(raw[k], raw[k + 1], raw[k + 2]) for k in range(0, len(raw), 3)]
    return sum(_is_tint(p) for p in pixels) / max(1, len(pixels))


def test_pages_out_of_range_and_sources_without_pages_are_404_in_chinese(library: dict) -> None:
    client: TestClient = library["client"]  # type: ignore[assignment]
    doc_id, plain = library["paged"], library["plain"]
    for path in (f"/doc/{doc_id}/page/4", f"/doc/{doc_id}/page/4.png", f"/api/doc/{doc_id}/page/99"):
        got = client.get(path)
        assert got.status_code == 404 and "该页不存在" in got.text, path
    for path in (f"/doc/{plain}/page/1", f"/doc/{plain}/page/1.png", f"/api/doc/{plain}/page/1"):
        got = client.get(path)
        assert got.status_code == 404 and "没有分页" in got.text, path
    assert client.get(f"/doc/{doc_id}/page/1", params={"clause": "x/y"}).status_code == 404
    assert client.get(f"/doc/{doc_id}/page/0").status_code == 400
    assert client.get(f"/doc/{doc_id}/page/99999999999999999999.png").status_code == 400
    first = client.get(f"/api/doc/{doc_id}/page/1").json()
    assert first["prev"] is None and first["next"] == f"/doc/{doc_id}/page/2"


def test_the_page_view_in_a_browser(library: dict, browser: object, tmp_path: Path) -> None:
    doc_id = library["paged"]
    fourth = _clause(library["engine"], doc_id, "四、")
    shots = Path(os.environ.get("ZHENGCE_SCREENSHOTS") or tmp_path)
    with live_server(create_app(engine=library["engine"])) as url:  # type: ignore[arg-type]
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(f"{url}/doc/{doc_id}")
        anchor = fourth.node_id.replace("/", "\\/")
        link = page.locator(f"#{anchor} .page-link").first
        label = link.inner_text()
        link.click()
        page.wait_for_load_state()
        assert label in page.locator("h1").inner_text()
        image = page.locator(".page-image img")
        assert image.evaluate("img => img.complete && img.naturalWidth") > 0  # the PNG loaded under the CSP
        page.screenshot(path=str(shots / "page-view.png"), full_page=False)
        page.close()


def test_an_ofd_page_is_drawn_with_the_clause_marked(tmp_path: Path) -> None:
    from PIL import Image

    from tests.text.gazette import need_font
    from tests.text.test_ofd import build_ofd
    from zhengce.parse.pipeline import parse_bytes

    need_font()
    engine = open_store(str(tmp_path / "ofd.db"))
    data = build_ofd()
    store_parsed(engine, parse_bytes(data, "notice.ofd"), len(data))
    client = TestClient(create_app(engine=engine))
    doc_id = _doc(engine, 1)
    tree = client.get(f"/api/doc/{doc_id}").json()["tree"]
    linked = [c for c in tree["children"] if "pages" in c]
    assert linked and linked[-1]["pages"]["last"] >= 2  # the notice runs over several pages
    view = PageViewPage.model_validate(client.get(linked[-1]["pages"]["url"].replace("/doc/", "/api/doc/", 1)).json())
    assert view.image is not None and view.notice is None and view.boxes
    got = client.get(view.image.url)
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    marked = Image.open(io.BytesIO(got.content)).convert("RGB")
    assert marked.size == (view.image.width, view.image.height) == pixel_size(595.28, 841.89)
    scale = marked.width / view.page.width
    box = view.boxes[0]
    crop = marked.crop((int(box.x0 * scale), int(box.y0 * scale), int(box.x1 * scale), int(box.y1 * scale)))
    raw = crop.tobytes()
    pixels = [(raw[k], raw[k + 1], raw[k + 2]) for k in range(0, len(raw), 3)]
    assert sum(_is_tint(p) for p in pixels) > 0.3 * len(pixels)  # the clause's line is marked…
    assert sum(max(p) < 100 for p in pixels) > 0.02 * len(pixels)  # …and its characters are drawn under it
    bare = Image.open(io.BytesIO(client.get(f"/doc/{doc_id}/page/{view.page.number}.png").content)).convert("L")
    top = bare.crop((0, 0, bare.width, int(bare.height * 0.12)))  # the template's running header is drawn too
    assert min(top.tobytes()) < 100
    engine.dispose()


def test_without_a_chinese_font_an_ofd_page_is_shown_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.text.test_ofd import build_ofd
    from zhengce.parse.pipeline import parse_bytes

    monkeypatch.setenv("ZHENGCE_CJK_FONT", str(tmp_path / "no-such-font.ttc"))
    clear_cache()
    engine = open_store(str(tmp_path / "ofd.db"))
    data = build_ofd()
    store_parsed(engine, parse_bytes(data, "notice.ofd"), len(data))
    client = TestClient(create_app(engine=engine))
    doc_id = _doc(engine, 1)
    tree = client.get(f"/api/doc/{doc_id}").json()["tree"]
    linked = [c for c in tree["children"] if "pages" in c]
    view = client.get(linked[-1]["pages"]["url"].replace("/doc/", "/api/doc/", 1)).json()
    assert view["image"] is None and "无法渲染" in view["notice"] and "中文字体" in view["notice"] and view["boxes"]
    assert linked[-1]["text"].strip()[:8] in "".join(view["text"].split())  # the page's own text instead
    html = client.get(linked[-1]["pages"]["url"]).text
    assert "无法渲染" in html and "<img" not in html
    png = client.get(f"/doc/{doc_id}/page/1.png")
    assert png.status_code == 404 and "无法渲染" in png.text
    engine.dispose()


def test_a_scan_page_is_the_image_with_the_clause_marked_where_it_was_read(request: pytest.FixtureRequest,
                                                                          tmp_path: Path) -> None:
    from PIL import Image

    from tests.text.test_ocr import scan_png
    from zhengce.parse.pipeline import parse_bytes

    data = scan_png.__wrapped__(request)  # type: ignore[attr-defined]
    engine = open_store(str(tmp_path / "scan.db"))
    store_parsed(engine, parse_bytes(data, "scan.png"), len(data))
    client = TestClient(create_app(engine=engine))
    doc_id = _doc(engine, 1)
    tree = client.get(f"/api/doc/{doc_id}").json()["tree"]
    clause = next(c for c in tree["children"] if c["text"].startswith("一、"))
    view = PageViewPage.model_validate(client.get(clause["pages"]["url"].replace("/doc/", "/api/doc/", 1)).json())
    scan = Image.open(io.BytesIO(data)).convert("L")
    assert abs(view.page.width - scan.width * 72 / 200) < 0.5 and 0.5 < abs(view.page.skew) < 1.5  # turned by 1°
    assert view.image is not None and view.boxes
    marked = Image.open(io.BytesIO(client.get(view.image.url).content)).convert("RGB")
    assert marked.size == (view.image.width, view.image.height)
    grey = scan.resize(marked.size)
    tinted = [(x, y) for y in range(0, marked.height, 2) for x in range(0, marked.width, 2)
              if _is_tint(marked.getpixel((x, y)))]
    ink_under = sum(grey.getpixel(p) < 128 for p in tinted) / len(tinted)
    ink_page = sum(grey.getpixel((x, y)) < 128 for y in range(0, grey.height, 4) for x in range(0, grey.width, 4))
    assert tinted and ink_under > 3 * ink_page / ((grey.width // 4 + 1) * (grey.height // 4 + 1))
    engine.dispose()


def _is_tint(pixel: tuple[int, int, int]) -> bool:
    """A pixel seen through the highlight: its blue is well under its red (yellow over white or grey)."""
    return pixel[0] > 60 and pixel[2] < 0.8 * pixel[0]


def test_zhengce_ingest_keeps_the_pages_through_its_worker_process(pdf: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zhengce.cli import app as cli

    db = str(tmp_path / "cli.db")
    text = tmp_path / "plan.txt"
    text.write_text(PLAN, encoding="utf-8")
    done = CliRunner().invoke(cli, ["ingest", "--db", db, str(pdf), str(text)])
    assert done.exit_code == 0, done.output
    engine = open_store(db)
    with Session(engine) as session:
        counts = dict(session.execute(select(SourcePageRow.source_id, func.count()).group_by(SourcePageRow.source_id))
                      .all())
        files = session.scalars(select(SourceFileRow.format)).all()
    assert list(counts.values()) == [3] and files == ["pdf"]  # the text file stores no page
    engine.dispose()
