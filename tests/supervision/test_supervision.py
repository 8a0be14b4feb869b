"""Supervision and dispatch on a real database (SQLite and PostgreSQL): campaigns from a plan, review,
reports with optimistic locking, lights, late and missing reports, the issue ledger, the audit log."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI, AccountError, Throttled
from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound
from zhengce.db import DocumentRow, TaskRow, UnitRow, open_store
from zhengce.db.tracking import AuditRow, CampaignTaskRow, ReportRow
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

# A plan written for these tests: a cadence sentence, a task with a deadline, shared and separate units.
TRACK_PLAN = (
    "东湖县人民政府办公室\n关于印发《东湖县优化营商环境攻坚行动方案》的通知\n东政办发〔2025〕3号\n"
    "各乡镇人民政府，县直各单位：\n现将《东湖县优化营商环境攻坚行动方案》印发给你们，请认真组织实施。\n"
    "东湖县人民政府办公室\n2025年2月10日\n"
    "东湖县优化营商环境攻坚行动方案\n一、工作目标\n到2025年底，全县新增市场主体3000户以上。\n二、主要任务\n"
    "1. 推行“一件事一次办”。2025年6月底前实现20个高频事项集成办理。（县政务服务中心牵头，县司法局配合）\n"
    "2. 清理拖欠企业账款。建立台账，按期清偿。（县财政局牵头，各乡镇人民政府负责）\n"
    "3. 开展涉企检查规范行动。（县司法局牵头，县市场监管局配合）\n"
    "三、保障措施\n实行“一月一调度”，各责任单位于每月5日前报送上月工作进展。\n"
)
ISSUED = date(2025, 2, 10)


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_store(db_url)
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    return engine


def plan_id(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return int(session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0)))


def unit_id(engine, name: str) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return int(session.scalar(select(UnitRow.id).where(UnitRow.canonical.contains(name))))


def reporter(engine, username: str, unit: str) -> accounts.Actor:  # type: ignore[no-untyped-def]
    accounts.add_user(engine, username, "reporter", unit_id(engine, unit), password="correct horse 1")
    actor = accounts.authenticate(engine, username, "correct horse 1")
    assert actor is not None
    return actor


def published(engine) -> int:  # type: ignore[no-untyped-def]
    cid = supervision.create_campaign(engine, CLI, plan_id(engine))
    supervision.update_campaign(engine, CLI, cid, None, status="published")
    return cid


def task_ids(engine, cid: int, actor: accounts.Actor = CLI) -> list[int]:  # type: ignore[no-untyped-def]
    return [t["id"] for t in supervision.campaign_view(engine, actor, cid, ISSUED)["tasks"]]


def test_a_campaign_copies_the_plan_with_its_cadence_deadlines_and_units(engine) -> None:  # type: ignore[no-untyped-def]
    cid = supervision.create_campaign(engine, CLI, plan_id(engine))
    view = supervision.campaign_view(engine, CLI, cid, date(2025, 3, 1))
    c = view["campaign"]
    assert c["status"] == "draft" and c["rule"] == "month/next:5" and c["start"] == "2025-02-10"
    assert c["rule_text"] == "每月，次月5日前报送"
    tasks = view["tasks"]
    assert [t["number"] for t in tasks] == ["1.", "2.", "3."]
    assert tasks[0]["deadline"] == "2025-06-30"
    assert {(u["unit"], u["role"]) for u in tasks[1]["units"]} == {("县财政局", "lead"), ("各乡镇人民政府", "territorial")}
    assert view["cycles"][0]["label"] == "2025年2月" and view["cycles"][0]["due"] == "2025-03-05"
    assert all(t["light"] is None for t in tasks)  # nothing is lit before publication


def test_reporters_see_only_their_units_published_tasks(engine) -> None:  # type: ignore[no-untyped-def]
    cid = supervision.create_campaign(engine, CLI, plan_id(engine))
    justice = reporter(engine, "sifa", "县司法局")
    finance = reporter(engine, "caizheng", "县财政局")
    with pytest.raises(NotFound):  # a draft is the office's own
        supervision.campaign_view(engine, justice, cid)
    supervision.update_campaign(engine, CLI, cid, None, status="published")
    assert [c["id"] for c in supervision.list_campaigns(engine, justice)] == [cid]
    mine = supervision.campaign_view(engine, justice, cid, ISSUED)["tasks"]
    assert [t["number"] for t in mine] == ["1.", "3."]
    finance_task = task_ids(engine, cid, finance)[0]
    with pytest.raises(NotFound):
        supervision.task_view(engine, justice, finance_task)
    with pytest.raises(Forbidden):
        supervision.campaign_view(engine, accounts.PUBLIC, cid)


def test_review_changes_are_versioned_and_audited(engine) -> None:  # type: ignore[no-untyped-def]
    cid = supervision.create_campaign(engine, CLI, plan_id(engine))
    first, second, third = task_ids(engine, cid)
    v2 = supervision.edit_task(engine, CLI, first, 1, deadline="2025-05-31", text="集成办理20个高频事项。")
    with pytest.raises(Conflict):  # a second editor still holding version 1
        supervision.edit_task(engine, CLI, first, 1, text="别的内容")
    assert supervision.edit_task(engine, CLI, first, v2, heading="一件事一次办") == v2 + 1
    with pytest.raises(Invalid, match="单位名录中没有"):  # a name the registry lacks is not made a unit
        supervision.assign_unit(engine, CLI, first, "县数据局", "support")
    supervision.add_unit(engine, CLI, cid, "县数据资源局", "department", "county")  # the office adds it …
    supervision.assign_unit(engine, CLI, first, "县数据局", "support")  # … and its short name finds it
    parts = supervision.split_task(engine, CLI, second, 1, ["建立拖欠账款台账", "按期清偿拖欠账款"])
    before = {t["id"]: t for t in supervision.campaign_view(engine, CLI, cid, ISSUED)["tasks"]}
    leads = {u["unit"] for t in (first, third) for u in before[t]["units"] if u["role"] == "lead"}
    merged = supervision.merge_tasks(engine, CLI, [first, third])
    view = supervision.campaign_view(engine, CLI, cid, ISSUED)
    by_id = {t["id"]: t for t in view["tasks"]}
    assert by_id[second]["archived"] and "拆分" in by_id[second]["note"]
    assert [by_id[p]["number"] for p in parts] == ["2.-1", "2.-2"]
    assert {u["unit"] for u in by_id[parts[0]]["units"]} == {"县财政局", "各乡镇人民政府"}
    roles = {u["unit"]: u["role"] for u in by_id[merged]["units"]}
    assert len(leads) == 2 and all(roles[u] == "lead" for u in leads)  # lead in one of them stays lead
    assert roles["县数据资源局"] == "support" and roles["县市场监督管理局"] == "support"  # names resolved
    assert by_id[merged]["deadline"] == "2025-05-31"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CampaignTaskRow)) == 6  # nothing deleted
        edits = session.scalars(select(AuditRow).where(AuditRow.action == "task.edit").order_by(AuditRow.id)).all()
    assert edits[0].before["deadline"] == "2025-06-30" and edits[0].after["deadline"] == "2025-05-31"
    assert edits[0].username == "cli"


def test_a_report_is_saved_once_and_changed_only_from_its_current_version(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    lead = reporter(engine, "zwzx", "县行政审批服务局")
    task = task_ids(engine, cid, lead)[0]
    today = date(2025, 3, 3)
    r = supervision.submit_report(engine, lead, task, 1, "in_progress", 30, "梳理事项清单", [
        {"indicator": "集成办理事项", "value": "6", "unit": "个"}], today=today)
    assert r.version == 1
    with pytest.raises(Conflict):  # a colleague who did not see the first save
        supervision.submit_report(engine, lead, task, 1, "in_progress", 35, "另一份", today=today)
    r2 = supervision.submit_report(engine, lead, task, 1, "in_progress", 40, "修订", [
        {"indicator": "集成办理事项", "value": "8.50", "unit": "个"}], version=1, today=today)
    with pytest.raises(Conflict):
        supervision.submit_report(engine, lead, task, 1, "done", 100, "旧页面", version=1, today=today)
    view = supervision.task_view(engine, lead, task)
    (saved,) = view["reports"]
    assert saved["percent"] == 40 and saved["version"] == r2.version == 2
    assert saved["values"] == [{"indicator": "集成办理事项", "value": "8.50", "unit": "个"}]  # a decimal, kept exact
    with pytest.raises(Invalid):
        supervision.submit_report(engine, lead, task, 2, "done", 100, "", [{"indicator": "x", "value": "六"}],
                                  today=today)
    with pytest.raises(Invalid):  # March has not begun on 3 February
        supervision.submit_report(engine, lead, task, 2, "done", 100, "", today=date(2025, 2, 20))


def test_consolidation_and_what_each_unit_sees(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    lead = reporter(engine, "zwzx", "县行政审批服务局")
    helper = reporter(engine, "sifa", "县司法局")
    task = task_ids(engine, cid, lead)[0]
    supervision.submit_report(engine, helper, task, 1, "in_progress", 20, "配合梳理", today=date(2025, 3, 1))
    with pytest.raises(Forbidden):
        supervision.submit_report(engine, helper, task, 1, "in_progress", 20, "", consolidated=True, version=1,
                                  today=date(2025, 3, 1))
    supervision.submit_report(engine, lead, task, 1, "in_progress", 30, "汇总", consolidated=True,
                              today=date(2025, 3, 1))
    assert {r["unit"] for r in supervision.task_view(engine, lead, task)["reports"]} == {"县行政审批服务局", "县司法局"}
    assert {r["unit"] for r in supervision.task_view(engine, helper, task)["reports"]} == {"县司法局"}


def test_missing_and_late_reports_and_reminders(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    finance = reporter(engine, "caizheng", "县财政局")
    tasks = task_ids(engine, cid)
    # on 10 March the February cycle (due 5 March) is past: every unit of every task owes it
    view = supervision.campaign_view(engine, CLI, cid, date(2025, 3, 10))
    owed = {(m["unit"], m["number"]) for m in view["missing"]}
    assert ("县财政局", "2.") in owed and ("县司法局", "3.") in owed and len(owed) == 5
    assert ("各乡镇人民政府", "2.") not in owed  # a collective name is not chased
    supervision.submit_report(engine, finance, tasks[1], 1, "in_progress", 10, "迟报")  # submitted today: late
    view = supervision.campaign_view(engine, CLI, cid, date(2025, 3, 10))
    assert ("县财政局", "2.") not in {(m["unit"], m["number"]) for m in view["missing"]}
    assert [(x["unit"], x["label"]) for x in view["late"]] == [("县财政局", "2025年2月")]
    assert {r["unit"] for r in view["reminders"]} >= {"县财政局", "县司法局"}  # March's reports are still to come
    mine = supervision.campaign_view(engine, finance, cid, date(2025, 3, 10))
    assert {m["unit"] for m in mine["missing"]} <= {"县财政局"} and len(mine["reminders"]) == 1


@pytest.mark.parametrize(("status", "percent", "today", "missing", "color"), [
    ("done", 100, date(2025, 7, 5), 0, "green"),
    ("in_progress", 50, date(2025, 7, 1), 0, "red"),  # past the deadline of 30 June
    ("behind", 50, date(2025, 3, 1), 0, "yellow"),
    ("in_progress", 50, date(2025, 3, 1), 1, "yellow"),
    ("in_progress", 90, date(2025, 6, 26), 0, "yellow"),  # three working days left
    ("in_progress", 10, date(2025, 5, 1), 0, "yellow"),  # 10 % done, 56 % of the time gone
    ("in_progress", 50, date(2025, 4, 1), 0, "green"),
    (None, None, date(2025, 3, 1), 0, "green"),
])
def test_traffic_lights(status: str | None, percent: int | None, today: date, missing: int, color: str) -> None:
    got, reason = supervision.light(today, date(2025, 2, 10), date(2025, 6, 30), date(2025, 12, 31), status,
                                    percent, missing, supervision.DEFAULT_SETTINGS)
    assert got == color and reason


def test_the_issue_ledger_from_raising_to_closing(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    finance = reporter(engine, "caizheng", "县财政局")
    other = reporter(engine, "sifa", "县司法局")
    accounts.add_user(engine, "boss", "leader", password="correct horse 1")
    boss = accounts.authenticate(engine, "boss", "correct horse 1")
    assert boss is not None
    task = task_ids(engine, cid, finance)[0]
    iid = supervision.raise_issue(engine, CLI, cid, "某企业工程款拖欠", "涉及金额较大", task, "东湖建材有限公司",
                                  "县财政局", "2025-04-30")
    with pytest.raises(NotFound):  # another unit's issue does not exist for them
        supervision.issue_view(engine, other, iid)
    v = supervision.issue_view(engine, finance, iid)["issue"]["version"]
    with pytest.raises(Forbidden):
        supervision.issue_action(engine, finance, iid, "close", v)
    v = supervision.issue_action(engine, boss, iid, "chase", v, "请加快办理")
    v = supervision.issue_action(engine, CLI, iid, "escalate", v)
    v = supervision.issue_action(engine, finance, iid, "resolve", v, "已清偿")
    with pytest.raises(Conflict):
        supervision.issue_action(engine, CLI, iid, "close", v - 1)
    v = supervision.issue_action(engine, CLI, iid, "close", v, "核实销号")
    view = supervision.issue_view(engine, CLI, iid)
    assert view["issue"]["status"] == "closed" and view["issue"]["level_name"] == "牵头单位"
    assert [e["kind"] for e in view["events"]] == ["raise", "chase", "escalate", "resolve", "close"]
    ledger = supervision.issues(engine, CLI, cid)
    (stats,) = ledger["by_unit"]
    assert stats["unit"] == "县财政局" and stats["closed"] == 1 and stats["rate"] == 1.0
    v = supervision.issue_action(engine, CLI, iid, "reopen", v, "群众再次反映")
    assert supervision.issues(engine, CLI, cid)["issues"][0]["status"] == "assigned"
    assert supervision.issues(engine, other, cid)["issues"] == []
    supervision.issue_action(engine, CLI, iid, "archive", v, "与另一条重复")
    assert supervision.issues(engine, CLI, cid)["issues"] == []  # archived, not deleted:
    assert supervision.issue_view(engine, CLI, iid)["events"][-1]["kind"] == "archive"


def test_fifty_reporters_at_once_lose_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    tasks = task_ids(engine, cid)
    units = [unit_id(engine, "县行政审批服务局"), unit_id(engine, "县司法局")]
    jobs = [(tasks[0], units[k % 2], 1 + k // 2) for k in range(50)]  # 25 cycles × 2 units of task 1
    errors: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def submit(task: int, unit: int, cycle: int) -> None:
        try:
            start.wait()
            supervision.submit_report(engine, CLI, task, cycle, "in_progress", cycle, f"第{cycle}期", unit_id=unit,
                                      today=date(2027, 6, 1))
        except BaseException as e:
            errors.append(e)

    supervision.update_campaign(engine, CLI, cid, None, end=date(2027, 3, 31))
    threads = [threading.Thread(target=submit, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(ReportRow)) == 50


def test_two_people_saving_the_same_report_get_one_conflict(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    task = task_ids(engine, cid)[0]
    unit = unit_id(engine, "县行政审批服务局")
    supervision.submit_report(engine, CLI, task, 1, "in_progress", 10, "初稿", unit_id=unit, today=date(2025, 3, 1))
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def save(text: str) -> None:
        start.wait()
        try:
            supervision.submit_report(engine, CLI, task, 1, "in_progress", 50, text, version=1, unit_id=unit,
                                      today=date(2025, 3, 1))
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
        except Exception as e:
            outcomes.append(f"error {type(e).__name__}: {e}")

    threads = [threading.Thread(target=save, args=(x,)) for x in ("甲的修改", "乙的修改")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    (report,) = supervision.task_view(engine, CLI, task)["reports"]
    assert report["version"] == 2 and report["narrative"] in {"甲的修改", "乙的修改"}


def test_reingesting_the_plan_keeps_the_tracked_tasks(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    task = task_ids(engine, cid)[0]
    supervision.submit_report(engine, CLI, task, 1, "in_progress", 10, "进展", unit_id=unit_id(engine, "县行政审批服务局"),
                              today=date(2025, 3, 1))
    newer = TRACK_PLAN.replace("20个高频事项", "25个高频事项")
    assert store_parsed(engine, parse_text(newer, "track.txt"), len(newer)).status == "replaced"
    view = supervision.task_view(engine, CLI, task)
    assert "20个高频事项" in view["task"]["text"] and len(view["reports"]) == 1
    with Session(engine) as session:  # the extracted task it came from stays, with the superseded plan
        source = session.get(TaskRow, view["task"]["source_task_id"])
        assert source is not None and "20个高频事项" in source.text
        assert session.get(DocumentRow, source.document_id).superseded_at is not None  # type: ignore[union-attr]


def test_accounts_passwords_throttling_sessions_and_tokens(engine) -> None:  # type: ignore[no-untyped-def]
    uid, secret = accounts.add_user(engine, "duchashi", "office")
    assert accounts.must_change(engine, "duchashi")
    with pytest.raises(AccountError):
        accounts.add_user(engine, "duchashi", "office")
    with pytest.raises(AccountError):
        accounts.add_user(engine, "tianbao", "reporter")  # a reporter needs a unit
    listed = accounts.list_users(engine)
    assert listed[0]["username"] == "duchashi" and "password" not in str(listed)
    actor = accounts.authenticate(engine, "duchashi", secret, "10.0.0.1")
    assert actor is not None and actor.office
    token, csrf = accounts.start_session(engine, actor)
    assert accounts.session_actor(engine, token).csrf == csrf  # type: ignore[union-attr]
    accounts.end_session(engine, token)
    assert accounts.session_actor(engine, token) is None
    api = accounts.new_token(engine, "duchashi", "报表脚本")
    assert accounts.token_actor(engine, api).username == "duchashi"  # type: ignore[union-attr]
    assert accounts.token_actor(engine, api + "x") is None
    for _ in range(accounts.MAX_FAILURES):
        assert accounts.authenticate(engine, "duchashi", "wrong", "10.0.0.2") is None
    with pytest.raises(Throttled):  # even the right password waits now
        accounts.authenticate(engine, "duchashi", secret, "10.0.0.3")
    accounts.set_role(engine, "duchashi", "leader")
    token2, _ = accounts.start_session(engine, accounts.Actor(uid, "duchashi", "", "leader"))
    accounts.set_active(engine, "duchashi", False)
    assert accounts.session_actor(engine, token2) is None and accounts.token_actor(engine, api) is None
    accounts.set_active(engine, "duchashi", True)
    with Session(engine) as session:
        actions = [a for (a,) in session.execute(select(AuditRow.action).order_by(AuditRow.id))]
    assert actions[:2] == ["user.add", "token.add"] and actions[-3:] == ["user.role", "user.disable", "user.enable"]


def _submitted(engine, report_id: int, day: date) -> None:  # type: ignore[no-untyped-def]
    """Set when a report was submitted (the tests cannot wait for the real due days)."""
    from datetime import UTC, datetime

    with Session(engine) as session, session.begin():
        session.get(ReportRow, report_id).submitted_at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _raised(engine, issue_id: int, day: date) -> None:  # type: ignore[no-untyped-def]
    """Set when an issue's steps so far were taken (the tests cannot wait for the real days)."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from zhengce.db.tracking import AuditRow

    with Session(engine) as session, session.begin():
        session.execute(update(AuditRow).where(AuditRow.entity == "issue", AuditRow.entity_id == issue_id)
                        .values(at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC)))


