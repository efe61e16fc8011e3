"""`copkit newsletter`: what happened since the last newsletter, and what comes next."""

from __future__ import annotations

import datetime as _dt
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, resolve_cop
from copkit.cli.documents import Audience, FontOption, ForceOption
from copkit.cli.lang import LangOption

if TYPE_CHECKING:
    from collections.abc import Callable

    from copkit.model.load import Cop, LoadResult, Selector

SinceOption = Annotated[str | None, typer.Option(
    "--since", help="First day to cover (YYYY-MM-DD); the newsletter runs up to today "
    "(or --to). Default: the day after the last recorded newsletter, else 30 days ago.",
    show_default=False)]
PeriodOption = Annotated[str | None, typer.Option(
    "--period", help="A year, quarter or month instead: 2026, 2026-Q2, 2026-05.",
    show_default=False)]
FromOption = Annotated[str | None, typer.Option(
    "--from", help="First day to cover (with --to: any range of days).", show_default=False)]
ToOption = Annotated[str | None, typer.Option(
    "--to", help="Last day to cover (default: today).", show_default=False)]
class NewsletterFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    email = "email"


FormatOption = Annotated[NewsletterFormat, typer.Option(
    "--format", "-f", help="md (Markdown, for a wiki or a chat), html (a web page), pdf, or "
    "email: a .eml file your mail program opens as a draft to send (plain text and HTML, "
    "addressed to nobody: put the members in Bcc).")]
AudienceOption = Annotated[Audience, typer.Option(
    "--audience", help="members: everyone is named. public or sponsor: members who did "
    "not agree to be named in public are only counted, members-only practices left out.")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="The file to write. Default: Markdown is printed; HTML and PDF go "
    "to newsletter-<last day>.html/.pdf in the current folder.", show_default=False,
    dir_okay=False)]
ContactsOption = Annotated[bool, typer.Option(
    "--include-contacts", help="Show new members' email and phone (only of those who "
    "agreed to be in the directory).")]
RecordOption = Annotated[bool, typer.Option(
    "--record", help="Note this newsletter in charter.yaml's 'newsletters' list and commit "
    "it, so the next one starts the day after. Use it when you send the newsletter.")]
RecipientsOption = Annotated[bool, typer.Option(
    "--recipients", help="Print only the email addresses of the members who agreed to receive "
    "the newsletter (from contacts.yaml), one a line, to paste into Bcc.")]
TitleOption = Annotated[str | None, typer.Option(
    "--title", help="The newsletter's title (default: '<CoP name>: news from <dates>').",
    show_default=False)]


def newsletter(since: SinceOption = None, period: PeriodOption = None, start: FromOption = None,
               end: ToOption = None, fmt: FormatOption = NewsletterFormat.md,
               audience: AudienceOption = Audience.members, out: OutOption = None,
               include_contacts: ContactsOption = False, record: RecordOption = False,
               title: TitleOption = None, font: FontOption = None, force: ForceOption = False,
               no_commit: NoCommitOption = False, lang: LangOption = None,
               recipients: RecipientsOption = False, cop: CopOption = None) -> None:
    """Tell members what happened: meetings, new practices, new members, what comes next.

    The newsletter lists the meetings held with their decisions, the practices added
    (crediting who shared them), the members who joined, the stories of value, what is
    planned on the agenda in the next 90 days, and the meeting actions due in the next 30.
    Without dates it starts the day after the last newsletter recorded with --record (or 30
    days ago) and ends today. Nothing is recorded unless you add --record. Contact details
    are never shown unless --include-contacts. A template in your CoP's
    templates/newsletter/ folder (newsletter.md.j2, .html.j2, .typ.j2) replaces copkit's own.
    --lang es (or fr, en; es-PE, fr-CA...) writes it in that language, by default the
    charter's `language`; names, titles and notes from the records stay as written.
    --recipients prints who to send it to instead (copkit newsletter --recipients).

    --format email writes newsletter-<last day>.eml: open it in your mail program, add the
    recipients and send; no contact detail is ever in it.

    Example: copkit newsletter --format html --out news.html --record --lang es

    Example: copkit newsletter --format email --lang fr-CA
    """
    from copkit.cli import lang as languages
    from copkit.errors import UsageError
    from copkit.output import newsletter as nl
    from copkit.output.render import untranslated
    from copkit.periods import today as get_today

    asked = languages.checked(lang)
    root, _ = resolve_cop(cop)
    if recipients:
        _recipients(root)
        return
    today = get_today()
    if include_contacts and fmt is NewsletterFormat.email:
        raise UsageError("--include-contacts cannot be used with --format email",
                         hint="an email is forwarded beyond the members: it never carries "
                              "contact details; use --format html or md for the members' copy")
    if since is not None and (period is not None or start is not None):
        raise UsageError("give --since, --period or --from/--to, not two of them",
                         hint="--since DATE covers DATE to today; --period 2026-Q2 a quarter")
    if record and not no_commit:
        from copkit.records.writing import precheck_git

        precheck_git(root, no_commit)
    loaded = _load(root, record, _selector(today, since, period, start, end))
    first, last = _days(loaded.cop, today, since, period, start, end)
    language = languages.chosen(asked, loaded.cop)
    context = nl.build_newsletter(loaded.cop, first, last, audience.value, include_contacts,
                                  today, title=title, lang=language)
    languages.warn_untranslated(untranslated(root, "newsletter", fmt.value, language))
    result = nl.write_newsletter(root, context, fmt.value, out, force=force, font=font)
    _say_outcome(root, loaded, result, context["editor_notes"], include_contacts)
    if record:
        _record(root, context, no_commit, result.text is not None)


