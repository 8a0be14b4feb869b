"""Reading a calculator's input as people type it, and telling them in Chinese what was wrong.

The same input reaches a calculator from the web form, the JSON API and ``zhengce calc``; all three go
through :func:`read_input`, so ``1,200``, ``0.12万元``, ``10亩``, ``2025年3月1日``, ``是``/``否`` and the
Chinese names of the choices (``行政事业性收费``, ``三级医院``) mean the same wherever they are typed.
Amounts and dates are read by :mod:`zhengce.text.typed`, the rule the eligibility profile uses too.
An input that cannot be read is left as it is for validation to refuse, and :func:`explain` names each
refused field by its Chinese label with the forms it accepts.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from zhengce.access.accounts import today
from zhengce.text.typed import AMOUNT_FORMS, DATE_FORMS, read_day, read_measure

# what a person reads for the codes of the input models (the codes stay the API's values), by field
CHOICES: dict[str, dict[str, str]] = {
    "cause": {"medical": "因病", "education": "因学", "disaster": "因灾", "accident": "因意外",
              "industry": "因产业失败", "other": "其他原因", "premium": "保费与赔付率（年度结算）"},
    "property_type": {"residential": "住宅", "non_residential": "非住宅"},
    "fund_family": {"general": "一般缴存职工家庭", "model_worker": "先进模范人物",
                    "talent": "高层次人才（持潇湘英才卡）"},
    "zone": {"I": "Ⅰ类区片", "II": "Ⅱ类区片"},
    "person": {"employee": "在职职工", "retiree": "退休人员"},
    "level": {"primary": "基层医疗卫生机构", "1": "一级医疗机构", "2": "二级医疗机构", "3": "三级医疗机构"},
    "applicant": {"enterprise": "企业", "university": "高校、科研院所"},
    "region": {"europe": "欧洲", "usa": "美国", "japan": "日本", "other": "其他国家或地区"},
    "titles": {"national_demonstration": "国家知识产权示范企业", "national_advantage": "国家知识产权优势企业",
               "gbt29490": "通过 GB/T 29490 认证"},
    "kind": {"administrative": "县级行政事业性收费", "service": "经营服务性收费",
             "statutory": "省、市直管部门法定不能减免的收费"},
    "owner": {"township": "乡镇管理", "county_unit": "县直单位管理"},
}
# short labels of fields (``Model.field`` where a name means different things in two models)
LABELS: dict[str, str] = {
    "cause": "申请原因", "school_type": "因学：学校类型", "property_type": "房屋类型",
    "fund_family": "公积金贷款家庭", "zone": "区片", "land_type": "地类", "person": "参保身份", "applicant": "申请人",
    "county": "县市区", "area_mu": "面积（亩）", "visits": "就诊", "series": "预报序列", "year": "结算年度",
    "ip-award.titles": "企业荣誉", "titles": "成功申报的省级及以上荣誉称号数",
    "kind": "种类", "quantity": "数量（亩、只或头）", "level": "医院级别", "eligible_cost": "政策范围内费用（元）",
    "region": "国家或地区", "cost": "维权费用（元）", "foreign": "国外案件", "insurance_paid": "保险已赔付",
    "received": "实际到账金额（元）", "related_party": "与下属企业之间", "time": "时间",
    "aqi": "AQI", "pm10": "PM10", "pm25": "PM2.5", "o3_8h": "O3 8小时", "owner": "资产权属",
    "income": "收入（元）", "taxes": "税费（元）", "amount": "金额（元）",
}
TRUE = {"是", "有", "对", "true", "1", "yes", "y", "√"}
FALSE = {"否", "无", "不是", "没有", "false", "0", "no", "n", "×"}
_UNIT_WORDS = {"元": "元", "亩": "亩", "平方米": "㎡", "㎡": "㎡"}


def label(model: type[BaseModel] | None, name: str, calculator: str = "") -> str:
    """The Chinese label of a field: the table above, else its description, else its name."""
    if f"{calculator}.{name}" in LABELS:
        return LABELS[f"{calculator}.{name}"]
    if name in LABELS:
        return LABELS[name]
    info = model.model_fields.get(name) if model is not None else None
    return (info.description if info is not None and info.description else name)


def choice_name(field: str, code: Any) -> str:
    return CHOICES.get(field, {}).get(str(code), str(code))


def _unit_of(description: str | None) -> str | None:
    """The unit a field is stated in (元, 亩, ㎡), from its description."""
    for word, unit in _UNIT_WORDS.items():
        if word in (description or ""):
            return unit
    return None


def count_hint(description: str | None) -> str:
    """What a whole-number box takes, by what it counts: a year, months, or a count."""
    text = description or ""
    if re.match(r"^[^（，]*(?:年度|年份)(?:（|$)", text):  # 结算年度, not 上年度获得的件数
        return f"年份，如 {today().year}"
    if "月数" in text:
        return "月数（整数），如 30"
    return "整数，如 2"


def _choice(field: str, allowed: tuple[str, ...], text: str) -> str:
    """A choice typed by its code, its Chinese name or a part of exactly one name (行政事业性收费)."""
    names = {code: CHOICES.get(field, {}).get(code, code) for code in allowed}
    t = text.strip()
    for code, name in names.items():
        if t in (code, name):
            return code
    found = [code for code, name in names.items() if len(t) >= 2 and (t in name or name in t)]
    if len(found) > 1:  # 非住宅用房 holds 住宅 and 非住宅: the longer name that holds the others
        longest = max(found, key=lambda c: len(names[c]))
        found = [longest] if all(names[c] in names[longest] for c in found) else found
    return found[0] if len(found) == 1 else t


def _scalar(field: str, annotation: Any, description: str | None, value: Any) -> Any:
    """One typed value read by the type of its field; what cannot be read is returned as it is."""
    if not isinstance(value, str):
        return value
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    kinds = list(typing.get_args(annotation)) if union else [annotation]
    kinds = [k for k in kinds if k is not type(None)] or kinds
    kind = kinds[0]
    if typing.get_origin(kind) is typing.Annotated:  # list[Annotated[int, Field(le=600)]]: the int inside
        kind = typing.get_args(kind)[0]
    if typing.get_origin(kind) is typing.Literal:
        return _choice(field, tuple(str(a) for a in typing.get_args(kind)), value)
    if kind is bool:
        t = value.strip().lower()
        return True if t in TRUE else (False if t in FALSE else value)
    if kind is date:
        try:
            return read_day(value).isoformat()
        except ValueError:
            return value
    if kind is datetime:
        return _moment(value)
    if kind in (Decimal, int):
        measure = read_measure(value)
        if measure is None:
            return value
        number, unit = measure
        wanted = _unit_of(description)
        if unit is not None and wanted is not None and unit != wanted:
            return value  # 10亩 in a box of 元: refused, not read as 10 元
        if kind is int:  # a count (月数, 件数, 年度) takes no unit: 120万元 in a box of months is refused
            return int(number) if unit is None and number == number.to_integral_value() else value
        return str(number)
    return value


_MOMENT = re.compile(r"^(?P<day>.+?日|\S+?)(?:\s*[T\s]\s*|(?<=日))(?P<h>\d{1,2})\s*"
                     r"(?:[:：](?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?|[时点](?:(?P<m2>\d{1,2})分?)?)?$")


def _moment(value: str) -> str:
    """A moment as people write it (2024年12月1日 8时, 2024/12/1 08:00) in ISO form; the text itself otherwise."""
    text = value.strip()
    m = _MOMENT.match(text)
    if m is None and re.search(r"[T\s:时点]", text.rstrip("日")):
        return value  # a time it cannot read: left for validation to refuse
    try:
        day = read_day(m.group("day") if m else text)
    except ValueError:
        return value
    if m is None:
        return day.isoformat() + "T00:00"
    hour, minute = int(m.group("h")), int(m.group("m") or m.group("m2") or 0)
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else value


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for a in (annotation, *typing.get_args(annotation)):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def read_input(model: type[BaseModel], raw: Any) -> Any:
    """The input with what people type read as the model's types (nested models and lists included);
    anything else is left for validation to judge."""
    if not isinstance(raw, dict):
        return raw
    out = dict(raw)
    for name, info in model.model_fields.items():
        if name not in out:
            continue
        value, annotation = out[name], info.annotation
        inner = _model_in(annotation)
        if isinstance(value, list) and typing.get_origin(annotation) is list:
            item = typing.get_args(annotation)[0]
            sub = _model_in(item)
            out[name] = [read_input(sub, v) if sub is not None else _scalar(name, item, info.description, v)
                         for v in value]
        elif isinstance(value, dict) and inner is not None:
            out[name] = read_input(inner, value)
        else:
            out[name] = _scalar(name, annotation, info.description, value)
    return out


def _at(model: type[BaseModel] | None, loc: tuple[Any, ...], calculator: str) -> tuple[str, type[BaseModel] | None]:
    """Where an error is, in words (``就诊第2项的医院级别``), and the model that holds its last field."""
    words: list[str] = []
    for k, part in enumerate(loc):
        if isinstance(part, int):
            words.append(f"第{part + 1}项")
            continue
        words.append(("的" if words else "") + label(model, str(part), calculator if k == 0 else ""))
        if k < len(loc) - 1:
            info = model.model_fields.get(str(part)) if model is not None else None
            annotation = info.annotation if info is not None else None
            model = _model_in(annotation) or next(
                (_model_in(a) for a in typing.get_args(annotation) if _model_in(a)), None)
    return "".join(words) or "输入", model


def _literal_codes(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return next((codes for a in typing.get_args(annotation) if (codes := _literal_codes(a))), [])


def _allowed(model: type[BaseModel] | None, field: str, error_type: str, outer: Any = None) -> str:
    """What a refused field accepts, in the words a person types (``outer``: the list field holding it)."""
    info = model.model_fields.get(field) if model is not None else None
    info = info or outer
    if error_type in {"literal_error", "enum"}:
        codes = _literal_codes(info.annotation if info is not None else None)
        return "应为 " + "、".join(choice_name(field, c) for c in codes) + " 之一"
    if error_type.startswith("bool"):
        return "应为 是 或 否"
    if error_type.startswith("decimal") or error_type.startswith("float"):
        unit = _unit_of(info.description if info else None)
        return "应为数字，如 10、10亩" if unit == "亩" else (
            "应为数字，如 110、110㎡、110平方米" if unit == "㎡" else f"应为金额，{AMOUNT_FORMS}")
    if error_type.startswith("int"):
        return f"应为{count_hint(info.description if info else None)}（不带金额单位）"
    annotation = info.annotation if info is not None else None
    if error_type.startswith("datetime") or annotation is datetime:
        return "应为时间，如 2024-12-01 08:00 或 2024年12月1日 8时"
    if error_type.startswith("date"):
        return f"应为日期，{DATE_FORMS}"
    return ""


_MESSAGES = {
    "missing": "缺少此项", "greater_than_equal": "数值过小", "greater_than": "数值过小", "less_than_equal": "数值过大",
    "less_than": "数值过大", "list_type": "应为列表", "model_type": "应为对象", "too_long": "项数过多",
}


def explain(error: ValidationError, model: type[BaseModel] | None = None, calculator: str = "") -> str:
    """Every problem of an input: the field by its Chinese label and what it accepts, then the same in
    English (``中文 / English``)."""
    chinese, english = [], []
    for e in error.errors():
        loc = tuple(e["loc"])
        where, holder = _at(model, loc, calculator)
        field = next((str(x) for x in reversed(loc) if not isinstance(x, int)), "")
        ctx = e.get("ctx") or {}
        if e["type"] == "extra_forbidden":
            known = list(holder.model_fields) if holder is not None else []
            names = "、".join(f"{k}（{label(holder, k)}）" for k in known)
            what = "没有这一项" + (f"（可用：{names}）" if known else "")
            where = field or where
        elif e["type"] in _MESSAGES:
            what = _MESSAGES[e["type"]]
            bounds = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
            if any(k in ctx for k in bounds):
                what += "（应" + "，".join(f"{bounds[k]} {ctx[k]}" for k in bounds if k in ctx) + "）"
        elif e["type"] == "value_error" and ctx.get("error"):
            what = str(ctx["error"]).split(" / ")[0]  # a validator's own message, Chinese first
        else:
            outer = model.model_fields.get(str(loc[0])) if model is not None and loc else None
            what = _allowed(holder, field, e["type"], outer) or "取值有误"
        chinese.append(f"“{where}”：{what}")
        english.append(f"{'.'.join(str(x) for x in loc) or 'input'}: {e['msg']}")
    return "；".join(chinese) + " / " + "; ".join(english)


# whitespace parts a word from a number (二级 1200, 三甲医院 800), not a date from its time (2024-12-01 08:00,
# 2024年12月1日 8时) nor a number from its unit (1200 元)
_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\s元块万亿亩㎡平])(?!\d{1,2}\s*[:：时点])"
                  r"|(?<=[\dA-Za-z])\s+(?=[^\x00-\x7f元块万亿亩㎡平])"
                  r"|(?<=[A-Za-z])\s+(?=\d)")
_SEPARATORS = re.compile(r"[，、；;|\t,]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def split_line(line: str, fields: int) -> list[str]:
    """One line of a per-line box as the values of its ``fields`` fields (0: a box of single values, each
    part of the line one of them).

    Values are parted by ，、；; or a tab, by a space between a word and a number, and by an ASCII comma — except
    one that groups thousands (``1,200``, ``2,000,000``) when reading it so is what makes the line fit: ``3,5000``
    is two values, ``二级，1,200`` two (1200), ``1,100`` on a line of two fields two (1 and 100)."""
    text = _GAP.sub("，", line.strip())
    grouped = [p.strip() for p in _SEPARATORS.split(_THOUSANDS.sub("", text)) if p.strip()]
    if fields <= 1:
        return grouped
    every = [p.strip() for p in _SEPARATORS.split(text) if p.strip()]
    return every if len(every) <= fields else grouped
