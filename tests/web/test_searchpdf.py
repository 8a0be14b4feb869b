"""A searchable PDF next to a scanned source (issue 17): a source read by OCR is offered on its document page as
a PDF whose pages are the scan as it is, with an invisible text layer at the OCR boxes holding zhengce's text —
so that a PDF viewer's search and copy give it; a PDF keeps its pages and only its scanned ones get the layer; a
source not read by OCR has none (404 in Chinese). Needs Tesseract with its Chinese model for the scans (skipped
with the reason without it); the text layer's placement is checked without OCR too."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.db.test_store import PLAN
from tests.text.gazette import Layout, Para, Rows, build_pdf, cached
from zhengce.db import DocumentRow, SourceRow, open_store
from zhengce.db.pages import SourcePageRow
from zhengce.library.ingest import store_parsed
from zhengce.library.searchpdf import PageText, build, clear_cache
from zhengce.parse.pipeline import parse_bytes, parse_text
from zhengce.web.app import create_app
from zhengce.web.routes.document import DocumentPage

SEARCHED = ["购房契税补贴", "住房公积金"]  # words of the scan (tests.text.test_ocr.PARAGRAPHS) a user looks for
TABLE = [["序号", "事项", "牵头单位"], ["1", "实行购房契税补贴并加大住房公积金支持力度", "市住建局"],
         ["2", "建立房地产市场平稳健康发展长效机制", "市财政局"]]  # columns of unequal widths
LAID_OUT = ["湘江市人民政府关于做好春季农业生产工作的通知", "各县市区人民政府，市直各单位：",
            "一、抓好粮食生产。全年粮食播种面积稳定在三百万亩以上，各地要落实种粮补贴资金。"]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _pdf_texts(data: bytes) -> list[str]:
    """The text of each page as pypdf extracts it, blanks left out."""
    from pypdf import PdfReader

    return [_squeezed(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def _pdfium_texts(data: bytes) -> list[str]:
    """The text of each page as PDFium extracts it, blanks left out (pypdf misreads fpdf2's CJK fonts with
    an encoding CMap: the laid-out test pages)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return [_squeezed(doc[k].get_textpage().get_text_range()) for k in range(len(doc))]
    finally:
        doc.close()


