"""The planning walk (`copkit plan`), its flag form (`copkit plan set`) and the action plan
(`copkit plan assign`).

The walk asks through a small :class:`Prompter` protocol (``say``, ``ask``, ``confirm``), so
this module never imports typer and tests drive it with scripted answers. Every answer is
checked on the spot (an email that is not an email, a date in the wrong format is asked again)
and written at once through the round-trip writers (:func:`copkit.store.edit` for the charter
and plan.yaml, :mod:`copkit.records` for members, topics, activities and meetings), so the
scaffold's comments stay where they were. Each step ends with one commit naming it
(``copkit: plan step 4 (communication and meetings)``). Ctrl-C or the end of input stop the
walk: every file is already complete (writes are atomic), and what was answered in the
current step is committed before the walk stops.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from copkit import records, store
from copkit.errors import CopkitError, RecordError, UsageError
from copkit.planning.templates import (
    Ask,
    PlanStatus,
    Step,
    StepStatus,
    Template,
    has_field,
    plural,
    status_for_root,
)
from copkit.schemas import EMAIL_PATTERN
from copkit.yamlread import refuse_first

CHARTER = "charter.yaml"
PLAN = "plan.yaml"
_EMAIL_RE = re.compile(EMAIL_PATTERN)
MAX_MATCHES = 10
ROLE_CHOICES = ("facilitator", "co-facilitator", "thematic-leader", "expert", "communications",
                "institutional-development", "technical-support", "sponsor", "participant")
NO_BUDGET = ("none", "no", "-", "not needed", "no budget", "ninguno", "aucun", "sin",
             "sans", "0")


class Prompter(Protocol):
    """How the walk talks to a person. ``ask`` and ``confirm`` raise EOFError at the end of
    input and KeyboardInterrupt on Ctrl-C."""

    def say(self, text: str = "") -> None: ...

    def ask(self, question: str, default: str | None = None) -> str: ...

    def confirm(self, question: str, default: bool = True) -> bool: ...


# ================================================================ committing a step
@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Hold Ctrl-C back while a file is written and committed; it takes effect right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@dataclass
class StepWrites:
    """What one step wrote: the files and a line per change, committed together."""

    root: Path
    subject: str
    no_commit: bool = False
    paths: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    commit: str | None = None

    def add(self, paths: Sequence[str], changes: Sequence[str]) -> None:
        if not changes:
            return  # nothing changed in those files
        for p in paths:
            if p not in self.paths:
                self.paths.append(p)
        self.changes.extend(changes)

    def add_outcome(self, outcome: records.Outcome) -> None:
        self.add(outcome.paths, outcome.body)

    def finish(self, interrupted: bool = False) -> str | None:
        if not self.paths or self.no_commit:
            return None
        from copkit import gitio

        body = list(self.changes)
        if interrupted:
            body.insert(0, "(stopped before the end of the step: the answers given so far)")
        with shielded(), store.cop_lock(self.root):
            repo = gitio.open_repo(self.root)
            self.commit = gitio.commit_paths(repo, [self.root / p for p in self.paths],
                                             self.subject, body)
        self.paths = []
        self.changes = []
        return self.commit


def step_subject(step: Step) -> str:
    return f"copkit: plan step {step.number} ({step.short})"


# ================================================================ writing answers
def _path_parts(path: str) -> list[str]:
    parts = path.split(".")
    if parts[0] != "charter":
        raise UsageError(f"'{path}' is not a charter field")
    return parts[1:]


def _order_of(model_path: list[str]) -> list[str]:
    """The schema's field order at a charter path (to insert a new key where it belongs)."""
    from copkit.planning.templates import _is_model, _unwrap
    from copkit.schemas import Charter

    current: Any = Charter
    for part in model_path:
        if not _is_model(current):
            return []
        current, _ = _unwrap(current.model_fields[part].annotation)
    return list(current.model_fields) if _is_model(current) else []


