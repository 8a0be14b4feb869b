"""Matching: a profile and a date against every rule, four answers, never a silent no.

* **符合** — every condition holds; the amount is the calculator's for the same facts, with its steps.
* **不符合** — a condition fails (or the document was not in force): each failing condition with its clause.
* **待确认** — no condition fails but facts are missing: the questions (the ones that settle the most
  rules first) and, meanwhile, the amount range over the values a missing fact can take.
* **规则不全** — the text leaves the rule to a document that is not in the library.

A missing fact is never read as false or zero.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from zhengce.calc import CALCULATORS, CalcError
from zhengce.calc.core import money

from .profile import PROFILE_KEYS, choice_name, place_key
from .rules import Condition, Rule, clause_name, load_rules

ANSWERS = ("符合", "不符合", "待确认", "规则不全")
StatusLookup = Callable[[str, date], dict[str, Any] | None]

_UNKNOWN = object()


def _cmp(op: str, have: Any, want: Any) -> bool:
    if isinstance(want, Decimal) and not isinstance(have, Decimal):
        have = Decimal(str(int(have) if isinstance(have, bool) else have))
    return {"gt": have > want, "ge": have >= want, "lt": have < want, "le": have <= want}[op]


def check(cond: Condition, profile: dict[str, Any]) -> bool | None:
    """True, False, or None when the facts it needs are unknown."""
    if cond.op == "any_ge":  # any of several keys reaches the value (applicant or spouse)
        known = [profile[k] for k in cond.keys if k in profile]
        if any(_cmp("ge", v, cond.values[0]) for v in known):
            return True
        return False if len(known) == len(cond.keys) else None
    if cond.key not in profile:
        return None
    have = profile[cond.key]
    if cond.op == "in":
        return have in cond.values
    if cond.op == "not_in":
        return have not in cond.values
    if cond.op == "place":
        return place_key(str(have)) in {place_key(str(v)) for v in cond.values}
    if cond.op == "true":
        return have is True
    if cond.op == "false":
        return have is False
    if cond.op == "has_any":
        return any(v in have for v in cond.values)
    return _cmp(cond.op, have, cond.values[0])


KINDS = ("person", "household", "enterprise")
_PERSONAL = {"children", "first_home", "park_employment_months", "spouse_park_employment_months",
             "talent_recognised", "monitoring_group", "staff_medical_insurance"}
_ENTERPRISE = {"enterprise_size", "industry", "invention_patents_last_year", "unemployment_insurance_paid", "layoffs",
               "patent_pledge_loan", "ip_title"}


def inferred_kind(profile: dict[str, Any]) -> str | None:
    """``person`` when only facts about people are given (children, a spouse…), ``enterprise`` when only
    facts about firms are, else None: the facts a profile gives say who it is."""
    personal, firm = bool(_PERSONAL & set(profile)), bool(_ENTERPRISE & set(profile))
    if personal == firm:
        return None
    return "person" if personal else "enterprise"


def _question(key: str, clause: str, kind: str | None = None) -> dict[str, Any]:
    k = PROFILE_KEYS[key]
    out: dict[str, Any] = {"key": key, "question": k.asked(kind), "type": k.type, "clause": clause,
                           "clause_name": clause_name(clause)}
    if k.choices:
        out["choices"] = list(k.choices)
    return out


def _calc_input(rule: Rule, profile: dict[str, Any], applied: date) -> tuple[dict[str, Any], list[str]]:
    """The calculator's input from the profile, and the profile keys it needs that are unknown."""
    raw: dict[str, Any] = {}
    missing: list[str] = []
    firm = (profile.get("kind") or inferred_kind(profile)) == "enterprise"
    for name, source in rule.inputs.items():
        if isinstance(source, dict) and firm and "enterprise" in source:  # a fact about people: none for a firm
            raw[name] = source["enterprise"]
        elif isinstance(source, dict) and "keys" in source:  # a list of several facts (applicant, spouse)
            missing += [k for k in source["keys"] if k not in profile]
            raw[name] = [profile[k] for k in source["keys"] if k in profile]
        elif isinstance(source, dict):
            if source["key"] not in profile:
                missing.append(source["key"])
            else:
                value = profile[source["key"]]
                raw[name] = source.get("map", {}).get(str(value), str(value) if isinstance(value, Decimal) else value)
        elif source == "$application_date":
            raw[name] = applied.isoformat()
        elif isinstance(source, str) and source in PROFILE_KEYS:
            if source not in profile:
                missing.append(source)
            else:
                value = profile[source]
                raw[name] = value.isoformat() if isinstance(value, date) else (
                    str(value) if isinstance(value, Decimal) else value)
        else:
            raw[name] = source  # a constant of the rule
    return raw, missing


def _part(result: dict[str, Any], part: str) -> Decimal:
    value: Any = result
    for step in part.split("."):
        value = value.get(step) if isinstance(value, dict) else None
    return Decimal(str(value)) if value is not None else Decimal(0)


