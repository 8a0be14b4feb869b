"""Response models of the JSON API: what a client can rely on, described in ``/openapi.json``.

Every model subclasses :class:`zhengce.web.twins.Loose`: the fields declared here are typed and described;
fields not declared pass through unchanged. The models shared by several route modules live here (a
document in a list, a task, a unit, a status); each route module declares the models of its own pages.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from zhengce.web.twins import Loose


class DocumentSummary(Loose):
    """A document as lists show it."""

    id: int = Field(description="文档编号")
    doc_number: str | None = Field(description="发文字号")
    title: str | None = Field(description="标题")
    issuer: str | None = Field(description="发文机关")
    signed: str | None = Field(description="成文日期 YYYY-MM-DD")
    kind: str | None = Field(description="文种")
    year: int | None = Field(description="年份")
    jurisdiction: str | None = Field(description="辖区")
    reg_code: str | None = Field(description="统一登记号")
    validity: str = Field(description="效力：valid/expired/repealed/pending/unknown")
    task_count: int = Field(description="任务数")
    target_count: int = Field(description="目标数")
    url: str = Field(description="页面地址")
    superseded: bool = Field(description="是否已被新版本取代")


class Status(Loose):
    """A document's status on a day, with the reason."""

    status: str = Field(description="效力：valid/expired/repealed/pending/unknown")
    status_name: str = Field(description="效力（中文）")
    since: str | None = Field(description="自何日起")
    reason: str | None = Field(description="依据")
    event: dict[str, Any] | None = Field(description="决定效力的记载（废止、失效等），无则为空")


class TaskUnit(Loose):
    """A unit named in a task, with its role."""

    name: str = Field(description="文中写法")
    role: str = Field(description="角色：lead 牵头、support 配合、territorial 属地")
    unit_id: int = Field(description="单位编号")
    canonical: str = Field(description="规范名称")
    url: str = Field(description="单位页面地址")


class PageLink(Loose):
    """Where a clause, task or target was printed in a laid-out source (PDF, OFD, scan)."""

    first: int = Field(description="起始页码")
    last: int = Field(description="结束页码")
    label: str = Field(description="第N页 或 第N–M页")
    url: str = Field(description="页面图像视图的地址")


class Task(Loose):
    """A task of a plan with its responsible units."""

    id: int = Field(description="任务编号")
    number: str | None = Field(description="序号")
    plan: str | None = Field(description="所属方案")
    heading: str | None = Field(description="任务标题")
    text: str = Field(description="任务内容")
    node_id: str = Field(description="条款锚点")
    document_id: int = Field(description="文档编号")
    url: str = Field(description="条款地址")
    units: list[TaskUnit] = Field(description="责任单位")
    lead: list[str] = Field(description="牵头单位")
    support: list[str] = Field(description="配合单位")
    territorial: list[str] = Field(description="属地责任单位")
    pages: PageLink | None = Field(None, description="所在页（版式文件）")


class Target(Loose):
    """A target (指标) of a plan."""

    indicator: str = Field(description="指标")
    value: str | None = Field(description="目标值")
    unit: str | None = Field(description="计量单位")
    bound: str | None = Field(description="min 以上、max 以内、approx 左右、exact")
    target_year: int | None = Field(description="目标年份")
    text: str = Field(description="原文")
    url: str = Field(description="条款地址")
    pages: PageLink | None = Field(None, description="所在页（版式文件）")


class UnitSummary(Loose):
    """A responsible unit in the directory."""

    id: int = Field(description="单位编号")
    canonical: str = Field(description="规范名称")
    kind: str | None = Field(description="类型")
    level: str | None = Field(description="层级")
    jurisdiction: str | None = Field(description="辖区")
    tasks: int = Field(description="承担任务数")
    lead: int = Field(description="牵头任务数")
    url: str = Field(description="单位页面地址")


class Citation(Loose):
    kind: str = Field(description="引用类型")
    title: str | None = Field(description="所引标题")
    doc_number: str | None = Field(description="所引文号")
    resolved: DocumentSummary | None = Field(description="文库中的所引文件")
    times: int = Field(1, description="本文提到它的次数（同一文件只列一次）")
