"""How a document looks in the tantivy index beside a SQLite store (``zhengce.db.tantivy_index``): the
schema (four token fields with positions, the facets as fast fields), a document built from its
``search_fts`` entry and its attributes, its tokens cut where FTS5 cuts them, and the ids of hits."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import tantivy
from sqlalchemy import text as text_sql
from sqlalchemy.engine import Connection

from zhengce.db.status_rule import status_rule

__all__ = ["ENDS", "FACETS", "FIELDS", "JOINED", "STEPS", "document_of", "ends_values", "entries", "fts5_pieces",
           "ids_of", "joined", "life_steps", "life_value", "schema", "turns", "validity_aggregation", "validity_counts"]

FIELDS = ("title", "number", "meta", "body")
# each Chinese field's twin (title → title3): at every position, the bigram there joined with the next one
# when it continues it (``AB BC`` → ``ABC``): a word of three or more characters — the phrase of its bigrams
# in the field — is the phrase of half as many rarer tokens in the twin (three characters: one term),
# found in the same documents, which the facets are then counted over (:func:`joined`)
JOINED = {"title": "title3", "meta": "meta3", "body": "body3"}
# the attributes the results page counts facets over, each a fast field (a column tantivy reads without
# the stored documents): its aggregations count them over every match in Rust, and a match's id is read
# from the "id" column. Set when a document is stored and never changed: a new version is a new document.
FACETS = ("issuer", "jurisdiction", "year", "kind", "tasks")
# what a document's status on any day is decided by (zhengce.db.validity.status_key), as fast fields of day numbers
# (``date.toordinal``) that a nested range aggregation counts (:func:`validity_aggregation`): "ended" its first end
# (a repeal: its day; a lapse: LAPSE + its day; none: NEVER), "effective" (none: 0), "expires" and "confirmed"
# (none: NEVER). Only a document whose status turns more than once has them (:func:`turns`): the nested ranges,
# a sub-aggregation per bucket and level, read every match four times (2.4 ms of a common word's 3.8), and a
# match without "ended" is in none of their buckets. Every other document's status is one fast field, "life"
# (:func:`life_value`), counted by flat ranges. A document whose ends change is written again (zhengce.db.validity).
ENDS = ("ended", "effective", "expires", "confirmed")
LAPSE, NEVER = 10_000_000, 100_000_000
# the statuses a document that turns at most once has from the first day, and from the day it turns (the same
# status twice: it never turns): "life" is the index of the pair times DAYS plus the day it turns (0 if never)
STEPS = (("unknown", "unknown"), ("valid", "valid"), ("expired", "expired"), ("repealed", "repealed"),
         ("pending", "pending"), ("unknown", "valid"), ("unknown", "expired"), ("unknown", "repealed"),
         ("pending", "valid"), ("pending", "expired"), ("pending", "repealed"), ("valid", "expired"),
         ("valid", "repealed"))
DAYS = 1 << 22  # more than any day number (date.max: 3,652,059)
TURNING = len(STEPS) * DAYS  # "life" of a document counted by the nested ranges of its ENDS


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", indexed=True, fast=True)
    for name in (*FIELDS, *JOINED.values()):
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in ("issuer", "jurisdiction", "kind"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("year", fast=True)
    sb.add_integer_field("tasks", fast=True)  # 1 when the document has tasks, else 0
    for name in ENDS:
        sb.add_integer_field(name, fast=True)
    sb.add_integer_field("life", fast=True)
    return sb.build()


_READ = ("SELECT f.rowid, f.title, f.number, f.meta, f.body, d.issuer, d.jurisdiction, d.year, d.kind, "
         "d.task_count, d.repealed_on, d.lapsed_on, d.confirmed_on, d.effective_from, d.expires_on "
         "FROM search_fts AS f LEFT JOIN documents AS d ON d.id = f.rowid")


def _day(value: Any) -> int | None:
    """A stored date (SQLite's text, read without its column's type) as a day number."""
    return None if value is None else (date.fromisoformat(value) if isinstance(value, str) else value).toordinal()


def ends_values(repealed: Any, lapsed: Any, confirmed: Any, effective: Any, expires: Any) -> dict[str, int]:
    """The :data:`ENDS` fields of a document from its stored ends and dates (the first end: a repeal before a
    lapse of the same day, as status_key)."""
    r, lapsed_day, c, e, x = map(_day, (repealed, lapsed, confirmed, effective, expires))
    if r is not None and (lapsed_day is None or r <= lapsed_day):
        ended = r
    else:
        ended = NEVER if lapsed_day is None else LAPSE + lapsed_day
    return {"ended": ended, "effective": e or 0, "expires": NEVER if x is None else x,
            "confirmed": NEVER if c is None else c}


def turns(repealed: Any, lapsed: Any, confirmed: Any, effective: Any, expires: Any) -> list[tuple[int, str]]:
    """A document's statuses as days go by: (the first day number it has it, status), from day 1 (date.min) on,
    each different from the one before. The status changes only on a day one of the conditions of status_key
    does: an end's day, a confirmation's, the start, the day after the period's end."""
    r, lapse, c, e, x = map(_day, (repealed, lapsed, confirmed, effective, expires))
    days = sorted({1} | {v for v in (r, lapse, c, e, None if x is None else x + 1) if v is not None and v > 1})
    out: list[tuple[int, str]] = []
    for day in days:
        status = status_rule(r, lapse, c, e, x, day)
        if not out or out[-1][1] != status:
            out.append((day, status))
    return out


