"""The indicators, in the order of indicators.md and of the report: one function each, from
the `Context` of a computation to an `Indicator`. An explicit list: an indicator is added by
writing its function and naming it here, nothing registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable

from copkit.indicators.context import Context
from copkit.indicators.evaluation import (
    e1_satisfaction,
    e2_relationships,
    e3_capacity,
    e4_knowledge,
)
from copkit.indicators.impact import i1_value, i2_goals, i3_adoptions
from copkit.indicators.model import Indicator
from copkit.indicators.monitoring import (
    m1_participants,
    m2_levels,
    m3_schedule,
    m4_information,
    m5_documents,
    m6_responsibilities,
    m7_leadership,
    m8_activities,
)

IndicatorFn = Callable[[Context], Indicator]

INDICATORS: tuple[tuple[str, IndicatorFn], ...] = (
    ("M1", m1_participants),
    ("M2", m2_levels),
    ("M3", m3_schedule),
    ("M4", m4_information),
    ("M5", m5_documents),
    ("M6", m6_responsibilities),
    ("M7", m7_leadership),
    ("M8", m8_activities),
    ("E1", e1_satisfaction),
    ("E2", e2_relationships),
    ("E3", e3_capacity),
    ("E4", e4_knowledge),
    ("I1", i1_value),
    ("I2", i2_goals),
    ("I3", i3_adoptions),
)

IDS = tuple(ident for ident, _ in INDICATORS)
