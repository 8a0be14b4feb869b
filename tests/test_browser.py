"""Browser tests: Playwright driving Debian's Chromium against the real app on loopback.

Skipped, with the reason, only when Chromium cannot be had (scripts/chromium.sh installs it).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhengce.pipeline import parse_text
from zhengce.store import open_store, store_parsed

from .conftest import ROOT
from .test_store import LATER, PLAN

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    path = os.environ.get("ZHENGCE_TEST_CHROMIUM")
    if path:
        return path
    if os.environ.get("ZHENGCE_TEST_CHROMIUM_ERROR"):
        pytest.skip(f"没有 Chromium / no Chromium: {os.environ['ZHENGCE_TEST_CHROMIUM_ERROR']}")
    done = subprocess.run([str(ROOT / "scripts" / "chromium.sh")], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.skip(f"没有 Chromium / no Chromium: {done.stderr.strip()}")
    return done.stdout.strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from zhengce.web import create_app

    db = str(tmp_path_factory.mktemp("browser") / "b.db")
    engine = open_store(db)
    for name, content in (("plan.txt", PLAN), ("later.txt", LATER)):
        store_parsed(engine, parse_text(content, name), len(content))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(engine=engine), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


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
