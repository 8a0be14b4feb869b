"""The reader against the hand-checked gold answers of ../shared (skipped when it is absent).

Two sets: ``corpus`` (the five sample gazettes, ``gold/``) and ``realworld`` (pages of other provinces,
``realworld/pages``). The thresholds are those the project promises for each set.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhengce.cli.main import app

# set name -> (input files under shared/, gold folder under shared/)
SETS = {"corpus": ("corpus/*.txt", "gold"), "realworld": ("realworld/pages/*.txt", "realworld")}
MINIMUM = {
    "corpus": {"documents": 0.98, "fields": 0.98, "tasks": 0.98, "units": 0.98, "targets": 0.98, "bounds": 0.98},
    "realworld": {"documents": 0.95, "fields": 0.95, "tasks": 0.95, "units": 0.90, "targets": 0.90, "bounds": 0.90},
}


def _score(shared: Path, tmp_path: Path, which: str, what: str) -> tuple[str, list[dict[str, str]]]:
    pattern, gold = SETS[which]
    files = sorted(shared.glob(pattern))
    result = CliRunner().invoke(app, ["export", what, *map(str, files)])
    assert result.exit_code == 0, result.output
    pred = tmp_path / f"{which}-{what}.jsonl"
    pred.write_text(result.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), what, str(shared / gold / f"{what}.jsonl"), str(pred)],
        capture_output=True, text=True, check=True)
    last = score.stdout.strip().splitlines()[-1]
    # "tasks: P=… R=… F1=… units: P=… R=… F1=…" -> one dict per group of figures
    groups: list[dict[str, str]] = [{}]
    for part in last.split()[1:]:
        if "=" not in part:
            groups.append({})
            continue
        key, value = part.split("=")
        groups[-1][key] = value
    return score.stdout, groups


@pytest.mark.parametrize("which", list(SETS))
def test_documents_score_against_gold(shared: Path, tmp_path: Path, which: str) -> None:
    out, (figures,) = _score(shared, tmp_path, which, "documents")
    # the headline: F1 of finding the documents times the accuracy of their fields
    assert float(figures["score"]) >= MINIMUM[which]["documents"], out
    assert float(figures["field_accuracy"]) >= MINIMUM[which]["fields"], out


@pytest.mark.parametrize("which", list(SETS))
def test_tasks_score_against_gold(shared: Path, tmp_path: Path, which: str) -> None:
    out, (tasks, units) = _score(shared, tmp_path, which, "tasks")
    assert float(tasks["F1"]) >= MINIMUM[which]["tasks"], out
    assert float(units["F1"]) >= MINIMUM[which]["units"], out


@pytest.mark.parametrize("which", list(SETS))
def test_targets_score_against_gold(shared: Path, tmp_path: Path, which: str) -> None:
    out, (figures,) = _score(shared, tmp_path, which, "targets")
    assert float(figures["F1"]) >= MINIMUM[which]["targets"], out
    assert float(figures["bound_accuracy"]) >= MINIMUM[which]["bounds"], out
