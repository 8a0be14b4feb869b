"""Trial 22c, working days for the public: N working days from a date and the working days between two dates, on
the official holiday arrangement with 调休, saying which year's arrangement it follows and when a year's is not
published yet; /calendar/2025 shows that year; the same on the command line."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from zhengce.calendar.public import year_basis
from zhengce.calendar.workdays import calendar_source
from zhengce.cli.main import app
from zhengce.db import open_store
from zhengce.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(engine=open_store(str(tmp_path_factory.mktemp("workdays") / "w.db"))))


def test_ten_working_days_across_the_national_day_holiday(client: TestClient) -> None:
    # 2025: 10月1日至8日 放假, 9月28日（周日）and 10月11日（周六）上班
    a = client.get("/api/calendar/days", params={"start": "2025年9月26日", "days": "10"}).json()["answer"]
    assert a["end"] == "2025-10-16"
    assert {h["date"] for h in a["holidays"]} >= {"2025-10-01", "2025-10-08"} and a["holidays"][0]["holiday"] == "国庆节"
    assert {d["date"] for d in a["makeup_days"]} == {"2025-09-28", "2025-10-11"}
    assert a["years"][0]["published"] and "2025年部分节假日安排" in a["years"][0]["basis"] and not a["warning"]
    page = client.get("/calendar/days", params={"start": "2025-09-26", "days": "10"}).text
    assert "2025年10月16日（周四）" in page and "调休上班" in page and "chinese_calendar" not in page


def test_between_is_the_reverse_of_adding(client: TestClient) -> None:
    start = date(2025, 4, 30)
    for n in (1, 3, 7, 22):
        end = client.get("/api/calendar/days", params={"start": start.isoformat(), "days": n}).json()["answer"]["end"]
        counted = client.get("/api/calendar/days", params={"start": "2025/4/30", "end": end}).json()["answer"]
        assert counted["days"] == n and counted["question"] == "between"
    back = client.get("/api/calendar/days", params={"start": "2025-05-10", "end": "2025-05-01"})
    assert back.status_code == 400 and "对调" in back.json()["error"]


def test_a_year_not_yet_published_says_so(client: TestClient) -> None:
    year = next(y for y in range(date.today().year, 2100) if calendar_source(y) == "weekends")
    assert not year_basis(year)["published"]
    a = client.get("/api/calendar/days", params={"start": f"{year}-01-05", "days": "15"}).json()["answer"]
    assert a["estimated"] and f"{year}年的放假安排尚未公布" in a["warning"]
    page = client.get(f"/calendar/{year}")
    assert page.status_code == 200 and "尚未公布" in page.text


def test_the_year_page_lists_holidays_and_makeup_days(client: TestClient) -> None:
    data = client.get("/api/calendar/2025").json()
    national = next(h for h in data["holidays"] if "国庆节" in h["holiday"])
    assert (national["start"], national["days"]) == ("2025-10-01", 8)
    assert "2025-09-28" in {d["date"] for d in data["makeup_days"]}
    page = client.get("/calendar/2025").text
    assert "国庆节" in page and "2025年9月28日（周日）" in page and "2025年部分节假日安排" in page
    assert 'href="/calendar/2025"' in client.get("/calendar").text
    assert client.get("/calendar/20250").status_code == client.get("/calendar/²⁰²⁵").status_code == 404


def test_what_cannot_be_read_is_said_beside_the_field(client: TestClient) -> None:
    page = client.get("/calendar/days", params={"start": "下周一", "days": "十"})
    assert page.status_code == 200
    assert 'id="w-start-error"' in page.text and 'id="w-days-error"' in page.text and "下周一" in page.text
    assert client.get("/api/calendar/days", params={"start": "2025-02-30", "days": "3"}).status_code == 400
    assert "1 到" in client.get("/calendar/days", params={"start": "2025-01-02", "days": "100000"}).text


def test_the_command_line_counts_the_same(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    said = runner.invoke(app, ["calendar", "workdays", "--from", "2025年9月26日", "--add", "10", "--db", db])
    assert said.exit_code == 0 and "2025年10月16日" in said.stdout and "国庆节" in said.stdout
    end = date(2025, 9, 26) + timedelta(days=20)
    counted = runner.invoke(app, ["calendar", "workdays", "--from", "2025/9/26", "--to", end.isoformat(), "--db", db])
    assert counted.exit_code == 0 and "个工作日" in counted.stdout
    bad = runner.invoke(app, ["calendar", "workdays", "--from", "昨天", "--add", "3", "--db", db])
    assert bad.exit_code == 2 and "应为日期" in bad.output
