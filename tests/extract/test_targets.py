"""Targets (目标): the grammar of quantified commitments, with samples written for the tests."""

from __future__ import annotations

import pytest

from zhengce.extract.targets import extract_targets, quantities, table_targets
from zhengce.parse.pipeline import parse_text


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
        ("企业开办2个工作日内完成。", ("企业开办", "2", "个工作日", "max", "level")),
        ("不动产抵押登记3天内办结。", ("不动产抵押登记", "3", "天", "max", "level")),
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
        "“十四五”以来，全县地区生产总值年均增长7.2%。",
        "去年全镇新增市场主体达到了1200户。",
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


# --- goal sections of real plans: the forms of issue 14, with invented samples ----------------------------------

def _targets(text: str, include_tasks: bool = False) -> list[tuple[str, str, str, str]]:
    parsed = parse_text(text, "sample.txt")
    return [(t.indicator, t.value, t.unit, t.bound) for doc in parsed.documents
            for t in extract_targets(doc, parsed.text, include_tasks=include_tasks)]


def test_goal_items_that_carry_a_tag_on_lines_below_are_targets_and_the_tag_is_not_read() -> None:
    text = """\
西岭市2026年《政府工作报告》任务分解方案

一、今年全市经济社会发展的主要预期目标
1.地区生产总值增长6.2%左右。
牵头领导：市政府分管副市长
牵头单位：市发展改革委
责任单位：市统计局，各县（区）人民政府
2.规模以上工业增加值增长7%以上。
牵头单位：市工业和信息化局
责任单位：各县（区）人民政府
二、全力扩大有效需求
1.实施重点项目300个，完成投资500亿元。
牵头单位：市发展改革委
"""
    assert _targets(text) == [
        ("地区生产总值", "6.2", "%", "approx"),
        ("规模以上工业增加值", "7", "%", "min"),
    ]  # the task list of part 二 carries numbers, but it is no goal section


def test_goal_headings_that_are_themselves_targets_with_inline_tags() -> None:
    text = """\
北河省人民政府关于落实今年重点工作责任分工的意见

各市人民政府，省政府各部门：

一、全省经济发展主要目标

（一）地区生产总值增长7%以上。（省发展改革委负责）（二）地方财政收入增长8%左右。（省财政厅主办，省税务局协办）

（三）城镇居民人均可支配收入、农村居民人均可支配收入均增长7.5%以上。（省人力资源社会保障厅、省农业农村厅分别负责）

（四）居民消费价格涨幅控制在3%左右。（省发展改革委负责）

二、推进项目建设

（一）抓好重点项目。完成投资800亿元以上。（省发展改革委负责）
"""
    assert _targets(text) == [
        ("地区生产总值", "7", "%", "min"),
        ("地方财政收入", "8", "%", "approx"),
        ("城镇居民人均可支配收入", "7.5", "%", "min"),
        ("农村居民人均可支配收入", "7.5", "%", "min"),
        ("居民消费价格涨幅", "3", "%", "approx"),  # 控制在…左右 is approximate
    ]


def test_a_plan_title_with_goal_words_is_no_goal_section() -> None:
    text = """\
东川区2026年政府主要工作目标任务分解落实方案

一、关于推动经济高质量发展
1.地区生产总值增长5%以上，服务业增加值增长6%。（区发改委主办，区统计局协办）
"""
    assert _targets(text) == []
    assert ("地区生产总值", "5", "%", "min") in _targets(text, include_tasks=True)


def test_goal_heading_forms() -> None:
    from zhengce.extract.targets import is_goal_heading

    for heading in ("主要目标", "二、总体目标", "（二）发展目标。", "工作目标", "目标任务", "主要预期目标",
                    "2026年全市经济社会发展主要预期目标", "主要指标", "总体要求和目标", "发展目标和主要任务",
                    "近期目标（2026—2027年）", "经济社会发展主要预期目标分解（12项）", "目标分解"):
        assert is_goal_heading(heading), heading
    for heading in ("强化目标考核", "压实目标责任", "确保完成全年目标", "指导思想", "重点任务", "建立健全指标体系",
                    "2026年重点工作目标任务", "聚焦全年目标", "目标任务分解", "主要经济指标完成情况", "奋力实现全年目标",
                    "西河市2026年重点工作目标任务分解方案实施过程中的若干具体问题及处理意见和建议"):
        assert not is_goal_heading(heading), heading


