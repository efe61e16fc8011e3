"""`copkit calendar`: the CoP's meetings, agenda sessions and activities as an iCalendar file
(RFC 5545) that members subscribe to; `--actions`, the meeting actions' due dates.

`events(cop, audience, today)` lists what happens when, as plain data (the site's home page
shows the next ones); `build_calendar(...)` turns it into the bytes of an `.ics` file with the
`icalendar` package:

- every event has a UID made from its record (`meeting-<id>@<cop>`, `session-<topic>-<day>@…`,
  `activity-<id>@…`, `action-<meeting>-<n>@…`), so a calendar published again updates the
  events members already have instead of adding copies;
- a meeting with a `time` starts then, in the charter's `timezone` (an IANA name, carried as a
  VTIMEZONE), and lasts `duration_minutes` (an hour without it); without a time it is an
  all-day event; without a charter time zone its time is "floating" (the same clock time
  wherever the reader is);
- what each audience sees is decided by `copkit.output.audience`, as for the report: nobody
  who may not be named is named (facilitators, leads, owners), who attended is never in it,
  the link of an online meeting only for the members; nobody's email is in it (no ORGANIZER
  or ATTENDEE lines at all).

DTSTAMP is the day the calendar is made (midnight UTC), so two runs on one day write the
same bytes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import UsageError
from copkit.output import audience as aud
from copkit.output.audience import Audience
from copkit.output.newsletter import ACTIVITY_KINDS, MEETING_FORMATS, Words
from copkit.text import printable, slugify

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.model import schemas as s
    from copkit.model.load import Cop, LoadResult

DEFAULT_MINUTES = 60


@dataclass
class Event:
    """One entry of the calendar, as the audience may see it."""
    uid: str                  # without the @<cop> part
    kind: str                 # meeting, session, activity, action
    day: _dt.date
    title: str
    last_day: _dt.date | None = None  # an activity running over several days
    time: str | None = None           # HH:MM
    minutes: int | None = None
    place: str = ""
    link: str = ""
    lines: list[str] = field(default_factory=list)  # the description, line by line
    record: str = ""                  # the record's id (meeting id, activity id, topic id)
    cancelled: bool = False


def timezone_problem(loaded: LoadResult) -> None:
    """Refuse a charter whose `timezone` is not a known zone, with check's finding
    (charter.yaml:line:col, what is wrong, how to fix it): every time would be wrong."""
    from copkit.yaml.read import FileRefused

    for f in loaded.findings:
        if f.path == "charter.yaml" and f.severity == "error" and \
                f.message.startswith("timezone"):
            raise FileRefused(f)


def events(cop: Cop, audience: str = "members",
           lang: Language | str | None = None) -> list[Event]:
    """The meetings (past and planned), the agenda's sessions that no meeting on the same day
    covers, and the activities with a start date, in date order; copkit's words in them in
    `lang` (English by default), the records' text as written."""
    aud.check(audience)
    viewer = Audience(cop, audience)
    w = Words(lang)
    topics = cop.topic_index()
    out = [_meeting(m, viewer, topics, w) for m in cop.meetings]
    covered = {(m.date, t) for m in cop.meetings for t in m.topics}
    for t in cop.agenda.topics:
        if t.status == "dropped":
            continue
        lead = viewer.name(t.lead)
        for day in sorted(set(t.sessions)):
            if (day, t.id) not in covered:
                out.append(Event(f"session-{t.id}-{day.isoformat()}", "session", day,
                                 w.gettext("Agenda session: %(topic)s") % {"topic": t.title},
                                 record=t.id, lines=[w.gettext("Led by %(name)s") %
                                                     {"name": lead}] if lead else []))
    for a in cop.activities:
        if a.start is not None:
            out.append(_activity(a, viewer, w))
    out.sort(key=lambda e: (e.day, e.time or "", e.kind, e.uid))
    return out


def _meeting(m: s.Meeting, viewer: Audience, topics: dict[str, s.Topic], w: Words) -> Event:
    from copkit.i18n.typography import lead

    place, link = "", ""
    if m.location:
        if aud.is_link(m.location):
            link = m.location if aud.may_see_link(viewer.audience) else ""
            place = m.location if link else w.gettext("online (the link is sent to members)")
        else:
            place = m.location
    lines = []
    if m.format:
        said = w.code(MEETING_FORMATS, m.format)
        lines.append(said[:1].upper() + said[1:])
    names = [topics[t].title for t in m.topics if t in topics]
    if names:
        lines.append(w.gettext("Topics: %(topics)s") % {
            "topics": lead("; ", w.language.locale).join(names)})
    facilitator = viewer.name(m.facilitator)
    if facilitator:
        lines.append(w.gettext("Facilitated by %(name)s") % {"name": facilitator})
    return Event(f"meeting-{m.id}", "meeting", m.date, m.title, time=m.time,
                 minutes=m.duration_minutes, place=place, link=link, lines=lines,
                 record=m.id)


