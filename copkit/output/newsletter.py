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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import UsageError
from copkit.i18n import N_
from copkit.output import audience as aud
from copkit.output.audience import Audience, credit_text  # noqa: F401 (tests import it here)
from copkit.output.files import Output, refuse_existing, write_outputs
from copkit.text import printable_tree

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.model import schemas as s
    from copkit.model.load import Cop

COMING_DAYS = 90      # "coming up": the 90 days after the newsletter's last day
DUE_DAYS = 30         # "actions due soon": the 30 days after it

# the words of the records' codes, translated where they are built (copkit.i18n.N_ marks them)
MEETING_FORMATS = {"face-to-face": N_("face-to-face meeting"), "virtual": N_("online meeting"),
                   "hybrid": N_("hybrid meeting (in person and online)"),
                   "webinar": N_("webinar"), "field-visit": N_("field visit"),
                   "training": N_("training session"), "conference-call": N_("phone call")}
PRACTICE_STATUS = {"draft": N_("draft, still to be tried out"),
                   "tested": N_("tried out in practice"),
                   "evaluated": N_("tried out and evaluated")}
STORY_STAGES = {
    "immediate": N_("a useful exchange"),
    "potential": N_("new ideas or contacts to use"),
    "applied": N_("put into practice"),
    "realized": N_("results that made a difference"),
    "transformative": N_("a lasting change in how things are done"),
}
ACTIVITY_KINDS = {"exchange": N_("exchange"), "seminar": N_("seminar"),
                  "research": N_("research"), "training": N_("training"),
                  "knowledge-product": N_("knowledge product"),
                  "joint-initiative": N_("joint initiative"), "site-visit": N_("site visit"),
                  "webinar": N_("webinar"), "workshop": N_("workshop")}
PRACTICE_KINDS = {"tool": N_("tool"), "method": N_("method"), "tip": N_("tip"),
                  "case-study": N_("case study"), "lesson-learnt": N_("lesson learnt"),
                  "guide": N_("guide"), "success-story": N_("success story"),
                  "resource": N_("resource")}


class Words:
    """The newsletter's words in one language: gettext, plurals, days."""

    def __init__(self, lang: Language | str | None = None) -> None:
        from copkit import i18n

        self.language = lang if isinstance(lang, i18n.Language) else \
            i18n.resolve(lang, strict=False)
        self.catalog = i18n.translations(self.language)
        self.gettext = self.catalog.gettext

    def count_words(self, n: int, one: str, many: str, **more: str) -> str:
        """"3 meetings": ``one`` and ``many`` hold %(n)s (and the names of ``more``)."""
        return self.catalog.ngettext(one, many, n) % {"n": n, **more}

    def day(self, day: _dt.date) -> dict[str, str]:
        return {"iso": day.isoformat(), "text": day_text(day, self.language)}

    def credit(self, names: list[str], others: int) -> str:
        """`Ana, Luis and 2 other members`; `3 members`; '' for nobody (as
        copkit.output.audience.credit_text, in the language)."""
        parts = list(names)
        if others:
            parts.append(self.count_words(others, "%(n)s other member", "%(n)s other members")
                         if names else self.count_words(others, "%(n)s member", "%(n)s members"))
        if len(parts) < 2:
            return "".join(parts)
        return self.gettext("%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]),
                                                        "last": parts[-1]}

    def code(self, words: dict[str, str], code: str | None, default: str = "") -> str:
        """The words of a record's code (a meeting format...), translated; an unknown code as
        written, its hyphens as spaces."""
        if not code:
            return default
        return self.gettext(words[code]) if code in words else code.replace("-", " ")


# ---------------------------------------------------------------- dates in words
def day_text(day: _dt.date, lang: Language | str | None = None) -> str:
    """`19 May 2026`, `19 de mayo de 2026`, `19 mai 2026`."""
    from copkit import i18n
    from copkit.i18n.formats import day_text as text

    return text(day, i18n.resolve(lang, strict=False).locale if not
                isinstance(lang, i18n.Language) else lang.locale)


def range_text(start: _dt.date, end: _dt.date, lang: Language | str | None = None) -> str:
    """`1 April to 30 June 2026`, `15 December 2025 to 14 January 2026`, `19 May 2026`."""
    from copkit import i18n
    from copkit.i18n.formats import range_text as text

    language = lang if isinstance(lang, i18n.Language) else i18n.resolve(lang, strict=False)
    return text(start, end, language.locale, i18n.translations(language))


