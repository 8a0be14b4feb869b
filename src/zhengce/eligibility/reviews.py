"""Draft rules stored for review (政策找人): read from a document's text, confirmed (with the conditions a
person typed or edited), rejected or left; only confirmed rules match.

:func:`store_drafts` keeps the drafts of a parsed source (each once: a draft is known by its document,
clause, form and sentence); :func:`draft_store` drafts every current source of a store. :func:`confirm`
turns a draft into a rule — the conditions as profile key, comparison and values, each with its clause —
checked exactly as a rule file is (:func:`zhengce.eligibility.rules.parse_rules`), and writes the decision
to the audit log; :func:`stored_rules` gives the confirmed rules beside those of the rule files.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, now, require
from zhengce.access.errors import Conflict, Invalid, NotFound
from zhengce.db import DocumentRow, SourceRow
from zhengce.db.eligtables import EligibilityDraftRow
from zhengce.parse.model import ParsedSource

from .drafts import draft_rules
from .profile import CHOICE_NAMES, PROFILE_KEYS, ProfileError, read_day, read_profile
from .rules import GRANT_MODES, OPS, Rule, RuleError, parse_rules

COMPARE = {"gt", "ge", "lt", "le", "any_ge"}

STATES = {"draft": "待审核", "confirmed": "已确认", "rejected": "已退回"}


def _key(d: dict[str, Any]) -> str:
    text = "\n".join([d.get("document") or d.get("title") or "", d["clause"], d["form"], d["sentence"]])
    return hashlib.sha256(text.encode()).hexdigest()


def store_drafts(engine: Engine, actor: Actor, parsed: ParsedSource, source_id: int | None = None) -> int:
    """Keep the drafts of a parsed source that are not kept yet; how many were new."""
    require(actor, "office")
    docs: dict[int, int] = {}
    drafts = draft_rules(parsed)
    with Session(engine) as session:
        if source_id is not None:
            docs = dict(session.execute(select(DocumentRow.ordinal, DocumentRow.id)
                                        .where(DocumentRow.source_id == source_id)).all())
        known = set(session.scalars(select(EligibilityDraftRow.key)))
        ordinals = {id(doc): k for k, doc in enumerate(parsed.documents)}
        by_title = {doc.title: ordinals[id(doc)] for doc in parsed.documents}
        added = 0
        for d in drafts:
            key = _key(d)
            if key in known:
                continue
            known.add(key)
            session.add(EligibilityDraftRow(
                key=key, document_id=docs.get(by_title.get(d["title"], -1)), doc_number=d["document"],
                title=d["title"] or "", clause=d["clause"], node_id=d["node_id"], form=d["form"],
                sentence=d["sentence"], beneficiary=d["beneficiary"], benefit=d["benefit"],
                conditions=d["conditions"], money=d["money"], status="draft", created_at=now()))
            added += 1
        if added:
            audit(session, actor, "eligibility.drafts", "eligibility_drafts", None, None,
                  {"source_id": source_id, "added": added})
        session.commit()
    return added


def draft_store(engine: Engine, actor: Actor) -> dict[str, int]:
    """Draft the rules of every current source of the store (its text parsed again)."""
    from zhengce.parse.pipeline import parse_text

    require(actor, "office")
    with Session(engine) as session:
        sources = session.execute(select(SourceRow.id, SourceRow.name, SourceRow.original)
                                  .where(SourceRow.superseded_at.is_(None)).order_by(SourceRow.id)).all()
    added = sum(store_drafts(engine, actor, parse_text(text, name), sid) for sid, name, text in sources)
    return {"sources": len(sources), "added": added}


def draft_dict(row: EligibilityDraftRow) -> dict[str, Any]:
    return {"id": row.id, "document": row.doc_number, "title": row.title, "clause": row.clause, "form": row.form,
            "sentence": row.sentence, "beneficiary": row.beneficiary, "benefit": row.benefit,
            "conditions": row.conditions, "money": row.money, "status": row.status,
            "status_name": STATES[row.status], "rule": row.rule, "note": row.note, "document_id": row.document_id,
            "version": row.version, "url": f"/eligibility/drafts/{row.id}",
            "decided_at": row.decided_at.isoformat() if row.decided_at else None}


def list_drafts(engine: Engine, actor: Actor, status: str | None = None) -> list[dict[str, Any]]:
    require(actor, "office")
    with Session(engine) as session:
        q = select(EligibilityDraftRow).order_by(EligibilityDraftRow.id)
        if status:
            q = q.where(EligibilityDraftRow.status == status)
        return [draft_dict(r) for r in session.scalars(q)]


def get_draft(engine: Engine, actor: Actor, draft_id: int) -> dict[str, Any]:
    require(actor, "office")
    with Session(engine) as session:
        row = session.get(EligibilityDraftRow, draft_id)
        if row is None:
            raise NotFound("草拟规则不存在 / no such draft")
        return draft_dict(row)


def _values(n: int, c: dict[str, Any]) -> list[str]:
    """A condition's values as a rule file writes them: choices as their codes (新建商品住房 →
    new_residential), numbers and dates checked as a profile's would be; refused in Chinese when the
    comparison does not fit the key or a value is unusable."""
    key = PROFILE_KEYS.get(c["key"])
    if key is None:
        raise Invalid(f"第 {n} 个条件的画像字段 {c['key']} 不存在 / unknown key", field="conditions")
    fits = {"in": {"choice", "str"}, "not_in": {"choice", "str"}, "place": {"str"}, "has_any": {"list"},
            "true": {"bool"}, "false": {"bool"}}.get(c["op"], {"int", "decimal", "date"})
    if key.type not in fits:
        raise Invalid(f"第 {n} 个条件：字段 {key.name} 不能用这种比较方式 / the operator does not fit the key",
                      field="conditions")
    if c["op"] in {"true", "false"}:
        return []
    raw = c.get("values")
    raw = [raw] if isinstance(raw, str) else list(raw or [])
    values = [str(v).strip() for v in raw if str(v).strip()]
    if not values:
        raise Invalid(f"第 {n} 个条件须填写取值 / condition {n} needs a value", field="conditions")
    if c["op"] == "place" or key.type in {"str", "list"}:
        return values
    try:
        return [str(read_profile({key.name: v})[0][key.name]) for v in values]
    except ProfileError as e:
        raise Invalid(f"第 {n} 个条件的取值有误：{e}", field="conditions") from e


def _who(raw: list[str] | None) -> list[str]:
    """对象 as codes: a code (person) or its Chinese name (个人) each; anything else refused in Chinese."""
    names = CHOICE_NAMES["kind"]
    out = []
    for w in raw or []:
        code = next((c for c, name in names.items() if str(w).strip() in (c, name)), None)
        if code is None:
            raise Invalid(f"对象“{w}”无法识别，应为 {'、'.join(names.values())} 之一 / unknown applicant kind",
                          field="who")
        if code not in out:
            out.append(code)
    return out or list(names)


def _rule_file(row: EligibilityDraftRow, doc: DocumentRow | None, edit: dict[str, Any]) -> dict[str, Any]:
    conditions = []
    for n, c in enumerate(edit.get("conditions") or [], start=1):
        if not c.get("key") or c.get("op") not in OPS:
            raise Invalid(f"第 {n} 个条件须选择画像字段和比较方式 / condition {n} needs a key and an operator",
                          field="conditions")
        conditions.append({"key": c["key"], "op": c["op"], "values": _values(n, c),
                           "clause": str(c.get("clause") or row.clause), "text": str(c.get("text") or "")})
    grant = edit.get("grant") or "申请"
    if grant not in GRANT_MODES:
        raise Invalid(f"兑现方式应为 {'、'.join(GRANT_MODES)} 之一 / unknown grant mode", field="grant")
    units = [u.strip() for u in (edit.get("units") or []) if str(u).strip()]
    if not units:
        raise Invalid("须填写发放单位 / the granting unit is required", field="units")
    document = {"doc_number": row.doc_number or row.title, "title": row.title,
                "effective_from": (doc.effective_from.isoformat() if doc and doc.effective_from else None),
                "expires_on": (doc.expires_on.isoformat() if doc and doc.expires_on else None)}
    period = _period(edit.get("period") or {}, row.clause)
    rule = {"id": f"draft-{row.id}", "title": str(edit.get("title") or row.beneficiary or row.title)[:200],
            "clause": row.clause, "who": _who(edit.get("who")),
            "grant": grant, "units": units, "conditions": conditions, "note": f"由草拟规则 {row.id} 经人工确认"}
    if period:
        rule["period"] = period
    return {"document": {k: v for k, v in document.items() if v is not None}, "rules": [rule]}


def _period(raw: dict[str, Any], clause: str) -> dict[str, str] | None:
    """The item's own term (起止日期 and the clause that states it); None when neither date is given (the
    document's term then applies)."""
    out: dict[str, str] = {}
    for end, name in (("from", "起始日期"), ("to", "截止日期")):
        text = str(raw.get(end) or "").strip()
        if text:
            try:
                out[end] = read_day(text).isoformat()
            except ValueError as e:
                raise Invalid(f"执行期限的{name}：{e} / invalid period", field="period") from e
    if not out:
        return None
    if "from" in out and "to" in out and out["from"] > out["to"]:
        raise Invalid("执行期限的起始日期晚于截止日期 / the period ends before it starts", field="period")
    return out | {"clause": str(raw.get("clause") or clause)}


