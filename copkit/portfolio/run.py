"""`copkit portfolio` from start to end: the sources exported (cached, in parallel), the
tables in DuckDB, the report's data, and the outputs (the report, a query's rows, the
combined Parquet dataset)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copkit.portfolio import build, db, summary
from copkit.portfolio.sources import Source


@dataclass
class Portfolio:
    results: list[build.Done]
    members: list[db.Member]
    connection: Any

    @property
    def failures(self) -> list[build.Done]:
        return [d for d in self.results if d.failure is not None]

    def close(self) -> None:
        self.connection.close()
        build.discard_temporary(self.results)


def open_portfolio(sources: list[Source], settings: build.Settings, jobs: int,
                   progress: Callable[[build.Done], None] | None = None) -> Portfolio:
    """Every source exported and the tables loaded (the caller closes it)."""
    results = build.run_all(sources, settings, jobs, progress)
    members = db.unique_ids(results)
    try:
        connection = db.connect(members)
    except BaseException:
        build.discard_temporary(results)
        raise
    return Portfolio(results, members, connection)


def report_data(p: Portfolio, settings: build.Settings, dedupe: bool) -> dict[str, Any]:
    period = {"label": settings.label, "start": settings.start.isoformat(),
              "end": settings.end.isoformat(), "kind": settings.kind}
    return summary.build(p.connection, p.members, p.failures, period, settings.today, dedupe)


def write_document(context: dict[str, Any], fmt: str, out: Path, *, force: bool,
                   lang: str | None, font: str | None = None) -> list[str]:
    """The portfolio report as md, html or pdf, written to `out`; the warnings."""
    from copkit.output import render
    from copkit.output.files import EXISTS_HINT, write_outputs

    warnings: list[str] = []
    if fmt == "pdf":
        from copkit.output import pdf

        source = render.render(None, "portfolio", "typ", context, lang)
        data: str | bytes
        data, warnings = pdf.compile_pdf(source, font=font)
    else:
        data = render.render(None, "portfolio", fmt, context, lang)
    write_outputs([(out, data)], force=force, exists_hint=EXISTS_HINT)
    return warnings


def named(context: dict[str, Any], lang: Any) -> dict[str, Any]:
    """The period's label as people read it in ``lang``: "T3 2026", "du 1er décembre 2025 au
    30 novembre 2026" (copkit.i18n.msg.period_name); English as it is ("2026-Q3")."""
    import datetime as _dt

    from copkit.i18n import speaker
    from copkit.i18n.msg import period_name
    from copkit.periods import Period

    p = context.get("period") or {}
    if not lang or "kind" not in p:
        return context
    period = Period(_dt.date.fromisoformat(p["start"]), _dt.date.fromisoformat(p["end"]),
                    p["label"], p["kind"])
    return {**context, "period": {**p, "label": speaker(lang)(period_name(period))}}
