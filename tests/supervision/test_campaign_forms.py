"""Making a campaign as an office types it: the reporting rule in the plan's own words, an end date that
gives at least a year of cycles unless the plan names its own end, start and end checked on their fields;
collective names (县内各商业银行, 相关金融机构) are groups, and names differing only by 的 are one unit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.supervision.test_supervision import engine, plan_id  # noqa: F401
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.access.errors import Invalid
from zhengce.db import DocumentRow, open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.supervision import scoring
from zhengce.supervision.campaigns import default_end

# Written for this test: an invented county's plan naming banks and regulators collectively, one of them twice,
# once with 的 and once without.
FINANCE_PLAN = (
    "青溪县人民政府办公室\n关于印发《青溪县金融风险整治方案》的通知\n青政办发〔2025〕8号\n"
    "各乡镇人民政府，县直各单位：\n现将《青溪县金融风险整治方案》印发给你们，请认真组织实施。\n"
    "青溪县人民政府办公室\n2025年3月3日\n"
    "青溪县金融风险整治方案\n一、主要任务\n"
    "1. 清理不良贷款。（县财政局牵头，县内各商业银行配合）\n"
    "2. 开展风险排查。（县财政局牵头，相关金融机构配合）\n"
    "3. 整治安全隐患。（县应急管理局牵头，各负有监管职责的行业部门配合）\n"
    "4. 落实监管责任。（县应急管理局牵头，各负有监管职责行业部门配合）\n"
    "二、保障措施\n各责任单位于每月5日前报送上月工作进展。\n"
)


@pytest.mark.parametrize(("start", "deadlines", "plan_end", "end"), [
    (date(2026, 10, 1), [date(2024, 12, 31)], [], date(2027, 12, 31)),  # a year of cycles, to a year's end
    (date(2026, 1, 1), [], [], date(2026, 12, 31)),
    (date(2026, 2, 1), [], [], date(2027, 12, 31)),
    (date(2026, 3, 1), [date(2028, 6, 30)], [], date(2028, 6, 30)),  # a task runs longer
    (date(2026, 10, 1), [], [date(2027, 12, 31)], date(2027, 12, 31)),  # the plan's own 2025—2027
    (date(2026, 10, 1), [], [date(2026, 12, 31)], date(2026, 12, 31)),
    (date(2026, 10, 1), [], [date(2025, 12, 31)], date(2027, 12, 31)),  # a period already over is no end
])
def test_the_default_end(start: date, deadlines: list[date], plan_end: list[date], end: date) -> None:
    assert default_end(start, deadlines, plan_end) == end


def test_the_rule_as_the_plan_words_it_and_the_dates_checked_on_their_fields(engine) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    doc = plan_id(engine)
    cid = supervision.create_campaign(engine, CLI, doc, "每月5日前报送", date(2026, 10, 1))
    c = supervision.list_campaign(engine, CLI, cid)
    assert (c["rule"], c["start"], c["end"]) == ("month/next:5", "2026-10-01", "2027-12-31")
    weekly = supervision.create_campaign(engine, CLI, doc, "每周三调度", date(2026, 10, 1), date(2026, 12, 31))
    assert supervision.list_campaign(engine, CLI, weekly)["rule"] == "week/in:3"
    with pytest.raises(Invalid) as unknown:
        supervision.create_campaign(engine, CLI, doc, "有情况随时报", date(2026, 10, 1))
    assert "无法识别调度规则" in unknown.value.fields["rule"]
    with pytest.raises(Invalid) as backwards:
        supervision.create_campaign(engine, CLI, doc, None, date(2026, 10, 1), date(2026, 9, 30))
    assert "早于开始日期" in backwards.value.fields["end"]
    with pytest.raises(Invalid) as edited:
        supervision.update_campaign(engine, CLI, cid, None, end=date(2026, 1, 1))
    assert "end" in edited.value.fields
    supervision.update_campaign(engine, CLI, cid, None, rule="每季度首月10日前")
    assert supervision.list_campaign(engine, CLI, cid)["rule"] == "quarter/next:10"


def test_collective_names_are_groups_and_a_name_with_or_without_de_is_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "f.db"))
    store_parsed(store, parse_text(FINANCE_PLAN, "f.txt"), len(FINANCE_PLAN))
    with Session(store) as session:
        doc = session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0))
    cid = supervision.create_campaign(store, CLI, doc, start=date(2025, 3, 3))
    supervision.update_campaign(store, CLI, cid, None, status="published")
    tasks = supervision.campaign_view(store, CLI, cid, date(2025, 3, 10))["tasks"]
    named = [{u["unit"] for u in t["units"]} for t in tasks]
    assert named[2] & named[3] and len(named[2] | named[3]) == 2  # 应急管理局 and one regulators' group
    choices = supervision.unit_choices(store, CLI, cid)
    groups = {u["name"] for u in choices if u["group"]}
    assert {"县内各商业银行", "相关金融机构"} <= groups
    assert all(u["kind_name"] != "企业" for u in choices if u["group"])
    assert len([u for u in choices if "负有监管职责" in u["name"]]) == 1
    ranked = scoring.scores(store, CLI, cid, cycle=1, today=date(2025, 5, 10))
    assert not {r["unit"] for r in ranked["rows"]} & groups
    for name in ("县内各商业银行", "相关金融机构", "各负有监管职责的行业部门"):
        with pytest.raises(Invalid, match="集合名称"):
            supervision.unit_named(store, name)
    with pytest.raises(Invalid) as typo:
        supervision.unit_named(store, "县财正局")
    assert "县财政局" in str(typo.value)  # the closest names are offered
    assert supervision.unit_named(store, "县财政局") == next(u["id"] for u in choices if u["name"] == "县财政局")


@pytest.mark.parametrize(("name", "kind", "group"), [
    ("县内各商业银行", "enterprise", True), ("全市各金融机构", "enterprise", True), ("市直各部门", "department", True),
    ("县财政、税务等部门", "department", True), ("相关金融机构", "enterprise", True),
    ("全区经济运行各专班", "department", True), ("防汛抗旱指挥部各工作组", "department", True), ("区委各部委", "party", True),
    ("县农村商业银行", "enterprise", False), ("县妇女儿童平等促进会", "mass", False), ("县财政局", "department", False),
    ("全区经济运行工作专班", "department", False),
])
def test_a_collective_name_is_told_by_its_form_not_by_its_kind(name: str, kind: str, group: bool) -> None:
    from zhengce.db import UnitRow
    from zhengce.supervision.units import is_group

    assert is_group(UnitRow(canonical=name, kind=kind, level=None, jurisdiction="青溪县")) is group


@pytest.mark.parametrize(("typed", "spec"), [  # the wordings the README promises, typed on the form
    ("每月5日前报送上月进展", "month/next:5"), ("每月5日前报送", "month/next:5"), ("每周三调度", "week/in:3"),
    ("每旬第8日", "ten_days/in:8"), ("每季度首月10日前", "quarter/next:10"), ("每月结束后3个工作日内", "month/after:3"),
    (" month/next:5 ", "month/next:5"),
])
def test_a_rule_typed_as_the_readme_words_it(typed: str, spec: str) -> None:
    from zhengce.supervision.campaigns import read_rule

    assert read_rule(typed).spec == spec


DISTRICT_PLAN = """{place}人民政府
关于印发{place}2023年重点工作任务分工方案的通知
{short}政发〔2023〕2号
各街道办事处，各区直部门：
现将《{place}2023年重点工作任务分工方案》印发给你们，请认真贯彻落实。
{place}人民政府
2023年3月28日
{place}2023年重点工作任务分工方案
一、主要预期目标
1.地区生产总值增长6%左右。
牵头单位:区发改局
责任单位:各街道
"""


def test_a_reporter_account_takes_the_unit_as_the_plan_prints_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'z.db'}")
    for place, short in (("青岚区", "青"), ("南河区", "南")):
        text = DISTRICT_PLAN.format(place=place, short=short)
        store_parsed(store, parse_text(text, f"{short}.txt"), len(text))
    with pytest.raises(Invalid) as both:
        supervision.unit_named(store, "区发改局")  # as printed: two districts print it
    assert "有2个单位" in str(both.value) and "青岚区" in str(both.value) and "南河区" in str(both.value)
    hinted = str(both.value).split("如“")[1].split("”")[0]  # the hint names a spelling that works
    assert supervision.unit_named(store, hinted) in {supervision.unit_named(store, "青岚区发改局"),
                                                     supervision.unit_named(store, "南河区发改局")}
    one = supervision.unit_named(store, "青岚区发改局")
    assert one == supervision.unit_named(store, "青岚区发展和改革局") != supervision.unit_named(store, "南河区发改局")
    with pytest.raises(Invalid, match="单位名录中没有"):
        supervision.unit_named(store, "北山区发改局")
