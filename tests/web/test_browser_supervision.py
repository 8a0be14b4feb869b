"""The supervision cycle in a real browser: the office signs in for the first time, makes a campaign
from a plan, reviews a task and publishes; a unit reports with a file; the office reads the bulletin.

Screenshots go to a temporary folder, or to ``$ZHENGCE_SCREENSHOTS`` (``make screenshots`` points it
at docs/screenshots, which the README shows).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import live_server
from tests.supervision.test_supervision import TRACK_PLAN, unit_id
from zhengce.access import accounts
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    from zhengce.web.app import create_app

    engine = open_store(str(tmp_path_factory.mktemp("track-browser") / "t.db"))
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    _, first = accounts.add_user(engine, "admin", "office", display_name="督查室管理员")
    accounts.add_user(engine, "caizheng", "reporter", unit_id(engine, "县财政局"), "财政局填报员",
                      password="caizheng-pass")
    with live_server(create_app(engine=engine)) as url:
        yield {"url": url, "admin": first}


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ZHENGCE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sign_in(page: object, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")  # type: ignore[attr-defined]
    page.fill("#username", username)  # type: ignore[attr-defined]
    page.fill("#password", password)  # type: ignore[attr-defined]
    page.click("main button[type=submit]")  # type: ignore[attr-defined]


def test_the_supervision_cycle_in_a_browser(site: dict[str, str], browser: object, tmp_path: Path) -> None:
    url, shots = site["url"], _shots(tmp_path)
    office = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    _sign_in(office, url, "admin", site["admin"])
    assert office.url.endswith("/account/password")  # the one-time password is changed first
    office.fill("#old", site["admin"])
    office.fill("#new", "a-new-admin-password")
    office.click("main button[type=submit]")
    office.wait_for_url("**/account/password?done=1")  # the form posts, then the page says so after a redirect
    assert "密码已修改" in office.content()

    office.goto(f"{url}/campaigns")
    office.fill("#start", (date.today() - timedelta(days=70)).isoformat())
    office.click("text=建立（待审核）")
    assert re.search(r"/campaign/\d+$", office.url)
    assert "待审核发布" in office.content()
    office.click("text=清理拖欠企业账款")
    office.fill("#e-deadline", (date.today() + timedelta(days=30)).isoformat())
    office.click("text=保存修改")
    assert "修改任务" in office.content() and "完成时限：" in office.content()  # who changed what, in Chinese
    office.click("main p.muted a >> nth=0")  # back to the campaign
    office.click("button[name=status][value=published]")
    assert "已发布" in office.content()
    office.screenshot(path=str(shots / "office-campaign.png"), full_page=False)

    unit = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    _sign_in(unit, url, "caizheng", "caizheng-pass")
    unit.click("main table a >> nth=0")
    assert "优化营商环境" in unit.content() and "推行“一件事一次办”" not in unit.content()  # only its own tasks
    unit.click("text=清理拖欠企业账款")
    unit.select_option("#status", "in_progress")
    unit.fill("#percent", "45")
    unit.fill("#narrative", "已建立拖欠账款台账，清偿进度四成五。<b>不是标记</b>")
    unit.fill("#values", "市场主体=1500 户")
    unit.set_input_files("#file", files=[{"name": "台账.pdf", "mimeType": "application/pdf",
                                         "buffer": b"%PDF-1.4 ledger"}])
    unit.click("text=提交")
    body = unit.content()
    assert "清偿进度四成五" in body and "&lt;b&gt;不是标记&lt;/b&gt;" in body and "台账.pdf" in body
    assert "报告已提交" in body  # the first report of the current period saved at the first try
    assert unit.input_value("#percent") == "45" and unit.input_value("#status") == "in_progress"
    unit.fill("#percent", "55")  # an edit of it: the form opened pre-filled, with its version
    unit.click("button[name=draft][value='0']")
    assert "报告已提交" in unit.content() and "版本 2" in unit.content()
    assert unit.input_value("#status") == "in_progress" and "市场主体=1500 户" in unit.input_value("#values")
    unit.screenshot(path=str(shots / "reporter-task.png"), full_page=False)

    office.goto(unit.url.split("?")[0])  # the office opens the same report (version 2) …
    unit.fill("#narrative", "填报员的更正")  # … the unit saves first (version 3) …
    unit.click("button[name=draft][value='0']")
    office.fill("#narrative", "督查室的更正")
    office.click("button[name=draft][value='0']")  # … and the office's save meets a real conflict
    clash = office.content()
    assert "已保存的版本" in clash and "您的版本" in clash and "填报员的更正" in clash and "督查室的更正" in clash
    office.click("button[name=draft][value='0']")  # saving again keeps the office's version, knowingly
    assert "报告已提交" in office.content() and "版本 4" in office.content()

    office.click("main p.muted a >> nth=0")  # the campaign
    office.click("text=问题台账")
    office.fill("#title", "清偿台账未按月更新")
    office.fill("#unit", "县财政局")  # picked from the registry's list
    office.click("main form[action*='/issues'] button[type=submit]")
    assert "县财政局" in office.content() and "/issue/" in office.url

    office.goto(office.url.split("/issue/")[0] + "/campaigns")
    office.click("main table a >> nth=0")
    assert "55%" in office.content()
    office.click("text=通报")
    page = office.content()
    assert "督查通报" in page and "附表3" in page and 'id="b-cycle"' in page
    if "本期进行中" in page:  # the current cycle is still open and says so; the picker goes to the last finished one
        labels = office.eval_on_selector_all("#b-cycle option", "els => els.map(e => [e.value, e.textContent])")
        done = [v for v, text in labels if date.fromisoformat(re.search(r"（(\S+) 截止）", text).group(1)) < date.today()]
        office.select_option("#b-cycle", value=max(done, key=int))
        office.click("#b-cycle ~ button")
        office.wait_for_url("**/bulletin?cycle=*")
        page = office.content()
    owed = re.search(r"本期应报送进展的任务(\d+)项，各责任单位均已报送(\d+)项，未报齐(\d+)项", page)
    assert owed, "a finished cycle states what was owed and what was reported"
    assert int(owed.group(2)) + int(owed.group(3)) == int(owed.group(1))  # the counts agree with each other …
    named = re.search(r"未报送单位：([^。<]*)。", page).group(1)  # type: ignore[union-attr]
    assert (named == "无") == (owed.group(3) == "0")  # … and with the units named
    office.screenshot(path=str(shots / "bulletin.png"), full_page=False)
    with office.expect_download() as got:
        office.click("text=下载 Word")
    assert got.value.suggested_filename.endswith(".docx")
    _check_docx(got.value.path())
    office.click("main p.muted a >> nth=0")
    office.click("text=目标看板")
    assert "市场主体" in office.content() and "1500" in office.content()


def _check_docx(path: Path) -> None:
    """The downloaded bulletin as Word reads it: page numbers outside (odd right, even left), every annex
    table's header row repeated on each page, columns filling the text width, unit names in at most two lines."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from zhengce.supervision import bulletin_files

    doc = Document(str(path))
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert doc.tables
    for table in doc.tables:
        assert "w:tblHeader" in table.rows[0]._tr.xml
        assert abs(sum(c.width.mm for c in table.columns) - (210 - 28 - 26)) < 1
        head = [c.text for c in table.rows[0].cells]
        if "单位" in head and len(table.rows) > 1:  # a unit's name in at most two lines of the table's size
            k = head.index("单位")
            run = table.rows[1].cells[k].paragraphs[0].runs[-1]
            size = run.font.size.pt if run.font.size is not None else 12
            longest = max(len(row.cells[k].text) for row in table.rows[1:])
            assert table.columns[k].width.mm >= longest / 2 * size * 25.4 / 72 + 2 * bulletin_files.CELL_MARGIN_MM

