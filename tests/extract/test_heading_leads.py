"""Task forms of the 22g trial, each with a sample written for it: the lead named once in the heading of the
items it leads, leader offices inside a tag, and the plan of a page printed without a header."""

from __future__ import annotations

from zhengce.extract.export import target_records, task_records
from zhengce.parse.pipeline import parse_text

NOTICE = ("卯县人民政府办公室关于印发2026年县政府重点工作任务清单的通知\n卯政办发〔2026〕4号\n"
          "各乡镇人民政府，县直各有关单位：\n现将任务清单印发给你们，请认真抓好落实。\n"
          "卯县人民政府办公室\n2026年2月10日\n2026年县政府重点工作任务清单\n")


def _tasks(text: str) -> list[tuple[str, str, list[str], list[str], str]]:
    return [(r["number"], r["text_start"], r["lead"], r["support"], r["tag"])
            for r in task_records(parse_text(text, "x.txt"))]


def test_a_heading_that_names_the_lead_makes_each_untagged_item_under_it_a_task() -> None:
    text = NOTICE + (
        "一、县住建局牵头工作(3项)\n"
        "1.改造城镇老旧小区12个。\n"
        "2.新建口袋公园5处。\n"
        "3.完成雨污分流管网改造20公里。\n"
        "二、由县教育局牵头的任务（共2项）\n"
        "1.新建幼儿园2所。\n"
        "2.改扩建县第二中学。\n"
        "三、牵头单位：县卫健委、县医保局\n"
        "1.推进县域医共体建设。\n"
    )
    assert _tasks(text) == [
        ("1.", "改造城镇老旧小区12个。", ["县住建局"], [], "县住建局牵头工作(3项)"),
        ("2.", "新建口袋公园5处。", ["县住建局"], [], "县住建局牵头工作(3项)"),
        ("3.", "完成雨污分流管网改造20公里。", ["县住建局"], [], "县住建局牵头工作(3项)"),
        ("1.", "新建幼儿园2所。", ["县教育局"], [], "由县教育局牵头的任务（共2项）"),
        ("2.", "改扩建县第二中学。", ["县教育局"], [], "由县教育局牵头的任务（共2项）"),
        ("1.", "推进县域医共体建设。", ["县卫健委", "县医保局"], [], "牵头单位：县卫健委、县医保局"),
    ]


def test_an_item_cut_off_at_the_end_of_an_excerpt_is_no_task_but_the_items_before_it_are() -> None:
    text = NOTICE + "一、县交通局牵头工作(3项)\n1.新改建农村公路80公里。\n2.建成县城公交枢纽站。\n3.推进县城至高铁站快速"
    assert [(n, lead) for n, _, lead, _, _ in _tasks(text)] == [("1.", ["县交通局"]), ("2.", ["县交通局"])]


def test_a_heading_that_merely_mentions_a_unit_leads_nothing() -> None:
    text = NOTICE + (
        "一、县发改局年度重点工作\n1.争取中央预算内投资1亿元。\n"
        "二、配合县财政局牵头的工作\n1.做好债券项目储备。\n"
        "三、完善县商务局牵头工作机制\n1.建立外贸企业联系制度。\n"
    )
    assert _tasks(text) == []


def test_a_lead_heading_whose_items_carry_their_own_tags_leaves_the_tags_to_the_items() -> None:
    text = NOTICE + ("一、县文旅局牵头工作(2项)\n1.创建4A级景区1家。(县文旅局牵头,县自然资源局配合)\n"
                     "2.举办乡村旅游节。(县文旅局、各乡镇人民政府负责)\n")
    assert [(n, lead, support) for n, _, lead, support, _ in _tasks(text)] == [
        ("1.", ["县文旅局"], ["县自然资源局"]), ("2.", ["县文旅局", "各乡镇人民政府"], [])]


def test_leader_offices_inside_a_tag_are_people_not_units() -> None:
    text = NOTICE + (
        "一、稳定经济增长\n"
        "(一)地区生产总值增长6%左右(分管副县长、协管副主任负责,县发改局牵头,县统计局、县财政局配合)。\n"
        "(二)新开工亿元以上项目30个(县政府办公室分管副主任负责,县工信局牵头)。\n"
        "(三)城镇新增就业3000人(县人社局牵头,各乡镇人民政府负责)。\n"
    )
    assert [(n, lead, support) for n, _, lead, support, _ in _tasks(text)] == [
        ("(一)", ["县发改局"], ["县统计局", "县财政局"]),
        ("(二)", ["县工信局"], []),
        ("(三)", ["县人社局"], ["各乡镇人民政府"]),
    ]


def test_a_page_without_a_header_takes_the_plan_title_above_its_first_heading() -> None:
    text = ("日前，辰区政府办公室印发今年的重点工作分解方案，明确了各项任务的责任单位。\n"
            "2026年区政府重点工作目标任务分解\n"
            "一、主要预期目标\n"
            "1.地区生产总值增长5.5%左右。\n"
            "牵头单位：区发改委\n"
            "责任单位：区统计局\n")
    parsed = parse_text(text, "x.txt")
    tasks = task_records(parsed)
    targets = target_records(parsed)
    assert [(t["plan"], t["lead"], t["support"]) for t in tasks] == [
        ("2026年区政府重点工作目标任务分解", ["区发改委"], ["区统计局"])]
    assert [(t["plan"], t["indicator"]) for t in targets] == [("2026年区政府重点工作目标任务分解", "地区生产总值")]


def test_a_headless_page_whose_line_above_the_first_heading_is_a_sentence_or_a_label_names_no_plan() -> None:
    sentence = ("日前，辰区召开会议，部署今年重点工作。\n"
                "一、主要预期目标\n"
                "1.地区生产总值增长5.5%左右。\n"
                "牵头单位：区发改委\n")
    label = ("【工作目标】\n新增市级示范街区3个。\n【工作措施】\n"
             "1.开展示范街区创建活动,年内完成评审。\n2.将创建情况纳入年度考核。\n责任单位:市商务局\n")
    for text in (sentence, label):
        assert [t["plan"] for t in task_records(parse_text(text, "x.txt"))] == [""]
