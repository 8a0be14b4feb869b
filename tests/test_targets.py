"""Targets (目标): the grammar of quantified commitments, with samples written for the tests."""

from __future__ import annotations

import pytest

from zhengce.pipeline import parse_text
from zhengce.targets import extract_targets, quantities, table_targets


def one(sentence: str) -> tuple[str, str, str, str, str]:
    found = quantities(sentence)
    assert len(found) == 1, found
    q = found[0]
    return q.indicator, q.value, q.unit, q.bound, q.change


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("地方一般公共预算收入增长6.5%。", ("地方一般公共预算收入", "6.5", "%", "exact", "growth")),
        ("全市社会消费品零售总额增长8%以上。", ("社会消费品零售总额", "8", "%", "min", "growth")),
        ("森林覆盖率不低于62%。", ("森林覆盖率", "62", "%", "min", "level")),
        ("粮食产量稳定在45万吨左右。", ("粮食产量", "45", "万吨", "approx", "level")),
        ("高新技术企业突破300家。", ("高新技术企业", "300", "家", "min", "level")),
        ("城镇化率达到61.5%。", ("城镇化率", "61.5", "%", "exact", "level")),
        ("常住人口城镇化率提升至58%。", ("常住人口城镇化率", "58", "%", "exact", "level")),
        ("单位GDP能耗控制在0.45吨标准煤以内。", ("单位GDP能耗", "0.45", "吨标准煤", "max", "level")),
        ("万元工业增加值用水量下降9%。", ("万元工业增加值用水量", "9", "%", "exact", "decline")),
        ("新增规模以上工业企业25家以上。", ("规模以上工业企业", "25", "家", "min", "added")),
        ("累计建成5G基站达到1200个。", ("5G基站", "1200", "个", "exact", "cumulative")),
        ("居民人均可支配收入年均增长7%。", ("居民人均可支配收入", "7", "%", "exact", "growth")),
        ("城镇调查失业率控制在5.5%以内。", ("城镇调查失业率", "5.5", "%", "max", "level")),
        ("研发经费投入强度提高0.2个百分点。", ("研发经费投入强度", "0.2", "个百分点", "exact", "growth")),
        ("接待游客突破1500万人次。", ("接待游客", "1500", "万人次", "min", "level")),
        ("建成高标准农田12.6万亩。", ("高标准农田", "12.6", "万亩", "exact", "level")),
        ("完成农村公路提质改造85公里。", ("农村公路提质改造", "85", "公里", "exact", "level")),
        ("引进培育“鹰城英才”30名。", ("“鹰城英才”", "30", "名", "exact", "level")),
        # time limits of 营商环境 plans: working days and months, shortened to a level
        ("企业开办时间压缩至1个工作日以内。", ("企业开办时间", "1", "个工作日", "max", "level")),
        ("工程建设项目审批时间缩短到40个工作日。", ("工程建设项目审批时间", "40", "个工作日", "exact", "level")),
        ("审批时限控制在5个工作日以内。", ("审批时限", "5", "个工作日", "max", "level")),
        ("平均办理时长降至3个月以内。", ("平均办理时长", "3", "个月", "max", "level")),
    ],
)
def test_target_forms(sentence: str, expected: tuple[str, str, str, str, str]) -> None:
    assert one(sentence) == expected


def test_several_targets_in_one_sentence_keep_their_own_indicators() -> None:
    found = quantities("力争全县地区生产总值突破210亿元、增长6%以上，园区技工贸总收入增长12%，新增“四上”企业40家。")
    assert [(q.indicator, q.value, q.unit, q.bound) for q in found] == [
        ("地区生产总值", "210", "亿元", "min"),
        ("地区生产总值", "6", "%", "min"),  # the same indicator, a second figure
        ("园区技工贸总收入", "12", "%", "exact"),
        ("“四上”企业", "40", "家", "exact"),
    ]
    assert found[0].scope == "全县"


def test_a_quantity_that_qualifies_a_noun_is_part_of_the_indicator() -> None:
    indicator, value, unit, bound, _ = one("力争地区生产总值50亿元以上的乡镇达到3个。")
    assert (indicator, value, unit, bound) == ("地区生产总值50亿元以上的乡镇", "3", "个", "exact")
    assert quantities("降低孕产妇和5岁以下儿童死亡率。") == []


def test_quantity_before_its_noun() -> None:
    assert one("完成12个老旧小区改造。")[:3] == ("老旧小区改造", "12", "个")
    assert one("培育2个以上省级特色产业园。")[:4] == ("省级特色产业园", "2", "个", "min")


