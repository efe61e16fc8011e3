"""`copkit report`: the M&E summary of a period, as Markdown, HTML or PDF, with charts.

`build_report(cop, period, level, audience, include_contacts, today)` turns the metrics
(`copkit.indicators.compute`) and the health scorecard (`copkit.indicators.health.scorecard`)
into the plain data the templates render: every indicator with its one-line definition, its
figures against the previous period of the same length (arrows), its tables, notes and quotes;
the scorecard; the charts' data; notes on the quality of the data. Privacy is applied HERE,
once, with the rules of `copkit.output.audience`, so that no template can leak what it was
never given:

- contact fields (email, phone, preferred_channel) are never in the context, unless
  `include_contacts`; then a contact list holds the members who agreed to be in the directory
  (`consent.directory`), and for a public or sponsor audience only those who also agreed to be
  named in public (`consent.public`);
- with `audience` "members" (the default) members are named; with "public" or "sponsor" a
  member whose `consent.public` is not true is shown as "(name withheld)", wherever a name or
  member id would appear (tables, health evidence), and the per-member table is left out.

Record text is escaped HERE too, once (`copkit.text.printable_tree`): a control character or a
bidirectional override in a name reaches neither a template nor a chart as itself.

What only git knows (the practices' earlier statuses, the quarterly trends, when undated
members joined) is read by `copkit.output.report_history` (`read_history`, `HistoryReader`)
and passed in as `history`: the metrics never run git.

`write_report(...)` renders and writes in one of the formats of `copkit.output.formats`:
Markdown with one `.svg` file per chart beside it (`<out-stem>-<chart>.svg`), HTML with the
charts inline, PDF with the charts embedded.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import UsageError
from copkit.i18n import N_
from copkit.i18n.msg import Msg, Plural, capped, cat
from copkit.output import audience as aud
from copkit.output.audience import WITHHELD, Audience
from copkit.output.files import EXISTS_HINT, Output, refuse_existing, write_outputs
from copkit.output.report_i18n import Speaker, translated_rows

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.indicators import Figure, History, Indicator, Metrics
    from copkit.model.load import Cop
    from copkit.output.charts import Worker
    from copkit.periods import Period

# the context is the report's data (`copkit report --format json`), described by
# docs/report.schema.json: SCHEMA_VERSION goes up by one when a field changes or goes away
SCHEMA = "copkit-report"
SCHEMA_VERSION = 1
LEVELS = ("monitoring", "evaluation", "impact", "health", "all")
MEMBERS_TABLE_LIMIT = 100
TABLE_LIMIT = 25  # rows of an indicator's table; the rest is counted ("… and 12 more rows")
LEVEL_TITLES = {
    "monitoring": ("Level 1 — Monitoring", "Are the planned activities happening?"),
    "evaluation": ("Level 2 — Evaluation", "What do members get from the community?"),
    "impact": ("Level 3 — Impact", "What changed beyond the members?"),
    "stage": ("Stage of development", "Which stage do the records show?"),
}
CHARTS = (  # name, metrics series key, title, description
    ("levels", "levels", "Observed levels of participation",
     "members by the level observed in the period"),
    ("levels-by-quarter", "levels_by_quarter", "Observed levels of participation by quarter",
     "members at each quarter's end by the level observed over that quarter"),
    ("attendance", "attendance", "Attendance per meeting", "attendees at each meeting"),
    ("membership", "membership", "Members over time", "members at each month end"),
    ("practices", "practices", "Practices added per quarter",
     "practices added in each of the last quarters"),
    ("network", "network", "Who learns with whom",
     "members tied by the meetings they attended together; colours are organisations"),
)
INDICATOR_CHARTS = {"M1": ["membership"], "M2": ["levels", "levels-by-quarter"],
                    "M3": ["attendance"], "M5": ["practices"], "E7": ["network"]}
# charts left out when their series is empty (the indicator then has a note saying why)
# rather than drawn as "no data"
OPTIONAL_CHARTS = frozenset({"levels-by-quarter", "network"})
# the level whose indicators show each chart (a chart is drawn when its level is reported)
_CHART_LEVEL = {"network": "evaluation"}
_PERSON_COLUMNS = frozenset({"member", "owner", "facilitator", "lead", "contributor",
                             "responsible"})
_PRACTICE_COLUMNS = frozenset({"practices"})  # cells listing practice titles, or counting them
# cells listing many words ("a, b, c") after a first column: the first CELL_ITEMS and a count,
# so that one organisation's long list does not stretch its table over pages (#16)
_LIST_COLUMNS = frozenset({"expertise"})
CELL_ITEMS = 6


def sort_key(name: str) -> str:
    """Names sorted as a reader expects: accents, case and punctuation ignored (Édgar before
    Gonzalo, Øster among the O), as :func:`copkit.text.fold` compares them."""
    from copkit.text import fold

    return fold(name)


# ---------------------------------------------------------------- context
def build_report(cop: Cop, period: Period, level: str = "all", audience: str = "members",
                 include_contacts: bool = False, today: _dt.date | None = None,
                 metrics: Metrics | None = None, load_problems: int = 0,
                 history: History | None = None,
                 lang: Language | str | None = None) -> dict[str, Any]:
    """The template context of the report (plain dicts, lists and strings). `history` is
    what `copkit.output.report_history.read_history` found in git (None: not read; figures
    that need it say so). Copkit's texts in it (definitions, notes, reasons, figures) are in
    `lang` (English by default; `copkit.output.report_i18n`)."""
    from copkit import indicators
    from copkit.text import printable_tree, slugify

    if level not in LEVELS:
        raise UsageError(f"--level '{level}' is not one of {', '.join(LEVELS)}")
    aud.check(audience)
    if include_contacts:  # from contacts.yaml (never committed), or an old members.yaml
        from copkit.contacts.book import with_contacts

        cop = with_contacts(cop)
    today = today or _dt.date.today()
    m = metrics or indicators.compute(cop, period, today, history)
    say = Speaker(lang)
    viewer = Audience(cop, audience, say.language)
    monitoring = level in ("monitoring", "all")
    # record text enters the templates (and the charts) here: escaped once, for every format
    context = printable_tree({
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "cop": {"id": slugify(cop.name), "name": cop.name},
        "lang": say.language.tag,
        "period": _period(period, say),
        "previous": _period(m.previous, say),
        "compared": m.compared,
        "today": today.isoformat(),
        "level": level,
        "audience": audience,
        "levels": _levels(m, level, viewer, say),
        "health": _health(cop, m, viewer, say) if level in ("health", "all") else None,
        "charts": _charts(m, viewer, level, say),
        "members_table": _members_table(m, viewer, say) if aud.members_only(audience) and
        monitoring and m.series.get("levels") else None,
        "contacts": _contacts(cop, period, audience) if include_contacts else None,
        "notes": _notes(m, period, today, load_problems, viewer, say),
        "privacy": say(_privacy_note(cop, audience, include_contacts)),
    })
    from copkit.output.summary import build as summary

    context["summary"] = summary(context)  # what the report opens with, from the data above
    return context


def _levels(m: Metrics, level: str, viewer: Audience,
            say: Speaker) -> list[dict[str, Any]]:
    wanted: tuple[str, ...] = {"all": ("monitoring", "evaluation", "impact", "stage"),
                               "health": ()}.get(level, (level,))
    levels = []
    for name in wanted:
        title, question = LEVEL_TITLES[name]
        levels.append({"id": name, "title": title, "question": question,
                       "indicators": [_indicator(i, viewer, say) for i in m.level(name)]})
    return levels


def _charts(m: Metrics, viewer: Audience, level: str,
            say: Speaker) -> list[dict[str, Any]]:
    return [{"name": name, "title": title,
             "description": say(m.series_described.get(key, desc)),
             "data": _network_names(m.series[key], viewer) if name == "network"
             else [list(x) for x in m.series.get(key, [])]}
            for name, key, title, desc in CHARTS
            if level in ("all", _CHART_LEVEL.get(name, "monitoring"))
            and (name not in OPTIONAL_CHARTS or m.series.get(key))]


def _network_names(data: list[Any], viewer: Audience) -> list[Any]:
    """The network picture's nodes with names for member ids, by the audience's rules (no
    label for a member who may not be named); which of them the picture writes, and where,
    is `copkit.output.netchart`'s choice (brokers first, at most a dozen, never overlapping)."""
    nodes, edges = data
    return [[[viewer.name(mid) or "", org, x, y, broker] for mid, org, x, y, broker in nodes],
            [list(e) for e in edges]]