def test_scores_and_ranking_of_a_cycle(engine) -> None:  # type: ignore[no-untyped-def]
    from zhengce.supervision import scoring

    cid = published(engine)
    first, _second, _third = task_ids(engine, cid)
    approval, justice = unit_id(engine, "县行政审批服务局"), unit_id(engine, "县司法局")
    on_time = supervision.submit_report(engine, CLI, first, 1, "done", 100, "已完成", unit_id=approval,
                                        today=date(2025, 3, 3))
    _submitted(engine, on_time.id, date(2025, 3, 3))
    late = supervision.submit_report(engine, CLI, first, 1, "in_progress", 50, "配合", unit_id=justice,
                                     today=date(2025, 3, 10))
    _submitted(engine, late.id, date(2025, 3, 10))
    scoring.adjust(engine, CLI, cid, "县财政局", "+1.5", "主动公开清偿进度", cycle=1)
    with pytest.raises(Invalid):
        scoring.adjust(engine, CLI, cid, "县财政局", "很多", "x")
    with pytest.raises(Invalid, match="两位小数"):  # would not fit the stored column on PostgreSQL
        scoring.adjust(engine, CLI, cid, "县财政局", "999.99999999999999999999", "x")
    got = scoring.scores(engine, CLI, cid, cycle=1, today=date(2025, 4, 10))
    table = {r["unit"]: (r["rank"], r["total"]) for r in got["rows"]}
    # 审批局: 1 of 1 report on time, 1 of 1 task done → (50·1 + 30·1) / 80 = 100.0
    # 财政局: its 1 report missing → 0.0, and the bonus 1.5; its task is not due, so no task rate
    # 司法局: 2 owed (one late, one missing) → 0.0; 市场监管局: 1 owed, missing → 0.0 (tied)
    assert table["县行政审批服务局"] == (1, "100.0") and table["县财政局"] == (2, "1.5")
    assert table["县司法局"] == (3, "0.0") and table["县市场监督管理局"] == (3, "0.0")
    justice_row = next(r for r in got["rows"] if r["unit"] == "县司法局")
    assert justice_row["counts"]["owed"] == 2 and justice_row["counts"]["late"] == 1
    assert justice_row["percents"]["reports"] == "0.0" and justice_row["rates"]["tasks"] is None
    assert [g["unit"] for g in got["groups"]] == ["各乡镇人民政府"] and "各乡镇人民政府" not in table
    supervision.update_campaign(engine, CLI, cid, None, settings={"weights": {"reports": "0", "tasks": "1"}})
    again = {r["unit"]: (r["rank"], r["total"]) for r in scoring.scores(engine, CLI, cid, cycle=1,
                                                                        today=date(2025, 4, 10))["rows"]}
    assert again["县行政审批服务局"] == (1, "100.0") and again["县财政局"] == (None, None)  # nothing owed: no score


