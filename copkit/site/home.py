"""The home page: the CoP's name, domain and purpose, its goals with their evidence (the stories
that name them), what comes next, the latest practices and stories."""

from __future__ import annotations

from copkit.site.context import (
    LATEST,
    NEXT,
    Page,
    Site,
    day,
    meeting_url,
    practice_summary,
    story_summary,
    story_url,
)


def pages(site: Site) -> list[Page]:
    charter = site.cop.charter
    goals = []
    for g in (charter.goals if charter else []):
        evidence = [{"title": st.title, "url": story_url(st.id)} for st in site.stories
                    if g.id in st.goals]
        goals.append({"id": g.id, "statement": g.statement, "indicator": g.indicator or "",
                      "target": g.target or "", "evidence": evidence})
    coming = [{"date": day(e.day), "time": e.time or "", "title": e.title, "kind": e.kind,
               "place": e.place,
               "url": meeting_url(e.record) if e.kind == "meeting" else ""}
              for e in site.events if e.day >= site.today][:NEXT]
    context = {
        "domain": (charter.domain.statement or "") if charter else "",
        "purpose": (charter.purpose or "") if charter else "",
        "stage": (charter.stage or "") if charter else "",
        "goals": goals,
        "coming": coming,
        "practices": [practice_summary(site, p) for p in site.practices[:LATEST]],
        "stories": [story_summary(site, st) for st in site.stories[:LATEST]],
        "counts": {"members": sum(1 for m in site.cop.members
                                  if m.is_member_on(site.today)),
                   "meetings": sum(1 for m in site.cop.meetings if m.date <= site.today),
                   "practices": len(site.practices), "stories": len(site.stories)},
    }
    return [Page("index.html", "home.html.j2", context)]
