"""Reminders a unit receives: each unit's digest as an e-mail through a real (local) SMTP server."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date
from email import policy
from email.message import EmailMessage as Mail
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.supervision.test_supervision import TRACK_PLAN, published, task_ids, unit_id
from zhengce import supervision
from zhengce.access.accounts import CLI
from zhengce.access.errors import Invalid
from zhengce.cli import app
from zhengce.db import open_store
from zhengce.db.tracking import AuditRow
from zhengce.library.ingest import store_parsed
from zhengce.parse.pipeline import parse_text
from zhengce.supervision.reminders import send_reminders, set_contact, unit_digests
from zhengce.supervision.senders import ConsoleSms, SendError, SmtpConfig, SmtpSender

TODAY = date(2025, 3, 10)  # February's reports (due 5 March) are late; March's are due in April


class Inbox:
    """An aiosmtpd handler keeping what arrives; ``refuse_after`` messages, it answers 554."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], Mail]] = []
        self.refuse_after: int | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_after is not None and len(self.mails) >= self.refuse_after:
            return "554 邮箱已满 mailbox full"
        self.mails.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, _class=Mail, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_store(db_url)
    store_parsed(engine, parse_text(TRACK_PLAN, "track.txt"), len(TRACK_PLAN))
    return engine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpConfig]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpConfig(host="127.0.0.1", port=port, sender="ducha@example.gov.cn", tls="none").checked()
    finally:
        controller.stop()


def subject(mail: Mail) -> str:
    return str(mail["Subject"])


def body(mail: Mail) -> str:
    part = mail.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def campaign_with_contacts(engine) -> int:  # type: ignore[no-untyped-def]
    """A published campaign; the market regulator has filed February's report, so it owes nothing soon."""
    cid = published(engine)
    market = unit_id(engine, "市场监督管理局")
    supervision.submit_report(engine, CLI, task_ids(engine, cid)[2], 1, "in_progress", 30, "已开展", unit_id=market,
                              today=TODAY)
    for name, address in [("财政局", "czj@example.gov.cn"), ("司法局", "sfj@example.gov.cn"),
                          ("行政审批服务局", "xzsp@example.gov.cn"), ("市场监督管理局", "scjgj@example.gov.cn")]:
        set_contact(engine, CLI, cid, unit_id(engine, name), [address], ["13800000000"])
    return cid