def life_value(timeline: list[tuple[int, str]]) -> int:
    """The "life" field of a document with these :func:`turns`: the index of its (first, then) statuses in STEPS
    times DAYS, plus the day it turns; TURNING when it turns more than once (its ENDS are counted instead)."""
    if len(timeline) == 1:
        return STEPS.index((timeline[0][1],) * 2) * DAYS
    pair = (timeline[0][1], timeline[1][1])
    return STEPS.index(pair) * DAYS + timeline[1][0] if len(timeline) == 2 and pair in STEPS else TURNING


def _ranges(field: str, ranges: list[dict[str, Any]], sub: dict[str, Any] | None = None) -> dict[str, Any]:
    agg: dict[str, Any] = {"range": {"field": field, "ranges": ranges}}
    if sub:
        agg["aggs"] = sub
    return agg


def validity_aggregation(day: date, steps: Iterable[int] | None = None, turning: bool = True) -> dict[str, Any]:
    """The aggregations whose buckets give how many matches have each status on ``day`` (:func:`validity_counts`
    reads them): flat ranges of "life" — for each pair of STEPS, those that turned by then and those that did not
    (one range when it never turns) — and, for the documents that turn more than once, a nested range
    aggregation of their ENDS: the first end by then (repealed, lapsed), else a later start, an end of the
    period before it, its own dates, a confirmation. Four levels, one per field: each is read at every level (a
    range's sub-aggregation is asked of all its buckets), so "effective" is cut once into undated, dated and
    started, pending (a fifth level reading it again cost a fifth more).

    ``steps``: the pairs of STEPS asked (by default every one: each range costs every match a little, 0.4 ms
    for all at 80,000 matches); ``turning``: whether the nested ranges are asked. A document of a pair, or one
    that turns more often, not asked is in a bucket of tantivy's own (:func:`validity_counts` says so)."""
    d = day.toordinal()
    life: list[dict[str, Any]] = []
    for k in sorted(range(len(STEPS)) if steps is None else steps):
        first, then = STEPS[k]
        if first == then:
            life.append({"key": f"s{k}", "from": k * DAYS, "to": (k + 1) * DAYS})
        else:
            life += [{"key": f"s{k}+", "from": k * DAYS, "to": k * DAYS + d + 1},
                     {"key": f"s{k}", "from": k * DAYS + d + 1, "to": (k + 1) * DAYS}]
    confirmed = {"c": _ranges("confirmed", [{"key": "valid", "to": d + 1}, {"key": "unknown", "from": d + 1}])}
    expires = {"x": _ranges("expires", [{"key": "expired", "to": d}, {"key": "valid", "from": d, "to": NEVER},
                                        {"key": "none", "from": NEVER}], confirmed)}
    effective = {"e": _ranges("effective", [{"key": "undated", "to": 1}, {"key": "dated", "from": 1, "to": d + 1},
                                            {"key": "pending", "from": d + 1}], expires)}
    life.append({"key": "turning", "from": TURNING})
    out = {"life": _ranges("life", life)}
    if turning:
        out["validity"] = _ranges("ended", [
            {"key": "repealed", "to": d + 1}, {"key": "lapsed", "from": LAPSE, "to": LAPSE + d + 1},
            {"key": "open", "from": d + 1, "to": LAPSE}, {"key": "open2", "from": LAPSE + d + 1}], effective)
    return out


def life_steps(searcher: tantivy.Searcher) -> tuple[frozenset[int], bool]:
    """(the pairs of STEPS the index's documents have, whether some turn more often), over every document."""
    ranges = [{"key": f"s{k}", "from": k * DAYS, "to": (k + 1) * DAYS} for k in range(len(STEPS))]
    found = searcher.aggregate(tantivy.Query.all_query(), {"life": _ranges("life", [
        *ranges, {"key": "turning", "from": TURNING}])}) if searcher.num_docs else {"life": {"buckets": []}}
    held = {b["key"] for b in found["life"]["buckets"] if b["doc_count"]}
    return frozenset(k for k in range(len(STEPS)) if f"s{k}" in held), "turning" in held


