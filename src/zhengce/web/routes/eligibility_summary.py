"""Serve: the closing line of 政策找人 and the rules meant for other applicants, apart.

Once no question is left, the form says in one line what the answers come to — how many policies apply,
or, when none does, why (conditions not met, rules for other kinds of applicant, questions skipped, rules
still incomplete). Rules whose applicant is of another kind (a company asking about rules for individuals)
are listed apart from the applicant's own, so the table shows what can concern them.

Public names: closing, other_kind, summary.
"""

from __future__ import annotations

from typing import Any

from zhengce.eligibility import choice_name

Data = dict[str, Any]


def other_kind(answer: Data) -> bool:
    """The rule is for another kind of applicant than the one who answered (个人 vs 企业)."""
    return answer.get("answer") == "不符合" and any(f.get("key") == "kind" for f in answer.get("failed", []))


def _who(answers: list[Data]) -> str:
    names = dict.fromkeys(choice_name("kind", w) for a in answers for w in a.get("who") or [])
    return "、".join(names) or "其他对象"


def summary(answers: list[Data], open_questions: int) -> str:
    """One line once every question worth asking is answered or skipped; empty while questions remain."""
    if open_questions or not answers:
        return ""
    by: dict[str, list[Data]] = {}
    for a in answers:
        by.setdefault("他类" if other_kind(a) else str(a.get("answer")), []).append(a)
    yes, maybe = len(by.get("符合", [])), len(by.get("待确认", []))
    if yes:
        line = f"按您的回答，可享受 {yes} 项政策（见下表“符合”）"
        return line + (f"；另有 {maybe} 项因跳过的问题尚不能确定，补答后再对照" if maybe else "") + "。"
    why = []
    if by.get("不符合"):
        why.append(f"{len(by['不符合'])} 项条件不符（原因见各项“依据”）")
    if by.get("他类"):
        why.append(f"{len(by['他类'])} 项只面向{_who(by['他类'])}，不适用于您")
    if maybe:
        why.append(f"{maybe} 项因跳过的问题无法确定，补答后可能符合")
    if by.get("规则不全"):
        why.append(f"{len(by['规则不全'])} 项规则尚不完整，请向发放单位咨询")
    return "按您的回答，暂无可享受的政策：" + "；".join(why) + "。"


def closing(answers: list[Data], open_questions: int) -> Data:
    """What the form adds to a result: ``summary`` (the closing line) and ``others`` (rules for another kind)."""
    return {"summary": summary(answers, open_questions), "others": [a for a in answers if other_kind(a)]}


__all__ = ["closing", "other_kind", "summary"]
