"""Targets: goal sections — the headings that name a plan's goals (主要目标, 预期目标, 主要指标 …) and those that
end them, goal lead-ins inside a paragraph (主要目标是:), and the rows of tables printed one cell per line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhengce.text.normalise import fold

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
# the object of 确保完成 is the year's expected goals themselves: "一、确保完成全年主要预期目标" heads the goal list
# of a work report's division of tasks (a 保障措施 "确保完成目标任务" names no 预期目标)
GOAL_AS_OBJECT = re.compile(
    r"^(?:确保|努力|力争|全力)?(?:完成|实现)(?:全年|年度|今年|本年度|\d{4}年)?(?:经济社会发展)?的?"
    r"(?:(?:主要)?预期(?:目标|指标)|主要(?:经济)?指标)$")
# a section that is not a goal section even inside one (总体要求 → 指导思想, 基本原则 …)
OTHER_SECTION = re.compile(
    r"^(?:指导思想|基本原则|工作原则|总体思路|重点任务|主要任务|工作任务|主要措施|工作措施|保障措施|组织实施|"
    r"实施步骤|职责分工|工作要求|组织领导|组织保障|重点工作|主要工作|工作重点|重点项目|实施路径|主要举措|重点举措|"
    r"具体措施|政策措施|支持政策|进度安排|时间安排)$"
)
# the overall requirements of a plan or an 意见 (总体要求): after the guiding ideas, a paragraph that opens with the
# target year ("2025年，…", "到2027年底，…") states the goals
OVERALL_HEADING = re.compile(r"^(?:总体要求|总体思路|总体部署)$")
YEAR_LEAD = re.compile(r"^[ \t\u3000]*(?:力争|计划)?(?:到|至)?20\d\d年(?:底|末|前|底前)?[,，]")
# a goal list introduced inside a paragraph: 主要预期目标是: / 工作目标: / 发展目标为:
GOAL_LEAD = re.compile(
    r"(?:(?:主要|预期|发展|工作|总体|具体|年度|行动|建设|阶段|主要预期|奋斗)目[标標](?:任务|任務)?(?:是|为|為)?|"
    r"(?:实现|達到|达到|完成)(?:以下|如下)(?:主要)?目[标標])[:：]"
)


# the group row of a task table printed one cell per line: ``|`` separators, the 序号 and the group's name
GROUP_ROW = re.compile(
    r"\n[ \t]*\|{2,}[ \t]*\n[ \t]*\d{1,3}[ \t]*\n[ \t]*\|[ \t]*\n[ \t]*(?P<label>[^\n|\d]{2,30}?)[ \t]*\n"
)


# a goal table printed one cell per line: the header row's first cell (序号 before 2026年预期目标) and what ends
# the goal rows (the next table's 序号, a section row 二、…, an attachment line)
HEADER_CELLS = frozenset({"序号", "编号", "序"})
GOAL_COLUMN = re.compile(r"(?:目标|指标)值?$")  # 2026年预期目标, 目标值; not 目标任务 (a column of tasks)
# a task column's heading right after a 指标 column's (序号 | 指标 | 工作任务 | 责任股室): the 指标 cells are the
# categories of a task table's rows (公共文化服务), whose figures are tasks' quantities, no goals
TASK_COLUMN = re.compile(r"^(?:工作|重点|主要|具体)?(?:任务|措施|举措)(?:内容)?$|^工作内容$")
# a goal group of a task table printed one cell per line (序号 | 事项 | 责任单位 | 牵头单位, then 发展目标 over its
# rows): the group's rows are goals up to the next group cell (激发市场活力), a header or a section row
UNIT_COLUMN_CELLS = frozenset({"责任单位", "牵头单位", "配合单位", "责任部门", "牵头部门", "主责单位", "协同单位"})
_UNIT_NAME_END = re.compile(r"(?:局|委|办|厅|政府|中心|公司|管委会|街道|镇|乡|部|院|会|行|处|所|队|站|室|组)$")


def opens_goal_group(cells_above: list[str]) -> bool:
    """Whether the cells printed just above a goal heading are a task table's header (序号 … 牵头单位)."""
    return any(c in HEADER_CELLS for c in cells_above) and any(c in UNIT_COLUMN_CELLS for c in cells_above)


def is_group_cell(cell: str) -> bool:
    """A cell that names a group of a task table's rows (激发市场活力): no unit, number, leader or sentence."""
    return 4 <= len(cell) <= 20 and not re.search(r"[\d★☆、,，;；:：。()（）]|\s", cell) \
        and not _UNIT_NAME_END.search(cell)


# a section row of a task table: its fields on one line, a bracket after them (牵头领导:…)
SECTION_ROW = re.compile(
    r"[ \t\u3000]*([^\n。，,；;：:]{4,80}?)[ \t\u3000]*(?:[(（][^()（）\n]{0,60}[)）])?[ \t\u3000]*\n")
TABLE_END = re.compile(r"^(?:[一二三四五六七八九十]+、|附件\d*$)")


# plain_heading and is_goal_heading are pure functions of a heading, asked for each node several times (its
# section, its goal heading, its run-in goal) and for the same headings in document after document (一、主要目标,
# 二、重点任务): each heading is read once per process.
@lru_cache(maxsize=8192)
def plain_heading(heading: str) -> str:
    """A heading folded, without spaces, closing punctuation or a closing period in brackets (近期目标(2026年))."""
    plain = _CLOSING.sub("", _SPACES.sub("", fold(heading)))
    plain = _BRACKETED.sub(r"\1", plain)  # 【目标任务】: a label in square brackets
    return _PERIOD.sub("", plain)


_SPACES = re.compile(r"\s+")
_CLOSING = re.compile(r"[\s。.:;,]+$")
_BRACKETED = re.compile(r"^\[([^\[\]]{2,28})\]$")
_PERIOD = re.compile(r"\([^()]{0,16}\)$")


def is_goal_heading(heading: str) -> bool:
    """Whether a section heading names the plan's goals (主要目标, 预期目标, 发展目标, 目标任务, 主要指标 …)."""
    if "标" not in heading and "標" not in heading:
        return False
    return _is_goal_heading(heading)


@lru_cache(maxsize=8192)
def _is_goal_heading(heading: str) -> bool:
    h = plain_heading(heading)
    # (the goals as the object of the item's last clause: "加强经济运行分析，确保完成主要指标" heads its indicators)
    return 0 < len(h) <= 30 and bool(GOAL_HEADING.search(h)) and (not NOT_GOAL_HEADING.search(h)
                                                                   or bool(GOAL_AS_OBJECT.match(h.split(",")[-1])))


SECTION_LABEL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（](?:[一二三四五六七八九十]+|\d+)[)）]|\d+[、.．])\s*")
