"""Notices printed without a title line of their own, flattened signatures, pages with no title at all
(invented jurisdictions, numbers and plans)."""

from __future__ import annotations

from zhengce.extract.export import document_records, target_records
from zhengce.parse.pipeline import parse_text

ADDRESSEES = "各县、区人民政府，市政府各部门：\n"


def records(text: str) -> list[dict]:  # type: ignore[type-arg]
    return document_records(parse_text(text, "page.txt"))


def one(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "page.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def test_a_notice_without_its_title_is_named_after_the_plan_it_issues_wrapped_over_two_lines() -> None:
    page = ("青政发〔2022〕4号\n" + ADDRESSEES
            + "《青原市国土空间保护与开发总体规划纲要》已经市人大批准，现印发给你们，请认真贯彻执行。\n"
            "青原市人民政府\n2022年6月8日\n(此件公开发布)\n青原市国土空间保护与开发\n总体规划纲要\n"
            "一、规划目标\n到2035年，全市森林覆盖率达到65%以上。\n")
    doc = one(page)
    assert doc.title == "青原市国土空间保护与开发总体规划纲要"  # the whole plan title, not its second line
    assert (doc.kind, doc.doc_number.text, str(doc.signed)) == ("纲要", "青政发〔2022〕4号", "2022-06-08")
    assert doc.issuer == "青原市人民政府"
    # no title line of its own, no header (the gold's convention): the notice is no document row
    assert not doc.own_title and any("未印出自身标题" in w for w in doc.warnings)
    assert records(page) == []


def test_the_line_above_a_plan_title_joins_it_only_when_it_is_a_title_fragment() -> None:
    # the signature date, the public-release note, a sentence or the signer above the plan title never begins it
    for above in ("2022年6月8日", "(此件公开发布)", "请各地认真抓好落实。", "青原市人民政府办公室"):
        page = (ADDRESSEES + "《青原市推动制造业高质量发展实施方案》已经市政府同意，现印发给你们。\n"
                f"青原市人民政府办公室\n{above}\n青原市推动制造业高质量发展实施方案\n"
                "为推动制造业高质量发展，结合我市实际，制定本方案。\n")
        doc = one(page)
        assert (doc.title, doc.kind) == ("青原市推动制造业高质量发展实施方案", "方案"), above


def test_a_plan_title_is_the_pages_own_unless_a_notice_stands_above_it() -> None:
    plan = "青原市推动制造业高质量发展实施方案\n为推动制造业高质量发展，结合我市实际，制定本方案。\n"
    # a site's date alone above the title: the page is the plan itself, a header of its own
    assert [(r["title"], r["kind"]) for r in records("2023年5月6日\n" + plan)] == [("青原市推动制造业高质量发展实施方案", "方案")]
    # a signature (signer, date) or a 主送 line above it: the plan a notice issues, no header
    assert records("青原市人民政府办公室\n2023年5月6日\n" + plan) == []
    assert records(ADDRESSEES + "现将方案印发给你们。\n" + plan) == []


def test_a_plan_titled_page_takes_its_issuer_from_the_source_label() -> None:
    page = ("青原市乡村建设三年攻坚行动方案\n"
            "发布日期:2022年05月06日    浏览次数:31    文章来源:青原市人民政府    文章作者:青原市人民政府\n"
            + ADDRESSEES + "《青原市乡村建设三年攻坚行动方案》已经市人民政府同意，现印发给你们。\n2022年4月28日\n"
            "青原市乡村建设三年攻坚行动方案\n一、主要目标\n到2024年，建成示范村50个以上。\n")
    [doc] = records(page)
    assert (doc["issuer"], doc["kind"], doc["signed"]) == ("青原市人民政府", "方案", "2022-04-28")
    # a newspaper as the source names no issuer
    [news] = records(page.replace("文章来源:青原市人民政府", "文章来源:青原日报"))
    assert news["issuer"] is None


def test_an_attachment_title_never_titles_the_notice_that_lists_it() -> None:
    page = (ADDRESSEES + "现将《2023年重点任务清单》《2023年民生实事分解》印发给你们，请抓好落实。\n"
            "附件:1.2023年重点任务清单\n2.2023年民生实事清单\n青原县人民政府办公室\n2023年3月2日\n附件1\n"
            "2023年重点任务清单\n一、县发改局牵头工作\n1.新建标准化厂房3万平方米。\n")
    parsed = parse_text(page, "page.txt")
    assert [d.title for d in parsed.documents] == [""]  # read as one document, but with no title …
    assert document_records(parsed) == []  # … it is no document row


def test_a_signature_date_on_a_flattened_line_before_the_note_and_the_target_after_it() -> None:
    page = ("青原市人民政府 文件 青政发〔2022〕9号 关于印发2022年国民经济和 社会发展计划的通知 "
            "各县、区人民政府: 现将计划印发你们,请认真执行。 附件:2022年计划 2022年1月30日 (此件公开发布) "
            "附件 2022年计划 一、主要目标 全市地区生产总值增长7%左右。")
    parsed = parse_text(page, "page.txt")
    [doc] = document_records(parsed)
    assert (doc["title"], doc["signed"]) == ("关于印发2022年国民经济和社会发展计划的通知", "2022-01-30")
    [target] = target_records(parsed)
    assert (target["indicator"], target["value"], target["unit"], target["bound"]) == ("地区生产总值", "7", "%", "approx")
    # a date inside a sentence is no signature date
    [undated] = records(page.replace(" 2022年1月30日 (此件公开发布)", "").replace("请认真执行。",
                                                                             "自 2022年2月1日 起执行。"))
    assert undated["signed"] is None


def test_a_page_with_only_a_number_and_addressees_is_no_document_row() -> None:
    page = "青政办发〔2011〕21号\n各县(区)人民政府,市政府各部门:\n现将任务分工印发,请认真组织落实。\n"
    parsed = parse_text(page, "page.txt")
    assert len(parsed.documents) == 1 and parsed.documents[0].title == ""
    assert document_records(parsed) == []
    # with a title line, the same page is a document
    [doc] = records("关于印发重点任务分工的通知\n" + page)
    assert (doc["title"], doc["doc_number"]) == ("关于印发重点任务分工的通知", "青政办发〔2011〕21号")
