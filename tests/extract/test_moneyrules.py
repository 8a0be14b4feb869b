"""Money rules: rates and amounts stated in measures, flagged as candidates for calculators."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zhengce.extract.moneyrules import SENTENCE, find_money_rules, money_terms


def kinds(sentence: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(t.kind, t.yuan, t.rate, t.per) for t in money_terms(sentence)]


def test_rule_forms() -> None:
    assert kinds("对获得发明专利授权的，每件资助0.3万元。") == [("per_unit", "3000", None, "件")]
    assert kinds("按照实际支出维权费用的50%给予援助，最高不超过2万元。") == [
        ("rate", None, "50", None), ("cap", "20000", None, None)]
    assert kinds("种粮大户按250元/亩给予补贴。") == [("per_unit", "250", None, "亩")]
    assert kinds("对新认定的企业一次性奖励50万元。") == [("amount", "500000", None, None)]
    assert kinds("贷款额度在1000万元以上的，给予3万元补贴。") == [
        ("threshold", "10000000", None, None), ("amount", "30000", None, None)]
    (term,) = money_terms("给予0.5万元至2万元的评估费补贴。")
    assert (term.kind, term.low, term.high) == ("range", "5000", "20000")
    (rate,) = money_terms("按其缴纳契税的50%给予补贴。")
    assert rate.base == "其缴纳契税"


def test_amounts_are_exact_decimals() -> None:
    (term,) = money_terms("每户补助1.15万元。")
    assert Decimal(term.yuan or "") == Decimal("11500")


def test_sentences_without_a_money_rule_are_not_flagged() -> None:
    assert money_terms("全市地区生产总值增长6%，固定资产投资完成300亿元。") == []
    rules = find_money_rules("一、总体要求。对符合条件的，按200元/人给予培训补贴；加强组织领导。")
    assert [r.text for r in rules] == ["对符合条件的，按200元/人给予培训补贴；"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["给予", "補貼", "奖励", "每户", "1.5万元", "200元/人", "30%", "按", "的", "企业",
                                       "。", "；", ";", "\n", "，", " "]), max_size=30).map("".join))
def test_only_the_sentences_with_a_money_word_are_read_and_none_is_missed(text: str) -> None:
    """find_money_rules looks only at the sentences its words point to: the same rules as reading every one."""
    every = []
    for m in SENTENCE.finditer(text):
        terms = money_terms(m.group(0))
        if terms:
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            every.append((m.group(0).strip(), m.start() + lead, [t.record() for t in terms]))
    found = [(r.text, r.start, [t.record() for t in r.terms]) for r in find_money_rules(text)]
    assert found == every
