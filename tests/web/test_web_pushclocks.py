"""The pushes of 政策找人 as tasks of the granting units in a campaign, through the real app: once the office
weighs 政策兑现及时率, a unit's scores, digest and reminders count its pushes (the person named only to the
office and the granting unit); the bulletin's 应享未享 counts the pushes of the campaign's jurisdiction only —
each route tried by every role.

The campaign is 东湖县's (tests.web.test_web_supervision.World). Three people bought non-residential new
buildings in 江华 (60 % of the deed tax, 江政办发〔2024〕2号 item 一, granted by 县财政局: the document is not
stored, so the unit of that name, 东湖县's, is found); one bought a home in 冷水滩区 (永政办发〔2024〕10号,
市财政局: a unit of no jurisdiction of the campaign).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from docx import Document
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.web.test_web_supervision import World, csrf
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.cli.main import app
from zhengce.eligibility import load_rules, pushing, read_profile
from zhengce.eligibility.batch import Batch

YEAR = {"year": 2026}
PUSHED = date(2026, 3, 2)  # a Monday: 10 working days → due Monday 16 March 2026
PEOPLE = {
    "赵一鸣": {"kind": "person", "county": "江华瑶族自治县", "township": "沱江镇", "purchase_date": "2024-05-10",
               "home_type": "non_residential", "deed_tax_paid": "9000"},  # 60 % → 5,400.00
    "钱二宝": {"kind": "person", "county": "江华瑶族自治县", "township": "沱江镇", "purchase_date": "2024-06-03",
               "home_type": "non_residential", "deed_tax_paid": "10000"},  # 6,000.00
    "李四海": {"kind": "person", "county": "冷水滩区", "township": "梅湾街道", "purchase_date": "2024-08-15",
               "home_type": "new_residential", "deed_tax_paid": "12000", "children": "2"},  # 市财政局 6,000.00
}
LATER = {"孙三立": {"kind": "person", "county": "江华瑶族自治县", "township": "白芒营镇", "purchase_date": "2024-07-01",
                    "home_type": "non_residential", "deed_tax_paid": "5000"}}  # 3,000.00, pushed on 2026-11-02


def keep(world: World, people: dict[str, dict[str, str]]) -> None:
    batch = Batch()
    batch.profiles = [(ref, read_profile(raw)[0]) for ref, raw in people.items()]
    pushing.import_profiles(world.engine, CLI, batch, "画像.csv")


@pytest.fixture
def world(prebuilt, tmp_path, monkeypatch) -> World:  # type: ignore[no-untyped-def]
    world = prebuilt(World, tmp_path)
    keep(world, PEOPLE)
    assert pushing.push(world.engine, CLI, date(2024, 10, 1), load_rules(), today=PUSHED)["due"] == "2026-03-16"
    keep(world, LATER)
    assert pushing.push(world.engine, CLI, date(2024, 10, 1), load_rules(), today=date(2026, 11, 2))["due"] == \
        "2026-11-16"
    finance = bearer(world, "finance")
    mine = {p["profile"]: p for p in finance.get("/api/eligibility/pushes").json()["pushes"]}
    assert set(mine) == {"赵一鸣", "钱二宝", "孙三立"}  # 县财政局's; 李四海's is 市财政局's
    # 县财政局 answers 赵一鸣's push on 10 March 2026, before its due day (the clock set back for the answer)
    monkeypatch.setattr(pushing, "now", lambda: datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    answered = finance.post(f"/api/eligibility/pushes/{mine['赵一鸣']['id']}", json={"outcome": "granted"})
    assert answered.status_code == 200, answered.text
    monkeypatch.undo()
    return world


def bearer(world: World, name: str) -> TestClient:
    """The real app as ``name``'s script sees it (an API token, no CSRF token needed)."""
    return TestClient(world.app, headers={"Authorization": "Bearer " + accounts.new_token(world.engine, name, "走访")})


def march(client: TestClient, world: World) -> dict[str, int]:
    """The scores' query for the cycle of March 2026 (its due day long past)."""
    cycles = client.get(f"/api/campaign/{world.cid}/scores").json()["cycles"]
    return {"cycle": next(c["index"] for c in cycles if c["label"] == "2026年3月")}


def weigh(world: World, weight: str) -> int:
    office = world.client("office")
    version = office.get(f"/api/campaign/{world.cid}").json()["campaign"]["version"]
    return office.post(f"/campaign/{world.cid}/settings", data={
        "csrf": csrf(office), "version": version, "weight_reports": "50", "weight_tasks": "30", "weight_issues": "20",
        "weight_push": weight, "escalation": "责任单位\n督查室\n分管领导"}, follow_redirects=False).status_code


