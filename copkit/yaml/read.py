"""Fast, hostile-input-safe YAML reading with positions.

copkit reads every record on every command, so reading must be fast. ruamel.yaml's round-trip
loader is pure Python (about 0.3 MB/s); PyYAML's C parser emits events at several MB/s. We walk
those events ourselves instead of using PyYAML's composer and constructor, which gives us:

* YAML 1.2 scalar semantics, the same as ruamel.yaml (the writer), so ``country: NO`` stays the
  string ``"NO"`` and ``yes``/``on`` are strings; ``010`` is the integer 10, not octal.
* values kept as written: an integer or float read from a plain scalar remembers its source
  text, so a phone number written ``+51984000000`` can be shown back exactly as typed;
* a position (line, column) for every key and value, kept in a side table, so that any error
  can point at ``path:line:col``;
* refusal of anchors, aliases and custom tags (an alias bomb is a few hundred bytes), a bound on
  nesting depth (PyYAML's own composer recurses and crashes on very deep documents) and a bound
  on file size, all checked before any large allocation;
* duplicate keys reported (PyYAML silently keeps the last one);
* an unclosed quote or bracket reported where it was opened, not where the file ends.

Those refusals live in one function, :func:`read_checked`: `copkit check` reads every file
through it (:func:`read_data`), and every write command reads the file it edits through it
first (:func:`read_for_edit`), so that copkit never writes into a file its reader refuses; the
command stops with the finding check reports (:class:`FileRefused`) and writes nothing. A file
copkit would have to rewrite whole (ruamel.yaml's round trip, about 0.1 MB/s) is also refused
above :data:`MAX_REWRITE_BYTES`, by its size, before it is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from copkit.errors import RecordError
from copkit.text import printable
from copkit.yaml import txn
from copkit.yaml.fast import NotSimple, load_simple
from copkit.yaml.positions import SourceMap
from copkit.yaml.scalars import MAX_DEPTH, Pos, YamlProblem, resolve_plain

MAX_FILE_BYTES = 8 * 1024 * 1024
# A file copkit edits by rewriting it whole (a record file, charter.yaml, plan.yaml, a list
# that cannot be edited item by item) is refused above this size: ruamel.yaml's round trip
# reads and writes about 0.1 MB/s, so 0.5 MB already takes a few seconds.
MAX_REWRITE_BYTES = 512 * 1024


_ALLOWED_TAGS = frozenset(("tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                           "tag:yaml.org,2002:seq", "!"))


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed), with a positioned error otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            line, col,
            "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)",
        ) from None


def read_file(path: Path, relpath: str, max_bytes: int = MAX_FILE_BYTES) -> SourceMap:
    """Read and parse one YAML file. Raises :class:`YamlProblem`."""
    return parse(read_text(path, max_bytes), relpath)


@dataclass
class Checked:
    """A file as copkit's reader accepted it: its text and what it holds (``source.data``;
    the positions too when the full parser was needed, else found on first use)."""

    text: str
    source: SourceMap

    @property
    def data(self) -> Any:
        return self.source.data


def read_checked(path: Path, relpath: str, max_bytes: int = MAX_FILE_BYTES) -> Checked:
    """Read one record file the way `copkit check` does, with every refusal of copkit's
    reader: too large (by its size, before reading it), not UTF-8, YAML that does not parse,
    nested too deep, anchors and aliases, tags, duplicate keys. Check reads every file through
    here (:func:`read_data`), each write command the file it edits (:func:`read_for_edit`).
    Raises :class:`YamlProblem`."""
    text = read_text(path, max_bytes)
    return Checked(text, load_source(text, relpath))


def read_data(path: Path, relpath: str, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read one YAML file for its data alone (:func:`read_checked` keeps its text, so that
    positions can be found when a finding needs one). Raises :class:`YamlProblem`."""
    return read_checked(path, relpath, max_bytes).data


