"""Creating and changing records: members, meetings, practices, activities, stories, topics.

Every operation follows the same steps, under :func:`copkit.store.cop_lock` so that two copkit
processes never interleave:

1. read only the files it needs with the fast reader (ids to check references against);
2. build the new record from the given values and validate it with its pydantic model, and
   check every id it names against the CoP — nothing is written when either fails;
3. write: a new record file with ``store.write_text(..., exclusive=True)`` (never overwrites),
   or an in-place round-trip edit of the one item that changes (comments and formatting
   elsewhere survive byte for byte; see :mod:`copkit.splice`);
4. commit exactly the files written, with a message saying what changed (unless ``no_commit``).

Core code: raises :class:`copkit.errors.CopkitError` subclasses, never prints.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.errors import GitError, RecordError, UsageError
from copkit.people import PeopleIndex, fold
from copkit.yaml import store, txn
from copkit.yaml.splice import ListFile, to_plain

MEMBERS = "members.yaml"
AGENDA = "learning-agenda.yaml"
ACTIVITIES = "activities.yaml"
CHARTER = "charter.yaml"
PLAN = "plan.yaml"

# Personal data kept when a member is forgotten: only what the counts need.
FORGET_KEEP = ("id", "name", "roles", "level", "joined", "left")


# ---------------------------------------------------------------- ids
# the schemas' rule for ids (copkit.schemas.SLUG_PATTERN; not imported, to keep pydantic out
# of the commands that do not need it)
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)


def check_id(value: str, what: str) -> str:
    """``value`` when it is a valid id (a slug, like the schemas' ids); a usage error naming
    ``what`` (``--id``, ``the meeting id``...) and the slug form otherwise. Every id typed by a
    user goes through here before a path is made from it, so ``../x`` never names a file."""
    if _ID_RE.match(value):
        return value
    from copkit.text import printable

    suggestion = slugify(value)
    hint = "ids are lower-case words joined by hyphens (letters a-z, digits, '-')"
    hint += f": write it as '{suggestion}'" if suggestion else ", like 'maria-lopez'"
    raise UsageError(f"{what} '{printable(value)}' is not a valid id", hint)


def inside(root: Path, relpath: str) -> Path:
    """``root / relpath``, refused when it would lead outside the CoP folder (a ``..``, or a
    link to somewhere else): copkit reads and writes only the CoP's own files."""
    root = Path(root)
    path = root / relpath
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        raise RecordError(f"{relpath} leads outside the CoP folder, so copkit does not read "
                          "or write it",
                          "replace the link with the file itself, inside the CoP folder",
                          f"{relpath}:1:1") from None
    return path


def slugify(text: str, max_length: int = 60) -> str:
    """An ASCII id from a name or title: 'María López' -> 'maria-lopez'."""
    words = fold(text).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate[:max_length]
    return slug.strip("-")


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken yet."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def today() -> _dt.date:
    """Today's date (COPKIT_TODAY=YYYY-MM-DD overrides it, for tests and examples)."""
    forced = os.environ.get("COPKIT_TODAY")
    if forced:
        try:
            return _dt.date.fromisoformat(forced)
        except ValueError:
            raise UsageError(f"COPKIT_TODAY='{forced}' is not a date",
                             "write it as YYYY-MM-DD") from None
    return _dt.date.today()


def parse_day(value: str | _dt.date, what: str) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{what}: '{value}' is not a date",
                         "write dates as YYYY-MM-DD, like 2026-05-10") from None


# ---------------------------------------------------------------- outcome
@dataclass
class Outcome:
    """What an operation did: the record's id, the files written, the commit."""

    record_id: str
    action: str
    paths: list[str] = field(default_factory=list)
    subject: str = ""
    body: list[str] = field(default_factory=list)
    commit: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.paths)


# ---------------------------------------------------------------- YAML values
BLOCK_KEYS = ("cycles", "answers", "consent_notes")
def to_yaml(value: Any, top: bool = True) -> Any:
    """Plain values as ruamel containers in the style of the examples: short lists of words
    and small mappings on one line (``roles: [facilitator]``), long text as a ``|`` block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, Mapping):
        cm = CommentedMap()
        for k, v in value.items():
            cm[k] = to_yaml(v, top=k in BLOCK_KEYS)
        scalars = all(not isinstance(v, (Mapping, list)) for v in value.values())
        width = sum(len(str(k)) + len(str(v)) + 4 for k, v in value.items())
        if not top and scalars and width <= 70 and not any(
                isinstance(v, str) and "\n" in v for v in value.values()):
            cm.fa.set_flow_style()
        return cm
    if isinstance(value, (list, tuple)):
        cs = CommentedSeq(to_yaml(v, top=False) for v in value)
        simple = all(isinstance(v, (str, int, float, _dt.date)) and not isinstance(v, bool)
                     and "\n" not in str(v) for v in value)
        if simple and sum(len(str(v)) + 2 for v in value) <= 70:
            cs.fa.set_flow_style()
        return cs
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if type(value) is _dt.date:  # a copy: ruamel writes an anchor for an object seen twice
        return _dt.date(value.year, value.month, value.day)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def dump_new(record: Mapping[str, Any]) -> str:
    """The YAML text of a new record file (two-space mappings, indented list dashes)."""
    import io

    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    yaml = store.yaml_rt("")
    data = to_yaml(record)
    store._protect(data)
    buf = io.StringIO()
    yaml.dump(data, buf)
    text = buf.getvalue()
    try:
        parse(text, "new record")
    except YamlProblem as p:  # pragma: no cover - ruamel output the fast reader refuses
        raise RecordError(f"copkit produced YAML it cannot read back: {p.message}") from None
    return text


def _set_field(item: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``item[key]`` in place, keeping the schema's field order for a new key and the
    style (flow or block) of an existing list."""
    if key in item:
        old = item[key]
        if isinstance(old, list) and isinstance(value, list):
            del old[:]
            old.extend(to_yaml(v, top=False) for v in value)
            return
        item[key] = to_yaml(value, top=False)
        return
    pos = 0
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    for i, existing in enumerate(item):
        if rank.get(existing, len(order)) < mine:
            pos = i + 1
    item.insert(pos, key, to_yaml(value, top=False))


# ---------------------------------------------------------------- validation
def validate(model: Any, data: Mapping[str, Any], what: str) -> Any:
    """``model.model_validate(data)``, or a RecordError naming each bad field."""
    from pydantic import ValidationError

    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
            msg = err["msg"]
            if err["type"] == "missing":
                msg = "required, but not given"
            problems.append(f"{loc}: {msg}" if loc else msg)
        raise RecordError(f"cannot {what}: " + "; ".join(problems),
                          "fix the value(s) named above; nothing was written") from None


def record_dump(obj: Any) -> dict[str, Any]:
    """The fields that were given, in the schema's order."""
    out: dict[str, Any] = obj.model_dump(mode="python", exclude_unset=True)
    return out


def clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values that were actually given (no None, no empty list); a control character in one
    of them is refused (see :func:`check_text`)."""
    out = {k: v for k, v in values.items() if v is not None and v != [] and v != ()}
    for key, value in out.items():
        _check_value(value, key)
    return out


# fields where a line break (and a tab) is fine: the text is kept as a ``|`` block
MULTILINE_FIELDS = frozenset({"notes", "body", "summary", "immediate", "potential", "applied",
                              "realized", "transformative", "evidence", "consent_notes",
                              "answers"})


def check_text(value: str, what: str, multiline: bool = False) -> str:
    """``value`` when it holds no control character (ESC, NUL, a carriage return...; a line
    break or a tab only when ``multiline``); a usage error naming ``what`` and the character
    otherwise. Such a character would be printed raw to whoever lists the records."""
    from copkit.text import control_char, describe

    found = control_char(value, multiline)
    if found is None:
        return value
    index, ch = found
    allowed = "" if multiline else (
        "; line breaks are allowed only in multi-line fields (--notes, --body, --summary, "
        "the story cycles)" if ch in "\n\t" else "")
    raise UsageError(f"{what}: the value holds {describe(ch)} at character {index + 1}",
                     "type the value again without it" + allowed)


def _check_value(value: Any, key: str) -> None:
    if isinstance(value, str):
        check_text(value, key.replace("_", " "), key in MULTILINE_FIELDS)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_value(v, key if key in MULTILINE_FIELDS else str(k))
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_value(v, key)


# ---------------------------------------------------------------- reading what is needed
_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?"""
                      r"[ \t]*(?:#.*)?\r?$", re.M)
