"""What hostile input does to the web app: control characters in exports, oversized and chunked bodies,
ids past what a database integer holds, deeply nested JSON, and the headers of every page."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.conftest import live_server
from tests.web.test_web_supervision import World, csrf
from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI
from zhengce.db import DocumentRow, TaskRow, UnitRow
from zhengce.db.tracking import CampaignRow, CampaignTaskRow, IssueRow
from zhengce.sheets import workbook, xml_text
from zhengce.supervision import bulletin
from zhengce.web.app import served_routes
from zhengce.web.guard import MAX_BODY, too_deep

# every character XML 1.0 cannot hold that a form or a JSON body can carry
CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
SURROGATES = "\udfff\ud800"  # a low then a high surrogate: two lone ones, not a pair
NOT_XML = CONTROLS + SURROGATES


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)  # built once per session, copied for each test


def _xml_parts(content: bytes) -> str:
    """The text of all XML inside an .xlsx or .docx, each part parsed as Excel and Word parse it: a part
    holding (or referring to) a character XML cannot hold fails to parse, and the file to open."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "".join("".join(ElementTree.fromstring(z.read(name)).itertext())
                       for name in z.namelist() if name.endswith((".xml", ".rels")))


def _has_no_controls(text: str) -> bool:
    return not any(ch in text for ch in CONTROLS)


# --- 3: characters XML cannot hold ---------------------------------------------------------------


def test_the_xml_cleaner_keeps_text_and_drops_only_what_xml_cannot_hold() -> None:
    assert xml_text("a\u000bb") == "a b" and xml_text("表\u0000格\ufffe") == "表格"
    assert xml_text("行一\t行二\r\n") == "行一\t行二\r\n"
    assert xml_text("x" + SURROGATES + "y") == "xy"
    assert all(xml_text(ch) in ("", " ") for ch in NOT_XML)


def test_every_character_xml_cannot_hold_goes_through_a_workbook_and_a_bulletin() -> None:
    content = workbook([("表" + NOT_XML, ["标题" + NOT_XML], [[f"值{ch}尾" for ch in NOT_XML]])])
    _xml_parts(content)
    from openpyxl import load_workbook

    row = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))
    assert {v.replace(" ", "") for v in row} == {"值尾"}


def test_every_character_xml_cannot_hold_goes_through_the_bulletin_writers(world: World) -> None:
    data = bulletin.bulletin_data(world.engine, CLI, world.cid, 1, today=date(2025, 3, 10))
    data["campaign"]["name"] += NOT_XML
    for key in ("masthead", "office", "title"):
        data[key] += NOT_XML
    data["behind"] = [{"number": "1", "heading": "任务" + NOT_XML, "lead": "单位" + NOT_XML, "light": "黄灯",
                       "reason": NOT_XML}]
    data["late"] = [{"unit": "迟报单位" + NOT_XML, "number": "1", "due": "2025-03-05", "cycle": 1}]
    data["issues"]["overdue"] = [{"id": 1, "title": "问题" + NOT_XML, "unit": "单位" + NOT_XML,
                                  "deadline": "2025-03-01", "status_name": "待交办", "overdue": True}]
    for row in data["ranking"]:
        row["unit"] += NOT_XML
    for target in data["targets"]:
        target["indicator"] += NOT_XML
    for content in (bulletin.docx_bytes(data), bulletin.xlsx_bytes(data)):
        text = _xml_parts(content)
        assert "问题" in text or "任务" in text
        assert _has_no_controls(text)


def _post_json(client, path: str, token: str, body: dict) -> object:  # type: ignore[no-untyped-def]
    """A JSON body written with \\u escapes, so that lone surrogates reach the server as a client may send them."""
    return client.post(path, content=json.dumps(body), headers={"Authorization": f"Bearer {token}",
                                                                "content-type": "application/json"})


