"""Goal sections of work-report divisions and of 意见: where the goals stand (samples written for the test)."""

from __future__ import annotations

from zhengce.extract.export import target_records
from zhengce.extract.targets.headings import is_goal_heading
from zhengce.parse.pipeline import parse_text


def targets(text: str) -> list[tuple[str, str, str, str]]:
    return [(r["indicator"], r["value"], r["unit"], r["bound"]) for r in target_records(parse_text(text, "t.txt"))]


def test_the_years_expected_goals_as_the_object_of_ensure() -> None:
    assert is_goal_heading("确保完成全年主要预期目标")
    assert is_goal_heading("确保实现2024年经济社会发展主要预期目标")
    # a measure about goals in general is still no goal section
    assert not is_goal_heading("确保完成目标任务")
    assert not is_goal_heading("强化目标考核")


def test_goal_items_under_ensure_the_expected_goals_each_with_unit_lines() -> None:
    text = (
        "青原市人民政府关于2024年市政府重点工作及责任分解的通知\n各县、市、区人民政府：\n"
        "一、确保完成全年主要预期目标\n"
        "1. 地区生产总值增长6%以上。\n牵头责任单位：市发展改革委。\n"
        "2. 城镇居民人均可支配收入增长7%左右。\n牵头责任单位：市统计局。\n"
        "二、扎实推进项目建设\n"
        "3. 新开工亿元以上项目120个。\n牵头责任单位：市发展改革委。\n"
    )
    assert targets(text) == [("地区生产总值", "6", "%", "min"), ("城镇居民人均可支配收入", "7", "%", "approx")]


OPINION = (
    "松岭省人民政府办公厅\n关于支持河湾市加快发展的若干意见\n松政办〔2023〕8号\n各设区市人民政府：\n"
    "为支持河湾市加快发展，现提出以下意见：\n"
    "一、总体要求\n"
    "以新发展理念为指导，推动河湾市建设区域中心城市。\n"
    "到2027年，河湾市地区生产总值达8000亿元以上，常住人口超500万人，研发经费投入年均增长12%以上。\n"
    "二、支持产业发展\n"
    "(一)壮大制造业\n2027年，支持新建产业园区3个。\n"
)


def test_a_year_led_paragraph_of_the_overall_requirements_states_the_goals() -> None:
    assert targets(OPINION) == [
        ("河湾市地区生产总值", "8000", "亿元", "min"), ("常住人口", "500", "万人", "min"),
        ("研发经费投入", "12", "%", "min")]


def test_year_led_lines_outside_the_overall_requirements_are_measures() -> None:
    without_goals = OPINION.replace("到2027年，河湾市地区生产总值达8000亿元以上，常住人口超500万人，研发经费投入年均增长12%以上。\n",
                                    "")
    assert targets(without_goals) == []
