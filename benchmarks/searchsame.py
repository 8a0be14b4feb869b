"""The search results of a library, to compare two checkouts whose index tokens differ.

    python benchmarks/searchsame.py OUT.json [--src DIR] [--queries 600] [--generated N] [--pg URL] [--workdir DIR]

Ingests the sample gazettes, ``../shared/corpus``, ``../shared/realworld/pages``, every ``/work/heldout*/pages``
page and ``--generated N`` files of ``benchmarks/corpus.py`` into a new SQLite file
(with its tantivy index) with the checkout's ``src`` (``--src``: another one's), asks a query mix drawn from
the same texts — one word, two words, a quoted phrase, one character, a number, a phrase across punctuation —
through FTS5 and through tantivy, and writes each query's count and ranked first page (document ids, which an
ingest of the same files in the same order gives alike). Run it with both checkouts and compare the files.
``--pg URL``: the same on PostgreSQL too, in a database made for the run on that server and dropped after it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def files() -> list[Path]:
    shared = ROOT.parent / "shared"
    found = sorted((ROOT / "src" / "zhengce" / "samples").glob("*.txt")) + sorted((shared / "corpus").glob("*.txt"))
    pages = [shared / "realworld" / "pages", *sorted(Path("/work").glob("heldout*/pages"))]
    return found + sorted(p for d in pages for p in d.rglob("*") if p.is_file())


def mix(texts: list[str], count: int, seed: int = 21) -> list[str]:
    import rjieba

    rng = random.Random(seed)
    lines = [ln for t in texts for ln in t.splitlines() if re.search(r"[\u4e00-\u9fff]{6}", ln)]
    words = sorted({w for ln in lines for w in rjieba.cut(ln) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)})
    numbers = sorted({n for t in texts for n in re.findall(r"\d+(?:\.\d+)?", t)})
    out: list[str] = []
    for k in range(count):
        kind = k % 6
        if kind == 0:
            out.append(rng.choice(words))
        elif kind == 1:
            out.append(f"{rng.choice(words)} {rng.choice(words)}")
        elif kind in {2, 5}:  # a phrase of the text; the second kind keeps its punctuation
            line = rng.choice(lines)
            if kind == 2:
                line = re.sub(r"[^\u4e00-\u9fff]", "", line)
            at = rng.randint(0, max(0, len(line) - 8))
            out.append(f'"{line[at : at + rng.randint(4, 8)]}"')
        elif kind == 3:
            out.append(rng.choice(rng.choice(words)))
        else:
            out.append(rng.choice(numbers))
    return out


def _pg_database(url: str, *, create: bool) -> str:
    """The run's own database on the server of ``url`` (made, or dropped), as a URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"zhengce_same_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0' if create
                          else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--src", type=Path, help="import zhengce from this src folder instead")
    ap.add_argument("--queries", type=int, default=600)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--generated", type=int, default=0, help="this many generated files too")
    ap.add_argument("--pg", help="a PostgreSQL server's URL (a database is made there for the run, then dropped)")
    args = ap.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    from typer.testing import CliRunner

    from zhengce import library
    from zhengce.cli import app
    from zhengce.db import open_store, tantivy_index

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus

    with tempfile.TemporaryDirectory(prefix="zhengce-same-", dir=args.workdir) as tmp:
        paths = files() + corpus.write_files(Path(tmp), 0, args.generated)
        texts = [p.read_text(encoding="utf-8", errors="ignore") for p in paths]
        db = str(Path(tmp) / "z.db")
        results: dict[str, dict[str, object]] = {}
        stores = [("fts5", db), ("tantivy", db)] + ([("postgresql", _pg_database(args.pg, create=True))]
                                                    if args.pg else [])
        try:
            for name, url in stores[::2] + stores[1:2]:  # SQLite, PostgreSQL, then the same SQLite through tantivy
                if name != "tantivy":
                    done = CliRunner().invoke(app, ["ingest", "--db", url, "-j", "1", *map(str, paths)])
                    assert done.exit_code == 0, done.output
                engine = open_store(url)
                if name != "postgresql":
                    tantivy_index.choose(engine, name)
                for q in mix(texts, args.queries):
                    page = library.search(engine, q)
                    results.setdefault(q, {})[name] = [page.total, [r["id"] for r in page.results]]
                engine.dispose()
        finally:
            if args.pg:
                _pg_database(args.pg, create=False)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(json.dumps({"files": len(paths), "queries": len(results),
                      "found": sum(1 for r in results.values() if r["fts5"][0])}))  # type: ignore[index]


if __name__ == "__main__":
    main()
