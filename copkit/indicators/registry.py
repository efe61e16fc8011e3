"""The indicators, in the order of indicators.md and of the report: one function each, from
the `Context` of a computation to an `Indicator`. An explicit list: an indicator is added by
writing its function and naming it here, nothing registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable

from copkit.indicators import evaluation, impact, monitoring
from copkit.indicators.context import Context
from copkit.indicators.model import Indicator

IndicatorFn = Callable[[Context], Indicator]

INDICATORS: tuple[tuple[str, IndicatorFn], ...] = (
    ("M1", monitoring.m1_participants),
    ("M2", monitoring.m2_levels),
    ("M3", monitoring.m3_schedule),
    ("M4", monitoring.m4_information),
    ("M5", monitoring.m5_documents),
    ("M6", monitoring.m6_responsibilities),
    ("M7", monitoring.m7_leadership),
    ("M8", monitoring.m8_activities),
    ("E1", evaluation.e1_satisfaction),
    ("E2", evaluation.e2_relationships),
    ("E3", evaluation.e3_capacity),
    ("E4", evaluation.e4_knowledge),
    ("I1", impact.i1_value),
    ("I2", impact.i2_goals),
    ("I3", impact.i3_adoptions),
)

IDS = tuple(ident for ident, _ in INDICATORS)
