"""Reader and extractor throughput, on the sample corpus and on it replicated 50 times.

Reading (MB/s, documents/s) is timed apart from extraction (documents/s through all extractors:
tasks with unit resolution, targets incl. task text, deadlines, references, money rules, personnel).

    python benchmarks/parse.py [--repeat 50] [--corpus DIR]

Runs on one core (the parser is single-threaded). Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from zhengce.extract.export import task_records
from zhengce.extract.facts import extract_source
from zhengce.parse.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "src" / "zhengce" / "samples"


def run(files: list[tuple[str, bytes]], copies: int) -> dict[str, float]:
    total_bytes = 0
    docs = 0
    nodes = 0
    tasks = 0
    targets = 0
    extract_seconds = 0.0
    start = time.perf_counter()
    for _ in range(copies):
        for name, data in files:
            parsed = parse_bytes(data, name)
            total_bytes += len(data)
            docs += len(parsed.documents)
            nodes += sum(1 for d in parsed.documents if d.tree for _ in d.tree.walk())
            t0 = time.perf_counter()
            facts = extract_source(parsed)  # every extractor, once per document
            tasks += len(task_records(parsed, facts))  # the export's unit registry over the source
            targets += sum(len(f.targets) for f in facts)
            extract_seconds += time.perf_counter() - t0
    seconds = time.perf_counter() - start - extract_seconds
    return {
        "files": len(files) * copies,
        "megabytes": total_bytes / 1e6,
        "documents": docs,
        "nodes": nodes,
        "seconds": seconds,
        "mb_per_s": total_bytes / 1e6 / seconds,
        "docs_per_s": docs / seconds,
        "tasks": tasks,
        "targets": targets,
        "extract_seconds": extract_seconds,
        "extract_docs_per_s": docs / extract_seconds if extract_seconds else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted(args.corpus.glob("*.txt"))]
    if not files:
        raise SystemExit(f"no .txt files in {args.corpus}")
    cold = run(files, 1)  # first pass: loads OpenCC dictionaries and compiles patterns
    results = {"corpus (cold)": cold, "corpus": run(files, 1), f"corpus×{args.repeat}": run(files, args.repeat)}
    print(f"{'set':<14} {'files':>6} {'MB':>8} {'docs':>7} {'nodes':>8} {'s':>8} {'MB/s':>7} {'docs/s':>8}"
          f" {'tasks':>7} {'targets':>8} {'extract s':>9} {'extract docs/s':>14}")
    for label, r in results.items():
        print(f"{label:<14} {r['files']:>6} {r['megabytes']:>8.2f} {r['documents']:>7} {r['nodes']:>8} "
              f"{r['seconds']:>8.2f} {r['mb_per_s']:>7.2f} {r['docs_per_s']:>8.1f} {r['tasks']:>7} {r['targets']:>8} "
              f"{r['extract_seconds']:>9.2f} {r['extract_docs_per_s']:>14.1f}")
    print(json.dumps({k: {m: round(v, 3) for m, v in r.items()} for k, r in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
