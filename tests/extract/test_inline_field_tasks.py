"""Task tags printed as labelled fields inside the task's own line (forms held-out set L showed: a newspaper's
progress notice of 民生实事, a 民生工程 bulletin): samples written for the test, each with a case the rule must
leave alone."""

from __future__ import annotations

from zhengce.extract.export import task_records
from zhengce.parse.pipeline import parse_text


def rows(text: str) -> list[tuple[str, str, list[str], list[str]]]:
    return [(r["number"], r["text_start"], r["lead"], r["support"]) for r in task_records(parse_text(text, "t.txt"))]


def test_a_unit_label_after_the_comma_of_a_short_item_is_its_tag_up_to_the_sentence_end() -> None:
    text = ("二、部分项目进展情况\n"
            "1、城区污水管网改造工程,牵头部门:市住建局。进度相对较慢的为东城区。\n"
            "2、农村客运班线通达工程,牵头部门:市交通运输局、市财政局。全部按计划推进。\n")
    assert rows(text) == [
        ("1、", "城区污水管网改造工程,", ["市住建局"], []),
        ("2、", "农村客运班线通达工程,", ["市交通运输局", "市财政局"], []),
    ]


def test_a_comma_before_a_word_that_is_no_label_of_units_opens_no_tag() -> None:
    text = ("二、部分项目进展情况\n"
            "1、城区污水管网改造工程,完成情况:已完成年度任务的60%。\n"
            "2、农村客运班线通达工程,请各责任单位加快进度。\n")
    assert rows(text) == []


def test_fields_parted_by_spaces_end_at_the_next_space() -> None:
    text = ("一、民生实事项目\n"
            "1.新建城市公园5座。 牵头领导:张某 责任单位:市园林局 项目责任人:李某 配合单位:市规划局、市财政局 "
            "实际完成情况:3座已开工,2座完成设计。 2.新增公共停车泊位2000个。 牵头领导:王某 责任单位:市城管局,"
            "各区政府 项目责任人:赵某 配合单位:市公安局 东区 西区 合计 年度目标 800 1200 2000\n")
    assert rows(text) == [
        ("1.", "新建城市公园5座。", ["市园林局"], ["市规划局", "市财政局"]),
        ("2.", "新增公共停车泊位2000个。", ["市城管局", "各区政府"], ["市公安局"]),
    ]


def test_units_on_labelled_lines_of_their_own_keep_their_spaces() -> None:
    text = ("一、重点任务\n1.推进老旧小区改造,完成改造小区30个。\n"
            "牵头单位:市住建局\n责任单位:市财政局 市自然资源局\n")
    [(number, _start, lead, support)] = rows(text)
    assert (number, lead) == ("1.", ["市住建局"])
    assert "市财政局" in support[0] and "市自然资源局" in "".join(support)
