"""The ``zhengce user``, ``zhengce campaign`` and ``zhengce demo`` commands."""

from __future__ import annotations

import sys
from datetime import date, timedelta

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengce import supervision
from zhengce.access import accounts
from zhengce.access.accounts import CLI, AccountError
from zhengce.access.accounts import today as today_cn
from zhengce.access.errors import Invalid, SupervisionError
from zhengce.cli.common import DB_OPTION, fail
from zhengce.db import DocumentRow, open_store
from zhengce.db.tracking import AssignmentRow, CampaignRow, CampaignTaskRow, UserRow
from zhengce.text.typed import read_day

users = typer.Typer(help="账号与角色 / accounts and roles", no_args_is_help=True)
campaigns = typer.Typer(help="督办事项 / campaigns", no_args_is_help=True)
out = Console()
# help lines are short or broken at spaces: a terminal of 80 columns cuts a long run of Chinese with "…"
ROLE_HELP = "office 督查室, leader 领导, reporter 单位填报员, public 公众"
UNIT_HELP = "填报员所属单位：单位编号或名称 (如 县财政局)"


def _unit(engine: object, unit: str | None) -> int | None:
    """A reporter's unit by number or name (a name of several units, unknown or collective: refused in Chinese,
    with the candidates)."""
    return None if unit in (None, "") else supervision.unit_named(engine, unit)  # type: ignore[arg-type]


