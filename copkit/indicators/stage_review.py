"""What `copkit review` prints of the stage self-assessment (S1, copkit.indicators.stage):
the indicator computed over the last 12 months up to the review's day. Apart from the stage
module, because it runs the indicators (copkit.indicators.metrics), whose registry lists S1."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from copkit.i18n.msg import Msg, cat
from copkit.indicators.metrics import compute
from copkit.indicators.model import word
from copkit.periods import last_12_months


def review_lines(cop: Any, day: _dt.date) -> list[str]:
    """What `copkit review` prints of the self-assessment: S1 over the last 12 months up to
    ``day``, as lines (messages: ``copkit.i18n.speaker`` says them in the review's
    language)."""
    ind = compute(cop, last_12_months(day), day, indicators=("S1",)).by_id("S1")
    stage = cop.charter.stage if cop.charter else None
    lines: list[str] = [Msg('Stage self-assessment (charter: %(x)s; last 12 months):',
                            x=word(stage) if stage else Msg('no stage'))]
    for t in ind.tables:
        # a row: the stage, the sign, yes or not yet, the evidence (copkit.indicators.stage)
        lines += [cat("  ", Msg('yes') if r[2] == "yes" else Msg('not yet'), ": ", r[0], ", ",
                      r[1], " (", r[3], ")") for r in t.rows]
    return lines + [cat("  ", n) for n in ind.notes]