def _rendered(data: bytes, number: int, size: tuple[int, int]):  # type: ignore[no-untyped-def]
    """Page ``number`` of a PDF drawn by PDFium in grey at ``size`` pixels."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[number - 1]
        return page.render(scale=size[0] / page.get_width()).to_pil().convert("L").resize(size)
    finally:
        doc.close()


def _mixed_pdf(text_page: bytes, scan_png: bytes) -> bytes:
    """A PDF as offices make them: a laid-out page with its text layer, then two scanned pages."""
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    scan = Image.open(io.BytesIO(scan_png))
    scanned = io.BytesIO()
    scan.save(scanned, format="PDF", resolution=200, save_all=True, append_images=[scan.copy()])
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_page)))
    writer.append(PdfReader(io.BytesIO(scanned.getvalue())))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from tests.text.gazette import scan
    from tests.text.test_ocr import scan_png

    png = scan_png.__wrapped__(request)  # type: ignore[attr-defined]
    laid = cached(request, "searchpdf-laid-v1" + "".join(LAID_OUT), lambda: build_pdf(
        [Para(LAID_OUT[0], align="center", size=22), Para(LAID_OUT[1], align="left"), Para(LAID_OUT[2])],
        Layout(page_numbers=False)))
    mixed = _mixed_pdf(laid, png)
    table_pdf = cached(request, "searchpdf-table-v1" + repr(TABLE), lambda: build_pdf(
        [Para(LAID_OUT[2]), Rows(TABLE)], Layout(page_numbers=False)))
    table = cached(request, "searchpdf-table-scan-v1" + repr(TABLE), lambda: scan(table_pdf, seed=19))
    engine = open_store(str(tmp_path_factory.mktemp("searchpdf") / "s.db"))
    ids = {}
    for key, name, data in (("png", "扫描件.png", png), ("mixed", "mixed.pdf", mixed), ("laid", "laid.pdf", laid),
                            ("table", "table.png", table)):
        ids[key] = store_parsed(engine, parse_bytes(data, name), len(data), path=name).source_id
    ids["text"] = store_parsed(engine, parse_text(PLAN, "plan.txt"), len(PLAN)).source_id
    clear_cache()
    yield {"engine": engine, "client": TestClient(create_app(engine=engine)), "ids": ids, "png": png,
           "mixed": mixed, "laid": laid,
           "table_pdf": table_pdf, "table": table}
    engine.dispose()


def _doc_of(engine: object, source_id: int) -> int:
    with Session(engine) as session:  # type: ignore[arg-type]
        return int(session.scalar(select(DocumentRow.id).where(DocumentRow.source_id == source_id)
                                  .order_by(DocumentRow.ordinal)) or 0)


def _stored_page_text(engine: object, source_id: int, number: int) -> str:
    """The display text stored for the runs of a page: what OCR read there, as zhengce shows it."""
    with Session(engine) as session:  # type: ignore[arg-type]
        text = session.scalar(select(SourceRow.text).where(SourceRow.id == source_id)) or ""
        row = session.scalar(select(SourcePageRow).where(SourcePageRow.source_id == source_id,
                                                         SourcePageRow.number == number))
        assert row is not None
        return _squeezed("".join(text[int(s):int(e)] for s, e, *_ in row.runs))


def test_a_scan_is_offered_as_a_pdf_of_its_pages_holding_zhengces_text(world: dict) -> None:
    from PIL import Image

    client: TestClient = world["client"]
    doc_id = _doc_of(world["engine"], world["ids"]["png"])
    page = DocumentPage.model_validate(client.get(f"/api/doc/{doc_id}").json())
    url = page.document.searchable_pdf
    assert url == f"/source/{world['ids']['png']}/searchable.pdf"
    html = client.get(f"/doc/{doc_id}").text
    assert "下载可检索PDF" in html and f'href="{url}"' in html
    got = client.get(url)
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment") and "filename*=UTF-8''%E6%89%AB%E6%8F%8F%E4%BB%B6" in disposition  # 扫描件…
    texts = _pdf_texts(got.content)
    assert len(texts) == 1  # the scan's one page
    assert texts[0] == _stored_page_text(world["engine"], world["ids"]["png"], 1)  # zhengce's text, in its order
    assert all(word in texts[0] for word in SEARCHED)
    # the page is the scan itself: drawn, it is the image (the text layer adds no ink)
    scan = Image.open(io.BytesIO(world["png"])).convert("L")
    drawn = _rendered(got.content, 1, scan.size)
    diff = sum(abs(a - b) for a, b in zip(drawn.tobytes(), scan.tobytes(), strict=True)) / (scan.width * scan.height)
    assert diff < 2.0  # mean grey-level difference out of 255 (measured: 0.0)


def test_a_viewers_search_lands_on_the_words_in_the_scan(world: dict) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    data = world["client"].get(f"/source/{world['ids']['png']}/searchable.pdf").content
    scan = Image.open(io.BytesIO(world["png"])).convert("L")
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    textpage = page.get_textpage()
    width, height = page.get_size()
    sx, sy = scan.width / width, scan.height / height
    ink_page = sum(v < 128 for v in scan.tobytes()) / (scan.width * scan.height)
    for word in SEARCHED:
        hit = textpage.search(word).get_next()
        assert hit is not None, word
        first, count = hit
        left, bottom, right, top = textpage.get_charbox(first, loose=True)
        for k in range(first + 1, first + count):
            box = textpage.get_charbox(k, loose=True)
            left, bottom, right, top = min(left, box[0]), min(bottom, box[1]), max(right, box[2]), max(top, box[3])
        # one line wide, not squeezed: a character is about as wide as it is high, and a loose box is the line's
        # height (up to 1.3 times the character's, by what the reader took in: punctuation, descenders)
        assert (right - left) > 0.6 * len(word) * (top - bottom)
        area = scan.crop((round(left * sx), round((height - top) * sy), round(right * sx), round((height - bottom) * sy)))
        ink = sum(v < 128 for v in area.tobytes()) / (area.width * area.height)
        assert ink > 5 * ink_page, word  # the words found are where the scan prints them
    doc.close()


def test_each_cell_of_a_scanned_table_lies_on_the_cell(world: dict) -> None:
    """A ruled table is stored as one run; its cells' text goes where the scan prints each cell (found on the
    image again), not spread over the row: the third column, narrow beside a wide second one, is where the
    laid-out page put it, through the scan's 200 dpi and 1° turn."""
    import math

    import pypdfium2 as pdfium
    from PIL import Image

    source = world["ids"]["table"]
    with Session(world["engine"]) as session:
        text = session.scalar(select(SourceRow.text).where(SourceRow.id == source)) or ""
        row = session.scalar(select(SourcePageRow).where(SourcePageRow.source_id == source))
        assert row is not None
        tables = [text[int(s):int(e)] for s, e, *_ in row.runs if "\t" in text[int(s):int(e)]]
    assert len(tables) == 1
    read = [line.split("\t") for line in tables[0].split("\n") if line.strip()]
    scan = Image.open(io.BytesIO(world["table"]))
    data = world["client"].get(f"/source/{source}/searchable.pdf").content
    laid = pdfium.PdfDocument(world["table_pdf"])
    layer = pdfium.PdfDocument(data)
    try:
        for k in (1, 2):
            printed, got = TABLE[k][2], read[k][2]  # as printed, and as OCR read it (a character may differ)
            where = _centre(laid[0], printed)
            # the laid-out page (points) → the scan (rendered at 200 dpi, turned 1° about its centre, enlarged)
            width, height = laid[0].get_size()
            x, y = (where[0] - width / 2) * 200 / 72, (where[1] - height / 2) * 200 / 72
            turn = math.radians(1)
            sx = scan.width / 2 + x * math.cos(turn) + y * math.sin(turn)
            sy = scan.height / 2 - x * math.sin(turn) + y * math.cos(turn)
            found = _centre(layer[0], got)
            # across, within the difference of the sizes (the layer sets a cell at 0.7 of its height); down, close
            assert abs(found[0] - sx * 72 / 200) < 8 and abs(found[1] - sy * 72 / 200) < 2, (got, found, sx, sy)
    finally:
        laid.close()
        layer.close()