@pytest.mark.parametrize("who", ["office", "boss", "finance", "justice", None])
def test_scores_add_the_timeliness_rate_once_the_office_weighs_it(world: World, who: str | None) -> None:
    client = world.client(who)
    if who is None:
        assert client.get(f"/api/campaign/{world.cid}/scores", params=YEAR).status_code == 401
        assert weigh(world, "20") == 303
        assert client.get(f"/api/campaign/{world.cid}/scores", params=YEAR).status_code == 401
        return
    cycle = march(client, world)
    rows = {r["unit"]: r for r in client.get(f"/api/campaign/{world.cid}/scores", params=cycle).json()["rows"]}
    assert rows["县财政局"]["counts"]["push_owed"] == 0 and rows["县财政局"]["score"] == "0.0"  # reports all missing
    assert "政策兑现及时率×" not in client.get(f"/campaign/{world.cid}/scores", params=cycle).text
    assert weigh(world, "20") == 303
    rows = {r["unit"]: r for r in client.get(f"/api/campaign/{world.cid}/scores", params=cycle).json()["rows"]}
    finance = rows["县财政局"]
    # fallen due in March 2026: 赵一鸣's (answered on 10 March, due 16 March) and 钱二宝's (open past 16 March);
    # 孙三立's is due on 16 November, another cycle
    assert (finance["counts"]["push_on_time"], finance["counts"]["push_owed"]) == (1, 2)
    # 100 × (50 × 0 reports on time + 20 × 1/2) ÷ (50 + 20) = 14.3 (tasks and issues owe nothing yet)
    assert (finance["percents"]["push"], finance["score"]) == ("50.0", "14.3")
    year = {r["unit"]: r for r in client.get(f"/api/campaign/{world.cid}/scores", params=YEAR).json()["rows"]}
    assert year["县财政局"]["counts"]["push_on_time"] == 1 and year["县财政局"]["counts"]["push_owed"] >= 2
    assert rows["县司法局"]["counts"]["push_owed"] == 0 and rows["县司法局"]["rates"]["push"] is None
    assert "市财政局" not in rows  # a granting unit outside the campaign's jurisdiction
    page = client.get(f"/campaign/{world.cid}/scores", params=cycle).text
    assert "政策兑现及时率×20" in page and "按时/推送到期" in page


def test_only_the_office_sets_the_weight_on_the_rules_page(world: World) -> None:
    page = world.client("office").get(f"/campaign/{world.cid}/scores").text
    assert 'name="weight_push"' in page and "政策兑现及时率权重" in page
    for who in ("boss", "finance"):
        client = world.client(who)
        assert 'name="weight_push"' not in client.get(f"/campaign/{world.cid}/scores").text
        refused = client.post(f"/campaign/{world.cid}/settings", data={"csrf": csrf(client), "weight_push": "50"},
                              follow_redirects=False)
        assert refused.status_code == 403
    world.client().post(f"/campaign/{world.cid}/settings", data={"weight_push": "50"}, follow_redirects=False)
    assert world.client("office").get(f"/api/campaign/{world.cid}/scores").json()["weights"]["push"] == "0"


def test_the_digest_lists_open_pushes_naming_the_person_to_the_office_and_the_unit(world: World) -> None:
    finance_digest = f"/api/campaign/{world.cid}/digest"
    assert world.client("finance").get(finance_digest).json()["pushes"] == []  # not counted by the campaign
    assert weigh(world, "10") == 303
    seen = {}
    for who in ("office", "boss", "finance"):
        got = world.client(who).get(finance_digest, params={"unit": world.finance, "days": 60})
        assert got.status_code == 200, got.text
        seen[who] = {p["profile"]: p for p in got.json()["pushes"]}
    # open and due within 60 working days or overdue: 钱二宝's (overdue) and 孙三立's; 赵一鸣's is answered
    assert set(seen["office"]) == set(seen["finance"]) == {"钱二宝", "孙三立"}
    assert set(seen["boss"]) == {"钱*宝", "孙*立"}  # a leader sees them masked
    late = seen["finance"]["钱二宝"]
    assert (late["state"], late["due"], late["amount"], late["title"]) == (
        "overdue", "2026-03-16", "6000.00", "江华县城区购房契税补贴（第一项）")
    page = world.client("finance").get(f"/campaign/{world.cid}/digest", params={"days": 60}).text
    assert "政策兑现推送（2）" in page and "钱二宝" in page and "已逾期" in page
    boss_page = world.client("boss").get(f"/campaign/{world.cid}/digest",
                                         params={"unit": world.finance, "days": 60}).text
    assert "钱*宝" in boss_page and "钱二宝" not in boss_page
    justice = world.client("justice").get(finance_digest, params={"unit": world.finance}).json()
    assert justice["unit"] == "县司法局" and justice["pushes"] == []  # its own digest, not 县财政局's
    assert world.client().get(finance_digest, params={"unit": world.finance}).status_code == 401  # the public


