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

Modules: ``vocabulary`` (units, comparators, lead-ins), ``phrases`` (tokens and indicator phrases of a clause),
``quantities`` (the targets of one sentence), ``headings`` (goal sections), ``tables`` (target tables and goal
rows), ``extractor`` (Target, extract_targets).
"""

from zhengce.extract.targets.extractor import Target, extract_targets
from zhengce.extract.targets.headings import is_goal_heading
from zhengce.extract.targets.quantities import Quantity, quantities, text_targets
from zhengce.extract.targets.tables import goal_rows, table_targets

__all__ = ["Quantity", "Target", "extract_targets", "goal_rows", "is_goal_heading", "quantities", "table_targets",
           "text_targets"]
