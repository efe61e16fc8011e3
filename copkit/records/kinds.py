"""The record kinds, in one table (:data:`KINDS`), and the one way a record is added
(:func:`add`), changed (:func:`update`) and listed (:func:`list_rows`).

A kind says where its records live (a file each in a folder, like ``practices/``, or the
items of a list file, like ``activities.yaml``), its pydantic model (by name:
copkit.model.schemas is imported only by the commands that validate), how a new record's id
is made, which fields name people (names and emails are turned into member ids), and what
else adding one checks or notes. Every add follows the same steps, under
:func:`copkit.edit.store.cop_lock` so that two copkit processes never interleave:

1. the values given are cleaned (control characters refused), the record's required fields
   and the id given are checked, and so is git (a change that could not be committed is
   refused before anything is written);
2. under the lock, the id is made (unique; or refused when given and taken), the record is
   built, validated with its model, and every id it names checked against the CoP: nothing
   is written when any of these fails;
3. the record is written: a new file that never overwrites one, or an item appended to its
   list file in place (comments and formatting elsewhere kept byte for byte: see
   :mod:`copkit.edit.splice`);
4. exactly the files written are committed, with a message saying what changed (unless
   ``no_commit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.edit.splice import to_plain
from copkit.errors import RecordError, UsageError
from copkit.periods import today
from copkit.records import attendance, groups, meetings, members
from copkit.records import organisations as orgs
from copkit.records.context import (
    ACTIVITIES,
    AGENDA,
    MEMBERS,
    Context,
    inside,
    require_refs,
    resolve_people,
    unknown_record,
)
from copkit.records.ids import check_id, unique_id
from copkit.records.practices import revise_practice
from copkit.records.revise import revise_activity, revise_story, revise_topic
from copkit.records.values import clean, record_dump, validate
from copkit.records.writing import (
    Outcome,
    commit,
    open_record,
    precheck_git,
    to_yaml,
    update_file,
    update_item,
    write_new,
)
from copkit.text import slugify
from copkit.yaml import txn

ACTIVITY_FIELDS = ("id", "title", "kind", "owner", "start", "end", "budget", "budget_needed",
                   "spent", "status", "topics")

Values = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """A kind of record: where its records are, and what adding, changing and listing one
    involves beyond the steps every kind follows."""

    name: str                   # "practice"
    model: str                  # its model in copkit.model.schemas: "Practice"
    where: str                  # a folder ("practices/": a file each) or a list file
    key: str = ""               # the list's key in a list file: "activities"
    fields: tuple[str, ...] = ()  # the schema's field order (where an update puts a new one)
    # a new record: the values it needs (a usage error otherwise), its id, its fields
    require: Callable[[Mapping[str, Any]], None] = lambda values: None
    title: str = "title"        # the field a new id is made from
    id_length: int = 60
    id_flag: str = "--id"
    new_id: Callable[[Context, Mapping[str, Any], str | None], str] | None = None
    exists_hint: str = "choose another --id"
    dated: str = ""             # a date field that is today unless given
    people: tuple[tuple[str, str, bool], ...] = ()  # (field, flag, a list?): names -> ids
    before: Callable[[Path, Values], None] | None = None  # the values, before the lock
    vet: Callable[[Context, str, Values], None] | None = None  # the values, under the lock
    check: Callable[[Context, Any, str], None] | None = None  # the validated record
    # what to say after adding one (given the command's context: the files it read already)
    notes: Callable[[Context, Any], list[str]] | None = None
    # an update: what it writes beyond the fields given (the record as it is, the values,
    # the command's other options: a status's day, an action to add...)
    revise: Callable[[Context, str, Mapping[str, Any], Values, Mapping[str, Any]], Values] \
        | None = None
    renamed: Callable[[str, Mapping[str, Any]], str | None] | None = None  # a new id
    # the references to a renamed record moved along (the record before and after): paths
    moved: Callable[[Context, Mapping[str, Any], Mapping[str, Any]], list[str]] | None = None
    adding: str = "add {kind} '{id}'"
    fixed_id_hint: str | None = None
    # listing: the columns, cells made from a record's JSON, what an empty list says
    columns: tuple[str, ...] = ()
    cells: Mapping[str, Callable[[Mapping[str, Any]], Any]] = field(default_factory=dict)
    empty: str = ""
    listed: str = ""            # the records a list leaves out are called "invalid {listed}"
    records: Callable[[Any], list[Any]] = lambda cop: []  # the kind's records in a Cop
    plain: Callable[[Path], list[dict[str, Any]] | None] | None = None  # listed w/o pydantic

    @property
    def folder(self) -> str | None:
        """The folder holding a file per record, or None for the items of a list file."""
        return self.where[:-1] if self.where.endswith("/") else None

    @property
    def a(self) -> str:
        return f"{'an' if self.name[0] in 'aeiou' else 'a'} {self.name}"

    @property
    def order(self) -> tuple[str, ...]:
        """The schema's field order (where an update puts a field the record lacks)."""
        return self.fields or tuple(self.model_class().model_fields)

    def model_class(self) -> Any:
        from copkit.model import schemas

        return getattr(schemas, self.model)

    def relpath(self, record_id: str) -> str:
        return f"{self.where}{record_id}.yaml" if self.folder else self.where


