"""The commands that fill and list the database: ``ingest`` (with --replace), ``summary``, ``reread-references`` and
``refresh-validity``."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from zhengce.cli.common import DB_OPTION, err, expand, folder_images
from zhengce.db import IngestResult, Twin
from zhengce.parse.pipeline import parse_path
from zhengce.parse.pool import default_workers
from zhengce.parse.worker import TIME_LIMIT
from zhengce.text.read import ReadError


def _expand_keyed(paths: list[Path], images: bool = False) -> list[tuple[Path, str]]:
    """The files to ingest, each with the path that identifies it as a source: its path under the
    folder given, or the file's path as given. Two files of one run that would get the same path
    (the same name in two folders given) keep their paths as given."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found.extend((p, p.relative_to(path).as_posix()) for p in expand([path], images))
        else:
            found.append((path, path.as_posix()))
    holders: dict[str, set[Path]] = {}
    for file, key in found:
        holders.setdefault(key, set()).add(file.resolve())
    return [(file, file.as_posix() if len(holders[key]) > 1 else key) for file, key in found]


LIST_ALL = 200  # the summary lists every file up to this many, beyond only those with something to say
FAILED_NAMED = 10  # the files that failed, named again under the table, up to this many

_STATUS = {"added": "[green]新增[/green]", "replaced": "[yellow]更新[/yellow]", "unchanged": "[dim]未变[/dim]",
           "duplicate": "[dim]重复[/dim]", "failed": "[red]失败[/red]"}
_NAMES = {"added": "新增", "replaced": "更新", "unchanged": "未变", "duplicate": "重复", "failed": "失败"}


def _explain(result: IngestResult) -> list[str]:
    """What happened to a stored file, in words: the versions it replaced, the copy it duplicates,
    the other sources of its name."""
    notes = []
    if result.status == "replaced":
        old = "、".join(f"{path}（来源 {i}）" for i, path in result.replaced)
        notes.append(f"取代 {old}；旧版 {result.kept} 份文档保留为历史版本 / supersedes {old}, "
                     f"{result.kept} old documents kept as superseded")
    if result.same_content is not None:
        i, path = result.same_content
        notes.append(f"内容与已收录的 {path}（来源 {i}）相同，未重复保存 / same content as {path}, not stored again")
    if result.status == "added" and result.same_name:
        others = "、".join(f"{path}（来源 {i}）" for i, path in result.same_name)
        notes.append(f"另有同名来源 {others}，按不同文件保存；若本文件是其新版本，请用 --replace 来源编号 / "
                     f"another source has this name; if this file is its new version, use --replace ID")
    return notes + result.notes


def _files_to_ingest(paths: list[Path], images: bool, replace: str | None) -> list[tuple[Path, str]]:
    """The files an ingest reads, with a word on the images a folder holds; exit 1 when there is nothing."""
    files = _expand_keyed(paths, images)
    left_out = 0 if images else folder_images(paths)
    if left_out:
        err.print(f"[yellow]目录中有 {left_out} 个图片文件未导入：扫描件请逐个指定，或加 --images 一并识别 / "
                  f"{left_out} image files in the folders were left out: name scans one by one, or add "
                  f"--images[/yellow]")
    if not files:
        err.print("[red]没有找到可读取的文件 / no readable files found[/red]")
        raise typer.Exit(1)
    if replace is not None and len(files) != 1:
        err.print(f"[red]--replace 只能与一个文件同用，这里有 {len(files)} 个 / --replace takes exactly one file, "
                  f"got {len(files)}[/red]")
        raise typer.Exit(1)
    return files


