"""The worker's shortcuts give what the long way gives: a clause tree walked from a stack in document order,
a document's JSON without ``dataclasses.asdict``, a task's stored data equal to the parts of its record, and
a signing date found whatever its numerals (the signature skips lines without a figure or 年)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from zhengce.db.rows import source_rows
from zhengce.extract.facts import extract_source
from zhengce.parse.model import Node
from zhengce.parse.pipeline import parse_path, parse_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples").glob("*.txt"))


def _walk_recursive(node: Node) -> list[Node]:
    return [node, *(n for child in node.children for n in _walk_recursive(child))]


def test_walk_is_document_order_parents_first() -> None:
    leaf = [Node(f"n{k}", "item") for k in range(5)]
    tree = Node("d", "document", children=[Node("a", "part", children=[leaf[0], Node("b", "section",
                children=[leaf[1], leaf[2]])]), leaf[3], Node("c", "part", children=[leaf[4]])])
    assert [n.id for n in tree.walk()] == ["d", "a", "n0", "b", "n1", "n2", "n3", "c", "n4"]
    for path in SAMPLES[:3]:
        for doc in parse_path(path).documents:
            assert doc.tree is not None
            assert [id(n) for n in doc.tree.walk()] == [id(n) for n in _walk_recursive(doc.tree)]


def test_document_json_holds_its_number_attachments_and_gazette_as_asdict_would() -> None:
    found = 0
    for path in SAMPLES:
        for doc in parse_path(path).documents:
            out = doc.to_dict()
            if doc.doc_number:
                assert out["doc_number_parts"] == dataclasses.asdict(doc.doc_number)
                found += 1
            assert out["attachments"] == [dataclasses.asdict(a) for a in doc.attachments]
            assert out["gazette"] == (dataclasses.asdict(doc.gazette) if doc.gazette else None)
    assert found > 10


def test_stored_task_data_is_the_record_s_parents_and_tag_span() -> None:
    seen = 0
    for path in SAMPLES:
        parsed = parse_path(path)
        facts = extract_source(parsed)
        rows = source_rows(parsed, facts, pg=False)
        for f, d in zip(facts, rows.documents, strict=True):
            for task, row in zip(f.tasks, d.tasks, strict=True):
                record, data = task.record(), json.loads(row[-1])
                assert (data["parents"], data["tag_span"], row[3]) == (
                    record["parents"], record["tag_span"], record["number"])
                seen += 1
    assert seen > 100


def test_signing_date_in_chinese_numerals_is_still_found() -> None:
    text = ("青石县人民政府办公室关于做好春季防火工作的通知\n各乡镇人民政府：\n"
            "请各乡镇做好春季森林防火工作，落实巡查责任。\n青石县人民政府办公室\n二〇二四年三月五日\n")
    doc = parse_text(text).documents[0]
    assert doc.signed is not None and doc.signed.isoformat() == "2024-03-05"
