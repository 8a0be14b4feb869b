"""PostgreSQL's ingest doing less in the server: the search rows with the body's lexemes computed by ingest's
workers (``zhengce.db.search.body_lexemes``) are the vectors the server would have made from the body's words —
searches read the same index; long values are compressed with lz4 where the server has it, and read back as
they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from zhengce.db import open_store, pgcopy
from zhengce.db.pending import write_pending
from zhengce.db.search import body_lexemes, write_index
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path, parse_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples").glob("*.txt"))[:12]
# words of every kind a body holds: Latin words, numbers, decimals, a 发文字号 token with Latin capitals (which the
# parser lowers: not kept as it is), a number longer than the parser indexes, a private-use separator, characters
# of the compatibility block
ODD = ("临川县人民政府\n关于印发GDP与5G基站建设方案的通知\n临政发〔2024〕3号\n各乡镇：\n"
       "一、到2025年建成5G基站1.5万个，PM2.5浓度下降3.25%，引用ABC政发〔2023〕7号文件和v2.0版规范，"
       f"校验码{'7' * 2100}。\n"
       "二、豈更滑串句龜，x1.5与a.5并列。\n临川县人民政府\n2024年3月1日\n")


def _stored(engine: object) -> dict[tuple[int, int], tuple[str, str, str]]:
    with Session(engine) as session:  # type: ignore[arg-type]
        return {(d, p): (t, h, plain) for d, p, t, h, plain in session.execute(text(
            "SELECT document_id, part, CAST(tsv AS text), CAST(head AS text), plain FROM search_docs"))}


@pytest.mark.parametrize("agrees", [True, False])
def test_bulk_search_rows_are_the_vectors_the_server_makes_of_the_words(
        pg_url: str, agrees: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhengce.db import search

    monkeypatch.setattr(search, "PG_PART_TOKENS", 400)  # long bodies in several rows, as a tsvector's limit cuts them
    if not agrees:  # a server whose parser would not keep the words as they are: it parses the lexemes instead
        monkeypatch.setattr(pgcopy, "_PROBE", "A")
    engine = open_store(pg_url)
    sources = [parse_path(p) for p in SAMPLES] + [parse_text(ODD, "odd.txt")]
    for parsed in sources:
        store_parsed(engine, parsed, len(parsed.original.encode()))
    bulk = _stored(engine)
    assert len(bulk) > len(sources) and any(p > 0 for _, p in bulk)
    # the same documents' rows as write_index makes them: every word parsed by the server
    from zhengce.db.rows import source_rows
    from zhengce.extract.facts import extract_source

    with Session(engine) as session, session.begin():
        session.execute(text("DELETE FROM search_docs"))
        ids = iter(session.scalars(text("SELECT id FROM documents ORDER BY id")).all())
        for parsed in sources:
            rows = source_rows(parsed, extract_source(parsed), pg=False)
            for doc in rows.documents:
                fields = search.index_fields(_Row(doc.values), _doc(parsed, doc.values["ordinal"]), parsed.text,
                                             plain=True)
                write_index(session, next(ids), *fields[:4], plain=fields[4])
        write_pending(session)
    assert _stored(engine) == bulk


def test_words_the_parser_would_change_or_drop_are_left_to_the_server() -> None:
    assert body_lexemes("政策 策 ab 1.5 a1.5 政发2022n13 \ue000", "政策法") == "政策 策 ab 1.5 a1.5 政发2022n13 政策法"
    for word in ["ABC政发2023n7", "a-b", "1.5.3", "政策.5", "1.5a", ".5", "7" * 2100]:
        assert body_lexemes(f"政策 {word} ab", "") is None, word


def test_lexemes_are_the_servers_or_none(pg_url: str) -> None:
    from zhengce.db.search import body_tokens, body_trigrams
    from zhengce.text.normalise import folded_text

    engine = open_store(pg_url)
    kept = fell_back = 0
    with engine.connect() as conn:
        for parsed in [parse_path(p) for p in SAMPLES] + [parse_text(ODD, "odd.txt")]:
            folded = folded_text(parsed.text)
            for doc in parsed.documents:
                body = folded[doc.body_start or doc.start : doc.end]
                tokens, trigrams = body_tokens(body.lower()), body_trigrams(body)
                words = f"{tokens} ABC政发2023n7" if doc.title and "GDP" in doc.title else tokens
                lexemes = body_lexemes(words, trigrams)
                server = conn.scalar(text("SELECT CAST(strip(to_tsvector('simple', :a) || to_tsvector('simple', :b)) "
                                          "AS text)"), {"a": words, "b": trigrams})
                if lexemes is None:
                    fell_back += 1
                    continue
                kept += 1
                assert conn.scalar(text("SELECT CAST(CAST(:v AS tsvector) AS text)"), {"v": lexemes}) == server
                assert len(lexemes.split()) == len(set(lexemes.split()))  # each word once
    assert kept >= len(SAMPLES) and fell_back == 1  # the capitals' document is left to the server


class _Row:
    """A document's columns read as attributes."""

    def __init__(self, values: dict[str, object]) -> None:
        self.__dict__.update(values)


def _doc(parsed: object, ordinal: int) -> object:
    return next(d for d in parsed.documents if d.ordinal == ordinal)  # type: ignore[attr-defined]


def test_long_values_are_compressed_with_lz4_and_read_back_as_stored(pg_url: str) -> None:
    engine = open_store(pg_url)
    parsed = parse_path(max(SAMPLES, key=lambda p: p.stat().st_size))
    store_parsed(engine, parsed, len(parsed.original.encode()))
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")):
            pytest.skip("服务器不支持 lz4 / the server has no lz4")
        stored, method, data = conn.execute(text(
            "SELECT s.text, pg_column_compression(s.text), pg_column_compression(d.data) FROM sources s "
            "JOIN documents d ON d.source_id = s.id ORDER BY pg_column_size(d.data) DESC LIMIT 1")).one()
        assert (method, data) == ("lz4", "lz4") and stored == parsed.text
        # the setting was the ingest transaction's only: the connection's default is the server's again
        assert conn.scalar(text("SHOW default_toast_compression")) == "pglz"
