"""OFD files written by hand or by a small office tool: one TextObject per line, each placed by its own y;
a title set larger on two centred lines with the 文号 centred under it; TextCodes that give only their Y
(GB/T 33190: a TextCode without X takes the previous TextCode's X). Invented county and numbers."""

from __future__ import annotations

from tests.text.ofdfile import one_page_ofd
from zhengce.parse.pipeline import parse_bytes
from zhengce.text.normalise import repair
from zhengce.text.read import read_bytes

LEFT, WIDTH, BODY_SIZE, TITLE_SIZE = 28.0, 27, 5.6, 6.35  # mm: 三号 body, 小二 title, 27 characters a line
TITLE = ("石桥县人民政府办公室关于做好", "春季森林防火工作的通知")
NUMBER = "石政办函〔2025〕6号"
PARAGRAPH = ("为切实做好今年春季森林防火工作，有效预防和遏制森林火灾发生，保护森林资源和人民群众生命财产安全，"
             "现将有关事项通知如下，请认真抓好落实。")


def _line(oid: int, x: float, y: float, text: str, size: float = BODY_SIZE) -> str:
    """One TextObject for one line: its box at (x, y), the text's baseline a character's height into it."""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y:.2f} {size * len(text) + 1:.2f} {size * 1.4:.2f}" '
            f'Font="3" Size="{size}"><ofd:TextCode X="0" Y="{size:.2f}" DeltaX="g {len(text) - 1} {size}">{text}'
            "</ofd:TextCode></ofd:TextObject>")


def _centred(oid: int, y: float, text: str, size: float = BODY_SIZE) -> str:
    return _line(oid, LEFT + (WIDTH * BODY_SIZE - len(text) * size) / 2, y, text, size)


def _right(oid: int, y: float, text: str) -> str:
    return _line(oid, LEFT + (WIDTH - len(text) - 2) * BODY_SIZE, y, text)


def test_a_title_on_two_centred_lines_and_the_number_under_it_stay_apart() -> None:
    objects = [_centred(1, 40, TITLE[0], TITLE_SIZE), _centred(2, 50, TITLE[1], TITLE_SIZE), _centred(3, 62, NUMBER),
               _line(4, LEFT, 74, "各乡镇人民政府，县直各单位："),
               _line(5, LEFT + 2 * BODY_SIZE, 84, "一、落实责任。各乡镇要逐级落实防火责任。"),
               _right(6, 100, "石桥县人民政府办公室"), _right(7, 110, "2025年3月28日")]
    raw = read_bytes(one_page_ofd(objects[::-1]), "通知.ofd")  # written bottom-up: the order comes from the places
    paragraphs = repair(raw.text, raw.edits).text.split("\n\n")
    assert paragraphs[:2] == ["".join(TITLE), NUMBER]  # the title's two lines one paragraph, the 文号 its own
    doc = parse_bytes(one_page_ofd(objects), "通知.ofd").documents[0]
    assert doc.title == "关于做好春季森林防火工作的通知" and doc.issuer == "石桥县人民政府办公室"
    assert doc.doc_number is not None and doc.doc_number.text == NUMBER


def test_textcodes_that_give_only_their_y_start_at_the_previous_x() -> None:
    lines = [PARAGRAPH[:WIDTH - 2], PARAGRAPH[WIDTH - 2: 2 * WIDTH - 2], PARAGRAPH[2 * WIDTH - 2:]]
    codes = (f'<ofd:TextCode X="{2 * BODY_SIZE}" Y="10" DeltaX="g {len(lines[0]) - 1} {BODY_SIZE}">{lines[0]}'
             f'</ofd:TextCode><ofd:TextCode X="0" Y="20" DeltaX="g {len(lines[1]) - 1} {BODY_SIZE}">{lines[1]}'
             f'</ofd:TextCode><ofd:TextCode Y="30" DeltaX="g {len(lines[2]) - 1} {BODY_SIZE}">{lines[2]}</ofd:TextCode>')
    objects = [_centred(1, 40, "关于做好春季森林防火工作的通知"),
               f'<ofd:TextObject ID="2" Boundary="{LEFT} 50 160 40" Font="3" Size="{BODY_SIZE}">{codes}</ofd:TextObject>',
               _line(3, LEFT + 2 * BODY_SIZE, 90, "特此通知。")]
    raw = read_bytes(one_page_ofd(objects), "通知.ofd")
    paragraphs = repair(raw.text, raw.edits).text.split("\n\n")
    assert PARAGRAPH in paragraphs  # its third line starts at the margin like the second: one paragraph
    box = raw.boxes[raw.text.index(lines[2][0], raw.text.index(lines[1]) + len(lines[1]))] if raw.boxes else None
    assert box is not None and box.x0 < (LEFT + BODY_SIZE) * 72 / 25.4  # at the left margin, not past the line above


def test_a_full_width_title_right_above_the_addressees_stays_a_paragraph_of_its_own() -> None:
    """A scan or OFD whose title fills the line and whose 主送 line follows at the body's pitch, no gap: the
    addressees are not the title's next line (the header would be lost with its 文号)."""
    title = "石桥县人民政府办公室关于做好春季森林防火工作的通知"  # 25 characters at the body's size: a full line
    objects = [_centred(1, 40, NUMBER), _line(2, LEFT, 52, title), _line(3, LEFT, 62, "各乡镇人民政府，县直各单位："),
               _line(4, LEFT + 2 * BODY_SIZE, 72, "一、落实责任。各乡镇要逐级落实防火责任。")]
    raw = read_bytes(one_page_ofd(objects), "通知.ofd")
    paragraphs = repair(raw.text, raw.edits).text.split("\n\n")
    assert title in paragraphs and "各乡镇人民政府，县直各单位：" in paragraphs


def test_a_number_cut_by_a_line_break_is_joined_without_a_blank() -> None:
    first = "为做好春季森林防火工作，保护森林资源，石桥县自20"  # a full line (indented), cut inside 2026
    objects = [_line(1, LEFT + 2 * BODY_SIZE, 40, first), _line(2, LEFT, 50, "26年起实行网格化管理。")]
    raw = read_bytes(one_page_ofd(objects), "通知.ofd")
    shown = repair(raw.text, raw.edits).text
    assert "石桥县自2026年起" in shown
