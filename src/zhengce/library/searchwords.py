"""What a citizen typed, read again when a search found nothing (:mod:`zhengce.library.searchhelp` runs them):

* :func:`rewrite` — everyday words replaced by the genre's (``data/search_words.toml``: 赔偿 → 补偿), question
  words left out (怎么, 如何, 申请条件), and run-together words cut into their words by jieba (门诊报销 → 门诊 报销);
* :func:`homophones` — words that sound the same and are words (补帖 → 补贴): a pinyin input method's slip;
* :func:`pinyin_words` — the Chinese words a pinyin input spells (butie → 补贴; zhengdi → 征地).

Quoted phrases and 文号 are left as typed. Nothing here reads the store: the candidates are checked against the
index by the caller, so that only words the library holds are offered.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product

import rjieba

from zhengce.db.search import CJK, STOP
from zhengce.text.lexicon import DOC_NUMBER
from zhengce.text.normalise import fold

PARTS = re.compile(r'"[^"]*"|“[^”]*”|\S+')
LATIN_WORD = re.compile(r"[a-z]+")
MAX_COMBINATIONS = 4000  # character combinations of a pinyin word tried (three syllables of common characters)


@dataclass(slots=True)
class Rewrite:
    """A query read again: ``query`` to run, the words it holds, what was replaced and what was left out."""

    query: str
    words: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@cache
def _words_data() -> tuple[dict[str, str], list[str]]:
    data = tomllib.loads(resources.files("zhengce").joinpath("data/search_words.toml").read_text(encoding="utf-8"))
    drop = sorted(data["question_words"]["drop"], key=len, reverse=True)
    return dict(data["synonyms"]), drop


def _plain(part: str) -> bool:
    """A part of the query that may be read again: not a quoted phrase, not a 文号."""
    return not (part[0] in "\"“" or DOC_NUMBER.search(part))


def rewrite(raw: str, *, split: bool) -> Rewrite:
    """``raw`` with the genre's words for everyday ones and without question words; ``split``: each run of
    Chinese characters cut into its words (jieba, without guessing unknown words), single-character function
    words (的, 和) left out."""
    synonyms, drop = _words_data()
    out = Rewrite("")
    parts: list[str] = []
    for part in PARTS.findall(fold(raw)):
        if not _plain(part):
            parts.append(part)
            continue
        for said, written in synonyms.items():
            if said in part and written not in part:
                part = part.replace(said, written)
                out.replaced.append((said, written))
        for word in drop:
            if word in part:
                part = part.replace(word, " ")
                out.dropped.append(word)
        for piece in part.split():
            if not split or not CJK.fullmatch(piece):
                parts.append(piece)
                continue
            parts += _words(piece)
    out.query = " ".join(parts)
    out.words = [p for p in parts if _plain(p)]
    return out


def _words(run: str) -> list[str]:
    """A run of Chinese characters as jieba's dictionary words, function words (的, 和) left out; characters the
    dictionary cut one by one stay together (补帖 is one unknown word, not 补 and 帖 anywhere in a document)."""
    out: list[str] = []
    loose = ""
    for word in rjieba.cut(run, False):
        if len(word) == 1 and word not in STOP:
            loose += word
            continue
        if loose:
            out.append(loose)
            loose = ""
        if word not in STOP and word.strip():
            out.append(word)
    return [*out, loose] if loose else out


def is_word(text: str) -> bool:
    """Whether jieba's dictionary holds ``text`` as one word (unknown words are not guessed)."""
    return rjieba.cut(text, False) == [text]


def _common() -> list[str]:
    """GB 2312's first level: the 3,755 characters in everyday use (rows 16 to 55 of the code table)."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:  # the unused end of row 55
                continue
    return chars


def _toneless(reading: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
    return plain.replace("ü", "v")


@cache
def _sounds() -> dict[str, tuple[str, ...]]:
    """Each toneless syllable and the common characters read so (every reading of a polyphone)."""
    from pypinyin.pinyin_dict import pinyin_dict

    found: dict[str, list[str]] = {}
    for char in _common():
        for reading in pinyin_dict.get(ord(char), "").split(","):
            if reading:
                found.setdefault(_toneless(reading), []).append(char)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def _reading(char: str) -> set[str]:
    return {s for s, chars in _sounds().items() if char in chars}


def homophones(word: str) -> list[str]:
    """Words that sound as ``word`` does with one character changed, and that are words (补帖 → 补贴)."""
    if not 2 <= len(word) <= 4 or not CJK.fullmatch(word):
        return []
    out = []
    for at, char in enumerate(word):
        for sound in _reading(char):
            for other in _sounds()[sound]:
                candidate = word[:at] + other + word[at + 1 :]
                if other != char and is_word(candidate):
                    out.append(candidate)
    return list(dict.fromkeys(out))


def _syllables(text: str) -> list[list[str]]:
    """The ways ``text`` is a row of pinyin syllables (none when it is not pinyin)."""
    sounds = _sounds()
    if len(text) > 24:  # four syllables of six letters at most: a longer word is no word's pinyin
        return []
    ways: dict[int, list[list[str]]] = {0: [[]]}
    for end in range(1, len(text) + 1):
        ways[end] = [[*w, text[start:end]] for start in range(max(0, end - 6), end)
                     if text[start:end] in sounds for w in ways.get(start, [])][:32]
    return [w for w in ways[len(text)] if w]


def pinyin_words(text: str) -> list[str]:
    """The words a pinyin word spells: every common character of each syllable, kept when jieba's dictionary
    holds the whole as one word (butie → 补贴)."""
    out = []
    for syllables in _syllables(text.lower()):
        if not 2 <= len(syllables) <= 4:
            continue
        choices = [_sounds()[s] for s in syllables]
        size = 1
        for c in choices:
            size *= len(c)
        if size > MAX_COMBINATIONS:
            continue
        out += [w for w in map("".join, product(*choices)) if is_word(w)]
    return list(dict.fromkeys(out))


def latin_only(raw: str) -> list[str]:
    """The words of ``raw`` when it is letters only (English or pinyin), else nothing."""
    text = fold(raw).lower()
    if CJK.search(text) or re.search(r"\d", text):
        return []
    return LATIN_WORD.findall(text)
