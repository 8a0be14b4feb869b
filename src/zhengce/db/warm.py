"""Imported by the fork server of a parallel ingest's workers (``zhengce.library.bulk``), never by the parent:
the workers' job run once, on the smallest sample gazette, with SQLite's and PostgreSQL's search rows, so that
what a process builds on its first file — the folding table (one OpenCC conversion of every character that may
change), ``cn2an`` and the number readers, the unit registry, the patterns compiled on first use — is built once
in the server and shared by every worker it forks (copy on write), instead of costing each worker about half a
second of CPU (more under load) before its first file is done. Whatever fails here is left to the workers.
"""

from __future__ import annotations

from pathlib import Path

from zhengce.db.rows import source_rows
from zhengce.extract.facts import extract_source
from zhengce.parse.pipeline import parse_path, parse_text

__all__ = ["warmed"]

# a notice signed in Chinese numerals (which the sample gazette's dates are not): cn2an is loaded on first use
NOTICE = """示例县人民政府办公室关于做好汛期安全生产工作的通知

示政办发〔2024〕1号

各乡镇人民政府，县直各单位：

一、到2025年，全县安全生产事故起数下降10%以上。（县应急管理局牵头，各乡镇人民政府负责）

二、各单位于2024年6月30日前报送自查情况，每季度末报送进展。

示例县人民政府办公室
二〇二四年四月二十一日
"""


def _warm() -> bool:
    samples = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"), key=lambda p: p.stat().st_size)
    if not samples:
        return False
    try:
        for parsed in (parse_path(samples[0]), parse_text(NOTICE, "notice.txt")):
            facts = extract_source(parsed)
            source_rows(parsed, facts, pg=False)
            source_rows(parsed, facts, pg=True)
    except Exception:  # a broken sample must not keep the workers from starting
        return False
    return True


warmed = _warm()
