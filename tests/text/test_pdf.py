"""Laid-out PDFs (issue 17): reading order on one and two columns, running headers and page numbers dropped as
edits, paragraphs joined across lines, columns and pages, ruled tables as tab-separated rows, every
character with its page and box; bad files refused with one clear message."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.text.gazette import Layout, Para, Rows, blocks_of_text, build_pdf, cached, saved_by_libreoffice
from zhengce.parse.pipeline import parse_bytes, parse_path
from zhengce.text import office
from zhengce.text.normalise import repair
from zhengce.text.read import ReadError, read_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples"
BODY = ("为全面贯彻落实党中央、国务院和省委、省政府决策部署，进一步落实“稳地价、稳房价、稳预期”工作目标，"
        "支持刚性和改善性住房需求，促进我市中心城区房地产市场平稳健康发展，结合实际，制定以下措施。")
ITEMS = [f"{n}、{BODY}{BODY}" for n in "一二三四五六七"]


def _notice() -> list[Para | Rows]:
    return [
        Para("永政办发〔2024〕10号", align="center"),
        Para("关于印发《永州市推进知识产权强市建设若干措施》的通知", align="center", size=22),
        Para("各县市区人民政府，市人民政府各办委局：", align="left"),
        *(Para(item) for item in ITEMS),
        Rows([["指标", "目标"], ["增加值", "增长7%"], ["专利授权量", "3000件"]]),
        Para("永州市人民政府办公室", align="right"),
        Para("2024年7月22日", align="right"),
    ]


@pytest.fixture(scope="module")
def notice_pdf(request: pytest.FixtureRequest) -> bytes:
    layout = Layout(header="冷水滩政报　2024年第3期", two_columns={2}, masthead="永州市人民政府办公室文件")
    return cached(request, "notice-v1", lambda: build_pdf(_notice(), layout))


def test_paragraphs_are_whole_across_lines_columns_and_pages(notice_pdf: bytes) -> None:
    raw = read_bytes(notice_pdf, "notice.pdf")
    shown = repair(raw.text, raw.edits).text
    paragraphs = shown.split("\n\n")
    for item in ITEMS:  # item 3 to 5 are set in two columns on page 2, the others run across pages
        assert item in paragraphs
    assert "关于印发《永州市推进知识产权强市建设若干措施》的通知" in paragraphs  # a title on two centred lines
    assert paragraphs.index("各县市区人民政府，市人民政府各办委局：") < paragraphs.index(ITEMS[0])
    assert [paragraphs.index(item) for item in ITEMS] == sorted(paragraphs.index(item) for item in ITEMS)


def test_running_headers_and_page_numbers_are_edits_of_the_original(notice_pdf: bytes) -> None:
    raw = read_bytes(notice_pdf, "notice.pdf")
    shown = repair(raw.text, raw.edits).text
    assert "— 2 —" in raw.text and "冷水滩政报" in raw.text  # the original keeps them
    assert "— 2 —" not in shown and "冷水滩政报" not in shown and "— 1 —" not in shown
    reasons = {edit.reason for edit in raw.edits}
    assert {"page-number", "running-header", "page-break"} <= reasons


def test_a_ruled_table_is_read_as_tab_separated_rows(notice_pdf: bytes) -> None:
    raw = read_bytes(notice_pdf, "notice.pdf")
    assert "指标\t目标\n增加值\t增长7%\n专利授权量\t3000件" in raw.text


def test_every_character_keeps_its_page_and_box(notice_pdf: bytes) -> None:
    raw = read_bytes(notice_pdf, "notice.pdf")
    assert raw.boxes is not None and len(raw.boxes) == len(raw.text)
    assert len(raw.page_starts) >= 3
    first = raw.text.index("一、")
    assert raw.page_of(first) == 1
    box = raw.boxes[first]
    assert box is not None and box.page == 1 and 0 < box.x0 < box.x1 < 595 and 0 < box.y0 < box.y1 < 842
    third = raw.text.index("三、")
    assert raw.page_of(third) == 2  # on the two-column page
    assert raw.page_of(raw.text.index("2024年7月22日")) == raw.page_of(len(raw.text) - 20)


def test_a_laid_out_sample_parses_as_its_text(request: pytest.FixtureRequest) -> None:
    """The sample gazette set as a PDF (running header, page numbers, pages 2 and 3 in two columns): the
    same documents, with the same titles, numbers and clause trees, as from its text file."""
    path = SAMPLES / "000_78ddebf8f756bbda.txt"
    text = path.read_text(encoding="utf-8")
    layout = Layout(header="冷水滩政报　2024年第3期", two_columns={2, 3})
    data = cached(request, "sample-000-v1" + text, lambda: build_pdf(blocks_of_text(text), layout))
    from_pdf = parse_bytes(data, "000.pdf")
    from_text = parse_path(path)
    assert [(d.title, d.doc_number) for d in from_pdf.documents] == [
        (d.title, d.doc_number) for d in from_text.documents]
    for a, b in zip(from_pdf.documents, from_text.documents, strict=True):
        assert [n.label for n in a.tree.walk()] == [n.label for n in b.tree.walk()]


def _clause(k: int) -> str:
    """A clause of a short notice whose clauses repeat their wording: five lines on the page, each one full
    but the last, so that with 25 lines a page the same body line opens and closes several pages."""
    return (f"（{'一二三四五六七八九十'[k % 10]}）对新吸纳登记失业人员就业并签订一年以上劳动合同的规模工业企业，"
            "按每人1000元给予一次性吸纳就业补贴，同一企业每年最高不超过10万元。补贴资金由县财政统筹安排，"
            "申报截止时间为2025年12月31日，逾期不予受理，补贴对象名单经县人力资源和社会保障局审核后公示。")


def _repeating_notice(request: pytest.FixtureRequest, header: str) -> bytes:
    """The notice set as an office suite sets it: margins of 2 cm, so the body starts inside the band where
    a printed gazette puts its running header."""
    blocks = [Para("关于做好就业补贴申报工作的通知", align="center"), Para("各乡镇人民政府，县直各单位：", align="left"),
              *(Para(_clause(k)) for k in range(20)), Para("县人力资源和社会保障局", align="right")]
    layout = Layout(header=header, top=56.7, bottom=56.7)
    return cached(request, f"repeating-v1{header}" + _clause(0), lambda: build_pdf(blocks, layout))


@pytest.mark.parametrize("header", ["", "就业工作简报"])
def test_a_body_line_recurring_at_the_top_of_pages_is_not_a_running_header(
        request: pytest.FixtureRequest, header: str) -> None:
    raw = read_bytes(_repeating_notice(request, header), "notice.pdf")
    tops = [raw.text[start:].removeprefix(header).lstrip("\n") for start in raw.page_starts[1:]]
    assert len(tops) >= 3 and len({top[:20] for top in tops}) == 1  # the same body line opens pages 2, 3, 4…
    assert not tops[0].startswith("（")  # …inside a clause that runs on from the page before
    paragraphs = repair(raw.text, raw.edits).text.split("\n\n")
    for k in range(20):  # every clause whole, with its amounts
        assert _clause(k) in paragraphs
    dropped = [raw.text[e.start:e.end].strip() for e in raw.edits if e.reason.startswith("running")]
    assert dropped == [header] * len(dropped) and (bool(dropped) == bool(header))
    assert not raw.warnings


def test_a_dropped_running_header_with_an_amount_is_warned_about(request: pytest.FixtureRequest) -> None:
    raw = read_bytes(_repeating_notice(request, "补贴标准每人1000元"), "notice.pdf")
    assert "补贴标准每人1000元" not in repair(raw.text, raw.edits).text  # still a running header…
    assert any("补贴标准每人1000元" in w and "第2、3" in w for w in raw.warnings)  # …but not dropped silently


def test_an_issue_number_in_a_running_header_is_no_figure_to_warn_about(notice_pdf: bytes) -> None:
    raw = read_bytes(notice_pdf, "notice.pdf")
    assert "冷水滩政报" not in repair(raw.text, raw.edits).text
    assert not any("冷水滩政报" in w for w in raw.warnings)


CLAUSES = 80


def _office_notice(request: pytest.FixtureRequest) -> bytes:
    """The repeating notice as a user makes it: a DOCX with a header line, saved as PDF by LibreOffice."""
    binary = office.soffice()
    if binary is None:
        pytest.skip("没有 LibreOffice，跳过 / no LibreOffice: scripts/libreoffice.sh installs it")
    from docx import Document

    def make() -> bytes:
        doc = Document()
        doc.styles["Normal"].paragraph_format.space_after = 0  # lines on one grid: page tops repeat
        doc.sections[0].header.paragraphs[0].text = "就业工作简报"
        for text in ["关于做好就业补贴申报工作的通知", "各乡镇人民政府，县直各单位：", *map(_clause, range(CLAUSES))]:
            doc.add_paragraph(text)
        out = io.BytesIO()
        doc.save(out)
        return saved_by_libreoffice(binary, out.getvalue(), "pdf")

    return cached(request, "repeating-office-v2" + _clause(0), make)


def test_an_office_pdf_keeps_its_recurring_body_lines_and_drops_its_header(request: pytest.FixtureRequest) -> None:
    raw = read_bytes(_office_notice(request), "notice.pdf")
    tops = [re.sub(r"[\d一二三四五六七八九十]", "#", raw.text[start:].removeprefix("就业工作简报").lstrip()[:20])
            for start in raw.page_starts[1:]]
    assert len(set(tops)) < len(tops)  # the same body line opens two pages (a clause takes fewer lines than pages)
    paragraphs = repair(raw.text, raw.edits).text.split("\n\n")
    for k in range(CLAUSES):
        assert _clause(k) in paragraphs
    dropped = {raw.text[e.start:e.end].strip() for e in raw.edits if e.reason.startswith("running")}
    assert dropped == {"就业工作简报"}


def _blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_without_pages_is_refused_clearly() -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(_blank_pdf(0), "empty.pdf")
    assert "页" in str(info.value)


def test_a_pdf_without_a_text_layer_says_so() -> None:
    # without OCR: no text layer; with it, nothing recognised on the blank pages
    with pytest.raises(ReadError, match=r"没有文字层|没有识别出文字"):
        read_bytes(_blank_pdf(2), "scan.pdf")


def test_a_truncated_laid_out_pdf_is_refused_or_read_in_part(notice_pdf: bytes) -> None:
    for cut in (len(notice_pdf) // 5, len(notice_pdf) // 2):
        try:
            raw = read_bytes(notice_pdf[:cut], "cut.pdf")
        except ReadError as exc:
            assert "PDF" in str(exc)
        else:
            assert raw.format == "pdf" and raw.text.strip()


def test_a_clause_knows_its_page(notice_pdf: bytes) -> None:
    parsed = parse_bytes(notice_pdf, "notice.pdf")
    assert len(parsed.page_starts) >= 3
    text = parsed.text
    assert parsed.page_of(text.index("一、")) == 1
    assert parsed.page_of(text.index("三、")) == 2
    assert parsed.page_of(text.index("2024年7月22日")) == len(parsed.page_starts)
    assert parse_bytes("通知\n\n正文。".encode(), "a.txt").page_of(0) is None
