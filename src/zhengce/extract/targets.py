"""Extract: quantified targets (目标) from goal sections, target tables and task text.

A target is a number that a plan commits to reach. In running text it follows one grammar::

    [lead-in] [action] INDICATOR [change] [comparator] NUMBER UNIT [bound]
    [lead-in] ACTION NUMBER UNIT [bound] INDICATOR            (完成73个重点项目)

* lead-in: 力争, 确保, 实现, 全年, 全州/全市/全区 (the scope), 到2025年 (the target year) …
* action: 新增, 新引进, 获批, 培育 … (``新增`` makes it an increment);
* change: 增长, 提高, 下降, 增幅同比 … ; comparator: 达到, 突破, 不低于, 控制在, 提升至 …;
* bound: 以上 / 以下 / 以内 / 左右 after the unit, or implied by the comparator.

Numbers that only qualify a noun (``100亿元以上的县市``), a baseline (``由80%提高到85%``), years,
ordinals, numbers inside quotes, book titles or brackets, and money rules (补贴, 奖励 …) are not
targets. Target tables (indicator × year columns, ``≥79.2``, ``较2022年下降3.1%``, ``持续改善``) give
one target per indicator and year column; columns of years before the document's own year are
baselines.

Which text is searched: the plan's target list is its goal sections (headings with 目标 or 指标,
their ``——`` bullets) and target tables; quantified commitments inside task clauses are extracted
too and marked ``origin="task"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from zhengce.extract.tasks import Task, extract_tasks
from zhengce.parse.model import Document, Node
from zhengce.text.normalise import fold, folded_text

# A goal section's heading names the goals: it ends with 目标 / 指标 (主要预期目标, 发展目标, 主要指标), or
# with 目标任务 / 目标要求, or pairs the goals with another part (总体要求和目标, 目标与任务). Headings where 目标
# is the object of a measure (强化目标考核, 压实目标责任, 确保完成目标) are not goal sections.
GOAL_HEADING = re.compile(
    r"(?:目标|指标)(?:任务|要求|分解)?$|(?:目标|指标)[和与及、](?:主要|重点)?(?:任务|要求|措施)$|"
    r"^(?:总体|主要)?(?:要求|思路|原则)[和与及、](?:主要|总体)?目标$"
)
COMBINED_HEADING = re.compile(r"(?:目标|指标)[和与及、](?:主要|重点)?(?:任务|措施)$")
NOT_GOAL_HEADING = re.compile(
    r"考核|管理|责任|导向|落实|完成|确保|任务分解|监测|评价|督查|调度|考评|任务书|重点工作|情况|"
    r"^(?:建立|健全|完善|制定|强化|加强|压实|细化|优化|设定|对标|锚定|聚焦|围绕|紧扣|瞄准|实现|达成|冲刺|保障|推进|推动|"
    r"服务|坚持|全力|奋力)"
)
# a section that is not a goal section even inside one (总体要求 → 指导思想, 基本原则 …)
OTHER_SECTION = re.compile(
    r"^(?:指导思想|基本原则|工作原则|总体思路|重点任务|主要任务|工作任务|主要措施|工作措施|保障措施|组织实施|"
    r"实施步骤|职责分工|工作要求|组织领导|组织保障|重点工作|主要工作|工作重点|重点项目|实施路径|主要举措|重点举措|"
    r"具体措施|政策措施|支持政策|进度安排|时间安排)$"
)
# a goal list introduced inside a paragraph: 主要预期目标是: / 工作目标: / 发展目标为:
GOAL_LEAD = re.compile(
    r"(?:(?:主要|预期|发展|工作|总体|具体|年度|行动|建设|阶段|主要预期|奋斗)目[标標](?:任务|任務)?(?:是|为|為)?|"
    r"(?:实现|達到|达到|完成)(?:以下|如下)(?:主要)?目[标標])[:：]"
)

def _words(*lines: str) -> list[str]:
    """Space-separated words, longest first (so that regex alternations prefer the longest)."""
    return sorted((w for line in lines for w in line.split()), key=len, reverse=True)


_BASE_UNITS = (
    "个 件 项 名 位 所 座 处 条 台 套 辆 艘 张 床 间 场 次 批 栋 宗 笔 部 支 只 株 棵 头 羽 亩 户 家 人 人次 "
    "吨 平方米 立方米 千瓦 千瓦时 斤 公斤 册 份 标箱 元 美元"
)
UNITS = _words(
    "个百分点 百分点 万吨标准煤 吨标准煤 万元/人 元/人 千元 万亿 万 亿 公顷 平方公里 公里 千米 兆瓦",
    "天 小时 分钟 岁 倍 % ‰ 分",
    "个工作日 工作日 个自然日 自然日 个月 微克/立方米 毫克/立方米 毫克/升 公斤/亩 千克/亩 吨/亩",
    _BASE_UNITS, " ".join(f"万{u} 亿{u} 万亿{u}" for u in _BASE_UNITS.split()),
)
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_NUMBER = r"[零〇一二两三四五六七八九十百千]+"


def _trie(words: list[str]) -> str:
    """One regular expression for a set of words that prefers the longest and tries each first character once."""
    groups: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    parts = [re.escape(c) + (_trie(rest) if rest != [""] else "") for c, rest in groups.items()]
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body


_UNIT_ALT = _trie(sorted(set(UNITS)))
TOKEN = re.compile(
    rf"(?:(?P<lo>{NUMBER})\s*(?:{_UNIT_ALT})?\s*(?:[-—–~～]|至)\s*)?(?P<num>{NUMBER})\s*(?P<unit>{_UNIT_ALT})?"
)
CN_TOKEN = re.compile(
    r"(?:达到|突破|超过|不低于|不少于|不超过|达|超|增长|增加|提高到|提高至|提升到|提升至|增加到|增加至|新增|"
    rf"控制在|保持在|稳定在|力争|确保)\s*(?P<num>{CN_NUMBER})\s*(?P<unit>{_UNIT_ALT})(?!级|大|位数|多)"
)
FUTURE = re.compile(r"到\d{4}|力争|确保|预计|计划|将")
AT_LEAST = re.compile(r"至少|不少于")
ANY_NUMBER = re.compile(r"[\d０-９十百千万亿萬億]")
YEARS_TOKEN = re.compile(
    r"(?:达到|提高到|提高至|提升到|提升至|延长到|延长至|增加到|增加至|缩短到|缩短至|达)\s*"
    r"(?P<num>\d{1,2}(?:\.\d+)?)\s*(?P<unit>年)(?![内以来度底末初前后])"
)
CN_HINT = re.compile(r"[十百千][^\d]?[万亿]?|[一二两三四五六七八九][万亿]")
# the group row of a task table printed one cell per line: ``|`` separators, the 序号 and the group's name
GROUP_ROW = re.compile(
    r"\n[ \t]*\|{2,}[ \t]*\n[ \t]*\d{1,3}[ \t]*\n[ \t]*\|[ \t]*\n[ \t]*(?P<label>[^\n|\d]{2,30}?)[ \t]*\n"
)
TRAILING = re.compile(r"^(?:的)?(?:规模|水平|增长|增速|增幅|大关)(?=\s*$)")  # 超过五千亿规模, 保持6%以上增长
NOUN_IN_LIST = re.compile(r"^([^\d]{2,30}?)[和及与]\s*(?=\d)")
TIME_UNIT = re.compile(r"(?:工作日|日|天|小时|分钟|个月|周)$")
TIME_LIMIT_AFTER = re.compile(r"^\s*(?:之内|以内|内)\s*(?:完成|办结|办完|办毕|办理完毕|出证|审结|答复|反馈)")
BOUND_AFTER = re.compile(r"^\s*(?:\([^()]{1,3}\))?\s*(及以上|以上|以下|以内|左右|上下)")
MODIFIER_AFTER = re.compile(
    r"^\s*(?:及以上|以上|以下|以内|左右)?(?:的(?!(?:规模|水平|增长|增速|增幅)\s*$)|规模(?!\s*$)|级别|标准)"
)
BASELINE_AFTER = re.compile(r"^\s*(?:分别|相应)?(?:提高|提升|增加|增长|下降|降低|减少|上升|压降|压减)(?:到|至)")
MONEY_RULE = re.compile(
    r"补贴|补助|奖励|奖补|资助|给予|予以|每[件户人亩家个吨]|按[^,;。]{0,30}的|缴纳|支付|首付|额度|价款|起始价|保证金|"
    r"利率|费率|报酬|工资标准|优惠|折扣|减免"
)
# a price per unit (30元/次) makes its clause a money rule, unless the clause states a level to reach
# (全员劳动生产率达到28万元/人)
PER_UNIT_PRICE = re.compile(r"元/")
REACHES = re.compile(r"达到|达|超过|突破|提高到|提高至|提升到|提升至|增长|不低于")
CONTINUES = re.compile(r"^\s*(?:\(含\)|[和及或并且与])?\s*[\u4e00-\u9fff]")  # a noun goes on after the quantity
PAST = re.compile(
    r"截至|截止|已经|已达|已完成|已建成|去年|上年底|以来|近年来|过去|现有|目前|当前|"
    r"(?:实现|达到|增长|完成|建成|突破|提高|提升|下降|降低|超过|新增|培育|引进)了"
)
CLAUSE_SPLIT = re.compile(r"[,;。!?、:]|,(?!\d{3}(?!\d))")
LEAD_IN = re.compile(
    r"^(?:力争|确保|努力|争取|实现|推动|促进|使|让|要|将|并|且|和|及|同时|其中|在此基础上|至少|"
    r"全年|年内|年底前|当年|今年|"
    r"到\d{4}年(?:底|末)?|\d{4}年(?:底|末|内)?|"
    r"全[省市州县区镇乡]|我[省市州县区镇乡]|全域)+"
)
# labels and (masked) tags left before an indicator: (一), 1., 1﹒, 一、, (省发改委负责)(二)
LEADING_JUNK = re.compile(
    r"^(?:\s|\(#*\)|〔#*〕|\[#*\]|\d{1,3}[.、﹒](?!\d)|\d{1,3}[ \t]+(?=\D)|[一二三四五六七八九十]+、|[—\-·•●■▲◆★☆]+)+"
)
ROW_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])\d{1,3}[ \t]+(?=[\u4e00-\u9fff])")
SCOPE = re.compile(r"(全[省市州县区镇乡]|我[省市州县区镇乡]|全域)")
_ACTION_VERBS = _words(
    "新增 新引进 新认定 新建 新培育 新开工 新招引 新发放 引进培育 引进 培育 获批 认定 创建 争创",
    "建成 建设 打造 完成 实施 推进 启动 新招 培养 培训 改造 组织 举办 开展 选派 推动 布局建设",
    "新改建 改扩建 建立 发放 招引 招商引进 签约 培育创建 培育建设 改造建设 继续建设 培育形成 形成",
)
ACTIONS = re.compile(rf"^(?:累计|集中|持续|积极|加快|全力|大力|共|再|配合)?(?:{'|'.join(_ACTION_VERBS)})")
ADDED = re.compile(r"^(?:新增|新引进|新认定|新建|新培育|新开工)")
_COMPARATORS = [  # (word, bound implied, change implied)
    ("不低于", "min", None), ("不少于", "min", None), ("不超过", "max", None), ("不高于", "max", None),
    ("控制在", "max", None), ("保持在", "exact", "level"), ("稳定在", "exact", "level"),
    ("提高到", "exact", "level"), ("提高至", "exact", "level"), ("提升到", "exact", "level"),
    ("提升至", "exact", "level"), ("下降到", "exact", "level"), ("下降至", "exact", "level"),
    ("降低到", "exact", "level"), ("降低至", "exact", "level"), ("增加到", "exact", "level"), ("保持", None, None),
    ("压缩至", "exact", "level"), ("压缩到", "exact", "level"), ("缩短至", "exact", "level"),
    ("缩短到", "exact", "level"), ("减少至", "exact", "level"), ("减少到", "exact", "level"),
    ("降至", "exact", "level"), ("减至", "exact", "level"),
    ("增加至", "exact", "level"), ("达到", "exact", "level"), ("超过", "min", "level"), ("突破", "min", "level"),
    ("低于", "max", None), ("高于", "min", None), ("至少", "min", None), ("≥", "min", None), ("≤", "max", None),
    ("不超", "max", None), ("最多", "max", None), ("增长", "exact", "growth"), ("增加", "exact", "growth"),
    ("年均增长", "exact", "growth"), ("年增长", "exact", "growth"),
    ("提高", "exact", "growth"), ("提升", "exact", "growth"), ("上升", "exact", "growth"),
    ("下降", "exact", "decline"), ("降低", "exact", "decline"), ("减少", "exact", "decline"),
    ("压减", "exact", "decline"), ("压降", "exact", "decline"), ("累计", "exact", "cumulative"),
    ("新增", "exact", "added"), ("达", "exact", "level"), ("超", "min", "level"), ("在", "exact", "level"),
    ("为", "exact", "level"), ("均", None, None), ("增幅", None, None), ("增速", None, None),
    ("同比", None, None), ("年均", None, None), ("力争", None, None), ("确保", None, None),
    ("进一步", None, None), ("要", None, None), ("将", None, None), ("实现", None, None), ("分别", None, None),
]
COMPARATORS = sorted(_COMPARATORS, key=lambda c: len(c[0]), reverse=True)  # longest first
_RESP_VERBS = "|".join(sorted((w for w, _, _ in _COMPARATORS if len(w) > 1 or w in "达超为"), key=len, reverse=True))
_VALUE = rf"{NUMBER}\s*(?:{_UNIT_ALT})?"
# A、B分别达到85%、90%: one figure for each indicator, in order
RESPECTIVELY = re.compile(
    rf"(?P<inds>[^,;。:!?#]{{2,80}}?)分别(?P<verb>{_RESP_VERBS})?\s*"
    rf"(?P<vals>{_VALUE}(?:\s*[、和与及]\s*{_VALUE})+)\s*(?P<bound>及以上|以上|以下|以内|左右)?"
)
BOUND_WORD = {"及以上": "min", "以上": "min", "以下": "max", "以内": "max", "左右": "approx", "上下": "approx"}
BASE_YEAR = re.compile(r"(?:较|比|与|相比|同比)\s*(\d{4})\s*年")
YEAR = re.compile(r"(?<![\d.])(\d{4})\s*年")


@dataclass(slots=True)
class Target:
    source: str
    doc_number: str | None
    plan: str
    node_id: str
    origin: str  # goal | table | task
    indicator: str
    value: str  # as printed, without unit; the text itself for a qualitative target (持续改善)
    unit: str
    bound: str  # min | max | approx | exact
    comparator: str  # the printed word(s) that state it: 增长…以上, ≥, 提升至
    change: str  # growth | decline | level | added | cumulative | qualitative
    text: str
    start: int  # offsets of ``text`` in the display text
    end: int
    target_year: int | None = None
    base_year: int | None = None
    base_value: str | None = None
    scope: str | None = None

    @property
    def number(self) -> Decimal | None:
        try:
            return Decimal(self.value.replace(",", ""))
        except InvalidOperation:
            return None

    def record(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "doc_number": self.doc_number,
            "plan": self.plan,
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "bound": self.bound,
            "text": self.text,
            "origin": self.origin,
            "comparator": self.comparator,
            "change": self.change,
            "target_year": self.target_year,
            "base_year": self.base_year,
            "base_value": self.base_value,
            "scope": self.scope,
            "node_id": self.node_id,
            "span": {"start": self.start, "end": self.end},
        }


@dataclass(slots=True)
class Quantity:
    """One target found in a sentence, with offsets relative to that sentence."""

    indicator: str
    value: str
    unit: str
    bound: str
    comparator: str
    change: str
    start: int
    end: int
    target_year: int | None
    base_year: int | None
    base_value: str | None
    scope: str | None


# --- running text --------------------------------------------------------------------------------


def _masked(text: str) -> str:
    """``text`` with quoted, bracketed and book-title spans blanked, so their numbers are not read."""
    out = list(text)
    for pattern in (r"“[^”]*”", r"\"[^\"]*\"", r"《[^》]*》", r"〔[^〕]*〕", r"\([^()]*\)", r"\[[^\]]*\]"):
        for m in re.finditer(pattern, text):
            for i in range(m.start() + 1, m.end() - 1):
                out[i] = "#"
    return "".join(out)


def _strip_tail(phrase: str) -> tuple[str, list[str], str | None, str | None, int | None]:
    """Remove comparator and change words from the end of an indicator phrase.

    Returns (indicator, words removed, implied bound, implied change, base year of 较2020年).
    """
    words: list[str] = []
    bound: str | None = None
    change: str | None = None
    base_year: int | None = None
    while True:
        phrase = phrase.rstrip(" ")
        m = re.search(r"(?:较|比|与)\s*(?:\d{4}\s*年|上一?年度?|上年)(?:相比)?$", phrase)
        if m:
            y = re.search(r"\d{4}", m.group(0))
            base_year = int(y.group(0)) if y else base_year
            phrase = phrase[: m.start()]
            continue
        for word, b, c in COMPARATORS:
            if phrase.endswith(word):
                phrase = phrase[: -len(word)]
                words.insert(0, word)
                if b and b != "exact" and bound is None:
                    bound = b
                if c and (change is None or change == "level"):
                    change = c
                break
        else:
            return phrase, words, bound, change, base_year


def _strip_head(phrase: str) -> tuple[str, str | None, bool | None]:
    """Remove lead-in words and the leading action verb; return (phrase, scope, added).

    ``added`` is True after 新增, None after 累计 (a cumulative figure), else False.
    """
    scope = None
    phrase = ROW_NUMBER.split(phrase)[-1]  # 商务局2 实际利用外资: rows run together, the row number between
    phrase = LEADING_JUNK.sub("", phrase)
    m = LEAD_IN.match(phrase)
    if m:
        s = SCOPE.search(m.group(0))
        scope = s.group(1) if s else None
        phrase = phrase[m.end() :]
    added = bool(ADDED.match(phrase))
    if phrase.startswith("累计"):
        added = None  # type: ignore[assignment]  # cumulative
    a = ACTIONS.match(phrase)
    if a:
        phrase = phrase[a.end() :]
    return phrase, scope, added


def _tokens(clause: str) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, value, unit, lower value of a range) of every number with a unit in ``clause``.

    ``8—10个`` is one token with value ``10`` and lower value ``8``. A number written in words (``五千亿``,
    ``一百二十家``) counts only right after a comparator (超过, 达到, 突破 …), where it cannot be a name
    (``一流``, ``千家万户``, ``五百亿级``), and only with 十/百/千 or a unit of 万/亿.
    """
    out = [(m.start(), m.end(), m.group("num"), m.group("unit"), m.group("lo"))
           for m in TOKEN.finditer(clause) if m.group("unit")]
    if "年" in clause:
        for m in YEARS_TOKEN.finditer(clause):  # 平均受教育年限提高到11.5年
            out.append((m.start("num"), m.end(), m.group("num"), m.group("unit"), None))
        out.sort()
    if CN_HINT.search(clause):
        for m in CN_TOKEN.finditer(clause):
            value, unit = m.group("num"), m.group("unit")
            if re.search(r"[十百千]", value) or unit[0] in "万亿":
                out.append((m.start("num"), m.end(), value, unit, None))
        out.sort()
    return out


