"""The parse front's first looks never drop a line the full rule would take: a header is only sought on a line
holding a genre word, a web-metadata pair only on a line holding a key, a page break only repaired after a line
that does not end whole. Checked over the samples, the real pages of ../shared and random lines made of the
rules' own characters (genre words, keys, brackets, figures, sentence ends, tabs and spaces)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from zhengce.parse.headers import find_headers, title_candidates
from zhengce.parse.lines import Line, nonblank_after, nonblank_before, nonblank_from, split_lines
from zhengce.parse.metadata import GENRES
from zhengce.parse.pipeline import parse_path
from zhengce.parse.titles import title_end
from zhengce.parse.webmeta import _CANON, _pairs, may_pair, parse_web_meta
from zhengce.text.normalise import TERMINAL, _dangling, _ends_whole, _incomplete, fold, repair

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "src" / "zhengce" / "samples").glob("*.txt"))
PIECES = [*GENRES, *_CANON, "- ", "• ", "[", "]", "[ ", " ]", "】", "【", "关于", "印发", "的", "(试行)", "〔2023〕", "12号", "2023年3月1日", "2023-03-01",
          "[有效]", "(失效)", ":", "：", "|", "\t", "  ", " ", "《", "》", "(", ")", "（", "）", "【", "】", "县人民政府",
          "办公室", "各乡镇", "，", "、", *TERMINAL, "一、", "(一)", "1.", "文 号", "索 引 号", "推进", "工作", "12", "X"]


def _random_lines(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 14))) for _ in range(count)]


def _texts(shared_dir: Path | None) -> list[str]:
    texts = [parse_path(p).text for p in SAMPLES]
    if shared_dir is not None:
        texts += [parse_path(p).text for p in sorted((shared_dir / "realworld" / "pages").glob("*"))
                  if p.is_file()]
    texts += ["\n".join(_random_lines(seed, 400)) for seed in range(5)]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    shared_dir = ROOT.parent / "shared"
    return _texts(shared_dir if (shared_dir / "realworld" / "pages").is_dir() else None)


def test_every_line_that_ends_a_title_is_a_candidate(texts: list[str]) -> None:
    ending = 0
    for text in texts:
        lines = split_lines(text)
        candidates = set(title_candidates(lines))
        for ln in lines:
            if ln.key and title_end(ln.key) is not None:
                ending += 1
                assert ln.index in candidates, ln.key
        assert len(candidates) <= sum(1 for ln in lines if ln.key)
    assert ending > 200  # the random lines end titles too: the check is not empty


def test_headers_are_found_on_a_page_whatever_its_lines_around() -> None:
    # a title line preceded by lines holding genre words that end no title: the first look keeps them all
    text = "各单位：现将有关通知转发给你们，请认真贯彻落实意见。\n\n县人民政府关于做好防汛工作的通知\n\n各乡镇人民政府：\n" \
           "为做好今年防汛工作，现就有关事项通知如下。\n"
    headers = find_headers(split_lines(text))
    assert [h.title for h in headers] == ["关于做好防汛工作的通知"]


def _line(key: str) -> Line:
    return Line(0, 0, len(key), key, fold(key).strip())


def test_a_line_without_a_key_is_never_a_metadata_pair(texts: list[str]) -> None:
    pairs = 0
    for text in texts:
        for ln in split_lines(text)[:400]:
            if not ln.key:
                continue
            found = _pairs(ln, True) is not None or _pairs(ln, False) is not None
            pairs += found
            assert not found or may_pair(ln.key), ln.key
    assert pairs > 50


def test_metadata_block_still_read_through_its_first_look() -> None:
    lines = split_lines("索 引 号：001/2023-01\n文号 | X政发〔2023〕1号 | 成文日期 | 2023-01-03\n发布机构\nX县人民政府\n")
    meta = parse_web_meta(lines)
    assert meta.fields == {"index": "001/2023-01", "doc_number": "X政发〔2023〕1号", "signed": "2023-01-03",
                           "issuer": "X县人民政府"}


def test_a_line_that_ends_whole_is_never_joined_to_the_next(texts: list[str]) -> None:
    whole = 0
    for text in texts:
        keys = [line for line in text.split("\n") if line.strip()]
        rnd = random.Random(len(keys))
        for k, prev in enumerate(keys):
            if not _ends_whole(prev.strip()):
                continue
            whole += 1
            assert not _incomplete(prev), prev
            for nxt in [keys[k + 1] if k + 1 < len(keys) else "", *rnd.sample(keys, min(3, len(keys)))]:
                assert not (nxt.strip() and _dangling(prev, nxt)), (prev, nxt)
    assert whole > 1000


def test_a_paragraph_cut_by_a_page_break_is_still_joined() -> None:
    text = "一、总体要求\n\n各地要加快推进农村公路建设，完善县乡村三级路网，提升\n\n\n通行能力和安全水平。\n"
    shown = repair(text).text
    assert "提升通行能力" in shown


def test_non_blank_neighbours_are_the_nearest_non_blank_lines() -> None:
    lines = split_lines("\n".join(_random_lines(7, 60)[k] if k % 3 else "  " for k in range(60)))
    nonblank = [ln for ln in lines if ln.key]
    for i in range(-1, len(lines)):
        after = [ln for ln in nonblank if ln.index > i]
        before = [ln for ln in reversed(nonblank) if ln.index < i]
        assert list(nonblank_from(lines, i)) == after
        for limit in (0, 1, 3, 16):
            assert nonblank_after(lines, i, limit) == after[:limit]
            if i >= 0:
                assert nonblank_before(lines, i, limit) == before[:limit]


def test_run_together_items_are_cut_as_without_the_first_look(texts: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from zhengce.parse import labels

    items = "\n".join(["一、总体要求。(一)加快建设。(二)完善路网。1.保障用地。2.加强金融支持。",
                       "各地要推进工作 (1)明确责任 (2)压实任务；(3)加强考核", *_random_lines(11, 300)])
    sources = [*texts, items]
    fast = [labels.split_inline_labels(split_lines(text), 0, len(text)) for text in sources]
    monkeypatch.setattr(labels, "_INLINE_CUT", re.compile(""))  # every line goes the long way
    slow = [labels.split_inline_labels(split_lines(text), 0, len(text)) for text in sources]
    assert fast == slow
    assert [ln.key for ln in fast[-1][:9]] == ["一、总体要求。", "(一)加快建设。", "(二)完善路网。", "1.保障用地。",
                                              "2.加强金融支持。", "各地要推进工作", "(1)明确责任", "(2)压实任务;",
                                              "(3)加强考核"]


def test_notes_and_glued_gazette_lines_are_only_sought_where_their_core_stands() -> None:
    from zhengce.text.normalise import _GLUED_CORE, _TONE, GLUED_GAZETTE_LINE, PINYIN_NOTE

    rnd = random.Random(13)
    slots = [["", " ", "\t", "\n", "县"], ["(", "（", "[", ""], ["", "2023年5月8日 县政府〔", "县政府(", "〔"],
             ["2023", "1999", "23", "2023年"], ["〕", "]", "］", ")", ""], ["", " ", "第"], ["12", "1", ""],
             ["号", "号)", "号）", ""], [")", "）", ""], ["  ", "\t\t", "\u3000\u3000", " ", "", " \u3000"],
             ["各乡镇", "a", "（dāng）", "(fā )", "( qián)", "县（ü）", "发（lǜ）", ""]]
    seen = {"note": 0, "glued": 0}
    for _ in range(4000):
        text = "".join(rnd.choice(slot) for slot in slots) * rnd.randint(1, 2)
        if PINYIN_NOTE.search(text):
            seen["note"] += 1
            assert _TONE.search(text), text
        if GLUED_GAZETTE_LINE.search(text):
            seen["glued"] += 1
            assert _GLUED_CORE.search(text), text
    assert seen["note"] > 100 and seen["glued"] > 10
    shown = repair("县人民政府关于做好防汛工作的通知\n（2023年5月8日 县政府〔2023〕12号）   各乡镇要做好防汛工作。\n").text
    assert shown.split("\n")[1:3] == ["（2023年5月8日 县政府〔2023〕12号）", "各乡镇要做好防汛工作。"]
