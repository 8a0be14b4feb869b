"""Reader and extractor throughput, per stage, on the sample corpus and on it replicated N times.

Three stages are timed apart, each in MB/s of the UTF-8 input (and documents/s):

* read: bytes → text (encoding detection, HTML to text): ``zhengce.text.read.read_bytes``;
* parse: normalise → segment → metadata → clause tree: ``zhengce.parse.pipeline.parse_raw``;
* extract: every extractor over the parsed documents (tasks with unit resolution and deadlines,
  targets incl. task text, deadlines, references, money rules, personnel, status events) and the
  export's unit registry over the source.

    python benchmarks/parse.py [--repeat 50] [--corpus DIR ...]

Runs on one core (the parser is single-threaded) and counts the CPU time of this process
(``time.process_time``), so that other work on a shared machine slows the figures less than wall time
would. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from zhengce.extract.export import task_records
from zhengce.extract.facts import extract_source
from zhengce.parse.pipeline import parse_raw
from zhengce.text.normalise import folded_text
from zhengce.text.read import read_bytes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "src" / "zhengce" / "samples"


def run(files: list[tuple[str, bytes]], copies: int) -> dict[str, float]:
    total_bytes = docs = nodes = tasks = targets = 0
    seconds = {"read": 0.0, "parse": 0.0, "extract": 0.0}
    for _ in range(copies):
        for name, data in files:
            folded_text.cache_clear()  # every file of an ingest is new: no copy of it is folded yet
            t0 = time.process_time()
            raw = read_bytes(data, name)
            t1 = time.process_time()
            parsed = parse_raw(raw, name, hashlib.sha256(data).hexdigest())
            t2 = time.process_time()
            facts = extract_source(parsed)  # every extractor, once per document
            tasks += len(task_records(parsed, facts))  # the export's unit registry over the source
            t3 = time.process_time()
            seconds["read"] += t1 - t0
            seconds["parse"] += t2 - t1
            seconds["extract"] += t3 - t2
            total_bytes += len(data)
            docs += len(parsed.documents)
            nodes += sum(1 for d in parsed.documents if d.tree for _ in d.tree.walk())
            targets += sum(len(f.targets) for f in facts)
    mb = total_bytes / 1e6
    total = sum(seconds.values())
    out: dict[str, float] = {"files": len(files) * copies, "megabytes": mb, "documents": docs, "nodes": nodes,
                             "tasks": tasks, "targets": targets}
    for stage, s in [*seconds.items(), ("total", total)]:
        out[f"{stage}_seconds"] = s
        out[f"{stage}_mb_per_s"] = mb / s if s else 0.0
    out["docs_per_s"] = docs / total if total else 0.0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--corpus", type=Path, nargs="+", default=[DEFAULT_CORPUS])
    args = ap.parse_args()
    files = [(p.name, p.read_bytes()) for corpus in args.corpus for p in sorted(corpus.glob("*.txt"))]
    if not files:
        raise SystemExit(f"no .txt files in {args.corpus}")
    cold = run(files, 1)  # first pass: loads OpenCC dictionaries and compiles patterns
    results = {"corpus (cold)": cold, "corpus": run(files, 1), f"corpus×{args.repeat}": run(files, args.repeat)}
    print(f"{'set':<14} {'files':>6} {'MB':>7} {'docs':>6} {'tasks':>7} {'targets':>8} "
          f"{'read MB/s':>10} {'parse MB/s':>11} {'extract MB/s':>13} {'total MB/s':>11} {'docs/s':>7}")
    for label, r in results.items():
        print(f"{label:<14} {r['files']:>6} {r['megabytes']:>7.2f} {r['documents']:>6} {r['tasks']:>7} "
              f"{r['targets']:>8} {r['read_mb_per_s']:>10.2f} {r['parse_mb_per_s']:>11.2f} "
              f"{r['extract_mb_per_s']:>13.2f} {r['total_mb_per_s']:>11.2f} {r['docs_per_s']:>7.1f}")
    print(json.dumps({k: {m: round(v, 3) for m, v in r.items()} for k, r in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
