"""Reading the CSV files real tools export (rosters, video-call participant reports, form
responses), robustly, with the line and column of every cell for error messages.

* Encoding: a UTF-8 or UTF-16 byte-order mark is honoured; otherwise UTF-8 is tried strictly,
  then Windows-1252 (what Excel saves on Windows), then Latin-1 (never fails).
* Separator: ``,``, ``;``, tab or ``|``, whichever occurs most outside quotes.
* Quoted fields may hold separators, doubled quotes and line breaks.
* Blank lines (trailing ones too) are skipped, and so is a repeated header row (two exports
  pasted one after the other: the same names again, no value in doubt). A column name used
  twice in the header, or a row with a value past the header's last column, is refused with
  its line: which value goes where would be a guess.
* The header is the first row naming the columns sought (exports sometimes put a summary
  above it, like Zoom's meeting details); column names match case-, accent- and
  punctuation-insensitively against each field's usual names in English, Spanish and
  French (:mod:`~copkit.imports.columns`), and ``--map COLUMN=FIELD`` names any other column
  (:mod:`~copkit.imports.mapping`).

The values of cells (emails, dates, durations) are read by :mod:`~copkit.imports.values`.
Errors are :class:`copkit.errors.RecordError` with ``FILE.csv:line:col``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from copkit.errors import RecordError, UsageError
from copkit.imports.values import EMAIL, parse_datetime
from copkit.text import control_char, describe, fold, printable

SEPARATORS = (",", ";", "\t", "|")
MAX_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    col: int


def cell_text(cell: Cell, display: str, column: str | None, multiline: bool = False) -> str:
    """The text of a cell, stripped. A control character (ESC, NUL, a carriage return...) is
    refused with the cell's position: no tool means one, and it would be printed raw to the
    terminal of whoever lists the records. A line break or a tab is how a spreadsheet wraps a
    cell: kept in a multi-line value (a survey answer), a space in any other."""
    found = control_char(cell.text, multiline=True)
    if found is not None:
        index, ch = found
        where = "the header cell" if column is None else \
            "the cell in column '" + printable(column) + "'"
        raise RecordError(
            f"{where} holds {describe(ch)} at character {index + 1}",
            "remove it from the file (it is not part of any name, date or answer), then "
            "import again", f"{display}:{cell.line}:{cell.col}")
    text = cell.text.strip()
    return text if multiline else " ".join(text.split())


@dataclass
class Row:
    """One data row: its cells by column index, and where it starts."""

    line: int
    cells: list[Cell]
    table: Table

    def cell(self, name: str) -> Cell | None:
        index = self.table.columns.get(name)
        if index is None:
            return None
        if index < len(self.cells):
            return self.cells[index]
        last = self.cells[-1] if self.cells else Cell("", self.line, 1)
        return Cell("", last.line, last.col + len(last.text))

    def get(self, name: str) -> str:
        """The cell of field ``name``, on one line (see :func:`cell_text`)."""
        c = self.cell(name)
        return cell_text(c, self.table.display, self.table.header_of(name)) if c else ""

    def text(self, index: int, multiline: bool = False) -> str:
        """The cell of column ``index`` (see :func:`cell_text`); '' past the row's end."""
        if index >= len(self.cells):
            return ""
        return cell_text(self.cells[index], self.table.display, self.table.header[index],
                         multiline)

    def where(self, name: str | None = None) -> str:
        c = self.cell(name) if name else None
        line, col = (c.line, c.col) if c else (self.line, 1)
        return f"{self.table.display}:{line}:{col}"

    def by_header(self) -> dict[str, Cell]:
        return {h: self.cells[i] for i, h in enumerate(self.table.header)
                if i < len(self.cells)}


