"""Extraction: facts found in a parsed document, each linked to its clause.

``extract_all(document, text)`` runs every extractor once and returns the document's
``DocumentFacts`` (``extract_source(parsed)``: those of every document of a source); every caller —
ingest, export, benchmarks, CLI — takes its facts from there.

Modules: ``facts`` (extract_all, DocumentFacts), ``tasks`` (package: tags, task tables, the extractor),
``units``, ``targets`` (package: quantities, goal sections, target tables, the extractor), ``deadlines``,
``references``, ``personnel``, ``moneyrules``,
``validity`` (status events), ``contradictions``, ``export`` (the ``zhengce export`` records).

Public names: ``extract_all``, ``extract_source``, ``DocumentFacts``; one extractor per kind of fact and
what it returns — ``extract_tasks`` (``Task``), ``extract_targets`` (``Target``), ``extract_deadlines``
(``Deadline``), ``extract_references``
(``Reference``, ``DocumentIndex``), ``extract_personnel`` (``PersonnelEvent``), ``extract_money_rules``
(``MoneyRule``), ``extract_events`` (``StatusEvent``, ``status_on``), ``find_contradictions``
(``Contradiction``); units (``UnitRegistry``, ``build_registry``, ``jurisdiction_of``).
"""

from zhengce.extract.contradictions import Contradiction, find_contradictions
from zhengce.extract.deadlines import Deadline, extract_deadlines
from zhengce.extract.facts import DocumentFacts, extract_all, extract_source
from zhengce.extract.moneyrules import MoneyRule, extract_money_rules
from zhengce.extract.personnel import PersonnelEvent, extract_personnel
from zhengce.extract.references import DocumentIndex, Reference, extract_references
from zhengce.extract.targets import Target, extract_targets
from zhengce.extract.tasks import Task, extract_tasks
from zhengce.extract.units import UnitRegistry, build_registry, jurisdiction_of
from zhengce.extract.validity import StatusEvent, extract_events, status_on

__all__ = [
    "Contradiction",
    "Deadline",
    "DocumentFacts",
    "DocumentIndex",
    "MoneyRule",
    "PersonnelEvent",
    "Reference",
    "StatusEvent",
    "Target",
    "Task",
    "UnitRegistry",
    "build_registry",
    "extract_all",
    "extract_deadlines",
    "extract_events",
    "extract_money_rules",
    "extract_personnel",
    "extract_references",
    "extract_source",
    "extract_targets",
    "extract_tasks",
    "find_contradictions",
    "jurisdiction_of",
    "status_on",
]
