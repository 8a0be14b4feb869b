"""The 效力 facet on the tantivy index: how many of every match have each status on a day, counted by one nested
range aggregation over the fast fields of each document's stored ends and dates (``zhengce.db.tantivy_docs.ENDS``,
layout 6), with the query and filters the other facets are counted by — the answer the 效力 filter's links give."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import tantivy
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce.db import DocumentRow
from zhengce.db.search_query import Query
from zhengce.db.tantivy_docs import validity_aggregation, validity_counts
from zhengce.db.tantivy_index import open_index
from zhengce.library.tantivy_search import Ask, tantivy_query

__all__ = ["tantivy_validity"]

log = logging.getLogger(__name__)


def _unweighted(field: str, bigrams: list[str], pairs: list[str]) -> float:
    return 1.0


def tantivy_validity(session: Session, q: Query, where: list[Any], day: date) -> dict[str, int] | None:
    """Each status's count on ``day`` over every match of ``q`` the filters ``where`` keep (selected from the
    database, as the ranking does); None when the index is not ready or cannot answer (the caller counts a
    sample)."""
    index = open_index(session.get_bind())
    if index is None:
        return None
    # the query the other facets are counted by (over the twins; a count needs no weights)
    counted = tantivy_query(index.schema, q, Ask(twins=_unweighted))
    if where:
        allowed = list(session.scalars(select(DocumentRow.id).where(*where)))
        if not allowed:
            return dict.fromkeys(("valid", "expired", "repealed", "pending", "unknown"), 0)
        among = tantivy.Query.term_set_query(index.schema, "id", allowed)
        counted = tantivy.Query.boolean_query([(tantivy.Occur.Must, counted), (tantivy.Occur.Must, among)])
    try:
        return validity_counts(index.searcher().aggregate(counted, validity_aggregation(day)))
    except (ValueError, OSError, KeyError, StopIteration) as exc:  # an index without the fields, or damaged
        log.warning("tantivy 索引无法统计效力，改按前若干条结果统计 / the index cannot count 效力 (%s)", exc)
        return None
