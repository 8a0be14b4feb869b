"""The codes of the supervision cycle and their Chinese names, and the audit log as a reader reads it.

Task labels (:func:`task_label`): a task's number with its parent headings' labels, and — when the
document holds several plans (a total plan and its action plans, each numbering 二、(一)1. afresh) — the
short name of its plan before them, so that one label names one task. Statuses of reports and tasks,
traffic lights, roles of units, issue statuses and actions (and who may take them), campaign statuses, unit kinds and
levels, audit actions and the names of changed fields.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "AUDIT_ACTIONS", "CAMPAIGN_STATUSES", "CHANGE_FIELDS", "COMMENT_NAMES", "ENTITY_NAMES", "ISSUE_ACTIONS",
    "ISSUE_RIGHTS", "ISSUE_STATUSES", "LIGHTS", "ROLES", "STATUSES", "UNIT_KINDS", "UNIT_LEVELS", "describe_change",
    "plan_short", "task_label",
]

STATUSES = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "behind": "滞后"}
LIGHTS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
ROLES = {"lead": "牵头", "support": "配合", "territorial": "属地"}
CAMPAIGN_STATUSES = {"draft": "待审核发布", "published": "已发布", "archived": "已归档"}
ISSUE_STATUSES = {"open": "待交办", "assigned": "已交办", "resolved": "已办结", "closed": "已销号"}
ISSUE_ACTIONS = {"assign": "交办", "chase": "督办", "escalate": "升级", "resolve": "办结", "close": "销号",
                 "reopen": "重新打开", "comment": "意见", "archive": "归档（重复或误登记）"}
# a comment on an issue by who makes it: 批示 is a leader's word; a unit gives its 意见 or an explanation (说明)
COMMENT_NAMES = {"leader": "批示", "office": "意见", "reporter": "意见/说明"}
ISSUE_RIGHTS = {"office": list(ISSUE_ACTIONS), "leader": ["chase", "comment"], "reporter": ["resolve", "comment"]}
UNIT_KINDS = {"government": "人民政府", "department": "政府工作部门", "office": "办事机构", "party": "党委部门",
              "mass": "群团组织", "judicial": "政法机关", "vertical": "垂直管理单位", "service": "事业单位",
              "park": "园区", "enterprise": "企业", "school": "学校", "township": "乡镇（街道）",
              "generic": "集合名称（不计分）"}
UNIT_LEVELS = {"province": "省级", "prefecture": "市州级", "county": "县级", "township": "乡镇级"}
AUDIT_ACTIONS = {
    "campaign.create": "建立督办事项", "campaign.update": "修改督办事项", "task.add": "补充任务",
    "task.edit": "修改任务", "task.split": "拆分任务", "task.merge": "合并任务", "task.archive": "归档任务",
    "task.assign": "增加责任单位", "task.unassign": "移除责任单位", "report.submit": "提交报告",
    "report.update": "修改报告", "report.draft": "保存报告草稿", "report.return": "退回报告",
    "attachment.add": "上传附件", "comment.add": "发表意见", "issue.raise": "登记问题", "score.adjust": "加减分",
    "unit.add": "增加单位", "user.add": "增加用户", "user.role": "修改用户角色", "user.disable": "停用用户",
    "user.enable": "启用用户", "user.password": "修改密码", "user.reset": "重置密码", "token.add": "新建 API 令牌",
    "token.revoke": "吊销 API 令牌", "match.batch": "批量匹配", "reminder.send": "发送督办提醒",
    "bulletin.publish": "发布通报", "bulletin.withdraw": "撤回通报",
} | {f"issue.{k}": f"问题{v}" for k, v in ISSUE_ACTIONS.items()}
ENTITY_NAMES = {"campaign": "督办事项", "task": "任务", "report": "报告", "issue": "问题", "user": "用户",
                "unit": "单位", "token": "令牌", "comment": "意见", "calendar": "工作日历"}
CHANGE_FIELDS = {"number": "序号", "heading": "标题", "text": "内容", "deadline": "完成时限", "archived": "已归档",
                 "note": "说明", "status": "状态", "percent": "完成百分比", "narrative": "工作进展", "values": "实际值",
                 "consolidated": "汇总报告", "draft": "草稿", "task": "任务", "unit": "单位", "cycle": "周期",
                 "name": "名称", "rule": "调度规则", "start": "开始", "end": "结束", "settings": "设置",
                 "units": "责任单位", "role": "角色", "title": "标题", "points": "分值", "reason": "理由",
                 "filename": "文件名", "size": "大小", "kind": "类型", "level": "层级", "jurisdiction": "辖区",
                 "sessions_ended": "结束的会话", "to": "收件人", "subject": "主题", "via": "发送方式",
                 "date": "日期", "campaign": "督办事项", "contacts": "联系方式",
                 "tokens_revoked": "吊销的令牌", "one_time": "一次性密码", "issue_no": "期号",
                 "copy": "存档副本", "sha256": "SHA-256", "form": "表单编号",
                 # users and tokens; campaigns made from a plan; merges; comments and files
                 "username": "用户名", "display_name": "姓名", "unit_id": "单位编号", "active": "启用",
                 "token": "令牌编号", "document_id": "方案文件编号", "tasks": "任务数", "from": "合并自",
                 "into": "合并为",
                 "comment": "意见编号", "attachment": "附件编号", "withdrawn": "已撤回",
                 # 政策找人 runs and pushes; data resources and requests
                 "as_of": "对照日期", "file": "文件", "profiles": "画像数", "rules": "规则", "totals": "合计",
                 "bad_rows": "有误的行", "added": "新增", "updated": "更新", "created": "新建", "already": "已有",
                 "ref": "编号", "source_id": "来源文件编号", "code": "编号", "items": "数据项", "on": "日期",
                 "why": "理由", "purpose": "用途", "request": "申请编号", "resource": "数据资源编号",
                 "records": "记录数",
                 "valid_to": "有效期至", "masked": "脱敏", "personal_allowed": "可含个人信息",
                 "grantee_unit": "被授权单位", "grantee_user": "被授权用户", "extension": "延期",
                 "pair": "配对", "collector": "采集方", "change_on": "变更日期", "published_on": "发布日期",
                 "share_type": "共享类型"}
_VALUE_NAMES = {**STATUSES, **ROLES, **ISSUE_STATUSES, "draft": "待审核", "published": "已发布", "archived": "已归档"}


def describe_change(change: Any, fields: dict[str, str] | None = None,
                    values: dict[str, dict[str, str]] | None = None) -> str:
    """An audit entry's before or after as a reader reads it: Chinese field names, values as written
    (no JSON escapes), codes of statuses and roles in Chinese. ``fields`` and ``values`` (per field: code →
    name) name the fields and codes of another kind of record first (a push's ``open`` is not an issue's)."""
    if not change:
        return ""
    if not isinstance(change, dict):
        return _plain_value(change)
    names, codes = CHANGE_FIELDS | (fields or {}), values or {}
    return "；".join(f"{names.get(k, k)}：{_coded(v, codes.get(k))}" for k, v in change.items())


def _coded(value: Any, codes: dict[str, str] | None) -> str:
    if codes and isinstance(value, str) and value in codes:
        return codes[value]
    if codes and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "、".join(codes.get(v, v) for v in value)
    return _plain_value(value)


def _plain_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_plain_value(v) for v in value) or "—"
    if isinstance(value, dict):
        if "indicator" in value:
            return f"{value.get('indicator')}={value.get('value')}{value.get('unit') or ''}"
        return "，".join(f"{CHANGE_FIELDS.get(k, k)} {_plain_value(v)}" for k, v in value.items())
    text = str(value)
    return _VALUE_NAMES.get(text, text)


_JURISDICTION = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:自治县|自治州|县|市|区|州|旗|盟)(?:人民政府)?")
_PLAN_TAIL = re.compile(r"(?:实施方案|工作方案|(?<=行动)方案)$")


def plan_short(plan: str) -> str:
    """A plan's name short enough for a label: without 《》, its leading jurisdiction (江华瑶族自治县, three
    characters or more), 关于/实施 and a trailing 实施方案/工作方案 (行动方案 → 行动); four characters at least stay."""
    name = plan.strip().strip("《》").strip()
    for pattern in (_JURISDICTION, re.compile(r"^(?:关于)?(?:印发)?(?:实施)?"), _PLAN_TAIL):
        shorter = pattern.sub("", name)
        if len(shorter) >= 4:
            name = shorter
    return name


def task_label(number: str, parents: list[str], heading: str, plan: str = "") -> str:
    """A task's label: ``plan·二、(一)1.`` — the plan's short name only when given (several plans in one
    document), the parents' labels, the task's own number; a task without a number is named by its heading."""
    own = "".join(parents) + number if number else ("".join(parents) or heading[:20])
    return f"{plan_short(plan)}·{own}" if plan else own
