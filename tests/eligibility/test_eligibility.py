"""Eligibility (政策找人): the hand-checked cases of issue 18 through the real CLI, the four answers,
question order, batch runs, and that every 符合 amount is the calculator's for the same input."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhengce.calc import CALCULATORS
from zhengce.cli.main import app
from zhengce.db import open_store
from zhengce.eligibility import PROFILE_KEYS, load_rules, match, order_questions, place_key, read_profile
from zhengce.eligibility.batch import read_batch, run_batch
from zhengce.eligibility.rules import parse_rules
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text

runner = CliRunner()

YONGZHOU = {"kind": "person", "county": "冷水滩区", "purchase_date": "2024-08-15", "home_type": "new_residential",
            "deed_tax_paid": 12000, "children": 2}
JIANGHUA = {"kind": "person", "county": "江华瑶族自治县", "purchase_date": "2024-05-10",
            "home_type": "new_residential", "deed_tax_paid": "9000", "first_home": True, "area_m2": 95,
            "park_employment_months": 26, "spouse_park_employment_months": 14}


def run(profile: dict, *args: str) -> dict[str, dict]:
    result = runner.invoke(app, ["match", "--profile", "-", "--json", *args], input=json.dumps(profile))
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    for a in answers:
        assert set(a) >= {"rule", "document", "clause", "answer", "amount", "amount_min", "failed", "questions"}
        assert a["answer"] in {"符合", "不符合", "待确认", "规则不全"}
    return {a["rule"]: a for a in answers}


def test_yongzhou_deed_tax_two_children_gets_half() -> None:
    a = run(YONGZHOU)["yongzhou-deed-tax-subsidy"]
    assert (a["document"], a["clause"], a["answer"], a["amount"]) == ("永政办发〔2024〕10号", "一", "符合", "6000.00")
    assert a["failed"] == [] and a["questions"] == []
    assert any(s["clause"] and s["clause"]["clause"] == "一" for s in a["trace"])


def test_yongzhou_deed_tax_after_the_period_does_not_match_and_says_when_it_ended() -> None:
    a = run({**YONGZHOU, "purchase_date": "2025-07-22"}, "--on", "2025-08-01")["yongzhou-deed-tax-subsidy"]
    assert a["answer"] == "不符合" and a["amount"] is None
    assert "2025-07-21" in a["failed"][0]["reason"] and a["failed"][0]["clause"] == "七"
    last_day = run({**YONGZHOU, "purchase_date": "2025-07-21"})["yongzhou-deed-tax-subsidy"]
    assert last_day["answer"] == "符合"


def test_unknown_children_is_a_question_never_zero() -> None:
    profile = {k: v for k, v in YONGZHOU.items() if k != "children"}
    a = run(profile, "--on", "2024-09-01")["yongzhou-deed-tax-subsidy"]
    assert a["answer"] == "待确认" and a["amount"] is None
    assert a["amount_min"] == "3000.00" and a["amount_max"] == "9600.00"
    assert [q["key"] for q in a["questions"]] == ["children"]
    one_child = run({**profile, "children": 1})["yongzhou-deed-tax-subsidy"]
    assert (one_child["answer"], one_child["amount"]) == ("符合", "3000.00")


def test_second_hand_home_fails_with_its_clause() -> None:
    a = run({**YONGZHOU, "home_type": "second_hand"})["yongzhou-deed-tax-subsidy"]
    assert a["answer"] == "不符合" and a["failed"][0]["clause"] == "一" and a["failed"][0]["key"] == "home_type"


def test_jianghua_total_is_the_calculators_and_talent_subsidy_is_not_a_silent_no() -> None:
    answers = run(JIANGHUA, "--on", "2024-06-01")
    total = answers["jianghua-housing-subsidy"]
    calc = CALCULATORS["housing-subsidy"].run({"deed_tax": "9000", "floor_area": "95", "first_home": True,
                                               "contract_date": "2024-05-10", "application_date": "2024-06-01",
                                               "park_months": [26, 14]})
    assert total["answer"] == "符合" and total["amount"] == calc["amount"] == "36300.00"
    assert [answers[r]["amount"] for r in ("jianghua-deed-tax-subsidy", "jianghua-first-home-subsidy",
                                           "jianghua-park-employee-subsidy")] == ["6300.00", "9500.00", "30000.00"]
    talent = answers["jianghua-talent-housing-subsidy"]
    assert talent["answer"] in {"待确认", "规则不全"} and talent["clause"] == "四"
    assert talent["missing_rule"]["refers_to"] == "江人才办〔2021〕1号"


def test_jianghua_applying_after_the_deadline_closes_items_one_and_two() -> None:
    answers = run({**JIANGHUA, "application_date": "2027-01-04"})
    for rule in ("jianghua-deed-tax-subsidy", "jianghua-first-home-subsidy"):
        assert answers[rule]["answer"] == "不符合"
        assert "2026-12-31" in answers[rule]["failed"][0]["reason"]
    assert answers["jianghua-park-employee-subsidy"]["amount"] == "30000.00"
    assert answers["jianghua-housing-subsidy"]["amount"] == "30000.00"
    same_by_on = run(JIANGHUA, "--on", "2027-01-04")
    assert same_by_on["jianghua-deed-tax-subsidy"]["answer"] == "不符合"


REPEAL = (
    "永州市人民政府办公室\n关于废止部分购房支持措施的通知\n永政办发〔2024〕99号\n"
    "各县市区人民政府，市直各单位：\n经市人民政府同意，《关于进一步促进永州市中心城区房地产市场平稳健康发展的七项举措》"
    "（永政办发〔2024〕10号）自2025年1月1日起废止。\n永州市人民政府办公室\n2024年12月20日\n"
)


def test_a_repealed_document_stops_matching_from_its_date_and_says_why(db_url: str) -> None:
    store_parsed(open_store(db_url), parse_text(REPEAL, "repeal.txt"), len(REPEAL))
    before = run(YONGZHOU, "--db", db_url, "--on", "2024-12-31")["yongzhou-deed-tax-subsidy"]
    assert (before["answer"], before["amount"]) == ("符合", "6000.00")
    after = run(YONGZHOU, "--db", db_url, "--on", "2025-01-01")["yongzhou-deed-tax-subsidy"]
    assert after["answer"] == "不符合"
    assert "废止" in after["failed"][0]["reason"] and "2025-01-01" in after["failed"][0]["reason"]
    assert "永政办发〔2024〕99号" in after["failed"][0]["reason"]


def test_a_bad_profile_is_refused_in_chinese_naming_the_key() -> None:
    result = runner.invoke(app, ["match", "--profile", "-", "--json"], input=json.dumps({"children": "two"}))
    assert result.exit_code == 2 and "children" in result.output
    result = runner.invoke(app, ["match", "--profile", "-"], input="not json")
    assert result.exit_code == 2 and "JSON" in result.output


def test_enterprise_rules_answer_and_an_incomplete_rule_says_what_is_missing() -> None:
    firm = {"kind": "enterprise", "county": "永州市零陵区", "invention_patents_last_year": 4}
    answers = run(firm, "--on", "2025-03-01")
    award = answers["yongzhou-invention-patent-award"]
    expected = CALCULATORS["ip-award"].run({"domestic_patents": 4, "on": "2025-03-01"})["amount"]
    assert (award["answer"], award["amount"]) == ("符合", expected)
    deed = answers["yongzhou-deed-tax-subsidy"]  # a firm may buy offices too: asked, never a silent no
    assert deed["answer"] == "待确认" and "purchase_date" in [q["key"] for q in deed["questions"]]
    assert "children" not in [q["key"] for q in deed["questions"]]
    retention = run({**firm, "unemployment_insurance_paid": True, "layoffs": "none"}, "--on", "2022-09-01")
    assert retention["yongzhou-job-retention-refund-2022"]["answer"] == "规则不全"
    laid_off = run({**firm, "unemployment_insurance_paid": True, "layoffs": "many"}, "--on", "2022-09-01")
    assert laid_off["yongzhou-job-retention-refund-2022"]["answer"] == "不符合"


def test_questions_that_settle_most_rules_come_first() -> None:
    def waiting(*keys: str) -> dict:
        return {"answer": "待确认", "questions": [{"key": k, "question": k} for k in keys]}

    # area_m2 alone settles two rules; county is asked by three rules but settles none alone
    answers = [waiting("area_m2"), waiting("county", "area_m2"), waiting("county", "children", "kind"),
               waiting("county", "first_home", "kind")]
    order = order_questions(answers)
    assert [q["key"] for q in order][:2] == ["area_m2", "county"]
    assert [q["key"] for q in answers[1]["questions"]] == ["area_m2", "county"]  # each list in the same order
    everything = match({}, date(2024, 9, 1))
    for a in everything:  # nothing known: never a silent no — only a closed period says no
        assert a["answer"] in {"待确认", "规则不全"} or all("期限" in f["reason"] or "施行" in f["reason"]
                                                            for f in a["failed"])


def test_place_names_in_any_usual_form() -> None:
    assert place_key("永州市冷水滩区") == place_key("冷水滩区") == "冷水滩"
    assert place_key("江华县") == place_key("江华瑶族自治县") == "江华"
    assert place_key("湖南省永州市") == "永州"


def test_rule_files_use_only_known_keys_and_calculators() -> None:
    rules = load_rules()
    assert len({r.document for r in rules}) >= 6
    for r in rules:
        assert r.keys() <= set(PROFILE_KEYS)
        assert r.clause and all(c.clause for c in r.conditions)
    with pytest.raises(ValueError):
        parse_rules({"document": {"doc_number": "南政发〔2024〕1号", "title": "t"},
                     "rules": [{"id": "x", "title": "t", "clause": "一", "grant": "申请",
                                "conditions": [{"key": "shoe_size", "op": "gt", "value": 1}]}]})


def test_batch_reports_bad_rows_and_every_amount_is_the_calculators(tmp_path: Path) -> None:
    path = tmp_path / "profiles.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "county", "purchase_date", "home_type", "deed_tax_paid", "children", "nickname"])
        w.writerow(["a", "person", "零陵区", "2024-10-01", "new_residential", "8000", "3", "x"])
        w.writerow(["b", "person", "零陵区", "2024-10-01", "new_residential", "8000", "", ""])
        w.writerow(["c", "person", "零陵区", "not a date", "new_residential", "8000", "1", ""])
    batch = read_batch(path)
    assert [p for p, _ in batch.profiles] == ["a", "b"]
    assert batch.bad_rows[0]["row"] == 4 and "purchase_date" in batch.bad_rows[0]["error"]
    assert batch.ignored_columns == ["nickname"]
    report = run_batch(batch.profiles, date(2024, 11, 1))
    deed = next(r for r in report["rules"] if r["rule"] == "yongzhou-deed-tax-subsidy")
    assert deed["符合"] == [{"id": "a", "amount": "6400.00"}]
    assert [x["id"] for x in deed["待确认"]] == ["b"]
    result = runner.invoke(app, ["match", "--batch", str(path), "--on", "2024-11-01", "--json",
                                 "--out", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0 and (tmp_path / "r.xlsx").stat().st_size > 0
    assert "第 4 行" in result.stderr


def test_batch_run_is_in_the_audit_log(tmp_path: Path, db_url: str) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from zhengce.db.tracking import AuditRow

    path = tmp_path / "p.csv"
    path.write_text("id,kind,county\nz,enterprise,道县\n", encoding="utf-8")
    assert runner.invoke(app, ["match", "--batch", str(path), "--db", db_url]).exit_code == 0
    with Session(open_store(db_url)) as s:
        row = s.scalars(select(AuditRow).where(AuditRow.action == "match.batch")).one()
    assert row.after["profiles"] == 1 and "道县" not in json.dumps(row.after, ensure_ascii=False)


@pytest.mark.parametrize("seed", range(40))
def test_every_match_amount_equals_the_calculator(seed: int) -> None:
    import random

    rnd = random.Random(seed)
    raw = {"kind": "person", "county": rnd.choice(["冷水滩区", "江华县", "零陵区"]),
           "purchase_date": date.fromordinal(date(2024, 1, 1).toordinal() + rnd.randrange(800)).isoformat(),
           "home_type": rnd.choice(["new_residential", "non_residential", "second_hand"]),
           "first_home": rnd.random() < 0.5, "area_m2": rnd.randrange(40, 200),
           "deed_tax_paid": rnd.randrange(0, 30000), "children": rnd.randrange(0, 4),
           "park_employment_months": rnd.randrange(0, 50), "spouse_park_employment_months": rnd.randrange(0, 50)}
    profile, _ = read_profile(raw)
    on = date(2025, 6, 1)
    for a in match(profile, on):
        if a["answer"] != "符合" or a["amount"] is None:
            continue
        rule = next(r for r in load_rules() if r.id == a["rule"])
        inputs = {"deed-tax-subsidy": {"deed_tax": str(raw["deed_tax_paid"]), "contract_date": raw["purchase_date"],
                                       "children": raw["children"],
                                       "property_type": "non_residential" if raw["home_type"] == "non_residential"
                                       else "residential"},
                  "housing-subsidy": {"deed_tax": str(raw["deed_tax_paid"]), "contract_date": raw["purchase_date"],
                                      "application_date": on.isoformat(), "floor_area": str(raw["area_m2"]),
                                      "first_home": raw["first_home"] if rule.part == "amount" else True,
                                      "park_months": [raw["park_employment_months"],
                                                      raw["spouse_park_employment_months"]],
                                      "property_type": "non_residential" if raw["home_type"] == "non_residential"
                                      else "residential"}}[rule.calculator]
        result = CALCULATORS[rule.calculator].run(inputs)
        part: object = result
        for step in rule.part.split("."):
            part = part[step]  # type: ignore[index]
        assert Decimal(a["amount"]) == Decimal(str(part)) > 0


def test_without_kind_the_facts_say_who_it_is_and_no_extra_question() -> None:
    no_kind = {k: v for k, v in YONGZHOU.items() if k != "kind"}
    assert run(no_kind)["yongzhou-deed-tax-subsidy"]["amount"] == "6000.00"
    unknown_children = {k: v for k, v in no_kind.items() if k != "children"}
    a = run(unknown_children)["yongzhou-deed-tax-subsidy"]
    assert a["answer"] == "待确认" and len(a["questions"]) == 1 and a["amount_min"] == "3000.00"
    jianghua = run({k: v for k, v in JIANGHUA.items() if k != "kind"}, "--on", "2024-06-01")
    assert jianghua["jianghua-housing-subsidy"]["amount"] == "36300.00"


def test_an_enterprise_buying_offices_gets_the_base_rate_and_is_not_asked_about_children() -> None:
    firm = {"kind": "enterprise", "county": "零陵区", "purchase_date": "2024-10-01", "home_type": "non_residential",
            "deed_tax_paid": "40000"}
    a = run(firm)["yongzhou-deed-tax-subsidy"]
    assert (a["answer"], a["amount"]) == ("符合", "10000.00")
    assert run(firm)["jianghua-first-home-subsidy"]["answer"] == "不符合"


# Written for this test: an invented county's measures with both forms of a beneficiary.
MEASURES = (
    "青禾县人民政府办公室\n关于印发《青禾县支持小微企业发展若干措施》的通知\n青政办发〔2025〕8号\n"
    "各乡镇人民政府，县直各单位：\n现将《青禾县支持小微企业发展若干措施》印发给你们，请认真贯彻执行。\n"
    "青禾县人民政府办公室\n2025年3月2日\n"
    "青禾县支持小微企业发展若干措施\n"
    "一、对在青禾县内新注册且连续经营满12个月的小微企业，由县财政给予一次性开办补贴0.5万元。\n"
    "二、对承担县重点项目的企业，应当按程序报县发展改革局备案。\n"
    "三、符合下列条件的企业，可申请贷款贴息：\n（一）上年度纳税额50万元以上；\n（二）已列入县重点企业名录。\n"
)


def test_draft_rules_from_text_carry_clauses_and_typed_conditions(tmp_path: Path) -> None:
    path = tmp_path / "measures.txt"
    path.write_text(MEASURES, encoding="utf-8")
    result = runner.invoke(app, ["match", "--drafts", str(path)])
    assert result.exit_code == 0, result.output
    drafts = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(d["status"] == "draft" and d["document"] == "青政办发〔2025〕8号" for d in drafts)
    first = next(d for d in drafts if d["clause"] == "一")
    assert "小微企业" in first["beneficiary"] and first["money"][0]["yuan"] == "5000"
    assert {"place", "count"} <= {c["type"] for c in first["conditions"]}
    assert not any(d["clause"] == "二" for d in drafts)  # a duty, not a benefit
    lead = next(d for d in drafts if d["form"] == "符合下列条件的")
    assert [c["type"] for c in lead["conditions"]] == ["amount", "membership"]
    assert MEASURES.count(first["sentence"][:10]) == 1


def test_profile_amounts_are_read_as_people_type_them() -> None:
    from zhengce.eligibility.profile import ProfileError, read_profile

    assert read_profile({"deed_tax_paid": "2万", "children": "2"})[0] == {"deed_tax_paid": Decimal("20000"),
                                                                          "children": 2}
    assert read_profile({"deed_tax_paid": "9,000"})[0]["deed_tax_paid"] == Decimal("9000")
    with pytest.raises(ProfileError) as caught:
        read_profile({"deed_tax_paid": "两万"})
    assert "应为金额" in str(caught.value) and "Conversion" not in str(caught.value)


def test_drafts_are_stored_for_review_from_the_store_and_match_only_once_confirmed(tmp_path: Path) -> None:
    from zhengce.access.accounts import CLI
    from zhengce.eligibility.reviews import decide, list_drafts

    db = str(tmp_path / "d.db")
    store_parsed(open_store(db), parse_text(MEASURES, "measures.txt"), len(MEASURES))
    assert runner.invoke(app, ["match", "--store-drafts"]).exit_code == 2  # needs a store
    first = runner.invoke(app, ["match", "--store-drafts", "--db", db])
    assert first.exit_code == 0 and "新增草拟规则" in first.output
    drafts = list_drafts(open_store(db), CLI)
    assert drafts and all(d["document"] == "青政办发〔2025〕8号" and d["document_id"] for d in drafts)
    runner.invoke(app, ["match", "--store-drafts", "--db", db])
    assert len(list_drafts(open_store(db), CLI)) == len(drafts)  # each draft kept once
    profile = {"kind": "enterprise", "county": "青禾县", "invention_patents_last_year": 3}

    def answers() -> dict[str, str]:
        result = runner.invoke(app, ["match", "--profile", "-", "--json", "--db", db, "--on", "2025-06-01"],
                               input=json.dumps(profile))
        return {a["rule"]: a["answer"] for a in map(json.loads, result.stdout.splitlines())}

    assert not any(k.startswith("draft-") for k in answers())
    decide(open_store(db), CLI, drafts[0]["id"], "confirm", edit={
        "units": ["区科技局"], "who": ["enterprise"],
        "conditions": [{"key": "invention_patents_last_year", "op": "ge", "values": ["1"], "text": "有发明专利"}]})
    assert answers()[f"draft-{drafts[0]['id']}"] == "符合"
    profile["invention_patents_last_year"] = 0
    assert answers()[f"draft-{drafts[0]['id']}"] == "不符合"


def test_the_stored_cycle_works_on_each_database(tmp_path: Path, db_url: str) -> None:
    """Drafts, profiles, pushes, outcomes and kept answers on SQLite and PostgreSQL alike."""
    from zhengce.access.accounts import CLI
    from zhengce.eligibility import kept
    from zhengce.eligibility.pushing import import_profiles, list_pushes, push, record_outcome, unclaimed
    from zhengce.eligibility.reviews import decide, draft_store, stored_rules

    engine = open_store(db_url)
    store_parsed(engine, parse_text(MEASURES, "measures.txt"), len(MEASURES))
    assert draft_store(engine, CLI)["added"] >= 1
    decide(engine, CLI, 1, "confirm", edit={"units": ["县科技局"], "who": ["enterprise"], "conditions": [
        {"key": "county", "op": "place", "values": ["青禾县"], "text": "在青禾县内"}]})
    rules = load_rules() + stored_rules(engine)
    sheet = tmp_path / "p.csv"
    sheet.write_text("id,kind,county,township\nQ1,enterprise,青禾县,城关镇\nQ2,enterprise,道县,\n", encoding="utf-8")
    assert import_profiles(engine, CLI, read_batch(sheet), "p.csv")["added"] == 2
    push(engine, CLI, date(2025, 6, 1), rules, today=date(2025, 6, 3))
    mine = [p for p in list_pushes(engine, CLI) if p["rule"] == "draft-1"]
    assert [(p["profile"], p["unit"], p["due"]) for p in mine] == [("Q1", "县科技局", "2025-06-17")]
    record_outcome(engine, CLI, mine[0]["id"], "refused", "已迁出")
    counts = unclaimed(engine, date(2025, 6, 18))
    assert {r["rule"]: r["count"] for r in counts["by_rule"]}["draft-1"] == 1
    code = kept.keep(engine, {"kind": "person"}, ["children"], "2025-06-01")
    assert kept.recall(engine, code) == {"facts": {"kind": "person"}, "skipped": ["children"], "on": "2025-06-01"}
    engine.dispose()


def test_a_rules_own_period_holds_even_when_the_document_is_said_to_be_in_force() -> None:
    # the store knows the document and calls it in force (its end not read, or a later date): the item's own
    # term (江华 防贫综合保险 2023-10-01 to 2024-09-30) still decides; expired, it is 不符合 with the clause
    def in_force(doc_number: str, day: date) -> dict:
        return {"status": {"status": "in_force", "status_name": "现行有效", "reason": "", "since": None}}

    profile, _ = read_profile({"kind": "person", "county": "江华瑶族自治县", "monitoring_group": "脱贫户"})
    poverty = [r for r in load_rules() if r.grant == "免申即享" and r.period.end]
    assert poverty
    for rule in poverty:
        late = match(profile, date.fromordinal(rule.period.end.toordinal() + 800), rules=[rule], status=in_force)[0]
        assert late["answer"] == "不符合", rule.id
        assert any(f["clause"] == rule.period.clause and rule.period.end.isoformat() in f["condition"]
                   for f in late["failed"])
    on_time = match(profile, date(2024, 5, 1), rules=poverty[:1], status=in_force)[0]
    assert on_time["answer"] != "不符合" or on_time["failed"][0]["key"] != poverty[0].event_date


def test_every_rule_file_states_a_period_the_text_it_quotes_agrees_with() -> None:
    # a rule's period lies inside its document's; where the file quotes the term (…至2024年9月30日) the end agrees
    import re
    import tomllib
    from importlib import resources

    folder = resources.files("zhengce").joinpath("data", "eligibility")
    for entry in folder.iterdir():
        if not entry.name.endswith(".toml"):
            continue
        text = entry.read_text("utf-8")
        doc = tomllib.loads(text)["document"]
        for rule in tomllib.loads(text)["rules"]:
            p = rule.get("period") or {}
            if doc.get("expires_on") and p.get("to"):
                assert p["to"] <= doc["expires_on"], rule["id"]
            if doc.get("effective_from") and p.get("from"):
                assert p["from"] >= doc["effective_from"], rule["id"]
        quoted = "".join(line for line in text.splitlines() if line.startswith("#"))
        for y, m, d in re.findall(r"至(\d{4})年(\d{1,2})月(\d{1,2})日", quoted):
            assert doc.get("expires_on") == date(int(y), int(m), int(d)), entry.name
        for years in re.findall(r"有效期(\d+)年", quoted):  # N years from the first day: the day before its date
            start = doc["effective_from"]
            assert doc.get("expires_on") == date.fromordinal(
                start.replace(year=start.year + int(years)).toordinal() - 1), entry.name


def test_a_payment_list_gives_amounts_as_numbers_with_the_policy_and_payee_names() -> None:
    import io

    from openpyxl import load_workbook

    from zhengce.eligibility.batch import payment_workbook

    result = {"payment_lists": [
        {"rule": "r-a", "title": "契税补贴", "document": "某政发〔2024〕1号", "clause": "三",
         "payees": [{"id": "P1", "amount": "5400.00"}, {"id": "P2", "amount": "1200.50"}]},
        {"rule": "r-b", "title": "门诊统筹", "document": "某医保发〔2022〕2号", "clause": "五", "payees": [{"id": "P3", "amount": None}]}]}
    book = load_workbook(io.BytesIO(payment_workbook(result, {"P1": {"name": "张三", "township": "梅湾街道"}})))
    heads = [c.value for c in book.worksheets[0][1]]
    rows = [dict(zip(heads, [c.value for c in r], strict=True)) for r in book.worksheets[0].iter_rows(min_row=2)]
    assert [(r["政策"], r["对象编号"], r["姓名（名称）"]) for r in rows] == [
        ("契税补贴", "P1", "张三"), ("契税补贴", "P2", None), ("门诊统筹", "P3", None)]
    assert [r["金额（元）"] for r in rows] == [5400, 1200.5, "窗口直接结算"]  # numbers a reviewer can add up
    total = [[c.value for c in r] for r in book.worksheets[1].iter_rows(min_row=2)]
    assert total[0][-1] == 6600.5 and total[1][-1] == "窗口直接结算" and total[-1][-1] == 6600.5


def test_a_drafted_condition_is_not_split_inside_brackets() -> None:
    from zhengce.eligibility.drafts import draft_rules

    text = MEASURES.replace("对在青禾县内新注册且连续经营满12个月的小微企业",
                            "对在青禾县内新注册（含迁入、分立，不含注销后重新注册）且连续经营满12个月的小微企业")
    first = next(d for d in draft_rules(parse_text(text, "m.txt")) if d["clause"] == "一")
    texts = [c["text"] for c in first["conditions"]]
    assert any("（含迁入、分立，不含注销后重新注册）" in t for t in texts), texts
    assert any(t.startswith("连续经营满12个月") for t in texts)  # the split outside brackets still made


def test_the_cli_reads_the_date_asked_as_people_write_it() -> None:
    assert run(YONGZHOU, "--on", "2024年9月1日") == run(YONGZHOU, "--on", "2024-09-01")
    bad = runner.invoke(app, ["match", "--profile", "-", "--json", "--on", "2024-13-01"], input=json.dumps(YONGZHOU))
    assert bad.exit_code != 0 and "2024年13月1日" in bad.output and "month must" not in bad.output
