"""The bulletin (通报) and scores as a clerk's trial met them (trial of 2026-12-02), against the real app: a plan
with two action plans in its attachments (each numbering 二、(一)1. afresh), goals restated in them, a company
among the responsible units. A figure in another unit is not compared with a growth target; each target is
listed once; tasks are named with their plan; nobody is praised for a tie at 0, a company is not ranked, an
issue a unit raised about itself does not lift its score; the overview and the bulletin follow one rule."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from docx import Document
from docx.oxml.ns import qn
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.test_web_supervision import PASSWORD, login
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.db import DocumentRow, UnitRow, open_store
from zhengce.db.tracking import ReportRow
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.supervision import bulletin_files
from zhengce.web.app import create_app

PLAN = (
    "西山县人民政府办公室\n关于印发《西山县“两大行动”总体方案》的通知\n西政办发〔2025〕7号\n"
    "各乡镇人民政府，县直各单位：\n现将《西山县“两大行动”总体方案》印发给你们，请认真组织实施。\n"
    "西山县人民政府办公室\n2025年2月10日\n"
    "西山县“两大行动”总体方案\n一、主要目标\n2025年，地方一般公共预算收入增长7%，全社会研发经费投入强度达到2.3%，"
    "企业达到800户以上。\n"
    "二、重点任务\n（一）产业行动。详见附件1。（县发展和改革局牵头）\n（二）创新行动。详见附件2。（县科技局牵头）\n"
    "三、保障措施\n实行“一月一调度”，各责任单位于每月5日前报送上月工作进展。\n"
    "附件：1. 产业行动实施方案\n2. 创新行动实施方案\n"
    "附件1\n产业行动实施方案\n一、工作目标\n全社会研发经费投入强度达到2.3%以上，社会消费品零售总额增长9.5%。\n"
    "二、工作任务\n（一）改造提升传统产业\n1. 发展农产品加工。支持企业建设加工基地。（县农业农村局牵头）\n"
    "附件2\n创新行动实施方案\n一、工作目标\n社会零售品消费总额增长9.5%。\n二、工作任务\n（一）增强平台能级\n"
    "1. 创建创新平台。支持有条件的企业建设研发中心。（县科技局牵头）\n"
)
COMPANY = "西山县城乡建设投资集团有限公司"


class TwoPlans:
    """A published campaign from PLAN (running to 2030, so that some cycle is always still open), its office,
    leader and two reporters, and a company named as a supporting unit."""

    def __init__(self, tmp_path: Path) -> None:
        self.engine = open_store(str(tmp_path / "plans.db"))
        store_parsed(self.engine, parse_text(PLAN, "plans.txt"), len(PLAN))
        self.app = create_app(engine=self.engine)
        with Session(self.engine) as session:
            doc = int(session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0)))
            unit = {u.canonical: u.id for u in session.scalars(select(UnitRow))}
        self.science, self.reform = unit["县科学技术局"], unit["县发展和改革局"]
        for name, role, unit_id in (("office", "office", None), ("boss", "leader", None),
                                    ("keji", "reporter", self.science), ("fagai", "reporter", self.reform)):
            accounts.add_user(self.engine, name, role, unit_id, password=PASSWORD)
        self.cid = supervision.create_campaign(self.engine, CLI, doc, start=date(2025, 2, 10), end=date(2030, 12, 31))
        supervision.update_campaign(self.engine, CLI, self.cid, None, status="published")
        self.tasks = supervision.campaign_view(self.engine, CLI, self.cid, date(2025, 3, 1))["tasks"]
        supervision.add_unit(self.engine, CLI, self.cid, COMPANY, "enterprise", "county")
        self.platform = next(t["id"] for t in self.tasks if t["heading"].startswith("创建创新平台"))
        supervision.assign_unit(self.engine, CLI, self.platform, COMPANY, "support")

    def client(self, username: str) -> TestClient:
        client = TestClient(self.app)
        login(client, username)
        return client


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> TwoPlans:  # type: ignore[no-untyped-def]
    return prebuilt(TwoPlans, tmp_path)


def _report(world: TwoPlans, username: str, task: int, values: list[dict[str, str]]) -> None:
    actor = accounts.authenticate(world.engine, username, PASSWORD)
    assert actor is not None
    made = supervision.submit_report(world.engine, actor, task, 1, "in_progress", 30, "按计划推进", values,
                                     today=date(2025, 3, 3))
    with Session(world.engine) as session, session.begin():  # on time: before the due day of 5 March
        session.get(ReportRow, made.id).submitted_at = datetime(2025, 3, 3, 9, tzinfo=UTC)


def test_a_figure_in_another_unit_is_not_compared_with_a_growth_target(world: TwoPlans) -> None:
    lead = next(t["id"] for t in world.tasks if t["heading"].startswith("创新行动"))
    _report(world, "keji", lead, [{"indicator": "地方一般公共预算收入", "value": "12.5", "unit": "亿元"},
                                  {"indicator": "全社会研发经费投入强度", "value": "2.5", "unit": "%"}])
    office = world.client("office")
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    rows = {t["indicator"]: t for t in twin["targets"]}
    revenue = rows["地方一般公共预算收入"]
    assert revenue["state_name"] == "不可比" and revenue["progress"] is None  # not "179% 已达标"
    assert "亿元" in revenue["why"] and "上年基数" in revenue["why"]
    assert rows["全社会研发经费投入强度"]["state_name"] == "已达标"  # the same unit is compared
    body = "".join(text for _, text in twin["body"])
    assert "已达标1项" in body and "不可比1项" in body
    annex = twin["annexes"][0]
    assert annex[2][[r[0] for r in annex[2]].index(
        "地方一般公共预算收入（2025年）")][:4] == ["地方一般公共预算收入（2025年）", "增长7%", "12.5亿元", "—"] and "地方一般公共预算收入：目标为增速" in annex[3]
    sheet = load_workbook(io.BytesIO(office.get(f"/campaign/{world.cid}/bulletin.xlsx",
                                                params={"cycle": 1}).content))["目标指标"]
    head = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "地方一般公共预算收入")
    got = dict(zip(head, row, strict=True))
    assert got["实际值"] == 12.5 and got["实际值单位"] == "亿元" and got["状态"] == "不可比" and got["完成进度%"] is None
    assert got["目标"] == "增长7%" and got["目标年份"] == "2025年"  # the goal as the plan puts it, not a bare 7
    page = office.get(f"/campaign/{world.cid}/targets").text
    assert "不可比 1 项" in page and "缺少上年基数" in page


def test_each_target_is_listed_once_and_look_alikes_keep_their_clause(world: TwoPlans) -> None:
    twin = world.client("office").get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    names = [t["indicator"] for t in twin["targets"]]
    # 2.3% in the total plan and "2.3%以上" in the action plan: one target, both sources kept
    assert names.count("全社会研发经费投入强度") == 1
    rd = next(t for t in twin["targets"] if t["indicator"] == "全社会研发经费投入强度")
    assert rd["also_in"] == ["产业行动实施方案"] and rd["clause"] == ""
    # the document's own slip (社会零售品消费总额) is kept, with its clause, beside the right name
    clauses = {t["indicator"]: t["clause"] for t in twin["targets"]}
    assert clauses["社会消费品零售总额"] == "社会消费品零售总额增长9.5%"
    assert clauses["社会零售品消费总额"] == "社会零售品消费总额增长9.5%"
    assert clauses["企业"] == "企业达到800户以上"  # a name too short to say what it counts
    annex_names = [r[0] for r in twin["annexes"][0][2]]
    assert "企业（2025年；原文：企业达到800户以上）" in annex_names and len(annex_names) == len(set(annex_names))


def test_tasks_are_named_with_their_plan_wherever_listed(world: TwoPlans) -> None:
    office = world.client("office")
    view = office.get(f"/api/campaign/{world.cid}").json()
    labels = {t["heading"][:6]: t["task_label"] for t in view["tasks"]}
    assert labels["发展农产品加"] == "产业行动·二、(一)1." and labels["创建创新平台"] == "创新行动·二、(一)1."
    assert len(set(labels.values())) == len(labels)  # one label, one task
    # the bulletin's late and missing list and the office's chase list use the same labels
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    assert {"产业行动·二、(一)1.", "创新行动·二、(一)1."} <= {m["task_label"] for m in twin["missing"]}
    sheet = load_workbook(io.BytesIO(office.get(f"/campaign/{world.cid}/bulletin.xlsx",
                                                params={"cycle": 1}).content))["迟报漏报"]
    assert "产业行动·二、(一)1." in {r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert "创新行动·二、(一)1." in office.get(f"/campaign/{world.cid}").text


def test_nobody_is_praised_for_a_tie_and_a_company_is_not_ranked(world: TwoPlans) -> None:
    office = world.client("office")
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    ranked = twin["ranking"]
    assert ranked and COMPANY not in {r["unit"] for r in ranked}  # named in a task, not a unit owing reports
    assert {r["total"] for r in ranked} == {"0.0"} and all(r["tied"] for r in ranked)
    body = "".join(text for _, text in twin["body"])
    assert "得分前列的单位" not in body and "得分相同" in body
    annex = twin["annexes"][4][2]
    assert all(row[0] == "并列1" for row in annex)
    scores = office.get(f"/api/campaign/{world.cid}/scores", params={"cycle": 1}).json()
    company = next(r for r in scores["rows"] if r["unit"] == COMPANY)
    assert company["rank"] is None and company["apart"] == "企业不参与排名"
    assert "企业不参与排名" in office.get(f"/campaign/{world.cid}/scores", params={"cycle": 1}).text
    # one unit reports on time: it alone is praised, the others are tied below it
    lead = next(t["id"] for t in world.tasks if t["heading"].startswith("创新行动"))
    _report(world, "keji", lead, [])
    twin = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    body = "".join(text for _, text in twin["body"])
    assert re.search(r"得分前列的单位：县科学技术局（第1名，[\d.]+分）", body) and "并列第2名" not in body


def test_an_issue_a_unit_raised_about_itself_does_not_lift_its_score(world: TwoPlans) -> None:
    keji = accounts.authenticate(world.engine, "keji", PASSWORD)
    assert keji is not None
    own = supervision.raise_issue(world.engine, keji, world.cid, "研发中心建设用地未落实", "", world.platform)
    # a unit's issue waits 待交办; the office gives it back to the unit that raised it, which resolves it at once
    supervision.issue_action(world.engine, CLI, own, "assign", None, unit=keji.unit_id,
                             deadline=accounts.today() + timedelta(days=10))
    version = supervision.issue_action(world.engine, keji, own, "resolve", None, "已协调落实用地")
    supervision.issue_action(world.engine, CLI, own, "close", version)
    scores = world.client("office").get(f"/api/campaign/{world.cid}/scores", params={"cycle": 1}).json()
    rows = {r["unit"]: r for r in scores["rows"]}
    science = rows["县科学技术局"]
    assert science["counts"]["issues_closed"] == 0 and science["total"] == rows["县发展和改革局"]["total"]
    assert science["rank"] == rows["县发展和改革局"]["rank"]


def test_the_overview_and_the_bulletin_follow_one_rule(world: TwoPlans) -> None:
    boss = world.client("boss")
    overview = boss.get(f"/api/campaign/{world.cid}/overview").json()
    cycles = boss.get(f"/api/campaign/{world.cid}").json()["cycles"]
    today = accounts.today().isoformat()
    waiting = next(c for c in cycles if c["start"] <= today <= c["due"])  # begun, not yet due
    assert overview["pending"].startswith(waiting["label"]) and "暂不排名" in overview["pending"]
    open_one = boss.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": waiting["index"]}).json()
    assert open_one["ranking"] == [] and "本期报送尚未截止，暂不排名。" in [t for _, t in open_one["body"]]
    done = max((c for c in cycles if c["due"] < today), key=lambda c: c["index"])
    assert overview["scope"] == done["label"]
    final = boss.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": done["index"]}).json()
    # everyone tied at 0.0 there: one sentence, the bulletin's, and no table of units all 并列1
    assert overview["top"] == [] and overview["praise"] == next(t for _, t in final["body"] if "得分相同" in t)[
        : len(overview["praise"])]
    page = boss.get(f"/campaign/{world.cid}/overview").text
    assert f"{waiting['label']}报送截止日为" in page and "得分相同" in page and "并列1" not in page
    scores = boss.get(f"/api/campaign/{world.cid}/scores", params={"cycle": waiting["index"]}).json()
    assert scores["ranked"] == [] and "暂不排名" in scores["pending"]
    # one unit reports that cycle on time: the overview's ranking is the bulletin's, ties shown as ties
    lead = next(t["id"] for t in world.tasks if t["heading"].startswith("创新行动"))
    keji = accounts.authenticate(world.engine, "keji", PASSWORD)
    assert keji is not None
    made = supervision.submit_report(world.engine, keji, lead, done["index"], "in_progress", 30, "按时", [])
    due = date.fromisoformat(done["due"])
    with Session(world.engine) as session, session.begin():
        session.get(ReportRow, made.id).submitted_at = datetime(due.year, due.month, due.day, 1, tzinfo=UTC)
    overview = boss.get(f"/api/campaign/{world.cid}/overview").json()
    final = boss.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": done["index"]}).json()
    assert overview["top"][0]["unit"] == "县科学技术局" and overview["praise"].startswith("本期得分前列的单位：县科学技术局")
    assert [(r["unit"], r["rank"]) for r in final["ranking"][:5]] == [(r["unit"], r["rank"]) for r in overview["top"]]
    assert "并列2" in boss.get(f"/campaign/{world.cid}/overview").text


def test_the_word_file_has_no_blank_page_and_fits_percentages_on_one_line(world: TwoPlans) -> None:
    office = world.client("office")
    got = office.get(f"/campaign/{world.cid}/bulletin.docx", params={"cycle": 1})
    name = unquote(got.headers["content-disposition"])
    assert "西山县“两大行动”总体方案-通报-未发布稿-2025年2月.docx" in name
    doc = Document(io.BytesIO(got.content))
    body = doc.element.body.xml
    assert 'w:type="page"' not in body  # no paragraph holding a page break (a blank page when the text ends a page)
    first_annex = next(p for p in doc.paragraphs if p.text.startswith("附表1"))
    assert first_annex.paragraph_format.page_break_before
    signature = [p for p in doc.paragraphs if p.text == "西山县人民政府办公室" or p.text.endswith("督查室")]
    assert signature and all(p.paragraph_format.keep_with_next for p in signature[:1])
    targets = doc.tables[0]
    heads = [c.text for c in targets.rows[0].cells]
    for column in ("目标值", "完成进度", "时间进度"):
        k = heads.index(column)
        longest = max(bulletin_files.text_mm(row.cells[k].text) for row in targets.rows[1:])
        assert "%" in targets.rows[1].cells[heads.index("时间进度")].text
        # "14%" in a fallback font (DejaVu Sans: digits 0.64 em, "%" 0.95 em) and the cell's margins: on one line
        assert targets.columns[k].width.mm >= longest + 2 * bulletin_files.CELL_MARGIN_MM
    margins = targets._tbl.tblPr.find(qn("w:tblCellMar"))  # the margins the widths count with
    assert margins is not None and int(margins.find(qn("w:left")).get(qn("w:w"))) == round(
        bulletin_files.CELL_MARGIN_MM / 25.4 * 1440)


def test_a_pdf_is_offered_only_where_libreoffice_is(world: TwoPlans, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhengce.text import office as soffice

    office = world.client("office")
    monkeypatch.setattr(soffice, "soffice", lambda: None)
    page = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
    assert "bulletin.pdf" not in page and "本机未安装 LibreOffice" in page
    missing = office.get(f"/campaign/{world.cid}/bulletin.pdf", params={"cycle": 1})
    assert missing.status_code == 400 and "LibreOffice" in missing.text  # said, not a bare 404
    monkeypatch.setattr(soffice, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(soffice, "convert", lambda data, kind, target, timeout=None: b"%PDF-1.7 " + data[:2])
    page = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
    assert f"/campaign/{world.cid}/bulletin.pdf?cycle=1" in page
    made = office.get(f"/campaign/{world.cid}/bulletin.pdf", params={"cycle": 1})
    assert made.status_code == 200 and made.content.startswith(b"%PDF") and made.headers["content-type"] == \
        "application/pdf" and unquote(made.headers["content-disposition"]).endswith("2025年2月.pdf")


def test_an_issued_bulletin_is_numbered_in_the_order_issued_and_never_changes(world: TwoPlans) -> None:
    office, token = world.client("office"), None
    page = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 3}).text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert "（未发布稿）" in page and "发布后编为第1期" in page
    # the office issues April's bulletin first: it is 第1期, February's issued after it is 第2期
    assert office.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": token, "cycle": "3"},
                       follow_redirects=False).status_code == 303
    assert office.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": token, "cycle": "1"},
                       follow_redirects=False).status_code == 303
    first = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    assert first["issue_no"] == 2 and first["published"]
    assert office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 3}).json()["issue_no"] == 1
    open_cycle = next(c for c in first["cycles"] if c["due"] >= accounts.today().isoformat())
    refused = office.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": token,
                                                                            "cycle": str(open_cycle["index"])})
    assert refused.status_code == 400 and "截止后才能发布" in refused.text
    book = office.get(f"/campaign/{world.cid}/bulletin.xlsx", params={"cycle": 1}).content
    # a report filed late afterwards changes the live figures, not the issued bulletin
    lead = next(t["id"] for t in world.tasks if t["heading"].startswith("创新行动"))
    keji = accounts.authenticate(world.engine, "keji", PASSWORD)
    assert keji is not None
    supervision.submit_report(world.engine, keji, lead, 1, "in_progress", 30, "补报", [])
    again = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    for key in ("reporting", "late", "missing", "ranking", "body", "annexes", "date", "targets"):
        assert again[key] == first[key], key
    sheets = [load_workbook(io.BytesIO(b)) for b in (book, office.get(f"/campaign/{world.cid}/bulletin.xlsx",
                                                                      params={"cycle": 1}).content)]
    for name in ("迟报漏报", "综合排名", "单位报送"):
        assert [list(r) for r in sheets[0][name].values] == [list(r) for r in sheets[1][name].values]
    live = office.get(f"/api/campaign/{world.cid}/scores", params={"cycle": 1}).json()
    science = next(r for r in live["rows"] if r["unit"] == "县科学技术局")
    assert science["counts"]["late"] == 1  # the scores page shows it
    assert "本期通报已于" in office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text


def test_a_wrong_bulletin_is_withdrawn_with_a_reason_and_reissued_under_a_new_number(world: TwoPlans) -> None:
    office, boss = world.client("office"), world.client("boss")
    page = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert office.post(f"/campaign/{world.cid}/bulletin/publish", data={"csrf": token, "cycle": "1"},
                       follow_redirects=False).status_code == 303
    issued = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
    assert "发布为第1期" in issued and "撤回本期通报" in issued
    assert "撤回本期通报" not in boss.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
    # no reason: the form comes back with the error beside the field, nothing withdrawn
    bare = office.post(f"/campaign/{world.cid}/bulletin/withdraw", data={"csrf": token, "cycle": "1", "reason": " "})
    assert bare.status_code == 400 and "请写明撤回原因" in bare.text and 'aria-invalid="true"' in bare.text
    assert office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()["issue_no"] == 1
    # a leader may read but not withdraw
    leader = re.search(r'name="csrf" value="([^"]+)"', boss.get(f"/campaign/{world.cid}").text).group(1)  # type: ignore[union-attr]
    denied = boss.post(f"/api/campaign/{world.cid}/bulletin/withdraw",
                       json={"csrf": leader, "cycle": 1, "reason": "数据有误"})
    assert denied.status_code == 403 and "无权进行此操作" in denied.json()["error"]
    done = office.post(f"/api/campaign/{world.cid}/bulletin/withdraw", json={"csrf": token, "cycle": 1, "reason": "县科技局数据有误"})
    assert done.status_code == 200 and done.json()["id"] == 1
    draft = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    assert not draft["published"] and draft["issue_no"] is None and draft["next_no"] == 2
    assert [(w["issue_no"], w["reason"]) for w in draft["withdrawn"]] == [(1, "县科技局数据有误")]
    shown = office.get(f"/campaign/{world.cid}/bulletin", params={"cycle": 1}).text
    assert "第1期" in shown and "撤回：县科技局数据有误" in shown and "发布后编为第2期" in shown
    # withdrawing again (nothing issued now) is refused; issued anew it takes 第2期, 第1期 is never given again
    assert office.post(f"/api/campaign/{world.cid}/bulletin/withdraw",
                       json={"csrf": token, "cycle": 1, "reason": "再次撤回"}).status_code == 409
    assert office.post(f"/api/campaign/{world.cid}/bulletin/publish", json={"csrf": token, "cycle": 1}).json()["id"] == 2
    again = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    assert again["issue_no"] == 2 and again["published"] and again["withdrawn"][0]["issue_no"] == 1
    assert office.post(f"/api/campaign/{world.cid}/bulletin/publish", json={"csrf": token, "cycle": 2}).json()["id"] == 3
    log = office.get("/api/audit", params={"action": "bulletin.withdraw"})
    assert log.status_code == 200 and "县科技局数据有误" in log.text


def test_a_draft_started_in_the_past_warns_that_its_due_periods_count_as_missing(world: TwoPlans) -> None:
    """A campaign set to start months back makes every unit owe the periods already due the day it is published: the
    draft says so before the office publishes (trial 22n: 26 units were 未报送 in its first bulletin unwarned)."""
    office = world.client("office")
    with Session(world.engine) as session:
        doc = int(session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0)))
    today = accounts.today()
    back = supervision.create_campaign(world.engine, CLI, doc, start=today - timedelta(days=100),
                                       end=date(2030, 12, 31))
    page = office.get(f"/campaign/{back}").text
    due = [c for c in office.get(f"/api/campaign/{back}").json()["cycles"] if c["due_passed"]]
    assert len(due) >= 2 and f"共 {len(due)} 期的报送截止日已过" in page and due[0]["label"] in page
    fresh = supervision.create_campaign(world.engine, CLI, doc, start=today + timedelta(days=1), end=date(2030, 12, 31))
    assert "报送截止日已过" not in office.get(f"/campaign/{fresh}").text


def test_the_targets_annex_gives_each_target_its_year_and_its_change(world: TwoPlans) -> None:
    """附表1 reads as the plan: the year a target is for and its change (增长7%, 800户以上), not a bare 7%
    beside other years' values of the same indicator (trial 22n)."""
    office = world.client("office")
    data = office.get(f"/api/campaign/{world.cid}/bulletin", params={"cycle": 1}).json()
    _title, heads, rows, _note = next(a for a in data["annexes"] if a[0].startswith("附表1"))
    assert heads[:2] == ["指标（目标年份）", "目标值"]
    by_name = {r[0]: r for r in rows}
    assert by_name["地方一般公共预算收入（2025年）"][1] == "增长7%"
    firms = by_name["企业（2025年；原文：企业达到800户以上）"]
    assert firms[1] == "800户以上"