def needs(message: str, hint: str | None = None, field: str = "title"
          ) -> Callable[[Mapping[str, Any]], None]:
    """A ``require`` hook: the field (a title) is given and not blank."""
    def require(values: Mapping[str, Any]) -> None:
        if not str(values.get(field) or "").strip():
            raise UsageError(message, hint)

    return require


# ---------------------------------------------------------------- add
def add(name: str, root: Path, values: Mapping[str, Any], *, record_id: str | None = None,
        no_commit: bool = False) -> Outcome:
    """Add a record of kind ``name`` (the id from its title unless ``record_id`` is given)."""
    kind = KINDS[name]
    root = Path(root)
    values = clean(values)
    precheck_git(root, no_commit)
    kind.require(values)
    if record_id is not None:
        check_id(record_id, kind.id_flag)
    if kind.before:
        kind.before(root, values)
    with store.cop_lock(root):
        ctx = Context(root)
        new_id = (kind.new_id or _new_id(kind))(ctx, values, record_id)
        what = kind.adding.format(kind=name, id=new_id)
        obj = validate(kind.model_class(), _data(kind, ctx, new_id, values), what)
        if kind.check:
            kind.check(ctx, obj, what)
        relpath = kind.relpath(new_id)
        if kind.folder:
            write_new(root, relpath, record_dump(obj))
            said = f"{relpath}: new {name} '{obj.title}'"
        else:
            lf = ctx.list_file(kind.where)
            lf.append(kind.key, to_yaml(record_dump(obj)))
            lf.save()
            said = f"{relpath}: {name} {new_id} added"
        outcome = Outcome(new_id, "add", [relpath], f"copkit: add {name} {new_id}", [said])
        outcome.notes += kind.notes(ctx, obj) if kind.notes else []
        return commit(root, outcome, no_commit)


def _new_id(kind: Kind) -> Callable[[Context, Mapping[str, Any], str | None], str]:
    """The id of a new record: the one given, refused when taken; else made from its title,
    made unique."""
    def new_id(ctx: Context, values: Mapping[str, Any], given: str | None) -> str:
        if kind.folder:
            taken = ctx.record_ids(kind.folder)
        else:
            taken = ctx.quick_ids(kind.where, kind.key)
        if given is None:
            title = str(values.get(kind.title) or "").strip()
            return unique_id(slugify(title, kind.id_length) or kind.name, taken)
        if given in taken:
            raise RecordError(f"the {kind.name} id '{given}' already exists", kind.exists_hint,
                              _location(kind, ctx, given))
        return given

    return new_id


