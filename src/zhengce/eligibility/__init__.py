"""Eligibility (政策找人): rules as data beside the calculators, and matching with four answers.

``load_rules()`` reads ``zhengce/data/eligibility/*.toml``; ``read_profile`` types a profile (absent
keys stay unknown); ``match`` answers every rule 符合, 不符合, 待确认 or 规则不全 with clauses,
questions and amounts from :mod:`zhengce.calc`.

Modules beyond these names: ``batch`` (spreadsheets of profiles, batch runs, result and payment
workbooks), ``drafts`` (draft rules read from text), ``reviews`` (drafts kept for review; confirmed
drafts as rules), ``pushing`` (profiles kept as personal data, pushes to the granting units, their
outcomes, 应享未享) and ``kept`` (public answers kept at the person's request).
"""

from __future__ import annotations

from .engine import ANSWERS, StatusLookup, amount_for, coverage, match, match_rule, order_questions
from .profile import PROFILE_KEYS, ProfileError, choice_name, place_key, read_day, read_profile
from .rules import GRANT_MODES, Rule, RuleError, clause_name, load_rules

__all__ = [
           "ANSWERS",
           "GRANT_MODES",
           "PROFILE_KEYS",
           "ProfileError",
           "Rule",
           "RuleError",
           "StatusLookup",
           "amount_for",
           "choice_name",
           "clause_name",
           "coverage",
           "load_rules",
           "match",
           "match_rule",
           "order_questions",
           "place_key",
           "read_day",
           "read_profile",
]
