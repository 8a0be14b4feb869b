"""Tesseract, run as a process: its words with their boxes, lines and confidence, made into characters.

One call reads one image, or several at once as the frames of a TIFF (the cells of a table: the model is
loaded once for all of them); each word says which frame it came from.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import NamedTuple

from zhengce.text.glyphs import Glyph
from zhengce.text.raw import ReadError

LANGS = "chi_sim"
LOW_CONFIDENCE = 60.0  # Tesseract's word confidence (0–100) under which a word is listed for review
TIMEOUT = 300  # seconds for one call
NO_OCR = ("识别扫描件需要 Tesseract OCR 及中文模型，本机未安装：请运行 scripts/tesseract.sh 或 apt-get install "
          "tesseract-ocr tesseract-ocr-chi-sim / OCR of scans needs Tesseract with its Chinese model: run "
          "scripts/tesseract.sh")


class Word(NamedTuple):
    frame: int  # 1-based image of the call
    line: tuple[int, int, int]  # block, paragraph, line within the frame
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float


def binary() -> str | None:
    named = os.environ.get("ZHENGCE_TESSERACT")
    if named:
        return named if os.path.isfile(named) else None
    return shutil.which("tesseract")


def available() -> bool:
    found = binary()
    if found is None:
        return False
    try:
        langs = subprocess.run([found, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return all(lang in langs.split() for lang in LANGS.split("+"))


def words(program: str, image: bytes, psm: int, dpi: float, page: int) -> list[Word]:
    """The words Tesseract reads in ``image`` (PNG or TIFF bytes) with page segmentation mode ``psm``;
    ``page`` names the page in the error of a call that takes too long."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", LANGS, "--psm", str(psm), "--dpi", str(int(dpi)),
                               "tsv"], input=image, capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"第{page}页 OCR 超时（{TIMEOUT} 秒）/ OCR of page {page} took over {TIMEOUT} s") from exc
    return parse(done.stdout.decode("utf-8", errors="replace"))


def parse(tsv: str) -> list[Word]:
    out = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5":
            continue
        text = "".join(cells[11].split())
        if not text:
            continue
        try:
            frame, key = int(cells[1]), (int(cells[2]), int(cells[3]), int(cells[4]))
            left, top, width, height = (int(c) for c in cells[6:10])
            conf = float(cells[10])
        except ValueError:
            continue
        out.append(Word(frame, key, left, top, left + width, top + height, text, conf))
    return out


def glyphs(lines: list[list[Word]], scale: float) -> tuple[list[Glyph], list[tuple[str, float]]]:
    """Characters of the words of each line (pixels × ``scale`` = points) and the words of low confidence
    (words next to each other on a line as one stretch, with the lowest of their confidences).

    A word's characters share its box evenly; the line's top and bottom are its words' medians."""
    from statistics import median

    out: list[Glyph] = []
    low: list[tuple[str, float]] = []
    for line in lines:
        if not line:
            continue
        top, bottom = median(w.y0 for w in line), median(w.y1 for w in line)
        row: list[Glyph] = []
        ordered = sorted(line, key=lambda w: w.x0)
        for k, w in enumerate(ordered):
            # a word's box may reach over the words after it: it ends where the next one starts
            end = min(w.x1, ordered[k + 1].x0) if k + 1 < len(ordered) else w.x1
            step = max(end - w.x0, 1.0) / len(w.text)
            for j, ch in enumerate(w.text):
                row.append(Glyph(ch, (w.x0 + j * step) * scale, top * scale, (w.x0 + (j + 1) * step) * scale,
                                 bottom * scale))
            if w.conf < LOW_CONFIDENCE and k and ordered[k - 1].conf < LOW_CONFIDENCE:
                low[-1] = (low[-1][0] + w.text, min(low[-1][1], w.conf))  # one stretch with the word before it
            elif w.conf < LOW_CONFIDENCE:
                low.append((w.text, w.conf))
        out.extend(full_width(hugged(row, (bottom - top) * scale)))
    return corrected(out), low


