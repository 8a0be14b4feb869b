"""The audit log's names for the actions, fields and codes of 政策找人 (``eligibility.*``) and 政务数据
(``data.*``), beside those of the supervision cycle (:mod:`zhengce.supervision.labels`): what the audit
page shows instead of codes. Field and code names are per kind of record (``entity``): a push's ``open`` is
待走访, an issue's 待交办; a confirmed draft's ``rule`` is the rule it became, a campaign's its schedule."""

from __future__ import annotations

from zhengce.datagov.entries import OPEN_TYPES, SHARE_TYPES
from zhengce.datagov.requests import KINDS, STATUS
from zhengce.datagov.rules import EXTENSION_NAMES
from zhengce.eligibility.pushing import STATUS_NAMES
from zhengce.eligibility.reviews import STATES

__all__ = ["ACTION_NAMES", "COMMON_FIELDS", "ENTITY_FIELDS", "ENTITY_LABELS", "ENTITY_VALUES"]

_DATA_ACTS = {"grant": "同意", "refuse": "不予同意", "answer": "已校核", "extend": "延长校核期限",
              "flag": "作出异议标注", "forward": "转交政务部门", "correct": "更正", "not_correct": "不予更正"}
ACTION_NAMES = {
    "eligibility.drafts": "从文件起草规则", "eligibility.confirm": "确认草拟规则",
    "eligibility.reject": "退回草拟规则", "eligibility.reopen": "重新审核草拟规则", "eligibility.import": "导入画像",
    "eligibility.erase": "删除画像中的个人信息", "eligibility.push": "推送给发放单位",
    "eligibility.outcome": "记录推送结果",
    "data.grant": "授权使用数据", "data.grant.suspend": "暂停数据授权", "data.access": "按授权读取数据",
    "data.access.refused": "拒绝按授权读取数据", "data.catalog.add": "登记数据目录",
    "data.catalog.edit": "修改数据目录",
    "data.catalog.narrow": "收窄共享属性（须审核）", "data.catalog.publish": "发布数据目录",
    "data.catalog.change": "登记法规修订或职能变化", "data.catalog.collector": "指定采集部门",
} | {f"data.{k}.file": f"提出{v}" for k, v in KINDS.items()} | {
    f"data.{k}.{a}": f"{v}：{name}" for k, v in KINDS.items() for a, name in _DATA_ACTS.items()}
ENTITY_LABELS = {"eligibility_drafts": "草拟规则", "eligibility_profiles": "画像", "eligibility_pushes": "推送任务",
                 "profiles": "画像", "data_request": "数据申请", "data_grant": "数据授权", "data_resource": "数据目录"}
COMMON_FIELDS = {"file": "文件", "added": "新增", "updated": "更新", "bad_rows": "无法读取的行", "ref": "编号",
           "withdrawn": "撤回的推送任务", "as_of": "对照日期", "created": "新推送", "already": "此前已推送",
           "profiles": "画像数", "rules": "规则数", "totals": "合计", "resource": "数据资源", "items": "信息项",
           "purpose": "用途", "request": "申请", "grantee_unit": "被授权单位", "grantee_user": "被授权用户",
           "personal_allowed": "可见个人信息", "valid_to": "有效期至", "on": "日期", "extension": "延期方式",
           "why": "原因", "records": "记录数", "masked": "已脱敏", "code": "资源代码", "share_type": "共享属性",
           "open_type": "开放属性", "published_on": "发布日期", "change_on": "变化日期", "collector": "采集部门"}
ENTITY_FIELDS = {"eligibility_drafts": COMMON_FIELDS | {"rule": "确认的规则（规则文件格式）", "note": "审核意见"},
                 "eligibility_pushes": COMMON_FIELDS | {"reason": "理由"}}
ENTITY_VALUES = {"eligibility_drafts": {"status": STATES}, "eligibility_pushes": {"status": STATUS_NAMES},
                 "data_request": {"status": STATUS, "kind": KINDS, "extension": EXTENSION_NAMES},
                 "data_resource": {"share_type": SHARE_TYPES, "open_type": OPEN_TYPES}}
