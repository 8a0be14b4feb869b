"""``zhengce search-index rebuild`` into an index folder that cannot be written fails at once, with the line it
says when the swap fails, instead of building the whole index beside it first and failing at the end."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.db.test_store import LATER, PLAN, ingest
from zhengce.cli import app
from zhengce.db import open_store, tantivy_index

runner = CliRunner()


def test_a_rebuild_into_an_unwritable_folder_fails_before_building(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    assert runner.invoke(app, ["search-index", "rebuild", "--db", db]).exit_code == 0
    folder = tmp_path / "z.db.tantivy"
    read: list[object] = []
    entries = tantivy_index.entries
    monkeypatch.setattr(tantivy_index, "entries", lambda *a: read.append(a) or entries(*a))
    if os.geteuid() == 0:  # root writes past permissions
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i 不可用 / chattr +i is not available here")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        failed = runner.invoke(app, ["search-index", "rebuild", "--db", db])
    finally:
        subprocess.run(undo, check=True)
    assert failed.exit_code == 2 and "索引目录不可写，未能重建" in failed.output and "Traceback" not in failed.output
    assert read == []  # not one document was read for an index that could not be put in place
    assert not (tmp_path / "z.db.tantivy.new").exists() and not list(folder.glob(".zhengce-probe-*"))
    assert tantivy_index.status(open_store(db)) == "ready"  # the old index is untouched and still answers
    rebuilt = runner.invoke(app, ["search-index", "rebuild", "--db", db])
    assert rebuilt.exit_code == 0 and len(read) == 1
