"""Property tests: the parser never raises on arbitrary text, and no character of a body is lost."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengce.parse.model import ParsedSource
from zhengce.parse.pipeline import parse_bytes, parse_text

PIECES = [
    "永州市人民政府办公室", "关于印发《某某办法》的通知", "永政办发〔2024〕10号", "YZCR-2024-01007",
    "各县市区人民政府：", "2024年7月22日", "一、", "（一）", "1.", "（1）", "①", "第一条", "第一章", "附件",
    "附件1", "一是", "二是", "市政府办文件", "解读", "\t", "\n", "\n\n", "。", "，", " and ", "（责任单位：市财政局）",
    "为进一步加强管理，", "现将有关事项通知如下", "目 录", "·····3", "《", "》", "有效期5年", "自发布之日起施行",
]

gazette_like = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=80).map("".join)


def check_partition(parsed: ParsedSource) -> None:
    for doc in parsed.documents:
        assert doc.tree is not None
        nodes = sorted(doc.tree.walk(), key=lambda n: n.start)
        assert nodes[0].start == doc.start
        for a, b in itertools.pairwise(nodes):
            assert a.end == b.start, (a.id, b.id)
        assert nodes[-1].end == doc.end
        assert "".join(n.text for n in nodes) == parsed.text[doc.start : doc.end]
        for node in nodes:
            assert node.text == parsed.text[node.start : node.end]
    # documents do not overlap and lie inside the text
    spans = [(d.start, d.end) for d in parsed.documents]
    assert spans == sorted(spans)
    for (a0, a1), (b0, _b1) in itertools.pairwise(spans):
        assert a0 <= a1 <= b0


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(gazette_like)
def test_parser_never_raises_and_loses_nothing_on_gazette_like_text(text: str) -> None:
    check_partition(parse_text(text, "x.txt"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_raises_on_arbitrary_text(text: str) -> None:
    check_partition(parse_text(text, "x.txt"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_clearly(data: bytes) -> None:
    from zhengce.text.read import ReadError

    try:
        parsed = parse_bytes(data, "x.bin")
    except ReadError as exc:
        assert str(exc)
    else:
        check_partition(parsed)


def test_sample_gazettes_partition_exactly() -> None:
    from pathlib import Path

    from zhengce.parse.pipeline import parse_path

    samples = sorted((Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples").glob("*.txt"))
    assert samples
    for path in samples:
        parsed = parse_path(path)
        assert parsed.documents
        check_partition(parsed)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(gazette_like)
def test_task_extraction_never_raises_and_spans_lie_inside_their_clause(text: str) -> None:
    from zhengce.extract.tasks import extract_tasks

    parsed = parse_text(text, "x.txt")
    for doc in parsed.documents:
        nodes = {n.id: n for n in doc.tree.walk()} if doc.tree else {}
        for task in extract_tasks(doc, parsed.text):
            node = nodes[task.node_id]
            assert node.start <= task.start <= task.end <= task.tag_start < task.tag_end
            assert doc.start <= node.start and task.tag_end <= doc.end
            assert parsed.text[task.tag_start : task.tag_end] == task.tag


TARGET_PIECES = [
    "二、主要目标", "——", "增长", "新增", "达到", "突破", "不低于", "控制在", "左右", "以上", "以下", "的", "由", "提高到",
    "7%", "12.5%", "160家", "3个百分点", "2025年", "较2022年", "全市", "力争", "“四上”", "(", ")", "、", "，", "。", "；",
    "规模工业增加值", "城镇化率", "每亩补贴", "\t", "指标名称", "≥79.2", "持续改善",
]
target_like = st.lists(st.sampled_from(PIECES + TARGET_PIECES) | st.text(max_size=8), max_size=80).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(target_like)
def test_target_extraction_never_raises_and_spans_lie_inside_their_clause(text: str) -> None:
    from zhengce.extract.targets import extract_targets

    parsed = parse_text(text, "x.txt")
    for doc in parsed.documents:
        nodes = {n.id: n for n in doc.tree.walk()} if doc.tree else {}
        for target in extract_targets(doc, parsed.text, include_tasks=True):
            node = nodes[target.node_id]
            assert node.start <= target.start <= target.end <= node.end
            if target.origin != "table":
                assert target.value in parsed.text[target.start : target.end]
                assert target.indicator


ELEMENT_PIECES = [
    "到2025年底", "6月底前", "5个工作日内", "每月5日前报送", "一月一调度一通报", "周调度、旬通报", "每周三、每旬8日前",
    "《某某条例》", "（湘政发〔2024〕6号）", "GB/T 1234-2020", "同志任", "免去", "同志的", "职务", "挂职时间两年",
    "按", "的50%", "给予", "补贴", "250元/亩", "最高不超过", "2万元", "至", "关于张三等同志职务任免的通知", "；",
]
element_like = st.lists(st.sampled_from(PIECES + TARGET_PIECES + ELEMENT_PIECES) | st.text(max_size=8),
                        max_size=80).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(element_like)
def test_element_extractors_never_raise_and_spans_lie_inside_their_document(text: str) -> None:
    from zhengce.extract.deadlines import extract_deadlines
    from zhengce.extract.moneyrules import extract_money_rules
    from zhengce.extract.personnel import extract_personnel
    from zhengce.extract.references import DocumentIndex, extract_references

    parsed = parse_text(text, "x.txt")
    index = DocumentIndex(("x.txt", d) for d in parsed.documents)
    for doc in parsed.documents:
        spans = [(d.start, d.end, d.text) for d in extract_deadlines(doc, parsed.text)]
        spans += [(r.start, r.end, r.text) for r in extract_references(doc, parsed.text, index)]
        spans += [(r.start, r.end, r.text) for r in extract_money_rules(doc, parsed.text)]
        spans += [(e.start, e.end, e.text) for e in extract_personnel(doc, parsed.text)]
        for start, end, printed in spans:
            assert doc.start <= start <= end <= doc.end
            assert parsed.text[start:end] == printed
