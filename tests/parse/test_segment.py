"""Splitting gazettes and pages into official documents, with their metadata."""

from __future__ import annotations

from datetime import date

from zhengce.extract.tasks import extract_tasks
from zhengce.parse.pipeline import parse_text
from zhengce.text.normalise import fold


def test_gazette_is_split_into_its_documents(gazette_text: str) -> None:
    parsed = parse_text(gazette_text, "qinghe.txt")
    numbers = [d.doc_number.text if d.doc_number else None for d in parsed.documents]
    # the table of contents and the interpretation are not documents
    assert numbers == ["清政发〔2023〕7号", "清政办函〔2023〕12号", "清政人〔2023〕5号"]
    assert parsed.gazette is not None
    assert (parsed.gazette.name, parsed.gazette.year, parsed.gazette.issue) == ("清河县人民政府公报", 2023, "2")


def test_header_fields_of_a_notice_that_issues_measures(gazette_text: str) -> None:
    doc = parse_text(gazette_text, "qinghe.txt").documents[0]
    assert doc.issuer == "清河县人民政府"
    assert doc.title == "关于印发《清河县促进民营经济发展若干措施》的通知"  # wrapped title joined
    assert doc.kind == "通知"
    assert doc.doc_number is not None
    assert (doc.doc_number.agency, doc.doc_number.year, doc.doc_number.serial) == ("清政发", 2023, 7)
    assert doc.reg_code is not None
    assert (doc.reg_code.prefix, doc.reg_code.year, doc.reg_code.type_code, doc.reg_code.serial) == (
        "QHDR", 2023, "00", 3)
    assert doc.signed == date(2023, 3, 15)
    assert doc.recipients == ["各乡镇人民政府", "县直各单位"]
    assert [(a.label, a.title) for a in doc.attachments] == [("附件", "清河县民营经济发展指标表")]
    assert doc.validity is not None
    assert (doc.validity.effective_from, doc.validity.expires_on) == (date(2023, 4, 1), date(2026, 3, 31))


def test_interpretation_is_attached_to_the_document_it_follows(gazette_text: str) -> None:
    parsed = parse_text(gazette_text, "qinghe.txt")
    doc = parsed.documents[0]
    assert [(i.author, i.title) for i in doc.interpretations] == [("清河县财政局", "清河县促进民营经济发展若干措施")]
    assert "出台背景" in doc.interpretations[0].text
    assert "出台背景" not in doc.text  # the document's own text ends before it


def test_announcement_without_recipients_and_signed_in_chinese_numerals(gazette_text: str) -> None:
    doc = parse_text(gazette_text, "qinghe.txt").documents[1]
    assert doc.issuer == "清河县人民政府办公室"  # issuer and title on one line
    assert doc.title == "关于加强秸秆禁烧工作的通告"
    assert doc.kind == "通告"
    assert doc.recipients == []
    assert doc.signed == date(2023, 4, 2)


def test_personnel_notice_without_blank_lines(gazette_text: str) -> None:
    doc = parse_text(gazette_text, "qinghe.txt").documents[2]
    assert (doc.issuer, doc.title) == ("清河县人民政府", "关于张三等同志职务任免的通知")
    assert doc.signed == date(2023, 4, 10)
    assert "免去李四同志" in doc.text


def test_running_header_and_page_break_repaired_inside_the_document(gazette_text: str) -> None:
    doc = parse_text(gazette_text, "qinghe.txt").documents[0]
    assert "二是推行非接触式办税" in doc.text
    assert "县政府文件" not in doc.text


def test_document_without_number_and_issuer_taken_from_signature() -> None:
    text = (
        "关于做好2024年春节期间安全生产工作的通知\n\n"
        "各镇人民政府，区直各单位：\n\n"
        "春节将至，为切实做好节日期间安全生产工作，现就有关事项通知如下。\n\n"
        "一、压实安全责任。\n\n"
        "河西区人民政府办公室\n\n"
        "2024年1月20日\n"
    )
    (doc,) = parse_text(text, "n.txt").documents
    assert doc.doc_number is None
    assert doc.issuer == "河西区人民政府办公室"
    assert doc.signed == date(2024, 1, 20)


def test_doc_number_in_any_bracket_style_is_normalised() -> None:
    for printed in ("湘政办发(2022)5号", "湘政办发（2022）5号", "湘政办发[2022]5号", "湘政办发〔2022〕第5号"):
        text = f"湖南省人民政府办公厅\n关于印发《某某办法》的通知\n{printed}\n各市州人民政府：\n现印发给你们。\n湖南省人民政府办公厅\n2022年1月5日\n"
        (doc,) = parse_text(text, "n.txt").documents
        assert doc.doc_number is not None and doc.doc_number.text == "湘政办发〔2022〕5号", printed