def test_control_characters_typed_by_a_reporter_never_break_the_bulletin_downloads(world: World) -> None:
    office_token = accounts.new_token(world.engine, "office", "t")
    finance_token = accounts.new_token(world.engine, "finance", "t")
    client = world.client()
    raised = _post_json(client, f"/api/campaign/{world.cid}/issues", office_token,
                        {"title": "a\u000bb" + NOT_XML, "description": NOT_XML, "task_id": world.finance_task,
                         "unit": "县财政局", "deadline": "2025-02-20"})
    assert raised.status_code == 200, raised.text
    sent = _post_json(client, f"/api/campaign/{world.cid}/task/{world.finance_task}/report", finance_token,
                      {"cycle": 1, "status": "in_progress", "percent": 50, "narrative": "进展" + NOT_XML,
                       "values": "新增市场主体" + CONTROLS + "=1200 户" + NOT_XML, "version": 1})
    assert sent.status_code == 200, sent.text
    version = world.client("office").get(f"/api/campaign/{world.cid}").json()["campaign"]["version"]
    named = _post_json(client, f"/api/campaign/{world.cid}/edit", office_token,
                       {"version": version, "name": "攻坚行动" + NOT_XML})
    assert named.status_code == 200, named.text
    with Session(world.engine) as session:  # nothing XML cannot hold was stored
        issue = session.get(IssueRow, raised.json()["id"])
        assert issue is not None and issue.title.startswith("a b") and issue.description.strip() == ""
        assert not any(ch in issue.title for ch in NOT_XML)
        assert session.get(CampaignRow, world.cid).name.strip() == "攻坚行动"  # type: ignore[union-attr]
    office = world.client("office")
    for kind in ("docx", "xlsx"):
        got = office.get(f"/campaign/{world.cid}/bulletin.{kind}", params={"cycle": 1})
        assert got.status_code == 200, kind
        assert _has_no_controls(_xml_parts(got.content))


def test_text_stored_before_inputs_were_cleaned_still_exports(world: World) -> None:
    """Rows written with control characters (by an older version, or straight into the database) must not
    make any export fail: every .xlsx and the .docx clean what they write."""
    with Session(world.engine) as session, session.begin():
        session.execute(update(DocumentRow).values(title=DocumentRow.title + CONTROLS,
                                                   expires_on=date.today() + timedelta(days=30)))
        session.execute(update(TaskRow).values(text=TaskRow.text + CONTROLS))
        session.execute(update(UnitRow).where(UnitRow.id == world.finance).values(canonical="县财政局" + CONTROLS))
        session.execute(update(CampaignRow).values(name="行动" + CONTROLS))
        session.execute(update(CampaignTaskRow).values(heading="任务" + CONTROLS, deadline=date(2025, 2, 15)))
        session.execute(update(IssueRow).values(title="问题" + CONTROLS, deadline=date(2025, 2, 15)))
        doc = session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0))
        issuer = session.scalar(select(DocumentRow.issuer).where(DocumentRow.id == doc))
    office = world.client("office")
    urls = [f"/doc/{doc}/tasks.xlsx", f"/unit/{world.finance}/tasks.xlsx", "/expiring.xlsx?months=120",
            f"/cleanup.xlsx?issuer={issuer}&before=2030-01-01", f"/campaign/{world.cid}/bulletin.xlsx?cycle=1",
            f"/campaign/{world.cid}/bulletin.docx?cycle=1"]
    for url in urls:
        got = office.get(url)
        assert got.status_code == 200, url
        assert _has_no_controls(_xml_parts(got.content)), url


# --- 6: request bodies -----------------------------------------------------------------------------


