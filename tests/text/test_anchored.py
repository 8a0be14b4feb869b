"""Anchored grammars give exactly the matches of ``finditer``, found in a fraction of the time."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# loading every extractor and the parser registers their grammars
import zhengce.extract.facts
import zhengce.parse.pipeline
from zhengce.text.anchored import ANCHORED, Anchored
from zhengce.text.normalise import fold

SAMPLES = Path(zhengce.parse.pipeline.__file__).resolve().parents[1] / "samples"


def spans(matches) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def always(grammar: Anchored) -> Anchored:
    """The same grammar and anchor, anchored even on short texts."""
    probe = Anchored(grammar.pattern, grammar.anchor.pattern, grammar.back, short=0)
    ANCHORED.remove(probe)  # not one of the extractors' grammars
    return probe


def test_every_grammar_of_the_extractors_is_registered() -> None:
    assert len(ANCHORED) >= 10


@pytest.mark.parametrize("grammar", list(ANCHORED), ids=lambda g: g.anchor.pattern[:20])
def test_same_matches_as_finditer_on_the_samples(grammar: Anchored) -> None:
    probe = always(grammar)
    for path in sorted(SAMPLES.glob("*.txt")):
        text = fold(path.read_text(encoding="utf-8"))
        assert spans(probe.finditer(text)) == spans(grammar.pattern.finditer(text)), path.name
        first, found = grammar.pattern.search(text), probe.search(text)
        assert (found.span() if found else None) == (first.span() if first else None)


def alphabet(grammar: Anchored) -> str:
    """The characters the grammar and its anchor name, with digits, numerals, white space and filler."""
    named = {c for c in grammar.pattern.pattern + grammar.anchor.pattern if ord(c) > 127}
    return "".join(sorted(named | set("0123456789一二三四五六七八九十两年月日 \n\u3000的和，。(andzhGBT/-")))


@pytest.mark.parametrize("grammar", list(ANCHORED), ids=lambda g: g.anchor.pattern[:20])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_same_matches_as_finditer_on_random_text_of_its_own_characters(grammar: Anchored, data) -> None:
    text = data.draw(st.text(alphabet=alphabet(grammar), min_size=1, max_size=120))
    probe = always(grammar)
    assert spans(probe.finditer(text)) == spans(grammar.pattern.finditer(text))


def test_a_broken_promise_shows() -> None:
    """A lead-in longer than ``back`` is missed: the tests above would catch a rule that outgrew its anchor."""
    pattern = re.compile(r"(?:力争|确保)?\s*\d{4}\s*年底")
    text = "到时力争 2025 年底完成"
    assert [m.group(0) for m in Anchored(pattern, "年底", back=4, short=0).finditer(text)] == [" 2025 年底"]
    assert [m.group(0) for m in Anchored(pattern, "年底", back=6, short=0).finditer(text)] == ["力争 2025 年底"]
    assert [m.group(0) for m in pattern.finditer(text)] == ["力争 2025 年底"]


def test_look_behind_sees_the_text_before_the_window() -> None:
    pattern = re.compile(r"(?<![\d年])年底前")
    grammar = Anchored(pattern, "年底", back=0, short=0)
    assert [m.start() for m in grammar.finditer("2025年底前，年底前，年年底前")] == [8]


def test_faster_than_finditer_on_a_long_text() -> None:
    """The reason for the anchors: a grammar with an optional lead-in, on a gazette-sized text."""
    text = fold("".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))))
    pattern = re.compile(r"(?:(?:到|至|于|在|力争|确保|截至)\s*)?(?P<y>\d{4})\s*年\s*(?P<w>底|末|年底|年末|内|前|以前)")
    grammar = Anchored(pattern, r"年\s*(?:底|末|年底|年末|内|前|以前)", back=6)
    t0 = time.process_time()
    plain = spans(pattern.finditer(text))
    t1 = time.process_time()
    anchored = spans(grammar.finditer(text))
    t2 = time.process_time()
    assert anchored == plain and plain
    assert t2 - t1 < (t1 - t0) / 2



@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_first_look_of_the_status_events_misses_no_sentence(data) -> None:
    """A sentence without any word of EVENT_WORDS is skipped: neither REPEAL nor AMEND may match it (random text
    of the characters the two grammars name, so that a word added to either shows here)."""
    from zhengce.extract.validity import AMEND, EVENT_WORDS, REPEAL

    named = sorted({c for c in REPEAL.pattern + AMEND.pattern if ord(c) > 127})
    text = data.draw(st.text(alphabet="".join(named), max_size=30))
    if REPEAL.search(text) or AMEND.search(text):
        assert EVENT_WORDS.search(text)


def test_spaces_inside_and_before_the_look_back_are_stepped_over_as_finditer_does() -> None:
    # the look-back counts its characters at once when none of them is white space: spaces right before
    # them, among them, or a match beginning further back over spaces must still be found
    import random
    import re

    pattern = re.compile(r"(?:甲\s*乙\s*)?丙{1,2}\s*丁")
    anchored = Anchored(pattern, "丁", back=4, short=0)
    ANCHORED.remove(anchored)  # (a grammar of this test only)
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice("甲乙丙丁戊  \u3000\n") for _ in range(rng.randint(0, 40)))
        assert [(m.span(), m.group()) for m in anchored.finditer(text)] == \
            [(m.span(), m.group()) for m in pattern.finditer(text)], text
