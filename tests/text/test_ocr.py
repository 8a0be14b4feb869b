"""OCR of scans (issue 17): a page of the official-document layout rendered at 200 dpi, turned by 1° and
speckled like a scanner's output, read back as an image and as an image-only PDF. Needs Tesseract with its
Chinese model (scripts/tesseract.sh installs Debian's); skipped with the reason without it."""

from __future__ import annotations

import io
import os

import pytest

from tests.text.gazette import Layout, Para, build_pdf, cached, scan
from zhengce.text import ocr
from zhengce.text.normalise import repair
from zhengce.text.read import ReadError, read_bytes

PARAGRAPHS = [
    "关于加强城区房地产市场管理的通知",
    "各县市区人民政府，市直各单位：",
    "一、实行购房契税补贴。在本措施有效期内购买中心城区新建商品房的，由财政部门按其缴纳契税的百分之二十五对购房人予以补贴。",
    "二、加大住房公积金政策支持力度。住房公积金最高贷款额度由五十万元提高至六十万元。",
]


def _need_ocr() -> None:
    if not ocr.available():
        reason = os.environ.get("ZHENGCE_TEST_TESSERACT_ERROR") or "scripts/tesseract.sh installs it"
        pytest.skip(f"没有 Tesseract 中文 OCR，跳过 / no Tesseract with chi_sim: {reason}")


def _levenshtein(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


@pytest.fixture(scope="module")
def scan_png(request: pytest.FixtureRequest) -> bytes:
    _need_ocr()

    def make() -> bytes:
        pdf = build_pdf([Para(PARAGRAPHS[0], align="center", size=22), Para(PARAGRAPHS[1], align="left"),
                         *(Para(p) for p in PARAGRAPHS[2:])], Layout(page_numbers=False))
        return scan(pdf, seed=17)

    return cached(request, "scan-v1" + "".join(PARAGRAPHS), make)


def _body_error(text: str) -> float:
    expected = "".join(PARAGRAPHS)
    got = "".join(text.split())
    return _levenshtein(expected, got) / len(expected)


def test_a_scanned_image_is_read_by_ocr(scan_png: bytes) -> None:
    raw = read_bytes(scan_png, "scan.png")
    shown = repair(raw.text, raw.edits).text
    assert raw.format == "image"
    assert _body_error(shown) < 0.02  # measured: 0.8 % (a full-width colon read as half-width)
    assert any("OCR" in w for w in raw.warnings)
    first = shown.index("一、") if "一、" in shown else 0
    assert raw.page_of(first) == 1 and raw.boxes is not None and raw.boxes[first] is not None
    paragraphs = [p for p in shown.split("\n\n") if p.strip()]
    assert len(paragraphs) == len(PARAGRAPHS)  # the 1° skew is taken out: indents and line ends still tell


def test_an_image_only_pdf_is_read_by_ocr(scan_png: bytes) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(scan_png)).save(out, format="PDF", resolution=200)
    raw = read_bytes(out.getvalue(), "scan.pdf")
    assert raw.format == "pdf"
    assert _body_error(repair(raw.text, raw.edits).text) < 0.02


def test_an_image_of_nothing_says_so() -> None:
    _need_ocr()
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (800, 1100), 255).save(out, format="PNG")
    with pytest.raises(ReadError, match="没有识别出文字"):
        read_bytes(out.getvalue(), "blank.png")


def test_without_tesseract_the_missing_engine_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setenv("ZHENGCE_TESSERACT", "/nonexistent/tesseract")
    out = io.BytesIO()
    Image.new("L", (80, 110), 255).save(out, format="PNG")
    with pytest.raises(ReadError, match="Tesseract"):
        read_bytes(out.getvalue(), "scan.png")


