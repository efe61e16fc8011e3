"""`copkit history` and `copkit diff`: the CoP's memory, read from git, in words."""

from __future__ import annotations

import datetime as _dt
import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copkit.cli.common import CopOption, echo, resolve_cop

if TYPE_CHECKING:
    from copkit.git.history import DiffResult, HistoryEntry


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"


KIND_TITLES = {"charter": "charter.yaml", "members": "members.yaml",
               "learning-agenda": "learning-agenda.yaml", "activities": "activities.yaml",
               "plan": "plan.yaml", "organisations": "organisations.yaml",
               "meeting": "meetings/", "practice": "practices/",
               "story": "stories/", "survey": "surveys/"}
MARKS = {"added": "[green]+[/green]", "removed": "[red]-[/red]", "changed": "[yellow]~[/yellow]"}


def clean(text: str) -> str:
    """Text from records or commits, with control characters shown as codes, so a record
    cannot send escape sequences to the terminal or break a table's lines (the escaping of
    every other table copkit prints: :func:`copkit.text.printable`)."""
    from copkit.text import printable

    return printable(text)


def parse_day(value: str | None, option: str) -> _dt.date | None:
    from copkit.errors import UsageError

    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not a date",
                         "write dates as YYYY-MM-DD, like 2026-05-10") from None


def history_command(
    path: Annotated[str | None, typer.Argument(
        help="Only the changes to this file or folder (like members.yaml or meetings/).",
        show_default=False)] = None,
    member: Annotated[str | None, typer.Option(
        "--member", help="Only the changes about this member id (their record, meetings they "
        "attended, practices they contributed...).", show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Only the commits made on or after this date (YYYY-MM-DD).",
        show_default=False)] = None,
    output: Annotated[HistoryFormat, typer.Option(
        "--format", "-f", help="table for people, json for programs.")] = HistoryFormat.table,
    cop: CopOption = None,
) -> None:
    """Who changed which records, and when, in words (from git).

    The timeline of changes to the CoP's records. Each commit is shown with its author and
    date and what it changed about the records: "members: ana-ruiz joined", "charter: goal g2
    added", "meeting 2026-05-10-x: 3 attendees added", "practice led-unit-how-to: status
    draft → tested". Oldest first. A file that does
    not parse at some commit is reported and the history goes on. Merge commits are listed
    without changes (each change is shown in the commit that made it).

    Example: copkit history --member ana-ruiz --since 2026-01-01
    """
    from copkit.git.history import history, history_notes

    root, display = resolve_cop(cop)
    day = parse_day(since, "--since")
    entries = history(root, path=path, member=member, since=day)
    notes = history_notes(root)
    if output is HistoryFormat.json:
        # one commit a line: readable, and json's fast encoder (indent= makes it slow)
        head = json.dumps({"cop": display, "notes": notes}, ensure_ascii=False)[:-1]
        from copkit.git.semdiff import json_default

        body = ",\n".join(json.dumps(e.to_dict(json_ready=False), ensure_ascii=False,
                                      default=json_default) for e in entries)
        echo(f'{head}, "commits": [\n{body}\n]}}')
        return
    _print_history(entries, notes, member)


PLAIN_MARKS = {"added": "+", "removed": "-", "changed": "~"}
RICH_ROWS = 1000  # above this, a table is laid out without rich (rich takes seconds)


def _print_history(entries: list[HistoryEntry], notes: list[str], member: str | None) -> None:
    from rich.markup import escape

    from copkit.cli.common import console

    out = console()
    for note in notes:
        out.print(f"[yellow]note[/yellow]: {escape(note)}")
    if not entries:
        out.print("no changes to show" + (f" about {escape(clean(member))}" if member else ""))
        return
    # rows: date, author, commit, mark, words, style
    rows: list[tuple[str, str, str, str, str, str]] = []
    changes = 0
    for e in entries:
        # a change without words is said by another of the commit (a dated status move)
        lines = [(PLAIN_MARKS.get(c.action, " "), clean(c.text), "") for c in e.changes
                 if c.text]
        lines += [("!", f"warning: {clean(p)}", "yellow") for p in e.problems]
        if not lines:
            what = "(merge: the changes are listed in the merged commits)" if e.merge else \
                f"({clean(e.subject)}: no change to the records)"
            lines = [(" ", what, "dim")]
        changes += sum(1 for c in e.changes if c.text)
        first = True
        for mark, text, style in lines:
            if first:
                rows.append((e.date.date().isoformat(), clean(e.author), e.sha[:8], mark, text,
                             style))
                first = False
            else:
                rows.append(("", "", "", mark, text, style))
    headers = ("date", "author", "commit", "change")
    if out.is_terminal and len(rows) <= RICH_ROWS:
        from rich.table import Table

        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("date", no_wrap=True)
        table.add_column("author")
        table.add_column("commit", no_wrap=True)
        table.add_column("change")
        colours = {"+": "green", "-": "red", "~": "yellow"}
        for day, who, sha, mark, text, style in rows:
            shown = escape(text) if not style else f"[{style}]{escape(text)}[/{style}]"
            if mark.strip() and mark != "!":
                shown = f"[{colours[mark]}]{mark}[/{colours[mark]}] {shown}"
            table.add_row(day, escape(who), sha, shown)
        out.print(table)
    else:
        echo(_plain_table(headers, [(d, w, c, f"{m} {t}" if m.strip() and m != "!" else t)
                                    for d, w, c, m, t, _ in rows]))
    out.print(f"{len(entries)} commit(s), {changes} change(s)")


