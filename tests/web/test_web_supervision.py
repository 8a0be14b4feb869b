"""Sign-in and the supervision pages through the real app: what each role can see and do."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.supervision.test_supervision import TRACK_PLAN, plan_id, unit_id
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.db import open_store
from zhengce.db.tracking import AuditRow, TokenRow
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.web.app import create_app, served_routes
from zhengce.web.routes.campaigns import PAGE_SIZE

PASSWORD = "correct horse 1"


class World:
    """One database with a published campaign, its people, a report with a file and an issue per unit."""

    def __init__(self, tmp_path: Path) -> None:
        self.engine = open_store(str(tmp_path / "track.db"))
        store_parsed(self.engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
        self.app = create_app(engine=self.engine)
        self.finance, self.justice = unit_id(self.engine, "县财政局"), unit_id(self.engine, "县司法局")
        for name, role, unit in (("office", "office", None), ("boss", "leader", None),
                                 ("finance", "reporter", self.finance), ("justice", "reporter", self.justice)):
            accounts.add_user(self.engine, name, role, unit, password=PASSWORD)
        self.cid = supervision.create_campaign(self.engine, CLI, plan_id(self.engine), start=date(2025, 2, 10),
                                               end=date(2026, 12, 31))
        supervision.update_campaign(self.engine, CLI, self.cid, None, status="published")
        tasks = supervision.campaign_view(self.engine, CLI, self.cid, date(2025, 3, 1))["tasks"]
        self.finance_task = next(t["id"] for t in tasks if any(u["unit_id"] == self.finance for u in t["units"]))
        self.justice_task = next(t["id"] for t in tasks if any(u["unit_id"] == self.justice for u in t["units"])
                                 and not any(u["unit_id"] == self.finance for u in t["units"]))
        finance = accounts.authenticate(self.engine, "finance", PASSWORD)
        assert finance is not None
        self.report = supervision.submit_report(self.engine, finance, self.finance_task, 1, "in_progress", 40,
                                                "财政局的秘密进展", today=date(2025, 3, 1)).id
        self.attachment = supervision.add_attachment(self.engine, finance, self.report, "台账.txt",
                                                     "财政局台账".encode())
        self.issue = supervision.raise_issue(self.engine, CLI, self.cid, "财政局的问题", "", self.finance_task, "",
                                             self.finance)
        accounts.new_token(self.engine, "finance", "财政局的脚本")
        with Session(self.engine) as session:
            self.finance_token = int(session.scalar(select(func.max(TokenRow.id))) or 0)

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if username:
            login(client, username)
        return client

    def writes(self) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post("/login", data={"username": username, "password": password, "csrf": token,
                                       "next": "/campaigns"}, follow_redirects=False)


def csrf(client: TestClient, path: str = "/campaigns") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)  # type: ignore[union-attr]


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)  # built once per session, copied for each test


def test_signing_in_and_out(world: World) -> None:
    client = world.client()
    assert client.get("/campaigns", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/api/campaigns").status_code == 401
    wrong = login(client, "office", "not the password")
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
    ok = login(client, "office")
    assert ok.status_code == 303 and ok.headers["location"] == "/campaigns"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/campaigns")
    assert "督查室" in page.text and "东湖县优化营商环境攻坚行动方案" in page.text
    assert client.get("/api/me").json()["role"] == "office"
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403  # no CSRF token
    out = client.post("/logout", data={"csrf": csrf(client)}, follow_redirects=False)
    assert out.status_code == 303 and client.get("/api/me").json()["role"] == "public"


def test_a_login_form_from_elsewhere_and_repeated_failures_are_refused(world: World) -> None:
    client = world.client()
    forged = client.post("/login", data={"username": "office", "password": PASSWORD, "csrf": "x"},
                         follow_redirects=False)
    assert forged.status_code == 403 and "zhengce_session" not in forged.headers.get("set-cookie", "")
    for _ in range(accounts.MAX_FAILURES):
        login(client, "office", "guess")
    throttled = login(client, "office")
    assert throttled.status_code == 429 and "登录失败次数过多" in throttled.text


def test_a_one_time_password_is_changed_at_first_login(world: World) -> None:
    _, secret = accounts.add_user(world.engine, "newcomer", "leader")
    client = world.client()
    first = login(client, "newcomer", secret)
    assert first.headers["location"] == "/account/password"
    token = csrf(client, "/account/password")
    done = client.post("/account/password", data={"csrf": token, "old": secret, "new": "a much better one"},
                       follow_redirects=False)
    assert done.status_code == 303 and not accounts.must_change(world.engine, "newcomer")
    assert login(world.client(), "newcomer", "a much better one").headers["location"] == "/campaigns"


def test_the_office_reviews_and_publishes_and_a_unit_reports_through_the_pages(world: World) -> None:
    office = world.client("office")
    token = csrf(office)
    made = office.post("/campaigns", data={"csrf": token, "document_id": plan_id(world.engine), "rule": "week/in:3"},
                       follow_redirects=False)
    assert made.status_code == 303
    cid = int(made.headers["location"].rsplit("/", 1)[1])
    page = office.get(f"/campaign/{cid}")
    assert "待审核发布" in page.text and "每周，本周三前报送" in page.text
    data = office.get(f"/api/campaign/{cid}").json()
    task = next(t for t in data["tasks"] if any(u["unit_id"] == world.finance for u in t["units"]))
    edited = office.post(f"/campaign/{cid}/task/{task['id']}/edit",
                         data={"csrf": token, "version": task["version"], "deadline": "2025-09-30"},
                         follow_redirects=False)
    assert edited.status_code == 303
    stale = office.post(f"/campaign/{cid}/task/{task['id']}/edit",
                        data={"csrf": token, "version": task["version"], "text": "过时的修改"})
    assert stale.status_code == 409 and "请刷新" in stale.text
    version = office.get(f"/api/campaign/{cid}").json()["campaign"]["version"]
    office.post(f"/campaign/{cid}/edit", data={"csrf": token, "version": version, "status": "published"})
    assert office.get(f"/api/campaign/{cid}").json()["campaign"]["status"] == "published"

    finance = world.client("finance")
    ftoken = csrf(finance)
    assert cid in [c["id"] for c in finance.get("/api/campaigns").json()["campaigns"]]
    cycle = finance.get(f"/api/campaign/{cid}/task/{task['id']}").json()["cycles"][-1]["index"]
    sent = finance.post(f"/campaign/{cid}/task/{task['id']}/report",
                        data={"csrf": ftoken, "cycle": cycle, "status": "in_progress", "percent": "60",
                              "narrative": "<script>alert(1)</script>已完成清偿六成", "values": "清偿金额=1250.50 万元"},
                        files=[("file", ("清偿台账.pdf", b"%PDF-1.4 test", "application/pdf"))],
                        follow_redirects=False)
    assert sent.status_code == 303
    view = finance.get(f"/campaign/{cid}/task/{task['id']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;已完成清偿六成" in view.text and "<script>alert(1)" not in view.text
    assert "清偿金额：1250.50 万元" in view.text and "清偿台账.pdf" in view.text
    report = finance.get(f"/api/campaign/{cid}/task/{task['id']}").json()["reports"][0]
    file = finance.get(report["attachments"][0]["url"])
    assert file.content == b"%PDF-1.4 test" and file.headers["x-content-type-options"] == "nosniff"
    overview = office.get(f"/api/campaign/{cid}").json()
    assert next(t for t in overview["tasks"] if t["id"] == task["id"])["percent"] == 60


def test_attachments_are_checked_before_anything_is_saved(world: World) -> None:
    finance = world.client("finance")
    token = csrf(finance)
    base = {"csrf": token, "cycle": "1", "status": "in_progress", "percent": "50", "narrative": "附件测试"}
    path = f"/campaign/{world.cid}/task/{world.finance_task}/report"
    for name, content in (("run.exe", b"MZ"), ("fake.pdf", b"not a pdf"), ("note.txt", b"\xff\xfe\x00bad")):
        refused = finance.post(path, data=base | {"version": "1"}, files=[("file", (name, content, "x/y"))])
        assert refused.status_code == 400, name
    report = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["reports"][0]
    assert report["narrative"] == "财政局的秘密进展" and report["version"] == 1


def test_api_tokens_work_without_csrf_and_bad_tokens_are_refused(world: World) -> None:
    token = accounts.new_token(world.engine, "justice", "脚本")
    client = world.client()
    headers = {"Authorization": f"Bearer {token}"}
    sent = client.post(f"/api/campaign/{world.cid}/task/{world.justice_task}/report", headers=headers,
                       json={"cycle": 1, "status": "behind", "percent": 5, "narrative": "接口填报"})
    assert sent.status_code == 200 and sent.json()["version"] == 1
    again = client.post(f"/api/campaign/{world.cid}/task/{world.justice_task}/report", headers=headers,
                        json={"cycle": 1, "status": "behind", "percent": 6, "narrative": "没带版本"})
    assert again.status_code == 409 and "刷新" in again.json()["error"]
    bad = client.get("/api/campaigns", headers={"Authorization": "Bearer zc_forged"})
    assert bad.status_code == 401
    malformed = client.post(f"/api/campaign/{world.cid}/task/{world.justice_task}/report", headers=headers,
                            content=b"{not json", )
    assert malformed.status_code == 400
    spec = client.get("/openapi.json").json()["paths"]
    body = spec["/api/campaign/{campaign_id}/task/{task_id}/report"]["post"]["requestBody"]
    assert "percent" in body["content"]["application/json"]["schema"]["properties"]


def _fill(path: str, world: World) -> str:
    ids = {"campaign_id": world.cid, "task_id": world.finance_task, "issue_id": world.issue,
           "attachment_id": world.attachment, "token_id": world.finance_token, "report_id": world.report}
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


TRACKING = ("/campaign", "/issue/", "/attachment/", "/audit", "/api/campaign", "/api/issue/", "/api/attachment/",
            "/api/audit", "/account")


def _routes(world: World) -> list[tuple[str, str]]:
    out = []
    for route in served_routes(world.app):
        path = getattr(route, "path", "")
        if path.startswith(TRACKING):
            for method in sorted(getattr(route, "methods", set()) - {"HEAD"}):
                out.append((method, path))
    return out


def test_another_units_reporter_reaches_nothing_of_the_finance_bureau_on_any_route(world: World) -> None:
    token = accounts.new_token(world.engine, "justice", "permission test")
    browser = world.client("justice")
    form_token = csrf(browser)
    routes = _routes(world)
    assert len(routes) >= 30
    before = world.writes()
    secret = ["财政局的秘密进展", "财政局的问题", "财政局台账", "财政局的脚本"]
    own = ("/account/password", "/account/tokens")  # one's own password and tokens: allowed, nobody else's data
    for method, path in [r for r in routes if not (r[0] == "POST" and r[1].endswith(own))]:
        url = _fill(path, world)
        for client, extra in ((world.client(), {"Authorization": f"Bearer {token}"}), (browser, {})):
            if method == "GET":
                got = client.get(url, headers=extra, follow_redirects=False)
                if path.startswith(("/campaign/{campaign_id}/task", "/api/campaign/{campaign_id}/task", "/issue",
                                    "/api/issue", "/attachment", "/api/attachment", "/audit", "/api/audit")):
                    assert got.status_code in (403, 404), (method, path, got.status_code)
                assert not any(s in got.text for s in secret), (method, path)
            else:
                fields = {"csrf": form_token, "cycle": "1", "status": "done", "percent": "100", "text": "x",
                          "title": "x", "action": "resolve", "note": "x", "unit": "县财政局", "role": "lead",
                          "unit_id": str(world.finance), "version": "1", "parts": "a\nb", "ids": "1,2",
                          "document_id": "1", "old": PASSWORD, "new": PASSWORD}
                got = client.post(url, data=fields, headers=extra, follow_redirects=False)
                assert got.status_code in (400, 403, 404), (method, path, got.status_code)
    assert world.writes() == before
    assert accounts.list_tokens(world.engine, "finance")[0]["active"]
    supervision_view = supervision.task_view(world.engine, CLI, world.finance_task)
    assert [r["narrative"] for r in supervision_view["reports"]] == ["财政局的秘密进展"]


def test_the_public_sees_no_tracking_data(world: World) -> None:
    public = world.client()
    for method, path in _routes(world):
        url = _fill(path, world)
        got = public.get(url, follow_redirects=False) if method == "GET" else public.post(
            url, data={"text": "x"}, follow_redirects=False)
        assert got.status_code in (303, 401, 403), (method, path, got.status_code)
        assert "财政局" not in got.text
    assert public.get("/").status_code == 200  # the library stays open to everyone


def test_leaders_read_and_comment_and_only_the_office_reads_the_audit_log(world: World) -> None:
    boss = world.client("boss")
    token = csrf(boss)
    assert "财政局的秘密进展" in boss.get(f"/campaign/{world.cid}/task/{world.finance_task}").text
    said = boss.post(f"/campaign/{world.cid}/task/{world.finance_task}/comment", data={"csrf": token,
                                                                                     "text": "请加快进度"})
    assert said.status_code == 200 and "请加快进度" in said.text
    assert boss.post(f"/campaign/{world.cid}/task/{world.finance_task}/edit",
                     data={"csrf": token, "text": "改"}).status_code == 403
    assert boss.get("/audit").status_code == 403
    office = world.client("office")
    log = office.get("/api/audit").json()["entries"]
    assert {"comment.add", "report.submit", "issue.raise", "campaign.create"} <= {e["action"] for e in log}
    exported = office.get("/audit.csv")
    assert exported.status_code == 200 and "comment.add" in exported.text
    page = office.get("/audit").text  # the page reads in Chinese: no codes, no \u escapes
    assert "发表意见" in page and "登记问题" in page and "提交报告" in page and "工作进展：财政局的秘密进展" in page
    assert "comment.add" not in page and "issue.raise" not in page and "\\u" not in page


def test_the_campaign_page_shows_the_cadence_in_words_only(world: World) -> None:
    page = world.client("finance").get(f"/campaign/{world.cid}").text
    assert "每月，次月5日前报送" in page and "month/next" not in page


def test_rules_scores_bulletin_and_dashboard_pages(world: World) -> None:
    office = world.client("office")
    token = csrf(office)
    version = office.get(f"/api/campaign/{world.cid}").json()["campaign"]["version"]
    saved = office.post(f"/campaign/{world.cid}/settings", data={
        "csrf": token, "version": version, "yellow_workdays": "3", "behind_gap": "10", "weight_reports": "60",
        "weight_tasks": "40", "weight_issues": "0",
        "escalation": "承办单位\n督查室\n县政府分管领导", "bulletin_office": "东湖县人民政府督查室"},
        follow_redirects=False)
    assert saved.status_code == 303
    bad = office.post(f"/campaign/{world.cid}/settings", data={"csrf": token, "weight_tasks": "很多"})
    assert bad.status_code == 400
    scores = office.get(f"/api/campaign/{world.cid}/scores", params={"cycle": 1}).json()
    assert scores["weights"] == {"reports": "60", "tasks": "40", "issues": "0", "data": "0",
                                "push": "0"}
    assert scores["scope"] == "2025年2月"
    assert office.get(f"/campaign/{world.cid}/scores", params={"cycle": "x"}).status_code == 400
    added = office.post(f"/campaign/{world.cid}/adjust", data={"csrf": token, "unit": "县司法局", "points": "-2",
                                                               "reason": "数据不实", "cycle": "1"})
    assert added.status_code == 200 and "数据不实" in added.text
    page = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1})
    assert page.status_code == 200 and "东湖县人民政府督查室" in page.text and "附表3" in page.text
    assert 'id="b-cycle"' in page.text and '<option value="1" selected>2025年2月' in page.text  # the period picker
    assert "（未发布稿）" in page.text and "发布后编为第1期" in page.text  # not numbered before it is issued
    docx = office.get(f"/campaign/{world.cid}/bulletin.docx", params={"cycle": 1})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "东湖县优化营商环境攻坚行动方案-通报-未发布稿-2025年2月.docx" in unquote(docx.headers["content-disposition"])
    assert office.get(f"/campaign/{world.cid}/bulletin.xlsx", params={"cycle": 1}).content[:2] == b"PK"
    assert "市场主体" in office.get(f"/campaign/{world.cid}/targets").text
    boss = world.client("boss")
    assert boss.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()["issue_no"] is None
    assert boss.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": csrf(boss), "cycle": "1"}
                     ).status_code == 403  # the office issues bulletins
    issued = office.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": token, "cycle": "1"},
                         follow_redirects=False)
    assert issued.status_code == 303
    twin = boss.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    assert twin["issue_no"] == 1 and twin["published"]  # the first bulletin issued is 第1期, whatever its cycle
    again = office.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": token, "cycle": "1"})
    assert again.status_code == 409 and "已于" in again.text
    named = office.get(f"/campaign/{world.cid}/bulletin.xlsx", params={"cycle": 1}).headers["content-disposition"]
    assert "东湖县优化营商环境攻坚行动方案-通报-第1期-2025年2月.xlsx" in unquote(named)
    # the page shows the same annexes as the .docx: the units owing reports, one row each, the rest summed up
    heading, _headers, rows, note = twin["annexes"][2]
    assert heading.startswith("附表3") and heading in page.text and note in page.text
    assert {r[0] for r in rows} == {u for u, _ in twin["reporting"]["units"]} | {m["unit"] for m in twin["late"]}
    assert sum(r[1] for r in rows) == len(twin["late"]) and sum(r[2] for r in rows) == len(twin["missing"])
    assert twin["late"] and all(f"<td>{r[0]}</td>" in page.text for r in rows)
    finance = world.client("finance")
    assert finance.get(f"/campaign/{world.cid}/bulletin").status_code == 403
    assert finance.get(f"/api/campaign/{world.cid}/targets").status_code == 403
    assert finance.post(f"/campaign/{world.cid}/adjust", data={"csrf": csrf(finance), "unit": "县财政局",
                                                               "points": "9", "reason": "自己加分"}).status_code == 403
    issue = office.get(f"/api/issue/{world.issue}").json()
    escalated = office.post(f"/issue/{world.issue}/action", data={"csrf": token, "action": "escalate",
                                                                  "version": issue["issue"]["version"]})
    assert escalated.status_code == 200 and "督查室" in escalated.text


def _form(page: str) -> dict[str, str]:
    """The report form's pre-filled fields, as a browser would send them."""
    form = page[page.index('id="report-form"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="(cycle|version|unit_id)" value="([^"]*)"', form))
    status = re.search(r'<option value="(\w+)" selected>', form)
    fields["status"] = status.group(1) if status else ""
    fields["percent"] = re.search(r'id="percent"[^>]*value="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    fields["narrative"] = re.search(r'id="narrative"[^>]*>([^<]*)</textarea>', form).group(1)  # type: ignore[union-attr]
    fields["values"] = re.search(r'id="values"[^>]*>([^<]*)</textarea>', form).group(1)  # type: ignore[union-attr]
    if 'name="consolidated" value="1" checked' in form:
        fields["consolidated"] = "1"
    return fields


def test_a_reporters_report_of_the_current_period_saves_at_the_first_try_and_edits_keep_its_fields(
        world: World) -> None:
    justice = world.client("justice")
    token = csrf(justice)
    url = f"/campaign/{world.cid}/task/{world.justice_task}"
    first = _form(justice.get(url).text)
    assert first["version"] == "" and "本期尚未填报" in justice.get(url).text
    sent = justice.post(url + "/report", data=first | {"csrf": token, "status": "behind", "percent": "30",
                                                      "narrative": "第一次报送", "values": "清偿金额=12 万元"},
                        follow_redirects=False)
    assert sent.status_code == 303 and "saved=submitted" in sent.headers["location"]
    page = justice.get(sent.headers["location"]).text
    assert "报告已提交" in page
    again = _form(page)  # the same period opens pre-filled, with the version the save must name
    assert again["cycle"] == first["cycle"] and again["version"] == "1"
    assert again["status"] == "behind" and again["percent"] == "30" and again["narrative"] == "第一次报送"
    assert again["values"] == "清偿金额=12 万元"
    edited = justice.post(url + "/report", data=again | {"csrf": token, "narrative": "更正后的进展"},
                          follow_redirects=False)
    assert edited.status_code == 303
    report = justice.get(f"/api{url}").json()["reports"][0]
    assert (report["status"], report["percent"], report["narrative"], report["version"]) == (
        "behind", 30, "更正后的进展", 2)
    assert report["values"] == [{"indicator": "清偿金额", "value": "12", "unit": "万元"}]


def test_the_lead_units_consolidated_flag_survives_an_edit(world: World) -> None:
    finance = world.client("finance")
    token = csrf(finance)
    url = f"/campaign/{world.cid}/task/{world.finance_task}"
    if "作为牵头单位的汇总报告" not in finance.get(url).text:
        pytest.skip("the finance bureau does not lead this task")
    first = _form(finance.get(url).text)
    finance.post(url + "/report", data=first | {"csrf": token, "consolidated": "1", "narrative": "汇总"})
    again = _form(finance.get(url).text)
    assert again.get("consolidated") == "1"
    finance.post(url + "/report", data=again | {"csrf": token, "narrative": "汇总（更正）"})
    assert finance.get(f"/api{url}").json()["form"]["consolidated"] is True


def test_a_draft_is_saved_before_it_is_submitted_and_counts_as_not_reported(world: World) -> None:
    justice = world.client("justice")
    token = csrf(justice)
    url = f"/campaign/{world.cid}/task/{world.justice_task}"
    blank = _form(justice.get(url).text)
    saved = justice.post(url + "/report", data=blank | {"csrf": token, "narrative": "还在整理", "draft": "1"},
                         follow_redirects=False)
    assert "saved=draft" in saved.headers["location"]
    page = justice.get(saved.headers["location"]).text
    assert "草稿已保存" in page and "草稿（未提交）" in page
    form = _form(page)
    assert form["narrative"] == "还在整理" and form["version"] == "1"
    office = world.client("office")
    reports = office.get(f"/api{url}").json()["reports"]
    assert reports and reports[0]["draft"]
    boss = world.client("boss")
    assert boss.get(f"/api{url}").json()["reports"] == []  # nobody but the unit and the office sees a draft
    submitted = justice.post(url + "/report", data=form | {"csrf": token, "draft": "0"}, follow_redirects=False)
    assert "saved=submitted" in submitted.headers["location"]
    assert boss.get(f"/api{url}").json()["reports"][0]["draft"] is False
    refused = justice.post(url + "/report", data=_form(justice.get(url).text) | {"csrf": token, "draft": "1"})
    assert refused.status_code == 400 and "不能改回草稿" in refused.text


def test_report_errors_are_shown_beside_their_field_in_chinese_with_the_form_kept(world: World) -> None:
    justice = world.client("justice")
    token = csrf(justice)
    url = f"/campaign/{world.cid}/task/{world.justice_task}"
    form = _form(justice.get(url).text)
    bad = justice.post(url + "/report", data=form | {"csrf": token, "percent": "150", "narrative": "保留这段话"})
    assert bad.status_code == 400
    assert 'id="percent-error">完成百分比不能大于 100<' in bad.text
    assert "保留这段话" in bad.text and 'id="report-form"' in bad.text and "Input should" not in bad.text
    bad_values = justice.post(url + "/report", data=form | {"csrf": token, "values": "没有等号"})
    assert bad_values.status_code == 400 and 'id="values-error">实际值“没有等号”应写作' in bad_values.text
    assert justice.get(f"/api{url}").json()["reports"] == []


def test_only_the_field_at_fault_is_marked_on_the_report_form(world: World) -> None:
    justice = world.client("justice")
    token = csrf(justice)
    url = f"/campaign/{world.cid}/task/{world.justice_task}"
    blank = justice.get(url).text
    assert "aria-invalid" not in blank and 'class="field-error"' not in blank and "built-in" not in blank
    bad = justice.post(url + "/report", data=_form(blank) | {"csrf": token, "percent": "150"}).text
    assert 'id="percent" ' in bad and 'aria-describedby="percent-error"' in bad
    assert 'aria-describedby="values-error"' not in bad and "built-in" not in bad and "0x" not in bad


def test_a_real_conflict_shows_both_versions_and_saving_again_keeps_mine(world: World) -> None:
    office, justice = world.client("office"), world.client("justice")
    url = f"/campaign/{world.cid}/task/{world.justice_task}"
    token = csrf(justice)
    justice.post(url + "/report", data=_form(justice.get(url).text) | {"csrf": token, "narrative": "原稿"})
    mine = _form(justice.get(url).text)  # the reporter opens the form (version 1) …
    theirs = _form(office.get(f"{url}?unit={world.justice}").text)  # … the office opens it too and saves first
    office.post(url + "/report", data=theirs | {"csrf": csrf(office), "narrative": "督查室代改的版本"})
    clash = justice.post(url + "/report", data=mine | {"csrf": token, "narrative": "填报员的版本"})
    assert clash.status_code == 409
    assert "督查室代改的版本" in clash.text and "填报员的版本" in clash.text and "已保存的版本" in clash.text
    again = _form(clash.text)
    assert again["version"] == "2" and again["narrative"] == "填报员的版本"
    assert justice.post(url + "/report", data=again | {"csrf": token}, follow_redirects=False).status_code == 303
    assert justice.get(f"/api{url}").json()["reports"][0]["narrative"] == "填报员的版本"


def test_password_form_errors_keep_the_form(world: World) -> None:
    client = world.client("boss")
    token = csrf(client, "/account/password")
    wrong = client.post("/account/password", data={"csrf": token, "old": "not it at all", "new": "long enough 2"})
    assert wrong.status_code == 400 and 'id="old-error">原密码不正确' in wrong.text and 'id="new"' in wrong.text
    short = client.post("/account/password", data={"csrf": token, "old": PASSWORD, "new": "short"})
    assert short.status_code == 400 and 'id="new-error">密码至少 8 个字符' in short.text
    missing = client.post("/account/password", data={"csrf": token, "old": PASSWORD})
    assert missing.status_code == 400 and 'id="new-error">新密码必填' in missing.text


def test_units_are_picked_from_the_registry_and_only_the_office_adds_one(world: World) -> None:
    office = world.client("office")
    token = csrf(office)
    page = office.get(f"/campaign/{world.cid}/issues").text
    assert 'list="unit-list"' in page and '<option value="县财政局">' in page
    typo = office.post(f"/campaign/{world.cid}/issues", data={"csrf": token, "title": "错字单位", "unit": "县财正局"})
    assert typo.status_code == 400 and "单位名录中没有“县财正局”" in typo.text
    names = [u["name"] for u in office.get(f"/api/campaign/{world.cid}/units").json()["units"]]
    assert "县财正局" not in names  # nothing was created by the typing slip
    finance = world.client("finance")
    refused = finance.post(f"/campaign/{world.cid}/units", data={"csrf": csrf(finance), "name": "县某某中心",
                                                                 "kind": "service", "level": "county"})
    assert refused.status_code in {403, 404}
    added = office.post(f"/campaign/{world.cid}/units", data={"csrf": token, "name": "县营商环境服务中心",
                                                              "kind": "service", "level": "county"},
                        follow_redirects=False)
    assert added.status_code == 303
    listed = office.get(added.headers["location"]).text
    assert "单位已加入名录" in listed and "县营商环境服务中心" in listed and "事业单位" in listed
    made = office.post(f"/campaign/{world.cid}/issues", data={"csrf": token, "title": "新单位的问题",
                                                             "unit": "县营商环境服务中心"}, follow_redirects=False)
    assert made.status_code == 303


def test_the_campaign_page_is_filtered_and_paged_and_leaders_get_one_page(world: World) -> None:
    office = world.client("office")
    for k in range(40):  # enough tasks for two pages
        supervision.add_task(world.engine, CLI, world.cid, f"补充任务第{k}项", number=f"{k + 10}.",
                             units=[(world.justice, "lead")])
    full = office.get(f"/campaign/{world.cid}").text
    pages = int(re.search(r"第 1 / (\d+) 页", full).group(1))  # type: ignore[union-attr]
    assert pages >= 2 and full.count('<tr><td>') >= PAGE_SIZE
    last = office.get(f"/campaign/{world.cid}", params={"page": pages}).text
    assert f"第 {pages} / {pages} 页" in last and "补充任务第39项" in last and "补充任务第0项" not in last
    mine = office.get(f"/api/campaign/{world.cid}", params={"unit": world.finance}).json()
    assert mine["tasks"] and all(any(u["unit_id"] == world.finance for u in t["units"]) for t in mine["tasks"])
    green = office.get(f"/api/campaign/{world.cid}", params={"light": "red"}).json()
    assert all(t["light"] == "red" for t in green["tasks"])
    summary = office.get(f"/api/campaign/{world.cid}").json()["missing_by_unit"]
    assert sum(m["count"] for m in summary) == len(office.get(f"/api/campaign/{world.cid}").json()["missing"])
    boss = world.client("boss")
    overview = boss.get(f"/campaign/{world.cid}/overview")
    assert overview.status_code == 200 and "滞后任务" in overview.text and "逾期问题" in overview.text
    assert "排名" in overview.text and len(boss.get(f"/api/campaign/{world.cid}/overview").json()["lagging"]) <= 10
    assert world.client("finance").get(f"/api/campaign/{world.cid}/overview").status_code == 403


def test_a_units_daily_digest_lists_what_is_late_and_the_issues_to_answer(world: World) -> None:
    finance = world.client("finance")
    mine = finance.get(f"/api/campaign/{world.cid}/digest", params={"unit": world.justice}).json()
    assert mine["unit_id"] == world.finance  # a reporter gets their own unit's digest, whatever they ask
    assert [i["title"] for i in mine["issues"]] == ["财政局的问题"]
    assert mine["late"] and all(m["unit_id"] == world.finance for m in mine["late"])
    page = finance.get(f"/campaign/{world.cid}/digest").text
    assert "每日提醒" in page and "财政局的问题" in page and "已逾期未报" in page
    office = world.client("office")
    assert office.get(f"/api/campaign/{world.cid}/digest").status_code == 400  # which unit?
    justice = office.get(f"/api/campaign/{world.cid}/digest", params={"unit": world.justice}).json()
    assert justice["unit"] == "县司法局" and justice["issues"] == []


def test_the_office_records_where_a_units_reminders_go(world: World) -> None:
    office = world.client("office")
    page = f"/campaign/{world.cid}/digest?unit={world.finance}"
    done = office.post(f"/campaign/{world.cid}/contact", follow_redirects=False,
                       data={"csrf": csrf(office, page), "unit": world.finance,
                             "email": "czj@example.gov.cn，ban@example.gov.cn", "mobile": "13900001111"})
    assert done.status_code == 303 and done.headers["location"].endswith(f"digest?unit={world.finance}")
    assert 'value="czj@example.gov.cn, ban@example.gov.cn"' in office.get(page).text
    data = office.get(f"/api/campaign/{world.cid}/digest", params={"unit": world.finance}).json()
    assert data["contacts"] == {"email": ["czj@example.gov.cn", "ban@example.gov.cn"], "mobile": ["13900001111"]}
    office_api = {"Authorization": f"Bearer {accounts.new_token(world.engine, 'office', '脚本')}"}
    saved = world.client().post(f"/api/campaign/{world.cid}/settings", headers=office_api, json={"yellow_workdays": 3})
    assert saved.status_code == 200  # saving the light rules and weights keeps the contact book
    assert office.get(f"/api/campaign/{world.cid}/digest", params={"unit": world.finance}).json()["contacts"] == data[
        "contacts"]
    bad = world.client().post(f"/api/campaign/{world.cid}/contact", headers=office_api,
                              json={"unit": world.finance, "email": "不是地址"})
    assert bad.status_code == 400 and "电子邮件地址不正确" in bad.text
    finance = world.client("finance")
    assert "contacts" not in finance.get(f"/api/campaign/{world.cid}/digest").json()
    finance_api = {"Authorization": f"Bearer {accounts.new_token(world.engine, 'finance', '脚本')}"}
    assert world.client().post(f"/api/campaign/{world.cid}/contact", headers=finance_api,
                               json={"unit": world.finance, "email": "x@example.gov.cn"}).status_code == 403
