"""The indicators, in the order of indicators.md and of the report: one function each, from
the `Context` of a computation to an `Indicator`. An explicit list: an indicator is added by
writing its function and naming it here, nothing registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable

from copkit.indicators.benefits import e5_benefits, e6_needs
from copkit.indicators.change import i4_organisations, i5_professionalism, i6_problem
from copkit.indicators.context import Context
from copkit.indicators.evaluation import (
    e1_satisfaction,
    e2_relationships,
    e3_capacity,
    e4_knowledge,
)
from copkit.indicators.flows import m9_flows
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
from copkit.indicators.network import e7_network
from copkit.indicators.stage import s1_stage

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
    ("M9", m9_flows),
    ("E1", e1_satisfaction),
    ("E2", e2_relationships),
    ("E3", e3_capacity),
    ("E4", e4_knowledge),
    ("E5", e5_benefits),
    ("E6", e6_needs),
    ("E7", e7_network),
    ("I1", i1_value),
    ("I2", i2_goals),
    ("I3", i3_adoptions),
    ("I4", i4_organisations),
    ("I5", i5_professionalism),
    ("I6", i6_problem),
    ("S1", s1_stage),
)

IDS = tuple(ident for ident, _ in INDICATORS)
