"""Web metadata blocks of policy pages (信息公开 tables): 索引号, 文号, 发布机构, 成文日期, 有效性 …

Pages print them in many layouts: ``key | value |`` tables with several pairs on a line, ``key: value``
lines (one pair or several), keys with spaces inside (``文 号``, ``索 引 号``), key and value on separate
lines, bullet lists, ``【发布文号】value`` and ``[ 索引号 ] value`` labels. Values as printed; empty
values and ``无`` are no value. The lines of the block are reported so that the segmenter can step over
them between a title and the rest of its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhengce.parse.lines import Line
from zhengce.text.normalise import fold

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "名称", "信息名称", "文件名称", "题名", "文件标题", "政策名称"),
    "doc_number": ("文号", "发文字号", "发文文号", "发布文号", "文件编号", "发文编号", "发文号", "字号"),
    "issuer": ("发布机构", "发文机关", "发布机关", "发文单位", "发文机构", "制发机关", "发布单位", "成文单位",
               "制发单位", "发布部门", "制文机关", "发文部门", "制定机关"),
    "signed": ("成文日期", "成文时间", "签发日期", "签署日期"),
    "issued": ("发文日期", "发文时间", "印发日期"),
    "published": ("发布日期", "发布时间", "公开日期", "公开日", "上载日期", "公布日期", "发布时期"),
    "generated": ("生成日期", "产生日期"),
    "effective": ("实施日期", "生效日期", "生效时间", "施行日期", "施行时间"),
    "expires": ("废止日期", "失效日期", "废止时间", "失效时间"),
    "status": ("有效性", "时效性", "时效", "当前状态", "效力状态", "效力", "是否有效", "有效状态", "状态"),
    "index": ("索引号", "信息索引号"),
    "reg_code": ("统一登记号", "登记号", "登记编号"),
    "source": ("文章来源", "来源", "信息来源", "文件来源"),  # the body that published it: the issuer, at best
    # keys that only delimit the values of others
    "": ("主题分类", "组配分类", "体裁分类", "信息分类", "公开方式", "公开范围", "公开形式", "公开时限",
         "公开责任部门", "关键词", "主题词", "内容概览", "内容概述", "内容摘要", "在线链接地址", "文件下载",
         "所属类别", "分类", "所属分类", "主题", "服务对象", "体裁", "发布人", "责任部门", "浏览次数", "浏览量",
         "访问次数", "访问量", "点击数", "点击量", "阅读次数", "作者", "文章作者", "日期", "时间", "更新日期",
         "更新时间", "效力等级", "著录日期"),
}

_CANON = {k: canon for canon, keys in FIELDS.items() for k in keys}
_KEY_ALT = "|".join(r"\s*".join(map(re.escape, k)) for k in sorted(_CANON, key=len, reverse=True))
# a key as a label: 'key:' or '[key]' (folded text: 【】 are [], ： is :)
KEY = re.compile(rf"(?:\[\s*(?P<b>{_KEY_ALT})\s*\]\s*:?|(?P<c>{_KEY_ALT})\s*:)")
# a key followed by its value after spaces only (no colon): keys stand at the start or after a space
KEY_SPACED = re.compile(rf"(?:(?<=\s)|^)(?P<k>{_KEY_ALT})(?=\s|$)")
# any key anywhere in a line: every pattern above (and each cell of a row) holds one, so a line without is no pair
ANY_KEY = re.compile(_KEY_ALT)
# a key where a line without cells must hold one to be a pair: after its lead (LEAD), perhaps in a bracket
_KEY_OPENS = re.compile(rf"[-·•∙●◆■▪*>|\s]*\[?\s*(?:{_KEY_ALT})")
KEY_ALONE = re.compile(rf"^\[?\s*(?P<k>{_KEY_ALT})\s*\]?\s*:?$")
LEAD = re.compile(r"^[-·•∙●◆■▪*>|\s]+")
STATUS_LINE = re.compile(
    r"^[(\[]?\s*(?:(?:此|该|本)(?:文件|件|规范性文件|政策文件|政策)?\s*(?:已于.{0,24}?)?(?:宣布|被)?"
    r"(?P<status>失效|废止|停止执行|废除)|(?P<label>现行有效|全部有效|有效|部分失效|全部失效|已失效|失效|已废止|废止)\s*[)\]]?$)"
)
EMPTY = {"", "无", "-", "--", "—", "——", "/", "暂无"}


@dataclass(slots=True)
class WebMeta:
    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> value as printed
    lines: set[int] = field(default_factory=set)  # indexes of the lines of the block

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


_COUNTERS = frozenset({"浏览次数", "浏览量", "访问次数", "访问量", "点击数", "点击量", "阅读次数"})


def _canon(label: str) -> str:
    return _CANON.get(re.sub(r"\s+", "", label), "")


def _set(meta: WebMeta, canon: str, value: str) -> None:
    value = re.sub(r"^[\s|]+|[\s|]+$", "", value)
    if canon and value not in EMPTY and canon not in meta.fields:
        meta.fields[canon] = value


def _pairs(ln: Line, in_block: bool) -> list[tuple[str, tuple[int, int] | None]] | None:
    """(field, span of its value in the line's key or None when the value is on the next line), or None when the
    line is not part of a metadata block. A two-character key alone on its line without a colon (``文 号``)
    counts only inside a block."""
    key = ln.key
    if ":" not in key and "|" not in key and "\t" not in key and "]" not in key:
        spaced = _spaced_pairs(key)
        if spaced is not None:
            return spaced
    if len(key) > 16 and ":" not in key and "]" not in key and "|" not in key and "\t" not in key:
        return None  # a key is followed by a colon, closed by a bracket or a cell, or alone on a short line
    lead = LEAD.match(key)
    pos = lead.end() if lead else 0
    alone = KEY_ALONE.match(key[pos:])
    if alone:
        word = re.sub(r"\s+", "", alone.group("k"))
        if word in _COUNTERS:
            return [("", (len(key), len(key)))]  # a visit counter left empty: the next line is no value of it
        if len(word) >= 3 or in_block or key.endswith(":") or key[pos:].startswith("["):
            return [(_canon(word), None)]
        return None
    cells = "|" in key or "\t" in key
    if not cells and KEY.match(key, pos) is None:
        return None  # without cells the first key opens the line
    matches = list(KEY.finditer(key, pos))
    if cells and not matches:
        return _cell_pairs(key, in_block)
    if not matches:
        return None
    if not cells and matches[0].start() != pos:
        return None
    out: list[tuple[str, tuple[int, int] | None]] = []
    for k, m in enumerate(matches):
        label = m.group("b") or m.group("c")
        a = m.end()
        b = matches[k + 1].start() if k + 1 < len(matches) else len(key)
        out.append((_canon(label), (a, b)))
    return out


def may_pair(key: str) -> bool:
    """The first look of :func:`_pairs`, in C: a row of cells holds a key somewhere; any other line that is a
    pair opens with its key (after a bullet or in a bracket) — most lines of a page are answered at once."""
    if "|" in key or "\t" in key:
        return ANY_KEY.search(key) is not None
    return _KEY_OPENS.match(key) is not None


def _spaced_pairs(key: str) -> list[tuple[str, tuple[int, int] | None]] | None:
    """Keys and values separated by spaces only, several pairs on a line: ``索 引 号 0001/2023-05 发文日期 2023-01-03``
    / ``发布机构 X区人民政府办公室 文    号 X政办〔2023〕1号`` / ``成文日期 2013-07-02``."""
    lead = LEAD.match(key)
    pos = lead.end() if lead else 0
    if KEY_SPACED.match(key, pos) is None:
        return None  # the first pair must open the line: most lines of a page are not looked at further
    matches = list(KEY_SPACED.finditer(key, pos))
    if not matches or matches[0].start() != pos or not matches[0].group("k").strip():
        return None
    out: list[tuple[str, tuple[int, int] | None]] = []
    for k, m in enumerate(matches):
        a = m.end()
        b = matches[k + 1].start() if k + 1 < len(matches) else len(key)
        canon = _canon(m.group("k"))
        longest = 100 if canon == "title" else 60 if len(matches) > 1 else 40
        if b - a > longest or re.search(r"[，,。；;！!？?]", key[a:b]):
            return None  # a sentence, not a value
        out.append((canon, (a, b)))
    known = [canon for canon, _ in out if canon]
    word = re.sub(r"\s+", "", matches[0].group("k"))
    value = key[matches[0].end() :].strip()
    if not known or (len(out) < 2 and (not value or (len(word) < 3 and not _typed_value(out[0][0], value)))):
        return None
    return out


_TYPED_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[\[(〔]\s*(?:19|20)\d{2}\s*[\])〕]\s*第?\s*\d{1,5}\s*号")
_TYPED_DATE = re.compile(r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?"
                         r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_DATE_FIELDS = {"signed", "issued", "published", "effective", "expires", "generated"}


def _typed_value(canon: str, value: str) -> bool:
    """A value that is plainly of its field's type: a 文号 for 文号, a date for a date (``文号 X〔2020〕1号``)."""
    if canon == "doc_number":
        return bool(_TYPED_NUMBER.fullmatch(value))
    return canon in _DATE_FIELDS and bool(_TYPED_DATE.fullmatch(value))


def _cell_pairs(key: str, in_block: bool = False) -> list[tuple[str, tuple[int, int] | None]] | None:
    """A table row whose cells are keys without a colon and their values: 索引号 | 001/2023-01 | 文号 | X〔2023〕1号."""
    cells = [(m.start(), m.end()) for m in re.finditer(r"[^|\t]+", key) if m.group().strip()]
    out: list[tuple[str, tuple[int, int] | None]] = []
    k = 0
    while k < len(cells):
        a, b = cells[k]
        label = KEY_ALONE.match(key[a:b].strip())
        if label is None:
            break
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        if nxt is not None and KEY_ALONE.match(key[nxt[0] : nxt[1]].strip()):
            nxt = None
        out.append((_canon(label.group("k")), nxt if nxt is not None else (b, b)))
        k += 2 if nxt is not None else 1
    known = sum(1 for canon, _ in out if canon)
    return out if known >= 2 or (known and in_block) else None


def parse_web_meta(lines: list[Line], limit: int = 150) -> WebMeta:
    """The metadata block(s) among the first lines of a page."""
    meta = WebMeta()
    pending: str | None = None
    previous_in_block = False
    for ln in lines[:limit]:
        if ln.blank:
            continue
        key = ln.key
        if len(key) > 400:
            pending = None
            previous_in_block = False
            continue
        pairs = _pairs(ln, previous_in_block) if may_pair(key) else None
        previous_in_block = pairs is not None
        if pending is not None:
            if pairs is None:
                _set(meta, pending, ln.shown())
                meta.lines.add(ln.index)
                pending = None
                previous_in_block = True
                continue
            pending = None
        status = STATUS_LINE.match(key)
        if status and len(key) < 80:
            _set(meta, "status", ln.shown())
            meta.lines.add(ln.index)
            continue
        if pairs is None:
            continue
        meta.lines.add(ln.index)
        for canon, span in pairs:
            if span is None:
                pending = canon
            else:
                _set(meta, canon, ln.shown(*span))
    return meta


def status_of(value: str) -> str | None:
    """'valid', 'expired' or 'repealed' for a status a page states (现行有效, 失效, 已废止, 此件已于…宣布失效)."""
    s = fold(value)
    if re.search(r"废止|废除|撤销", s):
        return "repealed"
    if re.search(r"失效|停止执行|过期", s) and "部分" not in s:
        return "expired"
    if re.search(r"有效|现行", s):
        return "valid"
    return None
