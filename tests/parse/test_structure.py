"""The clause tree: numbering conventions, tables, attachments, and no text lost."""

from __future__ import annotations

import itertools

from zhengce.parse.model import Node
from zhengce.parse.pipeline import parse_text

HEAD = "乙市人民政府\n关于印发《乙市某某管理办法》的通知\n乙政发〔2024〕3号\n各区人民政府：\n现印发给你们。\n乙市人民政府\n2024年5月6日\n"


def tree(body: str) -> Node:
    (doc,) = parse_text(HEAD + body, "t.txt").documents
    assert doc.tree is not None
    return doc.tree


def shape(node: Node) -> list:
    return [(c.kind, c.label, c.number, [s for s in shape(c)]) for c in node.children]


def own_texts(node: Node) -> str:
    return "".join(n.text for n in node.walk())


def test_chapters_articles_and_paragraphs() -> None:
    body = (
        "乙市某某管理办法\n\n第一章 总则\n\n第一条 为了规范管理，制定本办法。\n\n"
        "第二条 本办法适用于本市。\n\n法律另有规定的，从其规定。\n\n第二章 附则\n\n"
        "第三条 本办法自2024年6月1日起施行，有效期5年。\n"
    )
    t = tree(body)
    (plan,) = [c for c in t.children if c.kind == "plan"]
    assert plan.heading == "乙市某某管理办法"
    chapters = plan.children
    assert [(c.label, c.number, c.heading) for c in chapters] == [("第一章", 1, "总则"), ("第二章", 2, "附则")]
    art2 = chapters[0].children[1]
    assert (art2.kind, art2.label, art2.number) == ("article", "第二条", 2)
    assert [(k.kind, k.number) for k in art2.children] == [("paragraph", 2)]  # 第二款
    assert art2.children[0].text.startswith("法律另有规定")


def test_enumeration_levels_are_learned_from_their_order() -> None:
    body = (
        "乙市某某行动方案\n\n一、总体目标\n\n到2025年完成建设。\n\n二、重点任务\n\n"
        "（一）产业升级\n\n1. 推进技术改造。加快设备更新。\n\n（1）开展诊断；\n\n（2）实施改造；\n\n"
        "① 第一步；\n\n② 第二步。\n\n2. 培育龙头企业。\n\n（二）民生保障\n\n3. 稳定就业。\n\n"
        "2.1 高校毕业生就业。\n\n2.1.1 开展招聘会。\n\n三、保障措施\n\n加强组织领导。\n"
    )
    t = tree(body)
    (plan,) = [c for c in t.children if c.kind == "plan"]
    top = plan.children
    assert [(c.label, c.number, c.heading) for c in top] == [
        ("一、", 1, "总体目标"), ("二、", 2, "重点任务"), ("三、", 3, "保障措施")]
    b1, b2 = top[1].children
    assert (b1.label, b1.heading, b2.label, b2.heading) == ("（一）", "产业升级", "（二）", "民生保障")
    c1, c2 = b1.children
    assert (c1.label, c1.number, c1.heading) == ("1.", 1, "推进技术改造")
    assert [(x.label, x.number) for x in c1.children] == [("（1）", 1), ("（2）", 2)]
    assert [(x.label, x.number) for x in c1.children[1].children] == [("①", 1), ("②", 2)]
    assert c2.label == "2."
    c3 = b2.children[0]
    assert c3.label == "3."
    d = c3.children[0]
    assert (d.label, d.number) == ("2.1", 1) and d.children[0].label == "2.1.1"


def test_inline_items_yi_shi_er_shi() -> None:
    body = "乙市某某方案\n\n一、工作要求\n\n各单位要做到三点：一是提高认识，二是压实责任，三是强化督查。\n"
    t = tree(body)
    section = next(c for c in t.children if c.kind == "plan").children[0]
    assert [(i.label, i.number) for i in section.children] == [("一是", 1), ("二是", 2), ("三是", 3)]
    assert section.children[1].text.startswith("二是压实责任")


def test_attachments_are_subtrees_with_tables() -> None:
    body = (
        "乙市某某方案\n\n一、目标\n\n完成任务。\n\n附件1\n\n重点项目表\n\n"
        "序号\t项目\t投资（亿元）\n1\t道路\t3\n序号\t项目\t投资（亿元）\n2\t桥梁\t5\n\n"
        "附件2\n\n联系人名单\n\n张三 电话：123\n"
    )
    t = tree(body)
    atts = [c for c in t.children if c.kind == "attachment"]
    assert [(a.label, a.number, a.heading) for a in atts] == [("附件1", 1, "重点项目表"), ("附件2", 2, "联系人名单")]
    (table_node,) = [n for n in atts[0].walk() if n.table is not None]
    # the header row repeated after a page break is merged away
    assert table_node.table.rows == [["序号", "项目", "投资（亿元）"], ["1", "道路", "3"], ["2", "桥梁", "5"]]