def _centre(page, word: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The centre of ``word`` on a PDFium page, in points from its top left."""
    textpage = page.get_textpage()
    hit = textpage.search(word).get_next()
    assert hit is not None, word
    boxes = [textpage.get_charbox(k, loose=True) for k in range(hit[0], hit[0] + hit[1])]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return (left + right) / 2, page.get_height() - (bottom + top) / 2


def test_a_pdf_keeps_its_pages_and_only_its_scanned_pages_get_a_text_layer(world: dict) -> None:
    client: TestClient = world["client"]
    source = world["ids"]["mixed"]
    url = DocumentPage.model_validate(client.get(f"/api/doc/{_doc_of(world['engine'], source)}").json()) \
        .document.searchable_pdf
    assert url == f"/source/{source}/searchable.pdf"
    data = client.get(url).content
    texts = _pdf_texts(data)
    assert len(texts) == 3
    own = _pdfium_texts(data)[0]
    assert own == _pdfium_texts(world["mixed"])[0]  # the laid-out page's own text, not doubled
    assert own.count(_squeezed(LAID_OUT[2])[:12]) == 1
    for number in (2, 3):
        assert texts[number - 1] == _stored_page_text(world["engine"], source, number)
        assert all(word in texts[number - 1] for word in SEARCHED)
    for number in (1, 2):  # each page drawn as the original draws it
        size = (600, 848)
        before, after = _rendered(world["mixed"], number, size), _rendered(data, number, size)
        assert sum(abs(a - b) for a, b in zip(before.tobytes(), after.tobytes(), strict=True)) < 600 * 848


def test_a_source_not_read_by_ocr_has_none_and_says_so_in_chinese(world: dict) -> None:
    client: TestClient = world["client"]
    for key in ("text", "laid"):
        source = world["ids"][key]
        doc_id = _doc_of(world["engine"], source)
        assert client.get(f"/api/doc/{doc_id}").json()["document"]["searchable_pdf"] is None
        assert "可检索PDF" not in client.get(f"/doc/{doc_id}").text
        got = client.get(f"/source/{source}/searchable.pdf")
        assert got.status_code == 404 and "不是经 OCR 识别的扫描件" in got.text, key
    missing = client.get("/source/999999/searchable.pdf")
    assert missing.status_code == 404 and "来源文件不存在" in missing.text
    assert client.get(f"/source/{2**63}/searchable.pdf").status_code in (400, 404, 422)


def test_zhengce_searchable_pdf_writes_it_by_source_name(world: dict, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zhengce.cli import app as cli

    db = str(world["engine"].url.database)
    out = tmp_path / "out.pdf"
    done = CliRunner().invoke(cli, ["searchable-pdf", "--db", db, "扫描件.png", str(out)])
    assert done.exit_code == 0, done.output
    assert _pdf_texts(out.read_bytes()) == [_stored_page_text(world["engine"], world["ids"]["png"], 1)]
    refused = CliRunner().invoke(cli, ["searchable-pdf", "--db", db, "plan.txt", str(tmp_path / "no.pdf")])
    assert refused.exit_code == 1 and "OCR" in refused.output and not (tmp_path / "no.pdf").exists()


def test_the_text_layer_lies_in_each_box_turned_back_by_the_pages_skew() -> None:
    """Without OCR: boxes as OCR stores them (skew taken out) come back on the page turned by the skew, each
    line stretched to its box, a table's rows spread over its box; characters outside CJK come back too."""
    import math

    import pypdfium2 as pdfium
    from PIL import Image

    blank = io.BytesIO()
    Image.new("L", (1700, 2200), 255).save(blank, format="PNG", dpi=(200, 200))
    width, height, skew = 612.0, 792.0, 1.5
    lines = [("第一行文字：2024年增长7%", 100.0, 100.0, 400.0, 116.0),
             ("指标\t目标\n商品房销售面积\t增长7%", 100.0, 300.0, 500.0, 340.0),
             ("𠀾字与〔2024〕13号", 300.0, 600.0, 460.0, 616.0)]
    data = build("image", blank.getvalue(), [PageText(1, width, height, skew, lines)])
    doc = pdfium.PdfDocument(data)
    textpage = doc[0].get_textpage()
    assert _pdf_texts(data) == [_squeezed("".join(t for t, *_ in lines))]  # in the order of the runs
    assert sorted(_squeezed(textpage.get_text_range())) == sorted(_squeezed("".join(t for t, *_ in lines)))
    angle = math.radians(skew)

    def on_page(x: float, y: float) -> tuple[float, float]:  # a point of a box, turned back as on the scan
        dx, dy = x - width / 2, y - height / 2
        return (width / 2 + dx * math.cos(angle) - dy * math.sin(angle),
                height / 2 + dx * math.sin(angle) + dy * math.cos(angle))

    text = textpage.get_text_range()

    def at(k: int) -> tuple[float, float, float]:  # left, right and middle (from the top) of character k
        left, bottom, right, top = textpage.get_charbox(k, loose=True)
        return left, right, height - (bottom + top) / 2

    # a line fills its box: its first character starts at the box's left, its last ends at its right
    first = text.index("第一行")
    (left, _, y_first), (_, right, y_last) = at(first), at(first + len(lines[0][0]) - 1)
    for (x, y), (want_x, want_y) in (((left, y_first), on_page(100.0, 108.0)), ((right, y_last), on_page(400.0, 108.0))):
        assert abs(x - want_x) < 3 and abs(y - want_y) < 3, (x, y, want_x, want_y)
    # a table whose grid is not on the image (a blank page): its rows share its height, a row's cells its width
    for cell, x0 in (("商品房", 100.0), ("增长7", 300.0)):
        left, _, y = at(text.index(cell, text.index("指标")))
        want_x, want_y = on_page(x0, 330.0)
        assert abs(left - want_x) < 3 and abs(y - want_y) < 3, (cell, left, y, want_x, want_y)
    doc.close()


def test_each_frame_of_a_tiff_is_a_page_with_its_own_text_and_a_jpeg_is_kept_as_it_is() -> None:
    from PIL import Image
    from pypdf import PdfReader

    tiff = io.BytesIO()
    Image.new("1", (800, 1100), 1).save(tiff, format="TIFF", save_all=True, dpi=(200, 200),
                                        append_images=[Image.new("L", (800, 1100), 200)])
    pages = [PageText(1, 288.0, 396.0, 0.0, [("第一页的文字", 10.0, 10.0, 100.0, 30.0)]),
             PageText(2, 288.0, 396.0, 0.5, [("第二页的文字", 10.0, 10.0, 100.0, 30.0)])]
    assert _pdf_texts(build("image", tiff.getvalue(), pages)) == ["第一页的文字", "第二页的文字"]
    photo = io.BytesIO()
    Image.new("RGB", (800, 1100), (250, 240, 230)).save(photo, format="JPEG", quality=80)
    data = build("image", photo.getvalue(), pages[:1])
    image = PdfReader(io.BytesIO(data)).pages[0].images[0]
    assert image.data == photo.getvalue()  # the photograph's bytes, not decoded and compressed again


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_the_layer_of_a_pdf_page_shown_turned_lies_where_the_page_is_seen(turn: int) -> None:
    """OCR reads a page as it is shown (PDFium applies ``/Rotate``): its boxes are laid over the page turned
    back into the page's own space, so that each character is where the reader saw it."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(400, 600).rotate(turn)
    original = io.BytesIO()
    writer.write(original)
    shown = (400, 600) if turn in (0, 180) else (600, 400)
    data = build("pdf", original.getvalue(), [PageText(1, *shown, 0.0, [("甲乙丙丁", 50.0, 60.0, 250.0, 80.0)])])
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    textpage = page.get_textpage()
    assert textpage.get_text_range() == "甲乙丙丁"
    for k, (x0, x1) in enumerate([(50, 100), (100, 150), (150, 200), (200, 250)]):
        left, bottom, right, top = textpage.get_charbox(k, loose=True)
        seen = []
        for x, y in ((left, bottom), (right, top)):  # the page's own space → the page as shown, from its top left
            dx, dy = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, shown[0], shown[1], 0, x, y, dx, dy)
            seen.append((dx.value, dy.value))
        xs, ys = sorted(p[0] for p in seen), sorted(p[1] for p in seen)
        assert abs(xs[0] - x0) <= 2 and abs(xs[1] - x1) <= 2 and abs(ys[0] - 60) <= 2 and abs(ys[1] - 80) <= 2, k
    textpage.close()
    page.close()
    doc.close()
