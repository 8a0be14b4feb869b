"""Search: Chinese tokens for the full-text index, and user queries turned into safe engine queries.

Both the index and the query go through the same steps: ``fold`` (full-width → ASCII,
traditional → simplified), then

* words — rjieba in search mode (``中华人民共和国`` also yields ``中华``, ``人民``, ``共和国``), in the
  short fields (title, number, metadata); a body has only its Latin words (:func:`body_tokens`: no query
  reads jieba's words, and segmenting whole texts was a fifth of an ingest worker's time);
* grams — overlapping bigrams of every run of Chinese characters plus the run's last character,
  so that any substring of two or more characters is an exact phrase of grams and a single
  character is a prefix of a gram: short words and names are found even where the segmenter cut
  differently.

发文字号 in any bracket style become one token (``永政办发(2022)13号`` → ``永政办发2022n13``).

A user query is parsed, never passed through: quoted parts are phrases, ``AND``/``OR``/``NEAR``/``*``
are plain words, every token is quoted for the engine, and a query longer than
:data:`MAX_QUERY_CHARS` characters or :data:`MAX_TERMS` terms is cut with a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import rjieba
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from zhengce.db import tantivy_index
from zhengce.db.pending import keep, write_pending
from zhengce.db.schema import DocumentRow
from zhengce.parse.model import Document
from zhengce.text.lexicon import DOC_NUMBER, DOC_NUMBER_SCAN
from zhengce.text.normalise import fold, folded_text

PG_PART_TOKENS = 15000  # PostgreSQL: a long document's tokens in rows of this many (a tsvector holds 1 MB at most)
# PostgreSQL: a search row's head and plain text stay in the row, uncompressed, up to this size
# (the body vector goes out to TOAST storage): the phrase check and ranking read them for every
# candidate, and decompressing them cost more than the check itself
PG_TUPLE_TARGET = 8160
SEGMENT = 16384  # PostgreSQL: document ids per partition of search_docs (searches read the newest first)
MAX_QUERY_CHARS = 200
MAX_TERMS = 16
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?")
_LATIN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")  # WORD's other half
_GRAMS = re.compile(r"(?=([\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff]?))")
_TRIGRAM = re.compile(r"(?<![^ ])([\u3400-\u9fff\uf900-\ufaff])([\u3400-\u9fff\uf900-\ufaff]) "
                      r"(?=\2([\u3400-\u9fff\uf900-\ufaff])(?![^ ]))")
STOP = frozenset(
    ["的", "了", "和", "与", "及", "或", "是", "在", "对", "为", "等", "其", "之", "以", "于", "由", "将", "把",
     "被", "并", "而", "也", "就", "都", "所"]
)


def number_token(agency: str, year: int | str, serial: int | str) -> str:
    """One index token for a 发文字号: agency, year and serial without brackets."""
    return f"{fold(agency)}{year}n{int(serial)}"


def number_tokens(text: str, *, folded: bool = False) -> list[str]:
    """The 发文字号 of ``text`` as index tokens (``folded``: ``text`` is folded already)."""
    # the grammar tried only before a bracketed year: the same matches at a fraction of the cost on a body
    return [number_token(m.group("agency"), m.group("year"), m.group("serial"))
            for m in DOC_NUMBER_SCAN.finditer(text if folded else fold(text))]


def _grams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def _trigrams(run: str) -> list[str]:
    return [run[i : i + 3] for i in range(len(run) - 2)]


def trigram_tokens(index_tokens: str) -> str:
    """The distinct trigrams of the bigram stream in :func:`tokens` output (``AB BC`` → ``ABC``).

    PostgreSQL indexes them beside the bigrams: a word of three or more characters is then all of
    its trigrams, which few documents hold by chance, and a quoted phrase is checked against the
    text (:func:`squeeze`) of those few candidates only. (Two neighbouring jieba words may add a
    trigram the text lacks; that only adds a candidate.)
    """
    # the tokens as split() sees them, one space apart
    return spaced_trigrams(" ".join(index_tokens.split()))


def spaced_trigrams(spaced: str) -> str:
    """:func:`trigram_tokens` of tokens already one space apart (a ``" ".join`` of tokens: PostgreSQL's body parts)."""
    # one pass of the pattern over the tokens in C: a two-character token, the next one starting with its
    # second character (``AB BC``)
    return " ".join(dict.fromkeys(map("".join, _TRIGRAM.findall(spaced))))


_APART = "\ue000"  # a token no query holds (private use: FTS5 and tantivy index it, PostgreSQL's parser drops it)
_LATIN_APART = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|\ue000(?![^a-z0-9\ue000]*\ue000)")
_RUN_TRIGRAMS = re.compile(r"(?=([\u3400-\u9fff\uf900-\ufaff]{3}))")


def body_trigrams(folded: str) -> str:
    """:func:`spaced_trigrams` of ``body_tokens(folded)`` in one part, from the text: each Chinese run's trigrams."""
    return " ".join(dict.fromkeys(_RUN_TRIGRAMS.findall(folded)))


def squeeze(text: str) -> str:
    """The words of ``text`` run together: folded, lower case, without spaces or punctuation.

    A quoted phrase is the same of the query (``Term.text``), so on PostgreSQL it is found in the
    squeezed text of a document wherever the text broke it with a space, a line or a bracket.
    """
    return "".join(WORD.findall(fold(text).lower()))


def tokens(text: str) -> str:
    """Index tokens of ``text``: jieba search-mode words, then the bigram stream, space-separated."""
    return folded_tokens(fold(text).lower())


def folded_tokens(t: str) -> str:
    """:func:`tokens` of a text already folded and in lower case (a slice of ``folded_text``, lowered)."""
    if not t:  # most documents have no registration code: no call of the segmenter for nothing
        return ""
    words = list(filter(_KEEP.__getitem__, rjieba.cut_for_search(t)))
    # numbers and Latin words the segmenter kept together with a sign (95%, ≥3) are words too (most texts have
    # few or none: the set of the words is made only when there are some)
    latin = _LATIN.findall(t)
    if latin:
        seen = set(words)
        words += [w for w in latin if w not in seen and w not in STOP]
    # each run's bigrams and its last character (``_grams``), found in one pass
    words += _GRAMS.findall(t)
    return " ".join(words)


def body_tokens(t: str) -> str:
    """A body's index tokens (``t`` folded, lower case): its Latin words, :data:`_APART` where Chinese lies between
    (``3人，5日`` is no phrase ``3 5``; ``1+5`` is), then the bigram stream; not jieba's words: no query reads them
    (a word is the phrase of its bigrams, one character a gram or its prefix) and they cost a fifth of a worker."""
    grams = " ".join(_GRAMS.findall(t))  # below: each Chinese run one _APART, of a row of them only the last
    latin = " ".join(_LATIN_APART.findall(CJK.sub(_APART, t))) if _LATIN.search(t) else ""
    return f"{latin} {grams}" if latin and grams else latin or grams


class _Kept(dict[str, bool]):
    """Whether a segmenter's word is indexed (a Chinese run or a Latin word, not a stop word), by word: a word
    seen before costs a lookup, not a pattern match (the vocabulary of a library is some hundred thousand)."""

    def __missing__(self, word: str) -> bool:
        kept = bool(WORD.fullmatch(word)) and word not in STOP
        if len(self) >= 1 << 20:  # bounded, whatever the texts hold
            self.clear()
        self[word] = kept
        return kept


_KEEP = _Kept()


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
            if a.end() == b.start() and any(c.isdigit() for c in a.group()) and CJK.fullmatch(b.group())]


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
                     for g in (_grams(r) if k < len(cjk) - 1 else _grams(r)[:-1] if len(r) > 1 else [r])]
            if runs:
                tri = [g for r in cjk for g in _trigrams(r)]
                terms.append(Term("phrase", "".join(runs), grams, list(dict.fromkeys(tri)), runs, number_bonds(part)))
            continue
        for word in WORD.findall(part):
            if CJK.fullmatch(word):
                grams = _grams(word)[:-1] if len(word) > 1 else [word]
                terms.append(Term("word", word, grams, list(dict.fromkeys(_trigrams(word)))))
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
                    lexemes += [_lexeme(g) for g in (_trigrams(r) if len(r) > 2 else [r])]
                else:
                    lexemes.append(f"{_lexeme(r)}:*")
            parts.append("(" + " & ".join(dict.fromkeys(lexemes)) + ")")
        elif t.kind == "word" and len(t.text) > 1:
            parts.append("(" + " & ".join(_lexeme(g) for g in (t.trigrams or t.grams)) + ")")
        else:
            parts.append(f"({_lexeme(t.text)} | {_lexeme(t.text)}:*)")
    return " & ".join(parts)