def amount_for(rule: Rule, profile: dict[str, Any], applied: date) -> tuple[Decimal, dict[str, Any]]:
    """The calculator's amount (the rule's part of it) for a profile whose facts are all known."""
    assert rule.calculator
    raw, _ = _calc_input(rule, profile, applied)
    result = CALCULATORS[rule.calculator].run(raw)
    return _part(result, rule.part), result


def _range(rule: Rule, profile: dict[str, Any], applied: date, unknown: list[str]) -> tuple[Decimal, Decimal] | None:
    """The least and greatest amount over the values the unknown facts can take (``vary`` of the rule)."""
    if not rule.calculator or any(k not in rule.vary for k in unknown):
        return None
    keys = sorted(set(unknown))
    found = []
    for values in itertools.islice(itertools.product(*(rule.vary[k] for k in keys)), 256):
        trial = dict(profile)
        for k, v in zip(keys, values, strict=True):
            trial[k] = Decimal(str(v)) if PROFILE_KEYS[k].type == "decimal" else v
        try:
            found.append(amount_for(rule, trial, applied)[0])
        except CalcError:
            continue
    return (min(found), max(found)) if found else None


def _status_failure(rule: Rule, profile: dict[str, Any], applied: date,
                    status: StatusLookup | None) -> tuple[dict[str, Any] | None, bool]:
    """Why the rule's document does not apply (None if it does), and whether a store answered."""
    event = profile.get(rule.event_date) if rule.event_date else applied
    if status is not None:
        found = status(rule.document, applied)
        if found is not None:
            s = found["status"]
            if s["status"] == "repealed":
                return {"key": None, "clause": "", "condition": "文件现行有效",
                        "reason": f"文件已于 {s['since'] or '此前'} 废止：{s['reason']}"}, True
            if rule.event_date:
                if not isinstance(event, date):
                    return None, True  # the date is asked for; the store speaks once it is known
                s = (status(rule.document, event) or found)["status"]
            if s["status"] in {"expired", "pending", "repealed"}:
                day = event.isoformat() if isinstance(event, date) else applied.isoformat()
                return {"key": rule.event_date, "clause": rule.period.clause, "condition": "文件在该日期有效",
                        "reason": f"{day} 文件{s['status_name']}：{s['reason']}"}, True
            return None, True
    return None, False


def _period_failure(rule: Rule, event: date) -> dict[str, Any] | None:
    p = rule.period
    what = "合同签订（购房）日期" if rule.event_date == "purchase_date" else "日期"
    if p.start and event < p.start:
        return {"key": rule.event_date, "clause": p.clause, "condition": f"自 {p.start.isoformat()} 起施行",
                "reason": f"{what} {event.isoformat()} 早于施行日期 {p.start.isoformat()}"}
    if p.end and event > p.end:
        return {"key": rule.event_date, "clause": p.clause, "condition": f"执行期限至 {p.end.isoformat()}",
                "reason": f"{what} {event.isoformat()} 晚于执行期限的最后一天 {p.end.isoformat()}，期限已结束"}
    return None


