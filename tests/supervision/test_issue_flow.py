"""The issue ledger as a county office runs it: a unit's problem waits 待交办 for the office, which assigns it
with a deadline; each state offers only the steps it allows, and a refused step says why, on its field."""

from __future__ import annotations

import pytest

from tests.supervision.test_supervision import engine, published, reporter, task_ids, unit_id  # noqa: F401
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.access.errors import Forbidden, Invalid, NotFound


def test_a_units_issue_waits_for_the_office_to_assign_it_with_a_deadline(engine) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    cid = published(engine)
    finance = reporter(engine, "caizheng", "县财政局")
    justice = reporter(engine, "sifa", "县司法局")
    task = task_ids(engine, cid, finance)[0]
    iid = supervision.raise_issue(engine, finance, cid, "乡镇拖欠款底数不清", "需督查室协调", task)
    mine = supervision.issue_view(engine, finance, iid)
    assert mine["issue"]["status_name"] == "待交办" and mine["issue"]["unit"] is None
    assert list(mine["actions"]) == ["comment"]  # nothing to resolve before it is assigned
    assert [i["id"] for i in supervision.issues(engine, finance, cid)["issues"]] == [iid]
    with pytest.raises(NotFound):
        supervision.issue_view(engine, justice, iid)
    with pytest.raises(Forbidden):
        supervision.issue_action(engine, finance, iid, "resolve", mine["issue"]["version"], "已办")
    office = supervision.issue_view(engine, CLI, iid)
    assert "assign" in office["actions"] and "close" not in office["actions"]
    with pytest.raises(Invalid) as refused:
        supervision.issue_action(engine, CLI, iid, "assign", office["issue"]["version"], unit="县财政局")
    assert "deadline" in refused.value.fields
    with pytest.raises(Invalid) as collective:
        supervision.issue_action(engine, CLI, iid, "assign", office["issue"]["version"], unit="各乡镇人民政府",
                                 deadline="2025-05-31")
    assert "集合名称" in collective.value.fields["unit"]
    supervision.issue_action(engine, CLI, iid, "assign", office["issue"]["version"], unit="县财政局",
                             deadline="2025-05-31")
    assigned = supervision.issue_view(engine, finance, iid)
    assert assigned["issue"]["status_name"] == "已交办" and assigned["issue"]["deadline"] == "2025-05-31"
    assert "resolve" in assigned["actions"]
    (stats,) = supervision.issues(engine, CLI, cid)["by_unit"]
    assert stats["unit"] == "县财政局" and stats["total"] == 1 and stats["closed"] == 0


def test_each_state_offers_only_the_steps_it_allows(engine) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    cid = published(engine)
    task = task_ids(engine, cid)[0]
    iid = supervision.raise_issue(engine, CLI, cid, "台账未更新", "", task, "", "县财政局", "2025-04-30")

    def offered() -> tuple[int, set[str]]:
        view = supervision.issue_view(engine, CLI, iid)
        return view["issue"]["version"], set(view["actions"])

    v, actions = offered()
    assert {"assign", "chase", "escalate", "resolve"} <= actions and not actions & {"close", "reopen"}
    with pytest.raises(Invalid) as early:
        supervision.issue_action(engine, CLI, iid, "close", v)
    assert early.value.fields["action"].startswith("只能对已办结的问题销号")
    supervision.issue_action(engine, CLI, iid, "resolve", v, "已更新台账")
    v, actions = offered()
    assert "close" in actions and not actions & {"assign", "chase", "resolve"}
    supervision.issue_action(engine, CLI, iid, "close", v, "核实销号")
    v, actions = offered()
    assert actions == {"reopen", "comment", "archive"}
    with pytest.raises(Invalid) as again:
        supervision.issue_action(engine, CLI, iid, "assign", v, unit="县司法局", deadline="2025-06-30")
    assert "重新打开" in again.value.fields["action"]
    levels = supervision.issue_view(engine, CLI, iid)
    assert levels["issue"]["status_name"] == "已销号"


def test_issues_escalate_to_the_task_force_named_on_the_campaign(engine) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    cid = published(engine)
    supervision.update_campaign(engine, CLI, cid, None, task_force="东湖县优化营商环境工作专班")
    supervision.update_campaign(engine, CLI, cid, None, settings={"weights": {"reports": 60, "tasks": 40}})
    iid = supervision.raise_issue(engine, CLI, cid, "审批超时", "", None, "东湖建材有限公司", "县司法局", "2025-04-30")
    v = supervision.issue_view(engine, CLI, iid)["issue"]["version"]
    v = supervision.issue_action(engine, CLI, iid, "escalate", v)
    supervision.issue_action(engine, CLI, iid, "escalate", v, "移交专班协调")
    view = supervision.issue_view(engine, CLI, iid)
    assert view["issue"]["level_name"] == "东湖县优化营商环境工作专班"  # kept by the scores' settings form
    assert supervision.issues(engine, CLI, cid)["levels"] == ["责任单位", "牵头单位", "东湖县优化营商环境工作专班",
                                                                 "分管领导"]
    supervision.update_campaign(engine, CLI, cid, None, task_force="")
    assert supervision.issue_view(engine, CLI, iid)["issue"]["level_name"] == "专班办公室"