def _location(kind: Kind, ctx: Context, record_id: str) -> str:
    if kind.folder:
        return f"{kind.relpath(record_id)}:1:1"
    lf = ctx.list_file(kind.where)
    return lf.location(kind.key, lf.find(kind.key, record_id) or 0, "id")


def _data(kind: Kind, ctx: Context, new_id: str, values: Values) -> Values:
    """The new record's fields: the values given, its id (in a list file), the vetting of
    the kind, the date it defaults to today, and people as member ids."""
    data = dict(values) if kind.folder else {"id": new_id, **values}
    if kind.vet:
        kind.vet(ctx, new_id, data)
    if kind.dated:
        data.setdefault(kind.dated, today())
    people_ids(kind, ctx, data)
    return data


def people_ids(kind: Kind, ctx: Context, data: Values) -> None:
    """The people named in ``data``'s people fields as member ids, by the one resolver."""
    for key, flag, many in kind.people:
        if data.get(key) is None:
            continue
        if many:
            data[key] = list(dict.fromkeys(resolve_people(ctx, data[key], flag)))
        else:
            data[key] = resolve_people(ctx, [str(data[key])], flag)[0]


# ---------------------------------------------------------------- update
def update(name: str, root: Path, record_id: str, values: Mapping[str, Any],
           unset: Iterable[str] = (), *, no_commit: bool = False,
           extra: Mapping[str, Any] | None = None) -> Outcome:
    """Change fields of a record of kind ``name`` (a file of its own, or one item of a list
    file) in place, comments and order kept; ``unset`` removes optional fields; ``extra``
    holds what the kind's ``revise`` hook turns into fields (a status's day, an action, an
    adoption...). Nothing is written unless the whole record validates."""
    kind = KINDS[name]
    root = Path(root)
    check_id(record_id, f"the {name} id")
    values = clean(values)
    if "id" in values:
        raise UsageError(f"{kind.a}'s id cannot be changed", kind.fixed_id_hint)
    if kind.before:
        kind.before(root, values)
    precheck_git(root, no_commit)
    with store.cop_lock(root):
        ctx = Context(root)
        what = f"update {name} '{record_id}'"
        check = kind.check
        checker = (lambda obj: check(ctx, obj, what)) if check else None
        if kind.folder:
            outcome = _update_file(kind, ctx, record_id, values, unset, extra or {}, checker)
        else:
            index = find_item(kind, ctx, record_id)
            if kind.vet:
                kind.vet(ctx, record_id, values)
            people_ids(kind, ctx, values)
            if kind.revise:
                current = to_plain(ctx.list_file(kind.where).item(kind.key, index))
                values = kind.revise(ctx, record_id, current, values, extra or {})
            changes = update_item(ctx, kind.where, kind.key, index, kind.model_class(), values,
                                  unset, kind.order, what, checker)
            outcome = _updated(kind, record_id, [kind.where], changes)
        return commit(root, outcome, no_commit)


def _update_file(kind: Kind, ctx: Context, record_id: str, values: Values,
                 unset: Iterable[str], extra: Mapping[str, Any],
                 checker: Callable[[Any], None] | None) -> Outcome:
    """:func:`update` of a record kept in a file of its own (a meeting whose date changes
    is renamed: :func:`_rename`)."""
    relpath = find_file(kind, ctx, record_id)
    doc = open_record(ctx.root, relpath)
    people_ids(kind, ctx, values)
    before = to_plain(doc.data)
    if kind.revise:
        values = kind.revise(ctx, record_id, before, values, extra)
    changes = update_file(doc, kind.model_class(), values, unset, kind.order,
                          f"update {kind.name} '{record_id}'", checker)
    if not changes:
        return _updated(kind, record_id, [], changes)
    new_id = kind.renamed(record_id, to_plain(doc.data)) if kind.renamed else None
    if new_id is None:
        doc.save()
        return _updated(kind, record_id, [relpath], changes)
    return _rename(kind, ctx, (record_id, new_id), (before, doc), changes)