def test_a_goal_list_introduced_inside_a_paragraph() -> None:
    text = """\
南岗县促进消费三年行动方案

一、总体要求
坚持稳中求进。主要目标是：到2027年，社会消费品零售总额年均增长7%左右，培育消费新业态示范街区5个以上。

二、重点任务
（一）提振大宗消费。开展促消费活动20场。
"""
    assert _targets(text) == [
        ("社会消费品零售总额", "7", "%", "approx"),
        ("消费新业态示范街区", "5", "个", "min"),
    ]


def test_ranges_give_a_floor_and_a_ceiling() -> None:
    found = [(q.indicator, q.value, q.unit, q.bound) for q in quantities("力争培育3-5家上市企业。")]
    assert found == [("上市企业", "3", "家", "min"), ("上市企业", "5", "家", "max")]
    found = [(q.indicator, q.value, q.unit, q.bound) for q in quantities("年均新增就业岗位1.2万—1.5万个。")]
    assert [f[1:] for f in found] == [("1.2", "万个", "min"), ("1.5", "万个", "max")]
    found = [(q.indicator, q.value, q.bound) for q in quantities("研发投入强度达到2.5%~3%。")]
    assert found == [("研发投入强度", "2.5", "min"), ("研发投入强度", "3", "max")]
    assert quantities("实施2024—2026年三年行动。") == []  # years are no range


def test_numbers_in_words_after_a_comparator() -> None:
    (q,) = quantities("力争全县特色产业集群总产值超过三千亿规模。")
    assert (q.indicator, q.value, q.unit, q.bound) == ("特色产业集群总产值", "三千", "亿", "min")
    (q,) = quantities("新建高标准农田达到一百二十万亩。")
    assert (q.value, q.unit) == ("一百二十", "万亩")
    for sentence in ("打造一流营商环境。", "培育一批百亿级企业。", "推动两个千亿级产业集群建设。",
                     "增速保持两位数。", "让服务走进千家万户。"):
        assert quantities(sentence) == [], sentence


def test_a_list_of_counts_before_their_nouns() -> None:
    found = [(q.indicator, q.value, q.unit, q.bound) for q in
             quantities("到2027年，培育形成3个百亿级产业集群和5个五十亿级产业园区。")]
    assert found == [("百亿级产业集群", "3", "个", "exact"), ("五十亿级产业园区", "5", "个", "exact")]


def test_several_indicators_sharing_one_figure() -> None:
    found = [(q.indicator, q.value, q.bound) for q in quantities("城乡居民收入、农村居民收入均增长6%以上。")]
    assert found == [("城乡居民收入", "6", "min"), ("农村居民收入", "6", "min")]
    # without 均 the first noun is no indicator of the figure
    assert [q.indicator for q in quantities("围绕汽车、电子产业产值增长6%。")] == ["电子产业产值"]


def test_goal_rows_of_a_table() -> None:
    text = """\
青湾区2026年重点工作任务分解表

序号\t项目\t重点工作任务\t责任单位
1\t主要预期目标\t1.地区生产总值增长5.5%以上。\t★区发改委、区统计局
2\t\t2.一般公共预算收入增长4%左右。\t★区财政局
3\t扩大有效投资\t3.实施重点项目120个，完成投资300亿元。\t★区发改委
"""
    assert _targets(text) == [
        ("地区生产总值", "5.5", "%", "min"),
        ("一般公共预算收入", "4", "%", "approx"),
    ]


def test_figures_given_respectively() -> None:
    found = [(q.indicator, q.value, q.unit, q.bound) for q in
             quantities("全县森林覆盖率、湿地保护率分别达到46%和62%以上。")]
    assert found == [("森林覆盖率", "46", "%", "min"), ("湿地保护率", "62", "%", "min")]
    found = [(q.indicator, q.value) for q in quantities("单位地区生产总值能耗和用水量分别下降12%、9%。")]
    assert found == [("单位地区生产总值能耗", "12"), ("用水量", "9")]


def test_years_and_ages_after_a_comparator() -> None:
    found = [(q.indicator, q.value, q.unit) for q in
             quantities("劳动年龄人口平均受教育年限提高到11.6年，人均预期寿命达到79.5岁。")]
    assert found == [("劳动年龄人口平均受教育年限", "11.6", "年"), ("人均预期寿命", "79.5", "岁")]
    assert quantities("力争用3年时间完成改造。") == []


def test_bullets_and_large_units() -> None:
    (q,) = quantities("——粮食总产量稳定在0.32万亿斤以上。")
    assert (q.indicator, q.value, q.unit, q.bound) == ("粮食总产量", "0.32", "万亿斤", "min")


