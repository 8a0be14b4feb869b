"""The reader against the hand-checked gold answers of ../shared (skipped when it is absent)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli import app


def _score(shared: Path, tmp_path: Path, what: str) -> tuple[str, list[dict[str, str]]]:
    corpus = sorted((shared / "corpus").glob("*.txt"))
    result = CliRunner().invoke(app, ["export", what, *map(str, corpus)])
    assert result.exit_code == 0, result.output
    pred = tmp_path / f"{what}.jsonl"
    pred.write_text(result.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), what, str(shared / "gold" / f"{what}.jsonl"), str(pred)],
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


def test_documents_score_against_gold(shared: Path, tmp_path: Path) -> None:
    out, (figures,) = _score(shared, tmp_path, "documents")
    assert float(figures["F1"]) >= 0.98, out
    assert float(figures["field_accuracy"]) >= 0.95, out


def test_tasks_score_against_gold(shared: Path, tmp_path: Path) -> None:
    out, (tasks, units) = _score(shared, tmp_path, "tasks")
    assert float(tasks["F1"]) >= 0.98, out
    assert float(units["F1"]) >= 0.95, out


def test_targets_score_against_gold(shared: Path, tmp_path: Path) -> None:
    out, (figures,) = _score(shared, tmp_path, "targets")
    assert float(figures["F1"]) >= 0.95, out
    assert float(figures["bound_accuracy"]) >= 0.95, out
