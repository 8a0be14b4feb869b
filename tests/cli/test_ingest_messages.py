"""What ``zhengce ingest`` says about files it cannot read: each reason once, in the summary, with the
names of the files that failed under it; and no log lines of the PDF library on the way."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.test_cli import flat, write
from tests.text.gazette import Layout, Para, build_pdf, cached, scan
from tests.text.test_ocr import PARAGRAPHS
from zhengce.cli.main import app
from zhengce.text import ocr

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


@pytest.fixture(scope="module")
def scan_png(request: pytest.FixtureRequest) -> bytes:
    """One page of a notice, scanned at 200 dpi (built once, cached between runs)."""
    if not ocr.available():
        pytest.skip("没有 Tesseract 中文 OCR，跳过 / no Tesseract with chi_sim (scripts/tesseract.sh installs it)")

    def make() -> bytes:
        return scan(build_pdf([Para(p) for p in PARAGRAPHS], Layout(page_numbers=False)), seed=5)

    return cached(request, "cli-scan-v1" + "".join(PARAGRAPHS), make)


def test_a_single_scanned_image_shows_ocr_progress_while_it_is_read(
        scan_png: bytes, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    import zhengce.cli.store

    screen = io.StringIO()  # a terminal, as a clerk sees it: the bars are drawn while the file is read
    monkeypatch.setattr(zhengce.cli.store, "err", Console(file=screen, force_terminal=True, width=100))
    (tmp_path / "扫描件.png").write_bytes(scan_png)
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "z.db"), "-j", "1", str(tmp_path / "扫描件.png")])
    assert result.exit_code == 0, screen.getvalue()
    assert "OCR 识别中，共1页" in screen.getvalue()  # before its one page is read, not only after