def ingest(
    paths: list[Path] = typer.Argument(..., help="文件或目录 / files or folders"),
    db: str | None = DB_OPTION,
    replace: str | None = typer.Option(
        None, "--replace", metavar="OLD",
        help="把唯一给定的文件作为已收录来源 OLD（编号、路径或文件名）的新版本 / store the one file given as "
             "the new version of source OLD (id, path or name)"),
    time_limit: float = typer.Option(
        TIME_LIMIT, "--time-limit", min=0,
        help="每个文件的解析时限（秒，0 为不限）/ seconds to parse one file before it is refused (0: none)"),
    workers: int = typer.Option(
        default_workers(), "--workers", "-j", min=1,
        help="并行解析的进程数（默认：CPU 核数）/ processes that parse and extract at once (default: cores)"),
    images: bool = typer.Option(
        False, "--images",
        help="目录中的图片（PNG、JPEG、TIFF）也作为扫描件识别导入 / also read a folder's images as scans (OCR)"),
) -> None:
    """解析并存入数据库 / parse and store documents.

    来源按内容和路径识别：目录中的文件以其在目录下的相对路径识别，单个文件以给定的路径识别；不同目录中的同名文件
    是不同的来源。相同内容重复导入不会改变任何数据；同一路径的新内容（或 --replace 指定的来源）是新版本，旧版本
    的文档保留为历史版本，不再出现在检索和列表中。文件由 --workers 个进程并行解析，按批写入；中断（Ctrl-C）不丢失
    已提交的批次，再次运行时已收录的文件直接跳过。/ A source is identified by its content and its path; a
    new version supersedes the old one, whose documents are kept. Files are parsed by --workers processes and
    stored in batches; an interrupted ingest keeps what it committed and a re-run skips it.
    """
    from zhengce.db import SourceError, numbers_elsewhere, open_store, tantivy_index
    from zhengce.library.bulk import Outcome, StoreFailed, ingest_files

    files = _files_to_ingest(paths, images, replace)
    engine = open_store(db)
    tantivy_index.start(engine)  # a new SQLite library searches with tantivy, kept in step from its first commit
    rows: list[tuple[str, str, str, str]] = []
    stored: list[int] = []
    tally: Counter[str] = Counter()
    done = {"documents": 0, "bytes": 0}
    started = time.monotonic()

    def report(outcome: Outcome) -> None:
        key, exc, result = outcome.key, outcome.error, outcome.result
        if result is not None:
            tally[result.status] += 1
            done["documents"] += result.documents
            notes = _explain(result) + outcome.warnings
            rows.append((key, _STATUS[result.status], str(result.documents), "; ".join(notes)))
            if result.status in ("added", "replaced") and result.source_id is not None:
                stored.append(result.source_id)
        else:
            tally["failed"] += 1
            why = str(exc) if isinstance(exc, ReadError | SourceError | OSError) else (
                f"解析失败 / parse failed: {type(exc).__name__}: {exc}")
            rows.append((key, _STATUS["failed"], "0", why))  # said once, in the summary; the bar counts it
        done["bytes"] += outcome.size
        rate = done["bytes"] / 1e6 / max(time.monotonic() - started, 1e-6)
        progress.update(task, advance=1, description=f"{key}", documents=done["documents"], rate=rate,
                        failed=tally["failed"])

    # files are parsed in worker processes that are stopped after time_limit seconds (zhengce.parse.worker),
    # stored in batches by one writer (zhengce.library.bulk)
    with _progress() as progress:
        task = progress.add_task("", total=len(files), documents=0, rate=0.0, failed=0)
        try:
            ingest_files(engine, files, report, workers=workers, time_limit=time_limit, parse=parse_path,
                         replace=replace, on_progress=_ocr_pages(progress))
        except StoreFailed as exc:
            progress.stop()
            _print_summary(rows, tally, len(files), done["bytes"], time.monotonic() - started)
            err.print(f"[red]{exc}；已提交的 {len(rows)} 个文件已保存 / the {len(rows)} files committed are kept[/red]")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            progress.stop()
            _print_summary(rows, tally, len(files), done["bytes"], time.monotonic() - started)
            err.print(f"[yellow]已中断：已提交的 {len(rows)} 个文件已保存，再次运行将跳过它们继续导入 / interrupted: "
                      f"the {len(rows)} files committed are kept; run again to continue[/yellow]")
            raise typer.Exit(130) from None
    _print_summary(rows, tally, len(files), done["bytes"], time.monotonic() - started)
    _note_twins(numbers_elsewhere(engine, stored))
    if tally["failed"]:
        raise typer.Exit(1)


def _note_twins(twins: list[Twin], show: int = 10) -> None:
    """A word on the documents stored again under another file (a .doc beside its .docx): their tasks count twice.
    Two files of this ingest that hold the same document make one word, naming both."""
    for twin in twins[:show]:
        where = (f"本次导入的 {twin.path} 与 {twin.other} 中有同一文件" if twin.both_new
                 else f"{twin.path} 与已收录的 {twin.other} 中有同一文件")
        err.print(f"[yellow]文号 {twin.number}：{where}（发文机关、文号相同），其任务将重复计数；"
                  f"如为同一文件的不同格式，请只保留一份 / the same document is in both {twin.path} and "
                  f"{twin.other}[/yellow]")
    if len(twins) > show:
        err.print(f"[yellow]另有 {len(twins) - show} 处相同文号 / {len(twins) - show} more[/yellow]")


class _Counts(ProgressColumn):
    """Documents stored, MB/s and the files that failed so far (their reasons come in the summary) on the
    files' bar; nothing on the bar of a scan's pages."""

    def render(self, task: Task) -> Text:
        if "documents" not in task.fields:
            return Text("")
        shown = Text(f"{task.fields['documents']} 份文档 · {task.fields['rate']:.2f} MB/s")
        if task.fields.get("failed"):
            shown.append(f" · 失败 {task.fields['failed']} 个", style="red")
        return shown


