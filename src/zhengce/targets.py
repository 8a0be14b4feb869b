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

from .model import Document, Node
from .normalise import fold, folded_text
from .tasks import Task, extract_tasks

GOAL_HEADING = re.compile(r"目标|指标")

def _words(*lines: str) -> list[str]:
    """Space-separated words, longest first (so that regex alternations prefer the longest)."""
    return sorted((w for line in lines for w in line.split()), key=len, reverse=True)


UNITS = _words(
    "个百分点 百分点 万亿元 亿美元 万美元 亿元 万元 千元 元 万人次 人次 万人 人 万户 户 万家 家",
    "个 件 项 名 位 所 座 处 条 台 套 辆 艘 张 床 间 场 次 批 栋 宗 笔 部 支 只 株 棵",
    "万头 头 万羽 羽 万亩 亩 公顷 万平方米 平方米 平方公里 公里 千米 万吨标准煤 吨标准煤 万吨 吨",
    "万立方米 立方米 万千瓦时 千瓦时 万千瓦 千瓦 兆瓦 天 小时 分钟 岁 倍 % ‰ 万",
    "个工作日 工作日 个自然日 自然日 个月",
)
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
QUANTITY = re.compile(rf"({NUMBER})\s*({'|'.join(re.escape(u) for u in UNITS)})?")
BOUND_AFTER = re.compile(r"^\s*(?:\([^()]{1,3}\))?\s*(及以上|以上|以下|以内|左右|上下)")
MODIFIER_AFTER = re.compile(r"^\s*(?:及以上|以上|以下|以内|左右)?(?:的|规模|级别|标准)")
BASELINE_AFTER = re.compile(r"^\s*(?:分别|相应)?(?:提高|提升|增加|增长|下降|降低|减少|上升|压降|压减)(?:到|至)")
MONEY_RULE = re.compile(
    r"补贴|补助|奖励|奖补|资助|给予|予以|每[件户人亩家个吨]|元/|按[^,;。]{0,30}的|缴纳|支付|首付|额度|价款|起始价|保证金|"
    r"利率|费率|报酬|工资标准|优惠|折扣|减免"
)
CONTINUES = re.compile(r"^\s*(?:\(含\)|[和及或并且与])?\s*[\u4e00-\u9fff]")  # a noun goes on after the quantity
PAST = re.compile(r"截至|截止|已经|已达|已完成|已建成|去年|上年底")
CLAUSE_SPLIT = re.compile(r"[,;。!?、:]|,(?!\d{3}(?!\d))")
LEAD_IN = re.compile(
    r"^(?:力争|确保|努力|争取|实现|推动|促进|使|让|要|将|并|且|和|及|同时|其中|在此基础上|"
    r"全年|年内|年底前|当年|今年|"
    r"到\d{4}年(?:底|末)?|\d{4}年(?:底|末|内)?|"
    r"全[省市州县区镇乡]|我[省市州县区镇乡]|全域)+"
)
SCOPE = re.compile(r"(全[省市州县区镇乡]|我[省市州县区镇乡]|全域)")
_ACTION_VERBS = _words(
    "新增 新引进 新认定 新建 新培育 新开工 新招引 新发放 引进培育 引进 培育 获批 认定 创建 争创",
    "建成 建设 打造 完成 实施 推进 启动 新招 培养 培训 改造 组织 举办 开展 选派 推动 布局建设",
    "新改建 改扩建 建立 发放 招引 招商引进 签约 培育创建 培育建设 改造建设 继续建设",
)
ACTIONS = re.compile(rf"^(?:累计|集中|持续|积极|加快|全力|大力|共|再|配合)?(?:{'|'.join(_ACTION_VERBS)})")
ADDED = re.compile(r"^(?:新增|新引进|新认定|新建|新培育|新开工)")
_COMPARATORS = [  # (word, bound implied, change implied)
    ("不低于", "min", None), ("不少于", "min", None), ("不超过", "max", None), ("不高于", "max", None),
    ("控制在", "max", None), ("保持在", "exact", "level"), ("稳定在", "exact", "level"),
    ("提高到", "exact", "level"), ("提高至", "exact", "level"), ("提升到", "exact", "level"),
    ("提升至", "exact", "level"), ("下降到", "exact", "level"), ("下降至", "exact", "level"),
    ("降低到", "exact", "level"), ("降低至", "exact", "level"), ("增加到", "exact", "level"),
    ("压缩至", "exact", "level"), ("压缩到", "exact", "level"), ("缩短至", "exact", "level"),
    ("缩短到", "exact", "level"), ("减少至", "exact", "level"), ("减少到", "exact", "level"),
    ("降至", "exact", "level"), ("减至", "exact", "level"),
    ("增加至", "exact", "level"), ("达到", "exact", "level"), ("超过", "min", "level"), ("突破", "min", "level"),
    ("低于", "max", None), ("高于", "min", None), ("增长", "exact", "growth"), ("增加", "exact", "growth"),
    ("年均增长", "exact", "growth"), ("年增长", "exact", "growth"),
    ("提高", "exact", "growth"), ("提升", "exact", "growth"), ("上升", "exact", "growth"),
    ("下降", "exact", "decline"), ("降低", "exact", "decline"), ("减少", "exact", "decline"),
    ("压减", "exact", "decline"), ("压降", "exact", "decline"), ("累计", "exact", "cumulative"),
    ("新增", "exact", "added"), ("达", "exact", "level"), ("超", "min", "level"), ("在", "exact", "level"),
    ("为", "exact", "level"), ("均", None, None), ("增幅", None, None), ("增速", None, None),
    ("同比", None, None), ("年均", None, None), ("力争", None, None), ("确保", None, None),
    ("进一步", None, None), ("要", None, None), ("将", None, None), ("实现", None, None),
]
COMPARATORS = sorted(_COMPARATORS, key=lambda c: len(c[0]), reverse=True)  # longest first
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