class Context:
    """The parts of a CoP an operation needs, read lazily with the fast reader."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lists: dict[str, ListFile] = {}
        self._fast_ids: set[str] | None = None

    def list_file(self, relpath: str) -> ListFile:
        if relpath not in self._lists:
            path = inside(self.root, relpath)
            if not path.exists() and relpath == MEMBERS:
                raise RecordError(
                    f"{self.root} has no members.yaml, so it is not a CoP folder",
                    "start one with copkit init DIR, or point at one with --cop DIR")
            # a missing list file is created when the first item is saved into it; the file
            # is parsed only when a command needs more than one item of it
            self._lists[relpath] = ListFile(path, relpath, missing_ok=True, lazy=True,
                                            readable=dates_readable)
        return self._lists[relpath]

    def raw(self, relpath: str, key: str) -> list[dict[str, Any]]:
        path = self.root / relpath
        if not path.exists():
            return []
        return [i for i in self.list_file(relpath).items(key) if isinstance(i, dict)]

    def ids(self, relpath: str, key: str) -> set[str]:
        return {i["id"] for i in self.raw(relpath, key) if isinstance(i.get("id"), str)}

    def quick_ids(self, relpath: str, key: str) -> set[str]:
        """The ids of a list's items from their ``id:`` lines when every item has exactly
        one; otherwise from the parsed file."""
        if not (self.root / relpath).exists():
            return set()
        lf = self.list_file(relpath)
        scan = lf.quick_scan(key, "id")
        q = lf.quick(key)
        if scan is None or q is None or len(scan) != len(q[0]) or \
                len({i for i, _ in scan}) != len(q[0]):
            return self.ids(relpath, key)
        return {value for _, value in scan}

    @property
    def member_ids(self) -> set[str]:
        return self.ids(MEMBERS, "members")

    @property
    def topic_ids(self) -> set[str]:
        return self.ids(AGENDA, "topics")

    @property
    def group_ids(self) -> set[str]:
        return self.ids(AGENDA, "thematic_groups")

    @property
    def activity_ids(self) -> set[str]:
        return self.ids(ACTIVITIES, "activities")

    @property
    def goal_ids(self) -> set[str]:
        from copkit.yaml.read import read_file
        from copkit.yaml.scalars import YamlProblem

        path = self.root / CHARTER
        if not path.exists():
            return set()
        try:
            data = read_file(path, CHARTER).data
        except YamlProblem as p:
            raise RecordError(p.message, "fix charter.yaml first (copkit check)",
                              f"{CHARTER}:{p.line}:{p.column}") from None
        goals = data.get("goals") if isinstance(data, dict) else None
        return {g["id"] for g in goals or [] if isinstance(g, dict) and isinstance(g.get("id"),
                                                                                    str)}

    def record_ids(self, folder: str) -> set[str]:
        base = self.root / folder
        if not base.is_dir():
            return set()
        names = [*os.listdir(base), *txn.staged_names(base)]
        return {name[:-5] for name in names if name.endswith(".yaml")}

    def people(self) -> PeopleIndex:
        return PeopleIndex(self.raw(MEMBERS, "members"))

    def fast_member_ids(self) -> set[str]:
        """Member ids found by scanning members.yaml's lines (no YAML parsing): enough to
        accept an id quickly; an id not found this way is looked up properly."""
        if self._fast_ids is None:
            path = self.root / MEMBERS
            text = _text_or_empty(path)
            self._fast_ids = set(_ID_LINE.findall(text))
        return self._fast_ids

    def missing_members(self, ids: Iterable[str | None]) -> list[str]:
        """The ids among ``ids`` that are not members."""
        wanted = [i for i in ids if i is not None]
        fast = self.fast_member_ids()
        unsure = [i for i in wanted if i not in fast]
        if not unsure:
            return []
        known = self.member_ids
        return [i for i in unsure if i not in known]


def _did_you_mean(value: str, pool: Iterable[str]) -> str | None:
    from copkit.model.load import did_you_mean

    return did_you_mean(value, sorted(pool))


def require_refs(values: Iterable[str | None], pool: set[str], what: str, flag: str) -> None:
    """Every id in ``values`` must be in ``pool``."""
    for value in values:
        if value is None or value in pool:
            continue
        guess = _did_you_mean(value, pool)
        if guess:
            hint = f"did you mean '{guess}'?"
        elif what == "member":
            hint = "add the person first with copkit member add, or fix the id"
        else:
            hint = f"add the {what} first, or fix the id"
        raise RecordError(f"{flag}: unknown {what} id '{value}'", hint)


def unknown_record(what: str, record_id: str, pool: Iterable[str], command: str) -> RecordError:
    guess = _did_you_mean(record_id, pool)
    hint = f"did you mean '{guess}'?" if guess else f"list them with {command}"
    return RecordError(f"there is no {what} with the id '{record_id}'", hint)


def resolve_people(ctx: Context, people: Iterable[str], flag: str,
                   index: PeopleIndex | None = None) -> list[str]:
    """Member ids for people given as ids, emails or names; errors for unknown or ambiguous."""
    index = index or ctx.people()
    out: list[str] = []
    for person in people:
        check_text(person, flag)
        match = index.match(name=person, email=person if "@" in person else None)
        if match.kind == "ambiguous":
            raise RecordError(f"{flag}: '{person}' matches more than one member: "
                              + ", ".join(match.candidates),
                              "name the person by member id (copkit member list shows them)")
        if match.member_id is None:
            raise RecordError(f"{flag}: '{person}' is not a member", _possibly(
                match, "add them first with copkit member add, or check the spelling"))
        out.append(match.member_id)
    return out


def _possibly(match: Any, otherwise: str) -> str:
    """The hint for a person who is not a member: the members with a close name (a close
    name is never taken for the member: #13), else ``otherwise``."""
    if not match.possible:
        return otherwise
    from copkit.people import describe_all

    return (f"did you mean {describe_all(match.possible)}? name them by member id if so; "
            + otherwise)


# ---------------------------------------------------------------- git
def precheck_git(root: Path, no_commit: bool) -> None:
    """Fail before writing anything when the change could not be committed."""
    if no_commit:
        return
    from copkit.git import commit as gitio

    if gitio.find_repo_root(root) is None:
        raise GitError(f"{root} is not inside a git repository, so copkit cannot commit "
                       "the change", "run `git init` there, or pass --no-commit")
    gitio.global_identity(root)


def commit(root: Path, outcome: Outcome, no_commit: bool) -> Outcome:
    if no_commit or not outcome.paths:
        return outcome
    from copkit.git import commit as gitio

    repo = gitio.open_repo(root)
    outcome.commit = gitio.commit_paths(repo, [Path(root) / p for p in outcome.paths],
                                        outcome.subject, outcome.body)
    return outcome


def open_record(root: Path, relpath: str) -> store.Document:
    """A record file opened for a round-trip edit; a file copkit cannot read is a clear
    error with its position, before anything is written."""
    path = inside(root, relpath)
    with dates_readable(root, relpath):
        doc = store.edit(path, relpath)  # what copkit check refuses is refused here
    if not isinstance(doc.data, dict):
        raise RecordError("the file does not hold 'field: value' lines",
                          "fix the file first (copkit check)", f"{relpath}:1:1")
    return doc


@contextlib.contextmanager
def dates_readable(root: Path, relpath: str) -> Iterator[None]:
    """Around a round-trip load of ``relpath`` (ruamel.yaml, :mod:`copkit.store`): ruamel makes
    a date of every unquoted YYYY-MM-DD it reads and fails with a ValueError on one that does
    not exist (2026-02-30). The file is then refused with the error :func:`impossible_date`
    finds, before anything is written."""
    try:
        yield
    except ValueError:
        error = impossible_date(root, relpath)
        if error is None:
            raise
        raise error from None


_DATE_LIKE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ].*)?", re.S)


