"""How a reminder leaves the building: e-mail through an SMTP server, SMS through a pluggable gateway,
or the console for development.

A :class:`Sender` takes one :class:`Message` (addresses, subject, plain text and HTML); an
:class:`SmsSender` takes mobile numbers and a short text. Both raise :class:`SendError` with a Chinese
message when the message cannot go out. :class:`SmtpSender` is configured by :class:`SmtpConfig`,
read from the ``ZHENGCE_SMTP_*`` environment variables (:meth:`SmtpConfig.from_env`).
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import IO, Any, Protocol

from zhengce.access.errors import SupervisionError

__all__ = ["ConsoleSender", "ConsoleSms", "Message", "SendError", "Sender", "SmsSender", "SmtpConfig", "SmtpSender"]

TLS_MODES = ("none", "starttls", "ssl")


class SendError(SupervisionError):
    """A reminder could not be sent (message in Chinese / English)."""


@dataclass(frozen=True)
class Message:
    """One e-mail: to whom, subject, the plain text and the same in HTML."""
    to: tuple[str, ...]
    subject: str
    text: str
    html: str = ""


class Sender(Protocol):
    """Sends e-mails; ``close`` ends the connection, if there is one."""
    def send(self, message: Message) -> None: ...
    def close(self) -> None: ...


class SmsSender(Protocol):
    """Sends one short text to mobile numbers (a gateway plugs in here)."""
    def send_sms(self, numbers: tuple[str, ...], text: str) -> None: ...


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send e-mail. ``tls``: none, starttls or ssl."""
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    tls: str = "starttls"
    timeout: float = 20.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> SmtpConfig:
        """From ZHENGCE_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM and _TLS; options given (not None) win."""
        env = os.environ if env is None else env
        port = env.get("ZHENGCE_SMTP_PORT", "")
        config = cls(host=env.get("ZHENGCE_SMTP_HOST", ""), port=int(port) if port.isdigit() else 0,
                     user=env.get("ZHENGCE_SMTP_USER", ""), password=env.get("ZHENGCE_SMTP_PASSWORD", ""),
                     sender=env.get("ZHENGCE_SMTP_FROM", ""), tls=env.get("ZHENGCE_SMTP_TLS", "starttls").lower())
        return replace(config, **{k: v for k, v in overrides.items() if v is not None}).checked()

    def checked(self) -> SmtpConfig:
        if not self.host:
            raise SendError("未配置 SMTP 服务器：请设置 ZHENGCE_SMTP_HOST 或 --smtp-host / no SMTP host configured")
        if self.tls not in TLS_MODES:
            raise SendError(f"ZHENGCE_SMTP_TLS 应为 {'、'.join(TLS_MODES)} / unknown TLS mode {self.tls!r}")
        sender = self.sender or self.user
        if "@" not in sender:
            raise SendError("未配置发件地址：请设置 ZHENGCE_SMTP_FROM / no sender address configured")
        port = self.port or {"ssl": 465, "starttls": 587}.get(self.tls, 25)
        return replace(self, sender=sender, port=port)


class SmtpSender:
    """E-mail through an SMTP server, one connection for a run (opened at the first message)."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        try:
            if c.tls == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
                if c.tls == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if c.user:
                smtp.login(c.user, c.password)
        except smtplib.SMTPAuthenticationError as e:
            raise SendError(f"SMTP 服务器 {c.host}:{c.port} 拒绝登录（用户 {c.user}） / SMTP login refused") from e
        except (OSError, smtplib.SMTPException) as e:
            raise SendError(f"无法连接 SMTP 服务器 {c.host}:{c.port}（{_reason(e)}）"
                            " / cannot reach the SMTP server") from e
        return smtp

    def send(self, message: Message) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.send_message(_email(message, self.config.sender))
        except smtplib.SMTPRecipientsRefused as e:
            raise SendError(f"SMTP 服务器拒收全部收件人 {'、'.join(message.to)} / every recipient refused") from e
        except (OSError, smtplib.SMTPException) as e:
            self._smtp = None
            raise SendError(f"SMTP 服务器 {self.config.host}:{self.config.port} 发送失败（{_reason(e)}）"
                            " / sending failed") from e
        if refused:
            raise SendError(f"SMTP 服务器拒收 {'、'.join(refused)} / recipients refused")

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


class ConsoleSender:
    """Prints each e-mail (development): the addresses, the subject, the plain text."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out

    def send(self, message: Message) -> None:
        print(f"收件人：{'、'.join(message.to)}\n主题：{message.subject}\n\n{message.text}\n", file=self.out)

    def close(self) -> None:
        pass


class ConsoleSms:
    """Prints each text message (development), standing in for an SMS gateway."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out

    def send_sms(self, numbers: tuple[str, ...], text: str) -> None:
        print(f"短信 → {'、'.join(numbers)}：{text}", file=self.out)


def _email(message: Message, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = formataddr(("督查调度系统", sender))
    mail["To"] = ", ".join(message.to)
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(message.text)
    if message.html:
        mail.add_alternative(message.html, subtype="html")
    return mail


def _reason(e: BaseException) -> str:
    if isinstance(e, smtplib.SMTPResponseException):
        said = e.smtp_error.decode(errors="replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return f"{e.smtp_code} {said}"
    if isinstance(e, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(e, TimeoutError):
        return "连接超时"
    return str(e) or type(e).__name__
