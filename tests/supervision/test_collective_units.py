"""Collective names in a plan (各县市区人民政府, 各成员单位): a campaign assigns the task to each member the unit
registry knows, and keeps a name whose members it does not know as a group that is not scored."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.db import DocumentRow, UnitRow, open_store
from zhengce.db.tracking import ReportRow
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.supervision import scoring

# Written for this test: an invented prefecture whose plan gives tasks to all its county governments, to the
# members of a leading group, and to one county by name.
PLAN = (
    "云溪市人民政府办公室\n关于印发《云溪市农村人居环境整治行动方案》的通知\n云政办发〔2025〕6号\n"
    "各县市区人民政府，市直各单位：\n现将《云溪市农村人居环境整治行动方案》印发给你们，请认真组织实施。\n"
    "云溪市人民政府办公室\n2025年3月3日\n"
    "云溪市农村人居环境整治行动方案\n一、主要任务\n"
    "1. 推进农村生活垃圾治理。2025年9月底前实现收运处置体系全覆盖。（市住房城乡建设局牵头，各县市区人民政府负责）\n"
    "2. 开展村庄清洁行动。（市农业农村局牵头，各成员单位配合）\n"
    "3. 推进厕所革命。（石门县人民政府负责）\n"
    "二、保障措施\n各责任单位于每月5日前报送上月工作进展。\n"
)
COUNTIES = {"石门县人民政府", "桃源县人民政府", "云溪市江北区人民政府"}


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_store(db_url)
    store_parsed(engine, parse_text(PLAN, "plan.txt"), len(PLAN))
    with Session(engine) as session, session.begin():  # two more the office keeps in the prefecture's registry
        session.add_all([UnitRow(jurisdiction="云溪市", canonical="桃源县人民政府", kind="government", level="county"),
                         UnitRow(jurisdiction="云溪市", canonical="云溪市江北区人民政府", kind="government",
                                 level="county"),
                         UnitRow(jurisdiction="邻江市", canonical="邻江市临县人民政府", kind="government",
                                 level="county")])  # another prefecture's county is no member
    return engine


def campaign(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        doc = session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0))
    return supervision.create_campaign(engine, CLI, doc)


def test_all_county_governments_become_one_assignment_each(engine) -> None:  # type: ignore[no-untyped-def]
    tasks = supervision.campaign_view(engine, CLI, campaign(engine), date(2025, 3, 10))["tasks"]
    first = {u["unit"]: u["role"] for u in tasks[0]["units"]}
    assert set(first) == {"市住房和城乡建设局", *COUNTIES} and "各县市区人民政府" not in first
    assert all(first[name] == "territorial" for name in COUNTIES)
    # nobody knows who the leading group's members are: the name stays, as a group
    assert {u["unit"] for u in tasks[1]["units"]} == {"市农业农村局", "各成员单位"}
    assert [u["unit"] for u in tasks[2]["units"]] == ["石门县人民政府"]


def test_members_are_scored_and_the_unknown_group_is_not(engine) -> None:  # type: ignore[no-untyped-def]
    cid = campaign(engine)
    supervision.update_campaign(engine, CLI, cid, None, status="published")
    first = supervision.campaign_view(engine, CLI, cid, date(2025, 3, 10))["tasks"][0]
    taoyuan = next(u["unit_id"] for u in first["units"] if u["unit"] == "桃源县人民政府")
    report = supervision.submit_report(engine, CLI, first["id"], 1, "in_progress", 40, "已启动", unit_id=taoyuan,
                                       today=date(2025, 4, 3))
    with Session(engine) as session, session.begin():
        session.get(ReportRow, report.id).submitted_at = datetime(2025, 4, 3, 9, tzinfo=UTC)
    got = scoring.scores(engine, CLI, cid, cycle=1, today=date(2025, 5, 10))
    table = {r["unit"]: r for r in got["rows"]}
    assert set(table) >= COUNTIES and table["桃源县人民政府"]["total"] != table["云溪市江北区人民政府"]["total"]
    assert [g["unit"] for g in got["groups"]] == ["各成员单位"] and "各成员单位" not in table
