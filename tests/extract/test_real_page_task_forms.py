"""Task tags of the forms held-out set H showed (real pages of provinces, cities, counties): samples written for
the test, each with a case the rule must leave alone."""

from __future__ import annotations

from zhengce.extract.export import task_records
from zhengce.extract.tasks.unitnames import split_glued
from zhengce.parse.pipeline import parse_text


def rows(text: str) -> list[tuple[str, str, list[str], list[str]]]:
    return [(r["number"], r["text_start"], r["lead"], r["support"]) for r in task_records(parse_text(text, "t.txt"))]


def test_first_unit_leads_when_a_tag_says_so_in_a_clause_of_its_own() -> None:
    text = ("一、扩大就业\n"
            "(一)稳定重点群体就业。落实高校毕业生就业政策,开发公益性岗位。(区人社局、区教育局、区财政局等负责,"
            "列第一位者为牵头单位,下同)\n"
            "(二)支持返乡创业。建设创业孵化基地,提供创业担保贷款。(区农业农村局、区人社局等负责)\n")
    assert rows(text) == [
        ("(一)", "稳定重点群体就业。落实高校毕业", ["区人社局"], ["区教育局", "区财政局"]),
        ("(二)", "支持返乡创业。建设创业孵化基地", ["区农业农村局"], ["区人社局"]),
    ]


def test_without_the_convention_every_unit_that_is_responsible_leads() -> None:
    text = "一、扩大就业\n(一)支持返乡创业。建设创业孵化基地。(区农业农村局、区人社局等负责)\n"
    assert rows(text) == [("(一)", "支持返乡创业。建设创业孵化基地", ["区农业农村局", "区人社局"], [])]


def test_units_that_take_part_support_the_lead() -> None:
    text = ("一、就业优先\n1.完善就业联动机制。将城镇新增就业纳入年度计划。(县发改局、县人社局牵头,县财政局、"
            "县统计局参加)\n")
    assert rows(text) == [("1.", "完善就业联动机制。将城镇新增就", ["县发改局", "县人社局"], ["县财政局", "县统计局"])]


def test_a_square_bracket_closes_a_labelled_tag_not_the_last_unit() -> None:
    text = ("一、主要目标\n(一)地区生产总值增长8%。[牵头单位:县发改局(粮食局);责任单位:各镇人民政府,县经济开发区]\n"
            "(二)一般公共预算收入增长5%。(牵头单位:县财政局;责任单位:县税务局)\n")
    assert rows(text) == [
        ("(一)", "地区生产总值增长8%。", ["县发改局(粮食局)"], ["各镇人民政府", "县经济开发区"]),
        ("(二)", "一般公共预算收入增长5%。", ["县财政局"], ["县税务局"]),
    ]


def test_a_unit_line_wrapped_inside_a_name_goes_on_on_the_next_line() -> None:
    text = ("一、加强基层党建\n1.完善街道党工委领导体制机制,涉及基层治理的重大事项由街道党工委讨论决定。\n"
            "牵头单位:区委组织部\n协办单位:区委编办、区民政局、园区党工\n委、各街道党工委\n"
            "2.推进社区党组织书记、居委会主任一肩挑。\n牵头单位:区委组织部\n协办单位:区民政局\n")
    assert rows(text) == [
        ("1.", "完善街道党工委领导体制机制,涉", ["区委组织部"], ["区委编办", "区民政局", "园区党工委", "各街道党工委"]),
        ("2.", "推进社区党组织书记、居委会主任", ["区委组织部"], ["区民政局"]),
    ]


def test_a_unit_line_that_ends_with_a_whole_name_does_not_take_the_next_line() -> None:
    text = ("一、加强基层党建\n1.完善街道党工委领导体制机制。\n牵头单位:区委组织部\n协办单位:区委编办、区民政局\n"
            "各街道要建立工作台账,按月报送。\n")
    assert rows(text) == [("1.", "完善街道党工委领导体制机制。", ["区委组织部"], ["区委编办", "区民政局"])]


