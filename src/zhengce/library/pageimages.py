"""Page images of stored laid-out sources: a PDF page rendered by PDFium (pypdfium2), a scan's page the image
itself (each TIFF frame a page), scaled to :data:`DPI`; the boxes of a clause drawn on it with Pillow.

Boxes are in points from the page's top left; a page read by OCR had its skew taken out of its boxes, so they
are turned back by that angle around the page's centre to sit on the scan as it is. An OFD page is drawn from
its characters (:mod:`zhengce.library.ofdimages`); a Word file's pages are those of the PDF LibreOffice printed
of it, stored in its place.

Rendering costs tens of milliseconds and a stored file may be large, so finished PNGs are kept in a small
least-recently-used cache (by source, page and boxes; sources never change under their id: a new version is
a new source). PDFium is not thread-safe and the web app serves requests from a thread pool: one lock
serialises rendering.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from zhengce.library.ofdimages import cjk_font, draw_ofd

DPI = 110  # the page image's resolution: an A4 page is 909 × 1286 pixels
SCALE = DPI / 72
RENDERED = ("pdf", "image", "ofd")  # formats of stored files whose pages can be drawn
CACHE_BYTES = 48 * 1024**2  # PNGs kept, all pages together
COLOURS = 64  # of the PNG's palette
FILL = (255, 214, 0, 90)  # the highlight: translucent yellow, outlined in red
OUTLINE = (200, 30, 30, 255)

_lock = threading.Lock()
_cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_cached_bytes = 0


def drawable(file_format: str | None) -> bool:
    """Whether pages of a stored file of ``file_format`` can be drawn here (an OFD needs a Chinese font)."""
    return file_format in RENDERED and (file_format != "ofd" or cjk_font() is not None)


def pixel_size(width: float, height: float) -> tuple[int, int]:
    """The image size in pixels of a page of ``width`` × ``height`` points."""
    return max(1, round(width * SCALE)), max(1, round(height * SCALE))


def page_png(key: tuple[Any, ...], load: Callable[[], tuple[str, bytes] | None], number: int,
             size: tuple[float, float], skew: float, boxes: Sequence[dict[str, float]]) -> bytes | None:
    """The PNG of page ``number`` (size in points) with ``boxes`` highlighted; ``load`` gives the stored file
    (format, bytes) only when the PNG is not cached. None when the page cannot be drawn."""
    global _cached_bytes
    wanted = (*key, number, tuple((b["x0"], b["y0"], b["x1"], b["y1"]) for b in boxes))
    with _lock:
        if wanted in _cache:
            _cache.move_to_end(wanted)
            return _cache[wanted]
        stored = load()
        if stored is None:
            return None
        image = render(stored[0], stored[1], number, pixel_size(*size))
        if image is None:
            return None
        png = highlighted(image, boxes, size, skew)
        _cache[wanted] = png
        _cached_bytes += len(png)
        while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
            _, dropped = _cache.popitem(last=False)
            _cached_bytes -= len(dropped)
        return png


def render(file_format: str, data: bytes, number: int, pixels: tuple[int, int]) -> Any | None:
    """Page ``number`` (1-based) of a stored file as an RGB PIL image of ``pixels``; None when it cannot be."""
    from PIL import Image

    if file_format == "pdf":
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= number <= len(doc):
                return None
            page = doc[number - 1]
            width, _ = page.get_size()
            image = page.render(scale=pixels[0] / width).to_pil().convert("RGB")
            page.close()
        finally:
            doc.close()
    elif file_format == "image":
        try:
            source = Image.open(io.BytesIO(data))
            if not 1 <= number <= getattr(source, "n_frames", 1):
                return None
            source.seek(number - 1)
            image = source.convert("RGB")
        except (OSError, ValueError, EOFError, Image.DecompressionBombError):
            return None
    elif file_format == "ofd":
        image = draw_ofd(data, number, pixels)
        if image is None:
            return None
    else:
        return None
    return image.resize(pixels) if image.size != pixels else image


def highlighted(image: Any, boxes: Sequence[dict[str, float]], size: tuple[float, float], skew: float) -> bytes:
    """``image`` with each box (points) filled and outlined, as PNG bytes."""
    from PIL import Image, ImageDraw

    sx, sy = image.size[0] / size[0], image.size[1] / size[1]
    cx, cy = size[0] / 2, size[1] / 2
    angle = math.radians(skew)
    cos, sin = math.cos(angle), math.sin(angle)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    pad = 1.5  # points around the characters
    for b in boxes:
        corners = [(b["x0"] - pad, b["y0"] - pad), (b["x1"] + pad, b["y0"] - pad),
                   (b["x1"] + pad, b["y1"] + pad), (b["x0"] - pad, b["y1"] + pad)]
        points = []
        for x, y in corners:  # the skew taken out of an OCR'd page's boxes, put back
            dx, dy = x - cx, y - cy
            points.append(((cx + dx * cos - dy * sin) * sx, (cy + dx * sin + dy * cos) * sy))
        draw.polygon(points, fill=FILL, outline=OUTLINE, width=2)
    out = io.BytesIO()
    marked = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    # a page is black text on white with a few colours (a red masthead, the highlight): 64 colours keep them and
    # make the PNG about a quarter of its size in true colour (92 kB against 366 kB for an A4 page of text)
    marked.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


def clear_cache() -> None:
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0
