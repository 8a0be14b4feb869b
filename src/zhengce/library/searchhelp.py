"""The search page as a citizen types: a query that finds nothing is read again, above the engines (FTS5, tantivy
and PostgreSQL alike), and the page says what was searched instead (``ran_query``, ``retry``):

1. letters only (English or pinyin): the page asks for Chinese; pinyin that spells words the library holds
   (butie → 补贴) is searched as those words;
2. everyday words replaced by the genre's and question words left out (征地赔偿 → 征地补偿; 购房补贴怎么申请);
3. run-together words cut into words, every one required (门诊报销 → 门诊 报销);
4. a word the library does not hold, replaced by a word that sounds the same and that it holds (补帖 → 补贴:
   您要找的是不是);
5. still nothing: how many documents hold each word alone (links), and what to try, in plain words.

Also: a page past the last one says how many pages there are, and snippets hide the HTML tags a web copy left
in the text (:mod:`zhengce.library.webcopy`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import rjieba
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.db.search import CJK, STOP
from zhengce.db.search_query import parse_query
from zhengce.db.tantivy_index import chosen
from zhengce.library import fulltext, pager
from zhengce.library.fulltext import Filters, search
from zhengce.library.pgsearch import pg_held
from zhengce.library.ranking import ranked_page
from zhengce.library.searchwords import Rewrite, homophones, latin_only, pinyin_words, rewrite
from zhengce.library.webcopy import untag, untag_escaped
from zhengce.text.normalise import fold

FEW = 5  # fewer results than this for two or more words: the page also says how many hold each word alone
MAX_CHECKS = 12  # words looked up in the index for one query's suggestions (each is one count)
LATIN = "本库文件为中文，请用汉字检索（如“补贴”“医疗保险”）/ the documents are in Chinese: search in Chinese characters"
ADVICE = ["检查有没有错别字", "换一个更常用的说法，如“补偿”“补贴”“报销”", "少用几个词，或只用其中最关键的一个"]


def helped_search(engine: Engine, raw: str, filters: Filters | None = None, page: int = 1,
                  today: date | None = None) -> dict[str, Any]:
    """The search page's data (:meth:`SearchPage.to_dict`) with ``ran_query`` (the query whose results these
    are), ``retry`` (why it is not the one typed), ``suggestions``, ``word_counts`` and ``advice``."""
    filters = filters or Filters()
    first = search(engine, raw, filters, page, today)
    out = first.to_dict() | {"ran_query": raw, "retry": None, "suggestions": [], "word_counts": [], "advice": []}
    if first.too_deep:
        return _too_deep(engine, raw, filters, today, out)
    if not first.total and raw.strip() and not parse_query(raw).empty:
        out = _again(engine, raw, filters, page, today, out)
    elif first.total < FEW and page == 1 and raw.strip():
        out = _word_counts(Checks(engine), rewrite(raw, split=False).words, out)
    for r in out["results"]:
        r["snippet"], r["snippet_html"] = untag(r.get("snippet") or ""), untag_escaped(r.get("snippet_html") or "")
    if not out["total"] and raw.strip():
        out["advice"] = ADVICE + (["去掉引号：引号内的词要原样相连"] if any(q in raw for q in "\"“”") else []) + (
            ["去掉筛选条件（发文机关、年份、效力等）"] if filters.active() else [])
    return out


def _too_deep(engine: Engine, raw: str, filters: Filters, today: date | None, out: dict[str, Any]) -> dict[str, Any]:
    """A page past PAGE_LIMIT: when the results fill fewer pages, say how many there are, not the limit."""
    head = search(engine, raw, filters, 1, today)
    pages = max(1, -(-head.total // fulltext.PAGE_SIZE))
    if head.total_estimated or head.total_capped or pages >= pager.PAGE_LIMIT:
        return out
    out["notice"] = (f"只有 {pages} 页结果（共 {head.total} 份文件），第 {out['page']} 页不存在 / "
                     f"only {pages} page(s)")
    return out | {"total": head.total, "last_page": pages}


class Checks:
    """The counts one request looks up, each word once, whether the library holds a word at all (on PostgreSQL
    many words in one statement, :func:`zhengce.library.pgsearch.pg_held`: a word it lacks is one index probe a
    partition, where a count reads ranges of ids before it gives up), and how many candidate words it may still
    check."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.left = MAX_CHECKS
        self.seen: dict[str, int] = {}
        self.held: dict[str, bool] = {}
        self.batched = chosen(engine) == "postgresql"  # many words looked up in one statement

    def count(self, text: str) -> int:
        """Documents of the whole library that hold ``text`` (up to the count's cap)."""
        if self.held.get(text) is False:
            return 0
        if text not in self.seen:
            q = parse_query(text)
            with Session(self.engine) as session:
                self.seen[text] = 0 if q.empty else ranked_page(session, q, [], 1)[0]
            self.held[text] = self.seen[text] > 0
        return self.seen[text]

    def look(self, texts: list[str]) -> None:
        """Find out whether the library holds each of ``texts``: on PostgreSQL the one-word ones in one
        statement, the others (and every one on the other engines, where a count is cheap) counted."""
        new = [t for t in dict.fromkeys(texts) if t not in self.held]
        words = [t for t in new if _one_word(t)]
        if words and self.batched:
            with Session(self.engine) as session:
                self.held.update(zip(words, pg_held(session, [parse_query(w) for w in words]), strict=True))
        for text in new:
            if text not in self.held:
                self.count(text)

    def holds(self, text: str) -> bool:
        """Whether any document of the library holds ``text``."""
        self.look([text])
        return self.held[text]

    def best(self, candidates: list[str]) -> str | None:
        """The candidate most documents hold, checking as many as are left (counted only when the library
        holds more than one of them)."""
        tried = candidates[: max(0, self.left)]
        self.left -= len(tried)
        self.look(tried)
        there = [w for w in tried if self.held[w]]
        if len(there) < 2:
            return there[0] if there else None
        return max(there, key=self.count)  # the first of the most held


