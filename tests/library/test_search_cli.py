"""``zhengce search``: the library's search from the command line, the same page as /search."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.db.test_store import LATER, PLAN, ingest
from zhengce.cli import app

runner = CliRunner()


def test_search_from_the_command_line_lists_the_page_and_its_json(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    shown = runner.invoke(app, ["search", "双随机", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "共 1 份文件" in shown.output and "南政办函〔2024〕30号" in shown.output and "/doc/" in shown.output
    as_json = json.loads(runner.invoke(app, ["search", "南政办函[2024]30号", "--json", "--db", db]).output)
    assert as_json["total"] >= 1 and as_json["results"][0]["doc_number"] == "南政办函〔2024〕30号"
    everything = runner.invoke(app, ["search", "--db", db])
    assert "共 2 份文件" in everything.output
    nothing = runner.invoke(app, ["search", "并不存在的词语组合", "--db", db])
    assert nothing.exit_code == 0 and "没有找到匹配的文件" in nothing.output
    past = runner.invoke(app, ["search", "--page", "5", "--db", db])
    assert "已超过最后一页" in past.output
    missing = runner.invoke(app, ["search", "双随机", "--db", str(tmp_path / "other.db")])
    assert missing.exit_code == 2 and "数据库不存在" in missing.output and not (tmp_path / "other.db").exists()


def test_the_command_line_pages_and_counts_statuses_as_the_page_does(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from zhengce.library import fulltext

    db = str(tmp_path / "z.db")
    ingest(db, "plan.txt", PLAN)
    ingest(db, "later.txt", LATER)
    monkeypatch.setattr(fulltext, "PAGE_SIZE", 1)
    first = runner.invoke(app, ["search", "--db", db])
    assert "共 2 份文件 · 第 1 页 / 共 2 页" in first.output
    counts = {f["value"]: f["count"] for f in json.loads(runner.invoke(app, ["search", "--json", "--db", db]).output)
              ["facets"]["validity"]}
    assert sum(counts.values()) == 2 and "效力：" in first.output
    for key, n in counts.items():  # each status as an option lists as many as the count said
        listed = json.loads(runner.invoke(app, ["search", "--validity", key, "--json", "--db", db]).output)
        assert listed["total"] == n, key
    wrong = runner.invoke(app, ["search", "--validity", "现行", "--db", db])
    assert wrong.exit_code == 2 and "未知的效力" in wrong.output
    deep = runner.invoke(app, ["search", "--page", "501", "--db", db])
    assert deep.exit_code == 0 and "只有 2 页结果" in deep.output and "没有找到" not in deep.output
