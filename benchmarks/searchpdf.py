"""Searchable PDFs of scans: how long writing one takes against reading the scan by OCR, and its size.

Takes N pages of the first sample gazette laid out as a PDF (benchmarks/files.py), scanned as
benchmarks/scans.py does (200 dpi, turned by 1°, speckled) into an image-only PDF, and the first page as a PNG;
ingests both into a fresh SQLite store (OCR), then writes each one's searchable PDF from what is stored
(zhengce.library.searchpdf, the cache cleared before each run) and prints seconds, pages per second and sizes.

    python benchmarks/searchpdf.py [--out .cache/zhengce-files] [--pages 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from files import build, scan  # noqa: E402
from scans import scanned_pdf  # noqa: E402
from zhengce.db import open_store  # noqa: E402
from zhengce.library.ingest import store_parsed  # noqa: E402
from zhengce.library.searchpdf import clear_cache, searchable_pdf  # noqa: E402
from zhengce.parse.pipeline import parse_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "zhengce-files")
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    laid = build(args.out)[0].read_bytes()
    files = {"scan.pdf": scanned_pdf(laid, args.pages), "scan.png": scan(laid, 1)}
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(str(Path(folder) / "bench.db"))
        for name, data in files.items():
            started = time.perf_counter()
            parsed = parse_bytes(data, name)
            ocr = time.perf_counter() - started
            source = store_parsed(engine, parsed, len(data), path=name).source_id
            pages = len(parsed.layout.pages) if parsed.layout else 0
            best = float("inf")
            out = b""
            for _ in range(args.repeat):
                clear_cache()
                started = time.perf_counter()
                _, out = searchable_pdf(engine, source)
                best = min(best, time.perf_counter() - started)
            from pypdf import PdfReader

            assert len(PdfReader(io.BytesIO(out)).pages) == pages
            print(f"{name}: {pages} pages, OCR {ocr:.1f} s ({pages / ocr * 60:.1f} pages/min); searchable PDF "
                  f"{best:.2f} s ({pages / best:.1f} pages/s), {len(data) / 1e3:.0f} kB → {len(out) / 1e3:.0f} kB")
        engine.dispose()


if __name__ == "__main__":
    main()
