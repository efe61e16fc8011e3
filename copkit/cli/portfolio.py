"""`copkit portfolio`: many CoPs side by side (DuckDB over their exports)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copkit.cli.common import echo
from copkit.cli.documents import FontOption, ForceOption
from copkit.cli.report import PeriodOption

if TYPE_CHECKING:
    from copkit.portfolio.build import Done


class PortfolioFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    parquet = "parquet"


PathsArgument = Annotated[list[str] | None, typer.Argument(
    help="CoP folders or git URLs (https://, ssh://, git@host:path).", show_default=False)]
ListOption = Annotated[Path | None, typer.Option(
    "--from", help="A text file listing folders or git URLs, one a line (# for comments).",
    show_default=False, dir_okay=False)]
FormatOption = Annotated[PortfolioFormat, typer.Option(
    "--format", "-f", help="md, html, pdf (the portfolio report) or parquet (the combined "
    "dataset, a folder).")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="File to write (md: default the screen; html/pdf: portfolio.html/"
    ".pdf); with parquet, the folder (default: portfolio/).", show_default=False)]
SqlOption = Annotated[str | None, typer.Option(
    "--sql", help="Run this query over the tables (members, meetings, attendance, "
    "indicators...) and print its rows instead of the report.", show_default=False)]
DedupeOption = Annotated[bool, typer.Option(
    "--dedupe-members", help="Count members once across CoPs by the keyed hash of their "
    "email (COPKIT_EXPORT_KEY, or a hash key the CoPs share).")]
PseudonymiseOption = Annotated[bool, typer.Option(
    "--pseudonymise", help="Export with member ids as keyed hashes and no names "
    "(COPKIT_EXPORT_KEY).")]
JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", help="Exports run at once (default: the number of processors).",
    min=1, max=64, show_default=False)]
LangOption = Annotated[str | None, typer.Option(
    "--lang", help="Language of the report: en, es or fr (default en).", show_default=False)]


def portfolio_command(paths: PathsArgument = None, list_file: ListOption = None,
                      fmt: FormatOption = PortfolioFormat.md, out: OutOption = None,
                      sql: SqlOption = None, period: PeriodOption = None,
                      dedupe_members: DedupeOption = False,
                      pseudonymise: PseudonymiseOption = False, jobs: JobsOption = None,
                      lang: LangOption = None, font: FontOption = None,
                      force: ForceOption = False) -> None:
    """Put many CoPs side by side: their headline figures, health, outliers and totals.

    Each CoP (a folder, or a git URL cloned shallowly into copkit's cache) is exported
    as `copkit export` does, in parallel processes; an export is cached by the commit the
    CoP's records are at, so a second run reads it again without exporting. The tables are
    loaded into DuckDB (embedded, no server). The report has one row per CoP with the
    headline figures against the previous period, the health lines side by side, the
    CoPs flagged (no meeting in 90 days, a collapsing core, overdue actions) and totals
    (money per currency, never summed across currencies). --sql runs your own query over
    the tables; --format parquet writes the combined dataset. A source that is not a CoP
    is listed and skipped, and the command ends with exit code 1.

    Example: copkit portfolio ./peru ./bolivia https://example.org/mexico.git -f pdf -o p.pdf

    Example: copkit portfolio --from cops.txt --sql "SELECT cop, count(*) FROM meetings GROUP BY 1"
    """
    from copkit import i18n
    from copkit.export.pseudo import export_key
    from copkit.model.cache import cache_dir
    from copkit.periods import parse_period
    from copkit.periods import today as get_today
    from copkit.portfolio import build, run, sources

    language = i18n.resolve(lang) if lang else None
    given = sources.gather(paths or [], list_file)
    today = get_today()
    chosen = parse_period(period, None, None, today=today)
    key = export_key(required=pseudonymise)
    settings = build.Settings(cache_dir() / "portfolio", chosen.start, chosen.end,
                              chosen.label, chosen.kind, today, pseudonymise,
                              build.key_id(key))
    with _progress(len(given)) as tick:
        p = run.open_portfolio(given, settings, jobs or os.cpu_count() or 1, tick)
    try:
        _output(p, run, settings, fmt, out, sql, dedupe_members, force, language, font)
    finally:
        p.close()
    for done in p.results:
        for w in done.warnings:
            echo(f"warning: {done.source}: {w}", err=True)
    if p.failures:
        echo(f"{len(p.failures)} of {len(given)} source(s) not exported:", err=True)
        for f in p.failures:
            echo(f"  {f.failure}" + (f" (hint: {f.hint})" if f.hint else ""), err=True)
        raise typer.Exit(1)


def _output(p: Any, run: Any, settings: Any, fmt: PortfolioFormat, out: Path | None,
            sql: str | None, dedupe: bool, force: bool, language: Any,
            font: str | None) -> None:
    if sql is not None:
        from copkit.portfolio.db import query

        _print_rows(*query(p.connection, sql))
        return
    if fmt is PortfolioFormat.parquet:
        from copkit.portfolio.db import write_dataset

        folder = out or Path("portfolio")
        files = write_dataset(p.members, folder, force=force)
        echo(f"wrote {len(files)} files of {len(p.members)} CoP(s) in {folder}", err=True)
        return
    context = run.named(run.report_data(p, settings, dedupe), language)
    context["lang"] = language.tag if language is not None else "en"
    if out is None and fmt is PortfolioFormat.md:
        from copkit.output import render

        sys.stdout.write(render.render(None, "portfolio", "md", context, language))
        return
    target = out or Path(f"portfolio.{fmt.value}")
    for w in run.write_document(context, fmt.value, target, force=force, lang=language,
                                font=font):
        echo(f"warning: {w}", err=True)
    echo(f"wrote {target}", err=True)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """A query's rows as CSV on the screen (cells escaped; a formula defused)."""
    from copkit.output.csvout import to_csv

    if not columns:
        return
    sys.stdout.write(to_csv((dict(zip(columns, r, strict=True)) for r in rows), columns))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Done], None]]:
    """A progress bar on a terminal (rich), else one plain line per CoP on stderr."""
    if not sys.stderr.isatty():
        count = [0]

        def line(done: Done) -> None:
            count[0] += 1
            what = "failed" if done.failure else "cached" if done.cached else "exported"
            echo(f"[{count[0]}/{total}] {what}: {done.source}", err=True)

        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("exporting", total=total)

        def tick(done: Done) -> None:
            bar.update(task, advance=1, description=f"exported {done.source[-40:]}")

        yield tick


def register(app: typer.Typer) -> None:
    app.command("portfolio")(portfolio_command)