def validity_counts(found: dict[str, Any]) -> dict[str, int] | None:
    """How many matches have each status, from the answer to :func:`validity_aggregation`; None when some
    matches were not asked for (a pair of STEPS left out, or the nested ranges of those that turn more often)."""
    def bucket(agg: dict[str, Any], key: str) -> dict[str, Any]:
        return next(b for b in agg["buckets"] if b["key"] == key)

    out = {"valid": 0, "expired": 0, "repealed": 0, "pending": 0, "unknown": 0}
    for b in found["life"]["buckets"]:  # "sk": the first status of STEPS[k], "sk+": the one it turned to
        key, n = b["key"], b["doc_count"]
        if key[0] == "s" and n:
            out[STEPS[int(key[1:].rstrip("+"))][key.endswith("+")]] += n
        elif n and (key != "turning" or "validity" not in found):  # tantivy's own bucket, or not asked
            return None
    if "validity" not in found:
        return {k: int(v) for k, v in out.items()}
    top = found["validity"]
    out["expired"] += bucket(top, "lapsed")["doc_count"]
    out["repealed"] += bucket(top, "repealed")["doc_count"]
    for key in ("open", "open2"):
        e = bucket(top, key)["e"]
        out["pending"] += bucket(e, "pending")["doc_count"]
        for started in ("undated", "dated"):
            x = bucket(e, started)["x"]
            out["expired"] += bucket(x, "expired")["doc_count"]
            out["valid"] += bucket(x, "valid")["doc_count"]
            if started == "dated":  # no end of its period: valid from its own date
                out["valid"] += bucket(x, "none")["doc_count"]
            else:  # neither dated nor ending: valid once confirmed
                c = bucket(x, "none")["c"]
                out["valid"] += bucket(c, "valid")["doc_count"]
                out["unknown"] += bucket(c, "unknown")["doc_count"]
    return {k: int(v) for k, v in out.items()}


# where FTS5's unicode61 cuts: all but L*, N*, Co (in zhengce's tokens, the point of 3.5: search.WORD)
_FTS5_CUT = re.compile(r"[^\w\ue000-\uf8ff\U000f0000-\U0010ffff]|_")


def fts5_pieces(token: str) -> list[str]:
    """The pieces FTS5 cuts ``token`` into: the index's fields are so cut, and a query's token is the phrase
    of its pieces on both engines, which then agree on numbers (``6`` also in ``6.1``; ``3.5``: 3 then 5)."""
    return _FTS5_CUT.sub(" ", token).split()


_CJK = "[\u3400-\u9fff\uf900-\ufaff]"
_THREE = re.compile(f"(?<![^ ]){_CJK}{{3}}(?![^ ])")  # a token of three Chinese characters (a segmenter's word)
_CONTINUED = re.compile(f"(?<![^ ])({_CJK})({_CJK})(?= \\2({_CJK})(?![^ ]))")  # AB, the next token BC


def joined(tokens: str) -> str:
    """The twin of a field's tokens (one position each): a bigram ``AB`` whose next token is ``BC`` becomes
    ``ABC``, a three-character token that is not so made becomes ``_`` (so that only a joined pair is ever
    ``ABC``), every other token stays: the phrase ``ABC BCD`` here is where the phrase ``AB BC CD`` is there."""
    # AB (the match) and C: a function, not the template r"\1\2\3", which Python expands match by match in
    # its own code (a body holds a match every three characters: two thirds of keeping the index in step)
    return _CONTINUED.sub(_with_next, _THREE.sub("_", " ".join(tokens.split())))


def _with_next(m: re.Match[str]) -> str:
    return m[0] + m[3]


def document_of(row: Any) -> tantivy.Document:
    issuer, jurisdiction, year, kind, tasks = row[5:10]
    facets = {"issuer": issuer, "jurisdiction": jurisdiction, "year": year, "kind": kind}
    fields = dict(zip(FIELDS, (_FTS5_CUT.sub(" ", f or "") for f in row[1:5]), strict=True))  # as FTS5 cuts them
    twins = {twin: joined(fields[name]) for name, twin in JOINED.items()}
    life = life_value(turns(*row[10:15]))
    ends = ends_values(*row[10:15]) if life == TURNING else {}
    return tantivy.Document(id=row[0], tasks=int((tasks or 0) > 0), **fields, **twins, life=life, **ends,
                            **{k: v for k, v in facets.items() if v is not None})


def ids_of(searcher: tantivy.Searcher, hits: list[tuple[Any, Any]]) -> list[int]:
    """The document ids of search hits, read from the "id" fast field in one call."""
    return [int(i) for i in searcher.fast_field_values("id", [addr for _, addr in hits])] if hits else []


def entries(conn: Connection, ids: list[int] | None) -> Iterable[tantivy.Document]:
    """The search entries of ``ids`` (all when None) as tantivy documents, read from ``search_fts``
    with the document's attributes."""
    if ids is None:
        yield from map(document_of, conn.execute(text_sql(_READ + " ORDER BY f.rowid")))
        return
    for k in range(0, len(ids), 500):
        chunk = ",".join(str(int(i)) for i in ids[k : k + 500])
        yield from map(document_of, conn.execute(text_sql(f"{_READ} WHERE f.rowid IN ({chunk})")))
