"""Trial 22n: a signed-in public account (a company) sees its name and 退出 and is not offered the sign-in form
again; 政策找人 takes a blank answer as a skip and closes with one line; the campaign date boxes take 2025年3月1日
like every other form (page and JSON) and the rule box shows the rule in Chinese; the working-day API answers
with the page's ``errors`` map and refuses days and end together; a year not yet published says so plainly."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.supervision.test_supervision import plan_id
from tests.web.test_web_supervision import PASSWORD, World, csrf, login
from zhengce.access import accounts
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_path
from zhengce.web.app import create_app


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)


def test_a_signed_in_public_account_sees_its_name_and_sign_out(world: World) -> None:
    accounts.add_user(world.engine, "company", "public", display_name="某某科技有限公司", password=PASSWORD)
    client = world.client()
    assert login(client, "company").status_code == 303
    assert client.get("/api/me").json()["role"] == "public"
    home = client.get("/").text
    who = home.split('<div class="who">', 1)[1].split("</div>", 1)[0]
    assert "某某科技有限公司" in who and "退出" in who and 'href="/login"' not in who
    again = client.get("/login").text
    assert "您已登录为 某某科技有限公司" in again and 'name="password"' not in again
    out = client.post("/logout", data={"csrf": csrf(client, "/")}, follow_redirects=False)
    assert out.status_code == 303 and 'href="/login">登录' in client.get("/").text


@pytest.fixture(scope="module")
def elig(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    engine = open_store(str(tmp_path_factory.mktemp("elig22n") / "e.db"))
    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    for path in sorted(folder.glob("*.txt")):
        store_parsed(engine, parse_path(path), path.stat().st_size)
    return TestClient(create_app(engine=engine))


def _asked(html: str) -> str | None:
    m = re.search(r'name="asked" value="([^"]+)"', html)
    return m.group(1) if m else None


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_blank_answer_is_a_skip_and_the_end_says_what_it_comes_to(elig: TestClient) -> None:
    page = elig.post("/eligibility", data={"kind": "enterprise", "on": "2025-03-01"}).text
    first = _asked(page)
    assert first and first != "kind"
    blank = elig.post("/eligibility", data=_hidden(page) | {"on": "2025-03-01", first: ""}).text
    assert "未填写，已按“不知道，跳过”处理" in blank and _asked(blank) != first
    assert first in _hidden(blank)["skipped"].split(",")
    for _ in range(30):  # every other question left blank too
        if not (key := _asked(blank)):
            break
        blank = elig.post("/eligibility", data=_hidden(blank) | {"on": "2025-03-01", key: ""}).text
    assert _asked(blank) is None
    assert "按您的回答，暂无可享受的政策：" in blank and "不适用于您" in blank and "补答后可能符合" in blank
    table = blank.split('<table class="eligibility-answers">', 1)[1].split("</table>", 1)[0]
    apart = blank.split("<details", 1)[1].split("</details>", 1)[0]
    assert "本项对象为个人" not in table and "本项对象为个人" in apart and "不是您这一类申请人" in apart


def test_campaign_dates_are_typed_like_every_other_date(world: World) -> None:
    office = world.client("office")
    page = office.get("/campaigns").text
    assert 'type="date"' not in page and 'placeholder="如 2025年3月1日"' in page
    made = office.post("/campaigns", data={"csrf": csrf(office), "document_id": plan_id(world.engine),
                                           "rule": "每月5日前报送", "start": "2025年3月1日", "end": "2026/6/30"},
                       follow_redirects=False)
    assert made.status_code == 303
    cid = int(made.headers["location"].rsplit("/", 1)[1])
    got = office.get(f"/api/campaign/{cid}").json()["campaign"]
    assert (got["start"], got["end"]) == ("2025-03-01", "2026-06-30")
    head = {"x-csrf-token": csrf(office)}
    bad = office.post("/api/campaigns", json={"document_id": plan_id(world.engine), "start": "2025年2月30日"},
                      headers=head)
    assert bad.status_code == 400 and "没有这一天" in bad.text
    shown = office.get(f"/campaign/{cid}").text
    assert 'value="每月，次月5日前报送"' in shown and 'value="month/next:5"' not in shown and 'type="date"' not in shown
    kept = office.post(f"/campaign/{cid}/edit", data={"csrf": csrf(office), "version": got["version"],
                                                       "rule": "每月，次月5日前报送", "end": "2026年12月31日"},
                       follow_redirects=False)
    assert kept.status_code == 303
    after = office.get(f"/api/campaign/{cid}").json()["campaign"]
    assert (after["rule"], after["end"]) == ("month/next:5", "2026-12-31")
    task = office.get(f"/api/campaign/{cid}").json()["tasks"][0]
    edited = office.post(f"/api/campaign/{cid}/task/{task['id']}/edit",
                         json={"version": task["version"], "deadline": "2025年9月30日"}, headers=head)
    assert edited.status_code == 200
    again = next(t for t in office.get(f"/api/campaign/{cid}").json()["tasks"] if t["id"] == task["id"])
    assert again["deadline"] == "2025-09-30"
    added = office.post(f"/api/campaign/{cid}/tasks", json={"text": "补充的任务", "deadline": "2025年13月1日"},
                        headers=head)
    assert added.status_code == 400 and "完成时限" in added.text


@pytest.fixture(scope="module")
def cal(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(engine=open_store(str(tmp_path_factory.mktemp("cal22n") / "c.db"))))


def test_the_working_day_api_answers_with_every_error_of_the_page(cal: TestClient) -> None:
    bad = cal.get("/api/calendar/days", params={"start": "2025-02-30", "days": "十"})
    assert bad.status_code == 400
    body = bad.json()
    assert set(body["errors"]) == {"start", "days"} and "没有这一天" in body["errors"]["start"]
    assert body["start"] == "2025-02-30" and body["answer"] is None
    both = cal.get("/api/calendar/days", params={"start": "2025-03-03", "days": "5", "end": "2025-03-20"})
    assert both.status_code == 400 and "只填一项" in both.json()["errors"]["end"]
    page = cal.get("/calendar/days", params={"start": "2025-03-03", "days": "5", "end": "2025-03-20"})
    assert page.status_code == 200 and "只填一项" in page.text


def test_an_unpublished_year_says_the_state_council_has_not_published_it(cal: TestClient) -> None:
    from zhengce.calendar.workdays import calendar_source
    year = next(y for y in range(2026, 2100) if calendar_source(y) == "weekends")
    text = cal.get(f"/calendar/{year}").text
    assert f"国务院办公厅尚未公布《国务院办公厅关于{year}年部分节假日安排的通知》" in text
    assert "10月1日至3日" in text and "可能变化" in text
    basis = cal.get(f"/api/calendar/{year}").json()["basis"]
    assert basis["published"] is False
    days = cal.get("/api/calendar/days", params={"start": f"{year}-09-28", "days": "5"}).json()["answer"]
    assert days["holidays"] == []  # no holiday is invented before the notice


def test_a_public_account_with_a_one_time_password_can_change_it(world: World) -> None:
    _, once = accounts.add_user(world.engine, "shop", "public", display_name="某商店")
    client = world.client()
    assert login(client, "shop", once).headers["location"] == "/account/password"
    page = client.get("/account/password")
    assert page.status_code == 200 and "某商店" in page.text and 'name="new"' in page.text
    wrong = client.post("/account/password", data={"csrf": csrf(client, "/account/password"), "old": "not it",
                                                  "new": "a much better one 9"})
    assert wrong.status_code == 400 and "原密码" in wrong.text
    done = client.post("/account/password", data={"csrf": csrf(client, "/account/password"), "old": once,
                                                 "new": "a much better one 9"}, follow_redirects=False)
    assert done.status_code == 303 and client.get("/", follow_redirects=False).status_code == 200
    assert login(world.client(), "shop", "a much better one 9").status_code == 303