def test_a_unit_with_many_tasks_all_on_time_ranks_above_one_with_few_tasks_and_late_reports(engine) -> None:  # type: ignore[no-untyped-def]
    from zhengce.supervision import scoring

    cid = published(engine)
    first, second, third = task_ids(engine, cid)
    justice, finance = unit_id(engine, "县司法局"), unit_id(engine, "县财政局")
    # 县司法局 holds two tasks and reports both on time in two cycles; 县财政局 holds one and reports late twice
    for cycle, on_time, late in ((1, date(2025, 3, 3), date(2025, 3, 20)), (2, date(2025, 4, 2), date(2025, 4, 20))):
        for task in (first, third):
            r = supervision.submit_report(engine, CLI, task, cycle, "in_progress", 30, "按时", unit_id=justice,
                                          today=on_time)
            _submitted(engine, r.id, on_time)
        r = supervision.submit_report(engine, CLI, second, cycle, "in_progress", 30, "迟报", unit_id=finance,
                                      today=late)
        _submitted(engine, r.id, late)
    rows = {r["unit"]: r for r in scoring.scores(engine, CLI, cid, year=2025, today=date(2025, 4, 30))["rows"]}
    assert rows["县司法局"]["counts"]["owed"] == 4 and rows["县司法局"]["counts"]["on_time"] == 4
    assert rows["县财政局"]["counts"]["owed"] == 2 and rows["县财政局"]["counts"]["late"] == 2
    assert rows["县司法局"]["total"] == "100.0" and rows["县财政局"]["total"] == "0.0"
    assert rows["县司法局"]["rank"] < rows["县财政局"]["rank"]


