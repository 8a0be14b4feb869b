"""The site menu per role, against the real app (trial of 2026-12-01): every role finds the pages it may open
(政务数据 for all, the office's 政策找人 pages for the office) and meets no link that answers 403 — in the menu
nor in the link bars of the pages the menu leads to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.test_web_eligibility_office import Office, reporter
from tests.web.test_web_supervision import login

OFFICE_PAGES = {"/data", "/eligibility/drafts", "/eligibility/profiles", "/eligibility/pushes", "/eligibility/unclaimed"}


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> Office:  # type: ignore[no-untyped-def]
    world = prebuilt(Office, tmp_path)
    reporter(world, "caizheng", "市财政局")
    return world


def menu(client: TestClient) -> list[str]:
    nav = re.search(r"<nav>(.*?)</nav>", client.get("/").text, re.S)
    assert nav is not None
    return re.findall(r'href="(/[^"]*)"', nav.group(1))


def links(html: str) -> set[str]:
    """The site's own links of the 政策找人 and 政务数据 pages (not the JSON twins or downloads)."""
    return {h.replace("&amp;", "&") for h in re.findall(r'href="(/(?:eligibility|data)[^"#]*)"', html)
            if not h.endswith((".xlsx", ".jsonld"))}


@pytest.mark.parametrize("who", ["office", "boss", "caizheng", None])
def test_the_menu_shows_each_role_only_pages_it_may_open(world: Office, who: str | None) -> None:
    client = TestClient(world.app)
    if who:
        assert login(client, who).status_code == 303
    shown = menu(client)
    assert "/data" in shown
    if who == "office":
        assert set(shown) >= OFFICE_PAGES
    if who == "caizheng":  # a granting unit: its pushes and the profiles pushed to it
        assert {"/eligibility/pushes", "/eligibility/profiles"} <= set(shown)
    if who == "boss":
        assert "/eligibility/unclaimed" in shown
    seen: dict[str, int] = {}
    for href in shown:
        got = client.get(href)
        seen[href] = got.status_code
        for more in links(got.text) if href.startswith(("/eligibility", "/data")) else ():
            seen.setdefault(more, client.get(more).status_code)
    refused = {h: code for h, code in seen.items() if code in {401, 403}}
    assert not refused, refused
