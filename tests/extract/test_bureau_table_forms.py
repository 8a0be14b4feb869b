"""Task tables of a county bureau (held-out set J): the unit column names the bureau's sections (责任股室,
股/科 and venues such as 文化馆), merged cells leave rows without their leader or unit cell, and a line joined in
a cell glues two names. Samples written for the test, each with a case the rule must leave alone."""

from __future__ import annotations

from zhengce.extract.export import task_records
from zhengce.parse.pipeline import parse_text


def rows(text: str) -> list[tuple[str, str, list[str], list[str]]]:
    return [(r["number"], r["text_start"], r["lead"], r["support"]) for r in task_records(parse_text(text, "t.txt"))]


_HEADER = "序号\n指标\n工作任务\n完成时限\n责任领导\n责任股室\n(单位)\n备注\n"


def test_a_section_column_names_the_bureau_sections_and_venues_that_lead() -> None:
    text = (_HEADER +
            "1\n群众体育\n全年举办全民健身赛事不少于12场。\n11月底前\n王建国\n群体股\n体育馆\n"
            "2\n开展好全民健身日活动。\n"  # the unit cell merged from the row above: no tag printed
            "3\n档案管理\n完成机关档案数字化扫描。\n6月底\n李 明\n办公室\n档案科\n")
    assert rows(text) == [
        ("1", "全年举办全民健身赛事不少于12", ["群体股", "体育馆"], []),
        ("3", "完成机关档案数字化扫描。", ["办公室", "档案科"], []),
    ]


def test_a_lead_column_over_sections_one_cell_per_line_with_blank_lines() -> None:
    text = ("序号\n\n目标任务\n\n牵头责任单位\n\n计划完成时间\n\n目前完成情况\n\n"
            "7\n\n建成高标准农田5万亩,确保粮食总产稳定。\n\n农田建设管理股、种植业股\n\n2024年底\n\n"
            "正在施工,整体进度60%。\n\n"
            "8\n\n创建绿色食品基地3个。\n\n种植业股\n\n产业发展股\n\n2024年底\n\n已完成2个。")
    assert rows(text) == [
        ("7", "建成高标准农田5万亩,确保粮食", ["农田建设管理股", "种植业股"], []),
        ("8", "创建绿色食品基地3个。", ["种植业股", "产业发展股"], []),
    ]


def test_two_names_glued_in_a_cell_are_cut_where_the_table_prints_each_alone() -> None:
    text = (_HEADER +
            "1\n公共文化\n免费开放服务人次增长10%。\n12月底前\n群体股\n文化馆\n"
            "2\n组织文化下乡演出不少于50场。\n群体股文化馆\n"
            "3\n推进图书馆总分馆制建设。\n图书馆分馆\n")
    assert rows(text) == [
        ("1", "免费开放服务人次增长10%。", ["群体股", "文化馆"], []),
        ("2", "组织文化下乡演出不少于50场。", ["群体股", "文化馆"], []),
        ("3", "推进图书馆总分馆制建设。", ["图书馆分馆"], []),  # 分馆 is printed alone nowhere: one name
    ]


def test_a_body_and_its_office_are_one_name_even_where_both_stand_alone() -> None:
    text = (_HEADER +
            "1\n机关事务\n完成机关档案数字化扫描。\n6月底\n办公室\n"
            "2\n政务督查\n督办重点工作落实情况。\n县政府\n"
            "3\n信息公开\n按时发布政府信息公开年报。\n县政府办公室\n")
    assert rows(text) == [
        ("1", "完成机关档案数字化扫描。", ["办公室"], []),
        ("2", "督办重点工作落实情况。", ["县政府"], []),
        ("3", "按时发布政府信息公开年报。", ["县政府办公室"], []),
    ]


def test_holding_and_shares_are_no_section_names() -> None:
    text = (_HEADER +
            "1\n国企改革\n推进国有企业混合所有制改革。\n12月底前\n国资股\n"
            "2\n鼓励社会资本参股。\n社会资本参股\n")
    assert rows(text) == [("1", "推进国有企业混合所有制改革。", ["国资股"], [])]


def targets(text: str) -> list[tuple[str, str, str]]:
    from zhengce.extract.export import target_records

    return [(r["value"], r["unit"], r["bound"]) for r in target_records(parse_text(text, "t.txt"))]


def test_the_figures_of_a_task_table_whose_indicator_column_names_categories_are_no_goals() -> None:
    text = (_HEADER +
            "1\n公共文化服务\n免费开放服务人次较上年增长15%。\n12月底前\n王建国\n群体股\n"
            "2\n旅游收入\n全年接待游客140万人次。\n文物股\n")
    assert targets(text) == []


def test_a_goal_table_printed_one_cell_per_line_keeps_its_goals() -> None:
    text = "序号\n指标\n2025年目标\n1\n地区生产总值增长6%以上\n2\n接待游客140万人次\n"
    assert targets(text) == [("6", "%", "min"), ("140", "万人次", "exact")]
