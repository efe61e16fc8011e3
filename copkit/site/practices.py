"""The practice library: listing pages of every practice the audience may see, filtered by kind,
status and topic (one listing each, so the filters work without a script and from the
folder), and one page per practice with its kind, status and history (added as a draft, the
status changes git recorded, the adoptions), its files, its links and its contributors
(credited as the audience may see them)."""

from __future__ import annotations

from typing import Any

from copkit.model import schemas as s
from copkit.site.context import Page, Site, day, meeting_url, paged, practice_summary


def pages(site: Site) -> list[Page]:
    summaries = [practice_summary(site, p) for p in site.practices]
    filters = _filters(site)
    out = []
    groups: list[tuple[str, dict[str, str], str, list[dict[str, Any]]]] = [
        ("", {"id": "", "title": ""}, "index", summaries)]
    for key, values in (("kind", filters["kinds"]), ("status", filters["statuses"]),
                        ("topic", filters["topics"])):
        for v in values:
            chosen = [x for x, p in zip(summaries, site.practices, strict=True)
                      if _has(p, key, v["id"])]
            groups.append((key, v, f"{key}-{v['id']}", chosen))
    for key, value, base, items in groups:
        for path, chunk, pager in paged(f"practices/{base}", items):
            out.append(Page(path, "practices.html.j2",
                            {"practices": chunk, "pager": pager, "filters": filters,
                             "chosen": {"key": key, "value": value["id"],
                                        "title": value["title"]}}))
    discussed: dict[str, list[dict[str, str]]] = {}
    for m in reversed(site.meetings):  # oldest first
        for pid in dict.fromkeys(m.knowledge):
            discussed.setdefault(pid, []).append(
                {"title": m.title, "date": day(m.date), "url": meeting_url(m.id)})
    out.extend(Page(f"practices/{p.id}.html", "practice.html.j2",
                    _practice(site, p, discussed.get(p.id, [])))
               for p in site.practices)
    return out


def _has(p: s.Practice, key: str, value: str) -> bool:
    if key == "kind":
        return p.kind == value
    if key == "status":
        return p.status == value
    return value in p.topics


def _filters(site: Site) -> dict[str, list[dict[str, Any]]]:
    kinds = sorted({p.kind for p in site.practices if p.kind})
    statuses = [st for st in ("draft", "tested", "evaluated")
                if any(p.status == st for p in site.practices)]
    used = {t for p in site.practices for t in p.topics}
    topics = [{"id": t.id, "title": t.title} for t in site.cop.agenda.topics if t.id in used]
    return {"kinds": [{"id": k, "title": site.kind_text(k)} for k in kinds],
            "statuses": [{"id": st, "title": site.status_text(st)} for st in statuses],
            "topics": topics}


def _practice(site: Site, p: s.Practice, discussed: list[dict[str, str]]) -> dict[str, Any]:
    credit = site.viewer.credit(list(p.contributors))
    return {"practice": {
        **practice_summary(site, p),
        "body": p.body or "",
        "source": p.source,
        "credit": {"names": credit["names"], "others": credit["others"]},
        "links": [link for link in p.links if _web(link)],
        "files": [{"name": f.rsplit("/", 1)[-1], "url": site.files[f]} for f in p.files
                  if f in site.files],
        "history": _history(site, p),
        "adoptions": [{"organisation": a.organisation, "date": day(a.date),
                       "evidence": site.viewer.other(a.evidence or "")}
                      for a in sorted(p.adoptions, key=lambda a: (day(a.date), a.organisation))],
        "discussed": discussed,
    }}


def _web(link: str) -> bool:
    """Only web addresses become links (a `javascript:` link in a record never does)."""
    return link.lower().startswith(("https://", "http://"))


def _history(site: Site, p: s.Practice) -> list[dict[str, str]]:
    """Added (as a draft, unless it came in at a later status), then each status change git
    recorded, oldest first."""
    out: list[dict[str, str]] = []
    changes = site.history.statuses.events.get(p.id, []) if site.history and \
        site.history.statuses else []
    if p.added:
        first = changes[0].after if changes and changes[0].before is None else None
        out.append({"date": day(p.added), "status": first or "draft", "event": "added"})
    for c in changes:
        if c.before is not None and c.after is not None and c.before != c.after:
            out.append({"date": day(c.day), "status": c.after, "event": "changed"})
    if not out or out[-1]["status"] != p.status:
        out.append({"date": "", "status": p.status, "event": "now"})
    return [{**h, "status_text": site.status_text(h["status"])} for h in out]