def test_baseline_and_years() -> None:
    (q,) = quantities("到2027年，全市义务教育巩固率由96%提高到98%。")
    assert (q.indicator, q.value, q.base_value, q.target_year) == ("义务教育巩固率", "98", "96", 2027)
    (q,) = quantities("交通事故死亡率较2020年下降12%。")
    assert (q.indicator, q.value, q.base_year, q.change) == ("交通事故死亡率", "12", 2020, "decline")


@pytest.mark.parametrize(
    "sentence",
    [
        "对新认定的国家级专精特新“小巨人”企业，一次性奖励50万元。",  # a money rule, not a target
        "按照每亩200元的标准给予补贴。",
        "2023年全县完成招商引资签约项目。",  # a year
        "深入实施《某某条例（2021年修订）》第12条。",  # book title, ordinal
        "截至2023年底，全市已建成充电桩800个。",  # the past
        "推进“1+3+5”产业体系建设。",  # numbers in quotes
    ],
)
def test_numbers_that_are_not_targets(sentence: str) -> None:
    assert quantities(sentence) == []


def test_target_table_with_year_columns_baselines_and_text_values() -> None:
    rows = [
        ["序号", "指标名称", "单位", "2023年", "2025年", "2027年"],
        ["1", "儿童健康管理率", "%", "88", "≥90", "≥92"],
        ["2", "重点污染物排放量", "吨", "120", "较2023年下降5%", "较2023年下降8%"],
        ["3", "群众满意度", "", "良好", "持续提升", "持续提升"],
        ["4", "养老床位", "张", "1,200", "1,500", "—"],
    ]
    got = [(t["indicator"], t["value"], t["unit"], t["bound"], t["change"], t["target_year"])
           for t in table_targets(rows, 1, 2024)]
    assert ("儿童健康管理率", "90", "%", "min", "level", 2025) in got
    assert ("儿童健康管理率", "92", "%", "min", "level", 2027) in got
    assert ("重点污染物排放量", "8", "%", "exact", "decline", 2027) in got
    assert ("群众满意度", "持续提升", "", "exact", "qualitative", 2025) in got
    assert ("养老床位", "1,500", "张", "exact", "level", 2025) in got
    assert not any(t[5] == 2023 for t in got)  # the 2023 column is the baseline
    assert not any(t[0] == "养老床位" and t[5] == 2027 for t in got)  # "—" is no target


PLAN = """\
南河市人民政府办公室关于印发《南河市制造业提质三年行动方案》的通知

南政办发〔2025〕8号

各县区人民政府，市直各单位：

现将《南河市制造业提质三年行动方案》印发给你们，请认真组织实施。

南河市人民政府办公室

2025年4月2日

南河市制造业提质三年行动方案

一、主要目标

到2027年，全市规模工业增加值年均增长8%以上，新增专精特新中小企业60家，制造业增加值占地区生产总值比重达到30%。

二、重点任务

（一）培育龙头企业。支持骨干企业扩能升级，力争培育产值百亿元企业2家。（市工信局牵头，市发改委、市财政局配合）

（二）扩大有效投资。实施技改项目100个以上，完成工业投资120亿元。（市工信局、市发改委分别牵头）
"""


def test_plan_targets_come_from_goal_sections_and_tasks_on_request() -> None:
    parsed = parse_text(PLAN, "plan.txt")
    (doc,) = parsed.documents
    goals = extract_targets(doc, parsed.text)
    assert [(t.indicator, t.value, t.unit, t.bound, t.origin) for t in goals] == [
        ("规模工业增加值", "8", "%", "min", "goal"),
        ("专精特新中小企业", "60", "家", "exact", "goal"),
        ("制造业增加值占地区生产总值比重", "30", "%", "exact", "goal"),
    ]
    assert all(t.plan == "南河市制造业提质三年行动方案" and t.target_year == 2027 for t in goals)
    assert all(t.doc_number == "南政办发〔2025〕8号" for t in goals)
    # every target links back to the text that states it
    for t in goals:
        assert parsed.text[t.start : t.end] == t.text
    everything = extract_targets(doc, parsed.text, include_tasks=True)
    tasks = [(t.indicator, t.value, t.origin) for t in everything if t.origin == "task"]
    assert ("技改项目", "100", "task") in tasks
    assert ("工业投资", "120", "task") in tasks
