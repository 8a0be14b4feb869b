"""What the pages of Word files cost, and how many characters find their page: each sample gazette's text made
into a DOCX (one paragraph a line, python-docx's default template), then read as ingest reads it.

    python benchmarks/wordpages.py [--samples src/zhengce/samples] [--limit 5]

For each DOCX: its characters, the pages LibreOffice prints, the time to read its text (python-docx), to print
it as PDF (one LibreOffice start, headless, a fresh profile), to read the PDF's characters (PDFium) and to align
them to the text; and the share of the text's characters (blanks left out) given a box. Also one .doc: the same
through LibreOffice's DOCX conversion (a second start) and its PDF. Needs LibreOffice (scripts/libreoffice.sh).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhengce.text import office  # noqa: E402
from zhengce.text.pdf import glyph_pages  # noqa: E402
from zhengce.text.read import read_bytes  # noqa: E402
from zhengce.text.wordpages import align  # noqa: E402


def docx_of(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        if line.strip():
            doc.add_paragraph(line.replace("\t", " "))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def timed(run):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = run()
    return value, time.perf_counter() - start


def measure(name: str, data: bytes, kind: str) -> None:
    raw, read_s = timed(lambda: read_bytes(data, f"x.{kind}"))
    pdf, print_s = timed(lambda: office.convert(data, kind, "pdf"))
    pages, pdfium_s = timed(lambda: glyph_pages(pdf))
    boxes, align_s = timed(lambda: align(raw.text, pages))
    chars = sum(1 for ch in raw.text if not ch.isspace())
    placed = sum(1 for ch, box in zip(raw.text, boxes, strict=True) if box is not None and not ch.isspace())
    print(f"| {name} | {kind} | {chars:,} | {len(pages)} | {read_s:.2f} | {print_s:.2f} | {pdfium_s:.2f} | "
          f"{align_s:.2f} | {placed / max(chars, 1):.2%} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", default=str(ROOT / "src" / "zhengce" / "samples"))
    parser.add_argument("--limit", type=int, default=5)
    args = parser.parse_args()
    if office.soffice() is None:
        sys.exit("LibreOffice is not installed: scripts/libreoffice.sh")
    print("| sample | kind | characters | pages | read s | LibreOffice → PDF s | PDFium s | align s | placed |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    files = sorted(Path(args.samples).glob("*.txt"))[: args.limit]
    for path in files:
        measure(path.stem[:3], docx_of(path.read_text(encoding="utf-8")), "docx")
    data = office.convert(docx_of(files[0].read_text(encoding="utf-8")), "docx", "doc:MS Word 97")
    measure(files[0].stem[:3], data, "doc")


if __name__ == "__main__":
    main()