@pytest.mark.parametrize(("counts", "weights", "expected"), [
    # 3 of 4 reports on time, 1 of 2 tasks done, 1 of 1 issue closed: (50·0.75 + 30·0.5 + 20·1) / 100
    ({"owed": 4, "on_time": 3, "tasks_held": 2, "tasks_done": 1, "issues_assigned": 1, "issues_closed": 1},
     {"reports": 50, "tasks": 30, "issues": 20}, "72.5"),
    # no issue assigned: the issue rate is left out, the others reweighted: (50·0.75 + 30·0.5) / 80
    ({"owed": 4, "on_time": 3, "tasks_held": 2, "tasks_done": 1, "issues_assigned": 0, "issues_closed": 0},
     {"reports": 50, "tasks": 30, "issues": 20}, "65.6"),
    ({"owed": 0, "on_time": 0, "tasks_held": 0, "tasks_done": 0, "issues_assigned": 0, "issues_closed": 0},
     {"reports": 50, "tasks": 30, "issues": 20}, None),  # nothing owed yet: no score
    ({"owed": 3, "on_time": 1, "tasks_held": 1, "tasks_done": 1, "issues_assigned": 0, "issues_closed": 0},
     {"reports": 1, "tasks": 0, "issues": 0}, "33.3"),
])
def test_the_score_formula_on_hand_worked_counts(counts: dict[str, int], weights: dict[str, int],
                                                  expected: str | None) -> None:
    from decimal import Decimal

    from zhengce.supervision import scoring

    got = scoring.rate_score(counts, {k: Decimal(v) for k, v in weights.items()})
    assert (None if got is None else str(got)) == expected


