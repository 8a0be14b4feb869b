"""Shortcuts of reading a document and its tasks give what the full rules give: a memoised issuer test hands out
a fresh list, and each C-level test taken before a pattern (a word, a bracket, a first character) holds wherever
that pattern matches in the samples — a pattern widened later without its test fails here."""

from __future__ import annotations

from pathlib import Path

from zhengce.extract.tasks.clauses import may_hold_tag
from zhengce.extract.tasks.tags import OPEN, tag_group
from zhengce.parse.metadata import EFFECTIVE, SUBJECT_PERIOD, VALID_UNTIL, VALID_YEARS, issuer_parts
from zhengce.parse.pipeline import parse_text
from zhengce.parse.structure import ATTACHMENT_LINE, ATTACHMENT_WITH_TITLE
from zhengce.text.normalise import fold

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "src" / "zhengce" / "samples").glob("*.txt"))
REALWORLD = sorted((ROOT.parent / "shared" / "realworld" / "pages").glob("*.txt"))


def _texts() -> list[str]:
    return [fold(p.read_text(encoding="utf-8")) for p in [*SAMPLES, *REALWORLD]]


def test_issuer_parts_hands_out_a_fresh_list_each_time() -> None:
    first = issuer_parts("县人民政府 县人民法院")
    assert first == ["县人民政府", "县人民法院"]
    first.append("县财政局")  # a caller extends what it gets (joint issuers read line by line)
    assert issuer_parts("县人民政府 县人民法院") == ["县人民政府", "县人民法院"]
    assert issuer_parts("为加快推进新型工业化，制定本方案。") is None
    many = [f"{place}县人民政府办公室" for place in ("云台", "青山", "临川", "白沙", "石门", "长乐", "安平", "东阳",
                                                  "南溪", "北川", "西乡", "平和")]
    assert len(" ".join(many)) > 120  # a line that long is read without the memo, the same way
    for _ in range(2):
        assert issuer_parts(" ".join(many)) == many


def test_joint_issuers_signed_one_under_the_other_are_all_kept() -> None:
    text = ("县人民政府 县应急管理局\n关于做好防汛工作的通知\n县政发〔2025〕3号\n\n各乡镇：\n\n请认真落实。\n\n"
            "县人民政府\n县应急管理局\n2025年5月6日\n")
    for _ in range(2):  # the second time the lines are answered from the memo
        doc = parse_text(text).documents[0]
        assert doc.issuer == "县人民政府、县应急管理局"
        assert doc.signed is not None and doc.signed.isoformat() == "2025-05-06"


def test_a_clause_without_an_opening_bracket_has_no_tag() -> None:
    for ch in OPEN:  # every bracket that opens a tag passes the test
        assert may_hold_tag(f"落实责任。{ch}县财政局负责")
    seen = 0
    for text in _texts():
        for para in text.split("\n"):
            if not may_hold_tag(para):
                assert tag_group(para) is None
                seen += 1
    assert seen > 500


def test_validity_words_stand_in_every_match_of_their_patterns() -> None:
    found = {"effective": 0, "until": 0, "years": 0, "period": 0}
    for text in _texts():
        for m in EFFECTIVE.finditer(text):
            assert "起" in m.group(0)
            found["effective"] += 1
        for m in VALID_UNTIL.finditer(text):
            assert "有效期" in m.group(0)
            found["until"] += 1
        for m in VALID_YEARS.finditer(text):
            assert "期" in m.group(0)
            found["years"] += 1
        for m in SUBJECT_PERIOD.finditer(text):
            assert any(w in m.group(0) for w in "期间段")
            found["period"] += 1
    assert found["effective"] > 5 and found["years"] > 0


def test_attachment_lines_open_with_the_character_tested_first() -> None:
    seen = 0
    for text in _texts():
        for line in text.split("\n"):
            key = line.strip()
            if ATTACHMENT_LINE.match(key) or ATTACHMENT_WITH_TITLE.match(key):
                assert key[:1] == "附"
                seen += 1
    assert seen > 5


