"""The table of contents of a gazette issue (title, 字号, 登记号, page), and the documents it lists checked against
those found in the body.
"""

from __future__ import annotations

import re

from zhengce.parse.metadata import looks_like_issuer
from zhengce.parse.model import ParsedSource, TocEntry
from zhengce.text.lexicon import parse_doc_number, parse_reg_code
from zhengce.text.normalise import strip_wrap_spaces

TOC_ENTRY = re.compile(
    r"(?P<title>[^\n]*?(?:关于|印发|转发)[^\n]*?的(?:通知|通告|公告|意见|决定|命令|通报|批复|报告|函|纪要|决议))"
    r"\s*[(（]?\s*(?P<number>[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号)?"
    r"\s*(?P<reg>[A-Z]{2,8}\s*[-－—–]\s*\d{4}\s*[-－—–]\s*\d{4,6})?\s*[)）]?\s*(?:[·.…]+\s*)?"
    r"[(（]?\s*(?P<page>\d{1,4})?\s*[)）]?\s*$",
    re.M,
)


def parse_toc(front: str) -> list[TocEntry]:
    """Entries of the table of contents in the front matter (title, 字号, 登记号, page)."""
    if not re.search(r"目\s*录", front):
        return []
    # an entry may wrap: join lines that do not yet carry a page number
    body = front[re.search(r"目\s*录", front).end() :]  # type: ignore[union-attr]
    # section labels of the contents (【市政府文件】, 区级文件) are not part of any entry
    body = re.sub(r"(?m)^\s*(?:【[^】\n]{1,20}】|[\u4e00-\u9fff、]{1,10}文件)\s*$", "", body)
    body = re.sub(r"\n\s*\n", "\n", body)
    body = re.sub(r"(?<=[^\d)）\s])\n(?=[^\n]*(?:的通知|的通告|〔|\(\d{4}\)|（\d{4}）))", "", body)
    entries = []
    for line in body.split("\n"):
        if "的" not in line or not re.search(r"\d", line):
            continue  # an entry carries its 字号 or its page number
        m = TOC_ENTRY.search(line)
        if m is None or not (m.group("number") or m.group("page")):
            continue
        title = strip_wrap_spaces(re.sub(r"^[-•·\s]+", "", m.group("title")))
        _issuer, title = _split_title_issuer(title)
        number = parse_doc_number(m.group("number")) if m.group("number") else None
        reg = parse_reg_code(m.group("reg")) if m.group("reg") else None
        page = int(m.group("page")) if m.group("page") else None
        entries.append(TocEntry(title, number.text if number else None, reg.text if reg else None, page))
    return entries


def _split_title_issuer(title: str) -> tuple[str | None, str]:
    m = re.search(r"关于|印发|转发", title)
    if m is None:
        return None, title
    prefix = title[: m.start()]
    # whatever precedes the title word is the issuer, or masthead text glued on by wrapping
    return (prefix if prefix and looks_like_issuer(prefix) else None), title[m.start() :]


def check_against_toc(parsed: ParsedSource) -> None:
    """Documents the contents list announces but the body lacks, and codes printed differently."""
    by_number = {d.doc_number.text: d for d in parsed.documents if d.doc_number}
    for entry in parsed.toc:
        doc = by_number.get(entry.doc_number) if entry.doc_number else None
        if doc is None:
            doc = next((d for d in parsed.documents if d.title == entry.title), None)
        if doc is None:
            parsed.warnings.append(f"目录列出的文件未在正文中找到 / listed in the contents but not found: "
                                   f"{entry.title} {entry.doc_number or ''}".strip())
            continue
        if entry.reg_code and doc.reg_code and entry.reg_code != doc.reg_code.text:
            doc.warnings.append(f"目录中的登记号 {entry.reg_code} 与正文 {doc.reg_code.text} 不一致 / "
                                "registration code differs between contents and body")
