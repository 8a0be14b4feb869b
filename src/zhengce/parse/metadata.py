"""Metadata of official documents (GB/T 9704 公文 elements): numbers, codes, dates, issuers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from zhengce.parse.model import DocNumber, Gazette, Validity
from zhengce.text.anchored import Anchored
from zhengce.text.lexicon import CN_NUM, DATE_ANY, add_years, cn_int, parse_date
from zhengce.text.normalise import fold

# --- issuers, titles, genres ---------------------------------------------------------------------

ORG_SUFFIX = (
    r"(?:人民政府办公室|人民政府|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|局|厅|委|办|署|院|部|中心|"
    r"分局|支队|总队|大队|公司|集团|银行|分行|联合会|联社|工会|团委|妇联|残联|学校|大学|协会|商会|政府|"
    # a congress or a delegates' meeting in session issues its 决议 (X市第十七届人民代表大会第二次会议, X工会代表会议)
    r"代表大会第[一二三四五六七八九十]{1,3}次会议|代表会议)"
)
ISSUER = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}?{ORG_SUFFIX}$")
GENRES = ("通知", "通告", "公告", "意见", "决定", "命令", "通报", "批复", "报告", "请示", "函", "复函", "纪要", "议案",
          "决议", "公报", "令", "办法", "规定")
# genres of rules a page may print on their own (镇巴县人民政府工作规则): a kind, not a title ending the segmenter uses
RULE_GENRES = ("规则", "细则", "条例", "规程", "章程")
TITLE = re.compile(r"(?:关于|印发|转发|批转)[^\n]{2,200}?的(?:" + "|".join(GENRES) + r")$")


_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s、，,]+")
_GOVERNMENT = re.compile(r"(?<!人民)政府")
_PARTS = re.compile(r"[\s、]+")


_MEMO_LONGEST = 120  # longer strings (body lines) are tested without the memo: they rarely recur, and it keeps them


def looks_like_issuer(text: str) -> bool:
    """A body's name (…人民政府, …局, …委员会), 3 to 40 characters: a pure test of the string, memoised — the
    same signature and header lines recur in every document of an issuer."""
    return _looks_like_issuer(text) if len(text) <= _MEMO_LONGEST else _looks_like_issuer.__wrapped__(text)


@lru_cache(maxsize=8192)
def _looks_like_issuer(text: str) -> bool:
    s = fold(_SPACES.sub("", text))  # traditional characters (辦公廳) name a body too
    if len(s) > 40 or len(s) < 3:
        return False
    if any(w in s for w in ("关于", "印发", "《", "》", "通知")):
        return False
    return bool(ISSUER.match(s))


SHORT_ISSUER = re.compile(r"^(?:省|市|区|县|州|盟|旗|自治区|自治州|自治县)(?:人民)?政府(?:办公厅|办公室)?$")
_LABEL_PART = re.compile(r"^(?:[“\"「『].*[”\"」』]|[\[【(（].*[\]】)）])$")


# a township or street named bare (大满镇), as a page's 发布机构 field prints the body that published it
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:镇|乡|街道|苏木)$")


def issuer_parts(text: str, places: bool = False) -> list[str] | None:
    """The issuing bodies printed before a title, or None when the text is not a list of bodies (with ``places``,
    a metadata field's value: a township named bare is one).

    Joint issuers are printed with spaces or 、 between them (``X人民政府 X中级人民法院``); a site label in
    quotes or brackets before them (``“党政混合信息公开”``) is not part of the name. A short form such as
    ``市政府`` counts; a name that wrapping split (``X人民政府 办公室``) is one body.
    """
    found = _issuer_parts(text) if len(text) <= _MEMO_LONGEST else _issuer_parts.__wrapped__(text)
    if found is None and places and _BARE_PLACE.match(fold(text.strip())):
        return [text.strip()]
    return None if found is None else list(found)


@lru_cache(maxsize=8192)
def _issuer_parts(text: str) -> tuple[str, ...] | None:
    """issuer_parts, once per distinct string (a fresh list is handed out: callers extend what they get)."""
    parts = [p for p in _PARTS.split(text.strip()) if p]
    while parts and _LABEL_PART.match(parts[0]):
        parts.pop(0)
    if not parts:
        return None
    if all(looks_like_issuer(p) or SHORT_ISSUER.match(fold(p)) for p in parts):
        return tuple(parts)
    whole = "".join(parts)
    if looks_like_issuer(whole) or SHORT_ISSUER.match(fold(whole)):
        return (whole,)
    return None


def canonical_issuer(name: str) -> str:
    """For comparing names only: folded, no spaces or separators, 政府 read as 人民政府."""
    return _GOVERNMENT.sub("人民政府", _SEPARATORS.sub("", fold(name)))


def fuller_issuer(title_issuer: str | None, signed_issuer: str | None) -> str | None:
    """The fullest printed name of the issuer, from the title (or masthead) and the signature.

    A fuller name adds the jurisdiction in front (``南京市玄武区人民政府`` for ``玄武区人民政府``); what a title
    prints after the name the signature gives (a stray character before 关于) is not part of it.
    """
    if not title_issuer or not signed_issuer:
        return title_issuer or signed_issuer
    t, s = canonical_issuer(title_issuer), canonical_issuer(signed_issuer)
    if t == s:  # the same bodies: keep the form that tells joint issuers apart
        return signed_issuer if signed_issuer.count("、") > title_issuer.count("、") else title_issuer
    if s.endswith(t) or (t.startswith(s) and len(t) - len(s) <= 2):
        return signed_issuer
    # joint issuers whose title prefix shortens a name the signature prints in full (X科技厅 for X科学技术厅)
    t_parts, s_parts = title_issuer.split("、"), signed_issuer.split("、")
    if len(t_parts) == len(s_parts) and all(_names_same_body(a, b) for a, b in zip(t_parts, s_parts, strict=True)):
        return signed_issuer
    return title_issuer


def abbreviates(short: str, full: str) -> bool:
    """``short`` is a short form of ``full``: same first and last character, the rest in order (科技厅, 科学技术厅)."""
    if len(short) >= len(full) or len(short) < 4 or short[0] != full[0] or short[-1] != full[-1]:
        return False
    pos = 0
    for ch in short:
        pos = full.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


_AGENCY_TAIL = re.compile(r"(?:字|发|函|规|文|令|通)+$")
_BODY_END = re.compile(r"(?:指挥部|委员会|管委会|人民政府办公室|人民政府|办公室|办公厅|政府|局|厅|委|办|中心|大队|"
                       r"支队)")


def issuer_from_number(agency: str, text: str, limit: int = 4000) -> str | None:
    """The body a text names whose short form opens its 发文字号 (土左防指字 → 土左旗…疫情防控指挥部): the shortest
    name that starts with the code's first character, holds its characters in order and ends as a body does."""
    code = _AGENCY_TAIL.sub("", fold(agency))
    if len(code) < 2:
        return None
    folded = fold(text[:limit])
    best: tuple[int, int] | None = None
    start = folded.find(code[0])
    while start >= 0:
        pos, k = start, 0
        while k < len(code) and pos < len(folded) and pos - start < 30:
            pos = folded.find(code[k], pos, start + 30) + 1
            if pos == 0:
                break
            k += 1
        if k == len(code) and pos:
            # the body's name ends at or after the code's last character (海府: 海口市人民政府 ends in it)
            end = next((b for b in _BODY_END.finditer(folded, start, start + 30) if b.end() >= pos), None)
            name = folded[start : end.end()] if end is not None else ""
            if len(name) >= 5 and re.fullmatch(r"[\u4e00-\u9fff]+", name) \
                    and (best is None or len(name) < best[1] - best[0]):
                best = (start, start + len(name))
        start = folded.find(code[0], start + 1)
    return text[best[0] : best[1]] if best else None


_GOVERNMENT_CODE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,3}?)(?:政|府)(?P<office>办)?$")