@users.command("add")
def user_add(
    username: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    unit: str | None = typer.Option(None, "--unit", help=UNIT_HELP),
    name: str = typer.Option("", "--name", help="显示名"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读密码 (否则生成一次性密码)"),
    db: str | None = DB_OPTION,
) -> None:
    """新建账号；未给密码时生成一次性密码（首次登录须修改）。"""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    engine = open_store(db)
    try:
        _, secret = accounts.add_user(engine, username, role, _unit(engine, unit), name, password)
    except (AccountError, SupervisionError) as e:
        fail(e)
    out.print(f"已建立用户 {username}（{accounts.ROLES[role]}）")
    if password is None:
        out.print(f"一次性密码 / one-time password: [bold]{secret}[/bold]")


@users.command("role")
def user_role(
    username: str = typer.Argument(...),
    role: str = typer.Argument(..., help=ROLE_HELP),
    unit: str | None = typer.Option(None, "--unit", help=UNIT_HELP),
    db: str | None = DB_OPTION,
) -> None:
    """修改账号的角色（及所属单位）。"""
    engine = open_store(db)
    try:
        accounts.set_role(engine, username, role, _unit(engine, unit))
    except (AccountError, SupervisionError) as e:
        fail(e)
    out.print(f"{username} 的角色已改为 {accounts.ROLES[role]}")


@users.command("password")
def user_password(username: str = typer.Argument(...), db: str | None = DB_OPTION) -> None:
    """重置密码：生成新的一次性密码。

    该用户的所有会话随即结束，API 令牌全部吊销。
    """
    try:
        secret = accounts.reset_password(open_store(db), username)
    except AccountError as e:
        fail(e)
    out.print(f"一次性密码 / one-time password: [bold]{secret}[/bold]")
    out.print("该用户的所有会话已结束，API 令牌已全部吊销 / every session ended, every API token revoked")


@users.command("token")
def user_token(username: str = typer.Argument(...), name: str = typer.Option("api", "--name"),
               revoke: int | None = typer.Option(None, "--revoke", help="吊销编号为 ID 的令牌（见 --list）"),
               list_: bool = typer.Option(False, "--list", help="列出该用户的令牌（编号、名称、建立与吊销时间）"),
               db: str | None = DB_OPTION) -> None:
    """为账号生成 API 令牌（只显示一次）。

    请求时加 Authorization: Bearer 令牌；--list 列出，--revoke ID 吊销。
    """
    engine = open_store(db)
    try:
        if revoke is not None:
            done = accounts.revoke_token(engine, username, revoke)
            out.print(f"已吊销令牌 {done['id']}（{done['name']}）/ token revoked at {done['revoked_at']}")
            return
        if list_:
            table = Table("编号", "名称", "建立", "吊销")
            for t in accounts.list_tokens(engine, username):
                table.add_row(str(t["id"]), t["name"], t["created_at"], t["revoked_at"] or "—")
            out.print(table)
            return
        token = accounts.new_token(engine, username, name)
    except AccountError as e:
        fail(e)
    out.print(token)


def _set_active(username: str, active: bool, db: str | None) -> None:
    try:
        accounts.set_active(open_store(db), username, active)
    except AccountError as e:
        fail(e)
    out.print(f"已{'启用' if active else '停用'} {username}")


@users.command("disable")
def user_disable(username: str = typer.Argument(...), db: str | None = DB_OPTION) -> None:
    """停用账号（会话和令牌随即失效；账号与其记录保留）。"""
    _set_active(username, False, db)


@users.command("enable")
def user_enable(username: str = typer.Argument(...), db: str | None = DB_OPTION) -> None:
    """重新启用账号。"""
    _set_active(username, True, db)


@users.command("list")
def user_list(db: str | None = DB_OPTION) -> None:
    """列出账号。"""
    table = Table("用户名", "显示名", "角色", "单位", "启用")
    for u in accounts.list_users(open_store(db)):
        table.add_row(u["username"], u["display_name"], u["role_name"], u["unit"] or "—", "是" if u["active"] else "否")
    out.print(table)


@campaigns.command("create")
def campaign_create(
    document_id: int = typer.Argument(..., help="方案的文档编号（网页 /doc/编号）"),
    rule: str | None = typer.Option(None, "--rule", help="调度规则, 如 month/next:5 或 每月5日前报送"),
    start: str | None = typer.Option(None, "--start", help="开始日期，如 2026-12-31 或 2026年12月31日"),
    end: str | None = typer.Option(None, "--end", help="结束日期，写法同上（默认见 README）"),
    name: str | None = typer.Option(None, "--name", help="名称 (默认取方案标题)"),
    db: str | None = DB_OPTION,
) -> None:
    """由方案建立督办事项（待审核）。

    任务与责任单位从方案中复制。
    """
    try:
        cid = supervision.create_campaign(open_store(db), CLI, document_id, rule, _day(start, "开始日期"),
                                          _day(end, "结束日期"), name)
    except SupervisionError as e:
        fail(e)
    out.print(f"已建立督办事项 {cid}：/campaign/{cid}")


def _day(value: str | None, what: str) -> date | None:
    """A date as people write it (2026-12-31, 2026/12/31, 2026年12月31日), None when not given."""
    try:
        return read_day(value) if value else None
    except ValueError as e:
        raise Invalid(f"{what}“{value}”不是有效日期：{e} / not a date") from e


@campaigns.command("list")
def campaign_list(db: str | None = DB_OPTION) -> None:
    """列出督办事项。"""
    table = Table("编号", "名称", "状态", "调度", "起止")
    for c in supervision.list_campaigns(open_store(db), CLI):
        table.add_row(str(c["id"]), c["name"], c["status_name"], c["rule_text"], f"{c['start']} — {c['end']}")
    out.print(table)


def demo(db: str | None = DB_OPTION) -> None:
    """建立示范账号与示范督办事项。

    督查室管理员、领导与两个单位填报员账号，以及由最大的方案建立并已发布的示范督办事项。已有账号时不再新建；示范事项按今天的日期排期（近三个月起，至明年年底）。
    """
    engine = open_store(db)
    with Session(engine) as session:
        has_users = session.scalar(select(UserRow.id).limit(1)) is not None
        has_campaign = session.scalar(select(CampaignRow.id).limit(1)) is not None
        plan = session.scalar(select(DocumentRow.id).where(DocumentRow.task_count > 0,
                                                           DocumentRow.superseded_at.is_(None))
                              .order_by(DocumentRow.task_count.desc(), DocumentRow.id).limit(1))
    if has_users:
        out.print("已有账号，未新建示范账号（重置密码：zhengce user password 用户名）")
        return
    _, admin = accounts.add_user(engine, "admin", "office", display_name="督查室管理员")
    made = [("admin", "督查室", admin, "一次性密码，首次登录须修改")]
    if plan is None or has_campaign:
        _print_accounts(made)
        return
    today = today_cn()
    first = (today.replace(day=1) - timedelta(days=80)).replace(day=1)
    cid = supervision.create_campaign(engine, CLI, plan, "month/next:5", first, date(today.year + 1, 12, 31),
                                      name=None)
    with Session(engine) as session:
        tasks = session.scalars(select(CampaignTaskRow).where(CampaignTaskRow.campaign_id == cid)
                                .order_by(CampaignTaskRow.position)).all()
        for t in tasks:
            if t.deadline and t.deadline < first:
                t.deadline = None  # the plan's own year has passed: the demo is scheduled from today
        session.commit()
        lead = session.execute(select(AssignmentRow.unit_id, AssignmentRow.campaign_task_id)
                               .where(AssignmentRow.campaign_task_id.in_([t.id for t in tasks]),
                                      AssignmentRow.role == "lead").order_by(AssignmentRow.id)).first()
        support = session.scalar(select(AssignmentRow.unit_id).where(
            AssignmentRow.campaign_task_id.in_([t.id for t in tasks]), AssignmentRow.role == "support",
            AssignmentRow.unit_id != (lead[0] if lead else -1)).order_by(AssignmentRow.id).limit(1))
    supervision.update_campaign(engine, CLI, cid, None, status="published")
    _, leader = accounts.add_user(engine, "leader", "leader", display_name="分管领导", password=None)
    accounts.set_must_change(engine, "leader", False)
    made.append(("leader", "领导", leader, ""))
    if lead:
        _, secret = accounts.add_user(engine, "lead-unit", "reporter", lead[0], "牵头单位填报员")
        accounts.set_must_change(engine, "lead-unit", False)
        made.append(("lead-unit", "牵头单位填报员", secret, ""))
    if support:
        _, secret = accounts.add_user(engine, "support-unit", "reporter", support, "配合单位填报员")
        accounts.set_must_change(engine, "support-unit", False)
        made.append(("support-unit", "配合单位填报员", secret, ""))
    _demo_activity(engine, cid, today)
    out.print(f"示范督办事项 /campaign/{cid} 已发布")
    _print_accounts(made)


def _demo_activity(engine: object, cid: int, today: date) -> None:
    """A few reports of the current cycle and two ledger issues, so that the pages show a cycle under way."""
    from sqlalchemy.engine import Engine

    assert isinstance(engine, Engine)
    view = supervision.campaign_view(engine, CLI, cid, today)
    current = view["current_cycle"]
    if current is None:
        return
    statuses = ["in_progress", "done", "behind", "in_progress"]
    for k, t in enumerate(view["tasks"][:8]):
        lead = next((u for u in t["units"] if u["role"] == "lead"), None)
        if lead is None:
            continue
        status = statuses[k % len(statuses)]
        supervision.submit_report(engine, CLI, t["id"], current["index"], status,
                                  100 if status == "done" else 30 + 10 * k,
                                  "按方案要求推进，本期完成阶段性工作。（示范数据）", [], None, lead["unit_id"],
                                  consolidated=True, today=today)
    tasks = view["tasks"]
    if tasks and tasks[0]["units"]:
        unit = tasks[0]["units"][0]["unit_id"]
        supervision.raise_issue(engine, CLI, cid, "项目用地报批进度滞后（示范）", "需协调自然资源部门加快办理。",
                                tasks[0]["id"], "", unit, today + timedelta(days=20))
        done = supervision.raise_issue(engine, CLI, cid, "企业反映惠企资金未及时拨付（示范）", "", tasks[0]["id"],
                                       "示范企业有限公司", unit, today + timedelta(days=10))
        version = supervision.issue_action(engine, CLI, done, "resolve", None, "资金已拨付到位。")
        supervision.issue_action(engine, CLI, done, "close", version, "核实无误，销号。")


def _print_accounts(made: list[tuple[str, str, str, str]]) -> None:
    table = Table("用户名", "角色", "密码", title="示范账号（密码只显示这一次）")
    for name, role, secret, _ in made:
        table.add_row(name, role, secret)
    out.print(table)
    for name, _, _, note in made:  # below the table, whole: a narrow terminal would cut a fourth column
        if note:
            out.print(f"{name}：{note}", soft_wrap=True)
