"""What a parallel ingest's worker spends: ``zhengce.library.bulk.prepare`` (read, parse, extract, the rows
with their search entries and JSON) on the generated province corpus, in CPU seconds per MB.

    python benchmarks/worker.py [--files 600] [--first 0] [--pg] [--profile 30] [--src DIR] [--scale]

The first ``--files`` files of ``benchmarks/corpus.py`` (the million run's corpus, written to a temporary
folder) go through ``prepare`` in this process, after a warm-up file; the figure is ``time.process_time``,
so it does not depend on what else the machine runs (its wall time does). ``--pg``: PostgreSQL's search
rows (trigrams) instead of SQLite's. ``--profile N``: cProfile's N most expensive functions (by own time).
``--src DIR`` measures another checkout's ``src`` (before/after: run both, alternated, in the same load).
The pickled answer's size (what goes through the pipe) is printed too. ``--scale``: the files of
``benchmarks/scale.py --ingest`` instead (one invented county gazette issue of three documents, 3.2 KB, per
file; file ``k`` is ``scale.issue(k)``): the other shape, where a file's fixed costs weigh more.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=600)
    ap.add_argument("--first", type=int, default=0, help="the number of the first file (another stretch of the corpus)")
    ap.add_argument("--pg", action="store_true", help="PostgreSQL's search rows (trigrams)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N hottest functions")
    ap.add_argument("--src", type=Path, help="import zhengce from this src folder instead")
    ap.add_argument("--scale", action="store_true", help="scale.py's generated issues (3 documents a file)")
    args = ap.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus
    from zhengce.library.bulk import prepare
    from zhengce.parse.pipeline import parse_path

    with tempfile.TemporaryDirectory(prefix="zhengce-worker-") as tmp:
        paths = (scale_files(Path(tmp), args.first, args.files + 1) if args.scale
                 else corpus.write_files(Path(tmp), args.first, args.files + 1))
        prepare(parse_path, args.pg, paths[0])  # warm up: dictionaries, registries, compiled patterns
        try:  # the collector as a worker process tunes it after its first file (where the checkout does)
            from zhengce.parse.worker import worker_gc
        except ImportError:
            pass
        else:
            worker_gc(warm=True)
        paths = paths[1:]
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        # one pass: a second one over the same files would find their unit names in the resolver's cache;
        # with --profile that pass runs under cProfile (its CPU figure then includes the profiler's cost)
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        cpu0, t0 = time.process_time(), time.perf_counter()
        answers = [prepare(parse_path, args.pg, p) for p in paths]
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        pickled = sum(len(pickle.dumps(a, pickle.HIGHEST_PROTOCOL)) for a in answers)
        documents = sum(len(a.documents) for a in answers)
        print(json.dumps({"shape": "scale" if args.scale else "corpus", "files": len(paths), "documents": documents,
                          "megabytes": round(megabytes, 3),
                          "pg": args.pg, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
                          "cpu_s_per_mb": round(cpu / megabytes, 3), "ms_per_file": round(1000 * cpu / len(paths), 2),
                          "pickled_kb_per_file": round(pickled / len(paths) / 1000, 2),
                          "load": round(os.getloadavg()[0], 1)}))


def scale_files(folder: Path, first: int, count: int) -> list[Path]:
    """The files ``scale.py --ingest`` writes (``{k:07d}.txt``, one issue each), numbers ``first`` on."""
    import scale

    paths = []
    for k in range(first, first + count):
        path = folder / f"{k:07d}.txt"
        path.write_text(scale.issue(k), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    main()