def hugged(row: list[Glyph], height: float) -> list[Glyph]:
    """A point, comma, colon, semicolon or per cent sign read as a word of its own, less than half a line's
    height after a digit or letter, belongs to it (``6.`` of a numbered item, ``3.5``): its box is an ink box
    and starts late, which the layout would take for a space between Latin words (``6 .``)."""
    out = list(row)
    for k in range(1, len(row)):
        g, prev = out[k], out[k - 1]
        if g.ch in ".,:;%" and prev.ch.isascii() and prev.ch.isalnum() and 0 < g.x0 - prev.x1 < height / 2:
            out[k] = Glyph(g.ch, prev.x1, g.y0, g.x1, g.y1, g.space_before)
    return out


_FULL_WIDTH = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}


def full_width(row: list[Glyph]) -> list[Glyph]:
    """Punctuation that the model reads as ASCII is printed full-width in Chinese text: next to a Chinese
    character, ``(`` ``:`` ``,`` become ``（`` ``：`` ``，`` (a number's ``.`` and ``%`` stay)."""
    out = list(row)
    for k, g in enumerate(row):
        wide = _FULL_WIDTH.get(g.ch)
        if wide is None:
            continue
        neighbours = [row[j].ch for j in (k - 1, k + 1) if 0 <= j < len(row)]
        if any("\u4e00" <= ch <= "\u9fff" or ch in "）（“”《》" for ch in neighbours):
            out[k] = Glyph(wide, g.x0, g.y0, g.x1, g.y1, g.space_before)
    return out


# Marks that the model cannot output (they are not in chi_sim's character set) or misreads, put back by the
# notation of official documents: the year of a document number stands in 〔〕 (GB/T 9704), so a square or
# mixed bracket around a year before 号 is one (a pair of round ones is left as printed); a 《 or 〈 that a ）
# closes is a （; a 一 between two digits is a dash (2024—2027年); a bracket or a letter in the number of a
# document number is a 1, one between a number and 年月日号 is stray; 奉头, no word, is 牵头 (who leads a task).
_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])([\[【〔(（{])((?:19|20)\d\d)([\]】〕)）}]j?|j)([\d\]】lI|]{1,5})(?=号)")
_ONE = "]】lI|"  # a thin 1 read as a bracket or a letter (〔2024〕1号 read as 【2024]]号)
_WORDS = {"奉头": "牵头"}  # words of task assignments misread into no word at all
_OPENS, _CLOSES = "《〈", "》〉)）"
_DASH = re.compile(r"(?<=\d)一(?=\d)")
_STRAY = re.compile(r"(?<=\d)[\]|】](?=[年月日号])")  # 2024年1]月31日: a 1 read as 1 and a bracket


def _closing(text: str, start: int) -> str:
    """The bracket that closes one opened before ``start``: the first 》, 〉, ) or ） not closing a round
    bracket opened after it ("" if another 《 or the end comes first)."""
    depth = 0
    for ch in text[start:]:
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        elif ch in _CLOSES or ch in _OPENS:
            return "" if ch in _OPENS else ch
    return ""


def corrected(glyphs: list[Glyph]) -> list[Glyph]:
    """``glyphs`` (one character each, in reading order) with the misreadings above put right."""
    text = "".join(g.ch for g in glyphs)
    put: dict[int, str] = {}  # position → new character ("" drops it)
    for m in _YEAR.finditer(text):
        for k in range(m.start(4), m.end(4)):
            if text[k] in _ONE:
                put[k] = "1"
        if m[1] in "(（" and m[3] in ")）":
            continue
        put[m.start(1)] = "〔"
        put[m.start(3)] = "〕"
        for k in range(m.start(3) + 1, m.end(3)):
            put[k] = ""
    for wrong, right in _WORDS.items():
        for m in re.finditer(wrong, text):
            put.update((m.start() + k, ch) for k, ch in enumerate(right) if ch != wrong[k])
    for m in _DASH.finditer(text):
        put[m.start()] = "—"
    for m in _STRAY.finditer(text):
        put.setdefault(m.start(), "")
    for k, ch in enumerate(text):
        if ch == "(" and _closing(text, k + 1) == "）":  # (9） of a numbered item: one pair, full-width
            put[k] = "（"
        elif ch in _OPENS:
            closing = _closing(text, k + 1)
            if closing in ")）":
                put[k] = "（"
            elif closing == "》" and ch == "〈":
                put[k] = "《"
    if not put:
        return glyphs
    out = []
    for k, g in enumerate(glyphs):
        ch = put.get(k, g.ch)
        if ch:
            out.append(g if ch == g.ch else Glyph(ch, g.x0, g.y0, g.x1, g.y1, g.space_before))
    return out
