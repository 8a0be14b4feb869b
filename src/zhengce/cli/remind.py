"""The ``zhengce remind`` command (each unit's daily digest by e-mail, SMS or console) and
``zhengce campaign contact`` (the addresses reminders go to)."""

from __future__ import annotations

import os
from datetime import date

import typer
from rich.console import Console

from zhengce.access.accounts import CLI
from zhengce.access.errors import SupervisionError
from zhengce.cli.common import DB_OPTION, fail
from zhengce.db import open_store
from zhengce.supervision.campaigns import list_campaign
from zhengce.supervision.reminders import VIAS, send_reminders, set_contact
from zhengce.supervision.senders import ConsoleSender, ConsoleSms, Sender, SmtpConfig, SmtpSender
from zhengce.supervision.units import unit_named

out = Console()


def remind(
    campaign: int = typer.Option(..., "--campaign", help="督办事项编号"),
    days: int = typer.Option(5, "--days", help="提醒几个工作日内到期的报告"),
    via: str = typer.Option("email", "--via", help="email（电子邮件）、sms（短信）或 console（打印到控制台）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出将发送的提醒，不发送"),
    today: str | None = typer.Option(None, "--today", help="按此日期计算（YYYY-MM-DD，默认今天）"),
    base_url: str = typer.Option(os.environ.get("ZHENGCE_BASE_URL", ""), "--base-url",
                                 help="系统网址，用于邮件中的链接（或 ZHENGCE_BASE_URL）"),
    smtp_host: str | None = typer.Option(None, "--smtp-host", help="SMTP 服务器（或 ZHENGCE_SMTP_HOST）"),
    smtp_port: int | None = typer.Option(None, "--smtp-port", help="端口（或 ZHENGCE_SMTP_PORT）"),
    smtp_user: str | None = typer.Option(None, "--smtp-user", help="登录用户（或 ZHENGCE_SMTP_USER）"),
    smtp_from: str | None = typer.Option(None, "--smtp-from", help="发件地址（或 ZHENGCE_SMTP_FROM）"),
    smtp_tls: str | None = typer.Option(None, "--smtp-tls", help="none、starttls 或 ssl（或 ZHENGCE_SMTP_TLS）"),
    db: str | None = DB_OPTION,
) -> None:
    """向各单位发送每日督办提醒。

    发给每个有到期、逾期报告或待办问题（督办事项计入时还有政务数据时限、政策兑现推送）的单位；
    密码只从 ZHENGCE_SMTP_PASSWORD 读取。
    """
    sender: Sender | None = None
    try:
        day = date.fromisoformat(today) if today else None
        if via == "email" and not dry_run:
            sender = SmtpSender(SmtpConfig.from_env(host=smtp_host, port=smtp_port, user=smtp_user,
                                                    sender=smtp_from, tls=smtp_tls))
        elif via == "console":
            sender = ConsoleSender()
        outcome = send_reminders(open_store(db), CLI, campaign, via, sender, ConsoleSms(), days, day, dry_run,
                                 base_url)
    except (SupervisionError, ValueError) as e:
        fail(e)
    finally:
        if sender is not None:
            sender.close()
    if not outcome.rows:
        out.print("没有需要提醒的单位 / nothing due, nothing sent")
    for row in outcome.rows:
        out.print(f"{row['status_name']}：{row['unit']} → {'、'.join(row['to']) or '（无）'}  {row['subject']}",
                  markup=False, soft_wrap=True)
    out.print(f"经{VIAS[via]}发送 {outcome.sent} 份提醒 / {outcome.sent} sent")
    if outcome.error:
        fail(SupervisionError(f"{outcome.error}；已停止，重新运行不会重复发送已发出的提醒"))


def contact(
    campaign: int = typer.Argument(..., help="督办事项编号"),
    unit: str = typer.Argument(..., help="单位编号或名称 (如 县财政局)"),
    email: list[str] = typer.Option([], "--email", help="接收提醒的电子邮件地址 (可多次给出)"),
    mobile: list[str] = typer.Option([], "--mobile", help="接收短信提醒的手机号码 (可多次给出)"),
    db: str | None = DB_OPTION,
) -> None:
    """登记单位接收督办提醒的邮箱和手机号。

    替换原有登记；都不给则清除。单位可写编号或名称。
    """
    engine = open_store(db)
    try:
        jurisdiction = list_campaign(engine, CLI, campaign)["jurisdiction"]
        entry = set_contact(engine, CLI, campaign, unit_named(engine, unit, jurisdiction), email, mobile)
    except SupervisionError as e:
        fail(e)
    out.print(f"已登记：邮箱 {'、'.join(entry['email']) or '无'}；手机 {'、'.join(entry['mobile']) or '无'}")