def _parse(raw: dict[str, Any]) -> list[Rule]:
    doc = dict(raw["document"])
    for k in ("effective_from", "expires_on"):
        if isinstance(doc.get(k), str):
            doc[k] = date.fromisoformat(doc[k])
    rules = [dict(r, conditions=[dict(c, values=[date.fromisoformat(v) for v in c["values"]])
                                 if PROFILE_KEYS[c["key"]].type == "date" and c["op"] in COMPARE else c
                                 for c in r["conditions"]]) for r in raw["rules"]]
    for r in rules:
        if r.get("period"):
            r["period"] = {k: (date.fromisoformat(v) if k in {"from", "to"} else v) for k, v in r["period"].items()}
    return parse_rules({"document": doc, "rules": rules}, "草拟规则")


def decide(engine: Engine, actor: Actor, draft_id: int, action: str, version: int | None = None,
           edit: dict[str, Any] | None = None, note: str = "") -> dict[str, Any]:
    """Confirm (with the conditions in ``edit``), reject or reopen a draft; the decision is audited."""
    require(actor, "office")
    if action not in {"confirm", "reject", "reopen"}:
        raise Invalid("操作应为 confirm、reject 或 reopen / unknown action", field="action")
    with Session(engine) as session:
        row = session.get(EligibilityDraftRow, draft_id)
        if row is None:
            raise NotFound("草拟规则不存在 / no such draft")
        if version is not None and version != row.version:
            raise Conflict("此草拟规则已被他人修改，请刷新后重试 / changed by someone else")
        before = {"status": row.status, "rule": row.rule}
        if action == "confirm":
            raw = _rule_file(row, session.get(DocumentRow, row.document_id) if row.document_id else None, edit or {})
            try:
                _parse(raw)
            except (RuleError, KeyError, ValueError, ArithmeticError) as e:
                raise Invalid(f"规则无法使用：{e} / the rule is not usable", field="conditions") from e
            row.rule, row.status = raw, "confirmed"
        else:
            # reopened, the rule is kept to fill the form again (only a confirmed draft's rule matches)
            row.rule, row.status = (None, "rejected") if action == "reject" else (row.rule, "draft")
        row.note, row.decided_by, row.decided_at = note, actor.id, now()
        session.flush()
        audit(session, actor, f"eligibility.{action}", "eligibility_drafts", row.id, before,
              {"status": row.status, "rule": row.rule, "note": note})
        session.commit()
        return draft_dict(row)


def stored_rules(engine: Engine) -> tuple[Rule, ...]:
    """The rules people confirmed from drafts (a draft not confirmed never matches)."""
    with Session(engine) as session:
        raws = session.scalars(select(EligibilityDraftRow.rule).where(EligibilityDraftRow.status == "confirmed")).all()
    return tuple(r for raw in raws if raw for r in _parse(raw))


__all__ = ["STATES", "decide", "draft_dict", "draft_store", "get_draft", "list_drafts", "store_drafts",
           "stored_rules"]
