"""`copkit calendar`: the meetings, sessions and activities as an iCalendar (.ics) file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import CopOption, echo, resolve_cop
from copkit.cli.documents import Audience, ForceOption
from copkit.cli.lang import LangOption

OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="The .ics file to write (default: printed on the screen).",
    show_default=False, dir_okay=False)]
AudienceOption = Annotated[Audience, typer.Option(
    "--audience", help="members: facilitators and leads named, links of online meetings "
    "shown. public or sponsor: only members who agreed to be named in public are named; "
    "no meeting links.")]
ActionsOption = Annotated[bool, typer.Option(
    "--actions", help="Instead of the meetings: the open meeting actions, each on its due "
    "day.")]
OwnerOption = Annotated[str | None, typer.Option(
    "--owner", help="With --actions: only the actions of this member id.", show_default=False)]


def calendar(out: OutOption = None, audience: AudienceOption = Audience.members,
             actions: ActionsOption = False, owner: OwnerOption = None,
             lang: LangOption = None, force: ForceOption = False,
             cop: CopOption = None) -> None:
    """Write a calendar (.ics) of the meetings, agenda sessions and activities to subscribe to.

    Every meeting (past and planned), every agenda session no meeting covers and every
    activity with a start date becomes an event whose id comes from its record, so a
    calendar published again updates events instead of adding copies. A meeting's `time`
    is in the charter's `timezone`; a meeting without a time is an all-day event. Who
    attended is never in the calendar; names follow --audience as in the report. --lang es
    (or fr, en) writes copkit's words in the events in that language, by default the
    charter's `language`; titles and names from the records stay as written.

    Example: copkit calendar --out calendar.ics

    Example: copkit calendar --lang es --out calendario.ics

    Example: copkit calendar --actions --owner maria-lopez --out maria.ics
    """
    from copkit.cli.lang import checked, chosen
    from copkit.errors import UsageError
    from copkit.model.load import load_cop
    from copkit.output import calendar as cal
    from copkit.output.files import refuse_existing, write_outputs
    from copkit.periods import today

    if owner is not None and not actions:
        raise UsageError("--owner goes with --actions", hint="copkit calendar --actions "
                         f"--owner {owner}")
    language = checked(lang)
    root, _ = resolve_cop(cop)
    loaded = load_cop(root)
    cal.timezone_problem(loaded)
    data = cal.build_calendar(loaded.cop, audience.value, today(), actions=actions,
                              owner=owner, lang=chosen(language, loaded.cop))
    if out is None:
        echo(data.decode("utf-8").replace("\r\n", "\n").rstrip("\n"))
        return
    refuse_existing([out], force)
    write_outputs([(out, data)], force=force)
    echo(f"wrote {out}")


def register(app: typer.Typer) -> None:
    app.command("calendar")(calendar)
