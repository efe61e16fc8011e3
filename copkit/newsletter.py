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

The default start (`default_since`) is the day after the last newsletter recorded in the
charter's `newsletters` list, else 30 days before today. `record_entry` appends a newsletter
to that list (the CLI commits it).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import RecordError, UsageError
from copkit.text import printable_tree

if TYPE_CHECKING:
    from copkit import schemas as s
    from copkit.repo import Cop

AUDIENCES = ("members", "public", "sponsor")
FORMATS = ("md", "html", "pdf")
EXISTS_HINT = "add --force to replace it, or choose another --out FILE"
DEFAULT_DAYS = 30     # without a recorded newsletter: the last 30 days
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


def today_from_env() -> _dt.date:
    """Today (COPKIT_TODAY=YYYY-MM-DD overrides it, for tests and examples)."""
    from copkit.records import today

    return today()


# ---------------------------------------------------------------- the period
def default_since(cop: Cop, today: _dt.date) -> _dt.date:
    """The day after the last newsletter recorded in the charter, else 30 days ago."""
    entries = cop.charter.newsletters if cop.charter is not None else []
    if entries:
        return max(e.date for e in entries) + _dt.timedelta(days=1)
    return today - _dt.timedelta(days=DEFAULT_DAYS)


def last_recorded(cop: Cop) -> s.NewsletterEntry | None:
    entries = cop.charter.newsletters if cop.charter is not None else []
    return max(entries, key=lambda e: e.date) if entries else None


# ---------------------------------------------------------------- names and privacy
class People:
    """Names members as the audience may see them, and credits lists of them."""

    def __init__(self, cop: Cop, audience: str) -> None:
        self.audience = audience
        self.members = cop.member_index()

    def named(self, member_id: str) -> bool:
        m = self.members.get(member_id)
        if m is None:  # an unknown id (copkit check reports it): never shown
            return False
        return self.audience == "members" or m.consent.public

    def name(self, member_id: str | None) -> str | None:
        """The member's name, or None when it may not be shown."""
        if member_id is None or not self.named(member_id):
            return None
        return self.members[member_id].name

    def credit(self, member_ids: list[str]) -> dict[str, Any]:
        """Names that may be shown (in the order given, once each) and how many others."""
        names: list[str] = []
        others = 0
        for mid in dict.fromkeys(member_ids):
            shown = self.name(mid)
            if shown is None:
                others += 1
            else:
                names.append(shown)
        return {"names": names, "others": others, "text": credit_text(names, others)}


def credit_text(names: list[str], others: int) -> str:
    """`Ana, Luis and 2 other members`; `3 members`; '' for nobody."""
    parts = list(names)
    if others:
        word = "member" if others == 1 else "members"
        parts.append(f"{others} other {word}" if names else f"{others} {word}")
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _sort_name(name: str) -> str:
    from copkit.people import fold

    return fold(name)


