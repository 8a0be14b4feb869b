"""After an ingest, a notice stored under two files (its .txt and its web page, a .doc beside its .docx) is
pointed out once per pair, naming both files — also when both came in the same run (issue 17, clerk's trial)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from zhengce.cli.main import app

runner = CliRunner()
NOTICE = ["南河县人民政府", "关于做好秋季森林防火工作的通知", "南政发〔2025〕12号", "各乡镇人民政府：",
          "一、各乡镇于2025年10月31日前完成防火隔离带清理。（责任单位：县林业局）", "南河县人民政府", "2025年9月1日"]


def _twins_said(stderr: str) -> list[str]:
    return re.findall(r"文号 南政发〔2025〕12号：[^\n]*", re.sub(r"\n(?!文号|另有|共)", "", stderr))


def test_the_same_notice_in_two_files_of_one_run_is_said_once_naming_both(tmp_path: Path) -> None:
    folder = tmp_path / "通知"
    folder.mkdir()
    (folder / "防火.txt").write_text("\n".join(NOTICE) + "\n", encoding="utf-8")
    page = "<html><body><div id='content'>" + "".join(f"<p>{line}</p>" for line in NOTICE) + "</div></body></html>"
    (folder / "防火.html").write_text(page, encoding="utf-8")
    db = str(tmp_path / "z.db")
    result = runner.invoke(app, ["ingest", "--db", db, "-j", "1", str(folder)], terminal_width=200)
    assert result.exit_code == 0, result.stderr
    said = _twins_said(result.stderr)
    assert len(said) == 1
    assert "本次导入的 防火.html 与 防火.txt 中有同一文件" in said[0]
    # a third copy later: said against each stored one, once each
    (tmp_path / "防火副本.txt").write_text("\n".join(NOTICE) + "\n\n", encoding="utf-8")
    later = runner.invoke(app, ["ingest", "--db", db, str(tmp_path / "防火副本.txt")], terminal_width=200)
    said = _twins_said(later.stderr)
    assert len(said) == 2 and all("与已收录的" in s for s in said)
    assert {re.search(r"已收录的 (\S+) 中", s).group(1) for s in said} == {"防火.html", "防火.txt"}  # type: ignore[union-attr]
