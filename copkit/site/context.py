"""What every page of the site shares: the CoP as the audience sees it (`Site`), a page
(`Page`), links between pages, dates and lists cut into pages of a listing."""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from copkit.output import audience as aud
from copkit.output.audience import Audience

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.indicators import History
    from copkit.model import schemas as s
    from copkit.model.load import Cop
    from copkit.output.calendar import Event

PER_PAGE = 60  # items of a listing page: 1,000 practices make 17 pages of ~15 KB
LATEST = 5     # practices and stories on the home page
NEXT = 5       # coming events on the home page


@dataclass
class Page:
    """One file of the site: its path in the site folder, its template and context."""
    path: str
    template: str
    context: dict[str, Any]
    title: str = ""


@dataclass
class Site:
    """The CoP as one audience sees it, for the page modules."""
    cop: Cop
    audience: str
    today: _dt.date
    lang: str = "en"
    include_contacts: bool = False
    history: History | None = None
    report: dict[str, Any] | None = None  # the report's data (the JSON of `copkit report`)
    files: dict[str, str] = field(default_factory=dict)  # attached file -> its path in the site
    language: Language | None = None  # the language of `lang` (English when None)

    @functools.cached_property
    def events(self) -> list[Event]:
        """The calendar's events as this audience sees them, in the site's language: made
        once for the home page's coming events and calendar.ics."""
        from copkit.output.calendar import events

        return events(self.cop, self.audience, self.language)

    def __post_init__(self) -> None:
        from copkit.output.newsletter import Words

        # copkit's words on the pages, the newsletter's way: the records' codes (a meeting's
        # format, a practice's kind) through Words.code, in the site's language
        self.words = Words(self.language or self.lang)
        self.viewer = Audience(self.cop, self.audience)
        self.topics = self.cop.topic_index()
        self.practices = sorted((p for p in self.cop.practices
                                 if aud.may_see_practice(p, self.audience)),
                                key=lambda p: (p.added or _dt.date.min, p.id), reverse=True)
        self.visible = {p.id: p for p in self.practices}
        self.meetings = sorted(self.cop.meetings, key=lambda m: (m.date, m.id), reverse=True)
        self.stories = sorted(self.cop.stories, key=lambda st: (st.date, st.id), reverse=True)

    @property
    def members_only(self) -> bool:
        return aud.members_only(self.audience)

    def format_text(self, code: str | None) -> str:
        """A meeting's format in words ("online meeting", "reunión en línea")."""
        from copkit.output.newsletter import MEETING_FORMATS

        return self.words.code(MEETING_FORMATS, code)

    def kind_text(self, code: str | None) -> str:
        """A practice's kind in words ("case study", "estudio de caso")."""
        from copkit.output.newsletter import PRACTICE_KINDS

        return self.words.code(PRACTICE_KINDS, code)

    def status_text(self, status: str) -> str:
        """A practice's status as the report names it in its tables ("tested", "probada")."""
        return self.words.gettext(status) if status else ""

    def topic_titles(self, ids: list[str]) -> list[dict[str, str]]:
        return [{"id": t, "title": self.topics[t].title} for t in ids if t in self.topics]

    def practice_links(self, ids: list[str]) -> list[dict[str, str]]:
        return [{"title": self.visible[p].title, "url": practice_url(p)} for p in ids
                if p in self.visible]


def meeting_url(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.html"


def practice_url(practice_id: str) -> str:
    return f"practices/{practice_id}.html"


def story_url(story_id: str) -> str:
    return f"stories/{story_id}.html"


def day(value: _dt.date | None) -> str:
    """A date as the templates get it: ISO (the `date` filter words it in the language)."""
    return value.isoformat() if value else ""


def paged(base: str, items: list[Any]) -> list[tuple[str, list[Any], dict[str, Any]]]:
    """`items` cut into listing pages: (path, items, pager) with `base.html` first, then
    `base-2.html`...; the pager holds the page's number, the count and the neighbours."""
    chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
    name = base.rsplit("/", 1)[-1]

    def path(n: int) -> str:
        return f"{base}.html" if n == 1 else f"{base}-{n}.html"

    out = []
    for n, chunk in enumerate(chunks, 1):
        pager = {"number": n, "count": len(chunks), "total": len(items),
                 "previous": path(n - 1).rsplit("/", 1)[-1] if n > 1 else "",
                 "next": path(n + 1).rsplit("/", 1)[-1] if n < len(chunks) else "",
                 "name": name}
        out.append((path(n), chunk, pager))
    return out


def meeting_summary(site: Site, m: s.Meeting) -> dict[str, Any]:
    return {"id": m.id, "url": meeting_url(m.id), "title": m.title, "date": day(m.date),
            "format": m.format or "", "format_text": site.format_text(m.format),
            "attendance": len(set(m.attendees)) + len(m.guests)}


def practice_summary(site: Site, p: s.Practice) -> dict[str, Any]:
    return {"id": p.id, "url": practice_url(p.id), "title": p.title, "kind": p.kind or "",
            "kind_text": site.kind_text(p.kind), "status": p.status,
            "status_text": site.status_text(p.status), "added": day(p.added),
            "summary": p.summary or "", "topics": site.topic_titles(list(p.topics))}


def story_summary(site: Site, st: s.Story) -> dict[str, Any]:
    stage = st.cycles.furthest()
    return {"id": st.id, "url": story_url(st.id), "title": st.title, "date": day(st.date),
            "stage": stage or "", "teller": site.viewer.name(st.member) or "",
            "quote": str(getattr(st.cycles, stage) or "").strip() if stage else ""}