def test_table_flattened_one_cell_per_line_is_rebuilt() -> None:
    body = "乙市某某方案\n\n一、标准\n\n赔付标准如下：\n\n\t损失金额\n\t赔付比例\n\n\t1万元以下\n\t30%\n\n\t1万元以上\n\t\n\n二、其他\n\n无。\n"
    t = tree(body)
    (table_node,) = [n for n in t.walk() if n.table is not None]
    assert table_node.table.rows == [["损失金额", "赔付比例"], ["1万元以下", "30%"], ["1万元以上", ""]]


def test_multi_row_header_keeps_empty_merged_cells() -> None:
    body = "乙市某某方案\n\n一、标准\n\n单位：元/亩\n\n县区\t补偿标准\t\t系数\n\tI区\tII区\t旱地\n甲县\t800\t700\t0.8\n"
    t = tree(body)
    (table_node,) = [n for n in t.walk() if n.table is not None]
    assert table_node.table.header_rows == 2
    assert table_node.table.rows[0] == ["县区", "补偿标准", "", "系数"]
    assert table_node.table.rows[1] == ["", "I区", "II区", "旱地"]


def test_every_character_of_the_document_belongs_to_exactly_one_node() -> None:
    body = "乙市某某方案\n\n一、目标\n\n完成任务。一是甲，二是乙。\n\n附件\n\n表\n\n序号\t项目\n1\t路\n\n说明文字。\n"
    (doc,) = parse_text(HEAD + body, "t.txt").documents
    nodes = sorted(doc.tree.walk(), key=lambda n: n.start)
    assert nodes[0].start == doc.start
    for a, b in itertools.pairwise(nodes):
        assert a.end == b.start
    assert nodes[-1].end == doc.end
    assert "".join(n.text for n in nodes) == doc.text


def test_node_ids_are_stable_and_unique() -> None:
    body = "乙市某某方案\n\n一、目标\n\n（一）甲\n\n（二）乙\n\n二、措施\n\n（一）丙\n"
    first = [n.id for n in tree(body).walk()]
    assert first == [n.id for n in tree(body).walk()]
    assert len(first) == len(set(first))
    assert "plan1/a2/b1" in first


def test_items_run_together_on_one_line_are_cut_where_the_numbering_continues() -> None:
    t = tree("乙市某某方案\n一、扩大内需 (一)促进消费。 1.改善条件。(市商务局负责)2.稳定住房。(市住建局负责)"
             "增长2.5%,到2025年 3.优化环境。\n")
    (plan,) = [c for c in t.children if c.kind == "plan"]
    (a1,) = plan.children
    (b1,) = a1.children
    assert [c.label for c in b1.children] == ["1.", "2.", "3."]  # 2.5% and a year are no labels
    assert b1.children[1].text.startswith("2.稳定住房。(市住建局负责)增长2.5%")
    assert "".join(c.text for c in b1.children).endswith("3.优化环境。\n")  # the pieces keep every character


def test_small_full_stop_labels_and_a_plan_title_wrapped_over_two_lines() -> None:
    t = tree("乙市2025年重点工作任务分解\n和责任分工方案\n一、稳定增长\n1﹒地区生产总值增长6%。\n2﹒财政收入增长5%。\n")
    (plan,) = [c for c in t.children if c.kind == "plan"]
    assert plan.heading == "乙市2025年重点工作任务分解和责任分工方案"
    assert [c.label for c in plan.children[0].children] == ["1﹒", "2﹒"]


def test_a_task_table_title_is_a_plan() -> None:
    t = tree("乙市2025年重点工作责任分解\n\n序号\n\n主要工作任务\n\n责任单位\n\n1\n\n建成公园10个。\n\n市园林局\n")
    assert [c.heading for c in t.children if c.kind == "plan"] == ["乙市2025年重点工作责任分解"]


def test_a_bracketed_subtitle_under_a_plan_title_belongs_to_it() -> None:
    t = tree("乙市重污染天气应急预案\n\n（修订版）\n1.总则\n1.1编制目的\n为了应对重污染天气，制定本预案。\n")
    assert [c.heading for c in t.children if c.kind == "plan"] == ["乙市重污染天气应急预案（修订版）"]


def test_a_task_list_issued_as_a_table_under_its_title_is_the_plan() -> None:
    """After the signature, a list's title (清单) with its table's rows right under it (序号 first): the issued
    plan with its table, not part of the signature."""
    text = ("某县人民政府办公室关于印发某县2025年重点任务清单的通知\n\n某府办发〔2025〕9号\n\n各乡镇人民政府，县级各部门：\n\n"
            "《某县2025年重点任务清单》已经县人民政府同意，现印发给你们，请认真抓好落实。\n\n某县人民政府办公室\n\n"
            "2025年3月28日\n\n某县2025年重点任务清单\n\n序号\t重点任务\t牵头单位\t完成时限\n"
            "1\t新建高标准农田2万亩\t县农业农村局\t2025年10月底\n")
    doc = parse_text(text, "list.txt").documents[0]
    plans = [n for n in doc.tree.walk() if n.kind == "plan"]
    assert [p.heading for p in plans] == ["某县2025年重点任务清单"]
    assert any(n.kind == "table" for n in plans[0].walk())
