"""`copkit report`: the monitoring and evaluation summary of a period (Markdown, HTML, PDF)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from copkit.cli.common import CopOption, echo, resolve_cop
from copkit.cli.documents import Audience, FontOption, ForceOption
from copkit.cli.lang import LangOption

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.model.load import Cop
    from copkit.output.files import Output
    from copkit.periods import Period


class ReportLevel(str, Enum):
    all = "all"
    monitoring = "monitoring"
    evaluation = "evaluation"
    impact = "impact"
    health = "health"


PeriodOption = Annotated[str | None, typer.Option(
    "--period", "-p", help="2026, 2026-Q3 or 2026-05 (default: the last 12 months).",
    show_default=False)]
FromOption = Annotated[str | None, typer.Option(
    "--from", help="First day of the period, YYYY-MM-DD (instead of --period).",
    show_default=False)]
ToOption = Annotated[str | None, typer.Option(
    "--to", help="Last day of the period, YYYY-MM-DD (default: today).", show_default=False)]
LevelOption = Annotated[ReportLevel, typer.Option(
    "--level", help="Which part: monitoring, evaluation, impact, health or all.")]


class ReportFormat(str, Enum):
    """md, html and pdf, as the newsletter has them (not its email), and json (the report's
    data: docs/report.schema.json)."""
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"


FormatOption = Annotated[ReportFormat, typer.Option(
    "--format", "-f", help="md, html, pdf or json (the report's data, for programs).")]
AudienceOption = Annotated[Audience, typer.Option(
    "--audience", help="members (names shown), public or sponsor (only members who "
    "agreed to be named in public are named).")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="File to write (md: default the screen; html/pdf: default "
    "report-PERIOD.html/.pdf in the current folder; json: default the screen).",
    show_default=False, dir_okay=False)]
ContactsOption = Annotated[bool, typer.Option(
    "--include-contacts", help="Add a contact list (email, phone) of the members who "
    "agreed to be in the directory.")]


def report_command(period: PeriodOption = None, start: FromOption = None, end: ToOption = None,
                   level: LevelOption = ReportLevel.all, fmt: FormatOption = ReportFormat.md,
                   audience: AudienceOption = Audience.members, out: OutOption = None,
                   include_contacts: ContactsOption = False, font: FontOption = None,
                   force: ForceOption = False, lang: LangOption = None,
                   cop: CopOption = None) -> None:
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
    --format json writes the data every other format renders (figures as numbers too,
    definitions, "no data" reasons, the scorecard, the charts' series), in the structure
    of docs/report.schema.json, with the same audience rules.
    --lang es (or fr, en; es-PE, fr-CA...) writes it in that language, by default the
    charter's `language`; names, titles and notes from the records stay as written.

    Example: copkit report --period 2026 --format pdf --out report-2026.pdf --lang es

    Example: copkit report --period 2026 --format json --audience sponsor > report.json
    """
    from copkit.cli.lang import checked
    from copkit.periods import parse_period
    from copkit.periods import today as get_today

    asked = checked(lang)
    root, _display = resolve_cop(cop)
    today = get_today()
    chosen = parse_period(period, start, end, today=today)
    if font is not None and fmt is not ReportFormat.pdf:
        echo("warning: --font is used only with --format pdf", err=True)
    result, problems = _make(root, chosen, today, level.value, fmt.value, audience.value,
                             include_contacts, out, force=force, font=font, lang=asked)
    if problems:
        echo(f"warning: {problems} problem(s) in the records left some of them out of the "
             "figures; run `copkit check`", err=True)
    if include_contacts:
        from copkit.contacts.book import missing_note

        note = missing_note(root)
        if note:
            echo(f"note: {note}", err=True)
    for w in result.warnings:
        echo(f"warning: {w}", err=True)
    if result.text is not None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
        return
    shown = [_show(p) for p in result.files]
    extra = f" and {len(shown) - 1} chart file(s)" if len(shown) > 1 else ""
    echo(f"wrote {shown[0]}{extra}", err=True)


def _make(root: Path, chosen: Period, today: _dt.date, level: str, fmt: str, audience: str,
          include_contacts: bool, out: Path | None, *, force: bool,
          font: str | None, lang: Language | None = None) -> tuple[Output, int]:
    """The report made and written, and the number of problems in the records: the charts
    drawn and the git history read while the CoP loads."""
    from copkit.model.load import load_cop
    from copkit.output import report as core
    from copkit.output.report_history import HistoryReader

    with contextlib.ExitStack() as stack:
        worker = None
        if core.needs_charts(fmt, out, level):
            from copkit.output.charts import Worker

            # imports matplotlib while we load the CoP (unless the charts are cached)
            hint = f"{Path(root).resolve()}|{chosen.start}|{chosen.end}|{level}"
            worker = stack.enter_context(Worker(hint))
        # git reads the history (E4, trends) while the CoP loads; the trends (charts, M1)
        # only for a report that shows the monitoring level
        reader = stack.enter_context(HistoryReader(
            root, chosen, today, trends=level in ("monitoring", "all"))) \
            if level != "health" else None
        loaded = load_cop(root)
        problems = sum(1 for f in loaded.findings if f.severity == "error")
        history = reader.result(loaded.cop) if reader is not None else None
        language = _language(root, loaded.cop, lang, fmt)
        context = core.build_report(loaded.cop, chosen, level, audience, include_contacts,
                                    today, load_problems=problems, history=history,
                                    lang=language)
        result = core.write_report(root, context, fmt, out, force=force, font=font,
                                   period=chosen, worker=worker)
    return result, problems


def _language(root: Path, cop: Cop, asked: Language | None, fmt: str) -> Language:
    """The report's language (--lang, else the charter's), with the warnings about it."""
    from copkit.cli.lang import chosen, warn_untranslated
    from copkit.output.render import untranslated

    language = chosen(asked, cop)
    warn_untranslated(untranslated(root, "report", "typ" if fmt == "pdf" else fmt, language))
    return language


def _show(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