def government_from_number(agency: str, printed: str, text: str, limit: int = 4000) -> str | None:
    """The government (or its office) a 发文字号 names by its place's short form when the text prints no issuer
    (吐政办函 → 吐鲁番市人民政府办公室): the first place of the text that starts with the code's characters,
    in the characters the page prints."""
    code = _AGENCY_TAIL.sub("", fold(agency))
    m = _GOVERNMENT_CODE.match(code)
    if m is None:
        return None
    first = re.escape(m.group("place"))
    folded = fold(text[:limit])
    found = re.search(rf"{first}[\u4e00-\u9fff]{{0,4}}?(?:自治州|自治县|市|县|区|州|旗|盟)", folded)
    if found is None:
        return None
    place = text[found.start() : found.end()]
    if len(place) == 2 and place.endswith("州"):  # 常州 (常州经开区, 常州市): a city named X州, not a 州
        place += text[found.end()] if folded[found.end() : found.end() + 1] == "市" else "市"
    office = ""
    if m.group("office"):
        k = fold(printed).find("办")
        office = (printed[k] if k >= 0 else "办") + "公室"
    return place + "人民政府" + office


def _names_same_body(short: str, full: str) -> bool:
    a, b = canonical_issuer(short), canonical_issuer(full)
    return a == b or b.endswith(a) or abbreviates(a, b)