def impossible_date(root: Path, relpath: str) -> RecordError | None:
    """The date in ``relpath`` with no such day, refused with the bad-date finding ``copkit
    check`` reports (a FileRefused: path:line:col, message and hint) where the file's schema
    expects a date; a date-like text elsewhere (a title written 2026-02-30), which check takes
    for text, is named at its position too. None when the file holds no such date."""
    from copkit.model.load import dotted, file_findings
    from copkit.yaml.read import FileRefused, read_file
    from copkit.yaml.scalars import YamlProblem

    for finding in file_findings(Path(root), relpath):
        if finding.code == "bad-date" and "is not a real date" in finding.message:
            return FileRefused(finding)
    try:
        sm = read_file(inside(root, relpath), relpath)
    except (YamlProblem, OSError):
        return None
    stack: list[tuple[list[Any], Any]] = [([], sm.data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, (dict, list)):
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(([*loc, k], v) for k, v in reversed(list(items)))
            continue
        m = _DATE_LIKE.fullmatch(node) if isinstance(node, str) else None
        if m is None:
            continue
        try:
            _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            line, col = sm.locate(loc)
            return RecordError(
                f"{dotted(loc)}: '{node}' is not a real date (no such day in that month)",
                f"correct the date, or write the value in quotes ('{node}') if it is text "
                "and not a date", f"{relpath}:{line}:{col}")
    return None


def _text_or_empty(path: Path) -> str:
    """A file's text as this command sees it (its own writes included); "" for no file."""
    try:
        return txn.read_bytes(path).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def _write_new(root: Path, relpath: str, record: Mapping[str, Any]) -> None:
    store.write_text(inside(root, relpath), dump_new(record), exclusive=True)


# ---------------------------------------------------------------- members
MEMBER_FIELDS = ("id", "name", "organisation", "country", "roles", "level", "email", "phone",
                 "preferred_channel", "joined", "left", "interests", "expertise",
                 "responsibilities", "time_commitment_hours_per_month", "consent")
CONTACT_FIELDS = ("email", "phone", "preferred_channel")


def _member_item(ctx: Context, member_id: str) -> tuple[ListFile, int]:
    check_id(member_id, "the member id")
    lf = ctx.list_file(MEMBERS)
    index = lf.find("members", member_id)
    if index is None:
        raise unknown_record("member", member_id, ctx.member_ids, "copkit member list")
    return lf, index


def _check_email_free(ctx: Context, email: str | None, except_id: str | None = None) -> None:
    if not email:
        return
    wanted = email.strip().casefold()
    lf = ctx.list_file(MEMBERS)
    scan = lf.quick_scan("members", "email")
    if scan is not None:
        owners = [lf.item("members", i).get("id") for i, value in scan
                  if value.casefold() == wanted]
    else:
        owners = [m.get("id") for m in ctx.raw(MEMBERS, "members")
                  if str(m.get("email") or "").strip().casefold() == wanted]
    for owner in owners:
        if owner != except_id:
            raise RecordError(f"the email {email} already belongs to member '{owner}'",
                              "update that member instead (copkit member update)")


def add_member(root: Path, values: Mapping[str, Any], *, member_id: str | None = None,
               no_commit: bool = False, ctx: Context | None = None,
               lock: bool = True) -> Outcome:
    """Add a member to members.yaml. ``values`` uses members.yaml's field names."""
    root = Path(root)
    if member_id is not None:
        check_id(member_id, "--id")
    values = clean(values)
    precheck_git(root, no_commit)
    with store.cop_lock(root) if lock else contextlib.nullcontext():
        ctx = ctx or Context(root)
        lf = ctx.list_file(MEMBERS)
        taken = ctx.quick_ids(MEMBERS, "members")
        name = str(values.get("name") or "").strip()
        if not name:
            raise UsageError("a member needs a name", "give it as: copkit member add 'María López'")
        if member_id is not None:
            if member_id in taken:
                index = lf.find("members", member_id)
                raise RecordError(f"the member id '{member_id}' already exists",
                                  "choose another --id, or change that member with "
                                  "copkit member update",
                                  lf.location("members", index or 0, "id"))
            mid = member_id
        else:
            mid = unique_id(slugify(name) or "member", taken)
        _check_email_free(ctx, values.get("email"))
        data = {"id": mid, **values}
        data.setdefault("joined", today())
        from copkit.model.schemas import Member

        obj = validate(Member, data, f"add member '{mid}'")
        if obj.joined and obj.left and obj.left < obj.joined:
            raise RecordError(f"cannot add member '{mid}': left ({obj.left}) is before joined "
                              f"({obj.joined})", "fix one of the two dates")
        lf.append("members", to_yaml(record_dump(obj)))
        lf.save()
        outcome = Outcome(mid, "add", [MEMBERS], f"copkit: add member {mid}",
                          [f"{MEMBERS}: member {mid} added"])
        return commit(root, outcome, no_commit)


def _describe_change(key: str, old: Any, new: Any) -> str:
    if key in CONTACT_FIELDS:
        return f"{key} changed"
    return f"{key}: {_show(old)} -> {_show(new)}"


def _show(value: Any) -> str:
    if value in (None, [], {}):
        return "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return " ".join(_show(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _update_item(ctx: Context, relpath: str, key: str, index: int, model: Any,
                 values: Mapping[str, Any], unset: Iterable[str], order: Sequence[str],
                 what: str, check: Callable[[Any], None] | None = None) -> list[str]:
    """Change fields of one list item in place; returns the change descriptions."""
    lf = ctx.list_file(relpath)
    current = lf.item(key, index)
    # a mapping given in part (consent: {public: true}) keeps its other keys
    values = {k: ({**current[k], **v} if isinstance(v, dict) and isinstance(current.get(k),
                                                                              dict) else v)
              for k, v in values.items()}
    merged = dict(current)
    unset = list(unset)
    for name in unset:
        if name not in order:
            raise UsageError(f"--unset {name}: there is no field '{name}'",
                             "fields: " + ", ".join(order))
        if name in ("id", "name", "title"):
            raise UsageError(f"--unset {name}: this field is required")
        merged.pop(name, None)
    merged.update(values)
    obj = validate(model, merged, what)
    if check:
        check(obj)
    dumped = obj.model_dump(mode="python", exclude_unset=True)
    changes: list[str] = []
    for name in values:
        old = to_plain(current.get(name))
        new = to_plain(dumped.get(name))
        if old != new and not (isinstance(new, float) and old == new):
            changes.append(_describe_change(name, current.get(name), dumped.get(name)))
    for name in unset:
        if name in current:
            changes.append(f"{name} removed")
    if not changes:
        return []

    def change(item: Any) -> None:
        for name in values:
            if to_plain(item.get(name)) != to_plain(dumped.get(name)):
                _set_field(item, name, dumped[name], order)
        for name in unset:
            if name in item:
                del item[name]

    lf.edit_item(key, index, change)
    lf.save()
    return changes


def update_member(root: Path, member_id: str, values: Mapping[str, Any],
                  unset: Iterable[str] = (), *, no_commit: bool = False) -> Outcome:
    """Change fields of a member; ``unset`` removes optional fields."""
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        _, index = _member_item(ctx, member_id)
        if "id" in values:
            raise UsageError("a member's id cannot be changed",
                             "ids are how other records name the member")
        _check_email_free(ctx, values.get("email"), except_id=member_id)
        from copkit.model.schemas import Member

        def dates(obj: Any) -> None:
            if obj.joined and obj.left and obj.left < obj.joined:
                raise RecordError(f"cannot update member '{member_id}': left ({obj.left}) is "
                                  f"before joined ({obj.joined})", "fix one of the two dates")

        changes = _update_item(ctx, MEMBERS, "members", index, Member, values, unset,
                               MEMBER_FIELDS, f"update member '{member_id}'", dates)
        outcome = Outcome(member_id, "update")
        if changes:
            outcome.paths = [MEMBERS]
            outcome.subject = f"copkit: update member {member_id}"
            outcome.body = [f"{MEMBERS}: {member_id}: {c}" for c in changes]
        else:
            outcome.notes.append("nothing changed: the member already had these values")
        return commit(root, outcome, no_commit)


def leave_member(root: Path, member_id: str, day: _dt.date | None = None, *,
                 no_commit: bool = False) -> Outcome:
    """Record that a member left (members are never deleted)."""
    root = Path(root)
    precheck_git(root, no_commit)
    day = day or today()
    with store.cop_lock(root):
        ctx = Context(root)
        lf, index = _member_item(ctx, member_id)
        left = lf.item("members", index).get("left")
        if left is not None and left == day:
            return Outcome(member_id, "leave", notes=[f"'{member_id}' already left on {day}"])
        from copkit.model.schemas import Member

        def dates(obj: Any) -> None:
            if obj.joined and obj.left and obj.left < obj.joined:
                raise RecordError(f"'{member_id}' joined on {obj.joined}; they cannot leave on "
                                  f"{obj.left}", "give a later --date")

        _update_item(ctx, MEMBERS, "members", index, Member, {"left": day}, (), MEMBER_FIELDS,
                     f"record that '{member_id}' left", dates)
        outcome = Outcome(member_id, "leave", [MEMBERS], f"copkit: member {member_id} left",
                          [f"{MEMBERS}: {member_id} left on {day}"])
        if left is not None:
            outcome.notes.append(f"the date they left changed from {left} to {day}")
        return commit(root, outcome, no_commit)


@dataclass
class ForgetOutcome(Outcome):
    placeholder: str = ""
    replacements: list[tuple[str, str]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    namesakes: list[str] = field(default_factory=list)
    # free text naming the person's given name as a word: them, or someone else (to review)
    given_name: str = ""
    maybe: list[str] = field(default_factory=list)
    # copkit's cache files deleted because they may hold the person's data
    caches: list[str] = field(default_factory=list)


def _replace_refs(data: Any, relpath: str, old: str, new: str, names: set[str],
                  guest_name: str) -> int:
    """Replace member id ``old`` by ``new`` in every member-reference field of ``data`` (the
    content of the file at ``relpath``; the fields are :func:`copkit.memberrefs.paths_for`'s,
    derived from the schemas), and anonymise the guests whose name is one of ``names``
    (folded); returns how many were replaced."""
    from copkit.memberrefs import replace_member

    return len(replace_member(data, relpath, old, new)) + _anonymise_guests(data, names,
                                                                            guest_name)


def _anonymise_guests(node: Any, names: set[str], guest_name: str) -> int:
    """Guests (in ``guests:`` lists at any depth) whose folded name is one of ``names``: the
    name becomes ``guest_name`` and every other field of theirs goes; returns how many."""
    count = 0
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "guests" and isinstance(value, list) and names:
                for guest in value:
                    if isinstance(guest, dict) and fold(str(guest.get("name", ""))) in names:
                        guest["name"] = guest_name
                        for extra in [k for k in guest if k != "name"]:
                            del guest[extra]
                        count += 1
            if isinstance(value, (dict, list)):
                count += _anonymise_guests(value, names, guest_name)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, (dict, list)):
                count += _anonymise_guests(value, names, guest_name)
    return count


def _replace_id_in_text(root: Path, relpath: str, text: str, old: str, new: str,
                        names: set[str], guest_name: str) -> str | None:
    """The file's text with member id ``old`` replaced by ``new`` as a whole word, when that
    gives exactly the data :func:`_replace_refs` would (checked with the fast reader);
    None when it does not (the id also in free text, a guest to anonymise...): then the file
    is edited through ruamel. Much faster than a round trip for dozens of meeting files."""
    import copy

    from copkit.yaml.read import parse
    from copkit.yaml.scalars import YamlProblem

    try:
        before = parse(text, relpath).data
    except YamlProblem as p:
        raise RecordError(p.message, "fix the file first (copkit check shows every problem)",
                          f"{relpath}:{p.line}:{p.column}") from None
    expected = copy.deepcopy(to_plain(before))
    _replace_refs(expected, relpath, old, new, names, guest_name)
    pattern = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(old)}(?![A-Za-z0-9_-])")
    candidate = pattern.sub(new, text)
    try:
        after = parse(candidate, relpath).data
    except YamlProblem:
        return None
    return candidate if to_plain(after) == expected else None


