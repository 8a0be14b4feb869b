"""Read: bytes of a published file in, plain text out.

Plain text (UTF-8 with or without BOM, UTF-16, GB18030/GBK, detected rather than assumed), HTML
pages (main text kept, site chrome dropped, the metadata block kept), PDF with a text layer and
DOCX. Everything that cannot be read raises :class:`ReadError` with a message a user can act on.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from zhengce.text.ocr import is_image, read_image
from zhengce.text.ofd import is_ofd, read_ofd
from zhengce.text.office import OLE2, read_legacy_word
from zhengce.text.pdf import read_pdf
from zhengce.text.raw import RawText, ReadError

# Limits on what one file may make the reader do (README, "Reliability / limits"). Each is refused
# with a ReadError that names the limit; nothing of the file is stored.
MAX_BYTES = 64 * 1024 * 1024  # the file as stored on disk
MAX_TEXT_CHARS = 10_000_000  # characters read from a file: decoded text or HTML markup, PDF/DOCX text
MAX_UNZIPPED = 128 * 1024 * 1024  # all parts of a DOCX together, once decompressed
MAX_UNZIPPED_XML = 32 * 1024 * 1024  # one XML part of a DOCX (document.xml), once decompressed
MAX_NESTING = 256  # elements inside elements (HTML; DOCX XML has lxml's own limit of 256)


def read_path(path: str | Path) -> RawText:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法打开文件 / cannot open file: {exc.strerror or exc}") from exc
    if p.is_dir():
        raise ReadError("这是一个目录，不是文件 / is a directory, not a file")
    if size > MAX_BYTES:
        raise ReadError(_too_large(size))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件 / cannot read file: {exc.strerror or exc}") from exc
    return read_bytes(data, name=p.name)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _too_large(size: int) -> str:
    return (f"文件过大（{_mb(size)}，上限 {_mb(MAX_BYTES)}），未导入 / "
            f"file too large ({_mb(size)}, limit {_mb(MAX_BYTES)}); not stored")


def _check_text_size(chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise ReadError(f"文字过多（超过 {MAX_TEXT_CHARS:,} 字符），未导入；请拆分后再导入 / "
                        f"too much text (over {MAX_TEXT_CHARS:,} characters); not stored — split the file")


NESTED_TOO_DEEP = (f"结构嵌套超过 {MAX_NESTING} 层，不是正常的文件，未导入 / "
                   f"elements nested more than {MAX_NESTING} levels deep; not stored")


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
    if suffix in {"pdf", "docx", "ofd", "doc", "wps"}:
        raise ReadError(f"扩展名为 .{suffix}，但内容不是 {suffix.upper()} 文件 / not a valid {suffix} file")
    _check_text_size(len(data) // 4)  # no encoding spends more than 4 bytes on a character: refuse undecoded
    text, encoding, warnings = decode_text(data)
    _check_text_size(len(text))
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
    """Decode bytes of a text file, detecting the encoding. Returns (text, encoding, warnings).

    The readings are tried from the strongest evidence to the weakest — a byte order mark, UTF-16's
    zero bytes, valid UTF-8, then guesses (UTF-16 without zeros, GB18030, charset_normalizer) — and
    the first *plausible* one wins: a guess must be made of characters Chinese documents use, and no
    reading may be mostly unassigned, private-use or control characters. When none is plausible the
    file is refused rather than stored as garbage.
    """
    tried: list[str] = []
    binary = False
    for text, encoding, warnings, guessed in _readings(data):
        if _control_ratio(text) > 0.05:
            binary = True
            continue
        if _plausible(text, guessed):
            return _clean_decoded(text, encoding, warnings)
        tried.append(encoding)
    if binary and not tried:
        raise ReadError("二进制文件，不是文本 / binary file: not text")
    if not tried:
        raise ReadError("无法识别文本编码 / cannot detect the text encoding")
    names = "、".join(dict.fromkeys(tried))
    raise ReadError(f"无法识别文本编码：按 {names} 读出的多为罕用字或未分配的字符，未导入 / "
                    f"cannot detect the text encoding: read as {names.replace('、', ', ')} it is mostly "
                    "unlikely or unassigned characters; not stored")


def _readings(data: bytes) -> Iterator[tuple[str, str, list[str], bool]]:
    """Candidate readings (text, encoding, warnings, guessed), strongest evidence first."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if enc != "utf-8-sig":
                body = body[: len(body) - len(body) % 2]
            yield body.decode(enc.replace("-sig", ""), errors="replace"), enc, [], False
            return
    lane = _utf16_by_zero_lane(data)
    if lane:
        yield data[: len(data) - len(data) % 2].decode(lane, errors="replace"), lane, [], False
    has_nul = b"\x00" in data[:8192]
    if not has_nul:
        # valid UTF-8 is strong evidence: other encodings' non-ASCII bytes almost never form valid
        # sequences. It comes before any UTF-16 guess, whatever the parity of the length (an odd-sized
        # UTF-8 page with an ASCII head used to be read as UTF-16 CJK garbage).
        try:
            yield data.decode("utf-8"), "utf-8", [], False
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                yield (data[: exc.start].decode("utf-8", errors="replace"), "utf-8",
                       ["文件末尾的字符不完整，已舍弃 / truncated character at end of file dropped"], False)
            else:
                # a few damaged bytes in a UTF-8 file: still UTF-8 (each becomes � and a warning says
                # so); another encoding read as UTF-8 gives a � for most of its non-ASCII characters
                lenient = data.decode("utf-8", errors="replace")
                if lenient.count("\ufffd") <= len(lenient) // 100:
                    yield lenient, "utf-8", [], False
    if has_nul or len(data) % 2:
        for enc in ("utf-16-le", "utf-16-be"):  # guesses: only a plausible reading is taken
            yield data[: len(data) - len(data) % 2].decode(enc, errors="replace"), enc, [], True
    if has_nul:
        raise ReadError("二进制文件，不是文本、HTML、PDF 或 DOCX / binary file: not text, HTML, PDF or DOCX")
    gb = _decode_or_none(data, "gb18030")
    if gb is not None:
        yield gb, "gb18030", [], True
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding is not None:
        yield str(best), best.encoding, [f"编码按 {best.encoding} 识别 / encoding guessed as {best.encoding}"], True


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_by_zero_lane(data: bytes) -> str | None:
    """UTF-16 without a BOM whose text is largely ASCII: zero bytes fill one lane and not the other."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zero > 0.3 * half and even_zero < 0.05 * half:
        return "utf-16-le"
    if even_zero > 0.3 * half and odd_zero < 0.05 * half:
        return "utf-16-be"
    return None


@cache
def _likely_characters() -> frozenset[str]:
    """Characters Chinese documents are made of: GB2312 (common simplified hanzi, punctuation, digits,
    Latin, Greek, Cyrillic, kana, pinyin letters, box drawing) and Big5's level-1 (common traditional)
    hanzi. ASCII and the scripts of China's minority languages are accepted separately."""
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            chars.add(bytes((hi, lo)).decode("gb2312", errors="ignore"))
    for hi in range(0xA1, 0xC7):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            chars.add(bytes((hi, lo)).decode("big5", errors="ignore"))
    return frozenset(chars - {""})


