"""The sample gazettes as the files an office keeps them in (issue 17): an OFD exported from the laid-out pages
(tables drawn with path objects) and a .doc saved by LibreOffice parse into the same documents as the text;
an OFD's ruled table is read as tab-separated rows, as a PDF's is."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.text.gazette import Layout, blocks_of_text, build_pdf, cached, saved_by_libreoffice
from tests.text.ofdfile import ofd_of_pdf, one_page_ofd
from tests.text.test_office import _need_soffice
from zhengce.parse.pipeline import parse_bytes, parse_path
from zhengce.text.normalise import repair
from zhengce.text.read import read_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples"
SAMPLE = SAMPLES / "000_78ddebf8f756bbda.txt"  # the one with ruled tables between its documents


def _same_documents(data: bytes, name: str) -> None:
    from_file = parse_bytes(data, name)
    from_text = parse_path(SAMPLE)
    assert [(d.title, d.doc_number.text if d.doc_number else None) for d in from_file.documents] == [
        (d.title, d.doc_number.text if d.doc_number else None) for d in from_text.documents]
    for a, b in zip(from_file.documents, from_text.documents, strict=True):
        assert [n.label for n in a.tree.walk()] == [n.label for n in b.tree.walk()]


def test_a_sample_exported_as_ofd_parses_as_its_text(request: pytest.FixtureRequest) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    layout = Layout(header="冷水滩政报　2024年第3期", two_columns={2, 3})
    pdf = cached(request, "sample-000-v1" + text, lambda: build_pdf(blocks_of_text(text), layout))
    ofd = cached(request, "sample-000-ofd-v1" + text, lambda: ofd_of_pdf(pdf, "冷水滩政报"))
    raw = read_bytes(ofd, "000.ofd")
    assert "序号\t文件标题\t文号" in raw.text  # the table of repealed documents, as rows
    _same_documents(ofd, "000.ofd")


def _ofd_with_table(rules: str) -> bytes:
    cells = [("序号", 30, 60), ("牵头单位", 60, 60), ("完成时限", 120, 60),
             ("1", 30, 72), ("县发改局", 60, 72), ("2025年6月底", 120, 72)]
    text = "".join(f'<ofd:TextObject ID="{k + 1}" Boundary="{x + 1} {y - 8} 50 8" Font="3" Size="4.2">'
                   f'<ofd:TextCode X="0" Y="4.2" DeltaX="g {len(t) - 1} 4.2">{t}</ofd:TextCode></ofd:TextObject>'
                   for k, (t, x, y) in enumerate(cells))
    return one_page_ofd([rules, text])


def _stroked(k: int, x0: float, y0: float, x1: float, y1: float) -> str:
    return (f'<ofd:PathObject ID="{100 + k}" Boundary="{x0} {y0} {x1 - x0 + 0.5} {y1 - y0 + 0.5}" LineWidth="0.3">'
            f"<ofd:AbbreviatedData>M 0 0 L {x1 - x0} {y1 - y0}</ofd:AbbreviatedData></ofd:PathObject>")


def _filled(k: int, x0: float, y0: float, x1: float, y1: float) -> str:
    w, h = max(x1 - x0, 0.3), max(y1 - y0, 0.3)
    return (f'<ofd:PathObject ID="{100 + k}" Boundary="{x0} {y0} {w} {h}" Fill="true">'
            f"<ofd:AbbreviatedData>M 0 0 L {w} 0 L {w} {h} L 0 {h} C</ofd:AbbreviatedData></ofd:PathObject>")


@pytest.mark.parametrize("draw", [_stroked, _filled], ids=["stroked segments", "thin filled rectangles"])
def test_an_ofd_table_drawn_with_paths_is_read_as_rows(draw) -> None:  # type: ignore[no-untyped-def]
    segments = [(30, y, 180, y) for y in (50, 62, 74)] + [(x, 50, x, 74) for x in (30, 60, 120, 180)]
    raw = read_bytes(_ofd_with_table("".join(draw(k, *s) for k, s in enumerate(segments))), "table.ofd")
    shown = repair(raw.text, raw.edits).text
    assert "序号\t牵头单位\t完成时限" in shown and "1\t县发改局\t2025年6月底" in shown


def test_an_ofd_table_without_rules_is_read_as_lines() -> None:
    shown = read_bytes(_ofd_with_table(""), "table.ofd").text
    assert "\t" not in shown and "县发改局" in shown


def test_a_sample_saved_as_doc_parses_as_its_text(request: pytest.FixtureRequest) -> None:
    import docx

    binary = _need_soffice()
    text = SAMPLE.read_text(encoding="utf-8")

    def make() -> bytes:
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        out = io.BytesIO()
        document.save(out)
        return saved_by_libreoffice(binary, out.getvalue(), "doc:MS Word 97", timeout=300)

    _same_documents(cached(request, "sample-000-doc-v1" + text, make), "000.doc")
