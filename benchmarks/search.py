"""Search benchmark: a synthetic library of N documents built from the sample gazettes.

    python benchmarks/search.py [--docs 100000] [--queries 400] [--engines sqlite,tantivy,postgresql] [--pg URL]
                                [--engines sqlite,tantivy,tantivy-jieba --reuse --workdir DIR] [--clock cpu]

Each synthetic document gets a generated issuer (varied places and bodies), a 发文字号, a signing
date and a title, and a body of 3–8 clauses drawn from the sample gazettes' clause texts. The
documents, their clauses and their search entries are written straight into the store (the
parser's own speed is measured by benchmarks/parse.py), then a fixed mix of queries runs through
``zhengce.library.search`` — the full results page: count, ranked page, facets and snippets:

* one word (a jieba word of the corpus), two words, a quoted phrase (4–6 characters of a clause),
  and a 文号 written with another bracket style.

Prints index build time and latency p50/p95/p99 per query kind and overall, per engine, and a
JSON line. PostgreSQL uses --pg, else ZHENGCE_TEST_PG_URL, else scripts/postgres.sh.

``tantivy`` is the embedded tantivy index built from the SQLite store's search entries
(``zhengce search-index rebuild``) and queried through the same results page; with ``sqlite`` it
runs interleaved on the same database (each query on both engines, alternating which goes first).
Recall is counted for both: known items (the document a 文号 query was written from is on the first
page) and phrases (matches found against the documents whose text holds the phrase as written).

``--clock cpu`` times each query by the process's CPU time instead of the wall clock: on a machine shared with
other work, what the page costs without the waits for a core (a wall-clock run at load 10 on two cores gave
p50s five times those of a quiet one; the ratios of the tails moved by ±0.3 from one run to the next).

``tantivy-jieba`` is issue 21's baseline (benchmarks/jieba_tantivy.py): a plain tantivy index of the
same generated documents cut by jieba, asked the same queries in the same turn, with the page a bare
engine gives: count, best 20, their stored cards and tantivy's snippets, and the same five facets counted
by tantivy's terms aggregations over fast fields. A second row, ``tantivy-jieba-nofacets``, asks the same
index for the page without facets (the baseline as first measured, with tantivy-py 0.22), in the same
turn. Built once into ``<workdir>/search-N.tantivy-jieba`` and reused with --reuse (rebuilt when its
layout is older).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import statistics
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

import jieba_tantivy
import querymix
from zhengce import library
from zhengce.db import ClauseRow, DocumentRow, SourceRow, open_store, tantivy_index
from zhengce.db.search import body_tokens, number_token, plain_text, tokens, write_index
from zhengce.db.search_query import parse_query
from zhengce.library import PAGE_SIZE
from zhengce.library.ranking import COUNT_CAP, ranked_page
from zhengce.parse.pipeline import parse_path
from zhengce.text.normalise import fold

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "zhengce" / "samples"
PLACES = ["青山", "南河", "西岭", "东湖", "白沙", "金溪", "云台", "石门", "龙泉", "凤鸣",
          "桃源", "清水", "长林", "明月", "松江", "玉屏", "望城", "安平", "永宁", "新田"]
LEVELS = [("市", "市人民政府办公室", "政办发"), ("县", "县人民政府", "政发"), ("区", "区人民政府办公室", "政办函"),
          ("市", "市发展和改革委员会", "发改"), ("县", "县财政局", "财发"), ("州", "州人民政府办公室", "政办发")]
JIEBA = "tantivy-jieba"  # the baseline: a plain tantivy index with jieba tokens (benchmarks/jieba_tantivy.py)
BARE = "tantivy-jieba-nofacets"  # the same index's page without facets (asked whenever JIEBA is)
GENRES = ["通知", "意见", "通告", "实施方案", "办法", "决定"]


def corpus_clauses() -> tuple[list[str], list[str]]:
    clauses, titles = [], []
    for path in sorted(SAMPLES.glob("*.txt")):
        parsed = parse_path(path)
        for doc in parsed.documents:
            if doc.title:
                titles.append(doc.title)
            for node in doc.tree.walk() if doc.tree else []:
                t = re.sub(r"\s+", "", node.text)
                if 30 <= len(t) <= 600 and node.table is None:
                    clauses.append(t)
    return clauses, titles


def build(url: str, n: int, clauses: list[str], titles: list[str], seed: int = 7,
          write: bool = True) -> tuple[float, list[dict]]:
    """Write the synthetic library (or, with write=False, only regenerate what a earlier run wrote)."""
    rng = random.Random(seed)
    engine = open_store(url)
    pg = engine.dialect.name == "postgresql"  # plain text for the phrase check there only, as zhengce.store
    start = time.perf_counter()
    made: list[dict] = []
    with Session(engine) as session:
        source_id = 0
        if write:
            src = SourceRow(name="synthetic", sha256=f"synthetic-{n}-{seed}", format="text", encoding="utf-8",
                            size=0, ingested_at=datetime.now(UTC), original="", text="")
            session.add(src)
            session.flush()
            source_id = src.id
        batch = 2000
        for base in range(0, n, batch):
            docs, clause_rows, index_rows = [], [], []
            for i in range(base, min(n, base + batch)):
                place = rng.choice(PLACES)
                suffix, body_name, code = rng.choice(LEVELS)
                issuer = f"{place}{suffix}{body_name[1:]}" if body_name.startswith(suffix) else place + body_name
                year = rng.randint(2015, 2025)
                serial = rng.randint(1, 120)
                agency = f"{place[0]}{code}"
                number = f"{agency}〔{year}〕{serial}号"
                signed = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                topic = re.sub(r"^关于|的?(通知|通告|意见)$", "", rng.choice(titles))[:40]
                title = f"关于{topic}的{rng.choice(GENRES)}"
                body = [rng.choice(clauses) for _ in range(rng.randint(3, 8))]
                doc_id = i + 1
                docs.append({"id": doc_id, "source_id": source_id, "ordinal": i, "issuer": issuer, "title": title,
                             "kind": "通知", "doc_number": number, "signed": signed, "start": 0, "end": 0,
                             "data": {}, "jurisdiction": place + suffix, "year": year, "task_count": 0,
                             "target_count": 0})
                clause_rows += [{"document_id": doc_id, "ordinal": k, "node_id": f"a{k + 1}", "kind": "item",
                                 "label": "", "heading": "", "text": c, "start": 0, "end": 0}
                                for k, c in enumerate(body)]
                if write:
                    index_rows.append((doc_id, tokens(title), number_token(agency, year, serial),
                                       tokens(f"{issuer} 通知 {place}{suffix} {year}"),
                                       body_tokens(fold("\n".join(body)).lower()),
                                       plain_text(title, number, issuer, "通知", place + suffix, year,
                                                  "\n".join(body)) if pg else ""))
                made.append({"id": doc_id, "number": number, "body": body, "title": title, "issuer": issuer,
                             "jurisdiction": place + suffix, "year": year, "kind": "通知",
                             "text": "\n".join([title, issuer, "\n".join(body)]).lower()})
            if not write:
                continue
            session.execute(insert(DocumentRow), docs)
            session.execute(insert(ClauseRow), clause_rows)
            for *row, plain in index_rows:
                write_index(session, *row, plain=plain)
            session.commit()
    if not write:
        return float("nan"), made
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES('optimize')"))
            conn.execute(text("ANALYZE"))
    else:
        # as autovacuum leaves a settled library: GIN pending lists merged, visibility map set, statistics
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
    return time.perf_counter() - start, made


def queries(made: list[dict], clauses: list[str], count: int, seed: int = 11) -> list[tuple[str, str, Any]]:
    """(kind, query, what recall is counted against): for a 文号 the document it was taken from, for
    a phrase how many documents hold it as written (capped as the page counts), else None."""

    def numbered(rng: random.Random) -> tuple[str, int]:
        doc = rng.choice(made)
        return doc["number"], doc["id"]

    return querymix.queries(random.Random(seed), count, querymix.words(clauses[:400]),
                            lambda rng: rng.choice(rng.choice(made)["body"]), numbered,
                            lambda phrase: min(COUNT_CAP, sum(phrase in d["text"] for d in made)))


def _page(engine: Any, q: str) -> tuple[int, list[int]]:
    """(matches, ids of the first page) from zhengce's results page or from the jieba baseline."""
    if isinstance(engine, jieba_tantivy.Baseline):
        found = engine.page(q)
        return found["total"], [r["id"] for r in found["results"]]
    page = library.search(engine, q)
    return page.total, [r["id"] for r in page.results]


