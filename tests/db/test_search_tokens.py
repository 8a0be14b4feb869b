"""The index tokens computed in one pattern pass are those of their definitions: jieba's words (Chinese runs
and Latin words, no stop words), Latin words the segmenter joined to a sign, each Chinese run's bigrams and
last character; trigrams of neighbouring bigrams ``AB BC``. A search finds a word only where these agree
with the query's tokens, so a difference would lose or invent hits."""

from __future__ import annotations

import random
import re
from itertools import pairwise
from pathlib import Path

import pytest
import rjieba

from zhengce.db.search import (
    CJK,
    STOP,
    WORD,
    body_tokens,
    body_trigrams,
    spaced_trigrams,
    tokens,
    trigram_tokens,
)
from zhengce.db.tantivy_docs import fts5_pieces
from zhengce.text.normalise import fold

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples"


def _tokens_by_definition(text: str) -> str:
    t = fold(text).lower()
    words = [w for w in rjieba.cut_for_search(t) if WORD.fullmatch(w) and w not in STOP]
    seen = set(words)
    words += [w for w in WORD.findall(t) if not CJK.match(w) and w not in seen and w not in STOP]
    grams = []
    for run in CJK.findall(t):
        grams += [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]
    return " ".join(words + grams)


def _trigrams_by_definition(stream: str) -> str:
    toks = stream.split()
    return " ".join(dict.fromkeys(a + b[1] for a, b in pairwise(toks)
                                  if len(a) == 2 == len(b) and a[1] == b[0] and CJK.fullmatch(a + b)))


def _texts() -> list[str]:
    rng = random.Random(21)
    # Chinese runs of every length, stop words, Latin words and numbers with signs, full-width and traditional
    # forms that folding changes, spaces of several kinds
    alphabet = [*"中华人民共和国政府的了和与一二三十 \n\t,.，。、（）《》ABCabc0123.5%≥\u3000繁體臺灣ａｂ１", "2024年"]
    texts = ["", "中", "中华", "的", "a1 b2", "关于印发《永州市2024年工作方案》的通知（永政办发〔2024〕3号）"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    sample = sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    texts += [sample[k : k + 3000] for k in range(0, min(len(sample), 30000), 3000)]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_tokens_are_those_of_the_definition(text: str) -> None:
    assert tokens(text) == _tokens_by_definition(text)


@pytest.mark.parametrize("text", _texts())
def test_body_tokens_find_what_the_words_found(text: str) -> None:
    """A body's tokens leave out jieba's words: its Latin words (as FTS5 and tantivy cut them) are the same, and
    every Chinese word jieba cut is still found by what a query asks — its first bigram (a word is the phrase of
    its bigrams) or, for one character, a gram it starts."""
    t = fold(text).lower()
    body, full = body_tokens(t).split(), tokens(text).split()
    grams = [g for run in CJK.findall(t) for g in [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]]
    apart: list[str] = []  # the Latin words in order, one private-use token for the Chinese between them
    before = None
    for m in WORD.finditer(t):
        w = m.group()
        if not CJK.match(w):
            apart.append(w)
        else:  # a number right before Chinese is followed by the run's first gram (a phrase "95万" finds it)
            if before and before.end() == m.start() and any(c.isdigit() for c in before.group()):
                apart.append(w[:2])
            if not apart or apart[-1] != "\ue000":
                apart.append("\ue000")
        before = None if CJK.match(w) else m
    if apart and apart[-1] != "\ue000":
        apart.append("\ue000")  # the Latin stream ends apart from the bigram stream
    assert body == (apart if any(w != "\ue000" and not CJK.match(w) for w in apart) else []) + grams
    assert full[len(full) - len(grams):] == grams  # the stream of the other fields ends with the same grams
    latin_pieces = {p for w in full if not CJK.match(w) for p in fts5_pieces(w)}
    kept_latin = {p for w in body if not CJK.match(w) and w != "\ue000" for p in fts5_pieces(w)}
    assert kept_latin <= latin_pieces
    # what only the words had: the decimals of a number that jieba's search mode cut off with the letters after
    # them (``1.5kg`` → ``5kg``), found where the text has them after a point only — a query ``5kg`` no longer
    # finds ``1.5kg``
    for piece in latin_pieces - kept_latin:
        assert all(t[m.start() - 1] == "." for m in re.finditer(re.escape(piece), t)), piece
    kept = set(grams)
    for word in {w for w in rjieba.cut_for_search(t) if CJK.fullmatch(w) and w not in STOP}:
        assert word[:2] in kept if len(word) > 1 else any(g.startswith(word) for g in kept)


def test_body_trigrams_from_the_text_are_those_of_its_stream() -> None:
    """PostgreSQL's trigrams of a body in one part, taken from its text, are those of its token stream (numbers of
    documents, Latin words and runs that end with the character the next one opens with included)."""
    for text in [*_texts(), "会议。会议", "中。中华", "甲乙丙丁", "永政办发〔2024〕3号关于"]:
        t = fold(text).lower()
        stream = body_tokens(t) + " 永政办发2024n3"
        assert body_trigrams(t) == spaced_trigrams(stream) == _trigrams_by_definition(stream)


def test_trigrams_are_those_of_neighbouring_bigrams() -> None:
    rng = random.Random(7)
    for text in _texts():
        stream = tokens(text)
        words = stream.split()
        # the stream as written, with stray spaces, and shuffled (neighbours that the text does not have)
        variants = [stream, f"  {stream.replace(' ', '  ', 5)} \n", " ".join(rng.sample(words, len(words)))]
        for v in variants:
            assert trigram_tokens(v) == _trigrams_by_definition(v)
            assert spaced_trigrams(" ".join(v.split())) == _trigrams_by_definition(v)  # PostgreSQL's body parts
    assert trigram_tokens("中华 华人 人民 民") == "中华人 华人民"
    assert trigram_tokens("中华 华人 ab bc") == "中华人"