@dataclass
class Table:
    display: str
    encoding: str
    separator: str
    header: list[str]
    header_line: int
    columns: dict[str, int]            # field name -> column index
    rows: list[Row] = field(default_factory=list)
    preamble: list[list[Cell]] = field(default_factory=list)
    duplicate_headers: int = 0

    def header_of(self, name: str) -> str:
        index = self.columns.get(name)
        return self.header[index] if index is not None else name

    def unmapped(self) -> list[int]:
        used = set(self.columns.values())
        return [i for i in range(len(self.header)) if i not in used]


# ---------------------------------------------------------------- decoding and tokenizing
def decode(raw: bytes) -> tuple[str, str]:
    """The text of a file and the name of its encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "UTF-16"
    head = raw[:2000]
    if len(head) >= 4 and head.count(b"\x00") * 3 > len(head):  # UTF-16 without a BOM
        little = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return raw.decode("utf-16-le" if little else "utf-16-be", errors="replace"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def sniff_separator(text: str) -> str:
    """The separator that occurs most often outside quotes in the first lines."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in text[:16384]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


class UnclosedQuote(Exception):
    """A quoted field that runs to the end of the file."""

    def __init__(self, line: int, col: int) -> None:
        super().__init__(f"unclosed quote at {line}:{col}")
        self.line = line
        self.col = col


def tokenize(text: str, sep: str) -> Iterator[list[Cell]]:
    """Records of cells with their 1-based line and column (RFC 4180, lenient)."""
    i, n = 0, len(text)
    line, col = 1, 1
    if n == 0:
        return
    record: list[Cell] = []
    while True:
        start_line, start_col = line, col
        buf: list[str] = []
        if i < n and text[i] == '"':
            i += 1
            col += 1
            closed = False
            while i < n:
                ch = text[i]
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        col += 2
                        continue
                    i += 1
                    col += 1
                    closed = True
                    break
                if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                    i += 1
                    continue
                if ch in "\r\n":
                    buf.append("\n")
                    line += 1
                    col = 1
                    i += 1
                    continue
                buf.append(ch)
                i += 1
                col += 1
            if not closed:
                raise UnclosedQuote(start_line, start_col)
        while i < n and text[i] != sep and text[i] not in "\r\n":
            buf.append(text[i])
            i += 1
            col += 1
        record.append(Cell("".join(buf), start_line, start_col))
        if i >= n:
            yield record
            return
        if text[i] == sep:
            i += 1
            col += 1
            continue
        i += 2 if text.startswith("\r\n", i) else 1
        line += 1
        col = 1
        yield record
        record = []
        if i >= n:
            return


# ---------------------------------------------------------------- the header
def _folded_names(names: Sequence[str]) -> set[str]:
    return {fold(n) for n in names}


