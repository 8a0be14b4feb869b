"""One mechanism for every page: an HTML page and its JSON twin from one data function.

A route module declares a module-level ``router = APIRouter()`` and writes each page once::

    @twin(router, "/unit/{unit_id}", template="unit.html", model=UnitPage, summary="单位：承担的任务")
    def unit_page(request: Request, unit_id: Id) -> dict[str, Any]:
        return found(library.unit(engine(request), unit_id), "单位")

which serves ``GET /unit/{unit_id}`` (the template rendered with the data, not in the API schema) and
``GET /api/unit/{unit_id}`` (the data, described in OpenAPI by ``model``; the home page ``/`` has ``/api``).
Keys the data leaves out stay out of the JSON (``response_model_exclude_unset``): a model's optional field
never adds a ``null``. ``context`` turns the data into
the template's arguments when they differ. Downloads (CSV, Excel) use :func:`csv_response` and
:func:`xlsx_response`. Shared state lives on the app: ``app.state.engine`` (the store) and
``app.state.templates`` (set by :func:`zhengce.web.app.create_app`).

Public names: twin, api_path, page, engine, actor, found, csv_response, xlsx_response, disposition, Loose, Data.
"""

from __future__ import annotations

import csv
import functools
import inspect
import io
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.engine import Engine

from zhengce.access.accounts import PUBLIC, Actor
from zhengce.sheets import XLSX, safe_cell

Data = dict[str, Any]


class Loose(BaseModel):
    """Base of the response models: the fields a client can rely on are declared (and so described in
    OpenAPI); fields not declared yet pass through unchanged."""

    model_config = ConfigDict(extra="allow")


def engine(request: Request) -> Engine:
    """The store the app serves."""
    return request.app.state.engine  # type: ignore[no-any-return]


def actor(request: Request) -> Actor:
    """Who is asking (set by the sign-in middleware; the public otherwise)."""
    return getattr(request.state, "actor", PUBLIC)  # type: ignore[no-any-return]


def page(request: Request, template: str, context: Data, status: int = 200) -> HTMLResponse:
    """Render ``template`` with ``context``, the signed-in user and the CSRF token."""
    me = actor(request)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, {"me": me, "csrf": me.csrf or ""} | context,  # type: ignore[no-any-return]
                                      status_code=status)


def found(data: Data | None, what: str) -> Data:
    """``data``, or a 404 naming ``what`` was not found."""
    if data is None:
        raise HTTPException(status_code=404, detail=f"{what}不存在 / not found")
    return data


def one_page(count: int, size: int, asked: int | None) -> tuple[slice, int, int]:
    """Page ``asked`` of ``count`` items shown ``size`` to a page (the first when none is asked, the last when
    one past it is): the slice of the items it shows, its number and the number of pages (at least one)."""
    pages = max(1, -(-count // size))
    number = min(asked or 1, pages)
    return slice((number - 1) * size, number * size), number, pages


def twin(router: APIRouter, path: str, *, template: str, summary: str, model: type[BaseModel],
         description: str | None = None, context: Callable[[Data, Request], Data] | None = None,
         ) -> Callable[[Callable[..., Data]], Callable[..., Data]]:
    """Register ``GET path`` (HTML) and ``GET /api{path}`` (JSON described by ``model``) for a data function
    whose first parameter is ``request: Request``; its other parameters are the path and query parameters."""

    def decorate(data: Callable[..., Data]) -> Callable[..., Data]:
        params = list(inspect.signature(data).parameters)
        if not params or params[0] != "request":
            raise TypeError(f"{data.__name__}: the first parameter of a twin's data function must be `request`")

        @functools.wraps(data)
        def html(*args: Any, **kwargs: Any) -> HTMLResponse:
            request: Request = kwargs["request"]
            got = data(*args, **kwargs)
            return page(request, template, context(got, request) if context else got)

        @functools.wraps(data)
        def api(*args: Any, **kwargs: Any) -> Data:
            return data(*args, **kwargs)

        html.__name__ = f"{data.__name__}_html"
        router.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse, include_in_schema=False)
        router.add_api_route(api_path(path), api, methods=["GET"], summary=summary, description=description,
                             response_model=model, response_model_exclude_unset=True, name=data.__name__)
        return data

    return decorate


def api_path(path: str) -> str:
    """The path of a page's JSON twin: ``/api`` in front (the home page ``/`` has ``/api``)."""
    return "/api" if path == "/" else "/api" + path


def disposition(name: str) -> str:
    """A Content-Disposition header for a download named ``name`` (any characters; an ASCII fallback)."""
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}) or "download"
    ascii_name = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in ".-_" else "_" for ch in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def csv_response(name: str, fields: Sequence[str], rows: Sequence[Data]) -> Response:
    """Rows as a CSV download (UTF-8 with a byte-order mark, so that Excel reads Chinese; cells that a
    spreadsheet would run as formulas are made safe)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k, "")) for k in fields})
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": disposition(name)})


def xlsx_response(name: str, content: bytes) -> Response:
    """An Excel workbook (made with :func:`zhengce.sheets.workbook`) as a download."""
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition(name)})


__all__ = ["Data", "Loose", "actor", "api_path", "csv_response", "disposition", "engine", "found", "page", "twin",
           "xlsx_response"]