def _respectively(sentence: str, masked: str, out: list[Quantity]) -> str:
    """Read ``A、B分别增长6%、8%`` into ``out`` (one figure per indicator); return ``masked`` with it blanked."""
    for m in RESPECTIVELY.finditer(masked):
        names = [n for n in re.split(r"[、和与及]", m.group("inds")) if n.strip()]
        values = re.findall(rf"({NUMBER})\s*({_UNIT_ALT})?", m.group("vals"))
        if len(names) == 1 and len(values) > 1:
            names = names * len(values)  # 城乡居民人均可支配收入分别增长7%、8%: one printed name for each figure
        elif len(names) != len(values) or len(names) < 2:
            continue
        verb = m.group("verb") or ""
        bound, change = None, None
        for word, b, c in COMPARATORS:
            if verb == word:
                bound, change = (b if b != "exact" else None), c
                break
        if m.group("bound"):
            bound = BOUND_WORD[m.group("bound")]
        last_unit = next((u for _, u in reversed(values) if u), "")
        cursor = m.start("inds")
        years = [int(y) for y in YEAR.findall(masked[: m.start()]) if not _is_base(masked, y)]
        shared = len(set(names)) == 1
        for name, (value, unit) in zip(names, values, strict=True):
            indicator, scope, _ = _strip_head(name.strip())
            at = masked.find(indicator, m.start("inds") if shared else cursor) if indicator else -1
            if not indicator or at < 0:
                continue
            cursor = at + len(indicator)
            out.append(Quantity(
                indicator=sentence[at : at + len(indicator)], value=value, unit=unit or last_unit,
                bound=bound or "exact", comparator="分别" + verb, change=change or "level", start=at, end=m.end(),
                target_year=years[-1] if years else None, base_year=None, base_value=None, scope=scope,
            ))
        masked = masked[: m.start()] + "#" * (m.end() - m.start()) + masked[m.end() :]
    return masked