def _header_score(cells: Sequence[Cell], synonyms: Mapping[str, set[str]],
                  mapping: Mapping[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = fold(cell.text)
        if not name:
            continue
        if name in mapping:
            found.setdefault(mapping[name], index)
            continue
        for fname, names in synonyms.items():
            if name in names and fname not in found and fname not in mapping.values():
                found[fname] = index
                break
    return found


def read_table(path: Path, fields: Mapping[str, Sequence[str]], required: Sequence[str],
               mapping: Mapping[str, str] | None = None, display: str | None = None,
               one_of: Sequence[str] = ()) -> Table:
    """Read a CSV export. ``fields`` maps each field to the column names it goes by;
    ``mapping`` ({folded column: field}) adds the user's own names. The header is the first
    row naming every ``required`` field and, when given, at least one of ``one_of``."""
    path = Path(path)
    display = display or path.name
    mapping = dict(mapping or {})
    text, encoding = _read_text(path, display)
    sep = sniff_separator(text)
    records = _records(text, sep, display)
    index, found = _header_row(records, fields, required, mapping, one_of, display)
    header_cells = records[index]
    names = _header_names(header_cells, found, required, mapping, display)
    table = Table(display, encoding, sep, names, header_cells[0].line, found,
                  preamble=records[:index])
    folded_header = [fold(n) for n in names]
    for record in records[index + 1:]:
        if [fold(c.text) for c in record] == folded_header:
            table.duplicate_headers += 1
            continue
        _refuse_extra_cells(record, header_cells, sep, display)
        table.rows.append(Row(record[0].line, record, table))
    return table


def _read_text(path: Path, display: str) -> tuple[str, str]:
    """The text of the file and the name of its encoding; a file too large, unreadable or
    holding NUL characters is refused."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise RecordError(f"the file is larger than {MAX_BYTES // 2**20} MB", None,
                          f"{display}:1:1")
    text, encoding = decode(raw)
    if "\x00" in text:
        raise RecordError("the file holds NUL characters: it does not look like a CSV export",
                          "export it again as CSV (comma-separated values)", f"{display}:1:1")
    return text, encoding


def _records(text: str, sep: str, display: str) -> list[list[Cell]]:
    """The file's records that hold a value (blank lines skipped); none is an error."""
    try:
        records = [r for r in tokenize(text, sep) if any(c.text.strip() for c in r)]
    except UnclosedQuote as exc:
        raise RecordError("a quote (\") opened here is never closed, so the rest of the file "
                          "would be one cell", "close the quote, or remove it",
                          f"{display}:{exc.line}:{exc.col}") from None
    if not records:
        raise RecordError("the file is empty: no header and no rows",
                          "export the file again, with its header line", f"{display}:1:1")
    return records


def _example(fields: Mapping[str, Sequence[str]]) -> str:
    """A header line to show in a hint: the first fields of the import."""
    return ",".join([f for f in fields if f not in ("id", "first_name", "last_name")][:4])


def _header_row(records: Sequence[Sequence[Cell]], fields: Mapping[str, Sequence[str]],
                required: Sequence[str], mapping: Mapping[str, str], one_of: Sequence[str],
                display: str) -> tuple[int, dict[str, int]]:
    """The index of the header among ``records`` and the column of each field it names: the
    first row naming what is needed, else the one naming most fields. A file whose header
    is missing (no row names a column; the row found holds data) is refused."""
    synonyms = {name: _folded_names([name, *names]) for name, names in fields.items()}
    best: tuple[int, dict[str, int]] | None = None
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        found = _header_score(record, synonyms, mapping)
        if found and all(r in found for r in required) and (
                not one_of or any(f in found for f in one_of)):
            best = (index, found)
            break
        if found and (best is None or len(found) > len(best[1])):
            best = (index, found)
    if best is None and _looks_like_data(records[0], {}, []) is not None:
        best = (0, {})  # reported below as a row of data
    if best is None:
        first = records[0][0]
        searched = min(len(records), HEADER_SEARCH_ROWS)
        known = ("for " + ", ".join(f"'{r}'" for r in required)) if required else \
            "copkit knows (" + ", ".join(f for f in fields if f != "id") + ")"
        which = "the first row names no column" if searched == 1 else \
            f"none of the first {searched} rows names a column"
        raise RecordError(
            f"no header line: {which} {known}",
            f"add a header row naming the columns (for example: {_example(fields)}), or name "
            "your columns with --map 'Your column=field'", f"{display}:{first.line}:{first.col}")
    index, found = best
    header_cells = records[index]
    data_like = _looks_like_data(header_cells, found, records[index + 1:index + 200])
    if data_like is not None:
        cell, why = data_like
        row = "the first row" if index == 0 else \
            f"line {header_cells[0].line}, the row that names columns,"
        raise RecordError(
            f"no header line: {row} holds {why}, so it is a row of data",
            f"add a header row naming the columns above it (for example: {_example(fields)}); "
            "copkit reads columns by their names", f"{display}:{cell.line}:{cell.col}")
    return best


def _header_names(cells: Sequence[Cell], found: Mapping[str, int], required: Sequence[str],
                  mapping: Mapping[str, str], display: str) -> list[str]:
    """The column names of the header row ``cells``; a ``--map`` column it does not hold, a
    ``required`` field it does not name, or a name used twice is refused."""
    missing = [r for r in required if r not in found]
    names = [cell_text(c, display, None) for c in cells]
    for column in mapping:
        if column not in {fold(n) for n in names}:
            raise UsageError(f"--map: there is no column '{column}' in {display}",
                             "columns: " + ", ".join(f"'{n}'" for n in names if n))
    if missing:
        head = cells[0]
        what = missing[0]
        raise RecordError(
            f"no column for '{what}' in the header (columns: "
            + ", ".join(f"'{n}'" for n in names if n) + ")",
            f"rename the column holding the {what}, or name it with "
            f"--map 'Your column={what}'", f"{display}:{head.line}:{head.col}")
    _refuse_a_name_twice(cells, names, [fold(n) for n in names], display)
    return names


def _refuse_a_name_twice(cells: Sequence[Cell], names: Sequence[str], folded: Sequence[str],
                         display: str) -> None:
    """A column name used twice in the header (as copkit matches names: case, accents and
    punctuation aside): which of the two holds the value is anybody's guess."""
    first: dict[str, int] = {}
    for i, key in enumerate(folded):
        if not key:
            continue
        if key not in first:
            first[key] = i
            continue
        j = first[key]
        spelt = "" if names[i] == names[j] else f", written '{printable(names[i])}' there"
        raise RecordError(
            f"the header names the column '{printable(names[j])}' twice (columns {j + 1} and "
            f"{i + 1}{spelt}), so copkit cannot tell which one to read",
            "rename one of the two columns (or delete the one that should not be imported), "
            "then import again", f"{display}:{cells[i].line}:{cells[i].col}")


def _refuse_extra_cells(record: Sequence[Cell], header: Sequence[Cell], sep: str,
                        display: str) -> None:
    """A row with a value past the header's last column: most often a value holding the
    separator without quotes, which moved every cell after it one column along. An empty
    cell there (a trailing separator, as Excel and Zoom write) holds nothing and is allowed."""
    for cell in record[len(header):]:
        if cell.text.strip():
            line = record[0].line
            shown = {"\t": "a tab"}.get(sep, f"'{sep}'")
            # the likeliest culprit: the last cell in a column and this one, written as one
            example = printable(f"{record[len(header) - 1].text}{sep}{cell.text}"[:60])
            raise RecordError(
                f"line {line} has {len(record)} cells, but the header (line "
                f"{header[0].line}) names {len(header)} columns: "
                f"'{printable(cell.text[:40])}' is in no column",
                f"a value holding the separator ({shown}) must be in double quotes, like "
                f"\"{example}\"; or name the extra column in the header",
                f"{display}:{cell.line}:{cell.col}")


def _looks_like_data(header: Sequence[Cell], found: Mapping[str, int],
                     rows: Sequence[Sequence[Cell]]) -> tuple[Cell, str] | None:
    """A cell of the would-be header row showing it is data, not column names (a file without
    a header row): an email address, a date, or a cell that recurs below it as a value of its
    own column ('participant' in a roles column). Returns (cell, what it holds) or None."""
    for cell in header:
        text = cell.text.strip()
        if EMAIL.match(text):
            return cell, f"an email address ('{printable(text[:40])}')"
        if re.match(r"^\d", text) and parse_datetime(text, True) is not None:
            return cell, f"a date ('{printable(text[:40])}')"
    folded = [fold(c.text) for c in header]
    for index in found.values():
        name = folded[index] if index < len(folded) else ""
        if not name:
            continue
        for row in rows:
            values = [fold(c.text) for c in row]
            if values == folded:  # a repeated header row, skipped later
                continue
            if index < len(values) and values[index] == name:
                cell = header[index]
                return cell, (f"'{printable(cell.text.strip()[:40])}', which is also a value "
                              f"of that column on line {row[index].line}")
    return None