def quantities(sentence: str, is_folded: bool = False) -> list[Quantity]:
    """The targets stated in one sentence, in order; offsets are relative to the sentence."""
    if not is_folded:
        sentence = fold(sentence)
    masked = _masked(sentence)
    if MONEY_RULE.search(masked):
        return []
    out: list[Quantity] = []
    sentence_scope = SCOPE.search(masked)
    previous: str | None = None  # the indicator of the previous quantity in this sentence
    clause_starts = [0] + [m.end() for m in CLAUSE_SPLIT.finditer(masked)]
    clause_ends = [m.start() for m in CLAUSE_SPLIT.finditer(masked)] + [len(masked)]
    for c0, c1 in zip(clause_starts, clause_ends, strict=True):
        clause = masked[c0:c1]
        if PAST.search(clause):
            continue
        prev_end = 0  # where the indicator of the next quantity may start
        cut: tuple[int, int] | None = None  # a baseline (由80%提高到…) inside the next indicator phrase
        base_value: str | None = None
        for m in QUANTITY.finditer(clause):
            value, unit = m.group(1), m.group(2) or ""
            after = clause[m.end() :]
            if not unit or (m.start() > 0 and clause[m.start() - 1] in "第-—~/.#"):
                continue
            if re.match(r"^\d{4}$", value) and after.startswith("年"):
                continue
            if MODIFIER_AFTER.match(after):
                continue  # 100亿元以上的县市: part of the indicator
            lead = re.search(r"(?:由|从)\s*$", clause[prev_end : m.start()])
            if BASELINE_AFTER.match(after) or lead:
                cut = (prev_end + lead.start() if lead else m.start(), m.end())
                base_value = value
                continue
            bm = BOUND_AFTER.match(after)
            end = m.end() + (bm.end() if bm else 0)
            head = clause[prev_end : m.start()]
            if cut is not None:
                head = clause[prev_end : cut[0]] + clause[cut[1] : m.start()]
            indicator, words, bound, change, base_year = _strip_tail(head)
            indicator, _, added = _strip_head(indicator)
            text_start = c0 + _text_start(clause, prev_end, m.start())
            follows = CONTINUES.match(clause[end:]) is not None
            if indicator.strip("#") and follows and not re.match(r"^\s*[和及或并且与]", clause[end:]):
                continue  # 5岁以下儿童死亡率, 15分钟健身圈: the quantity qualifies the noun after it
            if not indicator.strip("#"):
                if words and previous and not follows:
                    indicator = previous  # 突破173亿元、增长7%以上: the same indicator again
                else:
                    # ACTION NUMBER UNIT [bound] NOUN: the indicator follows the quantity
                    noun = re.match(r"^[^\d]{2,30}", clause[end:])
                    if noun is None:
                        prev_end = end
                        continue
                    if noun.end() < len(clause) - end:
                        continue  # 5亿元以上项目2个: the first quantity qualifies the second one's noun
                    indicator = sentence[c0 + end : c0 + end + noun.end()]
                    end += noun.end()
            elif "#" in indicator:
                at = masked.find(indicator, c0 + prev_end)
                indicator = sentence[at : at + len(indicator)] if at >= 0 else indicator
            if bm:
                bound = BOUND_WORD[bm.group(1)]
                words.append(bm.group(1))
            if added and change is None:
                change = "added"
            elif added is None and change in (None, "level"):
                change = "cumulative"
            years = [int(y) for y in YEAR.findall(masked[: c0 + m.start()]) if not _is_base(masked, y)]
            out.append(Quantity(
                indicator=indicator.strip(),
                value=value,
                unit=unit,
                bound=bound or "exact",
                comparator="…".join(words),
                change=change or "level",
                start=text_start,
                end=c0 + end,
                target_year=years[-1] if years else None,
                base_year=base_year,
                base_value=base_value,
                scope=(SCOPE.search(clause[: m.start()]) or sentence_scope or _NONE).group(0) or None,
            ))
            previous = indicator.strip()
            prev_end, cut, base_value = end, None, None
    return out


