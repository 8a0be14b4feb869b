"""Serve: the bulletin (通报) of one cycle of a campaign — as a page and its JSON twin, as a Word document in
the official-document format, and its data as an Excel workbook. ``cycle=`` chooses the cycle; by default
the last one that has ended.

Public names: router, Bulletin, PublishIn, WithdrawIn, cycle_of.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from zhengce import supervision
from zhengce.access.errors import Invalid
from zhengce.sheets import XLSX
from zhengce.supervision import bulletin as bulletins
from zhengce.text import office
from zhengce.web.forms import Created, Done, Num, form, path_id, query_int, read, refused
from zhengce.web.twins import Loose, actor, disposition, engine, twin

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Bulletin(Loose):
    campaign: dict[str, Any] = Field(description="督办事项")
    cycle: dict[str, Any] = Field(description="通报的周期")
    issue_no: int | None = Field(description="期号：已发布的通报按发布先后编号；未发布稿为空")
    published: bool = Field(description="是否已发布")
    next_no: int = Field(description="发布时将取得的期号（撤回的期号不再使用）")
    withdrawn: list[dict[str, Any]] = Field(
        description="本周期已撤回的通报：cycle、issue_no（原期号）、date（发布日期）、withdrawn（撤回日期）、reason（撤回原因）")
    issued: list[dict[str, Any]] = Field(description="本事项已发布的通报：周期、期号、发布日期")
    pdf: bool = Field(description="本机能否生成 PDF（需 LibreOffice）")
    date: str = Field(description="成文日期")
    title: str = Field(description="标题")
    office: str = Field(description="落款单位")
    reporting: dict[str, Any] = Field(description="报送情况")
    ranking: list[dict[str, Any]] = Field(description="排名")
    body: list[Any] = Field(description="正文段落")
    annexes: list[Any] = Field(description="附表：（标题, 表头, 行, 其余情况的说明）——只列滞后、欠报、逾期的行")


def cycle_of(request: Request, campaign_id: int) -> int:
    """The cycle asked for (``cycle=``), else the last cycle that has ended, else the first."""
    chosen = query_int(request, "cycle")
    if chosen is not None:
        return chosen
    view = supervision.campaign_view(engine(request), actor(request), campaign_id)
    ended = [c["index"] for c in view["cycles"] if c["state"] == "past"]
    return ended[-1] if ended else 1


def bulletin_data(request: Request, campaign_id: str) -> dict[str, Any]:
    cid = path_id(campaign_id)
    return bulletins.bulletin_data(engine(request), actor(request), cid, cycle_of(request, cid))


@twin(router, "/campaign/{campaign_id}/bulletin", template="bulletin.html", model=Bulletin,
      summary="某一期的通报（cycle=期数，默认最近结束的一期）")
def bulletin(request: Request, campaign_id: str) -> dict[str, Any]:
    cid = path_id(campaign_id)
    return bulletin_view(request, cid, cycle_of(request, cid))


def bulletin_view(request: Request, cid: int, cycle: int) -> dict[str, Any]:
    """The bulletin page's data: the bulletin, its paragraphs and annexes, and what the page offers."""
    data = bulletins.bulletin_data(engine(request), actor(request), cid, cycle)
    return data | {"body": bulletins.paragraphs(data), "annexes": bulletins.annexes(data),
                   "pdf": office.soffice() is not None, "cycle_index": data["cycle"]["index"]}


@router.get("/campaign/{campaign_id}/bulletin.docx", summary="通报（Word，公文格式）", response_class=Response)
def bulletin_docx(request: Request, campaign_id: str) -> Response:
    data = bulletin_data(request, campaign_id)
    return Response(bulletins.docx_bytes(data), media_type=DOCX,
                    headers={"Content-Disposition": disposition(bulletins.file_name(data, "docx"))})


@router.get("/campaign/{campaign_id}/bulletin.xlsx", summary="通报数据（Excel）", response_class=Response)
def bulletin_xlsx(request: Request, campaign_id: str) -> Response:
    data = bulletin_data(request, campaign_id)
    return Response(bulletins.xlsx_bytes(data), media_type=XLSX,
                    headers={"Content-Disposition": disposition(bulletins.file_name(data, "xlsx"))})


@router.get("/campaign/{campaign_id}/bulletin.pdf", summary="通报（PDF，由 LibreOffice 转换；未安装时说明原因）",
            response_class=Response)
def bulletin_pdf(request: Request, campaign_id: str) -> Response:
    data = bulletin_data(request, campaign_id)
    return Response(bulletins.pdf_bytes(data), media_type="application/pdf",
                    headers={"Content-Disposition": disposition(bulletins.file_name(data, "pdf"))})


class PublishIn(BaseModel):
    cycle: Num = Field(description="发布哪一期的通报（周期序号）")


@form(router, "/campaign/{campaign_id}/bulletin/publish", summary="发布通报：按发布先后编第N期，记下发布日期（督查室）",
      model=Created, body=PublishIn)
async def publish(request: Request, campaign_id: str) -> Done:
    data, _ = await read(request, PublishIn)
    number = bulletins.publish(engine(request), actor(request), path_id(campaign_id), data.cycle)
    return Done({"id": number}, f"/campaign/{campaign_id}/bulletin?cycle={data.cycle}")


class WithdrawIn(BaseModel):
    cycle: Num = Field(description="撤回哪一期的通报（周期序号）")
    reason: str = Field(description="撤回原因（必填，不超过 500 字）", max_length=2000)


@form(router, "/campaign/{campaign_id}/bulletin/withdraw", model=Created, body=WithdrawIn,
      summary="撤回已发布的通报（督查室，须写明原因）：期号不再使用，本周期可重新发布为新的一期")
async def withdraw(request: Request, campaign_id: str) -> Done | Response:
    data, _ = await read(request, WithdrawIn)
    cid = path_id(campaign_id)
    try:
        number = bulletins.withdraw(engine(request), actor(request), cid, data.cycle, data.reason)
    except Invalid as e:
        return await refused(request, e, "bulletin.html", lambda: bulletin_view(request, cid, data.cycle))
    return Done({"id": number}, f"/campaign/{campaign_id}/bulletin?cycle={data.cycle}")
