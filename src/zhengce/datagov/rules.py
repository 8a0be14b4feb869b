"""Government data resources (政务数据): the statutory clocks and the masking of personal data.

The clocks are those of 《永州市政务大数据管理办法》（永政办发〔2022〕13号）, each counted in working
days on the Chinese calendar (:mod:`zhengce.workdays`, 调休 included) from the day after the event
("在收到异议之日起的1个工作日内" and the like: the day of the event itself is not counted).

Hand-checked on the 2024 National Day calendar (10-01…10-07 off, 09-29 and 10-12 make-up working
days): a 有条件共享 request filed on Friday 09-27 counts 09-29, 09-30, 10-08…10-12, 10-14, 10-15,
10-16 and is due 10-16; a 校核 raised the same day is due 10-10 (5 days), 10-30 after an extension of
15 more days, 10-23 when the 15 days are the whole period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from zhengce.calendar.workdays import add_working_days

SOURCE_DOC = "《永州市政务大数据管理办法》（永政办发〔2022〕13号）"
EXTENSIONS = ("additional", "total")
EXTENSION_NAMES = {"additional": "延长期限另计15个工作日（5+15）", "total": "校核期限合计不超过15个工作日"}


@dataclass(frozen=True, slots=True)
class Clock:
    kind: str
    days: int
    clause: str  # where the limit is written
    name: str
    text: str  # the duty, in the clause's words


CLOCKS: dict[str, Clock] = {c.kind: c for c in (
    Clock("share-request", 10, "第十八条第（二）项", "有条件共享申请答复",
          "市政务数据主管部门会同提供部门在10个工作日内提出意见并反馈"),
    Clock("check", 5, "第二十一条第二款", "共享数据校核", "提供部门应在5个工作日内予以校核"),
    # the extension: "延长期限最长不得超过15个工作日" — read by default as 15 working days more
    # (the extension itself is limited); the option ``extension=total`` reads it as the whole period
    Clock("check-extended", 15, "第二十一条第二款", "共享数据校核（经负责人同意延长）",
          "需延长校核期限的，应经提供部门负责人同意并告知使用部门，延长期限最长不得超过15个工作日"),
    # "在收到异议之日起的1个工作日内": counted like the other clocks, from the day after receipt — an objection
    # received on Friday 2024-09-27 is flagged by the make-up Sunday 09-29 (issue 19's hand-checked date)
    Clock("objection-flag", 1, "第三十四条第二款", "异议标注", "在收到异议之日起的1个工作日内作出异议标注"),
    Clock("objection-decision", 5, "第三十四条第二款第（一）项", "异议更正决定（主管部门）",
          "在收到异议之日起的5个工作日内作出是否更正的决定"),
    Clock("objection-forward", 2, "第三十四条第二款第（二）项", "异议转交政务部门",
          "在收到异议之日起的2个工作日内转交相关政务部门办理"),
    Clock("objection-department", 5, "第三十四条第二款第（二）项", "异议更正决定（政务部门，自收到转办起）",
          "政务部门应在收到异议转办之日起5个工作日内作出是否更正的决定"),
    Clock("open-application", 15, "第二十六条第一款", "有条件开放申请处理", "政务部门应在15个工作日内处理"),
    Clock("catalog-update", 15, "第十三条第二款", "数据目录更新（法律法规修订或职能变化）",
          "自法律法规作出修订或者行政管理职能发生变化之日起15个工作日内更新政务数据目录"),
)}


class DataError(ValueError):
    """A request about data resources that cannot be carried out; the message says why (Chinese / English)."""


@dataclass(frozen=True, slots=True)
class Due:
    kind: str
    start: date
    due: date
    days: int
    clause: str
    name: str
    text: str
    estimated: bool
    source: str
    extension: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "from": self.start.isoformat(), "due": self.due.isoformat(), "days": self.days,
                "clause": self.clause, "document": SOURCE_DOC, "name": self.name, "text": self.text,
                "estimated": self.estimated, "calendar": self.source, "extension": self.extension}


def clock_days(kind: str, extension: str = "additional") -> int:
    if kind not in CLOCKS:
        raise DataError(f"未知的时限种类 {kind!r}，可选：{', '.join(CLOCKS)} / unknown kind")
    if extension not in EXTENSIONS:
        raise DataError(f"延期的读法只能是 {' 或 '.join(EXTENSIONS)} / extension must be additional or total")
    if kind == "check-extended":
        return CLOCKS["check"].days + 15 if extension == "additional" else 15
    return CLOCKS[kind].days


def deadline(kind: str, start: date, extension: str = "additional") -> Due:
    """When the duty of ``kind`` that began on ``start`` falls due (``start`` not counted)."""
    days = clock_days(kind, extension)
    c = CLOCKS[kind]
    result = add_working_days(start, days)
    return Due(kind, start, result.date, days, c.clause, c.name, c.text, result.estimated, result.source,
               extension if kind == "check-extended" else None)


# --- masking -------------------------------------------------------------------------------------------------

MASK_TYPES = ("id", "mobile", "name")
MASK_NAMES = {"id": "身份证号（保留前6位和后4位）", "mobile": "手机号（保留前3位和后4位）", "name": "姓名（保留首字）"}
_MOBILE = re.compile(r"1[3-9]\d{9}")
_NAME = re.compile(r"[\u3400-\u9fff·•．.A-Za-z]{1,30}")


def mask_id(value: str) -> str:
    """A resident identity number (居民身份证号码): the 6-digit region and the last 4 kept, the birth date hidden."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    try:
        number = ric.validate(value.strip())
    except ValidationError as exc:
        raise DataError(f"不是有效的居民身份证号码（{_why(exc)}），不予提供"
                        " / invalid resident identity number") from None
    return number[:6] + "*" * 8 + number[-4:]


def _why(exc: Exception) -> str:
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    if isinstance(exc, InvalidLength):
        return "位数不对，应为18位"
    if isinstance(exc, InvalidChecksum):
        return "校验码不符"
    if isinstance(exc, InvalidComponent):
        return "出生日期或地区码不成立"
    if isinstance(exc, InvalidFormat):
        return "含有数字以外的字符"
    return "格式不符"


def mask_mobile(value: str) -> str:
    """A mainland mobile number: the first 3 and the last 4 digits kept."""
    digits = re.sub(r"[\s\-]", "", value)
    digits = re.sub(r"^(?:\+?86)(?=1\d{10}$)", "", digits)
    if not _MOBILE.fullmatch(digits):
        raise DataError("不是有效的手机号码（应为1开头的11位数字），不予提供 / invalid mobile number")
    return digits[:3] + "****" + digits[-4:]


def mask_name(value: str) -> str:
    """A person's name: the first character (the surname, mostly) kept, the rest hidden."""
    name = value.strip()
    if not _NAME.fullmatch(name):
        raise DataError("不是有效的姓名，不予提供 / invalid name")
    return name[0] + "*" * max(1, len(name) - 1) if len(name) > 1 else "*"


def mask(kind: str, value: str) -> str:
    if kind == "id":
        return mask_id(value)
    if kind == "mobile":
        return mask_mobile(value)
    if kind == "name":
        return mask_name(value)
    raise DataError(f"未知的脱敏类型 {kind!r}，可选：{', '.join(MASK_TYPES)} / unknown type")


__all__ = ["CLOCKS", "EXTENSIONS", "MASK_NAMES", "MASK_TYPES", "SOURCE_DOC", "Clock", "DataError", "Due", "clock_days",
           "deadline", "mask", "mask_id", "mask_mobile", "mask_name"]
