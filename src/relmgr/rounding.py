"""Rounding as people and spreadsheets do it: halves away from zero (Excel's ROUND).

Python's round() sends a half to its even neighbour, and works on the binary value: NPS 12.5
becomes 12, an average of 3.125 becomes 3.12 and 2.675 becomes 2.67, where a manager checking a
figure by hand gets 13, 3.13 and 2.68.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float | int | Decimal, places: int = 0) -> Decimal:
    """`value` rounded to `places` decimals, halves away from zero; a float is taken as the
    shortest decimal that reads back as it (2.675, not the binary 2.67499999999999982...)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator: int, denominator: int, places: int) -> float:
    """numerator / denominator rounded exactly to `places` decimals."""
    return float(half_up(Decimal(numerator) / Decimal(denominator), places))
