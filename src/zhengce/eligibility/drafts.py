"""Draft eligibility rules from text, for review: never matched until a person writes them as a rule.

A sentence that states a beneficiary and what it gets (``对…的，给予…``, ``凡…的，可享受…``), a lead
``符合下列条件的`` with the items that follow, or a heading or lead naming the beneficiaries
(``支持对象``, ``申报条件``, ``补贴对象``, ``保险对象``) becomes a draft: the document and clause, the
sentence and its offsets, the beneficiary, each condition with a guessed type (place, date, count,
amount, membership, certification, kind) and the benefit with its money terms.
"""

from __future__ import annotations

import re
from typing import Any

from zhengce.extract.moneyrules import money_terms
from zhengce.parse.model import Document, Node, ParsedSource

STATES = re.compile(
    r"(?:^|[。；，,、]|\n)\s*(?:对于?|凡)(?P<who>[^。；]{2,160}?(?:的[^。；，,的]{0,15}|者))[，,]\s*"
    r"(?P<benefit>[^。；]{0,40}?(?:给予|予以|按|奖励|补贴|补助|资助|享受|返还|减免|免征|可申请)[^。；]*)")
BENEFIT = re.compile(r"给予|予以|奖励|补贴|补助|资助|享受|返还|减免|免征|赔付|救助")
DUTY = re.compile(r"通报|考核|批评|问责|追责|纳税人进行")
LEAD = re.compile(r"符合(?:以下|下列)(?:条件|情形)(?:之一)?的")
NAMED = re.compile(r"(支持对象|申报条件|补贴对象|资助对象|奖励对象|保险对象|适用对象|补助对象|享受对象|申报对象)[：:]?")

_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("amount", re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元)(?:以上|以下)?|营业收入|纳税")),
    ("count", re.compile(r"\d+\s*(?:个月|年|件|人|家|项|个|亩|头|只)|满[一二三四五六七八九十\d]+年|连续")),
    ("date", re.compile(r"\d{4}\s*年|有效期内|期限内|之日起|以前|以后|之前|之后|上年度|当年|本年度")),
    ("certification", re.compile(r"认定|认证|获批|获得|持有|取得|资质|证书|卡|称号|评为")),
    ("membership", re.compile(r"脱贫|监测|低保|特困|建档立卡|名单|目录|名录|库")),
    ("place", re.compile(r"[区县市镇乡村]内|城区|园区|高新区|开发区|境内|辖区|在[^，,]{1,12}(?:县|市|区|园)")),
    ("kind", re.compile(r"企业|个人|家庭|农户|居民|人员|员工|人才|职工|经营主体|合作社|个体工商户")),
)


# what a reviewer reads for each guessed type
TYPE_NAMES = {"amount": "金额", "count": "数量或期限", "date": "日期", "certification": "认定或资质",
              "membership": "名单身份", "place": "地点", "kind": "对象类型", "other": "其他"}


def _kind_of(text: str) -> str:
    return next((name for name, pattern in _TYPES if pattern.search(text)), "other")


def _bare(text: str, node: Node) -> str:
    """A list item's text without its number and closing punctuation."""
    text = text.strip()
    if node.label and text.startswith(node.label):
        text = text[len(node.label):]
    return text.strip().rstrip("；;。.，,")


_OPEN, _CLOSE = "（(【[〔《“", "）)】]〕》”"


def _outside_brackets(text: str) -> str:
    """``text`` with every character inside brackets masked (same length): a split never falls inside
    （含住宅、非住宅，不含车库）."""
    out, depth = [], 0
    for ch in text:
        if ch in _CLOSE and depth:
            depth -= 1
        out.append("□" if depth and ch not in _OPEN else ch)
        if ch in _OPEN:
            depth += 1
    return "".join(out)