def _notes(m: Metrics, period: Period, today: _dt.date, load_problems: int,
           viewer: Audience, say: Speaker) -> list[str]:
    notes: list[str] = []
    if load_problems:
        notes.append(Msg("%(n)s problem(s) in the records left some of them out of these "
                         "figures: run `copkit check` to see and fix them.", n=load_problems))
    if period.start > today:
        notes.append(Msg("The period starts after today (%(today)s): nothing in it has "
                         "happened yet; members are counted as of today.", today=today))
    elif period.end > today:
        notes.append(Msg("The period ends after today (%(today)s): figures cover it up to "
                         "today.", today=today))
    if m.no_comparison:
        notes.append(m.no_comparison)
    return [say(n) for n in notes] + [viewer.other(say(n)) for n in m.notes]


def _period(p: Period, say: Speaker) -> dict[str, Any]:
    from copkit.i18n.msg import days, period_name

    dates = days(p.start, p.end)
    same = p.label == dates  # a range's label is its dates
    # in English the days as copkit has always written them; else in words, for the locale;
    # a quarter "2026-Q3" in English, "T3 2026" in Spanish and French
    words, name = say(dates), say(period_name(p))
    # a table's header names it short: "9 dic 2025 – 8 dic 2026", not two lines of words
    short = say(days(p.start, p.end, short=True)) if same else name
    return {"label": words if same else name, "short": short, "start": p.start.isoformat(),
            "end": p.end.isoformat(), "days": p.days, "slug": p.slug,
            "described": words if same else f"{name} ({words})"}


