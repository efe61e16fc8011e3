"""What each audience sees: the one place that decides, for the report and the newsletter,
who is named, whose contact details are shown and what is left out.

- "members" (the default): every member is named;
- "public" or "sponsor": only members whose `consent.public` is true are named (the report
  counts the others: a table of people leaves their rows out and says how many, a story's
  teller is "a member", a list in a sentence ends "2 other members (not named here)"; the
  newsletter counts them); ids of members in
  sentences and tables are replaced likewise; guests of meetings are counted, not named;
  practices whose `visibility` is "members" are left out; the public (not the sponsor) does
  not see budgets;
- contact details (email, phone, preferred channel) only when asked for (`--include-contacts`),
  and then only of members who agreed to be in the directory (`consent.directory`) and may be
  named;
- the titles of members-only practices never reach another audience, not even in a table of
  another indicator (`Audience.practices`);
- who attended a meeting (attendees, guests) is a list for the members; others see how many
  came (`may_list_attendees`); the link of an online meeting (a video call) is for the members
  too (`may_see_link`), the place of a meeting for everyone; so are a meeting's notes, free
  text that names people as written (`may_read_notes`);
- the members directory (the site's) is for the members only, and lists only members who
  agreed to be in it (`in_directory`).

The site (`copkit site`) and the calendar (`copkit calendar`) follow these same rules.

A document applies these rules while it builds its template context, so no template can show
what it was never given.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from copkit.errors import UsageError
from copkit.i18n import N_

if TYPE_CHECKING:
    from copkit.model import schemas as s
    from copkit.model.load import Cop

AUDIENCES = ("members", "public", "sponsor")
WITHHELD = N_("(name withheld)")
# a member the audience may not name, in a row that stays for what else it holds (a story's
# teller beside its title): `Audience.table_rows`
ANONYMOUS = N_("a member")
MORE = " and %(n)s more"  # the end of a capped list (copkit.i18n.msg.capped)
# a whole word of an id's characters (and other letters), not part of a longer one
_WORD = re.compile(r"(?<![\w-])[\w-]+(?![\w-])")
# a list of two or more such words ("ana, luis, rosa"), as health evidence lists members, each
# perhaps with a count ("ana 3, luis 2": who facilitated how many meetings)
_LIST = re.compile(r"(?<![\w-])[\w-]+(?: \d+)?(?:, [\w-]+(?: \d+)?)+(?![\w-])")
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S")


def check(audience: str) -> None:
    """Refuse an audience that is not one of AUDIENCES."""
    if audience not in AUDIENCES:
        raise UsageError(f"--audience '{audience}' is not one of {', '.join(AUDIENCES)}")


def may_name(member: s.Member, audience: str) -> bool:
    """Whether `audience` may see the member's name."""
    return audience == "members" or member.consent.public


def may_list_contacts(member: s.Member, audience: str) -> bool:
    """Whether `audience` may see the member's contact details (when they were asked for)."""
    return member.consent.directory and may_name(member, audience)


def members_only(audience: str) -> bool:
    """Whether the audience is the members themselves (guests named, members-only practices
    and the per-member table shown)."""
    return audience == "members"


def may_see_practice(practice: s.Practice, audience: str) -> bool:
    return members_only(audience) or practice.visibility == "public"


def may_see_budget(audience: str) -> bool:
    """A sponsor sees the money; the public sees the activities."""
    return audience != "public"


def may_list_attendees(audience: str) -> bool:
    """Whether the audience sees who attended a meeting (else only how many)."""
    return members_only(audience)


def may_read_notes(audience: str) -> bool:
    """Whether the audience reads a meeting's notes: free text that names people as the
    note-taker wrote them (no id to withhold), so for the members only; others see the
    decisions, as in the newsletter."""
    return members_only(audience)


def may_see_link(audience: str) -> bool:
    """Whether the audience sees the link of an online meeting (a video call's address)."""
    return members_only(audience)


def in_directory(member: s.Member, audience: str) -> bool:
    """Whether the member is listed in the members directory: for the members only, and only
    those who agreed to be in it."""
    return members_only(audience) and member.consent.directory


def is_link(text: str) -> bool:
    """Whether a place is an address on the web (a video call's link), not a venue."""
    return bool(_LINK.search(text))