def test_table_lines_are_the_lines_with_a_tab() -> None:
    # build_tree tests a tab in line instead of calling is_table_line: the two must agree
    from zhengce.parse.lines import split_lines
    from zhengce.parse.tabrows import is_table_line

    lines = [ln for p in SAMPLES for ln in split_lines(p.read_text(encoding="utf-8"))]
    assert any("\t" in ln.text for ln in lines)
    assert all(is_table_line(ln) == ("\t" in ln.text) for ln in lines)


def test_a_date_line_read_again_gives_the_same_date() -> None:
    from zhengce.parse.metadata import date_of_line
    from zhengce.text.lexicon import parse_date

    for line in ("二〇二五年四月二十六日", "2025年3月6日", "2024-01-05", "县人民政府"):
        assert date_of_line(line) == parse_date(line) == date_of_line(line)
    assert date_of_line("二〇二五年四月二十六日").isoformat() == "2025-04-26"


def _trailing_group_scanned(text: str) -> tuple[int, int] | None:
    """The bracket group that ends ``text``, found by the scan from its end (the rule the shortcut stands for)."""
    end = len(text.rstrip(" \t\n\u3000。；;"))
    if end == 0 or text[end - 1] not in ")）〕]":
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        if text[i] in ")）〕]":
            depth += 1
        elif text[i] in "(（〔[":
            depth -= 1
            if depth == 0:
                return i, end
    return None


def test_the_tag_that_ends_a_clause_is_the_one_the_scan_finds() -> None:
    from zhengce.extract.tasks.tags import trailing_group

    made = ["落实到位。（县工信局牵头，县财政局配合）", "落实到位。（县财政局(国库科)负责）。", "见附表)（县发改局负责）",
            "项目〔2025〕3号（县住建局负责）", "完成任务。县财政局负责）", "（一）（二）", "[牵头单位]县财政局]"]
    lines = [ln for text in _texts() for ln in text.split("\n")]
    tagged = 0
    for line in [*made, *lines]:
        assert trailing_group(line) == _trailing_group_scanned(line), line
        tagged += trailing_group(line) is not None
    assert tagged > 100
    assert trailing_group(made[1]) == (5, len(made[1]) - 1)  # a bracket inside the tag: the outer group


def test_nodes_that_are_no_clause_give_no_task() -> None:
    # extract_tasks passes over the other kinds of node without asking its readers: they must answer nothing
    from zhengce.extract.tasks.clauses import task_at_node
    from zhengce.extract.tasks.extractor import TASK_KINDS
    from zhengce.extract.tasks.groups import group_task

    other = 0
    for path in SAMPLES:
        parsed = parse_text(path.read_text(encoding="utf-8"), path.name)
        text = parsed.text
        for doc in parsed.documents:
            assert doc.tree is not None
            for node in doc.tree.walk():
                if node.kind in TASK_KINDS and node.table is None:
                    continue
                other += 1
                assert task_at_node(doc, text, node, []) is None
                assert group_task(doc, text, fold(text), node, []) is None
    assert other > 50


def test_a_locator_asked_again_for_the_same_tree_finds_the_same_nodes() -> None:
    from zhengce.parse.model import NodeLocator

    parsed = parse_text(SAMPLES[0].read_text(encoding="utf-8"), SAMPLES[0].name)
    trees = [d.tree for d in parsed.documents if d.tree is not None]
    for tree in [t for t in trees for _ in range(2)]:  # the second time from the last tree's nodes
        fresh = sorted((n for n in tree.walk() if n.end > n.start), key=lambda n: n.start)
        located = NodeLocator(tree)
        assert [id(n) for n in located.nodes] == [id(n) for n in fresh]
        node = fresh[-1]
        assert located.locate(node.start, node.end) is node