def _cop_files(root: Path) -> list[str]:
    """The files other than members.yaml in which a member id can appear (every file of a
    kind whose schema has a member-reference field: :func:`copkit.memberrefs.ref_files`)."""
    from copkit.memberrefs import ref_files

    return [p for p in ref_files(root) if p != MEMBERS]


def forget_member(root: Path, member_id: str, *, no_commit: bool = False) -> ForgetOutcome:
    """Erase a member's personal data from the working files. The record stays, under a
    neutral id (``forgotten-member-N``) that every reference now uses, so counts stay right."""
    root = Path(root)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        lf, index = _member_item(ctx, member_id)
        person = dict(lf.items("members")[index])
        n = 1
        taken = ctx.member_ids
        while f"forgotten-member-{n}" in taken:
            n += 1
        placeholder = f"forgotten-member-{n}"
        label = f"Forgotten member {n}"
        name = str(person.get("name") or "")
        secrets = [str(person[k]) for k in ("name", "email", "phone") if person.get(k)]
        day = today()
        joined = person.get("joined")
        left = person.get("left") or (max(day, joined) if isinstance(joined, _dt.date) else day)

        def change(item: Any) -> None:
            for key in [k for k in item if k not in FORGET_KEEP]:
                del item[key]
            item["id"] = placeholder
            item["name"] = label
            _set_field(item, "left", left, MEMBER_FIELDS)

        lf.edit_item("members", index, change)
        _replace_in_members(lf, index, member_id, placeholder)
        written = [MEMBERS]
        names = {fold(name)} if name else set()
        needles = [member_id, *(s.casefold() for s in secrets)]
        docs: list[tuple[str, store.Document | tuple[str, str]]] = []
        from copkit.yaml.read import read_for_edit

        for relpath in _cop_files(root):
            path = root / relpath
            text = _text_or_empty(path)
            low = text.casefold()
            if not any(n in low for n in needles) and not (
                    names and "guests" in low and any(nm in fold(text) for nm in names)):
                continue
            # every file is read (and checked, as copkit check reads it: no file it refuses
            # is rewritten) before any is written
            checked = read_for_edit(path, relpath)
            text = checked.text if checked is not None else text
            quick = _replace_id_in_text(root, relpath, text, member_id, placeholder, names,
                                        label)
            if quick is not None:
                if quick != text:
                    docs.append((relpath, (text, quick)))
                continue
            opened = open_record(root, relpath)
            if _replace_refs(opened.data, relpath, member_id, placeholder, names, label):
                docs.append((relpath, opened))
        for relpath, pending in docs:
            if isinstance(pending, tuple):
                was, now = pending
                if _text_or_empty(root / relpath) != was:
                    from copkit.errors import ConflictError

                    raise ConflictError(f"{relpath} changed while copkit was editing it",
                                        "run the command again")
                store.write_text(root / relpath, now)
            else:
                pending.save()
            written.append(relpath)
        lf.save()
        scanned = [CHARTER, *written, *_cop_files(root)]
        mentions = _free_text_mentions(root, scanned, secrets)
        given = name.split()[0] if len(name.split()) > 1 else ""
        outcome = ForgetOutcome(
            placeholder, "forget", sorted(set(written), key=written.index),
            f"copkit: forget a member (now {placeholder})",
            [f"{MEMBERS}: personal data removed, id replaced by {placeholder}"]
            + [f"{p}: references replaced" for p in written[1:]])
        outcome.placeholder = placeholder
        # git filter-repo lines: the email and phone as written; the name and the id as
        # whole words only (so that 'ana-ruiz' does not also rewrite 'ana-ruiz-2')
        repl = [(s, label) for s in secrets if s != name]
        if name:
            repl.append((_whole_word(name), label))
        repl.append((_whole_word(member_id), placeholder))
        outcome.replacements = repl
        outcome.namesakes = sorted(
            str(m.get("id")) for m in ctx.raw(MEMBERS, "members")
            if name and fold(str(m.get("name", ""))) == fold(name) and m.get("id") != placeholder)
        outcome.mentions = mentions
        if given:
            outcome.given_name = given
            seen = set(mentions)
            outcome.maybe = [m for m in _word_mentions(root, scanned, given)
                             if m.rsplit(":", 1)[0] not in seen]
        commit(root, outcome, no_commit)
    # after the lock, when every file written is in place: copkit's caches of the person go
    outcome.caches, stuck = _drop_caches(root)
    if outcome.caches:
        outcome.notes.append("dropped copkit's caches that may hold their data: "
                             + ", ".join(outcome.caches))
    if stuck:
        outcome.notes.append("could not delete copkit's caches that may hold their data "
                             "(delete them by hand): " + ", ".join(stuck))
    if outcome.caches or stuck:
        outcome.notes.append("git history still holds their data until it is purged with git "
                             "filter-repo; until then `copkit history` caches the words of past "
                             "commits from it again")
    return outcome


def _replace_in_members(lf: ListFile, index: int, old: str, new: str) -> None:
    """Replace member id ``old`` by ``new`` where other members name it, when the members'
    schema has a member-reference field (:func:`copkit.memberrefs.paths_for`)."""
    import copy

    from copkit.memberrefs import paths_for, replace_member

    if not paths_for(MEMBERS):
        return  # no such field: members.yaml is not read whole for nothing

    def change(item: Any) -> None:
        replace_member({"members": [item]}, MEMBERS, old, new)

    for i, item in enumerate(lf.items("members")):
        if i != index and replace_member({"members": [copy.deepcopy(to_plain(item))]},
                                         MEMBERS, old, new):
            lf.edit_item("members", i, change)


def _free_text_mentions(root: Path, relpaths: Iterable[str], secrets: Sequence[str]) -> list[str]:
    """``path:line`` of lines that still mention the person in free text (notes, bodies)."""
    wanted = [fold(s) for s in secrets if fold(s)]
    out: list[str] = []
    for relpath in dict.fromkeys([MEMBERS, *relpaths]):
        path = root / relpath
        if not path.is_file():
            continue
        for n, line in enumerate(_text_or_empty(path).splitlines(), 1):
            if relpath == MEMBERS and line.lstrip(" -").startswith("name:"):
                continue  # another member with the same name
            folded = f" {fold(line)} "
            if any(f" {w} " in folded for w in wanted):
                out.append(f"{relpath}:{n}")
    return out


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _word_mentions(root: Path, relpaths: Iterable[str], word: str) -> list[str]:
    """``path:line:col`` of each line that names ``word`` (a given name) as a whole word,
    accents and case ignored; words joined by hyphens (member ids like juan-perez-2) are one
    word, and other members' own ``name:`` lines are left out."""
    wanted = fold(word)
    out: list[str] = []
    for relpath in dict.fromkeys([MEMBERS, *relpaths]):
        path = root / relpath
        if not wanted or not path.is_file():
            continue
        for n, line in enumerate(_text_or_empty(path).splitlines(), 1):
            if relpath == MEMBERS and line.lstrip(" -").startswith("name:"):
                continue
            if wanted.split()[0] not in fold(line):
                continue
            for m in _WORD.finditer(line):
                if fold(m.group()) == wanted:
                    out.append(f"{relpath}:{n}:{m.start() + 1}")
                    break
    return out


def _whole_word(text: str) -> str:
    """A git filter-repo ``regex:`` pattern for ``text`` as a whole word."""
    return f"regex:(?<![\\w-]){re.escape(text)}(?![\\w-])"


# deletes copkit's history words (copkit.history._HistoryCache) from a repository's git folder,
# the main work tree's and each linked work tree's; no shell glob, which zsh refuses unmatched
_DELETE_HISTORY_CACHES = "find .git -path '*/copkit/history-*.pickle' -delete"


def _drop_caches(root: Path) -> tuple[list[str], list[str]]:
    """Delete copkit's caches that may hold a forgotten person's data: the words of past
    commits ``copkit history`` keeps in the repository's git folder (the main work tree's and
    each linked work tree's), and this CoP's parsed files in the user's cache folder (with
    left-over temporary files of either). Deleting a cache only costs a slower next run.
    Returns the paths deleted, and those that could not be (to delete by hand)."""
    from copkit.git import commit as gitio
    from copkit.model.cache import ParseCache

    found: list[Path] = []
    if gitio.find_repo_root(root) is not None:
        try:
            common = Path(gitio.open_repo(root).common_dir)
        except GitError:
            common = None
        if common is not None:
            for folder in [common / "copkit", *sorted(common.glob("worktrees/*/copkit"))]:
                found += sorted(folder.glob("history-*.pickle"))
                found += sorted(folder.glob(".history-*"))
    parsed = ParseCache(root).path
    found += [parsed, *sorted(parsed.parent.glob(f"{parsed.stem}.*.tmp"))]
    dropped: list[str] = []
    stuck: list[str] = []
    for path in found:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            stuck.append(str(path))
            continue
        dropped.append(str(path))
    return dropped, stuck