def test_each_unit_with_something_due_gets_its_own_digest_in_chinese(engine, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, config = smtp
    cid = campaign_with_contacts(engine)
    supervision.raise_issue(engine, CLI, cid, "拖欠账款清偿进度慢", unit=unit_id(engine, "财政局"),
                            deadline=date(2025, 3, 7))
    sender = SmtpSender(config)
    outcome = send_reminders(engine, CLI, cid, "email", sender, days=30, today=TODAY, base_url="http://ducha.local")
    sender.close()
    assert outcome.error is None
    by_rcpt = {tuple(rcpt): mail for rcpt, mail in inbox.mails}
    assert set(by_rcpt) == {("czj@example.gov.cn",), ("sfj@example.gov.cn",), ("xzsp@example.gov.cn",),
                            ("scjgj@example.gov.cn",)}
    finance = by_rcpt[("czj@example.gov.cn",)]
    assert subject(finance).startswith("【督办提醒】县财政局：1项将于30个工作日内到期，1项已逾期，1个问题待办理")
    text = body(finance)
    assert "已逾期未报的进展报告" in text and "2025年2月进展报告，应于2025年3月5日前报送" in text
    assert "拖欠账款清偿进度慢（办理时限2025年3月7日，已逾期）" in text
    assert f"http://ducha.local/campaign/{cid}/digest" in text and "司法局" not in text
    assert "<li>" in finance.get_body(("html",)).get_content()  # type: ignore[union-attr]
    justice = subject(by_rcpt[("sfj@example.gov.cn",)])
    assert justice.startswith("【督办提醒】县司法局：2项将于30个工作日内到期，2项已逾期")  # lead of one task, helps on one
    with Session(engine) as session:
        sent = session.scalars(select(AuditRow).where(AuditRow.action == "reminder.send")).all()
    assert len(sent) == 4 and {a.entity_id for a in sent} == {unit_id(engine, "财政局"), unit_id(engine, "司法局"),
                                                              unit_id(engine, "审批"), unit_id(engine, "市场监督")}
    # run again the same day: nothing goes out twice
    again = send_reminders(engine, CLI, cid, "email", SmtpSender(config), days=30, today=TODAY)
    assert {r["status"] for r in again.rows} == {"already"} and len(inbox.mails) == 4


def test_nothing_due_soon_means_no_mail(engine, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, config = smtp
    cid = campaign_with_contacts(engine)
    before = date(2025, 2, 12)  # nothing late yet and February's reports are due in more than 5 working days
    assert unit_digests(engine, CLI, cid, days=5, today=before) == []
    outcome = send_reminders(engine, CLI, cid, "email", SmtpSender(config), days=5, today=before)
    assert outcome.rows == [] and inbox.mails == []
    # on 10 March the market regulator, which filed February's report, has nothing late and nothing within 5 days
    outcome = send_reminders(engine, CLI, cid, "email", SmtpSender(config), days=5, today=TODAY)
    assert len(inbox.mails) == 3 and ["scjgj@example.gov.cn"] not in [rcpt for rcpt, _ in inbox.mails]
    assert "县市场监督管理局" not in {r["unit"] for r in outcome.rows}


def test_a_failing_server_stops_with_a_chinese_error_and_a_rerun_sends_only_the_rest(engine, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, config = smtp
    cid = campaign_with_contacts(engine)
    inbox.refuse_after = 1
    first = send_reminders(engine, CLI, cid, "email", SmtpSender(config), days=5, today=TODAY)
    assert first.error and "发送失败" in first.error and "554" in first.error
    assert [r["status"] for r in first.rows] == ["sent", "failed"] and len(inbox.mails) == 1
    inbox.refuse_after = None
    second = send_reminders(engine, CLI, cid, "email", SmtpSender(config), days=5, today=TODAY)
    assert [r["status"] for r in second.rows] == ["already", "sent", "sent"] and second.error is None
    assert len({tuple(rcpt) for rcpt, _ in inbox.mails}) == 3 == len(inbox.mails)


def test_an_unreachable_server_sends_nothing_and_says_so_in_chinese(engine) -> None:  # type: ignore[no-untyped-def]
    cid = campaign_with_contacts(engine)
    config = SmtpConfig(host="127.0.0.1", port=free_port(), sender="ducha@example.gov.cn", tls="none").checked()
    outcome = send_reminders(engine, CLI, cid, "email", SmtpSender(config), days=30, today=TODAY)
    assert outcome.error and "无法连接 SMTP 服务器" in outcome.error and outcome.sent == 0
    with Session(engine) as session:
        assert session.scalars(select(AuditRow).where(AuditRow.action == "reminder.send")).all() == []
    with pytest.raises(SendError, match="未配置 SMTP 服务器"):
        SmtpConfig.from_env({})


def test_sms_goes_to_the_mobile_numbers_and_units_without_contacts_are_listed(engine, capsys) -> None:  # type: ignore[no-untyped-def]
    cid = published(engine)
    set_contact(engine, CLI, cid, unit_id(engine, "财政局"), [], ["13912345678"])
    outcome = send_reminders(engine, CLI, cid, "sms", None, ConsoleSms(), days=30, today=TODAY)
    status = {r["unit"]: r["status_name"] for r in outcome.rows}
    assert status["县财政局"] == "已发送" and status["县司法局"] == "未登记联系方式，未发送"
    printed = capsys.readouterr().out
    assert "短信 → 13912345678：【督办提醒】县财政局：" in printed and "县司法局" not in printed
    with pytest.raises(Invalid, match="电子邮件地址不正确"):
        set_contact(engine, CLI, cid, unit_id(engine, "财政局"), ["不是地址"], [])


def test_the_remind_command_prints_what_it_would_send(engine, db_url) -> None:  # type: ignore[no-untyped-def]
    cid = campaign_with_contacts(engine)
    result = CliRunner().invoke(app, ["remind", "--campaign", str(cid), "--today", "2025-03-10", "--dry-run",
                                      "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "县财政局" in result.output and "预览（未发送）" in result.output and "县市场监管局" not in result.output
    result = CliRunner().invoke(app, ["remind", "--campaign", str(cid), "--today", "2025-03-10", "--db", db_url],
                                env={"ZHENGCE_SMTP_HOST": ""})
    assert result.exit_code == 2 and "未配置 SMTP 服务器" in result.output


def test_smtp_settings_come_from_the_environment_and_options_win() -> None:
    env = {"ZHENGCE_SMTP_HOST": "smtp.example.gov.cn", "ZHENGCE_SMTP_USER": "ducha@example.gov.cn",
           "ZHENGCE_SMTP_PASSWORD": "secret", "ZHENGCE_SMTP_TLS": "SSL"}
    config = SmtpConfig.from_env(env)
    assert (config.host, config.port, config.tls, config.sender) == ("smtp.example.gov.cn", 465, "ssl",
                                                                     "ducha@example.gov.cn")
    assert "secret" not in repr(config)
    config = SmtpConfig.from_env(env | {"ZHENGCE_SMTP_PORT": "2525"}, tls="starttls", sender="tz@example.gov.cn")
    assert (config.port, config.tls, config.sender) == (2525, "starttls", "tz@example.gov.cn")
    with pytest.raises(SendError, match="ZHENGCE_SMTP_TLS"):
        SmtpConfig.from_env(env | {"ZHENGCE_SMTP_TLS": "tls1.0"})



class Accounts:
    """An aiosmtpd authenticator that knows one mailbox and its password."""

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"ducha", b"s3cret")
        return AuthResult(success=ok)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_server_that_asks_for_a_login_gets_it() -> None:
    from zhengce.supervision.senders import Message

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=Accounts(), auth_required=True,
                            auth_require_tls=False)
    controller.start()
    try:
        anonymous = SmtpSender(SmtpConfig(host="127.0.0.1", port=port, sender="ducha@example.gov.cn",
                                          tls="none").checked())
        message = Message(to=("caizheng@example.gov.cn",), subject="【督办提醒】测试", text="请按时报送。")
        with pytest.raises(SendError, match="发送失败"):  # the server wants a login first
            anonymous.send(message)
        sender = SmtpSender(SmtpConfig(host="127.0.0.1", port=port, user="ducha", password="s3cret",
                                       sender="ducha@example.gov.cn", tls="none").checked())
        sender.send(message)
        sender.close()
    finally:
        controller.stop()
    assert [to for to, _ in inbox.mails] == [["caizheng@example.gov.cn"]]
