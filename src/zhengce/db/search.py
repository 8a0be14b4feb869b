"""Search: Chinese tokens for the full-text index and its rows (queries: :mod:`zhengce.db.search_query`).

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

A user query is parsed, never passed through (:mod:`zhengce.db.search_query`, with these tokens): quoted
parts are phrases, ``AND``/``OR``/``NEAR``/``*`` are plain words, every token is quoted for the engine, and a
query longer than :data:`MAX_QUERY_CHARS` characters or :data:`MAX_TERMS` terms is cut with a notice.
"""

from __future__ import annotations

import re
from typing import Any

import rjieba
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from zhengce.db import tantivy_index
from zhengce.db.pending import keep, write_pending
from zhengce.db.schema import DocumentRow
from zhengce.parse.model import Document
from zhengce.text.lexicon import DOC_NUMBER_SCAN
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


def run_grams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def run_trigrams(run: str) -> list[str]:
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
# a Latin word and the Chinese right after it
_LATIN_BOND = re.compile(r"([a-z0-9]+(?:\.[0-9]+)?)([\u3400-\u9fff\uf900-\ufaff]{1,2})?")
_RUN_TRIGRAMS = re.compile(r"(?=([\u3400-\u9fff\uf900-\ufaff]{3}))")


# the words PostgreSQL's parser ('simple' configuration) keeps as they are: Chinese runs, Latin words and numbers in
# lower case, mixed (发文字号 tokens), a decimal (ts_debug: word, asciiword, uint, numword, float, file) — each far
# below the parser's 2,047 bytes; checked as a character outside them, a word too long, a dot not in a decimal
_NOT_KEPT = re.compile(r"[^\u3400-\u9fff\uf900-\ufaffa-z0-9 .]")
_DECIMAL = re.compile(r"[a-z0-9]+\.[0-9]+")
_LONGEST = 300


def body_lexemes(body: str, trigrams: str) -> str | None:
    """The lexemes of ``strip(to_tsvector('simple', body) || to_tsvector('simple', trigrams))`` — a body part's
    tokens and trigrams as PostgreSQL stores them (``write_index``) — as the input of a tsvector (words one space
    apart; the server sorts them), when each word is one the parser keeps as it is (``_NOT_KEPT``;
    :data:`_APART` it drops); None otherwise. Ingest's workers compute it, so that the server does not parse the
    body's words (``zhengce.db.pgcopy``, which checks the server agrees). The body's words are made distinct here
    (they repeat: half of them); the trigrams are already (``spaced_trigrams``) and are never a body's word (three
    Chinese characters: a body's grams have two at most, its other words hold Latin letters or digits)."""
    words = dict.fromkeys(body.split())
    words.pop(_APART, None)
    joined = " ".join(words)
    if trigrams:
        joined = f"{joined} {trigrams}" if joined else trigrams
    if _NOT_KEPT.search(joined) or max(map(len, words), default=0) > _LONGEST:  # trigrams: three characters
        return None
    dot = joined.find(".")
    while dot >= 0:  # a Latin word's (few have one): the word is a decimal
        start, end = joined.rfind(" ", 0, dot) + 1, joined.find(" ", dot)
        end = len(joined) if end < 0 else end
        if not _DECIMAL.fullmatch(joined, start, end):
            return None
        dot = joined.find(".", end)
    return joined


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
    # each run's bigrams and its last character (``run_grams``), found in one pass
    words += _GRAMS.findall(t)
    return " ".join(words)


def bonds(word: str) -> bool:
    """Whether a Latin word holds a number, and so stands before the Chinese right after it in a phrase: in a
    body's tokens (:func:`body_tokens`) and in a quoted query (``zhengce.db.search_query.number_bonds``) alike."""
    return any(c.isdigit() for c in word)


def body_tokens(t: str) -> str:
    """A body's index tokens (``t`` folded, lower case): its Latin words, :data:`_APART` where Chinese lies between
    (``3人，5日`` is no phrase ``3 5``; ``1+5`` is), then the bigram stream; not jieba's words: no query reads them
    (a word is the phrase of its bigrams, one character a gram or its prefix) and they cost a fifth of a worker.

    A number that Chinese follows right after it is followed by that run's first gram (``95万元`` → ``95 万元``),
    as the segmenter's next word stood after it: a quoted phrase holds the number before the character
    (``zhengce.db.search_query.number_bonds``). The stream ends in :data:`_APART`, so that its last gram never
    reads as chained to the first of the bigram stream."""
    grams = " ".join(_GRAMS.findall(t))
    if not _LATIN.search(t):
        return grams
    out: list[str] = []
    last = 0
    for m in _LATIN_BOND.finditer(t):
        if CJK.search(t, last, m.start()):  # Chinese between two Latin words: one _APART, however long
            out.append(_APART)
        out.append(m.group(1))
        if m.group(2) and bonds(m.group(1)):
            out.append(m.group(2))
        last = m.end(1)
    if out[-1] != _APART:
        out.append(_APART)
    latin = " ".join(out)
    return f"{latin} {grams}" if grams else latin


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
