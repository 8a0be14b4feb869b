"""Real files: pages per minute for laid-out PDF text, and the PDFs of the sample gazettes for scoring.

Lays out each sample gazette as a PDF in the official-document layout (tests/text/gazette.py: running header,
page numbers ``— n —``, pages 2 and 3 in two columns, tab-separated lines as ruled tables), kept in --out
between runs, then reads every PDF with the layout reader (pypdfium2 + pdfplumber) and with the plain
text-layer reader (pypdf, what zhengce used before) and prints pages per minute of each, on one core.

    python benchmarks/files.py [--out .cache/zhengce-files] [--repeat 3] [--ocr-pages 10]

With --ocr-pages N, N pages of the first sample (from its fourth page on, one column) are also rendered at
200 dpi, turned by 1° and speckled as a scanner would, and read back by OCR: pages per minute (the pool uses
every core) and the character error rate against the text layer of the same pages, running headers and page
numbers left out of both.

The PDFs are named after their samples (``000_….txt.pdf``): ``zhengce export documents OUT/*.pdf`` followed
by ``sed 's/\\.txt\\.pdf"/.txt"/'`` gives JSONL that ../shared/tools/score.py scores against ../shared/gold.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.text.gazette import Layout, blocks_of_text, build_pdf, scan  # noqa: E402

from zhengce.text.read import read_bytes  # noqa: E402

SAMPLES = ROOT / "src" / "zhengce" / "samples"


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in sorted(SAMPLES.glob("*.txt")):
        path = out / (sample.name + ".pdf")
        if not path.exists() or path.stat().st_mtime < sample.stat().st_mtime:
            text = sample.read_text(encoding="utf-8")
            layout = Layout(header="政府公报　2024年第3期", two_columns={2, 3})
            path.write_bytes(build_pdf(blocks_of_text(text), layout))
        paths.append(path)
    return paths


def pypdf_text(data: bytes) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def ocr_figures(data: bytes, numbers: list[int]) -> dict[str, float]:
    from concurrent.futures import ThreadPoolExecutor

    import pypdfium2 as pdfium
    from rapidfuzz.distance import Levenshtein

    from zhengce.text.normalise import fold, repair

    def body(raw) -> str:  # type: ignore[no-untyped-def]
        # compared in the matching view that every extractor reads (full- and half-width punctuation alike)
        return "".join(fold(repair(raw.text, raw.edits).text).split())

    images = [scan(data, n) for n in numbers]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:  # pages in parallel, as a scanned PDF's are
        read = list(pool.map(lambda png: read_bytes(png, "scan.png"), images))
    secs = time.perf_counter() - start
    errors = chars = 0
    doc = pdfium.PdfDocument(data)
    for number, raw in zip(numbers, read, strict=True):
        one = io.BytesIO()
        single = pdfium.PdfDocument.new()
        single.import_pages(doc, [number - 1])
        single.save(one)
        truth = body(read_bytes(one.getvalue(), "page.pdf"))
        truth = truth.split("期", 1)[1]  # the running header (on one page it does not repeat)
        got = body(raw).split("期", 1)[-1]
        errors += Levenshtein.distance(truth, got)
        chars += len(truth)
    return {"ocr_pages": len(numbers), "ocr_pages_per_minute": round(len(numbers) / secs * 60, 1),
            "ocr_character_error_rate": round(errors / max(1, chars), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "zhengce-files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ocr-pages", type=int, default=0)
    args = parser.parse_args()
    paths = build(args.out)
    files = [(p, p.read_bytes()) for p in paths]
    pages = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        for path, data in files:
            raw = read_bytes(data, path.name)
            pages += len(raw.page_starts)
    layout_secs = time.perf_counter() - start
    plain_pages = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        for _path, data in files:
            plain_pages += pypdf_text(data)
    plain_secs = time.perf_counter() - start
    result = {
        "pdf_files": len(files),
        "pdf_pages": pages // args.repeat,
        "layout_pages_per_minute": round(pages / layout_secs * 60),
        "pypdf_text_pages_per_minute": round(plain_pages / plain_secs * 60),
    }
    print(f"{'reader':<34}{'pages/min':>12}")
    print(f"{'layout (pypdfium2 + pdfplumber)':<34}{result['layout_pages_per_minute']:>12}")
    print(f"{'text layer only (pypdf)':<34}{result['pypdf_text_pages_per_minute']:>12}")
    if args.ocr_pages:
        result |= ocr_figures(files[0][1], list(range(4, 4 + args.ocr_pages)))
        print(f"{'OCR (Tesseract chi_sim, 2 at once)':<34}{result['ocr_pages_per_minute']:>12}"
              f"   character errors {result['ocr_character_error_rate']:.2%}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