def _engine_part(engine: Any, q: str) -> None:
    """The engine's part alone: matches counted, the best ranked, and (tantivy) the facets aggregated."""
    if isinstance(engine, jieba_tantivy.Baseline):
        engine.engine_part(q)
        return
    with Session(engine) as session:
        ranked_page(session, parse_query(q), [], PAGE_SIZE)


def measure(urls: dict[str, str], qs: list[tuple[str, str, Any]],
            indexes: dict[str, Any] | None = None, clock: Any = time.perf_counter) -> dict[str, dict[str, Any]]:
    """Latency per query kind and recall of each engine; every query runs on every engine, the order
    of the engines turning round from one query to the next. ``indexes``: engines that are not a
    zhengce store (the jieba baseline's tantivy index), asked in the same turn. ``clock``: wall time, or
    the process's CPU time (``time.process_time``: on a shared machine, the work without the waits for a core)."""
    engines: dict[str, Any] = {}
    for name, url in urls.items():
        engines[name] = open_store(url)
        if url.endswith(".db"):  # one SQLite database, asked through FTS5 or through tantivy
            tantivy_index.choose(engines[name], "tantivy" if name == "tantivy" else "fts5")
    engines |= indexes or {}
    for _, q, _ in qs[:20]:  # warm caches
        for engine in engines.values():
            _page(engine, q)
    times = {n: {"word": [], "two": [], "phrase": [], "number": []} for n in engines}
    recall = {n: {"known_found": 0, "known": 0, "phrase_found": 0, "phrase_docs": 0, "phrase_extra": 0}
              for n in engines}
    names = list(engines)
    engine_ms: dict[str, list[float]] = {n: [] for n in engines}
    for k, (kind, q, truth) in enumerate(qs):
        for name in names[k % len(names):] + names[: k % len(names)]:
            t = clock()
            total, ids = _page(engines[name], q)
            times[name][kind].append((clock() - t) * 1000)
            t = clock()
            _engine_part(engines[name], q)
            engine_ms[name].append((clock() - t) * 1000)
            r = recall[name]
            if kind == "number":
                r["known"] += 1
                r["known_found"] += truth in ids
            elif kind == "phrase":
                r["phrase_docs"] += truth
                r["phrase_found"] += min(total, truth)
                r["phrase_extra"] += max(0, total - truth)
    out = {}
    for name, lat in times.items():
        lat["all"] = [x for v in list(lat.values()) for x in v]
        out[name] = {"latency_ms": {k: _pct(v) for k, v in lat.items()}, "recall": recall[name],
                     "engine_ms": _pct(engine_ms[name])}
    return out


