"""A unit's reporter on a phone (390 px wide): the campaign's task list reads as one card per task, each value
under its column's name, and the menu is one line — nothing runs off the side of the screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import live_server
from tests.supervision.test_supervision import TRACK_PLAN, unit_id
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    from tests.supervision.test_supervision import plan_id
    from zhengce.web.app import create_app

    engine = open_store(str(tmp_path_factory.mktemp("phone") / "p.db"))
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    accounts.add_user(engine, "sifa", "reporter", unit_id(engine, "县司法局"), "司法局填报员", password="sifa-pass-1")
    cid = supervision.create_campaign(engine, CLI, plan_id(engine))
    supervision.update_campaign(engine, CLI, cid, None, status="published")
    with live_server(create_app(engine=engine)) as url:
        yield {"url": url, "campaign": cid}


def _campaign_as_reporter(site: dict[str, object], browser: object, width: int, height: int) -> object:
    """A new page of ``width`` × ``height`` signed in as the reporter, on the campaign."""
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.goto(f"{site['url']}/login")
    page.fill("#username", "sifa")
    page.fill("#password", "sifa-pass-1")
    page.click("main button[type=submit]")
    page.goto(f"{site['url']}/campaign/{site['campaign']}")
    return page


def test_a_reporter_reads_the_task_list_on_a_phone(site: dict[str, object], browser: object) -> None:
    page: Any = _campaign_as_reporter(site, browser, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert page.evaluate("document.querySelector('header nav').getBoundingClientRect().height") < 60  # one line
    card = page.locator("table.cards tr:has(td[data-label]) >> nth=0")
    box = card.bounding_box()
    assert box is not None and box["width"] > 300  # a task is a card across the screen, not a squeezed row
    label = page.evaluate("getComputedStyle(document.querySelector('table.cards td[data-label]'), '::before')"
                          ".content")
    assert "编号" in label  # each value under its column's name
    heading = card.locator("td[data-label=任务]").bounding_box()
    assert heading is not None and heading["width"] > 300  # the task's title is not wrapped every few characters
    wide: Any = _campaign_as_reporter(site, browser, 1280, 900)
    assert wide.locator("table.cards tr >> nth=0").locator("th").count() == 7  # a table again on a wide screen