def purge_instructions(outcome: ForgetOutcome) -> str:
    """How to remove the person from git history too (git filter-repo), and from copkit's
    own caches, which history rewriting does not reach."""
    import shlex

    from copkit.model.cache import cache_dir

    lines = [f"{old}==>{new}" for old, new in outcome.replacements]
    body = "\n".join(f"       {ln}" for ln in lines)
    if outcome.namesakes:
        body += ("\n     careful: " + ", ".join(outcome.namesakes) + " has the same name; the "
                 "name line would rewrite it in history too")
    return (
        "The working files no longer hold this person's data, but git history still does.\n"
        "To erase it from history as well (this rewrites history; everyone must clone the\n"
        "repository again afterwards):\n"
        "  1. install git-filter-repo:  pip install git-filter-repo\n"
        "  2. write these lines to a file OUTSIDE the repository, e.g. ~/forget.txt\n"
        "     (check them first: each left side is replaced everywhere in history):\n"
        f"{body}\n"
        "  3. in the repository run:\n"
        "       git filter-repo --force --replace-text ~/forget.txt \\\n"
        "                       --replace-message ~/forget.txt\n"
        "  4. push the rewritten history (git push --force --all), ask everyone to clone\n"
        "     again, then delete ~/forget.txt.\n"
        "  5. delete copkit's own caches, which hold words of the old history and which a\n"
        "     rewrite does not reach (no copkit command may run meanwhile): in the\n"
        "     repository where you ran git filter-repo, and in every clone kept,\n"
        f"       {_DELETE_HISTORY_CACHES}\n"
        "     and on every computer where copkit read this CoP, copkit's cache folder:\n"
        f"       rm -rf {shlex.quote(str(cache_dir()))}\n"
        "     (that is this computer's; elsewhere it is $COPKIT_CACHE_DIR, else\n"
        "     $XDG_CACHE_HOME/copkit, else ~/.cache/copkit).")


# ---------------------------------------------------------------- merging members
# lists whose items are kept from both records (the kept member's first)
_MERGED_LISTS = ("roles", "interests", "expertise", "responsibilities")


def _merged_fields(keep: Mapping[str, Any], drop: Mapping[str, Any]
                   ) -> tuple[dict[str, Any], list[str]]:
    """The kept member's fields that change when ``drop`` is folded into it (None: the field
    goes), and a line for each change and for each value of ``drop`` that is not kept.
    Fields the kept member lacks are filled in; lists are joined; the earlier 'joined'
    stays; 'left' only when both records had left (the later); consent is the stricter."""
    new: dict[str, Any] = {}
    lines: list[str] = []
    them = str(drop.get("id"))
    for name in MEMBER_FIELDS[1:]:
        mine, theirs = keep.get(name), drop.get(name)
        if theirs in (None, [], {}) and name != "left":
            continue
        if name in _MERGED_LISTS and isinstance(mine or [], list) and isinstance(theirs, list):
            value: Any = list(mine or []) + [v for v in theirs if v not in (mine or [])]
        elif name == "joined" and mine is not None:
            value = min(mine, theirs) if isinstance(mine, _dt.date) and \
                isinstance(theirs, _dt.date) else mine
        elif name == "left":  # still a member while either record is
            value = None if mine is None or theirs is None else max(mine, theirs)
        elif name == "consent" and isinstance(mine, dict) and isinstance(theirs, dict):
            value = {k: bool(mine.get(k)) and bool(theirs.get(k)) for k in {**mine, **theirs}}
        elif mine in (None, [], {}):
            value = theirs
        else:
            if to_plain(mine) != to_plain(theirs):
                lines.append(f"{name}: {them}'s differs and is not kept (git history keeps it)"
                             if name in CONTACT_FIELDS else
                             f"{name}: kept {_show(mine)}; {them}'s {_show(theirs)} is not "
                             "kept (git history keeps it)")
            continue
        if to_plain(value) != to_plain(mine):
            new[name] = value
            lines.append(_describe_change(name, mine, value) + f" (from {them})")
    return new, lines


def _ref_changes(root: Path, drop: str, keep: str) -> dict[str, tuple[str, Any, list[str]]]:
    """The files naming member ``drop`` in a member-reference field (read, not written):
    relpath -> (text, data with ``keep`` in its place, where)."""
    import copy

    from copkit.memberrefs import ref_files, replace_member
    from copkit.yaml.read import load_data
    from copkit.yaml.scalars import YamlProblem

    out: dict[str, tuple[str, Any, list[str]]] = {}
    for relpath in ref_files(root):
        text = inside(root, relpath).read_text(encoding="utf-8", errors="replace")
        if drop not in text:
            continue
        try:
            data = copy.deepcopy(to_plain(load_data(text, relpath)))
        except YamlProblem as p:
            raise RecordError(p.message, "fix the file first (copkit check shows every "
                              "problem)", f"{relpath}:{p.line}:{p.column}") from None
        where = replace_member(data, relpath, drop, keep)
        if where:
            out[relpath] = (text, data, where)
    return out


def _merge_members_file(ctx: Context, keep: str, drop: str) -> tuple[dict[str, Any], list[str]]:
    """Check both members, validate the merged record, and edit members.yaml: the kept
    member's fields, the other's record removed (its comments moved to the kept one)."""
    from copkit.model.schemas import Member

    lf, keep_at = _member_item(ctx, keep)
    _, drop_at = _member_item(ctx, drop)
    items = lf.items("members")
    mine, theirs = to_plain(items[keep_at]), to_plain(items[drop_at])
    new, lines = _merged_fields(mine, theirs)
    merged = {k: v for k, v in {**mine, **new}.items() if v is not None}
    validate(Member, merged, f"merge member '{drop}' into '{keep}'")

    def change(item: Any) -> None:
        for name, value in new.items():
            if value is None:
                item.pop(name, None)
            else:
                _set_field(item, name, value, MEMBER_FIELDS)

    if new:
        lf.edit_item("members", keep_at, change)
    _remove_member(lf, drop_at, keep_at, drop, keep)
    return new, lines


def merge_preview(root: Path, keep: str, drop: str) -> list[str]:
    """What :func:`merge_members` would change, one line each (no contact details)."""
    root = Path(root)
    if keep == drop:
        raise UsageError(f"'{keep}' is named twice: give the member to keep, then the other")
    ctx = Context(root)
    lf, keep_at = _member_item(ctx, keep)
    _, drop_at = _member_item(ctx, drop)
    items = lf.items("members")
    _, lines = _merged_fields(to_plain(items[keep_at]), to_plain(items[drop_at]))
    out = [f"{MEMBERS}: {drop}'s record is removed; {keep} keeps its own"]
    out += [f"{MEMBERS}: {keep}: {line}" for line in lines]
    for relpath, (_, _, where) in _ref_changes(root, drop, keep).items():
        out.append(f"{relpath}: {drop} -> {keep} in {', '.join(where)}")
    return out


def merge_members(root: Path, keep: str, drop: str, *, no_commit: bool = False) -> Outcome:
    """Fold member ``drop`` into member ``keep``: every reference to ``drop`` names ``keep``
    (lists keep one of the two), ``keep`` gets the fields it lacked, ``drop``'s record goes;
    one commit. The fields holding member ids come from the schemas
    (:func:`copkit.memberrefs.member_ref_paths`)."""
    root = Path(root)
    check_id(keep, "the member to keep")
    check_id(drop, "the member to merge")
    if keep == drop:
        raise UsageError(f"'{keep}' is named twice: give the member to keep, then the other")
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        _, lines = _merge_members_file(ctx, keep, drop)
        refs = _ref_changes(root, drop, keep)  # every file read and checked before writing
        written = [MEMBERS]
        body = [f"{MEMBERS}: {drop}'s record removed"] + [f"{MEMBERS}: {keep}: {ln}"
                                                          for ln in lines]
        texts = {}
        for relpath, (text, data, where) in refs.items():
            texts[relpath] = _write_refs(root, relpath, text, data, drop, keep)
            written.append(relpath)
            body.append(f"{relpath}: {drop} -> {keep} in {', '.join(where)}")
        ctx.list_file(MEMBERS).save()
        outcome = Outcome(keep, "merge", written, f"copkit: merge member {drop} into {keep}",
                          body, notes=_merge_notes(refs, texts, drop, keep))
        return commit(root, outcome, no_commit)


def _merge_notes(refs: Mapping[str, tuple[str, Any, list[str]]], texts: Mapping[str, str],
                 drop: str, keep: str) -> list[str]:
    """Survey responses now twice by ``keep``, and free text still naming ``drop`` in the
    files written (``texts``: their new text; no other file names ``drop`` at all)."""
    notes = []
    for relpath, (_, data, _) in refs.items():
        mine = [i for i, r in enumerate(data.get("responses") or [])
                if isinstance(r, dict) and r.get("respondent") == keep]
        if len(mine) > 1:
            notes.append(f"{relpath}: responses {', '.join(str(i + 1) for i in mine)} are all "
                         f"{keep}'s now; all are kept (remove one by hand if they answered "
                         "twice)")
    word = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(drop)}(?![A-Za-z0-9_-])")
    for relpath, text in texts.items():
        for n, line in enumerate(text.splitlines(), 1):
            if word.search(line):
                notes.append(f"{relpath}:{n}: free text still names {drop}")
    return notes


