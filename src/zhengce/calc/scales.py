"""Scales: amounts that depend on the band a base falls in, as in OpenFisca's tax scales.

A scale is a list of brackets, each starting at a threshold, read from a calculator's parameter file
with the clause that states it::

    [[params.medical_bands]]
    from = 2023-10-01
    clause = "四（一）"
    brackets = [{ threshold = "0", rate = "0.30" }, { threshold = "20000", rate = "0.40" }]

* a **rate** scale gives a share of the base: :meth:`Scale.marginal` applies each band's rate to the
  part of the base within the band (分段累进), :meth:`Scale.whole` applies the rate of the band the
  whole base falls in (整段适用);
* an **amount** scale gives an amount per band: :meth:`Scale.amount`, with ``amount_to`` where the
  amount grows in a straight line from ``amount`` at the band's threshold to ``amount_to`` at the next.

A bracket holds the bases from its threshold on (``above = true``: only those over it, as in
``1000万元以上`` after ``至1000万元（含）``). Amounts are Decimal, read from the strings of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .core import CalcError, Params, Ref


@dataclass(frozen=True, slots=True)
class Bracket:
    threshold: Decimal
    rate: Decimal | None = None
    amount: Decimal | None = None
    amount_to: Decimal | None = None  # the amount at the next threshold, reached in a straight line
    above: bool = False  # the band holds the bases over its threshold, not the threshold itself

    def holds(self, base: Decimal) -> bool:
        return base > self.threshold if self.above else base >= self.threshold

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Bracket:
        def number(key: str) -> Decimal | None:
            return Decimal(str(raw[key])) if key in raw else None

        unknown = set(raw) - {"threshold", "rate", "amount", "amount_to", "above"}
        if unknown or "threshold" not in raw:
            raise ValueError(f"bracket {dict(raw)}: a threshold and a rate or amount, nothing else")
        return cls(Decimal(str(raw["threshold"])), number("rate"), number("amount"), number("amount_to"),
                   bool(raw.get("above", False)))


@dataclass(frozen=True, slots=True)
class Scale:
    brackets: tuple[Bracket, ...]
    ref: Ref

    def band(self, base: Decimal) -> int | None:
        """The index of the bracket ``base`` falls in (None below the first threshold)."""
        return next((k for k in range(len(self.brackets) - 1, -1, -1) if self.brackets[k].holds(base)), None)

    def upper(self, k: int) -> Decimal | None:
        """Where bracket ``k`` ends: the next threshold (None for the last)."""
        return self.brackets[k + 1].threshold if k + 1 < len(self.brackets) else None

    def _rate(self, k: int) -> Decimal:
        rate = self.brackets[k].rate
        if rate is None:
            raise CalcError(f"参数表第 {k + 1} 档没有比例 / bracket {k + 1} has no rate")
        return rate

    def whole(self, base: Decimal) -> tuple[Decimal, list[str]]:
        """The whole base at the rate of its band (整段适用), with the working."""
        k = self.band(base)
        if k is None:
            raise CalcError(f"{base} 低于分段表的起点 / below the first bracket")
        ratio = self._rate(k)
        return base * ratio, [f"{base} × {ratio * 100:.0f}%（整段适用所在档比例）"]

    def marginal(self, base: Decimal) -> tuple[Decimal, list[str]]:
        """Each part of the base at the rate of the band it lies in (分段累进), with the working."""
        total, work = Decimal(0), []
        for k, bracket in enumerate(self.brackets):
            lo, hi, ratio = bracket.threshold, self.upper(k), self._rate(k)
            part = (min(base, hi) if hi is not None else base) - lo
            if part <= 0:
                break
            total += part * ratio
            work.append(f"{lo}–{hi if hi is not None else '以上'} 段 {part} × {ratio * 100:.0f}%")
        return total, work

    def amount(self, base: Decimal, linear: bool = True) -> tuple[Decimal, int | None]:
        """The amount of the band ``base`` falls in (zero below the first) and the band's index; in a band with
        ``amount_to``, the straight line between its ends when ``linear``, else its lower end."""
        k = self.band(base)
        if k is None:
            return Decimal(0), None
        b = self.brackets[k]
        if b.amount is None:
            raise CalcError(f"参数表第 {k + 1} 档没有金额 / bracket {k + 1} has no amount")
        hi = self.upper(k)
        if not linear or b.amount_to is None or hi is None:
            return b.amount, k
        return b.amount + (b.amount_to - b.amount) * (base - b.threshold) / (hi - b.threshold), k


def scale(params: Params, name: str, on: Any = None) -> Scale:
    """The scale ``name`` of a calculator's parameters, in the version valid on ``on``, with its clause."""
    v = params.get(name, on)
    return Scale(tuple(Bracket.read(b) for b in v.value), v.ref)
