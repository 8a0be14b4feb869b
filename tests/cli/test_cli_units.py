"""The account and campaign commands as an office clerk types them: a unit by its name (a name of several
units, an unknown or a collective one refused in Chinese with the candidates), and help lines that a
terminal of 80 columns shows whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.supervision.test_supervision import TRACK_PLAN, plan_id
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.cli.main import app
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "z.db")
    engine = open_store(path)
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    return path


def test_units_are_named_as_the_registry_names_them(db: str) -> None:
    made = runner.invoke(app, ["user", "add", "czj", "--role", "reporter", "--unit", "县财政局", "--db", db])
    assert made.exit_code == 0, made.output
    group = runner.invoke(app, ["user", "add", "xz", "--role", "reporter", "--unit", "各乡镇人民政府", "--db", db])
    assert group.exit_code == 2 and "集合名称" in group.output
    typo = runner.invoke(app, ["user", "add", "sf", "--role", "reporter", "--unit", "县司发局", "--db", db])
    assert typo.exit_code == 2 and "单位名录中没有“县司发局”" in typo.output and "县司法局" in typo.output
    moved = runner.invoke(app, ["user", "role", "czj", "reporter", "--unit", "县司法局", "--db", db])
    assert moved.exit_code == 0, moved.output
    cid = supervision.create_campaign(open_store(db), CLI, plan_id(open_store(db)))
    contact = runner.invoke(app, ["campaign", "contact", str(cid), "县财政局", "--email", "czj@example.cn", "--db", db])
    assert contact.exit_code == 0 and "czj@example.cn" in contact.output
    unknown = runner.invoke(app, ["campaign", "contact", str(cid), "县财正局", "--email", "x@example.cn", "--db", db])
    assert unknown.exit_code == 2 and "Input should be" not in unknown.output and "县财政局" in unknown.output


def test_the_campaign_rule_in_words_and_dates_checked(db: str) -> None:
    doc = str(plan_id(open_store(db)))
    made = runner.invoke(app, ["campaign", "create", doc, "--rule", "每月5日前报送", "--start", "2026-10-01",
                               "--db", db])
    assert made.exit_code == 0, made.output
    listed = runner.invoke(app, ["campaign", "list", "--db", db], env={"COLUMNS": "200"}).output
    assert "2026-10-01 — 2027-12-31" in listed
    wrong = runner.invoke(app, ["campaign", "create", doc, "--start", "2026-13-01", "--db", db])
    assert wrong.exit_code == 2 and "开始日期“2026-13-01”不是有效日期" in wrong.output
    # dates as people write them, as on the web forms (trial 22n)
    chinese = runner.invoke(app, ["campaign", "create", doc, "--start", "2026年11月1日", "--end", "2027/6/30",
                                  "--db", db])
    assert chinese.exit_code == 0, chinese.output
    assert "2026-11-01 — 2027-06-30" in runner.invoke(app, ["campaign", "list", "--db", db],
                                                      env={"COLUMNS": "200"}).output
    no_day = runner.invoke(app, ["campaign", "create", doc, "--start", "2026年2月30日", "--db", db])
    assert no_day.exit_code == 2 and "没有这一天" in no_day.output


@pytest.mark.parametrize("command", [["user"], ["user", "add"], ["user", "role"], ["user", "token"],
                                     ["user", "password"], ["campaign"], ["campaign", "create"],
                                     ["campaign", "contact"], ["units"], ["demo"], ["remind"]])
def test_help_lines_are_not_cut_at_80_columns(command: list[str]) -> None:
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert shown.exit_code == 0 and "…" not in shown.output, shown.output
