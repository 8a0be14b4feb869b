"""What people type into a box: amounts and quantities with their units, and dates — one rule everywhere.

The calculators (form, API, CLI), the eligibility profile and any query that takes a date read their
input with these, so ``1,200``, ``１２００元``, ``0.12万元``, ``10亩``, ``110㎡`` and ``2025年3月1日``,
``2025/3/1``, ``2025-03-01`` mean the same thing wherever they are typed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

# units as typed (after NFKC: ㎡ is m2) → the unit they stand for
UNITS = {"元": "元", "块": "元", "块钱": "元", "亩": "亩", "m2": "㎡", "平方米": "㎡", "平米": "㎡", "平方": "㎡"}
_SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
# thousands are grouped by three after the first group: 1,200 and 2,000,000, not 1,20 or 12,0000
_NUMBER = re.compile(r"^(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>[^\d.,]*2?)$")
AMOUNT_FORMS = "如 1200、1,200、1200元、0.12万元"
DATE_FORMS = "如 2025-03-01、2025/3/1 或 2025年3月1日"


def read_measure(text: str) -> tuple[Decimal, str | None] | None:
    """A number as people type it and its unit, if any: ``30,000`` → (30000, None), ``2.5万元`` →
    (25000, 元), ``10亩`` → (10, 亩), ``110㎡`` → (110, ㎡); None when the text is not one."""
    t = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "").replace("，", ",")
    m = _NUMBER.match(t)
    if m is None:
        return None
    unit = m.group("unit")
    if unit and unit not in UNITS:
        return None
    scale = _SCALES.get(m.group("scale") or "", Decimal(1))
    return Decimal(m.group("n").replace(",", "")) * scale, (UNITS[unit] if unit else None)


def read_amount(text: str) -> Decimal | None:
    """An amount or quantity as people type it: ``30000``, ``30,000``, ``３０，０００``, ``3万``, ``2.5万元``,
    ``1.2亿``, ``9000元``, ``10亩``, ``110㎡`` — or None when it is not one (``1,20`` is not)."""
    measure = read_measure(text)
    return None if measure is None else measure[0]


def cn_day(day: date) -> str:
    """A date as people write it: 2025年7月21日."""
    return f"{day.year}年{day.month}月{day.day}日"


_DAY = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:[ T].*)?")


def read_day(text: str) -> date:
    """A date written 2024-09-15, 2024/9/15, 2024.09.15 or 2024年9月15日 (full-width digits too); ValueError
    in Chinese otherwise."""
    m = _DAY.fullmatch(unicodedata.normalize("NFKC", str(text)).strip())
    if not m:
        raise ValueError(f"应为日期，{DATE_FORMS}")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"没有这一天（{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日）") from None


def read_date(text: str) -> date:
    """A date from a query or a form: :func:`read_day`'s forms, else any ISO form Python reads (a timestamp
    with its zone, 20250601); ValueError with :func:`read_day`'s Chinese message otherwise."""
    try:
        return read_day(text)
    except ValueError as e:
        try:
            return datetime.fromisoformat(str(text).strip()).date()
        except ValueError:
            raise e from None


_SUFFIXES = ("瑶族自治县", "自治县", "区", "县", "市")


def place_key(name: str) -> str:
    """A place name without its province/city prefix and its administrative suffix:
    ``永州市冷水滩区`` → ``冷水滩``, ``江华瑶族自治县`` and ``江华县`` → ``江华``."""
    text = re.sub(r"\s+", "", name or "").replace("经开区", "经济技术开发区")
    if text.endswith("开发区"):
        return re.sub(r"^.{1,4}?省", "", text)
    text = re.sub(r"^.{1,4}?省", "", text)
    m = re.match(r"^(.{2,4}?)市(.+)$", text)
    if m and len(m.group(2)) >= 2:
        text = m.group(2)
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text