def _rename(kind: Kind, ctx: Context, ids: tuple[str, str],
            versions: tuple[Mapping[str, Any], store.Document], changes: list[str]) -> Outcome:
    """The record written under its new name (never over another file), its old file
    removed in the same transaction (after the new one is in place), and the references to
    it moved along."""
    (record_id, new_id), (before, doc) = ids, versions
    old_path, new_path = kind.relpath(record_id), kind.relpath(new_id)
    if txn.is_file(inside(ctx.root, new_path)):
        raise RecordError(f"{kind.a} is already recorded in {new_path}, so '{record_id}' "
                          "cannot be renamed to it",
                          "merge the two by hand, or give the other one another date first",
                          f"{new_path}:1:1")
    moved = kind.moved(ctx, before, to_plain(doc.data)) if kind.moved else []
    store.write_text(inside(ctx.root, new_path), doc.dumps(), exclusive=True)
    # removed with the command's other changes, journaled like them: a kill leaves both
    # files or only the new one with its commit finished, never the two side by side
    txn.delete(inside(ctx.root, old_path))
    outcome = _updated(kind, new_id, [old_path, new_path, *moved], changes)
    outcome.subject = f"copkit: update {kind.name} {record_id} (now {new_id})"
    outcome.body.insert(0, f"{old_path} renamed to {new_path}")
    return outcome


def _updated(kind: Kind, record_id: str, paths: list[str], changes: list[str]) -> Outcome:
    outcome = Outcome(record_id, "update")
    if changes:
        outcome.paths = paths
        outcome.subject = f"copkit: update {kind.name} {record_id}"
        outcome.body = [f"{paths[-1] if kind.folder else paths[0]}: {record_id}: {c}"
                        for c in changes]
    else:
        outcome.notes.append(f"nothing changed: the {kind.name} already had these values")
    return outcome


def find_file(kind: Kind, ctx: Context, record_id: str) -> str:
    """The path of the record ``record_id`` kept in a file of its own; an error naming the
    closest id when there is none."""
    relpath = kind.relpath(record_id)
    if not txn.is_file(inside(ctx.root, relpath)):
        raise unknown_record(kind.name, record_id, ctx.record_ids(str(kind.folder)),
                             f"copkit {kind.name} list")
    return relpath


def find_item(kind: Kind, ctx: Context, record_id: str) -> int:
    """The index of the record ``record_id`` in its list file; an error naming the closest id
    when there is none."""
    index = ctx.list_file(kind.where).find(kind.key, record_id)
    if index is None:
        raise unknown_record(kind.name, record_id, ctx.ids(kind.where, kind.key),
                             f"copkit {kind.name} list")
    return index


# ---------------------------------------------------------------- list
def list_rows(root: Path, kind: Kind) -> tuple[list[dict[str, Any]], Any]:
    """A row for each valid record of the kind (its JSON, and the kind's cells), and what was
    read (a :class:`copkit.records.reading.Loaded`, for the records left out; None when the
    plain reading of the kind found every record plain)."""
    if kind.plain is not None:
        rows = kind.plain(root)
        if rows is not None:
            return rows, None
    from copkit.model.load import folder_files
    from copkit.records.reading import load_parts

    files = folder_files(root, kind.folder) if kind.folder else [kind.where]
    loaded = load_parts(root, files)
    rows = []
    for record in kind.records(loaded.cop):
        data = record.model_dump(mode="json")
        if kind.folder:
            data = {"id": record.id, **data}
        rows.append({**data, **{c: cell(data) for c, cell in kind.cells.items()}})
    return rows, loaded


# ---------------------------------------------------------------- the kinds' own checks
def _practice_files(root: Path, values: Values) -> None:
    """Attachments are paths inside the CoP folder."""
    from copkit.checks.content import unsafe_path

    for i, f in enumerate(values.get("files") or []):
        problem = unsafe_path(str(f), root)
        if problem:
            raise RecordError(f"--file (files[{i}]): {problem}",
                              "attachments live inside the CoP folder: copy the file into "
                              "files/ and write a path like files/guide.pdf")


