"""Batch matching benchmark: generated enterprise profiles × every eligibility rule.

    python benchmarks/match.py [--profiles 1000] [--seed 7] [--on 2025-06-01]

Profiles are random enterprises of the 永州 counties (some facts left unknown, as in real data).
Every 符合 answer with an amount is checked against the calculator run directly on the same facts.
Prints the time, the answers per kind and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
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


if __name__ == "__main__":
    main()