def quantities(sentence: str, is_folded: bool = False) -> list[Quantity]:
    """The targets stated in one sentence, in order; offsets are relative to the sentence."""
    if not ANY_NUMBER.search(sentence):
        return []  # most sentences: nothing to read
    if not is_folded:
        sentence = fold(sentence)
    masked = _masked(sentence)
    if MONEY_RULE.search(masked):
        return []
    out: list[Quantity] = []
    if "分别" in masked:
        masked = _respectively(sentence, masked, out)
    reader = _SentenceReader(sentence, masked, out)
    splits = list(CLAUSE_SPLIT.finditer(masked))
    clause_starts = [0] + [m.end() for m in splits]
    clause_ends = [m.start() for m in splits] + [len(masked)]
    separators = [m.group(0) for m in splits] + [""]
    past = False
    for c0, c1, sep in zip(clause_starts, clause_ends, separators, strict=True):
        clause = masked[c0:c1]
        if PAST.search(clause):
            past = True  # 截至2025年底, …: the rest of the sentence tells the past too
        elif FUTURE.search(clause):
            past = False  # …, 到2027年达到…
        if past:
            reader.pending = []
            reader.previous = _past_indicator(clause, reader.previous)
            continue
        tokens = _tokens(clause)
        if tokens and PER_UNIT_PRICE.search(clause) and not REACHES.search(clause):
            tokens = []
        if not tokens:
            noun = _pending_noun(clause, sep)
            if noun is not None:
                reader.pending.append((c0 + noun[0], noun[1]))
            else:
                reader.pending = []
            continue
        reader.clause(c0, clause, tokens)
        reader.pending = []
    out.sort(key=lambda q: q.start)  # figures given respectively were read first
    return out


