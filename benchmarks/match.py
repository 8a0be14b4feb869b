"""Batch matching benchmark: generated enterprise profiles × every eligibility rule.

    python benchmarks/match.py [--profiles 1000] [--seed 7] [--on 2025-06-01] [--store]

Profiles are random enterprises of the 永州 counties (some facts left unknown, as in real data).
Every 符合 answer with an amount is checked against the calculator run directly on the same facts.
Prints the time, the answers per kind and a JSON line. ``--store`` also times the push cycle on a fresh
SQLite store: the profiles imported (kept as personal data), every match pushed to its granting unit,
and 应享未享 counted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhengce.calc import CALCULATORS
from zhengce.eligibility import load_rules, read_profile
from zhengce.eligibility.batch import run_batch

COUNTIES = ["冷水滩区", "零陵区", "祁阳市", "东安县", "双牌县", "道县", "江永县", "宁远县", "蓝山县", "新田县",
            "江华瑶族自治县", "永州经济技术开发区", "南岭县"]  # the last one is outside the city


def profiles(n: int, seed: int) -> list[tuple[str, dict]]:
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        raw = {"kind": "enterprise", "county": rnd.choice(COUNTIES),
               "enterprise_size": rnd.choice(["large", "medium", "small", "micro"]),
               "industry": rnd.choice(["制造业", "服务业", "农业"]),
               "invention_patents_last_year": rnd.choice([0, 0, 1, 2, 5, 12]),
               "unemployment_insurance_paid": rnd.random() < 0.8, "layoffs": rnd.choice(["none", "few", "many"]),
               "farm_machinery_purchase": rnd.random() < 0.2}
        for key in list(raw):
            if key != "kind" and rnd.random() < 0.15:
                del raw[key]  # unknown, as in real registers
        out.append((f"E{k:05d}", read_profile(raw)[0]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profiles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--on", default="2025-06-01")
    ap.add_argument("--store", action="store_true", help="also time import, push and 应享未享 on SQLite")
    args = ap.parse_args()
    on = date.fromisoformat(args.on)
    people = profiles(args.profiles, args.seed)
    rules = load_rules()
    start = time.perf_counter()
    report = run_batch(people, on, rules)
    seconds = time.perf_counter() - start
    by_id = dict(people)
    checked = 0
    for r in report["rules"]:
        if r["rule"] != "yongzhou-invention-patent-award":
            continue
        for item in r["符合"]:
            expected = CALCULATORS["ip-award"].run(
                {"domestic_patents": by_id[item["id"]]["invention_patents_last_year"], "on": on.isoformat()})
            assert Decimal(item["amount"]) == Decimal(expected["amount"]), item
            checked += 1
    print(f"{args.profiles} profiles × {len(rules)} rules: {seconds:.2f} s "
          f"({args.profiles * len(rules) / seconds:,.0f} answers/s); answers {report['totals']}; "
          f"{checked} amounts checked against the calculator")
    print(json.dumps({"profiles": args.profiles, "rules": len(rules), "seconds": round(seconds, 3),
                      "totals": report["totals"], "amounts_checked": checked}, ensure_ascii=False))
    if args.store:
        stored(people, on, rules)


def stored(people: list[tuple[str, dict]], on: date, rules: tuple) -> None:
    """Import the profiles into a fresh store, push every match, count 应享未享: the time of each step."""
    import tempfile

    from zhengce.access.accounts import CLI
    from zhengce.db import open_store
    from zhengce.eligibility.batch import Batch
    from zhengce.eligibility.pushclock import push_tally
    from zhengce.eligibility.pushing import import_profiles, push, unclaimed

    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(str(Path(folder) / "bench.db"))
        times = {}
        start = time.perf_counter()
        import_profiles(engine, CLI, Batch(profiles=people), "bench.csv")
        times["import"] = time.perf_counter() - start
        start = time.perf_counter()
        pushed = push(engine, CLI, on, rules)
        times["push"] = time.perf_counter() - start
        start = time.perf_counter()
        counts = unclaimed(engine)
        times["unclaimed"] = time.perf_counter() - start
        after = date.fromisoformat(pushed["due"]) + timedelta(days=1)  # every push fallen due, none answered
        start = time.perf_counter()  # what a campaign's scores count: every push's clock
        tally = push_tally(engine, date(2000, 1, 1), after, after)
        times["clocks"] = time.perf_counter() - start
        engine.dispose()
    print(f"stored: import {times['import']:.2f} s, push {times['push']:.2f} s ({pushed['created']} pushes), "
          f"应享未享 {times['unclaimed']:.2f} s ({counts['unclaimed']} unclaimed), "
          f"clocks {times['clocks']:.2f} s ({sum(r['owed'] for r in tally.values())} fallen due)")
    print(json.dumps({"seconds": {k: round(v, 3) for k, v in times.items()}, "pushes": pushed["created"],
                      "unclaimed": counts["unclaimed"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
