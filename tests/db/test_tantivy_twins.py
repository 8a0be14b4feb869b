"""The tantivy index's twin fields (``zhengce.db.tantivy_docs.joined``: ``AB BC`` as ``ABC``) built with a function
per match are what the pattern's template ``\\1\\2\\3`` gives, on written cases and on every field of the search
entries of the sample gazettes and the test gazette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhengce.db.rows import source_rows
from zhengce.db.tantivy_docs import joined
from zhengce.extract.facts import extract_source
from zhengce.parse.pipeline import parse_path, parse_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples").glob("*.txt"))


CJK = "[\u3400-\u9fff\uf900-\ufaff]"
THREE = re.compile(f"(?<![^ ]){CJK}{{3}}(?![^ ])")
CONTINUED = re.compile(f"(?<![^ ])({CJK})({CJK})(?= \\2({CJK})(?![^ ]))")


def by_template(tokens: str) -> str:
    """The definition (issue 21's tantivy layout): the pattern's groups put back by its template."""
    return CONTINUED.sub(r"\1\2\3", THREE.sub("_", " ".join(tokens.split())))


@pytest.mark.parametrize(("tokens", "twin"), [
    ("安全 全生 生产", "安全生 全生产 生产"),
    ("乙乙 乙乙 乙乙", "乙乙乙 乙乙乙 乙乙"),
    ("安全生 生产 产品", "_ 生产品 产品"),
    ("甲乙  乙丙\n丙丁 3.5 丁戊 x 戊己", "甲乙丙 乙丙丁 丙丁 3.5 丁戊 x 戊己"),
    ("", ""),
])
def test_twins_of_written_tokens(tokens: str, twin: str) -> None:
    assert joined(tokens) == twin == by_template(tokens)


def test_twins_of_stored_search_entries_are_those_of_the_template(gazette_text: str) -> None:
    parsed = [parse_path(path) for path in SAMPLES] + [parse_text(gazette_text, "gazette.txt")]
    fields = [field for p in parsed for doc in source_rows(p, extract_source(p), pg=False).documents
              for row in doc.search for field in row[1:] if isinstance(field, str)]
    assert sum(len(re.findall(" ", f)) for f in fields) > 100_000  # the bodies' bigram streams are there
    assert [joined(f) for f in fields] == [by_template(f) for f in fields]