def test_goal_parts_without_a_numbered_heading() -> None:
    text = """\
北湖区养老服务提升行动方案

为推动养老服务高质量发展，制定本方案。
主要目标
到2026年，全区养老机构护理型床位占比达到65%，建成社区嵌入式养老服务中心12个。
重点任务
（一）扩大服务供给。新建养老床位300张。
"""
    assert _targets(text) == [("养老机构护理型床位占比", "65", "%", "exact"),
                              ("社区嵌入式养老服务中心", "12", "个", "exact")]


def test_a_list_introduced_by_its_goal_lead_is_a_goal_list() -> None:
    text = """\
西沙县数字乡村建设实施方案

一、总体要求
坚持规划引领，到2027年实现以下目标：
（一）行政村5G网络覆盖率达到95%以上。
（二）培育数字农业示范基地8个。
二、重点任务
（一）完善基础设施。新建基站120个。
"""
    assert _targets(text) == [("行政村5G网络覆盖率", "95", "%", "min"), ("数字农业示范基地", "8", "个", "exact")]


def test_goal_rows_follow_their_group_cell_or_section_row() -> None:
    from zhengce.extract.targets import goal_rows as _goal_rows

    rows = [
        ["序号", "项目", "重点工作目标任务", "牵头领导", "责任单位"],
        ["一、2026年全区经济社会发展主要预期目标", "", "", "", ""],
        ["1", "主要预期目标", "1.地区生产总值增长5%以上。", "张 三", "★区发改委"],
        ["", "", "2.进出口总额增长3%左右。", "", "★区商务局"],
        ["1", "扩大有效投资", "3.实施重点项目120个。", "李 四", "★区发改委"],
        ["二、深化改革开放", "", "", "", ""],
        ["2", "", "4.新增市场主体5000户。", "", "★区市场监管局"],
    ]
    cells = [cell for _, _, cell in _goal_rows(rows, 2, False)]  # the section row taken for a header row
    assert [c for c in cells if "增长" in c or "个" in c or "户" in c] == [
        "1.地区生产总值增长5%以上。", "2.进出口总额增长3%左右。"]


def test_an_excerpt_that_begins_with_its_goal_heading() -> None:
    text = """\
工作目标
到2027年底，全镇改造农村危房80户，农村卫生厕所普及率达到95%。
主要任务
一、推进危房改造。2026年改造40户。
"""
    assert _targets(text) == [("农村危房", "80", "户", "exact"), ("农村卫生厕所普及率", "95", "%", "exact")]


def test_target_table_whose_target_column_is_named_keeps_the_other_year_as_base() -> None:
    rows = [
        ["指标名称", "单位", "2025年", "2030年目标", "属性"],
        ["每千名老年人养老床位数", "张", "36", "≥40", "约束性"],
    ]
    got = [(t["value"], t["bound"], t["target_year"]) for t in table_targets(rows, 1, None)]
    assert got == [("40", "min", 2030)]
    rows = [["指标", "2025年", "2030年"], ["城镇化率(%)", "61", "66"]]
    got = [(t["value"], t["unit"], t["target_year"]) for t in table_targets(rows, 1, None)]
    assert got == [("66", "%", 2030)]  # without a document date the earliest year is the base


def test_target_table_cells_that_state_a_change_in_words() -> None:
    rows = [
        ["序号", "主要指标", "2026年目标", "牵头单位"],
        ["1", "地区生产总值", "增长6%左右", "市发展改革委"],
        ["2", "城镇新增就业", "2.5万人以上", "市人力资源社会保障局"],
        ["3", "空气质量", "持续改善", "市生态环境局"],
    ]
    got = [(t["indicator"], t["value"], t["unit"], t["bound"], t["change"]) for t in table_targets(rows, 1, 2026)]
    assert got == [
        ("地区生产总值", "6", "%", "approx", "growth"),
        ("城镇新增就业", "2.5", "万人", "min", "level"),
        ("空气质量", "持续改善", "", "exact", "qualitative"),
    ]


def test_the_target_export_lists_quantified_targets_only() -> None:
    from zhengce.extract.export import target_records

    text = """\
东河县“十五五”生态环境保护规划

一、主要目标
指标名称\t单位\t2025年\t2030年目标
森林覆盖率\t%\t41\t≥43
地表水水质\t\t良好\t持续改善
"""
    parsed = parse_text(text, "plan.txt")
    assert [(r["indicator"], r["value"]) for r in target_records(parsed)] == [("森林覆盖率", "43")]
    assert ("地表水水质", "持续改善") in [(r["indicator"], r["value"]) for r in target_records(parsed, qualitative=True)]