def _practice_notes(ctx: Context, obj: Any) -> list[str]:
    return [f"the attached file {f} does not exist yet: add it to the repository"
            for f in obj.files if not (ctx.root / f).exists()]


def _check_amounts(root: Path, values: Values) -> None:
    """A budget or an amount spent is a finite number, at least 0 (float('inf') and 'nan'
    read as numbers, and nothing can be budgeted with them)."""
    import math

    for key, flag in (("budget", "--budget"), ("spent", "--spent")):
        money = values.get(key)
        amount = money.get("amount") if isinstance(money, Mapping) else None
        if isinstance(amount, (int, float)) and not (math.isfinite(amount) and amount >= 0):
            raise UsageError(f"{flag} {amount:g}: an amount must be a number of at least 0",
                             f"give the amount in figures, like {flag} 1500")


def _check_activity(ctx: Context, obj: Any, what: str) -> None:
    require_refs([obj.owner], ctx.member_ids, "member", "owner")
    require_refs(obj.topics, ctx.topic_ids, "topic", "topics")
    if obj.start and obj.end and obj.end < obj.start:
        raise RecordError(f"activity '{obj.id}' would end ({obj.end}) before it starts "
                          f"({obj.start})", "fix --start or --end")


def _story_cycles(root: Path, values: Values) -> None:
    """Only the cycles given are written."""
    cycles = clean(values.pop("cycles", {}) or {})
    if cycles:
        values["cycles"] = cycles


def _story_notes(ctx: Context, obj: Any) -> list[str]:
    if obj.cycles.furthest():
        return []
    return ["the story has no cycle yet: add what happened with --immediate, --potential, "
            "--applied, --realized or --transformative"]


def _refs(*checks: tuple[str, str, str, str]) -> Callable[[Context, Any, str], None]:
    """A ``check`` hook: each (field, pool, what, flag): the ids in the record's field are in
    the context's pool (``topic_ids``...)."""
    def check(ctx: Context, obj: Any, what: str) -> None:
        for name, pool, kind, flag in checks:
            value = getattr(obj, name)
            require_refs(value if isinstance(value, list) else [value], getattr(ctx, pool),
                         kind, flag)

    return check


