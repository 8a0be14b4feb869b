"""Responsibility printed as lines after each item, and conventions a tag states itself (samples written for the test)."""

from __future__ import annotations

from zhengce.extract.export import task_records
from zhengce.extract.tasks import parse_tag
from zhengce.extract.tasks.unitnames import units_in
from zhengce.parse.pipeline import parse_text


def rows(text: str) -> list[tuple[str, str, list[str], list[str]]]:
    return [(r["number"], r["text_start"], r["lead"], r["support"]) for r in task_records(parse_text(text, "t.txt"))]


def test_lead_and_cooperating_responsible_unit_lines_after_a_goal() -> None:
    # the work report's split: a leader line (a person, not a unit), then 牵头责任单位 / 协同责任单位 lines
    text = (
        "青原市人民政府关于2024年市政府重点工作及责任分解的通知\n各县、市、区人民政府，市政府各部门：\n"
        "一、确保完成全年主要预期目标\n"
        "1. 地区生产总值增长6%以上。\n\n牵头负责领导：王明。\n\n牵头责任单位：市发展改革委。\n\n"
        "协同责任单位：市统计局、市财政局等，各县、市、区政府。\n\n"
        "2. 一般公共预算收入增长5%左右。\n牵头负责领导：李强。\n牵头责任单位：市财政局。\n协同责任单位：市税务局等。\n"
    )
    assert rows(text) == [
        ("1.", "地区生产总值增长6%以上。", ["市发展改革委"], ["市统计局", "市财政局", "各县、市、区政府"]),
        ("2.", "一般公共预算收入增长5%左右。", ["市财政局"], ["市税务局"]),
    ]


def test_a_run_of_levels_belongs_to_the_government_that_ends_it() -> None:
    assert units_in("市水利局等，各县、市、区政府") == ["市水利局", "各县、市、区政府"]
    assert units_in("各旗、县、区人民政府、市林草局") == ["各旗、县、区人民政府", "市林草局"]


def test_a_responsible_department_line_that_states_lead_and_cooperation() -> None:
    text = (
        "五、改善群众居住条件\n"
        "1、扩大公共租赁住房供给。\n责任部门：市住建局牵头，市财政局、市自然资源局配合。\n"
        "2、推进棚户区改造。\n责任部门：市住建局。\n"
        "3、做好困难家庭住房救助。\n责任部门：市民政局牵头，市住建局配合。\n"
    )
    assert rows(text) == [
        ("1、", "扩大公共租赁住房供给。", ["市住建局"], ["市财政局", "市自然资源局"]),
        ("2、", "推进棚户区改造。", ["市住建局"], []),
        ("3、", "做好困难家庭住房救助。", ["市民政局"], ["市住建局"]),
    ]


def test_a_responsible_unit_line_without_roles_still_leads() -> None:
    found = parse_tag("责任单位：县教育局、县财政局")
    assert found is not None and {a.role for a in found} == {"lead"}


def test_a_tag_that_states_the_first_named_leads_applies_it_to_itself() -> None:
    found = parse_tag("省交通厅、省财政厅、省自然资源厅负责。排在第一位的为牵头单位，下同")
    assert found is not None
    assert [(a.unit, a.role) for a in found] == [("省交通厅", "lead"), ("省财政厅", "support"),
                                                 ("省自然资源厅", "support")]
    # without the note the same units all lead
    plain = parse_tag("省交通厅、省财政厅、省自然资源厅负责")
    assert plain is not None and {a.role for a in plain} == {"lead"}


def test_a_tag_whose_closing_bracket_was_dropped_still_assigns_its_task() -> None:
    # OCR (or typing) drops the ） that ends a paragraph: the task is read all the same, from the same units
    text = (
        "白河县农村人居环境整治实施方案\n一、重点任务\n"
        "（一）落实防火责任。各乡镇落实网格化管理，确保责任到人。（县应急管理局牵头，各乡镇人民政府负责\n"
        "（二）整治村容村貌。开展村庄清洁行动，清理垃圾和杂物。（县农业农村局牵头，县住建局配合）\n"
    )
    assert [(n, lead, support) for n, _, lead, support in rows(text)] == [
        ("(一)", ["县应急管理局"], ["各乡镇人民政府"]),
        ("(二)", ["县农业农村局"], ["县住建局"]),
    ]
    # an open bracket that does not end on a role word is no tag: a note cut short, a name's bracket
    cut = text.replace("（县应急管理局牵头，各乡镇人民政府负责", "（详见附件1")
    assert [n for n, *_ in rows(cut)] == ["(二)"]
