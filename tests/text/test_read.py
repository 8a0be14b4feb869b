"""Reading published files: encodings are detected, chrome is dropped, bad input is refused clearly."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengce.parse.pipeline import parse_bytes
from zhengce.text.read import ReadError, read_bytes

NOTICE = "清河县人民政府\n关于加强秸秆禁烧工作的通知\n清政发〔2023〕3号\n各乡镇人民政府：\n现将有关事项通知如下。\n清河县人民政府\n2023年3月1日\n"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"],
)
def test_encodings_are_detected_not_assumed(encoding: str) -> None:
    raw = read_bytes(NOTICE.encode(encoding), "notice.txt")
    assert raw.text == NOTICE
    parsed = parse_bytes(NOTICE.encode(encoding), "notice.txt")
    assert [d.doc_number.text for d in parsed.documents if d.doc_number] == ["清政发〔2023〕3号"]


def test_traditional_gb_text_in_big_file_is_read() -> None:
    text = NOTICE * 200
    assert read_bytes(text.encode("gb18030"), "x.txt").text == text


def test_truncated_utf8_keeps_what_is_there_and_warns() -> None:
    data = NOTICE.encode("utf-8") + "通".encode()[:2]
    raw = read_bytes(data, "cut.txt")
    assert raw.text == NOTICE
    assert any("截断" in w or "truncated" in w for w in raw.warnings)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "空"),
        (b"   \n\n", "空"),
        (bytes(range(256)) * 40, "二进制"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "二进制"),
        (b"%PDF-1.4\n1 0 obj <<>> trailer", "PDF"),
        (b"PK\x03\x04" + b"\x00" * 50, "DOCX"),
    ],
)
def test_unreadable_input_gets_a_clear_error(data: bytes, needle: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(data, "bad.bin")
    assert needle in str(info.value)


def test_zip_that_is_not_a_word_document_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="不是 Word"):
        read_bytes(buf.getvalue(), "a.docx")


def test_html_page_keeps_metadata_and_body_and_drops_chrome(web_page: str) -> None:
    raw = read_bytes(web_page.encode("utf-8"), "page.html")
    assert raw.format == "html"
    assert "索引号：113-01/2023-00123" in raw.text
    assert "南政办发〔2023〕9号" in raw.text
    assert "新建5G基站3000个" in raw.text
    for chrome in ("should never appear", "color:red", "打印本页", "分享到", "字体", "当前位置", "首页 |"):
        assert chrome not in raw.text
    parsed = parse_bytes(web_page.encode("utf-8"), "page.html")
    (doc,) = parsed.documents
    assert doc.issuer == "南山市人民政府办公室"
    assert doc.doc_number is not None and doc.doc_number.text == "南政办发〔2023〕9号"
    assert doc.signed is not None and doc.signed.isoformat() == "2023-05-06"
    assert doc.published is not None and doc.published.isoformat() == "2023-05-08"


def test_html_in_gb18030_without_declared_charset() -> None:
    page = "<html><body><div id='content'><p>" + "</p><p>".join(NOTICE.splitlines()) + "</p></div></body></html>"
    parsed = parse_bytes(page.encode("gb18030"), "page.htm")
    assert [d.title for d in parsed.documents] == ["关于加强秸秆禁烧工作的通知"]


def test_docx_paragraphs_and_tables_are_read() -> None:
    from docx import Document

    doc = Document()
    for line in NOTICE.splitlines():
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "目标"
    table.cell(1, 0).text = "增加值"
    table.cell(1, 1).text = "增长7%"
    buf = io.BytesIO()
    doc.save(buf)
    parsed = parse_bytes(buf.getvalue(), "notice.docx")
    assert parsed.format == "docx"
    (d,) = parsed.documents
    assert d.doc_number is not None and d.doc_number.text == "清政发〔2023〕3号"
    tables = [n for n in d.tree.walk() if n.table is not None] if d.tree else []
    assert tables and tables[0].table.rows == [["指标", "目标"], ["增加值", "增长7%"]]


def _minimal_pdf(lines: list[str]) -> bytes:
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf_text_layer_is_read() -> None:
    raw = read_bytes(_minimal_pdf(["Policy notice", "Article 1 applies."]), "a.pdf")
    assert raw.format == "pdf"
    assert "Policy notice" in raw.text and "Article 1 applies." in raw.text


def test_truncated_pdf_is_refused_clearly() -> None:
    data = _minimal_pdf(["Policy notice"])
    with pytest.raises(ReadError, match="PDF"):
        read_bytes(data[: len(data) // 3], "a.pdf")


def _encrypted_pdf(lines: list[str], user_password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_minimal_pdf(lines))))
    writer.encrypt(user_password=user_password, owner_password="owner-only-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_pdf_encrypted_with_an_empty_user_password_is_read(algorithm: str) -> None:
    data = _encrypted_pdf(["Policy notice", "Article 1 applies."], "", algorithm)
    raw = read_bytes(data, "open.pdf")
    assert "Policy notice" in raw.text and "Article 1 applies." in raw.text


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128", "RC4-40"])
def test_pdf_needing_a_password_says_so_not_damaged(algorithm: str) -> None:
    data = _encrypted_pdf(["Policy notice"], "user-secret", algorithm)
    with pytest.raises(ReadError) as info:
        read_bytes(data, "locked.pdf")
    message = str(info.value)
    assert "文件已加密，需要密码" in message and "password needed" in message
    assert "损坏" not in message and "damaged" not in message


# An English preface longer than the 4 KB an encoding sniffer looks at (invented text).
PREFACE = (
    "Qinghe County Government Gazette. This issue is published for the information of residents, "
    "enterprises and visitors; the Chinese text of each document below is the authoritative one.\n"
) * 30


@pytest.mark.parametrize("trailer", [b"", b"\n"])
def test_utf8_with_an_ascii_head_is_utf8_whatever_the_parity_of_its_length(trailer: bytes) -> None:
    data = (PREFACE + NOTICE).encode("utf-8") + trailer
    raw = read_bytes(data, "gazette.txt")
    assert raw.encoding == "utf-8"
    assert NOTICE in raw.text
    parsed = parse_bytes(data, "gazette.txt")
    assert [d.doc_number.text for d in parsed.documents if d.doc_number] == ["清政发〔2023〕3号"]


@pytest.mark.parametrize("trailer", [b"", b" "])
def test_utf8_html_page_of_odd_or_even_length_is_read(trailer: bytes) -> None:
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Qinghe</title><style>" + (
        "p.body { margin: 0 auto; line-height: 1.8; font-family: serif; }\n" * 80) + "</style></head>"
    body = "<body><div id='content'><p>" + "</p><p>".join(NOTICE.splitlines()) + "</p></div></body></html>"
    data = (head + body).encode("utf-8") + trailer
    parsed = parse_bytes(data, "page.html")
    assert parsed.encoding == "utf-8"
    assert [d.title for d in parsed.documents] == ["关于加强秸秆禁烧工作的通知"]


def test_a_reading_of_mostly_rare_characters_is_refused_not_stored() -> None:
    # bytes that decode as GB18030 only into rarely used ideographs of the GBK extension area —
    # what a file in an unknown encoding looks like: no reading of it is text
    data = bytes(b for i in range(3000) for b in (0x81 + i % 29, 0x40 + i % 59))
    with pytest.raises(ReadError) as info:
        read_bytes(data, "unknown.txt")
    message = str(info.value)
    assert "无法识别文本编码" in message and "not stored" in message


def test_page_whose_navigation_blocks_hold_links_is_read() -> None:
    nav = "<div class='nav'><ul><li><a href='/a'>首页</a></li><li><a href='/b'>政务公开</a></li></ul></div>"
    page = (f"<html><body>{nav}<div id='content'><p>" + "</p><p>".join(NOTICE.splitlines())
            + f"</p></div>{nav}</body></html>")
    raw = read_bytes(page.encode("utf-8"), "page.html")
    assert "关于加强秸秆禁烧工作的通知" in raw.text and "政务公开" not in raw.text


# --- hostile files: limits on size, decompressed size and nesting ------------------------------------


def _docx_with_document_xml(transform) -> bytes:  # type: ignore[no-untyped-def]
    """A Word file made by python-docx whose word/document.xml is rewritten by ``transform``."""
    from docx import Document

    doc = Document()
    for line in NOTICE.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = transform(data.decode("utf-8")).encode("utf-8")
            zf.writestr(info.filename, data)
    return out.getvalue()


def test_docx_zip_bomb_is_refused_before_it_is_decompressed() -> None:
    # 40 MB of whitespace inside document.xml compresses to a few dozen KB
    data = _docx_with_document_xml(lambda xml: xml.replace("<w:body>", "<w:body>" + " " * 40_000_000, 1))
    assert len(data) < 200_000
    with pytest.raises(ReadError) as info:
        read_bytes(data, "bomb.docx")
    assert "压缩炸弹" in str(info.value) and "zip bomb" in str(info.value)


def test_docx_nested_too_deep_says_so() -> None:
    deep = "<w:tbl><w:tr><w:tc>" * 120 + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 120
    data = _docx_with_document_xml(lambda xml: xml.replace("<w:body>", "<w:body>" + deep, 1))
    with pytest.raises(ReadError, match="嵌套超过"):
        read_bytes(data, "deep.docx")


def test_docx_table_with_a_tall_vertical_merge_is_read() -> None:
    # a first column merged down 1,500 rows: python-docx's row.cells recursed once per row above
    from docx import Document

    doc = Document()
    doc.add_paragraph("清河县重点项目表")
    table = doc.add_table(rows=1500, cols=2)
    table.cell(0, 0).text = "县发改局"
    for r, row in enumerate(table.rows):
        row.cells[1].text = f"项目{r + 1}"
        row.cells[0]._tc.get_or_add_tcPr().vMerge_val = "restart" if r == 0 else "continue"
    buf = io.BytesIO()
    doc.save(buf)
    raw = read_bytes(buf.getvalue(), "projects.docx")
    rows = [line.split("\t") for line in raw.text.splitlines() if "\t" in line]
    assert len(rows) == 1500
    assert rows[0] == ["县发改局", "项目1"] and rows[-1] == ["县发改局", "项目1500"]


def test_html_nested_thousands_deep_is_refused_clearly() -> None:
    page = "<html><body>" + "<div>" * 5000 + NOTICE + "</div>" * 5000 + "</body></html>"
    with pytest.raises(ReadError) as info:
        read_bytes(page.encode("utf-8"), "deep.html")
    assert "嵌套超过" in str(info.value) and "nested" in str(info.value)


def test_html_nested_two_hundred_deep_is_still_read() -> None:
    body = "<p>" + "</p><p>".join(NOTICE.splitlines()) + "</p>"
    page = "<html><body>" + "<div>" * 200 + body + "</div>" * 200 + "</body></html>"
    assert "清政发〔2023〕3号" in read_bytes(page.encode("utf-8"), "deep.html").text


def test_text_over_the_character_limit_is_refused() -> None:
    from zhengce.text.read import MAX_TEXT_CHARS

    data = ("policy line\n" * (MAX_TEXT_CHARS // 12 + 2)).encode("ascii")
    with pytest.raises(ReadError) as info:
        read_bytes(data, "huge.txt")
    assert "文字过多" in str(info.value) and "not stored" in str(info.value)


def test_file_over_the_size_limit_is_refused_unread(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from zhengce.text.read import MAX_BYTES, read_path

    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: takes no disk space
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match="文件过大"):
        read_path(path)


def test_pdf_stream_that_inflates_past_the_limit_is_refused() -> None:
    import zlib

    content = b"BT /F1 12 Tf 72 720 Td (Policy notice) Tj ET\n" + b" " * 80_000_000
    stream = zlib.compress(content, 9)  # 80 MB in about 80 KB
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    with pytest.raises(ReadError) as info:
        read_bytes(out.getvalue(), "bomb.pdf")
    assert "压缩炸弹" in str(info.value) and "zip bomb" in str(info.value)


@pytest.mark.parametrize("trailer", [b"", b"\n"])
def test_utf8_file_with_a_damaged_byte_is_read_as_utf8_with_a_warning(trailer: bytes) -> None:
    data = bytearray((NOTICE * 20).encode("utf-8"))
    data[len(data) // 2] = 0xFF
    raw = read_bytes(bytes(data) + trailer, "damaged.txt")
    assert raw.encoding == "utf-8"
    assert 1 <= raw.text.count("\ufffd") <= 3 and raw.text.count("清政发〔2023〕3号") >= 19  # one damaged character
    assert any("无法解码" in w for w in raw.warnings)


def test_gbk_file_is_not_taken_for_damaged_utf8() -> None:
    raw = read_bytes((NOTICE * 20).encode("gbk"), "notice.txt")
    assert raw.encoding == "gb18030" and raw.text == NOTICE * 20


_ASCII_HEAD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ,.;:-()0123456789\n"), min_size=0, max_size=300)
_CHINESE = st.text(alphabet=st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                                      st.sampled_from("，。、；：（）《》“”\n0123456789")), min_size=1, max_size=200)


@settings(max_examples=200, deadline=None)
@given(_ASCII_HEAD, _CHINESE, st.booleans())
def test_utf8_text_reads_back_as_itself_whatever_its_length(head: str, body: str, pad: bool) -> None:
    text = head + body + (" " if pad else "")
    if not text.strip():
        return
    raw = read_bytes(text.encode("utf-8"), "x.txt")
    assert raw.encoding == "utf-8" and raw.text == text
