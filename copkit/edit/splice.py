# Kept whole: one class (ListFile) whose three edit paths share one file's text, parse and layout.
"""Round-trip edits of one item of a long top-level list (members.yaml, activities.yaml...).

ruamel.yaml's round-trip loader reads about 0.1 MB/s on a slow laptop: a members.yaml of 1,000
people takes seconds to load and as long again to dump. copkit only needs to change one item,
so it round-trips just that item's lines: the slice of the file holding the item is loaded
under a copy of its parent key (``members:`` + the item's lines, so indentation and context are
the same as in the file), edited in place, dumped with the file's own style, and spliced back.
Every byte outside the slice stays as it was.

Safety nets: the unedited slice must dump back byte-identical, and the new text is parsed again
with the fast reader and compared with the old data plus exactly the intended change (the
whole file when it is small; above 64 KB, a window from the item before the edit to the item
after it, which is where a splice could go wrong). When either check fails, the edit falls
back to a whole-file round trip through
:func:`copkit.edit.store.edit`. Files are written with
:func:`copkit.edit.store.write_text` (atomic), and only when the file did not change since it
was read.

Before any of this, the file is read as `copkit check` reads it
(:func:`copkit.yaml.read.read_for_edit`): a file check refuses (too large, not UTF-8, anchors,
tags, duplicate keys...) is refused with check's finding, before a quick path reads a line of
it. A whole-file round trip of a file above :data:`copkit.yaml.read.MAX_REWRITE_BYTES` (a long
list written on one line, say) is refused too: it would take minutes.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from copkit.edit import store
from copkit.errors import ConflictError, RecordError
from copkit.yaml import txn
from copkit.yaml.layout import (
    Layout,
    block_list,
    field_lines,
    id_lines,
    item_span,
    line_ends,
    offsets,
    plain_line_ends,
    without_trailing,
)
from copkit.yaml.positions import SourceMap
from copkit.yaml.read import LIST_HINT, parse, read_for_edit, refuse_rewrite
from copkit.yaml.scalars import YamlProblem

# Files above this size are verified on a window around the edit rather than whole.
WINDOW_ABOVE = 64 * 1024


def _read(path: Path) -> str:
    try:
        raw = txn.read_bytes(path)
    except FileNotFoundError:
        raise RecordError(f"{path.name} does not exist",
                          "run the command in a CoP folder, or create one with copkit init") \
            from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(f"{path.name} is not UTF-8 text", "save it as UTF-8 and try again") \
            from None


def to_plain(node: Any) -> Any:
    """A ruamel or fast-reader value as plain dicts, lists and scalars (for comparisons)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


# a guard around the round-trip load of a file: (CoP folder, relpath) -> context manager
Readable = Callable[[Path, str], AbstractContextManager[None]]


