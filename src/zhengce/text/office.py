"""Legacy Word (.doc), WPS and RTF files: converted to DOCX by LibreOffice in headless mode, then read as DOCX.

The first two are OLE2 compound files (they begin with ``D0 CF 11 E0``); RTF is text that begins ``{\\rtf``, and
is often what a file named .doc really holds (old office systems and WPS save it so). LibreOffice is a
program, not a Python package: scripts/libreoffice.sh installs Debian's ``libreoffice-writer-nogui``;
``ZHENGCE_SOFFICE`` names another binary. Without it the file is refused with a message that names the
missing converter.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from zhengce.text.raw import RawText, ReadError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT = 180  # seconds for one conversion (LibreOffice starts in a few seconds; a large file takes longer)
NO_CONVERTER = ("读取 .doc/.wps/RTF 文件需要 LibreOffice（soffice），本机未安装：请运行 scripts/libreoffice.sh 或 "
                "apt-get install libreoffice-writer-nogui，或另存为 DOCX/PDF 后导入 / reading .doc, .wps and RTF files "
                "needs LibreOffice (soffice), which is not installed: run scripts/libreoffice.sh, or save the file "
                "as DOCX or PDF")


class TimedOut(ReadError):
    """LibreOffice ran past its time limit and was stopped."""


def soffice() -> str | None:
    """The LibreOffice binary: ``ZHENGCE_SOFFICE``, else soffice or libreoffice on the PATH."""
    named = os.environ.get("ZHENGCE_SOFFICE")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, kind: str, target: str, timeout: float | None = None) -> bytes:
    """``data``, a file of type ``kind`` (doc, wps, docx), converted by LibreOffice in headless mode to
    ``target`` (a ``--convert-to`` argument such as ``pdf`` or ``docx:MS Word 2007 XML``): one start of
    LibreOffice with a fresh profile, at most ``timeout`` seconds (:data:`TIMEOUT`). Raises :class:`ReadError`
    saying why (:class:`TimedOut` past the limit)."""
    binary = soffice()
    if binary is None:
        raise ReadError(NO_CONVERTER)
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="zhengce-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"input.{kind}"
        source.write_bytes(data)
        out = folder / "out"
        command = [binary, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", target, "--outdir", str(out), str(source)]
        _run(command, TIMEOUT if timeout is None else timeout)
        converted = out / f"input.{extension}"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise ReadError(f"LibreOffice 无法打开此 .{kind} 文件（已损坏、被截断、加密，或不是文字文档），未导入 / "
                            f"LibreOffice cannot open this .{kind} file (damaged, truncated, encrypted or not a "
                            "text document); not stored")
        return converted.read_bytes()


def _run(command: list[str], timeout: float) -> None:
    """Run LibreOffice in a session of its own, so that at the time limit the whole of it is stopped: the
    ``soffice`` script starts ``soffice.bin``, which killing the script alone would leave running."""
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise ReadError(f"{NO_CONVERTER}: {exc}") from exc
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise TimedOut(f"LibreOffice 转换超时（{timeout:g} 秒），未导入 / LibreOffice took over {timeout:g} s to "
                       "convert the file; not stored") from exc


def is_rtf(data: bytes) -> bool:
    """Whether ``data`` is an RTF file (``{\\rtf1``…), as Word, WPS and old office systems save under a .doc name."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf"


def read_legacy_word(data: bytes, suffix: str, read_docx: Callable[[bytes], RawText]) -> RawText:
    """The text of a .doc, .wps or RTF file (``suffix`` ``rtf``): LibreOffice converts it to DOCX, ``read_docx``
    reads that."""
    kind = suffix if suffix in ("wps", "rtf") else "doc"
    raw = read_docx(convert(data, kind, "docx:MS Word 2007 XML"))
    warnings = [f"由 LibreOffice 将 .{kind} 转换为 DOCX 后读取 / converted from .{kind} by LibreOffice", *raw.warnings]
    return RawText(raw.text, kind, None, warnings)