# one-character abbreviations that open the 发文字号 of provincial-level governments
PROVINCE_ABBR = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省",
    "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "琼": "海南省", "川": "四川省",
    "黔": "贵州省", "云": "云南省", "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "内": "内蒙古自治区",
    "桂": "广西壮族自治区", "藏": "西藏自治区", "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区",
}


def expand_short_issuer(name: str, doc_number: DocNumber | None) -> str | None:
    """``市政府`` of a 沪府发 document is 上海市人民政府: a short form of a provincial-level government named in
    full from the abbreviation that opens its 发文字号 (municipalities for 市, provinces for 省 and 自治区)."""
    m = re.match(r"^(省|市|自治区)(?:人民)?政府(办公厅|办公室)?$", fold(name))
    if not m or doc_number is None or not doc_number.agency:
        return None
    place = PROVINCE_ABBR.get(fold(doc_number.agency[0]))
    if place is None or not place.endswith(m.group(1)):
        return None
    return f"{place}人民政府{m.group(2) or ''}"


def genre_of(title: str) -> str | None:
    s = re.sub(r"[(（][^()（）]{1,8}[)）]$", "", re.sub(r"\s+", "", fold(title)))  # …的实施意见（试行）
    for g in sorted(GENRES + RULE_GENRES, key=len, reverse=True):
        if s.endswith(g):
            return g
    return None


_LEVELS = re.compile(r"各?[省市州县区旗镇乡](?:、[省市州县区旗镇乡])*")
_LEVEL_GOVERNMENT = re.compile(r"[省市州县区旗镇乡](?:人民)?政府")


def split_recipients(line: str) -> list[str]:
    """The bodies a document is addressed to: split at commas and 顿号 outside brackets
    (各县(市、区)人民政府 is one), a list of one-character bodies kept with the one it shares a prefix with
    (自治区各委、办、厅、局)."""
    s = line.strip().rstrip(":：").strip()
    parts: list[str] = []
    depth, current = 0, ""
    for ch in s:
        depth += ch in "(（〔[【"
        depth -= ch in ")）〕]】" and depth > 0
        if ch in "，,、；;" and depth == 0:
            parts.append(current)
            current = "" if ch != "、" else "\x00"  # remember a 顿号 break
            continue
        current += ch
    parts.append(current)
    out: list[str] = []
    for part in parts:
        dunhao, text = part.startswith("\x00"), part.lstrip("\x00").strip()
        if not text:
            continue
        if dunhao and out and (len(text) == 1 or (_LEVELS.fullmatch(out[-1]) and _LEVEL_GOVERNMENT.fullmatch(text))):
            out[-1] += "、" + text  # 各委、办、厅、局; 各县、市、区人民政府
        else:
            out.append(text)
    return out


# --- validity ------------------------------------------------------------------------------------

