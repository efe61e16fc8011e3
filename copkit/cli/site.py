"""`copkit site`: the CoP's website, a folder of static pages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import CopOption, echo, resolve_cop
from copkit.cli.documents import ForceOption
from copkit.cli.lang import LangOption


class SiteAudience(str, Enum):
    public = "public"
    members = "members"


OutOption = Annotated[Path, typer.Option(
    "--out", "-o", help="The folder to build the site in (made if missing; a site built "
    "there before is brought up to date).", file_okay=False)]
AudienceOption = Annotated[SiteAudience, typer.Option(
    "--audience", help="public (default): only members who agreed to be named in public are "
    "named, members-only practices left out, no attendee lists, no directory. members: "
    "everyone named, the directory of those who agreed to be in it.")]
ContactsOption = Annotated[bool, typer.Option(
    "--include-contacts", help="With --audience members: the directory shows email and "
    "phone of the members who agreed to be in it.")]


def site(out: OutOption = Path("_site"), audience: AudienceOption = SiteAudience.public,
         lang: LangOption = None, include_contacts: ContactsOption = False,
         force: ForceOption = False, cop: CopOption = None) -> None:
    """Build the CoP's website: a folder of pages to open or publish.

    Home (domain, purpose, goals and their evidence, what comes next, the latest practices
    and stories), the learning agenda, every meeting, the practice library with filters, the
    stories, the newsletters, the health figures, search, and calendar.ics to subscribe to.
    The pages open straight from the folder (double-click index.html) and on any static host
    (GitHub or GitLab Pages, a web server). Run it again after a change: only the pages that
    changed are written. A template in your CoP's templates/site/ folder replaces copkit's
    own. --lang es (or fr, en) writes copkit's words on the pages and in calendar.ics in
    that language, by default the charter's `language`; the records' text stays as written.
    docs/site.md shows how to publish it on every push.

    Example: copkit site --out _site

    Example: copkit site --audience members --out members-site
    """
    from copkit.cli.lang import checked, chosen
    from copkit.model.load import load_cop
    from copkit.output.calendar import timezone_problem
    from copkit.output.report_history import read_history
    from copkit.periods import last_12_months, today
    from copkit.site.build import build_site

    language = checked(lang)
    root, _ = resolve_cop(cop)
    loaded = load_cop(root)
    timezone_problem(loaded)
    day = today()
    history = read_history(root, loaded.cop, last_12_months(day), day)
    with _progress() as progress:
        built = build_site(root, loaded.cop, out, audience=audience.value,
                           language=chosen(language, loaded.cop),
                           include_contacts=include_contacts, force=force, today=day,
                           history=history, progress=progress)
    echo(f"built {out}: {built.pages} pages, {len(built.written)} file(s) written, "
         f"{built.unchanged} unchanged, {built.removed} removed; open "
         f"{out / 'index.html'}")
    errors = sum(1 for f in loaded.findings if f.severity == "error")
    if errors:
        echo(f"warning: {errors} problem(s) in the records left some of them out of the "
             "site; run `copkit check` to see them", err=True)
    for warning in built.warnings:
        echo(f"warning: {warning}", err=True)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal (nothing when the output is a file or a pipe)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:
        task = bar.add_task("building the site", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def register(app: typer.Typer) -> None:
    app.command("site")(site)