def test_one_name_with_figures_given_respectively() -> None:
    found = [(q.indicator, q.value, q.bound) for q in
             quantities("生产总值增长6%左右，城乡居民人均可支配收入分别增长6.5%、7.5%左右。")]
    assert found == [("生产总值", "6", "approx"), ("城乡居民人均可支配收入", "6.5", "approx"),
                     ("城乡居民人均可支配收入", "7.5", "approx")]


def test_bullet_headings_inside_an_unnumbered_goal_part() -> None:
    text = """\
东坪县文旅融合发展实施方案
发展目标
——旅游市场持续扩大
接待游客年均增长10%以上。
——产业实力明显增强
文化和旅游产业增加值占地区生产总值比重达到6%。
保障措施
加强组织领导，安排专项资金2000万元。
"""
    assert _targets(text) == [("接待游客", "10", "%", "min"), ("文化和旅游产业增加值占地区生产总值比重", "6", "%", "exact")]


PIPE_TABLE_PLAN = """\
北岸区人民政府关于印发北岸区2026年重点工作目标任务分解落实方案的通知
各镇人民政府，区各部门：
现将《北岸区2026年重点工作目标任务分解落实方案》印发给你们，请认真贯彻落实。
北岸区人民政府
2026年1月20日
北岸区2026年重点工作目标任务分解落实方案
序号
|
项目
|
重点工作目标任务
|
牵头领导
|
责任单位
|
一、2026年全区经济社会发展主要预期目标
|
||||
1
|
主要预期目标
|
1.地区生产总值增长5.5%以上。
|
王 五
|
★区发改委、统计局
|
2.一般公共预算收入增长4%左右。
|
|
★区财政局
|
||||
1
|
扩大有效投资
|
3.实施重点项目150个，完成投资260亿元。
|
赵 六
|
★区发改委
|
4.新开工亿元以上项目40个。
|
|
★区发改委
|
"""


def test_a_goal_list_printed_as_a_table_one_cell_per_line_ends_at_the_next_group() -> None:
    assert _targets(PIPE_TABLE_PLAN) == [("地区生产总值", "5.5", "%", "min"), ("一般公共预算收入", "4", "%", "approx")]


def test_a_level_per_person_is_a_target_a_price_per_unit_is_not() -> None:
    found = [(q.indicator, q.value, q.unit) for q in
             quantities("到2030年，全员劳动生产率达到26万元/人，数字经济核心产业营收达1.2万亿。")]
    assert found == [("全员劳动生产率", "26", "万元/人"), ("数字经济核心产业营收", "1.2", "万亿")]
    assert quantities("公共停车场收费标准为3元/小时。") == []


def test_a_section_of_goals_and_tasks_gives_the_goals_of_its_own_text() -> None:
    text = """\
东湖镇人居环境整治工作方案

一、主要目标和重点任务
到2026年底，全镇农村生活垃圾无害化处理率达到100%。
（一）推进厕所革命。新改建农村户厕300户。
（二）治理生活污水。建设污水处理设施12座。
"""
    assert _targets(text) == [("农村生活垃圾无害化处理率", "100", "%", "exact")]


def test_goal_items_end_where_their_numbering_starts_again() -> None:
    text = """\
南台区2026年政府工作报告任务分解

主要预期目标
1.地区生产总值增长5%以上。
2.城镇新增就业8000人。
扩大有效内需
1.实施重点项目200个。
2.新增限上商贸企业50家。
"""
    assert _targets(text) == [("地区生产总值", "5", "%", "min"), ("城镇新增就业", "8000", "人", "exact")]


def test_growth_stated_after_the_figure() -> None:
    (q,) = quantities("全区地区生产总值保持6.5%以上增长。")
    assert (q.indicator, q.value, q.bound, q.change) == ("地区生产总值", "6.5", "min", "growth")
    (q,) = quantities("规模以上工业保持8%左右的增速。")
    assert (q.indicator, q.value, q.bound, q.change) == ("规模以上工业", "8", "approx", "growth")


