"""`copkit newsletter`: what happened in the community since the last newsletter, what is next.

`build_newsletter(cop, since, until, audience, include_contacts, today)` gathers, from the
records, the plain data the newsletter templates render (no I/O, no rendering):

- the meetings held between `since` and `until` (never after today), with their decisions;
- the practices added, crediting their contributors by name;
- the members who joined;
- the value-creation stories told;
- what comes next: agenda sessions, meetings already planned and activities starting, in the
  90 days after the newsletter's last day;
- the meeting actions still open that fall due in the 30 days after it (and those of the
  period that are overdue).

Privacy is applied HERE, so that no template can show what it was never given: contact fields
(email, phone, preferred_channel) are left out unless `include_contacts` (and then only for
new members who agreed to be in the directory); with an audience other than "members", a
member whose `consent.public` is not true is not named (lists say "and 2 other members"),
guests of meetings are counted but not named, and practices whose `visibility` is "members"
are left out (counted). Record text is escaped HERE too (`copkit.text.printable_tree`): a
control character or a bidirectional override in a name reaches no format as itself.

Who may be named, whose contacts are shown and what is left out for an audience is decided
by `copkit.output.audience`. The default start (`default_since`) and recording a newsletter in
the charter are in `copkit.output.newsletter_record`; the formats in `copkit.output.formats`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import UsageError
from copkit.output import audience as aud
from copkit.output.audience import Audience, credit_text
from copkit.output.files import Output, refuse_existing, write_outputs
from copkit.text import printable_tree

if TYPE_CHECKING:
    from copkit.model import schemas as s
    from copkit.model.load import Cop

COMING_DAYS = 90      # "coming up": the 90 days after the newsletter's last day
DUE_DAYS = 30         # "actions due soon": the 30 days after it

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MEETING_FORMATS = {"face-to-face": "face-to-face meeting", "virtual": "online meeting",
                   "hybrid": "hybrid meeting (in person and online)", "webinar": "webinar",
                   "field-visit": "field visit", "training": "training session",
                   "conference-call": "phone call"}
PRACTICE_STATUS = {"draft": "draft, still to be tried out", "tested": "tried out in practice",
                   "evaluated": "tried out and evaluated"}
STORY_STAGES = {
    "immediate": "a useful exchange",
    "potential": "new ideas or contacts to use",
    "applied": "put into practice",
    "realized": "results that made a difference",
    "transformative": "a lasting change in how things are done",
}
ACTIVITY_KINDS = {"site-visit": "site visit", "knowledge-product": "knowledge product",
                  "joint-initiative": "joint initiative"}


# ---------------------------------------------------------------- dates in words
def day_text(day: _dt.date) -> str:
    """`19 May 2026` (copkit's own templates are in English; the ISO date is there too)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def range_text(start: _dt.date, end: _dt.date) -> str:
    """`1 April to 30 June 2026`, `15 December 2025 to 14 January 2026`, `19 May 2026`."""
    if start == end:
        return day_text(start)
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} to {day_text(end)}"
    return f"{day_text(start)} to {day_text(end)}"


def _day(day: _dt.date) -> dict[str, str]:
    return {"iso": day.isoformat(), "text": day_text(day)}




def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _sort_name(name: str) -> str:
    from copkit.text import fold

    return fold(name)



