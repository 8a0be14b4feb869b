"""Serve the pages of laid-out sources: the page view of a document's source (``/doc/{id}/page/{n}``, the page
image with a clause marked, its text, the pages before and after; JSON twin under ``/api``) and the page image
itself (``/doc/{id}/page/{n}.png``). A source without pages, a page it does not have or a clause the document
does not have is a 404 saying which. A source read by OCR is offered as a searchable PDF
(``/source/{id}/searchable.pdf``: the scan with an invisible text layer); any other source is a 404 saying so.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import Field

from zhengce import library
from zhengce.library.pageviews import NO_CLAUSE
from zhengce.web.guard import Id
from zhengce.web.models import DocumentSummary, PageLink
from zhengce.web.twins import Data, Loose, disposition, engine, found, twin

router = APIRouter()
MAX_NODE_ID = 120  # characters of a clause id (the column's width)


class PageSize(Loose):
    number: int = Field(description="页码")
    width: float = Field(description="页宽（磅，1/72 英寸）")
    height: float = Field(description="页高（磅）")
    skew: float = Field(description="OCR 时去除的倾斜角（度）；框按此角转回扫描件上")
    label: str = Field(description="第N页")


class PageImage(Loose):
    url: str = Field(description="页面图像（PNG）地址，条款已标出")
    width: int = Field(description="图像宽（像素）")
    height: int = Field(description="图像高（像素）")


class PageBox(Loose):
    x0: float = Field(description="左（磅，自页面左上角）")
    y0: float = Field(description="上")
    x1: float = Field(description="右")
    y1: float = Field(description="下")


class PageClause(Loose):
    node_id: str = Field(description="条款锚点")
    label: str = Field(description="条款序号")
    text: str = Field(description="条款文字")
    url: str = Field(description="条款在文档页的地址")
    pages: PageLink | None = Field(description="条款所在页")


class SourcePages(Loose):
    id: int = Field(description="来源文件编号")
    name: str = Field(description="来源文件名")
    format: str = Field(description="格式：pdf、ofd、image")
    pages: int = Field(description="页数")


class PageViewPage(Loose):
    document: DocumentSummary = Field(description="文档")
    source: SourcePages = Field(description="来源文件")
    page: PageSize = Field(description="本页：页码与大小")
    image: PageImage | None = Field(description="页面图像；无法渲染时为空")
    notice: str | None = Field(description="无法渲染时的说明")
    text: str | None = Field(description="无法渲染时本页的文字")
    prev: str | None = Field(description="上一页地址")
    next: str | None = Field(description="下一页地址")
    clause: PageClause | None = Field(description="标出的条款")
    boxes: list[PageBox] = Field(description="条款在本页的框（磅）")


def _clause(clause: str) -> str:
    if len(clause) > MAX_NODE_ID:
        raise HTTPException(status_code=404, detail=NO_CLAUSE)
    return clause


@router.get("/doc/{doc_id}/page/{number}.png", summary="来源文件的页面图像（PNG），clause=条款锚点时标出该条款",
            response_class=Response, responses={200: {"content": {"image/png": {}}}})
def page_png(request: Request, doc_id: Id, number: Id, clause: str = "") -> Response:
    try:
        png = library.page_image(engine(request), doc_id, number, _clause(clause))
    except library.PageNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    if png is None:
        raise HTTPException(status_code=404, detail="文档不存在 / not found")
    # a source never changes under its id (a new version is a new source): the image may be kept a day
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


@twin(router, "/doc/{doc_id}/page/{number}", template="page.html", model=PageViewPage,
      summary="来源文件的一页：页面图像、大小、clause=条款锚点时该条款的文字与框、上一页与下一页")
def page_view(request: Request, doc_id: Id, number: Id, clause: str = "") -> Data:
    try:
        view: dict[str, Any] | None = library.page_view(engine(request), doc_id, number, _clause(clause))
    except library.PageNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return found(view, "文档")


@router.get("/source/{source_id}/searchable.pdf", summary="OCR 识别的来源文件的可检索PDF：扫描页原样，加不可见的文字层",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def searchable_pdf(request: Request, source_id: Id) -> Response:
    try:
        name, pdf = library.searchable_pdf(engine(request), source_id)
    except library.SearchablePdfError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    # a download (the pages' CSP, default-src 'none', would keep a browser's PDF viewer from showing it inline);
    # a source never changes under its id, so it may be kept a day
    headers = {"Content-Disposition": disposition(name), "Cache-Control": "private, max-age=86400"}
    return Response(pdf, media_type="application/pdf", headers=headers)
