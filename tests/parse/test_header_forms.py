"""Headers of work-report divisions and 意见 on local sites (invented jurisdictions and numbers)."""

from __future__ import annotations

from zhengce.parse.pipeline import parse_text

BODY = "为进一步加强管理，提高工作效率，结合本地实际，现将有关事项通知如下，请认真贯彻执行。"


def one(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "page.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def test_a_damaged_header_number_is_taken_whole_from_the_metadata() -> None:
    doc = one("名称: 青原市人民政府办公室关于印发2024年重点工作分解的通知 文号: 青政办〔2024〕3号\n"
              "发文日期: 2024-01-10\n\n青原市人民政府办公室\n关于印发2024年重点工作分解的通知\n青政办〔20243\n\n"
              f"各县、区人民政府：\n{BODY}\n")
    assert doc.doc_number.text == "青政办〔2024〕3号"
    assert not any("印刷不完整" in w for w in doc.warnings)


def test_a_damaged_number_without_a_whole_printing_is_kept_as_printed() -> None:
    doc = one(f"青原市人民政府办公室\n关于印发2024年重点工作分解的通知\n青政办〔20243\n\n各县、区人民政府：\n{BODY}\n")
    assert doc.doc_number.text == "青政办〔20243"
    assert any("印刷不完整" in w for w in doc.warnings)


def test_a_wrapped_title_whose_second_line_opens_with_the_quoted_report() -> None:
    doc = one("正文\n市人民政府办公厅关于印发2024年市\n《政府工作报告》确定的重点任务责任分解方案的通知\n"
              f"青政办〔2024〕5号\n各区人民政府，市人民政府各部门：\n{BODY}\n")
    assert doc.title == "关于印发2024年市《政府工作报告》确定的重点任务责任分解方案的通知"
    assert doc.doc_number.text == "青政办〔2024〕5号"


def test_a_law_database_names_the_issuer_in_full_after_bullets() -> None:
    doc = one("文章属性\n∙【制定机关】青原市人民政府办公厅\n∙【字 号】青政办〔2024〕5号\n∙【效力等级】地方规范性文件\n"
              f"正文\n市人民政府办公厅关于加强档案管理的通知\n青政办〔2024〕5号\n各区人民政府：\n{BODY}\n")
    assert doc.issuer == "青原市人民政府办公厅"


def test_an_empty_visit_counter_does_not_take_the_issuer_line_below_it() -> None:
    doc = one("政务服务丨青原市人民政府关于深化审批改革的实施意见\n- 发布日期:2024-05-06\n- 浏览次数:\n"
              f"青原市人民政府\n关于深化审批改革的实施意见\n青政字〔2024〕9号\n各县（市、区）人民政府：\n{BODY}\n")
    assert doc.issuer == "青原市人民政府"
    assert doc.kind == "意见"


def test_a_number_above_joint_issuers_printed_one_a_line() -> None:
    doc = one("青新发〔2024〕2号\n中共青原新区工作委员会\n青原新区管理委员会\n关于印发《乡村建设行动方案》的通知\n"
              f"各县委和人民政府：\n{BODY}\n中共青原新区工作委员会\n青原新区管理委员会\n2024年3月1日\n")
    assert doc.doc_number.text == "青新发〔2024〕2号"
    assert doc.issuer == "中共青原新区工作委员会、青原新区管理委员会"


def test_a_site_column_label_before_the_issuer_is_not_part_of_the_title() -> None:
    doc = one("【市政府重点工作】青原市人民政府关于2024年市政府重点工作及责任分解的通知\n发布时间:2024-02-03 17:29\n"
              f"各县、市、区人民政府，市政府各部门：\n{BODY}\n")
    assert doc.title == "关于2024年市政府重点工作及责任分解的通知"
    assert doc.issuer == "青原市人民政府"


def test_a_news_page_quoting_the_notice_whose_title_wraps_before_the_quoted_report() -> None:
    parsed = parse_text(
        "青原出台重点工作任务分工 实施“三年攻坚”行动计划\n"
        "记者获悉，青原市人民政府日前发布重点工作任务分工的通知，提出实施“三年攻坚”行动计划，全力稳住经济大盘。\n"
        "全文如下:\n青原市人民政府印发关于落实国务院\n《政府工作报告》重点工作任务分工的通知\n"
        "各区人民政府，市政府各委、办、局：\n现将任务分工印发给你们，望遵照执行。\n青原市人民政府\n2024年5月6日\n",
        "news.txt")
    assert [(d.issuer, d.title) for d in parsed.documents] == [
        ("青原市人民政府", "印发关于落实国务院《政府工作报告》重点工作任务分工的通知")]
    assert str(parsed.documents[0].signed) == "2024-05-06"


def test_a_quoted_name_followed_by_a_sentence_is_no_title_line() -> None:
    parsed = parse_text("《青原市河道管理办法》已经市政府同意，现印发给你们，请认真贯彻执行的通知\n", "p.txt")
    assert all(d.title is None or not d.title.startswith("《") for d in parsed.documents)


def test_the_addressees_keep_a_run_of_levels_with_their_government() -> None:
    doc = one(f"青原市人民政府办公室\n关于做好防汛工作的通知\n青政办〔2024〕7号\n各县、市、区人民政府，市政府各部门：\n{BODY}\n")
    assert doc.recipients == ["各县、市、区人民政府", "市政府各部门"]


def test_export_keeps_the_pinyin_notes_a_mirror_prints_in_the_number_too() -> None:
    from zhengce.extract.export import document_records

    page = ("白石縣人民政府辦公室 關(guān)于印發(fā)白石縣河道管理辦法的通知\n白政辦發(fā)〔2023〕9號\n各鄉(xiāng)鎮(zhèn)人民政府:\n"
            "現(xiàn)將《白石縣河道管理辦法》印發(fā)給你們,請認真貫徹執行。\n白石縣人民政府辦公室\n2023年9月1日\n")
    record = document_records(parse_text(page, "p.txt"))[0]
    assert record["doc_number"] == "白政辦發(fā)〔2023〕9號"
    assert record["title"] == "關(guān)于印發(fā)白石縣河道管理辦法的通知"
    assert "(" not in parse_text(page, "p.txt").documents[0].doc_number.text  # the pages show it without the notes
