"""The second OCR reader (issue 17): PP-OCR's recognition model re-reads the lines Tesseract found, and the two
readings are put together. The OCR test needs Tesseract and the ``rapidocr`` wheel (its model) and is skipped
with the reason without them; the rule that puts the readings together is tested on its own."""

from __future__ import annotations

import io
import os

import pytest

from tests.text.gazette import need_font
from zhengce.text import ocr, ppocr, vote
from zhengce.text.ppocr import Reading
from zhengce.text.read import read_bytes
from zhengce.text.tesseract import Word

# 诿 and 镉 are outside the 4,023 characters of Tesseract's chi_sim model
LINE = "严禁推诿扯皮，耕地镉污染治理到位"


@pytest.fixture(scope="module")
def line_png() -> bytes:
    if not ocr.available():
        reason = os.environ.get("ZHENGCE_TEST_TESSERACT_ERROR") or "scripts/tesseract.sh installs it"
        pytest.skip(f"没有 Tesseract 中文 OCR，跳过 / no Tesseract with chi_sim: {reason}")
    if not ppocr.available():
        pytest.skip("没有第二识别引擎（rapidocr 与 onnxruntime 未安装），跳过 / no second reader: "
                    "make install installs rapidocr and onnxruntime")
    from PIL import Image, ImageDraw, ImageFont

    file, index = need_font()
    font = ImageFont.truetype(file, 44, index=index)  # 16 pt at 200 dpi, the body size of a 公文
    image = Image.new("L", (60 + 46 * len(LINE), 160), 255)
    ImageDraw.Draw(image).text((30, 50), LINE, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def test_characters_tesseract_lacks_are_read_by_the_second_reader(line_png: bytes,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(read_bytes(line_png, "line.png").text.split())
    assert "诿" in text and "镉" in text
    assert text.replace(",", "，") == LINE
    monkeypatch.setattr(ppocr, "model_path", lambda: None)  # without the package: Tesseract alone, still read
    alone = "".join(read_bytes(line_png, "line.png").text.split())
    assert "诿" not in alone and "镉" not in alone and "耕地" in alone


def _line(*words: tuple[str, float, float, float]) -> list[Word]:
    return [Word(1, (1, 1, 1), x0, 100, x1, 140, text, conf) for text, x0, x1, conf in words]


def test_a_sure_second_reading_replaces_a_disputed_character_in_its_place() -> None:
    line = _line(("严禁推", 0, 120, 91), ("该扯皮", 120, 240, 80))
    out = vote.merged(line, Reading("严禁推诿扯皮", (0.99,) * 3 + (0.93,) + (0.99,) * 2,
                                    (0.08, 0.25, 0.4, 0.58, 0.75, 0.9)), (0, 240))
    assert "".join(c.text for c in out) == "严禁推诿扯皮"
    assert (out[3].x0, out[3].x1) == (120, 160)  # where 该 stood
    assert out[3].conf == pytest.approx(93)


def test_an_unsure_second_reading_leaves_tesseracts_character() -> None:
    line = _line(("推进落实", 0, 160, 88))
    out = vote.merged(line, Reading("推进落突", (0.99, 0.99, 0.99, 0.3), (0.1, 0.4, 0.6, 0.9)), (0, 160))
    assert "".join(c.text for c in out) == "推进落实"


def test_a_character_tesseract_missed_gets_a_box_at_its_place_along_the_line() -> None:
    line = _line(("增长", 0, 80, 90), ("以上", 160, 240, 90))
    out = vote.merged(line, Reading("增长10%以上", (0.99,) * 7, (0.05, 0.2, 0.37, 0.45, 0.55, 0.75, 0.92)), (0, 240))
    assert "".join(c.text for c in out) == "增长10%以上"
    one = out[2]
    assert one.text == "1" and one.x0 < 0.37 * 240 < one.x1 and (one.y0, one.y1) == (100, 140)


def test_a_mark_only_tesseract_saw_goes_when_it_was_unsure_of_it() -> None:
    stray = vote.merged(_line(("公报", 0, 80, 95), ("”", 80, 90, 30)), Reading("公报", (0.99, 0.99), (0.2, 0.7)),
                        (0, 90))
    assert "".join(c.text for c in stray) == "公报"
    kept = vote.merged(_line(("公报", 0, 80, 95), ("”", 80, 90, 96)), Reading("公报", (0.99, 0.99), (0.2, 0.7)),
                       (0, 90))
    assert "".join(c.text for c in kept) == "公报”"


def test_without_the_second_reader_the_lines_stay_as_tesseract_read_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ppocr, "model_path", lambda: None)
    lines = [_line(("推进落实", 0, 160, 88))]
    assert not ppocr.available()
    assert vote.reread(None, lines) == lines


def test_a_point_read_apart_from_its_number_stays_with_it() -> None:
    from zhengce.text.glyphs import Glyph
    from zhengce.text.layout import Page, lay_out
    from zhengce.text.tesseract import hugged

    def line(y: float, marks: list[tuple[str, float, float]]) -> list[Glyph]:
        return [Glyph(ch, x0, y, x1, y + 16) for ch, x0, x1 in marks]

    # 6 and its point read as two words, the point's ink box 4 pt after the digit: "6." not "6 ."
    item = [("6", 90, 98, 0), (".", 102, 105, 0), *((ch, 106 + 16 * k, 122 + 16 * k, 0) for k, ch in enumerate("优化消费环境"))]
    glyphs = hugged(line(100, [(ch, a, b) for ch, a, b, _ in item]), 16)
    text = lay_out([Page(1, 595, 842, glyphs, [])]).text
    assert "6.优化消费环境" in text
    far = hugged(line(100, [("6", 90, 98), (".", 120, 123)]), 16)  # more than half a line apart: left as read
    assert far[1].x0 == 120


def test_characters_both_readers_are_unsure_of_are_listed_as_one_stretch() -> None:
    from zhengce.text.tesseract import glyphs

    line = _line(("加快", 0, 80, 95), ("构建", 80, 160, 40))
    out = vote.merged(line, Reading("加快构違", (0.99, 0.99, 0.9, 0.3), (0.1, 0.35, 0.6, 0.85)), (0, 160))
    chars, low = glyphs([out], 1.0)
    assert "".join(g.ch for g in chars) == "加快构建"
    assert low == [("建", 40)]  # 构 was read alike by the second reader, sure of it: no longer for review
    _, low = glyphs([_line(("加快", 0, 80, 95), ("构", 80, 120, 40), ("建", 120, 160, 30))], 1.0)
    assert low == [("构建", 30)]
