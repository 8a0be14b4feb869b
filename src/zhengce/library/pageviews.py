"""Pages of laid-out sources on the document page: 第N页 beside each clause, task and target printed on a page,
and the page view — the page image with a clause's boxes marked, its text, the pages before and after.

The stored page map (:mod:`zhengce.db.pages`) gives each page's span of the source's display text; the offsets
of clauses, tasks and targets refer to the same text, so the pages of any of them are found by bisection.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, defer

from zhengce.db import ClauseRow, DocumentRow, SourceRow
from zhengce.db.pages import boxes_on, file_format, page_numbers, page_row, page_spans, source_file
from zhengce.library.pageimages import drawable, page_png, pixel_size
from zhengce.library.records import doc_summary
from zhengce.parse.pagemap import page_range

NO_PAGES = ("此来源文件没有分页（纯文本、网页，或导入时无法用 LibreOffice 排版的 Word 文件）/ "
            "this source has no pages")
NO_SUCH_PAGE = "该页不存在 / no such page"
NO_CLAUSE = "本文件中没有该条款 / no such clause in this document"
NOT_RENDERED = {
    "ofd": "无法渲染此页的图像：本机没有中文字体（scripts/cjkfont.sh 可安装 fonts-noto-cjk），下面是本页的文字 / "
           "no Chinese font to draw the OFD page with; its text follows",
    "": "无法渲染此页的图像：原文件未保存 / the file itself was not stored",
}


class PageNotFound(LookupError):
    """A page that cannot be shown; the message says why, in Chinese and English."""


def page_label(first: int, last: int) -> str:
    return f"第{first}页" if first == last else f"第{first}–{last}页"


def page_link(doc_id: int, node_id: str | None, pages: tuple[int, int] | None) -> dict[str, Any] | None:
    if pages is None:
        return None
    query = f"?clause={node_id}" if node_id else ""
    return {"first": pages[0], "last": pages[1], "label": page_label(*pages),
            "url": f"/doc/{doc_id}/page/{pages[0]}{query}"}


def add_pages(session: Session, row: DocumentRow, tree: dict[str, Any] | None,
              items: list[tuple[dict[str, Any], int, int]]) -> bool:
    """Give each node of ``tree`` and each (dict, start, end) of ``items`` (tasks, targets) a ``pages`` link
    when the document's source has pages; whether it has."""
    spans = page_spans(session, row.source_id)
    if not spans:
        return False

    def walk(node: dict[str, Any]) -> None:
        link = page_link(row.id, node.get("id"), page_range(spans, node.get("start", 0), node.get("end", 0)))
        if link is not None:
            node["pages"] = link
        for child in node.get("children") or []:
            walk(child)

    if tree:
        walk(tree)
    for item, start, end in items:
        link = page_link(row.id, item.get("node_id"), page_range(spans, start, end))
        if link is not None:
            item["pages"] = link
    return True


def _clause(session: Session, doc_id: int, node_id: str) -> ClauseRow | None:
    return session.scalar(select(ClauseRow).where(ClauseRow.document_id == doc_id, ClauseRow.node_id == node_id))


def _text(session: Session, source_id: int, start: int, end: int) -> str:
    """Display text ``start:end`` of a source (read only for a page that is not drawn)."""
    text = session.scalar(select(SourceRow.text).where(SourceRow.id == source_id)) or ""
    return text[start:end]


def page_view(engine: Engine, doc_id: int, number: int, node_id: str = "") -> dict[str, Any] | None:
    """What the page view shows: the document, page ``number`` of its source (size, image, neighbours), the
    clause ``node_id`` (its text, pages and its boxes on this page). None without the document; a page that
    cannot be shown raises :class:`PageNotFound`."""
    with Session(engine) as session:
        row = session.scalar(select(DocumentRow).options(defer(DocumentRow.data)).where(DocumentRow.id == doc_id))
        if row is None:
            return None
        numbers = page_numbers(session, row.source_id)
        if not numbers:
            raise PageNotFound(NO_PAGES)
        page = page_row(session, row.source_id, number)
        if page is None:
            raise PageNotFound(NO_SUCH_PAGE)
        clause = _clause(session, doc_id, node_id) if node_id else None
        if node_id and clause is None:
            raise PageNotFound(NO_CLAUSE)
        name, source_format = session.execute(select(SourceRow.name, SourceRow.format)
                                              .where(SourceRow.id == row.source_id)).one()
        kept = file_format(session, row.source_id)  # a Word file's: the PDF LibreOffice printed
        drawn = drawable(kept)
        query = f"?clause={node_id}" if node_id else ""
        at = numbers.index(number)
        width, height = pixel_size(page.width, page.height)
        out: dict[str, Any] = {
            "document": doc_summary(row),
            "source": {"id": row.source_id, "name": name, "format": source_format, "pages": len(numbers)},
            "page": {"number": number, "width": page.width, "height": page.height, "skew": page.skew,
                     "label": page_label(number, number)},
            "image": {"url": f"/doc/{doc_id}/page/{number}.png{query}", "width": width, "height": height}
            if drawn else None,
            "notice": None if drawn else NOT_RENDERED.get(kept or "", NOT_RENDERED[""]),
            "text": None if drawn else _text(session, row.source_id, page.start, page.end),
            "prev": f"/doc/{doc_id}/page/{numbers[at - 1]}{query}" if at > 0 else None,
            "next": f"/doc/{doc_id}/page/{numbers[at + 1]}{query}" if at + 1 < len(numbers) else None,
            "clause": None,
            "boxes": [],
        }
        if clause is not None:
            pages = page_range(page_spans(session, row.source_id), clause.start, clause.end)
            out["clause"] = {"node_id": clause.node_id, "label": clause.label, "text": clause.text,
                             "url": f"/doc/{doc_id}#{clause.node_id}", "pages": page_link(doc_id, node_id, pages)}
            out["boxes"] = boxes_on(page, clause.start, clause.end)
        return out


def page_image(engine: Engine, doc_id: int, number: int, node_id: str = "") -> bytes | None:
    """The PNG of page ``number`` of the document's source with the clause ``node_id`` marked; None without
    the document; :class:`PageNotFound` when the page cannot be drawn."""
    view = page_view(engine, doc_id, number, node_id)
    if view is None:
        return None
    if view["image"] is None:
        raise PageNotFound(view["notice"])
    source_id = view["source"]["id"]
    page = view["page"]

    def load() -> tuple[str, bytes] | None:
        with Session(engine) as session:
            return source_file(session, source_id)

    png = page_png((str(engine.url), source_id), load, number, (page["width"], page["height"]), page["skew"],
                   view["boxes"])
    if png is None:
        raise PageNotFound("无法渲染此页的图像：原文件无法打开 / the stored file cannot be drawn")
    return png