def _money(data: Mapping[str, Any], key: str) -> str | None:
    money = data.get(key)
    return f"{money['amount']:g} {money['currency']}" if money else None


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("member", "Member", MEMBERS, "members", members.MEMBER_FIELDS,
         require=needs("a member needs a name", "give it as: copkit member add 'María López'",
                       "name"),
         title="name", dated="joined", before=members.split_contact,
         vet=members.vet_member,
         check=members.check_dates,
         exists_hint="choose another --id, or change that member with copkit member update",
         fixed_id_hint="ids are how other records name the member",
         columns=("id", "name", "organisation", "country", "roles", "level", "joined",
                  "left"),
         empty="no members match", listed="member", records=lambda cop: cop.members,
         plain=members.plain_members),
    Kind("meeting", "Meeting", "meetings/", fields=meetings.MEETING_FIELDS,
         require=meetings.require_date_and_title, id_flag="--slug",
         new_id=meetings.new_meeting_id, adding="create {kind} {id}",
         people=(("facilitator", "--facilitator", False), ("attendees", "--attendee", True)),
         check=meetings.check_meeting, notes=attendance.new_meeting_notes,
         revise=meetings.revise_meeting,
         renamed=meetings.renamed_id, moved=meetings.move_sessions,
         columns=("id", "date", "title", "format", "attendees", "guests", "topics"),
         cells={"attendees": lambda m: len(m["attendees"]),
                "guests": lambda m: len(m["guests"])},
         empty="no meetings recorded", listed="meeting", records=lambda cop: cop.meetings),
    Kind("practice", "Practice", "practices/", require=needs("a practice needs a --title"),
         dated="added", people=(("contributors", "--contributor", True),),
         before=_practice_files, check=_refs(("topics", "topic_ids", "topic", "topics")),
         notes=_practice_notes, revise=revise_practice,
         columns=("id", "title", "kind", "status", "added", "contributors", "topics"),
         empty="no practices match", listed="practice", records=lambda cop: cop.practices),
    Kind("activity", "Activity", ACTIVITIES, "activities", ACTIVITY_FIELDS,
         require=needs("an activity needs a --title"), before=_check_amounts,
         check=_check_activity, revise=revise_activity,
         exists_hint="choose another --id, or change it with copkit activity update",
         columns=("id", "title", "kind", "owner", "start", "end", "budget", "spent",
                  "status"),
         cells={"budget": lambda a: _money(a, "budget"), "spent": lambda a: _money(a, "spent")},
         empty="no activities recorded", listed="activity",
         records=lambda cop: cop.activities),
    Kind("story", "Story", "stories/", require=needs("a story needs a --title"),
         dated="date", people=(("member", "--member", False),), before=_story_cycles,
         check=_refs(("goals", "goal_ids", "goal", "goals")), notes=_story_notes,
         revise=revise_story,
         records=lambda cop: cop.stories),
    Kind("topic", "Topic", AGENDA, "topics", require=needs("a topic needs a --title"),
         id_length=40, people=(("lead", "--lead", False),), revise=revise_topic,
         check=_refs(("goals", "goal_ids", "goal", "goals"),
                     ("group", "group_ids", "thematic group", "group")),
         columns=("id", "title", "lead", "status", "sessions", "goals"),
         empty="no topics on the agenda", listed="agenda",
         records=lambda cop: cop.agenda.topics),
    Kind("group", "ThematicGroup", AGENDA, groups.KEY, groups.GROUP_FIELDS,
         require=needs("a thematic group needs a --name", field="name"), title="name",
         id_length=40, people=(("members", "--member", True),), check=groups.check_group,
         revise=groups.revise_group, exists_hint="choose another --id",
         columns=("id", "name", "members"), cells={"members": lambda g: ", ".join(g["members"])},
         empty="no thematic groups on the agenda", listed="agenda",
         records=lambda cop: cop.agenda.thematic_groups),
    Kind("organisation", "Organisation", orgs.ORGANISATIONS, "organisations",
         orgs.ORGANISATION_FIELDS, require=needs("an organisation needs a --name", field="name"),
         title="name", id_length=40, vet=orgs.vet_organisation,
         revise=orgs.revise_organisation, exists_hint="choose another --id",
         columns=("id", "name", "kind", "country", "joined", "objectives"),
         cells={"objectives": lambda o: len(o["objectives"])},
         empty="no organisations recorded", listed="organisation",
         records=lambda cop: cop.organisations),
    Kind("evidence", "Evidence", orgs.ORGANISATIONS, "evidence", orgs.EVIDENCE_FIELDS,
         require=needs("evidence needs the --organisation that changed", field="organisation"),
         new_id=orgs.evidence_id, dated="date", vet=orgs.vet_evidence,
         check=orgs.check_evidence, adding="add {kind} '{id}'",
         columns=("id", "date", "organisation", "kind", "objective", "summary"),
         empty="no evidence recorded", listed="evidence", records=lambda cop: cop.evidence),
    Kind("outcome", "OutcomeMeasure", orgs.CHARTER, "outcome_measures", orgs.MEASURE_FIELDS,
         require=needs("an outcome measure needs a --name", field="name"), title="name",
         id_length=40, exists_hint="choose another --id", revise=orgs.revise_measure,
         columns=("id", "name", "unit", "better", "baseline", "latest"),
         cells={"baseline": lambda m: _measure_value(m.get("baseline")),
                "latest": lambda m: _measure_value(max(m["values"], key=lambda v: v["date"])
                                                   if m["values"] else None)},
         empty="no outcome measures in the charter", listed="charter",
         records=lambda cop: cop.charter.outcome_measures if cop.charter else []),
)}


def _measure_value(v: Mapping[str, Any] | None) -> str | None:
    return f"{v['value']:g} ({v['date']})" if v else None
