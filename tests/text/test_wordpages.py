"""Pages of Word files (issue 17): LibreOffice prints the DOCX (or .doc) as PDF and the PDF's characters are
aligned to the text read from the Word file, so each character knows its page and box — the text, and all
that is parsed from it, stays what it is without LibreOffice. Without LibreOffice: no pages and a note."""

from __future__ import annotations

import io

import pytest

from tests.text.gazette import cached, saved_by_libreoffice
from zhengce.extract.export import target_records, task_records
from zhengce.parse.pipeline import parse_bytes
from zhengce.text import office, wordpages
from zhengce.text.glyphs import Glyph, Page
from zhengce.text.read import read_bytes
from zhengce.text.wordpages import align, page_starts, with_pages

MEASURE = "为全面贯彻落实党中央、国务院决策部署，进一步落实稳地价、稳房价、稳预期工作目标，支持刚性和改善性住房需求，"
UNITS = ["市住房城乡建设局", "市财政局", "市自然资源和规划局", "市税务局"]
CLAUSES = [f"{n}、{MEASURE}{MEASURE}第{n}项措施到2025年完成{k + 3}0个项目。（{UNITS[k % 4]}牵头，{UNITS[(k + 1) % 4]}配合）"
           for k, n in enumerate("一二三四五六七八九十")]
HEAD = ["永州市人民政府办公室关于印发房地产市场平稳健康发展若干措施的通知", "永政办发〔2024〕10号",
        "各县市区人民政府，市人民政府各办委局："]
TAIL = ["永州市人民政府办公室", "2024年7月22日"]