def test_goal_rows_numbered_without_a_dot_under_a_goal_breakdown_heading() -> None:
    text = """\
西浦市2026年政府工作任务分解表
序号 名称 工作任务 牵头责任单位

一、经济社会发展主要预期目标分解（3项）

1 地区生产总值增长6%以上，服务业增加值占GDP比重48.5%。 发改委

2 实际利用外资5亿美元，外贸进出口总额保持增长。 商务局

3 工业增加值率提升0.3个百分点以上。 工信局

二、重点工作任务分解（2项）

4 新开工亿元以上项目80个。 发改委
"""
    assert _targets(text) == [
        ("地区生产总值", "6", "%", "min"),
        ("服务业增加值占GDP比重", "48.5", "%", "exact"),
        ("实际利用外资", "5", "亿美元", "exact"),
        ("工业增加值率", "0.3", "个百分点", "min"),
    ]


def test_a_figure_that_ends_with_a_milestone_word() -> None:
    (q,) = quantities("全县地区生产总值突破600亿元大关。")
    assert (q.indicator, q.value, q.unit, q.bound) == ("地区生产总值", "600", "亿元", "min")


def test_goals_printed_in_traditional_characters_keep_them() -> None:
    text = """\
東港市人民政府關於落實政府工作報告重點工作責任分工的意見
各區人民政府，市政府各部門：
一、全市經濟社會發展主要預期目標
（一）地區生產總值增長6%左右。（市發展改革委負責）
（二）城鎮調查失業率控制在5.5%以內。（市人力資源社會保障局負責）
二、擴大有效需求
（一）完成固定資產投資500億元。（市發展改革委負責）
"""
    assert _targets(text) == [("地區生產總值", "6", "%", "approx"), ("城鎮調查失業率", "5.5", "%", "max")]


def test_a_goal_group_cell_without_a_section_heading_opens_the_goal_rows() -> None:
    text = PIPE_TABLE_PLAN.replace("一、2026年全区经济社会发展主要预期目标\n|\n", "")
    assert _targets(text) == [("地区生产总值", "5.5", "%", "min"), ("一般公共预算收入", "4", "%", "approx")]


def test_a_figure_to_reach_after_the_present_one_keeps_its_indicator() -> None:
    found = [(q.indicator, q.value, q.bound) for q in quantities("全县现有星级农家乐35家，到2028年达到60家以上。")]
    assert found == [("星级农家乐", "60", "min")]  # 35家 is today's figure, not a target


def test_goals_stated_under_an_unnumbered_heading_do_not_make_the_next_parts_goals() -> None:
    text = """\
主要目标
到2027年，全区新建社区食堂30个，老年助餐服务覆盖率达到90%。
一、加快设施建设
新建养老服务综合体5个。
"""
    assert _targets(text) == [("社区食堂", "30", "个", "exact"), ("老年助餐服务覆盖率", "90", "%", "exact")]


def test_a_goal_table_one_cell_per_line_under_a_year_goal_column_gives_its_rows_and_no_task_rows() -> None:
    text = (
        "丙城区人民政府办公室关于印发2026年区政府工作报告目标任务的通知\n\n各街道办事处:\n\n现印发给你们。\n\n"
        "附件:1. 2026年经济社会发展预期目标任务分解表\n\n2. 2026年重点工作任务分解表\n\n丙城区人民政府办公室\n\n"
        "2026年23日\n\n附件1\n\n2026年经济社会发展预期目标任务分解表\n\n序号\n\n2026年预期目标\n\n责任单位\n\n"
        "1\n\n地区生产总值增长6%左右\n\n区发展改革委\n\n2\n\n城镇新增就业5000人以上\n\n区人力社保局\n\n"
        "3\n\n森林覆盖率稳定在目标水平\n\n区林业局\n\n附件2\n\n2026年重点工作任务分解表\n\n序号\n\n工作任务\n\n"
        "牵头单位\n\n配合单位\n\n1\n\n建成智慧物流园,引进物流企业20家。\n\n区商务委\n\n区交通局\n\n"
    )
    assert _targets(text) == [("地区生产总值", "6", "%", "approx"), ("城镇新增就业", "5000", "人", "min")]


def test_a_task_table_section_row_that_lists_fields_and_ends_with_goals_opens_goal_rows() -> None:
    text = """\
黎川县2026年政府工作目标任务责任分解表

序号

目标任务

牵头单位

责任单位

一、经济发展、财政、招商引资、生态环境等工作目标(牵头领导:甲乙、丙丁)

1

★地区生产总值增长7%。

县发改局

二、民生实事(牵头领导:戊己)

2

新建幼儿园3所。

县教育局
"""
    assert _targets(text) == [("地区生产总值", "7", "%", "exact")]


def test_a_time_limit_without_a_noun_after_it_is_no_target() -> None:
    assert quantities("接警后15分钟内到达现场。") == []