def test_reminders_list_the_pushes_with_the_person_masked(world: World) -> None:
    db = str(world.engine.url.database)
    args = ["remind", "--campaign", str(world.cid), "--via", "console", "--today", "2026-11-09", "--db", db]
    quiet = CliRunner().invoke(app, [*args, "--dry-run"])
    assert quiet.exit_code == 0, quiet.output
    assert "县财政局" in quiet.output and "政策兑现推送" not in quiet.output  # the campaign does not count them
    assert weigh(world, "10") == 303
    sent = CliRunner().invoke(app, args)
    assert sent.exit_code == 0, sent.output
    mail = sent.output.split("主题：【督办提醒】县财政局：")[1].split("收件人：")[0]
    # on 9 November: 钱二宝's overdue since 16 March, 孙三立's due on 16 November (5 working days left)
    assert mail.splitlines()[0].endswith("2项政策兑现推送待反馈")
    assert "对象钱*宝，2026年3月16日前反馈，已逾期" in mail and "对象孙*立，2026年11月16日前反馈，还有5个工作日" in mail
    assert "钱二宝" not in sent.output and "孙三立" not in sent.output  # no name leaves the system


def test_the_bulletin_counts_the_unclaimed_benefits_of_its_jurisdiction_only(world: World) -> None:
    everywhere = world.client("boss").get("/api/eligibility/unclaimed").json()
    assert (everywhere["matched"], everywhere["granted"]) == (4, 1)  # 李四海's at 市财政局 too
    for who in ("office", "boss"):
        twin = world.client(who).get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()["unclaimed"]
        # 县财政局: 赵一鸣 granted, 钱二宝 (6,000.00) and 孙三立 (3,000.00) not yet
        assert (twin["matched"], twin["granted"], twin["unclaimed"]) == (3, 1, 2)
        assert twin["by_unit"] == [{"unit": "县财政局", "count": 2, "amount": "9000.00"}]
        page = world.client(who).get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
        section = page.split("政策兑现（应享未享）")[1]
        assert "已推送符合条件的对象3个，已兑现1个，应享未享2个" in re.sub(r"\s+", "", section)
        assert "市财政局" not in section
    assert world.client("finance").get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).status_code == 403
    assert world.client().get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).status_code == 401


def test_changing_an_answer_later_keeps_it_on_time(world: World) -> None:
    assert weigh(world, "20") == 303
    finance = bearer(world, "finance")
    first = next(p for p in finance.get("/api/eligibility/pushes").json()["pushes"] if p["profile"] == "赵一鸣")
    changed = finance.post(f"/api/eligibility/pushes/{first['id']}", json={"outcome": "not_reached"})
    assert changed.status_code == 200
    office = bearer(world, "office")
    rows = {r["unit"]: r for r in office.get(f"/api/campaign/{world.cid}/scores", params=march(office, world))
            .json()["rows"]}
    assert rows["县财政局"]["counts"]["push_on_time"] == 1  # answered first on 10 March, before its due day


def test_the_bulletin_states_the_cycles_timeliness_once_weighed(world: World) -> None:
    office = world.client("office")
    cycle = march(office, world)
    sentence = "本期到期的推送任务2个，按期反馈1个，政策兑现及时率50.0%；逾期反馈或未反馈：县财政局（1个）。"
    assert office.get(f"/api/campaign/{world.cid}/bulletin", params=cycle).json()["push_clocks"] is None
    assert "政策兑现及时率" not in office.get(f"/campaign/{world.cid}/bulletin", params=cycle).text
    assert weigh(world, "20") == 303
    for who in ("office", "boss"):
        client = world.client(who)
        twin = client.get(f"/api/campaign/{world.cid}/bulletin", params=cycle).json()["push_clocks"]
        assert twin == {"owed": 2, "on_time": 1, "units": [{"unit": "县财政局", "owed": 2, "on_time": 1, "missed": 1}]}
        assert sentence in client.get(f"/campaign/{world.cid}/bulletin", params=cycle).text
    docx = office.get(f"/campaign/{world.cid}/bulletin.docx", params=cycle)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert sentence in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)


def test_the_bulletin_workbook_has_the_unclaimed_sheet_with_the_pages_figures(world: World) -> None:
    from openpyxl import load_workbook

    office = world.client("office")
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()["unclaimed"]
    got = office.get(f"/campaign/{world.cid}/bulletin.xlsx", params={"cycle": 1})
    assert got.status_code == 200
    sheet = load_workbook(io.BytesIO(got.content))["应享未享"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["发放单位", "符合条件（个）", "已兑现（个）", "应享未享（个）", "逾期未反馈（个）", "应享未享金额（元）"]
    late = {r["unit"]: r["count"] for r in twin["overdue_by_unit"]}
    # the county's bulletin: 县财政局 only (赵一鸣 granted; 钱二宝 6,000.00 and 孙三立 3,000.00 not yet)
    assert [r[:4] for r in rows[1:]] == [["县财政局", 3, 1, 2], ["合计", 3, 1, 2]]
    assert rows[1][4] == late.get("县财政局", 0) >= 1 and rows[2][4] == twin["overdue"]  # 钱二宝's was due 16 March
    assert Decimal(str(rows[1][5])) == Decimal(str(rows[2][5])) == Decimal("9000.00") == \
        sum(Decimal(u["amount"]) for u in twin["by_unit"])
    assert "市财政局" not in {r[0] for r in rows}
