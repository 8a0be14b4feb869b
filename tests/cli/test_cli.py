"""The zhengce command as a user runs it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhengce.cli.main import app

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


def test_a_folders_images_are_named_when_left_out_and_read_with_images(tmp_path: Path, gazette_text: str) -> None:
    import io

    from PIL import Image

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "qinghe.txt", gazette_text)
    buf = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buf, format="PNG")
    (folder / "扫描件.png").write_bytes(buf.getvalue())
    db = tmp_path / "z.db"
    plain = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert plain.exit_code == 0, plain.output
    assert "1个图片文件未导入" in flat(plain.stderr) and "--images" in plain.stderr
    assert _count(db) == (1, 3)
    only = tmp_path / "scans"
    only.mkdir()
    (only / "扫描件.png").write_bytes(buf.getvalue())
    alone = runner.invoke(app, ["ingest", "--db", str(db), str(only)])
    assert alone.exit_code == 1 and "1个图片文件未导入" in flat(alone.stderr)  # says why nothing was found
    asked = runner.invoke(app, ["ingest", "--db", str(db), "--images", str(folder)])
    assert "扫描件.png" in asked.stderr and "未导入" not in asked.stderr  # the blank scan is read (and refused)
    assert _count(db) == (1, 3)


def test_the_same_notice_in_a_second_file_is_pointed_out(tmp_path: Path, gazette_text: str) -> None:
    db = tmp_path / "z.db"
    first = write(tmp_path, "通知.txt", gazette_text)
    assert runner.invoke(app, ["ingest", "--db", str(db), str(first)]).exit_code == 0
    other = write(tmp_path, "另一.txt", gazette_text.replace("〔2023〕", "〔2021〕"))  # every number another
    quiet = runner.invoke(app, ["ingest", "--db", str(db), str(other)])
    assert quiet.exit_code == 0 and "重复计数" not in flat(quiet.stderr)  # another number: nothing to say
    again = write(tmp_path, "通知（格式二）.txt", gazette_text + "\n")  # other bytes, the same notice
    twice = runner.invoke(app, ["ingest", "--db", str(db), str(again)])
    assert twice.exit_code == 0 and "新增" in twice.stderr
    said = flat(twice.stderr)
    assert "文号清政发〔2023〕7号" in said and "重复计数" in said and "通知.txt" in said


def test_ingest_replaces_a_new_version_of_the_same_file(tmp_path: Path, gazette_text: str) -> None:
    db = tmp_path / "z.db"
    path = write(tmp_path, "qinghe.txt", gazette_text)
    assert runner.invoke(app, ["ingest", "--db", str(db), str(path)]).exit_code == 0
    write(tmp_path, "qinghe.txt", gazette_text.replace("2023年3月15日", "2023年3月16日"))
    result = runner.invoke(app, ["ingest", "--db", str(db), str(path)])
    assert result.exit_code == 0 and "更新" in result.stderr and "旧版3份文档保留" in flat(result.stderr)
    assert _count(db) == (2, 6)  # the old version is kept, superseded
    con = sqlite3.connect(db)
    signed = con.execute("select signed, superseded_at is null from documents where doc_number='清政发〔2023〕7号' "
                         "order by id").fetchall()
    assert signed == [("2023-03-15", 0), ("2023-03-16", 1)]
    con.close()
    listed = runner.invoke(app, ["summary", "--db", str(db)]).stdout
    assert "3份文档，另有3份被取代的旧版本" in flat(listed) and "已取代" not in listed  # the current ones, and a count
    assert flat(runner.invoke(app, ["summary", "--db", str(db), "--superseded"]).stdout).count("已取代") == 3


def flat(output: str) -> str:
    """The output without spaces and table borders: what it says, however the table wraps."""
    return re.sub(r"[\s│┃]", "", output)


def _sources(db: Path) -> list[tuple[str, bool, int]]:
    """(path, current, documents) of every stored source."""
    con = sqlite3.connect(db)
    try:
        return con.execute("select s.path, s.superseded_at is null, count(d.id) from sources s left join documents d "
                           "on d.source_id = s.id group by s.id order by s.id").fetchall()
    finally:
        con.close()


def test_files_of_one_name_in_different_folders_are_all_kept(tmp_path: Path, gazette_text: str) -> None:
    other = TAGGED_PLAN
    for folder, text in (("a", gazette_text), ("b", other)):
        (tmp_path / "d" / folder).mkdir(parents=True)
        write(tmp_path / "d" / folder, "gazette.txt", text)
    db = tmp_path / "z.db"
    first = runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path / "d")])
    assert first.exit_code == 0, first.output
    assert first.stderr.count("新增") == 3 and "新增2" in flat(first.stderr)  # two rows and the tally
    assert "a/gazette.txt" in flat(first.stderr) and "b/gazette.txt" in flat(first.stderr)
    assert _sources(db) == [("a/gazette.txt", 1, 3), ("b/gazette.txt", 1, 1)]
    again = runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path / "d")])
    assert again.exit_code == 0 and "未变2" in flat(again.stderr) and _sources(db) == [
        ("a/gazette.txt", 1, 3), ("b/gazette.txt", 1, 1)]
    # the two folders given one by one: the files keep their paths as given, so one does not replace
    # the other; the same bytes as stored sources are stored nowhere else
    both = runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path / "d" / "a"), str(tmp_path / "d" / "b")])
    assert both.exit_code == 0 and "重复2" in flat(both.stderr)
    assert len(_sources(db)) == 2
    # another file under an existing path is a new version; the old one's documents stay, superseded
    write(tmp_path / "d" / "a", "gazette.txt", other.replace("西政办发〔2025〕3号", "西政办发〔2025〕4号"))
    newer = runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path / "d")])
    assert newer.exit_code == 0 and "更新1" in flat(newer.stderr) and "未变1" in flat(newer.stderr)
    assert _sources(db) == [("a/gazette.txt", 0, 3), ("b/gazette.txt", 1, 1), ("a/gazette.txt", 1, 1)]


def test_ingest_replace_names_the_old_version(tmp_path: Path, gazette_text: str) -> None:
    db = tmp_path / "z.db"
    old = write(tmp_path, "第1期.txt", gazette_text)
    assert runner.invoke(app, ["ingest", "--db", str(db), str(old)]).exit_code == 0
    (tmp_path / "new").mkdir()
    newer = write(tmp_path / "new", "第1期.txt", gazette_text.replace("2023年4月10日", "2023年4月11日"))
    unknown = runner.invoke(app, ["ingest", "--db", str(db), "--replace", "99", str(newer)])
    assert unknown.exit_code == 1 and "没有编号为99的来源" in flat(unknown.stderr)
    two = runner.invoke(app, ["ingest", "--db", str(db), "--replace", "1", str(newer), str(old)])
    assert two.exit_code == 1 and "只能与一个文件同用" in flat(two.stderr)
    assert len(_sources(db)) == 1  # neither stored anything
    done = runner.invoke(app, ["ingest", "--db", str(db), "--replace", "第1期.txt", str(newer)])
    assert done.exit_code == 0 and "更新1" in flat(done.stderr)
    assert [(cur, n) for _, cur, n in _sources(db)] == [(0, 3), (1, 3)]
    # a file of that name from yet another folder, not said to replace it: stored beside it, and said so
    (tmp_path / "other").mkdir()
    third = write(tmp_path / "other", "第1期.txt", TAGGED_PLAN)
    beside = runner.invoke(app, ["ingest", "--db", str(db), str(third)])
    assert beside.exit_code == 0 and "新增1" in flat(beside.stderr) and "--replace" in flat(beside.stderr)
    assert [(cur, n) for _, cur, n in _sources(db)] == [(0, 3), (1, 3), (1, 1)]


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

    from tests.supervision.test_supervision import TRACK_PLAN
    from zhengce.access import accounts
    from zhengce.db import open_store

    db = str(tmp_path / "cli.db")
    plan = write(tmp_path, "track.txt", TRACK_PLAN)
    assert runner.invoke(app, ["ingest", "--db", db, str(plan)]).exit_code == 0
    demo = runner.invoke(app, ["demo", "--db", db])
    assert demo.exit_code == 0, demo.output
    assert "admin" in demo.stdout and "lead-unit" in demo.stdout and "/campaign/1" in demo.stdout
    passwords = dict(re.findall(r"│ (admin|leader|lead-unit|support-unit)\s+│[^│]+│ (\S+)\s+│", demo.stdout))
    assert "admin：一次性密码，首次登录须修改" in demo.stdout  # the note whole, even on a narrow terminal
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


# --- hostile files: each refused with its reason, the others go on, nothing stored is lost -----------


def _zip_bomb_docx(path: Path) -> None:
    """A small .docx whose document.xml decompresses to 40 MB."""
    import io
    import zipfile

    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * 40_000_000, 1)
            zf.writestr(info.filename, data)


def test_ingest_refuses_hostile_files_and_goes_on(tmp_path: Path, gazette_text: str) -> None:
    db = tmp_path / "z.db"
    stored = write(tmp_path, "stored.txt", gazette_text)
    assert runner.invoke(app, ["ingest", "--db", str(db), str(stored)]).exit_code == 0
    folder = tmp_path / "in"
    folder.mkdir()
    _zip_bomb_docx(folder / "a_bomb.docx")
    (folder / "b_deep.html").write_text("<html><body>" + "<div>" * 5000 + "深" + "</div>" * 5000 + "</body></html>")
    write(folder, "c_good.txt", gazette_text.replace("清政发〔2023〕7号", "清政发〔2023〕8号"))
    result = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert result.exit_code == 1
    assert "zipbomb" in flat(result.stderr) and "nested" in flat(result.stderr)
    assert "Traceback" not in result.output
    assert _count(db) == (2, 6)  # the good file is stored and the file stored before is intact


def test_parse_of_deeply_nested_html_says_why_without_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 5000 + "深" + "</div>" * 5000 + "</body></html>")
    result = runner.invoke(app, ["parse", str(page)])
    assert result.exit_code == 1
    assert not isinstance(result.exception, RecursionError)
    assert "嵌套超过" in result.stderr


def slow_parse(path: Path):  # type: ignore[no-untyped-def]
    """Parses like the pipeline, except that a file named *stuck* never finishes (run in the worker)."""
    import time

    from zhengce.parse.pipeline import parse_path

    if "stuck" in path.name:
        time.sleep(3600)
    return parse_path(path)


def test_ingest_stops_a_file_that_runs_over_the_time_limit_and_goes_on(
        tmp_path: Path, gazette_text: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zhengce.cli.store

    monkeypatch.setattr(zhengce.cli.store, "parse_path", slow_parse)
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a_stuck.txt", gazette_text)
    write(folder, "b_good.txt", gazette_text.replace("清政发〔2023〕7号", "清政发〔2023〕8号"))
    db = tmp_path / "z.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), "--time-limit", "4", str(folder)])
    assert result.exit_code == 1
    said = flat(result.stderr)  # the reason once, in the summary table however it wraps
    assert "a_stuck.txt" in said and "超过4秒" in said and "tooklongerthan4s" in said
    assert _count(db) == (1, 3)  # the next file, in a fresh worker, is stored


def test_ingest_stores_a_utf8_gazette_with_an_english_preface_whatever_its_length(
        tmp_path: Path, gazette_text: str) -> None:
    preface = ("Qinghe County Government Gazette, English edition notes: the Chinese text below is the "
               "authoritative one and is published for residents, enterprises and visitors.\n") * 30
    data = (preface + gazette_text).encode("utf-8")
    for name, content in (("even.txt", data if len(data) % 2 == 0 else data + b"\n"),
                          ("odd.txt", data if len(data) % 2 else data + b"\n")):
        db = tmp_path / f"{name}.db"
        (tmp_path / name).write_bytes(content)
        result = runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert _count(db) == (1, 3), name


def test_ingest_refuses_a_file_whose_every_reading_is_garbage(tmp_path: Path) -> None:
    path = tmp_path / "unknown.txt"
    path.write_bytes(bytes(b for i in range(3000) for b in (0x81 + i % 29, 0x40 + i % 59)))
    db = tmp_path / "z.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), str(path)])
    assert result.exit_code == 1
    assert "无法识别文本编码" in flat(result.stderr)
    assert _count(db) == (0, 0)


def crashing_parse(path: Path):  # type: ignore[no-untyped-def]
    """Parses like the pipeline, except that *crash* files kill the worker and *hog* files want 64 GB."""
    import os

    from zhengce.parse.pipeline import parse_path

    if "crash" in path.name:
        os._exit(3)
    if "hog" in path.name:
        return bytearray(64 * 1024**3)
    return parse_path(path)


def test_parse_worker_reports_a_dead_or_memory_hungry_parse_and_goes_on(tmp_path: Path, gazette_text: str) -> None:
    from zhengce.parse.worker import ParseWorker
    from zhengce.text.read import ReadError

    good = write(tmp_path, "good.txt", gazette_text)
    with ParseWorker(120, crashing_parse) as worker:
        with pytest.raises(ReadError, match="process died"):
            worker.parse(write(tmp_path, "crash.txt", gazette_text))
        with pytest.raises(ReadError, match="GB of memory"):
            worker.parse(write(tmp_path, "hog.txt", gazette_text))
        assert len(worker.parse(good).documents) == 3
