"""Reminders a unit receives (督办提醒): each unit's daily digest (:func:`unit_digest`) sent as an e-mail
(plain text and HTML, in Chinese), as a text message, or printed.

Whom to write to: the campaign's contact book, ``settings["contacts"]``, keyed by unit id (or the unit's
name), each with ``email`` and ``mobile`` lists (:func:`set_contact`; accounts have no e-mail address).
One message per unit with anything due, late or to answer; a unit with nothing gets nothing. Each send
is written to the audit log (``reminder.send``) as it happens, and a unit already reminded today by the
same way is skipped, so a run stopped by a failing server can be repeated without sending anything twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from zhengce.access.accounts import Actor, audit, require
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid
from zhengce.db import UnitRow
from zhengce.db.tracking import AuditRow, CampaignRow, IssueRow
from zhengce.supervision import pushclocks
from zhengce.supervision.campaigns import update_campaign
from zhengce.supervision.dataclocks import add_to_digest, digest_units
from zhengce.supervision.records import get_row
from zhengce.supervision.senders import Message, Sender, SendError, SmsSender
from zhengce.supervision.units import is_group
from zhengce.supervision.views import campaign_view, unit_digest

__all__ = ["VIAS", "Outcome", "compose", "contact", "contacts_of", "send_reminders", "set_contact", "split_list",
           "unit_digests"]

VIAS = {"email": "电子邮件", "sms": "短信", "console": "控制台"}
STATUS_NAMES = {"sent": "已发送", "dry-run": "预览（未发送）", "no-contact": "未登记联系方式，未发送",
                "already": "今日已发送，跳过", "failed": "发送失败"}


@dataclass
class Outcome:
    """What a run did: one row per unit with something to say, and the error that stopped it, if any."""
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    @property
    def sent(self) -> int:
        return sum(1 for r in self.rows if r["status"] == "sent")


def contacts_of(c: CampaignRow, unit: UnitRow) -> dict[str, list[str]]:
    """A unit's e-mail addresses and mobile numbers in the campaign's contact book."""
    book = (c.settings or {}).get("contacts") or {}
    entry = book.get(str(unit.id)) or book.get(unit.canonical) or {}
    return {"email": [str(a) for a in entry.get("email", [])], "mobile": [str(m) for m in entry.get("mobile", [])]}


def contact(engine: Engine, actor: Actor, campaign_id: int, unit_id: int) -> dict[str, list[str]]:
    """A unit's reminder addresses (the office only: they are personal data)."""
    require(actor, "office")
    with Session(engine) as session:
        return contacts_of(get_row(session, CampaignRow, campaign_id, "督办事项"),
                           get_row(session, UnitRow, unit_id, "单位"))


def split_list(text: str) -> list[str]:
    """Addresses or numbers as typed in one field: separated by commas, semicolons or spaces."""
    return [part for part in re.split(r"[,，;；、\s]+", text) if part]


def set_contact(engine: Engine, actor: Actor, campaign_id: int, unit_id: int, emails: list[str],
                mobiles: list[str]) -> dict[str, list[str]]:
    """Record a unit's reminder addresses in the campaign's settings (the office only; audited)."""
    require(actor, "office")
    bad = [a for a in emails if "@" not in a or " " in a.strip()]
    if bad:
        raise Invalid(f"电子邮件地址不正确：{'、'.join(bad)} / invalid e-mail address", "email")
    bad = [m for m in mobiles if not m.strip().lstrip("+").isdigit()]
    if bad:
        raise Invalid(f"手机号码不正确：{'、'.join(bad)} / invalid mobile number", "mobile")
    with Session(engine) as session:
        c = get_row(session, CampaignRow, campaign_id, "督办事项")
        get_row(session, UnitRow, unit_id, "单位")
        settings = dict(c.settings or {})
        version = c.version
    book = dict(settings.get("contacts") or {})
    entry = {"email": [a.strip() for a in emails], "mobile": [m.strip() for m in mobiles]}
    book[str(unit_id)] = entry
    update_campaign(engine, actor, campaign_id, version, settings=settings | {"contacts": book})
    return entry


