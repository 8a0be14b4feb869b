"""Accounts through the real app and CLI: one-time passwords, sessions after a password change or a
reset, and API tokens listed and revoked by their owner and by the office's CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.web.test_web_supervision import PASSWORD, World, csrf, login
from zhengce.access import accounts
from zhengce.cli.main import app as cli
from zhengce.db.tracking import TokenRow


@pytest.fixture
def world(prebuilt, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return prebuilt(World, tmp_path)  # built once per session, copied for each test


def _db(world: World) -> str:
    return str(world.engine.url.database)


# --- 8: a one-time password is changed before anything else --------------------------------------


def test_a_one_time_password_opens_nothing_but_the_password_page(world: World) -> None:
    _, secret = accounts.add_user(world.engine, "newboss", "office")
    client = world.client()
    assert login(client, "newboss", secret).headers["location"] == "/account/password"
    for url in ("/campaigns", "/audit", f"/campaign/{world.cid}", "/", "/account/tokens", "/search?q=x"):
        got = client.get(url, follow_redirects=False)
        assert got.status_code == 303 and got.headers["location"] == "/account/password", url
    for url in ("/api/campaigns", "/api/audit", f"/api/campaign/{world.cid}", "/api/me", "/api/account/tokens"):
        got = client.get(url)
        assert got.status_code == 403 and "一次性密码" in got.json()["error"], url
    token = csrf(client, "/account/password")
    before = world.writes()
    said = client.post(f"/campaign/{world.cid}/task/{world.finance_task}/comment",
                       data={"csrf": token, "text": "未改密码的批示"}, follow_redirects=False)
    assert said.status_code == 303 and said.headers["location"] == "/account/password"
    api_said = client.post(f"/api/campaign/{world.cid}/task/{world.finance_task}/comment",
                           json={"text": "未改密码的批示"}, headers={"x-csrf-token": token})
    assert api_said.status_code == 403 and world.writes() == before
    assert client.get("/static/site.css").status_code == 200  # the password page keeps its looks
    # an API token of a user who has not changed it is held back the same way
    bearer = {"Authorization": f"Bearer {accounts.new_token(world.engine, 'newboss', 't')}"}
    assert world.client().get("/api/campaigns", headers=bearer).status_code == 403
    changed = client.post("/account/password", data={"csrf": token, "old": secret, "new": "a new password 1"},
                          follow_redirects=False)
    assert changed.status_code == 303
    assert client.get("/campaigns").status_code == 200 and client.get("/audit").status_code == 200
    assert world.client().get("/api/campaigns", headers=bearer).status_code == 200


def test_signing_out_works_before_the_change(world: World) -> None:
    _, secret = accounts.add_user(world.engine, "someone", "leader")
    client = world.client()
    login(client, "someone", secret)
    out = client.post("/logout", data={"csrf": csrf(client, "/account/password")}, follow_redirects=False)
    assert out.status_code == 303 and client.get("/api/me").json()["role"] == "public"


# --- 9: a change or a reset ends the other sessions ----------------------------------------------


def test_changing_ones_password_ends_ones_other_sessions_but_keeps_tokens(world: World) -> None:
    laptop, phone = world.client("boss"), world.client("boss")
    token = accounts.new_token(world.engine, "boss", "脚本")
    bearer = {"Authorization": f"Bearer {token}"}
    assert phone.get("/api/me").json()["role"] == "leader"
    done = laptop.post("/account/password", data={"csrf": csrf(laptop), "old": PASSWORD, "new": "another one 22"},
                       follow_redirects=False)
    assert done.status_code == 303
    assert laptop.get("/api/me").json()["role"] == "leader"  # the session that changed it goes on
    assert phone.get("/api/me").json()["role"] == "public"
    assert phone.get("/campaigns", follow_redirects=False).headers["location"].startswith("/login")
    assert world.client().get("/api/campaigns", headers=bearer).status_code == 200
    # a change made with a token ends every browser session
    world.client().post("/api/account/password", json={"old": "another one 22", "new": "and a third 333"},
                        headers=bearer)
    assert laptop.get("/api/me").json()["role"] == "public"


def test_a_reset_by_the_cli_ends_every_session_and_revokes_every_token(world: World) -> None:
    browser = world.client("finance")
    bearer = {"Authorization": f"Bearer {accounts.new_token(world.engine, 'finance', '脚本')}"}
    assert world.client().get("/api/campaigns", headers=bearer).status_code == 200
    result = CliRunner().invoke(cli, ["user", "password", "finance", "--db", _db(world)])
    assert result.exit_code == 0, result.output
    secret = result.output.split(":", 1)[1].split()[0]
    assert browser.get("/api/me").json()["role"] == "public"
    assert world.client().get("/api/campaigns", headers=bearer).status_code == 401
    with Session(world.engine) as session:
        assert all(t.revoked_at is not None for t in session.scalars(select(TokenRow)).all()
                   if t.user_id == accounts.authenticate(world.engine, "finance", secret).id)  # type: ignore[union-attr]
    again = world.client()
    assert login(again, "finance", secret).headers["location"] == "/account/password"


def test_the_cli_lists_and_revokes_one_token(world: World) -> None:
    keep = accounts.new_token(world.engine, "justice", "留用")
    drop = accounts.new_token(world.engine, "justice", "停用")
    runner = CliRunner()
    listed = runner.invoke(cli, ["user", "token", "justice", "--list", "--db", _db(world)])
    assert listed.exit_code == 0 and "留用" in listed.output and "停用" in listed.output
    drop_id = next(t["id"] for t in accounts.list_tokens(world.engine, "justice") if t["name"] == "停用")
    revoked = runner.invoke(cli, ["user", "token", "justice", "--revoke", str(drop_id), "--db", _db(world)])
    assert revoked.exit_code == 0, revoked.output
    with Session(world.engine) as session:
        assert session.get(TokenRow, drop_id).revoked_at is not None  # type: ignore[union-attr]
    client = world.client()
    assert client.get("/api/campaigns", headers={"Authorization": f"Bearer {drop}"}).status_code == 401
    assert client.get("/api/campaigns", headers={"Authorization": f"Bearer {keep}"}).status_code == 200
    other = next(t["id"] for t in accounts.list_tokens(world.engine, "finance"))
    wrong = runner.invoke(cli, ["user", "token", "justice", "--revoke", str(other), "--db", _db(world)])
    assert wrong.exit_code != 0 and accounts.list_tokens(world.engine, "finance")[0]["active"]


def test_a_user_lists_makes_and_revokes_their_own_tokens_on_a_page_and_its_twin(world: World) -> None:
    justice = world.client("justice")
    token = csrf(justice)
    made = justice.post("/account/tokens", data={"csrf": token, "name": "周报脚本"})
    assert made.status_code == 200 and "周报脚本" in made.text and "zc_" in made.text
    page = justice.get("/account/tokens")
    assert "周报脚本" in page.text and "财政局的脚本" not in page.text and "zc_" not in page.text
    listed = justice.get("/api/account/tokens").json()["tokens"]
    mine = next(t for t in listed if t["name"] == "周报脚本")
    secret = made.text.split('class="token">', 1)[1].split("<", 1)[0]
    assert world.client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).json()["role"] == "reporter"
    revoked = justice.post(f"/account/tokens/{mine['id']}/revoke", data={"csrf": token}, follow_redirects=False)
    assert revoked.status_code == 303
    assert world.client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert not next(t for t in justice.get("/api/account/tokens").json()["tokens"] if t["id"] == mine["id"])["active"]
    foreign = justice.post(f"/api/account/tokens/{world.finance_token}/revoke", json={},
                           headers={"x-csrf-token": token})
    assert foreign.status_code == 404 and accounts.list_tokens(world.engine, "finance")[0]["active"]
    assert justice.post(f"/account/tokens/{world.finance_token}/revoke", data={}).status_code == 403  # no CSRF
    paths = world.client().get("/openapi.json").json()["paths"]
    assert "/api/account/tokens" in paths and "/api/account/tokens/{token_id}/revoke" in paths
    assert world.client().get("/account/tokens", follow_redirects=False).status_code == 303
