"""Search queries: a user's query parsed into terms (:func:`parse_query`) and turned into safe engine queries —
FTS5 MATCH (:func:`fts5_match`, also what the tantivy query is built from) and a PostgreSQL tsquery
(:func:`pg_tsquery`) — with the tokens of :mod:`zhengce.db.search`, so that index and query agree.

Quoted parts are phrases, ``AND``/``OR``/``NEAR``/``*`` are plain words, every token is quoted for the engine,
and a query longer than ``MAX_QUERY_CHARS`` characters or ``MAX_TERMS`` terms is cut with a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from zhengce.db.search import (
    CJK,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    WORD,
    bonds,
    number_token,
    run_grams,
    run_trigrams,
)
from zhengce.text.lexicon import DOC_NUMBER
from zhengce.text.normalise import fold

__all__ = ["Query", "Term", "fts5_match", "number_bonds", "parse_query", "pg_tsquery"]


@dataclass(slots=True)
class Term:
    kind: str  # word | phrase | number | latin
    text: str  # folded
    grams: list[str] = field(default_factory=list)
    trigrams: list[str] = field(default_factory=list)  # of its Chinese runs of three or more characters
    runs: list[str] = field(default_factory=list)  # a phrase's runs of Chinese characters, letters or digits
    # a phrase's numbers with the Chinese character after them (``"95万"``: 95, 万), which the index's words
    # hold side by side (the segmenter cuts a number off the characters after it): :func:`number_bonds`
    bonds: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Query:
    raw: str
    terms: list[Term]
    notice: str | None = None

    @property
    def empty(self) -> bool:
        return not self.terms

    def highlight_words(self) -> list[str]:
        # a phrase that punctuation breaks in the text is shown by its runs
        words = {w for t in self.terms if t.kind != "number"
                 for w in (t.runs if t.kind == "phrase" and len(t.runs) > 1 else [t.text])}
        return sorted(words, key=len, reverse=True)


def number_bonds(phrase: str) -> list[tuple[str, str]]:
    """Each number of a quoted ``phrase`` (folded, lower case) that Chinese characters follow right after it, with
    the first of them.

    The phrase's Chinese is matched as the phrase of its grams, where the numbers are left out (the bigram
    stream); its numbers alone matched anywhere in the document (``"95万"`` found ``95%`` and ``2万人``). In the
    segmenter's words a number stands right before the word that follows it (``95 万元``), so the number
    and the character after it are a phrase there: the number, then a word that starts with it. Not across a
    sign (``95%以上``): the segmenter keeps ``95%`` as one word, which the index leaves out."""
    return [(a.group(), b.group()[0]) for a, b in pairwise(WORD.finditer(phrase))
            if a.end() == b.start() and bonds(a.group()) and CJK.fullmatch(b.group())]


def parse_query(raw: str) -> Query:
    """Terms of a user query; quotes make phrases; everything else is words, never operators."""
    notice = None
    text = raw.replace("\x00", " ")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notice = f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符 / query cut to {MAX_QUERY_CHARS} characters"
    text = fold(text)
    terms: list[Term] = []
    for m in DOC_NUMBER.finditer(text):
        terms.append(Term("number", number_token(m.group("agency"), m.group("year"), m.group("serial"))))
    text = DOC_NUMBER.sub(" ", text)
    for m in re.finditer(r'"([^"]*)"|“([^”]*)”|(\S+)', text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        part = (quoted if quoted is not None else m.group(3)).lower()
        if quoted is not None:
            runs = WORD.findall(part)
            # the bigram stream of its Chinese runs as tokens() writes it: a run broken off by
            # punctuation or a space ends with its last character alone
            cjk = [r for r in runs if CJK.fullmatch(r)]
            grams = [g for k, r in enumerate(cjk)
                     for g in (run_grams(r) if k < len(cjk) - 1 else run_grams(r)[:-1] if len(r) > 1 else [r])]
            if runs:
                tri = [g for r in cjk for g in run_trigrams(r)]
                terms.append(Term("phrase", "".join(runs), grams, list(dict.fromkeys(tri)), runs, number_bonds(part)))
            continue
        for word in WORD.findall(part):
            if CJK.fullmatch(word):
                grams = run_grams(word)[:-1] if len(word) > 1 else [word]
                terms.append(Term("word", word, grams, list(dict.fromkeys(run_trigrams(word)))))
            else:
                terms.append(Term("latin", word))
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notice = f"查询词过多，只使用了前 {MAX_TERMS} 个 / only the first {MAX_TERMS} terms were used"
    return Query(raw, terms, notice)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_match(query: Query) -> str:
    """An FTS5 MATCH expression: every term must match; each token is a quoted string.

    A word of two or more Chinese characters is the phrase of its bigrams: the bigram stream
    covers every run of Chinese characters, so this finds the word wherever the segmenter cut
    the text, and the jieba token itself would add nothing but a second list to read.
    """
    parts = []
    for t in query.terms:
        if t.kind in {"number", "latin"}:
            parts.append(_quote(t.text))
        elif t.kind == "phrase":  # its Chinese in a row; its letters and digits as words or their prefixes
            cjk = [r for r in t.runs if CJK.fullmatch(r)]
            # a last character on its own is also the start of the next bigram
            last = "*" if cjk and len(cjk[-1]) == 1 else ""
            parts += ([_quote(" ".join(t.grams)) + last] if t.grams else []) + [
                f"({_quote(r)} OR {_quote(r)}*)" for r in t.runs if not CJK.fullmatch(r)] + [
                _quote(f"{number} {char}") + "*" for number, char in t.bonds]  # FTS5 cuts 0.95 as the index
        elif t.kind == "word" and len(t.text) > 1:
            parts.append(_quote(" ".join(t.grams)))
        else:  # one character: a gram that starts with it, or the last character of a run
            parts.append(f"({_quote(t.text)} OR {_quote(t.text)}*)")
    return " AND ".join(parts)


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def pg_tsquery(query: Query) -> str:
    """A to_tsquery('simple', …) string: every term must match.

    An unquoted word of three or more characters is all of its trigrams (see
    :func:`trigram_tokens`), of two characters its bigram: the GIN index answers alone, without
    positions. A quoted phrase is the same for each of its runs (a single character or a run of
    letters and digits as a prefix): that gives the candidates, whose squeezed text
    ``zhengce.library`` then checks for the phrase itself.
    """
    parts = []
    for t in query.terms:
        if t.kind in {"number", "latin"}:
            parts.append(_lexeme(t.text))
        elif t.kind == "phrase":
            lexemes = []
            for r in t.runs:
                if CJK.fullmatch(r) and len(r) > 1:  # the fewest, rarest lists that cover the run
                    lexemes += [_lexeme(g) for g in (run_trigrams(r) if len(r) > 2 else [r])]
                else:
                    lexemes.append(f"{_lexeme(r)}:*")
            parts.append("(" + " & ".join(dict.fromkeys(lexemes)) + ")")
        elif t.kind == "word" and len(t.text) > 1:
            parts.append("(" + " & ".join(_lexeme(g) for g in (t.trigrams or t.grams)) + ")")
        else:
            parts.append(f"({_lexeme(t.text)} | {_lexeme(t.text)}:*)")
    return " & ".join(parts)


# --- the index ----------------------------------------------------------------------------------