def unit_digests(engine: Engine, actor: Actor, campaign_id: int, days: int = 5,
                 today: date | None = None) -> list[dict[str, Any]]:
    """The digest of every unit with something due within ``days`` working days, late or to answer."""
    require(actor, "office")
    today = today or today_cn()
    view = campaign_view(engine, actor, campaign_id, today)
    with Session(engine) as session:
        ids = {r["unit_id"] for r in view["reminders"]} | {m["unit_id"] for m in view["missing"]}
        ids |= set(session.scalars(select(IssueRow.unit_id).where(
            IssueRow.campaign_id == campaign_id, IssueRow.archived.is_(False), IssueRow.unit_id.is_not(None),
            IssueRow.status.in_(["open", "assigned"]))))
        c = get_row(session, CampaignRow, campaign_id, "督办事项")
        ids |= digest_units(engine, session, c, days, today) | pushclocks.digest_units(engine, session, c, days, today)
        units = session.scalars(select(UnitRow).where(UnitRow.id.in_(ids)).order_by(UnitRow.canonical)).all()
        out = [pushclocks.add_to_digest(engine, session, add_to_digest(engine, session, unit_digest(
            session, view, u, days, today)), reveal=False) for u in units if not is_group(u)]
    return [d for d in out if not d["nothing"]]


def send_reminders(engine: Engine, actor: Actor, campaign_id: int, via: str, sender: Sender | None = None,
                   sms: SmsSender | None = None, days: int = 5, today: date | None = None, dry_run: bool = False,
                   base_url: str = "") -> Outcome:
    """Send each unit its digest ``via`` email, sms or console; stop at the first failure (see module)."""
    if via not in VIAS:
        raise Invalid(f"发送方式应为 {'、'.join(VIAS)} / unknown way {via!r}", "via")
    today = today or today_cn()
    outcome = Outcome()
    with Session(engine) as session:
        c = get_row(session, CampaignRow, campaign_id, "督办事项")
    for d in unit_digests(engine, actor, campaign_id, days, today):
        with Session(engine) as session:
            unit = get_row(session, UnitRow, d["unit_id"], "单位")
        message = compose(d, base_url)
        to = tuple(contacts_of(c, unit)["mobile" if via == "sms" else "email"])
        row = {"unit_id": unit.id, "unit": unit.canonical, "to": list(to), "subject": message.subject, "via": via}
        outcome.rows.append(row)
        if not to and via != "console":
            row["status"] = "no-contact"
        elif dry_run:
            row["status"] = "dry-run"
        elif _sent_today(engine, campaign_id, unit.id, via, today):
            row["status"] = "already"
        else:
            try:
                _deliver(via, Message(to or ("（未登记邮箱）",), message.subject, message.text, message.html),
                         sender, sms, base_url, d)
            except SendError as e:
                row["status"], outcome.error = "failed", str(e)
                break
            row["status"] = "sent"
            with Session(engine) as session, session.begin():
                audit(session, actor, "reminder.send", "unit", unit.id, None,
                      {"campaign": campaign_id, "date": today.isoformat(), "via": via, "to": list(to),
                       "subject": message.subject})
    for row in outcome.rows:
        row["status_name"] = STATUS_NAMES[row["status"]]
    return outcome


def _deliver(via: str, message: Message, sender: Sender | None, sms: SmsSender | None, base_url: str,
             d: dict[str, Any]) -> None:
    if via == "sms":
        if sms is None:
            raise SendError("未配置短信发送方式 / no SMS sender configured")
        where = f"详见 {_link(base_url, d)}" if base_url else "请登录督查调度系统查看"
        sms.send_sms(message.to, f"{message.subject}。{where}")
        return
    if sender is None:
        raise SendError("未配置邮件发送方式 / no e-mail sender configured")
    sender.send(message)


def _sent_today(engine: Engine, campaign_id: int, unit_id: int, via: str, today: date) -> bool:
    since = datetime.now(UTC) - timedelta(days=2)
    with Session(engine) as session:
        rows = session.scalars(select(AuditRow.after).where(AuditRow.action == "reminder.send",
                                                            AuditRow.entity == "unit", AuditRow.entity_id == unit_id,
                                                            AuditRow.at >= since)).all()
    return any(a and a.get("campaign") == campaign_id and a.get("date") == today.isoformat() and a.get("via") == via
               for a in rows)


# --- the message ---------------------------------------------------------------------------------


