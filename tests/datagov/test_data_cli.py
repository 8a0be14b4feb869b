"""The ``zhengce data`` and ``zhengce audit verify`` commands as a user runs them (issue 19).

Every date below was worked out by hand on the 2024/2025 holiday calendars before the code existed:
2024 National Day 10-01…10-07 off with 09-29 (Sun) and 10-12 (Sat) worked; 2025 Spring Festival
01-28…02-04 off with 01-26 (Sun) and 02-08 (Sat) worked. The day of the event is not counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from zhengce.access import accounts
from zhengce.cli.main import app
from zhengce.db import open_store

runner = CliRunner()


def due(kind: str, start: str, *extra: str) -> tuple[str, str]:
    result = runner.invoke(app, ["data", "deadline", kind, "--from", start, *extra])
    assert result.exit_code == 0, result.output
    first, clause = result.output.split()[:2]
    return first, clause


@pytest.mark.parametrize(("kind", "start", "extra", "expected", "clause"), [
    # 10 working days: 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12, 10-14, 10-15, 10-16
    ("share-request", "2024-09-27", (), "2024-10-16", "第十八条"),
    ("check", "2024-09-27", (), "2024-10-10", "第二十一条"),
    ("check-extended", "2024-09-27", ("--option", "extension=additional"), "2024-10-30", "第二十一条"),
    ("check-extended", "2024-09-27", ("--option", "extension=total"), "2024-10-23", "第二十一条"),
    ("check-extended", "2024-09-27", (), "2024-10-30", "第二十一条"),  # the extension itself is limited to 15
    ("objection-flag", "2024-09-27", (), "2024-09-29", "第三十四条"),  # the make-up Sunday is a working day
    ("objection-forward", "2024-09-27", (), "2024-09-30", "第三十四条"),
    ("objection-decision", "2024-09-27", (), "2024-10-10", "第三十四条"),
    ("objection-department", "2024-09-30", (), "2024-10-12", "第三十四条"),  # the make-up Saturday
    ("open-application", "2025-01-24", (), "2025-02-20", "第二十六条"),
    ("catalog-update", "2024-09-27", (), "2024-10-23", "第十三条"),
])
def test_deadline_prints_the_due_date_then_the_clause(kind: str, start: str, extra: tuple[str, ...], expected: str,
                                                      clause: str) -> None:
    first, cited = due(kind, start, *extra)
    assert first == expected
    assert cited.startswith(clause)


def test_deadline_refuses_an_unknown_kind_date_or_option() -> None:
    bad_kind = runner.invoke(app, ["data", "deadline", "share", "--from", "2024-09-27"])
    assert bad_kind.exit_code != 0 and "未知的时限种类" in bad_kind.output
    bad_date = runner.invoke(app, ["data", "deadline", "check", "--from", "2024-13-01"])
    assert bad_date.exit_code != 0 and "日期" in bad_date.output
    bad_opt = runner.invoke(app, ["data", "deadline", "check-extended", "--from", "2024-09-27",
                                  "--option", "extension=double"])
    assert bad_opt.exit_code != 0 and "extension" in bad_opt.output


def test_deadline_json_names_the_document_and_the_reading() -> None:
    import json

    result = runner.invoke(app, ["data", "deadline", "check-extended", "--from", "2024-09-27", "--option",
                                 "extension=total", "--json"])
    data = json.loads(result.output)
    assert (data["due"], data["days"], data["extension"]) == ("2024-10-23", 15, "total")
    assert "永政办发〔2022〕13号" in data["document"]


@pytest.mark.parametrize(("kind", "value", "masked"), [
    ("id", "430102199003071234", "430102********1234"),
    ("mobile", "13800001234", "138****1234"),
    ("mobile", "+86 138-0000-1234", "138****1234"),
    ("name", "李小明", "李**"),
    ("name", "欧阳文", "欧**"),
])
def test_mask_prints_the_masked_value(kind: str, value: str, masked: str) -> None:
    result = runner.invoke(app, ["data", "mask", kind, value])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == masked


@pytest.mark.parametrize(("kind", "value"), [
    ("id", "430102199003071235"),  # the check digit does not match
    ("id", "43010219900307123"),  # 17 digits
    ("id", "430102199013071234"),  # month 13
    ("mobile", "1380000123"),
    ("mobile", "23800001234"),
    ("name", "Li 3"),
])
def test_mask_refuses_an_invalid_identifier_and_prints_nothing_of_it(kind: str, value: str) -> None:
    result = runner.invoke(app, ["data", "mask", kind, value])
    assert result.exit_code == 1
    assert "不" in result.output and value not in result.stdout


def _write_audit(db: str, n: int, prefix: str = "user") -> None:
    engine = open_store(db)
    for i in range(n):
        accounts.add_user(engine, f"{prefix}{i}", "office", display_name=f"用户{i}", password="pw-" + "x" * 12)
    engine.dispose()


def test_audit_verify_names_the_first_changed_row(db_url: str) -> None:
    _write_audit(db_url, 3)
    ok = runner.invoke(app, ["audit", "verify", "--db", db_url])
    assert ok.exit_code == 0 and ok.output.strip() == "ok"
    engine = open_store(db_url)
    with engine.begin() as conn:
        ids = conn.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars().all()
        assert len(ids) == 3
        conn.execute(text("UPDATE audit_log SET username = 'mallory' WHERE id = :i"), {"i": ids[1]})
    bad = runner.invoke(app, ["audit", "verify", "--db", db_url])
    assert bad.exit_code == 1
    assert f"审计记录 {ids[1]} " in bad.output and str(ids[0]) + " " not in bad.output.split("：")[0]


def test_audit_verify_sees_a_deleted_row(db_url: str) -> None:
    _write_audit(db_url, 3)
    engine = open_store(db_url)
    with engine.begin() as conn:
        ids = conn.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars().all()
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": ids[1]})
    bad = runner.invoke(app, ["audit", "verify", "--db", db_url])
    assert bad.exit_code == 1 and f"审计记录 {ids[2]} " in bad.output and "删除" in bad.output


def test_migration_0010_chains_the_rows_already_written(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from tests.db.test_store import downgrade
    from zhengce.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config(None))
    before_chain = next(r for r in script.walk_revisions() if r.path.endswith("_audit_chain.py")).down_revision
    db = str(tmp_path / "z.db")
    _write_audit(db, 2)
    downgrade(db, str(before_chain))
    engine = open_store(db)  # back up to the head: the old rows get their hashes
    with engine.connect() as conn:
        hashes = conn.execute(text("SELECT prev_hash, hash FROM audit_log ORDER BY id")).all()
    assert hashes[0][0] == "" and hashes[1][0] == hashes[0][1] and all(h for _, h in hashes)
    _write_audit(db, 1, "later")  # a new row links to the migrated ones
    assert runner.invoke(app, ["audit", "verify", "--db", db]).output.strip() == "ok"
