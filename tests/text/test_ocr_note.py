"""The note on words OCR read with low confidence says in plain Chinese what to check: how many on the page,
the least sure of them quoted with their confidence, in reading order (issue 17, clerk's trial)."""

from __future__ import annotations

from zhengce.text.glyphs import Page
from zhengce.text.ocr import SHOWN_LOW, OcrPage, notes


def _page(number: int, low: list[tuple[str, float]]) -> OcrPage:
    return OcrPage(Page(number, 595.0, 842.0, []), low)


def test_a_page_with_a_few_unsure_words_quotes_them_all_in_order() -> None:
    said = notes([_page(1, [("（", 56.0), ("渌口区", 41.0), ("  ", 10.0)]), _page(2, [])])
    assert said[0].startswith("第1、2页由 OCR 识别")
    assert len(said) == 2  # page 2 has nothing unsure; a blank "word" is not one
    assert said[1].startswith("第1页有2处识别把握不大，请对照原件核对：“（”（置信度56）、“渌口区”（置信度41） / page 1: 2 ")


def test_a_page_with_many_unsure_words_shows_the_least_sure_and_counts_the_rest() -> None:
    low = [(f"字{k}", 59.0 - k % 5) for k in range(SHOWN_LOW * 3)] + [("长" * 30, 1.0)]
    (_, note) = notes([_page(3, low)])
    head = note.split(" / ")[0]
    assert head.startswith(f"第3页有{len(low)}处识别把握不大")
    assert head.count("置信度") == SHOWN_LOW
    assert f"等（另有{len(low) - SHOWN_LOW}处）" in head
    quoted = [q.split("”")[0] for q in head.split("“")[1:]]
    assert quoted[-1] == "长" * 12 + "…"  # the least sure word comes, clipped, where it stood: last
    confidences = [int(part.split("）")[0]) for part in head.split("置信度")[1:]]
    assert max(confidences) <= min(c for _, c in sorted(low, key=lambda w: w[1])[SHOWN_LOW:])
    assert [int(q[1:]) for q in quoted[:-1]] == sorted(int(q[1:]) for q in quoted[:-1])  # in reading order
