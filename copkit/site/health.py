"""The health scorecard and the headline figures, from the report's data (the context of
`copkit report`, whose JSON is `copkit report --format json`): the first figure of every
indicator of the last 12 months, and the scorecard's factors with their evidence."""

from __future__ import annotations

from typing import Any

from copkit.site.context import Page, Site


def pages(site: Site) -> list[Page]:
    report = site.report
    if report is None:
        return []
    figures = []
    for level in report["levels"]:
        for ind in level["indicators"]:
            shown = [f for f in ind["figures"] if f["has_data"]][:1]
            for f in shown:
                figures.append({"id": ind["id"], "title": ind["title"], "level": level["title"],
                                "label": f["label"], "value": f["value"],
                                "previous": f["previous"] if f["compared"] else "",
                                "judgement": f["judgement"], "arrow": f["arrow"]})
    context: dict[str, Any] = {"period": report["period"], "figures": figures,
                               "health": report["health"] or []}
    return [Page("health.html", "health.html.j2", context)]
