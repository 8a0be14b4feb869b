"""The 效力 facet counted by the tantivy index (layout 7): a document whose status turns at most once holds it in
one fast field ("life", ``zhengce.db.tantivy_docs.life_value``), one that turns more often its ends, counted by
nested ranges. Whatever the mix, the counts on any day are those of ``zhengce.db.validity.status_key``."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
import tantivy

from zhengce.db.tantivy_docs import (
    DAYS,
    STEPS,
    document_of,
    life_steps,
    life_value,
    schema,
    turns,
    validity_aggregation,
    validity_counts,
)
from zhengce.db.validity import BEGINNING, status_key

START = date(2020, 1, 1)


def _ends(rng: random.Random) -> tuple[date | None, ...]:
    """(repealed, lapsed, confirmed, effective, expires): each absent half the time, now and then from the
    beginning (an event without a date), else a day of two months — so that they often fall on one day."""
    def one() -> date | None:
        if rng.random() < 0.5:
            return None
        return BEGINNING if rng.random() < 0.05 else START + timedelta(days=rng.randint(0, 60))
    return tuple(one() for _ in range(5))


def _days() -> list[date]:
    return [date.min, START - timedelta(days=1), *(START + timedelta(days=k) for k in range(62)), date(2099, 1, 1)]


def test_the_timeline_gives_the_status_of_every_day() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        ends = _ends(rng)
        timeline = turns(*ends)
        assert [s for _, s in timeline] == [s for k, (_, s) in enumerate(timeline)
                                            if k == 0 or timeline[k - 1][1] != s]  # each a change
        for day in _days():
            assert [s for t, s in timeline if t <= day.toordinal()][-1] == status_key(*ends, day)


@pytest.mark.parametrize(("ends", "pair", "turn"), [
    ((None, None, None, None, None), ("unknown", "unknown"), None),  # never dated, never ended
    ((None, None, date(2021, 3, 1), None, None), ("unknown", "valid"), date(2021, 3, 1)),  # confirmed then
    ((None, None, None, date(2021, 3, 1), None), ("pending", "valid"), date(2021, 3, 1)),  # in force from its date
    ((None, None, None, None, date(2021, 3, 1)), ("valid", "expired"), date(2021, 3, 2)),  # the day after its end
    ((date(2021, 3, 1), date(2021, 3, 1), None, None, None), ("unknown", "repealed"), date(2021, 3, 1)),
    ((BEGINNING, None, None, None, None), ("repealed", "repealed"), None),  # repealed, no day given
])
def test_a_document_that_turns_once_is_one_value(ends: tuple[date | None, ...], pair: tuple[str, str],
                                                 turn: date | None) -> None:
    code, day = divmod(life_value(turns(*ends)), DAYS)
    assert STEPS[code] == pair and day == (turn.toordinal() if turn else 0)


def test_the_index_counts_each_status_on_any_day_as_status_key() -> None:
    """Documents of every kind of ends in one index (those that turn once and those that turn more often): the
    aggregation's counts for a query, on days before, between and after their ends, are status_key's."""
    rng = random.Random(8)
    index = tantivy.Index(schema())
    writer = index.writer(15_000_000, 1)
    docs = []
    for i in range(1, 1201):
        ends = _ends(rng)
        body = "甲乙" if i % 3 else "丙丁"
        docs.append((i, body, ends))
        writer.add_document(document_of((i, "", "", "", body, "某局", "某市", 2020, "通知", 0, *ends)))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    turning = sum(len(turns(*ends)) > 2 for _, _, ends in docs)
    assert 100 < turning < 1100  # both kinds are there
    query = tantivy.Query.term_query(index.schema, "body", "甲乙")
    for day in _days()[::3]:
        found = validity_counts(searcher.aggregate(query, validity_aggregation(day)))
        want = Counter(status_key(*ends, day) for _, body, ends in docs if body == "甲乙")
        assert found == {k: want.get(k, 0) for k in ("valid", "expired", "repealed", "pending", "unknown")}, day


def test_a_page_that_asks_only_some_pairs_is_told_when_a_match_is_of_another() -> None:
    """The page asks the ranges of the pairs the index holds (read once per commit): asked for fewer — a document
    committed since, of another pair — the answer says it cannot count (the page then asks for all); asked for
    those the index holds, it counts as asked for all."""
    index = tantivy.Index(schema())
    writer = index.writer(15_000_000, 1)
    kinds = [(None, None, None, None, None), (None, None, None, date(2021, 3, 1), None),
             (date(2022, 1, 1), None, None, date(2021, 3, 1), date(2021, 12, 1))]  # never, once, twice
    for i, ends in enumerate(kinds * 5, start=1):
        writer.add_document(document_of((i, "", "", "", "甲乙", "某局", "某市", 2020, "通知", 0, *ends)))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    query = tantivy.Query.term_query(index.schema, "body", "甲乙")
    steps, turning = life_steps(searcher)
    assert steps == {STEPS.index(("unknown", "unknown")), STEPS.index(("pending", "valid"))} and turning
    for day in (date(2021, 1, 1), date(2021, 6, 1), date(2021, 12, 2), date(2022, 6, 1)):
        every = validity_counts(searcher.aggregate(query, validity_aggregation(day)))
        assert every == {k: sum(status_key(*ends, day) == k for ends in kinds) * 5
                         for k in ("valid", "expired", "repealed", "pending", "unknown")}
        assert validity_counts(searcher.aggregate(query, validity_aggregation(day, steps, turning))) == every
        assert validity_counts(searcher.aggregate(query, validity_aggregation(day, {0}, turning))) is None
        assert validity_counts(searcher.aggregate(query, validity_aggregation(day, steps, False))) is None