def _chunked(port: int, path: str, chunks: int, chunk: bytes, headers: str = "") -> tuple[int, int]:
    """Send a chunked body of ``chunks`` × ``chunk`` and return (status, bytes sent before the answer)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n{headers}\r\n".encode())
        try:
            for _ in range(chunks):
                s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
            s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        while b"\r\n" not in answer:
            part = s.recv(4096)
            if not part:
                break
            answer += part
    return int(answer.split(b" ", 2)[1]), sent


def test_chunked_bodies_are_counted_as_they_arrive_and_stopped_at_the_limit(world: World) -> None:
    token = accounts.new_token(world.engine, "finance", "t")
    chunk = b" " * (1024 * 1024)
    with live_server(world.app) as url:
        port = int(url.rsplit(":", 1)[1])
        # an anonymous JSON endpoint: 40 MB of whitespace before any JSON
        status, sent = _chunked(port, "/api/calc/outpatient", 40, chunk, "Content-Type: application/json\r\n")
        assert status == 413 and sent < 40 * len(chunk)
        # a multipart upload of a report with a 20 MB file
        boundary = "zhengceboundary"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"cycle\"\r\n\r\n1\r\n--{boundary}\r\n"
                f"Content-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall((f"POST /api/campaign/{world.cid}/task/{world.finance_task}/report HTTP/1.1\r\nHost: x\r\n"
                       f"Authorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n"
                       f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode())
            s.sendall(f"{len(head):x}\r\n".encode() + head + b"\r\n")
            try:
                for _ in range(20):
                    s.sendall(f"{len(chunk):x}\r\n".encode() + b"x" * len(chunk) + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            answer = s.recv(4096)
        assert answer.split(b" ", 2)[1] == b"413"
        # under the limit a chunked body is read as usual
        status, _ = _chunked(port, "/api/calc/outpatient", 1, b"{}", "Content-Type: application/json\r\n")
        assert status == 400  # read, parsed, and refused for its missing fields
    assert len(supervision.task_view(world.engine, CLI, world.finance_task)["reports"]) == 1


def test_a_declared_length_over_the_limit_is_refused_before_reading(world: World) -> None:
    client = world.client()
    got = client.post("/api/calc/outpatient", content=b"{}",
                      headers={"content-type": "application/json", "content-length": str(MAX_BODY + 1)})
    assert got.status_code == 413 and "请求过大" in got.json()["error"]


# --- 7: ids past 2^63 and nested JSON --------------------------------------------------------------

HUGE = ["9223372036854775808", "18446744073709551616", str(10**40), "٣", "²"]


def _int_routes(world: World) -> list[tuple[str, str, list[str]]]:
    out = []
    for route in served_routes(world.app):
        if "{" in route.path:
            names = [p for p in route.param_convertors if p not in ("name",)]
            if names:
                for method in sorted(route.methods - {"HEAD"}):
                    out.append((method, route.path, names))
    return out


def test_ids_past_what_the_database_holds_are_400_or_404_on_every_route(world: World) -> None:
    office = world.client("office")
    token = csrf(office)
    token_client = world.client()
    bearer = {"Authorization": f"Bearer {accounts.new_token(world.engine, 'office', 't')}"}
    routes = _int_routes(world)
    assert len(routes) >= 40
    for huge in HUGE:
        for method, path, names in routes:
            url = path
            for name in names:
                url = url.replace("{" + name + "}", huge)
            for client, headers in ((office, {}), (token_client, bearer)):
                got = (client.get(url, headers=headers) if method == "GET" else
                       client.post(url, data={"csrf": token, "cycle": huge, "version": huge, "text": "x"},
                                   headers=headers))
                assert got.status_code in (400, 404), (method, url, got.status_code)
    for url in (f"/api/status?doc={HUGE[0]}", f"/api/status?doc={HUGE[3]}", f"/api/search?year={HUGE[1]}",
                f"/search?year={HUGE[2]}", f"/api/search?page={HUGE[1]}", f"/campaign/{world.cid}/scores?cycle=99999"):
        got = office.get(url)
        assert got.status_code in (200, 400, 404), (url, got.status_code)
        if got.status_code == 200 and "search" in url:
            assert "已忽略" in got.text
    # ids inside bodies too
    for path, body in ((f"/api/campaign/{world.cid}/issues", {"title": "x", "task_id": int(HUGE[0])}),
                       (f"/api/campaign/{world.cid}/task/{world.finance_task}/report",
                        {"cycle": 1, "status": "done", "percent": 1, "unit_id": int(HUGE[1])}),
                       (f"/api/campaign/{world.cid}/task/{world.finance_task}/unassign", {"unit_id": int(HUGE[0])})):
        got = office.post(path, json=body, headers={"x-csrf-token": token})
        assert got.status_code in (400, 404), (path, got.status_code)
    created = office.post("/api/campaigns", json={"document_id": int(HUGE[1])}, headers={"x-csrf-token": token})
    assert created.status_code in (400, 404)


def test_json_nested_deeper_than_the_limit_is_refused_before_it_is_parsed(world: World) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert too_deep(deep.encode()) and not too_deep(b'{"a": [[1, 2], {"b": "[[[[[[[["}]}' * 100)
    client = world.client()
    for name in ("outpatient", "land-compensation"):
        got = client.post(f"/api/calc/{name}", content=deep, headers={"content-type": "application/json"})
        assert got.status_code == 400 and "嵌套" in got.json()["error"]
        nested = client.post(f"/api/calc/{name}", content='{"visits": ' + deep + "}",
                             headers={"content-type": "application/json"})
        assert nested.status_code == 400
    office = world.client("office")
    token = csrf(office)
    for path in (f"/api/campaign/{world.cid}/issues", f"/api/campaign/{world.cid}/task/{world.finance_task}/comment",
                 "/api/campaigns", f"/api/campaign/{world.cid}/settings", "/api/account/password"):
        got = office.post(path, content='{"title": ' + deep + "}",
                          headers={"content-type": "application/json", "x-csrf-token": token})
        assert got.status_code == 400 and "嵌套" in got.json()["error"], path
    moderate = client.post("/api/calc/outpatient", json={"person": "retiree", "visits": [
        {"level": "3", "eligible_cost": "5000"}]})
    assert moderate.status_code == 200


# --- 10: security headers and file names -------------------------------------------------------


def test_every_page_says_how_it_may_be_framed_sniffed_and_scripted(world: World) -> None:
    office = world.client("office")
    for url in ("/", "/search?q=营商", "/units", "/calc", "/docs", "/login", "/campaigns", f"/campaign/{world.cid}",
                f"/campaign/{world.cid}/bulletin?cycle=1", "/no/such/page", "/api/campaigns"):
        got = office.get(url)
        assert got.headers["x-frame-options"] == "DENY", url
        assert got.headers["x-content-type-options"] == "nosniff", url
        assert got.headers["referrer-policy"] == "same-origin", url
        csp = got.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        if got.headers["content-type"].startswith("text/html"):
            assert "<script" not in got.text and "style=" not in got.text and "<style" not in got.text, url
    sheet = office.get("/static/site.css")
    assert sheet.status_code == 200 and ".card" in sheet.text


def test_attachment_names_lose_bidirectional_and_invisible_characters(world: World) -> None:
    finance = world.client("finance")
    token = csrf(finance)
    sneaky = "发票\u202etxt.exe\u2066\u200b.txt"
    sent = finance.post(f"/campaign/{world.cid}/task/{world.finance_task}/report",
                        data={"csrf": token, "cycle": "1", "status": "in_progress", "percent": "50",
                              "narrative": "附件", "version": "1"},
                        files=[("file", (sneaky, "内容".encode(), "text/plain"))], follow_redirects=False)
    assert sent.status_code == 303
    files = finance.get(f"/api/campaign/{world.cid}/task/{world.finance_task}").json()["reports"][0]["attachments"]
    names = [f["filename"] for f in files]
    assert "发票txt.exe.txt" in names
    got = finance.get(next(f["url"] for f in files if f["filename"] == "发票txt.exe.txt"))
    assert "%E2%80%AE" not in got.headers["content-disposition"] and got.content == "内容".encode()
    assert supervision.clean_name("..\\..\\a\u202Eb.pdf") == "ab.pdf"


def test_a_control_character_in_any_parameter_is_dropped_or_refused_on_both_engines(db_url: str) -> None:
    """PostgreSQL refuses strings holding NUL: a ``%00`` in a path or query parameter was a 500 there. Query
    parameters lose the character; a path holding one is a 400."""
    from fastapi.testclient import TestClient

    from tests.supervision.test_supervision import TRACK_PLAN
    from tests.web.test_web_supervision import PASSWORD, login
    from zhengce.db import open_store
    from zhengce.library.ingest import store_parsed
    from zhengce.parse.pipeline import parse_text
    from zhengce.web.app import create_app

    engine = open_store(db_url)
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    accounts.add_user(engine, "office", "office", password=PASSWORD)
    app = create_app(engine=engine)
    client = TestClient(app, raise_server_exceptions=False)
    login(client, "office")
    query = "q=%00&issuer=a%00&jurisdiction=%00&doc=%00&kind=%00&before=2030-01-01&unit=1&cycle=1"
    paths = []
    for route in served_routes(app):
        if "GET" in route.methods:
            path = route.path
            for name in route.param_convertors:
                path = path.replace("{" + name + "}", "a%00" if name == "name" else "1")
            paths.append(path)
    assert len(paths) > 40
    urls = [u for p in paths for u in (f"{p}?{query}", p.replace("a%00", "%01b"))]
    failed = [u for u in urls if client.get(u, follow_redirects=False).status_code == 500]
    assert failed == []
    named = [p for p in paths if "a%00" in p]
    assert named and all(client.get(p, follow_redirects=False).status_code == 400 for p in named)
    found = client.get("/api/search", params={"q": "营商\x00环境", "issuer": "东湖县人民政府办公室\x00"}).json()
    assert found["query"] == "营商环境" and found["total"] >= 1
    engine.dispose()
