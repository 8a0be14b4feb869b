"""The 已废止的文件 page: every document the library knows as repealed, stored or known only because a stored
document repeals it, each with the document that repealed it."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from zhengce import library
from zhengce.db import open_store
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.web.app import create_app

# Written for this test (an invented county): B is stored; A repeals B and a notice C the library never stored.
B = (
    "青岚县人民政府\n关于印发《青岚县农村公路养护办法》的通知\n青政发〔2020〕5号\n"
    "各乡镇人民政府，县直各单位：\n现将《青岚县农村公路养护办法》印发给你们，请认真贯彻执行。\n青岚县人民政府\n2020年2月3日\n"
    "青岚县农村公路养护办法\n第一条 为加强农村公路养护，制定本办法。\n第二条 本办法自2020年3月1日起施行。\n"
)
A = (
    "青岚县人民政府\n关于印发《青岚县农村公路管理办法》的通知\n青政发〔2025〕8号\n"
    "各乡镇人民政府，县直各单位：\n现将《青岚县农村公路管理办法》印发给你们，请认真贯彻执行。\n青岚县人民政府\n2025年4月10日\n"
    "青岚县农村公路管理办法\n第一条 为加强农村公路管理，制定本办法。\n"
    "第二条 本办法自2025年5月1日起施行。《青岚县农村公路养护办法》（青政发〔2020〕5号）、"
    "《青岚县村道建设补助办法》（青政发〔2017〕11号）同时废止。\n"
)


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_store(db_url)
    for name, text in (("a.txt", A), ("b.txt", B)):
        store_parsed(engine, parse_text(text, name), len(text))
    return engine


def test_the_repealed_list_names_stored_and_unstored_documents_with_their_repealer(engine) -> None:  # type: ignore[no-untyped-def]
    rows = {r["doc_number"]: r for r in library.repealed(engine, date(2025, 6, 1))}
    assert set(rows) == {"青政发〔2020〕5号", "青政发〔2017〕11号"}  # A itself is in force
    assert rows["青政发〔2020〕5号"]["stored"] is True and rows["青政发〔2017〕11号"]["stored"] is False
    assert rows["青政发〔2017〕11号"]["title"] == "青岚县村道建设补助办法"  # from the citation that named it
    assert all(r["repealed_by"] == "青政发〔2025〕8号" and r["since"] == "2025-05-01" for r in rows.values())
    assert library.repealed(engine, date(2025, 4, 30)) == []  # the repeal takes effect with A


def test_the_link_on_the_lifecycle_pages_leads_to_the_repealed_list(engine) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(engine=engine))
    page = client.get("/impact")
    assert 'href="/repealed"' in page.text
    listing = client.get("/repealed")
    assert listing.status_code == 200
    for text in ("青政发〔2020〕5号", "青政发〔2017〕11号", "青岚县村道建设补助办法", "青政发〔2025〕8号", "未收录"):
        assert text in listing.text
    data = client.get("/api/repealed", params={"as_of": "2025-06-01"}).json()
    unstored = next(d for d in data["documents"] if not d["stored"])
    assert unstored["url"] is None and unstored["repealed_by_url"].startswith("/doc/")
    assert client.get("/api/repealed", params={"as_of": "2025-04-01"}).json()["documents"] == []
    assert client.get("/repealed", params={"as_of": "2025-13-01"}).status_code == 400


def test_the_as_of_day_may_be_typed_as_people_write_dates(engine) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(engine=engine))
    iso = client.get("/api/repealed", params={"as_of": "2025-06-01"}).json()["documents"]
    assert iso  # the repeal is in force on that day
    for typed in ("2025年6月1日", "2025/6/1", "２０２５年６月１日", "2025-06-01T08:00:00"):
        assert client.get("/api/repealed", params={"as_of": typed}).json()["documents"] == iso, typed
    assert client.get("/api/repealed", params={"as_of": "2025年4月1日"}).json()["documents"] == []
    refused = client.get("/repealed", params={"as_of": "2025年2月30日"})
    assert refused.status_code == 400 and "没有这一天" in refused.text
    refused_json = client.get("/api/repealed", params={"as_of": "明天"})
    assert refused_json.status_code == 400 and "2025年3月1日" in refused_json.json()["error"]