_N = r"(?:\d+|[一二三四五六七八九十两]+)"
VALID_YEARS = re.compile(rf"(?:有效期|执行期限|实施期限|试行期)\s*(?:暂定)?\s*(?:为\s*)?(?P<n>{_N})\s*年")
VALID_UNTIL = re.compile(rf"有效期\s*(?:至|到)\s*(?P<date>{DATE_ANY})")
EFFECTIVE = re.compile(
    rf"(?:自|从)\s*(?:(?P<date>{DATE_ANY})|(?P<event>(?:本文件|本通知|本办法|本措施|本细则|本方案|本规定|本意见|本通告|本公告)?"
    r"(?:印发|发布|公布|下发|颁布)之日))\s*起\s*(?:施行|执行|实施|生效|试行)"
)
# the document speaking of itself just before a date: 本细则自…, 本办法从…
SELF_SUBJECT = re.compile(
    r"本(?:文件|通知|办法|措施|细则|方案|规定|意见|通告|公告|决定|规划|计划|条例|规则|制度|政策|指引|实施细则|实施意见|实施方案)"
    r"[^。；;\n]{0,8}$"
)
# a 通告 whose subject is a period: “一、禁火时间：自即日起至2025年4月30日。” — a labelled item
SUBJECT_PERIOD = re.compile(
    rf"(?m)^[^\n:：。]{{0,16}}?(?:时间|期限|期间|时段|[\u4e00-\u9fff]{{1,4}}期)\s*[:：为]\s*(?:自\s*)?"
    rf"(?:即日|(?P<a>{DATE_ANY}))\s*(?:起)?\s*(?:至|到|—|-)\s*(?P<b>{DATE_ANY})"
)
# an insurance or subsidy year is written to the hour: 2023年10月1日零时起至2024年9月30日24时止
_HOUR = r"(?:\s*(?:零|〇|0|00|二十四|24)\s*(?:时|点)(?:整)?)?"
PERIOD = re.compile(
    rf"(?:执行|实施|有效)?(?:期限|期)?\s*(?:为|自)?\s*(?P<a>{DATE_ANY}){_HOUR}\s*(?:起)?\s*(?:至|到|—|-)\s*"
    rf"(?P<b>{DATE_ANY}){_HOUR}\s*(?:止)?"
)
# the period of one step, not of the document: applications, publicity, comments
WINDOW = re.compile(r"(?:申报|受理|报名|申请|公示|征求意见|反馈意见)(?:期限|时间|期间|期)")
_DAY = rf"(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})"
# PERIOD tried only before a date followed by 至/到 (its lead-in and year are at most 9 characters)
PERIOD_SCAN = Anchored(PERIOD, rf"年\s*{_DAY}\s*月\s*{_DAY}\s*日{_HOUR}\s*(?:起)?\s*(?:至|到|—|-)", back=9)


SUBJECT_PERIOD_READING = "文件未载明有效期，以其所规定事项的期限（如禁火时间）作为效力期限"


@lru_cache(maxsize=4096)
def date_of_line(text: str) -> date | None:
    """``parse_date`` of a signing or dated line, memoised: a day's documents print the same date line, and a
    date in 汉字 (二〇二五年四月二十六日) is read through cn2an, the slowest step of the signature."""
    return parse_date(text)


def _date_of(m: re.Match[str], group: str) -> date | None:
    text = m.group(group)
    return date_of_line(text) if text else None


