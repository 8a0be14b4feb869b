"""Page images of OFD files, drawn: no OFD renderer is packaged for Python or Debian, so the page is drawn
with Pillow from the characters and places the OFD reader already has (:func:`zhengce.text.ofd.ofd_pages`,
templates included), each character in a Chinese font at its size and baseline. What an OFD draws besides
text (lines, seals, images) is not drawn, and every character is set in one font of Debian's
``fonts-noto-cjk`` found through fontconfig — a regular simplified-Chinese one, serif first (``ZHENGCE_CJK_FONT``
names another file). Without a
Chinese font the page is not drawn and the page view shows its text.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache
from typing import Any

BASELINE = 0.88  # of a character's box height above its baseline, as zhengce.text.ofd places it


def cjk_font() -> tuple[str, int] | None:
    """(file, index in the collection) of a simplified-Chinese font — a serif one first — or None."""
    named = os.environ.get("ZHENGCE_CJK_FONT")
    if named is not None:
        return (named, 0) if os.path.isfile(named) else None
    return _fontconfig()


@cache
def _fontconfig() -> tuple[str, int] | None:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "index", "family", "style"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for line in out.splitlines():  # "file: family:style=…:index=N" (fields in fontconfig's order)
        file, _, rest = line.partition(": ")
        index = re.search(r"index=(\d+)", rest)
        if index and file.endswith((".ttf", ".otf", ".ttc")):
            rank = ("Bold" in rest, "SC" not in rest, "Serif" not in rest)  # regular weight first
            found.append((rank, file, int(index.group(1))))
    if not found:
        return None
    _, file, index = min(found)
    return file, index


@cache
def _font(file: str, index: int, pixels: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(file, pixels, index=index)


def draw_ofd(data: bytes, number: int, pixels: tuple[int, int]) -> Any | None:
    """Page ``number`` (1-based) of an OFD file drawn as an RGB image of ``pixels``; None without a Chinese
    font, for a page the file does not have, or for a file that cannot be read."""
    from PIL import Image, ImageDraw

    from zhengce.text.ofd import ofd_pages
    from zhengce.text.raw import ReadError

    font = cjk_font()
    if font is None:
        return None
    try:
        pages = ofd_pages(data)
    except ReadError:
        return None
    if not 1 <= number <= len(pages):
        return None
    page = pages[number - 1]
    image = Image.new("RGB", pixels, "white")
    draw = ImageDraw.Draw(image)
    sx, sy = pixels[0] / page.width, pixels[1] / page.height
    for g in page.glyphs:
        size = max(1, round((g.y1 - g.y0) * sy))
        try:
            face = _font(font[0], font[1], size)
        except OSError:  # not a font file after all
            return None
        draw.text((g.x0 * sx, (g.y0 + BASELINE * (g.y1 - g.y0)) * sy), g.ch, fill="black", font=face, anchor="ls")
    return image
