"""The reader against the hand-checked gold answers of ../shared (skipped when it is absent)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli import app


def test_documents_score_against_gold(shared: Path, tmp_path: Path) -> None:
    corpus = sorted((shared / "corpus").glob("*.txt"))
    result = CliRunner().invoke(app, ["export", "documents", *map(str, corpus)])
    assert result.exit_code == 0, result.output
    pred = tmp_path / "documents.jsonl"
    pred.write_text(result.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), "documents", str(shared / "gold" / "documents.jsonl"),
         str(pred)], capture_output=True, text=True, check=True)
    last = score.stdout.strip().splitlines()[-1]
    figures = dict(part.split("=") for part in last.split()[1:])
    assert float(figures["F1"]) >= 0.98, score.stdout
    assert float(figures["field_accuracy"]) >= 0.95, score.stdout
