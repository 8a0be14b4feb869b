"""Goals of district and township plans (held-out set G forms; samples written for the test)."""

from __future__ import annotations

from zhengce.extract.export import target_records
from zhengce.extract.targets.headings import is_goal_heading
from zhengce.parse.pipeline import parse_text


def targets(text: str) -> list[tuple[str, str, str, str]]:
    return [(r["indicator"], r["value"], r["unit"], r["bound"]) for r in target_records(parse_text(text, "t.txt"))]


def test_an_item_whose_last_clause_ensures_the_main_indicators_heads_them() -> None:
    assert is_goal_heading("加强经济运行监测，确保完成主要指标")
    assert not is_goal_heading("加强经济运行监测，确保完成目标任务")
    text = ("一、推动经济平稳发展。\n1、加强经济运行监测，确保完成主要指标。（牵头单位：区发改委、区统计局）\n"
            "▲地区生产总值增长8%左右。\n▲财政收入增长10%以上。\n"
            "2、推进重点项目建设，年内新开工项目40个。（牵头单位：区建委）\n")
    assert targets(text) == [("地区生产总值", "8", "%", "approx"), ("财政收入", "10", "%", "min")]