def _one_word(text: str) -> bool:
    """A query of one word (no phrase, no 文号): whether the library holds it is a lookup of its tokens."""
    q = parse_query(text)
    return len(q.terms) == 1 and q.terms[0].kind == "word"


def _cannot_match(checks: Checks, reading: Rewrite) -> bool:
    """Whether ``reading`` requires a word that no document of the library holds (its search would find nothing):
    its words looked up together where that is one statement (elsewhere a count a word costs more than the
    reading's search)."""
    if not checks.batched:
        return False
    words = [w for w in reading.words if _one_word(w)]
    checks.look(words)
    return any(not checks.held[w] for w in words)


def _quoted(words: list[str]) -> str:
    return "".join(f"“{w}”" for w in words)


def _again(engine: Engine, raw: str, filters: Filters, page: int, today: date | None,
           out: dict[str, Any]) -> dict[str, Any]:
    """The first reading of ``raw`` that finds something (see the module's steps), else ``out`` with help."""
    checks = Checks(engine)
    latin = latin_only(raw)
    if latin:
        spelt = [pinyin_words(w) for w in latin]
        checks.look([w for words in spelt for w in words][: checks.left])  # every word's candidates at once
        found = [checks.best(words) for words in spelt]
        if all(found):
            words = [f for f in found if f]
            ran = _run(engine, " ".join(words), filters, page, today, out)
            if ran:  # read as pinyin: the page says how, and does not ask for characters too
                return ran | {"retry": f"“{raw.strip()}”按拼音读作{_quoted(words)}检索", "suggestions": words}
        out["notice"] = LATIN
        return out
    tried = {" ".join(fold(raw).split())}
    split = rewrite(raw, split=True)
    whole = rewrite(raw, split=False)
    if checks.batched:  # both readings' words and the runs _respelt checks, at once
        checks.look([w for w in whole.words + split.words if _one_word(w)])
    for reading in (whole, split):
        if reading.query and reading.query not in tried and not _cannot_match(checks, reading):
            tried.add(reading.query)
            ran = _run(engine, reading.query, filters, page, today, out)
            if ran:
                return ran | {"retry": _why(raw, reading)}
    fixed, changed = [], []
    for run in whole.words:
        other = _respelt(checks, run)
        fixed.append(other or run)
        if other:
            changed.append(other)
    if changed:
        query = " ".join(fixed)
        out["suggestions"] = [query]
        for reading in dict.fromkeys([query, rewrite(query, split=False).query, rewrite(query, split=True).query]):
            ran = _run(engine, reading, filters, page, today, out)
            if ran:
                listed = f"“{reading}”的结果" if reading == query else f"同时含有{_quoted(reading.split())}的文件"
                return ran | {"retry": f"未找到“{raw.strip()}”。您要找的是不是：{query}？以下为{listed}"}
    return _word_counts(checks, split.words, out)


def _word_counts(checks: Checks, words: list[str], out: dict[str, Any]) -> dict[str, Any]:
    """How many documents hold each of two or more words alone: the ways on from few or no results."""
    if 1 < len(words) <= 6:
        out["word_counts"] = [{"word": w, "count": checks.count(w)} for w in words]
    return out


def _respelt(checks: Checks, run: str) -> str | None:
    """``run`` (a part of the query) with a word the library lacks replaced by a homophone it holds, or None:
    the whole run when it is a word of two to four characters, else each of its words."""
    if not CJK.fullmatch(run) or checks.holds(run):
        return None
    if 2 <= len(run) <= 4:
        best = checks.best(homophones(run))
        if best:
            return best
    words, changed = [w for w in rjieba.cut(run) if w not in STOP], False  # unknown words guessed (补帖)
    for k, word in enumerate(words):
        if len(word) > 1 and len(words) > 1 and not checks.holds(word):
            best = checks.best(homophones(word))
            if best:
                words[k], changed = best, True
    return "".join(words) if changed else None


def _run(engine: Engine, query: str, filters: Filters, page: int, today: date | None,
         out: dict[str, Any]) -> dict[str, Any] | None:
    """The page of ``query`` in place of ``out``'s, when it finds something (the notices of ``out`` kept)."""
    found = search(engine, query, filters, page, today)
    if not found.total:
        return None
    notice = out["notice"] or found.notice
    return out | found.to_dict() | {"query": out["query"], "ran_query": query, "notice": notice}


def _why(raw: str, reading: Rewrite) -> str:
    """What the page says of a reading: what was not found, what is listed instead and what was changed."""
    words = reading.query.split()
    listed = f"同时含有{_quoted(words)}的文件" if len(words) > 1 else f"{_quoted(words)}的结果"
    notes = [f"“{said}”按“{written}”检索" for said, written in reading.replaced]
    if reading.dropped:
        notes.append(f"略去了{_quoted(reading.dropped)}")
    return f"未找到“{raw.strip()}”，以下为{listed}" + (f"（{'；'.join(notes)}）" if notes else "")
