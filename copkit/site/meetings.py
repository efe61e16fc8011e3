"""The meetings archive: listing pages (newest first) and one page per meeting with its date,
format, topics, decisions, actions (owners named as the audience may see them) and how many
attended. Who attended is listed for the members only (`audience.may_list_attendees`)."""

from __future__ import annotations

from typing import Any

from copkit.model import schemas as s
from copkit.output import audience as aud
from copkit.site.context import Page, Site, day, meeting_summary, paged


def pages(site: Site) -> list[Page]:
    out = [Page(path, "meetings.html.j2", {"meetings": [meeting_summary(site, m)
                                                        for m in chunk],
                                           "pager": pager})
           for path, chunk, pager in paged("meetings/index", list(site.meetings))]
    out.extend(Page(f"meetings/{m.id}.html", "meeting.html.j2", _meeting(site, m))
               for m in site.meetings)
    return out


def _meeting(site: Site, m: s.Meeting) -> dict[str, Any]:
    viewer = site.viewer
    listed = aud.may_list_attendees(site.audience)
    place, link = m.location or "", ""
    if place and aud.is_link(place):
        link = place if aud.may_see_link(site.audience) else ""
        place = ""
    return {
        "meeting": {
            "id": m.id, "title": m.title, "date": day(m.date), "time": m.time or "",
            "format": m.format or "", "format_text": site.format_text(m.format),
            "place": place, "link": link,
            "online_hidden": bool(m.location) and not place and not link,
            "minutes": m.duration_minutes,
            "facilitator": viewer.name(m.facilitator) or "",
            "topics": site.topic_titles(list(m.topics)),
            "notes": (m.notes or "") if aud.may_read_notes(site.audience) else "",
            "decisions": [viewer.other(d) for d in m.decisions],
            "actions": [{"action": viewer.other(a.action), "owner": viewer.name(a.owner) or "",
                         "due": day(a.due), "done": day(a.done)} for a in m.actions],
            "attendance": len(set(m.attendees)),
            "guests_count": len(m.guests),
            "attendees": sorted(n for n in (viewer.name(a) for a in dict.fromkeys(m.attendees))
                                if n) if listed else [],
            "guests": [{"name": g.name, "organisation": g.organisation or ""}
                       for g in m.guests] if listed else [],
            "knowledge": site.practice_links(list(m.knowledge)),
        }
    }
