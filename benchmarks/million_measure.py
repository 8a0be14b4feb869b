"""The measurements of benchmarks/million.py on a stored library: the search mix through the results page,
the document and plan pages through ``zhengce serve`` (and ``library.document`` in process), wrk against
the search API and the largest plan's page. Each writes one JSON line to the run's log."""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import create_engine, text

import querymix

if TYPE_CHECKING:
    from million import Log

BIN = Path(sys.executable).parent


def percentiles(values: list[float]) -> dict[str, float]:
    """n, p50, p95, p99 (inclusive method) of the milliseconds given, rounded to 0.1."""
    if len(values) < 2:
        return {"n": len(values), **{k: round(values[0], 1) if values else float("nan")
                                     for k in ("p50", "p95", "p99")}}
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1)}


def query_mix(url: str, count: int, seed: int = 11) -> list[tuple[str, str, int | None]]:
    """(kind, query, id of the document a 文号 query was written from) drawn from stored documents:
    a quarter each of one word, two words, a quoted phrase of 4–6 characters and a 文号 in other brackets."""
    rng = random.Random(seed)
    engine = create_engine(url)
    with engine.connect() as conn:
        top = conn.execute(text("SELECT max(id) FROM documents")).scalar() or 0
        ids = sorted({rng.randint(1, top) for _ in range(count * 2)})
        docs = conn.execute(text("SELECT id, doc_number FROM documents WHERE id = ANY(:ids)"), {"ids": ids}).all()
        clauses = conn.execute(text("SELECT text FROM clauses WHERE document_id = ANY(:ids) AND length(text) >= 20"),
                               {"ids": ids}).scalars().all()
    engine.dispose()
    return stored_mix(rng, count, [(i, n) for i, n in docs], list(clauses))


def stored_mix(rng: random.Random, count: int, docs: list[tuple[int, str | None]],
               clauses: list[str]) -> list[tuple[str, str, int | None]]:
    """The mix of ``query_mix`` from stored documents' (id, 文号) and clause texts, ``rng`` going on."""
    numbered = [(n, i) for i, n in docs if n]
    return querymix.queries(rng, count, querymix.words(clauses[:400]), lambda r: r.choice(clauses),
                            lambda r: r.choice(numbered))


def search(url: str, queries: int, log: Log) -> None:
    from zhengce import library
    from zhengce.db import open_store

    qs = query_mix(url, queries)
    engine = open_store(url)
    for _, q, _ in qs[:20]:  # warm the caches
        library.search(engine, q)
    times: dict[str, list[float]] = {"word": [], "two": [], "phrase": [], "number": []}
    known = found = 0
    for kind, q, truth in qs:
        t = time.perf_counter()
        page = library.search(engine, q)
        times[kind].append((time.perf_counter() - t) * 1000)
        if truth is not None:
            known += 1
            found += any(r["id"] == truth for r in page.results)
    engine.dispose()
    every = [x for v in times.values() for x in v]
    log.write("search", all=percentiles(every), **{k: percentiles(v) for k, v in times.items()},
              known_items=f"{found}/{known}", load=round(os.getloadavg()[0], 1))


class Server:
    """``zhengce serve --db URL`` on a free loopback port, for as long as the with-block runs."""

    def __init__(self, url: str, errors: Path, workers: int = 2) -> None:
        self.errors = errors  # the server's messages (it says nothing unless something goes wrong)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [str(BIN / "zhengce"), "serve", "--db", url, "--port", str(self.port), "--workers", str(workers)]

    def __enter__(self) -> Server:
        with self.errors.open("ab") as errors:
            self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=errors)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/static/site.css", timeout=2).read()  # up: not a page that counts
                return self
            except OSError:
                time.sleep(0.2)
        self.proc.terminate()
        raise RuntimeError(f"zhengce serve did not answer / 服务未启动 (see {self.errors})")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def get_ms(self, path: str) -> float:
        t = time.perf_counter()
        with urllib.request.urlopen(self.base + path, timeout=120) as r:
            r.read()
        return (time.perf_counter() - t) * 1000


