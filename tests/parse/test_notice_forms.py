"""Headers of 公告, rules and reposted notices (held-out set I forms; invented jurisdictions, numbers and dates)."""

from __future__ import annotations

from zhengce.extract.export import document_records
from zhengce.parse.pipeline import parse_text

NOTICE_BODY = ("为实施本县国土空间规划，根据《中华人民共和国土地管理法》等法律法规的规定，经县政府研究，"
               "现将有关事项公告如下：\n一、征收范围：青石镇杨柳村。\n特此公告。\n")


def test_a_title_without_guanyu_that_prints_its_number_in_brackets_is_a_header() -> None:
    text = ("首页\n青河县人民政府拟征收土地启动公告(青征启公告﹝2023﹞7号)\n" + NOTICE_BODY
            + "青河县人民政府\n2023年3月9日\n")
    docs = parse_text(text, "page.txt").documents
    assert len(docs) == 1
    doc = docs[0]
    assert (doc.issuer, doc.title, doc.kind) == ("青河县人民政府", "拟征收土地启动公告", "公告")
    assert doc.doc_number is not None and doc.doc_number.text == "青征启公告〔2023〕7号"
    assert doc.signed is not None and doc.signed.isoformat() == "2023-03-09"


def test_a_numbered_title_that_names_no_issuer_takes_it_from_the_signature() -> None:
    text = "征收土地预公告(青政征启公告〔2024〕12号)\n" + NOTICE_BODY + "青河县人民政府\n2024年6月3日\n"
    doc = parse_text(text, "page.txt").documents[0]
    assert (doc.title, doc.issuer) == ("征收土地预公告", "青河县人民政府")
    assert doc.doc_number is not None and doc.doc_number.text == "青政征启公告〔2024〕12号"


def test_a_numbered_line_in_a_list_of_documents_is_no_header() -> None:
    # a list of related documents: each line a title with its number, no body paragraph under any of them
    text = ("相关文件\n青河县耕地保护办法(青政发〔2022〕3号)\n青河县林地保护办法(青政发〔2022〕4号)\n"
            "青河县草原保护办法(青政发〔2022〕5号)\n")
    records = document_records(parse_text(text, "page.txt"))
    assert all(r["doc_number"] is None for r in records)
    assert not any(r["title"] == "青河县林地保护办法" for r in records)


def test_a_reposted_notice_is_named_by_its_original_title() -> None:
    text = ("财经要闻 青河新区发展观察\n"
            "原标题：青河市人民政府关于印发青河市新区建设行动方案的通知 现将《青河市新区建设行动方案》印发给你们，"
            "请认真贯彻执行\n"
            "原标题：青河市人民政府关于印发青河市新区建设行动方案的通知\n"
            "现将《青河市新区建设行动方案》印发给你们，请认真贯彻执行。\n"
            "为深入推进新区建设，结合我市实际，制定本行动方案。\n")
    records = document_records(parse_text(text, "page.txt"))
    assert [(r["issuer"], r["title"]) for r in records] == [("青河市人民政府", "关于印发青河市新区建设行动方案的通知")]


def test_a_law_database_rule_takes_issuer_and_order_number_from_the_lines_under_its_title() -> None:
    text = ("青河市鼓励外来投资的规定\n\n作者：法律资料网 时间：2024-07-22\n下载地址: 点击此处下载\n\n"
            "青河市鼓励外来投资的规定\n\n某某省青河市人民政府\n\n\n青河市鼓励外来投资的规定\n\n青政令[1998]12号\n\n\n"
            "第一条 为鼓励外来投资，结合本市实际情况，制定本规定。\n第二条 本规定适用于本市行政区域。\n")
    doc = parse_text(text, "page.txt").documents[0]
    assert (doc.issuer, doc.title, doc.kind) == ("某某省青河市人民政府", "青河市鼓励外来投资的规定", "令")
    assert doc.doc_number is not None and doc.doc_number.text == "青政令〔1998〕12号"


