"""The working-day calendar read from the State Council's holiday notice (issue 20).

``data/holidays/2024.txt``–``2026.txt`` are the notices as published (official documents, public);
``2027-sample.txt`` is a sample written in the same form for these tests.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from typer.testing import CliRunner

from zhengce.calendar import workdays
from zhengce.calendar.holidays import NoticeError, looks_like_notice, read_notice
from zhengce.cli.main import app
from zhengce.db import calendars, open_store

DATA = Path(__file__).parent / "data" / "holidays"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples"


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_published_notices_give_exactly_the_package_calendar(year: int) -> None:
    notice = read_notice((DATA / f"{year}.txt").read_text(encoding="utf-8"))
    assert notice.year == year and looks_like_notice(notice.title)
    official = workdays.OfficialYear(year, frozenset(notice.off), frozenset(notice.work), notice.title)
    with workdays.overlay(official):
        day = date(year, 1, 1)
        while day.year == year:  # every day of the year
            assert workdays.workday_source(day) == (chinese_calendar.is_workday(day), "official"), day
            day += timedelta(days=1)


def test_what_a_notice_says() -> None:
    notice = read_notice((DATA / "2025.txt").read_text(encoding="utf-8"))
    assert notice.doc_number == "国办发明电〔2024〕12号" and notice.signed == date(2024, 11, 12)
    by_name = {h.name: h for h in notice.holidays}
    assert by_name["元旦"].off == [date(2025, 1, 1)] and by_name["元旦"].work == []
    assert len(by_name["国庆节、中秋节"].off) == 8
    assert by_name["春节"].work == [date(2025, 1, 26), date(2025, 2, 8)]


@pytest.mark.parametrize(("change", "reason", "line"), [
    (("1月1日（周五）至3日（周日）", "1月1日（周四）至3日（周日）"), "印作周四", "一、元旦"),  # a wrong weekday in brackets
    (("放假，共3天。\n\n二、春节", "放假，共4天。\n\n二、春节"), "共4天", "一、元旦"),  # a total that does not add up
    (("2月14日（周日）、2月20日（周六）上班", "2月13日（周六）、2月20日（周六）上班"), "既放假又上班", "二、春节"),  # overlap
    (("4月25日（周日）、5月8日（周六）上班", "4月26日（周一）、5月8日（周六）上班"), "不是周末", "四、劳动节"),
])
def test_a_notice_that_fails_a_check_is_refused_with_its_line(change: tuple[str, str], reason: str,
                                                               line: str) -> None:
    text = (DATA / "2027-sample.txt").read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(NoticeError, match=reason) as caught:
        read_notice(text.replace(change[0], change[1], 1))
    assert caught.value.line.startswith(line)  # the line that failed is named


def test_importing_2027_moves_a_demo_due_day_and_lists_it(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--db", db, str(SAMPLES)]).exit_code == 0
    assert runner.invoke(app, ["demo", "--db", db]).exit_code == 0
    before = runner.invoke(app, ["calendar", "show", "2027", "--db", db])
    assert "仅按周末估算" in before.output
    # under the weekends-only estimate, January's report (month/next:5) is due on Friday 5 February 2027
    engine = open_store(db)
    assert workdays.calendar_source(2027) == "weekends"
    result = runner.invoke(app, ["calendar", "import", str(DATA / "2027-sample.txt"), "--yes", "--db", db])
    assert result.exit_code == 0, result.output
    assert "2027 年工作日历已按此通知生效" in result.output
    # 5 February is the 春节 holiday; the next working day is the make-up Sunday 14 February
    assert "2027-02-05" in result.output and "2027-02-14" in result.output
    (notice,) = calendars.notices(engine)
    assert notice["status"] == "official" and notice["year"] == 2027
    assert workdays.calendar_source(2027) == "official"
    assert workdays.add_working_days(date(2027, 2, 4), 1) == workdays.WorkdayResult(date(2027, 2, 14), False,
                                                                                      "official")
    shown = runner.invoke(app, ["calendar", "show", "2027", "--db", db])
    assert "国务院办公厅节假日安排通知" in shown.output and "2月14日（周日）" in shown.output
    # a new process reading the same store uses it too
    workdays.use_official([])
    open_store(db)
    assert workdays.calendar_source(2027) == "official"


def test_a_refused_notice_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    bad = tmp_path / "bad.txt"
    bad.write_text((DATA / "2027-sample.txt").read_text(encoding="utf-8").replace("（周五）至3日", "（周四）至3日"),
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["calendar", "import", str(bad), "--yes", "--db", db])
    assert result.exit_code == 1 and "印作周四" in result.output and "一、元旦" in result.output
    assert calendars.notices(open_store(db)) == [] and workdays.calendar_source(2027) == "weekends"


def test_without_yes_the_notice_waits_for_the_office(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    runner = CliRunner()
    result = runner.invoke(app, ["calendar", "import", str(DATA / "2027-sample.txt"), "--db", db])
    assert result.exit_code == 0 and "待确认" in result.output
    assert workdays.calendar_source(2027) == "weekends"
    (pending,) = calendars.notices(open_store(db))
    assert pending["status"] == "pending"
    assert runner.invoke(app, ["calendar", "confirm", str(pending["id"]), "--db", db]).exit_code == 0
    assert workdays.calendar_source(2027) == "official"
    listed = runner.invoke(app, ["calendar", "list", "--json", "--db", db])
    assert '"source": "official"' in listed.output


def test_an_ingested_notice_waits_for_the_office(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "holidays.txt").write_text((DATA / "2027-sample.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "--db", db, str(folder)])
    assert result.exit_code == 0 and "待确认的工作日历" in result.output.replace("\n", "")
    (pending,) = calendars.notices(open_store(db))
    assert pending["status"] == "pending" and pending["document_id"] is not None
    assert workdays.calendar_source(2027) == "weekends"  # not before the office confirms
    calendars.confirm(open_store(db), pending["id"], by="admin")
    assert workdays.calendar_source(2027) == "official"


def test_the_calendar_page_lists_years_and_the_office_confirms_a_notice(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.supervision.test_supervision import TRACK_PLAN, plan_id
    from tests.web.test_web_supervision import PASSWORD, csrf, login
    from zhengce import supervision
    from zhengce.access import accounts
    from zhengce.access.accounts import CLI
    from zhengce.calendar.holidays import read_notice as read
    from zhengce.library.ingest import store_parsed
    from zhengce.parse.pipeline import parse_text
    from zhengce.web.app import create_app

    engine = open_store(str(tmp_path / "c.db"))
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    cid = supervision.create_campaign(engine, CLI, plan_id(engine), "month/next:5", start=date(2026, 11, 1),
                                      end=date(2027, 12, 31))
    for name, role in (("office", "office"), ("boss", "leader")):
        accounts.add_user(engine, name, role, password=PASSWORD)
    notice_id = calendars.propose(engine, read((DATA / "2027-sample.txt").read_text(encoding="utf-8")))
    app = create_app(engine=engine)
    public = TestClient(app).get("/api/calendar").json()
    assert {y["year"]: y["source"] for y in public["years"]}[2027] == "weekends"
    assert public["notices"][0]["status"] == "pending" and not public["can_confirm"]
    boss = TestClient(app)
    login(boss, "boss")
    refused = boss.post(f"/calendar/{notice_id}/confirm", data={"csrf": csrf(boss, "/calendar")})
    assert refused.status_code == 403 and workdays.calendar_source(2027) == "weekends"
    office = TestClient(app)
    login(office, "office")
    page = office.get("/calendar")
    assert "确认生效" in page.text and "仅按周末估算" in page.text
    done = office.post(f"/calendar/{notice_id}/confirm", data={"csrf": csrf(office, "/calendar")})
    assert done.status_code == 200 and "2027-02-05" in done.text and "2027-02-14" in done.text
    assert f"/campaign/{cid}" in done.text
    assert {y["year"]: y["source"] for y in office.get("/api/calendar").json()["years"]}[2027] == "official"
    assert "/api/calendar" in office.get("/openapi.json").json()["paths"]
