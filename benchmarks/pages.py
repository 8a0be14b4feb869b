"""Page benchmark: the demo library's heaviest pages, rendered in one process.

    python benchmarks/pages.py [--repeat 20] [--db PATH]

Builds the demo library as ``make run`` does (``zhengce ingest`` of the sample gazettes, then ``zhengce
demo``) in a temporary SQLite file, finds the largest plan (most tasks) and, among the units named in it,
the unit with the most tasks, then times through FastAPI's TestClient (no network, one process):

* the unit page ``/unit/{id}`` and its JSON twin ``/api/unit/{id}``,
* the document page and the plan matrix of the largest plan, with their JSON twins,
* the demo campaign's page and its JSON twin (signed in as the office).

Prints the median and the slowest of N requests per page (after one warm-up) and a JSON line; exits 1
when the unit page's median is over --limit-ms (100 ms: the aim of issue 16).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengce.access import accounts
from zhengce.db import DocumentRow, TaskRow, TaskUnitRow, open_store
from zhengce.db.tracking import CampaignRow
from zhengce.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "zhengce" / "samples"
PASSWORD = "bench-pages-2026!"


def build(db: Path) -> None:
    cli = [str(Path(sys.executable).parent / "zhengce")]
    subprocess.run([*cli, "ingest", "--db", str(db), str(SAMPLES)], check=True, capture_output=True)
    subprocess.run([*cli, "demo", "--db", str(db)], check=True, capture_output=True)


def targets(db: Path) -> dict[str, int]:
    engine = open_store(str(db))
    with Session(engine) as session:
        plan = session.scalar(select(DocumentRow.id).where(DocumentRow.superseded_at.is_(None))
                              .order_by(DocumentRow.task_count.desc(), DocumentRow.id).limit(1))
        unit = session.scalar(select(TaskUnitRow.unit_id).join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
                              .where(TaskRow.document_id == plan).group_by(TaskUnitRow.unit_id)
                              .order_by(func.count().desc(), TaskUnitRow.unit_id).limit(1))
        campaign = session.scalar(select(CampaignRow.id).order_by(CampaignRow.id).limit(1))
    accounts.set_password(engine, "admin", None, PASSWORD)
    accounts.set_must_change(engine, "admin", False)
    engine.dispose()
    return {"plan": int(plan or 0), "unit": int(unit or 0), "campaign": int(campaign or 0)}


def sign_in(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf": token,
                                       "next": "/campaigns"}, follow_redirects=False)
    if done.status_code != 303:
        raise SystemExit(f"登录失败 / sign-in failed: {done.status_code}")


def timed(client: TestClient, path: str, repeat: int) -> dict[str, float]:
    first = client.get(path)
    if first.status_code != 200:
        raise SystemExit(f"{path}: {first.status_code}")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "kB": round(len(first.content) / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--db", type=Path, help="a demo library already built (default: build one)")
    ap.add_argument("--limit-ms", type=float, default=100.0,
                    help="exit 1 when the unit page's median (HTML or JSON) is slower (issue 16: under 100 ms)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "pages.db"
        if args.db is None:
            build(db)
        ids = targets(db)
        client = TestClient(create_app(str(db)))
        sign_in(client)
        pages = {
            "unit": f"/unit/{ids['unit']}", "unit JSON": f"/api/unit/{ids['unit']}",
            "document": f"/doc/{ids['plan']}", "document JSON": f"/api/doc/{ids['plan']}",
            "plan matrix": f"/doc/{ids['plan']}/plan", "plan matrix JSON": f"/api/doc/{ids['plan']}/plan",
            "campaign": f"/campaign/{ids['campaign']}", "campaign JSON": f"/api/campaign/{ids['campaign']}",
        }
        out = {}
        print(f"{'page':<18} {'path':<24} {'median ms':>10} {'max ms':>8} {'kB':>8}")
        for name, path in pages.items():
            r = timed(client, path, args.repeat)
            out[name] = {"path": path, **r}
            print(f"{name:<18} {path:<24} {r['median_ms']:>10} {r['max_ms']:>8} {r['kB']:>8}")
        print(json.dumps({"ids": ids, "repeat": args.repeat, "pages": out}, ensure_ascii=False))
    slow = max(out["unit"]["median_ms"], out["unit JSON"]["median_ms"])
    if slow > args.limit_ms:
        raise SystemExit(f"单位页面中位数 {slow} ms，超过 {args.limit_ms} ms / unit page median over the limit")


if __name__ == "__main__":
    main()
