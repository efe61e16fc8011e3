"""Reading real-world CSV exports: encodings, separators, quoted newlines, blank lines,
repeated headers, header below a summary; positioned errors for bad cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.errors import RecordError, UsageError
from copkit.imports.columns import ATTENDANCE_COLUMNS, MEMBER_COLUMNS
from copkit.imports.mapping import parse_map
from copkit.imports.table import decode, read_table, sniff_separator, tokenize
from copkit.imports.values import email_of, minutes_of, parse_datetime

DATA = Path(__file__).parent / "data"


def members(name: str, required: tuple[str, ...] = ("name",), mapping: dict[str, str] | None
            = None) -> tuple[list[dict[str, str]], object]:
    table = read_table(DATA / name, MEMBER_COLUMNS, list(required), mapping)
    rows = [{k: row.get(k) for k in table.columns} for row in table.rows]
    return rows, table


def test_cp1252_with_semicolons() -> None:
    rows, table = members("roster-cp1252.csv")
    assert table.encoding == "Windows-1252" and table.separator == ";"  # type: ignore[attr-defined]
    assert rows[1] == {"name": "Renée Côté", "email": "renee@example.org",
                       "organisation": "Ville de Québec – Bureau", "country": "CA",
                       "roles": "expert"}
    assert len(rows) == 3


def test_utf8_bom() -> None:
    rows, table = members("roster-bom.csv")
    assert table.encoding == "UTF-8 with BOM"  # type: ignore[attr-defined]
    assert rows[0]["name"] == "Amélie Dupont"  # the BOM is not part of the first column name


def test_quoted_newlines_and_quotes() -> None:
    rows, table = members("roster-quoted-newlines.csv")
    # the cell holds the line break; a one-line field reads it as the space it stands for
    # (a spreadsheet wrapping the cell), a multi-line one keeps it
    first = table.rows[0]  # type: ignore[attr-defined]
    assert first.cells[2].text == "Agence de développement\nlocal, antenne Sud"
    assert rows[0]["organisation"] == "Agence de développement local, antenne Sud"
    assert first.text(2, multiline=True) == "Agence de développement\nlocal, antenne Sud"
    assert rows[1] == {"name": "O'Brien, Seán", "email": "sean@example.org",
                       "organisation": 'The "Local" Council', "country": "IE"}
    assert [r.line for r in table.rows] == [2, 4]  # type: ignore[attr-defined]


def test_duplicated_header_row_skipped() -> None:
    rows, table = members("roster-duplicate-header.csv")
    assert [r["name"] for r in rows] == ["Kofi Mensah", "Lina Haddad"]
    assert table.duplicate_headers == 1  # type: ignore[attr-defined]


# issue #13: a repeated header ROW (two exports pasted one after the other) is still
# skipped: it names the same columns again, so no value is in doubt. A column NAME used twice
# in the header, or a row with more cells than the header has columns, is refused.
def test_a_column_name_used_twice_is_refused() -> None:
    with pytest.raises(RecordError) as exc:
        members("roster-duplicate-column.csv")
    assert str(exc.value) == (
        "roster-duplicate-column.csv:1:25: the header names the column 'Email' twice "
        "(columns 2 and 4), so copkit cannot tell which one to read\n"
        "  hint: rename one of the two columns (or delete the one that should not be "
        "imported), then import again")


def test_a_column_name_used_twice_under_two_spellings(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Name;E-mail;NAME \nAna;ana@example.org;Ana Ruiz\n", "utf-8")
    with pytest.raises(RecordError) as exc:
        read_table(path, MEMBER_COLUMNS, ["name"])
    assert exc.value.location == "r.csv:1:13"
    assert exc.value.message == ("the header names the column 'Name' twice (columns 1 and 3, "
                                 "written 'NAME' there), so copkit cannot tell which one to "
                                 "read")


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(RecordError) as exc:
        members("roster-extra-cells.csv")
    assert str(exc.value) == (
        "roster-extra-cells.csv:4:36: line 4 has 4 cells, but the header (line 1) names 3 "
        "columns: ' SG' is in no column\n"
        "  hint: a value holding the separator (',') must be in double quotes, like "
        "\"Singapore, SG\"; or name the extra column in the header")


def test_an_empty_cell_past_the_header_is_no_data(tmp_path: Path) -> None:
    # a trailing separator (Excel, Zoom) adds an empty cell: nothing is lost, nothing refused
    path = tmp_path / "r.csv"
    path.write_text("Name,Email\nAna Ruiz,ana@example.org,\nBo Li,bo@example.org, ,\n",
                    "utf-8")
    table = read_table(path, MEMBER_COLUMNS, ["name"])
    assert [row.get("name") for row in table.rows] == ["Ana Ruiz", "Bo Li"]


def test_blank_trailing_lines_and_crlf() -> None:
    rows, _ = members("roster-trailing-blank.csv")
    assert rows == [{"name": "Paulo Souza", "email": "paulo@example.org", "country": "BR"},
                    {"name": "Mei Chen", "email": "mei@example.org", "country": "SG"}]


def test_header_below_a_summary_and_utf16_tabs() -> None:
    zoom = read_table(DATA / "zoom-participants.csv", ATTENDANCE_COLUMNS, ["name"])
    assert zoom.header_line == 4 and len(zoom.rows) == 7
    assert zoom.header_of("join") == "Join Time"
    teams = read_table(DATA / "teams-attendance-utf16.csv", ATTENDANCE_COLUMNS, ["name"])
    assert teams.encoding == "UTF-16" and teams.separator == "\t"
    assert teams.header_line == 8
    assert teams.rows[1].get("duration") == "57m 50s"


def test_map_names_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Apellidos y nombres,Institución\nQuispe Tomás,GR Cusco\n", "utf-8")
    mapping = parse_map(["apellidos y nombres=name", "INSTITUCION=organisation"],
                        list(MEMBER_COLUMNS))
    table = read_table(path, MEMBER_COLUMNS, ["name"], mapping)
    assert table.rows[0].get("name") == "Quispe Tomás"
    assert table.rows[0].get("organisation") == "GR Cusco"
    with pytest.raises(UsageError, match="'nmae' is not a field"):
        parse_map(["x=nmae"], list(MEMBER_COLUMNS))
    with pytest.raises(UsageError, match="there is no column 'nope'"):
        read_table(path, MEMBER_COLUMNS, ["name"], {"nope": "email"})


def test_no_header_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "nohead.csv"
    path.write_text("María López,maria@example.org,Cusco\nJuan,juan@example.org,Puno\n",
                    "utf-8")
    with pytest.raises(RecordError) as exc:
        read_table(path, MEMBER_COLUMNS, ["name"])
    assert exc.value.location == "nohead.csv:1:13"  # the email address
    assert exc.value.message == ("no header line: the first row holds an email address "
                                 "('maria@example.org'), so it is a row of data")
    assert "add a header row naming the columns above it" in (exc.value.hint or "")


def test_missing_required_column_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "att.csv"
    path.write_text("\n\nEmail,Join Time\nmaria@example.org,2026-05-10 14:00\n", "utf-8")
    with pytest.raises(RecordError) as exc:
        read_table(path, ATTENDANCE_COLUMNS, ["name"])
    assert exc.value.location == "att.csv:3:1"
    assert exc.value.message == "no column for 'name' in the header (columns: 'Email', " \
                                "'Join Time')"
    assert "--map 'Your column=name'" in (exc.value.hint or "")


def test_junk_email_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("name,email\nAna,ana@example.org\nJuan,\"call me, maybe\"\n", "utf-8")
    table = read_table(path, MEMBER_COLUMNS, ["name"])
    assert email_of(table.rows[0]) == "ana@example.org"
    with pytest.raises(RecordError) as exc:
        email_of(table.rows[1])
    assert exc.value.location == "r.csv:3:6"
    assert exc.value.message == "'call me, maybe' in column 'email' is not an email address"


@pytest.mark.parametrize("text, dayfirst, expected", [
    ("2026-05-10", False, dt.datetime(2026, 5, 10)),
    ("2026-05-10T14:03:00Z", False, dt.datetime(2026, 5, 10, 14, 3)),
    ("05/10/2026 02:00:05 PM", False, dt.datetime(2026, 5, 10, 14, 0, 5)),
    ("10/05/2026, 14:00:05", True, dt.datetime(2026, 5, 10, 14, 0, 5)),
    ("2026/11/01 10:15:32 AM GMT-5", False, dt.datetime(2026, 11, 1, 10, 15, 32)),
    ("10.05.26 14:00", True, dt.datetime(2026, 5, 10, 14, 0)),
    ("1/2/2026 9:05 p. m.", True, dt.datetime(2026, 2, 1, 21, 5)),
])
def test_dates_from_tools(text: str, dayfirst: bool, expected: dt.datetime) -> None:
    assert parse_datetime(text, dayfirst) == expected


@pytest.mark.parametrize("text", ["next tuesday", "2026-02-30", "32/13/2026", "14h"])
def test_unreadable_dates(text: str) -> None:
    assert parse_datetime(text, True) is None


def test_unparseable_date_is_a_positioned_error(tmp_path: Path) -> None:
    from copkit.imports.values import datetime_of

    path = tmp_path / "a.csv"
    path.write_text("Name,Join Time\nAna,yesterday afternoon\n", "utf-8")
    table = read_table(path, ATTENDANCE_COLUMNS, ["name"])
    with pytest.raises(RecordError) as exc:
        datetime_of(table.rows[0], "join", False)
    assert exc.value.location == "a.csv:2:5"
    assert "'yesterday afternoon' in column 'Join Time' is not a date" in exc.value.message


@pytest.mark.parametrize("text, minutes", [
    ("95", 95), ("95,5", 95.5), ("1:35:00", 95), ("01:35", 95), ("1h 35m", 95),
    ("1h 31m 38s", 91 + 38 / 60), ("57m 50s", 57 + 50 / 60), ("2 h", 120),
])
def test_durations(tmp_path: Path, text: str, minutes: float) -> None:
    path = tmp_path / "d.csv"
    path.write_text(f'Name,Duration\nAna,"{text}"\n', "utf-8")
    table = read_table(path, ATTENDANCE_COLUMNS, ["name"])
    assert minutes_of(table.rows[0], "duration") == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["inf", "nan", "-inf", "1e999", "Infinity"])
def test_a_duration_that_is_not_finite(tmp_path: Path, text: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(f"Name,Duration\nAna,{text}\n", "utf-8")
    table = read_table(path, ATTENDANCE_COLUMNS, ["name"])
    with pytest.raises(RecordError) as exc:
        minutes_of(table.rows[0], "duration")
    assert str(exc.value) == (f"d.csv:2:5: '{text}' in column 'Duration' is not a duration\n"
                              "  hint: write minutes (95), h:mm:ss (1:35:00) or 1h 35m")


def test_decode_order() -> None:
    assert decode("é".encode())[1] == "UTF-8"
    assert decode("é€".encode("cp1252")) == ("é€", "Windows-1252")
    assert decode(b"\x81")[1] == "Latin-1"
    assert decode("a".encode("utf-16")) == ("a", "UTF-16")
    assert decode("Name\tEmail\n".encode("utf-16-le")) == ("Name\tEmail\n", "UTF-16")
    assert decode("Name\tEmail\n".encode("utf-16-be")) == ("Name\tEmail\n", "UTF-16")


def test_sniff() -> None:
    assert sniff_separator('a;b;"c,d"\n1;2;3\n') == ";"
    assert sniff_separator("a\tb\n") == "\t"
    assert sniff_separator("just one column\n") == ","


def test_tokenize_positions() -> None:
    cells = list(tokenize('a,"b\nc",d\r\n,x,\n', ","))
    assert [[c.text for c in r] for r in cells] == [["a", "b\nc", "d"], ["", "x", ""]]
    assert [(c.line, c.col) for c in cells[0]] == [(1, 1), (1, 3), (2, 4)]
    assert [(c.line, c.col) for c in cells[1]] == [(3, 1), (3, 2), (3, 4)]


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                       blacklist_characters="\r\x00"),
                                 max_size=8), min_size=1, max_size=4), min_size=1, max_size=5))
def test_tokenize_reads_what_csv_writes(rows: list[list[str]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    got = [[c.text for c in r] for r in tokenize(buf.getvalue(), ",")]
    assert got == rows


def test_csv_out_escapes_control_characters() -> None:
    from copkit.output.csvout import safe_cell, to_csv

    assert safe_cell("Rosa \x1b[31mQuispe\x07 \u202eRTL") == \
        "Rosa \\x1b[31mQuispe\\x07 \\u202eRTL"
    # a carriage return is escaped (so no longer starts a formula); lines and tabs are kept
    assert [safe_cell(v) for v in ["\r=1+1", "a\nb", "\t=x", "=\x1b"]] == \
        ["\\x0d=1+1", "a\nb", "'\t=x", "'=\\x1b"]
    assert to_csv([{"a": "x\u2066y", "b": ["\x1b", "-1"]}], ["a", "b"]) == \
        "a,b\nx\\u2066y,\\x1b; -1\n"


def test_csv_out_defuses_formulas() -> None:
    from copkit.output.csvout import safe_cell, to_csv

    assert [safe_cell(v) for v in ["=1+1", "+51 984", "-x", "@SUM", "\tx", "ok", None,
                                   ["a", "=b"]]] == \
        ["'=1+1", "'+51 984", "'-x", "'@SUM", "'\tx", "ok", "", "a; =b"]
    assert to_csv([{"a": "=HYPERLINK(\"http://x\")", "b": 'say "hi", ok'}], ["a", "b"]) == \
        'a,b\n"\'=HYPERLINK(""http://x"")","say ""hi"", ok"\n'


def test_unclosed_quote_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('name,email\nAna,ana@example.org\n"Bo, PUCP,bo@example.org\nCy,c@x.org\n',
                    "utf-8")
    with pytest.raises(RecordError) as exc:
        read_table(path, MEMBER_COLUMNS, ["name"])
    assert exc.value.location == "q.csv:3:1"
    assert "never closed" in exc.value.message


def test_no_header_message_names_what_is_sought(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("Foo,Bar\n1,2\n", "utf-8")
    with pytest.raises(RecordError) as exc:
        read_table(path, MEMBER_COLUMNS, ["name"])
    assert exc.value.message == ("no header line: none of the first 2 rows names a column "
                                 "for 'name'")
    assert exc.value.location == "h.csv:1:1"
    path.write_text("Foo,Bar\n", "utf-8")
    with pytest.raises(RecordError) as exc:
        read_table(path, ATTENDANCE_COLUMNS, [])
    assert exc.value.message == (
        "no header line: the first row names no column copkit knows (name, first_name, "
        "last_name, email, join, leave, duration, organisation)")
    assert exc.value.hint == ("add a header row naming the columns (for example: "
                              "name,email,join,leave), or name your columns with --map "
                              "'Your column=field'")


def test_a_real_header_is_not_mistaken_for_data() -> None:
    # Zoom's summary above the header holds an email and dates: it is not the header row
    zoom = read_table(DATA / "zoom-participants.csv", ATTENDANCE_COLUMNS, [],
                      one_of=["name"])
    assert zoom.header_line == 4 and len(zoom.rows) == 7
    _, table = members("roster-duplicate-header.csv")
    assert table.duplicate_headers == 1  # type: ignore[attr-defined]


def test_the_reader_is_the_lowest_layer_of_the_imports() -> None:
    """The CSV reader loads without the store, the schemas or any importer (issue #14)."""
    import subprocess
    import sys

    code = "import sys, copkit.imports.table; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert {m for m in loaded if m.startswith("copkit.imports.")} == {
        "copkit.imports.table", "copkit.imports.values"}
    assert not loaded & {"copkit.edit.store", "copkit.model.schemas", "copkit.edit.splice",
                         "pydantic", "ruamel.yaml"}
