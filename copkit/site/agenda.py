"""The learning agenda: its topics, their status, questions and sessions, and the meetings that
discussed them."""

from __future__ import annotations

from copkit.site.context import Page, Site, day, meeting_url

STATUS_ORDER = ("in-progress", "planned", "covered", "dropped")
MEETINGS_SHOWN = 6  # the latest meetings of a topic; the others are counted (page size)


def pages(site: Site) -> list[Page]:
    held: dict[str, list[dict[str, str]]] = {}
    for m in reversed(site.meetings):  # oldest first
        for tid in m.topics:
            held.setdefault(tid, []).append({"title": m.title, "date": day(m.date),
                                           "url": meeting_url(m.id)})
    words = _status_words(site)
    topics = []
    for t in sorted(site.cop.agenda.topics,
                    key=lambda t: (STATUS_ORDER.index(t.status), t.title.casefold())):
        topics.append({"id": t.id, "title": t.title, "status": t.status,
                       "status_text": words.get(t.status, t.status),
                       "questions": list(t.questions),
                       "lead": site.viewer.name(t.lead) or "",
                       "sessions": [day(d) for d in sorted(set(t.sessions))],
                       "meetings": held.get(t.id, [])[-MEETINGS_SHOWN:],
                       "more": max(0, len(held.get(t.id, [])) - MEETINGS_SHOWN)})
    return [Page("agenda.html", "agenda.html.j2", {"topics": topics})]


def _status_words(site: Site) -> dict[str, str]:
    """A topic's status in words, in the site's language (the context tells them from the
    report's "planned" meetings)."""
    catalog = site.words.catalog
    return {"in-progress": catalog.pgettext("topic status", "in progress"),
            "planned": catalog.pgettext("topic status", "planned"),
            "covered": catalog.pgettext("topic status", "covered"),
            "dropped": catalog.pgettext("topic status", "dropped")}
