"""What keeping the pages of laid-out files costs: the page map's size and the time it adds to parsing and
storing, on the five sample gazettes laid out as PDFs (benchmarks/files.py builds them).

    python benchmarks/pagemap.py [--out .cache/zhengce-files] [--repeat 3]

For each PDF: pages, characters of the display text, runs of the map (one per line of a page), the JSON of the
map in bytes; the time to build the map from the reader's boxes (``layout_of``, part of parsing), and the time to
store the source on SQLite with its pages and file and without them (the same parsed source with no layout),
best of --repeat.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from files import build  # noqa: E402
from zhengce.db import open_store  # noqa: E402
from zhengce.library.ingest import store_parsed  # noqa: E402
from zhengce.parse.pagemap import layout_of  # noqa: E402
from zhengce.parse.pipeline import parse_path  # noqa: E402
from zhengce.text.normalise import repair  # noqa: E402
from zhengce.text.read import read_path  # noqa: E402


def best(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "zhengce-files")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for path in build(args.out):
        raw = read_path(path)
        mapped = repair(raw.text, raw.edits)
        map_s = best(args.repeat, lambda raw=raw, mapped=mapped: layout_of(raw, mapped))
        parsed = parse_path(path)
        layout = parsed.layout
        assert layout is not None
        size = len(json.dumps([[r.start, r.end, r.page, r.x0, r.y0, r.x1, r.y1] for r in layout.runs]))

        def store(with_pages: bool, parsed=parsed, layout=layout, path=path) -> float:  # type: ignore[no-untyped-def]
            parsed.layout = layout if with_pages else None
            with tempfile.TemporaryDirectory() as tmp:
                engine = open_store(str(Path(tmp) / "b.db"))
                start = time.perf_counter()
                store_parsed(engine, parsed, path.stat().st_size)
                took = time.perf_counter() - start
                engine.dispose()
            return took

        result = {with_pages: min(store(with_pages) for _ in range(args.repeat)) for with_pages in (False, True)}
        rows.append((path.name[:20], len(layout.pages), len(parsed.text), len(layout.runs), size, map_s,
                     result[False], result[True]))
    print("| file | pages | characters | runs | map JSON bytes | map s | store s without | store s with |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, pages, chars, runs, size, map_s, without, with_ in rows:
        print(f"| {name} | {pages} | {chars:,} | {runs:,} | {size:,} | {map_s:.3f} | {without:.2f} | {with_:.2f} |")
    total = [sum(r[k] for r in rows) for k in range(1, 8)]
    print(f"| all | {total[0]} | {total[1]:,} | {total[2]:,} | {total[3]:,} | {total[4]:.3f} | {total[5]:.2f} | "
          f"{total[6]:.2f} |")


if __name__ == "__main__":
    main()
