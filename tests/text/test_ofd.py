"""OFD files (GB/T 33190), written here from XML: text and pages from the XML parts, reading order from the
places of the characters, the template's running header and the page numbers dropped as edits, metadata and
signature noted; bad files refused with one clear message."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.text.ofdfile import NS
from zhengce.parse.pipeline import parse_bytes
from zhengce.text.normalise import repair
from zhengce.text.read import ReadError, read_bytes

TEMPLATE = '<ofd:Template TemplateID="2"/>'
SIZE = 5.6  # mm: 三号
PITCH = 10.0
LEFT, TOP, WIDTH = 28.0, 37.0, 27  # characters a line
BODY = ("为全面贯彻落实党中央、国务院决策部署，进一步落实稳地价、稳房价、稳预期工作目标，支持刚性和改善性住房需求，"
        "促进我市中心城区房地产市场平稳健康发展，结合实际，制定以下措施。")
PARAGRAPHS = [
    ("center", "永州市人民政府办公室关于印发若干措施的通知"),
    ("center", "永政办发〔2024〕10号"),
    ("left", "各县市区人民政府，市人民政府各办委局："),
    *(("indent", f"{n}、{BODY}") for n in "一二三四五六"),
    ("right", "永州市人民政府办公室"),
    ("right", "2024年7月22日"),
]


def _text_object(oid: int, x: float, y: float, text: str, size: float = SIZE) -> str:
    width = size * len(text)
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y:.2f} {width + 1:.2f} {size * 1.4:.2f}" Font="3" '
            f'Size="{size}"><ofd:TextCode X="0" Y="{size:.2f}" DeltaX="g {len(text) - 1} {size}">{text}'
            "</ofd:TextCode></ofd:TextObject>")


def _pages() -> list[list[tuple[float, float, str]]]:
    """The paragraphs set on A4 pages of 8 lines: (x, y, text) of every line."""
    pages: list[list[tuple[float, float, str]]] = [[]]
    y = TOP
    for align, text in PARAGRAPHS:
        rest, first = text, True
        while rest:
            room = WIDTH - (2 if align == "indent" and first else 0)
            line, rest = rest[:room], rest[room:]
            if len(pages[-1]) == 8:
                pages.append([])
                y = TOP
            x = LEFT + (2 * SIZE if align == "indent" and first else 0)
            if align == "center":
                x = LEFT + (WIDTH - len(line)) * SIZE / 2
            elif align == "right":
                x = LEFT + (WIDTH - len(line) - 2) * SIZE
            pages[-1].append((x, y, line))
            y += PITCH
            first = False
    return pages


def build_ofd(signed: bool = True, pages: list[list[tuple[float, float, str]]] | None = None,
              furniture: bool = True) -> bytes:
    """``furniture``: the template's running header and the page numbers."""
    pages = _pages() if pages is None else pages
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        sign = "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>" if signed else ""
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
                    "<ofd:DocBody><ofd:DocInfo><ofd:DocID>d1</ofd:DocID><ofd:Title>关于印发若干措施的通知</ofd:Title>"
                    "<ofd:Author>永州市人民政府办公室</ofd:Author><ofd:CreationDate>2024-07-22</ofd:CreationDate>"
                    f"</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{sign}</ofd:DocBody></ofd:OFD>")
        listed = "".join(f'<ofd:Page ID="{k + 10}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(pages)))
        zf.writestr("Doc_0/Document.xml", f'<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>'
                    "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                    '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                    f"<ofd:Pages>{listed}</ofd:Pages></ofd:Document>")
        zf.writestr("Doc_0/Tpls/Tpl_0/Content.xml", f"<ofd:Page {NS}><ofd:Content><ofd:Layer>"
                    + _text_object(1, LEFT, 20, "冷水滩政报", 3.7) + "</ofd:Layer></ofd:Content></ofd:Page>")
        for k, lines in enumerate(pages):
            # the objects are written bottom-up: the reading order comes from their places, not the XML order
            objects = [_text_object(100 + i, x, y, text) for i, (x, y, text) in enumerate(lines)][::-1]
            if furniture:
                objects.append(_text_object(99, 95, 280, f"— {k + 1} —", 4.9))
            zf.writestr(f"Doc_0/Pages/Page_{k}/Content.xml",
                        f"<ofd:Page {NS}>{TEMPLATE if furniture else ''}<ofd:Content><ofd:Layer ID=\"1\">"
                        + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>")
        if signed:
            zf.writestr("Doc_0/Signs/Signatures.xml", f'<ofd:Signatures {NS}><ofd:Signature ID="1" '
                        'BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>')
            zf.writestr("Doc_0/Signs/Sign_0/Signature.xml", f"<ofd:Signature {NS}><ofd:SignedInfo>"
                        '<ofd:Provider ProviderName="电子印章系统" Company="永州市人民政府办公室"/>'
                        "<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>"
                        "<ofd:SignatureDateTime>20240722093000Z</ofd:SignatureDateTime></ofd:SignedInfo>"
                        "<ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>")
            zf.writestr("Doc_0/Signs/Sign_0/SignedValue.dat", b"\x30\x82\x00\x00")
    return buf.getvalue()


def test_ofd_text_is_read_in_reading_order_with_pages() -> None:
    raw = read_bytes(build_ofd(), "notice.ofd")
    assert raw.format == "ofd"
    shown = repair(raw.text, raw.edits).text
    paragraphs = shown.split("\n\n")
    for n in "一二三四五六":  # each paragraph whole, also the ones that run on to the next page
        assert f"{n}、{BODY}" in paragraphs
    assert paragraphs[0] == "永州市人民政府办公室关于印发若干措施的通知"
    assert paragraphs[-2:] == ["永州市人民政府办公室", "2024年7月22日"]
    assert "冷水滩政报" in raw.text and "冷水滩政报" not in shown  # the template's running header
    assert "— 2 —" in raw.text and "— 2 —" not in shown
    assert raw.page_of(raw.text.index("永政办发")) == 1
    assert raw.page_of(raw.text.index("2024年7月22日")) == len(raw.page_starts) >= 3
    box = raw.boxes[raw.text.index("永政办发")] if raw.boxes else None
    assert box is not None and box.page == 1 and 0 < box.x0 < box.x1 < 595


def test_ofd_metadata_and_signature_are_noted() -> None:
    raw = read_bytes(build_ofd(), "notice.ofd")
    assert raw.meta["title"] == "关于印发若干措施的通知" and raw.meta["author"] == "永州市人民政府办公室"
    assert any("电子签章" in w and "永州市人民政府办公室" in w and "未验证" in w for w in raw.warnings)
    unsigned = read_bytes(build_ofd(signed=False), "notice.ofd")
    assert not any("签章" in w for w in unsigned.warnings)


def test_an_ofd_parses_into_its_document() -> None:
    parsed = parse_bytes(build_ofd(), "notice.ofd")
    assert [d.doc_number.text if d.doc_number else None for d in parsed.documents] == ["永政办发〔2024〕10号"]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (build_ofd()[:400], "损坏"),  # truncated
        (build_ofd(pages=[]), "没有页面"),
        (build_ofd(pages=[[]], furniture=False), "没有文字"),
    ],
)
def test_bad_ofd_files_get_one_clear_error(data: bytes, needle: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(data, "bad.ofd")
    assert needle in str(info.value) and "OFD" in str(info.value)


def test_an_encrypted_ofd_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", f"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                    "</ofd:DocBody><ofd:Encryptions>Encryptions.xml</ofd:Encryptions></ofd:OFD>")
    with pytest.raises(ReadError, match="加密"):
        read_bytes(buf.getvalue(), "locked.ofd")
