"""Load test: wrk on loopback against the search API and a document page, bounded in time.

    python benchmarks/load.py [--db PATH|URL] [--seconds 10] [--connections 16] [--workers 2]

Without --db the bundled sample gazettes are ingested into a temporary SQLite file. The server is
``zhengce serve`` (uvicorn) started here; wrk (Debian package ``wrk``) sends the requests. Prints
requests/s and latency p50/p99 per endpoint and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _ms(value: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    if not m:
        return float("nan")
    n = float(m.group(1))
    return {"us": n / 1000, "ms": n, "s": n * 1000}[m.group(2)]


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"requests_per_s": rps, "p50_ms": _ms(lat["50"]), "p99_ms": _ms(lat["99"]),
            "non_2xx": int(errors.group(1)) if errors else 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=None)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("需要 wrk（apt-get install wrk）/ wrk is required (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="zhengce-load-"))
    db = args.db or str(tmp / "load.db")
    if args.db is None:
        subprocess.run([str(BIN / "zhengce"), "ingest", "--db", db, str(ROOT / "src" / "zhengce" / "samples")],
                       check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(BIN / "zhengce"), "serve", "--db", db, "--port", str(port),
                               "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        first = json.loads(urllib.request.urlopen(base + "/api/search?q=" + quote("工作"), timeout=5).read())
        # the heaviest page among them: the plan with the most tasks (its tree, matrix and targets)
        doc = max(first["results"], key=lambda r: (r["task_count"], -r["id"]))["id"]
        targets = {"search API (/api/search?q=工作)": base + "/api/search?q=" + quote("工作"),
                   f"document page (/doc/{doc})": base + f"/doc/{doc}"}
        report = {name: wrk(url, args.seconds, args.connections) for name, url in targets.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{'endpoint':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for name, r in report.items():
        print(f"{name:<36} {r['requests_per_s']:>8.1f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['non_2xx']:>8}")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