# ---------------------------------------------------------------- what it reads
FOLDERS = ("meetings", "practices", "stories")  # no survey is in a newsletter


def shown_records(since: _dt.date, until: _dt.date,
                  today: _dt.date) -> Callable[[str, Any], bool]:
    """Whether the newsletter of these days needs a record file (its path and its data as
    parsed, before validation), for `copkit.model.load.load_cop`'s ``select``: a practice added
    in the days (or with no date: counted), a story told in them, a meeting up to the end of
    "coming up" (one held before the days only if an action of it may fall due in them). A file
    whose date is not plainly YYYY-MM-DD is read, and validation decides as before."""
    as_of = min(until, today)
    coming = as_of + _dt.timedelta(days=COMING_DAYS)

    def keep(relpath: str, data: Any) -> bool:
        folder = relpath.split("/", 1)[0]
        if folder == "practices":
            added = _raw_day(data.get("added"), None)
            return added is None or since <= added <= as_of
        day = _raw_day(data.get("date"), None)
        if folder == "stories":
            return day is None or since <= day <= as_of
        if day is None or since <= day <= coming:
            return True
        return day < since and _may_fall_due(data.get("actions"), since)

    return keep


def _raw_day(value: Any, default: _dt.date | None) -> _dt.date | None:
    """A date as parsed (a date, or a YYYY-MM-DD string); `default` for anything else."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-" and \
            value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit():
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return default
    return default


def _may_fall_due(actions: Any, since: _dt.date) -> bool:
    """Whether a meeting's actions (as parsed) may hold one due on or after `since`."""
    if not actions:
        return False
    if not isinstance(actions, list):
        return True
    for a in actions:
        if not isinstance(a, dict):
            return True
        due = _raw_day(a.get("due"), _dt.date.max) if a.get("due") is not None else None
        if due is not None and due >= since:
            return True
    return False


def _sort_name(name: str) -> str:
    from copkit.text import fold

    return fold(name)



