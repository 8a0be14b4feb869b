"""The unit of a target is given as the sentence prints it, like its indicator (a traditional page keeps 萬噸);
full-width forms keep their normal form (％ is %). Sentences written for the test."""

from __future__ import annotations

from zhengce.extract.targets.extractor import extract_targets
from zhengce.parse.pipeline import parse_text


def _targets(text: str) -> list[tuple[str, str, str, str]]:
    parsed = parse_text(text, "sample.txt")
    return [(t.indicator, t.value, t.unit, t.bound) for doc in parsed.documents
            for t in extract_targets(doc, parsed.text)]


def test_traditional_units_stay_as_printed() -> None:
    text = """\
臨江市人民政府關於加快現代農業發展的意見
各縣人民政府，市政府各部門：
一、主要目標
到2025年，糧食產量穩定在120萬噸以上，新增高標準農田15萬畝，農業總產值達到300億元。
二、重點任務
"""
    assert _targets(text) == [("糧食產量", "120", "萬噸", "min"), ("高標準農田", "15", "萬畝", "exact"),
                              ("農業總產值", "300", "億元", "exact")]


def test_full_width_percent_keeps_its_normal_form() -> None:
    text = """\
临江市人民政府关于加快现代农业发展的意见
各县人民政府，市政府各部门：
一、主要目标
到2025年，农业科技进步贡献率达到65％以上。
二、重点任务
"""
    assert _targets(text) == [("农业科技进步贡献率", "65", "%", "min")]
