"""Responsibility tags: the grammar, not a list of examples."""

from __future__ import annotations

import pytest

from zhengce.pipeline import parse_text
from zhengce.tasks import parse_tag, trailing_group


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
    from zhengce.export import task_records

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
    from zhengce.export import task_records

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
    from zhengce.export import task_records

    text = (
        "西岭县人民政府\n关于做好防汛工作的通知\n西政函〔2024〕9号\n各乡镇人民政府：\n现将有关事项通知如下。\n"
        "一、加强值守。值班人员要在岗在位。（县应急局牵头，各乡镇负责）\n西岭县人民政府\n2024年5月2日\n"
    )
    (record,) = task_records(parse_text(text, "n.txt"))
    assert record["lead"] == ["县应急局"] and record["role"]["territorial"] == ["各乡镇"]
