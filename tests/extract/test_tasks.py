"""Responsibility tags: the grammar, not a list of examples."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengce.extract.tasks import parse_tag, trailing_group
from zhengce.parse.pipeline import parse_text


def roles(inner: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"lead": [], "support": [], "territorial": []}
    for a in parse_tag(inner) or []:
        out[a.role].append(a.unit)
    return out


@pytest.mark.parametrize(
    ("tag", "lead", "support", "territorial"),
    [
        ("市商务局牵头,市财政局、市住建局等相关单位,各区县人民政府、高新区管委会负责",
         ["市商务局"], ["市财政局", "市住建局"], ["各区县人民政府", "高新区管委会"]),
        ("县发改局牵头,县财政局等按职责分工负责", ["县发改局"], ["县财政局"], []),
        ("市科技局、市工信局分别牵头,其他相关单位,各县市人民政府负责",
         ["市科技局", "市工信局"], ["其他相关单位"], ["各县市人民政府"]),
        ("区住建局牵头,区城管局配合", ["区住建局"], ["区城管局"], []),
        ("区数据局、区行审局牵头负责", ["区数据局", "区行审局"], [], []),
        ("区发改局", ["区发改局"], [], []),
        ("责任单位：市教育局、市住建局", ["市教育局", "市住建局"], [], []),
        ("牵头单位：区民政局；配合单位：区财政局、区卫健局", ["区民政局"], ["区财政局", "区卫健局"], []),
        ("区委宣传部、区工商联等按职责分工负责，以下不再列出", ["区委宣传部", "区工商联"], [], []),
        ("区数据局牵头各有关职能部门配合", ["区数据局"], ["各有关职能部门"], []),
        ("渌水高新区<链办>牵头,区发改局、甲镇按职能分工负责", ["渌水高新区"], ["区发改局", "甲镇"], []),
        # an editorial remark after the units, as a sentence of its own, names no unit
        ("责任单位:州发展改革委、州商务局按职责分工负责。具体任务均涉及各县(市)人民政府,不再做分工,下同。",
         ["州发展改革委", "州商务局"], [], []),
        ("州交通局牵头,州财政局配合。以上事项不另行分工", ["州交通局"], ["州财政局"], []),
    ],
)
def test_tag_forms(tag: str, lead: list[str], support: list[str], territorial: list[str]) -> None:
    assert roles(tag) == {"lead": lead, "support": support, "territorial": territorial}


@pytest.mark.parametrize("inner", ["含住宅和非住宅", "2024—2027年", "试行", "以下简称“办法”", ""])
def test_parentheses_that_are_not_tags(inner: str) -> None:
    assert parse_tag(inner) is None


def test_trailing_group_is_the_last_balanced_one() -> None:
    text = "推进改造（含老旧小区）。（市住建局牵头，市发改委（粮食局）配合）"
    start, end = trailing_group(text)  # type: ignore[misc]
    assert text[start:end] == "（市住建局牵头，市发改委（粮食局）配合）"
    assert trailing_group("没有责任单位的句子。") is None


def test_tasks_of_a_plan_with_offsets_inside_their_clause() -> None:
    from zhengce.extract.export import task_records

    text = (
        "丙市人民政府办公室\n关于印发《丙市稳增长行动方案》的通知\n丙政办发〔2024〕2号\n各区人民政府：\n现印发给你们。\n"
        "丙市人民政府办公室\n2024年3月1日\n丙市稳增长行动方案\n一、重点任务\n"
        "1. 扩大有效投资。新开工项目100个以上（含续建项目）。（市发改委牵头，市财政局配合，各区人民政府负责）\n"
        "2. 促进消费升级。开展促消费活动50场。\n"
        "3. 稳定外贸。（市商务局）\n"
    )
    parsed = parse_text(text, "p.txt")
    records = task_records(parsed)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("1.", "扩大有效投资。新开工项目100", ["市发改委"], ["市财政局", "各区人民政府"]),
        ("3.", "稳定外贸。", ["市商务局"], []),
    ]
    assert records[0]["plan"] == "丙市稳增长行动方案"
    assert records[0]["role"]["territorial"] == ["各区人民政府"]
    first = records[0]
    tag = parsed.text[first["tag_span"]["start"] : first["tag_span"]["end"]]
    assert tag == "（市发改委牵头，市财政局配合，各区人民政府负责）" == first["tag"]
    assert parsed.text[first["span"]["start"] : first["span"]["end"]].startswith("扩大有效投资")


NOT_LISTED_PLAN = (
    "丁县人民政府办公室\n关于印发《丁县文明创建行动方案》的通知\n丁政办发〔2025〕4号\n各乡镇人民政府：\n现印发给你们。\n"
    "丁县人民政府办公室\n2025年2月10日\n丁县文明创建行动方案\n一、重点任务\n"
    "（一）环境整治\n"
    "1. 整治背街小巷。（县住建局、县城管局等按职责分工负责，各乡镇人民政府负责辖区内工作落实，以下不再列出）\n"
    "2. 规范占道经营。（县城管局牵头，县市场监管局配合）\n"
    "（二）文明宣传\n"
    "1. 开展志愿服务。\n"
    "二、保障措施\n"
    "1. 加强督查。\n"
)


def test_not_listed_again_applies_to_the_following_tasks_of_the_part() -> None:
    from zhengce.extract.export import task_records

    records = task_records(parse_text(NOT_LISTED_PLAN, "d.txt"))
    by_text = {r["text_start"][:6]: r for r in records}
    first = by_text["整治背街小巷"]
    assert first["role"]["territorial"] == ["各乡镇人民政府"]
    # a later task with its own tag gains the executors that are no longer repeated
    second = by_text["规范占道经营"]
    assert second["lead"] == ["县城管局"]
    assert second["role"]["territorial"] == ["各乡镇人民政府"]
    # an untagged task of the same part takes the whole assignment and says where it came from
    assert second["parents"] == [{"label": "一、", "heading": "重点任务"}, {"label": "(一)", "heading": "环境整治"}]
    third = by_text["开展志愿服务"]
    assert third["lead"] == ["县住建局", "县城管局"] and third["tag"] == ""
    assert third["inherited_from"] == first["node_id"]
    # the next part is not covered
    assert "加强督查。" not in by_text


def test_following_clause_in_a_labelled_tag() -> None:
    tag = "责任单位：市农业农村局、市财政局，以下各项均需各县市区人民政府、市经开区负责，不再列出"
    assignments = parse_tag(tag)
    assert assignments is not None
    assert [(a.unit, a.role, a.carried) for a in assignments] == [
        ("市农业农村局", "lead", False), ("市财政局", "lead", False),
        ("各县市区人民政府", "territorial", True), ("市经开区", "territorial", True),
    ]


def test_the_last_clause_before_the_signature_keeps_its_tag() -> None:
    from zhengce.extract.export import task_records

    text = (
        "西岭县人民政府\n关于做好防汛工作的通知\n西政函〔2024〕9号\n各乡镇人民政府：\n现将有关事项通知如下。\n"
        "一、加强值守。值班人员要在岗在位。（县应急局牵头，各乡镇负责）\n西岭县人民政府\n2024年5月2日\n"
    )
    (record,) = task_records(parse_text(text, "n.txt"))
    assert record["lead"] == ["县应急局"] and record["role"]["territorial"] == ["各乡镇"]


@pytest.mark.parametrize(
    ("tag", "lead", "support", "territorial"),
    [
        ("丁区发改局主办,各街道办事处、丁区科技园管委协办", ["丁区发改局"], ["各街道办事处", "丁区科技园管委"], []),
        ("戊省财政厅负责", ["戊省财政厅"], [], []),
        ("戊省发改委、统计局、农业农村厅分别负责", ["戊省发改委", "统计局", "农业农村厅"], [], []),
        ("戊省交通运输厅牵头,省财政厅、自然资源厅等相关部门按职责分工负责",
         ["戊省交通运输厅"], ["省财政厅", "自然资源厅"], []),
        ("己市住建局负责,己市财政局配合", ["己市住建局"], ["己市财政局"], []),
        ("己市农业农村局牵头,各县(市、区)人民政府负责", ["己市农业农村局"], [], ["各县(市、区)人民政府"]),
        ("庚市商务局牵头,庚市财政局等有关部门,各区、县(市)政府及开发区管委会",
         ["庚市商务局"], ["庚市财政局", "各区、县(市)政府", "开发区管委会"], []),
        ("★辛区工信局、统计局", ["辛区工信局"], ["统计局"], []),
        ("辛区水务局(牵头)、辛区城管局", ["辛区水务局"], ["辛区城管局"], []),
        ("部门分工:癸县发改局牵头,癸县财政局配合", ["癸县发改局"], ["癸县财政局"], []),
        ("牵头:癸县民政局;配合:癸县财政局、癸县卫健局", ["癸县民政局"], ["癸县财政局", "癸县卫健局"], []),
        ("【牵头单位】子县文旅局【配合单位】子县交通局", ["子县文旅局"], ["子县交通局"], []),
        ("子县水利局为牵头单位,子县农业农村局为配合单位", ["子县水利局"], ["子县农业农村局"], []),
        ("牵头领导:副县长;牵头单位:癸县教育局;数据提供单位:癸县统计局", ["癸县教育局"], ["癸县统计局"], []),
        ("人行某市中心支行、某省银保监局、某海关按职责分工负责", ["人行某市中心支行", "某省银保监局", "某海关"], [], []),
        # a placeholder closes one list and 和 opens the next; 和 inside a body's name does not split it
        ("甲省文化和旅游厅牵头,省商务厅等省有关部门和各地级市人民政府按职责分工负责",
         ["甲省文化和旅游厅"], ["省商务厅", "各地级市人民政府"], []),
        ("甲市发改委牵头,市级各有关部门及各县市区政府按职责分工负责", ["甲市发改委"], ["市级各有关部门", "各县市区政府"], []),
        # 会同 ("together with") opens the supporting units; 和 before a bare level joins the next government's name
        ("乙市科技局牵头,会同乙市财政局、乙市人社局和各区、县(市)政府负责",
         ["乙市科技局"], ["乙市财政局", "乙市人社局"], ["各区、县(市)政府"]),
        ("会同县水利局牵头,会同县财政局配合", ["会同县水利局"], ["会同县财政局"], []),
    ],
)
def test_more_tag_forms(tag: str, lead: list[str], support: list[str], territorial: list[str]) -> None:
    assert roles(tag) == {"lead": lead, "support": support, "territorial": territorial}


def test_the_first_unit_leads_when_the_document_says_so() -> None:
    assert roles("子市发改委、子市财政局") == {"lead": ["子市发改委", "子市财政局"], "support": [], "territorial": []}
    out = parse_tag("子市发改委、子市财政局", first_leads=True)
    assert [(a.unit, a.role) for a in out or []] == [("子市发改委", "lead"), ("子市财政局", "support")]
    out = parse_tag("责任单位:子市发改委、子市财政局", first_leads=True)
    assert [(a.unit, a.role) for a in out or []] == [("子市发改委", "lead"), ("子市财政局", "support")]
    # "分别负责" says every unit leads, whatever the convention
    out = parse_tag("子市发改委、子市财政局分别负责", first_leads=True)
    assert [a.role for a in out or []] == ["lead", "lead"]


def parsed_text_of(record: dict) -> str:
    return _LAST_TEXT[0][record["span"]["start"] : record["span"]["end"]]


_LAST_TEXT: list[str] = [""]


def _tasks(text: str) -> list[dict]:
    from zhengce.extract.export import task_records

    parsed = parse_text(text, "x.txt")
    _LAST_TEXT[0] = parsed.text
    return task_records(parsed)


HEADER = ("丑市人民政府\n关于印发丑市重点工作分工方案的通知\n丑政发〔2025〕3号\n各区人民政府：\n现印发给你们。\n"
          "丑市人民政府\n2025年2月1日\n丑市重点工作分工方案\n")


def test_several_items_run_together_on_one_line_and_square_brackets() -> None:
    text = HEADER + ("一、稳定增长\n  (一)地区生产总值增长6%左右。(市发改委负责)(二)一般公共预算收入增长5%。"
                     "〔市财政局主办,市税务局协办〕\n")
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("(一)", "地区生产总值增长6%左右。", ["市发改委"], []),
        ("(二)", "一般公共预算收入增长5%。", ["市财政局"], ["市税务局"]),
    ]
    assert records[1]["tag"] == "〔市财政局主办,市税务局协办〕"


def test_a_whole_plan_on_one_line_without_a_header() -> None:
    text = ("寅省人民政府 关于明确重点工作责任单位的通知 现将任务分解如下。 一、扩大内需 (一)促进消费。 "
            "1.改善消费条件,创新消费场景。(省商务厅、财政厅等相关部门按职责分工负责) "
            "2.稳定住房消费。(省住房城乡建设厅牵头,省财政厅、自然资源厅按职责分工负责)")
    records = _tasks(text)
    assert [(r["number"], r["lead"], r["support"]) for r in records] == [
        ("1.", ["省商务厅", "财政厅"], []),
        ("2.", ["省住房城乡建设厅"], ["省财政厅", "自然资源厅"]),
    ]


def test_traditional_characters_are_read_and_exported_as_printed() -> None:
    text = HEADER + "一、重點任務\n1.推進產業升級。(市發展改革委牽頭,市財政局、市統計局按職責分工負責)\n"
    (record,) = _tasks(text)
    assert record["lead"] == ["市發展改革委"]
    assert record["text_start"] == "推進產業升級。"
    assert record["support"] == ["市財政局", "市統計局"]
    assert record["tag"].startswith("(市發展改革委牽頭")


def test_unit_lines_after_the_task_with_leaders_skipped() -> None:
    text = HEADER + (
        "一、主要预期目标\n"
        "  1.地区生产总值增长6%以上。\n"
        "  牵头领导:市政府分管副市长\n"
        "  牵头单位:市发展改革委\n"
        "  责任单位:市工业和信息化局、市商务局等,各区人民政府,丑市高新区管委会\n"
        "  2.城镇新增就业3万人。\n\n"
        "  牵头单位:市人力资源社会保障局\n\n"
        "  责任单位:各区人民政府及丑市高新区管委会\n"
        "  3.部门分工明确的任务。\n"
        "  部门分工:市科技局牵头,市财政局配合\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("1.", "地区生产总值增长6%以上。", ["市发展改革委"],
         ["市工业和信息化局", "市商务局", "各区人民政府", "丑市高新区管委会"]),
        ("2.", "城镇新增就业3万人。", ["市人力资源社会保障局"], ["各区人民政府", "丑市高新区管委会"]),
        ("3.", "部门分工明确的任务。", ["市科技局"], ["市财政局"]),
    ]
    assert records[0]["tag"] == ("牵头单位:市发展改革委\n  责任单位:市工业和信息化局、市商务局等,各区人民政府,"
                                 "丑市高新区管委会")
    assert records[1]["tag"] == "牵头单位:市人力资源社会保障局\n\n  责任单位:各区人民政府及丑市高新区管委会"
    assert "牵头领导" not in parsed_text_of(records[0])


def test_unit_lines_labelled_in_square_brackets() -> None:
    text = HEADER + "一、重点任务\n1.建设城市书房10个。\n【牵头单位】市文旅局\n【责任单位】各区人民政府\n"
    (record,) = _tasks(text)
    assert (record["lead"], record["support"]) == (["市文旅局"], ["各区人民政府"])
    assert record["tag"] == "【牵头单位】市文旅局\n【责任单位】各区人民政府"


def test_table_one_cell_per_line_with_bar_separators_and_a_starred_lead() -> None:
    text = HEADER + (
        "序号\n|\n项目\n|\n重点工作目标任务\n|\n牵头领导\n|\n责任单位\n|\n"
        "一、主要预期目标\n|\n||||\n1\n|\n预期目标\n|\n"
        "1.地区生产总值增长5%以上。\n|\n张 三\n|\n★区发改委、统计局\n|\n"
        "2.税收收入增长4%。\n|\n|\n★区税务局、区财政局\n|\n||\n"
        "3.不发生重大安全事故。\n|\n李四\n|\n★区应急管理局\n|\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"], r["tag"]) for r in records] == [
        ("1.", "地区生产总值增长5%以上。", ["区发改委"], ["统计局"], "★区发改委、统计局"),
        ("2.", "税收收入增长4%。", ["区税务局"], ["区财政局"], "★区税务局、区财政局"),
        ("3.", "不发生重大安全事故。", ["区应急管理局"], [], "★区应急管理局"),
    ]


def test_table_one_cell_per_line_with_lead_and_support_columns() -> None:
    text = HEADER + (
        "序号\n\n主要工作举措\n\n牵头单位\n\n配合单位\n\n责任领导\n\n完成时限\n\n一、做强产业\n\n"
        "1\n\n推进食品加工产业链建设,引进龙头企业。\n\n区农业农村局\n\n区发展改革局、区工业和信息化局\n\n王五\n\n"
        "2025年12月底前\n\n"
        "2\n\n加快在建项目进度。\n\n卯经济区管委会\n\n自然资源分局、生态环境分局\n\n长期坚持\n\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("1", "推进食品加工产业链建设,引进龙", ["区农业农村局"], ["区发展改革局", "区工业和信息化局"]),
        ("2", "加快在建项目进度。", ["卯经济区管委会"], ["自然资源分局", "生态环境分局"]),
    ]
    assert records[0]["tag"] == "区农业农村局\n\n区发展改革局、区工业和信息化局"


def test_table_of_tab_rows_with_one_responsibility_column() -> None:
    text = HEADER + (
        "序号\t主要工作任务\t责任单位\t完成时限\n"
        "1\t新建5G基站500个。\t市工信局、市通信管理办\t2025年底\n"
        "2\t完成老旧小区改造30个。\t市住建局\t2025年10月底前\n"
        "3\t全年新增城镇就业1万人。\t市人社局\t持续推进\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("1", "新建5G基站500个。", ["市工信局", "市通信管理办"], []),
        ("2", "完成老旧小区改造30个。", ["市住建局"], []),
        ("3", "全年新增城镇就业1万人。", ["市人社局"], []),
    ]


def test_a_convention_stated_once_makes_the_first_unit_lead_from_then_on() -> None:
    text = HEADER + (
        "(表中排在首位的为牵头单位,下同)\n"
        "一、重点任务\n1.建设数字政府。(市数据局、市财政局、市委网信办)\n"
        "2.优化营商环境。(责任单位:市发改委、市市场监管局)\n"
    )
    records = _tasks(text)
    assert [(r["lead"], r["support"]) for r in records] == [
        (["市数据局"], ["市财政局", "市委网信办"]),
        (["市发改委"], ["市市场监管局"]),
    ]


def test_table_with_the_units_before_the_task_and_bracketed_headings() -> None:
    text = HEADER + (
        "序号\t牵头(责任)单位\t配合单位\t重点工作任务\n"
        "1\t市交通局\t市财政局\t建成农村公路200公里。\n"
        "2\t市水利局\t\t完成水库除险加固10座。\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("1", "建成农村公路200公里。", ["市交通局"], ["市财政局"]),
        ("2", "完成水库除险加固10座。", ["市水利局"], []),
    ]


def test_table_whose_columns_are_parted_by_spaces() -> None:
    text = HEADER + (
        "序号  主要任务  责任单位  完成时限\n"
        "1  建设智慧停车场5个。  ★市城管局、市公安局  2025年9月底前\n"
        "2  新增公共充电桩800个。  市发改委  2025年底前\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"], r["support"]) for r in records] == [
        ("1", "建设智慧停车场5个。", ["市城管局"], ["市公安局"]),
        ("2", "新增公共充电桩800个。", ["市发改委"], []),
    ]


def test_a_note_after_the_list_states_the_convention_for_the_whole_list() -> None:
    text = HEADER + (
        "一、重点任务\n1.建设数字政府。(市数据局、市财政局)\n2.优化营商环境。(市发改委、市市场监管局)\n"
        "注:有多个责任单位的,第一个为牵头单位。\n"
    )
    assert [(r["lead"], r["support"]) for r in _tasks(text)] == [
        (["市数据局"], ["市财政局"]),
        (["市发改委"], ["市市场监管局"]),
    ]


def test_a_bracketed_following_clause_in_a_unit_list() -> None:
    out = parse_tag("市财政局、市税务局,各县市区人民政府(以下均需各县市区人民政府负责,不再重复列出)")
    assert [(a.unit, a.role, a.carried) for a in out or []] == [
        ("市财政局", "lead", False), ("市税务局", "lead", False), ("各县市区人民政府", "lead", False),
        ("各县市区人民政府", "territorial", True),
    ]


def test_a_tag_cut_off_at_the_end_of_an_excerpt_is_not_a_task() -> None:
    body = HEADER + "一、重点任务\n1.稳定投资。\n牵头单位:市发改委\n责任单位:市财政局,各区人民政府\n2.促进消费。\n牵头单位:市商务局\n责任单位:市财政局,各"
    assert [r["text_start"] for r in _tasks(body)] == ["稳定投资。"]
    assert [r["text_start"] for r in _tasks(body + "区人民政府\n")] == ["稳定投资。", "促进消费。"]


def test_table_with_a_category_column_and_a_measures_column() -> None:
    text = HEADER + (
        "序号\t项目类别\t重点任务\t具体措施\t牵头单位\t配合单位\n"
        "1\t推动产业转型升级\t培育先进制造业集群。\t1.制定集群培育方案;2.建立链长制。\t市工信局\t市发改委\n"
    )
    (record,) = _tasks(text)
    assert (record["text_start"], record["lead"], record["support"]) == ("培育先进制造业集群。", ["市工信局"], ["市发改委"])


def test_a_bodys_other_name_in_brackets_is_not_a_tag() -> None:
    text = HEADER + "一、工作要求\n1.请各镇政府(街道办事处)\n2.推进项目建设。(区发改局)\n"
    assert [(r["number"], r["lead"]) for r in _tasks(text)] == [("2.", ["区发改局"])]


def test_a_date_in_brackets_after_the_tag() -> None:
    text = HEADER + "一、重点任务\n1.建成智慧停车平台。(市城管局牵头,市公安局配合)(2025年底前)\n"
    (record,) = _tasks(text)
    assert (record["lead"], record["support"], record["tag"]) == (["市城管局"], ["市公安局"], "(市城管局牵头,市公安局配合)")


def test_bullet_lines_each_with_their_tag() -> None:
    text = HEADER + (
        "一、主要目标\n——地区生产总值增长6%左右。(市发改委负责)\n——城镇新增就业2万人。(市人社局牵头,各区人民政府负责)\n"
        "二、重点任务\n1.建设数字政府。(市数据局)\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"]) for r in records] == [
        ("——", "地区生产总值增长6%左右。", ["市发改委"]),
        ("——", "城镇新增就业2万人。", ["市人社局"]),
        ("1.", "建设数字政府。", ["市数据局"]),
    ]


def test_an_item_whose_bullets_share_its_tag_stays_one_task() -> None:
    text = HEADER + "一、重点任务\n1.推进城市更新。具体包括:\n——改造老旧小区;\n——建设口袋公园。(市住建局牵头,市园林局配合)\n"
    (record,) = _tasks(text)
    assert (record["number"], record["text_start"], record["lead"]) == ("1.", "推进城市更新。具体包括:", ["市住建局"])


_FRAGMENTS = ["1.", "2.", "(一)", "(二)", "一、", "——", "序号", "责任单位", "牵头单位", "配合单位", "完成时限", "重点任务",
              "市发改委", "★区财政局", "、", ",", "。", "(", ")", "〔", "〕", "牵头", "负责", "配合", "按职责分工负责",
              "牵头单位:", "责任单位:", "牵头领导:", "\n", "\n\n", "\t", "|", "  ", "各县(市、区)人民政府", "及", "等",
              "推进项目建设", "2025年底前", "注:第一个为牵头单位", "以下不再列出", "<p>", "</p>"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60))
def test_task_extraction_never_raises_and_tags_are_printed_text(parts: list[str]) -> None:
    from zhengce.extract.export import task_records

    parsed = parse_text(HEADER + "".join(parts), "p.txt")
    for record in task_records(parsed):
        span = record["tag_span"]
        assert parsed.text[span["start"] : span["end"]] == record["tag"]
        assert all(u for u in record["lead"] + record["support"])


def test_a_table_whose_number_shares_the_task_cell() -> None:
    text = HEADER + "序号  工作任务  责任单位\n1 新建口袋公园20个。  市园林局\n2 改造雨污管网30公里。  市水务局\n"
    assert [(r["number"], r["text_start"], r["lead"]) for r in _tasks(text)] == [
        ("1", "新建口袋公园20个。", ["市园林局"]),
        ("2", "改造雨污管网30公里。", ["市水务局"]),
    ]


GOAL_TABLE_NOTICE = (
    "辰州市青石区人民政府办公室关于印发2026年区政府工作报告目标任务的通知\n\n"
    "各镇人民政府、街道办事处,区级各部门:\n\n现将目标任务分解表印发给你们,请认真抓好落实。\n\n"
    "附件:1. 2026年区政府工作报告主要预期目标任务分解表\n\n2. 2026年区政府工作报告重点工作任务分解表\n\n"
    "辰州市青石区人民政府办公室\n\n2026年23日\n\n"  # a date that lost its month: no signature is recognised
    "附件1\n\n2026年区政府工作报告主要预期目标任务分解表\n\n序号\n\n2026年预期目标\n\n责任单位\n\n"
    "1\n\n地区生产总值增长6%左右\n\n区发展改革委\n\n2\n\n城镇新增就业5000人以上\n\n区人力社保局\n\n"
    "3\n\n森林覆盖率稳定在目标水平\n\n区林业局\n\n"
    "附件2\n\n2026年区政府工作报告重点工作任务分解表\n\n序号\n\n工作任务\n\n牵头单位\n\n配合单位\n\n"
    "1\n\n建成区级智慧物流园,引进物流企业。\n\n区商务委\n\n区交通局\n\n"
)


def test_a_goal_table_whose_task_column_is_headed_by_the_year_and_attachments_without_a_signature() -> None:
    records = _tasks(GOAL_TABLE_NOTICE)
    assert [(r["number"], r["text_start"], r["lead"], r["support"], r["plan"]) for r in records] == [
        ("1", "地区生产总值增长6%左右", ["区发展改革委"], [], "2026年区政府工作报告主要预期目标任务分解表"),
        ("2", "城镇新增就业5000人以上", ["区人力社保局"], [], "2026年区政府工作报告主要预期目标任务分解表"),
        ("3", "森林覆盖率稳定在目标水平", ["区林业局"], [], "2026年区政府工作报告主要预期目标任务分解表"),
        ("1", "建成区级智慧物流园,引进物流企", ["区商务委"], ["区交通局"], "2026年区政府工作报告重点工作任务分解表"),
    ]


def test_a_unit_named_in_the_tag_and_again_in_its_following_note_is_listed_once() -> None:
    text = HEADER + (
        "一、扩大消费\n1.办好汽车展销会。(牵头单位:市商务局、市文旅局,各区人民政府。以下任务均需各区人民政府落实,不再列出)\n"
        "2.建设夜间消费街区。(牵头单位:市住建局)\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["lead"], r["support"]) for r in records] == [
        ("1.", ["市商务局", "市文旅局", "各区人民政府"], []),
        ("2.", ["市住建局"], ["各区人民政府"]),
    ]


def test_group_headings_that_name_the_lead_with_support_lines_after_the_items() -> None:
    text = HEADER + (
        "一、张某某市长负责的工作\n全面负责市政府工作任务的落实。\n"
        "(一)市统计局牵头的工作\n提高统计数据质量。\n"
        "(二)市住建局牵头的工作\n1.推进老旧小区改造。\n2.加快保障性住房建设。\n"
        "协同单位:市财政局、市自然资源局等市直有关部门和各区人民政府。\n"
        "(三)市林业局牵头的工作 推进国土绿化。 协同部门:市水利局、市农业局等和各区、县人民政府。\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"][:8], r["lead"], r["support"]) for r in records] == [
        ("(一)", "市统计局牵头的工", ["市统计局"], []),
        ("(二)", "市住建局牵头的工", ["市住建局"], ["市财政局", "市自然资源局", "各区人民政府"]),
        ("(三)", "市林业局牵头的工", ["市林业局"], ["市水利局", "市农业局", "各区、县人民政府"]),
    ]


def test_unnumbered_paragraphs_under_a_heading_each_closed_by_its_tag_are_tasks_without_a_number() -> None:
    text = (
        "寅省人民政府\n关于落实《政府工作报告》重点工作部门分工的意见\n寅府发〔2026〕2号\n省政府各部门:\n"
        "现就重点工作提出部门分工意见如下:\n"
        "一、稳定经济增长,扩大有效投资\n"
        "落实积极的财政政策,优化财政支出结构,保障重点领域支出,加强政府债务管理,防范化解风险。(财政厅牵头)\n"
        "加强政银企合作,引导金融机构加大对实体经济的信贷支持力度,拓宽企业融资渠道。(人民银行寅省分行、省金融办负责)\n"
        "二、保障改善民生\n"
        "1.实施就业优先政策。(人力资源社会保障厅牵头)\n"
    )
    records = _tasks(text)
    assert [(r["number"], r["text_start"], r["lead"]) for r in records] == [
        ("", "落实积极的财政政策,优化财政支", ["财政厅"]),
        ("", "加强政银企合作,引导金融机构加", ["人民银行寅省分行", "省金融办"]),
        ("1.", "实施就业优先政策。", ["人力资源社会保障厅"]),
    ]


def test_a_group_or_an_inherited_task_cut_off_at_the_end_of_an_excerpt_is_not_a_task() -> None:
    groups = HEADER + (
        "(一)市统计局牵头的工作\n提高统计数据质量。\n协同单位:市直有关部门。\n"
        "(二)市住建局牵头的工作\n1.推进老旧小区改造。\n协同单位:市财政局。\n2.加快保障性住房建设,完善"
    )
    assert [(r["number"], r["lead"], r["support"]) for r in _tasks(groups)] == [("(一)", ["市统计局"], ["市直有关部门"])]
    following = HEADER + (
        "一、重点任务\n1.办好展销会。(牵头单位:市商务局。以下任务均需各区人民政府落实,不再列出)\n"
        "2.建设夜间消费街区。\n3.推进项目建设,确保年底前全面"
    )
    assert [r["number"] for r in _tasks(following)] == ["1.", "2."]


def test_a_tag_that_closes_only_the_last_paragraph_of_a_clause_is_the_clause_s_tag() -> None:
    text = HEADER + (
        "(一)推进城市更新\n改造老旧小区,完善配套设施,提升居住品质,补齐公共服务短板。\n"
        "建设口袋公园和绿道,增加公共空间,改善人居环境,提升城市形象。(市住建局牵头,市园林局配合)\n"
    )
    (record,) = _tasks(text)
    assert (record["number"], record["text_start"], record["lead"]) == ("(一)", "推进城市更新", ["市住建局"])


def test_items_with_their_own_tags_under_a_lead_heading_stay_tasks() -> None:
    text = HEADER + (
        "(一)市商务局牵头的工作\n1.办好消费季活动。(市商务局牵头,市文旅局配合)\n2.发展夜间经济。(市商务局、市城管局负责)\n"
    )
    assert [(r["number"], r["lead"], r["support"]) for r in _tasks(text)] == [
        ("1.", ["市商务局"], ["市文旅局"]), ("2.", ["市商务局", "市城管局"], []),
    ]


def test_places_named_before_the_government_they_share_are_one_unit() -> None:
    from zhengce.extract.tasks import units_in as _units

    assert _units("东河机场扩建指挥部、东河、北川、南江市政府、省农垦总局") == [
        "东河机场扩建指挥部", "东河、北川、南江市政府", "省农垦总局"]
    assert _units("省发改委、相关市、县政府") == ["省发改委", "相关市、县政府"]
    assert _units("县财政局、县审计局") == ["县财政局", "县审计局"]
    assert _units("东河市、北川市、南江市人民政府") == ["东河市", "北川市", "南江市人民政府"]  # each with its level


def test_a_responsibility_list_after_the_signature_with_a_measures_column_after_the_units() -> None:
    # written for this test: a 责任清单 printed after the signature, page headers repeated, cells in <p>, a
    # continuation row whose 项目 cell is merged (empty), and the 贯彻落实措施 column after 责任单位
    text = (
        "云溪市人民政府办公室\n关于印发云溪市贯彻落实《促进服务业恢复发展的若干政策》\n责任清单的通知\n\n云政办发〔2025〕9号\n\n"
        "各县市区人民政府，市直有关单位：\n\n现将《云溪市贯彻落实〈促进服务业恢复发展的若干政策〉责任清单》印发给你们，请认真抓好落实。\n\n"
        "云溪市人民政府办公室\n\n2025年4月1日\n\n"
        "云溪市贯彻落实《促进服务业恢复发展的若干政策》责任清单\n\n"
        "项目\t政策内容\t责任单位\t贯彻落实措施\n"
        "一、实施普惠性扶持措施\t(一) 延续服务业增值税加计抵减政策。\t市税务局负责\t及时将政策落实到位。\n"
        "\t(二) 争取中央财政服务业发展专项资金。\t市商务局负责\t推荐一批项目争取支持。\n"
        "\t(三) 开展县域商业体系建设。\t市商务局负责\t\n"
        "\t(四) 支持融资担保机构提供增信服务。\t市财政局负责\t扩大担保规模。\n\n"
        "项目\t政策内容\t责任单位\t贯彻落实措施\n"
        "<p>二、实施交通运输业扶持措施</p>\t<p>(五) 对新能源公交车积极争取购置补贴资金支持。</p>\t"
        "<p>市工信局、市财政局等按职责分工负责</p>\t<p>做好项目申报。</p>\n"
    )
    got = [(r["number"], r["text_start"][:8], r["lead"]) for r in _tasks(text)]
    assert got == [
        ("(一)", "延续服务业增值税", ["市税务局"]),
        ("(二)", "争取中央财政服务", ["市商务局"]),
        ("(三)", "开展县域商业体系", ["市商务局"]),  # its measures cell is empty: (四) is still a task
        ("(四)", "支持融资担保机构", ["市财政局"]),
        ("(五)", "对新能源公交车积", ["市工信局", "市财政局"]),
    ]
