"""Pages that scale: on the demo library (the sample gazettes and ``zhengce demo``, as ``make run`` builds it),
every main page fits in five screens of a 1280×900 window, and what no longer fits is paged (the JSON twin
honours the same parameter and says how many pages there are) or folded."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.conftest import live_server
from zhengce.access import accounts
from zhengce.cli import app as cli
from zhengce.db import DocumentRow, TaskRow, TaskUnitRow, open_store
from zhengce.db.tracking import CampaignRow

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "zhengce" / "samples"
PASSWORD = "pages-test-password"
SCREENS = 5 * 900


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = str(tmp_path_factory.mktemp("pages") / "demo.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--db", db, str(SAMPLES)]).exit_code == 0
    assert runner.invoke(cli, ["demo", "--db", db]).exit_code == 0
    engine = open_store(db)
    for username in ("admin", "leader"):
        accounts.set_password(engine, username, None, PASSWORD)
        accounts.set_must_change(engine, username, False)
    with Session(engine) as session:
        plan, title = session.execute(select(DocumentRow.id, DocumentRow.title)
                                      .where(DocumentRow.superseded_at.is_(None))
                                      .order_by(DocumentRow.task_count.desc(), DocumentRow.id).limit(1)).one()
        unit = session.scalar(select(TaskUnitRow.unit_id).join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
                              .where(TaskRow.document_id == plan).group_by(TaskUnitRow.unit_id)
                              .order_by(func.count().desc(), TaskUnitRow.unit_id).limit(1))
        campaign = session.scalar(select(CampaignRow.id).order_by(CampaignRow.id).limit(1))
    return {"engine": engine, "plan": plan, "title": title, "unit": unit, "campaign": campaign}


@pytest.fixture(scope="module")
def site(demo: dict[str, object]) -> Iterator[str]:
    from zhengce.web.app import create_app

    with live_server(create_app(engine=demo["engine"])) as url:  # type: ignore[arg-type]
        yield url


def _signed_in(client: TestClient, username: str) -> TestClient:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    done = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token,
                                       "next": "/campaigns"}, follow_redirects=False)
    assert done.status_code == 303
    return client


def test_the_unit_page_is_paged_and_its_json_twin_follows(demo: dict[str, object]) -> None:
    from zhengce.web.app import create_app

    client = TestClient(create_app(engine=demo["engine"]))  # type: ignore[arg-type]
    first = client.get(f"/api/unit/{demo['unit']}").json()
    assert first["page"] == 1 and first["pages"] > 1  # the largest plan's busiest unit holds too many tasks
    seen = []
    for n in range(1, first["pages"] + 1):
        part = client.get(f"/api/unit/{demo['unit']}?page={n}").json()
        assert part["page"] == n and part["counts"] == first["counts"]
        rows = [t["id"] for items in part["tasks"].values() for t in items]
        assert 0 < len(rows) <= part["page_size"]
        seen += rows
    assert len(seen) == first["total"] == sum(first["counts"].values())  # every task on exactly one page
    last = client.get(f"/unit/{demo['unit']}?page=999")  # past the end: the last page
    assert f"第 {first['pages']} / {first['pages']} 页" in last.text
    csv_rows = client.get(f"/unit/{demo['unit']}/tasks.csv").text.strip().splitlines()
    assert len(csv_rows) - 1 == first["total"]  # the download keeps every task
    assert client.get(f"/unit/{demo['unit']}?page=x").status_code == 400


def test_the_plan_matrix_pages_its_unit_columns(demo: dict[str, object]) -> None:
    from zhengce.web.app import create_app

    client = TestClient(create_app(engine=demo["engine"]))  # type: ignore[arg-type]
    first = client.get(f"/api/doc/{demo['plan']}/plan").json()
    assert first["column_pages"] > 1
    columns: list[int] = []
    for n in range(1, first["column_pages"] + 1):
        part = client.get(f"/api/doc/{demo['plan']}/plan?cols={n}").json()
        assert part["column_page"] == n
        assert all(len(t["roles"]) == len(part["units"]) for t in part["tasks"])
        columns += [u["unit_id"] for u in part["units"]]
    assert len(columns) == len(set(columns)) == first["units_total"]
    page = client.get(f"/doc/{demo['plan']}/plan?cols=2").text
    assert f"单位列 第 2 / {first['column_pages']} 页" in page and 'class="scroll matrix-frame"' in page


def test_a_long_document_folds_its_parts_without_losing_a_word(demo: dict[str, object]) -> None:
    from zhengce.web.app import create_app

    client = TestClient(create_app(engine=demo["engine"]))  # type: ignore[arg-type]
    tree = client.get(f"/api/doc/{demo['plan']}").json()["tree"]
    page = html.unescape(client.get(f"/doc/{demo['plan']}").text)
    assert page.count('<details class="fold part">') > 1  # folded under the parts' headings
    assert page.index("<h2>正文</h2>") < page.index('<h2 id="tasks">')  # the task table after the text
    texts, stack = [], [tree]
    while stack:
        node = stack.pop()
        texts += [node["text"].strip()] if node.get("text", "").strip() and not node.get("table") else []
        stack += node.get("children") or []
    assert texts and [t for t in texts if t not in page] == []


def _main_pages(demo: dict[str, object]) -> list[str]:
    c, query = demo["campaign"], quote(str(demo["title"])[:4])
    return ["/", f"/search?q={query}", f"/doc/{demo['plan']}", f"/doc/{demo['plan']}/plan",
            f"/doc/{demo['plan']}/plan?cols=2", f"/unit/{demo['unit']}", f"/unit/{demo['unit']}?page=2",
            "/campaigns", f"/campaign/{c}", f"/campaign/{c}?page=2", f"/campaign/{c}/overview",
            f"/campaign/{c}/scores", f"/campaign/{c}/bulletin", f"/campaign/{c}/issues"]


def _sign_in(page: object, url: str, username: str) -> None:
    page.goto(f"{url}/login")  # type: ignore[attr-defined]
    page.fill("#username", username)  # type: ignore[attr-defined]
    page.fill("#password", PASSWORD)  # type: ignore[attr-defined]
    page.click("main button[type=submit]")  # type: ignore[attr-defined]


def test_no_main_page_of_the_demo_is_longer_than_five_screens(demo: dict[str, object], site: str,
                                                              browser: object) -> None:
    too_long = {}
    overview = f"/campaign/{demo['campaign']}/overview"
    for username, paths in (("admin", _main_pages(demo)), ("leader", [f"/campaign/{demo['campaign']}", overview])):
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        _sign_in(page, site, username)
        for path in paths:
            response = page.goto(site + path)
            assert response.status == 200, path
            height = page.evaluate("document.documentElement.scrollHeight")
            # the leader's view (lights, lagging tasks, overdue issues, ranking) is read at a glance: two screens
            if height > (2 * 900 if username == "leader" and path == overview else SCREENS):
                too_long[f"{username} {path}"] = height
        page.close()
    assert too_long == {}


def test_a_clause_link_opens_its_folded_part_of_a_long_document(demo: dict[str, object], site: str,
                                                              browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{site}/doc/{demo['plan']}")
    assert page.locator("details.part").count() > 1 and page.locator("details.part[open]").count() == 0
    page.click("#tasks + details > summary")  # the task table, folded after the text, opens
    link = page.locator("#tasks + details table a[href^='#']").first
    target = link.get_attribute("href")
    link.click()
    assert page.url.endswith(target)
    assert page.locator(f"[id='{target[1:]}']").is_visible()  # the folded part holding the clause opened
    page.close()