class Audience:
    """The members of a CoP as one audience may see them."""

    def __init__(self, cop: Cop, audience: str, lang: object = None) -> None:
        """`lang`: the language of the words this adds ("1 practice shared with members
        only"), a Language or code; None: English."""
        self.audience = audience
        self.lang = lang
        self.withheld = WITHHELD if lang is None else _translated(WITHHELD, lang)
        self.anonymous = ANONYMOUS if lang is None else _translated(ANONYMOUS, lang)
        self.members = cop.member_index()
        # titles of the practices this audience may not see (none for the members)
        self.hidden_titles = frozenset(
            p.title for p in cop.practices if not may_see_practice(p, audience))

    def named(self, member_id: str) -> bool:
        """Whether the member may be named (an unknown id never is)."""
        m = self.members.get(member_id)
        return m is not None and may_name(m, self.audience)

    def name(self, member_id: str | None) -> str | None:
        """The member's name, or None when it may not be shown (or the id is unknown)."""
        if member_id is None or not self.named(member_id):
            return None
        return self.members[member_id].name

    def shown(self, member_id: str) -> str:
        """What stands for the member in a table: the name, WITHHELD, or an unknown id."""
        if member_id not in self.members:
            return member_id
        return self.name(member_id) or self.withheld

    def text(self, value: str) -> str:
        """Member ids in a sentence (health evidence) replaced by what may be shown: each
        whole word of letters, digits and hyphens that is a member's id. (A pattern naming
        every id took 1.2 s and 120 MB to compile for 126,000 members.)"""
        if not self.members:
            return value
        members = self.members
        return _WORD.sub(lambda m: self.shown(m[0]) if m[0] in members else m[0], value)

    def counted(self, value: str, lang: object = None) -> str:
        """`text` for a sentence that lists members (`ana, luis, rosa`): for a sponsor or the
        public the members it may not name are left out of each list and counted at its end
        (`ana, 2 other members (not named here)`, :func:`withheld_words` in ``lang``) rather
        than listed as "(name withheld)" one by one (#16)."""
        if members_only(self.audience) or not self.members:
            return self.text(value)

        def one(m: re.Match[str]) -> str:
            words = m["list"].split(", ")
            hidden = [w for w in words if (i := w.split(" ")[0]) in self.members
                      and not self.named(i)]
            if not hidden:
                return m[0]
            shown = [w for w in words if w not in hidden]
            # a capped list's " and N more" (copkit.i18n.msg.capped) joins the count: none of
            # them is named here either
            more = int(re.sub(r"\D", "", m["more"])) if m["more"] else 0
            return ", ".join([*shown, withheld_words(len(hidden) + more, lang)])

        return self.text(_listed(lang).sub(one, value))

    def other(self, value: str) -> str:
        """Text outside a person column: for the members as it is, else with member ids
        replaced (`text`)."""
        return value if members_only(self.audience) else self.text(value)

    def practices(self, value: str) -> str:
        """A table cell listing practice titles (`A; B`) with those the audience may not see
        left out and counted: `A; 1 practice shared with members only`."""
        if not self.hidden_titles:
            return value
        titles = value.split("; ")
        shown = [t for t in titles if t not in self.hidden_titles]
        hidden = len(titles) - len(shown)
        if hidden:
            from copkit.i18n import translations

            catalog = translations(self.lang)  # type: ignore[arg-type]
            shown.append(catalog.ngettext("%(num)d practice shared with members only",
                                          "%(num)d practices shared with members only",
                                          hidden) % {"num": hidden})
        return "; ".join(shown)

    def withheld_rows(self, rows: list[list[str]], person: list[int]
                      ) -> tuple[list[list[str]], int]:
        """A table's rows for this audience (#16): a row whose person cells (columns
        ``person``, member ids) all name members it may not see is left out and counted, so
        a sponsor reads "4 other members (not named here)" (:func:`withheld_words`) rather
        than rows of "(name withheld)". Returns the rows kept, ids as they are, and the
        count. For the members every row is kept."""
        if members_only(self.audience) or not person:
            return rows, 0
        kept = [r for r in rows if any(self.named(r[n]) or r[n] not in self.members
                                       for n in person if n < len(r))]
        return kept, len(rows) - len(kept)

    def table_rows(self, rows: list[list[str]], person: list[int]
                   ) -> tuple[list[list[str]], int]:
        """A table's rows for this audience, its member ids (columns ``person``) as shown:
        the one rule for every table that names members (#16).

        - A table of people (a member its first column: top contributors, brokers): a row
          would say nothing but who the withheld member is and what they did, so it is left
          out and counted (:meth:`withheld_rows`; "4 other members (not named here)").
        - A table of something else (a story, an action; the member in a later column):
          the row stays, its other cells being what the reader needs (a story's title and
          what it achieved), and a member it may not name is "a member" (``ANONYMOUS`` in
          the audience's language), never a column of "(name withheld)".

        Returns the rows kept and how many were left out. For the members every row is kept
        and every name shown."""
        kept, left_out = self.withheld_rows(rows, person if 0 in person else [])
        return [[self._person(c, n) if n in person else c for n, c in enumerate(r)]
                for r in kept], left_out

    def _person(self, member_id: str, column: int) -> str:
        if column == 0 or member_id not in self.members or self.named(member_id):
            return self.shown(member_id)
        return self.anonymous

    def credit(self, member_ids: list[str]) -> dict[str, Any]:
        """Names that may be shown (in the order given, once each) and how many others."""
        names: list[str] = []
        others = 0
        for mid in dict.fromkeys(member_ids):
            shown = self.name(mid)
            if shown is None:
                others += 1
            else:
                names.append(shown)
        return {"names": names, "others": others, "text": credit_text(names, others)}


def credit_text(names: list[str], others: int) -> str:
    """`Ana, Luis and 2 other members`; `3 members`; '' for nobody."""
    parts = list(names)
    if others:
        word = "member" if others == 1 else "members"
        parts.append(f"{others} other {word}" if names else f"{others} {word}")
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _listed(lang: object) -> re.Pattern[str]:
    """A list of words (`_LIST`) and the " and N more" that may end it in ``lang``."""
    from copkit.i18n import translations

    more = translations(lang).gettext(MORE)  # type: ignore[arg-type]
    head, _, tail = more.partition("%(n)s")
    return re.compile(f"(?P<list>{_LIST.pattern})(?:{re.escape(head)}"
                      f"(?P<more>\\d[\\d.,\u00a0\u202f]*(?<=\\d)){re.escape(tail)})?")


def _translated(text: str, lang: object) -> str:
    from copkit.i18n import translations

    return translations(lang).gettext(text)  # type: ignore[arg-type]


def withheld_words(n: int, lang: object = None) -> str:
    """`4 other members (not named here)` in ``lang`` (a Language or code; None: English):
    what stands for the rows :meth:`Audience.withheld_rows` left out."""
    from copkit.i18n import translations

    catalog = translations(lang)  # type: ignore[arg-type]
    return catalog.ngettext("%(num)d other member (not named here)",
                            "%(num)d other members (not named here)", n) % {"num": n}