# --- the index ----------------------------------------------------------------------------------


def _index_fields(row: DocumentRow, doc: Document, text: str) -> tuple[str, str, str, str]:
    # the body's folded copy is a slice of the text's, which parsing and extraction folded already
    body = folded_text(text)[doc.body_start or doc.start : doc.end]
    headings = " ".join(n.heading for n in doc.tree.walk() if n.heading) if doc.tree else ""
    title = tokens(doc.title or "")
    number = " ".join(number_tokens(row.doc_number or "")) + " " + tokens(row.reg_code or "")
    meta = tokens(" ".join(x for x in (doc.issuer, doc.kind, row.jurisdiction, str(row.year or ""), headings) if x))
    return title, number, meta, body_tokens(body.lower()) + " " + " ".join(number_tokens(body, folded=True))


# a document's search entry as write_index takes it: title, number, metadata and body tokens, and the
# plain text (PostgreSQL's phrase check; empty for SQLite)
IndexFields = tuple[str, str, str, str, str]


def index_fields(row: DocumentRow, doc: Document, text: str, *, plain: bool) -> IndexFields:
    """What :func:`index_document` writes for a document: the tokens of its fields (``plain``: with its
    :func:`plain_text`, for PostgreSQL). Ingest computes them in its worker processes: tokenising is
    most of the cost of a search entry, and the row need not be stored yet (its columns are enough)."""
    # plain_text of the fields and the text: squeezed apart (no word runs across the fields' line breaks),
    # the text from its folded copy
    squeezed = plain_text(row.title, row.doc_number, row.reg_code, row.issuer, row.kind, row.jurisdiction,
                          row.year) + "".join(WORD.findall(folded_text(text)[row.start : row.end].lower())) \
        if plain else ""
    return (*_index_fields(row, doc, text), squeezed)