def notice_docx() -> bytes:
    """A notice of ten clauses over several pages, with a running header and a table, as Word users make it."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(16)
    doc.sections[0].header.paragraphs[0].text = "冷水滩政报　2024年第3期"
    for text in [*HEAD, *CLAUSES[:6]]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=3, cols=2)
    for r, row in enumerate([["指标", "2025年目标"], ["商品房销售面积", "增长7%"], ["保障性住房", "3000套"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in [*CLAUSES[6:], *TAIL]:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def need_soffice() -> str:
    binary = office.soffice()
    if binary is None:
        pytest.skip("没有 LibreOffice，跳过 Word 分页测试 / no LibreOffice: scripts/libreoffice.sh installs it")
    return binary


def notice_doc(request: pytest.FixtureRequest) -> bytes:
    """The same notice saved as .doc (Word 97) by LibreOffice, cached."""
    binary = need_soffice()

    return cached(request, "word-pages-doc-v1" + "".join(CLAUSES),
                  lambda: saved_by_libreoffice(binary, notice_docx(), "doc:MS Word 97"))


def printed_on(pdf: bytes, text: str) -> int:
    """The page on which a PDF prints ``text`` (PDFium's text, blanks ignored)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for k in range(len(doc)):
            if text in "".join(doc[k].get_textpage().get_text_range().split()):
                return k + 1
    finally:
        doc.close()
    raise AssertionError(text)


def _line(text: str, y: float) -> list[Glyph]:
    return [Glyph(ch, 90 + 16 * k, y, 106 + 16 * k, y + 16) for k, ch in enumerate(text)]


def test_alignment_places_each_character_where_the_pdf_prints_it_and_skips_what_the_pdf_adds() -> None:
    text = "一、第一項措施。\n\n二、第二项措施，跨页继续。\n\n三、第三项。"
    pages = [Page(1, 595, 842, _line("政报", 40) + _line("一、第一项措施。", 100) + _line("二、第二项措施，", 130)
                  + _line("—1—", 800)),
             Page(2, 595, 842, _line("政报", 40) + _line("跨页继续。", 100) + _line("三、第三项。", 130))]
    boxes = align(text, pages)
    assert boxes[text.index("項")] is not None and boxes[text.index("項")].page == 1  # traditional folded to 项
    assert boxes[text.index("二")].page == 1 and boxes[text.index("跨")].page == 2
    assert boxes[text.index("三")].y0 == 130 and boxes[text.index("三")].x0 == 90
    assert all(boxes[k] is None for k, ch in enumerate(text) if ch == "\n")
    assert page_starts(boxes, 2) == [0, text.index("跨")]
    longer = text.replace("措施，", "措施额外字，")  # characters the PDF lacks get no box, their neighbours do
    missing = align(longer, pages)
    assert [missing[longer.index(ch)] for ch in "额外字"] == [None] * 3
    assert missing[longer.index("额") - 1] is not None and missing[longer.index("字") + 1] is not None


def test_a_word_file_of_several_pages_knows_the_page_of_each_clause() -> None:
    need_soffice()
    data = notice_docx()
    plain = read_bytes(data, "notice.docx")
    raw = with_pages(plain, data)
    assert raw.text == plain.text and raw.edits == plain.edits  # the text is the Word file's
    assert raw.drawn is not None and raw.drawn[0] == "pdf" and len(raw.pages) >= 2
    pdf = raw.drawn[1]
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(pdf)
    assert [(p.width, p.height) for p in raw.pages] == [printed[k].get_size() for k in range(len(printed))]
    printed.close()
    for k, clause in enumerate(CLAUSES):
        start = raw.text.index(clause)
        tail = f"完成{k + 3}0个项目"  # near the end, and found in this clause only
        assert raw.page_of(start) == printed_on(pdf, clause[:12]), clause[:2]
        assert raw.page_of(start + clause.index(tail)) == printed_on(pdf, tail), clause[:2]
    assert {raw.page_of(raw.text.index(c)) for c in CLAUSES} != {1}  # the clauses do run over pages
    box = raw.boxes[raw.text.index("商品房销售面积")]  # a table cell has its box too
    assert box is not None and box.page == printed_on(pdf, "商品房销售面积")


def test_the_page_mapping_changes_nothing_that_is_exported() -> None:
    need_soffice()
    data = notice_docx()
    paged, plain = parse_bytes(data, "notice.docx"), parse_bytes(data, "notice.docx", pages=False)
    assert paged.layout is not None and paged.layout.drawn == "pdf" and plain.layout is None
    assert paged.text == plain.text and paged.warnings == plain.warnings
    assert [d.to_dict() for d in paged.documents] == [d.to_dict() for d in plain.documents]
    assert task_records(paged) == task_records(plain) and len(task_records(paged)) >= len(CLAUSES)
    assert target_records(paged, include_tasks=True) == target_records(plain, include_tasks=True)


def test_without_libreoffice_a_word_file_has_no_pages_and_a_note_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_SOFFICE", "/nonexistent/soffice")
    data = notice_docx()
    parsed = parse_bytes(data, "notice.docx")
    assert parsed.layout is None and parsed.page_of(0) is None
    assert any("LibreOffice" in w and "未安装" in w and "分页" in w for w in parsed.warnings)
    assert [d.to_dict() for d in parsed.documents] == [d.to_dict() for d in
                                                      parse_bytes(data, "notice.docx", pages=False).documents]


def test_word_pages_can_be_switched_off_for_a_bulk_ingest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_WORD_PAGES", "0")
    parsed = parse_bytes(notice_docx(), "notice.docx")
    assert parsed.layout is None and any("ZHENGCE_WORD_PAGES" in w and "分页" in w for w in parsed.warnings)


def test_libreoffice_running_over_its_time_limit_leaves_the_text_without_pages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    need_soffice()
    monkeypatch.setattr(wordpages, "PRINT_TIMEOUT", 0.01)
    data = notice_docx()
    parsed = parse_bytes(data, "notice.docx")
    assert parsed.layout is None and any("分页" in w and "超时" in w for w in parsed.warnings)
    assert [d.to_dict() for d in parsed.documents] == [d.to_dict() for d in
                                                      parse_bytes(data, "notice.docx", pages=False).documents]


@pytest.mark.parametrize("suffix", ["doc", "wps"])
def test_a_doc_file_gets_its_pages_from_libreoffice(request: pytest.FixtureRequest, suffix: str) -> None:
    data = notice_doc(request)
    parsed = parse_bytes(data, f"notice.{suffix}")
    assert parsed.format == suffix and parsed.layout is not None and parsed.layout.drawn == "pdf"
    pdf = parsed.layout.data
    assert pdf is not None and pdf.startswith(b"%PDF") and len(parsed.layout.pages) >= 2
    last = parsed.text.index(CLAUSES[-1])
    assert parsed.page_of(last) == printed_on(pdf, CLAUSES[-1][:12]) >= 2