# ---------------------------------------------------------------- context
def build_newsletter(cop: Cop, since: _dt.date, until: _dt.date, audience: str = "members",
                     include_contacts: bool = False, today: _dt.date | None = None,
                     title: str | None = None) -> dict[str, Any]:
    """The template context of the newsletter (plain dicts, lists and strings)."""
    aud.check(audience)
    today = today or _dt.date.today()
    as_of = min(until, today)  # nothing after today has happened yet
    if since > as_of:
        raise UsageError(
            f"the newsletter would start on {since} and end on {as_of}: nothing to tell yet",
            hint="give an earlier --since DATE (or a --period that has started)")
    news = _news(cop, Audience(cop, audience), since, as_of, include_contacts)
    summary = _summary(cop, news, since, as_of)
    # record text enters the templates here: escaped once, for every format
    return printable_tree({
        "cop": {"name": cop.name},
        "title": title or default_title(cop.name, since, as_of),
        "since": _day(since),
        "until": _day(as_of),
        "period_text": range_text(since, as_of),
        "audience": audience,
        "summary": summary,
        "summary_text": _summary_text(summary),
        "meetings": news.meetings,
        "practices": news.practices,
        "practices_members_only": news.members_only,
        "welcomed": news.welcomed,
        "welcomed_others": news.welcomed_others,
        "welcomed_text": credit_text([w["name"] for w in news.welcomed], news.welcomed_others),
        "stories": news.stories,
        "coming": news.coming,
        "coming_days": COMING_DAYS,
        "due": news.due,
        "due_days": DUE_DAYS,
        "notes": _notes(news, until, today),
        "privacy": _privacy_note(audience, include_contacts),
        "empty": not (news.meetings or news.practices or news.welcomed or news.welcomed_others
                      or news.stories or news.coming or news.due),
        # for the person making the newsletter (printed on stderr, not rendered)
        "editor_notes": news.editor,
    })


@dataclass
class _News:
    """The newsletter's sections, as the audience may see them."""
    meetings: list[dict[str, Any]]
    practices: list[dict[str, Any]]
    members_only: int                  # new practices shared with members only, left out
    welcomed: list[dict[str, Any]]
    welcomed_others: int               # new members who may not be named
    stories: list[dict[str, Any]]
    coming: list[dict[str, Any]]
    due: list[dict[str, Any]]
    editor: list[str] = field(default_factory=list)  # notes for the person making it


def _news(cop: Cop, viewer: Audience, since: _dt.date, as_of: _dt.date,
          include_contacts: bool) -> _News:
    topics = cop.topic_index()
    meetings = [_meeting(m, viewer, topics)
                for m in sorted(cop.meetings, key=lambda m: (m.date, m.id))
                if since <= m.date <= as_of]
    practices, members_only, undated = _practices(cop, viewer, topics, since, as_of)
    welcomed, others = _welcomed(cop, viewer, since, as_of, include_contacts)
    stories = [_story(st, viewer, cop)
               for st in sorted(cop.stories, key=lambda x: (x.date, x.id))
               if since <= st.date <= as_of]
    news = _News(meetings, practices, members_only, welcomed, others, stories,
                 _coming(cop, viewer, topics, as_of), _due(cop, viewer, since, as_of))
    if undated:
        news.editor.append(f"{_plural(undated, 'practice')} without an 'added' date could not "
                           "be placed in time: add the date to include them in newsletters")
    return news


def _practices(cop: Cop, viewer: Audience, topics: dict[str, s.Topic], since: _dt.date,
               as_of: _dt.date) -> tuple[list[dict[str, Any]], int, int]:
    """The practices added in the days, those left out as shared with members only, and
    those with no `added` date (not placed in time)."""
    practices = []
    members_only = 0
    undated = 0
    for p in sorted(cop.practices, key=lambda p: (p.added or _dt.date.min, p.id)):
        if p.added is None:
            undated += 1
            continue
        if not since <= p.added <= as_of:
            continue
        if not aud.may_see_practice(p, viewer.audience):
            members_only += 1
            continue
        practices.append(_practice(p, viewer, topics))
    return practices, members_only, undated


def _welcomed(cop: Cop, viewer: Audience, since: _dt.date, as_of: _dt.date,
              include_contacts: bool) -> tuple[list[dict[str, Any]], int]:
    """The members who joined in the days (and are still members), and how many of them may
    not be named."""
    welcomed: list[dict[str, Any]] = []
    others = 0
    for mb in sorted(cop.members, key=lambda m: (m.joined or _dt.date.min,
                                                 _sort_name(m.name), m.id)):
        if mb.joined is None or not since <= mb.joined <= as_of or \
                (mb.left is not None and mb.left <= as_of):
            continue
        if not viewer.named(mb.id):
            others += 1
            continue
        welcomed.append(_welcome(mb, include_contacts, viewer.audience))
    return welcomed, others


def _summary(cop: Cop, news: _News, since: _dt.date, as_of: _dt.date) -> dict[str, int]:
    return {"meetings": len(news.meetings),
            "attendances": sum(m["attendees"] for m in news.meetings),
            "people": len({a for m in cop.meetings if since <= m.date <= as_of
                           for a in m.attendees}),
            "practices": len(news.practices) + news.members_only,
            "members": len(news.welcomed) + news.welcomed_others,
            "stories": len(news.stories)}


