"""Ingest stores what extract_all finds: the store runs no extractor, it receives a source's facts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow, FactsNeeded, SourceRow, TargetRow, TaskRow, TaskUnitRow, UnitRow, open_store
from zhengce.db.ingest import store_facts
from zhengce.extract.facts import extract_all, extract_source
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path, parse_text

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples"


def test_the_stored_sample_library_holds_what_extract_all_finds(db_url: str) -> None:
    engine = open_store(db_url)
    paths = sorted(SAMPLES.glob("*.txt"))
    assert paths
    for path in paths:
        parsed = parse_path(path)
        assert store_parsed(engine, parsed, path.stat().st_size).status == "added"
        with Session(engine) as session:
            source = session.scalar(select(SourceRow).where(SourceRow.sha256 == parsed.sha256))
            assert source is not None
            rows = list(session.scalars(select(DocumentRow).where(DocumentRow.source_id == source.id)
                                        .order_by(DocumentRow.ordinal)))
            assert len(rows) == len(parsed.documents)
            for row, doc in zip(rows, parsed.documents, strict=True):
                facts = extract_all(doc, parsed.text)
                assert (row.year, row.jurisdiction, row.task_count, row.target_count) == (
                    facts.year, facts.jurisdiction.name, len(facts.tasks), len(facts.plan_targets))
                tasks = list(session.scalars(select(TaskRow).where(TaskRow.document_id == row.id)
                                             .order_by(TaskRow.ordinal)))
                assert [(t.node_id, t.number, t.text, t.tag, t.start, t.end) for t in tasks] == [
                    (t.node_id, t.record()["number"], t.text, t.tag, t.start, t.end) for t in facts.tasks]
                for task_row, task, resolved in zip(tasks, facts.tasks, facts.units, strict=True):
                    links = session.execute(select(TaskUnitRow, UnitRow).join(UnitRow)
                                            .where(TaskUnitRow.task_id == task_row.id).order_by(TaskUnitRow.id)).all()
                    assert [(link.name, link.role, unit.canonical, unit.jurisdiction) for link, unit in links] == [
                        (a.unit, a.role, r.canonical, r.jurisdiction) for a, r in zip(task.assignments, resolved,
                                                                                       strict=True)]
                targets = session.scalars(select(TargetRow).where(TargetRow.document_id == row.id)
                                          .order_by(TargetRow.ordinal))
                assert [(t.node_id, t.origin, t.indicator, t.value, t.unit, t.target_year, t.start, t.end)
                        for t in targets] == [(t.node_id, t.origin, t.indicator, t.value, t.unit, t.target_year,
                                               t.start, t.end) for t in facts.targets]


def test_bytes_already_stored_need_no_facts_and_new_bytes_do(tmp_path: Path) -> None:
    engine = open_store(str(tmp_path / "z.db"))
    text = (SAMPLES / sorted(p.name for p in SAMPLES.glob("*.txt"))[0]).read_text(encoding="utf-8")
    parsed = parse_text(text, "a.txt")
    with pytest.raises(FactsNeeded):
        store_facts(engine, parsed, None, len(text))  # nothing was written
    assert store_facts(engine, parsed, extract_source(parsed), len(text)).status == "added"
    assert store_facts(engine, parsed, None, len(text)).status == "unchanged"
    assert store_facts(engine, parsed, None, len(text), path="b.txt").status == "duplicate"


def test_the_storage_layer_loads_no_extractor() -> None:
    code = "import sys, zhengce.db; print(sorted(m for m in sys.modules if m.startswith('zhengce.extract')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