def index_document(session: Session, row: DocumentRow, doc: Document, text: str,
                   fields: IndexFields | None = None) -> None:
    """Add a stored document to the full-text index: its title, number, metadata and body (``fields``:
    as :func:`index_fields` computed them before, else computed here)."""
    # the plain text serves PostgreSQL's phrase check only; folding a whole document is not free
    pg = session.get_bind().dialect.name == "postgresql"
    if fields is None or (pg and not fields[4]):
        fields = index_fields(row, doc, text, plain=pg)
    title, number, meta, body, plain = fields
    write_index(session, row.id, title, number, meta, body, plain=plain)


def plain_text(*fields: Any) -> str:
    """A document's words run together (``zhengce.search.squeeze``) for the phrase check on
    PostgreSQL: its title, number, registration code, issuer, genre, jurisdiction, year and text."""
    return squeeze("\n".join(str(f) for f in fields if f))


def write_index(session: Session, doc_id: int, title: str, number: str, meta: str, body: str, *,
                plain: str) -> None:
    """Add one document's tokens (from ``zhengce.search.tokens``) to the full-text index, and on
    PostgreSQL its :func:`plain_text`, where quoted phrases are checked (SQLite ignores ``plain``)."""
    # written before the commit, one executemany for a batch of files (zhengce.db.pending)
    if session.get_bind().dialect.name == "sqlite":
        keep(session, _FTS_INSERT, [{"id": doc_id, "title": title, "number": number, "meta": meta, "body": body}])
        tantivy_index.note(session, added=[doc_id])  # the tantivy index, if built, follows at commit
        return
    words = body.split()
    parts = [" ".join(words[k : k + PG_PART_TOKENS]) for k in range(0, len(words), PG_PART_TOKENS)] or [""]
    pg_segment(session, doc_id)
    # the head (title, number, metadata) is ranked, so weighted; the body is only matched, so without
    # positions (phrases are checked on the plain text), beside its trigrams (zhengce.search.trigram_tokens)
    head_tri = {"title3": trigram_tokens(title), "meta3": trigram_tokens(meta)}
    keep(session, _PG_INSERT, [
        {"id": doc_id, "part": k, "parts": len(parts), "body": part, "body3": trigram_tokens(part)}
        | ({"title": title, "number": number, "meta": meta, "plain": plain} | head_tri if k == 0 else
           {"title": "", "number": "", "meta": "", "title3": "", "meta3": "", "plain": ""})
        for k, part in enumerate(parts)])


