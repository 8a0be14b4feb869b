"""The reporter's report as a new user met it (trial of 2026-12-02), against the real app: the period due
next is the one the form, the 催报清单 and the digest name; an empty report is refused and an edit never
erases; the same form sent twice is saved once; a unit added late owes from the next period due; a late
period is announced before it is submitted; the login keeps the name typed; signed-in answers are not
cached."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.supervision.test_supervision import plan_id
from tests.web.test_web_supervision import PASSWORD, World, csrf, login
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.access.accounts import today as today_cn
from zhengce.db.tracking import AttachmentRow, ReportRow


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def post_json(client: TestClient, path: str, body: dict[str, Any]) -> Any:
    """The JSON twin, as a signed-in browser's script would call it (with the session's CSRF token)."""
    return client.post(path, json=body, headers={"X-CSRF-Token": csrf(client)})


def reports_of(world: World, task: int) -> list[ReportRow]:
    with Session(world.engine) as session:
        return list(session.scalars(select(ReportRow).where(ReportRow.campaign_task_id == task)))


def files_of(world: World, report: int) -> int:
    with Session(world.engine) as session:
        return int(session.scalar(select(func.count()).select_from(AttachmentRow)
                                  .where(AttachmentRow.report_id == report)) or 0)


# --- 3: the period due next ----------------------------------------------------------------------


def test_the_period_to_report_is_the_one_due_next_not_the_calendar_month(world: World) -> None:
    cid = supervision.create_campaign(world.engine, CLI, plan_id(world.engine), rule="month/next:5",
                                      start=date(2026, 10, 1), end=date(2027, 12, 31))
    supervision.update_campaign(world.engine, CLI, cid, None, status="published")
    finance = accounts.authenticate(world.engine, "finance", PASSWORD)
    assert finance is not None
    view = supervision.campaign_view(world.engine, CLI, cid, date(2026, 12, 2))
    task = next(t["id"] for t in view["tasks"] if any(u["unit_id"] == world.finance for u in t["units"]))
    assert view["current_cycle"]["label"] == "2026年11月" and view["current_cycle"]["due"] == "2026-12-07"
    assert [r["label"] for r in view["reminders"] if r["unit_id"] == world.finance] == ["2026年11月"]
    assert [cy["label"] for cy in view["cycles"] if cy["state"] == "current"] == ["2026年11月"]
    form = supervision.task_view(world.engine, finance, task, today=date(2026, 12, 2))["form"]
    assert (form["label"], form["due"], form["overdue"]) == ("2026年11月", "2026-12-07", False)
    later = supervision.task_view(world.engine, finance, task, today=date(2026, 12, 2), cycle=3)["form"]
    assert later["label"] == "2026年12月"  # a later period begun is reachable, not the default
    digest = supervision.digest(world.engine, finance, cid, today=date(2026, 12, 2))
    assert [r["label"] for r in digest["due_soon"]] == ["2026年11月"] and digest["due_soon"][0]["workdays_left"] == 3
    # after November's due day, December is the period to report
    after = supervision.task_view(world.engine, finance, task, today=date(2026, 12, 8))["form"]
    assert after["label"] == "2026年12月" and not after["overdue"]
    assert supervision.campaign_view(world.engine, CLI, cid, date(2026, 12, 8))["current_cycle"]["label"] == "2026年12月"


def test_the_report_form_opens_on_the_period_the_campaign_page_calls_current(world: World) -> None:
    finance = world.client("finance")
    page = finance.get(f"/api/campaign/{world.cid}").json()
    form = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["form"]
    current, today = page["current_cycle"], today_cn().isoformat()
    begun = [cy for cy in page["cycles"] if cy["start"] <= today]
    upcoming = [cy for cy in begun if cy["due"] >= today]  # none once the campaign is over: the last begun
    assert form["cycle"] == current["index"] == (upcoming[0] if upcoming else begun[-1])["index"]
    html = finance.get(f"/campaign/{world.cid}/task/{world.finance_task}").text
    assert f"填报进展 · {current['label']}" in html


# --- 6: empty reports and erasing edits -----------------------------------------------------------


def test_a_report_with_nothing_in_it_is_refused_on_its_field(world: World) -> None:
    finance = world.client("finance")
    cycle = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["form"]["cycle"]
    before = len(reports_of(world, world.finance_task))
    blank = finance.post(f"/campaign/{world.cid}/task/{world.finance_task}/report",
                         data={"csrf": csrf(finance), "cycle": cycle, "status": "in_progress", "percent": "0",
                               "narrative": "", "values": "", "draft": "0"})
    assert blank.status_code == 400 and "报告没有内容" in blank.text
    assert re.search(r'<textarea id="narrative"[^>]*>\s*</textarea>\s*<span class="field-error">报告没有内容', blank.text)
    api_path = f"/api/campaign/{world.cid}/task/{world.finance_task}/report"
    api = post_json(finance, api_path, {"cycle": cycle, "status": "in_progress", "percent": 0})
    assert api.status_code == 400 and "报告没有内容" in api.json()["error"]
    assert len(reports_of(world, world.finance_task)) == before
    # a status chosen, a value or a file each make it a report
    chosen = post_json(finance, api_path, {"cycle": cycle, "status": "not_started", "percent": 0})
    assert chosen.status_code == 200


def test_an_edit_keeps_what_it_leaves_out_and_refuses_to_empty_it(world: World) -> None:
    finance = world.client("finance")
    path = f"/api/campaign/{world.cid}/task/{world.finance_task}/report"
    first = post_json(finance, path, {"cycle": 1, "status": "in_progress", "percent": 40, "version": 1,
                                     "narrative": "财政局的秘密进展", "values": "清偿金额=12.5 亿元"}).json()
    erase = post_json(finance, path, {"cycle": 1, "status": "done", "percent": 100, "narrative": "",
                                     "version": first["version"]})
    assert erase.status_code == 400 and "不能清空" in erase.json()["error"]
    kept = post_json(finance, path, {"cycle": 1, "status": "done", "percent": 100, "version": first["version"]})
    assert kept.status_code == 200
    stored = next(r for r in reports_of(world, world.finance_task) if r.cycle == 1)
    assert (stored.status, stored.narrative) == ("done", "财政局的秘密进展")
    assert stored.values == [{"indicator": "清偿金额", "value": "12.5", "unit": "亿元"}]
    no_values = post_json(finance, path, {"cycle": 1, "status": "done", "percent": 100, "values": "",
                                         "version": kept.json()["version"]})
    assert no_values.status_code == 400 and "不能清空" in no_values.json()["error"]
    body = finance.get("/openapi.json").json()["paths"]["/api/campaign/{campaign_id}/task/{task_id}/report"]["post"]
    ref = body["requestBody"]["content"]["application/json"]["schema"]
    schemas = finance.get("/openapi.json").json()["components"]["schemas"]
    spec = (schemas[ref["$ref"].rsplit("/", 1)[-1]] if "$ref" in ref else ref)["properties"]
    assert "省略" in spec["narrative"]["description"] and "拒绝" in spec["narrative"]["description"]


# --- 7: the same form sent twice -----------------------------------------------------------------


def test_the_same_form_sent_twice_is_saved_once_with_its_files(world: World) -> None:
    finance = world.client("finance")
    task = world.finance_task
    form = finance.get(f"/api/campaign/{world.cid}/task/{task}").json()["form"]
    assert form["version"] is None
    page = finance.get(f"/campaign/{world.cid}/task/{task}").text
    assert "版本 None" not in page and "新报告" in page
    sent = {"csrf": csrf(finance), "cycle": form["cycle"], "status": "in_progress", "percent": "30",
            "narrative": "已清偿三成", "values": "清偿金额=300 万元", "version": "", "draft": "0"}
    file = [("file", ("台账.pdf", b"%PDF-1.4 ledger", "application/pdf"))]
    answers = [finance.post(f"/campaign/{world.cid}/task/{task}/report", data=sent, files=file,
                            follow_redirects=False) for _ in range(2)]  # a double click
    assert [a.status_code for a in answers] == [303, 303]
    mine = [r for r in reports_of(world, task) if r.cycle == form["cycle"]]
    assert len(mine) == 1 and mine[0].version == 1 and files_of(world, mine[0].id) == 1
    shown = finance.get(answers[1].headers["location"]).text
    assert "报告已提交" in shown and "他人" not in shown and "版本 None" not in shown
    again = post_json(finance, f"/api/campaign/{world.cid}/task/{task}/report",
                      {"cycle": form["cycle"], "status": "in_progress", "percent": 30,
                       "narrative": "已清偿三成", "values": "清偿金额=300 万元"})  # Back, then resubmit
    assert again.status_code == 200 and again.json()["repeated"] and again.json()["version"] == 1
    changed = finance.post(f"/campaign/{world.cid}/task/{task}/report", data=sent | {"percent": "35"})
    assert changed.status_code == 409 and "您已保存过" in changed.text and "他人修改" not in changed.text


def test_files_sent_with_a_refused_report_are_kept_for_the_next_try(world: World) -> None:
    finance, other = world.client("finance"), world.client("justice")
    task = world.finance_task
    form = finance.get(f"/api/campaign/{world.cid}/task/{task}").json()["form"]
    sent = {"csrf": csrf(finance), "cycle": form["cycle"], "status": "in_progress", "percent": "50",
            "narrative": "半数已清偿", "values": "清偿金额=一半", "version": ""}
    refused = finance.post(f"/campaign/{world.cid}/task/{task}/report", data=sent,
                           files=[("file", ("凭证.pdf", b"%PDF-1.4 proof", "application/pdf"))])
    assert refused.status_code == 400 and "不是数字" in refused.text and "请重新选择" not in refused.text
    assert "凭证.pdf" in refused.text and "无需重新选择" in refused.text
    held = re.search(r'name="held" value="([\d,]+)"', refused.text).group(1)  # type: ignore[union-attr]
    stolen = other.post(f"/api/campaign/{world.cid}/task/{world.justice_task}/report",
                        json={"cycle": 1, "status": "in_progress", "percent": 5, "narrative": "借用", "held": held},
                        headers={"X-CSRF-Token": csrf(other)})
    assert stolen.status_code == 200 and files_of(world, stolen.json()["id"]) == 0  # another user's: ignored
    fixed = finance.post(f"/campaign/{world.cid}/task/{task}/report",
                         data=sent | {"values": "清偿金额=500 万元", "held": held}, follow_redirects=False)
    assert fixed.status_code == 303
    report = next(r for r in reports_of(world, task) if r.cycle == form["cycle"])
    assert files_of(world, report.id) == 1
    shown = finance.get(f"/api/campaign/{world.cid}/task/{task}", params={"cycle": form["cycle"]}).json()
    mine = next(r for r in shown["reports"] if r["id"] == report.id)
    assert [a["filename"] for a in mine["attachments"]] == ["凭证.pdf"]
    assert finance.get(mine["attachments"][0]["url"]).content == b"%PDF-1.4 proof"


def test_an_error_on_a_new_report_never_shows_version_none(world: World) -> None:
    finance = world.client("finance")
    form = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["form"]
    bad = finance.post(f"/campaign/{world.cid}/task/{world.finance_task}/report",
                       data={"csrf": csrf(finance), "cycle": form["cycle"], "status": "in_progress", "percent": "10",
                             "narrative": "进展", "values": "清偿金额=很多", "version": ""})
    assert bad.status_code == 400 and "不是数字" in bad.text and "None" not in bad.text


# --- 9 and 20: a unit added late; a late period announced ----------------------------------------


def test_a_unit_added_after_publication_owes_from_the_next_period_due(world: World) -> None:
    centre = world.justice  # a unit of other tasks, now given the finance bureau's task too
    today = today_cn()
    counted = supervision.scores(world.engine, CLI, world.cid, year=today.year)["rows"]
    owing = dict(supervision.bulletin_data(world.engine, CLI, world.cid, 2)["reporting"]["units"])
    supervision.assign_unit(world.engine, CLI, world.finance_task, centre, "support")
    assert dict(supervision.bulletin_data(world.engine, CLI, world.cid, 2)["reporting"]["units"]) == owing
    view = supervision.campaign_view(world.engine, CLI, world.cid, today)
    assert not [m for m in view["missing"] if m["unit_id"] == centre and m["task_id"] == world.finance_task]
    assert [m for m in view["missing"] if m["unit_id"] == world.finance]  # the units of the plan still owe
    light = next(t for t in view["tasks"] if t["id"] == world.finance_task)
    recounted = supervision.scores(world.engine, CLI, world.cid, year=today.year)["rows"]
    assert [r["counts"] for r in recounted if r["unit_id"] == centre] == \
        [r["counts"] for r in counted if r["unit_id"] == centre]  # the new task adds nothing owed before today
    centre_client = world.client("justice")
    old = 2  # a period long past: reported now, it is not late for a unit that did not owe it
    page = centre_client.get(f"/campaign/{world.cid}/task/{world.finance_task}", params={"cycle": old}).text
    assert "已逾期" not in page
    sent = post_json(centre_client, f"/api/campaign/{world.cid}/task/{world.finance_task}/report",
                     {"cycle": old, "status": "in_progress", "percent": 10, "narrative": "补报"})
    assert sent.status_code == 200 and sent.json()["late"] is False
    digest = centre_client.get(f"/api/campaign/{world.cid}/digest").json()
    assert not [m for m in digest["late"] if m["task_id"] == world.finance_task]
    assert "有 1 期" not in light["light_reason"]
    current = view["current_cycle"]
    if date.fromisoformat(current["due"]) > today:  # its first period is the next one due
        assert any(r["unit_id"] == centre for r in view["reminders"])


def test_the_form_of_a_period_past_its_due_day_says_it_will_be_late(world: World) -> None:
    finance = world.client("finance")
    past = finance.get(f"/campaign/{world.cid}/task/{world.finance_task}", params={"cycle": 2}).text
    assert "已逾期" in past and "迟报" in past and 'class="warning"' in past
    now = finance.get(f"/campaign/{world.cid}/task/{world.finance_task}")
    current = finance.get(f"/api/campaign/{world.cid}").json()["current_cycle"]
    if current["due"] >= today_cn().isoformat():
        assert 'class="warning"' not in now.text  # the period due next is not late yet
    sent = post_json(finance, f"/api/campaign/{world.cid}/task/{world.finance_task}/report",
                     {"cycle": 2, "status": "in_progress", "percent": 20, "narrative": "补报二月"})
    assert sent.json()["late"] is True


# --- 15 and 16: sign-in and caching ----------------------------------------------------------------


def test_a_failed_login_keeps_the_name_typed(world: World) -> None:
    client = world.client()
    wrong = login(client, "finance", "not the password")
    assert wrong.status_code == 401 and 'name="username" value="finance"' in wrong.text
    assert "no-store" in wrong.headers["cache-control"]


def test_signed_in_pages_and_files_are_not_cached_and_public_pages_are(world: World) -> None:
    finance = world.client("finance")
    for path in (f"/campaign/{world.cid}/task/{world.finance_task}", f"/api/campaign/{world.cid}",
                 f"/attachment/{world.attachment}", "/"):
        got = finance.get(path)
        assert got.status_code == 200 and got.headers.get("cache-control") == "no-store", path
    public = world.client()
    home = public.get("/")
    assert home.status_code == 200 and "no-store" not in home.headers.get("cache-control", "")
    token = accounts.new_token(world.engine, "finance", "缓存测试")
    api = public.get(f"/api/campaign/{world.cid}", headers={"Authorization": f"Bearer {token}"})
    assert api.headers.get("cache-control") == "no-store"


def test_a_double_click_racing_itself_saves_one_report(world: World) -> None:
    finance = accounts.authenticate(world.engine, "finance", PASSWORD)
    assert finance is not None
    cycle = supervision.task_view(world.engine, finance, world.finance_task)["form"]["cycle"]
    start = threading.Barrier(6)

    def click() -> Any:
        start.wait()
        return supervision.submit_report(world.engine, finance, world.finance_task, cycle, "in_progress", 45,
                                         "同时点了多次")

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: click(), range(6)))
    assert len({r.id for r in results}) == 1 and {r.version for r in results} == {1}
    assert sum(not r.repeated for r in results) == 1


def test_only_files_a_report_may_carry_are_claimed_as_held(world: World) -> None:
    """An issued bulletin's frozen copy also lies under no report: naming its id as a held file attaches nothing."""
    finance = world.client("finance")
    me = accounts.authenticate(world.engine, "finance", PASSWORD)
    with Session(world.engine) as session, session.begin():
        copy = AttachmentRow(report_id=None, issue_id=None, filename="bulletin-1-1.json.gz",
                             content_type="application/gzip", size=4, sha256="0" * 64, data=b"\x1f\x8b\x08\x00",
                             uploaded_by=me.id, uploaded_at=datetime(2026, 12, 1, 9), archived=False)
        session.add(copy)
        session.flush()
        copy_id = copy.id
    form = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["form"]
    saved = finance.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/report",
                         json={"cycle": form["cycle"], "status": "in_progress", "percent": 10,
                               "narrative": "已启动", "held": str(copy_id)},
                         headers={"X-CSRF-Token": csrf(finance)})
    assert saved.status_code == 200 and files_of(world, saved.json()["id"]) == 0
    with Session(world.engine) as session:
        assert session.get(AttachmentRow, copy_id).archived is False  # type: ignore[union-attr]


