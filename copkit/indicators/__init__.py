"""The indicators of indicators.md and the health scorecard, computed from a loaded CoP for a
period. PURE: no I/O, no git; what only the git history knows is read by the caller
(`copkit.report`) and passed in as a `History`.

- `registry`: `INDICATORS`, the explicit list of (id, function), in the report's order;
- `monitoring` (M1-M8), `evaluation` (E1-E4, with `knowledge` for E4's practice statuses),
  `impact` (I1-I3): one small function per indicator, from a `Context`;
- `context`: `Context`, what the indicators share (the period's `Window` over the meetings,
  the roster, the observed levels, the pairs of members who met...), each worked out on
  first use, so computing two indicators costs what those two need;
- `metrics`: `compute(cop, period, today, history, indicators)`, every indicator (or the ones
  named) against the previous period of the same length, as `Metrics`;
- `series`: the charts' data; `quarterly`: `trends(cop, snapshots)`, the quarterly trends,
  from what the git history says about each quarter (`copkit.git.quarters.quarter_snapshots`);
- `health`: the ten lines of the health scorecard;
- `model`: the plain data all of them produce and are given (`Figure`, `Metrics`, `History`...).
"""

from __future__ import annotations

from copkit.indicators.context import Context, Roster, Window, observed_levels, window
from copkit.indicators.knowledge import status_on
from copkit.indicators.metrics import comparison, compute
from copkit.indicators.model import (
    CYCLES,
    FREQUENCY_DAYS,
    LEVELS,
    QUARTERS_SHOWN,
    STATUSES,
    UNKNOWN,
    Figure,
    History,
    Indicator,
    MemberLevel,
    Metrics,
    Quarter,
    StatusEvent,
    StatusHistory,
    Table,
    Trends,
    nodata,
)
from copkit.indicators.quarterly import Snapshots, trends
from copkit.indicators.registry import IDS, INDICATORS

__all__ = [
    "CYCLES", "FREQUENCY_DAYS", "IDS", "INDICATORS", "LEVELS", "QUARTERS_SHOWN", "STATUSES",
    "UNKNOWN", "Context", "Figure", "History", "Indicator", "MemberLevel", "Metrics", "Quarter",
    "Roster", "Snapshots", "StatusEvent", "StatusHistory", "Table", "Trends", "Window",
    "comparison", "compute", "nodata", "observed_levels", "status_on", "trends", "window",
]
