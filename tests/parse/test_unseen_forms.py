"""Forms of pages from provinces the development sets do not cover (invented jurisdictions and numbers)."""

from __future__ import annotations

from datetime import date

from zhengce.parse.pipeline import parse_text

BODY = "为进一步加强管理，提高工作效率，结合本地实际，现将有关事项通知如下，请认真贯彻执行。"


def one(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "page.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def test_site_headline_with_number_and_a_title_without_its_genre() -> None:
    # the site printed 文号 + title as a headline and dropped 的通知 wherever it printed the title
    doc = one("禾政办发〔2019〕21号 青禾省人民政府办公厅关于印发青禾省推进林下经济发展工作方案\n"
              "青禾省人民政府办公厅关于印发青禾省推进林下经济发展工作方案\n禾政办发〔2019〕21号\n"
              f"各市、县人民政府：\n{BODY}\n青禾省人民政府办公厅\n2019年4月2日\n")
    assert doc.title == "关于印发青禾省推进林下经济发展工作方案"
    assert doc.kind == "通知"
    assert doc.issuer == "青禾省人民政府办公厅"
    assert doc.doc_number.text == "禾政办发〔2019〕21号"


def test_issuer_not_printed_is_the_government_the_number_and_the_title_name() -> None:
    doc = one("关于印发《云岭市人民政府工作规则》的通知\n2015-03-02 来源：本站\n\n云府〔2015〕12号\n\n"
              "各区人民政府，市政府直属各单位：\n《云岭市人民政府工作规则》已经市政府常务会议修订通过，现予印发。\n\n"
              "二○一五年三月一日\n\n云岭市人民政府工作规则\n第一章 总则\n")
    assert doc.issuer == "云岭市人民政府"
    assert any("文号" in w for w in doc.warnings)


def test_issuer_not_printed_is_built_from_the_number_and_the_place_in_traditional() -> None:
    doc = one("禾政辦函〔2023〕8號\n關于成立禾豐市花卉產業專班的通知\n各區人民政府,市有關單位:\n"
              "為推進禾豐市花卉產業發展,市政府決定成立專班,現將具體事宜通知如下:\n一、專班組成人員\n")
    assert doc.issuer == "禾豐市人民政府辦公室"


def test_number_of_an_office_without_place_in_text_gives_no_issuer() -> None:
    doc = one("禾政辦函〔2023〕8號\n關于成立花卉產業專班的通知\n各區人民政府,市有關單位:\n"
              "為推進花卉產業發展,市政府決定成立專班,現將具體事宜通知如下:\n一、專班組成人員\n")
    assert doc.issuer is None


def test_signature_short_name_completed_by_the_city_the_body_prints() -> None:
    doc = one("关于开展占道经营整治的公告\n\n居民朋友：\n按照云岭市委、石门区委的工作要求，现就有关事项公告如下：\n"
              "一、严禁占道经营。\n本公告由云岭市石门区城市管理局负责解释。\n\n石门区城市管理局\n2024年5月6日\n")
    assert doc.issuer == "云岭市石门区城市管理局"


def test_a_word_before_the_issuer_is_not_a_place() -> None:
    doc = one("关于开展占道经营整治的公告\n\n居民朋友：\n现就有关事项公告如下：\n一、严禁占道经营。\n"
              "本公告由石门区城市管理局负责解释。\n\n石门区城市管理局\n2024年5月6日\n")
    assert doc.issuer == "石门区城市管理局"


def test_law_database_issuer_line_names_the_issuer_in_full() -> None:
    doc = one("青禾市人民政府关于印发青禾市河道管理办法的通知\n\n作者:资料网 时间:2024-07-05\n\n"
              "云岭省青禾市人民政府\n\n青禾市人民政府关于印发青禾市河道管理办法的通知\n\n各县、区人民政府：\n"
              f"{BODY}\n\n二OO六年二月二十日\n")
    assert doc.issuer == "云岭省青禾市人民政府"
    assert not any("不一致" in w for w in doc.warnings)


def test_truncated_title_under_a_listing_title_keeps_number_and_issuer_line() -> None:
    doc = one("关于印发青禾市建议提案办理规则的通知\n\n作者:资料网 时间:2024-07-12\n\n"
              "云岭省青禾市人民政府办公室\n\n关于印发青禾市建议\n\n禾政办发〔2010〕15号\n\n各县(市、区)人民政府：\n"
              f"{BODY}\n\n青禾市人民政府办公室\n二○一○年四月七日\n")
    assert doc.title == "关于印发青禾市建议提案办理规则的通知"
    assert doc.doc_number.text == "禾政办发〔2010〕15号"
    assert doc.issuer == "云岭省青禾市人民政府办公室"


def test_government_order_number_genre_and_government() -> None:
    doc = one("青禾省河道采砂管理规定\n\n青禾省人民政府\n\n青禾省河道采砂管理规定\n\n政府令〔2012〕第7号\n\n"
              "《青禾省河道采砂管理规定》已经2012年3月1日省政府第9次常务会议通过，现予公布，自2012年5月1日起施行。\n\n"
              "省长\n\n二○一二年三月十日\n\n第一章 总则\n第一条 为加强河道采砂管理，制定本规定。\n")
    assert (doc.kind, doc.doc_number.printed, doc.issuer) == ("令", "政府令〔2012〕第7号", "青禾省人民政府")
    assert doc.signed == date(2012, 3, 10)


def test_order_of_a_named_government_over_two_lines() -> None:
    doc = one("云岭自治区草原防火办法\n\n云岭自治区草原防火办法\n\n云岭自治区人民政府令\n第31号\n\n"
              "《云岭自治区草原防火办法》已经自治区人民政府常务会议通过，现予发布施行。\n\n自治区主席 某某\n1998年7月23日\n"
              "第一章 总 则\n第一条 为加强草原防火，制定本办法。\n")
    assert doc.kind == "令"
    assert doc.doc_number.printed == "云岭自治区人民政府令第31号"
    assert doc.issuer == "云岭自治区人民政府"


def test_a_quoted_order_without_publishing_sentence_is_not_an_order() -> None:
    doc = one("关于做好防汛工作的通知\n各县人民政府：\n根据下列规章：\n云岭省人民政府令\n第3号\n"
              f"{BODY}\n云岭省人民政府办公厅\n2020年6月1日\n")
    assert doc.kind == "通知"


def test_signature_date_that_kept_only_its_year_mark() -> None:
    doc = one("市政府关于下达2020年政府工作任务的通知\n\n发布时间:2020-02-11 15:41\n\n各区人民政府，市各委办局：\n"
              f"{BODY}\n\n附件:2020年禾丰市政府工作任务分解表\n\n禾丰市人民政府\n\n2020年210\n\n(此件公开发布)\n")
    assert doc.signed == date(2020, 2, 10)
    assert doc.issuer == "禾丰市人民政府"  # the signature names 市政府 in full; 2020年禾丰市政府… is not a name
    assert any("缺少年月日" in w for w in doc.warnings)


def test_short_issuer_of_the_page_metadata_named_in_full_from_the_number() -> None:
    doc = one("文 号: | 云石府办发〔2022〕10号 | 是否有效: | |\n"
              "名 称: | 市人民政府办公室关于印发云石市新型基础设施建设行动方案的通知 |\n"
              "各区人民政府，市人民政府各部门：\n经市人民政府同意，现将《云石市新型基础设施建设行动方案》印发给你们。\n"
              "(此件公开发布)\n云石市新型基础设施建设行动方案\n一、主要目标\n")
    assert doc.issuer == "云石市人民政府办公室"


def test_gazette_line_with_the_date_first_run_together_with_the_first_paragraph() -> None:
    doc = one("云岭省人民政府关于任免国家机关工作人员问题的通知\n\n"
              "(1985年5月4日云政〔1985〕38号)  根据有关规定，现将任免工作人员的有关问题通知如下：\n\n一、任免权限\n")
    assert doc.doc_number.text == "云政〔1985〕38号"
    assert doc.signed == date(1985, 5, 4)
    assert doc.issuer == "云岭省人民政府"


def test_red_header_then_a_site_headline_with_number_repeating_the_title() -> None:
    parsed = parse_text("青禾市白石区人民政府文件\n禾白政发〔2023〕2号\n白石区人民政府关于印发 《白石区2023年重点工作任务分解 "
                        "和责任分工方案》的通知\n\n禾白政发〔2023〕2号白石区人民政府关于印发白石区2023年重点工作任务分解和"
                        f"责任分工方案的通知\n\n各街道办事处,各区直部门:\n{BODY}\n\n白石区人民政府\n\n2023年3月28日\n", "p.txt")
    assert len(parsed.documents) == 1
    doc = parsed.documents[0]
    assert doc.title == "关于印发《白石区2023年重点工作任务分解和责任分工方案》的通知"
    assert doc.issuer == "青禾市白石区人民政府"
    assert doc.doc_number.text == "禾白政发〔2023〕2号"


def test_notice_signature_run_together_with_its_last_paragraph() -> None:
    doc = one("關于對白石體育館周邊道路實施臨時交通管制的通告\n為保障活動的順利進行,根據有關規定,我支隊決定實施臨時交通管制。"
              "現通告如下:\n一、管制時間 2023年1月20日 17:00-22:30 二、管制路段 體育支路。 敬請廣大市民積極配合。 特此通告 "
              "白石市公安局交通警察支隊 2023年1月20日\n相關稿件:\n掃一掃在手機打開當前頁")
    assert doc.issuer == "白石市公安局交通警察支隊"
    assert doc.signed == date(2023, 1, 20)


def test_signature_date_with_spaces_for_its_year_month_day_marks() -> None:
    doc = one("白石县人民政府办公室关于印发白石县应急预案的通知\n\n白政办发〔2017〕46号\n\n各乡镇人民政府：\n"
              f"{BODY}\n\n白石县人民政府办公室\n\n(此件公开发布)\n\n{{ 2017 6 23\n\n白石县应急预案\n\n总则\n")
    assert doc.signed == date(2017, 6, 23)
    assert any("缺少年月日" in w for w in doc.warnings)


def test_spaced_figures_that_are_no_date_are_not_read_as_one() -> None:
    doc = one("白石县人民政府办公室关于印发白石县应急预案的通知\n\n白政办发〔2017〕46号\n\n各乡镇人民政府：\n"
              f"{BODY}\n\n白石县人民政府办公室\n\n2017 13 40\n\n白石县应急预案\n")
    assert doc.signed is None


def test_one_line_page_signing_date_between_spaces() -> None:
    doc = one("白石省人民政府印发关于白石省发展纲要的报告工作目标责任分解的通知 白政发〔2006〕10号 各市、县人民政府,"
              "省人民政府各委、厅: 《关于白石省发展纲要的报告》工作目标责任分解已经省人民政府同意,现印发给你们,"
              "请认真贯彻落实。 二○○六年五月十一日 《关于白石省发展纲要的报告》工作目标责任分解 根据有关规定,现将责任分解如下:")
    assert doc.signed == date(2006, 5, 11)
    assert doc.doc_number.text == "白政发〔2006〕10号"


def test_excerpt_that_cut_the_title_before_its_quoted_plan_keeps_the_opening_mark() -> None:
    doc = one("《白石市制造强市三年行动计划(2023—2025年)》的通知\n各县(市)、区人民政府：\n"
              f"{BODY}\n白石市人民政府\n2023年10月24日\n白石市制造强市三年行动计划(2023—2025年)\n一、总体要求\n")
    assert doc.title == "《白石市制造强市三年行动计划(2023—2025年)》的通知"
    assert doc.kind == "通知"


def test_order_number_in_brackets_above_the_publishing_sentence() -> None:
    doc = one("白石市人民政府令（第5号）\n\n《白石市养犬管理办法》已经2020年1月2日市人民政府常务会议通过，现予公布，"
              "自2020年3月1日起施行。\n\n市长  张三\n2020年1月10日\n\n白石市养犬管理办法\n第一条 为了规范养犬行为，制定本办法。\n")
    assert (doc.kind, doc.doc_number.printed, doc.issuer, doc.title) == (
        "令", "白石市人民政府令第5号", "白石市人民政府", "白石市养犬管理办法")


def test_listing_title_line_with_the_number_before_the_issuer_beats_a_short_metadata_issuer() -> None:
    # the metadata names the issuer short and leaves 发文字号 empty; the title line prints 文号, issuer and title
    doc = one("发文机关: | 青禾市政府 | 成文日期: | |\n"
              "标 题: | 禾政发〔2017〕8号 青禾市人民政府关于加快林下经济发展的实施意见 | ||\n"
              "发文字号: | 发布日期: | 2017-05-02 | |\n"
              "禾政发〔2017〕8号 青禾市人民政府关于加快林下经济发展的实施意见\n"
              f"各县、区人民政府,市政府各部门:\n{BODY}\n一、总体要求\n")
    assert (doc.issuer, doc.title, doc.kind) == ("青禾市人民政府", "关于加快林下经济发展的实施意见", "意见")
    assert doc.doc_number.text == "禾政发〔2017〕8号"


def test_unprinted_issuer_of_a_city_named_x_zhou_is_a_city_government() -> None:
    # the number's place code 禾 finds 禾州 (禾州经开区): a city named X州, so 禾州市人民政府, not 禾州人民政府
    doc = one("关于印发2023年禾州经济工作要点的通知 禾政发〔2023〕1号 |\n各辖市、区人民政府,禾州经开区管委会:\n"
              f"{BODY}\n一、总体要求\n")
    assert doc.issuer == "禾州市人民政府"
    printed = one("关于印发2023年禾州经济工作要点的通知 禾政发〔2023〕1号 |\n各辖市、区人民政府,禾州市各委办局:\n"
                  f"{BODY}\n一、总体要求\n")
    assert printed.issuer == "禾州市人民政府"