def _conditions(who: str) -> list[dict[str, str]]:
    masked, parts, at = _outside_brackets(who), [], 0
    for m in re.finditer(r"[，,]|并且|并|且", masked):
        parts.append(who[at:m.start()])
        at = m.end()
    parts.append(who[at:])
    return [{"text": p.strip(), "type": _kind_of(p)} for p in parts if p.strip()]


def _clauses(doc: Document) -> dict[str, str]:
    """Each node's clause, written as its numbering path (``四（二）``, ``第八条``)."""
    out: dict[str, str] = {}

    def walk(node: Node, path: str) -> None:
        label = re.sub(r"[、.．\s]+$", "", node.label or "")
        here = path + label if label else path
        out[node.id] = here
        for child in node.children:
            walk(child, here)

    if doc.tree is not None:
        walk(doc.tree, "")
    return out


def draft_rules(parsed: ParsedSource) -> list[dict[str, Any]]:
    """Draft rules of every document of a parsed source, in text order."""
    text = parsed.text
    drafts: list[dict[str, Any]] = []
    for doc in parsed.documents:
        if doc.tree is None:
            continue
        clauses = _clauses(doc)
        number = doc.doc_number.text if doc.doc_number else None
        nodes = [n for n in doc.tree.walk() if n.end > n.start]
        for k, node in enumerate(nodes):
            own_end = min([c.start for c in node.children] + [node.end])
            own = text[node.start:own_end]
            base = {"document": number, "title": doc.title, "clause": clauses.get(node.id, ""), "node_id": node.id,
                    "status": "draft"}
            for m in STATES.finditer(own):
                if not BENEFIT.search(m.group("benefit")) and not money_terms(m.group("benefit")):
                    continue  # 对…的，按程序移交: a duty, not a benefit
                if DUTY.search(m.group("who") + m.group("benefit")):
                    continue  # 对…的单位通报表扬、考核加分: supervision, not a benefit
                a, b = node.start + m.start("who"), node.start + m.end("benefit")
                drafts.append({**base, "form": "对…的，给予…", "sentence": text[a:b].strip(),
                               "start": a, "end": b, "beneficiary": m.group("who").strip(),
                               "conditions": _conditions(m.group("who")), "benefit": m.group("benefit").strip(),
                               "money": [t.record() for t in money_terms(m.group("benefit"))]})
            for m in LEAD.finditer(own):
                items = [c for c in node.children if c.end > c.start] or \
                    [n for n in nodes[k + 1:k + 12] if n.start >= node.end and n.kind == "item"][:8]
                conditions = [{"text": _bare(text[c.start:min([g.start for g in c.children] + [c.end])], c),
                               "type": _kind_of(text[c.start:c.end]), "clause": clauses.get(c.id, "")}
                              for c in items]
                sentence_end = own.find("。", m.end())
                b = node.start + (sentence_end + 1 if sentence_end >= 0 else len(own))
                benefit = own[m.end():sentence_end if sentence_end >= 0 else len(own)].strip("，,：: ")
                drafts.append({**base, "form": "符合下列条件的", "sentence": text[node.start + m.start():b].strip(),
                               "start": node.start + m.start(), "end": b, "beneficiary": "",
                               "conditions": conditions, "benefit": benefit,
                               "money": [t.record() for t in money_terms(benefit)]})
            heading = node.heading or ""
            named = NAMED.search(heading) or (NAMED.match(own.strip()) if not heading else None)
            if named:
                body = own
                conditions = [{"text": text[c.start:c.end].strip()[:200], "type": _kind_of(text[c.start:c.end]),
                               "clause": clauses.get(c.id, "")} for c in node.children] or _conditions(
                    re.sub(r"^\s*\S{0,6}?" + named.group(1) + r"[：:]?", "", body.strip())[:300])
                drafts.append({**base, "form": named.group(1), "sentence": own.strip()[:300], "start": node.start,
                               "end": own_end, "beneficiary": "", "conditions": conditions, "benefit": "",
                               "money": []})
    return drafts


__all__ = ["TYPE_NAMES", "draft_rules"]
