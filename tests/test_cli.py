"""The zhengce command as a user runs it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli import app

runner = CliRunner()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_export_documents_prints_the_gold_fields(tmp_path: Path, gazette_text: str) -> None:
    path = write(tmp_path, "qinghe.txt", gazette_text, "gb18030")
    result = runner.invoke(app, ["export", "documents", str(path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_number"] for r in records] == ["清政发〔2023〕7号", "清政办函〔2023〕12号", "清政人〔2023〕5号"]
    first = records[0]
    assert first["source"] == "qinghe.txt"
    assert {k: first[k] for k in ("issuer", "reg_code", "signed", "kind")} == {
        "issuer": "清河县人民政府", "reg_code": "QHDR-2023-00003", "signed": "2023-03-15", "kind": "通知"}


def test_parse_prints_documents_with_clause_tree(tmp_path: Path, gazette_text: str) -> None:
    path = write(tmp_path, "qinghe.txt", gazette_text)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    tree = data[0]["documents"][0]["tree"]
    kinds = [c["kind"] for c in tree["children"]]
    assert kinds[:2] == ["signature", "plan"]  # the signature block is a node of its own
    plan = tree["children"][1]
    assert [c["label"] for c in plan["children"]] == ["一、", "二、", "三、"]


def test_export_of_an_unreadable_file_says_why_and_goes_on(tmp_path: Path, gazette_text: str) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    good = write(tmp_path, "qinghe.txt", gazette_text)
    result = runner.invoke(app, ["export", "documents", str(bad), str(good)])
    assert result.exit_code == 1
    assert "broken.pdf" in result.stderr and "PDF" in result.stderr
    assert len(result.stdout.splitlines()) == 3


def _count(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return (con.execute("select count(*) from sources").fetchone()[0],
                con.execute("select count(*) from documents").fetchone()[0])
    finally:
        con.close()


def test_ingest_is_idempotent_and_a_bad_file_touches_nothing(tmp_path: Path, gazette_text: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "qinghe.txt", gazette_text)
    db = tmp_path / "z.db"
    first = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert first.exit_code == 0, first.output
    assert "新增" in first.stderr
    assert _count(db) == (1, 3)
    again = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert again.exit_code == 0 and "未变" in again.stderr
    assert _count(db) == (1, 3)
    (folder / "junk.pdf").write_bytes(b"%PDF-1.7 nothing else")
    write(folder, "other.txt", gazette_text.replace("清政发〔2023〕7号", "清政发〔2023〕8号"))
    mixed = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert mixed.exit_code == 1
    assert "junk.pdf" in mixed.stderr
    assert _count(db) == (2, 6)  # the good new file is stored, nothing already stored is lost


def test_ingest_replaces_a_new_version_of_the_same_file(tmp_path: Path, gazette_text: str) -> None:
    db = tmp_path / "z.db"
    path = write(tmp_path, "qinghe.txt", gazette_text)
    assert runner.invoke(app, ["ingest", "--db", str(db), str(path)]).exit_code == 0
    write(tmp_path, "qinghe.txt", gazette_text.replace("2023年3月15日", "2023年3月16日"))
    result = runner.invoke(app, ["ingest", "--db", str(db), str(path)])
    assert result.exit_code == 0 and "更新" in result.stderr
    assert _count(db) == (1, 3)
    con = sqlite3.connect(db)
    assert con.execute("select signed from documents where doc_number='清政发〔2023〕7号'").fetchone()[0] == "2023-03-16"
    con.close()


def test_summary_lists_stored_documents(tmp_path: Path, gazette_text: str) -> None:
    db = tmp_path / "z.db"
    path = write(tmp_path, "qinghe.txt", gazette_text)
    runner.invoke(app, ["ingest", "--db", str(db), str(path)])
    result = runner.invoke(app, ["summary", "--db", str(db)])
    assert result.exit_code == 0
    assert "3 份文档" in result.stdout


def test_ingest_of_nothing_readable_fails_clearly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "z.db"), str(tmp_path)])
    assert result.exit_code == 1
    assert "没有找到" in result.stderr


TAGGED_PLAN = (
    "西岭县人民政府办公室\n关于印发《西岭县营商环境提升方案》的通知\n西政办发〔2025〕3号\n各乡镇人民政府：\n现印发给你们。\n"
    "西岭县人民政府办公室\n2025年5月6日\n西岭县营商环境提升方案\n一、主要目标\n"
    "全县新增经营主体增长10%以上，政务服务事项网办率达到95%。\n二、重点任务\n"
    "1. 压缩审批时限。（县行审局牵头，县发改局、县老龄事业发展中心配合）\n"
    "2. 优化审批服务。（县行政审批服务局牵头，各乡镇负责）\n"
)


def test_units_lists_the_registry_and_the_names_to_review(tmp_path: Path) -> None:
    path = write(tmp_path, "xiling.txt", TAGGED_PLAN)
    result = runner.invoke(app, ["units", "--json", str(path)])
    assert result.exit_code == 0, result.output
    units = {u["canonical"]: u for u in map(json.loads, result.stdout.splitlines())}
    approval = units["县行政审批服务局"]
    assert approval["names"] == {"县行审局": 1, "县行政审批服务局": 1}
    assert (approval["level"], approval["jurisdiction"]) == ("county", "西岭县")
    review = runner.invoke(app, ["units", "--unresolved", str(path)])
    assert "县老龄事业发展中心" in review.stdout and "县发展和改革局" not in review.stdout


def test_export_targets_and_tasks_with_resolved_units(tmp_path: Path) -> None:
    path = write(tmp_path, "xiling.txt", TAGGED_PLAN)
    result = runner.invoke(app, ["export", "targets", str(path)])
    assert result.exit_code == 0, result.output
    targets = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(t["indicator"], t["value"], t["unit"], t["bound"]) for t in targets] == [
        ("经营主体", "10", "%", "min"), ("政务服务事项网办率", "95", "%", "exact")]
    tasks = runner.invoke(app, ["export", "tasks", str(path)])
    first = json.loads(tasks.stdout.splitlines()[0])
    assert [(u["name"], u["canonical"], u["role"]) for u in first["units"]][:2] == [
        ("县行审局", "县行政审批服务局", "lead"), ("县发改局", "县发展和改革局", "support")]


def test_users_campaigns_and_the_demo_from_the_command_line(tmp_path: Path) -> None:
    import re

    from zhengce import accounts
    from zhengce.store import open_store

    from .test_supervision import TRACK_PLAN

    db = str(tmp_path / "cli.db")
    plan = write(tmp_path, "track.txt", TRACK_PLAN)
    assert runner.invoke(app, ["ingest", "--db", db, str(plan)]).exit_code == 0
    demo = runner.invoke(app, ["demo", "--db", db])
    assert demo.exit_code == 0, demo.output
    assert "admin" in demo.stdout and "lead-unit" in demo.stdout and "/campaign/1" in demo.stdout
    passwords = dict(re.findall(r"│ (admin|leader|lead-unit|support-unit)\s+│[^│]+│ (\S+)\s+│", demo.stdout))
    engine = open_store(db)
    assert accounts.authenticate(engine, "lead-unit", passwords["lead-unit"]) is not None
    assert accounts.must_change(engine, "admin") and not accounts.must_change(engine, "leader")
    assert "已有账号" in runner.invoke(app, ["demo", "--db", db]).stdout  # a second run adds nobody

    added = runner.invoke(app, ["user", "add", "wang", "--role", "reporter", "--unit", "县财政局", "--db", db])
    assert added.exit_code == 0 and "一次性密码" in added.stdout
    refused = runner.invoke(app, ["user", "add", "li", "--role", "reporter", "--db", db])
    assert refused.exit_code == 2 and "须绑定一个单位" in refused.output
    assert runner.invoke(app, ["user", "role", "wang", "leader", "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["user", "list", "--db", db]).stdout
    assert "wang" in listed and "领导" in listed
    token = runner.invoke(app, ["user", "token", "wang", "--db", db]).stdout.strip()
    assert accounts.token_actor(engine, token).role == "leader"  # type: ignore[union-attr]
    made = runner.invoke(app, ["campaign", "create", "1", "--rule", "week/in:3", "--db", db])
    assert made.exit_code == 0 and "/campaign/2" in made.stdout
    assert runner.invoke(app, ["campaign", "create", "1", "--rule", "fortnightly", "--db", db]).exit_code == 2
    assert "每周，本周三前报送" in runner.invoke(app, ["campaign", "list", "--db", db], env={"COLUMNS": "200"}).stdout
    reset = runner.invoke(app, ["user", "password", "wang", "--db", db])
    assert reset.exit_code == 0 and accounts.must_change(engine, "wang")
    assert accounts.token_actor(engine, token) is None  # a reset revokes the user's tokens
    token = runner.invoke(app, ["user", "token", "wang", "--db", db]).stdout.strip()
    assert runner.invoke(app, ["user", "disable", "wang", "--db", db]).exit_code == 0
    assert accounts.token_actor(engine, token) is None  # a disabled account's token stops working
    assert runner.invoke(app, ["user", "enable", "wang", "--db", db]).exit_code == 0
    assert accounts.token_actor(engine, token) is not None
    assert runner.invoke(app, ["user", "disable", "nobody", "--db", db]).exit_code == 2
