"""Test material made by the project: laid-out PDFs in the official-document layout (GB/T 9704), built with
fpdf2 from paragraphs and a CJK font of Debian's fonts-noto-cjk (scripts/cjkfont.sh installs it), and cached
between runs (pytest's cache directory) since the samples take seconds to lay out."""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

A4 = (595.28, 841.89)
LEFT, RIGHT, TOP, BOTTOM = 79.4, 73.7, 104.9, 99.2  # 28 mm, 26 mm, 37 mm, 35 mm
BODY = 16.0  # 三号
PITCH = 28.9  # 22 lines a page
GUTTER = 24.0


@cache
def cjk_font() -> tuple[str, int] | None:
    """(file, index in the collection) of a simplified-Chinese serif font, or None."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "index", "family"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for line in out.splitlines():
        m = re.match(r"(?P<file>[^:]+): (?P<family>[^:]*):index=(?P<index>\d+)", line)
        if m and m["file"].endswith((".ttf", ".otf", ".ttc")):
            rank = (0 if "Serif CJK SC" in m["family"] else 1 if "SC" in m["family"] else 2,
                    "Bold" in m["file"])
            found.append((rank, m["file"], int(m["index"])))
    if not found:
        return None
    _, file, index = min(found)
    return file, index


def need_font() -> tuple[str, int]:
    font = cjk_font()
    if font is None:
        pytest.skip("没有中文字体（fc-list :lang=zh 为空）：运行 scripts/cjkfont.sh 安装 fonts-noto-cjk / "
                    "no CJK font: scripts/cjkfont.sh installs Debian's fonts-noto-cjk")
    return font


@dataclass
class Para:
    text: str
    align: str = "indent"  # indent | center | right | left
    size: float = BODY
    color: tuple[int, int, int] = (0, 0, 0)


@dataclass
class Rows:
    rows: list[list[str]]


@dataclass
class Layout:
    header: str = ""  # running header on every page but the first
    page_numbers: bool = True
    two_columns: set[int] = field(default_factory=set)  # pages set in two columns
    masthead: str = ""  # red masthead on the first page
    top: float = TOP  # margins of the body; an office suite's default is 2 cm (56.7 pt) all round
    bottom: float = BOTTOM


class _Writer:
    def __init__(self, layout: Layout) -> None:
        from fpdf import FPDF

        file, index = need_font()
        self.pdf = FPDF(unit="pt", format=A4)
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("cjk", fname=file, collection_font_number=index)
        self.layout = layout
        self.page = 0
        self.column = 0
        self.y = 0.0
        self.new_page()

    @property
    def columns(self) -> int:
        return 2 if self.page in self.layout.two_columns else 1

    @property
    def width(self) -> float:
        full = A4[0] - LEFT - RIGHT
        return full if self.columns == 1 else (full - GUTTER) / 2

    @property
    def x(self) -> float:
        return LEFT + self.column * (self.width + GUTTER)

    def new_page(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.page += 1
        self.column = 0
        self.y = self.layout.top
        if self.page > 1 and self.layout.header:  # in the header band, a rule under it
            pdf.set_font("cjk", size=10.5)
            pdf.set_char_spacing(0)
            pdf.text(LEFT, self.layout.top - 35, self.layout.header)
            pdf.line(LEFT, self.layout.top - 29, A4[0] - RIGHT, self.layout.top - 29)
        if self.layout.page_numbers:
            pdf.set_font("cjk", size=14)
            pdf.set_char_spacing(0)
            label = f"— {self.page} —"
            x = A4[0] - RIGHT - pdf.get_string_width(label) if self.page % 2 else LEFT
            pdf.text(x, A4[1] - self.layout.bottom + 30, label)
        if self.page == 1 and self.layout.masthead:
            pdf.set_text_color(200, 0, 0)
            pdf.set_font("cjk", size=30)
            pdf.text((A4[0] - pdf.get_string_width(self.layout.masthead)) / 2, self.layout.top + 20,
                     self.layout.masthead)
            pdf.set_draw_color(200, 0, 0)
            pdf.line(LEFT, self.layout.top + 40, A4[0] - RIGHT, self.layout.top + 40)
            pdf.set_draw_color(0, 0, 0)
            pdf.set_text_color(0, 0, 0)
            self.y = self.layout.top + 70

    def advance(self, height: float) -> None:
        if self.y + height > A4[1] - self.layout.bottom:
            if self.column + 1 < self.columns:
                self.column += 1
                self.y = self.layout.top
            else:
                self.new_page()

    def para(self, para: Para) -> None:
        """Lines wrapped to the width of the column each one falls in, justified but the last one."""
        pdf = self.pdf
        pdf.set_font("cjk", size=para.size)
        pdf.set_text_color(*para.color)
        pitch = PITCH * para.size / BODY
        rest = para.text
        first = True
        while rest:
            self.advance(pitch)
            indent = 2 * para.size if para.align == "indent" and first else 0.0
            width = self.width - indent
            pdf.set_char_spacing(0)
            line = _fit(pdf, rest, width)
            rest = rest[len(line):]
            natural = pdf.get_string_width(line)
            x = self.x + indent
            if para.align == "center":
                x = self.x + (self.width - natural) / 2
            elif para.align == "right":
                x = self.x + self.width - natural - 2 * para.size
            elif rest and len(line) > 1:
                pdf.set_char_spacing((width - natural) / (len(line) - 1))
            pdf.text(x, self.y + para.size, line)
            self.y += pitch
            first = False
        pdf.set_char_spacing(0)
        pdf.set_text_color(0, 0, 0)

    def rows(self, rows: Rows) -> None:
        pdf = self.pdf
        ncols = max(len(r) for r in rows.rows)
        lengths = [max(len(r[c]) if c < len(r) else 0 for r in rows.rows) + 2 for c in range(ncols)]
        total = A4[0] - LEFT - RIGHT
        widths = [total * n / sum(lengths) for n in lengths]
        height = 22.0
        self.advance(height * min(len(rows.rows), 3))
        if self.columns == 2 and self.column == 1:  # a table is set across the page
            self.new_page()
        for row in rows.rows:
            self.advance(height)
            x = LEFT
            for c, width in enumerate(widths):
                text = row[c] if c < len(row) else ""
                pdf.rect(x, self.y, width, height)
                size = min(12.0, (width - 6) / max(1, _ems(text)))
                pdf.set_font("cjk", size=size)
                pdf.text(x + 3, self.y + height / 2 + size / 2.8, text)
                x += width
            self.y += height
        self.y += 8


def _ems(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)


def _fit(pdf, text: str, width: float) -> str:  # type: ignore[no-untyped-def]
    """The longest head of ``text`` that fits in ``width`` (at least one character)."""
    n = 1
    while n < len(text) and pdf.get_string_width(text[: n + 1]) <= width:
        n += 1
    return text[:n]


def build_pdf(blocks: list[Para | Rows], layout: Layout) -> bytes:
    writer = _Writer(layout)
    for block in blocks:
        if isinstance(block, Rows):
            writer.rows(block)
        else:
            writer.para(block)
    return bytes(writer.pdf.output())


def blocks_of_text(text: str) -> list[Para | Rows]:
    """A text file's lines as paragraphs, its runs of tab-separated lines as ruled tables."""
    blocks: list[Para | Rows] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if "\t" in line:
            cells = line.split("\t")
            if blocks and isinstance(blocks[-1], Rows):
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Rows([cells]))
        else:
            blocks.append(Para(line))
    return blocks


