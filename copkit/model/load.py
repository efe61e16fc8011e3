"""Reading a whole CoP folder into one typed :class:`Cop`, collecting findings on the way.

Reading never stops at the first problem: a file that cannot be parsed becomes one finding, a
record that does not validate becomes findings with positions, and the records that are valid
are kept, so the cross-reference checks can still run on them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from copkit.errors import NotACopError
from copkit.model import schemas as s
from copkit.model.cache import ParseCache, stamp
from copkit.model.findings import Finding, Severity
from copkit.yaml.positions import SourceMap
from copkit.yaml.read import read_checked, read_text
from copkit.yaml.scalars import YamlProblem

M = TypeVar("M", bound=BaseModel)

RECORD_DIRS = {"meetings": "meeting", "practices": "practice", "stories": "story",
               "surveys": "survey"}
_MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Cop:
    """Everything a CoP's records hold, validated. Invalid records are left out."""

    root: Path
    charter: s.Charter | None = None
    members: list[s.Member] = field(default_factory=list)
    agenda: s.AgendaFile = field(default_factory=s.AgendaFile)
    activities: list[s.Activity] = field(default_factory=list)
    plan: s.PlanFile | None = None
    meetings: list[s.Meeting] = field(default_factory=list)
    practices: list[s.Practice] = field(default_factory=list)
    stories: list[s.Story] = field(default_factory=list)
    surveys: list[s.Survey] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    # ids seen in files, even in records that did not validate (avoids cascades of findings)
    known_ids: dict[str, set[str]] = field(default_factory=dict)
    # pools of ids (members, topics, groups, goals) whose file could not be read: references
    # into them cannot be checked, and are not reported as dangling. pool -> (file, why)
    unread: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.charter.name if self.charter else self.root.name

    def member_index(self) -> dict[str, s.Member]:
        return {m.id: m for m in self.members}

    def topic_index(self) -> dict[str, s.Topic]:
        return {t.id: t for t in self.agenda.topics}

    def practice_index(self) -> dict[str, s.Practice]:
        return {p.id: p for p in self.practices}

    def where(self, relpath: str, loc: Sequence[Any], key: bool = False) -> tuple[int, int]:
        source = self.sources.get(relpath)
        if source is None:
            return (0, 0)
        return source.locate(loc, key=key)

    def finding(self, code: str, message: str, relpath: str, loc: Sequence[Any] = (),
                hint: str | None = None, severity: Severity = "error",
                key: bool = False) -> Finding:
        line, col = self.where(relpath, loc, key=key)
        return Finding(code, message, relpath, line, col, hint, severity)


@dataclass
class LoadResult:
    cop: Cop
    findings: list[Finding]


# ---------------------------------------------------------------- pydantic errors -> findings
_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
    "dict_type": "a mapping (key: value lines)", "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)", "date_type": "a date",
    "answer_type": "a number or text",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {getattr(value, 'src', value)}"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    text = str(value)
    return f"the text {text[:40]!r}" + ("..." if len(text) > 40 else "")


def _clean_loc(data: Any, loc: Sequence[Any]) -> list[Any]:
    """Drop the union and validator tags pydantic adds to a location, keeping the data path."""
    out: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif i == len(loc) - 1 and isinstance(node, dict):
            out.append(part)  # a missing or unknown field's name
        else:
            continue
    return out


def _model_at(model: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (to list its allowed fields)."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation, typing)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any, typing: Any) -> Any:
    for _ in range(5):
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        if origin is typing.Annotated:
            annotation = args[0]
            continue
        candidates = [a for a in args if a is not type(None)]
        models = [a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)]
        annotation = models[0] if models else (candidates[-1] if candidates else annotation)
    return annotation


def dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (difflib's ratio at least 0.6), or None.

    rapidfuzz's Indel ratio, 2 * LCS / (len(a) + len(b)), is never below difflib's (its
    matching blocks are a common subsequence), so rapidfuzz picks out in C the few choices
    that could pass and difflib ranks only those: the same answer as difflib over every
    choice, at a fraction of the time on a list of a thousand member ids."""
    import difflib

    from rapidfuzz import fuzz, process

    if not isinstance(choices, (list, tuple, set, frozenset, dict)):
        choices = list(choices)
    near = [match[0] for match in process.extract(word, choices, scorer=fuzz.ratio,
                                                  score_cutoff=59.9, limit=None)]
    if not near:
        return None
    found = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
    return found[0] if found else None


def findings_from_validation(exc: ValidationError, model: type[BaseModel], sm: SourceMap,
                             prefix: Sequence[Any] = ()) -> list[Finding]:
    out: list[Finding] = []
    base = sm.data
    for part in prefix:
        base = base[part]
    for err in exc.errors(include_url=False):
        etype = err["type"]
        loc = _clean_loc(base, err["loc"])
        full = [*prefix, *loc]
        where = dotted(full) or "the file"
        hint: str | None = None
        if etype == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            parent = _model_at(model, loc[:-1])
            allowed = sorted(parent.model_fields) if parent else []
            guess = did_you_mean(name, allowed)
            code = "unknown-field"
            message = f"unknown field '{name}' in {dotted(full[:-1]) or 'the file'}"
            if guess:
                hint = f"did you mean '{guess}'?"
            elif allowed:
                hint = "allowed fields: " + ", ".join(allowed)
            line, col = sm.locate(full, key=True)
        elif etype == "missing":
            code, message = "missing-field", f"required field '{loc[-1]}' is missing"
            message += f" in {dotted(full[:-1])}" if full[:-1] else ""
            hint = f"add a line '{loc[-1]}: ...'"
            line, col = sm.locate(full)
        elif etype == "bad_date":
            code, message = "bad-date", f"{where}: {err['msg']}"
            hint = "dates are written YYYY-MM-DD, like 2026-05-10"
            line, col = sm.locate(full)
        elif etype == "bad_id":
            code, message = "bad-id", f"{where}: {err['msg']}"
            hint = "use lower-case letters, digits and hyphens only"
            line, col = sm.locate(full)
        elif etype == "bad_email":
            code, message = "bad-email", f"{where}: {err['msg']}"
            hint = "write a full address like maria@example.org, or remove the field"
            line, col = sm.locate(full)
        elif etype in ("literal_error", "enum"):
            expected = err.get("ctx", {}).get("expected", "")
            code = "bad-value"
            message = f"{where}: {_describe(err['input'])} is not allowed here; expected {expected}"
            choices = re.findall(r"'([^']+)'", str(expected))
            guess = did_you_mean(str(err["input"]), choices) if err["input"] is not None else None
            hint = f"did you mean '{guess}'?" if guess else "pick one of the values listed"
            line, col = sm.locate(full)
        elif etype == "finite_number":
            code = "bad-value"
            message = f"{where}: {_describe(err['input'])} is not a finite number"
            hint = "write the number in figures, like 10 or 2.5 (.inf and .nan are not " \
                "numbers copkit can count with)"
            line, col = sm.locate(full)
        elif etype in _TYPE_WORDS:
            code = "wrong-type"
            message = f"{where}: expected {_TYPE_WORDS[etype]}, found {_describe(err['input'])}"
            hint = _type_hint(etype, err["input"])
            line, col = sm.locate(full)
        else:
            code, message = "bad-value", f"{where}: {err['msg']}"
            line, col = sm.locate(full)
        out.append(Finding(code, message, sm.path, line, col, hint))
    return out


_NUMBER_TEXT = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*\Z")
_BOOL_WORDS = {"yes": "true", "y": "true", "on": "true", "true": "true", "1": "true",
               "no": "false", "n": "false", "off": "false", "false": "false", "0": "false"}


def _type_hint(etype: str, value: Any) -> str:
    if value is None:
        return "this field needs a value: write it after the colon"
    if etype in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"):
        whole = etype.startswith("int")
        if isinstance(value, str) and _NUMBER_TEXT.match(value):
            if whole and "." in value:
                return f"write a whole number without quotes, like {round(float(value))}"
            return f"write {value.strip()} without quotes: in quotes it is text, not a number"
        if isinstance(value, bool):
            return "write a number here, not true or false"
        if whole and isinstance(value, float):
            return f"write a whole number, like {round(value)}"
        return "write a number" + (" (a whole number)" if whole else "") + ", without quotes"
    if etype in ("bool_type", "bool_parsing"):
        word = _BOOL_WORDS.get(str(getattr(value, "src", value)).strip().lower())
        if word is not None:
            return f"write {word} (without quotes): only true and false are allowed here"
        return "write true or false, without quotes"
    if etype == "date_type" and isinstance(value, _dt.datetime):
        return (f"write only the date, like {value.date().isoformat()}: copkit dates have no "
                "time of day")
    if etype == "answer_type":
        return ("write the answer as a number, or as text; put true or false in quotes "
                "to mean the word")
    if etype == "list_type":
        return "write a list as lines starting with '- ', or as [a, b]"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return "write 'key: value' lines indented under this one"
    if etype == "string_type" and isinstance(value, (dict, list)):
        return "this field holds one piece of text; check the indentation below it"
    return "check the value against the README's file format"


def validate(model: type[M], sm: SourceMap, prefix: Sequence[Any] = (),
             data: Any = None) -> tuple[M | None, list[Finding]]:
    payload = data if data is not None else sm.data
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        return None, findings_from_validation(exc, model, sm, prefix)


def _validate_list(item_model: type[M], sm: SourceMap, key: str,
                   findings: list[Finding], ids: set[str]) -> list[M]:
    """Validate each item of a top-level list on its own, so one bad record does not hide the
    others; the ids of invalid records are still noted to avoid cascades of findings."""
    items = sm.data.get(key) if isinstance(sm.data, dict) else None
    if items is None:
        return []
    if not isinstance(items, list):
        line, col = sm.locate([key])
        findings.append(Finding("wrong-type", f"{key}: expected a list, found {_describe(items)}",
                                sm.path, line, col, _type_hint("list_type", items)))
        return []
    out: list[M] = []
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.add(item["id"])
        obj, problems = validate(item_model, sm, (key, i), data=item)
        findings.extend(problems)
        if obj is not None:
            out.append(obj)
    return out


def _top_level(sm: SourceMap, allowed: tuple[str, ...], findings: list[Finding]) -> bool:
    if not isinstance(sm.data, dict):
        return False
    for k in sm.data:
        if k not in allowed:
            line, col = sm.locate([k], key=True)
            guess = did_you_mean(k, allowed)
            findings.append(Finding(
                "unknown-field", f"unknown field '{k}' at the top of the file", sm.path, line, col,
                f"did you mean '{guess}'?" if guess else "allowed: " + ", ".join(allowed)))
    return True


# ---------------------------------------------------------------- discovery and loading
# a load that leaves at least this many new objects to Python's cyclic garbage collector has
# them frozen (see :func:`loading`): a members.yaml of 126,000 members leaves 1.3 million, the
# benchmark's CoP of 1,000 members and 520 meetings 50,000 to 90,000, a test's CoP thousands
FREEZE_AFTER = 200_000
_loading_depth = 0


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Read and validate records with Python's cyclic garbage collector paused; after a large
    load, what it made is frozen (:func:`gc.freeze`: left out of the collector's passes).

    Records and their data hold no reference cycles (the reader refuses aliases) and stay
    until the command ends, so the collector can free none of them, yet each of its full
    passes walks them all, again and again while they are made: on a members.yaml of 126,000
    members at copkit's size limit, 13 passes took about 2 s of a check's 3.9 s. Frozen objects
    are still freed as soon as they are no longer used (reference counting); only cycles
    among them, which the records do not make, would stay. Nested loads pause once."""
    global _loading_depth
    pause = _loading_depth == 0 and gc.isenabled()
    if pause:
        gc.disable()
    _loading_depth += 1
    try:
        yield
    finally:
        _loading_depth -= 1
        if pause:
            if gc.get_count()[0] >= FREEZE_AFTER:
                gc.freeze()
            gc.enable()


def looks_like_cop(root: Path) -> bool:
    markers = ("charter.yaml", "members.yaml", "learning-agenda.yaml", "plan.yaml",
               "activities.yaml")
    return any((root / m).is_file() for m in markers)


TOP_FILES = ("charter.yaml", "members.yaml", "learning-agenda.yaml", "activities.yaml",
             "plan.yaml")


def _leads_outside(path: Path, inside: Path) -> bool:
    """Whether ``path`` (a symbolic link) resolves to somewhere outside the folder
    ``inside`` (already resolved). A link that loops or cannot be resolved counts as outside."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        return True
    return not target.is_relative_to(inside)


def _entries(root: Path) -> Iterator[tuple[str, Path, Finding | None]]:
    """Every place a record file may be, in a stable order: (relpath, path, None) for a file
    to read, (relpath, path, finding) for one that is refused. A symbolic link that leads
    outside the CoP folder is refused without reading what it points at (it would print
    /etc/passwd, or a CI secret, back into the check's output and CI logs)."""
    inside = root.resolve()
    for name in TOP_FILES:
        path = root / name
        if path.is_symlink() and _leads_outside(path, inside):
            yield name, path, _link_finding(name, "file")
        elif path.is_file():
            yield name, path, None
    for folder in RECORD_DIRS:
        base = root / folder
        if base.is_symlink() and _leads_outside(base, inside):
            yield folder, base, _link_finding(folder, "folder")
            continue
        if not base.is_dir():
            if os.path.lexists(base):
                yield folder, base, Finding(
                    "bad-path", f"this is a file, not a folder: copkit reads each "
                    f"{RECORD_DIRS[folder]} from a .yaml file of its own inside a folder "
                    f"{folder}/", folder, 0, 0,
                    f"rename the file {folder}, then create the folder {folder}/ and put one "
                    f".yaml file per {RECORD_DIRS[folder]} in it")
            continue
        with os.scandir(base) as scan:
            entries = sorted((e.name, e.is_symlink(), e.is_file()) for e in scan
                             if e.name.endswith(".yaml"))
        for name, is_link, is_file in entries:
            path = base / name
            rel = f"{folder}/{name}"
            if is_link and _leads_outside(path, inside):
                yield rel, path, _link_finding(rel, "file")
            elif is_file:
                yield rel, path, None


def _link_finding(relpath: str, what: str) -> Finding:
    return Finding(
        "bad-path", f"this {what} is a symbolic link to a {what} outside the CoP folder; "
        "copkit does not read it", relpath, 0, 0,
        f"copy the {what} into the CoP folder instead of linking to it (records must live in "
        "the CoP's repository), or remove the link")


def record_files(root: Path) -> Iterator[tuple[str, Path]]:
    """The CoP-relative paths (posix) of every record file, in a stable order. Symbolic links
    that lead outside the CoP folder are left out (see :func:`path_findings`)."""
    for relpath, path, refused in _entries(root):
        if refused is None:
            yield relpath, path


def path_findings(root: Path) -> list[Finding]:
    """Record files and folders that are not read: links leading outside the CoP folder, a
    record folder that is a file."""
    return [refused for _, _, refused in _entries(root) if refused is not None]


def _misnamed_files(root: Path) -> Iterator[Finding]:
    inside = root.resolve()
    for folder in (root, *(root / d for d in RECORD_DIRS)):
        if not folder.is_dir() or (folder.is_symlink() and _leads_outside(folder, inside)):
            continue
        for path in sorted(folder.glob("*.yml")):
            rel = path.relative_to(root).as_posix()
            yield Finding("ignored-file", "copkit reads files ending in .yaml; this one is ignored",
                          rel, 0, 0, f"rename it to {path.stem}.yaml", "warning")


def _parse(root: Path, misses: list[str]) -> dict[str, SourceMap | YamlProblem]:
    """Parse the files not in the cache: each result is its SourceMap (with the positions
    when the full parser read it; else with its text, where positions are found if a finding
    needs one) or a YamlProblem. One process: with the fast reader, a second process for half
    the files of a large CoP cost more to start than it saved (measured in
    benchmarks/bench_check.py)."""
    parsed: dict[str, SourceMap | YamlProblem] = {}
    for relpath in misses:
        try:
            parsed[relpath] = read_checked(root / relpath, relpath).source
        except YamlProblem as p:
            parsed[relpath] = p
    return parsed


def read_sources(root: Path, relpaths: list[str], findings: list[Finding],
                 cache: ParseCache | None = None) -> dict[str, SourceMap]:
    """Read many files (from the cache where it is current), in ``relpaths`` order. A file's
    data from the cache comes without its positions: the file is read again only if a
    finding needs one, and only as far as that finding (see :class:`SourceMap`)."""
    with loading():
        return _read_sources(root, relpaths, findings, cache)


def _read_sources(root: Path, relpaths: list[str], findings: list[Finding],
                  cache: ParseCache | None) -> dict[str, SourceMap]:
    stamps: dict[str, Any] = {}
    results: dict[str, Any] = {}
    misses: list[str] = []
    for relpath in relpaths:
        current = None
        try:
            current = stamp((root / relpath).stat())
        except OSError:
            pass
        stamps[relpath] = current
        data = cache.get(relpath, current) if cache is not None and current else None
        if data is not None:
            results[relpath] = SourceMap(relpath, data, text=partial(read_text, root / relpath))
        else:
            misses.append(relpath)
    results.update(_parse(root, misses))
    out: dict[str, SourceMap] = {}
    for relpath in relpaths:
        result = results[relpath]
        if isinstance(result, YamlProblem):
            p = result
            findings.append(Finding(p.code, p.message, relpath, p.line, p.column, p.hint))
            continue
        sm = result
        if cache is not None and stamps[relpath] and isinstance(sm.data, dict):
            if cache.get(relpath, stamps[relpath]) is None:
                cache.put(relpath, stamps[relpath], sm.data)
        if _usable(sm, relpath, findings):
            out[relpath] = sm
    return out


def read_source(root: Path, relpath: str, findings: list[Finding],
                cache: ParseCache | None = None) -> SourceMap | None:
    """Read one file; problems become findings."""
    return read_sources(root, [relpath], findings, cache).get(relpath)


def _usable(sm: SourceMap, relpath: str, findings: list[Finding]) -> bool:
    if sm.data is None:
        findings.append(Finding("empty-file", "the file is empty", relpath, 1, 1,
                                "it should hold 'field: value' lines; see `copkit init` for "
                                "a commented example"))
        return False
    if not isinstance(sm.data, dict):
        line, col = sm.locate([])
        findings.append(Finding(
            "not-a-mapping", f"the file holds {_describe(sm.data)}, not a mapping of fields",
            relpath, line, col, "the top level must be 'field: value' lines, not a list or text"))
        return False
    return True


def load_cop(root: Path, use_cache: bool = True) -> LoadResult:
    """Read and validate every record of the CoP at ``root``.

    Parsed files are cached (see :mod:`copkit.model.cache`); ``use_cache=False`` reads everything
    from scratch."""
    root = Path(root)
    if not root.is_dir():
        raise NotACopError.not_a_folder(root, root.exists())
    has_dirs = any((root / d).is_dir() for d in RECORD_DIRS)
    if not looks_like_cop(root) and not has_dirs:
        raise NotACopError(
            f"{root} is not a CoP folder: it has no charter.yaml or members.yaml",
            "start one with `copkit init DIR`, or point at one with --cop DIR")
    cop = Cop(root=root)
    findings: list[Finding] = list(_misnamed_files(root))
    refused = path_findings(root)
    findings.extend(refused)
    for required in s.REQUIRED_FILES:
        if not (root / required).is_file() and not any(f.path == required for f in refused):
            findings.append(Finding("missing-file", f"the required file {required} is missing",
                                    required, 0, 0,
                                    "create it (copkit init writes a commented one)"))
    ids: dict[str, set[str]] = {k: set() for k in
                                ("members", "topics", "groups", "goals", "activities")}
    cache = ParseCache(root) if use_cache else None
    relpaths = [relpath for relpath, _path in record_files(root)]
    for finding in refused:  # a refused record still has an id: no cascade of references
        if finding.path.count("/") == 1 and finding.path.endswith(".yaml"):
            folder, name = finding.path.split("/")
            ids.setdefault(folder, set()).add(name[: -len(".yaml")])
    with loading():  # the whole load in one pause (see loading)
        sources = read_sources(root, relpaths, findings, cache)
        for relpath in relpaths:
            sm = sources.get(relpath)
            if sm is None:
                if "/" in relpath:
                    ids.setdefault(relpath.split("/")[0], set()).add(Path(relpath).stem)
                continue
            cop.sources[relpath] = sm
            _load_one(cop, relpath, sm, findings, ids)
        cop.meetings.sort(key=lambda m: (m.date, m.id))
        cop.practices.sort(key=lambda p: p.id)
        cop.stories.sort(key=lambda x: (x.date, x.id))
        cop.surveys.sort(key=lambda x: (x.date, x.id))
    cop.known_ids = ids
    cop.unread = unread_pools(root, cop.sources)
    if cache is not None:
        cache.save()
    return LoadResult(cop, findings)


def file_findings(root: Path, relpath: str) -> list[Finding]:
    """What `copkit check` finds in one record file read on its own: its YAML and its schema
    (not the references to other files)."""
    findings: list[Finding] = []
    sm = read_source(Path(root), relpath, findings)
    if sm is not None:
        ids: dict[str, set[str]] = {k: set() for k in
                                    ("members", "topics", "groups", "goals", "activities")}
        _load_one(Cop(root=Path(root)), relpath, sm, findings, ids)
    return findings


# pool of ids -> the file and the top-level list that hold them
POOL_FILES = {"members": ("members.yaml", "members"), "goals": ("charter.yaml", "goals"),
              "topics": ("learning-agenda.yaml", "topics"),
              "groups": ("learning-agenda.yaml", "thematic_groups")}


def unread_pools(root: Path, sources: dict[str, SourceMap]) -> dict[str, tuple[str, str]]:
    """The pools of ids whose file exists (or is required) but could not be read, or whose
    list is not a list: their ids are unknown, so references to them cannot be checked."""
    out: dict[str, tuple[str, str]] = {}
    for pool, (relpath, key) in POOL_FILES.items():
        sm = sources.get(relpath)
        if sm is None:
            if relpath in s.REQUIRED_FILES and not os.path.lexists(root / relpath):
                out[pool] = (relpath, "is missing")
            elif os.path.lexists(root / relpath):
                out[pool] = (relpath, "could not be read")
        elif isinstance(sm.data, dict) and sm.data.get(key) is not None and not isinstance(
                sm.data[key], list):
            out[pool] = (relpath, f"has no list of {key}")
    return out


def _load_one(cop: Cop, relpath: str, sm: SourceMap, findings: list[Finding],
              ids: dict[str, set[str]]) -> None:
    """Validate one file's records into ``cop``; its problems go to ``findings``, the ids it
    holds (valid or not) to ``ids``."""
    with loading():
        _validate_file(cop, relpath, sm, findings, ids)


def _validate_file(cop: Cop, relpath: str, sm: SourceMap, findings: list[Finding],
                   ids: dict[str, set[str]]) -> None:
    if relpath == "charter.yaml":
        for goal in sm.data.get("goals") or []:
            if isinstance(goal, dict) and isinstance(goal.get("id"), str):
                ids["goals"].add(goal["id"])
        cop.charter, problems = validate(s.Charter, sm)
        findings.extend(problems)
    elif relpath == "members.yaml":
        if _top_level(sm, ("members",), findings):
            cop.members = _validate_list(s.Member, sm, "members", findings, ids["members"])
    elif relpath == "learning-agenda.yaml":
        if _top_level(sm, ("topics", "thematic_groups"), findings):
            cop.agenda = s.AgendaFile(
                topics=_validate_list(s.Topic, sm, "topics", findings, ids["topics"]),
                thematic_groups=_validate_list(s.ThematicGroup, sm, "thematic_groups", findings,
                                               ids["groups"]))
    elif relpath == "activities.yaml":
        if _top_level(sm, ("activities",), findings):
            cop.activities = _validate_list(s.Activity, sm, "activities", findings,
                                            ids["activities"])
    elif relpath == "plan.yaml":
        cop.plan, problems = validate(s.PlanFile, sm)
        findings.extend(problems)
    else:
        folder, name = relpath.split("/", 1)
        stem = name[: -len(".yaml")]
        ids.setdefault(folder, set()).add(stem)
        kind = RECORD_DIRS[folder]
        model: type[s.Record] = s.FILE_KINDS[kind][0]  # type: ignore[assignment]
        if not re.match(s.SLUG_PATTERN, stem):
            findings.append(Finding(
                "bad-id", f"the file name '{name}' is not a valid id", relpath, 0, 0,
                f"rename it to {_suggested_name(folder, stem, sm.data)} (lower-case letters, "
                "digits and hyphens only)"))
        record, problems = validate(model, sm)
        findings.extend(problems)
        if record is None:
            return
        record._id = stem
        if isinstance(record, s.Meeting):
            _check_meeting_name(record, stem, sm, findings)
            cop.meetings.append(record)
        elif isinstance(record, s.Practice):
            cop.practices.append(record)
        elif isinstance(record, s.Story):
            cop.stories.append(record)
        elif isinstance(record, s.Survey):
            cop.surveys.append(record)


def slug_of(text: str) -> str:
    """A valid id made from any text: 'Kick Off' -> 'kick-off', 'Reunión Ñ' -> 'reunion-n'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _suggested_name(folder: str, stem: str, data: Any) -> str:
    """A file name that follows the rules, for a hint: a slug, and for a meeting its date
    first (the date written in the file, when there is a valid one)."""
    slug = slug_of(stem)
    if folder != "meetings":
        return f"{slug or RECORD_DIRS.get(folder, 'record')}.yaml"
    day = data.get("date") if isinstance(data, dict) else None
    if isinstance(day, _dt.date) and not isinstance(day, _dt.datetime):
        rest = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}(?:-|$)", "", slug)
        return f"{day.isoformat()}-{rest or 'meeting'}.yaml"
    return f"YYYY-MM-DD-{slug or 'meeting'}.yaml"


def _check_meeting_name(meeting: s.Meeting, stem: str, sm: SourceMap,
                        findings: list[Finding]) -> None:
    m = _MEETING_NAME.match(stem)
    if not m:
        findings.append(Finding(
            "file-name", f"meeting file names start with the meeting's date: '{stem}.yaml'",
            sm.path, 0, 0,
            f"rename it to {_suggested_name('meetings', stem, {'date': meeting.date})}",
            "warning"))
    elif m.group(1) != meeting.date.isoformat():
        line, col = sm.locate(["date"])
        findings.append(Finding(
            "file-name",
            f"the file name says {m.group(1)} but the meeting's date is {meeting.date.isoformat()}",
            sm.path, line, col, "fix the date, or rename the file to match it"))
