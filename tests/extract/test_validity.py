"""Validity and lifecycle: dates from the text, repeal by a later document, cleanup tables, status on any date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zhengce import library
from zhengce.cli.main import app
from zhengce.db import open_store
from zhengce.extract.validity import extract_events, status_on
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.text.lexicon import add_years

# Written for these tests: a measure in force for ten years, the measure that replaces it, an office
# document, and a cleanup announcement whose three tables keep, lapse and repeal documents.
OLD = (
    "南河市人民政府\n关于印发《南河市城市绿化管理办法》的通知\n南政发〔2019〕4号\nNHDR-2019-00004\n"
    "各县区人民政府，市直各单位：\n现将《南河市城市绿化管理办法》印发给你们，请认真贯彻执行。\n南河市人民政府\n2019年3月1日\n"
    "南河市城市绿化管理办法\n第一条 为加强城市绿化管理，制定本办法。\n第二条 本办法自2019年4月1日起施行，有效期10年。\n"
)
NEW = (
    "南河市人民政府\n关于印发《南河市城市绿化条例实施办法》的通知\n南政发〔2024〕9号\nNHDR-2024-00009\n"
    "各县区人民政府，市直各单位：\n现将《南河市城市绿化条例实施办法》印发给你们，请认真贯彻执行。\n南河市人民政府\n2024年4月15日\n"
    "南河市城市绿化条例实施办法\n第一条 为实施城市绿化条例，制定本办法。\n"
    "第二条 本办法自2024年5月1日起施行。《南河市城市绿化管理办法》（南政发〔2019〕4号）同时废止。\n"
)
OFFICE = (
    "南河市人民政府办公室\n关于印发《南河市社区养老服务补助办法》的通知\n南政办发〔2020〕3号\nNHDR-2020-01003\n"
    "各县区人民政府，市直各单位：\n现将《南河市社区养老服务补助办法》印发给你们，请认真贯彻执行。\n南河市人民政府办公室\n2020年5月20日\n"
    "南河市社区养老服务补助办法\n一、本办法自2020年6月1日起试行，试行期2年。\n"
)
REPEALED = (
    "南河市人民政府\n关于禁止在城区燃放烟花爆竹的通告\n南政发〔2021〕2号\nNHDR-2021-00002\n"
    "为保障公共安全，现就有关事项通告如下：\n一、城区全年禁止燃放烟花爆竹。\n二、本通告自发布之日起施行。\n南河市人民政府\n2021年1月8日\n"
)
CLEANUP = (
    "南河市人民政府\n关于公布行政规范性文件清理结果的通告\n南政发〔2024〕12号\nNHDR-2024-00012\n"
    "根据规范性文件管理的有关规定，市政府对2024年6月30日前印发的规范性文件进行了清理，现将结果公布如下：\n"
    "一、《南河市社区养老服务补助办法》等1件规范性文件继续有效（详见附件1）。\n"
    "二、《关于开展河道采砂专项整治的通告》等1件规范性文件失效（详见附件2）。\n"
    "三、《关于禁止在城区燃放烟花爆竹的通告》等1件规范性文件废止（详见附件3）。\n"
    "四、市政府、市政府办2024年6月30日前制定的规范性文件，既未列入失效目录，又未列入继续有效或废止目录的，自本通告发布之日起不再执行。\n"
    "附件：1. 继续有效的规范性文件目录（1件）\n2. 宣布失效的规范性文件目录（1件）\n3. 宣布废止的规范性文件目录（1件）\n"
    "南河市人民政府\n2024年9月2日\n"
    "附件1\n继续有效的规范性文件目录（1件）\n序号\t文件标题\t文号\t统一登记号\t备注\n"
    "1\t《关于印发〈南河市社区养老服务补助办法〉的通知》\t南政办发〔2020〕3号\tNHDR-2020-01003\t\n"
    "2\t关于印发《南河市城市绿化条例实施办法》的通知\t南政发〔2024〕9号\tNHDR-2024-00009\t\n"
    "附件2\n宣布失效的规范性文件目录（1件）\n序号\t文件标题\t文号\t统一登记号\t备注\n"
    "1\t《关于开展河道采砂专项整治的通告》\t南政函〔2018〕7号\tNHDR-2018-00007\t\n"
    "附件3\n宣布废止的规范性文件目录（1件）\n序号\t文件标题\t文号\t统一登记号\t备注\n"
    "1\t《关于禁止在城区燃放烟花爆竹的通告》\t南政发〔2021〕2号\tNHDR-2021-00002\t\n"
)


def doc_of(text: str, name: str = "x.txt"):  # type: ignore[no-untyped-def]
    parsed = parse_text(text, name)
    return parsed.documents[0], parsed.text


def test_dates_from_the_text() -> None:
    old, _ = doc_of(OLD)
    assert (old.validity.effective_from, old.validity.expires_on) == (date(2019, 4, 1), date(2029, 3, 31))
    trial, _ = doc_of(OFFICE)
    assert (trial.validity.effective_from, trial.validity.expires_on) == (date(2020, 6, 1), date(2022, 5, 31))
    parts, _ = doc_of(OLD.replace("本办法自2019年4月1日起施行，有效期10年。",
                                  "本办法自2019年4月1日起施行，第三条执行期限暂定3年，其余条款执行期限暂定1年。"))
    assert parts.validity.expires_on == date(2022, 3, 31)  # the longest part


def test_a_later_document_repeals_an_earlier_one() -> None:
    new, text = doc_of(NEW)
    (event,) = extract_events(new, text)
    assert (event.kind, event.doc_number, event.effective) == ("repeal", "南政发〔2019〕4号", date(2024, 5, 1))
    assert "同时废止" in event.text and event.node_id


def test_cleanup_tables_become_one_event_per_row() -> None:
    cleanup, text = doc_of(CLEANUP)
    events = extract_events(cleanup, text)
    got = [(e.kind, e.doc_number, e.reg_code) for e in events]
    assert got == [("continue", "南政办发〔2020〕3号", "NHDR-2020-01003"),
                   ("continue", "南政发〔2024〕9号", "NHDR-2024-00009"),
                   ("expire", "南政函〔2018〕7号", "NHDR-2018-00007"),
                   ("repeal", "南政发〔2021〕2号", "NHDR-2021-00002"),
                   ("sweep", None, None)]  # the summary sentences add nothing
    assert all(e.effective == date(2024, 9, 2) for e in events)
    sweep = events[-1]
    assert (sweep.cutoff, sweep.scope) == (date(2024, 6, 30), "南河市人民政府")


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_store(db_url)
    for name, text in (("new.txt", NEW), ("cleanup.txt", CLEANUP), ("old.txt", OLD), ("office.txt", OFFICE),
                       ("repealed.txt", REPEALED)):
        store_parsed(engine, parse_text(text, name), len(text))  # the repealing documents come first
    return engine


def test_status_on_any_date(engine) -> None:  # type: ignore[no-untyped-def]
    def status(key: str, day: str) -> str:
        return library.status_of(engine, key, date.fromisoformat(day))["status"]["status"]

    assert status("南政发(2019)4号", "2019-03-20") == "pending"
    assert status("南政发〔2019〕4号", "2024-04-30") == "valid"
    assert status("NHDR-2019-00004", "2024-05-01") == "repealed"
    assert status("南政发〔2021〕2号", "2024-09-01") == "valid"
    assert status("南政发〔2021〕2号", "2024-09-02") == "repealed"
    # a trial period that ended in 2022; the cleanup's 继续有效 does not extend it
    assert status("南政办发〔2020〕3号", "2024-10-01") == "expired"
    unknown = library.status_of(engine, "南政函〔2018〕7号", date(2024, 10, 1))  # known only by reference
    assert unknown["stored"] is False and unknown["status"]["status"] == "expired"
    assert unknown["document"]["title"] == "关于开展河道采砂专项整治的通告"
    assert library.status_of(engine, "南政发〔2099〕1号") is None


def test_pages_search_and_the_cli_show_the_status(engine) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from zhengce.web.app import create_app

    client = TestClient(create_app(engine=engine))
    old = library.find_by_number(engine, "南政发〔2019〕4号")["id"]
    page = client.get(f"/doc/{old}")
    assert "已废止" in page.text and "南政发〔2024〕9号" in page.text
    assert client.get(f"/api/doc/{old}", params={"as_of": "2020-01-01"}).json()["status"]["status"] == "valid"
    assert client.get(f"/api/doc/{old}", params={"as_of": "2020-13-01"}).status_code == 400
    before = client.get("/api/search", params={"validity": "repealed", "as_of": "2024-04-01"}).json()
    assert before["total"] == 0 and before["as_of"] == "2024-04-01"  # nothing had been repealed yet
    repealed = client.get("/api/search", params={"validity": "repealed"}).json()
    assert {r["doc_number"] for r in repealed["results"]} == {"南政发〔2019〕4号", "南政发〔2021〕2号"}
    valid = {r["doc_number"] for r in client.get("/api/search", params={"validity": "valid"}).json()["results"]}
    assert "南政发〔2024〕9号" in valid and "南政发〔2019〕4号" not in valid
    api = client.get("/api/status", params={"doc": "南政函〔2018〕7号", "as_of": "2024-10-01"}).json()
    assert api["status"]["status_name"] == "已失效" and api["events"][0]["source"] == "南政发〔2024〕12号"
    runner = CliRunner()
    db = engine.url.render_as_string(hide_password=False)
    said = runner.invoke(app, ["status", "南政发〔2019〕4号", "--as-of", "2024-06-01", "--db", db])
    assert said.exit_code == 0 and "已废止" in said.stdout and "南政发〔2024〕9号" in said.stdout
    assert runner.invoke(app, ["status", "南政发〔2099〕1号", "--db", db]).exit_code == 2
    # the day as people write it: 2022年5月31日 is the office measure's last day, 2022/06/01 the first without it
    last = runner.invoke(app, ["status", "南政办发〔2020〕3号", "--as-of", "2022年5月31日", "--db", db])
    assert last.exit_code == 0 and "现行有效" in last.stdout
    lapsed = runner.invoke(app, ["status", "南政办发〔2020〕3号", "--as-of", "2022/06/01", "--db", db])
    assert lapsed.exit_code == 0 and "已失效" in lapsed.stdout and "自 2022-06-01 起" in lapsed.stdout
    bad = runner.invoke(app, ["status", "南政办发〔2020〕3号", "--as-of", "六月一日", "--db", db])
    assert bad.exit_code == 2 and "应为日期" in bad.output


events = st.lists(st.tuples(st.sampled_from(["repeal", "expire", "continue"]),
                            st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))), max_size=4)


@settings(max_examples=200, deadline=None)
@given(start=st.one_of(st.none(), st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))),
       years=st.one_of(st.none(), st.integers(min_value=1, max_value=10)), evs=events)
def test_status_changes_only_on_event_dates(start: date | None, years: int | None, evs: list) -> None:
    expires = add_years(start, years) - timedelta(days=1) if start and years else None  # 29 February → 28th
    records = [{"kind": k, "effective": d.isoformat()} for k, d in evs]
    changes = {d for _, d in evs} | ({start} if start else set()) | ({expires + timedelta(days=1)} if expires else set())
    day, previous = date(2014, 12, 1), None
    while day <= date(2031, 2, 1):
        now = status_on(start, expires, records, day).status
        if previous is not None and now != previous:
            assert day in changes, (day, previous, now)
        previous, day = now, day + timedelta(days=17 if day + timedelta(days=17) < min(
            [c for c in changes if c > day] or [date(2031, 2, 1)]) else 1)


CITER = (
    "南河市人民政府办公室\n关于做好城市绿地养护工作的通知\n南政办函〔2024〕21号\n各县区人民政府：\n"
    "根据《南河市城市绿化管理办法》（南政发〔2019〕4号），现就绿地养护工作通知如下。\n一、加强日常养护。\n"
    "二、本通知自印发之日起施行。\n南河市人民政府办公室\n2024年6月3日\n"
)


def record(i: int, code: str, issuer: str, signed: str, number: str = "") -> dict:
    return {"id": i, "reg_code": code, "issuer": issuer, "signed": signed, "jurisdiction": "南河市",
            "doc_number": number or f"文{i}", "title": f"文件{i}", "warnings": []}


def test_registry_checks_report_what_to_review() -> None:
    from zhengce.library.registry import registry_checks

    gov, office = "南河市人民政府", "南河市人民政府办公室"
    docs = [record(1, "NHDR-2023-00001", gov, "2023-02-01"), record(2, "NHDR-2023-00002", gov, "2023-03-01"),
            record(3, "NHDR-2023-01001", office, "2023-04-01"), record(4, "NHDR-2023-01002", office, "2023-05-01"),
            record(5, "NHDR-2023-01005", gov, "2023-06-01"),  # a government document with the office's type digits
            record(6, "NHDR-2022-00006", gov, "2023-07-01"),  # year 2022, signed in 2023
            record(7, "NHDR-2023-00002", gov, "2023-08-01"),  # the code of document 2 again
            record(8, "NHGR-2023-00009", gov, "2023-09-01"),  # another prefix
            record(9, "NHDR-2023-0107", office, "2023-10-01")]  # a digit short
    found = {(f["check"], f["document_id"]) for f in registry_checks(docs, known_codes=["NHDR-2023-01003"])}
    assert {("type", 5), ("year", 6), ("duplicate", 7), ("prefix", 8), ("format", 9)} <= found
    gaps = {f["reg_code"]: f["detail"] for f in registry_checks(docs, ["NHDR-2023-01003"]) if f["check"] == "gap"}
    assert gaps == {"NHDR-2023-01": "缺 1 个：NHDR-2023-01004"}  # 01003 is known from a cleanup table


def test_expiry_alerts_cleanup_worksheet_and_impact(engine) -> None:  # type: ignore[no-untyped-def]
    import io

    from fastapi.testclient import TestClient
    from openpyxl import load_workbook

    from zhengce.web.app import create_app

    store_parsed(engine, parse_text(CITER, "citer.txt"), len(CITER))
    soon = library.expiry_alerts(engine, months=6, as_of=date(2028, 11, 1))
    assert [d["doc_number"] for d in soon["documents"]] == []  # the 2019 measure was repealed: no alert
    later = library.expiry_alerts(engine, months=6, as_of=date(2022, 1, 1))
    assert [(d["doc_number"], d["days_left"]) for d in later["documents"]] == [("南政办发〔2020〕3号", 150)]
    sheet = library.cleanup_sheet(engine, "南河市人民政府", date(2024, 7, 1))
    rows = {d["doc_number"]: d["proposal"] for d in sheet["documents"]}
    assert set(rows) == {"南政发〔2019〕4号", "南政发〔2021〕2号", "南政办发〔2020〕3号", "南政发〔2024〕9号"}
    assert rows["南政发〔2019〕4号"].startswith("已废止") and rows["南政办发〔2020〕3号"].startswith("有效期已届满")
    assert rows["南政发〔2021〕2号"].startswith("继续有效")
    client = TestClient(create_app(engine=engine))
    book = load_workbook(io.BytesIO(client.get("/cleanup.xlsx", params={"issuer": "南河市人民政府",
                                                                       "before": "2024-07-01"}).content))
    sheet_rows = list(book.active.values)
    assert sheet_rows[0] == ("序号", "文件标题", "文号", "统一登记号", "备注") and len(sheet_rows) == 5
    (hit,) = library.impact(engine)  # the notice still cites the repealed measure; the repealer is not listed
    assert hit["document"]["doc_number"] == "南政办函〔2024〕21号" and hit["cites"] == "南政发〔2019〕4号"
    assert client.get("/impact").status_code == 200 and "南政办函〔2024〕21号" in client.get("/impact").text
    gaps = [f["detail"] for f in client.get("/api/registry").json()["findings"] if f["check"] == "gap"]
    assert gaps == ["缺 2 个：NHDR-2024-00010、NHDR-2024-00011"] and "流水号缺号" in client.get("/registry").text
    assert client.get("/expiring", params={"months": "0"}).status_code == 400


AMENDS = (
    "南河市人民政府\n关于修改《南河市城市绿化条例实施办法》的决定\n南政发〔2025〕3号\n各县区人民政府，市直各单位：\n"
    "市人民政府决定，对《南河市城市绿化条例实施办法》（南政发〔2024〕9号）作如下修改：\n一、将第一条中的“城市绿化”修改为“城乡绿化”。\n"
    "二、本决定自2025年3月1日起施行。\n南河市人民政府\n2025年2月10日\n"
)


def test_an_amendment_is_an_event_that_leaves_the_document_in_force(engine) -> None:  # type: ignore[no-untyped-def]
    amends, text = doc_of(AMENDS)
    events = extract_events(amends, text)
    assert [(e.kind, e.doc_number, e.effective) for e in events] == [("amend", "南政发〔2024〕9号", date(2025, 3, 1))]
    store_parsed(engine, parse_text(AMENDS, "amends.txt"), len(AMENDS))
    found = library.status_of(engine, "南政发〔2024〕9号", date(2025, 6, 1))
    assert found["status"]["status"] == "valid" and [e["kind"] for e in found["events"]] == ["continue", "amend"]


def test_worked_examples_from_the_bundled_gazettes() -> None:
    from collections import Counter
    from importlib import resources

    from zhengce.parse.pipeline import parse_path

    folder = Path(str(resources.files("zhengce").joinpath("samples")))
    docs = {d.doc_number.text: (d, p.text) for f in sorted(folder.glob("*.txt")) for p in [parse_path(f)]
            for d in p.documents if d.doc_number}
    land, text = docs["永政发〔2024〕5号"]
    assert land.signed == date(2024, 8, 27) and land.validity.effective_from == date(2024, 1, 1)  # backdated
    assert [(e.kind, e.doc_number, e.effective) for e in extract_events(land, text)] == [
        ("repeal", "永政发〔2021〕9号", date(2024, 1, 1))]
    plan, text = docs["江政办发〔2024〕1号"]
    assert plan.validity.expires_on is not None and plan.validity.expires_on.year == 2029  # 有效期为5年
    assert [e.doc_number for e in extract_events(plan, text)] == ["江政办发〔2021〕3号"]
    cleanup, text = docs["冷政发〔2024〕6号"]
    kinds = Counter(e.kind for e in extract_events(cleanup, text))
    # the three annex tables of the announcement, and its rule for the documents on none of them
    assert kinds == {"continue": 37, "expire": 10, "repeal": 5, "sweep": 1}


UNLISTED = (
    "南河市人民政府办公室\n关于印发《南河市公共停车场管理办法》的通知\n南政办发〔2023〕5号\nNHDR-2023-01005\n"
    "各县区人民政府，市直各单位：\n现将《南河市公共停车场管理办法》印发给你们，请认真贯彻执行。\n南河市人民政府办公室\n2023年3月1日\n"
    "南河市公共停车场管理办法\n一、本办法自印发之日起施行。\n"
)


def test_a_cleanup_sweeps_the_normative_documents_on_none_of_its_lists(engine) -> None:  # type: ignore[no-untyped-def]
    later = UNLISTED.replace("南政办发〔2023〕5号", "南政办发〔2024〕30号").replace("NHDR-2023-01005", "NHDR-2024-01030") \
        .replace("2023年3月1日", "2024年8月1日")  # made after the cut-off
    elsewhere = UNLISTED.replace("南河市人民政府办公室", "北山县人民政府办公室").replace("南政办发", "北政办发") \
        .replace("NHDR", "BSDR")  # another issuer
    for name, text in (("unlisted.txt", UNLISTED), ("later.txt", later), ("elsewhere.txt", elsewhere)):
        store_parsed(engine, parse_text(text, name), len(text))

    def status(key: str, day: str) -> dict:
        return library.status_of(engine, key, date.fromisoformat(day))["status"]

    assert status("南政办发〔2023〕5号", "2024-09-01")["status"] == "valid"
    swept = status("南政办发〔2023〕5号", "2024-09-02")
    assert swept["status"] == "expired" and "未列入清理目录" in swept["reason"]
    assert status("南政办发〔2024〕30号", "2025-01-01")["status"] == "valid"
    assert status("北政办发〔2023〕5号", "2025-01-01")["status"] == "valid"
    assert status("南政发〔2024〕9号", "2025-01-01")["status"] == "valid"  # listed as 继续有效
    expired = {r["doc_number"] for r in library.search(engine, "", library.Filters(validity="expired"),
                                                       today=date(2025, 1, 1)).results}
    valid = {r["doc_number"] for r in library.search(engine, "", library.Filters(validity="valid"),
                                                     today=date(2025, 1, 1)).results}
    assert "南政办发〔2023〕5号" in expired and "南政办发〔2023〕5号" not in valid
    assert {"南政办发〔2024〕30号", "北政办发〔2023〕5号", "南政发〔2024〕9号"} <= valid
    # a results page and the document page read the sweeps that may cover their documents: the same statuses
    shown = {r["doc_number"]: r["validity"] for r in library.search(engine, "通知", today=date(2025, 1, 1)).results}
    assert shown["南政办发〔2023〕5号"] == "expired"
    assert shown["南政办发〔2024〕30号"] == shown["北政办发〔2023〕5号"] == "valid"
    swept_id = library.find_by_number(engine, "南政办发〔2023〕5号")["id"]
    page = library.document(engine, swept_id, as_of=date(2025, 1, 1))
    assert page["status"]["status"] == "expired" and "未列入清理目录" in page["status"]["reason"]
    assert library.document(engine, swept_id, as_of=date(2024, 9, 1))["status"]["status"] == "valid"


def test_the_documents_own_start_decides_and_a_measures_later_start_is_its_own() -> None:
    # 永政办发〔2022〕16号 form: 第四条 starts one measure on 2023-01-01 (“…统一从2023年1月1日起执行”), 第二十四条
    # says “本细则自2022年12月1日起施行，有效期5年”: in force 2022-12-01 to 2027-11-30
    text = (
        "南河市人民政府办公室\n关于印发《南河市门诊共济实施细则》的通知\n南政办发〔2022〕16号\n各县区人民政府：\n"
        "现将《南河市门诊共济实施细则》印发给你们，请认真贯彻执行。\n南河市人民政府办公室\n2022年11月20日\n"
        "南河市门诊共济实施细则\n第四条 改进个人账户计入办法，统一从2023年1月1日起执行。\n"
        "第二十四条 本细则自2022年12月1日起施行，有效期5年。\n"
    )
    doc, _ = doc_of(text)
    assert (doc.validity.effective_from, doc.validity.expires_on) == (date(2022, 12, 1), date(2027, 11, 30))
    v = doc.validity
    assert status_on(v.effective_from, v.expires_on, [], date(2022, 12, 1)).status == "valid"
    assert status_on(v.effective_from, v.expires_on, [], date(2027, 12, 1)).status == "expired"


SHARED_CODE = CLEANUP.replace("1\t《关于开展河道采砂专项整治的通告》\t南政函〔2018〕7号\tNHDR-2018-00007\t\n",
                              "1\t《关于开展河道采砂专项整治的通告》\t南政函〔2018〕7号\tNHDR-2018-00007\t\n"
                              "2\t《关于加强河道管理的通知》\t南政发〔2018〕3号\tNHDR-2018-00007\t\n")


def test_a_code_given_to_two_documents_is_reported_and_named(db_url: str) -> None:
    # 冷政发〔2024〕6号 form: one registration code printed for two documents of its tables
    engine = open_store(db_url)
    store_parsed(engine, parse_text(SHARED_CODE, "cleanup.txt"), len(SHARED_CODE))
    found = library.status_of(engine, "NHDR-2018-00007", date(2025, 1, 1))
    assert [d["doc_number"] for d in found["same_code"]] == ["南政函〔2018〕7号", "南政发〔2018〕3号"]
    assert {e["text"].count("南政函〔2018〕7号") for e in found["events"]} == {1}  # not the other one's row
    report = library.registry_report(engine)
    (dup,) = [f for f in report["findings"] if f["check"] == "duplicate"]
    assert dup["reg_code"] == "NHDR-2018-00007" and "南政发〔2018〕3号" in dup["detail"]
    result = CliRunner().invoke(app, ["status", "NHDR-2018-00007", "--db", db_url])
    assert "对应 2 个文件" in result.output.replace("\n", "")


def test_a_notice_whose_subject_is_a_period_lasts_that_period(db_url: str) -> None:
    # 冷政函〔2024〕47号 form: “一、禁火时间：自即日起至2025年4月30日。…九、该《通告》自公布之日起执行。”
    text = (
        "南河市人民政府\n关于发布森林防火禁火的通告\n南政函〔2024〕47号\n"
        "为预防森林火灾，现将有关事项通告如下：\n一、禁火时间：自即日起至2025年4月30日。\n二、禁火区域：全市所有林地。\n"
        "三、本通告自公布之日起执行。\n南河市人民政府\n2024年8月27日\n"
    )
    doc, _ = doc_of(text)
    v = doc.validity
    assert (v.effective_from, v.expires_on) == (date(2024, 8, 27), date(2025, 4, 30))
    assert v.reading and "期限" in v.reading  # a named reading, not a stated term
    engine = open_store(db_url)
    store_parsed(engine, parse_text(text, "fire.txt"), len(text))
    assert library.status_of(engine, "南政函〔2024〕47号", date(2025, 5, 1))["status"]["status"] == "expired"
    page = library.document(engine, library.status_of(engine, "南政函〔2024〕47号")["document"]["id"])
    assert page["document"]["validity_reading"] == v.reading
    # a term of its own wins: the period is then only the subject
    own, _ = doc_of(text.replace("三、本通告自公布之日起执行。", "三、本通告自公布之日起执行，有效期2年。"))
    assert own.validity.expires_on == date(2026, 8, 26) and own.validity.reading is None


def test_a_status_the_page_states_is_an_event_about_the_document_itself(db_url: str) -> None:
    body = "为做好有关工作，现将有关事项通知如下，请认真贯彻执行。\n"
    lapsed = ("发布日期：2022-03-10\n有效性：失效\n\n南河市人民政府办公室关于做好春季植树工作的通知\n南政办函〔2022〕5号\n"
              f"各县区人民政府：\n{body}南河市人民政府办公室\n2022年3月8日\n")
    repealed = ("此件已于2023年6月1日宣布废止\n南河市人民政府关于加强集市管理的通知\n南政发〔2016〕2号\n"
                f"各县区人民政府：\n{body}南河市人民政府\n2016年2月1日\n")
    doc = parse_text(repealed, "market.txt").documents[0]
    own = [e for e in extract_events(doc, parse_text(repealed, "market.txt").text) if e.kind.startswith("stated_")]
    assert [(e.kind, e.effective, e.doc_number) for e in own] == [("stated_repeal", date(2023, 6, 1), "南政发〔2016〕2号")]
    engine = open_store(db_url)
    for name, text in (("trees.txt", lapsed), ("market.txt", repealed)):
        store_parsed(engine, parse_text(text, name), len(text))

    def status(key: str, day: str) -> str:
        return library.status_of(engine, key, date.fromisoformat(day))["status"]["status"]

    # stated with a date: in force until that date
    assert status("南政发〔2016〕2号", "2023-05-31") != "repealed"
    assert status("南政发〔2016〕2号", "2023-06-01") == "repealed"
    # stated without a date: known from the day the page was published
    assert status("南政办函〔2022〕5号", "2022-03-09") != "expired"
    found = library.status_of(engine, "南政办函〔2022〕5号", date(2022, 3, 10))
    assert found["status"]["status"] == "expired" and "页面载明" in found["status"]["reason"]
    repealed_now = {r["doc_number"] for r in library.search(engine, "", library.Filters(validity="repealed")).results}
    expired_now = {r["doc_number"] for r in library.search(engine, "", library.Filters(validity="expired")).results}
    assert repealed_now == {"南政发〔2016〕2号"} and expired_now == {"南政办函〔2022〕5号"}


def test_a_scheme_that_sets_its_own_insurance_year_is_in_force_for_that_year() -> None:
    # 江政办发〔2024〕3号 form: a 通知 issuing a yearly insurance 方案 whose 保险期限 is written to the hour
    head = ("北岭县人民政府办公室\n关于印发《北岭县2024年防贫保险实施方案》的通知\n北政办发〔2024〕3号\n各乡镇人民政府：\n"
            "现将《北岭县2024年防贫保险实施方案》印发给你们，请认真抓好落实。\n北岭县人民政府办公室\n2024年2月7日\n"
            "北岭县2024年防贫保险实施方案\n一、保险对象\n已脱贫户和监测户。\n")
    doc, _ = doc_of(head + "二、保险期限\n一年（2023年10月1日零时起至2024年9月30日24时止）。\n三、保费标准\n每人每年60元。\n")
    v = doc.validity
    assert (v.effective_from, v.expires_on) == (date(2023, 10, 1), date(2024, 9, 30))
    assert status_on(v.effective_from, v.expires_on, [], date(2024, 9, 30)).status == "valid"
    assert status_on(v.effective_from, v.expires_on, [], date(2024, 10, 1)).status == "expired"
    doc, _ = doc_of(head + "二、实施期限\n本方案自2024年1月1日起至2024年12月31日止。\n")
    assert (doc.validity.effective_from, doc.validity.expires_on) == (date(2024, 1, 1), date(2024, 12, 31))
    # an application window is one step's period, not the scheme's
    doc, _ = doc_of(head + "二、申报期限\n2024年3月1日至2024年3月31日。\n")
    assert doc.validity is None or doc.validity.expires_on is None


def test_since_is_the_first_day_of_the_status_both_ways() -> None:
    # 执行期限…至2025年7月21日: in force on its last day, lapsed from the next; `since` says the day it lapsed
    last = date(2025, 7, 21)
    assert status_on(date(2024, 7, 22), last, [], last).status == "valid"
    lapsed = status_on(date(2024, 7, 22), last, [], last + timedelta(days=1))
    assert (lapsed.status, lapsed.since) == ("expired", last + timedelta(days=1))
    assert status_on(date(2024, 7, 22), last, [], date(2026, 1, 1)).since == lapsed.since
    # a cleanup that lists it as lapsed later: it lapsed when its own period ended, the same day
    later = [{"kind": "expire", "effective": "2025-12-01", "source": "清理结果"}]
    assert status_on(date(2024, 7, 22), last, later, date(2026, 1, 1)).since == lapsed.since