def _largest_plan(url: str, sample: int = 0) -> tuple[int, int, list[int]]:
    """(id, tasks) of the document with the most tasks, and ``sample`` stored documents' ids drawn at random
    (ids may have gaps: an interrupted batch leaves its ids unused)."""
    rng = random.Random(5)
    engine = create_engine(url)
    with engine.connect() as conn:
        doc_id, tasks = conn.execute(text(
            "SELECT id, task_count FROM documents ORDER BY task_count DESC, id LIMIT 1")).one()
        top = conn.execute(text("SELECT max(id) FROM documents")).scalar() or 0
        candidates = [rng.randint(1, top) for _ in range(sample * 2)]
        found = set(conn.execute(text("SELECT id FROM documents WHERE id = ANY(:ids)"), {"ids": candidates}).scalars())
    engine.dispose()
    return doc_id, tasks, [i for i in candidates if i in found][:sample]


def pages(url: str, log: Log, repeat: int = 20, sample: int = 50) -> None:
    plan, tasks, random_ids = _largest_plan(url, sample)
    figures: dict[str, Any] = {"plan": plan, "plan_tasks": tasks}
    with Server(url, log.path.with_suffix(".serve.err")) as server:
        for path in (f"/doc/{plan}", f"/api/doc/{plan}", f"/doc/{plan}/plan", f"/api/doc/{plan}/plan"):
            server.get_ms(path)  # the first request (cold caches) is not counted
            figures[path.replace(str(plan), "{plan}")] = _median_p95([server.get_ms(path) for _ in range(repeat)])
        for path in ("/doc/{}", "/api/doc/{}"):
            figures[path.replace("{}", "{random}")] = _median_p95([server.get_ms(path.format(i)) for i in random_ids])
    figures |= {"in_process": gathered(url, plan, random_ids), "load": round(os.getloadavg()[0], 1)}
    log.write("pages", **figures)


def gathered(url: str, plan: int, random_ids: list[int]) -> dict[str, Any]:
    """``library.document`` in this process, without HTTP or rendering: its milliseconds and its statements
    to the database per page (what a busy machine multiplies: each is a round trip)."""
    from sqlalchemy import event

    from zhengce import library
    from zhengce.db import open_store

    engine = open_store(url)
    count = [0]
    event.listen(engine, "before_cursor_execute", lambda *_: count.__setitem__(0, count[0] + 1))
    out: dict[str, Any] = {}
    for name, ids in (("plan", [plan] * 10), ("random", random_ids)):
        library.document(engine, ids[0])  # warm
        count[0], times = 0, []
        for doc_id in ids:
            t = time.perf_counter()
            library.document(engine, doc_id)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = _median_p95(times) | {"statements": round(count[0] / len(ids), 1)}
    engine.dispose()
    return out


def _median_p95(values: list[float]) -> dict[str, float]:
    p = percentiles(values)
    return {"n": p["n"], "median": round(statistics.median(values), 1), "p95": p["p95"]}


def ms(value: str) -> float:
    """wrk's 950.00us, 1.20ms or 2.03s in milliseconds (NaN when wrk gave none)."""
    m = re.match(r"([\d.]+)(us|ms|s)$", value)
    return {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] * float(m.group(1)) if m else float("nan")


