"""The reader's pipeline: read → normalise → segment → metadata and structure, as plain functions."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from zhengce.parse.documents import date_value, read_document
from zhengce.parse.lines import split_lines
from zhengce.parse.metadata import find_gazette
from zhengce.parse.model import ParsedSource
from zhengce.parse.pagemap import display_offset, layout_of
from zhengce.parse.segment import Segment, segment
from zhengce.parse.toc import check_against_toc, parse_toc
from zhengce.parse.webmeta import WebMeta, parse_web_meta
from zhengce.text.lexicon import make_date, parse_doc_number
from zhengce.text.normalise import folded_text, repair, squash
from zhengce.text.read import RawText, file_bytes, read_bytes
from zhengce.text.textmap import LineIndex
from zhengce.text.wordpages import with_pages

WEB_META = re.compile(
    r"(索引号|发文日期|成文日期|发布日期|文号|公开范围|发布时间)\s*[:：]\s*([^\s:：]+(?:\s+\d{1,2}:\d{2})?)"
)
PUBLISHED_LINE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*出版")


def parse_path(path: str | Path, pages: bool = True) -> ParsedSource:
    """A file parsed; ``pages`` False skips what only the page views need (LibreOffice printing a Word file)."""
    name = Path(path).name
    data = file_bytes(path)  # read once: the text, the pages and the hash come from the same bytes
    raw = read_bytes(data, name)
    if pages:
        raw = with_pages(raw, data)
    parsed = parse_raw(raw, name, hashlib.sha256(data).hexdigest())
    if parsed.layout is not None and parsed.layout.data is None:  # ingest keeps the file, to show its pages
        parsed.layout.file = str(Path(path).resolve())
    return parsed


def parse_bytes(data: bytes, name: str = "input.txt", pages: bool = True) -> ParsedSource:
    raw = read_bytes(data, name)
    if pages:
        raw = with_pages(raw, data)
    parsed = parse_raw(raw, name, hashlib.sha256(data).hexdigest())
    if parsed.layout is not None and parsed.layout.data is None:
        parsed.layout.data = data
    return parsed


def parse_text(text: str, name: str = "input.txt") -> ParsedSource:
    return parse_raw(RawText(text, "text", "utf-8"), name, hashlib.sha256(text.encode()).hexdigest())


def parse_raw(raw: RawText, name: str, sha256: str = "") -> ParsedSource:
    mapped = repair(raw.text, raw.edits)
    text = mapped.text
    folded = folded_text(text)  # the extractors take the same copy from the cache
    lines = split_lines(text, folded)
    meta = parse_web_meta(lines)
    lines, segments = segment(text, folded, lines, meta.lines, meta.get("title"))
    head = raw.text[: segments[0].header.start if segments else 4000][:8000]
    gazette = find_gazette(head) or find_gazette(raw.text[:3000])
    web = _web_meta(raw.text[:3000], meta)
    published = _published(head, gazette, web)
    index = LineIndex(raw.text)
    owner = _meta_owner(segments, web)
    documents = [
        read_document(name, k, seg, text, folded, lines, mapped, index, gazette, published,
                  web if k == owner else {})
        for k, seg in enumerate(segments)
    ]
    parsed = ParsedSource(name, raw.format, raw.encoding, raw.text, text, documents, gazette, list(raw.warnings),
                          sha256)
    parsed.toc = parse_toc(text[: segments[0].start] if segments else "")
    parsed.page_starts = [display_offset(mapped, start) for start in raw.page_starts]
    parsed.layout = layout_of(raw, mapped)
    check_against_toc(parsed)
    return parsed


def _web_meta(head: str, meta: WebMeta | None = None) -> dict[str, str]:
    """The page's metadata by field (title, doc_number, issuer, signed, issued, published, status, …)."""
    out: dict[str, str] = dict(meta.fields) if meta is not None else {}
    legacy = {"索引号": "index", "发文日期": "issued", "成文日期": "signed", "发布日期": "published",
              "文号": "doc_number", "发布时间": "published"}
    for key, value in WEB_META.findall(head):
        if key in legacy:
            out.setdefault(legacy[key], value)
    m = re.search(r"^\s*((?:19|20)\d{2}-\d{2}-\d{2})\s+\d{1,2}:\d{2}", head, re.M)
    if m:
        out.setdefault("published", m.group(1))
    return out


def _meta_owner(segments: list[Segment], web: dict[str, str]) -> int | None:
    """The document the page's metadata describes: the only one, or the one its title or 文号 names."""
    if len(segments) == 1:
        return 0
    title = squash(web.get("title") or "")
    number = parse_doc_number(web.get("doc_number") or "")
    for k, seg in enumerate(segments):
        h = seg.header
        if title and squash(h.title) and title.endswith(squash(h.title)):
            return k
        if number and h.number_line is not None:
            own = parse_doc_number(h.number_line.key)
            if own and own.text == number.text:
                return k
    return None


def _published(head: str, gazette, web: dict[str, str]) -> date | None:  # type: ignore[no-untyped-def]
    for key in ("published", "issued", "generated"):
        d = date_value(web.get(key))
        if d is not None:
            return d
    m = PUBLISHED_LINE.search(head)
    if m and gazette is not None and gazette.year:
        return make_date(gazette.year, int(m.group(1)), int(m.group(2)))
    return None
