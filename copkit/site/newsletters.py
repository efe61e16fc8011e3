"""The newsletters archive: each newsletter recorded in the charter (`copkit newsletter
--record`) made again for the site's audience by `copkit.output.newsletter`, one page each."""

from __future__ import annotations

import datetime as _dt

from copkit.output.newsletter import build_newsletter
from copkit.site.context import Page, Site, day


def pages(site: Site) -> list[Page]:
    charter = site.cop.charter
    recorded = sorted(charter.newsletters if charter else [], key=lambda n: n.date,
                      reverse=True)
    listing = []
    out = []
    dates = sorted(n.date for n in recorded)
    for n in recorded:
        earlier = [d for d in dates if d < n.date]
        first = n.since or (earlier[-1] + _dt.timedelta(days=1) if earlier
                            else n.date - _dt.timedelta(days=30))
        if first > n.date or n.date > site.today:
            continue
        news = build_newsletter(site.cop, first, n.date, site.audience, False, site.today,
                                title=n.title, lang=site.language)
        news.pop("editor_notes", None)
        path = f"newsletters/{n.date.isoformat()}.html"
        listing.append({"title": news["title"], "date": day(n.date), "since": day(first),
                        "url": path, "summary": news["summary_text"]})
        out.append(Page(path, "newsletter.html.j2", {"news": news}))
    return [Page("newsletters/index.html", "newsletters.html.j2", {"newsletters": listing}),
            *out]
