"""What ``zhengce ingest`` says about files it cannot read: each reason once, in the summary, with the
names of the files that failed under it; and no log lines of the PDF library on the way."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.cli.test_cli import flat, write
from zhengce.cli.main import app

runner = CliRunner()


def test_each_bad_file_is_explained_once_and_named_in_the_summary(tmp_path: Path, gazette_text: str) -> None:
    folder = tmp_path / "来文"
    folder.mkdir()
    write(folder, "qinghe.txt", gazette_text)
    (folder / "截断.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")  # cut off mid-file
    (folder / "空白.docx").write_bytes(b"")
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "z.db"), "-j", "1", str(folder)])
    assert result.exit_code == 1
    said = flat(result.stderr)
    assert said.count("文件为空") == 1  # once, not once while running and again in the table
    assert said.count("PDF文件损坏或被截断") == 1
    assert "EOF" not in result.stderr  # the PDF library's own log line is not shown
    assert "新增1，失败2" in said
    assert "未能导入：空白.docx、截断.pdf" in said or "未能导入：截断.pdf、空白.docx" in said
