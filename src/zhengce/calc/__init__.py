"""Policy calculators: the computable rules of policy documents as code that cites its clauses.

``CALCULATORS`` maps each CLI name to its :class:`~zhengce.calc.core.Calculator`; parameters live in
``zhengce/data/calc/<name>.toml``, formulas in the modules of this package. Each module names its
calculator (``NAME``, ``TITLE``, ``SUMMARY``), its input model (``Input``), ``compute``, an
``EXAMPLE`` input and its reading ``OPTIONS``. Amounts that depend on the band a base falls in are
:class:`~zhengce.calc.scales.Scale` objects (brackets of thresholds with rates or amounts), read from
the parameter file by :func:`~zhengce.calc.scales.scale`.

Public names: ``CALCULATORS``, ``Calculator``, ``CalcError``, ``read_amount``, ``Scale``, ``Bracket``, ``scale``.
"""

from __future__ import annotations

from types import ModuleType

from . import deedtax, housing, ipaward, land, outpatient, pollution, poverty, town
from .core import CalcError, Calculator, read_amount
from .scales import Bracket, Scale, scale


def _calculator(module: ModuleType) -> Calculator:
    return Calculator(module.NAME, module.TITLE, module.SUMMARY, module.NAME, module.Input, module.compute,
                      module.EXAMPLE, module.OPTIONS)


CALCULATORS: dict[str, Calculator] = {
    c.name: c for c in map(_calculator, (poverty, housing, deedtax, land, outpatient, ipaward, pollution, town))}

__all__ = ["CALCULATORS", "Bracket", "CalcError", "Calculator", "Scale", "read_amount", "scale"]