def _indicator(i: Indicator, viewer: Audience, say: Speaker) -> dict[str, Any]:
    tables = []
    notes = [viewer.other(say(n)) for n in i.notes]
    for t in i.tables:
        if t.title.startswith("Budget") and not aud.may_see_budget(viewer.audience):
            notes.append(say(N_("The budget table (budget against spent) is withheld for a "
                                "public audience: it is in the members' and the sponsor's "
                                "report.")))
            continue
        person = [n for n, h in enumerate(t.header) if h in _PERSON_COLUMNS]
        titles = [n for n, h in enumerate(t.header) if h in _PRACTICE_COLUMNS]
        # a table of people (a person its first column) leaves out and counts the rows of
        # those the audience may not name; a story keeps its row, its teller "a member" (#16)
        kept, withheld = viewer.table_rows([list(r) for r in t.rows], person)
        lists = [n for n, h in enumerate(t.header) if h in _LIST_COLUMNS and n]
        rows = [[c if n in person else
                 viewer.practices(viewer.other(c)) if n in titles else
                 _capped(viewer.other(c), say) if n in lists else viewer.other(c)
                 for n, c in enumerate(r)]
                for r in translated_rows(kept[:TABLE_LIMIT], say)]
        tables.append({"title": say(t.title), "header": list(t.header), "rows": rows,
                       "more": max(0, len(kept) - TABLE_LIMIT), "withheld": withheld})
    quotes = Counter(viewer.other(q) for q in i.quotes)  # the same answer once, counted
    return {"id": i.id, "title": i.title, "definition": say(i.definition), "level": i.level,
            "figures": [_figure(f, say) for f in i.figures], "tables": tables,
            "notes": notes, "quotes": list(quotes)[:TABLE_LIMIT],
            "quotes_times": list(quotes.values())[:TABLE_LIMIT],
            "quotes_more": max(0, len(quotes) - TABLE_LIMIT),
            "charts": INDICATOR_CHARTS.get(i.id, [])}