def load_data(text: str, relpath: str = "<string>") -> Any:
    """The data of a YAML text, the same values ``parse(text).data`` holds. Raises
    :class:`YamlProblem`."""
    return load_source(text, relpath).data


def load_source(text: str, relpath: str = "<string>") -> SourceMap:
    """A YAML text read: the simple shapes copkit writes by a line reader about twice as fast
    (:func:`copkit.yaml.fast.load_simple`, which refuses anything it is not sure of; the
    positions are then found on first use, as far as asked: see :class:`SourceMap`), the rest
    by :func:`parse` (which also gives the errors). Raises :class:`YamlProblem`."""
    try:
        data = load_simple(text)
    except NotSimple:
        return parse(text, relpath)
    return SourceMap(relpath, data, text=text)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of a YAML file, refused when too large or not UTF-8. Raises YamlProblem."""
    try:
        size = txn.size_of(path)
    except OSError as exc:
        raise YamlProblem("unreadable", f"cannot read the file: {exc.strerror}") from None
    if size > max_bytes:
        raise YamlProblem(
            "file-too-large",
            f"the file is {size / 1e6:.1f} MB; copkit reads record files up to "
            f"{max_bytes / 1e6:.0f} MB",
            hint="split it (one file per meeting, practice or survey) or remove pasted data",
        )
    try:
        raw = txn.read_bytes(path)  # a command reads what it has itself written
    except OSError as exc:
        raise YamlProblem("unreadable", f"cannot read the file: {exc.strerror}") from None
    return decode(raw)


# ---------------------------------------------------------------- before a write
# the codes of the findings :func:`read_checked` makes: a file copkit does not read at all
REFUSALS = frozenset(("unreadable", "file-too-large", "encoding", "yaml-syntax", "yaml-alias",
                      "yaml-anchor", "yaml-tag", "duplicate-key", "too-deep"))


class Refusal(Protocol):
    """What :class:`FileRefused` says: a finding of `copkit check` (:class:`copkit.model.
    findings.Finding` is one), or a :class:`YamlProblem` placed in its file."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def hint(self) -> str | None: ...
    @property
    def location(self) -> str: ...


@dataclass(frozen=True)
class _Placed:
    """A :class:`YamlProblem` in the file ``path``, its texts shown as check shows a
    finding's (escaped when not printable)."""

    code: str
    message: str
    hint: str | None
    location: str

    @classmethod
    def of(cls, problem: YamlProblem, relpath: str) -> _Placed:
        path = _shown(relpath, multiline=False)
        where = f"{path}:{problem.line}:{problem.column}" if path and problem.line else path
        hint = _shown(problem.hint) if problem.hint else problem.hint
        return cls(problem.code, _shown(problem.message), hint, where)


def _shown(text: str, multiline: bool = True) -> str:
    return text if not text or text.isprintable() else printable(text, multiline,
                                                                 invisible=True)


class FileRefused(RecordError):
    """A write command stops at a file copkit's reader refuses, with the finding `copkit
    check` reports about it (``code`` is the finding's code); nothing is written."""

    def __init__(self, finding: Refusal) -> None:
        super().__init__(finding.message, finding.hint, finding.location or None)
        self.code = finding.code

    @classmethod
    def of(cls, problem: YamlProblem, relpath: str) -> FileRefused:
        return cls(_Placed.of(problem, relpath))


def read_for_edit(path: Path, relpath: str, whole: bool = False) -> Checked | None:
    """What a write command does before it edits the record file ``path``: read it as `copkit
    check` does (:func:`read_checked`), refusing it as check would (:class:`FileRefused`).
    With ``whole`` (the file will be rewritten whole), a file above
    :data:`MAX_REWRITE_BYTES` is refused by its size first. None when the file is not on the
    disk (nor written by the running command)."""
    try:
        size = txn.size_of(path)
    except FileNotFoundError:
        return None
    if whole and size <= MAX_FILE_BYTES:
        refuse_rewrite(size, relpath)
    try:
        return read_checked(path, relpath)
    except YamlProblem as problem:
        raise FileRefused.of(problem, relpath) from None