class _NoMatch:
    def group(self, _: int) -> str:
        return ""


_NONE = _NoMatch()


def _is_base(masked: str, year: str) -> bool:
    return bool(re.search(rf"(?:较|比|与)\s*{year}\s*年", masked))


def _text_start(clause: str, lo: int, hi: int) -> int:
    """Start of the shortest span that states the target: the action verb or the indicator."""
    head = clause[lo:hi]
    m = LEAD_IN.match(head.lstrip())
    skip = len(head) - len(head.lstrip()) + (m.end() if m else 0)
    return lo + skip


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
    rf"(?P<num>{NUMBER})\s*(?P<unit>%|‰|{'|'.join(re.escape(u) for u in UNITS)})?\s*(?P<after>以上|以下|以内|左右)?$"
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
    for i, cell in enumerate(header):
        y = re.search(r"(\d{4})年?", cell)
        if i in (ind_col, unit_col) or not (y or re.search(r"目标|预期", cell)):
            continue
        year = int(y.group(1)) if y else None
        baseline = bool(re.search(r"基[期准数]|现状|基础值", cell)) or (
            year is not None and doc_year is not None and year < doc_year)
        if not baseline:
            columns.append((i, year))
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
            elif re.search(r"[\u4e00-\u9fff]", cell):
                out.append({
                    "row": r, "col": col, "indicator": indicator, "value": printed, "unit": "", "bound": "exact",
                    "comparator": "", "change": "qualitative", "target_year": year, "base_year": None,
                    "text": printed,
                })
    return out


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


def extract_targets(doc: Document, text: str, include_tasks: bool = False,
                    tasks: list[Task] | None = None) -> list[Target]:
    """Targets of one document in reading order: goal sections and target tables, and task text if asked."""
    if doc.tree is None:
        return []
    task_nodes = {t.node_id: t for t in (tasks if tasks is not None else extract_tasks(doc, text))}
    out: list[Target] = []
    doc_number = doc.doc_number.text if doc.doc_number else None
    year = _doc_year(doc)

    def emit(node: Node, plan: str, origin: str, lo: int, hi: int) -> None:
        folded = folded_text(text)[lo:hi]
        for off, q in text_targets(folded):
            s, e = lo + off + q.start, lo + off + q.end
            out.append(Target(
                source=doc.source, doc_number=doc_number, plan=plan, node_id=node.id, origin=origin,
                indicator=q.indicator, value=q.value, unit=q.unit, bound=q.bound, comparator=q.comparator,
                change=q.change, text=text[s:e].strip(), start=s, end=e, target_year=q.target_year,
                base_year=q.base_year, base_value=q.base_value, scope=q.scope,
            ))

    def visit(node: Node, plan: str, goal: bool) -> None:
        if node.kind in {"plan", "attachment"}:
            plan = node.heading or plan
        goal = goal or bool(node.heading and GOAL_HEADING.search(node.heading) and len(node.heading) <= 30)
        if node.table is not None:
            if _is_target_table(node):
                for t in table_targets(node.table.rows, node.table.header_rows, year):
                    out.append(Target(
                        source=doc.source, doc_number=doc_number, plan=plan, node_id=node.id, origin="table",
                        indicator=t["indicator"], value=t["value"], unit=t["unit"], bound=t["bound"],
                        comparator=t["comparator"], change=t["change"], text=t["text"], start=node.start,
                        end=node.end, target_year=t["target_year"] or year, base_year=t["base_year"],
                    ))
        elif node.id in task_nodes:
            if include_tasks:
                task = task_nodes[node.id]
                emit(node, plan, "task", task.start, task.end)
        elif goal and node.kind != "document":
            body = node.start + (len(node.label) if node.label else 0)
            emit(node, plan, "goal", body, node.end)
        for child in node.children:
            visit(child, plan, goal)

    visit(doc.tree, doc.title or "", False)
    return out
