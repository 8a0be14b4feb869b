"""Supervision and dispatch (督查调度): the names that were in one module before the package was split.

Kept so that ``from zhengce.supervision.core import …`` and ``core.campaign_view(…)`` keep working; new
code imports from :mod:`zhengce.supervision` or from the module that defines a name:

* :mod:`~zhengce.supervision.campaigns` — campaigns made from a plan, changed, published, listed;
* :mod:`~zhengce.supervision.tasks` — the office's review of tasks (edit, add, assign, split, merge, archive);
* :mod:`~zhengce.supervision.reports`, :mod:`~zhengce.supervision.attachments` — reports and their files;
* :mod:`~zhengce.supervision.lights` — owed, missing and late reports, traffic lights;
* :mod:`~zhengce.supervision.issues`, :mod:`~zhengce.supervision.comments` — the issue ledger, comments;
* :mod:`~zhengce.supervision.views` — the campaign page, the task page, the daily digest;
* :mod:`~zhengce.supervision.units`, :mod:`~zhengce.supervision.permissions`,
  :mod:`~zhengce.supervision.records`, :mod:`~zhengce.supervision.settings`,
  :mod:`~zhengce.supervision.labels` — what they share;
* :mod:`zhengce.access.errors` — the errors.
"""

from __future__ import annotations

from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound, SupervisionError
from zhengce.supervision.attachments import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT,
    add_attachment,
    attachment,
    check_attachment,
    clean_name,
)
from zhengce.supervision.campaigns import (
    create_campaign,
    list_campaign,
    list_campaigns,
    plans_to_track,
    task_choices,
    task_in_campaign,
    update_campaign,
)
from zhengce.supervision.comments import comment
from zhengce.supervision.issues import ISSUE_FIELDS, issue_action, issue_stats, issue_view, issues, raise_issue
from zhengce.supervision.labels import (
    AUDIT_ACTIONS,
    CHANGE_FIELDS,
    ENTITY_NAMES,
    ISSUE_ACTIONS,
    ISSUE_RIGHTS,
    ISSUE_STATUSES,
    LIGHTS,
    ROLES,
    STATUSES,
    UNIT_KINDS,
    UNIT_LEVELS,
    describe_change,
)
from zhengce.supervision.lights import light
from zhengce.supervision.records import MAX_ID, task_labels
from zhengce.supervision.reports import ReportResult, submit_report, values_text
from zhengce.supervision.settings import DEFAULT_SETTINGS
from zhengce.supervision.tasks import (
    TASK_FIELDS,
    add_task,
    archive_task,
    assign_unit,
    edit_task,
    merge_tasks,
    split_task,
    unassign_unit,
)
from zhengce.supervision.units import add_unit, unit_choices
from zhengce.supervision.views import campaign_view, digest, task_view

__all__ = [
    "ATTACHMENT_TYPES", "AUDIT_ACTIONS", "CHANGE_FIELDS", "DEFAULT_SETTINGS", "ENTITY_NAMES", "ISSUE_ACTIONS",
    "ISSUE_FIELDS", "ISSUE_RIGHTS", "ISSUE_STATUSES", "LIGHTS", "MAX_ATTACHMENT", "MAX_ID", "ROLES", "STATUSES",
    "TASK_FIELDS", "UNIT_KINDS", "UNIT_LEVELS",
    "Conflict", "Forbidden", "Invalid", "NotFound", "ReportResult", "SupervisionError",
    "add_attachment", "add_task", "add_unit", "archive_task", "assign_unit", "attachment", "campaign_view",
    "check_attachment", "clean_name", "comment", "create_campaign", "describe_change", "digest", "edit_task",
    "issue_action", "issue_stats", "issue_view", "issues", "light", "list_campaign", "list_campaigns",
    "merge_tasks", "plans_to_track", "raise_issue", "split_task", "submit_report", "task_choices",
    "task_in_campaign", "task_labels", "task_view", "unassign_unit", "unit_choices", "update_campaign",
    "values_text",
]