def _pct(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1)}


def pg_url(given: str | None) -> str | None:
    url = given or os.environ.get("ZHENGCE_TEST_PG_URL")
    if url:
        return url
    done = subprocess.run([str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True)
    return done.stdout.strip() or None


def _pg_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM documents")).scalar() or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def fresh_pg(url: str) -> str:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def _report(name: str, docs: int, seconds: float, result: dict[str, Any]) -> None:
    print(f"{name}: {docs:,} documents" + (" (reused)" if seconds != seconds else f" indexed in {seconds:.1f} s"))
    print(f"  {'queries':<8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, v in result["latency_ms"].items():
        print(f"  {kind:<8} {v['n']:>5} {v['p50']:>8} {v['p95']:>8} {v['p99']:>8}")
    e = result["engine_ms"]
    print(f"  {'engine':<8} {e['n']:>5} {e['p50']:>8} {e['p95']:>8} {e['p99']:>8}   (ranking alone, no page)")
    r = result["recall"]
    print(f"  known items on the first page {r['known_found']}/{r['known']}; phrase matches "
          f"{r['phrase_found']}/{r['phrase_docs']} (+{r['phrase_extra']} beyond the text as written)")


def _sqlite(args: argparse.Namespace, clauses: list[str], titles: list[str],
            names: list[str]) -> dict[str, dict]:
    """FTS5, tantivy and/or the jieba baseline on one SQLite library's documents, interleaved."""
    path = args.workdir / f"search-{args.docs}.db"
    reuse = args.reuse and path.exists()
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        tantivy_index.drop(open_store(str(path)))
    seconds, made = build(str(path), args.docs, clauses, titles, write=not reuse)
    built = {"sqlite": seconds}
    if "tantivy" in names:
        engine = open_store(str(path))
        if reuse and tantivy_index.status(engine) == "ready":
            built["tantivy"] = float("nan")
        else:
            start = time.perf_counter()
            tantivy_index.rebuild(engine)
            built["tantivy"] = time.perf_counter() - start
        engine.dispose()
    indexes = {}
    if JIEBA in names:
        folder = args.workdir / f"search-{args.docs}.tantivy-jieba"
        index = jieba_tantivy.open_built(folder, args.docs) if reuse else None
        built[JIEBA] = built[BARE] = float("nan")
        if index is None:
            start = time.perf_counter()
            index = jieba_tantivy.build(folder, made)
            built[JIEBA] = time.perf_counter() - start
        indexes = {JIEBA: jieba_tantivy.Baseline(index, True), BARE: jieba_tantivy.Baseline(index, False)}
        names = [*names, BARE]
    qs = queries(made, clauses, args.queries)
    # the generated corpus is not part of a server's memory: without it and with what is left
    # frozen, Python's collector no longer walks 100,000 documents in the middle of a query
    del made
    gc.collect()
    gc.freeze()
    results = measure({n: str(path) for n in names if n not in indexes}, qs, indexes,
                      time.process_time if args.clock == "cpu" else time.perf_counter)
    for name in names:
        results[name] |= {"docs": args.docs, "build_s": round(built[name], 1)}
        _report(name, args.docs, built[name], results[name])
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--engines", default="sqlite,tantivy,postgresql")
    ap.add_argument("--pg", default=None)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/zhengce-bench"))
    ap.add_argument("--reuse", action="store_true", help="query the library an earlier run built (same --docs)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="cpu: the process's CPU time per query (a shared machine's load left out)")
    args = ap.parse_args()
    clauses, titles = corpus_clauses()
    args.workdir.mkdir(parents=True, exist_ok=True)
    names = args.engines.split(",")
    report: dict[str, dict] = {}
    embedded = [n for n in names if n in {"sqlite", "tantivy", JIEBA}]
    if embedded:
        report |= _sqlite(args, clauses, titles, embedded)
    if "postgresql" in names:
        found = pg_url(args.pg)
        if found is None:
            print("postgresql: no server (scripts/postgres.sh failed), skipped")
        else:
            reuse = args.reuse and _pg_count(found) == args.docs
            url = found if reuse else fresh_pg(found)
            seconds, made = build(url, args.docs, clauses, titles, write=not reuse)
            qs = queries(made, clauses, args.queries)
            del made
            gc.collect()
            gc.freeze()
            report["postgresql"] = measure({"postgresql": url}, qs)["postgresql"] | {
                "docs": args.docs, "build_s": round(seconds, 1)}
            _report("postgresql", args.docs, seconds, report["postgresql"])
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
