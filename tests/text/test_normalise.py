"""Normalisation repairs publication artefacts and keeps a map back to the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhengce.text.normalise import fold, repair, squash, strip_wrap_spaces
from zhengce.text.textmap import Edit, MappedText


def test_fold_unifies_punctuation_spaces_and_traditional_characters() -> None:
    assert fold("（一）經濟發展：增長７％，\u00a0\u2002完成") == "(一)经济发展:增长7%,  完成"
    assert squash("永政办发(2022)13号") == squash("永政办发（2022）13号")


@given(st.text(max_size=200))
def test_fold_keeps_length_so_offsets_are_shared(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_strip_wrap_spaces_only_inside_chinese() -> None:
    assert strip_wrap_spaces("房地产市场 平稳健康发展 (2024—2027 年)") == "房地产市场平稳健康发展(2024—2027年)"
    assert strip_wrap_spaces("DIP 支付 and DRG") == "DIP支付and DRG"


def test_running_header_inside_a_sentence_is_removed_and_the_sentence_joined() -> None:
    text = (
        "第五条 全市政务数据按照统一规划、统一建设的原则进行管理，建设资\n\n"
        "市政府办文件\n\n"
        "金由市县两级分级负担，各负其责。\n\n"
        "第六条 市政府办文件由办公室统一印制。\n"
    )
    out = repair(text).text
    assert "建设资金由市县两级分级负担" in out
    assert "第六条 市政府办文件由办公室统一印制。" in out  # the same words inside a sentence stay
    assert out.count("市政府办文件") == 1


def test_repeated_section_label_is_a_running_header_even_when_not_named_file() -> None:
    body = "对符合条件的企业给予支持，并按照规定对其研发投入给予一定比例的补助，具体办法由县财政局\n\n"
    text = body + "清河政报\n\n另行制定。\n\n" + body + "清河政报\n\n另行制定。\n\n" + "第二段。\n\n清河政报\n\n第三段。\n"
    out = repair(text).text
    assert out.count("具体办法由县财政局另行制定。") == 2


def test_page_break_split_paragraph_is_joined_and_repeated_character_dropped() -> None:
    text = (
        "根据《湖南省超长期特别国债资金支持消费品以旧换新实施方\n\n"
        "方案》等政策的出台，及时梳理政策清单并制定分领域实施细则。\n\n"
        "二、工作要求\n\n"
        "各单位要高度重视。\n"
    )
    out = repair(text).text
    assert "以旧换新实施方案》等政策" in out
    assert "二、工作要求\n\n各单位" in out  # headings are not joined to what follows


def test_a_heading_length_line_cut_before_the_end_of_its_clause_is_joined() -> None:
    text = "李某同志任县交通运输局综合执法大队副大\n\n队长（试用期一年）；\n\n二、加强领导\n\n各单位要高度重视。\n"
    out = repair(text).text
    assert "综合执法大队副大队长（试用期一年）；" in out
    assert "二、加强领导\n\n各单位" in out


def test_headings_signatures_and_tags_are_not_joined() -> None:
    text = (
        "一、加大财政支持力度\n\n"
        "县财政每年安排专项资金。（县财政局牵头，县工信局配合）\n\n"
        "对新认定的企业给予奖励。\n\n"
        "各单位要认真贯彻执行，确保各项措施落到实处并取得实效\n\n"
        "清河县人民政府办公室\n\n"
        "2023年3月1日\n"
    )
    assert repair(text).text == text


def test_latin_and_between_chinese_words_reads_as_he() -> None:
    out = repair("严格按照施工技术标准 and 操作规程进行施工。DIP and DRG 改革。\n").text
    assert "施工技术标准和操作规程" in out
    assert "DIP and DRG" in out


def test_web_chrome_lines_are_dropped() -> None:
    text = "扫码访问\n当前位置:首页 > 政策文件\n来源: 清河县人民政府 更新日期:2023-01-01\n字体:\n正文第一段。\n"
    assert repair(text).text == "正文第一段。\n"


def test_offsets_map_back_to_the_original() -> None:
    text = (
        "第一段内容按照统一规划统一建设的原则进行管理，建设资\n\n市政府办文件\n\n金由市县两级负担。\n\n"
        "标准 and 规程。\n"
    )
    mapped = repair(text)
    replaced = {i for e in mapped.edits if e.replacement for i in range(e.start, e.end)}
    for i, ch in enumerate(mapped.text):
        j = mapped.to_original(i)
        if j not in replaced:
            assert text[j] == ch


@given(st.text(alphabet="甲乙丙，。\n 市政府办文件and", max_size=300))
def test_repair_never_loses_a_kept_character(text: str) -> None:
    mapped = repair(text)
    kept = [i for i in range(len(mapped.text))]
    for i in kept:
        j = mapped.to_original(i)
        assert 0 <= j <= len(text)


def test_mapped_text_applies_non_overlapping_edits() -> None:
    m = MappedText("abcdefgh", [Edit(1, 3, "X"), Edit(2, 5, "Y"), Edit(6, 7)])
    assert m.text == "aXdefh"  # the overlapping second edit is ignored
    assert m.to_original(0) == 0 and m.to_original(2) == 3 and m.to_original(5) == 7


def test_a_numbered_heading_with_a_comma_over_a_long_paragraph_is_not_joined_to_it() -> None:
    heading = "一、稳定经济增长,扩大有效投资\n"
    paragraph = "落实积极的财政政策,优化财政支出结构,保障重点领域支出,加强政府债务管理,防范化解风险。\n"
    assert repair(heading + paragraph).text == heading + paragraph
    # a line cut by a page break, as wide as the rest of its paragraph, is still joined
    cut = "一、稳定经济增长,扩大有效投资,落实积极的财政政策,优化财\n政支出结构,保障重点领域支出。\n"
    assert "优化财政支出" in repair(cut).text


def test_a_figure_cut_from_its_sentence_by_a_page_break_is_joined_back() -> None:
    """``…人数达`` / ``0.95万人。（…）``: a line opening with a decimal and its unit is the sentence's rest,
    not a section label such as ``1.1``."""
    text = ("（9）促进职工医疗互助提质扩面。加入医疗互助职工人数达\n\n0.95万人。（牵头单位：区总工会）\n\n"
            "1.1 总体要求\n\n坚持问题导向，聚焦重点领域。")
    shown = repair(text).text
    assert "人数达0.95万人。" in shown
    assert "\n\n1.1 总体要求\n\n" in shown  # a section label still starts its line


def test_a_tag_cut_inside_its_bracket_is_joined_back() -> None:
    """``…主电网。（牵`` / ``头单位：区供电公司）`` reads as a ``key：value`` line, but it closes the bracket
    the line above left open."""
    text = ("（20）实施农村电网巩固提升工程。巩固提升10千伏及以下农村配电网工程；开工建设主电网。（牵\n\n"
            "头单位：区供电公司）\n\n（21）实施农村通信网络巩固提升工程。")
    shown = repair(text).text
    assert "主电网。（牵头单位：区供电公司）\n\n（21）" in shown
    kept = "联系人：张三\n\n电话：0731-1234567"  # key：value lines without an open bracket stay apart
    assert repair(kept).text == kept