def _notes(news: _News, until: _dt.date, today: _dt.date) -> list[str]:
    notes = []
    if until > today:
        notes.append(f"This newsletter covers the days up to today, {day_text(today)}.")
    if news.members_only:
        notes.append(f"{_plural(news.members_only, 'new practice')} shared with members only "
                     f"{'is' if news.members_only == 1 else 'are'} not listed here.")
    return notes


def default_title(name: str, since: _dt.date, until: _dt.date) -> str:
    return f"{name}: news from {range_text(since, until)}"


def _summary_text(s: dict[str, int]) -> str:
    parts = []
    if s["meetings"]:
        parts.append(_plural(s["meetings"], "meeting") + (
            f" with {_plural(s['people'], 'member')} taking part" if s["people"] else ""))
    if s["practices"]:
        parts.append(_plural(s["practices"], "new practice"))
    if s["members"]:
        parts.append(_plural(s["members"], "new member"))
    if s["stories"]:
        parts.append(_plural(s["stories"], "story", "stories") + " of value")
    if not parts:
        return "No meetings, practices, new members or stories were recorded in this period."
    if len(parts) == 1:
        return parts[0][0].upper() + parts[0][1:] + "."
    text = ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:] + "."


def _meeting(m: s.Meeting, viewer: Audience, topics: dict[str, s.Topic]) -> dict[str, Any]:
    guests = [{"name": g.name, "organisation": g.organisation or ""} for g in m.guests] \
        if aud.members_only(viewer.audience) else []
    return {
        "id": m.id,
        "date": _day(m.date),
        "title": m.title,
        "format": m.format or "",
        "format_text": MEETING_FORMATS.get(m.format or "", ""),
        "facilitator": viewer.name(m.facilitator),
        "attendees": len(set(m.attendees)),
        "guests": guests,
        "guests_count": len(m.guests),
        "topics": [topics[t].title for t in m.topics if t in topics],
        "decisions": list(m.decisions),
    }


def _practice(p: s.Practice, viewer: Audience, topics: dict[str, s.Topic]) -> dict[str, Any]:
    kind = p.kind or ""
    return {
        "id": p.id,
        "title": p.title,
        "kind": kind,
        "kind_text": kind.replace("-", " "),
        "status": p.status,
        "status_text": PRACTICE_STATUS.get(p.status, p.status),
        "added": _day(p.added) if p.added else None,
        "credit": viewer.credit(list(p.contributors)),
        "summary": p.summary or "",
        "topics": [topics[t].title for t in p.topics if t in topics],
        "external": p.source == "external",
    }


def _welcome(mb: s.Member, include_contacts: bool, audience: str) -> dict[str, Any]:
    contact = None
    if include_contacts and aud.may_list_contacts(mb, audience):
        contact = {"email": mb.email or "", "phone": mb.phone or "",
                   "preferred_channel": mb.preferred_channel or ""}
    assert mb.joined is not None
    return {"name": mb.name, "organisation": mb.organisation or "",
            "country": mb.country or "", "joined": _day(mb.joined),
            "interests": list(mb.interests), "contact": contact}


def _story(st: s.Story, viewer: Audience, cop: Cop) -> dict[str, Any]:
    stage = st.cycles.furthest()
    goals = {g.id: g.statement for g in (cop.charter.goals if cop.charter else [])}
    return {
        "id": st.id,
        "title": st.title,
        "date": _day(st.date),
        "teller": viewer.name(st.member),
        "stage": stage or "",
        "stage_text": STORY_STAGES.get(stage or "", ""),
        "quote": str(getattr(st.cycles, stage) or "").strip() if stage else "",
        # each a sentence as the charter wrote it, ending with its own full stop (one)
        "goals": [sentence(goals[g]) for g in st.goals if g in goals],
    }


def sentence(text: str) -> str:
    """`text` as a sentence that ends with one full stop (or its own ?, ! or …): a goal's
    statement is written either way in charters."""
    body = " ".join(str(text).split())
    return body if not body or body[-1] in ".!?…" else body + "."


