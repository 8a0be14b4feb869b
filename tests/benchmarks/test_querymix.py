"""The query mix of benchmarks/search.py and benchmarks/million_measure.py is one loop: the queries each
draws are those its own loop drew before (the figures of earlier runs stay comparable)."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import rjieba

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import corpus
import million_measure
import search
from zhengce.library.ranking import COUNT_CAP


def search_queries_before(made: list[dict], clauses: list[str], count: int, seed: int = 11) -> list[tuple]:
    """benchmarks/search.py's ``queries`` as it was written before the mix was shared."""
    rng = random.Random(seed)
    words = [w for c in clauses[:400] for w in rjieba.cut(c) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)]
    out: list[tuple[str, str, Any]] = []
    for k in range(count):
        kind = ("word", "two", "phrase", "number")[k % 4]
        if kind == "word":
            out.append((kind, rng.choice(words), None))
        elif kind == "two":
            out.append((kind, f"{rng.choice(words)} {rng.choice(words)}", None))
        elif kind == "phrase":
            clause = re.sub(r"[^\u4e00-\u9fff]", "", rng.choice(rng.choice(made)["body"]))
            size = rng.randint(4, 6)
            at = rng.randint(0, max(0, len(clause) - size))
            phrase = clause[at : at + size]
            out.append((kind, f'"{phrase}"', min(COUNT_CAP, sum(phrase in d["text"] for d in made))))
        else:
            doc = rng.choice(made)
            out.append((kind, doc["number"].replace("〔", rng.choice("([【")).replace("〕", rng.choice(")]】")),
                        doc["id"]))
    return out


def stored_mix_before(rng: random.Random, count: int, docs: list[tuple[int, str | None]],
                      clauses: list[str]) -> list[tuple]:
    """benchmarks/million_measure.py's ``query_mix`` after its database reads, as it was written before."""
    words = [w for c in clauses[:400] for w in rjieba.cut(c) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)]
    numbered = [(i, n) for i, n in docs if n]
    out: list[tuple[str, str, int | None]] = []
    for k in range(count):
        kind = ("word", "two", "phrase", "number")[k % 4]
        if kind == "word":
            out.append((kind, rng.choice(words), None))
        elif kind == "two":
            out.append((kind, f"{rng.choice(words)} {rng.choice(words)}", None))
        elif kind == "phrase":
            clause = re.sub(r"[^\u4e00-\u9fff]", "", rng.choice(clauses))
            n = rng.randint(4, 6)
            at = rng.randint(0, max(0, len(clause) - n))
            out.append((kind, f'"{clause[at : at + n]}"', None))
        else:
            doc_id, number = rng.choice(numbered)
            out.append((kind, number.replace("〔", rng.choice("([【")).replace("〕", rng.choice(")]】")), doc_id))
    return out


@pytest.fixture(scope="module")
def clauses() -> list[str]:
    """Paragraphs of the generated corpus (the sample documents moved to other places)."""
    samples = corpus.load_samples()
    return [p for k in range(30) for p in corpus.file_text(k, samples).splitlines() if len(p) >= 20]


def test_the_generated_librarys_queries_are_those_drawn_before(clauses: list[str]) -> None:
    rng = random.Random(3)
    made = [{"id": k + 1, "number": f"青政发〔{2015 + k % 10}〕{k + 1}号", "body": rng.sample(clauses, 4)}
            for k in range(60)]
    for d in made:
        d["text"] = "\n".join(d["body"]).lower()
    for seed in (11, 12):
        got = search.queries(made, clauses, 80, seed)
        assert got == search_queries_before(made, clauses, 80, seed)
        assert {kind for kind, _, _ in got} == {"word", "two", "phrase", "number"}
        # a phrase's truth: the documents holding it as written (one cut across punctuation may be in none)
        assert max(truth for kind, _, truth in got if kind == "phrase") >= 1


def test_the_stored_librarys_queries_are_those_drawn_before(clauses: list[str]) -> None:
    docs = [(k, f"南财发〔2020〕{k}号" if k % 3 else None) for k in range(1, 50)]
    for seed in (11, 5):
        new, old = random.Random(seed), random.Random(seed)
        new.random(), old.random()  # the ids drawn first go on with the same generator
        got = million_measure.stored_mix(new, 60, docs, clauses)
        assert got == stored_mix_before(old, 60, docs, clauses)
        assert all(truth % 3 for kind, _, truth in got if kind == "number")  # only documents with a 文号
