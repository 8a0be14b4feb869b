"""An item label OCR read as Latin letters: （六） came back as ``(AS)``, and the sixth task ran into the fifth,
so that tags went to the wrong task. Between （五） and （七） a bracketed token of one to three Latin letters at
the start of a paragraph is （六）; anywhere else it stays as read. Invented county, units and text."""

from __future__ import annotations

from zhengce.extract.export import task_records
from zhengce.parse.pipeline import parse_raw
from zhengce.text.ocr import misread_labels
from zhengce.text.raw import RawText

ITEMS = [("一", "加强组织领导", "县政府办"), ("二", "落实资金保障", "县财政局"), ("三", "做好人员培训", "县人社局"),
         ("四", "强化宣传引导", "县委宣传部"), ("五", "开展隐患排查", "县应急局"), ("六", "做好物资储备", "县商务局"),
         ("七", "加强督促检查", "县督查室")]


def _scan(six: str) -> str:
    """The text OCR gives of a plan whose sixth item label is read as ``six`` (paragraphs as the layout sets them)."""
    items = "\n\n".join(f"{six if n == '六' else f'（{n}）'}{what}。各乡镇要认真组织实施，确保按时完成。（{unit}负责）"
                        for n, what, unit in ITEMS)
    return ("石桥县人民政府办公室\n\n关于印发石桥县防汛备汛工作方案的通知\n\n石政办发〔2025〕9号\n\n各乡镇人民政府，县直各单位：\n\n"
            "现将《石桥县防汛备汛工作方案》印发给你们，请认真贯彻执行。\n\n石桥县人民政府办公室\n\n2025年4月2日\n\n"
            f"石桥县防汛备汛工作方案\n\n一、主要任务\n\n{items}\n")


def _tasks(text: str) -> dict[str, list[str]]:
    """Each task's heading and its lead units, as ``zhengce export tasks`` gives them."""
    edits, said = misread_labels(text)
    parsed = parse_raw(RawText(text, "image", None, said, edits), "scan.png")
    return {r["heading"]: r["lead"] for r in task_records(parsed)}


def test_a_sixth_label_read_as_latin_letters_keeps_each_task_with_its_own_units() -> None:
    for six in ("(AS)", "（A)", "(ab)"):
        tasks = _tasks(_scan(six))
        assert tasks == _tasks(_scan("（六）")), six  # as if the label had been read right
        assert tasks["做好物资储备"] == ["县商务局"] and tasks["开展隐患排查"] == ["县应急局"]
    edits, said = misread_labels(_scan("(AS)"))
    assert [e.replacement for e in edits] == ["（六）"] and "(AS)" in said[0]  # the reader is told


def test_latin_letters_elsewhere_stay_as_read() -> None:
    # not between （五） and （七）: a bracketed abbreviation at the start of a paragraph is left alone
    text = _scan("（六）").replace("（七）加强督促检查", "(ISO)质量体系认证，参照标准执行。\n\n（七）加强督促检查")
    assert misread_labels(text) == ([], [])
    text = _scan("（六）").replace("（三）做好人员培训", "(AS)做好人员培训")  # between （二） and （四） it would be 三
    assert [e.replacement for e in misread_labels(text)[0]] == ["（三）"]
    assert misread_labels("（五）甲。\n\n(AS)乙。\n\n（八）丙。\n") == ([], [])  # a gap of two: no rule