_FTS_INSERT = text_sql("INSERT INTO search_fts(rowid, title, number, meta, body) "
                       "VALUES (:id, :title, :number, :meta, :body)")
_PG_INSERT = text_sql(
    "INSERT INTO search_docs(document_id, part, parts, tsv, head, plain) SELECT :id, :part, :parts, "
    "h || strip(to_tsvector('simple', :body) || to_tsvector('simple', :body3)), h, :plain FROM (SELECT "
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :number), 'A') || "
    "setweight(to_tsvector('simple', :meta), 'B') || setweight(strip(to_tsvector('simple', :title3)), 'A') || "
    "setweight(strip(to_tsvector('simple', :meta3)), 'B') AS h) AS x")


def pg_segment(session: Session, doc_id: int) -> None:
    """Make the partition of search_docs that holds ``doc_id`` when it is not there yet.

    The table is made on its own and then attached, which locks the parent table against other
    writers only: searches go on meanwhile. An advisory lock keeps two ingests from both making it.
    """
    k = doc_id // SEGMENT
    name = f"search_docs_{k}"
    known = session.info.setdefault("zhengce.segments", set())  # found in this session: not asked again
    if k in known:
        return
    if session.scalar(text_sql("SELECT to_regclass(:name)"), {"name": name}) is not None:
        known.add(k)
        return
    session.execute(text_sql("SELECT pg_advisory_xact_lock(7368117, CAST(:k AS integer))"), {"k": k})
    if session.scalar(text_sql("SELECT to_regclass(:name)"), {"name": name}) is None:
        session.execute(text_sql(f"CREATE TABLE {name} (LIKE search_docs INCLUDING DEFAULTS INCLUDING STORAGE) "
                                 f"WITH (toast_tuple_target = {PG_TUPLE_TARGET})"))
        session.execute(text_sql(f"ALTER TABLE search_docs ATTACH PARTITION {name} "
                                 f"FOR VALUES FROM ({k * SEGMENT}) TO ({(k + 1) * SEGMENT})"))
    known.add(k)


def drop_search(session: Session, ids: list[int]) -> None:
    """Take documents out of the search index (superseded versions; the rows of deleted documents
    would go with them on PostgreSQL, ON DELETE CASCADE, but not from SQLite's FTS5 table)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    write_pending(session)  # entries kept back in this transaction are written, then taken out like the others
    if sqlite:
        tantivy_index.note(session, dropped=ids)
    for k in range(0, len(ids), 500):
        chunk = ",".join(map(str, ids[k : k + 500]))
        session.execute(text_sql(f"DELETE FROM search_fts WHERE rowid IN ({chunk})" if sqlite else
                                 f"DELETE FROM search_docs WHERE document_id IN ({chunk})"))