def _capped(cell: str, say: Speaker) -> str:
    """A cell listing words (`a, b, c, …`): its first CELL_ITEMS and how many more."""
    items = cell.split(", ")
    return cell if len(items) <= CELL_ITEMS + 1 else say(capped(", ", items, CELL_ITEMS))


def _figure(f: Figure, say: Speaker) -> dict[str, Any]:
    arrow = f.arrow
    judgement = ""
    if arrow in ("↑", "↓") and f.better in ("up", "down"):
        judgement = "better" if (arrow == "↑") == (f.better == "up") else "worse"
    return {"key": figure_key(f.label), "label": say(f.label), "value": say.shown(f),
            "number": f.value, "previous_number": f.previous if f.compared else None,
            "unit": f.unit, "better": f.better, "has_data": f.has_data,
            "reason": say(f.reason or ""), "previous": say.shown(f, previous=True),
            "compared": f.compared,
            "previous_has_data": f.compared and f.previous is not None, "arrow": arrow,
            "judgement": judgement, "change": say.change(arrow, judgement)}


# what a figure's label says about the day it is counted on, or its frequency: not in its key
_AS_OF = re.compile(r"\s*\([^)]*\)| (?:from|up to) \d{4}-\d\d-\d\d| at period end| today\b")


def figure_key(label: str) -> str:
    """A figure's name that stays the same from one report to the next: its label without
    the day it is counted on and what it says in brackets ("members today (2026-11-30)" and
    "members at period end" are both `members`; "meetings expected (monthly) up to
    2026-11-30" is `meetings-expected`), as a slug."""
    from copkit.text import slugify

    return slugify(_AS_OF.sub("", label), max_length=80)


def _health(cop: Cop, m: Metrics, viewer: Audience,
            say: Speaker) -> list[dict[str, Any]] | None:
    try:
        from copkit.indicators import health
    except ImportError:  # pragma: no cover - the module ships with copkit
        return None
    return [{"number": h.number, "factor": h.factor, "status": h.status,
             "evidence": viewer.counted(say(h.evidence), say.language),
             "suggestion": viewer.text(say(h.suggestion))}
            for h in health.scorecard(cop, m)]


def _members_table(m: Metrics, viewer: Audience, say: Speaker) -> dict[str, Any]:
    """Members whose observed level is not the declared one, the largest gaps first (a core
    member seen at no meeting comes before an active one who came to most), at most
    MEMBERS_TABLE_LIMIT rows: a 1,000-member CoP would otherwise print a 30-page list."""
    order = {name: n for n, name in enumerate(("core", "active", "peripheral", "inactive"))}
    differ = []
    for lv in m.levels:
        declared = lv.member.level
        if declared == lv.observed:
            continue
        gap = abs(order[declared] - order[lv.observed]) if declared in order else 0
        differ.append((-gap, sort_key(lv.member.name), lv.member.id, lv))
    differ.sort(key=lambda x: x[:3])
    rows = [[viewer.shown(lv.member.id), lv.member.organisation or "",
             say(lv.member.level or "") or "—", say(lv.observed), str(lv.attended),
             str(lv.facilitated), str(lv.practices)]
            for *_, lv in differ[:MEMBERS_TABLE_LIMIT]]
    return {"title": "Members whose observed level differs from the declared one",
            "header": ["member", "organisation", "declared", "observed", "meetings attended",
                       "facilitated", "practices"], "rows": rows,
            "more": max(0, len(differ) - MEMBERS_TABLE_LIMIT), "withheld": 0}


