"""Legacy Word (.doc) and WPS files, read through LibreOffice in headless mode (issue 17). The .doc is made
here by LibreOffice from a DOCX that python-docx writes, and cached; without LibreOffice these tests skip
(scripts/libreoffice.sh installs it), and reading such a file says which converter is missing."""

from __future__ import annotations

import io
import os

import pytest

from tests.text.gazette import cached, saved_by_libreoffice
from zhengce.parse.pipeline import parse_bytes
from zhengce.text import office
from zhengce.text.read import ReadError, read_bytes

PARAGRAPHS = [
    "永州市人民政府办公室关于印发若干措施的通知",
    "永政办发〔2024〕10号",
    "各县市区人民政府，市人民政府各办委局：",
    "一、实行购房契税补贴。在本措施有效期内购买中心城区新建商品房的，由财政部门按其缴纳契税的25%予以补贴。"
    "（责任单位：市财政局、市税务局）",
    "二、加大住房公积金政策支持力度。住房公积金最高贷款额度由50万元提高至60万元。（责任单位：市住房公积金管理中心）",
    "永州市人民政府办公室",
    "2024年7月22日",
]


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    for text in PARAGRAPHS[:5]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate([["指标", "目标"], ["增加值", "增长7%"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in PARAGRAPHS[5:]:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _need_soffice() -> str:
    binary = office.soffice()
    if binary is None:
        reason = os.environ.get("ZHENGCE_TEST_SOFFICE_ERROR") or "scripts/libreoffice.sh installs it"
        pytest.skip(f"没有 LibreOffice，跳过 .doc/.wps 测试 / no LibreOffice: {reason}")
    return binary


@pytest.fixture(scope="module")
def doc_file(request: pytest.FixtureRequest) -> bytes:
    binary = _need_soffice()

    return cached(request, "notice-doc-v1" + "".join(PARAGRAPHS),
                  lambda: saved_by_libreoffice(binary, _docx(), "doc:MS Word 97"))


@pytest.mark.parametrize("suffix", ["doc", "wps"])
def test_legacy_word_reads_as_its_docx(doc_file: bytes, suffix: str) -> None:
    assert doc_file.startswith(office.OLE2)
    raw = read_bytes(doc_file, f"notice.{suffix}")
    expected = read_bytes(_docx(), "notice.docx")
    assert raw.format == suffix
    assert [line for line in raw.text.split("\n") if line] == [line for line in expected.text.split("\n") if line]
    assert "指标\t目标" in raw.text
    assert any("LibreOffice" in w for w in raw.warnings)


def test_a_doc_parses_into_its_document(doc_file: bytes) -> None:
    parsed = parse_bytes(doc_file, "notice.doc")
    assert [d.doc_number.text for d in parsed.documents if d.doc_number] == ["永政办发〔2024〕10号"]


def test_a_damaged_doc_gets_one_clear_error(doc_file: bytes) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(doc_file[:600], "cut.doc")
    assert "LibreOffice" in str(info.value) and ".doc" in str(info.value)


def test_without_libreoffice_the_missing_converter_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ReadError) as info:
        read_bytes(office.OLE2 + b"\x00" * 600, "old.doc")
    assert "LibreOffice" in str(info.value) and "未安装" in str(info.value)