def _insert_key(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    pos = 0
    for i, existing in enumerate(mapping):
        if rank.get(existing, len(order)) < mine:
            pos = i + 1
    mapping.insert(pos, key, value)


def edit_charter(root: Path, change: Callable[[Any], list[str]]) -> list[str]:
    """Apply ``change(data)`` to charter.yaml in place (comments kept), validate the result
    with the charter's schema, and write it atomically. Returns the change descriptions."""
    from copkit.schemas import Charter
    from copkit.splice import to_plain

    path = Path(root) / CHARTER
    with shielded(), store.cop_lock(root):
        with records.dates_readable(root, CHARTER):  # 2026-02-30: check's bad-date error
            doc = store.edit(path)
        if doc.data is None:
            from ruamel.yaml.comments import CommentedMap

            doc.data = CommentedMap()
        changes = change(doc.data)
        if not changes:
            return []
        records.validate(Charter, to_plain(doc.data), "update charter.yaml")
        doc.save()
    return changes


def _container(data: Any, parts: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = data
    for i, part in enumerate(parts[:-1]):
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = CommentedMap()
            _insert_key(node, part, nxt, _order_of(parts[:i]))
        node = nxt
    return node


def set_field(root: Path, path: str, value: Any) -> list[str]:
    """Set a one-value charter field (text or choice)."""
    parts = _path_parts(path)

    def change(data: Any) -> list[str]:
        node = _container(data, parts)
        key = parts[-1]
        old = node.get(key)
        if old is not None and str(old) == str(value):
            return []
        new = records.to_yaml(value, top=False)
        if key in node:
            node[key] = new
        else:
            _insert_key(node, key, new, _order_of(parts[:-1]))
        return [f"{CHARTER}: {'.'.join(parts)} set to {_short(value)}"]

    return edit_charter(root, change)


def extend_field(root: Path, path: str, values: Sequence[str]) -> list[str]:
    """Add items to a list-of-text charter field (items already there are not repeated)."""
    from ruamel.yaml.comments import CommentedSeq

    parts = _path_parts(path)

    def change(data: Any) -> list[str]:
        node = _container(data, parts)
        key = parts[-1]
        seq = node.get(key)
        if not isinstance(seq, list):
            seq = CommentedSeq()
            if key in node:
                node[key] = seq
            else:
                _insert_key(node, key, seq, _order_of(parts[:-1]))
        have = {str(v).strip().casefold() for v in seq}
        added = []
        for value in values:
            text = value.strip()
            if text and text.casefold() not in have:
                append_keeping_comments(seq, records.to_yaml(text, top=False))
                have.add(text.casefold())
                added.append(text)
        return [f"{CHARTER}: {'.'.join(parts)}: added {_short(a)}" for a in added]

    return edit_charter(root, change)


def _show_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_show_value(v) for v in value) or "(none)"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return _short(value)


def _flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _trailing(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment lines that follow a block list or mapping: on its last
    item (recursively). Returns (comment table, key, slot) or None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq) and len(node) and not _flow(node):
        i = len(node) - 1
        entry = node.ca.items.get(i)
        if entry and entry[0] is not None:
            return node.ca.items, i, 0
        return _trailing(node[i])
    if isinstance(node, CommentedMap) and len(node) and not _flow(node):
        k = list(node)[-1]
        entry = node.ca.items.get(k)
        if entry and len(entry) > 2 and entry[2] is not None:
            return node.ca.items, k, 2
        return _trailing(node[k])
    return None


def append_keeping_comments(seq: Any, item: Any) -> None:
    """Append to a ruamel list so that the comments and blank lines after its last item stay
    after the list (ruamel attaches them to that item, so a plain append would put the new
    item below them); a comment on the last item's own line stays with it."""
    import copy

    from ruamel.yaml.comments import CommentedMap

    found = _trailing(seq)
    seq.append(item)
    if found is None:
        return
    items, key, slot = found
    token = items[key][slot]
    value = str(token.value)
    if value.startswith("#"):
        eol, newline, rest = value.partition("\n")
        if not rest:
            return
        token.value = eol + newline
        moved = copy.copy(token)
        moved.value = "\n" + rest
    else:
        moved = token
        items[key][slot] = None
        if all(x is None for x in items[key]):
            del items[key]
    new = seq[-1]
    if isinstance(new, CommentedMap) and len(new) and not _flow(new):
        new.ca.items[list(new)[-1]] = [None, None, moved, None]
    else:
        seq.ca.items[len(seq) - 1] = [moved, None, None, None]


def _short(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def charter_value(root: Path, path: str) -> Any:
    from copkit.yamlread import YamlProblem, read_file

    try:
        data = read_file(Path(root) / CHARTER, CHARTER).data
    except (YamlProblem, OSError):
        return None
    for part in _path_parts(path):
        data = data.get(part) if isinstance(data, dict) else None
    return data


# ---------------------------------------------------------------- answers, parsed and checked
def parse_person(text: str) -> dict[str, str]:
    """'María López <maria@example.org>' (or a phone in the brackets) -> member values."""
    text = text.strip()
    m = re.match(r"^(?P<name>[^<>]*?)\s*(?:<(?P<contact>[^<>]*)>)?\s*$", text)
    if not m or not m.group("name").strip():
        raise UsageError(f"--member: '{text}' is not 'Name <email>'",
                         'write it as --member "María López <maria@example.org>"')
    values = {"name": m.group("name").strip()}
    contact = (m.group("contact") or "").strip()
    if contact:
        if "@" in contact:
            if not _EMAIL_RE.match(contact):
                raise UsageError(f"--member: '{contact}' is not an email address",
                                 "expected name@domain.org")
            values["email"] = contact
        elif check_phone(contact) is None:
            values["phone"] = contact
        else:
            raise UsageError(f"--member: '{contact}' is neither an email address nor a phone "
                             "number", 'write it as --member "Name <name@example.org>"')
    return values


def check_email(text: str) -> str | None:
    """None when ``text`` is an email address, else why not."""
    if _EMAIL_RE.match(text.strip()):
        return None
    return f"'{text}' is not an email address (expected name@domain.org)"


# a phone number as people write it: digits, spaces, brackets, dots and dashes, maybe a +
_PHONE_RE = re.compile(r"^\+?[0-9 ().-]{5,}$")


def check_phone(text: str) -> str | None:
    """None when ``text`` is a phone number (the rule of ``--member "Name <phone>"``), else
    why not."""
    if _PHONE_RE.match(text.strip()) and sum(c.isdigit() for c in text) >= 5:
        return None
    return (f"'{text}' is not a phone number (expected digits, spaces and + ( ) . -, at least "
            "5 digits, like +51 984 000 000)")


def email_owner(members: Sequence[Mapping[str, Any]], email: str,
                except_id: str | None = None) -> Mapping[str, Any] | None:
    """The member (other than ``except_id``) who already has ``email`` (case ignored)."""
    wanted = email.strip().casefold()
    for m in members:
        if str(m.get("email") or "").strip().casefold() == wanted and m.get("id") != except_id:
            return m
    return None


def parse_dates(text: str, what: str) -> list[_dt.date]:
    out = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            out.append(_dt.date.fromisoformat(part))
        except ValueError:
            raise UsageError(f"{what}: '{part}' is not a date",
                             "write dates as YYYY-MM-DD, like 2026-05-10") from None
    return out


def parse_budget(text: str) -> dict[str, Any] | None:
    """'1500 CAD', 'CAD 1 500', '1500.50 eur' -> {amount, currency}; 'none' -> None."""
    t = text.strip()
    if t.casefold() in NO_BUDGET:
        return None
    m = re.match(r"^(?P<a>[0-9][0-9 _.,']*)\s*(?P<c>[A-Za-z$€£¥]{1,5})$", t) or \
        re.match(r"^(?P<c>[A-Za-z$€£¥]{1,5})\s*(?P<a>[0-9][0-9 _.,']*)$", t)
    amount = _amount(m.group("a")) if m else None
    if m is None or amount is None:
        raise UsageError(f"'{text}' is not a budget",
                         "write an amount and a currency, like 1500 CAD, or 'none' when the "
                         "activity needs no money")
    currency = m.group("c").upper()
    currency = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(currency, currency)
    return {"amount": int(amount) if amount.is_integer() else amount, "currency": currency}


def _amount(text: str) -> float | None:
    """1500, 1 500, 1,500.50 (English) or 1.500,50 (Spanish, French) as a number."""
    raw = text.strip().replace(" ", "").replace("_", "").replace("'", "").rstrip(".,")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        raw = raw.replace(",", "") if len(tail) == 3 or raw.count(",") > 1 \
            else f"{head.replace(',', '')}.{tail}"
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.rpartition(".")[2]) == 3):
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def split_titled(text: str, sep: str, flag: str) -> tuple[str, str | None]:
    """'Title@rest' -> ('Title', 'rest'); the last separator counts."""
    if sep in text:
        title, _, rest = text.rpartition(sep)
        if not title.strip():
            raise UsageError(f"{flag}: '{text}' has no title before '{sep}'")
        return title.strip(), rest.strip()
    if not text.strip():
        raise UsageError(f"{flag}: the title is empty")
    return text.strip(), None


def choose_value(ask: Ask, text: str, flag: str) -> str:
    """A choice typed as its number or its word (accents and case folded)."""
    t = text.strip()
    if t.isdigit() and 1 <= int(t) <= len(ask.choices):
        return ask.choices[int(t) - 1]
    for c in ask.choices:
        if c.casefold() == t.casefold():
            return c
    from copkit.repo import did_you_mean

    guess = did_you_mean(t.casefold(), ask.choices)
    raise UsageError(f"{flag}: '{text}' is not one of {', '.join(ask.choices)}",
                     f"did you mean '{guess}'?" if guess else None)


# ================================================================ finding members
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
        from copkit.people import fold

        self.people: list[Person] = []
        for m in members:
            p = Person(m.id, str(m.name), str(m.organisation or ""), tuple(m.roles))
            p.key = f"{fold(p.name)} {p.id}"
            self.people.append(p)
        self.by_id = {p.id: p for p in self.people}

    def search(self, text: str) -> list[Person]:
        from copkit.people import fold

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
    from copkit.people import PeopleIndex, fold

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
    from copkit.repo import did_you_mean

    guess = did_you_mean(text, sorted(index.ids))
    raise RecordError(f"{flag}: '{text}' is not a member",
                      f"did you mean '{guess}'?" if guess else
                      "add them first (copkit member add, or copkit plan set 1 --member), or "
                      "check the spelling")