def _contacts(cop: Cop, period: Period, audience: str) -> dict[str, Any]:
    rows = []
    left_out = 0
    for mb in sorted(cop.members, key=lambda x: (sort_key(x.name), x.id)):
        if not mb.is_member_on(period.end):
            continue
        if not aud.may_list_contacts(mb, audience):
            left_out += 1
            continue
        rows.append([mb.name, mb.email or "", mb.phone or "", mb.preferred_channel or ""])
    return {"header": ["member", "email", "phone", "preferred channel"], "rows": rows,
            "left_out": left_out}


def _privacy_note(cop: Cop, audience: str, include_contacts: bool) -> str:
    parts: list[str] = []
    if aud.members_only(audience):
        parts.append(Msg("For members of the community: members are named."))
    else:
        hidden = sum(1 for mb in cop.members if not aud.may_name(mb, audience))
        # tables count them or say "a member" (audience.table_rows); a few places still
        # show the withheld mark
        parts.append(Plural("For a %(audience)s audience: %(n)s member did not agree to be "
                            "named in public and is not named here (counted, or shown as "
                            "“%(withheld)s”).",
                            "For a %(audience)s audience: %(n)s members did not agree to be "
                            "named in public and are not named here (counted, or shown as "
                            "“%(withheld)s”).",
                            hidden, audience=Msg(audience), withheld=Msg(WITHHELD)))
    parts.append(Msg("Contact details are listed only for members who agreed to be in the "
                     "directory.") if include_contacts else Msg("No contact details."))
    return cat(parts[0], " ", parts[1])


# ---------------------------------------------------------------- output
def default_out(fmt: str, period: Period, cwd: Path | None = None) -> Path:
    """Where HTML and PDF go without --out: report-<period>.<ext> in the current folder
    (JSON is printed)."""
    return (cwd or Path.cwd()) / f"report-{period.slug}.{fmt}"


def needs_charts(fmt: str, out: Path | None, level: str) -> bool:
    """Whether `write_report` will draw charts (to start a chart worker early): not for a
    report printed on the screen."""
    from copkit.output import formats

    form = formats.get(fmt)
    printed = out is None and form.printed is not None
    return not printed and form.draws_charts and level in ("monitoring", "evaluation", "all")


def write_report(cop_root: Path, context: dict[str, Any], fmt: str, out: Path | None, *,
                 force: bool = False, font: str | None = None,
                 period: Period | None = None, worker: Worker | None = None) -> Output:
    """Render `context` as `fmt` and write it (Markdown without `out`: returned as text)."""
    from copkit.output import formats

    form = formats.get(fmt)
    if out is None and form.printed is not None:
        text, warnings = form.printed(cop_root, "report", context)
        return Output(text=text, warnings=warnings)
    if out is None:
        if period is None:
            raise ValueError("write_report needs the period to name the output file")
        out = default_out(fmt, period)
    charts = context["charts"]
    targets = [out, *form.beside(out, [c["name"] for c in charts])]
    refuse_existing(targets, force)
    svgs = _svgs(charts, worker, context.get("lang")) if form.draws_charts else {}
    document = formats.Document(cop_root, "report", context, out, svgs, font)
    files, warnings = form.files(document)
    write_outputs(files, force=force, exists_hint=EXISTS_HINT)
    return Output(files=targets, warnings=warnings)


def _svgs(charts: list[dict[str, Any]], worker: Worker | None,
          lang: str | None = None) -> dict[str, str]:
    """Each chart drawn, its title and words in `lang` (an English request stays the three
    items it always was: its cached drawing is found again)."""
    from copkit.i18n import translations
    from copkit.output.charts import svg

    if not charts:
        return {}
    english = not lang or lang.startswith("en")
    title = translations(None if english else lang).gettext
    requests: list[tuple[Any, ...]] = [
        (c["name"], c["data"], c["title"]) if english else
        (c["name"], c["data"], title(c["title"]), lang) for c in charts]
    drawn = worker.draw(requests) if worker else [svg(*r) for r in requests]
    return {c["name"]: s for c, s in zip(charts, drawn, strict=True)}
