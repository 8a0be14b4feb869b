"""Read: bytes of a published file in, plain text out.

Plain text (UTF-8 with or without BOM, UTF-16, GB18030/GBK, detected rather than assumed), HTML
pages (main text kept, site chrome dropped, the metadata block kept), PDF with a text layer and
DOCX. Everything that cannot be read raises :class:`ReadError` with a message a user can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read; the message says why, in Chinese and English."""


@dataclass(slots=True)
class RawText:
    text: str
    format: str  # text | html | pdf | docx
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


def read_path(path: str | Path) -> RawText:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法打开文件 / cannot open file: {exc.strerror or exc}") from exc
    if p.is_dir():
        raise ReadError("这是一个目录，不是文件 / is a directory, not a file")
    if size > MAX_BYTES:
        raise ReadError(f"文件过大（{size} 字节，上限 {MAX_BYTES}）/ file too large ({size} bytes)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件 / cannot read file: {exc.strerror or exc}") from exc
    return read_bytes(data, name=p.name)


def read_bytes(data: bytes, name: str = "") -> RawText:
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件过大（{len(data)} 字节）/ file too large ({len(data)} bytes)")
    if not data.strip():
        raise ReadError("文件为空 / file is empty")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF"):
        return _read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(data)
    if suffix in {"pdf", "docx"}:
        raise ReadError(f"扩展名为 .{suffix}，但内容不是 {suffix.upper()} 文件 / not a valid {suffix} file")
    text, encoding, warnings = decode_text(data)
    if suffix in {"html", "htm", "shtml", "xhtml"} or _looks_like_html(text):
        return RawText(html_to_text(text), "html", encoding, warnings)
    return RawText(text, "text", encoding, warnings)


# --- text encodings -------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes of a text file, detecting the encoding. Returns (text, encoding, warnings)."""
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if enc != "utf-8-sig":
                body = body[: len(body) - len(body) % 2]
            text = body.decode(enc.replace("-sig", ""), errors="replace")
            return _clean_decoded(text, enc, warnings)
    utf16 = _sniff_utf16(data)
    if utf16:
        text = data[: len(data) - len(data) % 2].decode(utf16, errors="replace")
        return _clean_decoded(text, utf16, warnings)
    if b"\x00" in data[:8192]:
        raise ReadError("二进制文件，不是文本、HTML、PDF 或 DOCX / binary file: not text, HTML, PDF or DOCX")
    try:
        return _clean_decoded(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            warnings.append("文件末尾的字符不完整，已舍弃 / truncated character at end of file dropped")
            return _clean_decoded(data[: exc.start].decode("utf-8"), "utf-8", warnings)
    for enc in ("gb18030",):
        try:
            return _clean_decoded(data.decode(enc), enc, warnings)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError("无法识别文本编码 / cannot detect the text encoding")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise ReadError("二进制文件，不是文本 / binary file: not text")
    warnings.append(f"编码按 {best.encoding} 识别 / encoding guessed as {best.encoding}")
    return _clean_decoded(text, best.encoding, warnings)


def _sniff_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has zeros in one lane; CJK-heavy UTF-16 decodes to CJK in one order only.
    if odd_zero > 0.3 * half and even_zero < 0.05 * half:
        return "utf-16-le"
    if even_zero > 0.3 * half and odd_zero < 0.05 * half:
        return "utf-16-be"
    if len(data) % 2 == 0 and b"\x00" not in data:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) - len(sample) % 2].decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or ch in "，。、\n")
        if cjk > 0.6 * len(text):
            return enc
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / len(sample)


def _clean_decoded(text: str, encoding: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    if _control_ratio(text) > 0.05:
        raise ReadError("二进制文件，不是文本 / binary file: not text")
    if "\ufffd" in text:
        warnings.append("部分字节无法解码，已用 � 代替 / some bytes could not be decoded")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    return text, encoding, warnings


# --- HTML ----------------------------------------------------------------------------------------

_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|div|p|table|meta)\b", re.I)

# Site chrome: navigation, font-size controls, print/close links, QR codes, share buttons.
CHROME_LINE = re.compile(
    r"^\s*(?:"
    r"【?\s*字体\s*[:：]?.*|字号\s*[:：]?\s*[大中小\s]*|[【\[]?\s*[大中小]\s*[】\]]?(?:\s*[【\[]?\s*[大中小]\s*[】\]]?)*"
    r"|【?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到?|我要纠错|扫一扫.*|扫码访问.*|手机扫码.*"
    r"|在手机上查看|微信扫一扫.*|[上下]一篇.*)\s*】?"
    r"|(?:您当前所在的?位置|当前位置|您的位置|所在位置)\s*[:：].*"
    r"|(?:来源|作者|浏览次数|访问量|点击数|阅读次数|信息来源|发布机构)\s*[:：].*(?:更新日期|发布时间|字体|浏览).*"
    r"|\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?:作者|来源)\s*[:：].*"
    r")\s*$"
)

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "table", "tr", "blockquote", "pre", "center", "dd", "dt", "dl", "title",
}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "template",
              "form", "button", "input", "select", "textarea", "nav")