def _past_indicator(clause: str, previous: str | None) -> str | None:
    """现有A级景区20家，到2027年达到30家: the figure to come has the indicator of the past one."""
    told = _tokens(clause)
    if not told:
        return previous
    named, _, _, _, _ = _strip_tail(clause[: told[0][0]])
    named = _strip_head(PAST.sub("", named))[0].strip()
    noun = re.match(r"^[^\d#,]{2,30}", clause[told[0][1] :])
    return named or (noun.group(0) if noun else None) or previous


def _pending_noun(clause: str, sep: str) -> tuple[int, str] | None:
    """X、Y均增长…: a noun clause (its offset in the clause, the noun) that waits for the figure it shares."""
    if sep == "、" and len(clause) <= 40:
        noun, _, _ = _strip_head(clause.strip())
        if 2 <= len(noun) <= 25 and not re.search(r"[\d#]", noun):
            return clause.find(noun), noun
    return None


def _bound_and_change(words: list[str], bound: str | None, change: str | None, added: bool | None,
                      bm: re.Match[str] | None, tl: re.Match[str] | None, head: str) -> tuple[str | None, str | None]:
    """The bound (a bound word after the figure, a time limit, 至少 before it) and the change (新增, 累计) of a
    figure; the words that state the bound join ``words``."""
    if bm:
        bound = BOUND_WORD[bm.group(1)]
        words.append(bm.group(1))
    elif tl:
        bound = "max"
        words.append(tl.group(0).strip())
    elif bound is None and AT_LEAST.search(head):
        bound = "min"  # 至少建成20个
    if added and change is None:
        change = "added"
    elif added is None and change in (None, "level"):
        change = "cumulative"
    return bound, change


_Token = tuple[int, int, str, str, str | None]