def _plain_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Columns separated by two spaces, as rich lays out a table without borders; the last
    column is not padded, so each line ends with its text."""
    from functools import lru_cache

    from rich.cells import cell_len as _cells

    @lru_cache(maxsize=4096)
    def width(text: str) -> int:  # how many columns: wide characters take two
        return len(text) if text.isascii() else _cells(text)

    widths = [width(h) for h in headers[:-1]]
    for row in rows:
        for i in range(len(widths)):
            n = width(row[i]) if row[i] else 0
            if n > widths[i]:
                widths[i] = n

    def line(cells: tuple[str, ...]) -> str:
        parts = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(cells[:-1])]
        return "  ".join([*parts, cells[-1]]).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)])


def diff_command(
    rev: Annotated[str | None, typer.Argument(
        help="Compare from this revision (commit id, branch, tag, HEAD~3). Default: the last "
        "commit.", show_default=False)] = None,
    rev2: Annotated[str | None, typer.Argument(
        help="Compare up to this revision. Default: the working tree (including changes not "
        "committed yet).", show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Compare from the last commit made on or before this date "
        "(YYYY-MM-DD).", show_default=False)] = None,
    last_review: Annotated[bool, typer.Option(
        "--last-review", help="Compare from the commit that recorded the last review of the "
        "charter.")] = False,
    output: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text for people, json for programs.")] = DiffFormat.text,
    cop: CopOption = None,
) -> None:
    """What changed in the records between two points in history.

    Records added, removed and changed field by field, grouped by file: members who joined or
    left, topics added or covered, practices added, status changes, attendees added. Compares
    data, not lines. With no revision: the changes not committed yet. With one: from that
    revision to the working tree. --since DATE starts from the last commit on or before DATE;
    --last-review from the commit that recorded the last review.

    Example: copkit diff --since 2026-01-01
    """
    from copkit.errors import UsageError
    from copkit.git.history import history_notes, semantic_diff

    root, display = resolve_cop(cop)
    day = parse_day(since, "--since")
    if since is not None and last_review:
        raise UsageError("use either --since or --last-review, not both")
    if (since is not None or last_review) and rev2 is not None:
        raise UsageError("give at most one revision with --since or --last-review",
                         "--since and --last-review choose where to start; the revision given "
                         "says where to stop")
    notes: list[str] = []
    old: str | None
    new: str | None
    if day is not None or last_review:
        old, new = _start(root, day, notes), rev
    else:
        old, new = (rev if rev is not None else "HEAD"), rev2
    result = semantic_diff(root, old, new)
    notes += history_notes(root)
    if output is DiffFormat.json:
        payload: dict[str, Any] = {"cop": display, **result.to_dict(), "notes": notes}
        echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    _print_diff(root, result, notes)


def _start(root: Path, day: _dt.date | None, notes: list[str]) -> str | None:
    """The commit a diff starts from with --since DAY (with no day: --last-review); None, with
    a note, when there is none (every record is then shown as added)."""
    from copkit.git.history import commit_before, last_review_commit

    if day is not None:
        old = commit_before(root, day)
        if old is None:
            notes.append(f"no commit on or before {day.isoformat()}: every record is shown "
                         "as added")
        return old
    old = last_review_commit(root)
    if old is None:
        notes.append("no review is recorded in the history (charter review.log): "
                     "every record is shown as added")
    return old


def _print_diff(root: Path, result: DiffResult, notes: list[str]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from copkit.cli.common import console
    from copkit.git.history import describe_commit

    out = console()
    start = describe_commit(root, result.old) if result.old else "an empty CoP"
    out.print(f"changes from {escape(clean(start))} to "
              f"{escape(clean(describe_commit(root, result.new)))}")
    for note in notes:
        out.print(f"[yellow]note[/yellow]: {escape(note)}")
    for problem in result.problems:
        out.print(f"[yellow]warning[/yellow]: {escape(clean(problem))}")
    if not result.changes:
        out.print("no changes to the records")
        return
    said = [c for c in result.changes if c.text]  # the others are said by one of these
    groups: dict[str, list[Any]] = {}
    for change in said:
        groups.setdefault(change.kind, []).append(change)
    rich_tables = out.is_terminal and len(said) <= RICH_ROWS
    for kind, changes in groups.items():
        title = f"{KIND_TITLES.get(kind, kind)} ({len(changes)})"
        if not rich_tables:  # the same layout, without rich's cost or 80-column wrapping
            echo(title)
            echo("\n".join(f"{PLAIN_MARKS.get(c.action, ' ')}  {clean(c.text)}"
                           for c in changes))
            continue
        table = Table(title=title, title_justify="left", title_style="bold",
                      show_header=False, box=None, pad_edge=False)
        table.add_column("", no_wrap=True)
        table.add_column("change")
        for c in changes:
            table.add_row(MARKS.get(c.action, " "), escape(clean(c.text)))
        out.print(table)
    added = sum(1 for c in said if c.action == "added")
    removed = sum(1 for c in said if c.action == "removed")
    changed = len(said) - added - removed
    out.print(f"{added} added, {removed} removed, {changed} changed")


def register(app: typer.Typer) -> None:
    app.command("history")(history_command)
    app.command("diff")(diff_command)