def _write_refs(root: Path, relpath: str, text: str, data: Any, drop: str, keep: str) -> str:
    """Write a file with ``drop`` replaced by ``keep`` in its member references (``data``:
    what it must then hold): the id replaced as a whole word in the text when that gives
    exactly ``data``, else a round-trip edit (comments kept either way). Returns the text
    written."""
    from copkit.memberrefs import replace_member
    from copkit.yaml.read import load_data
    from copkit.yaml.scalars import YamlProblem

    pattern = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(drop)}(?![A-Za-z0-9_-])")
    quick = pattern.sub(keep, text)
    try:
        same = to_plain(load_data(quick, relpath)) == data
    except YamlProblem:
        same = False
    path = inside(root, relpath)
    if path.read_text(encoding="utf-8", errors="replace") != text:
        from copkit.errors import ConflictError

        raise ConflictError(f"{relpath} changed while copkit was editing it",
                            "run the command again")
    if same:
        store.write_text(path, quick)
        return quick
    doc = open_record(root, relpath)
    replace_member(doc.data, relpath, drop, keep)
    doc.save()
    return doc.dumps()


_KEY_PART = re.compile(r"""\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:(?:\s+|$))?""")


def _comment_of(line: str) -> str:
    """The text of a YAML line's comment ('' for none): after the key, a quoted value is
    skipped; then a comment starts at the first ' #'."""
    if line.lstrip().startswith("#"):
        return line.strip()[1:].strip()
    rest = line.rstrip("\r\n")
    rest = rest[_KEY_PART.match(rest).end():]  # type: ignore[union-attr]
    if rest[:1] in ("'", '"'):
        i = 1
        while i < len(rest) and rest[i] != rest[0]:
            i += 2 if rest[0] == '"' and rest[i] == "\\" else 1
        rest = rest[i + 1:]
    at = f" {rest}".find(" #")
    return rest[at + 1:].lstrip("#").strip() if at >= 0 else ""


def _remove_member(lf: ListFile, index: int, keep_at: int, drop: str, keep: str) -> None:
    """Remove item ``index`` (member ``drop``) from members.yaml. Its comments, and the
    comment lines right above it, are moved to the end of ``keep``'s item as
    ``# merged from DROP: ...``: nothing a person wrote is lost. The text edit is checked by
    reading the file back; a list that is not a plain block list is edited by ruamel.yaml,
    which is refused when the record has a comment (it would be lost)."""
    from copkit.yaml.read import load_data

    data = to_plain(lf.sm.data)
    expected = {**data, "members": [m for i, m in enumerate(data["members"]) if i != index]}
    lf._quick.clear()  # the item layout as it is now (a splice of the kept item moved lines)
    q = lf.quick("members")
    new = _text_without(lf.lines, q, index, keep_at, drop) if q is not None else None
    if new is not None and to_plain(load_data(new, MEMBERS)) == expected:
        lf.text = new  # as a splice of ListFile's own: save() checks the file and writes
        lf.lines = new.splitlines(keepends=True)
        lf._sm = None
        lf._quick.clear()
        return
    line, _ = lf.sm.locate(["members", index])
    end = lf.sm.locate(["members", index + 1])[0] if index + 1 < len(data["members"]) else \
        len(lf.lines) + 1
    if any("#" in ln for ln in lf.lines[line - 1:end - 1]):
        raise RecordError(f"copkit cannot remove {drop}'s record from members.yaml without "
                          "losing the comments written in it",
                          f"move those comments to {keep}'s record (or delete them), then run "
                          "the command again", f"{MEMBERS}:{line}:1")
    del lf._full_doc().data["members"][index]


def _text_without(lines: list[str], q: tuple[list[int], int, int], index: int, keep_at: int,
                  drop: str) -> str | None:
    """members.yaml's text without item ``index``, its comments at the end of item
    ``keep_at`` (see :func:`_remove_member`); None when the items are not laid out simply."""
    starts, end, dash = q

    def stop_of(i: int) -> int:
        stop = starts[i + 1] if i + 1 < len(starts) else end
        while stop > starts[i] + 1 and (not lines[stop - 1].strip() or (
                lines[stop - 1].lstrip().startswith("#")
                and len(lines[stop - 1]) - len(lines[stop - 1].lstrip(" ")) <= dash)):
            stop -= 1
        return stop

    first = starts[index]
    while first > 0 and lines[first - 1].lstrip().startswith("#") and \
            len(lines[first - 1]) - len(lines[first - 1].lstrip(" ")) <= dash and \
            (index == 0 or first - 1 >= stop_of(index - 1)):
        first -= 1
    last, at = stop_of(index), stop_of(keep_at)
    head = re.match(r" *- +", lines[starts[keep_at]])
    if head is None or any(ln.rstrip().endswith(("|", ">", "|-", ">-")) for ln in
                           lines[first:last]):
        return None
    eol = "\r\n" if lines[first].endswith("\r\n") else "\n"
    said = [_comment_of(ln) for ln in lines[first:last]]
    moved = [f"{' ' * head.end()}# merged from {drop}: {s}{eol}" for s in said if s]
    out: list[str] = []
    for i, ln in enumerate(lines):
        if not first <= i < last:
            out.append(ln)
        if i == at - 1:
            out.extend(moved)
    return "".join(out)


# ---------------------------------------------------------------- meetings
MEETING_FIELDS = ("date", "title", "format", "location", "duration_minutes", "facilitator",
                  "topics", "attendees", "guests", "notes", "decisions", "actions",
                  "knowledge")


def parse_guest(text: str) -> dict[str, str]:
    """'Name|Organisation|Role' (organisation and role optional) as a guest mapping."""
    check_text(text, "--guest")
    parts = [p.strip() for p in text.split("|")]
    guest = {"name": parts[0]}
    if len(parts) > 1 and parts[1]:
        guest["organisation"] = parts[1]
    if len(parts) > 2 and parts[2]:
        guest["role"] = parts[2]
    if not guest["name"]:
        raise UsageError(f"--guest '{text}': a guest needs a name",
                         "write --guest 'Name|Organisation|Role'")
    return guest


