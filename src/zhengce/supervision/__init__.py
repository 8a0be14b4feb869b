"""The supervision cycle (督查调度): campaigns made from a plan, tasks assigned to units, reports,
lights, the issue ledger, scoring and bulletins.

Modules, from the bottom up:

* ``labels`` — codes and their Chinese names (statuses, lights, roles, issue actions, audit actions);
* ``settings`` — a campaign's settings over the defaults;
* ``records`` — rows by id, versions, dates, snapshots, a campaign's cycles, the units of its tasks;
* ``permissions`` — what a user may see and change;
* ``duty`` — when a unit's duty to report on a task begins (a unit assigned after publication);
* ``units`` — units of the registry: found, added, offered; collective names (groups);
* ``campaigns``, ``tasks`` — campaigns and the office's review of their tasks;
* ``reports``, ``attachments`` — reports and their files; ``returns`` — a report sent back (退回);
* ``lights`` — owed, missing and late reports, and each task's traffic light;
* ``comments``, ``issues`` — comments (批示) and the issue ledger (交办、督办、销号); ``issue_history`` — the
  ledger as it stood at a period's end (what its bulletin counts);
* ``views`` — the campaign page, the task page, a unit's daily digest;
* ``senders``, ``reminders`` — the digest sent to each unit by e-mail (SMTP), SMS or the console;
* ``scoring`` — rates, scores, rankings, the targets dashboard; ``bulletin`` — the 通报 of a cycle;

The errors (:class:`SupervisionError`, :class:`Forbidden`, :class:`NotFound`, :class:`Conflict`,
:class:`Invalid`) come from :mod:`zhengce.access.errors`. The public API is re-exported here.
"""

from __future__ import annotations

from zhengce.access.errors import Conflict, Forbidden, Invalid, NotFound, SupervisionError
from zhengce.supervision.attachments import (
    ATTACHMENT_TYPES,
    HELD_DAYS,
    MAX_ATTACHMENT,
    add_attachment,
    attachment,
    check_attachment,
    claim_held,
    clean_name,
    held_files,
    hold_attachments,
)
from zhengce.supervision.bulletin import bulletin_data
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
from zhengce.supervision.reminders import send_reminders, set_contact, unit_digests
from zhengce.supervision.reports import ReportResult, submit_report, values_text
from zhengce.supervision.returns import ReturnResult, return_report
from zhengce.supervision.scoring import adjust, scores, targets_dashboard
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
from zhengce.supervision.units import add_unit, unit_choices, unit_named
from zhengce.supervision.views import campaign_view, digest, task_view

__all__ = [
    "ATTACHMENT_TYPES",
    "AUDIT_ACTIONS",
    "CHANGE_FIELDS",
    "DEFAULT_SETTINGS",
    "ENTITY_NAMES",
    "HELD_DAYS",
    "ISSUE_ACTIONS",
    "ISSUE_FIELDS",
    "ISSUE_RIGHTS",
    "ISSUE_STATUSES",
    "LIGHTS",
    "MAX_ATTACHMENT",
    "MAX_ID",
    "ROLES",
    "STATUSES",
    "TASK_FIELDS",
    "UNIT_KINDS",
    "UNIT_LEVELS",
    "Conflict",
    "Forbidden",
    "Invalid",
    "NotFound",
    "ReportResult",
    "ReturnResult",
    "SupervisionError",
    "add_attachment",
    "add_task",
    "add_unit",
    "adjust",
    "archive_task",
    "assign_unit",
    "attachment",
    "bulletin_data",
    "campaign_view",
    "check_attachment",
    "claim_held",
    "clean_name",
    "comment",
    "create_campaign",
    "describe_change",
    "digest",
    "edit_task",
    "held_files",
    "hold_attachments",
    "issue_action",
    "issue_stats",
    "issue_view",
    "issues",
    "light",
    "list_campaign",
    "list_campaigns",
    "merge_tasks",
    "plans_to_track",
    "raise_issue",
    "return_report",
    "scores",
    "send_reminders",
    "set_contact",
    "split_task",
    "submit_report",
    "targets_dashboard",
    "task_choices",
    "task_in_campaign",
    "task_labels",
    "task_view",
    "unassign_unit",
    "unit_choices",
    "unit_digests",
    "unit_named",
    "update_campaign",
    "values_text",
]
