"""Serve: the search page (``/search``, its JSON twin and ``/search.csv``): results, facets, and what was searched
when the query as typed found nothing (:func:`zhengce.library.searchhelp.helped_search`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from zhengce.library import PAGE_LIMIT, PAGE_SIZE, VALIDITY, Filters
from zhengce.library import search as library_search
from zhengce.library.searchhelp import helped_search
from zhengce.web.guard import query_date, query_int
from zhengce.web.models import DocumentSummary
from zhengce.web.twins import Data, Loose, csv_response, engine, twin

router = APIRouter()


class SearchHit(DocumentSummary):
    snippet: str | None = Field(None, description="命中的条款片段")
    clause: str | None = Field(None, description="命中条款的锚点")


class FacetValue(Loose):
    value: Any = Field(description="取值")
    count: int = Field(description="文件数")


class WordCount(Loose):
    word: str = Field(description="词")
    count: int = Field(description="单独检索此词的文件数（全库）")


class SearchPage(Loose):
    query: str = Field(description="检索词")
    total: int = Field(description="命中文件数")
    total_capped: bool = Field(description="命中过多时 total 为上限")
    total_estimated: bool = Field(False, description="total 是否为估计值（命中过多时按最新文档中的命中比例推算）")
    facet_sample: int = Field(0, description="分面为近似值时，统计所依据的结果数（排在最前的这些条）")
    page: int = Field(description="页码")
    page_size: int = Field(description="每页条数")
    pages: list[int | None] = Field(description="分页链接的页码：首页、当前页前后两页、已知的末页；null 为…")
    last_page: int | None = Field(description="最后一页的页码；总数为估计值（约 N）时为空（最后一页未知）")
    page_limit: int = Field(description=f"最多可翻到的页数（前 {PAGE_LIMIT * PAGE_SIZE} 条结果），更深的页不检索")
    too_deep: bool = Field(description="page 超过 page_limit：未检索，notice 请求缩小范围")
    filters: dict[str, Any] = Field(description="生效的筛选条件")
    notice: str | None = Field(description="检索提示")
    notices: list[str] = Field(description="参数提示（被忽略的参数等）")
    results: list[SearchHit] = Field(description="本页结果")
    facets: dict[str, list[FacetValue]] = Field(description="分面：发文机关、辖区、年份、文种、有无任务、效力"
                                                "（validity：valid/expired/repealed/pending/unknown 各自的文件数，"
                                                "与按 validity 筛选所得一致）")
    facets_approximate: bool = Field(description="分面是否为近似值")
    validity_sample: int = Field(0, description="效力分面为近似值时所依据的结果数（排在最前的这些条），0 为全部命中")
    as_of: str | None = Field(description="效力判断日期，空为今天")
    ran_query: str = Field(description="实际检索的词：原词未找到结果时改用的读法（拆词、常用说法、同音字、"
                           "拼音），否则同 query")
    retry: str | None = Field(None, description="改用 ran_query 的说明（如：未找到“门诊报销”，以下为同时含有"
                              "“门诊”“报销”的文件）")
    suggestions: list[str] = Field(default_factory=list, description="您要找的是不是：库中有的写法（同音字、拼音）")
    word_counts: list[WordCount] = Field(default_factory=list, description="结果为零或很少时：各词单独检索的文件数")
    advice: list[str] = Field(default_factory=list, description="没有结果时可以怎么做")


def search_filters(params: dict[str, str], notices: list[str]) -> Filters:
    """The search filters in the query parameters; a value that cannot be used is ignored with a notice."""
    has = params.get("has_tasks", "")
    validity = params.get("validity") or None
    if validity and validity not in VALIDITY:
        notices.append("未知的效力状态，已忽略 / unknown validity status ignored")
        validity = None
    return Filters(
        issuer=params.get("issuer") or None, jurisdiction=params.get("jurisdiction") or None,
        year=query_int(params.get("year"), "year", notices, low=1, high=9999), kind=params.get("kind") or None,
        validity=validity,
        has_tasks=True if has in {"1", "true", "yes"} else False if has in {"0", "false", "no"} else None,
    )


def _search_context(data: Data, request: Request) -> Data:
    return data | {"base": {k: v for k, v in request.query_params.items() if k != "page"}}


@twin(router, "/search", template="search.html", model=SearchPage, context=_search_context, summary="全文检索",
      description="q：检索词（引号内为短语，文号可用任意括号）；issuer、jurisdiction、year、kind、"
                  "validity（valid/expired/repealed/pending/unknown，按 as_of 日期判断，默认今天）、"
                  "has_tasks（1/0）为筛选条件；page 为页码。")
def search(request: Request, q: str = "", page: str = "1") -> Data:
    params = dict(request.query_params)
    notices: list[str] = []
    filters = search_filters(params, notices)
    number = query_int(params.get("page"), "page", notices, low=1, high=100_000) or 1
    as_of = query_date(params.get("as_of", ""), "as_of")
    result = helped_search(engine(request), params.get("q", ""), filters, number, today=as_of)
    result["as_of"] = as_of.isoformat() if as_of else None
    if result["notice"]:
        notices.insert(0, result["notice"])
    result["notices"] = notices
    return result


HIT_COLUMNS = {"doc_number": "发文字号", "title": "标题", "issuer": "发文机关", "signed": "成文日期", "kind": "文种",
               "validity": "效力", "url": "链接", "snippet": "命中片段"}


CSV_ROWS = 1000  # the download's rows at most: a larger set is to be narrowed by its filters


@router.get("/search.csv",
            summary=f"检索结果（CSV）：全部命中（最多 {CSV_ROWS} 条，超出时末行说明），中文表头，效力同结果页")
def search_csv(request: Request) -> Response:
    """Every match of the search as the results page reads it (the query it ran, its filters and day), page after
    page from the first, up to CSV_ROWS; a last row says so when there are more."""
    params = dict(request.query_params)
    first = search(request)
    hits, total = list(first["results"]) if first["page"] == 1 else [], int(first["total"])
    filters = search_filters(params, [])
    as_of = query_date(params.get("as_of", ""), "as_of")
    number = 1 if hits else 0
    while len(hits) < min(total, CSV_ROWS) and number < PAGE_LIMIT:
        number += 1
        more = library_search(engine(request), first["ran_query"], filters, number, today=as_of).to_dict()["results"]
        if not more:
            break
        hits += more
    rows = [{HIT_COLUMNS[k]: VALIDITY.get(r.get(k), "") if k == "validity" else r.get(k) for k in HIT_COLUMNS}
            for r in hits[:CSV_ROWS]]
    if total > len(rows):
        about = "约 " if first.get("total_estimated") or first.get("total_capped") else ""
        rows.append({HIT_COLUMNS["title"]: f"（仅导出前 {len(rows)} 条，共{about} {total} 条：请加筛选条件缩小范围）"})
    return csv_response("search.csv", list(HIT_COLUMNS.values()), rows)