# ================================================================ the walk
def check_step(template: Template, number: int, framing: bool = False) -> Step | None:
    """The template's step ``number`` (None for 0, the framing, when ``framing``); a usage
    error naming the steps there are otherwise."""
    from copkit.planning.templates import _ranges

    if framing and number == 0:
        return None
    st = template.step(number)
    if st is None:
        steps = _ranges(template.numbers)
        raise UsageError(f"there is no step {number} in the template '{template.id}'",
                         f"the steps are {steps}" + (", and 0 for the framing" if framing
                                                    else ""))
    return st


def steps_to_walk(status: PlanStatus, step: int | None = None) -> list[StepStatus]:
    """The steps `copkit plan` (``--step N``) would walk, in order: from the first open step
    (or from N, walked even when done), every later step that is not done and applies."""
    if step is None:
        first = status.first_open()
        if first is None:
            return []
        step = start = first.number
        walk_done = False
    else:
        start = step
        walk_done = True
    return [row for row in status.steps if row.number >= start and row.status != "n/a"
            and (not row.done or (walk_done and row.number == step))]


@dataclass
class WalkResult:
    commits: list[str] = field(default_factory=list)
    steps_walked: list[int] = field(default_factory=list)
    status: PlanStatus | None = None


class Wizard:
    """Walks the template's steps with a person, writing and committing as it goes."""

    def __init__(self, root: Path, prompter: Prompter, *, no_commit: bool = False,
                 today: _dt.date | None = None) -> None:
        self.root = Path(root)
        self.p = prompter
        self.no_commit = no_commit
        self.today = today or records.today()
        self.result = WalkResult()
        self.status: PlanStatus = self.reload()

    # ------------------------------------------------------------ state
    def reload(self) -> PlanStatus:
        status, problems = status_for_root(self.root, self.today)
        if problems:
            refuse_first(problems)  # a file check refuses: its finding
            first = problems[0]
            raise RecordError(
                f"{first.message} ({plural(len(problems), 'problem')} in the files the plan "
                "uses)",
                "fix it first (copkit check lists every problem), then run copkit plan again",
                first.location or None)
        self.status = status
        return status

    @property
    def template(self) -> Template:
        return self.status.template

    @property
    def cop(self) -> Any:
        return self.status.cop

    def directory(self) -> Directory:
        return Directory([m for m in self.status.cop.members
                          if m.left is None or m.left > self.today])

    # ------------------------------------------------------------ driving
    def run(self, step: int | None = None) -> WalkResult:
        records.precheck_git(self.root, self.no_commit)
        t = self.template
        if step is not None:
            check_step(t, step)
        self.p.say(f"{t.title} — {self.cop.name}")
        if step is None:
            self.framing()
            first = self.status.first_open()
            if first is None:
                self.p.say("Every step is done. Run `copkit plan --step N` to revise one, or "
                           "`copkit review` for the regular review.")
                self.result.status = self.status
                return self.result
            start = first.number
        else:
            start = step
        numbers = [n for n in t.numbers if n >= start]
        for i, number in enumerate(numbers):
            row = self.status.get(number)
            st = t.step(number)
            assert row is not None and st is not None
            if row.status == "n/a":
                self.p.say(f"\nStep {number} ({st.short}) does not apply yet.")
                continue
            if row.done and number != step:
                self.p.say(f"\nStep {number} ({st.short}) is done.")
                continue
            self.walk_step(st, revise=number == step)
            later = [n for n in numbers[i + 1:]
                     if (r := self.status.get(n)) is not None and not r.done]
            if later and not self.p.confirm(f"Go on to step {later[0]}?", True):
                break
        self.result.status = self.status
        done = sum(1 for s in self.status.steps if s.status == "done")
        self.p.say(f"\n{done} of {len(self.status.steps)} steps done. "
                   "`copkit plan status` shows where each one stands.")
        return self.result

    def framing(self) -> None:
        missing = [a for a, item in zip(self.template.framing, self.status.framing,
                                        strict=True) if not item.done]
        if not missing:
            return
        t = self.template
        self.p.say(f"\n{t.framing_title}")
        if t.framing_guidance:
            self.p.say(t.framing_guidance)
        writes = StepWrites(self.root, "copkit: plan framing (domain, community, practices)",
                            self.no_commit)
        try:
            for ask in missing:
                self.p.say(f"\n{ask.label or ask.field}")
                answer = self.p.ask(ask.prompt or ask.field or "", None).strip()
                if answer and ask.field:
                    writes.add([CHARTER], set_field(self.root, ask.field, answer))
        except (KeyboardInterrupt, EOFError):
            self._commit(writes, interrupted=True)
            raise
        self._commit(writes)
        self.reload()

    def _commit(self, writes: StepWrites, interrupted: bool = False) -> None:
        sha = writes.finish(interrupted)
        if sha:
            self.result.commits.append(sha)
            self.p.say(f"committed {sha[:8]}: {writes.subject}")

    def walk_step(self, st: Step, revise: bool = False) -> None:
        """Walk one step. Fields that already hold something are asked again only when the
        step is being revised (--step N, or a revision during `copkit review`)."""
        row = self.status.get(st.number)
        assert row is not None
        total = len(self.template.steps)
        self.p.say(f"\n=== Step {st.number} of {total}: {st.title} ===")
        if st.guidance:
            self.p.say(st.guidance)
        if st.questions:
            self.p.say("Questions to think about:")
            for q in st.questions:
                self.p.say(f"  - {q}")
        if st.fills:
            self.p.say("Answers go to: " + "; ".join(st.fills))
        self.show_records(st)
        self.p.say(f"Status: {_status_line(row)}")
        writes = StepWrites(self.root, step_subject(st), self.no_commit)
        self.result.steps_walked.append(st.number)
        try:
            for ask in st.asks:
                if ask.field and not revise and charter_value(self.root, ask.field) \
                        not in (None, "", []):
                    continue  # already answered: the step is walked for what is missing
                self.ask(ask, writes)
            if not st.asks and st.how:
                self.p.say(f"copkit does not ask anything here; when it happens: {st.how}")
        except (KeyboardInterrupt, EOFError):
            self._commit(writes, interrupted=True)
            raise
        self._commit(writes)
        self.reload()
        after = self.status.get(st.number)
        if after is not None:
            self.p.say(f"Step {st.number}: {_status_line(after)}")

    # ------------------------------------------------------------ what the records hold
    def show_records(self, st: Step) -> None:
        lines: list[str] = []
        for ask in st.asks:
            lines.extend(self._holds(ask))
        if lines:
            self.p.say("The records hold:")
            for line in lines:
                self.p.say(f"  {line}")

    def _holds(self, ask: Ask) -> list[str]:
        cop = self.cop
        current = [m for m in cop.members if m.left is None or m.left > self.today]
        if ask.field:
            value = charter_value(self.root, ask.field)
            label = ask.field.split(".", 1)[1]
            if value in (None, "", []):
                return [f"{label}: (empty)"]
            if isinstance(value, list):
                return [f"{label}: " + "; ".join(_short(v, 50) for v in value[:8])
                        + (f" (+{len(value) - 8})" if len(value) > 8 else "")]
            return [f"{label}: {_short(value, 70)}"]
        if ask.asker == "members":
            reach = sum(1 for m in current if has_field(m, "email") or has_field(m, "phone"))
            names = ", ".join(str(m.name) for m in current[:8])
            more = f" and {len(current) - 8} more" if len(current) > 8 else ""
            return [f"{plural(len(current), 'current member')}, {reach} with an email or phone"
                    + (f": {names}{more}" if current else "")]
        if ask.asker == "facilitator":
            fac = [m for m in current if "facilitator" in m.roles]
            more = f" and {len(fac) - 8} more" if len(fac) > 8 else ""
            return ["facilitator: " + (", ".join(f"{m.name} ({m.id})" for m in fac[:8]) + more
                                       if fac else "nobody yet")]
        if ask.asker == "roles":
            holders = [m for m in current if any(r != "participant" for r in m.roles)]
            out = [f"{plural(len(holders), 'member')} with a role other than participant"]
            for m in holders[:10]:
                resp = "; ".join(str(r) for r in m.responsibilities) or "no responsibilities yet"
                out.append(f"  {m.name} ({', '.join(m.roles)}): {_short(resp, 60)}")
            return out
        if ask.asker == "topics":
            topics = cop.agenda.topics
            out = [f"{plural(len(topics), 'topic')} on the learning agenda"]
            for t in topics[:10]:
                when = ", ".join(d.isoformat() for d in t.sessions) or t.status
                out.append(f"  {t.title} ({when})")
            return out
        if ask.asker == "activities":
            acts = cop.activities
            out = [plural(len(acts), "activity", "activities")]
            for a in acts[:10]:
                money = (f"{a.budget.amount:g} {a.budget.currency}" if a.budget else
                         "no budget needed" if not a.budget_needed else "budget not set")
                out.append(f"  {a.title} ({money})")
            return out
        if ask.asker == "meeting":
            return [f"{plural(len(cop.meetings), 'meeting')} recorded"
                    + (f", the last on {cop.meetings[-1].date}" if cop.meetings else "")]
        if ask.asker == "review":
            from copkit.planning.templates import review_due

            latest, due, cycle = review_due(cop)
            if latest is None:
                return [f"no review recorded yet (cycle: {cycle})"]
            return [f"last review {latest.isoformat()}, next due {due} ({cycle} cycle)"]
        return []

    # ------------------------------------------------------------ asking
    def ask(self, ask: Ask, writes: StepWrites) -> None:
        if ask.field:
            self.ask_field(ask, writes)
            return
        method = getattr(self, f"ask_{ask.asker}")
        method(writes)
        self.reload()

    def ask_field(self, ask: Ask, writes: StepWrites) -> None:
        assert ask.field is not None
        current = charter_value(self.root, ask.field)
        question = ask.prompt or ask.field
        if ask.how == "text":
            answer = self.p.ask(question + (" (empty keeps the current text)" if current
                                            else " (empty to skip)"), None).strip()
            if answer:
                writes.add([CHARTER], set_field(self.root, ask.field, answer))
        elif ask.how == "choice":
            for i, c in enumerate(ask.choices, start=1):
                self.p.say(f"  {i}. {c}")
            while True:
                answer = self.p.ask(question + " (a number or a word; empty to "
                                    + ("keep it)" if current else "skip)"), None).strip()
                if not answer:
                    return
                try:
                    value = choose_value(ask, answer, "answer")
                except UsageError as exc:
                    self.p.say(f"  {exc.message}" + (f" ({exc.hint})" if exc.hint else ""))
                    continue
                writes.add([CHARTER], set_field(self.root, ask.field, value))
                return
        elif ask.how == "words":
            if ask.examples:
                self.p.say("  for example: " + ", ".join(ask.examples))
            answer = self.p.ask(question + " (empty to skip)", None).strip()
            words = [w.strip() for w in answer.split(",") if w.strip()]
            if words:
                writes.add([CHARTER], extend_field(self.root, ask.field, words))
        else:  # lines
            while True:
                answer = self.p.ask(question, None).strip()
                if not answer:
                    return
                writes.add([CHARTER], extend_field(self.root, ask.field, [answer]))

    # ---- members
    def ask_members(self, writes: StepWrites) -> None:
        self._fill_contacts(writes)
        self.p.say("Add members one at a time; leave the name empty when done.")
        while True:
            name = self.p.ask("Member's full name", None).strip()
            if not name:
                return
            values: dict[str, Any] = {"name": name}
            email = self._ask_email(f"Email address of {name} (empty if none)")
            if email:
                values["email"] = email
            else:
                phone = self._ask_phone(f"Phone number of {name} (empty if none)")
                if phone:
                    values["phone"] = phone
                else:
                    self.p.say("  without an email or phone, step 1 stays partial until one "
                               "is added")
            try:
                outcome = records.add_member(self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say(f"  not added: {exc.message}")
                continue
            writes.add_outcome(outcome)
            self.p.say(f"  added {outcome.record_id}")

    def _ask_email(self, question: str, member_id: str | None = None) -> str | None:
        """An email address, asked until it is one that no other member has (None: empty)."""
        while True:
            email = self.p.ask(question, None).strip()
            if not email:
                return None
            problem = check_email(email)
            if problem is None:
                raw = records.Context(self.root).raw(records.MEMBERS, "members")
                owner = email_owner(raw, email, except_id=member_id)
                if owner is None:
                    return email
                problem = (f"the email {email} already belongs to {owner.get('name')} "
                           f"({owner.get('id')}); give another one, or leave it empty")
                self.p.say(f"  {problem}")
                continue
            self.p.say(f"  {problem}; try again")

    def _ask_phone(self, question: str) -> str | None:
        """A phone number, asked until it is one (None: left empty)."""
        while True:
            phone = self.p.ask(question, None).strip()
            if not phone:
                return None
            problem = check_phone(phone)
            if problem is None:
                return phone
            self.p.say(f"  {problem}; try again")

    def _fill_contacts(self, writes: StepWrites) -> None:
        lacking = [m for m in self.cop.members if (m.left is None or m.left > self.today)
                   and not (has_field(m, "email") or has_field(m, "phone"))]
        if not lacking:
            return
        verb = "has" if len(lacking) == 1 else "have"
        if not self.p.confirm(f"{plural(len(lacking), 'member')} {verb} no email or phone. Add "
                              f"{'one' if len(lacking) == 1 else 'them'} now?",
                              len(lacking) <= 10):
            return
        for m in lacking:
            email = self._ask_email(f"Email address of {m.name} (empty to skip)", m.id)
            values = {"email": email} if email else {}
            if not email:
                phone = self._ask_phone(f"Phone number of {m.name} (empty to skip)")
                values = {"phone": phone} if phone else {}
            if values:
                try:
                    writes.add_outcome(records.update_member(self.root, m.id, values,
                                                             no_commit=True))
                except CopkitError as exc:
                    self.p.say(f"  not changed: {exc.message}")

    # ---- facilitator and roles
    def ask_facilitator(self, writes: StepWrites) -> None:
        directory = self.directory()
        if not directory.people:
            self.p.say("There are no members yet: add them first (step 1).")
            return
        while True:
            person = choose_member(self.p, directory, "Who will facilitate?")
            if person is None:
                return
            writes.add(*_give_role(self.root, person.id, "facilitator"))
            self.p.say(f"  {person.name} is a facilitator")
            if not self.p.confirm("Add another facilitator (co-facilitation, rotation)?",
                                  False):
                return
            directory = self.directory_after_reload()

    def directory_after_reload(self) -> Directory:
        self.reload()
        return self.directory()

    def ask_roles(self, writes: StepWrites) -> None:
        directory = self.directory()
        if not directory.people:
            self.p.say("There are no members yet: add them first (step 1).")
            return
        self.p.say("Roles: " + ", ".join(ROLE_CHOICES))
        while True:
            person = choose_member(self.p, directory, "Give a member a role")
            if person is None:
                break
            role = self._ask_role(person)
            if role is None:
                continue
            writes.add(*_give_role(self.root, person.id, role))
            self.p.say(f"  {person.name}: {role}")
            directory = self.directory_after_reload()
        self.reload()
        for m in self.cop.members:
            if (m.left is None or m.left > self.today) and \
                    any(r != "participant" for r in m.roles) and not m.responsibilities:
                answer = self.p.ask(f"What will {m.name} ({', '.join(m.roles)}) contribute? "
                                    "(separate several with ';'; empty to skip)", None).strip()
                items = [a.strip() for a in answer.split(";") if a.strip()]
                if items:
                    writes.add_outcome(records.update_member(
                        self.root, m.id, {"responsibilities": items}, no_commit=True))

    def _ask_role(self, person: Person) -> str | None:
        for i, r in enumerate(ROLE_CHOICES, start=1):
            self.p.say(f"  {i}. {r}")
        ask = Ask(field="role", how="choice", choices=list(ROLE_CHOICES))
        while True:
            answer = self.p.ask(f"Which role for {person.name}? (a number or a word; empty "
                                "to skip)", None).strip()
            if not answer:
                return None
            try:
                return choose_value(ask, answer, "role")
            except UsageError as exc:
                self.p.say(f"  {exc.message}")

    # ---- agenda, activities, meetings
    def ask_topics(self, writes: StepWrites) -> None:
        for t in self.cop.agenda.topics:
            if has_field(t, "sessions") or has_field(t, "status"):
                continue
            dates = self._ask_dates(f"Session date(s) for '{t.title}' (YYYY-MM-DD, separate "
                                    "with commas; empty: mark it as planned)")
            values: dict[str, Any] = {"sessions": dates} if dates else {"status": "planned"}
            writes.add(*update_list_item(self.root, records.AGENDA, "topics", t.id, values))
        directory = self.directory()
        self.p.say("Add topics one at a time; leave the title empty when done.")
        while True:
            title = self.p.ask("A topic members want to learn about", None).strip()
            if not title:
                return
            dates = self._ask_dates("Session date(s) (YYYY-MM-DD, separate with commas; "
                                    "empty if not scheduled yet)")
            values = {"title": title, "sessions": dates, "status": "planned"}
            if directory.people:
                lead = choose_member(self.p, directory, "Who leads it?")
                if lead is not None:
                    values["lead"] = lead.id
            try:
                outcome = records.add_topic(self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say(f"  not added: {exc.message}")
                continue
            writes.add_outcome(outcome)
            self.p.say(f"  added topic {outcome.record_id}")

    def _ask_dates(self, question: str) -> list[_dt.date]:
        while True:
            answer = self.p.ask(question, None)
            try:
                return parse_dates(answer, "date")
            except UsageError as exc:
                self.p.say(f"  {exc.message} ({exc.hint}); try again")

    def _ask_budget(self, question: str) -> dict[str, Any] | bool | None:
        """A budget, None for 'no money needed', False when left empty."""
        while True:
            answer = self.p.ask(question, None).strip()
            if not answer:
                return False
            try:
                return parse_budget(answer)
            except UsageError as exc:
                self.p.say(f"  {exc.message}: {exc.hint}")

    def ask_activities(self, writes: StepWrites) -> None:
        for a in self.cop.activities:
            if a.budget is not None or not a.budget_needed:
                continue
            budget = self._ask_budget(f"Budget for '{a.title}': an amount and a currency "
                                      "(1500 CAD), or 'none' (empty to skip)")
            if budget is False:
                continue
            values: dict[str, Any] = {"budget": budget} if budget else {"budget_needed": False}
            writes.add_outcome(records.update_activity(self.root, a.id, values, no_commit=True))
        from copkit.planning.templates import literal_choices
        from copkit.schemas import ActivityKind

        kinds = literal_choices(ActivityKind)
        kind_ask = Ask(field="kind", how="choice", choices=kinds)
        self.p.say("Add activities one at a time; leave the title empty when done.")
        self.p.say("  kinds: " + ", ".join(kinds))
        while True:
            title = self.p.ask("An activity that supports sharing", None).strip()
            if not title:
                return
            values = {"title": title}
            while True:
                kind = self.p.ask("What kind of activity? (a word from the list; empty to "
                                  "skip)", None).strip()
                if not kind:
                    break
                try:
                    values["kind"] = choose_value(kind_ask, kind, "kind")
                    break
                except UsageError as exc:
                    self.p.say(f"  {exc.message}")
            budget = self._ask_budget("Budget: an amount and a currency (1500 CAD), or "
                                      "'none' if it needs no money")
            if budget is None:
                values["budget_needed"] = False
            elif budget:
                values["budget"] = budget
            try:
                outcome = records.add_activity(self.root, values, no_commit=True)
            except CopkitError as exc:
                self.p.say(f"  not added: {exc.message}")
                continue
            writes.add_outcome(outcome)
            self.p.say(f"  added activity {outcome.record_id}")

    def ask_meeting(self, writes: StepWrites) -> None:
        title = self.p.ask("Title of the meeting (empty to skip)", None).strip()
        if not title:
            return
        while True:
            dates = self._ask_dates("Its date (YYYY-MM-DD)")
            if len(dates) == 1:
                break
            self.p.say("  one date, please")
        outcome = records.new_meeting(self.root, {"title": title, "date": dates[0]},
                                      no_commit=True)
        writes.add_outcome(outcome)
        self.p.say(f"  added meeting {outcome.record_id}")

    def ask_review(self, writes: StepWrites) -> None:
        from copkit.planning import review

        if not self.p.confirm("Record a review of steps 1-8 as they stand now?", True):
            return
        by = choose_member(self.p, self.directory(), "Who reviewed them?",
                           default=review.default_reviewer(self.cop, self.today))
        summary = self.p.ask("A one-line summary of the review", None).strip()
        paths, changes = review.write_review(self.root, self.today, by.id if by else None,
                                             summary or None)
        writes.add(paths, changes)


def _status_line(row: StepStatus) -> str:
    from copkit.planning.templates import STATUS_WORDS

    text = STATUS_WORDS[row.status]
    if row.missing:
        text += " — still needed: " + "; ".join(m.text for m in row.missing[:2])
    return text


def _give_role(root: Path, member_id: str, role: str) -> tuple[list[str], list[str]]:
    from copkit.yamlread import read_file

    data = read_file(Path(root) / records.MEMBERS, records.MEMBERS).data
    member = next((m for m in (data or {}).get("members") or []
                   if isinstance(m, dict) and m.get("id") == member_id), None)
    if member is None:
        raise RecordError(f"there is no member with the id '{member_id}'")
    roles = [str(r) for r in member.get("roles") or []]
    if role in roles:
        return [], []
    roles = [r for r in roles if r != "participant" or role == "participant"] + [role]
    outcome = records.update_member(root, member_id, {"roles": roles}, no_commit=True)
    return outcome.paths, outcome.body


def update_list_item(root: Path, relpath: str, key: str, item_id: str,
                     values: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Set fields of one item of a list file (a topic, say) in place, validated first."""
    from copkit import schemas as s
    from copkit.splice import ListFile, to_plain

    model: Any = {"topics": s.Topic, "activities": s.Activity}[key]
    with shielded(), store.cop_lock(root):
        lf = ListFile(Path(root) / relpath, relpath)
        index = lf.index_of(key, item_id)
        if index is None:
            raise RecordError(f"there is no {key[:-1]} with the id '{item_id}'")
        merged = {**to_plain(lf.items(key)[index]), **values}
        records.validate(model, merged, f"update {key[:-1]} '{item_id}'")
        order = list(model.model_fields)

        def change(item: Any) -> None:
            for name, value in values.items():
                new = records.to_yaml(value, top=False)
                if name in item:
                    item[name] = new
                else:
                    _insert_key(item, name, new, order)

        lf.edit_item(key, index, change)
        lf.save()
    shown = ", ".join(f"{k}: {_show_value(v)}" for k, v in values.items())
    return [relpath], [f"{relpath}: {key[:-1]} {item_id}: {shown}"]


# ================================================================ the same answers as flags
@dataclass
class Answers:
    """Everything `copkit plan set` can be told, as typed on the command line."""

    members: list[str] = field(default_factory=list)
    facilitators: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)             # MEMBER=ROLE
    responsibilities: list[str] = field(default_factory=list)  # MEMBER=TEXT
    channels: list[str] = field(default_factory=list)
    frequency: str | None = None
    ground_rules: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)            # TITLE[@DATE,DATE[@LEAD]]
    activities: list[str] = field(default_factory=list)        # TITLE[=BUDGET|none[=KIND]]
    meetings: list[str] = field(default_factory=list)          # TITLE@DATE
    knowledge_capture: str | None = None
    external_knowledge: str | None = None
    domain: str | None = None
    community: str | None = None
    practice: str | None = None
    sets: list[str] = field(default_factory=list)              # charter.PATH=VALUE

    def given(self) -> bool:
        return any(bool(v) for v in vars(self).values())


# flag -> the field it answers
FIELD_FLAGS = {
    "channels": "charter.ways_of_working.channels",
    "frequency": "charter.ways_of_working.meeting_frequency",
    "ground_rules": "charter.ground_rules",
    "knowledge_capture": "charter.knowledge_capture",
    "external_knowledge": "charter.external_knowledge",
    "domain": "charter.domain.statement",
    "community": "charter.community.description",
    "practice": "charter.practice.description",
}
# flag -> the question set it answers
ASKER_FLAGS = {"members": "members", "facilitators": "facilitator", "roles": "roles",
               "responsibilities": "roles", "topics": "topics", "activities": "activities",
               "meetings": "meeting"}
FLAG_NAMES = {"members": "--member", "facilitators": "--facilitator", "roles": "--role",
              "responsibilities": "--responsibility", "channels": "--channels",
              "frequency": "--frequency", "ground_rules": "--ground-rule", "topics": "--topic",
              "activities": "--activity", "meetings": "--meeting",
              "knowledge_capture": "--knowledge-capture",
              "external_knowledge": "--external-knowledge", "domain": "--domain",
              "community": "--community", "practice": "--practice", "sets": "--set"}


def _flag_steps(template: Template, attr: str, path: str | None = None) -> list[int]:
    out = []
    for st in template.steps:
        for ask in st.asks:
            if (path and ask.field == path) or (attr in ASKER_FLAGS
                                                 and ask.asker == ASKER_FLAGS[attr]):
                out.append(st.number)
    return out


@dataclass
class SetResult:
    step: Step | None
    paths: list[str]
    changes: list[str]
    commit: str | None
    status: StepStatus | None


def apply_answers(root: Path, step_number: int, answers: Answers, *,
                  no_commit: bool = False, today: _dt.date | None = None) -> SetResult:
    """`copkit plan set STEP --flags...`: check every answer first, then write them in the
    step's files and commit once, naming the step. Step 0 is the framing (domain, community,
    practices)."""
    root = Path(root)
    day = today or records.today()
    status, problems = status_for_root(root, day)
    if problems:
        refuse_first(problems)  # a file check refuses: its finding
        first = problems[0]
        raise RecordError(first.message, "fix it first (copkit check lists every problem)",
                          first.location or None)
    template = status.template
    step = check_step(template, step_number, framing=True)
    if not answers.given():
        raise UsageError("nothing to set: give the answers as flags",
                         step.how if step and step.how else "see copkit plan set --help")
    field_asks = {a.field: a for a in (step.asks if step else []) if a.field}
    framing = {a.field: a for a in template.framing}
    askers = {a.asker for a in (step.asks if step else []) if a.asker}
    plan = _Plan(root, day)
    # ---- check every flag belongs to the step, and parse it
    for attr, flag in FLAG_NAMES.items():
        value = getattr(answers, attr)
        if not value:
            continue
        if attr == "sets":
            for item in value:
                path, sep, text = item.partition("=")
                path = path.strip()
                if not sep:
                    raise UsageError(f"--set: '{item}' is not FIELD=VALUE",
                                     'write it like --set charter.purpose="..."')
                ask = field_asks.get(path) or framing.get(path)
                if ask is None:
                    _not_here(template, step, flag + " " + path, attr, path)
                assert ask is not None
                plan.field(ask, text, f"--set {path}")
            continue
        if attr in FIELD_FLAGS:
            path = FIELD_FLAGS[attr]
            ask = field_asks.get(path) or framing.get(path)
            if ask is None:
                _not_here(template, step, flag, attr, path)
            assert ask is not None
            values = value if isinstance(value, list) else [value]
            for v in values:
                plan.field(ask, v, flag)
            continue
        if ASKER_FLAGS[attr] not in askers:
            _not_here(template, step, flag, attr, None)
    plan.people(answers)
    plan.items(answers)
    # ---- write, then commit once
    subject = step_subject(step) if step else "copkit: plan framing (domain, community, practices)"
    writes = StepWrites(root, subject, no_commit)
    records.precheck_git(root, no_commit)
    with shielded(), store.cop_lock(root):  # the answers and their commit: one transaction
        try:
            plan.write(writes)
        finally:
            paths, changes = list(writes.paths), list(writes.changes)
            writes.finish()
    new_status, _ = status_for_root(root, day)
    return SetResult(step, paths, changes, writes.commit,
                     new_status.get(step.number) if step else None)


def _not_here(template: Template, step: Step | None, flag: str, attr: str,
              path: str | None) -> None:
    steps = _flag_steps(template, attr, path)
    where = f"step {step.number} ({step.short})" if step else "the framing (step 0)"
    if steps:
        hint = f"it answers step{'s' if len(steps) > 1 else ''} " \
               f"{', '.join(str(s) for s in steps)}: copkit plan set " \
               f"{steps[0]} {flag} ..."
    else:
        hint = f"the template '{template.id}' asks this in no step"
    raise UsageError(f"{flag} does not belong to {where}", hint)


class _Plan:
    """The writes `plan set` will make, checked before any is made."""

    def __init__(self, root: Path, today: _dt.date) -> None:
        self.root = root
        self.today = today
        self.text: list[tuple[str, Any]] = []          # (path, value) for one-value fields
        self.lists: dict[str, list[str]] = {}           # path -> items to add
        self.new_members: list[dict[str, Any]] = []
        self.roles: list[tuple[str, str]] = []
        self.responsibilities: dict[str, list[str]] = {}
        self.topics: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self.meetings: list[dict[str, Any]] = []
        self._raw: list[dict[str, Any]] = []
        self._index: Any = None
        self.topic_updates: list[tuple[str, dict[str, Any]]] = []
        self.activity_updates: list[tuple[str, dict[str, Any]]] = []

    def _existing(self, relpath: str, key: str, ident: str) -> dict[str, Any] | None:
        """The record of ``relpath`` whose id is ``ident`` (flags name one to change it)."""
        from copkit.splice import to_plain

        ctx = records.Context(self.root)
        for item in ctx.raw(relpath, key):
            if item.get("id") == ident:
                plain: dict[str, Any] = to_plain(item)
                return plain
        return None

    def field(self, ask: Ask, text: str, flag: str) -> None:
        assert ask.field is not None
        if ask.how == "choice":
            self.text.append((ask.field, choose_value(ask, text, flag)))
        elif ask.how == "words":
            self.lists.setdefault(ask.field, []).extend(
                w.strip() for w in text.split(",") if w.strip())
        elif ask.how == "lines":
            if text.strip():
                self.lists.setdefault(ask.field, []).append(text.strip())
        else:
            if not text.strip():
                raise UsageError(f"{flag}: the text is empty")
            self.text.append((ask.field, text.strip()))

    def people(self, answers: Answers) -> None:
        from copkit.people import PeopleIndex
        from copkit.schemas import Member

        ctx = records.Context(self.root)
        raw = ctx.raw(records.MEMBERS, "members")
        index = PeopleIndex(raw)
        taken = {str(m.get("id")) for m in raw}
        emails = {str(m.get("email") or "").casefold() for m in raw} - {""}
        for text in answers.members:
            values = parse_person(text)
            email = values.get("email", "").casefold()
            if email and email in emails:
                raise RecordError(f"--member: the email {values['email']} already belongs to "
                                  "a member", "leave that --member out, or use copkit member "
                                  "update")
            emails.add(email)
            mid = records.unique_id(records.slugify(values["name"]) or "member", taken)
            taken.add(mid)
            data = {"id": mid, **values, "joined": self.today}
            records.validate(Member, data, f"add member '{mid}'")
            self.new_members.append(values)
            index.add(data)

        def person(text: str, flag: str) -> str:
            return resolve_member(raw, text, flag, index)

        for text in answers.facilitators:
            self.roles.append((person(text, "--facilitator"), "facilitator"))
        for text in answers.roles:
            who, sep, role = text.partition("=")
            if not sep:
                raise UsageError(f"--role: '{text}' is not MEMBER=ROLE",
                                 "write it like --role juan-perez=thematic-leader")
            ask = Ask(field="role", how="choice", choices=list(ROLE_CHOICES))
            self.roles.append((person(who, "--role"), choose_value(ask, role, "--role")))
        for text in answers.responsibilities:
            who, sep, what = text.partition("=")
            if not sep or not what.strip():
                raise UsageError(f"--responsibility: '{text}' is not MEMBER=TEXT",
                                 'write it like --responsibility maria-lopez="Convene the '
                                 'monthly call"')
            self.responsibilities.setdefault(person(who, "--responsibility"), []).append(
                what.strip())
        self._index = index
        self._raw = raw

    def items(self, answers: Answers) -> None:
        from copkit.schemas import Activity, Meeting, Topic

        for text in answers.topics:
            title, _, rest = text.partition("@")
            if not title.strip():
                raise UsageError(f"--topic: '{text}' has no title before '@'")
            sessions, _, lead = rest.partition("@")
            dates = parse_dates(sessions, "--topic")
            lead_id = resolve_member(self._raw, lead, "--topic (lead)", self._index) \
                if lead.strip() else None
            existing = self._existing(records.AGENDA, "topics", title.strip())
            if existing is not None:  # an agenda topic already there: its sessions or lead
                old = [d for d in existing.get("sessions") or []
                       if isinstance(d, _dt.date)]
                update: dict[str, Any] = {}
                if dates:
                    update["sessions"] = old + [d for d in dates if d not in old]
                elif not existing.get("sessions") and "status" not in existing:
                    update["status"] = "planned"
                if lead_id:
                    update["lead"] = lead_id
                records.validate(Topic, {**existing, **update},
                                 f"update topic '{existing['id']}'")
                self.topic_updates.append((str(existing["id"]), update))
                continue
            values: dict[str, Any] = {"title": title.strip(), "sessions": dates,
                                      "status": "planned"}
            if lead_id:
                values["lead"] = lead_id
            records.validate(Topic, {"id": "x", **values}, f"add topic '{title.strip()}'")
            self.topics.append(values)
        from copkit.planning.templates import literal_choices
        from copkit.schemas import ActivityKind

        kinds = Ask(field="kind", how="choice", choices=literal_choices(ActivityKind))
        for text in answers.activities:
            parts = text.split("=")
            title = "=".join(parts[:-2]) if len(parts) > 2 else parts[0]
            budget_text = parts[1] if len(parts) == 2 else parts[-2] if len(parts) > 2 else ""
            if not title.strip():
                raise UsageError(f"--activity: '{text}' has no title",
                                 "write it like --activity 'Site visit=1500 CAD=site-visit'")
            values = {"title": title.strip()}
            if len(parts) > 2 and parts[-1].strip():
                values["kind"] = choose_value(kinds, parts[-1], "--activity (kind)")
            if budget_text.strip():
                budget = parse_budget(budget_text)
                values.update({"budget": budget} if budget else {"budget_needed": False})
            existing = self._existing(records.ACTIVITIES, "activities", title.strip())
            if existing is not None:  # an activity already there: its budget or kind
                change = {k: v for k, v in values.items() if k != "title"}
                records.validate(Activity, {**existing, **change},
                                 f"update activity '{existing['id']}'")
                if change:
                    self.activity_updates.append((str(existing["id"]), change))
                continue
            records.validate(Activity, {"id": "x", **values}, f"add activity '{title}'")
            self.activities.append(values)
        for text in answers.meetings:
            name, when = split_titled(text, "@", "--meeting")
            dates = parse_dates(when or "", "--meeting")
            if len(dates) != 1:
                raise UsageError(f"--meeting: '{text}' needs one date",
                                 'write it like --meeting "Launch workshop@2026-05-10"')
            values = {"title": name, "date": dates[0]}
            records.validate(Meeting, values, f"add meeting '{name}'")
            self.meetings.append(values)

    def write(self, writes: StepWrites) -> None:
        for values in self.new_members:
            writes.add_outcome(records.add_member(self.root, values, no_commit=True))
        for member_id, role in self.roles:
            writes.add(*_give_role(self.root, member_id, role))
        for member_id, items in self.responsibilities.items():
            current = _member_field(self.root, member_id, "responsibilities")
            merged = list(current) + [i for i in items if i not in current]
            writes.add_outcome(records.update_member(
                self.root, member_id, {"responsibilities": merged}, no_commit=True))
        for path, value in self.text:
            writes.add([CHARTER], set_field(self.root, path, value))
        for path, items in self.lists.items():
            writes.add([CHARTER], extend_field(self.root, path, items))
        for topic_id, update in self.topic_updates:
            if update:
                writes.add(*update_list_item(self.root, records.AGENDA, "topics", topic_id,
                                             update))
        for values in self.topics:
            writes.add_outcome(records.add_topic(self.root, values, no_commit=True))
        for activity_id, change in self.activity_updates:
            writes.add_outcome(records.update_activity(self.root, activity_id, change,
                                                       no_commit=True))
        for values in self.activities:
            writes.add_outcome(records.add_activity(self.root, values, no_commit=True))
        for values in self.meetings:
            writes.add_outcome(records.new_meeting(self.root, values, no_commit=True))


def _member_field(root: Path, member_id: str, name: str) -> list[str]:
    from copkit.yamlread import read_file

    data = read_file(Path(root) / records.MEMBERS, records.MEMBERS).data
    for m in (data or {}).get("members") or []:
        if isinstance(m, dict) and m.get("id") == member_id:
            return [str(v) for v in m.get(name) or []]
    return []


# ================================================================ the action plan
@dataclass
class AssignResult:
    step: Step
    responsible: str | None
    deadline: _dt.date | None
    changes: list[str]
    commit: str | None


def assign(root: Path, step_number: int, *, to: str | None = None, due: str | None = None,
           notes: str | None = None, no_commit: bool = False,
           today: _dt.date | None = None) -> AssignResult:
    """Write who is responsible for a step, and by when, into plan.yaml (in place).

    Exit codes follow one rule: a value that is not of the allowed set or form (a step the
    template does not have, a deadline that is not a date) is a usage error (2); a
    well-formed value that does not match the records (a member who does not exist or left)
    is a user error (1)."""
    from copkit.planning.templates import require_template
    from copkit.repo import Cop, read_source, validate
    from copkit.schemas import PlanFile

    root = Path(root)
    if to is None and due is None and notes is None:
        raise UsageError("nothing to assign: give --to MEMBER, --due DATE or --notes TEXT")
    deadline = None
    if due is not None:
        try:
            deadline = _dt.date.fromisoformat(due.strip())
        except ValueError:
            raise UsageError(f"--due: '{due}' is not a date",
                             "write the deadline as YYYY-MM-DD, like 2026-12-15") from None
    cop = Cop(root=root)
    findings: list[Any] = []
    plan_path = root / PLAN
    if plan_path.exists():
        sm = read_source(root, PLAN, findings)
        if sm is not None:
            cop.sources[PLAN] = sm
            cop.plan, problems = validate(PlanFile, sm)
            findings.extend(problems)
        if findings:
            refuse_first(findings)  # a file check refuses: its finding
            first = findings[0]
            raise RecordError(first.message, (first.hint + "; " if first.hint else "")
                              + "fix plan.yaml first", first.location or None)
    template = require_template(cop)
    step = check_step(template, step_number)
    assert step is not None
    responsible = None
    if to is not None:
        ctx = records.Context(root)
        responsible = resolve_member(ctx.raw(records.MEMBERS, "members"), to, "--to")
        member = next(m for m in ctx.raw(records.MEMBERS, "members") if m.get("id") == responsible)
        left = member.get("left")
        if isinstance(left, _dt.date) and left <= (today or records.today()):
            raise RecordError(f"--to: {responsible} left the community on {left.isoformat()}",
                              "choose a current member")
    records.precheck_git(root, no_commit)
    changes: list[str] = []

    def change(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        data = doc.data
        if data is None:
            data = doc.data = CommentedMap()
        if "template" not in data:
            data.insert(0, "template", template.id)
        steps = data.get("steps")
        if not isinstance(steps, list):
            steps = CommentedSeq()
            data["steps"] = steps
        entry = next((e for e in steps if isinstance(e, dict) and e.get("step") == step_number),
                     None)
        values = {"responsible": responsible, "deadline": deadline, "notes": notes}
        values = {k: v for k, v in values.items() if v is not None}
        if entry is None:
            new = records.to_yaml({"step": step_number, **values}, top=False)
            pos = sum(1 for e in steps if isinstance(e, dict)
                      and isinstance(e.get("step"), int) and e["step"] < step_number)
            steps.insert(pos, new)
            changes.append(f"{PLAN}: step {step_number}: "
                           + ", ".join(f"{k} {_short(v)}" for k, v in values.items()))
            return
        for k, v in values.items():
            old = entry.get(k)
            if old is not None and str(old) == str(v):
                continue
            if k in entry:
                entry[k] = records.to_yaml(v, top=False)
            else:
                _insert_key(entry, k, records.to_yaml(v, top=False),
                            ["step", "responsible", "deadline", "notes"])
            changes.append(f"{PLAN}: step {step_number}: {k} "
                           + (f"{_short(old)} -> " if old is not None else "") + _short(v))

    from copkit.splice import to_plain

    with shielded(), store.cop_lock(root):
        if plan_path.exists():
            with records.dates_readable(root, PLAN):
                doc = store.edit(plan_path)
        else:
            doc = store.new_document(plan_path, "# The action plan: who takes care of each "
                                     "planning step, and by when.\n"
                                     f"template: {template.id}\nsteps:\n")
        change(doc)
        if changes:
            records.validate(PlanFile, to_plain(doc.data), "update plan.yaml")
            if doc.original == "":
                store.write_text(plan_path, doc.dumps(), exclusive=True)
            else:
                doc.save()
        commit = None
        if changes and not no_commit:  # in the same transaction as the write
            from copkit import gitio

            commit = gitio.commit_paths(
                gitio.open_repo(root), [plan_path],
                f"copkit: plan assign step {step_number} ({step.short})", changes)
    return AssignResult(step, responsible, deadline, changes, commit)