class ListFile:
    """A YAML file whose top level maps keys to lists of records, opened for item edits."""

    def __init__(self, path: Path, relpath: str, missing_ok: bool = False,
                 lazy: bool = False, readable: Readable | None = None) -> None:
        self.path = Path(path)
        self.relpath = relpath
        # around the whole-file round trip (ruamel.yaml fails with a ValueError on a date
        # that does not exist): the caller's guard, which turns it into check's bad-date
        # finding (copkit.records.context.dates_readable); this layer knows no schema
        self._readable = readable
        self.existed = self.path.exists() or not missing_ok
        # read as `copkit check` reads it: a file check refuses is refused here, before any
        # quick path reads a line of it (one too large, by its size alone)
        checked = read_for_edit(self.path, relpath) if self.existed else None
        self.original = checked.text if checked is not None else \
            _read(self.path) if self.existed else ""
        # the reader's view of the file (parsed once, not twice): its positions when it needed
        # the full parser, else found in the text on first use, as far as asked (a command
        # that reads members.yaml's items, to name people say, no longer parses it again)
        self._read_sm = (checked.text, checked.source) if checked is not None else None
        self._full: store.Document | None = None
        self._line_starts: list[int] | None = None
        self._line_starts_of: str | None = None
        self.text = self.original
        if not lazy:
            self.sm  # noqa: B018 - parse now, so that a broken file is reported first

    @property
    def text(self) -> str:
        """The file's text, with the edits made so far."""
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        # every change of the text comes here: its lines, and no view of the text before it
        # (a parse, the layout of a block list) is kept
        self._text = value
        self.lines: list[str] = value.splitlines(keepends=True)
        self._sm: SourceMap | None = None
        self._quick: dict[str, Layout | None] = {}

    @property
    def sm(self) -> SourceMap:
        """The fast reader's view of the current text (parsed on first use, and again after
        a splice that was verified on a window only)."""
        if self._sm is None:
            read, self._read_sm = self._read_sm, None
            sm = read[1] if read is not None and read[0] is self.text else self._parse()
            if sm.data is None:
                sm.data = {}
            if not isinstance(sm.data, dict):
                raise RecordError("the file does not hold 'field: value' lines",
                                  "fix the file, then run the command again",
                                  f"{self.relpath}:1:1")
            self._sm = sm
        return self._sm

    def _parse(self) -> SourceMap:
        try:
            return parse(self.text, self.relpath)
        except YamlProblem as p:
            raise RecordError(p.message, p.hint or "fix the file, then run the command "
                              "again (copkit check shows every problem)",
                              f"{self.relpath}:{p.line}:{p.column}") from None

    # ------------------------------------------------------------------ quick access
    # A long block list can be worked on without parsing the whole file (see
    # copkit.yaml.layout). Whatever is edited is checked by parsing a window around it.
    def quick(self, key: str) -> Layout | None:
        """(0-based first lines of the items, end of the list, dash indentation) of the
        block list ``key``; None when the list is not a plain block list of mappings."""
        if self._full is not None:
            return None
        if key not in self._quick:
            self._quick[key] = block_list(self.lines, key)
        return self._quick[key]

    def _line_at(self, offset: int) -> int:
        """The 0-based line holding character ``offset`` of the current text."""
        import bisect
        import itertools

        if self._line_starts is None or self._line_starts_of is not self.text:
            self._line_starts = [0, *itertools.accumulate(len(x) for x in self.lines)]
            self._line_starts_of = self.text
        return bisect.bisect_right(self._line_starts, offset) - 1

    def _quick_span(self, q: Layout, index: int) -> tuple[int, int]:
        return item_span(self.lines, q, index)

    def find(self, key: str, item_id: str) -> int | None:
        """The index of the item with this id (found by its ``id:`` line when possible)."""
        q = self.quick(key)
        if q is None:
            return self.index_of(key, item_id)
        pattern = id_lines(item_id)
        import bisect

        hits = [self._line_at(m.start()) for m in pattern.finditer(self.text)]
        starts, end, _ = q
        found = {bisect.bisect_right(starts, line) - 1 for line in hits
                 if starts[0] <= line < end}
        if len(found) != 1:
            return self.index_of(key, item_id)
        index = found.pop()
        return index if self.item(key, index).get("id") == item_id else \
            self.index_of(key, item_id)

    def item(self, key: str, index: int) -> dict[str, Any]:
        """The plain data of one item (parsing only its lines when possible)."""
        q = self.quick(key)
        if q is not None and self._sm is None:
            start, stop = self._quick_span(q, index)
            try:
                data = parse(f"{key}:\n" + "".join(self.lines[start:stop]), self.relpath).data
                items = data.get(key) if isinstance(data, dict) else None
                if isinstance(items, list) and len(items) == 1 and isinstance(items[0], dict):
                    return dict(items[0])
            except YamlProblem:
                pass
        value = self.items(key)[index]
        return dict(value) if isinstance(value, dict) else {}

    def quick_scan(self, key: str, field: str) -> list[tuple[int, str]] | None:
        """(item index, value) of every one-line ``field: value`` in the list's items, or
        None when the list cannot be scanned this way."""
        q = self.quick(key)
        if q is None:
            return None
        import bisect

        starts, end, _ = q
        pattern = field_lines(field)
        out = []
        for m in pattern.finditer(self.text):
            line = self._line_at(m.start())
            if starts[0] <= line < end:
                out.append((bisect.bisect_right(starts, line) - 1, m.group(1)))
        return out

    def _quick_splice(self, key: str, index: int, change: Callable[[Any], None]) -> bool:
        """Round-trip item ``index`` alone; check a window from the item before to the item
        after against the old items plus exactly the change."""
        q = self.quick(key)
        if q is None:
            return False
        starts, _, _ = q
        start, stop = self._quick_span(q, index)
        lo = index - 1 if index > 0 else index
        hi = index + 1 if index + 1 < len(starts) else index
        w_start = self._quick_span(q, lo)[0]
        w_stop = self._quick_span(q, hi)[1]
        header = f"{key}:\n"
        try:
            old = parse(header + "".join(self.lines[w_start:w_stop]), self.relpath).data
        except YamlProblem:
            return False
        if not isinstance(old, dict) or not isinstance(old.get(key), list):
            return False
        old_items = to_plain(old[key])
        before = index - lo
        body, crlf = plain_line_ends("".join(self.lines[start:stop]))
        snippet = header + body
        if not snippet.endswith("\n"):
            return False
        yaml = store.yaml_rt(self._style_sample(snippet))
        try:
            data = yaml.load(snippet)
        except Exception:
            return False
        if self._dump(yaml, data) != snippet or len(data[key]) != 1:
            return False
        change(data[key])
        new_snippet = self._dump(yaml, data)
        if not new_snippet.startswith(header):
            return False
        new_slice = line_ends(new_snippet[len(header):], crlf)
        window = "".join(self.lines[w_start:start]) + new_slice + "".join(
            self.lines[stop:w_stop])
        try:
            got = parse(header + window, self.relpath).data
        except YamlProblem:
            return False
        want = old_items[:before] + to_plain(data[key]) + old_items[before + 1:]
        if not isinstance(got, dict) or list(got) != [key] or to_plain(got[key]) != want:
            return False
        a, b = self._offsets(start, stop)
        self.text = self.text[:a] + new_slice + self.text[b:]
        return True

    # ------------------------------------------------------------------ reading
    def items(self, key: str) -> list[Any]:
        if self._full is not None:
            value = self._full.data.get(key) if self._full.data else None
            return [to_plain(v) for v in value] if isinstance(value, list) else []
        value = self.sm.data.get(key)
        return value if isinstance(value, list) else []

    def index_of(self, key: str, item_id: str) -> int | None:
        for i, item in enumerate(self.items(key)):
            if isinstance(item, dict) and item.get("id") == item_id:
                return i
        return None

    def location(self, key: str, index: int, field: str | None = None) -> str:
        loc: list[Any] = [key, index] + ([field] if field else [])
        line, col = self.sm.locate(loc)
        return f"{self.relpath}:{line}:{col}"

    # ------------------------------------------------------------------ spans
    def _block_list(self, key: str) -> bool:
        value = self.sm.data.get(key)
        if not isinstance(value, list) or not value:
            return False
        line, col = self.sm.locate([key, 0])
        first = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        before = first[: col - 1].strip()
        return before.startswith("-") and before.strip("- ") == ""

    def _next_key_line(self, key: str) -> int:
        """1-based line of the top-level key after ``key``, or len(lines)+1."""
        keys = list(self.sm.data)
        pos = keys.index(key)
        if pos + 1 < len(keys):
            line, _ = self.sm.locate([keys[pos + 1]], key=True)
            return line
        return len(self.lines) + 1

    def _span(self, key: str, index: int) -> tuple[int, int]:
        """0-based [start, end) line range of item ``index`` (without trailing comments)."""
        items = self.sm.data[key]
        line, _ = self.sm.locate([key, index])
        start = line - 1
        while start > 0 and not self.lines[start].lstrip().startswith("-"):
            start -= 1
        dash = len(self.lines[start]) - len(self.lines[start].lstrip(" "))
        if index + 1 < len(items):
            nxt, _ = self.sm.locate([key, index + 1])
            end = nxt - 1
            while end > start + 1 and not self.lines[end].lstrip().startswith("-"):
                end -= 1
        else:
            end = self._next_key_line(key) - 1
        return start, without_trailing(self.lines, start, end, dash)

    def _offsets(self, start: int, end: int) -> tuple[int, int]:
        return offsets(self.lines, start, end)

    # ------------------------------------------------------------------ editing
    def _dump(self, yaml: Any, data: Any) -> str:
        store._protect(data)
        buf = io.StringIO()
        yaml.dump(data, buf)
        return buf.getvalue()

    def _full_doc(self) -> store.Document:
        if self._full is None:
            # a long list written on one line, say: ruamel.yaml would take minutes
            refuse_rewrite(len(self.text), self.relpath, LIST_HINT)
            # the text so far (with any splice already made); saving checks the file still
            # holds what was read
            root = Path(*self.path.parts[:len(self.path.parts) - len(Path(self.relpath).parts)])
            guard = self._readable(root, self.relpath) if self._readable is not None \
                else contextlib.nullcontext()
            with guard:  # 2026-02-30: check's bad-date error
                self._full = store.Document(self.path, self.text)
            self._full.original = self.original
            if self._full.data is None:
                from ruamel.yaml.comments import CommentedMap

                self._full.data = CommentedMap()
        return self._full

    def edit_item(self, key: str, index: int, change: Callable[[Any], None]) -> None:
        """Apply ``change(item)`` to item ``index`` of list ``key`` (a ruamel CommentedMap,
        edited in place)."""
        if self._full is None and self._sm is None and \
                self._quick_splice(key, index, lambda seq: change(seq[0])):
            return
        if self._full is None and self._block_list(key):
            start, end = self._span(key, index)
            if self._splice(key, start, end, lambda seq: change(seq[0])):
                return
        doc = self._full_doc()
        change(doc.data[key][index])

    def append(self, key: str, item: Any) -> None:
        """Append ``item`` (ruamel containers or plain values) to list ``key``."""
        self.extend(key, [item])

    def extend(self, key: str, items: list[Any]) -> None:
        """Append several items at once (one splice, one verification)."""
        if not items:
            return
        if self._full is None and self._sm is None:
            q = self.quick(key)
            if q is not None and self._quick_splice(key, len(q[0]) - 1,
                                                    lambda seq: seq.extend(items)):
                return
        if self._full is None:
            if self._block_list(key):
                last = len(self.sm.data[key]) - 1
                start, end = self._span(key, last)
                if self._splice(key, start, end, lambda seq: seq.extend(items)):
                    return
            elif self._empty_flow(key) and self._fill_empty(key, items[0]):
                self.extend(key, items[1:])
                return
        doc = self._full_doc()
        from ruamel.yaml.comments import CommentedSeq

        seq = doc.data.get(key)
        if not isinstance(seq, list):
            seq = CommentedSeq()
            doc.data[key] = seq
        if not seq and hasattr(seq, "fa"):
            seq.fa.set_block_style()
        seq.extend(items)

    def _empty_flow(self, key: str) -> bool:
        value = self.sm.data.get(key)
        if value != []:
            return False
        line, col = self.sm.locate([key])
        text = self.lines[line - 1][col - 1:] if 0 < line <= len(self.lines) else ""
        return text.startswith("[") and text[1:].lstrip().startswith("]")

    def _fill_empty(self, key: str, item: Any) -> bool:
        """``key: []`` becomes ``key:`` followed by the item as a block list."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        yaml = store.yaml_rt(self.original)
        seq = CommentedSeq([item])
        data = CommentedMap([(key, seq)])
        rendered = self._dump(yaml, data)
        header = f"{key}:\n"
        if not rendered.startswith(header):
            return False
        line, col = self.sm.locate([key])
        row = self.lines[line - 1]
        close = row.index("]", col - 1)
        rest = row[close + 1:].rstrip("\r\n")
        eol = "\r\n" if row.endswith("\r\n") else "\n"
        new_row = row[: col - 1].rstrip() + rest + eol
        start, _ = self._offsets(line - 1, line - 1)
        _, end = self._offsets(line - 1, line)
        new_text = (self.text[:start] + new_row + line_ends(rendered[len(header):], eol == "\r\n")
                    + self.text[end:])
        expected = dict(to_plain(self.sm.data))
        expected[key] = [to_plain(item)]
        return self._accept(new_text, expected)

    def _splice(self, key: str, start: int, end: int, change: Callable[[Any], None]) -> bool:
        header = f"{key}:\n"
        slice_text = "".join(self.lines[start:end])
        if not slice_text.endswith("\n"):
            return False
        body, crlf = plain_line_ends(slice_text)
        snippet = header + body
        yaml = store.yaml_rt(self._style_sample(snippet))
        try:
            data = yaml.load(snippet)
        except Exception:
            return False
        if self._dump(yaml, data) != snippet:
            return False
        change(data[key])
        new_snippet = self._dump(yaml, data)
        if not new_snippet.startswith(header):
            return False
        a, b = self._offsets(start, end)
        new_slice = line_ends(new_snippet[len(header):], crlf)
        new_text = self.text[:a] + new_slice + self.text[b:]
        # what the file must now hold: the old items with the slice's items replaced
        first = self._index_at_line(key, start)
        count = self._items_in(key, start, end)
        raw_items = self.sm.data[key]
        new_items = to_plain(data[key])
        if len(self.text) <= WINDOW_ABOVE:
            old_items = to_plain(raw_items)
            expected = dict(to_plain(self.sm.data))
            expected[key] = old_items[:first] + new_items + old_items[first + count:]
            return self._accept(new_text, expected)
        # a large file: parse a window from the item before to the item after the slice,
        # which checks that the new lines join their neighbours as intended
        lo, hi = max(first - 1, 0), min(first + count + 1, len(raw_items))
        w_start = self._span(key, lo)[0] if lo < first else start
        w_end = self._span(key, hi - 1)[1] if hi > first + count else end
        wa, _ = self._offsets(w_start, w_start)
        _, wb = self._offsets(w_end, w_end)
        window = new_text[wa: wb + len(new_slice) - (b - a)]
        try:
            got = parse(header + window, self.relpath).data
        except YamlProblem:
            return False
        want = to_plain(raw_items[lo:first]) + new_items + to_plain(raw_items[first + count:hi])
        if not isinstance(got, dict) or list(got) != [key] or to_plain(got[key]) != want:
            return False
        self.text = new_text
        return True

    def _style_sample(self, snippet: str) -> str:
        """The text whose indentation style the dump follows: the whole file when it is
        small, else the slice being edited (guessing the style of a long file line by line
        costs more than the edit)."""
        return self.original if len(self.original) <= WINDOW_ABOVE else snippet

    def _index_at_line(self, key: str, start: int) -> int:
        for i in range(len(self.sm.data[key])):
            line, _ = self.sm.locate([key, i])
            if line - 1 >= start:
                return i
        return len(self.sm.data[key])

    def _items_in(self, key: str, start: int, end: int) -> int:
        n = 0
        for i in range(len(self.sm.data[key])):
            line, _ = self.sm.locate([key, i])
            if start <= line - 1 < end:
                n += 1
        return n

    def _accept(self, new_text: str, expected: Any) -> bool:
        try:
            sm = parse(new_text, self.relpath)
        except YamlProblem:
            return False
        if to_plain(sm.data) != expected:
            return False
        self.text = new_text
        self._sm = sm  # the parse that verified the new text
        return True

    @property
    def changed(self) -> bool:
        if self._full is not None:
            return self._full.changed
        return self.text != self.original

    def save(self) -> bool:
        """Write the file back (atomically) if it changed; True when written."""
        if self._full is not None:
            if not self.existed and txn.is_file(self.path):
                raise ConflictError(f"{self.relpath} appeared while copkit was editing it",
                                    "run the command again")
            return self._full.save()
        if self.text == self.original:
            return False
        current = _read(self.path) if txn.is_file(self.path) else ""
        if current != self.original:
            raise ConflictError(f"{self.relpath} changed while copkit was editing it",
                                "run the command again")
        store.write_text(self.path, self.text)
        self.original = self.text
        return True