_CHROME_ATTR = re.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|foot|header|head|sidebar|toolbar|print|qrcode|ewm|"
    r"font-?size|fontsize|zoom-?ctrl|related|relevant|comment|login|search|banner|copyright|link",
    re.I,
)
_CONTENT_ATTR = re.compile(r"content|article|zoom|main|text|detail|body|wenzhang|xxgk|info", re.I)


def _looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.lstrip().startswith("<")


def html_to_text(html: str) -> str:
    """Main text of a policy page: metadata block and body, one paragraph a line, tables tabbed."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    body = soup.body or soup
    meta_lines = _metadata_block(body)
    main = _main_container(body)
    lines = _block_lines(main)
    if meta_lines and not any("索引号" in line or "文号" in line for line in lines):
        lines = [*meta_lines, "", *lines]
    out = [line for line in lines if not CHROME_LINE.match(line)]
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_META_KEYS = re.compile(
    r"索\s*引\s*号|文\s*号|发文字号|发文日期|成文日期|发布日期|发布机构|发文机关|发布机关|发文单位|有\s*效\s*性|时效性|"
    r"标\s*题|名\s*称|主题分类"
)


def _metadata_block(body) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's metadata table (索引号, 文号, 发布机构, 成文日期, 有效性 …), one row a line: a key printed with
    its colon runs into its value, other cells are joined by `` | `` so that keys without a colon stay apart."""
    for table in body.find_all(["table", "div", "ul", "dl"]):
        text = table.get_text(" ", strip=True)
        if len(text) < 600 and len({re.sub(r"\s+", "", k) for k in _META_KEYS.findall(text)}) >= 3:
            rows = table.find_all("tr") or [table]
            lines = []
            for row in rows:
                cells = [c.get_text(" ", strip=True)
                         for c in (row.find_all(["td", "th", "li", "span", "dt", "dd"]) or [row])]
                line = ""
                for cell in (c for c in cells if c):
                    line += cell if not line or line.endswith((":", "：")) else " | " + cell
                line = re.sub(r"([:：])\s+", r"\1", line)
                if line:
                    lines.append(line)
            return lines
    return []


def _main_container(body):  # type: ignore[no-untyped-def]
    for tag in body.find_all(True):
        attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
        if attrs.strip() and _CHROME_ATTR.search(attrs) and not _CONTENT_ATTR.search(attrs):
            text_len = len(tag.get_text(strip=True))
            if text_len < 400:
                tag.decompose()
    best = body
    best_score = 0.0
    for tag in body.find_all(["div", "article", "section", "td", "main"]):
        text = tag.get_text("", strip=True)
        if len(text) < 200:
            continue
        attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
        links = sum(len(a.get_text(strip=True)) for a in tag.find_all("a"))
        density = 1 - links / max(1, len(text))
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") / max(1, len(text))
        score = len(text) * density * (0.5 + cjk) * (1.3 if _CONTENT_ATTR.search(attrs) else 1.0)
        if score > best_score * 1.02:
            best, best_score = tag, score
    # prefer the innermost container that still holds most of the text
    return best


def _block_lines(root) -> list[str]:  # type: ignore[no-untyped-def]
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = "".join(current).replace("\xa0", " ").strip(" \t\r\n")
        line = re.sub(r"[ \t\r\n]+", lambda m: " " if "\t" not in m.group() else "\t", line)
        if line:
            lines.append(line)
        current.clear()

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "table":
                    flush()
                    for tr in child.find_all("tr"):
                        cells = [c.get_text(" ", strip=True).replace("\t", " ") for c in tr.find_all(["td", "th"])]
                        if any(cells):
                            lines.append("\t".join(cells))
                    lines.append("")
                elif name == "br":
                    flush()
                elif name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(root)
    flush()
    return lines


# --- PDF and DOCX ---------------------------------------------------------------------------------


def _read_pdf(data: bytes) -> RawText:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise ReadError("未安装 PDF 读取组件 / PDF support is not installed") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise ReadError("PDF 已加密 / the PDF is encrypted") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"PDF 文件损坏或被截断 / the PDF is damaged or truncated: {exc}") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReadError("PDF 没有文字层（可能是扫描件，需要先做 OCR）/ the PDF has no text layer (scanned?)")
    text, _enc, warnings = _clean_decoded(text, "pdf", [])
    return RawText(text, "pdf", None, warnings)


def _read_docx(data: bytes) -> RawText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise ReadError("ZIP/DOCX 文件损坏或被截断 / damaged or truncated DOCX") from exc
    if "word/document.xml" not in names:
        raise ReadError("这是 ZIP 文件，但不是 Word 文档 / a ZIP archive that is not a Word document")
    from docx import Document as DocxDocument

    try:
        doc = DocxDocument(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(f"DOCX 文件无法解析 / cannot parse DOCX: {exc}") from exc
    lines: list[str] = []
    body = doc.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, doc).text)
            lines.append("")
        elif tag == "tbl":
            for row in Table(child, doc).rows:
                lines.append("\t".join(cell.text.replace("\n", " ").replace("\t", " ") for cell in row.cells))
            lines.append("")
    text, _enc, warnings = _clean_decoded("\n".join(lines), "docx", [])
    return RawText(text, "docx", None, warnings)
