"""A notice whose mirror printed its closing sentence, signer and date on one line, set apart by runs of spaces
(law-database and gazette mirrors of old notices; invented jurisdictions and numbers)."""

from __future__ import annotations

from datetime import date

from zhengce.parse.pipeline import parse_text

HEAD = ("关于修订全省表彰审批办法的通知\n\n禾府办〔2001〕46号\n\n"
        "省府直属各单位：  《表彰审批办法》已作修订，经省人民政府同意，现印发给你们，请按照执行。")


def one(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "page.txt")
    assert len(parsed.documents) == 1, [d.title for d in parsed.documents]
    return parsed.documents[0]


def test_signer_and_date_in_words_after_the_last_sentence_of_the_line() -> None:
    doc = one(f"{HEAD}                禾川省人民政府办公厅                二○○一年四月十七日\n\n"
              "表彰审批办法\n\n一、奖励表彰分类\n")
    assert doc.signed == date(2001, 4, 17)
    assert doc.issuer == "禾川省人民政府办公厅"


def test_signer_and_date_in_figures_after_the_last_sentence_of_the_line() -> None:
    doc = one(f"{HEAD}  禾川省人民政府办公厅  2001年4月17日\n")
    assert doc.signed == date(2001, 4, 17)


def test_a_single_space_is_a_sentence_going_on_not_a_signature() -> None:
    # …执行。 X 日期: one space is how running text glues words; the date is no signature without the spacing
    doc = one(f"{HEAD} 禾川省人民政府办公厅 2001年4月17日\n")
    assert doc.signed is None


def test_a_date_after_a_sentence_and_a_word_that_names_no_body_is_no_signature() -> None:
    doc = one(f"{HEAD}  截止时间为  2001年4月17日\n")
    assert doc.signed is None


def test_a_numbered_task_row_with_its_unit_and_deadline_is_no_signature() -> None:
    doc = one("关于印发禾川县重点任务清单的通知\n\n禾政办〔2024〕3号\n\n各乡镇人民政府：\n"
              "现将任务清单印发给你们，请认真贯彻执行。\n序号  任务内容  责任单位  完成时限\n"
              "1  完善项目储备制度。  县发展和改革局  2024年12月31日\n2  建立资金监管台账。  县财政局  2024年10月31日\n\n"
              "禾川县人民政府办公室\n2024年3月5日\n")
    assert doc.signed == date(2024, 3, 5)
    assert doc.issuer == "禾川县人民政府办公室"
