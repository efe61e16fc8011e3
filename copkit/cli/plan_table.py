"""The table of `copkit plan status`: folded at word boundaries to fit the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from copkit.i18n import translations

if TYPE_CHECKING:
    from gettext import NullTranslations

_STYLE = {"done": "green", "partial": "yellow", "todo": "red", "n/a": "dim"}


def _words_width(texts: list[str]) -> int:
    """The width of the longest word of ``texts`` (a column narrower than it breaks it)."""
    from rich.cells import cell_len

    return max((cell_len(w) for t in texts for w in t.split()), default=1)


def _lines_width(texts: list[str]) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for t in texts for line in t.splitlines()), default=1)


def _fit(mins: list[int], maxs: list[int], room: int) -> list[int] | None:
    """Column widths between their minimum (the longest word) and their maximum (the
    longest line) that fit in ``room``; None when even the minimums do not fit. The spare
    room is shared fairly: a column that needs little gets all it needs (a name is not cut
    in two), the others share the rest evenly."""
    if sum(mins) > room:
        return None
    widths = list(mins)
    spare = room - sum(widths)
    order = sorted(range(len(mins)), key=lambda i: maxs[i] - mins[i])
    for k, i in enumerate(order):
        give = min(maxs[i] - mins[i], spare // (len(order) - k))
        widths[i] += give
        spare -= give
    return widths


def _heads(catalog: NullTranslations) -> dict[str, str]:
    """The columns' heads in ``catalog``'s language (context "plan status": a step's "overdue"
    is not an action's)."""
    return {"step": catalog.pgettext("plan status", "step"),
            "title": catalog.pgettext("plan status", "title"),
            "status": catalog.pgettext("plan status", "status"),
            "who": catalog.pgettext("plan status", "who"),
            "due": catalog.pgettext("plan status", "due"),
            "overdue": catalog.pgettext("plan status", "overdue"),
            "next": catalog.pgettext("plan status", "next action")}

_FLEXIBLE = ("title", "who", "next")
_LAYOUTS = ((("step", "title", "status", "who", "due", "overdue", "next"), False),
            (("step", "title", "status", "who", "due", "next"), True),
            (("step", "title", "status", "who", "due"), True))


def print_status_table(out: Any, status: Any) -> None:
    """The status table, folded at word boundaries. On a narrow terminal the overdue marker
    goes under the deadline, and then the next actions leave the table for a list below it,
    rather than break words ('responsibilitie / s')."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from copkit.text import printable

    catalog = translations(status.language)  # the texts' language (None: English)
    heads = _heads(catalog)
    rows = _status_rows(status, catalog)
    names, merged, widths = _layout(rows, out.width, heads)
    table = Table(title=f"{escape(status.template.title)} — "
                  f"{escape(printable(status.cop.name))}",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in names:
        table.add_column(heads[name], justify="right" if name == "step" else "left",
                         no_wrap=name not in _FLEXIBLE,
                         width=widths.get(name) if widths else None,
                         overflow="fold")
    for r in rows:
        style = _STYLE[r["row"].status]
        cells = {"step": r["step"], "title": escape(r["title"]),
                 "status": f"[{style}]{r['status']}[/{style}]", "who": escape(r["who"]),
                 "due": r["due"], "overdue": f"[red]{r['overdue']}[/red]" if r["overdue"] else "",
                 "next": escape(r["next"])}
        if merged and r["overdue"]:
            cells["due"] = "\n".join(x for x in (r["due"], f"[red]{r['overdue']}[/red]") if x)
        table.add_row(*(cells[n] for n in names))
    out.print(table)
    if "next" not in names:
        _print_next_actions(out, rows, catalog.gettext)


def _status_rows(status: Any, catalog: NullTranslations) -> list[dict[str, Any]]:
    """A row of texts per step (copkit's words in ``catalog``'s language)."""
    from copkit.steps.terms import status_word
    from copkit.text import printable_tree

    rows = []
    for row in status.steps:
        who = row.responsible_name or row.responsible or ""
        if row.responsible_name and row.responsible:
            who = f"{row.responsible_name} ({row.responsible})"
        # record text (a name, a next action) shown escaped, as in every table (issue #13)
        rows.append(printable_tree({
            "row": row, "step": str(row.number), "title": row.step.title,
            "status": status_word(row.status, catalog), "who": who,
            "due": row.deadline.isoformat() if row.deadline else "",
            "overdue": "! " + catalog.ngettext("%(n)s day", "%(n)s days", row.overdue_days)
            % {"n": row.overdue_days} if row.overdue else "",
            "next": row.next_action or "—"}))
    return rows


def _layout(rows: list[dict[str, Any]], width: int, heads: dict[str, str]
            ) -> tuple[tuple[str, ...], bool, dict[str, int] | None]:
    """The first layout whose flexible columns fit ``width`` without breaking words: (the
    columns, whether the overdue marker goes under the deadline, the flexible widths)."""
    def texts(name: str, merged: bool) -> list[str]:
        if name == "due" and merged:
            return [heads["due"]] + ["\n".join(x for x in (r["due"], r["overdue"]) if x)
                                      for r in rows]
        return [heads[name]] + [r[name] for r in rows]

    for names, merged in _LAYOUTS:
        fixed = sum(_lines_width(texts(n, merged)) for n in names if n not in _FLEXIBLE)
        room = width - fixed - (3 * (len(names) - 1) + 2)  # edges, padding, dividers
        flex = [n for n in names if n in _FLEXIBLE]
        fitted = _fit([_words_width(texts(n, merged)) for n in flex],
                      [_lines_width(texts(n, merged)) for n in flex], room)
        if fitted is not None:
            return names, merged, dict(zip(flex, fitted, strict=True))
    # a very narrow terminal: words will break whatever is done
    return _LAYOUTS[-1][0], True, None


def _print_next_actions(out: Any, rows: list[dict[str, Any]],
                        _: Callable[[str], str]) -> None:
    """The next actions as a list below the table (when they do not fit in it)."""
    from rich.markup import escape
    from rich.table import Table

    todo = [r for r in rows if not r["row"].done]
    if todo:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(overflow="fold")
        for r in todo:
            grid.add_row("  " + _("step %(n)s:") % {"n": r["step"]}, escape(r["next"]))
        out.print(_("Next actions:"))
        out.print(grid)
        out.print()
