"""Stories of value: a listing and one page per story, with its cycles of value creation (what
the teller said at each), the goals it is evidence for, and the teller when they may be
named."""

from __future__ import annotations

from copkit.site.context import Page, Site, paged, story_summary

CYCLES = ("immediate", "potential", "applied", "realized", "transformative")


def pages(site: Site) -> list[Page]:
    goals = {g.id: g.statement for g in (site.cop.charter.goals if site.cop.charter else [])}
    out = [Page(path, "stories.html.j2", {"stories": chunk, "pager": pager})
           for path, chunk, pager in paged("stories/index",
                                           [story_summary(site, st) for st in site.stories])]
    for st in site.stories:
        cycles = [{"cycle": c, "text": str(getattr(st.cycles, c) or "").strip()}
                  for c in CYCLES if getattr(st.cycles, c)]
        out.append(Page(f"stories/{st.id}.html", "story.html.j2", {"story": {
            **story_summary(site, st), "cycles": cycles,
            "goals": [goals[g] for g in st.goals if g in goals],
            "evidence": [site.viewer.other(e) for e in st.evidence
                         if not e.lower().startswith(("javascript:", "data:"))]}}))
    return out
