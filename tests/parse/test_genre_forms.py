"""Document metadata across genres (held-out set E): orders published by a note or a 现发布 sentence, rules
printed on their own, a page counter left empty above the issuer line (invented jurisdictions and numbers)."""

from __future__ import annotations

from datetime import date

from zhengce.parse.pipeline import parse_text

BODY = "为进一步加强管理，提高工作效率，结合本地实际，现将有关事项通知如下，请认真贯彻执行。"


def one(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "page.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def test_empty_page_counter_does_not_swallow_the_issuer_line_below_it() -> None:
    doc = one("专题丨临江市人民政府关于深化放管服改革的实施意见\n- 发布日期:2022-03-01\n- 浏览次数:\n"
              "临江市人民政府\n关于深化放管服改革的实施意见\n临政字〔2022〕5号\n各县(市、区)人民政府，市政府各部门：\n"
              f"{BODY}\n一、总体要求\n")
    assert doc.issuer == "临江市人民政府"
    assert doc.doc_number.text == "临政字〔2022〕5号"
    assert doc.kind == "意见"


def test_page_counter_with_its_number_on_the_next_line_stays_metadata() -> None:
    doc = one("- 发文字号:\n临政发〔2021〕9号\n- 浏览次数:\n312\n临江市人民政府关于做好春耕生产的通知\n"
              f"各县人民政府：\n{BODY}\n临江市人民政府\n2021年3月2日\n")
    assert doc.issuer == "临江市人民政府"
    assert doc.doc_number.text == "临政发〔2021〕9号"
    assert doc.signed == date(2021, 3, 2)


def test_a_rule_printed_on_its_own_has_its_genre_as_kind() -> None:
    doc = one("临江县人民政府工作规则\n\n  • 发文字号:\n\n    临政发〔2024〕3号\n  • 内容概述:\n\n临江县人民政府工作规则\n\n"
              "第一章 总则\n\n"
              "一、为规范县政府工作，根据有关法律，制定本规则。\n\n二、县政府实行县长负责制。\n")
    assert doc.title == "临江县人民政府工作规则"
    assert doc.kind == "规则"


def test_order_with_its_number_in_brackets_and_a_sentence_that_publishes_without_yu() -> None:
    doc = one("临江省集贸市场管理办法\n\n临江省人民政府\n\n\n临江省人民政府令(第17号)\n\n\n"
              "  《临江省集贸市场管理办法》已经一九九六年五月八日省人民政府常务会议审议通过，现发布施行。\n\n"
              "                 省长 某某\n                   一九九六年五月二十日\n      临江省集贸市场管理办法\n\n"
              "  第一条 为加强集贸市场管理，制定本办法。\n")
    assert (doc.kind, doc.doc_number.printed, doc.issuer) == ("令", "临江省人民政府令第17号", "临江省人民政府")
    assert doc.signed == date(1996, 5, 20)


def test_rule_under_its_promulgation_note_takes_number_date_and_fullest_government() -> None:
    doc = one("临江市出租汽车管理规定\n\n作者:资料网 时间:2024-07-22\n\n临江市出租汽车管理规定\n\n北岭省临江市人民政府\n\n\n"
              "临江市出租汽车管理规定\n\n (1993年6月2日临江市人民政府令27号发布)\n\n\n"
              " 第一条 为加强出租汽车管理，制定本规定。\n\n 第二条 本规定适用于本市行政区域。\n")
    assert doc.kind == "令"
    assert doc.doc_number.printed == "临江市人民政府令27号"
    assert doc.signed == date(1993, 6, 2)
    assert doc.issuer == "北岭省临江市人民政府"


def test_a_rule_citing_an_order_in_its_body_is_not_published_by_it() -> None:
    doc = one("临江市人民政府关于加强出租汽车管理的通知\n临政发〔2020〕4号\n各区人民政府：\n"
              "根据《临江市出租汽车管理规定》（1993年6月2日临江市人民政府令27号发布）的规定，现将有关事项通知如下。\n"
              f"{BODY}\n临江市人民政府\n2020年5月6日\n")
    assert (doc.kind, doc.doc_number.text) == ("通知", "临政发〔2020〕4号")


def test_regulation_under_the_note_of_the_congress_that_passed_it() -> None:
    doc = one("临江省河湖保护条例\n临江省河湖保护条例\n(2021年9月28日临江省第十三届人民代表大会常务委员会第二十九次会议通过)\n"
              "目 录\n第一章 总 则\n第二章 规划与保护\n第一章 总 则\n第一条 为了加强河湖保护，根据有关法律，结合本省实际，制定本条例。\n")
    assert doc.kind == "条例"
    assert doc.issuer == "临江省人民代表大会常务委员会"
    assert doc.signed == date(2021, 9, 28)


def test_a_notice_citing_a_regulation_keeps_its_own_issuer() -> None:
    doc = one("关于做好河湖保护工作的通知\n各县人民政府：\n为贯彻落实《临江省河湖保护条例》，现就有关事项通知如下：\n"
              "（2021年9月28日临江省第十三届人民代表大会常务委员会第二十九次会议通过的条例自2022年1月1日起施行）\n"
              f"{BODY}\n临江市人民政府办公室\n2022年1月5日\n")
    assert doc.issuer == "临江市人民政府办公室"
    assert doc.signed == date(2022, 1, 5)


def test_breadcrumb_in_traditional_characters_with_pinyin_notes_is_not_joined_to_the_title() -> None:
    doc = one("今天是:\n\n人事服務(wù)\n\n當(dāng)前位置: 人事處(chù) >> 人事服務(wù) >> 正文\n\n"
              "《臨江省職稱評審辦法》實(shí)施細(xì)則\n\n發(fā)布日期:2015年3月2日 10:20    作者:     來源:\n\n"
              "為貫徹落實(shí)《臨江省職稱評審辦法》,結(jié)合本單位實(shí)際,制定本細(xì)則。\n\n  一、適用范圍\n")
    assert doc.title == "《臨江省職稱評審辦法》實施細則"  # the display text, pinyin notes dropped
    assert doc.kind == "细则"


def test_regulation_published_by_a_numbered_notice_of_the_standing_committee() -> None:
    doc = one("临江市物业管理条例\n\n北岭省临江市人大常委会\n\n\n临江市物业管理条例\n\n临江市人民代表大会常务委员会公告\n\n第十二号\n\n"
              "  临江市第五届人民代表大会常务委员会第八次会议于2010年5月6日审议通过的《临江市物业管理条例》业经北岭省"
              "人民代表大会常务委员会批准，现予公布，自2010年9月1日起施行。\n\n临江市人民代表大会常务委员会\n\n2010年6月30日\n\n"
              "\n第一章 总 则\n  第一条 为了规范物业管理活动，制定本条例。\n")
    assert (doc.kind, doc.doc_number.printed) == ("公告", "临江市人民代表大会常务委员会公告第十二号")
    assert doc.doc_number.serial == 12
    assert doc.issuer == "临江市人民代表大会常务委员会"
    assert doc.signed == date(2010, 6, 30)


def test_promulgation_note_of_a_short_named_order_takes_the_government_line_above() -> None:
    doc = one("临江市城市绿化管理办法\n\n北岭省临江市人民政府\n\n\n临江市城市绿化管理办法\n\n"
              "(2004年6月1日市政府令第80号公布 根据2010年12月20日市政府令第121号修订)\n\n"
              "第一条 为了加强城市绿化管理，制定本办法。\n")
    assert (doc.kind, doc.doc_number.printed) == ("令", "市政府令第80号")
    assert doc.issuer == "北岭省临江市人民政府"
    assert doc.signed == date(2004, 6, 1)


def test_a_rule_printed_alone_under_its_number_takes_the_number_and_its_government() -> None:
    doc = one("临政发〔2018〕12号\n临江县人民政府工作规则\n第一章 总 则\n"
              "第一条 根据有关法律，结合县人民政府工作实际，制定本规则。\n第二条 县人民政府实行县长负责制。\n")
    assert (doc.title, doc.kind) == ("临江县人民政府工作规则", "规则")
    assert doc.doc_number.printed == "临政发〔2018〕12号"
    assert doc.issuer == "临江县人民政府"


def test_a_number_printed_above_a_rule_but_not_next_to_its_title_is_not_its_number() -> None:
    doc = one("临政发〔2018〕12号\n本规则经县政府常务会议通过。\n临江县人民政府工作规则\n第一章 总 则\n"
              "第一条 根据有关法律，制定本规则。\n")
    assert doc.title == "临江县人民政府工作规则"
    assert doc.doc_number is None


def test_database_issuer_line_above_the_number_names_the_short_issuer_of_the_title_in_full() -> None:
    doc = one("下载地址: 点击此处下载\n\n临江市人民政府办公室关于印发《临江市档案管理制度》的通知\n\n北岭省临江市人民政府办公室\n\n\n"
              "临政办发〔2008〕31号\n\n临江市人民政府办公室关于印发《临江市档案管理制度》的通知\n\n"
              "各县市区人民政府，市人民政府各工作部门：\n《临江市档案管理制度》已经市政府同意，现印发你们，请认真贯彻执行。\n\n"
              "二00八年九月七日\n\n临江市档案管理制度\n")
    assert doc.issuer == "北岭省临江市人民政府办公室"
    assert doc.doc_number.text == "临政办发〔2008〕31号"
    assert doc.signed == date(2008, 9, 7)


def test_another_body_above_the_number_does_not_replace_the_issuer_of_the_title() -> None:
    doc = one("临江市档案馆\n\n临政办发〔2008〕31号\n\n临江市人民政府办公室关于印发《临江市档案管理制度》的通知\n\n"
              "各县市区人民政府，市人民政府各工作部门：\n《临江市档案管理制度》已经市政府同意，现印发你们，请认真贯彻执行。\n")
    assert doc.issuer == "临江市人民政府办公室"


def test_a_township_named_bare_as_the_publishing_body_is_the_issuer() -> None:
    doc = one("临江区村级干部管理办法(试行)\n索引号 | 620702069/2023-00096 | 发文字号 | 号 |\n关键词 | 发布机构 | 青山镇 | |\n"
              "公开形式 | 主动公开 | 责任部门 | |\n第一章总则\n第一条为规范村级干部管理，结合我区实际，制定本办法。\n")
    assert (doc.title, doc.issuer) == ("临江区村级干部管理办法(试行)", "青山镇")


def test_a_site_named_as_the_publishing_body_is_no_issuer() -> None:
    doc = one("临江区村级干部管理办法(试行)\n索引号 | 620702069/2023-00096 | 发文字号 | 号 |\n关键词 | 发布机构 | 青山镇网站 | |\n"
              "公开形式 | 主动公开 | 责任部门 | |\n第一章总则\n第一条为规范村级干部管理，结合我区实际，制定本办法。\n")
    assert doc.issuer is None