def meeting_path(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.yaml"


def _meeting_refs(ctx: Context, obj: Any) -> None:
    members = ctx.member_ids
    require_refs([obj.facilitator], members, "member", "facilitator")
    require_refs(obj.attendees, members, "member", "attendees")
    require_refs([a.owner for a in obj.actions], members, "member", "actions")
    require_refs(obj.topics, ctx.topic_ids, "topic", "topics")
    require_refs(obj.knowledge, ctx.record_ids("practices"), "practice", "knowledge")


def new_meeting(root: Path, values: Mapping[str, Any], *, slug: str | None = None,
                no_commit: bool = False) -> Outcome:
    """Create ``meetings/DATE-SLUG.yaml``. Refuses when that file exists."""
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    from copkit.model.schemas import Meeting

    if "date" not in values or "title" not in values:
        raise UsageError("a meeting needs a --date and a --title")
    day = parse_day(values["date"], "--date")
    if slug is not None:
        check_id(slug, "--slug")
    base = slug or slugify(str(values["title"]), 50) or "meeting"
    meeting_id = f"{day.isoformat()}-{base}"
    relpath = meeting_path(meeting_id)
    with store.cop_lock(root):
        ctx = Context(root)
        if (root / relpath).exists():
            raise RecordError(f"a meeting on {day} with this title is already recorded in "
                              f"{relpath}",
                              f"give another --slug, or add people to it with copkit meeting "
                              f"attend {meeting_id}", f"{relpath}:1:1")
        data = dict(values)
        for key in ("facilitator",):
            if key in data:
                data[key] = resolve_people(ctx, [str(data[key])], "--facilitator")[0]
        if "attendees" in data:
            data["attendees"] = list(dict.fromkeys(
                resolve_people(ctx, data["attendees"], "--attendee")))
        obj = validate(Meeting, data, f"create meeting {meeting_id}")
        _meeting_refs(ctx, obj)
        _write_new(root, relpath, record_dump(obj))
        outcome = Outcome(meeting_id, "add", [relpath], f"copkit: add meeting {meeting_id}",
                          [f"{relpath}: new meeting '{obj.title}'"])
        return commit(root, outcome, no_commit)


def find_meeting(ctx: Context, meeting_id: str, what: str = "the meeting id") -> str:
    """The path of a recorded meeting, from an id the user typed (checked to be an id and to
    name a file inside the CoP)."""
    check_id(meeting_id, what)
    relpath = meeting_path(meeting_id)
    if not txn.is_file(inside(ctx.root, relpath)):
        raise unknown_record("meeting", meeting_id, ctx.record_ids("meetings"),
                             "copkit meeting list")
    return relpath


@dataclass
class Attendance:
    """People to add to a meeting: member ids, guests, and people to add as members first."""

    attendees: list[str] = field(default_factory=list)
    guests: list[dict[str, str]] = field(default_factory=list)
    new_members: list[dict[str, Any]] = field(default_factory=list)


def add_to_meeting(ctx: Context, meeting_id: str, attendance: Attendance,
                   extra: Mapping[str, Any] | None = None) -> tuple[list[str], list[str]]:
    """Write the attendance into the meeting file (and new members into members.yaml).
    Returns (files written, change lines). Call under the lock."""
    from copkit.model.schemas import Meeting, Member

    relpath = find_meeting(ctx, meeting_id)
    written: list[str] = []
    body: list[str] = []
    members_lf = ctx.list_file(MEMBERS) if attendance.new_members else None
    taken = ctx.member_ids if attendance.new_members else set()
    new_ids: list[str] = []
    new_items: list[Any] = []
    doc = open_record(ctx.root, relpath)
    data = doc.data
    current = to_plain(data)
    for values in attendance.new_members:
        mid = unique_id(slugify(str(values["name"])) or "member", taken | set(new_ids))
        values = {"joined": current.get("date"), **clean(values)}  # a member since then
        obj = validate(Member, {"id": mid, **clean(values)}, f"add member '{mid}'")
        new_items.append(to_yaml(record_dump(obj)))
        new_ids.append(mid)
        body.append(f"{MEMBERS}: member {mid} added")
    if members_lf is not None:
        members_lf.extend("members", new_items)
    present = set(current.get("attendees") or [])
    add_ids = [m for m in dict.fromkeys([*attendance.attendees, *new_ids]) if m not in present]
    known_guests = {fold(str(g.get("name", ""))) for g in current.get("guests") or []
                    if isinstance(g, dict)}
    add_guests = []
    for g in attendance.guests:
        if fold(g["name"]) not in known_guests:
            known_guests.add(fold(g["name"]))
            add_guests.append(g)
    if add_ids:
        if isinstance(data.get("attendees"), list):
            data["attendees"].extend(add_ids)
        else:
            _set_field(data, "attendees", add_ids, MEETING_FIELDS)
    if add_guests:
        if isinstance(data.get("guests"), list):
            seq = data["guests"]
            if not seq and hasattr(seq, "fa"):
                seq.fa.set_block_style()
            seq.extend(to_yaml(g, top=False) for g in add_guests)
        else:
            _set_field(data, "guests", add_guests, MEETING_FIELDS)
    for key, value in (extra or {}).items():
        if value is not None and current.get(key) in (None, "", []):
            _set_field(data, key, value, MEETING_FIELDS)
    validate(Meeting, to_plain(data), f"update meeting {meeting_id}")
    missing = ctx.missing_members(a for a in add_ids if a not in new_ids)
    if missing:
        require_refs(missing[:1], ctx.member_ids, "member", "attendees")
    if add_ids:
        body.append(f"{relpath}: attendees + " + ", ".join(add_ids))
    if add_guests:
        body.append(f"{relpath}: guests + " + ", ".join(g["name"] for g in add_guests))
    if doc.changed:
        if members_lf is not None and new_ids:
            members_lf.save()
            written.append(MEMBERS)
        doc.save()
        written.append(relpath)
    return written, body


def attend_meeting(root: Path, meeting_id: str, people: Sequence[str],
                   guests: Sequence[str] = (), *, add_unknown: str | None = None,
                   no_commit: bool = False) -> Outcome:
    """Add people (member ids, emails or names) and guests to a meeting's attendance."""
    root = Path(root)
    precheck_git(root, no_commit)
    if add_unknown not in (None, "members", "guests"):
        raise UsageError(f"--add-unknown {add_unknown}: expected members or guests")
    with store.cop_lock(root):
        ctx = Context(root)
        find_meeting(ctx, meeting_id)
        index: PeopleIndex | None = None
        att = Attendance(guests=[parse_guest(g) for g in guests])
        maybe: list[str] = []
        for person in people:
            check_text(person, "the person")
            if person in ctx.fast_member_ids():  # a member id: no need to match names
                att.attendees.append(person)
                continue
            index = index or ctx.people()
            match = index.match(name=person, email=person if "@" in person else None)
            if match.kind == "ambiguous":
                raise RecordError(f"'{person}' matches more than one member: "
                                  + ", ".join(match.candidates),
                                  "name the person by member id (copkit member list shows them)")
            if match.member_id:
                att.attendees.append(match.member_id)
            elif add_unknown == "guests":
                att.guests.append({"name": person})
            elif add_unknown == "members" and "@" not in person:
                att.new_members.append({"name": person})
            else:
                raise RecordError(f"'{person}' is not a member", _possibly(
                    match, "add them with copkit member add, or pass --add-unknown guests "
                    "(or members)"))
            if match.possible and not match.member_id:
                from copkit.people import describe_all

                maybe.append(f"'{person}' is not a member, possibly "
                             f"{describe_all(match.possible)}")
        written, body = add_to_meeting(ctx, meeting_id, att)
        outcome = Outcome(meeting_id, "attend", written,
                          f"copkit: record attendance at meeting {meeting_id}", body,
                          notes=maybe)
        if not written:
            outcome.notes.append("nothing changed: everyone named was already recorded")
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- practices
def add_practice(root: Path, values: Mapping[str, Any], *, practice_id: str | None = None,
                 no_commit: bool = False) -> Outcome:
    """Create ``practices/ID.yaml`` (the id from the title unless given)."""
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    from copkit.checks.content import unsafe_path
    from copkit.model.schemas import Practice

    title = str(values.get("title") or "").strip()
    if not title:
        raise UsageError("a practice needs a --title")
    if practice_id is not None:
        check_id(practice_id, "--id")
    for i, f in enumerate(values.get("files") or []):
        problem = unsafe_path(str(f), root)
        if problem:
            raise RecordError(f"--file (files[{i}]): {problem}",
                              "attachments live inside the CoP folder: copy the file into "
                              "files/ and write a path like files/guide.pdf")
    with store.cop_lock(root):
        ctx = Context(root)
        taken = ctx.record_ids("practices")
        if practice_id is not None:
            if practice_id in taken:
                raise RecordError(f"the practice id '{practice_id}' already exists",
                                  "choose another --id",
                                  f"practices/{practice_id}.yaml:1:1")
            pid = practice_id
        else:
            pid = unique_id(slugify(title) or "practice", taken)
        data = dict(values)
        data.setdefault("added", today())
        if "contributors" in data:
            data["contributors"] = list(dict.fromkeys(
                resolve_people(ctx, data["contributors"], "--contributor")))
        obj = validate(Practice, data, f"add practice '{pid}'")
        require_refs(obj.topics, ctx.topic_ids, "topic", "topics")
        relpath = f"practices/{pid}.yaml"
        _write_new(root, relpath, record_dump(obj))
        outcome = Outcome(pid, "add", [relpath], f"copkit: add practice {pid}",
                          [f"{relpath}: new practice '{obj.title}'"])
        for f in obj.files:
            if not (root / f).exists():
                outcome.notes.append(f"the attached file {f} does not exist yet: add it to "
                                     "the repository")
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- activities
ACTIVITY_FIELDS = ("id", "title", "kind", "owner", "start", "end", "budget", "budget_needed",
                   "spent", "status", "topics")


def _check_amounts(values: Mapping[str, Any]) -> None:
    """A budget or an amount spent is a finite number, at least 0 (float('inf') and 'nan'
    read as numbers, and nothing can be budgeted with them)."""
    import math

    for key, flag in (("budget", "--budget"), ("spent", "--spent")):
        money = values.get(key)
        amount = money.get("amount") if isinstance(money, Mapping) else None
        if isinstance(amount, (int, float)) and not (math.isfinite(amount) and amount >= 0):
            raise UsageError(f"{flag} {amount:g}: an amount must be a number of at least 0",
                             f"give the amount in figures, like {flag} 1500")


def _activity_check(ctx: Context, obj: Any) -> None:
    require_refs([obj.owner], ctx.member_ids, "member", "owner")
    require_refs(obj.topics, ctx.topic_ids, "topic", "topics")
    if obj.start and obj.end and obj.end < obj.start:
        raise RecordError(f"activity '{obj.id}' would end ({obj.end}) before it starts "
                          f"({obj.start})", "fix --start or --end")


def add_activity(root: Path, values: Mapping[str, Any], *, activity_id: str | None = None,
                 no_commit: bool = False) -> Outcome:
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    from copkit.model.schemas import Activity

    title = str(values.get("title") or "").strip()
    if not title:
        raise UsageError("an activity needs a --title")
    if activity_id is not None:
        check_id(activity_id, "--id")
    _check_amounts(values)
    with store.cop_lock(root):
        ctx = Context(root)
        lf = ctx.list_file(ACTIVITIES)
        taken = ctx.activity_ids
        if activity_id is not None and activity_id in taken:
            raise RecordError(f"the activity id '{activity_id}' already exists",
                              "choose another --id, or change it with copkit activity update",
                              lf.location("activities", lf.index_of("activities", activity_id)
                                          or 0, "id"))
        aid = activity_id if activity_id is not None else \
            unique_id(slugify(title) or "activity", taken)
        obj = validate(Activity, {"id": aid, **values}, f"add activity '{aid}'")
        _activity_check(ctx, obj)
        lf.append("activities", to_yaml(record_dump(obj)))
        lf.save()
        outcome = Outcome(aid, "add", [ACTIVITIES], f"copkit: add activity {aid}",
                          [f"{ACTIVITIES}: activity {aid} added"])
        return commit(root, outcome, no_commit)


def update_activity(root: Path, activity_id: str, values: Mapping[str, Any],
                    unset: Iterable[str] = (), *, no_commit: bool = False) -> Outcome:
    root = Path(root)
    check_id(activity_id, "the activity id")
    values = clean(values)
    _check_amounts(values)
    precheck_git(root, no_commit)
    from copkit.model.schemas import Activity

    with store.cop_lock(root):
        ctx = Context(root)
        lf = ctx.list_file(ACTIVITIES)
        index = lf.find("activities", activity_id)
        if index is None:
            raise unknown_record("activity", activity_id, ctx.activity_ids,
                                 "copkit activity list")
        if "id" in values:
            raise UsageError("an activity's id cannot be changed")
        changes = _update_item(ctx, ACTIVITIES, "activities", index, Activity, values, unset,
                               ACTIVITY_FIELDS, f"update activity '{activity_id}'",
                               lambda obj: _activity_check(ctx, obj))
        outcome = Outcome(activity_id, "update")
        if changes:
            outcome.paths = [ACTIVITIES]
            outcome.subject = f"copkit: update activity {activity_id}"
            outcome.body = [f"{ACTIVITIES}: {activity_id}: {c}" for c in changes]
        else:
            outcome.notes.append("nothing changed: the activity already had these values")
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- stories
def add_story(root: Path, values: Mapping[str, Any], *, story_id: str | None = None,
              no_commit: bool = False) -> Outcome:
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    from copkit.model.schemas import Story

    title = str(values.get("title") or "").strip()
    if not title:
        raise UsageError("a story needs a --title")
    if story_id is not None:
        check_id(story_id, "--id")
    with store.cop_lock(root):
        ctx = Context(root)
        taken = ctx.record_ids("stories")
        if story_id is not None and story_id in taken:
            raise RecordError(f"the story id '{story_id}' already exists", "choose another --id",
                              f"stories/{story_id}.yaml:1:1")
        sid = story_id if story_id is not None else unique_id(slugify(title) or "story", taken)
        data = dict(values)
        data.setdefault("date", today())
        if "member" in data:
            data["member"] = resolve_people(ctx, [str(data["member"])], "--member")[0]
        cycles = clean(data.pop("cycles", {}) or {})
        if cycles:
            data["cycles"] = cycles
        obj = validate(Story, data, f"add story '{sid}'")
        require_refs(obj.goals, ctx.goal_ids, "goal", "goals")
        relpath = f"stories/{sid}.yaml"
        _write_new(root, relpath, record_dump(obj))
        outcome = Outcome(sid, "add", [relpath], f"copkit: add story {sid}",
                          [f"{relpath}: new story '{obj.title}'"])
        if not obj.cycles.furthest():
            outcome.notes.append("the story has no cycle yet: add what happened with "
                                 "--immediate, --potential, --applied, --realized or "
                                 "--transformative")
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- topics
def add_topic(root: Path, values: Mapping[str, Any], *, topic_id: str | None = None,
              no_commit: bool = False) -> Outcome:
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    from copkit.model.schemas import Topic

    title = str(values.get("title") or "").strip()
    if not title:
        raise UsageError("a topic needs a --title")
    if topic_id is not None:
        check_id(topic_id, "--id")
    with store.cop_lock(root):
        ctx = Context(root)
        lf = ctx.list_file(AGENDA)
        taken = ctx.topic_ids
        if topic_id is not None and topic_id in taken:
            raise RecordError(f"the topic id '{topic_id}' already exists", "choose another --id",
                              lf.location("topics", lf.index_of("topics", topic_id) or 0, "id"))
        tid = topic_id if topic_id is not None else unique_id(slugify(title, 40) or "topic", taken)
        data = {"id": tid, **values}
        if "lead" in data:
            data["lead"] = resolve_people(ctx, [str(data["lead"])], "--lead")[0]
        obj = validate(Topic, data, f"add topic '{tid}'")
        require_refs(obj.goals, ctx.goal_ids, "goal", "goals")
        require_refs([obj.group], ctx.group_ids, "thematic group", "group")
        lf.append("topics", to_yaml(record_dump(obj)))
        lf.save()
        outcome = Outcome(tid, "add", [AGENDA], f"copkit: add topic {tid}",
                          [f"{AGENDA}: topic {tid} added"])
        return commit(root, outcome, no_commit)


# ---------------------------------------------------------------- reading for list/show
@dataclass
class Loaded:
    """What ``list`` and ``show`` read: the valid records (``cop``, a
    :class:`copkit.repo.Cop`), the problems that kept others out (findings with their
    position), and how many records were left out because of them."""

    cop: Any
    findings: list[Any] = field(default_factory=list)
    hidden: int = 0


def _count(cop: Any) -> int:
    return (len(cop.members) + len(cop.agenda.topics) + len(cop.agenda.thematic_groups)
            + len(cop.activities) + len(cop.meetings) + len(cop.practices) + len(cop.stories)
            + len(cop.surveys))


def _raw_count(data: Any) -> int:
    if not isinstance(data, dict):
        return 0
    return sum(len(v) for k, v in data.items()
               if k in ("members", "topics", "thematic_groups", "activities")
               and isinstance(v, list))


def load_parts(root: Path, relpaths: Iterable[str]) -> Loaded:
    """The valid records of ``relpaths``, and the findings about the invalid ones. A file
    holding a list of records (members.yaml...) that cannot be read at all (a YAML syntax
    error) is an error with its position: no record of it could be listed. A record file
    that cannot be read is one record left out, named in the findings."""
    from copkit.model.findings import Finding
    from copkit.model.load import Cop, _load_one, looks_like_cop, read_source

    root = Path(root)
    if not looks_like_cop(root):
        from copkit.errors import NotACopError

        raise NotACopError(f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
                           "start one with copkit init DIR, or point at one with --cop DIR")
    cop = Cop(root=root)
    loaded = Loaded(cop)
    findings: list[Finding] = loaded.findings
    ids: dict[str, set[str]] = {k: set() for k in
                                ("members", "topics", "groups", "goals", "activities")}
    for relpath in relpaths:
        if not (root / relpath).is_file():
            continue
        one_record = "/" in relpath
        try:
            inside(root, relpath)
        except RecordError as exc:
            if not one_record:
                raise
            findings.append(Finding("bad-path", exc.message, relpath, 1, 1, exc.hint))
            loaded.hidden += 1
            continue
        sm = read_source(root, relpath, findings)
        if sm is None:
            if not one_record:
                problem = findings[-1]
                raise RecordError(problem.message,
                                  "fix the file first (copkit check shows every problem and "
                                  "how to fix it)", problem.location or f"{relpath}:1:1")
            loaded.hidden += 1
            continue
        cop.sources[relpath] = sm
        before = _count(cop)
        _load_one(cop, relpath, sm, findings, ids)
        valid = _count(cop) - before
        loaded.hidden += (1 - valid) if one_record else max(0, _raw_count(sm.data) - valid)
    cop.meetings.sort(key=lambda m: (m.date, m.id))
    cop.practices.sort(key=lambda p: p.id)
    cop.known_ids = ids
    return loaded


def invalid_record(what: str, record_id: str, location: str,
                   problems: Sequence[Any]) -> RecordError:
    """The error for a record that exists but does not validate: each problem with its
    ``path:line:col`` (and its hint), so the user sees what to fix without another command."""
    from copkit.text import printable

    lines = [f"{what} '{record_id}' is not a valid record, so it is not shown:"]
    for f in problems:
        hint = f" ({f.hint})" if f.hint else ""
        lines.append(f"  {f.location or location}: {printable(f.message)}{printable(hint)}")
    return RecordError("\n".join(lines),
                       "fix what is named above, then run copkit check to confirm", location)


RECORD_FOLDERS = {"meeting": "meetings", "practice": "practices"}


def read_record(root: Path, kind: str, record_id: str) -> tuple[str, Any]:
    """A meeting or a practice by its id (its file name), for ``show``: (path, record).
    An unknown id, an id that is not one, and a record that does not validate are errors (the
    last with each problem positioned)."""
    root = Path(root)
    check_id(record_id, f"the {kind} id")
    folder = RECORD_FOLDERS[kind]
    relpath = f"{folder}/{record_id}.yaml"
    if not inside(root, relpath).is_file():
        raise unknown_record(kind, record_id, Context(root).record_ids(folder),
                             f"copkit {kind} list")
    loaded = load_parts(root, [relpath])
    found = loaded.cop.meetings if kind == "meeting" else loaded.cop.practices
    if not found:
        raise invalid_record(kind, record_id, f"{relpath}:1:1", loaded.findings)
    return relpath, found[0]


def read_member(root: Path, member_id: str) -> Any:
    """A member by id, for ``member show``; an invalid record is an error naming each of its
    problems with its position (not 'there is no such member')."""
    root = Path(root)
    check_id(member_id, "the member id")
    loaded = load_parts(root, [MEMBERS])
    member = loaded.cop.member_index().get(member_id)
    if member is not None:
        return member
    sm = loaded.cop.sources.get(MEMBERS)
    items = sm.data.get("members") if sm is not None and isinstance(sm.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("id") == member_id:
            from copkit.model.load import validate as check_item
            from copkit.model.schemas import Member

            _, problems = check_item(Member, sm, ("members", i), data=item)
            line, col = sm.locate(["members", i])
            raise invalid_record("member", member_id, f"{MEMBERS}:{line}:{col}", problems)
    raise unknown_record("member", member_id, loaded.cop.known_ids.get("members", set()),
                         "copkit member list")


def folder_files(root: Path, folder: str) -> list[str]:
    base = Path(root) / folder
    if not base.is_dir():
        return []
    return [f"{folder}/{n}" for n in sorted(os.listdir(base)) if n.endswith(".yaml")]


def meetings_attended(root: Path, member_id: str) -> tuple[list[Any], Loaded]:
    """The meetings (oldest first) that list ``member_id`` among their attendees, and what
    was read to find them; only the files that mention the id are parsed."""
    root = Path(root)
    candidates = []
    for relpath in folder_files(root, "meetings"):
        try:
            text = (root / relpath).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if member_id in text:
            candidates.append(relpath)
    loaded = load_parts(root, candidates)
    return [m for m in loaded.cop.meetings if member_id in m.attendees], loaded