REWRITE_HINT = ("make it smaller: long pasted text (a transcript, a table) can go in a file of "
                "its own under files/, named in the record")
LIST_HINT = ("write its list one item after another, each starting with '- ' on a line of its "
             "own (the way copkit writes lists), so that copkit can change one item alone")


def refuse_rewrite(size: int, relpath: str, hint: str = REWRITE_HINT) -> None:
    """A file of ``size`` bytes (or characters) that copkit would have to rewrite whole is
    refused above :data:`MAX_REWRITE_BYTES`: the round trip would take minutes and gigabytes."""
    if size > MAX_REWRITE_BYTES:
        raise RecordError(
            f"copkit would have to rewrite this file whole to edit it ({size / 1e6:.1f} MB; "
            f"it rewrites files whole up to {MAX_REWRITE_BYTES / 2**20:.1f} MB)", hint,
            f"{relpath}:1:1")


def _mark(m: Any) -> Pos:
    return (m.line + 1, m.column + 1)


def _offset_position(text: str, offset: int) -> Pos:
    """Line and column (1-based) of a byte offset into the UTF-8 form of ``text`` (libyaml's
    reader reports a bad character by its offset in the bytes it was given)."""
    before = text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _reader_problem(exc: Any, text: str) -> YamlProblem:
    """A character YAML does not allow anywhere in a file (NUL, other control characters)."""
    code_point = getattr(exc, "character", None)
    position = getattr(exc, "position", None)
    line, col = _offset_position(text, position) if isinstance(position, int) else (0, 0)
    if not isinstance(code_point, int):
        reason = getattr(exc, "reason", None) or "a character that is not allowed"
        return YamlProblem("yaml-syntax", f"YAML syntax: {reason}", line, col,
                           "remove the character that is not allowed on this line")
    if code_point < 0x20 or 0x7F <= code_point <= 0x9F:
        what = f"a control character (0x{code_point:02x})"
        hint = (f"the file holds {what}, invisible in most editors: remove it (such "
                "characters often come from copying out of a PDF, a spreadsheet or a terminal)")
    else:
        what = f"the character U+{code_point:04X}"
        hint = f"the file holds {what} here: remove it or replace it with ordinary text"
    return YamlProblem("yaml-syntax", f"the file holds {what}, which YAML does not allow",
                       line, col, hint)


_TAB_WORD = re.compile(r"\btabs?\b|'\\t'|\t")


