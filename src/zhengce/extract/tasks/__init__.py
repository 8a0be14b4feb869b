"""Extract: tasks that carry a responsibility tag, with their units by role.

A task is a clause that carries a responsibility tag, in one of the forms plans are printed in:

* a tag that ends the clause (or its first paragraph): the last balanced group in ``()``, ``（）``,
  ``〔〕`` or ``【】`` (a date group after it, ``(2025年底前)``, is skipped);
* unit lines after the task: ``牵头单位：X`` / ``责任单位：Y`` / ``配合单位：`` / ``数据提供单位：`` /
  ``部门分工：X牵头，Y配合`` (``【牵头单位】X`` too); ``牵头领导``, ``责任领导`` name people and are skipped;
* bullet lines (``——``, ``●``) that each end with their own tag;
* a heading that names the lead of the items under it: ``(一)X牵头的工作`` with ``协同单位：`` lines (the group
  is one task), ``一、X牵头工作(2项)`` or ``牵头单位：X`` over untagged items (each item is a task led by X);
* task tables: a header row names the unit columns (牵头单位, 配合单位, 责任单位 …) and the rows are read
  from the cells in order — tab rows, one cell per line with or without ``|`` lines, columns parted by
  spaces, HTML cells — so merged cells do not shift the columns; ``★`` marks the lead.

The tag grammar:

* ``X牵头,Y、Z等相关单位,A、B负责`` — X leads, Y and Z support, A and B execute locally;
* ``X主办,Y协办``, ``X负责,Y配合``, ``X为牵头单位`` — the same roles in other words;
* ``X、Y分别牵头,…``, ``X、Y分别负责`` and ``X、Y牵头负责`` — every named unit leads;
* ``X牵头,Y配合`` and unseparated ``X牵头各有关职能部门配合``;
* ``X等按职责分工负责`` or a bare ``(X、Y)`` — without 牵头, every named unit leads, unless the document
  stated once that the first unit leads (``排在首位的为牵头单位，下同``);
* ``责任单位：X、Y`` and ``牵头单位：X；配合单位：Y`` — labelled lists.

Placeholders that only close a list (``等``, ``等相关单位``, ``等省有关部门``) are dropped; generic units
such as ``其他相关单位`` or ``各县市人民政府`` are kept. Brackets inside a name (``各县(市、区)人民政府``)
never split it; ``及``/``和`` split only between two bodies. Tags are read in the folded text (traditional
characters too) and exported as printed.

Leader offices inside a tag (``分管副省长、协管副秘书长负责``) are people, not units.

Modules: ``model`` (Task, Assignment, where a task stands in its plan, the plan of a page without a header),
``unitnames`` (the unit lists of a tag), ``tags`` (the tag grammar, labelled unit lines), ``tables`` (task
tables), ``clauses`` (the task of one clause), ``groups`` (headings that name the lead), ``extractor``
(extract_tasks).
"""

from zhengce.extract.tasks.extractor import extract_tasks
from zhengce.extract.tasks.model import Assignment, Task, headless_plan
from zhengce.extract.tasks.tables import table_rows
from zhengce.extract.tasks.tags import labelled_block, parse_tag, trailing_group
from zhengce.extract.tasks.unitnames import as_printed, units_in

__all__ = ["Assignment", "Task", "as_printed", "extract_tasks", "headless_plan", "labelled_block", "parse_tag",
           "table_rows", "trailing_group", "units_in"]
