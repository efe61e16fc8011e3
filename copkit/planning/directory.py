"""Finding members: by a fragment of a name (the walk) or as a flag's value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from copkit.errors import RecordError
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
    """Current members, searchable by a fragment of their name or id (accents folded)."""

    def __init__(self, members: Sequence[Any]) -> None:
        from copkit.text import fold

        self.people: list[Person] = []
        for m in members:
            p = Person(m.id, str(m.name), str(m.organisation or ""), tuple(m.roles))
            p.key = f"{fold(p.name)} {p.id}"
            self.people.append(p)
        self.by_id = {p.id: p for p in self.people}

    def search(self, text: str) -> list[Person]:
        from copkit.text import fold

        words = fold(text).split()
        if not words:
            return []
        hits = [p for p in self.people if all(w in p.key for w in words)]

        def rank(p: Person) -> tuple[int, str]:
            starts = any(part.startswith(words[0]) for part in p.key.split())
            return (0 if p.id == text.strip() else 1 if starts else 2, p.name)

        return sorted(hits, key=rank)


def show_person(p: Person) -> str:
    extra = f", {p.organisation}" if p.organisation else ""
    roles = f" [{', '.join(r for r in p.roles)}]" if p.roles else ""
    return f"{p.name} ({p.id}{extra}){roles}"


def choose_member(prompter: Prompter, directory: Directory, question: str,
                  default: str | None = None) -> Person | None:
    """Type part of a name or id, pick from at most ten matches; empty answer: None (or the
    default). Usable with a thousand members: it never lists them all."""
    shown: list[Person] = []
    while True:
        text = prompter.ask(f"{question} (type part of a name or id; empty to skip)",
                            default).strip()
        if not text:
            return None
        if text.isdigit() and shown and 1 <= int(text) <= len(shown):
            return shown[int(text) - 1]
        if text in directory.by_id:
            return directory.by_id[text]
        matches = directory.search(text)
        if not matches:
            prompter.say(f"  no current member matches '{text}'; try another part of the "
                         "name (members are added in step 1)")
            shown = []
            continue
        if len(matches) == 1:
            only = matches[0]
            if prompter.confirm(f"  {show_person(only)}?", True):
                return only
            shown = []
            continue
        shown = matches[:MAX_MATCHES]
        for i, p in enumerate(shown, start=1):
            prompter.say(f"  {i}. {show_person(p)}")
        if len(matches) > MAX_MATCHES:
            prompter.say(f"  ... and {len(matches) - MAX_MATCHES} more: type more of the name "
                         "to narrow the list")
        prompter.say(f"  type a number from 1 to {len(shown)} to choose, or search again")


def resolve_member(raw: Sequence[Mapping[str, Any]], text: str, flag: str,
                   index: Any = None) -> str:
    """A member id for ``text``: an id, an email, a name (accents and case folded, fuzzy),
    or else a fragment of one name or id that only one member has."""
    from copkit.records.people import PeopleIndex
    from copkit.text import fold

    index = index or PeopleIndex(raw)
    text = text.strip()
    match = index.match(name=text, email=text if "@" in text else None)
    if match.kind == "ambiguous":
        raise RecordError(f"{flag}: '{text}' matches more than one member: "
                          + ", ".join(match.candidates[:MAX_MATCHES]),
                          "name the person by member id (copkit member list shows them)")
    if match.member_id is not None:
        return str(match.member_id)
    words = fold(text).split()
    hits = sorted({str(m["id"]) for m in index.ids.values()
                   if words and all(w in f"{fold(str(m.get('name', '')))} {m['id']}"
                                    for w in words)})
    if len(hits) == 1:
        return hits[0]
    if hits:
        more = f" and {len(hits) - MAX_MATCHES} more" if len(hits) > MAX_MATCHES else ""
        raise RecordError(f"{flag}: '{text}' matches more than one member: "
                          + ", ".join(hits[:MAX_MATCHES]) + more,
                          "give more of the name, or the member id")
    from copkit.model.load import did_you_mean

    guess = did_you_mean(text, sorted(index.ids))
    raise RecordError(f"{flag}: '{text}' is not a member",
                      f"did you mean '{guess}'?" if guess else
                      "add them first (copkit member add, or copkit plan set 1 --member), or "
                      "check the spelling")