def test_a_rule_under_an_ordinary_number_keeps_its_genre() -> None:
    text = ("青河市鼓励外来投资的规定\n\n某某省青河市人民政府\n\n青河市鼓励外来投资的规定\n\n青政发[1998]12号\n\n"
            "第一条 为鼓励外来投资，结合本市实际情况，制定本规定。\n")
    doc = parse_text(text, "page.txt").documents[0]
    assert doc.kind == "规定"
    assert doc.issuer == "某某省青河市人民政府"


def test_a_pdf_page_on_one_line_with_spaced_number_and_date() -> None:
    # a PDF's text: line breaks became spaces, digits spaced from characters (14 号, 2018 年 2 月 13 日)
    text = ("青河市人民政府关于印发青河市2019年国民经济和社会发展计划的通知.pdf\n"
            "青府〔2019〕14 号 青河市人民政府关于印发青河市2019年 国民经济和社会发展计划的通知 各区政府，市府直属各单位："
            " 《青河市2019年国民经济和社会发展计划》业经青河市人民代表大会审议通过，现印发给你们，请认真贯 彻执行。"
            " 青河市人民政府 2019 年 2 月 13 日 — 1 — 青河市2019年国民经济和社会发展计划 一、总体思路\n")
    record = document_records(parse_text(text, "page.txt"))[0]
    assert record["title"] == "关于印发青河市2019年国民经济和社会发展计划的通知"
    assert (record["doc_number"], record["signed"]) == ("青府〔2019〕14号", "2019-02-13")


def test_a_serial_printed_with_a_leading_zero_keeps_it() -> None:
    text = "征收土地预公告(青政征启公告〔2024〕05号)\n" + NOTICE_BODY + "青河县人民政府\n2024年6月3日\n"
    doc = parse_text(text, "page.txt").documents[0]
    assert doc.doc_number is not None
    assert (doc.doc_number.text, doc.doc_number.printed) == ("青政征启公告〔2024〕5号", "青政征启公告〔2024〕05号")


def test_an_archived_order_whose_date_lost_its_zeros() -> None:
    # an archive notes the page it copied between the order's two lines; the page's encoding lost the 〇 of 二〇〇四
    text = ("青河市人民政府令\n\nOriginal URL: http://lib.example.cn/bin/page.exe?rec=12\n\n第31号\n"
            "《青河市河道管理办法》已经二四年三月九日市政府常务会议研究通过，现予发布施行。\n\n市长王某某\n\n"
            "二四年三月十五日\n青河市河道管理办法\n\n第一章总则\n第一条为了加强河道管理，制定本办法。\n")
    doc = parse_text(text, "page.txt").documents[0]
    assert (doc.issuer, doc.title, doc.kind) == ("青河市人民政府", "青河市河道管理办法", "令")
    assert doc.doc_number is not None and doc.doc_number.printed == "青河市人民政府令第31号"
    assert doc.signed is not None and doc.signed.isoformat() == "2004-03-15"


def test_a_phrase_of_years_is_no_date_with_lost_zeros() -> None:
    from zhengce.text.lexicon import parse_date

    assert parse_date("用十二年三月一日前后的时间") is None
    assert parse_date("二〇二三年三月一日") is not None and parse_date("二〇二三年三月一日").isoformat() == "2023-03-01"
    assert parse_date("二一三年三月一日").isoformat() == "2013-03-01"  # type: ignore[union-attr]


def test_a_notice_title_without_guanyu_takes_the_number_printed_under_it_past_its_batch_note() -> None:
    text = ("青 河 县 人 民 政 府\n征收土地预公告\n(2023年度第二批次)\n青府征〔2023〕6号\n" + NOTICE_BODY
            + "青河县人民政府\n2023年4月2日\n")
    doc = parse_text(text, "page.txt").documents[0]
    assert (doc.title, doc.issuer, doc.kind) == ("征收土地预公告", "青河县人民政府", "公告")
    assert doc.doc_number is not None and doc.doc_number.text == "青府征〔2023〕6号"


def test_a_number_after_the_body_has_begun_is_not_the_titles() -> None:
    text = ("征收土地预公告\n" + NOTICE_BODY + "青府征〔2023〕6号\n青河县人民政府\n2023年4月2日\n")
    doc = parse_text(text, "page.txt").documents[0]
    assert doc.title == "征收土地预公告"
    assert doc.doc_number is None
