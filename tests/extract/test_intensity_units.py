"""Energy and water intensity are printed per 万元 of output (单位GDP能耗0.9吨标煤/万元以下, 万元工业增加值用水量
20立方米/万元): the whole compound is the unit, so the goal is read with its bound. Sentences written for the test."""

from __future__ import annotations

from zhengce.extract.targets.extractor import extract_targets
from zhengce.parse.pipeline import parse_text


def _targets(text: str) -> list[tuple[str, str, str, str]]:
    parsed = parse_text(text, "sample.txt")
    return [(t.indicator, t.value, t.unit, t.bound) for doc in parsed.documents
            for t in extract_targets(doc, parsed.text)]


def test_intensity_per_ten_thousand_yuan_is_one_unit() -> None:
    text = """\
青河县人民政府关于推进绿色低碳发展的意见
各乡镇人民政府，县政府各部门：
一、工作目标
到2027年，单位生产总值能耗保持在0.45吨标煤/万元以下，万元工业增加值用水量控制在18立方米/万元以内，\
规模以上工业单位增加值能耗降至0.6吨标准煤/万元。
二、重点任务
"""
    assert _targets(text) == [("单位生产总值能耗", "0.45", "吨标煤/万元", "max"),
                              ("万元工业增加值用水量", "18", "立方米/万元", "max"),
                              ("规模以上工业单位增加值能耗", "0.6", "吨标准煤/万元", "exact")]


def test_a_price_per_ton_stays_a_money_rule() -> None:
    text = """\
青河县人民政府关于推进绿色低碳发展的意见
各乡镇人民政府，县政府各部门：
一、工作目标
对购买标煤的企业按每吨标煤200元给予补贴。
二、重点任务
"""
    assert _targets(text) == []
