"""Full-text search that works from the folder (file://) and on any static host: the index is
built here into `assets/search-index.js` (a script that sets one variable, loaded with a
`<script>` tag: browsers refuse `fetch()` of a file:// address, which Pagefind's loader needs)
and `assets/search.js`, a small script of copkit's, matches every word of the query
(accents and case ignored) against each entry's title and text.

Each entry: title, address, kind, and the text searched (a practice's summary and topics, a
meeting's decisions, a story's quote; the first SNIPPET characters of each).
"""

from __future__ import annotations

import json
from typing import Any

from copkit.site.context import Page, Site

SNIPPET = 300


def pages(site: Site) -> list[Page]:
    return [Page("search.html", "search.html.j2", {})]


def index_script(entries: list[dict[str, Any]]) -> str:
    """The script defining the index; `</` is written `<\\/` so no text ends the script."""
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return "window.COPKIT_INDEX=" + data.replace("</", "<\\/") + ";\n"


def entries(site: Site) -> list[dict[str, Any]]:
    """The index; each entry's kind (shown beside a result) and a practice's kind and status
    in the site's language."""
    words = site.words
    out: list[dict[str, Any]] = []
    for p in site.practices:
        topics = " ".join(site.topics[t].title for t in p.topics if t in site.topics)
        out.append(_entry(p.title, f"practices/{p.id}.html", words.gettext("practice"),
                          f"{p.summary or ''} {topics} {site.kind_text(p.kind)} "
                          f"{site.status_text(p.status)}"))
    for m in site.meetings:
        out.append(_entry(m.title, f"meetings/{m.id}.html", words.gettext("meeting"),
                          " ".join(site.viewer.other(d) for d in m.decisions)))
    for st in site.stories:
        stage = st.cycles.furthest()
        out.append(_entry(st.title, f"stories/{st.id}.html", words.gettext("story"),
                          str(getattr(st.cycles, stage) or "") if stage else ""))
    for t in site.cop.agenda.topics:
        out.append(_entry(t.title, "agenda.html", words.gettext("topic"), " ".join(t.questions)))
    return out


def _entry(title: str, url: str, kind: str, text: str) -> dict[str, Any]:
    from copkit.text import printable

    words = " ".join(text.split())
    return {"t": printable(title), "u": url, "k": kind, "x": printable(words[:SNIPPET])}
