"""Policy calculators: the computable rules of policy documents as code that cites its clauses.

``CALCULATORS`` maps each CLI name to its :class:`~zhengce.calc.core.Calculator`; parameters live in
``zhengce/data/calc/<name>.toml``, formulas in the modules of this package. Each module names its
calculator (``NAME``, ``TITLE``, ``SUMMARY``), its input model (``Input``), ``compute``, an
``EXAMPLE`` input and its reading ``OPTIONS``. Amounts that depend on the band a base falls in are
:class:`~zhengce.calc.scales.Scale` objects (brackets of thresholds with rates or amounts), read from
the parameter file by :func:`~zhengce.calc.scales.scale`.

Input is read by :mod:`~zhengce.calc.reading` (amounts with units, Chinese dates, 是/否, the Chinese names
of choices) and refused with the field's Chinese label and the forms it accepts.

Public names: ``CALCULATORS``, ``Calculator``, ``CalcError``, ``read_amount`` (from ``zhengce.text.typed``),
``Scale``, ``Bracket``, ``scale``, ``CHOICES``, ``choice_name``, ``label``.
"""

from __future__ import annotations

from types import ModuleType

from zhengce.text.typed import read_amount

from . import deedtax, housing, ipaward, land, outpatient, pollution, poverty, town
from .core import CalcError, Calculator, Params
from .reading import CHOICES, choice_name, label
from .scales import Bracket, Scale, scale


def _calculator(module: ModuleType) -> Calculator:
    return Calculator(module.NAME, module.TITLE, module.SUMMARY, module.NAME, module.Input, module.compute,
                      module.EXAMPLE, module.OPTIONS, getattr(module, "ASKED", None),
                      tuple(getattr(module, "PLACES", {}).items()), getattr(module, "AMOUNT_LABEL", "结果"),
                      tuple(getattr(module, "HEADLINE_PARTS", ())))


CALCULATORS: dict[str, Calculator] = {
    c.name: c for c in map(_calculator, (poverty, housing, deedtax, land, outpatient, ipaward, pollution, town))}

__all__ = ["CALCULATORS", "CHOICES", "Bracket", "CalcError", "Calculator", "Params", "Scale", "choice_name", "label",
           "read_amount", "scale"]