def _text_before(text: str, line: int, col: int) -> str:
    """The text before 1-based ``line``:``col`` (the character there excluded)."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return text
        start = found + 1
    return text[: start + max(col - 1, 0)]


# an opening character -> what it opens, its closing character, and PyYAML's problems that
# mean "not closed" (libyaml's wording, then the pure-Python parser's)
_OPENED = {
    '"': ("value", '"', ("found unexpected end of stream", "document")),
    "'": ("value", "'", ("found unexpected end of stream", "document")),
    "[": ("list", "]", ("expected ',' or ']'",)),
    "{": ("mapping", "}", ("expected ',' or '}'",)),
}


def _unclosed(exc: Any, text: str) -> YamlProblem | None:
    """A quote or a bracket that is never closed, reported where it was opened (PyYAML's
    context mark: the mistake is there), with where the reader gave up (its problem mark,
    often the end of the file) in the message. None for any other syntax error."""
    opened = getattr(exc, "context_mark", None)
    ended = getattr(exc, "problem_mark", None)
    if opened is None or ended is None:
        return None
    line, col = _mark(opened)
    start = len(_text_before(text, line, col))
    char = text[start:start + 1]
    if char not in _OPENED:
        return None
    what, close, problems = _OPENED[char]
    if not any(p in (getattr(exc, "problem", None) or "") for p in problems):
        return None
    end_line, end_col = _mark(ended)
    if text[len(_text_before(text, end_line, end_col)):].strip():
        until = f"is not closed before line {end_line}, column {end_col}"
    else:
        until = f"is never closed (the file ends at line {len(text.splitlines())})"
    if what == "value":
        kind = "double" if char == '"' else "single"
        inside = '\\"' if char == '"' else "''"
        return YamlProblem(
            "yaml-syntax", f"YAML syntax: a value opened here with a {kind} quote ({char}) "
            f"{until}", line, col, f"add the closing {close} where the value ends, on line "
            f"{line} (a {char} inside the value is written {inside})")
    return YamlProblem(
        "yaml-syntax", f"YAML syntax: a {what} opened here with '{char}' {until}", line, col,
        f"add the closing '{close}' where the {what} ends, on line {line}")


def _syntax_problem(exc: Any, text: str, _nested: bool = False) -> YamlProblem:
    import yaml

    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text)
    unclosed = _unclosed(exc, text)
    if unclosed is not None:
        return unclosed
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = _mark(mark) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "maximum nesting depth" in problem:
        # libyaml 0.2.6 (PyYAML 6.0.4 wheels) has its own depth limit (1000), which its
        # scanner, looking ahead in a flow collection, can reach before the parser hands us
        # the 41st level. The text before that point nests less than libyaml's limit, so
        # walking it finds our own refusal at the 41st level, with its position, whatever
        # the libyaml version.
        if not _nested:
            prefix = _text_before(text, line, col)
            try:
                parse(prefix, _nested=True)
            except YamlProblem as inner:
                if inner.code == "too-deep":
                    return inner
        return YamlProblem(
            "too-deep", f"the document is nested more than {MAX_DEPTH} levels deep",
            line, col, "copkit records are at most a few levels deep")
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    hint = "check the indentation and quotes on this line and the one before"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, 1)] or _TAB_WORD.search(problem):
        hint = "indent with spaces, not tabs (a tab character is on this line)"
    elif "found unexpected end of stream" in problem or "while scanning a quoted scalar" in (
            context or ""):
        hint = "a quote is opened but never closed: add the closing quote"
    elif "mapping values are not allowed" in problem:
        hint = ("a value contains ': ' — put the whole value in quotes, "
                "or fix the indentation of this key")
    return YamlProblem("yaml-syntax", message, line, col, hint)


def parse(text: str, relpath: str = "<string>", _nested: bool = False) -> SourceMap:
    """Parse YAML text into plain Python data plus a position table."""
    import yaml  # PyYAML: its C parser gives events with marks

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        root, root_pos, positions = _walk(loader.get_event, _event_kinds(yaml))
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, text, _nested) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    return SourceMap(relpath, root, positions, root_pos)


_Table = dict[Any, tuple[int, int, int, int]]
# the parser's events by what _walk does with them (0: skipped)
_SCALAR, _MAPPING, _SEQUENCE, _END, _ALIAS, _DOCUMENT = 1, 2, 3, 4, 5, 6
_KINDS: dict[type, int] = {}


def _event_kinds(yaml: Any) -> dict[type, int]:
    if not _KINDS:
        _KINDS.update({
            yaml.ScalarEvent: _SCALAR, yaml.MappingStartEvent: _MAPPING,
            yaml.SequenceStartEvent: _SEQUENCE, yaml.MappingEndEvent: _END,
            yaml.SequenceEndEvent: _END, yaml.AliasEvent: _ALIAS,
            yaml.DocumentStartEvent: _DOCUMENT})
    return _KINDS


def _walk(get_event: Callable[[], Any],
          kind_of: dict[type, int]) -> tuple[Any, Pos, dict[int, _Table]]:
    """The data of the parser's events, its position and the position tables: one loop, no
    call per event (it runs for every event of every file check reads); refusals are rare."""
    positions: dict[int, _Table] = {}
    # the open containers, and for each: its table, and in a mapping its pending key (with
    # the key's position) or _NO_KEY, in a list _IN_LIST
    containers: list[Any] = []
    tables: list[_Table] = []
    pending: list[Any] = []
    root: Any = None
    root_pos: Pos = (1, 1)
    documents = 0  # a second one is refused
    no_key, in_list, resolve = _NO_KEY, _IN_LIST, resolve_plain
    while (event := get_event()) is not None:
        kind = kind_of.get(type(event), 0)
        if kind == _END:
            containers.pop()
            tables.pop()
            pending.pop()
            continue
        if kind == 0:
            continue
        if kind == _DOCUMENT and not documents:
            documents = 1
            continue
        if kind >= _ALIAS or event.anchor is not None or (
                event.tag is not None and event.tag not in _ALLOWED_TAGS):
            raise _refusal(event, kind)
        vline, vcol = event.start_mark.line + 1, event.start_mark.column + 1
        if kind == _SCALAR:
            if containers and pending[-1] is no_key:
                # a key: always kept as the text written (`1:` is the key "1")
                key = event.value
                if key in containers[-1]:
                    raise _duplicate(key, tables[-1][key][0], vline, vcol)
                pending[-1] = (key, vline, vcol)
                continue
            value: Any = resolve(event.value) if event.implicit[0] else event.value
        else:
            if len(containers) >= MAX_DEPTH:
                raise _too_deep(vline, vcol)
            value = {} if kind == _MAPPING else []
        if not containers:
            root, root_pos = value, (vline, vcol)
        elif (entry := pending[-1]) is in_list:
            tables[-1][len(containers[-1])] = (vline, vcol, vline, vcol)
            containers[-1].append(value)
        else:
            if entry is no_key:
                raise _key_not_scalar(vline, vcol)
            containers[-1][entry[0]] = value
            tables[-1][entry[0]] = (entry[1], entry[2], vline, vcol)
            pending[-1] = no_key
        if kind != _SCALAR:
            tables.append({})
            positions[id(value)] = tables[-1]
            containers.append(value)
            pending.append(no_key if kind == _MAPPING else in_list)
    return root, root_pos, positions


def _refusal(event: Any, kind: int) -> YamlProblem:
    """An alias, a second document, an anchor or a tag, refused where it is."""
    line, col = _mark(event.start_mark)
    if kind == _ALIAS:
        return YamlProblem("yaml-alias", f"YAML aliases (*{event.anchor}) are not allowed",
                           line, col, "write the value out in full instead of using & and *")
    if kind == _DOCUMENT:
        return YamlProblem("yaml-syntax", "the file holds more than one YAML document",
                           line, col, "remove the '---' line and what follows it, "
                           "or put it in a file of its own")
    if event.anchor is not None:
        return YamlProblem("yaml-anchor", f"YAML anchors (&{event.anchor}) are not allowed",
                           line, col, "write the value out in full instead of using & and *")
    return YamlProblem("yaml-tag", f"YAML tag {event.tag!r} is not allowed",
                       line, col, "remove the tag (the text starting with !)")


def _duplicate(key: str, first: int, line: int, col: int) -> YamlProblem:
    return YamlProblem("duplicate-key", f"the key {key!r} appears twice in the same mapping "
                       f"(first at line {first})", line, col, "remove or rename one of the two")


def _too_deep(line: int, col: int) -> YamlProblem:
    return YamlProblem("too-deep", f"the document is nested more than {MAX_DEPTH} levels deep",
                       line, col, "copkit records are at most a few levels deep")


def _key_not_scalar(line: int, col: int) -> YamlProblem:
    return YamlProblem("yaml-syntax", "a list or mapping cannot be used as a key", line, col,
                       "keys are plain words like 'name'")


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()
_IN_LIST = object()  # what a list has instead of a pending key