# ---------------------------------------------------------------- context
def build_newsletter(cop: Cop, since: _dt.date, until: _dt.date, audience: str = "members",
                     include_contacts: bool = False, today: _dt.date | None = None,
                     title: str | None = None) -> dict[str, Any]:
    """The template context of the newsletter (plain dicts, lists and strings)."""
    if audience not in AUDIENCES:
        raise UsageError(f"--audience '{audience}' is not one of {', '.join(AUDIENCES)}")
    today = today or _dt.date.today()
    as_of = min(until, today)  # nothing after today has happened yet
    if since > as_of:
        raise UsageError(
            f"the newsletter would start on {since} and end on {as_of}: nothing to tell yet",
            hint="give an earlier --since DATE (or a --period that has started)")
    people = People(cop, audience)
    topics = cop.topic_index()
    editor: list[str] = []

    meetings = [_meeting(m, people, topics, audience)
                for m in sorted(cop.meetings, key=lambda m: (m.date, m.id))
                if since <= m.date <= as_of]

    practices = []
    members_only = 0
    undated = 0
    for p in sorted(cop.practices, key=lambda p: (p.added or _dt.date.min, p.id)):
        if p.added is None:
            undated += 1
            continue
        if not since <= p.added <= as_of:
            continue
        if audience != "members" and p.visibility != "public":
            members_only += 1
            continue
        practices.append(_practice(p, people, topics))
    if undated:
        editor.append(f"{_plural(undated, 'practice')} without an 'added' date could not be "
                      "placed in time: add the date to include them in newsletters")

    welcomed: list[dict[str, Any]] = []
    welcomed_others = 0
    for mb in sorted(cop.members, key=lambda m: (m.joined or _dt.date.min,
                                                 _sort_name(m.name), m.id)):
        if mb.joined is None or not since <= mb.joined <= as_of or \
                (mb.left is not None and mb.left <= as_of):
            continue
        if not people.named(mb.id):
            welcomed_others += 1
            continue
        welcomed.append(_welcome(mb, include_contacts, audience))

    stories = [_story(st, people, cop)
               for st in sorted(cop.stories, key=lambda x: (x.date, x.id))
               if since <= st.date <= as_of]

    coming = _coming(cop, people, topics, as_of)
    due = _due(cop, people, since, as_of)

    summary = {"meetings": len(meetings),
               "attendances": sum(m["attendees"] for m in meetings),
               "people": len({a for m in cop.meetings if since <= m.date <= as_of
                              for a in m.attendees}),
               "practices": len(practices) + members_only,
               "members": len(welcomed) + welcomed_others,
               "stories": len(stories)}
    period_text = range_text(since, as_of)
    notes = []
    if until > today:
        notes.append(f"This newsletter covers the days up to today, {day_text(today)}.")
    if members_only:
        notes.append(f"{_plural(members_only, 'new practice')} shared with members only "
                     f"{'is' if members_only == 1 else 'are'} not listed here.")
    # record text enters the templates here: escaped once, for every format
    return printable_tree({
        "cop": {"name": cop.name},
        "title": title or default_title(cop.name, since, as_of),
        "since": _day(since),
        "until": _day(as_of),
        "period_text": period_text,
        "audience": audience,
        "summary": summary,
        "summary_text": _summary_text(summary),
        "meetings": meetings,
        "practices": practices,
        "practices_members_only": members_only,
        "welcomed": welcomed,
        "welcomed_others": welcomed_others,
        "welcomed_text": credit_text([w["name"] for w in welcomed], welcomed_others),
        "stories": stories,
        "coming": coming,
        "coming_days": COMING_DAYS,
        "due": due,
        "due_days": DUE_DAYS,
        "notes": notes,
        "privacy": _privacy_note(audience, include_contacts),
        "empty": not (meetings or practices or welcomed or welcomed_others or stories
                      or coming or due),
        # for the person making the newsletter (printed on stderr, not rendered)
        "editor_notes": editor,
    })


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


def _meeting(m: s.Meeting, people: People, topics: dict[str, s.Topic],
             audience: str) -> dict[str, Any]:
    guests = [{"name": g.name, "organisation": g.organisation or ""} for g in m.guests] \
        if audience == "members" else []
    return {
        "id": m.id,
        "date": _day(m.date),
        "title": m.title,
        "format": m.format or "",
        "format_text": MEETING_FORMATS.get(m.format or "", ""),
        "facilitator": people.name(m.facilitator),
        "attendees": len(set(m.attendees)),
        "guests": guests,
        "guests_count": len(m.guests),
        "topics": [topics[t].title for t in m.topics if t in topics],
        "decisions": list(m.decisions),
    }