def test_targets_dashboard_and_bulletin_come_from_stored_reports(engine) -> None:  # type: ignore[no-untyped-def]
    import io

    from docx import Document
    from openpyxl import load_workbook

    from zhengce.supervision import bulletin, scoring

    cid = published(engine)
    first = task_ids(engine, cid)[0]
    approval = unit_id(engine, "县行政审批服务局")
    supervision.submit_report(engine, CLI, first, 1, "behind", 10, "进度滞后", [
        {"indicator": "全县新增市场主体", "value": "1200", "unit": "户"}], unit_id=approval, today=date(2025, 3, 3))
    board = scoring.targets_dashboard(engine, CLI, cid, today=date(2025, 7, 2))
    (target,) = board["targets"]
    assert target["indicator"] == "市场主体" and target["target"] == "3000" and target["actual"] == "1200"
    # 1200 of 3000 is 40 %; 142 of the 324 days from 10 February to the end of 2025 are 44 %
    assert target["progress"] == 40 and target["elapsed"] == 44 and target["state"] == "behind"
    assert board["units"] == [{"unit_id": approval, "unit": "县行政审批服务局"}]
    other = scoring.targets_dashboard(engine, CLI, cid, today=date(2025, 7, 2), unit_id=unit_id(engine, "县财政局"))
    assert other["targets"][0]["actual"] is None and other["targets"][0]["state"] == "no_data"
    data = bulletin.bulletin_data(engine, CLI, cid, 1, today=date(2025, 3, 10))
    assert data["title"].startswith("关于2025年2月") and data["title"].endswith("推进情况的通报")
    assert data["overview"]["tasks"] == 3 and data["overview"]["by_status"]["滞后"] == 1
    assert {m["unit"] for m in data["missing"]} >= {"县财政局", "县司法局"}
    text = "".join(t for _, t in bulletin.paragraphs(data))
    assert "纳入调度的任务共3项" in text and "滞后1项" in text
    doc = Document(io.BytesIO(bulletin.docx_bytes(data)))
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    head = doc.paragraphs[0]
    assert head.text == "督查通报" and str(head.runs[0].font.color.rgb) == "FF0000"
    assert head.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    body = [p for p in doc.paragraphs if "纳入调度的任务共3项" in p.text]
    assert body and body[0].runs[0].font.size.pt == 16 and body[0].runs[0].font.name == "仿宋_GB2312"
    assert "w:pBdr" in doc.paragraphs[2]._element.xml  # the red rule under the masthead
    ranking = doc.tables[-1]
    assert ranking.rows[0].cells[1].text == "单位" and len(ranking.rows) == 1 + len(data["ranking"])
    book = load_workbook(io.BytesIO(bulletin.xlsx_bytes(data)))
    assert book.sheetnames == ["总体情况", "目标指标", "滞后任务", "迟报漏报", "单位报送", "问题台账", "综合排名", "应享未享"]
    assert book["目标指标"]["D2"].value == 1200 and book["目标指标"]["B2"].value == 3000  # numbers, not text
    assert book["目标指标"].column_dimensions["A"].width >= 10  # columns sized to what they hold


def test_the_docx_bulletin_follows_the_official_layout(engine) -> None:  # type: ignore[no-untyped-def]
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from zhengce.supervision import bulletin

    cid = published(engine)
    first = task_ids(engine, cid)[0]
    supervision.submit_report(engine, CLI, first, 1, "behind", 10, "进度滞后", unit_id=unit_id(engine, "县行政审批服务局"),
                              today=date(2025, 3, 3))
    data = bulletin.bulletin_data(engine, CLI, cid, 1, today=date(2025, 3, 10))
    doc = Document(io.BytesIO(bulletin.docx_bytes(data)))
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # odd pages: right
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT  # even pages: left
    assert "PAGE" in section.even_page_footer.paragraphs[0]._element.xml
    for table in doc.tables:
        assert "w:tblHeader" in table.rows[0]._tr.xml  # the header row repeats on every page
    headings = [p for p in doc.paragraphs if p.text.startswith("附表")]
    assert all(p.paragraph_format.keep_with_next for p in headings if p._p.getnext() is not None
               and p._p.getnext().tag.endswith("}tbl"))  # an annex's heading stays on its table's page
    assert any(p._p.getnext().tag.endswith("}tbl") for p in headings)
    ranking = doc.tables[-1]
    widths = [c.width.mm for c in ranking.columns]
    assert widths[1] > widths[0] * 2  # the unit name gets room; the rank does not
    assert abs(sum(widths) - (210 - 28 - 26)) < 1
    props = doc.core_properties
    assert props.author == data["office"] and props.author != "python-docx"
    assert props.created.year >= 2025 and props.title == data["title"]