def wrk(url: str, seconds: int, connections: int) -> dict[str, Any]:
    """benchmarks/load.py's wrk with a timeout of 30 s (wrk's 2 s would drop the slow answers a large
    library gives on a busy machine, and report no latency at all) and the requests that timed out."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {"requests_per_s": float(found.group(1)) if found else 0.0,
            "p50_ms": ms(lat.get("50", "")), "p99_ms": ms(lat.get("99", "")),
            "non_2xx": int(errors.group(1)) if errors else 0, "timeouts": int(timeouts.group(1)) if timeouts else 0}


def load(url: str, log: Log, seconds: int, connections: int) -> None:
    if shutil.which("wrk") is None:
        log.write("load", skipped="需要 wrk（apt-get install wrk）/ wrk is required")
        return
    plan, _, _ = _largest_plan(url)
    word = query_mix(url, 40)[0][1]  # the first is one word; drawn from 80 documents, not 2
    with Server(url, log.path.with_suffix(".serve.err")) as server:
        targets = {f"/api/search?q={word}": server.base + "/api/search?q=" + quote(word),
                   "/doc/{plan}": server.base + f"/doc/{plan}"}
        report = {name: wrk(u, seconds, connections) for name, u in targets.items()}
    log.write("load", connections=connections, seconds=seconds, **report, load=round(os.getloadavg()[0], 1))


HELP_QUERIES = {"slip": "补帖", "pinyin": "zhengdi buchang", "nothing": "量子纠缠", "split": "门诊报销",
                "as_typed": "补贴"}  # the README's "Search as a citizen types it" cases
VALIDITY_WORDS = ["补贴", "医疗保险", "就业", "养老", "住房公积金", "征地补偿", "创业", "农业", "教育", "通知"]


def search_help(url: str, repeat: int = 5) -> dict[str, Any]:
    """The search page as a citizen types (``searchhelp.helped_search``) for a slip, pinyin, a query that finds
    nothing, run-together words and a word found as typed: the median of ``repeat`` runs after a first one (cold
    after a restart) in milliseconds, and the statements sent to the database."""
    from sqlalchemy import event

    from zhengce.db import open_store
    from zhengce.library.searchhelp import helped_search

    engine = open_store(url)
    count = [0]
    event.listen(engine, "before_cursor_execute", lambda *_: count.__setitem__(0, count[0] + 1))
    out: dict[str, Any] = {}
    for kind, q in HELP_QUERIES.items():
        t = time.perf_counter()
        helped_search(engine, q)
        first, count[0], times = (time.perf_counter() - t) * 1000, 0, []
        for _ in range(repeat):
            t = time.perf_counter()
            helped_search(engine, q)
            times.append((time.perf_counter() - t) * 1000)
        out[kind] = {"query": q, "first_ms": round(first, 1), "median_ms": round(statistics.median(times), 1),
                     "statements": round(count[0] / repeat, 1)}
    engine.dispose()
    return out | {"load": round(os.getloadavg()[0], 1)}


def validity_filters(url: str, statuses: tuple[str, ...] = ("", "valid", "unknown")) -> dict[str, Any]:
    """``/api/search?q=…&validity=…``'s data in process for ten everyday words, with no 效力 filter and with each
    of ``statuses``: p50/p95 of the second of two runs of each word (the first warms the caches), and the
    matches of the first word, to show how many each status keeps."""
    from zhengce.db import open_store
    from zhengce.library.fulltext import Filters
    from zhengce.library.searchhelp import helped_search

    engine = open_store(url)
    out: dict[str, Any] = {}
    for status in statuses:
        filters, times, totals = Filters(validity=status or None), [], []
        for word in VALIDITY_WORDS:
            helped_search(engine, word, filters)
            t = time.perf_counter()
            page = helped_search(engine, word, filters)
            times.append((time.perf_counter() - t) * 1000)
            totals.append(page["total"])
        out[status or "any"] = percentiles(times) | {"max": round(max(times), 1), "totals": totals}
    engine.dispose()
    return out | {"load": round(os.getloadavg()[0], 1)}


if __name__ == "__main__":  # python benchmarks/million_measure.py URL: the two above, one JSON line each
    import json

    print(json.dumps({"search_help": search_help(sys.argv[1])}, ensure_ascii=False))
    print(json.dumps({"validity_filters": validity_filters(sys.argv[1])}, ensure_ascii=False))
