"""The data-resource clocks (永政办发〔2022〕13号) in a campaign's scores, reminders and bulletins: counted
only when the campaign gives them a weight, for the units of its jurisdiction, under clause 38."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.supervision.test_supervision import TRACK_PLAN, published, reporter, unit_id
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.datagov import catalog, requests
from zhengce.db import UnitRow, open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.supervision.bulletin_files import annexes, docx_bytes, paragraphs, xlsx_bytes
from zhengce.supervision.reminders import compose, unit_digests

TODAY = date(2025, 3, 20)


def entry(code: str, provider: str) -> dict[str, Any]:
    return {"kind": "部门", "classification": "法治", "name": f"{provider}行政执法信息", "code": code,
            "summary": "执法检查记录", "format": "数据库", "share_type": "有条件共享", "share_condition": "仅限监管",
            "share_reason": "含企业信息", "share_basis": "《行政处罚法》第四十八条", "open_type": "不予开放",
            "open_reason": "执法信息", "open_basis": "《政府信息公开条例》第十四条",
            "items": [{"name": "企业名称"}, {"name": "检查结果"}]}


@pytest.fixture
def world(db_url: str) -> dict[str, Any]:
    """A published campaign of 东湖县; 县司法局 holds a 有条件共享 resource and gets three requests from
    县财政局: filed 03-03 and left open (due 03-17), filed 03-03 and granted 03-10 (in time), filed 03-10
    (due 03-24)."""
    engine = open_store(db_url)
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    cid = published(engine)
    justice, finance = reporter(engine, "sifa", "县司法局"), reporter(engine, "caizheng", "县财政局")
    rid = catalog.save(engine, justice, entry("DH-SF-001", "县司法局"))
    catalog.publish(engine, CLI, rid, date(2025, 3, 1))
    open_one = requests.file(engine, finance, "share", rid, "核对涉企检查", on=date(2025, 3, 3))
    answered = requests.file(engine, finance, "share", rid, "核对涉企检查", on=date(2025, 3, 3))
    requests.act(engine, justice, answered["id"], "grant", on=date(2025, 3, 10))
    soon = requests.file(engine, finance, "share", rid, "核对涉企检查", on=date(2025, 3, 10))
    return {"engine": engine, "cid": cid, "justice": unit_id(engine, "县司法局"), "open": open_one["id"],
            "soon": soon["id"], "rid": rid}


def weigh_data(engine: Any, cid: int, weight: str) -> None:
    settings = supervision.campaign_view(engine, CLI, cid, TODAY)["settings"]
    weights = dict(settings.get("weights") or {}) | {"data": weight}
    supervision.update_campaign(engine, CLI, cid, None, settings=dict(settings) | {"weights": weights})


def row_of(scores: dict[str, Any], unit: int) -> dict[str, Any]:
    return next(r for r in scores["rows"] if r["unit_id"] == unit)


def test_scores_count_the_data_clocks_only_when_the_campaign_weighs_them(world: dict[str, Any]) -> None:
    engine, cid, justice = world["engine"], world["cid"], world["justice"]
    before = row_of(supervision.scores(engine, CLI, cid, today=TODAY), justice)
    # February's reports (due 03-05) are missing for both of its tasks: 0 % on time, nothing else owed
    assert before["counts"]["data_owed"] == 0 and before["percents"]["data"] is None and before["score"] == "0.0"
    weigh_data(engine, cid, "20")
    after = row_of(supervision.scores(engine, CLI, cid, today=TODAY), justice)
    n = after["counts"]
    # two clocks fell due (03-17 twice): one met, one open past its day; the third is due 03-24
    assert (n["data_owed"], n["data_on_time"], n["data_missed"]) == (2, 1, 1)
    assert after["percents"]["data"] == "50.0" and after["data_items"] == {"8": 1}
    # 100 × (50 × 0 + 20 × 0.5) / (50 + 20): the rates that apply, weighted
    assert Decimal(after["score"]) == (Decimal(100) * 20 * Decimal("0.5") / 70).quantize(Decimal("0.1"))
    # the requesting unit answers nothing: no data clock of its own
    assert row_of(supervision.scores(engine, CLI, cid, today=TODAY),
                  unit_id(engine, "县财政局"))["counts"]["data_owed"] == 0


def test_a_unit_of_another_jurisdiction_is_not_scored_in_this_campaign(world: dict[str, Any]) -> None:
    engine, cid = world["engine"], world["cid"]
    with Session(engine) as session, session.begin():
        other = UnitRow(jurisdiction="西山县", canonical="西山县司法局", kind="department", level="county")
        session.add(other)
        session.flush()
        other_id = other.id
    from zhengce.access import accounts

    accounts.add_user(engine, "xishan", "reporter", other_id, password="correct horse 1")
    west = accounts.authenticate(engine, "xishan", "correct horse 1")
    assert west is not None
    rid = catalog.save(engine, west, entry("XS-SF-001", "西山县司法局"))
    catalog.publish(engine, CLI, rid, date(2025, 3, 1))
    finance = accounts.authenticate(engine, "caizheng", "correct horse 1")
    assert finance is not None
    requests.file(engine, finance, "share", rid, "核对", on=date(2025, 3, 3))
    weigh_data(engine, cid, "20")
    units = {r["unit_id"] for r in supervision.scores(engine, CLI, cid, today=TODAY)["rows"]}
    assert world["justice"] in units and other_id not in units


def test_digests_remind_data_clocks_and_show_the_escalation_level(world: dict[str, Any]) -> None:
    engine, cid, justice = world["engine"], world["cid"], world["justice"]
    digest = next(d for d in unit_digests(engine, CLI, cid, 5, TODAY) if d["unit_id"] == justice)
    assert "data" in digest and digest["data"] == []  # the campaign does not weigh them: not reminded
    weigh_data(engine, cid, "10")
    digest = next(d for d in unit_digests(engine, CLI, cid, 5, TODAY) if d["unit_id"] == justice)
    by_url = {d["url"]: d for d in digest["data"]}
    late, soon = by_url[f"/data/request/{world['open']}"], by_url[f"/data/request/{world['soon']}"]
    assert (late["state"], late["due"], late["workdays_over"]) == ("overdue", "2025-03-17", 3)
    assert (soon["state"], soon["due"], soon["workdays_left"]) == ("due_soon", "2025-03-24", 2)
    levels = supervision.campaign_view(engine, CLI, cid, TODAY)["settings"]["escalation"]
    assert late["level_name"] == levels[1]  # missed: one level up at once
    mail = compose(digest)
    assert "2项政务数据办理时限待办" in mail.subject and "第十八条第（二）项" in mail.text
    # six working days overdue (03-18 … 03-25): one more level
    later = next(d for d in unit_digests(engine, CLI, cid, 5, date(2025, 3, 25)) if d["unit_id"] == justice)
    assert {d["url"]: d for d in later["data"]}[f"/data/request/{world['open']}"]["level_name"] == levels[2]
    # answered, it leaves the reminders
    requests.act(engine, CLI, world["open"], "grant", on=date(2025, 3, 26))
    requests.act(engine, CLI, world["soon"], "grant", on=date(2025, 3, 21))
    done = [d for d in unit_digests(engine, CLI, cid, 5, date(2025, 3, 26)) if d["unit_id"] == justice]
    assert not done or done[0]["data"] == []


def test_the_bulletin_has_a_data_section_and_annexes_when_counted(world: dict[str, Any]) -> None:
    engine, cid = world["engine"], world["cid"]
    plain = supervision.bulletin_data(engine, CLI, cid, 2, TODAY)
    assert plain["data_clocks"] is None
    assert not any("政务数据" in text for _, text in paragraphs(plain))
    weigh_data(engine, cid, "20")
    data = supervision.bulletin_data(engine, CLI, cid, 2, TODAY)
    d = data["data_clocks"]
    assert [(u["unit"], u["owed"], u["on_time"], u["missed"], u["items"]) for u in d["units"]] == [
        ("县司法局", 2, 1, 1, {"8": 1})]
    body = paragraphs(data)
    headings = [t for s, t in body if s == "h1"]
    assert headings[-1].endswith("政务数据共享开放时限") and headings[-1][0] == "一二三四五六七八九"[len(headings) - 1]
    text = "".join(t for _, t in body)
    assert "到期的政务数据办理时限2项，按时办结1项，逾期1项" in text and "第三十八条第（八）项1次" in text
    tables = annexes(data)
    late = tables[-1]
    assert late[0].startswith(f"附表{len(tables)}") and late[2][0][:2] == ["县司法局", "有条件共享申请答复"]
    assert docx_bytes(data)[:2] == b"PK"
    sheets = load_workbook(io.BytesIO(xlsx_bytes(data))).sheetnames
    assert "逾期的政务数据办理时限" in sheets
