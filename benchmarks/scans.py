"""Scanned samples: every page of the five sample gazettes laid out as PDFs (benchmarks/files.py), rendered at
200 dpi, turned by 1° and speckled (tests/text/gazette.py: scan), put together as image-only PDFs and read back by OCR.

    python benchmarks/scans.py [--out .cache/zhengce-files] [--samples 0,1] [--pages 10] [--tesseract-only]

Prints, per sample and over all: pages, pages per minute (the OCR pool uses every core), and the character
error rate of the body against the text layer of the same laid-out PDF, page by page — running headers and
page numbers dropped on both sides, compared in the matching view every extractor reads (whitespace left
out) — for pages of running text, pages with a ruled table and pages of fine print: over 2,000 characters
on the page, tables whose long cells tests/text/gazette.py sets on one line at whatever size fits, most of
their characters under 2 pt (under 6 pixels high at 200 dpi), which no OCR reads (a real table wraps its
cells; pages with a table counted as such still hold some of that print). The text read by OCR (as displayed,
artefacts dropped) is written to OUT/scans/NAME.txt for scoring:

    for k in documents tasks targets; do zhengce export $k OUT/scans/*.txt > /tmp/$k.jsonl;
      python ../shared/tools/score.py $k ../shared/gold/$k.jsonl /tmp/$k.jsonl; done

OCR results are kept in OUT/scans/NAME.PAGES.ocr.pickle (delete it to read again). ``--tesseract-only`` leaves
the second reader (PP-OCR, zhengce.text.ppocr) out, as on a machine without it: results in NAME.PAGES.tess.pickle.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from files import build, scan  # noqa: E402
from zhengce.text.normalise import fold, repair  # noqa: E402
from zhengce.text.raw import RawText  # noqa: E402
from zhengce.text.read import read_bytes  # noqa: E402

FINE_PRINT = 2000  # characters on a page: a table whose cells the fixture set under 2 pt to keep each on one line


def scanned_pdf(pdf: bytes, pages: int) -> bytes:
    """The first ``pages`` pages of ``pdf`` as scanned images in a PDF without a text layer."""
    from PIL import Image

    images = [Image.open(io.BytesIO(scan(pdf, n))) for n in range(1, pages + 1)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def page_bodies(raw: RawText) -> list[str]:
    """Each page's text without its artefacts (running headers, page numbers), folded, whitespace left out."""
    dropped = bytearray(len(raw.text))
    for edit in raw.edits:
        if edit.reason != "page-break":
            dropped[edit.start : edit.end] = b"\x01" * (edit.end - edit.start)
    starts = [*raw.page_starts, len(raw.text)]
    out = []
    for a, b in itertools.pairwise(starts):
        kept = "".join(ch for k, ch in enumerate(raw.text[a:b], a) if not dropped[k])
        out.append("".join(fold(kept).split()))
    return out


def main() -> None:
    from rapidfuzz.distance import Levenshtein

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "zhengce-files")
    parser.add_argument("--samples", default="")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages of each sample")
    parser.add_argument("--tesseract-only", action="store_true", help="without the second reader")
    args = parser.parse_args()
    if args.tesseract_only:
        from zhengce.text import ppocr

        ppocr.model_path = lambda: None  # type: ignore[assignment]
    folder = args.out / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    chosen = {int(k) for k in args.samples.split(",") if k}
    totals = {"table": [0, 0], "text": [0, 0], "fine": [0, 0]}
    pages_read = secs_read = 0.0
    for k, path in enumerate(build(args.out)):
        if chosen and k not in chosen:
            continue
        laid = path.read_bytes()
        truth = read_bytes(laid, path.name)
        count = min(len(truth.page_starts), args.pages or len(truth.page_starts))
        name = path.name.removesuffix(".pdf")
        cached = folder / f"{name}.{count}.{'tess' if args.tesseract_only else 'ocr'}.pickle"
        if cached.exists():
            raw, secs = pickle.loads(cached.read_bytes())
        else:
            scanned = scanned_pdf(laid, count)
            start = time.perf_counter()
            raw = read_bytes(scanned, name + ".pdf")
            secs = time.perf_counter() - start
            cached.write_bytes(pickle.dumps((raw, secs)))
        pages_read += count
        secs_read += secs
        (folder / name).with_suffix(".txt").write_text(repair(raw.text, raw.edits).text, encoding="utf-8")
        tables = {truth.page_of(i) for i, ch in enumerate(truth.text) if ch == "\t"}
        mine = {"table": [0, 0], "text": [0, 0], "fine": [0, 0]}
        for number, (want, got) in enumerate(zip(page_bodies(truth)[:count], page_bodies(raw), strict=False), 1):
            kind = "fine" if len(want) > FINE_PRINT else "table" if number in tables else "text"
            mine[kind][0] += Levenshtein.distance(want, got)
            mine[kind][1] += len(want)
        for kind, (errors, chars) in mine.items():
            totals[kind][0] += errors
            totals[kind][1] += chars
        print(json.dumps({"sample": name, "pages": count, "pages_per_minute": round(count / secs * 60, 1),
                          **{f"cer_{kind}": round(e / max(1, c), 4) for kind, (e, c) in mine.items()},
                          "cer": round(sum(e for e, _ in mine.values()) / max(1, sum(c for _, c in mine.values())), 4),
                          "table_pages": len(tables & set(range(1, count + 1))),
                          "fine_print_chars": mine["fine"][1]}), flush=True)
    errors, chars = sum(e for e, _ in totals.values()), sum(c for _, c in totals.values())
    print(json.dumps({"all_pages": pages_read, "pages_per_minute": round(pages_read / max(secs_read, 1e-9) * 60, 1),
                      "cer": round(errors / max(1, chars), 4),
                      **{f"cer_{kind}": round(e / max(1, c), 4) for kind, (e, c) in totals.items()},
                      **{f"chars_{kind}": c for kind, (_e, c) in totals.items()}}))


if __name__ == "__main__":
    main()
