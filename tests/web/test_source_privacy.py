"""Where a file was read from is the office's business: a clerk who ingests /home/<name>/…/通知.txt by its
full path must not publish their folders on the public document page, its JSON twin, search or exports."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.db.test_store import LATER, PLAN
from tests.web.test_web_supervision import PASSWORD, login
from zhengce.access import accounts
from zhengce.cli.main import app as cli
from zhengce.db import DocumentRow, open_store
from zhengce.web.app import create_app


def _ingest(db: Path, file: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(file), "--db", str(db), "-j", "1"])
    assert result.exit_code == 0, result.output


def _library(tmp_path: Path) -> tuple[TestClient, TestClient, Path, int, int]:
    """A plan ingested by its absolute path, then a new version at that path (the first kept as superseded);
    a public client, the office's, the folder, and the current and the superseded plan."""
    folder = tmp_path / "home" / "clerk" / "桌面" / "三月来文"
    folder.mkdir(parents=True)
    file, db = folder / "通知.txt", tmp_path / "lib.db"
    file.write_text(PLAN, encoding="utf-8")
    _ingest(db, file.resolve())
    file.write_text(PLAN.replace("2024年3月8日", "2024年3月9日") + "\n" + LATER, encoding="utf-8")
    _ingest(db, file.resolve())
    engine = open_store(str(db))
    accounts.add_user(engine, "office", "office", password=PASSWORD)
    accounts.add_user(engine, "boss", "leader", password=PASSWORD)
    with Session(engine) as session:
        plans = session.execute(select(DocumentRow.id, DocumentRow.superseded_at)
                                .where(DocumentRow.doc_number == "南政办发〔2024〕12号")).all()
    (current,) = [i for i, gone in plans if gone is None]
    (old,) = [i for i, gone in plans if gone is not None]
    application = create_app(engine=engine)
    public, office = TestClient(application), TestClient(application)
    login(office, "office")
    return public, office, folder, current, old


def test_the_public_sees_the_files_name_and_the_office_its_path(tmp_path: Path) -> None:
    public, office, folder, current, _ = _library(tmp_path)
    secret = str(folder)
    for path in (f"/doc/{current}", f"/api/doc/{current}", "/search?q=共享目录", "/api/search?q=共享目录",
                 "/search.csv?q=共享目录", "/issuer/南河市人民政府办公室", "/api/issuer/南河市人民政府办公室",
                 f"/doc/{current}/plan", f"/api/doc/{current}/plan", f"/doc/{current}/tasks.csv"):
        answer = public.get(path)
        assert answer.status_code == 200, path
        assert secret not in answer.text and "clerk" not in answer.text, path
    page = public.get(f"/doc/{current}").text
    assert "通知.txt" in page  # the name still says which file it came from
    twin = public.get(f"/api/doc/{current}").json()["document"]
    assert twin["source"] == "通知.txt" and twin["source_path"] is None
    staff = office.get(f"/api/doc/{current}").json()["document"]
    assert staff["source_path"] == (folder / "通知.txt").resolve().as_posix()
    assert secret in office.get(f"/doc/{current}").text
    login(public, "boss")  # a leader reads documents, but does not run the library
    assert public.get(f"/api/doc/{current}").json()["document"]["source_path"] is None


def test_a_superseded_version_names_the_file_that_replaced_it_without_its_folder(tmp_path: Path) -> None:
    public, office, folder, _, old = _library(tmp_path)
    seen = public.get(f"/api/doc/{old}").json()["superseded"]
    assert seen["source"]["name"] == "通知.txt" and seen["source"]["path"] is None
    page = public.get(f"/doc/{old}").text
    assert "通知.txt" in page and str(folder) not in page
    assert office.get(f"/api/doc/{old}").json()["superseded"]["source"]["path"].startswith(str(folder.resolve()))
