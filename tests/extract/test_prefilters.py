"""The extractors' shortcuts drop nothing: a prefilter never skips a text the full grammar would read, and a
result read once and kept for the next equal sentence is the same as reading it again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhengce.parse.pipeline
from zhengce.extract import deadlines as dl
from zhengce.extract.moneyrules import money_terms
from zhengce.extract.personnel import APPOINT, REMOVE, find_personnel, split_post
from zhengce.extract.targets import quantities
from zhengce.extract.targets.headings import is_goal_heading, plain_heading
from zhengce.extract.targets.phrases import is_base_year
from zhengce.text.normalise import fold

SAMPLES = Path(zhengce.parse.pipeline.__file__).resolve().parents[1] / "samples"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def pages() -> list[Path]:
    """The sample gazettes, the real-world pages and every held-out page beside the project."""
    found = sorted(SAMPLES.glob("*.txt")) + sorted((SHARED / "realworld" / "pages").glob("*.txt"))
    for folder in sorted(SHARED.parent.glob("heldout*")):
        found += sorted((folder / "pages").glob("*.txt"))
    return found


def clauses(text: str) -> list[str]:
    """A page cut as the extractors cut it: lines and sentences (what a task text or a clause holds)."""
    out = []
    for line in fold(text).split("\n"):
        out.append(line)
        out.extend(part for part in line.split("。") if part)
    return out


def test_deadlines_of_every_form_are_found() -> None:
    assert dl.find_deadlines("加强组织领导，落实工作责任。") == []
    assert [d.period for d in dl.find_deadlines("每月对本单位主办的文件进行研判")] == ["month"]  # no other anchor
    assert [d.month for d in dl.find_deadlines("每年9月组织")] == [9]
    found = dl.find_deadlines("各单位于每月5日前报送进展，2025年6月底前完成，5个工作日内办结。", 2025)
    assert [d.kind for d in found] == ["cadence", "date", "limit"]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="较比与 \t0122020年", max_size=24), year=st.sampled_from(["2020", "2021", "0122"]))
def test_a_base_year_is_read_as_the_pattern_made_for_that_year(text: str, year: str) -> None:
    """is_base_year uses one pattern for all years: it answers as ``(?:较|比|与)\\s*YEAR\\s*年`` made for each."""
    assert is_base_year(text, year) == bool(re.search(rf"(?:较|比|与)\s*{year}\s*年", text))


PERSONNEL = "王明同志任市交通运输局局长；免去李华同志市交通运输局局长职务。"


def test_the_personnel_prefilter_keeps_every_decision_on_real_pages() -> None:
    """A text without 同志 is skipped: no clause of a page the decision grammars read lacks it."""
    read = 0
    for path in pages():
        for clause in clauses(path.read_text(encoding="utf-8")):
            if APPOINT.match(clause.strip()) or REMOVE.match(clause.strip()):
                assert "同志" in clause
                read += 1
    assert read > 0


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="".join(sorted({c for c in APPOINT.pattern + REMOVE.pattern if ord(c) > 127}
                                            | set("王李明华局长市县；。"))), max_size=30))
def test_the_personnel_prefilter_keeps_every_decision_random_text(text: str) -> None:
    if APPOINT.match(text) or REMOVE.match(text):
        assert "同志" in text
        assert find_personnel(text)


@pytest.mark.parametrize("sentence", [
    "到2027年，规模以上工业增加值年均增长6%以上，新增规上企业20家。",
    "主要指标：地区生产总值增长7%左右。",
])
def test_a_sentence_read_again_gives_the_same_targets_and_a_caller_cannot_spoil_them(sentence: str) -> None:
    first = quantities(sentence)
    assert first
    kept = [(q.indicator, q.value, q.unit, q.bound, q.start, q.end) for q in first]
    first.clear()  # what one caller does with its list stays its own
    again = quantities(sentence)
    assert [(q.indicator, q.value, q.unit, q.bound, q.start, q.end) for q in again] == kept
    assert quantities(fold(sentence), is_folded=True) == again


def test_money_terms_read_again_are_the_same() -> None:
    sentence = "对新认定的企业给予一次性奖励50万元，最高不超过200万元。"
    first = money_terms(sentence)
    assert [t.kind for t in first] == ["amount", "cap"]
    first.clear()
    assert [t.kind for t in money_terms(sentence)] == ["amount", "cap"]


def test_personnel_read_from_a_folded_slice_as_from_the_text() -> None:
    events = find_personnel(PERSONNEL)
    assert [(e.person, e.event, e.org, e.title) for e in events] == [
        ("王明", "appoint", "市交通运输局", "局长"), ("李华", "remove", "市交通运输局", "局长")]
    assert find_personnel(PERSONNEL, fold(PERSONNEL)) == events
    assert find_personnel("加强干部队伍建设。") == []
    assert split_post("市公安局副局长（试用期一年）") == ("市公安局", "副局长", "试用期一年")


def test_headings_kept_from_an_earlier_document_answer_as_read() -> None:
    answers = [(h, is_goal_heading(h), plain_heading(h)) for h in ["主要目标", "强化目标考核", "近期目标（2026年）"]]
    assert [(a, b) for _, a, b in [(h, g, p) for h, g, p in answers]] == [
        (True, "主要目标"), (False, "强化目标考核"), (True, "近期目标")]
    assert [(is_goal_heading(h), plain_heading(h)) for h, _, _ in answers] == [(g, p) for _, g, p in answers]
