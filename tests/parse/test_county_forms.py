"""Headers of county and township pages (held-out set G forms; invented jurisdictions and numbers)."""

from __future__ import annotations

from zhengce.parse.pipeline import parse_text
from zhengce.parse.segment import split_lines
from zhengce.parse.webmeta import parse_web_meta

BODY = "为进一步加强管理，提高工作效率，结合本地实际，现将有关事项通知如下，请认真贯彻执行。"


def test_metadata_key_gongkairi_ends_the_issuer_value_on_a_spaced_line() -> None:
    text = ("索 引 号 0203/2024-00011 发布机构 青河区政府办公室 公开日 2024-05-06\n"
            "文  号 青区农〔2024〕7号 主题分类 农业 失效日期\n著录日期 生效日期\n")
    fields = parse_web_meta(split_lines(text)).fields
    assert fields["issuer"] == "青河区政府办公室"
    assert fields["published"] == "2024-05-06"
    assert fields["doc_number"] == "青区农〔2024〕7号"


def test_issuer_of_a_notice_without_signature_comes_from_the_metadata() -> None:
    text = ("关于印发《青河区耕地保护补助实施方案》的通知\n\n"
            "索 引 号 0203/2024-00011 发布机构 青河区政府办公室 公开日 2024-05-06\n"
            "文  号 青区农〔2024〕7号 主题分类 农业\n\n各乡镇人民政府：\n" + BODY + "\n")
    docs = parse_text(text, "page.txt").documents
    assert len(docs) == 1
    assert docs[0].issuer == "青河区政府办公室"


def test_rows_of_table_bars_around_a_title_are_not_joined_to_it() -> None:
    bars = "|" * 60
    text = (f"青河县人民政府办公室关于印发2024年重点工作责任分解的通知 |\n{bars}\n|\n{bars}\n"
            "各乡镇人民政府，县政府各部门： 《2024年重点工作责任分解》已经县政府同意，现印发给你们，请认真贯彻执行。\n")
    docs = parse_text(text, "page.txt").documents
    assert len(docs) == 1
    assert docs[0].title == "关于印发2024年重点工作责任分解的通知"
    assert docs[0].issuer == "青河县人民政府办公室"



def test_a_headline_with_book_title_marks_over_a_header_that_lost_its_punctuation() -> None:
    # a mirror stripped the punctuation of the text (no colon after the addressees, 年月日 gone) but not the headline's
    text = ("乡村振兴专栏\n\n"
            "中共青河县委办公室 青河县人民政府办公室关于印发《青河县乡村振兴三年行动 计划(2020―2022年)》的通知\n\n"
            "更新时间:2021-07-30 16:55:33来源:中共青河县委办公室 青河县人民政府办公室\n\n"
            "中共青河县委办公室  青河县人民政府办公室关于印发青河县乡村振兴三年行动\n\n计划(2020―2022年)的通知\n\n \n\n"
            "各乡党委政府县委各部门县级国家机关各人民团体各企事业单位驻青河单位\n\n"
            "青河县乡村振兴三年行动计划2020―2022年)》已经县委县政府同意现印发给你们请认真贯彻执行\n\n \n\n"
            "中共青河县委办公室\n\n青河县人民政府办公室\n\n2021416\n\n青河县乡村振兴三年行动计划\n\n2020―2022年)")
    docs = parse_text(text, "page.txt").documents
    assert len(docs) == 1
    assert docs[0].title == "关于印发《青河县乡村振兴三年行动计划(2020―2022年)》的通知"
    assert docs[0].issuer == "中共青河县委办公室、青河县人民政府办公室"
