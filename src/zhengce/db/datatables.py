"""Store, part three: government data resources (政务数据目录), requests with their clocks, and grants.

A resource belongs to its provider (a unit: 政务部门); its data items (信息项) say which are personal or
secret. Requests of four kinds — share (共享申请), open (开放申请), check (校核) and objection (异议) —
carry the dates their clocks run from; grants record who may read which items for what purpose.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhengce.db.schema import Base


class DataResourceRow(Base):
    __tablename__ = "data_resources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # 基础 | 主题 | 部门
    classification: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    provider_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    provider: Mapped[str] = mapped_column(String(200))
    provider_code: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(64), default="")
    share_type: Mapped[str] = mapped_column(String(16))  # unconditional | conditional | none
    share_condition: Mapped[str] = mapped_column(Text, default="")
    share_way: Mapped[str] = mapped_column(String(100), default="")
    share_reason: Mapped[str] = mapped_column(Text, default="")
    share_basis: Mapped[str] = mapped_column(Text, default="")
    open_type: Mapped[str] = mapped_column(String(16))
    open_condition: Mapped[str] = mapped_column(Text, default="")
    open_reason: Mapped[str] = mapped_column(Text, default="")
    open_basis: Mapped[str] = mapped_column(Text, default="")
    update_cycle: Mapped[str] = mapped_column(String(32), default="")
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | published
    change_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # law or functions changed: update due
    change_note: Mapped[str] = mapped_column(Text, default="")
    sample: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # example records (示例数据)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class DataItemRow(Base):
    __tablename__ = "data_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("data_resources.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(32), default="字符型")
    personal: Mapped[bool] = mapped_column(Boolean, default=False)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    mask: Mapped[str] = mapped_column(String(16), default="")  # id | mobile | name | "" (all hidden)


class DataDuplicateRow(Base):
    """The 主管部门's answer to a pair flagged as duplicates: which one collects the data (一数一源)."""

    __tablename__ = "data_duplicates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("data_resources.id", ondelete="CASCADE"))
    b_id: Mapped[int] = mapped_column(ForeignKey("data_resources.id", ondelete="CASCADE"))
    collector_id: Mapped[int] = mapped_column(ForeignKey("data_resources.id", ondelete="CASCADE"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DataRequestRow(Base):
    __tablename__ = "data_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # share | open | check | objection
    resource_id: Mapped[int] = mapped_column(ForeignKey("data_resources.id"), index=True)
    provider_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    requester_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    applicant: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    filed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # pending | flagged | forwarded | extended | granted | refused
    #                                                  | corrected | not_corrected | answered | negotiating
    extension: Mapped[str | None] = mapped_column(String(16), nullable=True)  # check: additional | total
    flagged_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    forwarded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class DataGrantRow(Base):
    __tablename__ = "data_grants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("data_requests.id"), nullable=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("data_resources.id"), index=True)
    grantee_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    grantee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    personal_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    suspended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    suspended_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
