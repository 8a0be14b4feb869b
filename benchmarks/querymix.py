"""The search benchmarks' query mix, shared by benchmarks/search.py (a generated library in memory) and
benchmarks/million_measure.py (a stored one): what differs is where phrases and 文号 come from."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from typing import Any

import rjieba

KINDS = ("word", "two", "phrase", "number")


def words(clauses: Iterable[str]) -> list[str]:
    """The jieba words of 2–4 Chinese characters of the clauses, in order and repeated as they occur."""
    return [w for c in clauses for w in rjieba.cut(c) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)]


def queries(rng: random.Random, count: int, vocabulary: list[str], clause: Callable[[random.Random], str],
            numbered: Callable[[random.Random], tuple[str, Any]],
            holding: Callable[[str], Any] = lambda phrase: None) -> list[tuple[str, str, Any]]:
    """(kind, query, what recall is counted against), a quarter of each kind in turn: one word and two words
    of ``vocabulary``; a quoted phrase of 4–6 Chinese characters cut from ``clause(rng)``, with
    ``holding(phrase)``; a 文号 from ``numbered(rng)`` (文号, truth) written with other brackets."""
    out: list[tuple[str, str, Any]] = []
    for k in range(count):
        kind = KINDS[k % 4]
        if kind == "word":
            out.append((kind, rng.choice(vocabulary), None))
        elif kind == "two":
            out.append((kind, f"{rng.choice(vocabulary)} {rng.choice(vocabulary)}", None))
        elif kind == "phrase":
            text = re.sub(r"[^\u4e00-\u9fff]", "", clause(rng))
            size = rng.randint(4, 6)
            at = rng.randint(0, max(0, len(text) - size))
            phrase = text[at : at + size]
            out.append((kind, f'"{phrase}"', holding(phrase)))
        else:
            number, truth = numbered(rng)
            out.append((kind, number.replace("〔", rng.choice("([【")).replace("〕", rng.choice(")]】")), truth))
    return out
