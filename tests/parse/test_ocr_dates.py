"""A scanned notice whose signing date OCR misread: one of 年/月/日 read as a look-alike (有 for 月, 午 for 年,
口 for 日) or with one beside it. Under the issuer's name it is still the signing date, with a warning; the
same misreading anywhere else is not a date. Invented county and numbers."""

from __future__ import annotations

from datetime import date

import pytest

from zhengce.parse.pipeline import parse_text

HEAD = "石桥县人民政府办公室\n关于做好春季森林防火工作的通知\n石政办函〔2025〕6号\n各乡镇人民政府，县直各单位：\n"
BODY = "为切实做好春季森林防火工作，现将有关事项通知如下。\n一、落实责任。各乡镇要逐级落实防火责任。（县林业局牵头）\n"


def signed(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, "scan.png")
    assert len(parsed.documents) == 1
    return parsed.documents[0]


@pytest.mark.parametrize("line", ["2025年3有28日", "2025年3月28有日", "2025午3月28日", "2025年3月28口",
                                  "2025年 3 用 28 日"])
def test_a_signing_date_with_one_mark_misread_is_the_signing_date(line: str) -> None:
    doc = signed(f"{HEAD}{BODY}石桥县人民政府办公室\n{line}\n")
    assert doc.signed == date(2025, 3, 28)
    assert doc.issuer == "石桥县人民政府办公室"
    assert any("识别错误" in w and "2025-03-28" in w for w in doc.warnings)  # the reader is told to check it


def test_the_same_misreading_elsewhere_is_not_a_date() -> None:
    # a line of the body that is only such a "date", with no issuer above it, is not the signature: the real one is
    doc = signed(f"{HEAD}{BODY}二、报送时间。请于下列日期前报送：\n2025年4有10日\n石桥县人民政府办公室\n2025年3月28日\n")
    assert doc.signed == date(2025, 3, 28)
    assert not any("识别错误" in w for w in doc.warnings)
    # inside a sentence, never
    doc = signed(f"{HEAD}请于2025年4有10日前报送。\n石桥县人民政府办公室\n")
    assert doc.signed is None


@pytest.mark.parametrize("line", ["2025午3有28日", "2025年13有28日", "2025年2有30日", "2025年3有28日前"])
def test_a_date_misread_twice_or_impossible_is_left_empty(line: str) -> None:
    doc = signed(f"{HEAD}{BODY}石桥县人民政府办公室\n{line}\n")
    assert doc.signed is None  # too little left to be sure: the page's date stays for a person to read