def _practice(p: s.Practice, people: People, topics: dict[str, s.Topic]) -> dict[str, Any]:
    kind = p.kind or ""
    return {
        "id": p.id,
        "title": p.title,
        "kind": kind,
        "kind_text": kind.replace("-", " "),
        "status": p.status,
        "status_text": PRACTICE_STATUS.get(p.status, p.status),
        "added": _day(p.added) if p.added else None,
        "credit": people.credit(list(p.contributors)),
        "summary": p.summary or "",
        "topics": [topics[t].title for t in p.topics if t in topics],
        "external": p.source == "external",
    }


def _welcome(mb: s.Member, include_contacts: bool, audience: str) -> dict[str, Any]:
    contact = None
    if include_contacts and mb.consent.directory and \
            (audience == "members" or mb.consent.public):
        contact = {"email": mb.email or "", "phone": mb.phone or "",
                   "preferred_channel": mb.preferred_channel or ""}
    assert mb.joined is not None
    return {"name": mb.name, "organisation": mb.organisation or "",
            "country": mb.country or "", "joined": _day(mb.joined),
            "interests": list(mb.interests), "contact": contact}


def _story(st: s.Story, people: People, cop: Cop) -> dict[str, Any]:
    stage = st.cycles.furthest()
    goals = {g.id: g.statement for g in (cop.charter.goals if cop.charter else [])}
    return {
        "id": st.id,
        "title": st.title,
        "date": _day(st.date),
        "teller": people.name(st.member),
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


def _coming(cop: Cop, people: People, topics: dict[str, s.Topic],
            as_of: _dt.date) -> list[dict[str, Any]]:
    """Sessions, planned meetings and activities in the COMING_DAYS after `as_of`."""
    end = as_of + _dt.timedelta(days=COMING_DAYS)
    items: list[dict[str, Any]] = []
    planned: set[tuple[_dt.date, str]] = set()
    for m in cop.meetings:
        if as_of < m.date <= end:
            items.append({"date": _day(m.date), "kind": "meeting", "what": m.title,
                          "topics": [topics[t].title for t in m.topics if t in topics],
                          "lead": people.name(m.facilitator)})
            planned.update((m.date, t) for t in m.topics)
    for t in cop.agenda.topics:
        if t.status == "dropped":
            continue
        for day in sorted(set(t.sessions)):
            if as_of < day <= end and (day, t.id) not in planned:
                items.append({"date": _day(day), "kind": "session", "what": t.title,
                              "topics": [], "lead": people.name(t.lead)})
    for a in cop.activities:
        if a.start is not None and as_of < a.start <= end and \
                a.status in ("planned", "under-way"):
            items.append({"date": _day(a.start), "kind": "activity", "what": a.title,
                          "topics": [topics[x].title for x in a.topics if x in topics],
                          "lead": people.name(a.owner),
                          "activity": ACTIVITY_KINDS.get(a.kind or "", a.kind or "")})
    items.sort(key=lambda i: (i["date"]["iso"], ("meeting", "session", "activity")
                              .index(i["kind"]), i["what"]))
    for i in items:
        i.setdefault("activity", "")
    return items


def _due(cop: Cop, people: People, since: _dt.date,
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
                out.append({"action": a.action, "owner": people.name(a.owner),
                            "due": _day(a.due), "overdue": a.due <= as_of,
                            "meeting": m.title, "meeting_date": _day(m.date)})
    out.sort(key=lambda x: (x["due"]["iso"], x["meeting_date"]["iso"], x["action"]))
    return out


def _privacy_note(audience: str, include_contacts: bool) -> str:
    if audience == "members":
        text = "For members of the community."
    else:
        text = (f"For a {audience} audience: members who have not agreed to be named in "
                "public are counted but not named, and practices shared with members only "
                "are left out.")
    if include_contacts:
        text += " New members' contact details are shown when they agreed to be in the directory."
    return text


# ---------------------------------------------------------------- output
@dataclass
class Output:
    """What `write_newsletter` wrote (or the Markdown to print)."""
    text: str | None = None
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def default_out(fmt: str, context: dict[str, Any], cwd: Path | None = None) -> Path:
    """Where HTML and PDF go without --out: newsletter-<last day>.<ext> in the current folder."""
    return (cwd or Path.cwd()) / f"newsletter-{context['until']['iso']}.{fmt}"


def write_newsletter(cop_root: Path, context: dict[str, Any], fmt: str, out: Path | None, *,
                     force: bool = False, font: str | None = None) -> Output:
    """Render the newsletter as `fmt` and write it; Markdown without `out` is returned."""
    from copkit import render

    if fmt not in FORMATS:
        raise UsageError(f"--format '{fmt}' is not one of {', '.join(FORMATS)}")
    result = Output()
    if fmt == "md" and out is None:
        result.text = render.render(cop_root, "newsletter", "md", context)
        return result
    out = out or default_out(fmt, context)
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder", hint="give a file name, e.g. "
                         f"--out {out / default_out(fmt, context, Path('.')).name}")
    if out.exists() and not force:
        raise RecordError(f"{out} already exists", hint=EXISTS_HINT)
    if fmt == "pdf":
        from copkit.pdf import compile_pdf

        source = render.render(cop_root, "newsletter", "typ", context)
        data, warnings = compile_pdf(source, font=font)
        result.warnings += warnings
    else:
        data = render.render(cop_root, "newsletter", fmt, context).encode("utf-8")
    from copkit.report import write_outputs

    # atomic; a file that appeared meanwhile is refused with the same hint; a full disk or a
    # read-only folder is an error naming the file
    write_outputs([(out, data)], force=force, exists_hint=EXISTS_HINT)
    result.files = [out]
    return result


# ---------------------------------------------------------------- recording
def record(cop_root: Path, day: _dt.date, since: _dt.date, title: str, *,
           no_commit: bool = False) -> str | None:
    """Record the newsletter in charter.yaml and commit it, in one transaction (a kill
    between the two is finished by the next copkit command). Returns the commit's sha."""
    from copkit import gitio, store

    with store.cop_lock(cop_root):
        changes = record_entry(cop_root, day, since, title)
        if no_commit:
            return None
        return gitio.commit_change(cop_root, [cop_root / "charter.yaml"], "record newsletter",
                                   day.isoformat(), changes)


def record_entry(cop_root: Path, day: _dt.date, since: _dt.date, title: str) -> list[str]:
    """Append `{date, since, title}` to charter.yaml's `newsletters` list, in place (comments
    kept, the charter validated before it is written, under the CoP's lock). Returns the
    change lines for the commit message. Refuses to record the same newsletter twice."""
    from ruamel.yaml.comments import CommentedSeq

    from copkit.records import to_yaml
    from copkit.wizard import CHARTER, append_keeping_comments, edit_charter

    # distinct date objects: ruamel would write one object used twice as an anchor
    entry = {"date": _dt.date.fromordinal(day.toordinal()),
             "since": _dt.date.fromordinal(since.toordinal()), "title": title}

    def change(data: Any) -> list[str]:
        entries = data.get("newsletters")
        if entries is None:
            entries = CommentedSeq()
            data["newsletters"] = entries
        elif not isinstance(entries, list):
            raise RecordError("'newsletters' in charter.yaml is not a list",
                              hint="fix it first (copkit check shows where)")
        for e in entries:
            if isinstance(e, dict) and str(e.get("date")) == day.isoformat() and \
                    str(e.get("since")) == since.isoformat():
                raise RecordError(f"the newsletter from {since} to {day} is already "
                                  "recorded in charter.yaml",
                                  hint="nothing to record again; the next newsletter starts "
                                       "the day after it")
        append_keeping_comments(entries, to_yaml(entry, top=False))
        return [f"{CHARTER}: newsletter of {day.isoformat()} (from {since.isoformat()}): "
                f"{' '.join(title.split())}"]

    return edit_charter(cop_root, change)
