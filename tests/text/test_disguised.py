"""Files named .doc (or .wps, .docx) that are really an RTF file or a web page — what old office systems and WPS
save and government sites serve — are read by what they are, with a note saying so (issue 17). The samples
are made here: an RTF written by hand, a page in GBK; the RTF is read through LibreOffice (skipped without)."""

from __future__ import annotations

import pytest

from zhengce.parse.pipeline import parse_bytes
from zhengce.text import office
from zhengce.text.read import ReadError, read_bytes

LINES = ["青石县人民政府办公室关于做好春季防汛工作的通知", "青政办发〔2025〕4号", "各乡镇人民政府，县直各单位：",
         "一、落实防汛责任。各乡镇于2025年4月30日前完成隐患排查。（责任单位：县水利局）",
         "青石县人民政府办公室", "2025年3月12日"]


def _rtf(lines: list[str]) -> bytes:
    """An RTF file as Word or WPS writes one: a font table, the CJK characters as ``\\uN?`` escapes, GBK code
    page declared."""
    def escaped(line: str) -> str:
        return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?"
                       for ch in line)
    body = "".join(f"\\pard {escaped(line)}\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\n\\f0\\fs32 "
            + body + "}\n").encode("ascii")


def _page(lines: list[str]) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>通知</title></head>'
            f'<body><div class="WordSection1">{paragraphs}</div></body></html>')


@pytest.mark.parametrize("suffix", ["doc", "wps", "docx"])
def test_a_web_page_named_like_a_word_file_is_read_as_the_page(suffix: str) -> None:
    data = _page(LINES).encode("gbk")
    raw = read_bytes(data, f"通知.{suffix}")
    assert raw.format == "html" and raw.encoding == "gb18030"
    assert [line for line in raw.text.split("\n") if line] == LINES
    assert raw.warnings[0].startswith(f"扩展名为 .{suffix}，内容为 HTML，按其实际格式读取")
    parsed = parse_bytes(data, f"通知.{suffix}")
    assert [d.doc_number.text for d in parsed.documents if d.doc_number] == ["青政办发〔2025〕4号"]
    assert any("内容为 HTML" in w for w in parsed.warnings)


def test_a_real_html_file_gets_no_note() -> None:
    raw = read_bytes(_page(LINES).encode("gbk"), "通知.html")
    assert raw.format == "html" and not any("内容为" in w for w in raw.warnings)


@pytest.mark.parametrize("data", [b"\x01\x02binary garbage\x00\xff" * 50, "仅有一行文字，不是网页".encode()])
def test_a_doc_that_is_neither_word_rtf_nor_html_is_still_refused(data: bytes) -> None:
    with pytest.raises(ReadError, match=r"扩展名为 \.doc，但内容不是 DOC 文件"):
        read_bytes(data, "坏文件.doc")


def test_an_rtf_named_doc_is_read_through_libreoffice_with_a_note() -> None:
    if office.soffice() is None:
        pytest.skip("没有 LibreOffice，跳过 RTF 测试 / no LibreOffice (scripts/libreoffice.sh installs it)")
    data = _rtf(LINES)
    raw = read_bytes(data, "通知.doc")
    assert raw.format == "rtf"
    assert [line for line in raw.text.split("\n") if line] == LINES
    assert raw.warnings[0].startswith("扩展名为 .doc，内容为 RTF，按其实际格式读取")
    parsed = parse_bytes(data, "通知.doc")
    (doc,) = parsed.documents
    assert doc.doc_number is not None and doc.doc_number.text == "青政办发〔2025〕4号"
    assert doc.issuer == "青石县人民政府办公室"
    # named .rtf it is what it says: no note
    assert not any("内容为" in w for w in read_bytes(data, "通知.rtf").warnings)


def test_an_rtf_without_libreoffice_names_the_missing_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ReadError) as info:
        read_bytes(_rtf(LINES), "通知.doc")
    assert "LibreOffice" in str(info.value) and "未安装" in str(info.value)
