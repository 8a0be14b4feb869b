"""Profiles of residents and enterprises: typed keys, and places read the way people write them.

A key that is absent is unknown — never false, never zero. ``PROFILE_KEYS`` lists every key a rule
may ask about, with its type and the question a person is asked for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from zhengce.text.typed import place_key, read_amount, read_day


class ProfileError(ValueError):
    """A profile that cannot be read; the message names every bad key, in Chinese and English."""


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    type: str  # str, date, bool, int, decimal, list, choice
    question: str
    choices: tuple[str, ...] = ()
    enterprise: str = ""  # the question as a company is asked it, when the person's wording does not fit

    def asked(self, kind: str | None) -> str:
        """The question in the words that fit the asker's kind (个人/家庭 or 企业)."""
        return self.enterprise if kind == "enterprise" and self.enterprise else self.question


PROFILE_KEYS: dict[str, Key] = {k.name: k for k in (
    Key("kind", "choice", "申请人是个人、家庭还是企业？", ("person", "household", "enterprise")),
    Key("county", "str", "所在（或房屋所在）的县市区是哪里？", enterprise="企业所在（或所购房产所在）的县市区是哪里？"),
    Key("township", "str", "所在乡镇（街道）是哪里？"),
    Key("purchase_date", "date", "购房合同签订（网签备案）日期是哪天？",
        enterprise="企业购买商品房（含非住宅）的，买卖合同签订（网签备案）日期是哪天？未购房可不填"),
    Key("home_type", "choice", "所购房屋是新建商品住房、新建非住宅还是二手房？",
        ("new_residential", "second_hand", "non_residential"),
        enterprise="企业所购房产是新建非住宅、新建商品住房还是二手房？"),
    Key("first_home", "bool", "是否首次购买新建商品住房（首套）？"),
    Key("area_m2", "decimal", "房屋建筑面积是多少平方米？", enterprise="企业所购房产的建筑面积是多少平方米？"),
    Key("deed_tax_paid", "decimal", "已缴清的契税是多少元？", enterprise="企业购房已缴清的契税是多少元？"),
    Key("children", "int", "家中符合生育政策的子女有几个？"),
    Key("park_employment_months", "int", "申请人在园区同一规模工业企业连续稳定就业多少个月？"),
    Key("spouse_park_employment_months", "int",
        "配偶在园区同一规模工业企业连续稳定就业多少个月？（无配偶或未在园区就业填 0）"),
    Key("application_date", "date", "申报日期是哪天？"),
    Key("talent_recognised", "bool", "是否为经认定的引进人才？"),
    Key("monitoring_group", "list", "是否属于防返贫监测帮扶对象？属于哪一类（脱贫户、边缘易致贫户、脱贫不稳定户、"
                                    "突发严重困难户、重病重残人员）？不属于请填“无”。"),
    Key("staff_medical_insurance", "choice", "职工基本医疗保险参保身份：在职职工、退休人员，或未参加职工医保？",
        ("employee", "retiree", "none")),
    Key("enterprise_size", "choice", "企业规模（大型、中型、小型、微型）？", ("large", "medium", "small", "micro")),
    Key("industry", "str", "企业所属行业（如 服务业、制造业、农业）？"),
    Key("invention_patents_last_year", "int", "上年度获得授权的国内发明专利有几件？"),
    Key("unemployment_insurance_paid", "bool", "是否依法参加失业保险并足额缴费？"),
    Key("layoffs", "choice", "上年度是否裁员：不裁员、少裁员，还是裁员较多？", ("none", "few", "many")),
    Key("farm_machinery_purchase", "bool", "是否购置（或报废更新）农业机械？"),
    Key("certifications", "list", "持有哪些认定、资质或名单身份（如 高新技术企业、专精特新、潇湘英才卡）？"),
    Key("patent_pledge_loan", "decimal", "以自有专利权质押获得的银行贷款额度是多少元？（没有填 0）"),
    Key("ip_title", "choice", "新认定或通过复核的知识产权称号：国家知识产权示范企业、国家知识产权优势企业、"
                              "通过 GB/T 29490 认证，还是都没有？", ("national_demonstration", "national_advantage",
                                                                  "gbt29490", "none")),
)}

