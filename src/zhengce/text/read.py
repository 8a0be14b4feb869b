"""Read: bytes of a published file in, plain text out.

Plain text (UTF-8 with or without BOM, UTF-16, GB18030/GBK, detected rather than assumed), HTML
pages (main text kept, site chrome dropped, the metadata block kept), PDF with a text layer and
DOCX. Everything that cannot be read raises :class:`ReadError` with a message a user can act on.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import zipfile
from pathlib import Path

from zhengce.text.decoding import clean_decoded, decode_text
from zhengce.text.html_text import MAX_NESTING, NESTED_TOO_DEEP, html_to_text, looks_like_html
from zhengce.text.ocr import is_image, read_image
from zhengce.text.ofd import is_ofd, read_ofd
from zhengce.text.office import OLE2, is_rtf, read_legacy_word
from zhengce.text.pdf import read_pdf
from zhengce.text.raw import RawText, ReadError

# pypdf logs what it repairs or gives up on ("EOF marker not found"); a file it cannot read raises
# ReadError with the reason, so its log lines would only say it a second time, unformatted, on stderr
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Limits on what one file may make the reader do (README, "Reliability / limits"). Each is refused
# with a ReadError that names the limit; nothing of the file is stored.
MAX_BYTES = 64 * 1024 * 1024  # the file as stored on disk
MAX_TEXT_CHARS = 10_000_000  # characters read from a file: decoded text or HTML markup, PDF/DOCX text
MAX_UNZIPPED = 128 * 1024 * 1024  # all parts of a DOCX together, once decompressed
MAX_UNZIPPED_XML = 32 * 1024 * 1024  # one XML part of a DOCX (document.xml), once decompressed
# (and MAX_NESTING, elements inside elements: zhengce.text.html_text)

__all__ = ["MAX_BYTES", "MAX_NESTING", "MAX_TEXT_CHARS", "MAX_UNZIPPED", "MAX_UNZIPPED_XML", "NESTED_TOO_DEEP",
           "RawText", "ReadError", "file_bytes", "read_bytes", "read_path"]


def read_path(path: str | Path) -> RawText:
    p = Path(path)
    return read_bytes(file_bytes(p), name=p.name)


def file_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or the ReadError that says why not (missing, a directory, over :data:`MAX_BYTES`)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadError(f"无法打开文件 / cannot open file: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):  # the same stat answers (is_dir() asked the file system again)
        raise ReadError("这是一个目录，不是文件 / is a directory, not a file")
    if st.st_size > MAX_BYTES:
        raise ReadError(_too_large(st.st_size))
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise ReadError(f"无法读取文件 / cannot read file: {exc.strerror or exc}") from exc


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _too_large(size: int) -> str:
    return (f"文件过大（{_mb(size)}，上限 {_mb(MAX_BYTES)}），未导入 / "
            f"file too large ({_mb(size)}, limit {_mb(MAX_BYTES)}); not stored")


def _check_text_size(chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise ReadError(f"文字过多（超过 {MAX_TEXT_CHARS:,} 字符），未导入；请拆分后再导入 / "
                        f"too much text (over {MAX_TEXT_CHARS:,} characters); not stored — split the file")


def read_bytes(data: bytes, name: str = "") -> RawText:
    if len(data) > MAX_BYTES:
        raise ReadError(_too_large(len(data)))
    if not data.strip():
        raise ReadError("文件为空 / file is empty")
    try:
        return _read_format(data, name)
    except RecursionError as exc:  # a safety net: the nesting limits should come first
        raise ReadError(NESTED_TOO_DEEP) from exc


def _read_format(data: bytes, name: str) -> RawText:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF"):
        return read_pdf(data, _read_pdf, _check_text_size)
    if data.startswith(b"PK\x03\x04"):
        if suffix == "ofd" or is_ofd(data):
            return read_ofd(data, _check_text_size)
        return _read_docx(data)
    if is_image(data):
        return read_image(data, _check_text_size)
    if data.startswith(OLE2) and suffix not in {"xls", "ppt", "et", "dps"}:
        return read_legacy_word(data, suffix, _read_docx)
    if is_rtf(data):  # Word and WPS save RTF under a .doc name, and old office systems serve it so
        return _as_found(read_legacy_word(data, "rtf", _read_docx), suffix, "RTF")
    if suffix in {"pdf", "docx", "ofd", "doc", "wps"}:
        not_it = ReadError(f"扩展名为 .{suffix}，但内容不是 {suffix.upper()} 文件 / not a valid {suffix} file")
        if suffix == "pdf" or suffix == "ofd":
            raise not_it
        try:  # a web page saved or served under a Word name: read as the page it is
            raw = _read_text(data, "")
        except ReadError:
            raise not_it from None
        if raw.format != "html":
            raise not_it
        return _as_found(raw, suffix, "HTML")
    return _read_text(data, suffix)


def _read_text(data: bytes, suffix: str) -> RawText:
    """A text file or an HTML page, its encoding detected."""
    _check_text_size(len(data) // 4)  # no encoding spends more than 4 bytes on a character: refuse undecoded
    text, encoding, warnings = decode_text(data)
    _check_text_size(len(text))
    if suffix in {"html", "htm", "shtml", "xhtml"} or looks_like_html(text):
        return RawText(html_to_text(text), "html", encoding, warnings)
    return RawText(text, "text", encoding, warnings)


def _as_found(raw: RawText, suffix: str, kind: str) -> RawText:
    """``raw``, read by what its file really is, with a note when its name said otherwise."""
    if suffix in {kind.lower(), ""} or (kind == "HTML" and suffix in {"htm", "shtml", "xhtml"}):
        return raw
    note = (f"扩展名为 .{suffix}，内容为 {kind}，按其实际格式读取 / named .{suffix} but the content is {kind}; "
            f"read as {kind}")
    raw.warnings.insert(0, note)
    return raw


# --- PDF and DOCX ---------------------------------------------------------------------------------


ENCRYPTED_PDF = "文件已加密，需要密码 / encrypted, password needed"


def _read_pdf(data: bytes) -> RawText:
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, LimitReachedError, PdfReadError
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise ReadError("未安装 PDF 读取组件 / PDF support is not installed") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # a PDF whose user password is empty opens for anyone (only its owner password restricts
            # editing or printing): read it. Anything else needs the password, whatever the cipher.
            try:
                opened = reader.decrypt("")
            except DependencyError as exc:  # pragma: no cover - cryptography is pinned
                raise ReadError("文件已加密（AES），缺少解密组件 cryptography / "
                                "encrypted with AES and the cryptography package is missing") from exc
            except (PdfReadError, ValueError, KeyError, TypeError, NotImplementedError) as exc:
                raise ReadError(f"{ENCRYPTED_PDF}: {exc}") from exc
            if not opened:
                raise ReadError(ENCRYPTED_PDF)
        pages: list[str] = []
        chars = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1]) + 2
            _check_text_size(chars)
    except ReadError:
        raise
    except LimitReachedError as exc:  # pypdf's own caps on decompressed streams
        raise ReadError(f"PDF 中的数据流解压后过大，可能是压缩炸弹，未导入 / a stream of the PDF decompresses "
                        f"beyond pypdf's limit, a possible zip bomb; not stored: {exc}") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"PDF 文件损坏或被截断 / the PDF is damaged or truncated: {exc}") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReadError("PDF 没有文字层（可能是扫描件，需要先做 OCR）/ the PDF has no text layer (scanned?)")
    text, _enc, warnings = clean_decoded(text, "pdf", [])
    return RawText(text, "pdf", None, warnings)


def _read_docx(data: bytes) -> RawText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError("ZIP/DOCX 文件损坏或被截断 / damaged or truncated DOCX") from exc
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise ReadError("这是 ZIP 文件，但不是 Word 文档 / a ZIP archive that is not a Word document")
    _check_unzipped_size(infos)
    from docx import Document as DocxDocument

    try:
        doc = DocxDocument(io.BytesIO(data))
    except Exception as exc:
        if "depth" in str(exc).lower():  # lxml: "Excessive depth in document: 256 use XML_PARSE_HUGE option"
            raise ReadError(NESTED_TOO_DEEP) from exc
        raise ReadError(f"DOCX 文件无法解析 / cannot parse DOCX: {exc}") from exc
    lines: list[str] = []
    chars = 0
    body = doc.element.body
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, doc).text)
            lines.append("")
        elif tag == "tbl":
            lines.extend(_docx_table_rows(child, doc))
            lines.append("")
        else:
            continue
        chars += sum(len(line) + 1 for line in lines[-2:])
        _check_text_size(chars)
    text, _enc, warnings = clean_decoded("\n".join(lines), "docx", [])
    return RawText(text, "docx", None, warnings)


def _check_unzipped_size(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from the sizes the archive declares, before anything is decompressed
    (zipfile stops at the declared size and fails the CRC check if the data holds more)."""
    total = sum(info.file_size for info in infos)
    largest_xml = max((info.file_size for info in infos if info.filename.endswith(".xml")), default=0)
    if total > MAX_UNZIPPED or largest_xml > MAX_UNZIPPED_XML:
        size, limit = (largest_xml, MAX_UNZIPPED_XML) if largest_xml > MAX_UNZIPPED_XML else (total, MAX_UNZIPPED)
        raise ReadError(f"DOCX 解压后过大（{_mb(size)}，上限 {_mb(limit)}），可能是压缩炸弹，未导入 / "
                        f"the DOCX decompresses to {_mb(size)} (limit {_mb(limit)}), a possible zip bomb; not stored")


def _docx_table_rows(tbl, parent) -> list[str]:  # type: ignore[no-untyped-def]
    """The rows of a Word table as tab-separated lines, as python-docx's ``row.cells`` gives them — a
    horizontally merged cell repeated over its grid columns, a vertically merged one repeating the text
    above — but in one pass: ``row.cells`` looks up a vertical merge row by row (quadratic, and a
    RecursionError on a merge a thousand rows tall)."""
    from docx.table import _Cell

    above: dict[int, str] = {}  # grid column -> text of the cell that covers it in the previous row
    rows: list[str] = []
    for tr in tbl.tr_lst:
        col = tr.grid_before
        cells: list[str] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                text = above.get(col, "")
            else:
                text = _Cell(tc, parent).text.replace("\n", " ").replace("\t", " ")
            for k in range(span):
                above[col + k] = text
                cells.append(text)
            col += span
        rows.append("\t".join(cells))
    return rows