def test_two_documents_back_to_back_keep_their_own_signatures() -> None:
    one = "甲县人民政府\n关于甲事项的通知\n甲政发〔2024〕1号\n各乡镇人民政府：\n请遵照执行。\n甲县人民政府\n2024年2月1日\n"
    two = "甲县人民政府\n关于乙事项的通知\n甲政发〔2024〕2号\n各乡镇人民政府：\n请遵照执行。\n甲县人民政府\n2024年2月9日\n"
    docs = parse_text(one + two, "n.txt").documents
    assert [(d.doc_number.text, d.signed) for d in docs if d.doc_number] == [
        ("甲政发〔2024〕1号", date(2024, 2, 1)), ("甲政发〔2024〕2号", date(2024, 2, 9))]
    assert docs[0].end <= docs[1].start


def test_text_without_a_header_is_one_document_with_a_warning() -> None:
    docs = parse_text("这是一段普通的文字，没有公文的要素。\n第二行。\n", "x.txt").documents
    assert len(docs) == 1
    assert docs[0].title == "" and docs[0].doc_number is None
    assert any("未识别到公文版头" in w for w in docs[0].warnings)


def test_a_plan_body_on_its_own_keeps_its_tasks() -> None:
    text = ("某县营商环境提升行动方案\n一、重点任务\n（一）优化审批流程。压缩审批时限，推行并联审批。"
            "（县行政审批局牵头，县发展改革局配合）\n")
    parsed = parse_text(text, "plan.txt")
    assert [d.title for d in parsed.documents] == ["某县营商环境提升行动方案"]
    tasks = extract_tasks(parsed.documents[0], parsed.text)
    assert [(fold(t.number), [a.unit for a in t.assignments]) for t in tasks] == [("(一)", ["县行政审批局", "县发展改革局"])]


def test_empty_text_gives_no_documents() -> None:
    assert parse_text("\n  \n", "blank.txt").documents == []


def test_line_span_in_the_source(gazette_text: str) -> None:
    parsed = parse_text(gazette_text, "qinghe.txt")
    lines = gazette_text.split("\n")
    doc = parsed.documents[2]
    assert lines[doc.line_start - 1] == "清河县人民政府"
    assert lines[doc.line_start] == "关于张三等同志职务任免的通知"


def test_red_header_layout_with_number_above_the_title() -> None:
    text = (
        "东湖市人民政府文件\n\n东政发〔2023〕21号\n\n关于印发《东湖市城市更新实施办法》的通知\n\n"
        "各区人民政府，市政府各部门：\n\n现将《东湖市城市更新实施办法》印发给你们，请认真贯彻执行。\n\n"
        "东湖市人民政府\n\n2023年9月1日\n\n"
        "东湖市人民政府文件\n\n东政发〔2023〕22号\n\n关于公布第二批历史建筑名录的决定\n\n"
        "各区人民政府，市政府各部门：\n\n经研究，决定公布第二批历史建筑名录。\n\n东湖市人民政府\n\n2023年9月8日\n"
    )
    docs = parse_text(text, "red.txt").documents
    assert [(d.issuer, d.doc_number.text, d.kind, d.signed) for d in docs if d.doc_number] == [
        ("东湖市人民政府", "东政发〔2023〕21号", "通知", date(2023, 9, 1)),
        ("东湖市人民政府", "东政发〔2023〕22号", "决定", date(2023, 9, 8)),
    ]
    assert docs[1].text.startswith("东湖市人民政府文件")  # the masthead opens the second document
    assert "2023年9月1日" in docs[0].text and docs[0].text.count("东湖市人民政府文件") == 1


def test_opinion_dated_under_its_title() -> None:
    text = (
        "中共西岭县委 西岭县人民政府\n关于加快乡村振兴的意见\n（2023年2月10日）\n\n"
        "为全面推进乡村振兴，加快农业农村现代化，结合本县实际，提出如下意见。\n\n一、总体要求\n\n坚持农业农村优先发展。\n"
    )
    (doc,) = parse_text(text, "o.txt").documents
    assert doc.title == "关于加快乡村振兴的意见"
    assert doc.kind == "意见"
    assert doc.signed == date(2023, 2, 10)


def test_table_of_contents_is_read_and_checked_against_the_body(gazette_text: str) -> None:
    text = gazette_text.replace("（清政发〔2023〕7号 QHDR-2023-00003）", "（清政发〔2023〕7号 QHD-2023-00003）")
    text = text.replace("（清政办函〔2023〕12号）（6）", "（清政办函〔2023〕12号）（6）\n\n清河县人民政府关于印发《清河县人才新政》的通知\n（清政发〔2023〕9号）（9）")
    parsed = parse_text(text, "qinghe.txt")
    assert [(e.title, e.doc_number, e.page) for e in parsed.toc] == [
        ("关于印发《清河县促进民营经济发展若干措施》的通知", "清政发〔2023〕7号", 2),
        ("关于加强秸秆禁烧工作的通告", "清政办函〔2023〕12号", 6),
        ("关于印发《清河县人才新政》的通知", "清政发〔2023〕9号", 9),
    ]
    assert any("清政发〔2023〕9号" in w for w in parsed.warnings)  # listed but not in the body
    assert any("QHD-2023-00003" in w for w in parsed.documents[0].warnings)  # code printed differently