# what a person reads for each coded choice (the code stays the value in profiles and the API)
CHOICE_NAMES: dict[str, dict[str, str]] = {
    "kind": {"person": "个人", "household": "家庭", "enterprise": "企业"},
    "home_type": {"new_residential": "新建商品住房", "second_hand": "二手房", "non_residential": "新建非住宅"},
    "staff_medical_insurance": {"employee": "在职职工", "retiree": "退休人员", "none": "未参加职工医保"},
    "enterprise_size": {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"},
    "layoffs": {"none": "不裁员", "few": "少裁员", "many": "裁员较多"},
    "ip_title": {"national_demonstration": "国家知识产权示范企业", "national_advantage": "国家知识产权优势企业",
                 "gbt29490": "通过 GB/T 29490 认证", "none": "都没有"},
}


def choice_name(key: str, value: Any) -> str:
    """The Chinese name of a coded choice (the value itself when it has none)."""
    return CHOICE_NAMES.get(key, {}).get(str(value), str(value))


_TRUE = {"true", "1", "yes", "y", "是", "有", "对", "t"}
_FALSE = {"false", "0", "no", "n", "否", "无", "没有", "f"}


def _read(key: Key, value: Any) -> Any:
    if key.type in {"str", "choice"}:
        text = str(value).strip()
        text = next((code for code, name in CHOICE_NAMES.get(key.name, {}).items() if name == text), text)
        if key.type == "choice" and text not in key.choices:
            raise ValueError(f"应为 {'、'.join(choice_name(key.name, c) for c in key.choices)} 之一")
        return text
    if key.type == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return read_day(str(value))
    if key.type == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("应为 true 或 false（是/否）")
    if key.type == "int":
        if isinstance(value, bool):
            raise ValueError("应为整数")
        number = value if isinstance(value, (int, Decimal)) else read_amount(str(value))
        if number is None:
            raise ValueError("应为整数，如 2")
        number = Decimal(number)
        if number != number.to_integral_value() or number < 0:
            raise ValueError("应为非负整数")
        return int(number)
    if key.type == "decimal":
        if isinstance(value, bool):
            raise ValueError("应为数字")
        number = value if isinstance(value, (int, Decimal)) else read_amount(str(value))
        if number is None:
            raise ValueError("应为金额或数量，如 9000、9,000、0.9万")
        number = Decimal(number)
        if not number.is_finite() or number < 0:
            raise ValueError("应为非负数")
        return number
    if key.type == "list":
        if isinstance(value, str):
            if value.strip() in _FALSE | {"不属于", "不是", "都不是"}:
                return []  # 无: known to be none (an empty answer stays unknown)
            return _known(key, [p for p in (x.strip() for x in re.split(r"[、,，;；]", value)) if p])
        if isinstance(value, list):
            return _known(key, [str(x).strip() for x in value if str(x).strip()])
        raise ValueError("应为列表，如 [\"脱贫户\"] 或 “脱贫户、低保户”")
    raise ValueError("未知类型")  # pragma: no cover - the table above has no other type


# the values a closed list takes (a value outside it is reported, never kept silently); certifications stay open
LIST_VALUES: dict[str, tuple[str, ...]] = {
    "monitoring_group": ("脱贫户", "已脱贫建档立卡贫困户", "边缘易致贫户", "脱贫不稳定户", "突发严重困难户",
                         "重病重残人员", "重病", "重残"),
}


def _known(key: Key, values: list[str]) -> list[str]:
    allowed = LIST_VALUES.get(key.name)
    unknown = [v for v in values if allowed and v not in allowed]
    if unknown:
        raise ValueError(f"“{'、'.join(unknown)}”不是可选的一项，应为 {'、'.join(allowed or ())} 中的一项或几项")
    return values


def read_profile(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """The typed profile and the keys that were ignored (not asked by any rule).

    ``None`` and empty strings count as absent (unknown). Every bad value is named in one error."""
    if not isinstance(raw, dict):
        raise ProfileError("画像应为 JSON 对象 / the profile must be a JSON object")
    out: dict[str, Any] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for name, value in raw.items():
        key = PROFILE_KEYS.get(str(name))
        if key is None:
            ignored.append(str(name))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            out[key.name] = _read(key, value)
        except ValueError as e:  # our own messages, in Chinese
            problems.append(f"{key.question.split('？')[0]}（{name}）：{e}（读到“{value}”）")
        except (InvalidOperation, TypeError):
            problems.append(f"{key.question.split('？')[0]}（{name}）：格式不正确（读到“{value}”）")
    if problems:
        raise ProfileError("；".join(problems) + " / invalid profile values")
    return out, ignored


__all__ = ["LIST_VALUES", "PROFILE_KEYS", "Key", "ProfileError", "place_key", "read_day", "read_profile"]