def find_validity(text: str, base: int, signed: date | None, folded: str | None = None) -> Validity | None:
    """Effective-from and expires-on dates as stated in the text (offsets relative to ``base``).

    The document's own term is, in this order: its 施行 clause (本办法自…起施行), a stated period
    (执行期限/实施期限/有效期/保险期限 …年…月…日至…年…月…日, 自…起至…止, also written to the hour as an
    insurance or subsidy year is: 2023年10月1日零时起至2024年9月30日24时止) — the first one the text gives, which
    in a 方案 or 通知 that sets a yearly insurance or subsidy scheme is the scheme's year —, 有效期至…, 有效期N年.
    Limits: a period labelled as one step's window (申报期限, 受理时间, 公示期) is not the document's term; a
    document with periods for several parts takes the first stated one; a period without 期限/执行/有效 beside it
    (活动时间：…至…) is read only as a 通告's subject period, below.
    """
    folded = fold(text) if folded is None else folded
    eff: date | None = None
    exp: date | None = None
    spans: list[tuple[int, int]] = []
    # the document's own 施行 (本办法/本细则…自…起施行, usually the last article) decides; a date at
    # which one measure starts (改进…办法统一从2023年1月1日起执行) belongs to that part only
    found = list(EFFECTIVE.finditer(folded)) if "起" in folded else []  # (C-level tests: each pattern needs its word)
    m = next((x for x in found if (x.group("event") or "").startswith("本")
              or SELF_SUBJECT.search(folded[max(0, x.start() - 24) : x.start()])), found[0] if found else None)
    if m:
        eff = _date_of(m, "date") if m.group("date") else signed
        spans.append(m.span())
    p = PERIOD_SCAN.search(folded)
    if p and WINDOW.search(folded[max(0, p.start() - 12) : p.start() + 4]):
        p = None  # 申报期限：…至…: a window for applications, not the document's term
    if p and ("执行" in folded[max(0, p.start() - 8) : p.end() + 4] or "有效" in folded[max(0, p.start() - 8) : p.end()]
              or "期限" in folded[max(0, p.start() - 8) : p.start() + 4]):
        eff = eff or _date_of(p, "a")
        exp = _date_of(p, "b")
        spans.append(p.span())
    u = VALID_UNTIL.search(folded) if "有效期" in folded else None
    if u and exp is None:
        exp = _date_of(u, "date")
        spans.append(u.span())
    # different periods for different parts (第三项…暂定3年，其余…1年): the document lasts as long as its longest
    years = list(VALID_YEARS.finditer(folded)) if "期" in folded else []
    if years and exp is None:
        n = max((cn_int(y.group("n").replace("两", "二")) or 0) for y in years)
        start = eff or signed
        if n and start:
            exp = add_years(start, n) - timedelta(days=1)
        spans.extend(y.span() for y in years)
    reading = None
    if exp is None:
        # no term of its own: a period that is the document's subject (禁火时间：自即日起至…) is read as its
        # span — a named reading, shown with the validity
        sp = SUBJECT_PERIOD.search(folded) if "期" in folded or "间" in folded or "段" in folded else None
        if sp:
            eff = eff or _date_of(sp, "a") or signed
            exp = _date_of(sp, "b")
            spans.append(sp.span())
            reading = SUBJECT_PERIOD_READING
    if eff is None and exp is None:
        return None
    a = min(s for s, _ in spans)
    b = max(e for _, e in spans)
    # widen to the sentence
    sa = max(folded.rfind("。", 0, a), folded.rfind("\n", 0, a)) + 1
    sb_candidates = [i for i in (folded.find("。", b), folded.find("\n", b)) if i >= 0]
    sb = min(sb_candidates) + 1 if sb_candidates else len(folded)
    return Validity(eff, exp, text[sa:sb].strip(), base + sa, base + sb, reading)


# --- gazettes ------------------------------------------------------------------------------------

GAZETTE_NAME = re.compile(r"^\s*([\u4e00-\u9fff]{2,20}(?:政府公报|政报|公报))\s*$", re.M)
GAZETTE_ISSUE = re.compile(r"((?:19|20)\d{2})\s*年\s*第\s*(\d+(?:\s*[-—–~]\s*\d+)?)\s*期")


def find_gazette(head: str) -> Gazette | None:
    name_m = GAZETTE_NAME.search(head)
    issue_m = GAZETTE_ISSUE.search(head)
    if not name_m and not issue_m:
        return None
    name = name_m.group(1) if name_m else None
    if name is None:
        crumb = re.search(r"(政府公报|公报)", head)
        name = crumb.group(1) if crumb else None
    year = int(issue_m.group(1)) if issue_m else None
    issue = re.sub(r"\s+", "", issue_m.group(2)).replace("—", "-").replace("–", "-") if issue_m else None
    return Gazette(name, year, issue)