# Arabic (Uyghur, Kazakh), Tibetan, Mongolian: minority-language text of bilingual documents
_MINORITY_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe\u0f00-\u0fff\u1800-\u18af]")
_GUESS_MIN_LIKELY = 0.8  # real text scores 0.99+ here; UTF-16/GB18030 misreadings 0.15–0.55
_MAX_UNASSIGNED = 0.5


def _sample(text: str, size: int = 8000) -> str:
    """Head, middle and tail of a long text: the plausibility checks cost the same for any size."""
    if len(text) <= 3 * size:
        return text
    mid = len(text) // 2
    return text[:size] + text[mid : mid + size] + text[-size:]


# characters that are assigned for certain: ASCII, Latin, general punctuation, CJK symbols and punctuation,
# CJK unified ideographs, half- and full-width forms — most of any Chinese document, skipped without a
# category lookup each
_SURELY_ASSIGNED = re.compile(r"[\x00-\x7f\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def _plausible(text: str, guessed: bool) -> bool:
    sample = re.sub(r"\s+", "", _sample(text))
    if not sample:
        return True
    # whatever the evidence, a reading made mostly of unassigned, private-use, surrogate or
    # undecodable characters is not text
    rest = _SURELY_ASSIGNED.sub("", sample)
    bad = sum(1 for ch in rest if ch == "\ufffd" or unicodedata.category(ch) in {"Cn", "Co", "Cs"})
    if bad > _MAX_UNASSIGNED * len(sample):
        return False
    if not guessed:
        return True
    chars = list(sample)
    likely = _likely_characters()
    good = sum(1 for ch in chars if ch < "\x80" or ch in likely or _MINORITY_SCRIPT.match(ch))
    return good >= _GUESS_MIN_LIKELY * len(chars)


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
    _check_nesting(soup)
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


def _check_nesting(soup) -> None:  # type: ignore[no-untyped-def]
    """Refuse markup nested deeper than MAX_NESTING before anything walks it (one pass, no recursion)."""
    depth: dict[int, int] = {id(soup): 0}
    for tag in soup.find_all(True):
        d = depth[id(tag)] = depth.get(id(tag.parent), 0) + 1
        if d > MAX_NESTING:
            raise ReadError(NESTED_TOO_DEEP)


def _text_lengths(root) -> dict[int, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """(length of get_text(strip=True), of its link text, its CJK count) of every tag under root, in one
    bottom-up pass: asking each tag for its text costs the size of its subtree, quadratic in the depth."""
    from bs4.element import CData, NavigableString, PreformattedString, Tag

    stats: dict[int, tuple[int, int, int]] = {}
    for tag in reversed([root, *root.find_all(True)]):  # children before their parents
        length = links = cjk = 0
        for child in tag.children:
            if isinstance(child, Tag):
                c_len, c_links, c_cjk = stats[id(child)]
                length += c_len
                cjk += c_cjk
                links += c_len if child.name == "a" else c_links
            elif isinstance(child, NavigableString) and (
                    not isinstance(child, PreformattedString) or isinstance(child, CData)):
                stripped = child.strip()
                length += len(stripped)
                cjk += len(_CJK.findall(stripped))
        stats[id(tag)] = (length, links, cjk)
    return stats


_CJK = re.compile("[\u4e00-\u9fff]")


_META_KEYS = re.compile(
    r"索\s*引\s*号|文\s*号|发文字号|发文日期|成文日期|发布日期|发布机构|发文机关|发布机关|发文单位|有\s*效\s*性|时效性|"
    r"标\s*题|名\s*称|主题分类"
)


def _metadata_block(body) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's metadata table (索引号, 文号, 发布机构, 成文日期, 有效性 …), one row a line: a key printed with
    its colon runs into its value, other cells are joined by `` | `` so that keys without a colon stay apart."""
    lengths = _text_lengths(body)  # a block of ≥ 600 characters is skipped without joining its text
    for table in body.find_all(["table", "div", "ul", "dl"]):
        if lengths[id(table)][0] >= 600:
            continue
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
    # text lengths are counted once for all tags (bottom-up), not by asking every tag for its text
    lengths = _text_lengths(body)
    for tag in body.find_all(True):
        if tag.decomposed:  # inside a chrome block dropped a moment ago
            continue
        attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
        if attrs.strip() and _CHROME_ATTR.search(attrs) and not _CONTENT_ATTR.search(attrs):
            text_len = lengths[id(tag)][0]
            if text_len < 400:
                tag.decompose()
    lengths = _text_lengths(body)  # again, without the chrome
    best = body
    best_score = 0.0
    for tag in body.find_all(["div", "article", "section", "td", "main"]):
        text_len, links, cjk_count = lengths[id(tag)]
        if text_len < 200:
            continue
        attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
        density = 1 - links / max(1, text_len)
        cjk = cjk_count / max(1, text_len)
        score = text_len * density * (0.5 + cjk) * (1.3 if _CONTENT_ATTR.search(attrs) else 1.0)
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
    text, _enc, warnings = _clean_decoded(text, "pdf", [])
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
    text, _enc, warnings = _clean_decoded("\n".join(lines), "docx", [])
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
