"""Document headers and page metadata as real web pages print them (invented jurisdictions and numbers)."""

from __future__ import annotations

from datetime import date

from zhengce.extract.export import document_records
from zhengce.parse.pipeline import parse_text
from zhengce.parse.segment import split_lines
from zhengce.parse.webmeta import parse_web_meta, status_of

BODY = "为进一步加强管理，提高工作效率，结合本地实际，现将有关事项通知如下，请认真贯彻执行。"


def one(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "page.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def test_title_with_issuer_then_page_metadata_then_recipients() -> None:
    doc = one("首页 > 政务公开 > 文件\n青禾市白石区人民政府办公室关于印发《白石区园林管理办法》的通知\n\n"
              "发布日期:2022-05-09 信息来源:区政府办 浏览次数:12\n【字体：大 中 小】 打印\n\n"
              f"各街道办事处，区政府各部门：\n{BODY}\n\n青禾市白石区人民政府办公室\n\n2022年5月6日\n")
    assert doc.issuer == "青禾市白石区人民政府办公室"
    assert doc.title == "关于印发《白石区园林管理办法》的通知"
    assert doc.signed == date(2022, 5, 6)
    assert doc.kind == "通知"
    assert not any("未识别" in w for w in doc.warnings)


def test_signature_names_the_issuer_in_full() -> None:
    doc = one(f"白石区人民政府关于做好防汛工作的通知\n各街道办事处：\n{BODY}\n青禾市白石区人民政府\n2021年6月1日\n")
    assert doc.issuer == "青禾市白石区人民政府"


def test_joint_issuers_printed_before_yinfa_and_the_issued_opinion_is_part_of_the_notice() -> None:
    parsed = parse_text(
        "云溪政发〔2024〕9号\n云溪市人民政府 云溪市中级人民法院印发\n关于建立行政争议化解机制的意见的通知\n"
        f"各县（区）人民政府、法院：\n{BODY}\n云溪市人民政府 云溪市中级人民法院\n2024年3月2日\n"
        f"云溪市人民政府 云溪市中级人民法院\n关于建立行政争议化解机制的意见\n{BODY}\n一、总体要求\n{BODY}\n",
        "page.txt")
    assert len(parsed.documents) == 1
    doc = parsed.documents[0]
    assert doc.issuer == "云溪市人民政府、云溪市中级人民法院"
    assert doc.title == "印发关于建立行政争议化解机制的意见的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "云溪政发〔2024〕9号"
    assert doc.signed == date(2024, 3, 2)
    assert "一、总体要求" in doc.text


def test_number_in_brackets_under_the_title_and_a_date_typed_with_letter_o() -> None:
    doc = one("安澜县人民政府办公室\n\n关于印发安澜县档案管理细则的通知\n（ 安政办发〔2005〕12号 ）\n\n"
              f"县直各单位：\n{BODY}\n\n二OO五年六月八日\n")
    assert doc.doc_number is not None and doc.doc_number.text == "安政办发〔2005〕12号"
    assert doc.issuer == "安澜县人民政府办公室"
    assert doc.signed == date(2005, 6, 8)


def test_gazette_style_number_and_date_in_brackets() -> None:
    doc = one("云溪市人民政府办公厅关于印发公文格式样本的通知\n（云府办〔2006〕3号　二○○六年四月十一日）\n"
              f"各区人民政府，市政府各部门：\n{BODY}\n")
    assert doc.doc_number is not None and doc.doc_number.text == "云府办〔2006〕3号"
    assert doc.signed == date(2006, 4, 11)


def test_damaged_number_is_kept_as_printed_with_a_warning() -> None:
    doc = one(f"安澜县人民政府\n\n关于加快物流业发展的意见（试行）\n\n安政〔2013215\n\n各乡镇人民政府：\n{BODY}\n")
    assert doc.doc_number is not None
    assert doc.doc_number.text == "安政〔2013215"
    assert (doc.doc_number.year, doc.doc_number.serial) == (2013, 215)
    assert any("安政〔2013〕215号" in w for w in doc.warnings)
    assert doc.title == "关于加快物流业发展的意见（试行）"  # the qualifier belongs to the title
    assert doc.kind == "意见"


def test_signing_date_printed_without_year_month_day_is_read_before_publication() -> None:
    doc = one("青禾市人民政府关于印发重点工作分解表的通知\n\n青政发〔2023〕2号\n\n发布时间:2023-01-20\n\n"
              f"各区人民政府：\n{BODY}\n\n青禾市人民政府\n\n2023117\n")
    assert doc.signed == date(2023, 1, 17)  # not 2023-11-07: the page was published on 20 January
    assert any("2023117" in w for w in doc.warnings)
    kept_day = one("青禾市人民政府关于印发重点工作分解表的通知\n\n青政发〔2023〕2号\n\n发布时间:2023-01-20\n\n"
                   f"各区人民政府：\n{BODY}\n\n青禾市人民政府\n\n2023117日\n")  # only 日 survived
    assert kept_day.signed == date(2023, 1, 17)


def test_site_label_after_the_title_is_a_stated_status_not_part_of_the_title() -> None:
    doc = one(f"安澜县人民政府关于调整最低工资标准的通知（失效）\n安政发〔2015〕4号\n各乡镇人民政府：\n{BODY}\n")
    assert doc.title == "关于调整最低工资标准的通知"
    assert doc.stated_status == "expired"


def test_traditional_characters_and_angle_brackets_are_printed_as_printed() -> None:
    doc = one("雲溪市人民政府關於印發《雲溪市〈數據條例〉實施辦法》的通知\n雲府發〔2019〕8號\n"
              "各區人民政府，市政府各部門：\n現將辦法印發給你們，請認真貫徹執行，並結合實際抓好落實工作。\n")
    assert doc.title == "關於印發《雲溪市〈數據條例〉實施辦法》的通知"
    assert doc.issuer == "雲溪市人民政府"
    assert doc.doc_number is not None and doc.doc_number.serial == 8


def test_registration_code_keeps_its_printed_dashes() -> None:
    parsed = parse_text(f"安澜县人民政府\n关于规范集贸市场管理的通知\n安政发〔2023〕7号\nALXR—2023—01002\n"
                        f"各乡镇人民政府：\n{BODY}\n", "page.txt")
    record = document_records(parsed)[0]
    assert record["reg_code"] == "ALXR—2023—01002"
    assert parsed.documents[0].reg_code is not None and parsed.documents[0].reg_code.text == "ALXR-2023-01002"


def test_header_whose_line_breaks_became_spaces() -> None:
    doc = one("云溪省人民政府 关于明确2024年 重点工作责任单位的通知 云政〔2024〕3号 现将重点工作任务予以分解，"
              "各责任单位要尽快制定落实方案，明确时间节点，按时报送进展情况。\n一、稳定经济增长\n")
    assert doc.issuer == "云溪省人民政府"
    assert doc.title == "关于明确2024年重点工作责任单位的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "云政〔2024〕3号"
    assert any("换行" in w for w in doc.warnings)


def test_listing_entry_with_joint_issuers_and_date() -> None:
    doc = one("当前位置：首页 > 政策文件\n  • 市农业农村委 市林业局关于印发乡村绿化实施方案的通知 2022-04-11\n\n"
              f"      各有关单位：\n      {BODY}\n      市农业农村委   市林业局\n      2022年4月2日\n")
    assert doc.issuer == "市农业农村委、市林业局"
    assert doc.title == "关于印发乡村绿化实施方案的通知"
    assert doc.signed == date(2022, 4, 2)


def test_short_government_name_of_a_municipality_is_named_in_full_from_its_number() -> None:
    doc = one("市政府贯彻国务院关于推进物流枢纽建设意见的实施意见\n   渝府发〔2011〕30号\n"
              f"各区县人民政府，市政府各部门：\n{BODY}\n")
    assert doc.title == "贯彻国务院关于推进物流枢纽建设意见的实施意见"
    assert doc.issuer == "重庆市人民政府"
    assert doc.kind == "意见"


def test_page_title_and_metadata_above_the_header_give_one_document() -> None:
    doc = one("无障碍 关怀版\n青禾市人民政府办公室关于印发节能工作要点的通知\n0001/2023-00017\n综合政务\n"
              "青政办字〔2023〕5号\n2023-02-01\n有效\n\n青禾市人民政府办公室关于印发节能工作要点的通知\n字号：\n"
              "打印 分享\n青禾市人民政府办公室\n关于印发节能工作要点的通知\n青政办字〔2023〕5号\n"
              f"各区人民政府，市政府各部门：\n{BODY}\n")
    assert doc.issuer == "青禾市人民政府办公室"
    assert doc.doc_number is not None and doc.doc_number.text == "青政办字〔2023〕5号"
    assert doc.title == "关于印发节能工作要点的通知"


def test_blank_filing_forms_quoted_in_a_document_are_not_documents() -> None:
    parsed = parse_text(f"云溪市人民政府办公厅关于印发备案格式的通知\n云府办〔2004〕2号\n各区人民政府：\n{BODY}\n"
                        "附件1.备案报告格式\n云溪市××区人民政府\n××府规备字〔〕号\n关于《》的备案报告\n市人民政府：\n"
                        "现将我区发布的《》报请备案。\n", "page.txt")
    assert [d.doc_number.text if d.doc_number else None for d in parsed.documents] == ["云府办〔2004〕2号"]


def test_forwarded_document_is_part_of_the_forwarding_notice() -> None:
    parsed = parse_text(
        f"安澜县人民政府办公室关于转发云溪市人民政府关于加强河道管理的通知的通知\n安政办发〔2020〕6号\n各乡镇：\n{BODY}\n"
        f"安澜县人民政府办公室\n2020年5月3日\n云溪市人民政府关于加强河道管理的通知\n云政发〔2020〕11号\n"
        f"各县（市、区）人民政府：\n{BODY}\n", "page.txt")
    assert [d.doc_number.text if d.doc_number else None for d in parsed.documents] == ["安政办发〔2020〕6号"]


def test_genres_decision_reply_letter_report_announcement() -> None:
    for title, kind in (("关于表彰先进集体的决定", "决定"), ("关于同意设立农业园区的批复", "批复"),
                        ("关于商请支持项目建设的函", "函"), ("关于2023年工作情况的报告", "报告"),
                        ("关于禁止野外用火的通告", "通告"), ("关于加强林地保护的若干规定", "规定")):
        doc = one(f"安澜县人民政府\n{title}\n安政〔2023〕1号\n各乡镇人民政府：\n{BODY}\n")
        assert (doc.title, doc.kind) == (title, kind)


def test_no_header_title_from_a_notice_title_line_with_a_site_label_and_joint_issuers() -> None:
    doc = one("“综合信息公开” 中共白石区委办公室 白石区人民政府办公室印发《白石区营商环境三年行动计划》的通知\n"
              "白石区营商环境三年行动计划\n为持续优化营商环境，制定本行动计划。\n一、总体要求\n")
    assert doc.title == "印发《白石区营商环境三年行动计划》的通知"
    assert doc.issuer == "中共白石区委办公室、白石区人民政府办公室"
    assert any("未识别" in w for w in doc.warnings)


def test_no_header_title_from_the_page_metadata() -> None:
    doc = one("标 题：安澜县人民政府关于做好秋冬季森林防火工作的通知\n发文字号：安政〔2022〕18号\n成文日期：2022-10-08\n\n"
              "一、提高认识。森林防火工作关系人民群众生命财产安全，各乡镇要高度重视。\n")
    assert doc.title == "关于做好秋冬季森林防火工作的通知"
    assert doc.issuer == "安澜县人民政府"
    assert doc.doc_number is not None and doc.doc_number.text == "安政〔2022〕18号"
    assert doc.signed is None and doc.page_signed == date(2022, 10, 8)  # stated by the page, not printed


def test_no_header_title_from_a_quoted_plan_title_line() -> None:
    doc = one("《白石区数字乡村建设实施方案》\n为推进数字乡村建设，制定本方案。\n一、目标任务\n")
    assert doc.title == "白石区数字乡村建设实施方案"


def meta_of(text: str) -> dict[str, str]:
    return parse_web_meta(split_lines(text)).fields


def test_metadata_table_with_several_pairs_and_spaced_keys() -> None:
    fields = meta_of("| 索 引 号: | 0001/2023-0042 | 主题分类: | 综合政务 |\n| 发布机构: | 安澜县人民政府 | 生成日期: | 2023-03-02 |\n"
                     "| 生效日期: | 废止日期: | ||\n| 文 号: | 安政〔2023〕4号 | 关 键 词: | 物流 |\n")
    assert fields["index"] == "0001/2023-0042"
    assert fields["issuer"] == "安澜县人民政府"
    assert fields["doc_number"] == "安政〔2023〕4号"
    assert "effective" not in fields and "expires" not in fields  # empty values


def test_metadata_key_value_lines_brackets_bullets_and_separate_lines() -> None:
    assert meta_of("索引号: 0001/2022-1 公开方式: 主动公开\n发文文号: 安政办发〔2022〕3号 发布机关: 县政府办公室\n"
                   "成文日期: 2022-01-05\n")["doc_number"] == "安政办发〔2022〕3号"
    fields = meta_of("- 【发布单位】云溪市\n- 【发布文号】云府办〔2008〕4号\n- 【失效日期】--\n- 【时效性】现行有效\n")
    assert fields["doc_number"] == "云府办〔2008〕4号"
    assert "expires" not in fields
    assert status_of(fields["status"]) == "valid"
    fields = meta_of("  • 索引号:\n\n    0002/2021-7\n  • 发文机构:\n\n    安澜县人民政府\n  • 发文字号:\n\n    无\n"
                     "  • 有效性:\n    失效\n")
    assert fields["index"] == "0002/2021-7"
    assert fields["issuer"] == "安澜县人民政府"
    assert "doc_number" not in fields
    assert status_of(fields["status"]) == "expired"
    fields = meta_of("[ 索引号 ] 0003/2020-2 [ 文 号 ] 安政〔2020〕9号\n[ 名 称 ] 关于加强森林防火的通知\n")
    assert fields["doc_number"] == "安政〔2020〕9号"
    assert fields["title"] == "关于加强森林防火的通知"
    fields = meta_of("索引号\n0004/2019-5\n文      号\n发文日期\n2019-06-01 10:12\n")
    assert "doc_number" not in fields and fields["issued"].startswith("2019-06-01")


def test_a_stated_repeal_is_recorded() -> None:
    doc = one(f"此件已于2021年3月1日宣布废止\n安澜县人民政府关于加强集市管理的通知\n安政发〔2016〕2号\n各乡镇：\n{BODY}\n")
    assert doc.stated_status == "repealed"


def test_metadata_block_of_keys_and_values_on_their_own_lines_between_title_and_recipients() -> None:
    doc = one("安澜县人民政府\n\n云溪省农业厅办公室关于印发农机补贴操作规程的通知\n\n浏览:3  来源: 作者:\n\n索引号\n"
              "0099-2021-000031\n发文机构\n安澜县农业局\n公开目录\n政策文件\n文      号\n发文日期\n2021-03-04 09:10:11\n\n"
              f"厅机关各处(室、局),各直属单位:\n\n{BODY}\n\n2021年3月2日\n")
    assert doc.title == "关于印发农机补贴操作规程的通知"
    assert doc.issuer == "云溪省农业厅办公室"
    assert doc.doc_number is None  # the 文号 field is empty
    assert doc.signed == date(2021, 3, 2)
    assert not any("未识别" in w for w in doc.warnings)


def test_joint_issuers_printed_together_are_told_apart_by_the_signature() -> None:
    doc = one("中共白石区委办公室白石区人民政府办公室印发《关于推进政务公开的实施意见》的通知(白办发〔2019〕3号)\n\n"
              f"来源:区政府网 日期:2019-01-12 17:08 字号:【\n视力保护色:\n浏览量:\n\n各街道党工委、办事处,区直各单位:\n\n{BODY}\n\n"
              "中共白石区委办公室\n\n白石区人民政府办公室\n\n2019年1月10日\n")
    assert doc.issuer == "中共白石区委办公室、白石区人民政府办公室"
    assert doc.title == "印发《关于推进政务公开的实施意见》的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "白办发〔2019〕3号"


def test_traditional_title_is_not_joined_to_the_recipients_and_recipients_may_end_in_brackets() -> None:
    doc = one("雲府〔2020〕31號\n雲溪市人民政府關于貫徹落實《促進就業若干措施》的實施意見\n各鎮人民政府(街道辦事處),市直各單位:\n"
              "為貫徹落實促進就業若干措施,強化就業優先政策,現提出如下實施意見,請認真貫徹執行。\n")
    assert doc.title == "關于貫徹落實《促進就業若干措施》的實施意見"
    assert doc.kind == "意见"
    assert doc.doc_number is not None and doc.doc_number.serial == 31


def test_pinyin_printed_after_characters_by_mirror_sites_is_dropped() -> None:
    doc = one("雲府發(fā)〔2018〕9號\n雲溪市人民政府印發(fā)《關(guān)于加強(qiáng)誠信建設(shè)的意見》的通知\n各區(qū)人民政府:\n"
              "現(xiàn)將意見印發(fā)給你們,請認(rèn)真按照執(zhí)行,結合實際抓好落實,確保取得實效。\n雲溪市人民政府\n2018年3月1日\n")
    assert doc.title == "印發《關于加強誠信建設的意見》的通知"
    assert doc.doc_number is not None and doc.doc_number.serial == 9
    assert doc.signed == date(2018, 3, 1)


def test_number_printed_after_the_title_on_its_line() -> None:
    doc = one(f"安澜县人民政府办公室关于开展安全生产大检查的通知　安政办发〔2022〕14号\n各乡镇人民政府：\n{BODY}\n")
    assert doc.title == "关于开展安全生产大检查的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "安政办发〔2022〕14号"


def test_short_title_prefix_named_in_full_by_the_masthead_or_the_page_metadata() -> None:
    doc = one(f"云溪市人民政府办公厅文件\n云府办发〔2021〕7号\n市政府办公厅关于做好春运工作的通知\n各区人民政府：\n{BODY}\n")
    assert doc.issuer == "云溪市人民政府办公厅"
    doc = one(f"发布机构：云溪市白石区人民政府办公室\n\n区人民政府办公室关于做好防汛工作的通知\n白政办发〔2021〕5号\n"
              f"各街道办事处：\n{BODY}\n")
    assert doc.issuer == "云溪市白石区人民政府办公室"


def test_a_list_of_related_titles_with_numbers_gives_no_documents() -> None:
    parsed = parse_text(f"安澜县人民政府关于加强河湖管理的通知\n安政发〔2022〕3号\n各乡镇人民政府：\n{BODY}\n安澜县人民政府\n"
                        "2022年2月1日\n相关文件：\n安澜县人民政府关于印发河长制工作方案的通知\n（安政发〔2021〕9号）\n"
                        "安澜县人民政府关于开展河道清淤的通知\n（安政发〔2021〕12号）\n", "page.txt")
    assert [d.doc_number.text if d.doc_number else None for d in parsed.documents] == ["安政发〔2022〕3号"]


def test_html_metadata_table_without_colons_fills_what_the_body_lacks() -> None:
    from zhengce.parse.pipeline import parse_bytes

    html = ("<html><body><table class='xxgk'><tr><td>索引号</td><td>0008/2022-11</td><td>发文字号</td>"
            "<td>安政办发〔2022〕21号</td></tr><tr><td>发布机构</td><td>安澜县人民政府办公室</td><td>成文日期</td>"
            "<td>2022-06-01</td></tr><tr><td>有效性</td><td>失效</td></tr></table>"
            "<div class='content'><p>关于开展夏季防溺水工作的通知</p><p>各乡镇人民政府：</p>"
            f"<p>{BODY}{BODY}{BODY}</p></div></body></html>").encode()
    doc = parse_bytes(html, "page.html").documents[0]
    assert doc.title == "关于开展夏季防溺水工作的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "安政办发〔2022〕21号"
    assert doc.issuer == "安澜县人民政府办公室"
    assert doc.signed is None  # the document prints no signature: the export's signed is what it prints
    assert doc.page_signed == date(2022, 6, 1)
    assert doc.stated_status == "expired"


def test_number_line_then_the_title_in_double_angle_brackets() -> None:
    doc = one(f"安政发〔2019〕11号\n《安澜县人民政府关于印发〈安澜县河道采砂管理办法〉的通知》\n各乡镇人民政府：\n{BODY}\n")
    assert doc.title == "关于印发〈安澜县河道采砂管理办法〉的通知"
    assert doc.issuer == "安澜县人民政府"
    assert doc.doc_number is not None and doc.doc_number.text == "安政发〔2019〕11号"
    assert not any("未识别" in w for w in doc.warnings)


def test_a_date_in_a_table_written_one_cell_per_line_is_not_a_signature() -> None:
    doc = one("安澜县人民政府关于印发重点工作分解表的通知\n安政发〔2023〕3号\n各乡镇人民政府：\n"
              "现将重点工作分解表印发给你们，请认真贯彻执行。\n重点工作分解表\n序号\n\n工作任务\n\n责任单位\n\n完成时限\n\n1\n\n"
              "新建农村公路50公里。\n\n县交通运输局\n\n2023年12月31日\n\n2\n\n改造危房200户。\n\n县住房城乡建设局\n\n"
              "2023年10月31日\n")
    assert doc.signed is None


def test_title_run_into_the_recipients_on_one_line() -> None:
    doc = one("云溪市人民政府办公室关于做好春节期间安全工作的通知各区人民政府，市政府各部门：\n"
              f"{BODY}\n云溪市人民政府办公室\n2020年1月10日\n")
    assert doc.title == "关于做好春节期间安全工作的通知"
    assert doc.issuer == "云溪市人民政府办公室"


def test_effective_and_expiry_dates_of_the_page_metadata_when_the_body_states_none() -> None:
    doc = one("索引号: 0005/2019-3 生效时间: 2019-02-01\n废止时间: 2021-01-31 文号: 安政〔2019〕2号\n\n"
              f"安澜县人民政府关于印发集贸市场管理规定的通知\n\n各乡镇人民政府：\n{BODY}\n安澜县人民政府\n2019年1月20日\n")
    assert doc.validity is not None
    assert (doc.validity.effective_from, doc.validity.expires_on) == (date(2019, 2, 1), date(2021, 1, 31))
    assert doc.doc_number is not None and doc.doc_number.text == "安政〔2019〕2号"


def test_number_whose_brackets_were_decoded_wrongly() -> None:
    doc = one(f"云溪省人民政府办公厅文件\n云政办发„2009‟24号\n云溪省人民政府办公厅关于做好高校毕业生就业工作的通知\n"
              f"各市州人民政府：\n{BODY}\n")
    assert doc.doc_number is not None and doc.doc_number.text == "云政办发〔2009〕24号"
    assert any("乱码" in w for w in doc.warnings)


# --- round 2: forms seen on pages of further provinces (samples invented) ---------------------------------------


def test_truncated_site_headline_before_the_header_is_not_glued_to_the_issuer() -> None:
    doc = one("您的位置:首页 > 资讯\n\n《云溪省进一步促进乡村旅游和休闲农业高质量发展若干\n\n云溪省人民政府办公厅关于印发云溪省\n\n"
              "进一步促进乡村旅游和休闲农业高质量发展若干\n\n措施的通知\n\n云府办〔2021〕9号\n\n各市人民政府，省政府各部门：\n\n"
              f"{BODY}\n\n云溪省人民政府办公厅\n\n2021年4月2日\n")
    assert doc.issuer == "云溪省人民政府办公厅"
    assert doc.title == "关于印发云溪省进一步促进乡村旅游和休闲农业高质量发展若干措施的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "云府办〔2021〕9号"


def test_number_and_chinese_numeral_date_on_one_line_under_an_opinion() -> None:
    doc = one("云溪省人民政府\n关于加快发展现代物流业\n的实施意见\n云府发〔2009〕21号 二○○九年六月十二日\n"
              f"各市人民政府，省政府各部门：\n{BODY}\n一、总体要求\n")
    assert doc.title == "关于加快发展现代物流业的实施意见"
    assert doc.kind == "意见"
    assert doc.issuer == "云溪省人民政府"
    assert doc.doc_number is not None and doc.doc_number.text == "云府发〔2009〕21号"
    assert doc.signed == date(2009, 6, 12)
    doc = one("云溪省人民政府办公厅关于进一步做好\n农民工工作的意见\n云办发〔2012〕33号 (二○一二年六月八日)\n"
              f"各市人民政府，省政府各部门：\n{BODY}\n")
    assert (doc.title, doc.signed) == ("关于进一步做好农民工工作的意见", date(2012, 6, 8))


def test_metadata_pairs_separated_by_spaces_only() -> None:
    fields = meta_of("索 引 号 AB1234567/2022-00031 发文日期 2022-02-03\n发布机构 区人民政府办公室 文    号 白政办〔2022〕6号\n"
                     "分   类 政务公开 有 效 性 有效\n成文日期 2022-02-01\n")
    assert fields["index"] == "AB1234567/2022-00031"
    assert fields["issuer"] == "区人民政府办公室"
    assert fields["doc_number"] == "白政办〔2022〕6号"
    assert fields["signed"] == "2022-02-01"
    assert status_of(fields["status"]) == "valid"
    doc = one("索 引 号 主题分类 综合政务\n发布机构 白石区人民政府 文  号 白政发〔2020〕12号\n"
              f"白石区人民政府关于印发白石区河长制工作规则的通知\n\n各街道办事处：\n{BODY}\n")
    assert doc.doc_number is not None and doc.doc_number.text == "白政发〔2020〕12号"
    assert any("网页元数据" in w for w in doc.warnings)
    # a two-character key alone with its value: only a value of its type
    assert meta_of("文号 白政发〔2021〕4号\n")["doc_number"] == "白政发〔2021〕4号"
    assert "doc_number" not in meta_of("文号 要规范\n")
    # a sentence that starts with a key word is no metadata
    assert "issuer" not in meta_of("发布机构 应当在收到申请之日起五个工作日内作出是否受理的决定并书面告知申请人及其代理人和利害关系人等\n")


def test_traditional_issuer_inside_a_title_printed_in_double_angle_brackets() -> None:
    doc = one("《雲溪市人民政府辦公廳關于印發2022年市〈政府工作報告〉任務分解方案的通知》\n雲政辦〔2022〕3號\n"
              "《2022年市〈政府工作報告〉任務分解方案》已經市人民政府同意，現印發給你們，請認真貫徹執行。\n")
    assert doc.issuer == "雲溪市人民政府辦公廳"
    assert doc.title == "關于印發2022年市〈政府工作報告〉任務分解方案的通知"


def test_title_wrapped_over_lines_issuing_several_quoted_titles() -> None:
    doc = one("云溪省财政厅 云溪省科技厅\n关于印发 《云溪省科研仪器共享补助办法》\n《云溪省创新平台考核办法》\n"
              "《云溪省技术合同奖励办法》的通知\n\n云财规〔2021〕2号\n\n各州市财政局、科技局：\n\n"
              f"{BODY}\n\n云溪省财政厅\n\n云溪省科学技术厅\n\n2021年7月9日\n")
    assert doc.title == "关于印发《云溪省科研仪器共享补助办法》《云溪省创新平台考核办法》《云溪省技术合同奖励办法》的通知"
    # the title prints a short form the signature gives in full
    assert doc.issuer == "云溪省财政厅、云溪省科学技术厅"
    assert doc.doc_number is not None and doc.doc_number.text == "云财规〔2021〕2号"


def test_header_title_in_double_angle_brackets_wins_over_the_page_headline() -> None:
    doc = one("云府发〔2019〕5号《云溪省人民政府关于印发〈云溪省人民政府工作规则〉的通知》\n\n"
              "云溪省人民政府关于印发〈云溪省人民政府工作规则〉的通知\n\n云府发〔2019〕5号\n\n省人民政府关于印发\n\n"
              "《云溪省人民政府工作规则》的通知\n\n云府发〔2019〕5号\n\n各市人民政府，省政府各部门：\n\n"
              f"{BODY}\n\n云溪省人民政府\n\n2019年3月1日\n")
    assert doc.title == "关于印发《云溪省人民政府工作规则》的通知"  # as the header prints it
    assert doc.issuer == "云溪省人民政府"


def test_site_headline_in_square_brackets_and_number_in_square_brackets_under_the_title() -> None:
    doc = one("【最新 白石县森林防火禁火令】关于实行森林防火期野外禁火的通告\n(白防指字[2023]7号)\n"
              "为切实做好森林防火工作，根据有关法律法规规定，现就有关事项通告如下：\n一、禁火时间\n")
    assert doc.title == "关于实行森林防火期野外禁火的通告"
    assert doc.doc_number is not None and doc.doc_number.text == "白防指字〔2023〕7号"
    assert doc.kind == "通告"
    assert doc.issuer is None  # printed nowhere


def test_issuer_not_printed_is_read_from_the_number_and_the_body_naming_it() -> None:
    doc = one("关于实行森林防火期野外禁火的通告\n(白防指字[2023]7号)\n"
              "为切实做好森林防火工作，依据有关法律法规和白石县森林防灭火指挥部的部署，现就有关事项通告如下：\n一、禁火时间\n")
    assert doc.issuer == "白石县森林防灭火指挥部"
    assert any("文号" in w and "发文机关" in w for w in doc.warnings)


def test_notice_quoted_in_a_news_page_without_issuer_or_number() -> None:
    doc = one("白石县恢复城区道路通行\n2022年11月05日08:51 | 来源:白石日报\n"
              "本报讯 11月4日，白石县公安局交通警察大队发布通告，具体内容如下：\n"
              "关于恢复城区和城北、城南外围道路通行的通告\n"
              "为统筹做好经济社会发展和疫情防控工作，现将城区和城北、城南恢复外围道路通行的有关事项通告如下：\n"
              "一、自2022年11月5日起，恢复城区与城北、城南之间的道路通行。\n特此通告。\n"
              "白石县公安局交通警察大队\n2022年11月4日\n")
    assert doc.title == "关于恢复城区和城北、城南外围道路通行的通告"
    assert doc.issuer == "白石县公安局交通警察大队"
    assert doc.signed == date(2022, 11, 4)
    assert not any("未识别" in w for w in doc.warnings)


def test_number_exported_in_the_characters_of_the_page_and_matched_folded() -> None:
    parsed = parse_text("雲府發〔2021〕8號\n雲溪市人民政府關于加強防汛工作的通知\n各區人民政府:\n"
                        "為做好今年防汛工作,現將有關事項通知如下,請認真貫徹執行。\n雲溪市人民政府\n2021年5月6日\n", "page.txt")
    doc = parsed.documents[0]
    assert doc.doc_number is not None and doc.doc_number.text == "云府发〔2021〕8号"  # for matching and storage
    assert document_records(parsed)[0]["doc_number"] == "雲府發〔2021〕8號"  # as printed


def test_truncated_headline_before_a_title_that_opens_with_what_it_issues() -> None:
    doc = one("首页 > 政策\n《云溪省进一步促进乡村旅游和休闲农业高质量发展\n关于印发云溪省进一步促进乡村旅游和休闲农业高质量发展\n"
              f"若干措施的通知\n云府办〔2021〕9号\n各市人民政府：\n{BODY}\n云溪省人民政府办公厅\n2021年4月2日\n")
    assert doc.title == "关于印发云溪省进一步促进乡村旅游和休闲农业高质量发展若干措施的通知"
    assert doc.doc_number is not None and doc.doc_number.text == "云府办〔2021〕9号"


def test_forwarding_title_wrapped_before_the_forwarded_title() -> None:
    doc = one("云溪市人民政府办公室关于转发市发展改革委\n关于做好2021年价格工作意见的通知\n云政办发〔2021〕7号\n"
              f"各县区人民政府：\n{BODY}\n云溪市人民政府办公室\n2021年3月5日\n")
    assert doc.title == "关于转发市发展改革委关于做好2021年价格工作意见的通知"
    assert doc.issuer == "云溪市人民政府办公室"


def test_a_registration_code_printed_above_the_number_belongs_to_the_header() -> None:
    text = ("发布时间：2023-03-15 09:28 信息来源：东河市人民政府办公室\n\nDHCR-2023-01005\n\n东政办发〔2023〕9号\n\n"
            "东河市人民政府办公室\n\n关于印发东河市稳经济若干措施的通知\n\n各县区人民政府，市直各单位：\n"
            "现将《东河市稳经济若干措施》印发给你们，请认真贯彻执行。\n\n东河市人民政府办公室\n2023年3月10日\n")
    (doc,) = parse_text(text, "reg.txt").documents
    assert doc.doc_number is not None and doc.doc_number.text == "东政办发〔2023〕9号"
    assert doc.reg_code is not None and doc.reg_code.text == "DHCR-2023-01005"


def test_a_reply_letter_is_of_the_kind_its_title_ends_with() -> None:
    text = ("东河省人民政府办公厅关于同意北川县为省级园林县城的复函\n东政办函〔2010〕65号\n北川县人民政府：\n"
            "你县《关于申报省级园林县城的请示》收悉。经省政府同意，现函复如下：同意北川县为省级园林县城。\n"
            "东河省人民政府办公厅\n2010年6月1日\n")
    (doc,) = parse_text(text, "reply.txt").documents
    assert doc.kind == "复函"


def test_a_title_wrapped_right_after_guanyu_keeps_it_and_a_region_is_named_in_full() -> None:
    doc = one("自治区人民政府关于\n印发东河自治区百万人温饱工程计划的通知\n(新政发〔1994〕103号)\n"
              "各州、市、县人民政府，自治区人民政府各部门：\n现将《东河自治区百万人温饱工程计划》印发给你们，请认真贯彻执行。\n"
              "自治区人民政府\n1994年12月27日\n")
    assert doc.title == "关于印发东河自治区百万人温饱工程计划的通知"
    assert doc.issuer == "新疆维吾尔自治区人民政府"  # 新政发: the region that 新 stands for


def test_a_number_printed_alone_above_the_recipients_is_the_documents() -> None:
    # a page that lost the title: 文号 line (after the site's 来源 line), then 主送 and the body
    doc = one("- 时间:2011-06-02\n- 来源:\n东政发〔2011〕63号\n各市、自治州人民政府,省直各部门:\n"
              "经省政府研究，决定对2010年度成绩突出的市州和企业予以表彰。\n东河省人民政府\n2011年5月20日\n")
    assert doc.doc_number is not None and doc.doc_number.text == "东政发〔2011〕63号"
    assert doc.signed == date(2011, 5, 20)


def test_pinyin_notes_with_a_space_inside_are_dropped() -> None:
    from zhengce.text.normalise import repair

    text = "在東河省人民代表大會(huì )第二次會(huì )議上作政府工作報告，發(fā)展經濟(jì)。\n"
    assert repair(text).text == "在東河省人民代表大會第二次會議上作政府工作報告，發展經濟。\n"


def test_recipients_keep_brackets_and_shared_prefixes_whole() -> None:
    from zhengce.parse.metadata import split_recipients

    assert split_recipients("各市人民政府,各县(市、区)人民政府,省政府各部门:") == [
        "各市人民政府", "各县(市、区)人民政府", "省政府各部门"]
    assert split_recipients("盟行政公署、市人民政府,自治区各委、办、厅、局,各大企业：") == [
        "盟行政公署", "市人民政府", "自治区各委、办、厅、局", "各大企业"]
