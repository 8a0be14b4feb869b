"""Contradictions: one indicator with different targets in one plan or across plans of a jurisdiction."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli.main import app
from zhengce.extract.contradictions import find_contradictions, indicator_key
from zhengce.parse.pipeline import parse_text

PLANS = (
    "南河市人民政府办公室\n关于印发《南河市2025年稳增长方案》的通知\n南政办发〔2025〕2号\n各县区人民政府：\n现印发给你们。\n"
    "南河市人民政府办公室\n2025年1月20日\n南河市2025年稳增长方案\n一、主要目标\n"
    "全市规模工业增加值增长8%，新增“四上”企业120家以上，城镇化率达到60%。\n\n"
    "南河市人民政府办公室\n关于印发《南河市2025年制造业攻坚方案》的通知\n南政办发〔2025〕5号\n各县区人民政府：\n现印发给你们。\n"
    "南河市人民政府办公室\n2025年2月10日\n南河市2025年制造业攻坚方案\n一、工作目标\n"
    "规模工业增加值增长7.5%，新增“四上”企业120家以上，城镇化率达到60%以上。\n"
)


def test_different_values_and_bounds_for_one_indicator_are_reported() -> None:
    parsed = parse_text(PLANS, "plans.txt")
    assert len(parsed.documents) == 2
    found = {c.indicator: c for c in find_contradictions((d, parsed.text) for d in parsed.documents)}
    assert set(found) == {"规模工业增加值", "城镇化率"}  # the 四上 target agrees and is not reported
    value = found["规模工业增加值"]
    assert value.kind == "value" and value.jurisdiction == "南河市" and value.target_year == 2025
    assert sorted(t.value for t in value.targets) == ["7.5", "8"]
    assert {t.doc_number for t in value.targets} == {"南政办发〔2025〕2号", "南政办发〔2025〕5号"}
    assert found["城镇化率"].kind == "bound"


def test_a_range_is_one_target_statement_not_a_contradiction() -> None:
    text = PLANS.replace("新增“四上”企业120家以上", "新增“四上”企业100—120家", 1)
    parsed = parse_text(text, "plans.txt")
    found = {c.indicator: c for c in find_contradictions((d, parsed.text) for d in parsed.documents)}
    assert "“四上”企业" in found  # the range differs from the other plan's 120家以上
    alone = parse_text(text.split("\n\n")[0], "plan.txt")
    assert find_contradictions((d, alone.text) for d in alone.documents) == []  # 100 min and 120 max agree


def test_other_jurisdictions_and_years_are_not_compared() -> None:
    other = PLANS.replace("南河市2025年制造业", "西岭县2025年制造业").replace(
        "南河市人民政府办公室\n关于印发《西岭县", "西岭县人民政府办公室\n关于印发《西岭县")
    parsed = parse_text(other, "plans.txt")
    assert [c.indicator for c in find_contradictions((d, parsed.text) for d in parsed.documents)] == []
    assert indicator_key("全市“四上”企业数") == indicator_key("四上企业")


def test_check_command_lists_what_needs_review(tmp_path: Path) -> None:
    path = tmp_path / "plans.txt"
    path.write_text(PLANS, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--json", str(path)])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(i["indicator"] for i in items if i["type"] == "contradiction") == ["城镇化率", "规模工业增加值"]
    human = CliRunner().invoke(app, ["check", str(path)])
    assert "数值不同" in human.stdout and "目标不一致 2 处" in human.stdout
