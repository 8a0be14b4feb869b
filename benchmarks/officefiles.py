"""The sample gazettes as OFD and as .doc files, for scoring them as the text files are (issue 17).

    python benchmarks/officefiles.py [--out .cache/zhengce-files] [--kinds ofd,doc]

OFD: each laid-out PDF of benchmarks/files.py (running header, page numbers, pages 2–3 in two columns, ruled
tables) written again as an OFD package by tests/text/ofdfile.py (text objects where PDFium places the
characters, path objects for the ruling lines). .doc: the sample's text as a DOCX (one paragraph a line, python-docx)
converted by LibreOffice (``soffice --convert-to doc``), as an office saves a notice.

The files are named after their samples (``000_….txt.ofd``, ``000_….txt.doc``):

    for k in documents tasks targets; do zhengce export $k OUT/ofd/*.ofd | sed 's/\\.txt\\.ofd"/.txt"/' > /tmp/$k.jsonl;
      python ../shared/tools/score.py $k ../shared/gold/$k.jsonl /tmp/$k.jsonl; done

(the same with OUT/doc/*.doc and ``.txt\\.doc``). ``--score GOLD`` runs that for every kind and prints the lines.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.text.gazette import saved_by_libreoffice  # noqa: E402
from tests.text.ofdfile import ofd_of_pdf  # noqa: E402

from files import SAMPLES, build  # noqa: E402


def doc_of_text(text: str, folder: Path, name: str) -> Path:
    """The text as a DOCX (a paragraph a line) converted to .doc by LibreOffice."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    target = folder / f"{name}.doc"
    target.write_bytes(saved_by_libreoffice("soffice", out.getvalue(), "doc:MS Word 97", timeout=300))
    return target


def make(out: Path, kinds: list[str]) -> dict[str, list[Path]]:
    made: dict[str, list[Path]] = {kind: [] for kind in kinds}
    pdfs = build(out)
    for sample, pdf in zip(sorted(SAMPLES.glob("*.txt")), pdfs, strict=True):
        text = sample.read_text(encoding="utf-8")
        if "ofd" in kinds:
            folder = out / "ofd"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{sample.name}.ofd"
            if not path.exists() or path.stat().st_mtime < pdf.stat().st_mtime:
                path.write_bytes(ofd_of_pdf(pdf.read_bytes(), text.strip().splitlines()[0][:60]))
            made["ofd"].append(path)
        if "doc" in kinds:
            folder = out / "doc"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{sample.name}.doc"
            if not path.exists() or path.stat().st_mtime < sample.stat().st_mtime:
                doc_of_text(text, folder, sample.name)
            made["doc"].append(path)
    return made


def score(made: dict[str, list[Path]], gold: Path) -> None:
    zhengce = Path(sys.executable).with_name("zhengce")
    for kind, paths in made.items():
        for what in ("documents", "tasks", "targets"):
            exported = subprocess.run([str(zhengce), "export", what, *map(str, paths)], check=True,
                                      capture_output=True, text=True).stdout
            renamed = exported.replace(f'.txt.{kind}"', '.txt"')
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
                fh.write(renamed)
            result = subprocess.run([sys.executable, str(gold.resolve().parent / "tools" / "score.py"), what,
                                     str(gold / f"{what}.jsonl"), fh.name], capture_output=True, text=True)
            last = [line for line in result.stdout.splitlines() if line.startswith(f"{what}:")]
            print(kind, last[-1] if last else result.stdout[-400:] + result.stderr[-400:])
            Path(fh.name).unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "zhengce-files")
    parser.add_argument("--kinds", default="ofd,doc")
    parser.add_argument("--score", type=Path, default=None, help="the gold folder (../shared/gold)")
    args = parser.parse_args()
    made = make(args.out, [k for k in args.kinds.split(",") if k])
    for kind, paths in made.items():
        print(kind, ", ".join(p.name for p in paths))
    if args.score:
        score(made, args.score)


if __name__ == "__main__":
    main()
