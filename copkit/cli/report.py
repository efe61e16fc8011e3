"""`copkit report`: the monitoring and evaluation summary of a period (Markdown, HTML, PDF)."""

from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import CopOption, echo, resolve_cop
from copkit.cli.documents import Audience, DocumentFormat, FontOption, ForceOption


class ReportLevel(str, Enum):
    all = "all"
    monitoring = "monitoring"
    evaluation = "evaluation"
    impact = "impact"
    health = "health"


def report_command(
    period: Annotated[str | None, typer.Option(
        "--period", "-p", help="2026, 2026-Q3 or 2026-05 (default: the last 12 months).",
        show_default=False)] = None,
    start: Annotated[str | None, typer.Option(
        "--from", help="First day of the period, YYYY-MM-DD (instead of --period).",
        show_default=False)] = None,
    end: Annotated[str | None, typer.Option(
        "--to", help="Last day of the period, YYYY-MM-DD (default: today).",
        show_default=False)] = None,
    level: Annotated[ReportLevel, typer.Option(
        "--level", help="Which part: monitoring, evaluation, impact, health or all.")]
    = ReportLevel.all,
    fmt: Annotated[DocumentFormat, typer.Option("--format", "-f", help="md, html or pdf.")]
    = DocumentFormat.md,
    audience: Annotated[Audience, typer.Option(
        "--audience", help="members (names shown), public or sponsor (only members who "
        "agreed to be named in public are named).")] = Audience.members,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="File to write (md: default the screen; html/pdf: default "
        "report-PERIOD.html/.pdf in the current folder).", show_default=False,
        dir_okay=False)] = None,
    include_contacts: Annotated[bool, typer.Option(
        "--include-contacts", help="Add a contact list (email, phone) of the members who "
        "agreed to be in the directory.")] = False,
    font: FontOption = None,
    force: ForceOption = False,
    cop: CopOption = None,
) -> None:
    """Write the monitoring and evaluation report of a period.

    Every indicator of the three levels (monitoring, evaluation, impact) and the health
    scorecard, each with its one-line definition and its figures against the previous period
    of the same length (↑ ↓; not when that period lies mostly before the CoP's charter
    `started`). A figure with nothing to count from says "no data" and why, never 0. What
    only git knows (a practice's earlier status, when undated members joined) comes from the
    CoP's git history; a folder not in git gets a note. With --out report.md the charts
    are written beside it as report-<chart>.svg; HTML holds them inline; PDF embeds them.
    Contact details never appear unless --include-contacts; --audience public names only
    members whose consent.public is true.
    A CoP's own templates/report/report.<md|html|typ>.j2 replaces copkit's template.

    Example: copkit report --period 2026 --format pdf --out report-2026.pdf
    """
    from copkit import report as core
    from copkit.periods import parse_period
    from copkit.records import today as get_today
    from copkit.repo import load_cop

    root, _display = resolve_cop(cop)
    today = get_today()
    chosen = parse_period(period, start, end, today=today)
    if font is not None and fmt is not DocumentFormat.pdf:
        echo("warning: --font is used only with --format pdf", err=True)
    with contextlib.ExitStack() as stack:
        worker = None
        if core.needs_charts(fmt.value, out, level.value):
            from copkit.charts import Worker

            # imports matplotlib while we load the CoP (unless the charts are cached)
            hint = f"{Path(root).resolve()}|{chosen.start}|{chosen.end}|{level.value}"
            worker = stack.enter_context(Worker(hint))
        # git reads the history (E4, trends) while the CoP loads; the trends (charts, M1)
        # only for a report that shows the monitoring level
        reader = stack.enter_context(core.HistoryReader(
            root, chosen, today, trends=level.value in ("monitoring", "all"))) \
            if level.value != "health" else None
        loaded = load_cop(root)
        problems = sum(1 for f in loaded.findings if f.severity == "error")
        history = reader.result(loaded.cop) if reader is not None else None
        context = core.build_report(loaded.cop, chosen, level.value, audience.value,
                                    include_contacts, today, load_problems=problems,
                                    history=history)
        result = core.write_report(root, context, fmt.value, out, force=force, font=font,
                                   period=chosen, worker=worker)
    if problems:
        echo(f"warning: {problems} problem(s) in the records left some of them out of the "
             "figures; run `copkit check`", err=True)
    for w in result.warnings:
        echo(f"warning: {w}", err=True)
    if result.text is not None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
        return
    shown = [_show(p) for p in result.files]
    extra = f" and {len(shown) - 1} chart file(s)" if len(shown) > 1 else ""
    echo(f"wrote {shown[0]}{extra}", err=True)


def _show(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
