"""Sending a report back (退回), as trial 23's county office needed it: the office returns a unit's report with
a reason; the period then counts as not reported (missing, owed, no score for it) until the unit files it again,
which it sees on its task page and its digest; the audit log keeps the return; a second click is one return and
a refused return comes back in its form with the reason."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.test_web_supervision import World, csrf
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.db.tracking import AuditRow
from zhengce.supervision import reminders


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def returns_logged(world: World) -> list[AuditRow]:
    with Session(world.engine) as session:
        return list(session.scalars(select(AuditRow).where(AuditRow.action == "report.return")))


def finance_missing(world: World) -> list[int]:
    view = supervision.campaign_view(world.engine, CLI, world.cid)
    return [m["cycle"] for m in view["missing"] if m["unit_id"] == world.finance and m["task_id"] == world.finance_task]


def finance_score(world: World) -> dict[str, Any]:
    rows = supervision.scores(world.engine, CLI, world.cid, cycle=1)
    return next(r["counts"] for r in rows["rows"] if r.get("unit_id") == world.finance)


def return_form(client: Any, world: World, reason: str, version: int = 1) -> Any:
    path = f"/campaign/{world.cid}/task/{world.finance_task}/report/{world.report}/return"
    return client.post(path, data={"csrf": csrf(client), "reason": reason, "version": str(version)},
                       follow_redirects=False)


def test_the_office_sends_a_report_back_and_the_period_is_owed_again(world: World) -> None:
    office, finance = world.client("office"), world.client("finance")
    task_page = f"/campaign/{world.cid}/task/{world.finance_task}"
    assert "退回此报告" in office.get(task_page).text and "退回此报告" not in finance.get(task_page).text
    assert 1 not in finance_missing(world)
    before = finance_score(world)
    # no reason: the same page, the reason of the refusal in this report's form, nothing changed
    empty = return_form(office, world, "  ")
    assert empty.status_code == 400 and "请填写退回理由" in empty.text and 'id="return-' in empty.text
    assert f'<a href="#return-{world.report}-form">未退回' in empty.text
    assert not returns_logged(world)
    sent = return_form(office, world, "缺少资金拨付凭证，请补充附件")
    assert sent.status_code == 303 and f"returned={world.report}" in sent.headers["location"]
    shown = office.get(sent.headers["location"]).text
    assert "报告已退回" in shown and "已退回" in shown and "缺少资金拨付凭证" in shown
    # the period is owed again: missing, on the unit's digest, out of the on-time count
    assert 1 in finance_missing(world)
    after = finance_score(world)
    assert after["missing"] == before["missing"] + 1
    assert after["on_time"] + after["late"] == before["on_time"] + before["late"] - 1
    digest = finance.get(f"/api/campaign/{world.cid}/digest").json()
    assert [(x["report_id"], x["reason"]) for x in digest["returned"]] == [(world.report, "缺少资金拨付凭证，请补充附件")]
    assert "被退回的报告" in finance.get(f"/campaign/{world.cid}/digest").text
    mail = next(d for d in supervision.unit_digests(world.engine, CLI, world.cid) if d["unit_id"] == world.finance)
    message = reminders.compose(mail)
    assert "1份报告被退回" in message.subject and "退回理由：缺少资金拨付凭证" in message.text
    # the unit's form names the reason and resubmits
    form_page = finance.get(f"{task_page}?cycle=1").text
    assert "被退回，理由：缺少资金拨付凭证" in form_page and "重新提交" in form_page
    # the audit log holds the return with its reason
    (entry,) = returns_logged(world)
    assert entry.after and entry.after["reason"] == "缺少资金拨付凭证，请补充附件" and entry.username == "office"
    assert "退回报告" in office.get("/audit").text


def test_a_resubmission_is_counted_by_the_day_it_is_filed(world: World) -> None:
    office, finance = world.client("office"), world.client("finance")
    assert return_form(office, world, "数据口径不对").status_code == 303
    form = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}?cycle=1").json()["form"]
    assert form["returned"]["reason"] == "数据口径不对" and form["draft"]
    again = finance.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report",
                         json={"cycle": 1, "status": "in_progress", "percent": 50, "narrative": "已按口径更正",
                               "version": form["version"]}, headers={"X-CSRF-Token": csrf(finance)})
    assert again.status_code == 200 and again.json()["late"] is True  # filed again long after the due day
    assert 1 not in finance_missing(world)
    assert finance.get(f"/api/campaign/{world.cid}/digest").json()["returned"] == []
    report = next(r for r in finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["reports"]
                  if r["id"] == world.report)
    assert report["returned"] is None and report["late"] and not report["draft"]


def test_a_double_click_is_one_return_and_a_second_reason_is_refused(world: World) -> None:
    office = world.client("office")
    first, second = return_form(office, world, "请补充照片"), return_form(office, world, "请补充照片")
    assert first.status_code == second.status_code == 303  # the second click lands on the page, no error
    assert len(returns_logged(world)) == 1
    api = office.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report/{world.report}/return",
                      json={"reason": "请补充照片", "version": 1}, headers={"X-CSRF-Token": csrf(office)})
    assert api.status_code == 200 and api.json()["repeated"] is True
    other = return_form(office, world, "另一个理由")
    assert other.status_code == 400 and "未再次退回：该报告已于" in other.text and "（理由：请补充照片）" in other.text
    assert len(returns_logged(world)) == 1


def test_only_the_office_returns_and_only_a_submitted_report(world: World) -> None:
    finance = world.client("finance")
    assert return_form(finance, world, "自己退回").status_code == 403
    assert world.client("boss").post(
        f"/api/campaign/{world.cid}/task/{world.finance_task}/report/{world.report}/return",
        json={"reason": "领导退回"}, headers={"X-CSRF-Token": csrf(world.client("boss"))}).status_code in {401, 403}
    draft = finance.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report",
                         json={"cycle": 2, "status": "in_progress", "percent": 10, "narrative": "草稿", "draft": True},
                         headers={"X-CSRF-Token": csrf(finance)}).json()
    office = world.client("office")
    refused = office.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report/{draft['id']}/return",
                          json={"reason": "退回草稿"}, headers={"X-CSRF-Token": csrf(office)})
    assert refused.status_code == 400 and "草稿" in refused.json()["error"]
    stale = office.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report/{world.report}/return",
                        json={"reason": "看的是旧版本", "version": 99}, headers={"X-CSRF-Token": csrf(office)})
    assert stale.status_code == 409 and not returns_logged(world)
    wrong_task = office.post(f"/api/campaign/{world.cid}/task/{world.justice_task}/report/{world.report}/return",
                             json={"reason": "错任务"}, headers={"X-CSRF-Token": csrf(office)})
    assert wrong_task.status_code == 404


def test_report_cards_name_the_period_as_the_form_does(world: World) -> None:
    page = world.client("finance").get(f"/campaign/{world.cid}/task/{world.finance_task}").text
    label = world.client("finance").get(f"/api/campaign/{world.cid}").json()["cycles"][0]["label"]
    assert re.search(rf"<strong>{label} · 县财政局</strong>", page) and "第 1 期" not in page
