"""The notation shared by every stage: 发文字号, 统一登记号, Chinese numerals and dates.

Public names: DocNumber, RegCode, DOC_NUMBER, DOC_NUMBER_DAMAGED, REG_CODE, DATE, DATE_ANY, ISO_DATE, DIGIT_DATE,
CN_NUM, parse_doc_number, parse_damaged_doc_number, parse_reg_code, cn_int, make_date, parse_date,
parse_digit_date, MISREAD_DATE, parse_misread_date (a signature's date with 年/月/日 misread by OCR),
add_years, ISSUING, issued_title, title_key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from zhengce.text.anchored import Anchored
from zhengce.text.normalise import fold, squash


@dataclass(slots=True)
class DocNumber:
    """发文字号 such as 永政办发〔2024〕10号: agency code, year, serial."""

    text: str  # normalised (folded characters, 〔〕): for matching and storage
    agency: str
    year: int
    serial: int
    printed: str = ""  # in the characters of the page (粵府〔2022〕13號), brackets normalised: for export


@dataclass(slots=True)
class RegCode:
    """Normative-document registration code PREFIX-YYYY-TTNNN (统一登记号)."""

    text: str  # normalised with ASCII dashes: for matching and storage
    prefix: str
    year: int
    type_code: str
    serial: int
    printed: str = ""  # as printed (its own dashes), spaces dropped: for export



# --- 发文字号 --------------------------------------------------------------------------------------

_OPEN = re.escape("〔[［(（【﹝„")  # „‟: the brackets of a page whose 〔〕 were decoded wrongly
_CLOSE = re.escape("〕]］)）】﹞‟")
DOC_NUMBER = re.compile(
    rf"(?P<agency>[\u4e00-\u9fff]{{1,12}})\s*[{_OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{_CLOSE}]"
    r"\s*(?:第\s*)?(?P<serial>\d{1,5})\s*号"
)
# the same, tried only before a bracketed year (the agency is at most 12 characters): for long texts
DOC_NUMBER_SCAN = Anchored(DOC_NUMBER, rf"[{_OPEN}]\s*(?:19|20)\d{{2}}", back=12)


def parse_doc_number(text: str, shown: str | None = None) -> DocNumber | None:
    """Find and normalise a 发文字号 (any bracket style) to ``AGENCY〔YYYY〕N号``; with ``shown`` (the printed
    characters of ``text``, of the same length, ``text`` being folded) also as printed (粵府〔2022〕13號)."""
    m = DOC_NUMBER.search(text)
    if not m:
        return None
    agency = m.group("agency")
    year = int(m.group("year"))
    serial = int(m.group("serial"))
    number = DocNumber(f"{agency}〔{year}〕{serial}号", agency, year, serial)
    if shown is not None and len(shown) == len(text):
        digits = m.group("serial")  # as printed: 〔2024〕05号 keeps its zero
        number.printed = f"{shown[m.start('agency') : m.end('agency')]}〔{year}〕{digits}{shown[m.end() - 1]}"
    return number


# A 发文字号 damaged on a web page: a bracket lost (沙政〔2012478, 沙政2012〕478号) or 号 dropped. Kept as
# printed, with the reading it stands for in a warning.
DOC_NUMBER_DAMAGED = re.compile(
    rf"(?P<agency>[\u4e00-\u9fff]{{1,12}}?)\s*(?:[{_OPEN}]\s*(?P<y1>(?:19|20)\d{{2}})\s*[{_CLOSE}]?"
    rf"|(?P<y2>(?:19|20)\d{{2}})\s*[{_CLOSE}])\s*(?:第\s*)?(?P<serial>\d{{1,5}})\s*号?"
)


def parse_damaged_doc_number(text: str, shown: str | None = None) -> tuple[DocNumber, str] | None:
    """A 发文字号 that lost a bracket or its 号: (the number as printed, a warning with its reading)."""
    m = DOC_NUMBER_DAMAGED.search(text)
    if not m or not re.search(r"[政府办发函字委局规]", m.group("agency")):
        return None
    year = int(m.group("y1") or m.group("y2"))
    serial = int(m.group("serial"))
    printed = re.sub(r"\s+", "", m.group(0))
    as_printed = printed
    if shown is not None and len(shown) == len(text):
        as_printed = re.sub(r"\s+", "", shown[m.start() : m.end()])
    reading = f"{m.group('agency')}〔{year}〕{serial}号"
    warning = (f"文号“{printed}”印刷不完整，按“{reading}”理解 / document number printed incompletely, "
               f"read as {reading}")
    return DocNumber(printed, m.group("agency"), year, serial, as_printed), warning


# --- 统一登记号 -------------------------------------------------------------------------------------

REG_CODE = re.compile(r"(?<![A-Za-z])(?P<prefix>[A-Z]{2,8})\s*[-－—–‐]\s*(?P<year>(?:19|20)\d{2})\s*[-－—–‐]\s*"
                      r"(?P<rest>\d{4,6})(?!\d)")


def parse_reg_code(text: str) -> RegCode | None:
    m = REG_CODE.search(fold(text))
    if not m:
        return None
    rest = m.group("rest")
    type_code, serial = (rest[:2], rest[2:]) if len(rest) >= 5 else ("", rest)
    prefix, year = m.group("prefix"), int(m.group("year"))
    printed = re.sub(r"\s+", "", text[m.start() : m.end()])  # fold keeps offsets: the span as printed
    return RegCode(f"{prefix}-{year}-{rest}", prefix, year, type_code, int(serial), printed)


# --- dates ---------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0, "０": 0, "一": 1, "二": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "〇○零ＯOo0０一二三四五六七八九十"  # a year typed with the letter O or a digit 0 (二OO三, 二0一九)
DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*日"
)
DATE_ANY = re.sub(r"\(\?P<\w+>", "(?:", DATE.pattern)  # the same pattern without named groups
ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def cn_int(text: str) -> int | None:
    """'12' -> 12, '十二' -> 12, '二十一' -> 21, '二〇二四' -> 2024."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text:
        return None
    if "十" not in text and "百" not in text:
        digits = [_CN_DIGITS.get(ch) for ch in text]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    try:
        import cn2an

        return int(cn2an.cn2an(text, "smart"))
    except Exception:
        return None