def test_a_truncated_image_is_refused_clearly(scan_png: bytes) -> None:
    with pytest.raises(ReadError, match="图像文件损坏或被截断"):
        read_bytes(scan_png[: len(scan_png) // 3], "cut.png")


def _two_page_scan(scan_png: bytes) -> bytes:
    from PIL import Image

    page = Image.open(io.BytesIO(scan_png))
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=200, save_all=True, append_images=[page.copy()])
    return out.getvalue()


def test_ingest_hears_of_each_page_as_ocr_reads_it(scan_png: bytes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from zhengce.parse.worker import ParseWorker

    path = tmp_path / "scan.pdf"
    path.write_bytes(_two_page_scan(scan_png))
    heard: list[tuple[int, int]] = []
    with ParseWorker(300, on_progress=lambda done, total: heard.append((done, total))) as worker:
        parsed = worker.parse(path)  # in the worker process: the pages are reported across the pipe
    assert heard == [(0, 2), (1, 2), (2, 2)]  # OCR begins, then each page
    assert "实行购房契税补贴" in parsed.text
    heard.clear()
    with ParseWorker(0, on_progress=lambda done, total: heard.append((done, total))) as worker:
        worker.parse(path)  # in this process, without a time limit
    assert heard == [(0, 2), (1, 2), (2, 2)]  # OCR begins, then each page


def chatty_parse(path):  # type: ignore[no-untyped-def]
    """Reports a page read every second for five seconds, then hangs (run in the worker)."""
    import time

    for page in range(1, 6):
        time.sleep(1)
        ocr.PROGRESS.get()(page, 500)  # type: ignore[misc]
    time.sleep(3600)


def test_each_page_read_starts_the_time_limit_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import time

    from zhengce.parse.worker import ParseWorker

    heard: list[tuple[int, int]] = []
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    worker = ParseWorker(3, chatty_parse, on_progress=lambda done, total: heard.append((done, total)))
    with worker, pytest.raises(ReadError, match="超过 3 秒"):
        worker.parse(path)
    assert heard == [(k, 500) for k in range(1, 6)]  # five seconds of pages: not stopped after three
    started = time.monotonic()
    with ParseWorker(3, chatty_parse) as quiet, pytest.raises(ReadError, match="超过 3 秒"):
        quiet.parse(path)  # a file that stops reading pages is stopped three seconds later
    assert time.monotonic() - started < 60


TABLE = [["县市区", "补偿标准", "地类系数", "备注"], ["冷水滩区", "85800", "0.83", ""], ["零陵区", "82400", "0.67", "按年调整"],
         ["祁阳市", "71000", "0.75", ""]]


@pytest.fixture(scope="module")
def table_scan(request: pytest.FixtureRequest) -> tuple[bytes, bytes]:
    """(the laid-out PDF, the same page scanned) of a page with a paragraph and a ruled table."""
    _need_ocr()
    from tests.text.gazette import Rows

    pdf = build_pdf([Para(PARAGRAPHS[2]), Rows(TABLE), Para(PARAGRAPHS[3])], Layout(page_numbers=False))

    return pdf, cached(request, "table-scan-v1" + repr(TABLE), lambda: scan(pdf, seed=18))


def test_a_scanned_ruled_table_comes_back_as_the_rows_of_the_text_layer(table_scan: tuple[bytes, bytes]) -> None:
    pdf, png = table_scan
    layer = read_bytes(pdf, "table.pdf")
    scanned = read_bytes(png, "table.png")
    want = [line.split("\t") for line in layer.text.split("\n") if "\t" in line]
    got = [line.split("\t") for line in scanned.text.split("\n") if "\t" in line]
    assert len(want) == len(TABLE)  # the text layer's table, as the reader of laid-out PDFs rebuilds it
    assert [len(row) for row in got] == [len(row) for row in want]  # each cell in its row and column
    cells = "".join("".join(row) for row in want)
    # measured: 2 of 54 wrong (零 read as 孝, 7 as Z: a cell read alone has no words around it to help)
    assert _levenshtein(cells, "".join("".join(row) for row in got)) / len(cells) < 0.06
    text = "".join(repair(scanned.text, scanned.edits).text.split())
    assert "加大住房公积金" in text and text.index("实行购房契税补贴") < text.index("85800") < text.index("加大住房公积金")


def _glyphs(text: str):  # type: ignore[no-untyped-def]
    from zhengce.text.glyphs import Glyph

    return [Glyph(ch, 10.0 * k, 0.0, 10.0 * k + 9, 12.0) for k, ch in enumerate(text)]


@pytest.mark.parametrize(("read", "meant"), [
    ("永政发[2024]9号", "永政发〔2024〕9号"),  # the year of a document number stands in 〔〕
    ("湘政发【2021]j26号", "湘政发〔2021〕26号"),  # a hook of 〕 read as a letter
    ("冷政函(2024)47号", "冷政函(2024)47号"),  # round brackets are printed so: left alone
    ("州政办发【2024]]号", "州政办发〔2024〕1号"),  # a thin 1 read as a bracket
    ("州发改委奉头，州财政局配合", "州发改委牵头，州财政局配合"),
    ("2024年1]月31日", "2024年1月31日"),
    ("通知》《湘自资发〔2024〕7号)公布", "通知》（湘自资发〔2024〕7号)公布"),  # the model has no （: 《 closed by )
    ("《湖南省规定》", "《湖南省规定》"),
    ("印发《提升行动(2024—2027年)实施方案》的通知", "印发《提升行动(2024—2027年)实施方案》的通知"),
    ("〈2024年调整）", "（2024年调整）"),
    ("行动(2024一2027年)", "行动(2024—2027年)"),  # nor —: 一 between digits is a dash
    ("一一对应", "一一对应"),
    ("(9）促进职工医疗互助", "（9）促进职工医疗互助"),  # a pair closed full-width opens full-width
    ("增长(2024)", "增长(2024)"),
])
def test_marks_the_model_cannot_read_are_put_back_by_the_notation(read: str, meant: str) -> None:
    from zhengce.text.tesseract import corrected

    assert "".join(g.ch for g in corrected(_glyphs(read))) == meant


def test_ruling_lines_of_an_image_make_cells_merged_cells_included() -> None:
    from PIL import Image, ImageDraw

    from zhengce.text import grid

    image = Image.new("L", (1200, 700), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 200, 300, 400):
        draw.line((100, y, 1000, y), fill=0, width=3)
    for x in (100, 400, 700, 1000):
        draw.line((x, 100, x, 400), fill=0, width=3)
    draw.rectangle((690, 195, 710, 205), fill=255)  # no line between the last two cells of the first row…
    draw.line((700, 100, 700, 200), fill=255, width=5)  # …: they are one cell
    draw.text((150, 500), "一二三四五六七八九十" * 3, fill=0)  # text is no ruling line
    found = grid.grids(grid.lines(image, 200))
    assert len(found) == 1
    rows = found[0].rows
    assert len(rows) == 3 and all(len(row) == 3 for row in rows)
    assert rows[0][2] is None and rows[0][1] is not None and rows[0][1][2] > 950  # the merged cell spans both
    assert all(cell is not None for row in rows[1:] for cell in row)


def test_the_skew_of_a_page_is_measured_from_its_lines_of_text(scan_png: bytes) -> None:
    from PIL import Image

    from zhengce.text import grid

    image = Image.open(io.BytesIO(scan_png)).convert("L")  # turned by 1° when it was scanned
    assert grid.skew(image) == pytest.approx(-1.0, abs=0.15)
    assert grid.skew(image.rotate(-1.5, fillcolor=255)) == pytest.approx(0.5, abs=0.25)  # measured 0.46–0.54


def _line(text: str, x: float, y: float, size: float = 16.0):  # type: ignore[no-untyped-def]
    from zhengce.text.glyphs import Glyph

    return [Glyph(ch, x + k * size, y, x + (k + 1) * size - 1, y + size) for k, ch in enumerate(text)]


def test_margins_misread_by_ocr_are_still_dropped() -> None:
    from zhengce.text.layout import Page, lay_out

    body = "各县市区人民政府要加大知识产权支持力度，充分考虑企业税收贡献和社会贡献。"  # 22 characters a line
    headers = ["政府公报　2024年第3期", "政府公报，2024年第3期", "政府公报”2024年第3期", "政府公报　2024年第3期"]
    numbers = ["— 1 —", "— 2 —", "-SS5一", "— 4 —"]  # the third misread: no dash, 3 read as S
    pages = []
    for k in range(4):
        glyphs = [*_line(headers[k], 80, 60, 10.5), *_line(body[:22], 112, 120), *_line(body[22:], 80, 150),
                  *_line(f"第{k + 1}页正文到此结束。", 112, 180), *_line(numbers[k], 440 if k % 2 == 0 else 80, 780, 14)]
        pages.append(Page(k + 1, 595, 842, glyphs))
    laid = lay_out(pages)
    shown = repair(laid.text, laid.edits).text
    assert "政府公报" not in shown and "SS5" not in shown and "—" not in shown
    assert shown.count("第3页正文到此结束") == 1 and shown.count("各县市区") == 4


def test_a_pool_of_workers_hears_each_page_and_waits_for_a_long_scan(scan_png: bytes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``zhengce ingest --workers 2``: the pages OCR reads in the pool's workers reach the parent's bar, and a scan
    that keeps reading pages is not stopped at the time limit, while the other worker's files go on."""
    from zhengce.parse.pool import WorkerPool

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_two_page_scan(scan_png))
    chatty = tmp_path / "chatty.pdf"
    chatty.write_bytes(b"%PDF-1.4")
    heard: list[tuple[int, int]] = []
    with WorkerPool(2, 300, on_progress=lambda done, total: heard.append((done, total))) as pool:
        answers = dict(pool.map([("scan", scan), ("scan again", scan)]))
    assert "实行购房契税补贴" in answers["scan"].text and "实行购房契税补贴" in answers["scan again"].text
    assert sorted(heard) == [(0, 2), (0, 2), (1, 2), (1, 2), (2, 2), (2, 2)]
    heard.clear()
    with WorkerPool(2, 3, chatty_parse, on_progress=lambda done, total: heard.append((done, total))) as pool:
        (_, answer), = list(pool.map([("chatty", chatty)]))
    assert isinstance(answer, ReadError) and "超过 3 秒" in str(answer)
    assert heard == [(k, 500) for k in range(1, 6)]  # five seconds of pages: not stopped after three