def cached(request: pytest.FixtureRequest, key: str, make) -> bytes:  # type: ignore[no-untyped-def]
    """``make()`` once per key (which must change with the material): kept in pytest's cache directory."""
    folder = Path(request.config.cache.mkdir("zhengce-files"))
    path = folder / (hashlib.sha256(key.encode()).hexdigest()[:20] + ".bin")
    if path.exists():
        return path.read_bytes()
    data = make()
    path.write_bytes(data)
    return data


def scan(pdf: bytes, number: int = 1, seed: int | None = None) -> bytes:
    """Page ``number`` (1-based) of ``pdf`` as a scanner gives it: a 200 dpi greyscale PNG turned by 1°, with
    4,000 specks of dust drawn with ``seed`` (the page's number unless given)."""
    import io
    import random

    import pypdfium2 as pdfium
    from PIL import Image

    image = pdfium.PdfDocument(pdf)[number - 1].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(1, resample=Image.BICUBIC, expand=True, fillcolor=255)
    rng = random.Random(number if seed is None else seed)
    pixels = image.load()
    for _ in range(4000):
        pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice((0, 90, 160))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def saved_by_libreoffice(binary: str, docx: bytes, to: str, timeout: int = 180) -> bytes:
    """``docx`` converted by LibreOffice headless (``binary``) with ``--convert-to to`` (``pdf``,
    ``doc:MS Word 97``), in a fresh profile, as an office saves a file."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "notice.docx").write_bytes(docx)
        subprocess.run([binary, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'p').as_uri()}",
                        "--convert-to", to, "--outdir", str(folder), str(folder / "notice.docx")],
                       capture_output=True, timeout=timeout, check=True)
        return (folder / f"notice.{to.split(':')[0]}").read_bytes()
