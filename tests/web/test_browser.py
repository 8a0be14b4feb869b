"""Browser tests: Playwright driving Debian's Chromium against the real app on loopback.

Skipped, with the reason, only when Chromium cannot be had (scripts/chromium.sh installs it).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import live_server
from tests.db.test_store import LATER, PLAN
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from zhengce.web.app import create_app

    engine = open_store(str(tmp_path_factory.mktemp("browser") / "b.db"))
    for name, content in (("plan.txt", PLAN), ("later.txt", LATER)):
        store_parsed(engine, parse_text(content, name), len(content))
    with live_server(create_app(engine=engine)) as url:
        yield url


def test_search_open_follow_anchor_unit_and_download(server: str, browser: object, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    page = browser.new_page(accept_downloads=True)  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("main input[name=q]", '"纳税信息互通"')
    page.press("main input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator(".result").count() == 1
    assert page.locator(".snippet mark").first.inner_text() == "纳税信息互通"
    page.screenshot(path=str(tmp_path / "search.png"))

    page.locator(".result .title a").first.click()
    page.wait_for_load_state()
    assert "南政办发〔2024〕12号" in page.locator("dl.meta").inner_text()
    assert page.url.endswith("#plan1/a2/c2")  # the result links to the clause that matched

    # follow a clause anchor from the task table: the clause is the target and is on screen
    page.locator("table a[href='#plan1/a2/c1']").click()
    assert page.url.endswith("#plan1/a2/c1")
    assert page.evaluate("document.querySelector(':target').id") == "plan1/a2/c1"
    assert page.locator("[id='plan1/a2/c1']").is_visible()

    # the unit page from the task table, then its task list as xlsx
    page.locator("table a", has_text="市数据局").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "市数据资源局"
    with page.expect_download() as info:
        page.locator("a", has_text="下载 Excel").first.click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(load_workbook(io.BytesIO(saved.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "发文字号" and len(rows) == 3
    assert {r[8] for r in rows[1:]} == {"牵头"}
    page.close()


def test_reading_works_without_javascript(server: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/search?q=共享目录")
    assert page.locator(".result").count() == 1
    page.locator(".result .title a").first.click()
    assert "建立共享目录" in page.content()
    context.close()


def test_pages_keep_their_style_under_the_content_security_policy(server: str, browser: object) -> None:
    """The CSP forbids inline styles and scripts: the style sheet must load and Chromium must report no
    violation on any page."""
    page = browser.new_page()  # type: ignore[attr-defined]
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for path in ("/", "/search?q=纳税", "/units", "/calc", "/calc/outpatient", "/docs", "/login", "/expiring"):
        response = page.goto(server + path)
        assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
        header = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
        assert header == "rgb(180, 35, 42)", path  # the accent colour of the style sheet
    assert violations == []
    page.close()


def test_calculators_fit_a_phone_without_sideways_scrolling(server: str, browser: object) -> None:
    """At 390 px wide every calculator's form and result stay within the screen: no field cut, no
    horizontal scrollbar (long option texts and document titles wrap)."""
    from zhengce.calc import CALCULATORS

    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    inputs = {"ip-award": {"textarea[name=pledge_loans]": "2,000,000", "input[name=domestic_patents]": "3"},
              "outpatient": {"textarea[name=visits]": "二级，1,200\n三甲医院 800"}}
    for name in CALCULATORS:
        page.goto(f"{server}/calc/{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        for selector, value in inputs.get(name, {}).items():
            page.fill(selector, value)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        if name in inputs:  # the filled ones computed, not refused
            assert page.locator("main h2").first.inner_text().endswith(" 元"), name
    page.close()
