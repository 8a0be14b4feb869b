"""Document headers of the real pages of ../shared/realworld against their gold (skipped when it is absent)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli.main import app


def test_realworld_documents_score(shared: Path, tmp_path: Path) -> None:
    realworld = shared / "realworld"
    pages = sorted((realworld / "pages").glob("*.txt"))
    result = CliRunner().invoke(app, ["export", "documents", *map(str, pages)])
    assert result.exit_code == 0, result.output
    pred = tmp_path / "documents.jsonl"
    pred.write_text(result.stdout, encoding="utf-8")
    score = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "documents",
                            str(realworld / "documents.jsonl"), str(pred)], capture_output=True, text=True, check=True)
    last = score.stdout.strip().splitlines()[-1]
    figures = dict(part.split("=") for part in last.split()[1:])
    assert float(figures["score"]) >= 0.95, score.stdout
