"""Task tags of county and township plans (held-out set G forms; samples written for the test)."""

from __future__ import annotations

from zhengce.extract.export import task_records
from zhengce.extract.tasks.unitnames import units_in
from zhengce.parse.pipeline import parse_text


def rows(text: str) -> list[tuple[str, list[str], list[str]]]:
    return [(r["number"], r["lead"], r["support"]) for r in task_records(parse_text(text, "t.txt"))]


def test_he_and_ji_join_the_last_units_of_a_cooperating_list() -> None:
    text = ("一、主要任务\n(一) 建设区域物流枢纽。完善铁路专用线和仓储设施，年内开工建设两个冷链中心。"
            "(区商务局牵头，区交通局、区财政局、区农业局和区供销社及相关乡镇配合)\n")
    assert rows(text) == [("(一)", ["区商务局"], ["区交通局", "区财政局", "区农业局", "区供销社", "相关乡镇"])]


def test_he_inside_a_unit_name_is_not_a_joint() -> None:
    assert units_in("区发展和改革局、区住房和城乡建设局") == ["区发展和改革局", "区住房和城乡建设局"]
    assert units_in("区经济和信息化局及各县区") == ["区经济和信息化局", "各县区"]
