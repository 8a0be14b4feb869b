"""Store, part four: 政策找人 (issue 18) — draft rules for review, profiles (personal data), pushes and
answers a member of the public asked to keep.

A draft rule is read from a document's text and never matches until a person confirms it (``rule`` then
holds the confirmed rule as rule-file data). A profile is a resident's or an enterprise's typed facts,
imported from a spreadsheet; only the office and the units it was pushed to see it. A push is one match
(符合, or 待确认 worth reaching) handed to the unit that grants the benefit, with the outcome it records:
granted, refused (with the reason) or not reached. A kept answer is found again only by its private code,
whose SHA-256 alone is stored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhengce.db.schema import Base


class EligibilityDraftRow(Base):
    __tablename__ = "eligibility_drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of document, clause, form and sentence
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), nullable=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    clause: Mapped[str] = mapped_column(String(120), default="")
    node_id: Mapped[str] = mapped_column(String(120), default="")
    form: Mapped[str] = mapped_column(String(40))
    sentence: Mapped[str] = mapped_column(Text)
    beneficiary: Mapped[str] = mapped_column(Text, default="")
    benefit: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    money: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)  # draft | confirmed | rejected
    rule: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # the confirmed rule
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class EligibilityProfileRow(Base):
    __tablename__ = "eligibility_profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(100), unique=True)  # the id column of the sheet (统一社会信用代码 …)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    county: Mapped[str | None] = mapped_column(String(100), nullable=True)
    township: Mapped[str | None] = mapped_column(String(100), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the profile, every value as text (dates ISO, decimals)
    source: Mapped[str] = mapped_column(String(200), default="")  # the file it came from
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class EligibilityPushRow(Base):
    __tablename__ = "eligibility_pushes"
    __table_args__ = (UniqueConstraint("profile_id", "rule_id", name="uq_eligibility_push_profile_rule"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("eligibility_profiles.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(120), index=True)
    rule_title: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str] = mapped_column(String(64), default="")
    clause: Mapped[str] = mapped_column(String(120), default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    answer: Mapped[str] = mapped_column(String(8))  # 符合 | 待确认
    amount: Mapped[str | None] = mapped_column(String(32), nullable=True)  # a decimal string, yuan
    amount_min: Mapped[str | None] = mapped_column(String(32), nullable=True)
    questions: Mapped[list[str]] = mapped_column(JSON)
    as_of: Mapped[date] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date)  # the outcome is due: working days after the push
    status: Mapped[str] = mapped_column(String(16), index=True)  # open | granted | refused | not_reached
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    outcome_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class EligibilityKeptRow(Base):
    __tablename__ = "eligibility_kept"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    skipped: Mapped[list[str]] = mapped_column(JSON)
    on: Mapped[str] = mapped_column(String(10), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