def compose(d: dict[str, Any], base_url: str = "") -> Message:
    """A digest as an e-mail in Chinese: the subject sums it up, the text and HTML list it."""
    due = sum(len(r["tasks"]) for r in d["due_soon"])
    parts = []
    if d.get("returned"):
        parts.append(f"{len(d['returned'])}份报告被退回")
    if due:
        parts.append(f"{due}项将于{d['days']}个工作日内到期")
    if d["late"]:
        parts.append(f"{len(d['late'])}项已逾期")
    if d["issues"]:
        parts.append(f"{len(d['issues'])}个问题待办理")
    if d.get("data"):
        parts.append(f"{len(d['data'])}项政务数据办理时限待办")
    if d.get("pushes"):
        parts.append(f"{len(d['pushes'])}项政策兑现推送待反馈")
    subject = f"【督办提醒】{d['unit']}：{'，'.join(parts)}"
    sections = _sections(d)
    link = _link(base_url, d)
    intro = f"截至{_cn(d['today'])}，贵单位在督办事项《{d['campaign']['name'].strip('《》')}》中有以下事项："
    text = f"{d['unit']}：\n\n{intro}\n\n" + "\n\n".join(
        f"{title}\n" + "\n".join(f"  · {line}" for line in lines) for title, lines in sections
    ) + f"\n\n请登录督查调度系统查看并报送：{link}\n（本邮件由系统自动发送，请勿直接回复。）\n"
    html = (f"<p>{escape(d['unit'])}：</p><p>{escape(intro)}</p>"
            + "".join(f"<h3>{escape(title)}</h3><ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines)
                      + "</ul>" for title, lines in sections)
            + f'<p>请登录督查调度系统查看并报送：<a href="{escape(link)}">{escape(link)}</a></p>'
            + "<p>（本邮件由系统自动发送，请勿直接回复。）</p>")
    return Message((), subject, text, html)


def _sections(d: dict[str, Any]) -> list[tuple[str, list[str]]]:
    numerals = "一二三四五六"
    sections: list[tuple[str, list[str]]] = []
    if d.get("returned"):
        sections.append(("被退回、需修改后重新提交的进展报告", [
            f"{x['task_label']}：{x['label']}进展报告，退回理由：{x['reason']}" for x in d["returned"]]))
    if d["due_soon"]:
        sections.append((f"{d['days']}个工作日内到期的进展报告", [
            f"{r['label']}进展报告，{_cn(r['due'])}前报送（还有{r['workdays_left']}个工作日）：{task}"
            for r in d["due_soon"] for task in r["tasks"]]))
    if d["late"]:
        sections.append(("已逾期未报的进展报告", [
            f"{m['task_label']}：{m['label']}进展报告，应于{_cn(m['due'])}前报送"
            for m in sorted(d["late"], key=lambda m: (m["due"], m["task_id"]))]))
    if d["issues"]:
        sections.append(("待办理的问题", [
            i["title"] + (f"（办理时限{_cn(i['deadline'])}{'，已逾期' if i['overdue'] else ''}）"
                          if i["deadline"] else "") for i in d["issues"]]))
    if d.get("data"):
        sections.append(("政务数据办理时限", [
            f"{x['name']}（{x['clause']}）：{x['subject']}，{_cn(x['due'])}到期"
            + (f"，已逾期{x['workdays_over']}个工作日，已升级至{x['level_name']}" if x["state"] == "overdue"
               else f"，还有{x['workdays_left']}个工作日") for x in d["data"]]))
    if d.get("pushes"):  # the profile masked: a message leaves the system
        sections.append(("政策兑现推送（走访并反馈结果）", [
            f"{x['title']}（{x['document']}{x['clause']}）：对象{x['masked']}，{_cn(x['due'])}前反馈"
            + (f"，已逾期{x['workdays_over']}个工作日" if x["state"] == "overdue"
               else f"，还有{x['workdays_left']}个工作日") for x in d["pushes"]]))
    return [(f"{numerals[k]}、{title}", lines) for k, (title, lines) in enumerate(sections)]


def _link(base_url: str, d: dict[str, Any]) -> str:
    return f"{base_url.rstrip('/')}/campaign/{d['campaign']['id']}/digest"


def _cn(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"
