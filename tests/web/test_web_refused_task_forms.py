"""The task page and the campaign page carry several forms each (意见, 修改, 增加单位, 拆分, 归档; 合并, 补充任务). A
refused one comes back on its page, the reason in that form only, what was typed still there — a leader's long
批示 or a clerk's new task is not lost to an error page and the back button."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.test_web_trial_bulletin import TwoPlans


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> TwoPlans:  # type: ignore[no-untyped-def]
    return prebuilt(TwoPlans, tmp_path)


def _token(client: TestClient, url: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(url).text).group(1)  # type: ignore[union-attr]


def _form(page: str, form_id: str) -> str:
    """The HTML of one form of a page, by its id."""
    start = page.index(f'id="{form_id}"')
    return page[start:page.index("</form>", start)]


def test_a_refused_task_form_comes_back_with_what_was_typed_in_that_form_only(world: TwoPlans) -> None:
    office = world.client("office")
    url = f"/campaign/{world.cid}/task/{world.platform}"
    token = _token(office, url)
    unknown = office.post(f"{url}/assign", data={"csrf": token, "unit": "县不存在局", "role": "support"})
    assert unknown.status_code == 400
    assign = _form(unknown.text, "assign-form")
    assert "未保存" in assign and 'value="县不存在局"' in assign and 'aria-invalid="true"' in assign
    assert "未保存" not in _form(unknown.text, "comment-form") and "未保存" not in _form(unknown.text, "split-form")
    assert "未保存：请按各栏提示" not in unknown.text  # the report form above says nothing
    # a stale version: the other clerk's change wins, and the text typed here is still in the form (409)
    page = office.get(url).text
    version = re.search(r'name="version" value="(\d+)"', _form(page, "edit-form")).group(1)  # type: ignore[union-attr]
    assert office.post(f"{url}/edit", data={"csrf": token, "version": version, "heading": "先改的标题"},
                       follow_redirects=False).status_code == 303
    stale = office.post(f"{url}/edit", data={"csrf": token, "version": version, "heading": "后改的标题",
                                             "text": "很长的一段修改后的任务内容"})
    assert stale.status_code == 409
    edit = _form(stale.text, "edit-form")
    assert "未保存" in edit and "后改的标题" in edit and "很长的一段修改后的任务内容" in edit
    # a split into one part is refused in the split form; the API still answers with the error alone
    one = office.post(f"{url}/split", data={"csrf": token, "version": str(int(version) + 1), "parts": "只有一项"})
    assert one.status_code == 400 and "只有一项" in _form(one.text, "split-form")
    assert 'href="#split-form">未保存' in one.text[:one.text.index('id="split-form"')]  # said at the top, linked
    api = office.post(f"/api{url}/split", json={"csrf": token, "version": int(version) + 1, "parts": "只有一项"})
    assert api.status_code == 400 and set(api.json()) == {"error"}


def test_a_refused_campaign_form_keeps_the_new_task_typed(world: TwoPlans) -> None:
    office = world.client("office")
    url = f"/campaign/{world.cid}"
    token = _token(office, url)
    refused = office.post(f"{url}/tasks", data={"csrf": token, "text": "建设县级数据中心", "lead": "县不存在局",
                                                "deadline": "2026-06-30"})
    assert refused.status_code == 400
    add = _form(refused.text, "add-form")
    assert "未保存" in add and "建设县级数据中心" in add and 'value="县不存在局"' in add and "2026-06-30" in add
    assert 'href="#add-form"' in refused.text and "未保存" not in _form(refused.text, "merge-form")
    merged = office.post(f"{url}/merge", data={"csrf": token, "ids": str(world.platform)})
    assert merged.status_code == 400 and "合并至少需要两项任务" in _form(merged.text, "merge-form")
    assert f'value="{world.platform}"' in _form(merged.text, "merge-form") and "未保存" not in _form(merged.text,
                                                                                                 "add-form")