# ---------------------------------------------------------------- context
def build_newsletter(cop: Cop, since: _dt.date, until: _dt.date, audience: str = "members",
                     include_contacts: bool = False, today: _dt.date | None = None,
                     title: str | None = None,
                     lang: Language | str | None = None) -> dict[str, Any]:
    """The template context of the newsletter (plain dicts, lists and strings), its own
    words in `lang` (English by default)."""
    aud.check(audience)
    if include_contacts:  # from contacts.yaml (never committed), or an old members.yaml
        from copkit.contacts.book import with_contacts

        cop = with_contacts(cop)
    w = Words(lang)
    today = today or _dt.date.today()
    as_of = min(until, today)  # nothing after today has happened yet
    if since > as_of:
        raise UsageError(
            f"the newsletter would start on {since} and end on {as_of}: nothing to tell yet",
            hint="give an earlier --since DATE (or a --period that has started)")
    news = _news(cop, Audience(cop, audience), since, as_of, include_contacts, w)
    summary = _summary(cop, news, since, as_of)
    # record text enters the templates here: escaped once, for every format
    return printable_tree({
        "cop": {"name": cop.name},
        "lang": w.language.tag,
        "title": title or default_title(cop.name, since, as_of, w.language),
        "since": w.day(since),
        "until": w.day(as_of),
        "period_text": range_text(since, as_of, w.language),
        "audience": audience,
        "summary": summary,
        "summary_text": _summary_text(summary, w),
        "meetings": news.meetings,
        "practices": news.practices,
        "practices_members_only": news.members_only,
        "welcomed": news.welcomed,
        "welcomed_others": news.welcomed_others,
        "welcomed_text": w.credit([n["name"] for n in news.welcomed], news.welcomed_others),
        "stories": news.stories,
        "coming": news.coming,
        "coming_days": COMING_DAYS,
        "due": news.due,
        "due_days": DUE_DAYS,
        "notes": _notes(news, until, today, w),
        "privacy": _privacy_note(audience, include_contacts, w),
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
          include_contacts: bool, w: Words) -> _News:
    topics = cop.topic_index()
    meetings = [_meeting(m, viewer, topics, w)
                for m in sorted(cop.meetings, key=lambda m: (m.date, m.id))
                if since <= m.date <= as_of]
    practices, members_only, undated = _practices(cop, viewer, topics, since, as_of, w)
    welcomed, others = _welcomed(cop, viewer, since, as_of, include_contacts, w)
    stories = [_story(st, viewer, cop, w)
               for st in sorted(cop.stories, key=lambda x: (x.date, x.id))
               if since <= st.date <= as_of]
    news = _News(meetings, practices, members_only, welcomed, others, stories,
                 _coming(cop, viewer, topics, as_of, w), _due(cop, viewer, since, as_of, w))
    if undated:  # for the person making it: in English, as the CLI's messages
        what = "1 practice" if undated == 1 else f"{undated} practices"
        news.editor.append(f"{what} without an 'added' date could not be placed in time: add "
                           "the date to include them in newsletters")
    return news


def _practices(cop: Cop, viewer: Audience, topics: dict[str, s.Topic], since: _dt.date,
               as_of: _dt.date, w: Words) -> tuple[list[dict[str, Any]], int, int]:
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
        practices.append(_practice(p, viewer, topics, w))
    return practices, members_only, undated


def _welcomed(cop: Cop, viewer: Audience, since: _dt.date, as_of: _dt.date,
              include_contacts: bool, w: Words) -> tuple[list[dict[str, Any]], int]:
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
        welcomed.append(_welcome(mb, include_contacts, viewer.audience, w))
    return welcomed, others


def _summary(cop: Cop, news: _News, since: _dt.date, as_of: _dt.date) -> dict[str, int]:
    return {"meetings": len(news.meetings),
            "attendances": sum(m["attendees"] for m in news.meetings),
            "people": len({a for m in cop.meetings if since <= m.date <= as_of
                           for a in m.attendees}),
            "practices": len(news.practices) + news.members_only,
            "members": len(news.welcomed) + news.welcomed_others,
            "stories": len(news.stories)}


def _notes(news: _News, until: _dt.date, today: _dt.date, w: Words) -> list[str]:
    notes = []
    if until > today:
        notes.append(w.gettext("This newsletter covers the days up to today, %(day)s.")
                     % {"day": w.day(today)["text"]})
    if news.members_only:
        notes.append(w.count_words(news.members_only,
                              "%(n)s new practice shared with members only is not listed here.",
                              "%(n)s new practices shared with members only are not listed "
                              "here."))
    return notes


def default_title(name: str, since: _dt.date, until: _dt.date,
                  lang: Language | str | None = None) -> str:
    w = Words(lang)
    return w.gettext("%(name)s: news from %(days)s") % {
        "name": name, "days": range_text(since, until, w.language)}


def _summary_text(s: dict[str, int], w: Words) -> str:
    parts = []
    if s["meetings"]:
        meetings = w.count_words(s["meetings"], "%(n)s meeting", "%(n)s meetings")
        if s["people"]:
            meetings = w.count_words(s["people"], "%(meetings)s with %(n)s member taking part",
                                "%(meetings)s with %(n)s members taking part",
                                meetings=meetings)
        parts.append(meetings)
    if s["practices"]:
        parts.append(w.count_words(s["practices"], "%(n)s new practice", "%(n)s new practices"))
    if s["members"]:
        parts.append(w.count_words(s["members"], "%(n)s new member", "%(n)s new members"))
    if s["stories"]:
        parts.append(w.count_words(s["stories"], "%(n)s story of value", "%(n)s stories of value"))
    if not parts:
        return w.gettext("No meetings, practices, new members or stories were recorded in "
                         "this period.")
    text = parts[0] if len(parts) == 1 else w.gettext("%(list)s and %(last)s") % {
        "list": ", ".join(parts[:-1]), "last": parts[-1]}
    return text[0].upper() + text[1:] + "."


def _meeting(m: s.Meeting, viewer: Audience, topics: dict[str, s.Topic],
             w: Words) -> dict[str, Any]:
    guests = [{"name": g.name, "organisation": g.organisation or ""} for g in m.guests] \
        if aud.members_only(viewer.audience) else []
    return {
        "id": m.id,
        "date": w.day(m.date),
        "title": m.title,
        "format": m.format or "",
        "format_text": w.code(MEETING_FORMATS, m.format),
        "facilitator": viewer.name(m.facilitator),
        "attendees": len(set(m.attendees)),
        "guests": guests,
        "guests_count": len(m.guests),
        "topics": [topics[t].title for t in m.topics if t in topics],
        "decisions": list(m.decisions),
    }


def _practice(p: s.Practice, viewer: Audience, topics: dict[str, s.Topic],
              w: Words) -> dict[str, Any]:
    kind = p.kind or ""
    return {
        "id": p.id,
        "title": p.title,
        "kind": kind,
        "kind_text": w.code(PRACTICE_KINDS, kind),
        "status": p.status,
        "status_text": w.code(PRACTICE_STATUS, p.status, p.status),
        "added": w.day(p.added) if p.added else None,
        "credit": _credit(viewer.credit(list(p.contributors)), w),
        "summary": p.summary or "",
        "topics": [topics[t].title for t in p.topics if t in topics],
        "external": p.source == "external",
    }


def _credit(credit: dict[str, Any], w: Words) -> dict[str, Any]:
    return dict(credit, text=w.credit(list(credit["names"]), int(credit["others"])))


def _welcome(mb: s.Member, include_contacts: bool, audience: str, w: Words) -> dict[str, Any]:
    contact = None
    if include_contacts and aud.may_list_contacts(mb, audience):
        contact = {"email": mb.email or "", "phone": mb.phone or "",
                   "preferred_channel": mb.preferred_channel or ""}
    assert mb.joined is not None
    return {"name": mb.name, "organisation": mb.organisation or "",
            "country": mb.country or "", "joined": w.day(mb.joined),
            "interests": list(mb.interests), "contact": contact}


def _story(st: s.Story, viewer: Audience, cop: Cop, w: Words) -> dict[str, Any]:
    stage = st.cycles.furthest()
    goals = {g.id: g.statement for g in (cop.charter.goals if cop.charter else [])}
    return {
        "id": st.id,
        "title": st.title,
        "date": w.day(st.date),
        "teller": viewer.name(st.member),
        "stage": stage or "",
        "stage_text": w.code(STORY_STAGES, stage),
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
            as_of: _dt.date, w: Words) -> list[dict[str, Any]]:
    """Sessions, planned meetings and activities in the COMING_DAYS after `as_of`."""
    end = as_of + _dt.timedelta(days=COMING_DAYS)
    items: list[dict[str, Any]] = []
    planned: set[tuple[_dt.date, str]] = set()
    for m in cop.meetings:
        if as_of < m.date <= end:
            items.append({"date": w.day(m.date), "kind": "meeting", "what": m.title,
                          "topics": [topics[t].title for t in m.topics if t in topics],
                          "lead": viewer.name(m.facilitator)})
            planned.update((m.date, t) for t in m.topics)
    for t in cop.agenda.topics:
        if t.status == "dropped":
            continue
        for day in sorted(set(t.sessions)):
            if as_of < day <= end and (day, t.id) not in planned:
                items.append({"date": w.day(day), "kind": "session", "what": t.title,
                              "topics": [], "lead": viewer.name(t.lead)})
    for a in cop.activities:
        if a.start is not None and as_of < a.start <= end and \
                a.status in ("planned", "under-way"):
            items.append({"date": w.day(a.start), "kind": "activity", "what": a.title,
                          "topics": [topics[x].title for x in a.topics if x in topics],
                          "lead": viewer.name(a.owner),
                          "activity": w.code(ACTIVITY_KINDS, a.kind, w.gettext("activity"))})
    items.sort(key=lambda i: (i["date"]["iso"], ("meeting", "session", "activity")
                              .index(i["kind"]), i["what"]))
    for i in items:
        i.setdefault("activity", "")
    return items


def _due(cop: Cop, viewer: Audience, since: _dt.date,
         as_of: _dt.date, w: Words) -> list[dict[str, Any]]:
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
                            "due": w.day(a.due), "overdue": a.due <= as_of,
                            "meeting": m.title, "meeting_date": w.day(m.date)})
    out.sort(key=lambda x: (x["due"]["iso"], x["meeting_date"]["iso"], x["action"]))
    return out


AUDIENCES = {"public": N_("For the public: members who have not agreed to be named in public "
                         "are counted but not named, and practices shared with members only "
                         "are left out."),
             "sponsor": N_("For the sponsor: members who have not agreed to be named in "
                          "public are counted but not named, and practices shared with "
                          "members only are left out.")}


def _privacy_note(audience: str, include_contacts: bool, w: Words) -> str:
    if aud.members_only(audience):
        text = w.gettext("For members of the community.")
    else:
        text = w.gettext(AUDIENCES.get(audience, AUDIENCES["public"]))
    if include_contacts:
        text += " " + w.gettext("New members' contact details are shown when they agreed to "
                                "be in the directory.")
    return text



# ---------------------------------------------------------------- output
def default_out(fmt: str, context: dict[str, Any], cwd: Path | None = None) -> Path:
    """Where HTML, PDF and email go without --out: newsletter-<last day>.<ext> in the current
    folder (.eml for email)."""
    extension = {"email": "eml"}.get(fmt, fmt)
    return (cwd or Path.cwd()) / f"newsletter-{context['until']['iso']}.{extension}"


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
