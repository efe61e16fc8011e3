"""The advice `copkit check` gives when no file has an error: the explicit list of advisors,
each a function of the loaded CoP that returns warnings.

The layers above the checks (planning, the health scorecard of :mod:`copkit.indicators`) are
imported lazily, by each advisor when it runs: nothing registers itself by being imported, and
loading the checks loads neither planning nor the indicators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from copkit.model.findings import Finding
from copkit.model.load import Cop

Advisor = Callable[[Cop], Iterable[Finding]]


def planning_advice(cop: Cop) -> Iterable[Finding]:
    """Steps not done, deadlines passed, an overdue review (:mod:`copkit.planning`)."""
    from copkit.steps.advice import planning_findings

    return planning_findings(cop)


def health_advice(cop: Cop) -> Iterable[Finding]:
    """The lines of the health scorecard at risk (:mod:`copkit.checks.health`)."""
    from copkit.checks.health import health_findings

    return health_findings(cop)


def plan_file_problems(cop: Cop) -> list[Finding]:
    """plan.yaml's own problems, all at once: check reports them even when other files have
    errors (the advisors then do not run)."""
    from copkit.steps.planfile import plan_file_findings

    return plan_file_findings(cop)


# in the order their findings were listed before the list was explicit
ADVISORS: tuple[Advisor, ...] = (planning_advice, health_advice)