def _progress() -> Progress:
    """The bar of an ingest: files, documents and MB/s."""
    return Progress(TextColumn("[bold]导入[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
                    _Counts(),
                    TimeElapsedColumn(), console=err, transient=True)


def _ocr_pages(progress: Progress) -> Callable[[int, int], None]:
    """A second bar that follows the pages of a scan as OCR reads them (OCR 第3/12页), from the moment OCR
    begins (a single image too: its one page takes seconds), hidden otherwise."""
    pages = progress.add_task("", visible=False)

    def page_read(read: int, total: int) -> None:
        said = f"  OCR 识别中，共{total}页…" if read == 0 else f"  OCR 第{read}/{total}页"
        progress.update(pages, description=said, completed=read, total=total, visible=read < total)

    return page_read


def _print_summary(rows: list[tuple[str, str, str, str]], tally: Counter[str], files: int, size: int,
                   seconds: float) -> None:
    table = Table(title="导入结果 / ingest summary")
    for col in ("文件", "状态", "文档数", "说明"):
        table.add_column(col, overflow="fold")
    # a large folder: only the files that need a look (failed, replaced, duplicates, anything with a note)
    plain = {_STATUS["added"], _STATUS["unchanged"]}
    shown = rows if len(rows) <= LIST_ALL else [r for r in rows if r[1] not in plain or r[3]]
    for row in shown:
        table.add_row(*row)
    err.print(table)
    if len(shown) < len(rows):
        left = len(rows) - len(shown)
        err.print(f"另有 {left} 个新增或未变、无说明的文件未列出 / {left} files added or unchanged without notes "
                  f"are not listed")
    parts = "，".join(f"{_NAMES[k]} {tally[k]}" for k in _NAMES if tally[k])
    english = ", ".join(f"{tally[k]} {k}" for k in _NAMES if tally[k])
    rate = f"{size / 1e6:.1f} MB，{seconds:.1f} 秒，{size / 1e6 / max(seconds, 1e-6):.2f} MB/s"
    err.print(f"共 {files} 个文件：{parts}（{rate}）/ {files} files: {english}")
    failed = [r[0] for r in rows if r[1] == _STATUS["failed"]]
    if failed:
        named = "、".join(failed[:FAILED_NAMED]) + (f" 等 {len(failed)} 个" if len(failed) > FAILED_NAMED else "")
        err.print(f"[red]未能导入：{named}（原因见上表“说明”栏）/ {len(failed)} not stored, see the table[/red]")


def summary(
    db: str | None = DB_OPTION,
    superseded: bool = typer.Option(False, "--superseded", help="同时列出被取代的旧版本 / also superseded versions"),
) -> None:
    """列出数据库中的文档 / list the stored documents."""
    from zhengce.db import counts, list_documents, open_store

    engine = open_store(db)
    docs = list_documents(engine, superseded=superseded)
    table = Table(title="政策文件库 / policy library")
    columns = (("来源", 24), ("发文字号", 20), ("发文机关", 20), ("标题", 50), ("成文日期", 10), ("有效期至", 10))
    for col, width in columns:
        table.add_column(col, overflow="fold", max_width=width)
    for row in docs:
        source = f"{row.source.path or row.source.name}（来源 {row.source_id}）"
        table.add_row(source + ("（已取代）" if row.superseded_at else ""), row.doc_number or "—", row.issuer or "—",
                      row.title or "—", row.signed.isoformat() if row.signed else "—",
                      row.expires_on.isoformat() if row.expires_on else "—")
    out = Console(width=max(Console().width, 150))
    out.print(table)
    c = counts(engine)
    kept = f"，另有 {c['superseded']} 份被取代的旧版本" if c["superseded"] else ""
    out.print(f"共 {c['sources']} 个来源文件，{c['documents']} 份文档{kept} / {c['sources']} sources, "
              f"{c['documents']} documents" + (f", {c['superseded']} superseded" if c["superseded"] else ""))


def reread_references(db: str | None = DB_OPTION) -> None:
    """重读已存引用的文号：按现行规则（句中文号只取发文机关代字）更正较早入库的引用，使其关联库中文件 /
    read the 文号 of stored citations again by the current rule."""
    from zhengce.db import open_store
    from zhengce.library import reread_numbers

    read, changed = reread_numbers(open_store(db))
    err.print(f"重读 {read} 条带文号的引用，更正 {changed} 条 / {read} citations with a 文号 read, {changed} corrected")


def refresh_validity(db: str | None = DB_OPTION) -> None:
    """重算每份文件的废止、失效与继续有效日期（列表、效力筛选与分面据此判断，入库时已自动维护）/ compute every
    document's stored ends (repealed, lapsed, confirmed on) again from the status events."""
    import time

    from sqlalchemy.orm import Session

    from zhengce.db import open_store
    from zhengce.db.validity import refresh_session

    started = time.perf_counter()
    with Session(open_store(db)) as session, session.begin():
        changed = len(refresh_session(session))
    err.print(f"更正 {changed} 份文件的效力日期（{time.perf_counter() - started:.1f} 秒）/ "
              f"{changed} documents' ends corrected")
