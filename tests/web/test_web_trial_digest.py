"""A unit's daily digest as a new user met it (trial of 2026-12-01), against the real app: a leader without a
unit is asked to pick one; each late task listed once, with its title and its cycles; a push names its person
and phone to the office and the unit, masked for leaders."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.web.test_web_pushclocks import weigh
from tests.web.test_web_supervision import World
from zhengce.access.accounts import CLI
from zhengce.eligibility import load_rules, pushing, read_profile
from zhengce.eligibility.batch import Batch

BUYER = {"kind": "person", "county": "江华瑶族自治县", "township": "沱江镇", "purchase_date": "2024-06-03",
         "home_type": "non_residential", "deed_tax_paid": "10000"}


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    world = prebuilt(World, tmp_path)
    batch = Batch()
    batch.profiles = [("430102199001011234", read_profile(BUYER)[0])]
    batch.contacts = {"430102199001011234": {"name": "钱二宝", "phone": "13907461234"}}
    pushing.import_profiles(world.engine, CLI, batch, "画像.xlsx")
    pushing.push(world.engine, CLI, date(2024, 10, 1), load_rules(), today=date(2026, 11, 2))
    assert weigh(world, "10") == 303  # the campaign counts the pushes
    return world


def test_a_leader_without_a_unit_is_asked_to_pick_one(world: World) -> None:
    got = world.client("boss").get(f"/campaign/{world.cid}/digest")
    assert got.status_code == 200 and "请先选择单位" in got.text
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', got.text))
    assert options.get(str(world.finance)) == "县财政局"
    assert world.client("boss").get(f"/api/campaign/{world.cid}/digest").status_code == 400  # the API names it


def test_each_late_task_is_listed_once_with_its_title(world: World) -> None:
    finance = world.client("finance")
    late = finance.get(f"/api/campaign/{world.cid}/digest").json()["late"]
    tasks = {m["task_id"] for m in late}
    assert len(late) > len(tasks)  # a task late in several cycles
    page = finance.get(f"/campaign/{world.cid}/digest").text
    section = page[page.index("已逾期未报"):]
    section = section[: section.index("</ul>") + 200]
    links = re.findall(rf'href="/campaign/{world.cid}/task/(\d+)">([^<]+)</a>', section)
    assert len(links) == len({t for t, _ in links}) == min(len(tasks), 30)
    assert all(re.search(r"[\u4e00-\u9fff]{2}", label) for _, label in links)  # the number and the title


def test_a_push_names_its_contact_to_the_unit_and_masks_it_for_leaders(world: World) -> None:
    mine = world.client("finance").get(f"/campaign/{world.cid}/digest", params={"days": 60}).text
    assert "钱二宝，13907461234" in mine
    boss = world.client("boss").get(f"/campaign/{world.cid}/digest", params={"unit": world.finance, "days": 60}).text
    assert "钱*宝" in boss and "钱二宝" not in boss and "13907461234" not in boss and "1*********4" in boss
