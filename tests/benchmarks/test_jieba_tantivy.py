"""Issue 21's baseline (benchmarks/jieba_tantivy.py) shows the page zhengce's does: the count, the best 20
with snippets, and the five facets of every match — counted by tantivy's aggregations — and, asked without
facets, the same count and results as before."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import jieba_tantivy

BODIES = ["加强安全生产管理，落实企业主体责任。", "做好防汛抗旱工作，确保群众安全。", "推进政务服务一网通办。"]


def _made(n: int) -> list[dict]:
    places = ["青山市", "南河县", "西岭区"]
    return [{"id": i, "title": f"关于第{i}项工作的通知", "number": f"青政发〔{2015 + i % 4}〕{i}号",
             "issuer": places[i % 3] + ("人民政府" if i % 2 else "财政局"), "jurisdiction": places[i % 3],
             "year": 2015 + i % 4, "kind": "通知", "body": [BODIES[i % 3], BODIES[(i + 1) % 3]]}
            for i in range(1, n + 1)]


def test_the_baseline_counts_the_facets_of_every_match(tmp_path: Path) -> None:
    made = _made(45)  # more matches than the page shows
    index = jieba_tantivy.build(tmp_path / "jieba", made)
    assert jieba_tantivy.open_built(tmp_path / "jieba", len(made)) is not None
    page = jieba_tantivy.Baseline(index, True).page("安全")
    matching = [d for d in made if any("安全" in b for b in d["body"])]
    assert page["total"] == len(matching) and len(page["results"]) == jieba_tantivy.PAGE
    assert page["facets"]["issuer"] == Counter(d["issuer"] for d in matching)
    assert {int(k): n for k, n in page["facets"]["year"].items()} == Counter(d["year"] for d in matching)
    assert sum(page["facets"]["tasks"].values()) == len(matching)
    assert all("<b>" in r["snippet_html"] for r in page["results"])
    bare = jieba_tantivy.Baseline(index, False).page("安全")
    assert bare["facets"] == {} and bare["total"] == page["total"]
    assert [r["id"] for r in bare["results"]] == [r["id"] for r in page["results"]]
    assert jieba_tantivy.Baseline(index, True).page("没有这个词")["total"] == 0


def test_an_index_of_the_old_layout_is_built_again(tmp_path: Path) -> None:
    jieba_tantivy.build(tmp_path / "jieba", _made(3))
    (tmp_path / "jieba" / jieba_tantivy.LAYOUT_FILE).write_text("1\n", encoding="utf-8")
    assert jieba_tantivy.open_built(tmp_path / "jieba", 3) is None
