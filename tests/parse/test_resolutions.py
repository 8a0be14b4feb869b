"""决议 passed by a congress in session or a delegates' meeting: the meeting is the issuer, and the passage note
under the title (bracketed, or bare with the body glued to it on a mirror) confirms the header. Texts written for
the test (invented bodies)."""

from __future__ import annotations

from zhengce.parse.metadata import looks_like_issuer
from zhengce.parse.pipeline import parse_text


def _docs(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(d.issuer, d.title, d.kind) for d in parse_text(text, "page.txt").documents]


def test_congress_session_resolution_names_the_session_as_issuer() -> None:
    text = ("临江市第十七届人民代表大会第二次会议关于政府工作报告的决议\n"
            "（2024年1月10日临江市第十七届人民代表大会第二次会议通过）\n"
            "临江市第十七届人民代表大会第二次会议听取和审议了市长所作的政府工作报告。会议充分肯定过去一年的工作。\n")
    assert _docs(text) == [("临江市第十七届人民代表大会第二次会议", "关于政府工作报告的决议", "决议")]


def test_bare_passage_note_with_the_body_glued_to_it_confirms_the_header() -> None:
    text = ("北岭纺织工会代表会议关于改进劳动保护的决议\n\n北岭纺织工会\n\n\n北岭纺织工会代表会议关于改进劳动保护的决议\n\n"
            "一九五○年一月十日通过 一九五○年二月九日北岭省总工会常务委员会批准\n\n"
            "劳动保护关系工人的健康。代表会议责成筹备委员会采取必要步骤，并要求各级工会组织教育全体工人。\n\n"
            "下载地址: 点击此处下载\n\n临江市人民政府办公室关于印发《临江市档案管理制度》的通知\n\n北岭省临江市人民政府办公室\n\n\n"
            "临政办发〔2008〕31号\n\n临江市人民政府办公室关于印发《临江市档案管理制度》的通知\n\n"
            "各县市区人民政府，市人民政府各工作部门：\n《临江市档案管理制度》已经市政府同意，现印发你们，请认真贯彻执行。\n")
    assert _docs(text) == [("北岭纺织工会代表会议", "关于改进劳动保护的决议", "决议"),
                           ("北岭省临江市人民政府办公室", "关于印发《临江市档案管理制度》的通知", "通知")]


def test_a_deadline_under_a_headline_is_no_passage_note() -> None:
    text = ("临江市人民政府关于开展安全生产大检查的通知\n2024年3月1日前通过验收的项目可申请奖励，记者从市应急局获悉。\n"
            "今年以来，全市安全生产形势总体平稳。\n")
    (doc,) = parse_text(text, "page.txt").documents
    assert doc.warnings and "no document header found" in doc.warnings[0]  # a news page quoting a title


def test_a_work_meeting_is_no_issuer() -> None:
    assert not looks_like_issuer("全市安全生产工作会议")
    assert looks_like_issuer("临江县第三届人民代表大会第五次会议")