def test_each_tagged_line_of_an_item_is_a_task_of_its_own() -> None:
    # an item followed by lines whose labels were lost (mojibake), each closed by its own tag
    text = ("一、构建现代产业体系\n"
            "(一)加快建设三大汽车产业基地。(牵头单位:市经贸委;配合单位:市发改委、市规划局)\n"
            "?。推进临港石化基地建设。(牵头单位:市发改委;配合单位:市经贸委)\n"
            "(二)加快物流园区建设。(牵头单位:市交委;配合单位:市经贸委)\n")
    assert rows(text) == [
        ("(一)", "加快建设三大汽车产业基地。", ["市经贸委"], ["市发改委", "市规划局"]),
        ("", "?。推进临港石化基地建设。", ["市发改委"], ["市经贸委"]),
        ("(二)", "加快物流园区建设。", ["市交委"], ["市经贸委"]),
    ]


def test_an_item_whose_only_tag_closes_its_last_paragraph_stays_one_task() -> None:
    text = ("一、构建现代产业体系\n(一)加快建设三大汽车产业基地。\n完善配套零部件体系,培育龙头企业。"
            "(牵头单位:市经贸委;配合单位:市发改委)\n")
    assert rows(text) == [("(一)", "加快建设三大汽车产业基地。", ["市经贸委"], ["市发改委"])]


def test_a_tag_on_its_own_line_after_untagged_sub_items_closes_their_item() -> None:
    text = ("(一)预案建设\n1.完善应急预案体系\n(1)规范应急预案编制、审批和备案工作。\n(2)推进基层应急预案编制全覆盖。\n"
            "(责任单位:市直各有关单位、各县(市、区)人民政府)\n2.健全应急管理体制\n(1)推进应急管理办事机构建设。\n"
            "(责任单位:市应急局)\n")
    assert rows(text) == [
        ("1.", "完善应急预案体系", ["市直各有关单位", "各县(市、区)人民政府"], []),
        ("2.", "健全应急管理体制", ["市应急局"], []),
    ]


def test_sub_items_with_tags_of_their_own_keep_them() -> None:
    text = ("(一)预案建设\n1.完善应急预案体系\n(1)规范应急预案编制工作。(市应急局负责)\n(2)推进预案编制全覆盖。"
            "(各县(市、区)人民政府负责)\n")
    assert [r[0] for r in rows(text)] == ["(1)", "(2)"]


def test_two_names_of_a_table_cell_glued_by_a_joined_line_are_two_units() -> None:
    assert split_glued("市国土资源局市农牧林业局") == ["市国土资源局", "市农牧林业局"]
    assert split_glued("县发改局县财政局县住建局") == ["县发改局", "县财政局", "县住建局"]
    assert split_glued("市委市政府督查室") == ["市委市政府督查室"]  # a joint office: its first part is short
    assert split_glued("市公安局交警支队") == ["市公安局交警支队"]


def test_a_pinyin_mirror_keeps_its_notes_in_the_task_fields() -> None:
    text = ("穗府辦〔2006〕19號\n關(guān)于印發(fā)工作事項的通知\n各區(qū)人民政府:\n現(xiàn)將工作事項印發(fā)給你們。\n"
            "廣州市人民政府辦公廳\n二○○六年四月二十八日\n工作事項\n一、促進(jìn)經(jīng)濟發(fā)展\n"
            "(一)加快建設(shè)汽車產(chǎn)業(yè)基地。(牽頭單位:市經(jīng)貿(mào)委;配合單位:市規(guī)劃局)\n")
    [r] = task_records(parse_text(text, "t.txt"))
    assert (r["text_start"], r["lead"], r["support"]) == (
        "加快建設(shè)汽車產(ch", ["市經(jīng)貿(mào)委"], ["市規(guī)劃局"])  # 15 characters as printed


def test_the_convention_and_the_taking_part_label_in_other_wordings() -> None:
    from zhengce.extract.tasks.tags import parse_tag

    def roles(tag: str) -> list[tuple[str, str]]:
        return [(a.unit, a.role) for a in parse_tag(tag) or []]

    assert roles("市商务局、市财政局负责,排在第一位的为牵头单位") == [("市商务局", "lead"), ("市财政局", "support")]
    assert roles("市商务局、市财政局负责。列于首位的为牵头部门,下同") == [("市商务局", "lead"), ("市财政局", "support")]
    assert roles("牵头单位:市商务局;参加单位:市财政局、市统计局") == [
        ("市商务局", "lead"), ("市财政局", "support"), ("市统计局", "support")]
    # without the convention, units that are responsible all lead
    assert roles("市商务局、市财政局负责") == [("市商务局", "lead"), ("市财政局", "lead")]
