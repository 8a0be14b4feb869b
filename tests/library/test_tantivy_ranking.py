"""tantivy ranks a word of three or more characters over the fields' joined-bigram twins, then scores the few
documents where that order may differ again by the bigrams: the order of the results and the scores a page
shows are those of the bigrams' own ranking, ties and all."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import tantivy
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow, SourceRow, open_store, tantivy_index
from zhengce.db.search import body_tokens, tokens, write_index
from zhengce.db.search_query import parse_query
from zhengce.db.tantivy_docs import ids_of
from zhengce.library import tantivy_search
from zhengce.text.normalise import fold

# invented sentences: common words of three and four characters in titles, metadata and bodies of varied lengths
WORDS = ["人民政府", "管委会", "实施方案", "监管局", "高质量发展", "营商环境", "示范区"]
FILLER = ["推进", "落实", "加强", "工作", "有关", "要求", "各地", "部门", "统筹", "完善"]
PLACES = ["青岚", "白沙", "北山", "南河"]


def _sentence(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(FILLER)
                   for _ in range(rng.randint(3, 12))) + "。"


def _library(tmp_path: Path) -> Any:
    """600 documents: 500 drawn at random, 100 alike (ties on every score) — written straight to the store."""
    engine = open_store(str(tmp_path / "z.db"))
    rng = random.Random(5)
    docs, entries = [], []
    for i in range(1, 601):
        place = PLACES[i % 4]
        if i > 500:  # alike: the same title, issuer and body
            title, issuer, body = "关于营商环境的通知", f"{place}县人民政府", "优化营商环境。"
        else:
            title = f"关于{rng.choice(WORDS)}{rng.choice(FILLER)}的通知"
            issuer = f"{place}县{rng.choice(['人民政府', '管委会', '市场监管局'])}"
            body = "".join(_sentence(rng) for _ in range(rng.randint(1, 6)))
        docs.append({"id": i, "source_id": 1, "ordinal": i, "issuer": issuer, "title": title, "kind": "通知",
                     "doc_number": None, "signed": date(2023, 1, 1), "start": 0, "end": 0, "data": {},
                     "jurisdiction": f"{place}县", "year": 2023, "task_count": 0, "target_count": 0})
        entries.append((i, tokens(title), "", tokens(f"{issuer} 通知 {place}县 2023"), body_tokens(fold(body).lower())))
    with Session(engine) as session:
        session.add(SourceRow(id=1, name="invented", sha256="invented", format="text", encoding="utf-8", size=0,
                              ingested_at=datetime.now(UTC), original="", text=""))
        session.flush()
        session.execute(insert(DocumentRow), docs)
        for entry in entries:
            write_index(session, *entry, plain="")
        session.commit()
    tantivy_index.rebuild(engine)
    return engine


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _library(tmp_path_factory.mktemp("ranking"))


def _bigrams(engine: Any, query: str, depth: int, allowed: list[int] | None = None) -> list[tuple[int, float]]:
    """The best ``depth`` by the phrase of each word's bigrams alone, as tantivy ranked them before (``allowed``:
    among these documents, as a filter asks)."""
    index = tantivy_index.open_index(engine)
    searcher = index.searcher()
    asked = tantivy_search.tantivy_query(index.schema, parse_query(query))
    if allowed is not None:
        asked = tantivy.Query.boolean_query([(tantivy.Occur.Must, asked), (tantivy.Occur.Must,
                                             tantivy.Query.term_set_query(index.schema, "id", allowed))])
    hits = searcher.search(asked, depth, count=False).hits
    return [(i, -score) for i, (score, _) in zip(ids_of(searcher, hits), hits, strict=True)]


@pytest.mark.parametrize("query", ["人民政府", "管委会", "实施方案", "营商环境", '"县人民政府"', "管委会 实施方案",
                                   "高质量发展", "人民政府 通知", "的通知", "县人民政府"])
@pytest.mark.parametrize("spare", [tantivy_search.SPARE, 1])
@pytest.mark.parametrize("filtered", [False, True])
def test_the_order_and_the_scores_shown_are_the_bigrams(library: Any, query: str, spare: int, filtered: bool,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """spare 1: the twins are asked for only as many as wanted, so a run of ties at the edge reaches past them
    and the bigrams rank every match; filtered: among the documents of one jurisdiction."""
    monkeypatch.setattr(tantivy_search, "SPARE", spare)
    monkeypatch.setattr(tantivy_search, "TWIN_WORK", 0)  # over the twins however few documents (600 here)
    where = [DocumentRow.jurisdiction == "白沙县"] if filtered else []
    with Session(library) as session:
        allowed = list(session.scalars(select(DocumentRow.id).where(*where))) if filtered else None
        for depth, shown in ((20, range(0, 20)), (100, range(0, 20)), (100, range(40, 60)), (60, None)):
            want = _bigrams(library, query, depth, allowed)
            answer = tantivy_search.tantivy_ranked(session, parse_query(query), where, depth, shown)
            assert answer is not None
            total, got, _ = answer
            assert total >= len(want) > 0
            assert [i for i, _ in got] == [i for i, _ in want]  # the same documents in the same order
            for k in range(len(want)):
                if shown is None or k in shown:
                    assert got[k][1] == want[k][1]  # exact where the page shows them
                else:
                    assert got[k][1] == pytest.approx(want[k][1], rel=1e-5)