def make_date(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    m = DATE.search(text)
    if m:
        return make_date(cn_int(m.group("y")), cn_int(m.group("m")), cn_int(m.group("d")))
    m = ISO_DATE.search(text)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = ZEROS_DROPPED.search(text)  # 二三年十月十五日: the 〇 of 二〇〇三 lost in the page's encoding
    if m:
        y = m.group("y")
        return make_date(2000 + cn_int(y[1:]) if len(y) == 2 else 2000 + 10 * cn_int(y[1]) + cn_int(y[2]),
                         cn_int(m.group("m")), cn_int(m.group("d")))
    return None


ZEROS_DROPPED = re.compile(r"(?<![〇○零Ｏ\d一二三四五六七八九十])(?P<y>二[一二三四五六七八九]{1,2})年"
                           r"(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日")


DIGIT_DATE = re.compile(r"^\s*((?:19|20)\d{2})(\d{1,2})(\d{1,2})\s*$")


def parse_digit_date(text: str, before: date | None = None) -> tuple[date, str] | None:
    """A signing date printed without 年月日 (``2024115``, or with only 日 kept: ``2022121日``): the readings
    that make a date, the one closest before ``before`` (the publication date) when there are two; and a
    warning that says so."""
    m = re.match(r"^\s*((?:19|20)\d{2})\s*年?\s*(\d{2,4})\s*日?\s*$", text)  # 2024115, 2022121日, 2018年210
    if not m:
        return None
    year, rest = int(m.group(1)), m.group(2)
    readings = []
    for cut in range(1, len(rest)):
        mm, dd = rest[:cut], rest[cut:]
        if len(mm) > 2 or len(dd) > 2:
            continue
        d = make_date(year, int(mm), int(dd))
        if d is not None and d not in readings:
            readings.append(d)
    if not readings:
        return None
    if before is not None:
        earlier = [d for d in readings if d <= before]
        if earlier:
            readings = [max(earlier)]
    chosen = readings[0]
    warning = (f"落款日期“{text.strip()}”缺少年月日，按 {chosen.isoformat()} 理解 / signing date printed without "
               f"年月日, read as {chosen.isoformat()}")
    return chosen, warning


# characters OCR reads for 年, 月 and 日 in the 仿宋 and 宋体 of a signature (Tesseract's chi_sim, PP-OCR)
MISREAD_MARKS = {"年": "午牛平丰车", "月": "有用目日丹冃円片", "日": "曰目口白臼田旦囗"}


def _mark(mark: str) -> str:
    """The place of 年, 月 or 日 printed right (``right``) or misread: its look-alike instead, or a look-alike of
    any of the three beside it (a mark read twice: 28有日)."""
    alike, beside = MISREAD_MARKS[mark], "".join(MISREAD_MARKS.values())
    return rf"(?:(?P<{_NAMES[mark]}_right>{mark})|(?P<{_NAMES[mark]}>[{alike}]|[{beside}]{mark}|{mark}[{beside}]))"


_NAMES = {"年": "y", "月": "m", "日": "d"}
MISREAD_DATE = re.compile(rf"^\s*(?P<year>(?:19|20)\d{{2}})\s*{_mark('年')}\s*(?P<month>\d{{1,2}})\s*{_mark('月')}"
                          rf"\s*(?P<day>\d{{1,2}})\s*{_mark('日')}\s*$")


def parse_misread_date(text: str) -> tuple[date, str] | None:
    """A line that is a date in figures whose 年, 月 or 日 — one of them — OCR misread as a look-alike or with a
    look-alike beside it (``2025年3有28日``, ``2025年3月28有日``): the date and a warning naming what was
    read. For the signature's date line only (its caller knows the position); None for anything else."""
    m = MISREAD_DATE.match(text)
    if m is None:
        return None
    wrong = [(mark, m.group(key)) for mark, key in _NAMES.items() if m.group(key) is not None]
    if len(wrong) != 1:
        return None  # two marks misread: too little left to be sure it is a date
    found = make_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    if found is None:
        return None
    mark, read = wrong[0]
    return found, (f"落款日期“{text.strip()}”中的“{read}”疑为“{mark}”的识别错误，按 {found.isoformat()} 理解 / "
                   f"signing date with “{read}” read for “{mark}”, taken as {found.isoformat()}")


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# 关于印发《X方案》的通知: the notice that issues a plan names it in book-title marks
ISSUING = re.compile(r"关于印发[《〈]([^》〉]+)[》〉]")


def issued_title(title: str | None) -> str | None:
    """The title of what a notice issues (关于印发《X方案》的通知 → X方案); None for any other title."""
    m = ISSUING.search(title or "")
    return m.group(1) if m else None


def title_key(title: str | None) -> str | None:
    """What a title is matched by: the issued plan's title when it names one, folded (``squash``)."""
    return squash(issued_title(title) or title) if title else None