def _selector(today: Any, since: str | None, period: str | None, start: str | None,
              end: str | None) -> Callable[[Cop], Callable[[str, Any], bool]]:
    """Only the records the newsletter shows are validated (its days known from the
    charter); a problem with the days is raised after the load, as before."""
    from copkit.errors import UsageError
    from copkit.output import newsletter as nl

    def select(cop: Cop) -> Callable[[str, Any], bool]:
        try:
            first, last = _days(cop, today, since, period, start, end)
        except UsageError:
            return lambda relpath, data: True
        return nl.shown_records(first, last, today)

    return select


def _say_outcome(root: Path, loaded: LoadResult, result: Any, notes: list[str],
                 include_contacts: bool) -> None:
    """The newsletter (printed, or the files written), then warnings and notes."""
    if result.text is not None:
        echo(result.text.rstrip("\n"))
    for path in result.files:
        echo(f"wrote {path}", err=result.text is not None)
    errors = sum(1 for f in loaded.findings if f.severity == "error")
    if errors:
        echo(f"warning: {errors} problem(s) in the records left some of them out of the "
             "newsletter; run `copkit check` to see them", err=True)
    for warning in result.warnings:
        echo(f"warning: {warning}", err=True)
    for note in notes:
        echo(f"note: {note}", err=True)
    if include_contacts:
        from copkit.contacts.book import missing_note

        missing = missing_note(root)
        if missing:
            echo(f"note: {missing}", err=True)


def _recipients(root: Path) -> None:
    """The addresses of the members who agreed to receive the newsletter, for Bcc."""
    from copkit.contacts.actions import recipients

    emails, missing = recipients(root)
    for email in emails:
        typer.echo(email)
    if missing:
        echo(f"note: {missing} member(s) who want the newsletter have no email in "
             "contacts.yaml", err=True)
    if not emails:
        echo("note: no member has agreed to receive the newsletter (copkit member update ID "
             "--consent-newsletter)", err=True)


def _load(root: Path, record: bool, select: Selector) -> LoadResult:
    """The CoP (the records the newsletter shows); with --record, a date in charter.yaml that
    --record could not edit is refused before the newsletter is written."""
    from copkit.model.load import load_cop
    from copkit.output.newsletter import FOLDERS

    loaded = load_cop(root, folders=FOLDERS, select=select)
    if record:
        bad = [f for f in loaded.findings if f.path == "charter.yaml" and f.code == "bad-date"]
        if bad:
            from copkit.yaml.read import FileRefused

            raise FileRefused(min(bad, key=lambda f: (f.line, f.column)))
    return loaded


def _days(cop: Cop, today: _dt.date, since: str | None, period: str | None,
          start: str | None, end: str | None) -> tuple[_dt.date, _dt.date]:
    """The first and last day the newsletter covers, from the options (or the day after the
    last newsletter recorded)."""
    from copkit.errors import UsageError
    from copkit.output.newsletter_record import default_since, last_recorded
    from copkit.periods import parse_day, parse_period

    if since is not None:
        first = parse_day(since, "--since")
        last = parse_day(end, "--to") if end is not None else today
    elif period is not None or start is not None:
        p = parse_period(period, start, end, today)
        first, last = p.start, p.end
    else:
        last = parse_day(end, "--to") if end is not None else today
        first = default_since(cop, min(last, today))
        recorded = last_recorded(cop)
        if recorded is not None and first > min(last, today):
            raise UsageError(f"the last newsletter recorded in charter.yaml covers up to "
                             f"{recorded.date}: there is nothing newer to tell yet",
                             hint="to make it again, give its days: --since "
                                  f"{recorded.since or recorded.date}")
    if first > last:
        raise UsageError(f"the newsletter would start on {first} and end on {last}",
                         hint="the first day comes before the last: check --since/--to")
    return first, last


def _record(root: Path, context: dict[str, Any], no_commit: bool, to_stderr: bool) -> None:
    from copkit.output.newsletter_record import record

    until = context["until"]
    since = context["since"]
    assert isinstance(until, dict) and isinstance(since, dict)
    day = _dt.date.fromisoformat(until["iso"])
    first = _dt.date.fromisoformat(since["iso"])
    title = str(context["title"])
    sha = record(root, day, first, title, no_commit=no_commit)
    if sha is None:
        echo(f"recorded the newsletter of {day} in charter.yaml (not committed: --no-commit)",
             err=to_stderr)
        return
    echo(f"recorded the newsletter of {day} in charter.yaml; committed {sha[:8]}",
         err=to_stderr)


def register(app: typer.Typer) -> None:
    app.command("newsletter")(newsletter)
