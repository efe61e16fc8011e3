"""The members directory: for the members' own site only (`--audience members`), listing only
the members who agreed to be in it (`consent.directory`, `audience.in_directory`); their
contact details only with `--include-contacts`."""

from __future__ import annotations

from copkit.output import audience as aud
from copkit.site.context import Page, Site


def pages(site: Site) -> list[Page]:
    if not aud.members_only(site.audience):
        return []
    listed = []
    for m in sorted(site.cop.members, key=lambda m: (site_key(m.name), m.id)):
        if not m.is_member_on(site.today) or not aud.in_directory(m, site.audience):
            continue
        contact = None
        if site.include_contacts and aud.may_list_contacts(m, site.audience):
            contact = {"email": m.email or "", "phone": m.phone or "",
                       "channel": m.preferred_channel or ""}
        listed.append({"name": m.name, "organisation": m.organisation or "",
                       "country": m.country or "", "roles": list(m.roles),
                       "interests": list(m.interests), "expertise": list(m.expertise),
                       "contact": contact})
    return [Page("members.html", "members.html.j2", {"members": listed})]


def site_key(name: str) -> str:
    from copkit.text import fold

    return fold(name)
