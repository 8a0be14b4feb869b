"""Batch matching: profiles from .xlsx/.csv (a clear report of bad rows), every profile × every rule.

The first row names the columns: profile keys (see ``PROFILE_KEYS``), an optional ``id`` column
(else the row number names the profile) and optional contact columns, ``name`` (姓名/名称/联系人) and
``phone`` (联系电话/电话/手机) — personal data kept beside the profile, never matched on. A row with a bad
value is reported (row, column, what is wrong) and left out; the others are matched. Profiles are personal
data: nothing here stores them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhengce.sheets import workbook

from .engine import ANSWERS, match_rule
from .profile import ProfileError, read_profile
from .rules import Rule, load_rules

ID_COLUMNS = ("id", "编号", "profile_id")
CONTACT_COLUMNS = {"name": ("name", "姓名", "名称", "联系人"),
                   "phone": ("phone", "联系电话", "电话", "手机", "手机号")}
_CONTACT = {h: key for key, heads in CONTACT_COLUMNS.items() for h in heads}


@dataclass(slots=True)
class Batch:
    profiles: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    bad_rows: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    contacts: dict[str, dict[str, str]] = field(default_factory=dict)  # id → name and phone, when given


def _rows(path: Path) -> list[list[Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="strict")
        return [row for row in csv.reader(io.StringIO(text))]
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    raise ProfileError(f"只支持 .xlsx 或 .csv：{path.name} / only .xlsx and .csv are read")


def read_batch(path: Path) -> Batch:
    """The profiles of a spreadsheet, and every row that could not be read (with why)."""
    try:
        rows = _rows(path)
    except UnicodeDecodeError as e:
        raise ProfileError(f"CSV 应为 UTF-8 编码：{e} / the CSV must be UTF-8") from e
    except (OSError, ValueError, KeyError) as e:
        if isinstance(e, ProfileError):
            raise
        raise ProfileError(f"无法读取 {path.name}：{e} / cannot read the file") from e
    if not rows:
        raise ProfileError(f"{path.name} 是空表 / the sheet is empty")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    batch = Batch()
    id_col = next((k for k, h in enumerate(header) if h in ID_COLUMNS), None)
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        raw = {h: v for h, v in zip(header, row, strict=False) if h and h not in ID_COLUMNS and h not in _CONTACT}
        contact = {_CONTACT[h]: str(v).strip()[:100] for h, v in zip(header, row, strict=False)
                   if h in _CONTACT and v is not None and str(v).strip()}
        name = str(row[id_col]).strip() if id_col is not None and id_col < len(row) and row[id_col] else f"第{n}行"
        if name in seen:
            batch.bad_rows.append({"row": n, "id": name, "error": f"编号 {name} 重复 / duplicate id"})
            continue
        try:
            profile, ignored = read_profile(raw)
        except ProfileError as e:
            batch.bad_rows.append({"row": n, "id": name, "error": str(e)})
            continue
        seen.add(name)
        for col in ignored:
            if col not in batch.ignored_columns:
                batch.ignored_columns.append(col)
        batch.profiles.append((name, profile))
        if contact:
            batch.contacts[name] = contact
    return batch


def run_batch(profiles: list[tuple[str, dict[str, Any]]], on: date, rules: tuple[Rule, ...] | None = None,
              status: Any = None) -> dict[str, Any]:
    """Per rule: who qualifies (with the amount), who might (待确认, with the questions), who does not;
    and the payment list of every 免申即享 rule (its 符合 profiles, for review)."""
    rules = load_rules() if rules is None else rules
    per_rule: dict[str, dict[str, Any]] = {}
    for r in rules:
        per_rule[r.id] = {"rule": r.id, "title": r.title, "document": r.document, "clause": r.clause,
                          "grant": r.grant, "units": list(r.units), "counts": dict.fromkeys(ANSWERS, 0),
                          "符合": [], "待确认": [], "不符合": [], "规则不全": []}
    for name, profile in profiles:
        for r in rules:
            a = match_rule(r, profile, on, status)
            slot = per_rule[r.id]
            slot["counts"][a["answer"]] += 1
            if a["answer"] == "符合":
                slot["符合"].append({"id": name, "amount": a["amount"]})
            elif a["answer"] == "待确认":
                slot["待确认"].append({"id": name, "questions": [q["key"] for q in a["questions"]],
                                      "amount_min": a["amount_min"]})
            else:
                slot[a["answer"]].append({"id": name, "why": "；".join(f["reason"] for f in a["failed"])})
    payments = [{"rule": s["rule"], "title": s["title"], "document": s["document"], "clause": s["clause"],
                 "payees": s["符合"]}
                for s in per_rule.values() if s["grant"] == "免申即享" and s["符合"]]
    totals = Counter({k: sum(s["counts"][k] for s in per_rule.values()) for k in ANSWERS})
    return {"as_of": on.isoformat(), "profiles": len(profiles), "rules": list(per_rule.values()),
            "payment_lists": payments, "totals": dict(totals)}


def result_workbook(result: dict[str, Any]) -> bytes:
    """A batch result (:func:`run_batch`) as an Excel workbook: per rule the counts, per profile the answer,
    and the rows that could not be read."""
    summary = [[r["rule"], r["title"], r["document"], r["clause"], r["grant"], *r["counts"].values()]
               for r in result["rules"]]
    rows = []
    for r in result["rules"]:
        for answer in ("符合", "待确认", "不符合", "规则不全"):
            for item in r[answer]:
                rows.append([r["rule"], item["id"], answer, item.get("amount") or item.get("amount_min") or "",
                             "、".join(item.get("questions", [])) or item.get("why", "")])
    bad = [[b["row"], b["id"], b["error"]] for b in result["bad_rows"]]
    heads = ["规则", "名称", "文件", "条款", "方式", "符合", "不符合", "待确认", "规则不全"]
    return workbook([("规则汇总", heads, summary),
                     ("逐条结果", ["规则", "画像", "结论", "金额（元）", "原因或待确认的问题"], rows),
                     ("无法读取的行", ["行", "编号", "问题"], bad)])


AT_COUNTER = "窗口直接结算"  # a 符合 with no amount: the benefit is settled when the person pays (门诊统筹)


def payment_workbook(result: dict[str, Any], details: dict[str, dict[str, Any]] | None = None) -> bytes:
    """The payment lists of the 免申即享 rules (:func:`run_batch`) as a workbook for review: one row per
    payee and rule — the policy's name, the payee's name where the import gave one, the amount as a number
    (or 窗口直接结算 when the rule has none), the clause, and columns for the reviewer."""
    details = details or {}
    rows: list[list[Any]] = []
    summary: list[list[Any]] = []
    for p in result["payment_lists"]:
        amounts = [Decimal(x["amount"]) for x in p["payees"] if x["amount"] is not None]
        for payee in p["payees"]:
            d = details.get(payee["id"], {})
            rows.append([p.get("title", ""), p["rule"], p["document"], p["clause"], payee["id"], d.get("name") or "",
                         d.get("county") or "", d.get("township") or "",
                         Decimal(payee["amount"]) if payee["amount"] is not None else AT_COUNTER, "", ""])
        summary.append([p.get("title", ""), p["rule"], p["document"], p["clause"], len(p["payees"]),
                        sum(amounts, Decimal(0)) if amounts else AT_COUNTER])
    paid = [r[5] for r in summary if isinstance(r[5], Decimal)]
    summary.append(["合计", "", "", "", len(rows), sum(paid, Decimal(0))])
    return workbook([("待发放名单", ["政策", "规则编号", "文件", "条款", "对象编号", "姓名（名称）", "县市区",
                                "乡镇（街道）", "金额（元）", "审核意见", "审核人"], rows),
                     ("汇总", ["政策", "规则编号", "文件", "条款", "人数", "金额（元）"], summary)], auto_widths=True)


__all__ = ["AT_COUNTER", "Batch", "payment_workbook", "read_batch", "result_workbook", "run_batch"]
