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

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit import txn
from copkit.errors import RecordError
from copkit.findings import Finding

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
# A file copkit edits by rewriting it whole (a record file, charter.yaml, plan.yaml, a list
# that cannot be edited item by item) is refused above this size: ruamel.yaml's round trip
# reads and writes about 0.1 MB/s, so 0.5 MB already takes a few seconds.
MAX_REWRITE_BYTES = 512 * 1024

Pos = tuple[int, int]  # 1-based line and column


class YamlProblem(Exception):
    """A file cannot be read as copkit YAML. Carries a finding code and a position."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


class SrcInt(int):
    """An int read from a plain scalar, remembering how it was written."""

    src: str

    def __new__(cls, value: int, src: str) -> SrcInt:
        obj = super().__new__(cls, value)
        obj.src = src
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (SrcInt, (int(self), self.src))


class SrcFloat(float):
    """A float read from a plain scalar, remembering how it was written."""

    src: str

    def __new__(cls, value: float, src: str) -> SrcFloat:
        obj = super().__new__(cls, value)
        obj.src = src
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (SrcFloat, (float(self), self.src))


@dataclass
class SourceMap:
    """The parsed data of one file and where each of its keys and values starts."""

    path: str
    data: Any
    # id(container) -> {key or index: (key line, key col, value line, value col)}
    positions: dict[int, dict[Any, tuple[int, int, int, int]]] = field(default_factory=dict)
    root: Pos = (1, 1)
    # When the data came without positions (copkit's line reader, or copkit's cache): the
    # file's text, or how to read it again. Positions are then found on first use, by walking
    # the parser's events only as far as the path asked for (:class:`PositionScan`); the data
    # is never read again nor replaced.
    text: str | Callable[[], str] | None = field(default=None, repr=False)
    _scan: PositionScan | None = field(default=None, repr=False, compare=False)

    @property
    def has_positions(self) -> bool:
        """Whether the positions came with the data (the full parser read the file)."""
        return self.text is None

    def locate(self, loc: Sequence[Any], key: bool = False) -> Pos:
        """Position of the value (or of its key) at ``loc``; the nearest existing parent's
        position when the path does not exist (a missing field points at its record)."""
        if self.text is not None:
            return self._scanned(self.text, loc, key)
        node = self.data
        best: Pos = self.root
        for i, part in enumerate(loc):
            table = self.positions.get(id(node))
            if table is None or part not in table:
                return best
            kl, kc, vl, vc = table[part]
            last = i == len(loc) - 1
            best = (kl, kc) if (key and last) else (vl, vc) if last else (kl, kc)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return best
        return best

    def _scanned(self, source: str | Callable[[], str], loc: Sequence[Any], key: bool) -> Pos:
        """:meth:`locate` through the scan of the text (the same answers as the tables the
        full parser makes)."""
        scan = self._scan
        if scan is None:
            try:
                text = source() if callable(source) else source
            except YamlProblem:
                return (0, 0)
            scan = self._scan = PositionScan(text)
        node = scan.top()
        if scan.failed:
            return (0, 0)
        best: Pos = scan.root_pos
        for i, part in enumerate(loc):
            if node is None:
                return best
            entry = scan.entry(node, part)
            if scan.failed:
                return (0, 0)
            if entry is None:
                return best
            kl, kc, vl, vc, node = entry
            last = i == len(loc) - 1
            best = (kl, kc) if (key and last) else (vl, vc) if last else (kl, kc)
        return best


class _Node:
    """The positions in one mapping or list, as far as the scan has read it: key or index ->
    (key line, key col, value line, value col, the value's own node or None)."""

    __slots__ = ("closed", "table")

    def __init__(self) -> None:
        self.table: dict[Any, tuple[int, int, int, int, _Node | None]] = {}
        self.closed = False


class PositionScan:
    """The positions of a text's keys and values, found by walking the C parser's events
    (no values are built) only as far as the paths asked for so far: a finding near the
    start of a 7 MB file reads a few events, and the next path asked goes on from where the
    last one stopped, so that however many are asked, the text is walked at most once. The
    positions are those :func:`parse` gives (its marks, the same rules)."""

    def __init__(self, text: str) -> None:
        import yaml

        self._yaml = yaml
        loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        self._loader: Any = loader_cls(text)
        self.root: _Node | None = None
        self.root_pos: Pos = (1, 1)
        self._started = False
        self.failed = False
        # the open containers: (node, is a mapping), and each one's pending key
        self._open: list[tuple[_Node, bool]] = []
        self._keys: list[tuple[str, int, int] | None] = []

    def top(self) -> _Node | None:
        """The node of the top-level value (None for a scalar or an empty text)."""
        while not self._started and self._loader is not None:
            self._step(None, None)
        return self.root

    def entry(self, node: _Node, part: Any) -> tuple[int, int, int, int, _Node | None] | None:
        """The entry ``part`` of ``node``, reading on until it is read or ``node`` closed."""
        table = node.table
        while part not in table and not node.closed and self._loader is not None:
            self._step(node, part)
        return table.get(part)

    def _step(self, node: _Node | None, part: Any) -> None:
        """Walk events until ``part`` is in ``node`` or ``node`` is closed (until the top-level
        value starts, without a node), or the text ends."""
        yaml = self._yaml
        loader = self._loader
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        mapping, sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stream_end = yaml.StreamEndEvent
        opened, keys = self._open, self._keys
        table = node.table if node is not None else None
        try:
            while True:
                event = loader.get_event()
                kind = type(event)
                if event is None or kind is stream_end:
                    self._finish()
                    return
                if kind in ends:
                    done, _ = opened.pop()
                    keys.pop()
                    done.closed = True
                    if done is node:
                        return
                    continue
                if kind is not scalar and kind is not alias and kind is not mapping \
                        and kind is not sequence:
                    continue
                mark = event.start_mark
                vline, vcol = mark.line + 1, mark.column + 1
                child = _Node() if kind is mapping or kind is sequence else None
                if not opened:
                    if self._started:  # a second document: parse refuses the file
                        self._fail()
                        return
                    self._started = True
                    self.root, self.root_pos = child, (vline, vcol)
                else:
                    parent, is_map = opened[-1]
                    if is_map:
                        pending = keys[-1]
                        if pending is None:
                            if kind is not scalar:  # a key that is a list or a mapping
                                self._fail()
                                return
                            keys[-1] = (event.value, vline, vcol)
                            continue
                        parent.table[pending[0]] = (pending[1], pending[2], vline, vcol, child)
                        keys[-1] = None
                    else:
                        parent.table[len(parent.table)] = (vline, vcol, vline, vcol, child)
                if child is not None:
                    opened.append((child, kind is mapping))
                    keys.append(None)
                if node is None:
                    if self._started:
                        return
                elif table is not None and part in table:
                    return
        except yaml.YAMLError:
            self._fail()

    def _fail(self) -> None:
        """The text no longer parses (it changed since its data was read): no positions."""
        self.failed = True
        self._finish()

    def _finish(self) -> None:
        loader, self._loader = self._loader, None
        self._open, self._keys = [], []
        if loader is not None:
            dispose = getattr(loader, "dispose", None)
            if dispose is not None:
                dispose()


_INT_RE = re.compile(r"[-+]?(?:0b[0-1_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9_]+)\Z")
_FLOAT_RE = re.compile(
    r"(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))\Z"
)
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_STAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?\Z"
)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NUMERIC_START = frozenset("-+0123456789.")
_ALLOWED_TAGS = frozenset(("tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                           "tag:yaml.org,2002:seq", "!"))


def _int_value(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if t.startswith("0b"):
        return sign * int(t[2:], 2)
    if t.startswith("0o"):
        return sign * int(t[2:], 8)
    if t.startswith("0x"):
        return sign * int(t[2:], 16)
    return sign * int(t)


def _float_value(text: str) -> float:
    t = text.replace("_", "")
    low = t.lower()
    if low.endswith(".inf"):
        return float("-inf") if low.startswith("-") else float("inf")
    if low == ".nan":
        return float("nan")
    return float(t)


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar the way YAML 1.2 (and ruamel.yaml) does."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in "tTfF":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return text
    if first not in _NUMERIC_START:
        return text
    if _INT_RE.match(text) and any(ch.isdigit() for ch in text):
        try:
            return SrcInt(_int_value(text), text)
        except ValueError:
            return text
    if _FLOAT_RE.match(text):
        try:
            return SrcFloat(_float_value(text), text)
        except ValueError:
            return text
    m = _DATE_RE.match(text)
    if m:
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return text  # an impossible date stays text; the schema reports it as bad-date
    if _STAMP_RE.match(text):
        try:
            return _dt.datetime.fromisoformat(text.replace("t", "T").replace(" ", "T", 1)
                                              .replace("Z", "+00:00"))
        except ValueError:
            return text
    return text


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
    (:func:`copkit.fastyaml.load_simple`, which refuses anything it is not sure of; the
    positions are then found on first use, as far as asked: see :class:`SourceMap`), the rest
    by :func:`parse` (which also gives the errors). Raises :class:`YamlProblem`."""
    from copkit.fastyaml import NotSimple, load_simple  # fastyaml imports this module

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


class FileRefused(RecordError):
    """A write command stops at a file copkit's reader refuses, with the finding `copkit
    check` reports about it (``code`` is the finding's code); nothing is written."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message, finding.hint, finding.location or None)
        self.code = finding.code

    @classmethod
    def of(cls, problem: YamlProblem, relpath: str) -> FileRefused:
        return cls(Finding(problem.code, problem.message, relpath, problem.line,
                           problem.column, problem.hint))


def refuse_first(findings: Sequence[Finding]) -> None:
    """Raise the first of ``findings`` that says copkit's reader refused a file, as a
    :class:`FileRefused` (for the commands that read their files as check does, through
    :mod:`copkit.repo`, before they write)."""
    for finding in findings:
        if finding.code in REFUSALS and finding.severity == "error":
            raise FileRefused(finding)


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
    positions: dict[int, dict[Any, tuple[int, int, int, int]]] = {}
    # the open containers, and for each: is it a mapping, its pending key and key position
    containers: list[Any] = []
    tables: list[dict[Any, tuple[int, int, int, int]]] = []
    is_map: list[bool] = []
    pending: list[Any] = []
    root: Any = None
    root_pos: Pos = (1, 1)
    documents = 0
    depth = 0
    get_event = loader.get_event
    kind_of = {
        yaml.ScalarEvent: 1, yaml.MappingStartEvent: 2, yaml.SequenceStartEvent: 3,
        yaml.MappingEndEvent: 4, yaml.SequenceEndEvent: 4, yaml.AliasEvent: 5,
        yaml.DocumentStartEvent: 6,
    }
    no_key = _NO_KEY
    resolve = resolve_plain
    try:
        while True:
            event = get_event()
            if event is None:
                break
            kind = kind_of.get(type(event), 0)
            if kind == 0:
                continue
            if kind == 4:
                containers.pop()
                tables.pop()
                is_map.pop()
                pending.pop()
                depth -= 1
                continue
            if kind == 5:
                line, col = _mark(event.start_mark)
                raise YamlProblem("yaml-alias", f"YAML aliases (*{event.anchor}) are not allowed",
                                  line, col, "write the value out in full instead of using & and *")
            if kind == 6:
                documents += 1
                if documents > 1:
                    line, col = _mark(event.start_mark)
                    raise YamlProblem("yaml-syntax", "the file holds more than one YAML document",
                                      line, col, "remove the '---' line and what follows it, "
                                      "or put it in a file of its own")
                continue
            if event.anchor is not None:
                line, col = _mark(event.start_mark)
                raise YamlProblem(
                    "yaml-anchor", f"YAML anchors (&{event.anchor}) are not allowed",
                    line, col, "write the value out in full instead of using & and *")
            tag = event.tag
            if tag is not None and tag not in _ALLOWED_TAGS:
                line, col = _mark(event.start_mark)
                raise YamlProblem("yaml-tag", f"YAML tag {tag!r} is not allowed",
                                  line, col, "remove the tag (the text starting with !)")
            sm = event.start_mark
            vline = sm.line + 1
            vcol = sm.column + 1
            if kind == 1:
                if depth and is_map[-1] and pending[-1] is no_key:
                    # a key: always kept as the text written (`1:` is the key "1")
                    key = event.value
                    if key in containers[-1]:
                        raise YamlProblem(
                            "duplicate-key",
                            f"the key {key!r} appears twice in the same mapping "
                            f"(first at line {tables[-1][key][0]})",
                            vline, vcol, "remove or rename one of the two")
                    pending[-1] = (key, vline, vcol)
                    continue
                value: Any = resolve(event.value) if event.implicit[0] else event.value
            else:
                if depth >= MAX_DEPTH:
                    raise YamlProblem(
                        "too-deep", f"the document is nested more than {MAX_DEPTH} levels deep",
                        vline, vcol, "copkit records are at most a few levels deep")
                value = {} if kind == 2 else []
            if not depth:
                root = value
                root_pos = (vline, vcol)
            elif is_map[-1]:
                entry = pending[-1]
                if entry is no_key:
                    raise YamlProblem("yaml-syntax", "a list or mapping cannot be used as a key",
                                      vline, vcol, "keys are plain words like 'name'")
                key = entry[0]
                containers[-1][key] = value
                tables[-1][key] = (entry[1], entry[2], vline, vcol)
                pending[-1] = no_key
            else:
                container = containers[-1]
                tables[-1][len(container)] = (vline, vcol, vline, vcol)
                container.append(value)
            if kind != 1:
                table: dict[Any, tuple[int, int, int, int]] = {}
                positions[id(value)] = table
                containers.append(value)
                tables.append(table)
                is_map.append(kind == 2)
                pending.append(no_key)
                depth += 1
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, text, _nested) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    return SourceMap(relpath, root, positions, root_pos)


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()


def as_text(value: Any) -> Any:
    """Turn a scalar read from YAML back into the text that was written, when it was not
    meant as a number or boolean (names, phone numbers, codes)."""
    src = getattr(value, "src", None)
    if src is not None:
        return src
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def plain(value: Any) -> Any:
    """Data with copkit's scalar subclasses replaced by plain Python values (for JSON etc.)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, SrcInt):
        return int(value)
    if isinstance(value, SrcFloat):
        return float(value)
    return value