def test_held_files_go_once_claimed_or_abandoned_for_days_and_a_bulletin_copy_stays(world: World) -> None:
    """A claimed held file is not kept twice (its copy is on the report); files of a refused report nobody came
    back for go after HELD_DAYS, when the user next holds files; an issued bulletin's copy is never touched."""
    me = accounts.authenticate(world.engine, "finance", PASSWORD)
    assert me is not None
    old = supervision.hold_attachments(world.engine, me, [("旧凭证.pdf", b"%PDF-1.4 old")])
    with Session(world.engine) as session, session.begin():
        row = session.get(AttachmentRow, old[0]["id"])
        assert row is not None
        row.uploaded_at = datetime.now(UTC) - timedelta(days=supervision.HELD_DAYS + 1)
        copy = AttachmentRow(report_id=None, issue_id=None, filename="bulletin-1-1.json.gz",
                             content_type="application/gzip", size=4, sha256="0" * 64, data=b"\x1f\x8b\x08\x00",
                             uploaded_by=me.id, uploaded_at=datetime(2020, 1, 1, 9), archived=False)
        session.add(copy)
        session.flush()
        copy_id = copy.id
    new = supervision.hold_attachments(world.engine, me, [("新凭证.pdf", b"%PDF-1.4 new")])
    assert supervision.held_files(world.engine, me, [old[0]["id"], new[0]["id"]]) == new
    form = world.client("finance").get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["form"]
    result = supervision.submit_report(world.engine, me, world.finance_task, form["cycle"], "in_progress", 20,
                                       "已启动", None, files=1)
    supervision.claim_held(world.engine, me, result.id, [int(new[0]["id"])])
    assert files_of(world, result.id) == 1
    with Session(world.engine) as session:
        assert session.get(AttachmentRow, new[0]["id"]) is None and session.get(AttachmentRow, copy_id) is not None
