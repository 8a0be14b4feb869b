"""Forms of pages from provinces the development sets do not cover (invented jurisdictions and numbers)."""

from __future__ import annotations

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
