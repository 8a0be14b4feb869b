"""Personnel events (任, 免, 挂职) from appointment notices."""

from __future__ import annotations

import pytest

from zhengce.extract.personnel import extract_personnel, find_personnel, split_post
from zhengce.parse.pipeline import parse_text


@pytest.mark.parametrize(
    ("post", "org", "title", "probation"),
    [
        ("县交通运输局副局长（试用期一年）", "县交通运输局", "副局长", "试用期一年"),
        ("市公安局刑事侦查支队副支队长(副处级)", "市公安局刑事侦查支队", "副支队长(副处级)", None),
        ("县融媒体中心（广播电视台）副主任（副台长）兼副总编辑", "县融媒体中心（广播电视台）", "副主任（副台长）兼副总编辑", None),
        ("市人民政府副秘书长", "市人民政府", "副秘书长", None),
    ],
)
def test_post_splits_into_organisation_and_title(post: str, org: str, title: str, probation: str | None) -> None:
    assert split_post(post) == (org, title, probation)


def test_decision_clauses() -> None:
    text = (
        "赵一同志任县财政局副局长（试用期一年），免去其县审计局副局长职务；\n"
        "免去钱二同志的县林业局局长职务；\n"
        "孙三、李四同志挂职任西岭高新区管委会副主任，挂职时间两年。\n"
        "任命周五同志为县统计局总统计师；\n"
    )
    got = [(e.person, e.event, e.org, e.title, e.probation, e.term) for e in find_personnel(text)]
    assert got == [
        ("赵一", "appoint", "县财政局", "副局长", "试用期一年", None),
        ("赵一", "remove", "县审计局", "副局长", None, None),
        ("钱二", "remove", "县林业局", "局长", None, None),
        ("孙三", "second", "西岭高新区管委会", "副主任", None, "两年"),
        ("李四", "second", "西岭高新区管委会", "副主任", None, "两年"),
        ("周五", "appoint", "", "县统计局总统计师", None, None),  # a title outside the list stays whole
    ]
    for e in find_personnel(text):
        assert text[e.start : e.end] == e.text


def test_only_appointment_notices_give_personnel_records() -> None:
    notice = (
        "西岭县人民政府\n关于赵一等同志职务任免的通知\n西政人〔2025〕2号\n各乡镇人民政府，县直各单位：\n"
        "县人民政府决定：\n赵一同志任县财政局副局长；\n免去钱二同志的县林业局局长职务。\n西岭县人民政府\n2025年3月3日\n"
    )
    parsed = parse_text(notice, "n.txt")
    (doc,) = parsed.documents
    events = extract_personnel(doc, parsed.text)
    assert [(e.person, e.event, e.doc_number, e.signed) for e in events] == [
        ("赵一", "appoint", "西政人〔2025〕2号", "2025-03-03"), ("钱二", "remove", "西政人〔2025〕2号", "2025-03-03")]
    plan = notice.replace("职务任免的通知", "推进项目建设的通知").replace("西政人", "西政发")
    parsed = parse_text(plan, "p.txt")
    assert extract_personnel(parsed.documents[0], parsed.text) == []
