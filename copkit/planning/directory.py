"""Finding members: by a fragment of a name (the walk) or as a flag's value."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from copkit.planning.prompter import Prompter

MAX_MATCHES = 10


@dataclass
class Person:
    id: str
    name: str
    organisation: str = ""
    roles: tuple[str, ...] = ()
    key: str = ""

class Directory:
    """Current members, found by the one resolver (:mod:`copkit.records.people`): an id, an
    email, ``Name <email>``, a name, or a word or fragment of one (accents and case folded)."""

    def __init__(self, members: Sequence[Any]) -> None:
        from copkit.records.people import PeopleIndex
        from copkit.text import fold

        self.people: list[Person] = []
        for m in members:
            p = Person(m.id, str(m.name), str(m.organisation or ""), tuple(m.roles))
            p.key = f"{fold(p.name)} {p.id}"
            self.people.append(p)
        self.by_id = {p.id: p for p in self.people}
        self.index = PeopleIndex({"id": m.id, "name": str(m.name),
                                  "email": getattr(m, "email", None)} for m in members)

    def search(self, text: str) -> tuple[list[Person], bool]:
        """The people ``text`` may name, those starting with it first, and whether they are
        only close spellings (no member is named by it)."""
        from copkit.records.people import name_key
        from copkit.text import fold

        match = self.index.match(name=text)
        close = match.kind in ("possible", "none")
        ids = match.candidates if not close else list(dict.fromkeys(
            self.index.fragment_ids(name_key(text)) + [p.member_id for p in match.possible]))
        hits = [self.by_id[i] for i in ids if i in self.by_id]
        words = fold(text).split()

        def rank(p: Person) -> tuple[int, str]:
            starts = bool(words) and any(part.startswith(words[0]) for part in p.key.split())
            return (0 if p.id == text.strip() else 1 if starts else 2, p.name)

        return sorted(hits, key=rank), close


def show_person(p: Person) -> str:
    extra = f", {p.organisation}" if p.organisation else ""
    roles = f" [{', '.join(r for r in p.roles)}]" if p.roles else ""
    return f"{p.name} ({p.id}{extra}){roles}"


def english(message: str, **params: object) -> str:
    """copkit's words as written (the walk's ``WalkState._`` says them in its language)."""
    return message % params if params else message


def choose_member(prompter: Prompter, directory: Directory, question: str,
                  default: str | None = None, gettext: Callable[..., str] = english
                  ) -> Person | None:
    """Type part of a name or id, pick from at most ten matches; empty answer: None (or the
    default). Usable with a thousand members: it never lists them all. ``gettext`` says
    copkit's words (the walk passes its own, in the walk's language)."""
    shown: list[Person] = []
    while True:
        text = prompter.ask(question + gettext(" (type part of a name or id; empty to "
                                               "skip)"), default).strip()
        if not text:
            return None
        if text.isdigit() and shown and 1 <= int(text) <= len(shown):
            return shown[int(text) - 1]
        if text in directory.by_id:
            return directory.by_id[text]
        matches, close = directory.search(text)
        if not matches:
            prompter.say("  " + gettext("no current member matches '%(text)s'; try another "
                                        "part of the name (members are added in step 1)",
                                        text=text))
            shown = []
            continue
        if len(matches) == 1:  # confirmed, never taken silently
            only = matches[0]
            asked = (gettext("did you mean %(who)s?", who=show_person(only)) if close
                     else show_person(only) + "?")
            if prompter.confirm("  " + asked, True):
                return only
            shown = []
            continue
        if close:
            prompter.say("  " + gettext("no current member is called '%(text)s'; did you "
                                        "mean:", text=text))
        shown = matches[:MAX_MATCHES]
        for i, p in enumerate(shown, start=1):
            prompter.say(f"  {i}. {show_person(p)}")
        if len(matches) > MAX_MATCHES:
            prompter.say("  " + gettext("... and %(n)s more: type more of the name to narrow "
                                        "the list", n=len(matches) - MAX_MATCHES))
        prompter.say("  " + gettext("type a number from 1 to %(n)s to choose, or search "
                                    "again", n=len(shown)))


def resolve_member(raw: Sequence[Mapping[str, Any]], text: str, flag: str,
                   index: Any = None) -> str:
    """A member id for ``text``, by the one resolver (:func:`copkit.records.people.resolve`):
    an id, an email, ``Name <email>``, a name, or a word or fragment only one member has."""
    from copkit.records.people import PeopleIndex, resolve

    return resolve(index or PeopleIndex(raw), text, flag)
