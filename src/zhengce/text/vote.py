"""Two readings of one line put together: Tesseract's words (boxes, confidence per word) and the second
reader's characters (:mod:`zhengce.text.ppocr`: probability per character, place along the line).

The two texts are aligned by edit distance; where they agree, Tesseract's characters stand; where they
differ, the second reader's characters are taken when it is sure of them (every one at least
:data:`SURE`), else Tesseract's; a character that only Tesseract saw stays if its confidence is at least
:data:`ALONE` (Tesseract reads specks as marks and % as 9%, with a confidence that says little). A character
taken from the second reader gets the boxes of the characters it replaces (shared evenly), or where it adds
one, a box at its place along the line as wide as the line is high. Each character comes out as a
one-character :class:`~zhengce.text.tesseract.Word` with its confidence (0–100), so the rest of OCR takes it
as it takes Tesseract's words.
"""

from __future__ import annotations

from zhengce.text.ppocr import Reading
from zhengce.text.tesseract import Word

SURE = 0.5  # the second reader's probability from which its reading of a disputed stretch is taken
ALONE = 95.0  # Tesseract's confidence from which a character the second reader did not see is kept (50, 80: worse)
__all__ = ["ALONE", "SURE", "merged", "reread"]


def _chars(words: list[Word]) -> list[Word]:
    """Tesseract's words split into characters, each with an even share of its word's box."""
    out = []
    ordered = sorted(words, key=lambda w: w.x0)
    for k, w in enumerate(ordered):
        end = min(w.x1, ordered[k + 1].x0) if k + 1 < len(ordered) else w.x1
        step = max(end - w.x0, 1.0) / len(w.text)
        out.extend(w._replace(text=ch, x0=w.x0 + j * step, x1=w.x0 + (j + 1) * step) for j, ch in enumerate(w.text))
    return out


def merged(words: list[Word], reading: Reading, span: tuple[float, float], sure: float = SURE,
           alone: float = ALONE) -> list[Word]:
    """The characters of one line (Tesseract's ``words``) with the second reader's ``reading`` of the crop
    ``span`` (left and right edge in pixels) put in where it differs and is sure."""
    from rapidfuzz.distance import Levenshtein

    chars = _chars(words)
    if not chars or not reading.text:
        return chars
    mine = "".join(c.text for c in chars)
    top = sorted(c.y0 for c in chars)[len(chars) // 2]
    bottom = sorted(c.y1 for c in chars)[len(chars) // 2]
    line = words[0].line
    out: list[Word] = []
    for op in Levenshtein.opcodes(mine, reading.text):
        old = chars[op.src_start:op.src_end]
        new = range(op.dest_start, op.dest_end)
        if op.tag == "equal":
            out.extend(c._replace(conf=max(c.conf, 100 * reading.probs[j])) for c, j in zip(old, new, strict=True))
            continue
        if not all(reading.probs[j] >= sure for j in new) or (not new and any(c.conf >= alone for c in old)):
            out.extend(old)
            continue
        if old:  # the replaced characters' place, shared evenly
            x0, x1 = old[0].x0, old[-1].x1
            step = (x1 - x0) / max(1, len(new))
            boxes = [(x0 + i * step, x0 + (i + 1) * step) for i in range(len(new))]
        else:
            half = (bottom - top) / 2
            at = [span[0] + reading.centres[j] * (span[1] - span[0]) for j in new]
            boxes = [(x - half, x + half) for x in at]
        out.extend(Word(words[0].frame, line, a, top, b, bottom, reading.text[j], 100 * reading.probs[j])
                   for j, (a, b) in zip(new, boxes, strict=True))
    return sorted(out, key=lambda c: (c.x0 + c.x1) / 2)


def reread(image, lines: list[list[Word]]) -> list[list[Word]]:  # type: ignore[no-untyped-def]
    """Each line of ``lines`` (Tesseract's words, boxes in pixels of the upright ``image``) read again by the
    second reader from its crop, and the two readings put together; the lines as they were when the second
    reader is not installed or cannot run."""
    from zhengce.text import ppocr

    if not ppocr.available():
        return lines
    crops, spans = [], []
    for line in lines:
        x0, x1 = min(w.x0 for w in line), max(w.x1 for w in line)
        heights = sorted(w.y1 - w.y0 for w in line)
        top = sorted(w.y0 for w in line)[len(line) // 2]
        bottom = sorted(w.y1 for w in line)[len(line) // 2]
        pad = max(2.0, 0.25 * heights[len(heights) // 2])
        box = (max(0, round(x0 - pad)), max(0, round(top - pad)), min(image.width, round(x1 + pad)),
               min(image.height, round(bottom + pad)))  # PIL fills outside the image with black
        box = (box[0], box[1], max(box[2], box[0] + 1), max(box[3], box[1] + 1))
        crops.append(image.crop(box))
        spans.append((box[0], box[2]))
    try:
        readings = ppocr.read(crops)
    except (ImportError, OSError, RuntimeError):  # a damaged install of onnxruntime or of the model: Tesseract's
        return lines
    return [merged(line, reading, span) for line, reading, span in zip(lines, readings, spans, strict=True)]