class _SentenceReader:
    """The quantities of one (masked) sentence, clause by clause; offsets relative to the sentence."""

    def __init__(self, sentence: str, masked: str, out: list[Quantity]) -> None:
        self.sentence = sentence
        self.masked = masked
        self.scope = SCOPE.search(masked)
        self.out = out
        self.previous: str | None = None  # the indicator of the previous quantity in this sentence
        self.pending: list[tuple[int, str]] = []  # X、Y均增长…: noun clauses waiting for the figure they share

    def clause(self, c0: int, clause: str, tokens: list[_Token]) -> None:
        """The quantities of the clause ``clause`` that starts at ``c0``, from its number tokens."""
        prev_end = 0  # where the indicator of the next quantity may start
        cut: tuple[int, int] | None = None  # a baseline (由80%提高到…) inside the next indicator phrase
        base_value: str | None = None
        for t_start, t_end, value, unit, low in tokens:
            after = clause[t_end:]
            if t_start < prev_end or (t_start > 0 and clause[t_start - 1] in "第-—~/.#"):
                continue
            if MODIFIER_AFTER.match(after):
                continue  # 100亿元以上的县市: part of the indicator
            lead = re.search(r"(?:由|从)\s*$", clause[prev_end:t_start])
            if low is None and (BASELINE_AFTER.match(after) or lead):
                cut = (prev_end + lead.start() if lead else t_start, t_end)
                base_value = value
                continue
            head = clause[prev_end:t_start]
            if cut is not None:
                head = clause[prev_end : cut[0]] + clause[cut[1] : t_start]
            read = self.figure(c0, clause, head, prev_end, (t_start, t_end, value, unit, low), base_value)
            if read is None:
                continue
            prev_end, emitted = read
            if emitted:
                cut, base_value = None, None

    def figure(self, c0: int, clause: str, head: str, prev_end: int, token: _Token, base_value: str | None
               ) -> tuple[int, bool] | None:
        """Read one figure with the indicator phrase ``head`` before it. Returns None when it is no target, else
        where the next indicator may start and whether a target was read."""
        t_start, t_end, value, unit, low = token
        after = clause[t_end:]
        bm = BOUND_AFTER.match(after)
        # a time limit: 开办企业1个工作日内完成, 不动产登记3日内办结 — at most that long
        tl = TIME_LIMIT_AFTER.match(after) if bm is None and unit and TIME_UNIT.search(unit) else None
        end = t_end + (bm.end() if bm else tl.end() if tl else 0)
        trail = TRAILING.match(clause[end:])
        if trail:
            end += trail.end()  # 超过五千亿规模: the figure ends the clause
        indicator, words, bound, change, base_year = _strip_tail(head)
        indicator, _, added = _strip_head(indicator)
        if trail and "增" in trail.group(0):
            change = "growth"  # 保持6%以上增长
        text_start = c0 + _text_start(clause, prev_end, t_start)
        follows = CONTINUES.match(clause[end:]) is not None
        if indicator.strip("#") and follows and not re.match(r"^\s*[和及或并且与]", clause[end:]):
            return None  # 5岁以下儿童死亡率, 15分钟健身圈: the quantity qualifies the noun after it
        if not indicator.strip("#"):
            found = self.indicator_after(c0, clause, end, head, words, follows)
            if found is None:
                return None
            if found[0] is None:
                return end, False
            indicator, end = found
        elif "#" in indicator:
            at = self.masked.find(indicator, c0 + prev_end)
            indicator = self.sentence[at : at + len(indicator)] if at >= 0 else indicator
        bound, change = _bound_and_change(words, bound, change, added, bm, tl, head)
        years = [int(y) for y in YEAR.findall(self.masked[: c0 + t_start]) if not _is_base(self.masked, y)]
        scope = (SCOPE.search(clause[:t_start]) or self.scope or _NONE).group(0) or None
        common: dict[str, Any] = {
            "unit": unit, "comparator": "…".join(words), "change": change or "level", "end": c0 + end,
            "target_year": years[-1] if years else None, "base_year": base_year, "base_value": base_value,
            "scope": scope,
        }
        self.emit(indicator.strip(), value, low, bound, text_start, words, common)
        return end, True

    def indicator_after(self, c0: int, clause: str, end: int, head: str, words: list[str], follows: bool
                        ) -> tuple[str | None, int] | None:
        """The indicator of a figure printed without one before it: the previous indicator again, or the noun
        after the figure (ACTION NUMBER UNIT NOUN). Returns (indicator, end of the target), (None, end) when
        there is none, None when the figure qualifies a later noun."""
        rest = clause[end:]
        in_list = NOUN_IN_LIST.match(rest)  # 培育2个A和6个B: a list of ACTION NUMBER UNIT NOUN
        noun = re.match(r"^(?!\s*(?:之|以)?内)[^\d]{2,30}", rest)  # not 15分钟内到达: a limit, no noun
        if words and self.previous and not follows:
            return self.previous, end  # 突破173亿元、增长7%以上: the same indicator again
        if in_list:
            return self.sentence[c0 + end : c0 + end + len(in_list.group(1))], end + len(in_list.group(1))
        if noun:
            # ACTION NUMBER UNIT [bound] NOUN: the indicator follows the quantity
            if noun.end() < len(rest):
                return None  # 5亿元以上项目2个: the first quantity qualifies the second one's noun
            return self.sentence[c0 + end : c0 + end + noun.end()], end + noun.end()
        if self.previous and re.fullmatch(r"\s*[和与及]\s*", head):
            return self.previous, end  # 分别达到5万元和2.5万元: the same indicator again
        return None, end

    def emit(self, indicator: str, value: str, low: str | None, bound: str | None, text_start: int,
             words: list[str], common: dict[str, Any]) -> None:
        """The target of a figure (two for a range), and of the nouns waiting for it (X、Y均增长…)."""
        if self.pending and {"均", "都", "同步"} & set(words):
            for p_start, noun in self.pending:  # 城镇居民人均可支配收入、农民人均纯收入均增长12%
                self.out.append(Quantity(indicator=noun, value=value, bound=bound or "exact", start=p_start,
                                         **common))
        if low is not None:  # a range: the lower figure is a floor, the upper one a ceiling
            self.out.append(Quantity(indicator=indicator, value=low, bound="min", start=text_start, **common))
            self.out.append(Quantity(indicator=indicator, value=value, bound="max", start=text_start, **common))
        else:
            self.out.append(Quantity(indicator=indicator, value=value, bound=bound or "exact", start=text_start,
                                     **common))
        self.previous = indicator


class _NoMatch:
    def group(self, _: int) -> str:
        return ""


_NONE = _NoMatch()


def _is_base(masked: str, year: str) -> bool:
    return bool(re.search(rf"(?:较|比|与)\s*{year}\s*年", masked))


def _text_start(clause: str, lo: int, hi: int) -> int:
    """Start of the shortest span that states the target: the action verb or the indicator."""
    rows = list(ROW_NUMBER.finditer(clause, lo, hi))
    if rows:
        lo = rows[-1].end()
    head = clause[lo:hi]
    junk = LEADING_JUNK.match(head)
    rest = head[junk.end() :] if junk else head
    m = LEAD_IN.match(rest)
    return lo + len(head) - len(rest) + (m.end() if m else 0)


