"""Serve: one document — its page (metadata, status on a day, clause tree, tasks, targets, citations, and the
calculators and eligibility rules that compute from it) and the status query ``/api/status``.

The day the status is judged on (``as_of``) is read as people write it (2025-03-01, 2025/3/1, 2025年3月1日);
a day that cannot be read is a message beside the field on the page (the status shown is today's), a 400
in Chinese on the API.

Public names: router, DocumentDetail, DocumentPage, StatusPage, Use, uses_of.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import Field

from zhengce import library
from zhengce.access.accounts import today as today_cn
from zhengce.calc import CALCULATORS
from zhengce.calc.core import load_params
from zhengce.eligibility import load_rules
from zhengce.text.typed import read_day
from zhengce.web.display import own_name
from zhengce.web.forms import is_api
from zhengce.web.guard import Id, query_id
from zhengce.web.models import Citation, DocumentSummary, Status, Target, Task
from zhengce.web.twins import Data, Loose, actor, engine, found, twin

router = APIRouter()

AS_OF_HINT = "应为日期，如 2025-03-01、2025/3/1 或 2025年3月1日"


class DocumentDetail(DocumentSummary):
    published: str | None = Field(description="发布日期")
    effective_from: str | None = Field(description="施行日期")
    expires_on: str | None = Field(description="有效期至")
    recipients: list[str] = Field(description="主送")
    source: str = Field(description="来源文件（文件名）")
    source_path: str | None = Field(None, description="导入时给定的路径（仅督查室可见，他人为空）")
    searchable_pdf: str | None = Field(None, description="可检索PDF地址（来源文件经 OCR 识别时；扫描页加不可见文字层）")
    warnings: list[Any] = Field(description="解析提示")


class Use(Loose):
    kind: str = Field(description="calculator（计算器）或 rule（政策找人规则）")
    kind_name: str = Field(description="计算器 / 政策找人")
    title: str = Field(description="名称")
    url: str = Field(description="链接")
    clause: str = Field(description="依据的条款")
    period_clause: str | None = Field(None, description="计算器：规定有效期的条款（clause 为金额所依据的条款）")
    start: str | None = Field(description="适用期起")
    end: str | None = Field(description="适用期止（含当日）")
    applies: bool = Field(description="在判断日期是否适用")
    note: str = Field(description="是否适用的说明")


class DocumentPage(Loose):
    document: DocumentDetail = Field(description="元数据")
    status: Status = Field(description="as_of 日（默认今天）的效力")
    as_of: str | None = Field(description="效力判断日期")
    as_of_error: str | None = Field(None, description="填写的判断日期无法识别时的提示（此时按今天判断）")
    as_of_typed: str | None = Field(None, description="填写的判断日期（原样）")
    uses: list[Use] = Field(default_factory=list,
                            description="依据本文件的计算器与政策找人规则，及其在判断日期是否适用")
    status_events: list[dict[str, Any]] = Field(description="其他文件对它的记载（废止、失效、继续有效）")
    states: list[dict[str, Any]] = Field(description="它对其他文件效力的记载")
    superseded: dict[str, Any] | None = Field(description="已被新版本取代时：何时、现行版本")
    tree: dict[str, Any] | None = Field(description="条款树")
    tasks: list[Task] = Field(description="任务")
    targets: list[Target] = Field(description="目标")
    cites: list[Citation] = Field(description="引用的文件")
    cited_by: list[DocumentSummary] = Field(description="引用它的文件")


class StatusPage(Loose):
    as_of: str = Field(description="判断日期")
    stored: bool = Field(description="是否收录")
    document: dict[str, Any] = Field(description="文件（未收录时只有文号、登记号、标题）")
    status: Status = Field(description="效力")
    events: list[dict[str, Any]] = Field(description="决定效力的记载")
    same_code: list[dict[str, Any]] = Field(description="同一登记号下的文件（多于一个即登记号重复）")


def as_of_day(text: str) -> date | None:
    """The day typed for ``as_of`` (empty: None); ValueError with the Chinese message otherwise."""
    if not text.strip():
        return None
    try:
        return read_day(text)
    except ValueError as exc:
        raise ValueError(f"判断日期{exc}" if str(exc).startswith("应为") else f"判断日期有误：{exc}") from None


def _applies(start: date | None, end: date | None, on: date, in_force: bool) -> tuple[bool, str]:
    day = on.isoformat()
    if start and on < start:
        return False, f"{day} 尚未开始（自 {start.isoformat()} 起）"
    if end and on > end:
        return False, f"已结束（最后一天 {end.isoformat()}）"
    if not in_force:
        return False, "文件在该日已不再有效"
    return True, f"{day} 适用" + (f"（至 {end.isoformat()}）" if end else "")


def _calc_period(name: str) -> tuple[date | None, date | None, str, str]:
    """A calculator's own period: from its document's effective date to the last day any of its values holds
    (open when one of them has no end); the clauses its amounts come from, and the clause of its period."""
    params = load_params(name)
    versions = [v for vs in params.versions.values() for v in vs]
    ends = [v.valid_to for v in versions]
    end = max(ends) if ends and all(ends) else None  # type: ignore[type-var]
    validity = params.versions.get("validity")
    period = validity[-1].ref.clause if validity else params.period_clause
    amounts = [v.ref.clause for k, vs in params.versions.items() for v in vs
               if k != "validity" and v.ref.clause and v.ref.clause != period]
    return params.effective_from, end, "、".join(dict.fromkeys(amounts)), period


def uses_of(doc_number: str | None, on: date, in_force: bool = True,
            doc_end: date | None = None) -> list[dict[str, Any]]:
    """The calculators and eligibility rules that compute from the document numbered ``doc_number``, each
    with its clause and whether it applies on ``on`` (its own period — a calculator without an end of its own
    ends with the document, ``doc_end`` — and the document still in force)."""
    if not doc_number:
        return []
    out: list[dict[str, Any]] = []
    for name, calc in CALCULATORS.items():
        if load_params(calc.params).doc_number != doc_number:
            continue
        start, end, clause, period_clause = _calc_period(calc.params)
        end = end or doc_end
        ok, note = _applies(start, end, on, in_force)
        out.append({"kind": "calculator", "kind_name": "计算器", "title": calc.title, "url": f"/calc/{name}",
                    "clause": clause, "period_clause": period_clause, "start": start.isoformat() if start else None,
                    "end": end.isoformat() if end else None, "applies": ok, "note": note})
    for rule in load_rules():
        if rule.document != doc_number:
            continue
        ok, note = _applies(rule.period.start, rule.period.end, on, in_force)
        out.append({"kind": "rule", "kind_name": "政策找人", "title": rule.title,
                    "url": f"/eligibility/rules/{rule.id}", "clause": rule.clause,
                    "start": rule.period.start.isoformat() if rule.period.start else None,
                    "end": rule.period.end.isoformat() if rule.period.end else None, "applies": ok, "note": note})
    return out


LONG_TEXT = 6000  # characters: a longer document is shown with its parts folded (about five screens)
LONG_TABLE = 30  # task or target rows: a longer table is folded


def _text_length(node: Data | None) -> int:
    if not node:
        return 0
    return len(node.get("text") or "") + sum(_text_length(c) for c in node.get("children") or [])


def _doc_context(data: Data, request: Request) -> Data:
    """A long document folds its parts and its tables, so that the page stays a few screens long; the source
    file is named by its path for the office, by its name for others unless a machine made the name."""
    long = (_text_length(data.get("tree")) > LONG_TEXT or len(data.get("tasks") or []) > LONG_TABLE
            or len(data.get("targets") or []) > LONG_TABLE)
    d = data["document"]
    name = d.get("source") or ""  # a machine-made name (004_f03aab842b649483.txt) tells a reader nothing
    shown = d.get("source_path") or own_name(name) or None
    return data | {"long": long, "source_shown": shown}


@twin(router, "/doc/{doc_id}", template="doc.html", model=DocumentPage, context=_doc_context,
      summary="文档：元数据、效力（as_of=某日，如 2025-03-01 或 2025年3月1日）、条款树、任务、目标、引用与被引用、"
              "依据它的计算器与政策找人规则")
def doc(request: Request, doc_id: Id, as_of: str = "") -> Data:
    error = None
    try:
        day = as_of_day(as_of)
    except ValueError as exc:
        if is_api(request):
            raise HTTPException(status_code=400, detail=f"{exc} / as_of must be a date") from None
        day, error = None, str(exc)
    data = found(library.document(engine(request), doc_id, day, actor(request)), "文档")
    on = day or today_cn()
    in_force = data["status"]["status"] in {"valid", "unknown"}
    end = data["document"].get("expires_on")
    data["uses"] = uses_of(data["document"].get("doc_number"), on, in_force, date.fromisoformat(end) if end else None)
    if error:
        data |= {"as_of_error": error, "as_of_typed": as_of[:40]}
    return data


@router.get("/api/status",
            summary="效力查询：doc=文号、登记号或文档编号，as_of=日期（默认今天，如 2025-03-01 或 2025年3月1日）",
            description="未收录的文件按已收录文件对它的记载（废止、宣布失效、继续有效）判断。since 是该效力的第一天"
                        "（有效期至 2025-07-21 的文件自 2025-07-22 起已失效）。",
            response_model=StatusPage, response_model_exclude_unset=True)
def status(request: Request, doc: str = "", as_of: str = "") -> Data:
    if doc.strip().isdigit() and query_id(doc) is None:
        raise HTTPException(status_code=404, detail="文件不存在 / not found")
    try:
        day = as_of_day(as_of)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=f"{exc} / as_of must be a date") from None
    return found(library.status_of(engine(request), doc, day), "文件")