def test_the_docx_annexes_list_only_what_matters_and_sum_up_the_rest(engine) -> None:  # type: ignore[no-untyped-def]
    import io

    from docx import Document
    from openpyxl import load_workbook

    from zhengce.supervision import bulletin, bulletin_files

    cid = published(engine)
    first = task_ids(engine, cid)[0]
    approval = unit_id(engine, "县行政审批服务局")
    r = supervision.submit_report(engine, CLI, first, 1, "behind", 10, "进度滞后", unit_id=approval,
                                  today=date(2025, 3, 3))
    _submitted(engine, r.id, date(2025, 3, 3))
    for title, unit, deadline in (("拖欠款清偿台账未更新", "县财政局", "2025-02-20"),
                                  ("审批时限未压缩", "县行政审批服务局", "2025-12-31")):
        _raised(engine, supervision.raise_issue(engine, CLI, cid, title, "", first, "", unit, deadline),
                date(2025, 2, 12))  # a period's bulletin counts the ledger as it stood at the period's end
    data = bulletin.bulletin_data(engine, CLI, cid, 1, today=date(2025, 3, 10))
    rep = data["reporting"]
    doc = Document(io.BytesIO(bulletin.docx_bytes(data)))
    tables = {t.rows[0].cells[0].text + t.rows[0].cells[1].text: t for t in doc.tables}
    texts = [p.text for p in doc.paragraphs]
    # reports: only the units owing one, each with its count; every other unit summed up in one sentence
    owing = tables["单位迟报（项）"]
    listed = {row.cells[0].text: int(row.cells[2].text) for row in owing.rows[1:]}
    assert listed == dict(rep["units"]) and "县行政审批服务局" not in listed
    assert sum(listed.values()) == len(data["missing"]) == rep["unit_reports"]
    assert f"其余{rep['unit_count'] - len(listed)}家单位均按时报送。" in texts and rep["unit_count"] > len(listed)
    # issues: the overdue one listed, the other counted
    overdue = tables["编号问题"]
    assert [row.cells[1].text for row in overdue.rows[1:]] == ["拖欠款清偿台账未更新"]
    assert "其余1个问题均已办结或在办理时限内。" in texts
    # lagging tasks: the one reported behind is listed; the two lit only by reports owed are counted, their
    # units being in annex 3; together as many as the bulletin's yellow and red lights
    lights = data["overview"]["lights"]
    lagging = [row.cells[1].text for row in tables["序号任务"].rows[1:]]
    assert lagging == ["推行“一件事一次办”"]
    assert "另有2项任务仅因报告未按时报送亮黄灯，未列出，未报单位见附表3。" in texts
    assert len(lagging) + 2 == lights["黄灯"] + lights["红灯"] == len(data["behind"])
    for table in doc.tables:  # every annex repeats its header and fits its columns to the text width
        assert "w:tblHeader" in table.rows[0]._tr.xml
        assert abs(sum(c.width.mm for c in table.columns) - (210 - 28 - 26)) < 1
    # the unit name gets the room to stay on one line: 12 pt a character plus the cell's margins; in the ten
    # columns of the ranking, where the numbers keep theirs, at most two lines of the table's (smaller) size
    margins = 2 * bulletin_files.CELL_MARGIN_MM
    longest = max(len(row.cells[0].text) for row in owing.rows[1:])
    assert owing.columns[0].width.mm >= longest * 12 * 25.4 / 72 + margins
    ranking = tables["名次单位"]
    size = ranking.rows[1].cells[1].paragraphs[0].runs[-1].font.size.pt
    longest = max(len(row.cells[1].text) for row in ranking.rows[1:])
    assert ranking.columns[1].width.mm >= longest / 2 * size * 25.4 / 72 + margins
    assert all(ranking.columns[k].width.mm >= bulletin_files.text_mm(row.cells[k].text, size) + margins
               for row in ranking.rows[1:] for k in (0, 2, 3, 4, 5, 8, 9))
    book = load_workbook(io.BytesIO(bulletin.xlsx_bytes(data)))
    per_unit = list(book["单位报送"].iter_rows(min_row=2, values_only=True))
    assert {r[0]: r[2] for r in per_unit} == listed  # counts as numbers, the same rows as the .docx annex
    ranked = list(book["综合排名"].iter_rows(min_row=2, values_only=True))
    assert len(ranked) == len(data["ranking"]) and all(isinstance(r[0], int) for r in ranked)
    assert [float(r[9]) for r in ranked] == [float(r["total"]) for r in data["ranking"]]
    assert all(isinstance(r[9], int | float) and isinstance(r[3], int | float) for r in ranked)  # not text
    # the workbook's issue ledger holds every issue of the campaign, with its status
    sheet = book["问题台账"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == data["issues"]["total"] == 2
    assert {r[1]: r[5] for r in rows} == {"拖欠款清偿台账未更新": "是", "审批时限未压缩": None}
    assert all(r[4] for r in rows) and isinstance(rows[0][0], int)
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_the_campaign_calendar_and_issue_reminders(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    task = task_ids(engine, cid)[1]
    supervision.raise_issue(engine, CLI, cid, "拖欠款清偿台账未更新", "", task, "", "县财政局", "2025-09-30")
    supervision.edit_task(engine, CLI, task, None, heading="清理拖欠企业账款（核定）")
    view = supervision.campaign_view(engine, CLI, cid, date(2025, 9, 26))
    months = [(m["year"], m["month"]) for m in view["calendar"]]
    assert months[:2] == [(2025, 9), (2025, 10)]
    october = {d["day"]: d for week in view["calendar"][1]["weeks"] for d in week if d}
    assert october[9]["dues"] == ["2025年9月报送截止"]  # 5 October falls in the holiday
    (due,) = view["issues_due"]
    assert due["unit"] == "县财政局" and not due["overdue"]
    assert supervision.campaign_view(engine, CLI, cid, date(2025, 10, 9))["issues_due"][0]["overdue"]
    history = supervision.task_view(engine, CLI, task)["history"]
    assert history[-1]["action"] == "task.edit" and history[-1]["after"]["heading"] == "清理拖欠企业账款（核定）"


def test_lateness_is_judged_by_the_beijing_date(engine) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from zhengce.supervision import scoring

    cid = published(engine)
    task = task_ids(engine, cid)[0]
    approval = unit_id(engine, "县行政审批服务局")
    r = supervision.submit_report(engine, CLI, task, 1, "in_progress", 20, "深夜报送", unit_id=approval,
                                  today=date(2025, 3, 5))
    with Session(engine) as session, session.begin():  # 20:00 UTC on 5 March is 04:00 on 6 March in Beijing
        session.get(ReportRow, r.id).submitted_at = datetime(2025, 3, 5, 20, 0, tzinfo=UTC)
    (saved,) = supervision.task_view(engine, CLI, task)["reports"]
    assert saved["late"] and saved["submitted_at"].startswith("2025-03-06T04:00")
    row = next(x for x in scoring.scores(engine, CLI, cid, cycle=1, today=date(2025, 4, 1))["rows"]
               if x["unit"] == "县行政审批服务局")
    assert row["counts"]["late"] == 1 and row["counts"]["on_time"] == 0


def test_a_bulletin_adds_up_and_says_when_its_cycle_is_still_in_progress(engine) -> None:  # type: ignore[no-untyped-def]
    from zhengce.supervision import bulletin

    cid = published(engine)
    first, _second, third = task_ids(engine, cid)
    approval = unit_id(engine, "县行政审批服务局")
    r = supervision.submit_report(engine, CLI, first, 1, "in_progress", 20, "按时", unit_id=approval,
                                  today=date(2025, 3, 3))
    _submitted(engine, r.id, date(2025, 3, 3))
    # before the due day (5 March) the February cycle is in progress: nothing is missing, nobody ranked
    early = bulletin.bulletin_data(engine, CLI, cid, 1, today=date(2025, 3, 4))
    text = "".join(t for _, t in bulletin.paragraphs(early))
    assert early["state"] == "in_progress" and "进行中" in text and "暂不排名" in text
    assert early["missing"] == [] and early["ranking"] == [] and "未报送单位" not in text
    assert early["reporting"]["owed"] == 3 and early["reporting"]["complete"] == 0  # 审批局 alone of task 1
    _targets, _tasks, owing, _issues, ranking = bulletin.annexes(early)
    assert owing[0] == "附表3  尚未报齐单位" and {r[0] for r in owing[2]} == {u for u, _ in early["reporting"]["units"]}
    assert all(r[1] == 0 for r in owing[2]) and ranking[2] == [] and ranking[3] == "本期报送尚未截止，暂不排名。"
    # after it: every task owes, the ones not complete name their units, and the numbers agree
    late = bulletin.bulletin_data(engine, CLI, cid, 1, today=date(2025, 3, 10))
    rep = late["reporting"]
    assert late["state"] == "final" and rep["owed"] == 3 and rep["complete"] == 0 and rep["incomplete"] == 3
    assert rep["incomplete"] == len({m["task_id"] for m in late["missing"]})
    assert sum(n for _, n in rep["units"]) == len(late["missing"]) == rep["unit_reports"]
    assert {u for u, _ in rep["units"]} == {m["unit"] for m in late["missing"]}
    assert "各乡镇人民政府" not in {u for u, _ in rep["units"]}  # a group is not chased
    text = "".join(t for _, t in bulletin.paragraphs(late))
    assert f"未报齐{rep['incomplete']}项" in text and "县司法局（2项）" in text and "进行中" not in text
    assert late["ranking"][0]["unit"] == "县行政审批服务局"
    # the light of task 3 counts periods: two cycles missed by two units each are two periods
    view = supervision.campaign_view(engine, CLI, cid, date(2025, 4, 10))
    assert next(t for t in view["tasks"] if t["id"] == third)["light_reason"] == "有 2 期报告未按时报送"


def test_a_bulletin_title_reads_right_when_the_campaign_name_has_its_own_year() -> None:
    from zhengce.supervision import bulletin

    data = {"campaign": {"name": "2024年西山州项目建设攻坚方案"}, "cycle": {"label": "2025年3月", "due": "2025-04-07"},
            "overview": {"tasks": 0, "by_status": dict.fromkeys(["已完成", "推进中", "滞后", "未启动", "未报送"], 0),
                         "done_rate": 0.0, "lights": dict.fromkeys(["绿灯", "黄灯", "红灯"], 0)},
            "targets": [], "behind": [], "late": [], "issues": {"total": 0, "by_status": {}, "overdue": []},
            "ranking": [], "reporting": {"owed": 12, "complete": 0, "incomplete": 12,
                                         "units": [(f"西山州第{k}局", 1) for k in range(1, 13)]}}
    text = "".join(t for _, t in bulletin.paragraphs(data))
    assert "现将2024年西山州项目建设攻坚方案2025年3月推进情况" in text  # the two dates do not run together
    # the body names the first ten units owing; annex 3 lists them all
    assert "西山州第10局（1项）等12家单位。详见附表3。" in text and "西山州第11局" not in text

    assert bulletin.title("东湖县优化营商环境攻坚行动方案", "2025年2月") == "关于2025年2月东湖县优化营商环境攻坚行动方案推进情况的通报"
    assert bulletin.title("2024年西山州项目建设攻坚方案", "2025年3月") == "关于2024年西山州项目建设攻坚方案推进情况的通报（2025年3月）"


def test_task_numbers_carry_their_parent_headings_everywhere_they_are_shown(engine) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    first, second, _third = task_ids(engine, cid)
    view = supervision.campaign_view(engine, CLI, cid, date(2025, 3, 10))
    task = next(t for t in view["tasks"] if t["id"] == second)
    assert task["number"] == "2." and task["task_label"] == "二、2." and task["context"] == "主要任务"
    assert {m["task_label"] for m in view["missing"] if m["unit"] == "县财政局"} == {"二、2."}
    assert any("二、1." in r["tasks"] for r in view["reminders"])
    assert supervision.task_view(engine, CLI, first)["task"]["task_label"] == "二、1."
    iid = supervision.raise_issue(engine, CLI, cid, "审批事项清单未公布", "", first, "", None)
    assert supervision.issue_view(engine, CLI, iid)["issue"]["task_label"] == "二、1."
    made = supervision.add_task(engine, CLI, cid, "补充的任务", number="4.")
    assert supervision.task_view(engine, CLI, made)["task"]["task_label"] == "4."  # no parents known


def test_a_goal_restated_in_an_attachment_is_one_target_with_both_sources() -> None:
    from zhengce.db import TargetRow
    from zhengce.supervision.scoring import distinct_targets

    def target(ident: int, indicator: str, value: str, plan: str) -> TargetRow:
        return TargetRow(id=ident, indicator=indicator, value=value, unit="户", bound="min", target_year=None,
                         plan=plan)

    kept, repeats = distinct_targets([target(1, "新增市场主体", "3000", "西山县行动方案"),
                                       target(2, "新增 市场主体", "3000", "附件：任务清单"),
                                       target(3, "新增市场主体", "5000", "附件：任务清单")])
    assert [t.id for t in kept] == [1, 3] and repeats == {1: ["附件：任务清单"]}


def test_a_campaign_runs_to_the_end_of_the_plans_own_period(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = TRACK_PLAN.replace("攻坚行动方案》", "攻坚行动方案（2025—2027年）》")
    engine = open_store(str(tmp_path / "p.db"))
    store_parsed(engine, parse_text(plan, "p.txt"), len(plan))
    cid = supervision.create_campaign(engine, CLI, plan_id(engine), start=date(2026, 12, 1))
    c = supervision.campaign_view(engine, CLI, cid, date(2026, 12, 1))["campaign"]
    assert (c["start"], c["end"]) == ("2026-12-01", "2027-12-31")  # not the year of the last task's deadline


def test_a_target_without_a_year_is_for_the_year_the_plan_names(db_url: str) -> None:
    from zhengce.supervision import bulletin_tables, scoring
    from zhengce.supervision.targets import plan_year

    annual = (TRACK_PLAN.replace("优化营商环境攻坚行动方案", "2025年优化营商环境重点工作任务分工方案")
              .replace("到2025年底，全县新增市场主体3000户以上。", "全县新增市场主体3000户以上。"))
    engine = open_store(db_url)
    store_parsed(engine, parse_text(annual, "annual.txt"), len(annual))
    cid = supervision.create_campaign(engine, CLI, plan_id(engine), start=ISSUED, end=date(2027, 12, 31))
    (target,) = scoring.targets_dashboard(engine, CLI, cid, today=date(2025, 7, 2))["targets"]
    assert bulletin_tables.target_year(target) == "2025年"  # not the campaign's last year, 2027, marked 推定
    assert target["elapsed"] == 44  # 142 of the 324 days from 10 February to the end of 2025
    assert plan_year("东湖县优化营商环境攻坚行动方案（2024—2027年）") == 2027
    assert plan_year("东湖县优化营商环境攻坚行动方案") is None
    assert plan_year("关于2024年和2025年重点工作的安排") is None  # two years, no period: not guessed


def test_a_growth_target_is_compared_with_the_rate_a_unit_reports_beside_the_amount(db_url: str) -> None:
    from zhengce.supervision import scoring

    growth = TRACK_PLAN.replace("到2025年底，全县新增市场主体3000户以上。", "一般公共预算收入增长8%左右。")
    engine = open_store(db_url)
    store_parsed(engine, parse_text(growth, "growth.txt"), len(growth))
    cid = published(engine)
    first = task_ids(engine, cid)[0]
    approval = unit_id(engine, "县行政审批服务局")
    for cycle, order in enumerate(([("一般公共预算收入", "3.2", "亿元"), ("一般公共预算收入增速", "2.1", "%")],
                                   [("一般公共预算收入增速", "2.1", "%"), ("一般公共预算收入", "3.4", "亿元")]), 1):
        values = [{"indicator": i, "value": v, "unit": u} for i, v, u in order]
        supervision.submit_report(engine, CLI, first, cycle, "in_progress", 40, "按序推进", values, unit_id=approval,
                                  today=date(2025, 2 + cycle, 3))
        (target,) = scoring.targets_dashboard(engine, CLI, cid, today=date(2025, 7, 2))["targets"]
        assert target["state"] != "not_comparable" and target["actual"] == "2.1" and target["actual_unit"] == "%"


def test_a_campaign_says_where_its_reporting_rule_came_from(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stated = supervision.create_campaign(engine, CLI, plan_id(engine))  # 每月5日前报送上月工作进展
    assert supervision.campaign_view(engine, CLI, stated, ISSUED)["campaign"]["rule_from"] == "plan"
    silent = TRACK_PLAN.replace("实行“一月一调度”，各责任单位于每月5日前报送上月工作进展。", "加强组织领导。")
    other = open_store(f"sqlite:///{tmp_path / 'silent.db'}")
    store_parsed(other, parse_text(silent, "silent.txt"), len(silent))
    cid = supervision.create_campaign(other, CLI, plan_id(other))
    view = supervision.campaign_view(other, CLI, cid, ISSUED)["campaign"]
    assert view["rule"] == "month/next:5" and view["rule_from"] == "default"  # said, not silently assumed
    supervision.update_campaign(other, CLI, cid, None, rule=view["rule_text"])  # as the page shows it: unchanged
    assert supervision.campaign_view(other, CLI, cid, ISSUED)["campaign"]["rule_from"] == "default"
    supervision.update_campaign(other, CLI, cid, None, rule="每月10日前报送")
    assert supervision.campaign_view(other, CLI, cid, ISSUED)["campaign"]["rule_from"] == "typed"
