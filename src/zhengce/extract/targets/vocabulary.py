"""Targets: the words of the target grammar — units (longest first, as one trie), number tokens, lead-ins, actions,
comparators with the bound and change they imply, and the words after a figure that make it no target.
"""

from __future__ import annotations

import re


def _words(*lines: str) -> list[str]:
    """Space-separated words, longest first (so that regex alternations prefer the longest)."""
    return sorted((w for line in lines for w in line.split()), key=len, reverse=True)


_BASE_UNITS = (
    "个 件 项 名 位 所 座 处 条 台 套 辆 艘 张 床 间 场 次 批 栋 宗 笔 部 支 只 株 棵 头 羽 亩 户 家 人 人次 "
    "吨 平方米 立方米 千瓦 千瓦时 斤 公斤 册 份 标箱 元 美元"
)
UNITS = _words(
    "个百分点 百分点 万吨标准煤 吨标准煤 万元/人 元/人 千元 万亿 万 亿 公顷 平方公里 公里 千米 兆瓦",
    "万吨标煤 吨标煤 吨标准煤/万元 吨标煤/万元 立方米/万元",  # energy and water intensity (能耗0.9吨标煤/万元以下)
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


UNIT_ALT = _trie(sorted(set(UNITS)))
TOKEN = re.compile(
    rf"(?:(?P<lo>{NUMBER})\s*(?:{UNIT_ALT})?\s*(?:[-—–~～]|至|到)\s*)?(?P<num>{NUMBER})\s*(?P<unit>{UNIT_ALT})?"
)
CN_TOKEN = re.compile(
    r"(?:达到|突破|超过|不低于|不少于|不超过|达|超|增长|增加|提高到|提高至|提升到|提升至|增加到|增加至|新增|"
    rf"控制在|保持在|稳定在|力争|确保)\s*(?P<num>{CN_NUMBER})\s*(?P<unit>{UNIT_ALT})(?!级|大|位数|多)"
)
FUTURE = re.compile(r"到\d{4}|力争|确保|预计|计划|将")
AT_LEAST = re.compile(r"至少|不少于")
ANY_NUMBER = re.compile(r"[\d０-９十百千万亿萬億]")
YEARS_TOKEN = re.compile(
    r"(?:达到|提高到|提高至|提升到|提升至|延长到|延长至|增加到|增加至|缩短到|缩短至|达)\s*"
    r"(?P<num>\d{1,2}(?:\.\d+)?)\s*(?P<unit>年)(?![内以来度底末初前后])"
)
CN_HINT = re.compile(r"[十百千][^\d]?[万亿]?|[一二两三四五六七八九][万亿]")


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
    r"全年|年内|年底前|当年|今年|首批|第一批|"
    r"每[条个家所项座名][\u4e00-\u9fff]{1,8}?(?=打造|培育|建成|建设|创建|形成|引进)|"  # 每条产业链打造1-2个品牌
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
# 开发10个…产品 (not 开发区): a plan commits to products it develops as to projects it builds
ACTIONS = re.compile(rf"^(?:累计|集中|持续|积极|加快|全力|大力|共|再|配合)?(?:{'|'.join(_ACTION_VERBS)}|开发(?!区))")
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
_VALUE = rf"{NUMBER}\s*(?:{UNIT_ALT})?"
# A、B分别达到85%、90%: one figure for each indicator, in order
RESPECTIVELY = re.compile(
    rf"(?P<inds>[^,;。:!?#]{{2,80}}?)分别(?P<verb>{_RESP_VERBS})?\s*"
    rf"(?P<vals>{_VALUE}(?:\s*[、和与及]\s*{_VALUE})+)\s*(?P<bound>及以上|以上|以下|以内|左右)?"
)
BOUND_WORD = {"及以上": "min", "以上": "min", "以下": "max", "以内": "max", "左右": "approx", "上下": "approx"}
BASE_YEAR = re.compile(r"(?:较|比|与|相比|同比)\s*(\d{4})\s*年")
YEAR = re.compile(r"(?<![\d.])(\d{4})\s*年")