def _activity(a: s.Activity, viewer: Audience, w: Words) -> Event:
    assert a.start is not None
    owner = viewer.name(a.owner)
    lines = [w.gettext("Activity (%(kind)s), %(status)s") % {
        "kind": w.code(ACTIVITY_KINDS, a.kind, w.gettext("activity")),
        "status": _activity_status(w).get(a.status, a.status)}]
    if owner:
        lines.append(w.gettext("Led by %(name)s") % {"name": owner})
    last = a.end if a.end is not None and a.end >= a.start else None
    return Event(f"activity-{a.id}", "activity", a.start, a.title, last_day=last,
                 lines=lines, record=a.id, cancelled=a.status == "cancelled")


def _activity_status(w: Words) -> dict[str, str]:
    """An activity's status in words (the context tells them from the report's figures)."""
    catalog = w.catalog
    return {"planned": catalog.pgettext("activity status", "planned"),
            "under-way": catalog.pgettext("activity status", "under way"),
            "done": catalog.pgettext("activity status", "done"),
            "cancelled": catalog.pgettext("activity status", "cancelled")}


def action_events(cop: Cop, audience: str = "members", owner: str | None = None,
                  lang: Language | str | None = None) -> list[Event]:
    """The open meeting actions with a due date (of `owner` only, when given), on their due
    day; copkit's words in them in `lang`."""
    aud.check(audience)
    viewer = Audience(cop, audience)
    w = Words(lang)
    if owner is not None and owner not in viewer.members:
        raise UsageError(f"--owner '{owner}' is not a member id of this CoP",
                         hint="`copkit member list` shows the ids")
    out = []
    for m in cop.meetings:
        for n, a in enumerate(m.actions, 1):
            if a.due is None or a.done is not None or (owner and a.owner != owner):
                continue
            who = viewer.name(a.owner)
            lines = [w.gettext("From the meeting '%(title)s' of %(day)s") % {
                "title": m.title, "day": _day(m.date, w)}]
            if who:
                lines.insert(0, w.gettext("Owner: %(name)s") % {"name": who})
            out.append(Event(f"action-{m.id}-{n}", "action", a.due,
                             w.gettext("Due: %(action)s") % {"action": a.action},
                             lines=lines, record=m.id))
    out.sort(key=lambda e: (e.day, e.uid))
    return out


def _day(day: _dt.date, w: Words) -> str:
    """A day inside a sentence: 2026-05-15 in English (as copkit writes a day in one), in
    words in Spanish and French ("15 de mayo de 2026")."""
    return day.isoformat() if w.language.code == "en" else w.day(day)["text"]


def build_calendar(cop: Cop, audience: str = "members", today: _dt.date | None = None, *,
                   actions: bool = False, owner: str | None = None,
                   lang: Language | str | None = None,
                   listed: list[Event] | None = None) -> bytes:
    """The `.ics` file: the events (or, with `actions`, the actions due) as `audience` sees
    them, copkit's words in `lang`; `listed`: those events when the caller made them
    already (the site)."""
    import icalendar

    today = today or _dt.date.today()
    tzid = cop.charter.timezone if cop.charter else None
    if listed is None:
        listed = action_events(cop, audience, owner, lang) if actions else \
            events(cop, audience, lang)
    w = Words(lang)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//copkit//copkit calendar//EN")
    cal.add("version", "2.0")
    name = w.gettext("%(name)s — actions due") % {"name": cop.name} if actions else cop.name
    cal.add("x-wr-calname", printable(name))
    if tzid:
        cal.add("x-wr-timezone", tzid)
    domain = (slugify(cop.name) or "cop") + ".copkit"
    stamp = _dt.datetime.combine(today, _dt.time(0), tzinfo=_dt.timezone.utc)
    for e in listed:
        cal.add_component(_vevent(e, domain, stamp, tzid))
    if tzid:
        cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _vevent(e: Event, domain: str, stamp: _dt.datetime, tzid: str | None) -> Any:
    import icalendar

    ev = icalendar.Event()
    ev.add("uid", f"{e.uid}@{domain}")
    ev.add("dtstamp", stamp)
    ev.add("summary", printable(e.title))
    if e.time:
        start = _start(e.day, e.time, tzid)
        ev.add("dtstart", start)
        ev.add("dtend", start + _dt.timedelta(minutes=e.minutes or DEFAULT_MINUTES))
    else:
        ev.add("dtstart", e.day)
        ev.add("dtend", (e.last_day or e.day) + _dt.timedelta(days=1))
    if e.place:
        ev.add("location", printable(e.place))
    if e.link.lower().startswith(("http://", "https://")):
        ev.add("url", e.link)
    if e.lines:
        ev.add("description", printable("\n".join(e.lines), multiline=True))
    ev.add("categories", [e.kind])
    ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
    ev.add("transp", "TRANSPARENT" if e.kind in ("action", "activity") else "OPAQUE")
    return ev


def _start(day: _dt.date, clock: str, tzid: str | None) -> _dt.datetime:
    hour, minute = (int(x) for x in clock.split(":"))
    start = _dt.datetime.combine(day, _dt.time(hour, minute))
    if tzid:
        import zoneinfo

        start = start.replace(tzinfo=zoneinfo.ZoneInfo(tzid))
    return start


def default_out(actions: bool, owner: str | None, cwd: Path | None = None) -> Path:
    """`calendar.ics`, `actions.ics` or `actions-<owner>.ics` in the current folder."""
    name = "calendar.ics" if not actions else f"actions-{owner}.ics" if owner else "actions.ics"
    return (cwd or Path.cwd()) / name