def match_rule(rule: Rule, profile: dict[str, Any], on: date, status: StatusLookup | None = None) -> dict[str, Any]:
    """One rule's answer for one profile on one date."""
    applied = profile.get("application_date") or on
    failed: list[dict[str, Any]] = []
    unknown: dict[str, str] = {}  # key → clause
    kind = profile.get("kind") or inferred_kind(profile)
    if kind is not None:
        if kind not in rule.who:
            failed.append({"key": "kind", "clause": rule.clause, "condition": "对象：" + "、".join(rule.who),
                           "reason": f"本项对象为{'、'.join(choice_name('kind', w) for w in rule.who)}，"
                                     f"申请人为{choice_name('kind', kind)}"})
    elif not set(KINDS) <= set(rule.who):
        unknown["kind"] = rule.clause
    why, _ = _status_failure(rule, profile, applied, status)
    if why:
        failed.append(why)
    event = profile.get(rule.event_date) if rule.event_date else applied
    if rule.event_date and rule.event_date not in profile:
        unknown[rule.event_date] = rule.period.clause
    elif isinstance(event, date) and not why and (why := _period_failure(rule, event)):
        failed.append(why)  # the rule's own period holds even when the document is in force (an item's term)
    if rule.apply_by and applied > rule.apply_by[0]:
        failed.append({"key": "application_date", "clause": rule.apply_by[1],
                       "condition": f"申报截止 {rule.apply_by[0].isoformat()}",
                       "reason": f"申报日期 {applied.isoformat()} 晚于申报截止日 "
                                 f"{rule.apply_by[0].isoformat()}，申报已截止"})
    for cond in rule.conditions:
        ok = check(cond, profile)
        if ok is None:
            for k in cond.keys:
                if k not in profile:
                    unknown.setdefault(k, cond.clause)
        elif not ok:
            have = "、".join(_show(profile.get(k), k) for k in cond.keys if k in profile)
            failed.append({"key": cond.key, "clause": cond.clause, "condition": cond.text,
                           "reason": f"不满足“{cond.text}”（您的回答：{have}）"})
    out: dict[str, Any] = {"rule": rule.id, "title": rule.title, "document": rule.document, "clause": rule.clause,
                           "clause_name": clause_name(rule.clause), "who": list(rule.who), "answer": "",
                           "amount": None, "amount_min": None, "amount_max": None,
                           "failed": [], "questions": [], "grant": rule.grant, "units": list(rule.units),
                           "part_of": rule.part_of, "missing_rule": None, "notes": [], "trace": []}
    if rule.note:
        out["notes"].append(rule.note)
    if failed:
        out.update(answer="不符合", failed=failed)
        return out
    calc_missing: list[str] = []
    if rule.calculator:
        _, calc_missing = _calc_input(rule, profile, applied)
        for k in calc_missing:
            unknown.setdefault(k, rule.clause)
    if rule.incomplete:
        out.update(answer="规则不全", missing_rule=dict(rule.incomplete))
        out["notes"].append(rule.incomplete.get("text", ""))
        return out
    if unknown:
        out.update(answer="待确认", questions=[_question(k, c, kind) for k, c in unknown.items()])
        if rule.calculator:
            span = _range(rule, profile, applied, calc_missing)
            if span:
                out.update(amount_min=money(span[0]), amount_max=money(span[1]))
        return out
    if rule.calculator:
        try:
            amount, result = amount_for(rule, profile, applied)
        except CalcError as e:
            out.update(answer="不符合", failed=[{"key": None, "clause": rule.clause, "condition": "计算器的适用条件",
                                                 "reason": str(e)}])
            return out
        if amount <= 0:
            steps = [s["text"] for s in result["steps"] if s.get("amount") == "0.00"]
            out.update(answer="不符合", failed=[{"key": None, "clause": rule.clause, "condition": "补贴金额大于零",
                                                 "reason": "；".join(steps) or "按条款计算金额为零"}])
            return out
        out.update(amount=money(amount), amount_min=money(amount), amount_max=money(amount), trace=result["steps"])
        if rule.apply_by is None and rule.part == "amount":
            out["notes"] += [s["text"] for s in result["steps"] if s.get("amount") == "0.00"]
    out["answer"] = "符合"
    return out


def _show(value: Any, key: str = "") -> str:
    """An answer as a person wrote it: 是/否, a choice by its Chinese name, 无 for an empty list."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(value) or "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    return choice_name(key, value)


def order_questions(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The questions of every 待确认 answer, those that settle the most rules first.

    A rule missing n facts gives each of them 1/n: a fact a rule waits for alone counts fully, so the
    question that settles most answers outright comes first. Each answer's own list is put in this order."""
    score: dict[str, float] = {}
    first: dict[str, dict[str, Any]] = {}
    for a in answers:
        qs = a["questions"]
        for q in qs:
            score[q["key"]] = score.get(q["key"], 0.0) + 1 / len(qs)
            first.setdefault(q["key"], q)
    rank = sorted(score, key=lambda k: (-score[k], list(PROFILE_KEYS).index(k)))
    for a in answers:
        a["questions"].sort(key=lambda q: rank.index(q["key"]))
    return [{**first[k], "settles": sum(1 for a in answers if any(q["key"] == k for q in a["questions"]))}
            for k in rank]


def coverage(answers: list[dict[str, Any]], profile: dict[str, Any]) -> str:
    """A plain sentence when no rule covers the asker's case (none 符合 or 待确认), else empty: how many rules are
    made for the asker's kind (given, or told by the facts) and that they do not fit, how many are for others."""
    kind = profile.get("kind") or inferred_kind(profile)
    if not answers or any(a["answer"] in {"符合", "待确认"} for a in answers):
        return ""
    if kind is None:
        return f"已收录的 {len(answers)} 条规则都不适用于您的情况（原因见各条）。"
    mine = [a for a in answers if kind in a.get("who", ())]
    name = choice_name("kind", kind)
    others = len(answers) - len(mine)
    if not mine:
        return f"已收录的 {len(answers)} 条规则中没有面向{name}的政策。"
    return (f"没有一条已收录的规则覆盖您的情况：面向{name}的 {len(mine)} 条规则都不满足（原因见各条）"
            + (f"，其余 {others} 条不面向{name}" if others else "") + "。可向发放单位咨询其他政策。")


def match(profile: dict[str, Any], on: date, rules: Iterable[Rule] | None = None,
          status: StatusLookup | None = None) -> list[dict[str, Any]]:
    """Every rule's answer for a typed profile (see :func:`~zhengce.eligibility.profile.read_profile`)."""
    answers = [match_rule(r, profile, on, status) for r in (load_rules() if rules is None else rules)]
    order_questions(answers)
    return answers


__all__ = ["ANSWERS", "StatusLookup", "amount_for", "check", "coverage", "match", "match_rule", "order_questions"]
