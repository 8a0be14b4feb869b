"""The rows ``zhengce.library.bulk.prepare`` returns, hashed file by file: what a change to the worker path must
leave identical.

    python benchmarks/rowhash.py [--files 400] [--src DIR] [--out FILE] [--heads]

Files: the first ``--files`` generated files of ``benchmarks/corpus.py``, the sample gazettes, the pages of
``../shared/realworld`` and of every ``/work/heldout*`` folder that exists; each through ``prepare`` with
SQLite's search rows and with PostgreSQL's. Each answer is turned into plain data (dataclasses by their
fields, whatever their class is made of) and hashed; one line per file and engine goes to ``--out`` (diff two
runs: before and after, ``--src`` pointing at the other checkout's ``src``), the hash of all lines to stdout.
``--heads``: each document's search rows reduced to the fields of its head (title, number, metadata; on
PostgreSQL also their trigrams and the plain text) — for a change of the body's tokens, everything else equal.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def plain(value: Any) -> Any:
    """``value`` as nested tuples of field names and plain values (independent of slots, class layout)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, plain(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", tuple((plain(k), plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(plain(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(plain(v)) for v in value)))
    return repr(value)


def heads(value: Any) -> Any:
    """``value`` with every document's search rows reduced to their head (SQLite: title, number, metadata;
    PostgreSQL: the first part's head fields)."""
    if type(value).__name__ == "DocumentRows":
        rows = value.search
        return dataclasses.replace(value, search=[rows[0][4:] if len(rows[0]) > 5 else rows[0][:3]] if rows else rows)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # only the fields that hold them change
        changes = {f.name: v for f in dataclasses.fields(value)
                   if (v := heads(getattr(value, f.name))) is not getattr(value, f.name)}
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, list | tuple) and value:
        out = [heads(v) for v in value]
        return type(value)(out) if any(a is not b for a, b in zip(out, value, strict=True)) else value
    return value


def inputs(files: int, tmp: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    out = corpus.write_files(tmp, 0, files)
    out += sorted((ROOT / "src" / "zhengce" / "samples").glob("*.txt"))
    out += sorted(p for p in (ROOT.parent / "shared" / "realworld" / "pages").rglob("*") if p.is_file())
    for folder in sorted(Path("/work").glob("heldout*")):
        out += sorted(p for p in (folder / "pages").rglob("*") if p.is_file())
    return list(dict.fromkeys(p.resolve() for p in out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--src", type=Path, help="import zhengce from this src folder instead")
    ap.add_argument("--out", type=Path, help="one line per file and engine: hash and name")
    ap.add_argument("--heads", action="store_true", help="search rows reduced to their head (not the body)")
    args = ap.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    from zhengce.library.bulk import prepare
    from zhengce.parse.pipeline import parse_path

    lines = []
    with tempfile.TemporaryDirectory(prefix="zhengce-rowhash-") as tmp:
        paths = inputs(args.files, Path(tmp))
        for pg in (False, True):
            for path in paths:
                try:
                    answer: Any = prepare(parse_path, pg, path)
                    if args.heads:
                        answer = heads(answer)
                except Exception as exc:  # a file that fails must fail the same way
                    answer = ("error", type(exc).__name__, str(exc))
                digest = hashlib.sha256(repr(plain(answer)).encode()).hexdigest()[:16]
                name = path.name if path.is_relative_to(tmp) else str(path)
                lines.append(f"{'pg' if pg else 'sqlite'} {digest} {name}")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(paths), "files ×2 engines", hashlib.sha256("\n".join(lines).encode()).hexdigest())


if __name__ == "__main__":
    main()