def _sentences(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for m in re.finditer(r"[。!?;]|\n+", text):
        if m.end() > start:
            out.append((start, text[start : m.end()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


def text_targets(text: str) -> list[tuple[int, Quantity]]:
    """(sentence offset, quantity) for every target stated in ``text`` (folded)."""
    return [(off, q) for off, sentence in _sentences(text) for q in quantities(sentence, is_folded=True)]


# --- target tables -------------------------------------------------------------------------------

CELL = re.compile(
    rf"^(?P<cmp>≥|≤|>=|<=|>|<|不低于|不少于|不高于|不超过|低于|高于)?\s*"
    rf"(?:(?:较|比)\s*(?P<base>\d{{4}})\s*年\s*(?P<dir>下降|降低|减少|增长|提高|上升)\s*)?"
    rf"(?P<num>{NUMBER})\s*(?P<unit>{_UNIT_ALT})?\s*(?P<after>以上|以下|以内|左右)?$"
)
CMP_BOUND = {"≥": "min", ">=": "min", ">": "min", "不低于": "min", "不少于": "min", "高于": "min",
             "≤": "max", "<=": "max", "<": "max", "不高于": "max", "不超过": "max", "低于": "max"}
EMPTY_CELL = re.compile(r"^[-—/\s]*$")


def _column(header: list[str], pattern: str) -> int | None:
    for i, cell in enumerate(header):
        if re.search(pattern, cell):
            return i
    return None


def table_targets(rows: list[list[str]], header_rows: int, doc_year: int | None) -> list[dict[str, Any]]:
    """Targets of an indicator × year table: one per indicator and target column."""
    if len(rows) <= header_rows or header_rows < 1:
        return []
    header = [re.sub(r"\s+", "", fold(" ".join(col))) for col in zip(*rows[:header_rows], strict=False)]
    ind_col = _column(header, r"指标|名称|项目|内容")
    if ind_col is None:
        return []
    unit_col = _column(header, r"^单位|计量单位")
    columns = []
    named = []  # columns whose header says they are the targets (2030年目标, 预期值)
    for i, cell in enumerate(header):
        y = re.search(r"(\d{4})年?", cell)
        if i in (ind_col, unit_col) or not (y or re.search(r"目标|预期", cell)) or re.search(r"属性|性质", cell):
            continue
        year = int(y.group(1)) if y else None
        baseline = bool(re.search(r"基[期准数]|现状|基础值|完成|实际", cell)) or (
            year is not None and doc_year is not None and year < doc_year)
        if not baseline:
            columns.append((i, year))
            if re.search(r"目标|预期|规划|力争", cell):
                named.append((i, year))
    if named:
        columns = named  # the other year columns are the base (2025年 | 2030年目标)
    elif doc_year is None and len(columns) >= 2 and all(y is not None for _, y in columns):
        first = min(y for _, y in columns)
        columns = [(i, y) for i, y in columns if y != first]  # without a date, the earliest year is the base
    out = []
    for r, row in enumerate(rows[header_rows:], start=header_rows):
        if ind_col >= len(row) or not row[ind_col].strip():
            continue
        indicator = re.sub(r"\s+", "", row[ind_col])
        unit = re.sub(r"\s+", "", row[unit_col]) if unit_col is not None and unit_col < len(row) else ""
        m_unit = re.search(r"[(（]([^()（）]{1,8})[)）]$", indicator)
        if not unit and m_unit:
            unit = m_unit.group(1)
        for col, year in columns:
            if col >= len(row):
                continue
            printed = row[col].strip()
            cell = re.sub(r"\s+", "", fold(printed))
            if EMPTY_CELL.match(cell):
                continue
            m = CELL.match(cell)
            if m:
                bound = CMP_BOUND.get(m.group("cmp") or "") or BOUND_WORD.get(m.group("after") or "", "exact")
                direction = m.group("dir")
                out.append({
                    "row": r, "col": col, "indicator": indicator, "value": m.group("num"),
                    "unit": m.group("unit") or unit, "bound": bound, "comparator": m.group("cmp") or "",
                    "change": ("decline" if direction in ("下降", "降低", "减少") else "growth") if direction
                    else "level",
                    "target_year": year, "base_year": int(m.group("base")) if m.group("base") else None,
                    "text": printed,
                })
            elif spoken := quantities("指标" + cell, is_folded=True):  # 增长6%左右, 达到85%以上
                for q in spoken:
                    out.append({
                        "row": r, "col": col, "indicator": indicator, "value": q.value, "unit": q.unit or unit,
                        "bound": q.bound, "comparator": q.comparator, "change": q.change, "target_year": year,
                        "base_year": q.base_year, "text": printed,
                    })
            elif re.search(r"[\u4e00-\u9fff]", cell):
                out.append({
                    "row": r, "col": col, "indicator": indicator, "value": printed, "unit": "", "bound": "exact",
                    "comparator": "", "change": "qualitative", "target_year": year, "base_year": None,
                    "text": printed,
                })
    return out


# a goal table printed one cell per line: the header row's first cell (序号 before 2026年预期目标) and what ends
# the goal rows (the next table's 序号, a section row 二、…, an attachment line)
HEADER_CELLS = frozenset({"序号", "编号", "序"})
GOAL_COLUMN = re.compile(r"(?:目标|指标)值?$")  # 2026年预期目标, 目标值; not 目标任务 (a column of tasks)
# a section row of a task table: its fields on one line, a bracket after them (牵头领导:…)
SECTION_ROW = re.compile(
    r"[ \t\u3000]*([^\n。，,；;：:]{4,80}?)[ \t\u3000]*(?:[(（][^()（）\n]{0,60}[)）])?[ \t\u3000]*\n")
TABLE_END = re.compile(r"^(?:[一二三四五六七八九十]+、|附件\d*$)")


def _is_target_table(node: Node) -> bool:
    if node.table is None or not node.table.rows:
        return False
    head = " ".join(" ".join(r) for r in node.table.rows[: node.table.header_rows])
    return bool(re.search(r"指标", head)) and bool(re.search(r"\d{4}\s*年|目标|预期", head))


# --- documents -----------------------------------------------------------------------------------


def _doc_year(doc: Document) -> int | None:
    if doc.signed:
        return doc.signed.year
    if doc.doc_number:
        return doc.doc_number.year
    return None


def _plain_heading(heading: str) -> str:
    """A heading folded, without spaces, closing punctuation or a closing period in brackets (近期目标(2026年))."""
    plain = re.sub(r"[\s。.:;,]+$", "", re.sub(r"\s+", "", fold(heading)))
    return re.sub(r"\([^()]{0,16}\)$", "", plain)


def is_goal_heading(heading: str) -> bool:
    """Whether a section heading names the plan's goals (主要目标, 预期目标, 发展目标, 目标任务, 主要指标 …)."""
    if "标" not in heading and "標" not in heading:
        return False
    h = _plain_heading(heading)
    return 0 < len(h) <= 30 and bool(GOAL_HEADING.search(h)) and not NOT_GOAL_HEADING.search(h)


_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（](?:[一二三四五六七八九十]+|\d+)[)）]|\d+[、.．])\s*")


def _is_group_label(cell: str) -> bool:
    """A table cell that names a group of rows (扩大有效投资), not a unit, a leader (张三), a number or a task."""
    return (4 <= len(cell) <= 20 and not re.search(r"[\d★☆、,，;；:：。]|\s", cell)
            and not re.search(r"(?:局|委|办|厅|政府|中心|公司|管委会|街道|镇|乡|部|院|会|行|处|所|队|站)$", cell))


def _goal_rows(rows: list[list[str]], header_rows: int, in_goal: bool) -> list[tuple[int, int, str]]:
    """(row, column, cell) of the cells that state goals in a table that is not an indicator × year table.

    A goal list printed as a table marks its rows by a group cell (``主要预期目标`` in a 项目/类别 column, or a
    row that is a section heading ``一、…主要预期目标``); the rows stay goals until that column names another
    group. Inside a goal section every row is a goal row. Cells without a number are not read.
    """
    out = []
    goal_col: int | None = None
    first = 1 if len(rows) > 1 else 0  # a group row mistaken for a second header row still opens the goals
    for r, row in enumerate(rows[first:], start=first):
        cells = [c.strip() for c in row]
        marker = next((i for i, c in enumerate(cells) if c and is_goal_heading(_LABEL.sub("", c))), None)
        if marker is not None and r < header_rows and sum(1 for c in cells if c) > 1:
            marker = None  # a column title of a second header row (2026年目标), not a group
        if marker is not None:
            goal_col = marker
        elif goal_col is not None:
            label = cells[goal_col] if goal_col < len(cells) else ""
            heading_row = any(re.match(r"^[一二三四五六七八九十]+、", c) for c in cells if c)
            if _is_group_label(label) or heading_row:
                goal_col = None
        if (goal_col is None and not in_goal) or r < header_rows:
            continue
        for c, cell in enumerate(cells):
            if c != goal_col and re.search(r"\d|[十百千万亿]", cell):
                out.append((r, c, cell))
    return out


def _is_target_heading(heading: str) -> bool:
    """A heading that is itself a target (``(一)地区生产总值增长7%以上``): its children are measures."""
    return bool(heading) and bool(quantities(heading))


def extract_targets(doc: Document, text: str, include_tasks: bool = False,
                    tasks: list[Task] | None = None) -> list[Target]:
    """Targets of one document in reading order: goal sections and target tables, and task text if asked.

    Goal sections are the sections under a goal heading (``is_goal_heading``) and the rest of a paragraph
    after ``主要目标是:``; their items count even when they carry a responsibility tag (a goal list broken
    down to units), the tag itself is never read. Plan and attachment titles (…目标任务分解方案) do not make
    a goal section. A heading that is itself a target is one, but its children are measures.
    """
    if doc.tree is None:
        return []
    task_nodes = ({t.node_id: t for t in (tasks if tasks is not None else extract_tasks(doc, text))}
                  if include_tasks else {})  # goal items are read whether or not they carry a tag
    reader = _TargetReader(doc, text, task_nodes)
    reader.visit(doc.tree, doc.title or "", False)
    return reader.out


class _TargetReader:
    """The targets of one document, read from its clause tree in order."""

    def __init__(self, doc: Document, text: str, task_nodes: dict[str, Task]) -> None:
        self.doc = doc
        self.text = text
        self.task_nodes = task_nodes
        self.doc_number = doc.doc_number.text if doc.doc_number else None
        self.year = _doc_year(doc)
        self.out: list[Target] = []
        self.closed: list[int] = []  # where a goal list printed as a table ended (its section heading did not)

    def emit(self, node: Node, plan: str, origin: str, lo: int, hi: int) -> None:
        """The targets stated in ``text[lo:hi]``."""
        text = self.text
        folded = folded_text(text)[lo:hi]
        for off, q in text_targets(folded):
            s, e = lo + off + q.start, lo + off + q.end
            # the indicator as printed (traditional stays traditional): read where it is in the sentence
            at = folded.find(q.indicator, off) if q.indicator else -1
            indicator = text[lo + at : lo + at + len(q.indicator)] if at >= 0 else q.indicator
            self.out.append(Target(
                source=self.doc.source, doc_number=self.doc_number, plan=plan, node_id=node.id, origin=origin,
                indicator=indicator, value=q.value, unit=q.unit, bound=q.bound, comparator=q.comparator,
                change=q.change, text=text[s:e].strip(), start=s, end=e, target_year=q.target_year,
                base_year=q.base_year, base_value=q.base_value, scope=q.scope,
            ))

    def table(self, node: Node, plan: str, goal: bool) -> None:
        """An indicator × year table, or the goal rows of another table."""
        assert node.table is not None
        if _is_target_table(node):
            for t in table_targets(node.table.rows, node.table.header_rows, self.year):
                self.out.append(Target(
                    source=self.doc.source, doc_number=self.doc_number, plan=plan, node_id=node.id, origin="table",
                    indicator=t["indicator"], value=t["value"], unit=t["unit"], bound=t["bound"],
                    comparator=t["comparator"], change=t["change"], text=t["text"], start=node.start,
                    end=node.end, target_year=t["target_year"] or self.year, base_year=t["base_year"],
                ))
            return
        text = self.text
        cursor = node.start
        for _, _, cell in _goal_rows(node.table.rows, node.table.header_rows, goal):
            # a cell is read where it is printed; one rebuilt from several lines, line by line
            for piece in [cell] if cell in text[cursor : node.end] else [ln.strip() for ln in cell.splitlines()]:
                at = text.find(piece, cursor, node.end) if piece else -1
                if at >= 0:
                    self.emit(node, plan, "goal", at, at + len(piece))
                    cursor = at + len(piece)

    def goal_spans(self, node: Node, lo: int) -> tuple[list[tuple[int, int]], bool]:
        """Goal text inside a node's own text: after an unnumbered goal heading line (``主要目标``) up to the
        next heading-like line, or after ``主要目标是:`` / ``实现以下目标:``. Also says whether the goal part
        is still open where the own text ends (then the node's children are the goal list)."""
        text = self.text
        spans: list[tuple[int, int]] = []
        if text.find("标", lo, node.end) < 0 and text.find("標", lo, node.end) < 0:
            return spans, False  # no goal word at all: most clauses
        start: int | None = None
        in_table = False  # the goal heading is the task column's heading of a table printed one cell per line
        previous = ""
        pos = lo
        for line in text[lo : node.end].split("\n"):
            line_end = pos + len(line)
            plain = line.strip().strip("|").strip()  # the | separators of a table printed one cell per line
            if plain and len(plain) <= 30 and not re.search(r"[。;；,，]", plain):
                key = re.sub(r"\s+", "", plain)
                if is_goal_heading(plain):
                    if start is not None:
                        spans.append((start, pos))
                    start = line_end
                    in_table = previous in HEADER_CELLS and bool(GOAL_COLUMN.search(key))
                elif start is not None and in_table:
                    if key in HEADER_CELLS or TABLE_END.match(key):
                        spans.append((start, pos))  # the next table's header, a section row, an attachment
                        start, in_table = None, False
                elif start is not None and len(plain) <= 20 and not re.search(r"\d|^[—\-·•●■▲◆★☆]", plain):
                    spans.append((start, pos))  # the next heading ends the goal part (a —— bullet does not)
                    start = None
            if plain:
                previous = re.sub(r"\s+", "", plain)
            if start is None:
                lead = GOAL_LEAD.search(text, pos, line_end)
                if lead:
                    start = lead.end()
            pos = line_end + 1
        # the children are the goal list only when the goal heading or lead ends the own text: goals stated in
        # the own text already are followed by another part (主要目标 / 到2027年… / 一、加快…)
        still_open = start is not None and not text[start : node.end].strip(" \t\n|")
        if start is not None:
            spans.append((start, node.end))
        return [sp for sp in spans if text[sp[0] : sp[1]].strip()], still_open

    def heads_goal(self, node: Node) -> bool:
        """Whether a node's heading (or the first words run into its paragraph) names the plan's goals."""
        text = self.text
        if node.heading:
            return is_goal_heading(_LABEL.sub("", node.heading))
        # a heading run into its paragraph without punctuation: (二)发展目标 到2025年…
        at = text.find(node.label, node.start, node.end) if node.label else -1
        rest = text[at + len(node.label) if at >= 0 else node.start : node.end]
        first = re.match(r"\s*([^\s。.,，:：;；]{2,20})[\s。.:：]", rest)
        if first and is_goal_heading(first.group(1)):
            return True
        # a section row of a task table: 一、X、Y、Z等工作目标(牵头领导:…), a list of fields on its own line
        row = SECTION_ROW.match(rest)
        return bool(row) and "、" in row.group(1) and is_goal_heading(row.group(1)[-30:]) \
            and not NOT_GOAL_HEADING.search(_plain_heading(row.group(1)))

    def section(self, node: Node, goal: bool) -> tuple[bool, bool]:
        """Whether the node is in a goal section (its heading opens one, another part's heading ends it), and
        whether only its own text is (主要目标和重点任务: the goals are its own text, its items are the tasks)."""
        own_only = False
        if self.closed and node.start >= self.closed[-1]:
            goal = False
        if node.kind not in {"document", "signature"}:
            if self.heads_goal(node):  # also an attachment titled 2026年主要预期目标; never …目标任务分解方案
                goal = True
                self.closed.clear()
                if COMBINED_HEADING.search(_plain_heading(node.heading)):
                    own_only = True
            elif goal and node.heading and OTHER_SECTION.match(_plain_heading(_LABEL.sub("", node.heading))):
                goal = False
        return goal, own_only

    def own_text(self, node: Node, plan: str, goal: bool) -> tuple[bool, bool]:
        """Read the node's own text; returns whether its children are in the goal section and whether a goal
        list opens at its end."""
        text = self.text
        at = text.find(node.label, node.start, node.end) if node.label else -1
        body = at + len(node.label) if at >= 0 else node.start
        opens = False
        if node.table is not None:
            self.table(node, plan, goal)
        elif node.kind == "signature":
            # a signature block may run on over the plan title and a table header down to a 主要预期目标 cell
            opens = self.goal_spans(node, node.start)[1]
        elif goal and node.kind not in {"document", "plan", "attachment"}:
            group = next((g for g in GROUP_ROW.finditer(text, body, node.end)
                          if not is_goal_heading(g.group("label"))), None)
            self.emit(node, plan, "goal", body, group.start() if group else node.end)
            if _is_target_heading(node.heading):
                goal = False
            if group:  # a task table printed one cell per line names its next group: the goal rows end here
                self.closed.append(group.start())
                goal = False
        else:
            spans, still_open = self.goal_spans(node, body)
            for lo, hi in spans:
                self.emit(node, plan, "goal", lo, hi)
            goal = goal or still_open
            opens = still_open
            if not spans and node.id in self.task_nodes:
                task = self.task_nodes[node.id]
                self.emit(node, plan, "task", task.start, task.end)
        return goal, opens

    def visit(self, node: Node, plan: str, goal: bool) -> bool:
        """Read ``node`` and its children; True when a goal list opens at the end of a childless node (its items
        are then the following siblings: the tree took them for a signature's or a paragraph's neighbours)."""
        if node.kind in {"plan", "attachment"}:
            plan = node.heading or plan
        goal, own_only = self.section(node, goal)
        goal, opens = self.own_text(node, plan, goal)
        inherited = goal and not own_only
        last: dict[str, int] = {}
        for child in node.children:
            style = re.sub(r"[\d一二三四五六七八九十]+", "#", fold(child.label))
            if child.number is not None and style:
                if child.number <= last.get(style, 0):
                    inherited = False  # the numbering starts again: a part the tree did not see begins
                last[style] = child.number
            if self.visit(child, plan, inherited):
                inherited, last = True, {}
        return opens and not node.children
