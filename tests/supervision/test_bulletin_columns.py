"""The bulletin's annex tables keep their numbers on one line and their headers in at most two, in the fallback
fonts a machine without 仿宋 sets the PDF in (a county office's trial: 附表1's header 最新实际值 stood one
character a line, ``14%`` broke after its digits, and 附表5's ``并列1`` wrapped)."""

from __future__ import annotations

from zhengce.supervision import bulletin_files as bf

TARGETS = (["指标（目标年份）", "目标值", "最新实际值", "完成进度", "时间进度", "状态"],
           [[f"{name}（2027年，推定）", f"增长{goal}%左右", "—", "—", "14%", "未报送实际值"]
            for name, goal in (("地区生产总值", "6.2"), ("规模上工业增加值", "5"), ("社会消费品零售总额", "9"))])
RANKING = (["名次", "单位", "按时/应报", "按时报送率", "完成/牵头任务", "任务完成率", "销号/交办问题", "问题销号率",
            "加减分", "得分"],
           [["并列1", unit, "0/4", "100.0%", "12/15", "80.0%", "10/10", "100.0%", "-2", "96.5"]
            for unit in ("立山经济开发区管理委员会", "区发展和改革局", "全区经济运行各专班", "税务局")])


def _lines_fit(headers: list[str], rows: list[list[str]]) -> tuple[float, list[float]]:
    size = bf.table_size(headers, rows)
    widths = bf.column_widths(headers, rows, size=size)
    assert abs(sum(widths) - bf.TEXT_WIDTH_MM) < 0.5
    for k, (head, width) in enumerate(zip(headers, widths, strict=True)):
        room = width - 2 * bf.CELL_MARGIN_MM
        assert room >= bf.header_mm(head, size), head  # a header in at most two lines
        for row in rows:
            if len(row[k]) <= 6:  # a number, a rank, a short state: on one line
                assert room >= bf.text_mm(row[k], size), (head, row[k])
    return size, widths


def test_a_percentage_is_as_wide_as_the_fallback_font_sets_it() -> None:
    assert bf.text_mm("14%") > bf.text_mm("144")  # "%" is nearly an em in DejaVu Sans, not a digit's width
    assert bf.text_mm("14%") >= 12 * 25.4 / 72 * (0.64 * 2 + 0.95)


def test_a_header_wraps_into_two_lines_where_a_line_may_break() -> None:
    assert bf.header_mm("最新实际值") == bf.text_mm("最新实")
    assert bf.header_mm("完成进度") == bf.text_mm("完成")
    assert bf.header_mm("按时/应报") == bf.text_mm("按时/应")  # not cut at the sign: 时/应 stays together


def test_the_targets_table_keeps_its_numbers_and_headers_at_the_usual_size() -> None:
    size, widths = _lines_fit(*TARGETS)
    assert size == 12.0
    assert widths[0] == max(widths)  # the long names take what is left, and wrap


def test_a_ten_column_ranking_is_set_smaller_rather_than_breaking_its_numbers() -> None:
    size, widths = _lines_fit(*RANKING)
    assert size < 12.0
    assert widths[1] >= bf.text_mm("区发展和改革局", size) + 2 * bf.CELL_MARGIN_MM  # a short unit's name on one line
