"""Facts: everything the extractors find in one document, found once.

Every stage that needs extraction results takes them from here: the store (``zhengce.db.ingest``
receives a source's facts and writes them, it runs no extractor), the export, the benchmarks and
the CLI. The document's year (``Document.year``) and the plan a 关于印发《…》 notice issues
(``zhengce.text.lexicon.issued_title``) are read once, here, and every fact uses those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhengce.calendar.holidays import HolidayNotice, NoticeError, looks_like_notice, read_notice
from zhengce.extract.deadlines import Deadline, extract_deadlines, find_deadlines
from zhengce.extract.moneyrules import MoneyRule, extract_money_rules
from zhengce.extract.personnel import PersonnelEvent, extract_personnel
from zhengce.extract.references import Reference, extract_references
from zhengce.extract.targets import Target, extract_targets
from zhengce.extract.tasks import Task, extract_tasks
from zhengce.extract.units import Jurisdiction, Resolution, jurisdiction_of, resolve
from zhengce.extract.validity import StatusEvent, extract_events
from zhengce.parse.model import Document, NodeLocator, ParsedSource
from zhengce.text.lexicon import issued_title
from zhengce.text.normalise import folded_text


@dataclass(slots=True)
class DocumentFacts:
    """One document's extraction results, each linked to its clause (offsets in the display text)."""

    document: Document
    year: int | None  # Document.year: dates printed without a year are read in it
    plan_title: str | None  # the plan a 关于印发《X》的通知 issues: X
    jurisdiction: Jurisdiction  # where the issuer governs: the units its tasks name are resolved there
    tasks: list[Task] = field(default_factory=list)
    units: list[list[Resolution]] = field(default_factory=list)  # per task, per assignment (same order)
    task_deadlines: list[list[Deadline]] = field(default_factory=list)  # per task, offsets in the task's text
    targets: list[Target] = field(default_factory=list)  # goal sections, target tables and task text (origin task)
    deadlines: list[Deadline] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    personnel: list[PersonnelEvent] = field(default_factory=list)
    money_rules: list[MoneyRule] = field(default_factory=list)
    events: list[StatusEvent] = field(default_factory=list)  # repeal, expiry, continuation of other documents
    holiday: HolidayNotice | None = None  # a State Council holiday notice, read
    holiday_error: str | None = None  # … or why a document titled as one could not be read

    @property
    def plan_targets(self) -> list[Target]:
        """The targets of the plan itself (goal sections and tables), without those read in task text."""
        return [t for t in self.targets if t.origin != "task"]


def holiday_notice(document: Document, text: str) -> tuple[HolidayNotice | None, str | None]:
    """The holiday notice a document is (when its title says so), or why it could not be read."""
    if not looks_like_notice(document.title):
        return None, None
    try:
        return read_notice(text[document.start : document.end]), None
    except NoticeError as exc:
        return None, str(exc)


def extract_all(document: Document, text: str) -> DocumentFacts:
    """Run every extractor over one document of a source whose display text is ``text``."""
    where = jurisdiction_of(document.issuer)
    year = document.year
    tasks = extract_tasks(document, text)
    folded = folded_text(text)
    holiday, holiday_error = holiday_notice(document, text)
    locator = NodeLocator(document.tree) if document.tree is not None else None  # one for every extractor
    return DocumentFacts(
        document=document,
        year=year,
        plan_title=issued_title(document.title),
        jurisdiction=where,
        tasks=tasks,
        units=[[resolve(a.unit, where) for a in task.assignments] for task in tasks],
        task_deadlines=[find_deadlines(text[t.start : t.end], year, document.signed, folded[t.start : t.end])
                        for t in tasks],
        targets=extract_targets(document, text, include_tasks=True, tasks=tasks),
        deadlines=extract_deadlines(document, text, locator),
        references=extract_references(document, text),
        personnel=extract_personnel(document, text),
        money_rules=extract_money_rules(document, text, locator),
        events=extract_events(document, text, locator),
        holiday=holiday,
        holiday_error=holiday_error,
    )


def extract_source(parsed: ParsedSource) -> list[DocumentFacts]:
    """The facts of every document of a parsed source, in order."""
    return [extract_all(doc, parsed.text) for doc in parsed.documents]