def _coming(cop: Cop, viewer: Audience, topics: dict[str, s.Topic],
            as_of: _dt.date) -> list[dict[str, Any]]:
    """Sessions, planned meetings and activities in the COMING_DAYS after `as_of`."""
    end = as_of + _dt.timedelta(days=COMING_DAYS)
    items: list[dict[str, Any]] = []
    planned: set[tuple[_dt.date, str]] = set()
    for m in cop.meetings:
        if as_of < m.date <= end:
            items.append({"date": _day(m.date), "kind": "meeting", "what": m.title,
                          "topics": [topics[t].title for t in m.topics if t in topics],
                          "lead": viewer.name(m.facilitator)})
            planned.update((m.date, t) for t in m.topics)
    for t in cop.agenda.topics:
        if t.status == "dropped":
            continue
        for day in sorted(set(t.sessions)):
            if as_of < day <= end and (day, t.id) not in planned:
                items.append({"date": _day(day), "kind": "session", "what": t.title,
                              "topics": [], "lead": viewer.name(t.lead)})
    for a in cop.activities:
        if a.start is not None and as_of < a.start <= end and \
                a.status in ("planned", "under-way"):
            items.append({"date": _day(a.start), "kind": "activity", "what": a.title,
                          "topics": [topics[x].title for x in a.topics if x in topics],
                          "lead": viewer.name(a.owner),
                          "activity": ACTIVITY_KINDS.get(a.kind or "", a.kind or "")})
    items.sort(key=lambda i: (i["date"]["iso"], ("meeting", "session", "activity")
                              .index(i["kind"]), i["what"]))
    for i in items:
        i.setdefault("activity", "")
    return items


def _due(cop: Cop, viewer: Audience, since: _dt.date,
         as_of: _dt.date) -> list[dict[str, Any]]:
    """Actions still open on `as_of`: due in the next DUE_DAYS, or overdue since `since`."""
    end = as_of + _dt.timedelta(days=DUE_DAYS)
    out: list[dict[str, Any]] = []
    for m in cop.meetings:
        if m.date > as_of:
            continue
        for a in m.actions:
            if a.due is None or (a.done is not None and a.done <= as_of):
                continue
            if since <= a.due <= end:
                out.append({"action": a.action, "owner": viewer.name(a.owner),
                            "due": _day(a.due), "overdue": a.due <= as_of,
                            "meeting": m.title, "meeting_date": _day(m.date)})
    out.sort(key=lambda x: (x["due"]["iso"], x["meeting_date"]["iso"], x["action"]))
    return out


def _privacy_note(audience: str, include_contacts: bool) -> str:
    if aud.members_only(audience):
        text = "For members of the community."
    else:
        text = (f"For a {audience} audience: members who have not agreed to be named in "
                "public are counted but not named, and practices shared with members only "
                "are left out.")
    if include_contacts:
        text += " New members' contact details are shown when they agreed to be in the directory."
    return text



# ---------------------------------------------------------------- output
def default_out(fmt: str, context: dict[str, Any], cwd: Path | None = None) -> Path:
    """Where HTML and PDF go without --out: newsletter-<last day>.<ext> in the current folder."""
    return (cwd or Path.cwd()) / f"newsletter-{context['until']['iso']}.{fmt}"


def write_newsletter(cop_root: Path, context: dict[str, Any], fmt: str, out: Path | None, *,
                     force: bool = False, font: str | None = None) -> Output:
    """Render the newsletter as `fmt` and write it; Markdown without `out` is returned."""
    from copkit.output import formats

    form = formats.get(fmt)
    if out is None and form.printed is not None:
        text, warnings = form.printed(cop_root, "newsletter", context)
        return Output(text=text, warnings=warnings)
    out = out or default_out(fmt, context)
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder", hint="give a file name, e.g. "
                         f"--out {out / default_out(fmt, context, Path('.')).name}")
    refuse_existing([out], force)
    files, warnings = form.files(formats.Document(cop_root, "newsletter", context, out,
                                                  font=font))
    # atomic; a file that appeared meanwhile is refused with the same hint; a full disk or a
    # read-only folder is an error naming the file
    write_outputs(files, force=force)
    return Output(files=[out], warnings=warnings)
