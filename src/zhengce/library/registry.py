"""Registry checks (登记号), expiry alerts, cleanup worksheets and the impact of repeals.

Plain functions over document records (dicts with ``id``, ``doc_number``, ``reg_code``, ``title``,
``issuer``, ``jurisdiction``, ``signed``, ``expires_on``, ``status``…) so that they work on whatever
the store returns. Checks are reported for review, never fixed silently:

* ``format`` — the last part is not two type digits and a three-digit serial (``PREFIX-YYYY-TTNNN``);
* ``year`` — the year of the code differs from the signing year;
* ``type`` — the type digits differ from the scheme the jurisdiction's other codes follow (for
  example 00 for the government's own documents and 01 for its office's);
* ``prefix`` — a prefix other than the one most codes of the jurisdiction use;
* ``duplicate`` — one code on two documents;
* ``gap`` — serial numbers missing between the first and the last of a prefix, year and type
  (codes known only from other documents, such as cleanup tables, fill gaps too);
* ``toc`` — a code printed differently in a gazette's table of contents and in the body.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from zhengce.text.lexicon import parse_reg_code

CHECK_NAMES = {"format": "格式不符", "year": "年份与成文日期不符", "type": "类型码与发文机关不符",
               "prefix": "前缀与同辖区不一致", "duplicate": "登记号重复", "gap": "流水号缺号",
               "toc": "目录与正文不一致"}


def _kind_of_issuer(issuer: str | None) -> str | None:
    if not issuer:
        return None
    if issuer.endswith("办公室") or issuer.endswith("办公厅"):
        return "office"
    if issuer.endswith("人民政府"):
        return "government"
    return None


def registry_checks(docs: list[dict[str, Any]],
                    known_codes: list[str | tuple[str, str | None, str | None]] = ()  # type: ignore[assignment]
                    ) -> list[dict[str, Any]]:
    """Findings about the registration codes of ``docs`` (each with the document it concerns).

    ``known_codes`` are codes that stored documents print for other documents — codes, or (code, 文号,
    title) rows of cleanup tables: they fill gaps, and a code given there to two documents is a duplicate.
    """
    known = [k if isinstance(k, tuple) else (k, None, None) for k in known_codes]
    known_codes = [k[0] for k in known]
    findings: list[dict[str, Any]] = []
    findings.extend(_shared_codes(docs, known))
    by_place: dict[str | None, list[tuple[dict[str, Any], Any]]] = defaultdict(list)
    for d in docs:
        code = parse_reg_code(d["reg_code"]) if d.get("reg_code") else None
        if code is not None:
            by_place[d.get("jurisdiction")].append((d, code))
        for w in d.get("warnings") or []:
            if "登记号" in w:
                findings.append(_finding("toc", d, w))
    for place, items in by_place.items():
        prefixes = Counter(c.prefix for _, c in items)
        main_prefix, main_count = prefixes.most_common(1)[0]
        scheme: dict[str, Counter[str]] = defaultdict(Counter)
        for d, c in items:
            kind = _kind_of_issuer(d.get("issuer"))
            if kind:
                scheme[kind][c.type_code] += 1
        usual = {k: v.most_common(1)[0][0] for k, v in scheme.items() if v and v.most_common(1)[0][1] >= 2}
        if len(set(usual.values())) < len(usual):
            usual = {}  # the jurisdiction does not tell government and office apart by type digits
        seen: dict[str, dict[str, Any]] = {}
        for d, c in items:
            if not c.type_code or len(c.text.rsplit("-", 1)[-1]) != 5:
                findings.append(_finding("format", d, f"{c.text}：末段应为2位类型码加3位流水号（如 01003）"))
            signed = date.fromisoformat(d["signed"]) if d.get("signed") else None
            if signed and signed.year != c.year:
                findings.append(_finding("year", d, f"登记号年份 {c.year}，成文日期 {signed.isoformat()}"))
            if c.prefix != main_prefix and main_count >= 2:
                findings.append(_finding("prefix", d, f"前缀 {c.prefix}，{place or '同辖区'}其余多为 {main_prefix}"))
            kind = _kind_of_issuer(d.get("issuer"))
            if kind in usual and c.type_code != usual[kind]:
                who = "政府" if kind == "government" else "政府办公室"
                findings.append(_finding("type", d, f"类型码 {c.type_code}，本辖区{who}文件多为 {usual[kind]}"))
            if c.text in seen and seen[c.text]["id"] != d["id"]:
                findings.append(_finding("duplicate", d, f"与 {seen[c.text].get('doc_number') or seen[c.text]['title']}"
                                                         " 同号"))
            seen.setdefault(c.text, d)
        findings.extend(_gaps(place, [c for _, c in items], known_codes))
    order = list(CHECK_NAMES)
    return sorted(findings, key=lambda f: (order.index(f["check"]), f.get("jurisdiction") or "", f.get("reg_code")
                                           or ""))


def _shared_codes(docs: list[dict[str, Any]], known: list[tuple[str, str | None, str | None]]) -> list[dict[str, Any]]:
    """Codes that stored documents print for two or more different documents (by 文号, else title)."""
    stored = {d["reg_code"] for d in docs if d.get("reg_code")}
    names: dict[str, dict[str, None]] = defaultdict(dict)
    for d in docs:
        if d.get("reg_code"):
            names[d["reg_code"]][d.get("doc_number") or d.get("title") or ""] = None
    for code, number, title in known:
        parsed = parse_reg_code(code) if code else None
        if parsed is not None:
            names[parsed.text][number or title or ""] = None
    out = []
    for code, who in sorted(names.items()):
        who.pop("", None)
        if len(who) > 1 and not (code in stored and sum(1 for d in docs if d.get("reg_code") == code) == len(who)):
            out.append({"check": "duplicate", "check_name": CHECK_NAMES["duplicate"], "jurisdiction": None,
                        "document_id": None, "doc_number": None, "title": None, "reg_code": code,
                        "detail": f"同一登记号对应 {len(who)} 个文件：{'、'.join(who)}"})
    return out


def _gaps(place: str | None, codes: list[Any], known: list[str]) -> list[dict[str, Any]]:
    prefixes = {c.prefix for c in codes}
    series: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for c in codes + [k for k in (parse_reg_code(x) for x in known) if k is not None and k.prefix in prefixes]:
        series[(c.prefix, c.year, c.type_code)].add(c.serial)
    out = []
    for (prefix, year, type_code), serials in sorted(series.items()):
        missing = sorted(set(range(min(serials), max(serials) + 1)) - serials)
        if missing:
            shown = "、".join(f"{prefix}-{year}-{type_code}{n:03d}" for n in missing[:20])
            out.append({"check": "gap", "check_name": CHECK_NAMES["gap"], "jurisdiction": place, "document_id": None,
                        "doc_number": None, "title": None, "reg_code": f"{prefix}-{year}-{type_code}",
                        "detail": f"缺 {len(missing)} 个：{shown}{'…' if len(missing) > 20 else ''}"})
    return out


def _finding(check: str, d: dict[str, Any], detail: str) -> dict[str, Any]:
    return {"check": check, "check_name": CHECK_NAMES[check], "jurisdiction": d.get("jurisdiction"),
            "document_id": d.get("id"), "doc_number": d.get("doc_number"), "title": d.get("title"),
            "reg_code": d.get("reg_code"), "detail": detail}


def expiring(docs: list[dict[str, Any]], today: date, months: int = 6) -> list[dict[str, Any]]:
    """Documents in force whose validity ends within ``months`` of ``today``, soonest first."""
    horizon = today + timedelta(days=round(months * 30.44))
    out = []
    for d in docs:
        end = date.fromisoformat(d["expires_on"]) if d.get("expires_on") else None
        if end and today <= end <= horizon and d.get("status") == "valid":
            out.append(d | {"days_left": (end - today).days})
    return sorted(out, key=lambda d: (d["expires_on"], d.get("issuer") or ""))


def disposition(d: dict[str, Any], cutoff: date, cited_by_valid: int) -> str:
    """A proposed disposition for a cleanup worksheet row (for the office to confirm)."""
    status = d.get("status")
    if status == "repealed":
        return "已废止，列入废止目录"
    if status == "expired":
        return "有效期已届满，列入失效目录"
    end = date.fromisoformat(d["expires_on"]) if d.get("expires_on") else None
    if end and end <= cutoff + timedelta(days=183):
        return f"有效期至 {end.isoformat()}，评估后修订、延续或列入失效目录"
    if status == "valid":
        tail = f"，被 {cited_by_valid} 件现行文件引用" if cited_by_valid else ""
        return "继续有效" + (f"（有效期至 {end.isoformat()}）" if end else "") + tail
    return "未载明施行日期或有效期，需评估"


CLEANUP_HEADERS = ["序号", "文件标题", "文号", "统一登记号", "备注"]
