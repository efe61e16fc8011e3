"""The fast reader: YAML 1.2 values kept as written, positions, and hostile input refused."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from copkit.yaml.read import parse
from copkit.yaml.scalars import SrcInt, YamlProblem, as_text, plain


def test_yaml_1_2_scalars_are_kept_as_written() -> None:
    data = parse("country: NO\nanswer: yes\nzip: 010\nphone: +51984000000\n"
                 "day: 2026-05-10\nbad: 2026-02-30\nflag: true\nnothing: ~\nratio: 1.50\n").data
    assert data["country"] == "NO"
    assert data["answer"] == "yes"
    assert data["zip"] == 10 and as_text(data["zip"]) == "010"
    assert data["phone"] == 51984000000 and as_text(data["phone"]) == "+51984000000"
    assert data["day"] == dt.date(2026, 5, 10)
    assert data["bad"] == "2026-02-30"
    assert data["flag"] is True
    assert data["nothing"] is None
    assert as_text(data["ratio"]) == "1.50"


def test_keys_are_text_and_positions_point_at_keys_and_values() -> None:
    sm = parse("a: 1\nlist:\n  - x: 1\n    y: two\n")
    assert sm.locate(["list", 0, "y"]) == (4, 8)
    assert sm.locate(["list", 0, "y"], key=True) == (4, 5)
    assert sm.locate(["list", 0, "missing"]) == (3, 5)  # nearest existing parent
    assert parse("1: x\n").data == {"1": "x"}


@pytest.mark.parametrize(
    ("text", "code", "line", "col", "hint_part"),
    [
        ("a:\n\tb: 1\n", "yaml-syntax", 2, 1, "tabs"),
        ("a: 'open\nb: 2\n", "yaml-syntax", 1, 4, "add the closing '"),
        ("a:\n  b: 1\n c: 2\n", "yaml-syntax", 3, 2, "indentation"),
        ("a: 1\na: 2\n", "duplicate-key", 2, 1, "remove or rename"),
        ("a: &x 1\nb: *x\n", "yaml-anchor", 1, 4, "write the value out"),
        ("a: !!python/object:os.system 1\n", "yaml-tag", 1, 4, "remove the tag"),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1, "one YAML document"),
    ],
)
def test_bad_yaml_is_a_positioned_problem(text: str, code: str, line: int, col: int,
                                          hint_part: str) -> None:
    with pytest.raises(YamlProblem) as info:
        parse(text, "x.yaml")
    p = info.value
    assert (p.code, p.line, p.column) == (code, line, col)
    assert hint_part in (p.hint or "") or hint_part in p.message


@pytest.mark.parametrize(("text", "line", "col", "message", "hint"), [
    ('a: 1\nb: "open\nc: 3\n', 2, 4, 'a value opened here with a double quote (") is never '
     "closed (the file ends at line 3)", 'add the closing " where the value ends, on line 2 '
     '(a " inside the value is written \\")'),
    ("a: 1\nb: 'open\nc: 3\n# the end\n", 2, 4, "a value opened here with a single quote (') "
     "is never closed (the file ends at line 4)", "add the closing ' where the value ends, "
     "on line 2 (a ' inside the value is written '')"),
    ("a: [x, [y, z]\nb: 2\n", 1, 4, "a list opened here with '[' is not closed before line "
     "2, column 1", "add the closing ']' where the list ends, on line 1"),
    ("a: {x: 1,\n  y: 2\nb: 3\n", 1, 4, "a mapping opened here with '{' is not closed before "
     "line 3, column 2", "add the closing '}' where the mapping ends, on line 1"),
    ("a: 1\nb: [x, y", 2, 4, "a list opened here with '[' is never closed (the file ends at "
     "line 2)", "add the closing ']' where the list ends, on line 2"),
], ids=["double-quote", "single-quote", "bracket", "brace", "bracket-no-newline"])
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opened(
        text: str, line: int, col: int, message: str, hint: str) -> None:
    """Through the full parser, and through load_data, whose fast line reader (copkit's own
    fastyaml) gives way to the full parser for the message."""
    from copkit.yaml.fast import NotSimple, load_simple
    from copkit.yaml.read import load_data

    with pytest.raises(NotSimple):
        load_simple(text)
    for read in (parse, load_data):
        with pytest.raises(YamlProblem) as info:
            read(text, "x.yaml")
        p = info.value
        assert (p.code, p.line, p.column, p.message, p.hint) == (
            "yaml-syntax", line, col, f"YAML syntax: {message}", hint)


def test_a_bad_escape_in_quotes_is_not_an_unclosed_quote() -> None:
    with pytest.raises(YamlProblem) as info:
        parse('path: "C:\\projects\\cop"\n')
    assert "opened here" not in info.value.message
    assert "escape" in info.value.message


def test_alias_bomb_stops_at_once() -> None:
    bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i, (name, prev) in enumerate(zip("bcdefghi", "abcdefgh", strict=True)):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        assert i < 10
    start = time.perf_counter()
    with pytest.raises(YamlProblem) as info:
        parse(bomb)
    assert info.value.code == "yaml-anchor"
    assert time.perf_counter() - start < 1.0
    assert len(bomb) < 1000


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        # the 41st level is refused where it starts, also when libyaml's own limit (1000
        # levels, reached by its scanner's look-ahead) is what stops the parse
        ("[" * 100_000, 1, 41),
        ("{a: " * 100_000, 1, 161),
        ("".join("  " * i + "- \n" for i in range(200)), 41, 81),
        ("a:\n  b:\n    c: " + "[{x: " * 2_000, 3, 99),
    ],
    ids=["flow-list", "flow-mapping", "block-list", "block-then-flow"],
)
def test_deep_nesting_is_refused_without_crashing(text: str, line: int, col: int) -> None:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    p = info.value
    assert (p.code, p.line, p.column) == ("too-deep", line, col)
    assert p.message == "the document is nested more than 40 levels deep"


def test_five_megabytes_of_brackets_are_refused_in_bounded_memory() -> None:
    """5 MB of '[' is refused at the 41st level; the reader's peak of Python memory stays
    under 8 MB: the one UTF-8 copy of the text that libyaml is given (5 MB) and a few
    hundred kilobytes of bookkeeping, nothing that grows with the nesting."""
    import tracemalloc

    text = "[" * 5_000_000
    parse("a: 1\n")  # imports PyYAML outside the measurement
    tracemalloc.start()
    try:
        with pytest.raises(YamlProblem) as info:
            parse(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.value.code, info.value.line, info.value.column) == ("too-deep", 1, 41)
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize(
    ("text", "line", "col", "what"),
    [
        ("title: G\n\x00\n", 2, 1, "a control character (0x00)"),
        # libyaml reports the byte offset; accents before the character count as one column
        ("title: Jos\u00e9\nnote: \u00d1a\u00f1\x01\n", 2, 10, "a control character (0x01)"),
        ("a: 1\nb: x\x7f\n", 2, 5, "a control character (0x7f)"),
        ("a: 1\nb: \ufffe\n", 2, 4, "the character U+FFFE"),
    ],
    ids=["nul", "x01-after-accents", "del", "ufffe"],
)
def test_control_characters_are_positioned_with_the_right_hint(text: str, line: int, col: int,
                                                               what: str) -> None:
    with pytest.raises(YamlProblem) as info:
        parse(text, "p.yaml")
    p = info.value
    assert (p.code, p.line, p.column) == ("yaml-syntax", line, col)
    assert p.message == f"the file holds {what}, which YAML does not allow"
    assert p.hint is not None and what in p.hint and "remove it" in p.hint
    assert "tab" not in p.hint and "position" not in p.message


def test_non_utf8_bytes_are_reported_with_position(tmp_path: Any) -> None:
    from copkit.yaml.read import read_file

    path = tmp_path / "m.yaml"
    path.write_bytes(b"name: Jos" + b"\xe9\nb: 1\n")
    with pytest.raises(YamlProblem) as info:
        read_file(path, "m.yaml")
    assert (info.value.code, info.value.line, info.value.column) == ("encoding", 1, 10)
    assert "UTF-8" in info.value.message


def test_utf8_bom_is_accepted(tmp_path: Any) -> None:
    from copkit.yaml.read import read_file

    path = tmp_path / "m.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Jos\xc3\xa9\n")
    assert read_file(path, "m.yaml").data == {"name": "José"}


def test_oversized_file_is_refused_before_reading(tmp_path: Any) -> None:
    from copkit.yaml.read import read_file

    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(YamlProblem) as info:
        read_file(path, "big.yaml")
    assert info.value.code == "file-too-large"
    assert "52.4 MB" in info.value.message


# ------------------------------------------------------------ agreement with ruamel.yaml
PLAIN_WORDS = st.sampled_from([
    "NO", "no", "yes", "Yes", "on", "off", "y", "n", "true", "False", "TRUE", "null", "~", "Null",
    "010", "0o17", "0x1F", "+51984000000", "-3", "1_000", "1.5", "1.50", "-0.25", "1e3", "1.0e-3",
    ".5", ".inf", "-.inf", "2026-05-10", "2026-5-10", "1:30", "12:30:45", "0", "00", "+1",
    "v1.2", "maria-lopez", "Zoom", "3 people", "a.b", "1.2.3", "2026-05-10T10:00:00",
    "José Ñúñez", "100%", "=SUM(A1)", "0b101", "1__0",
]) | st.text(alphabet="abcxyz0123456789-_. ", min_size=1, max_size=12).map(str.strip).filter(
    lambda s: bool(s) and not s.startswith(("-", "#")) and ": " not in s and not s.endswith(":"))


def _ruamel(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="rt").load(text)


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", "nan" if value != value else float(value))
    if isinstance(value, dt.datetime):
        return ("datetime", value.replace(tzinfo=None).isoformat()[:19])
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    return ("str", str(value))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), PLAIN_WORDS,
                       min_size=1, max_size=8))
def test_fast_reader_agrees_with_ruamel_on_plain_scalars(mapping: dict[str, str]) -> None:
    text = "".join(f"{k}: {v}\n" for k, v in mapping.items())
    try:
        expected = _ruamel(text)
    except (ValueError, IndexError):  # ruamel.yaml itself fails on a few numeric-looking
        assume(False)                 # words like "._" (ValueError) and "0b_" (IndexError)
    assert _normal(plain(parse(text).data)) == _normal(expected)


@settings(max_examples=150, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True), inner, max_size=4),
    max_leaves=20))
def test_fast_reader_agrees_with_ruamel_on_dumped_documents(value: Any) -> None:
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML(typ="rt").dump({"root": value}, buf)
    text = buf.getvalue()
    assert _normal(plain(parse(text).data)) == _normal(_ruamel(text))


def test_src_int_keeps_its_text() -> None:
    value = SrcInt(10, "010")
    assert value == 10 and as_text(value) == "010"


def _example_files() -> list[Any]:
    from .conftest import EXAMPLES

    return sorted(EXAMPLES.rglob("*.yaml")) if EXAMPLES.is_dir() else []


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_fast_reader_agrees_with_ruamel_on_every_example_file(path: Any) -> None:
    text = path.read_text(encoding="utf-8")
    assert _normal(plain(parse(text).data)) == _normal(_ruamel(text))


def _paths(node: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path of ``node``, and under each mapping or list a path that does not exist."""
    out = [loc]
    if isinstance(node, dict):
        out.append((*loc, "no-such-key"))
        for k, v in node.items():
            out += _paths(v, (*loc, k))
    elif isinstance(node, list):
        out.append((*loc, len(node)))
        for i, v in enumerate(node):
            out += _paths(v, (*loc, i))
    else:
        out.append((*loc, "below-a-scalar"))
    return out


_SCAN_TEXTS = [
    "",
    "# only a comment\n",
    "just text\n",
    "- a\n- [b, {c: d}]\n-\n  - e\n",
    "members: [{id: m-0, name: Member 0}, {id: m-1, name: Member 1, roles: [expert]}]\n",
    "a: 1\nb:\n  c: [x, y]\n  d: {e: f, g: [h]}\n'1': one\n\"q\": |\n  text\n  more\nz: ~\n",
    "---\nk: v\nlist:\n- 1\n- - 2\n  - 3\n...\n",
    "empty: {}\nnone: []\nnested: [[], [[]], {a: {}}]\n",
]


@pytest.mark.parametrize("text", _SCAN_TEXTS)
def test_positions_found_by_scanning_are_the_full_parsers(text: str) -> None:
    """A SourceMap with its text (data from the line reader or the cache) finds the same
    position for every path, asked in any order, as the full parser's tables."""
    from copkit.yaml.positions import SourceMap

    full = parse(text)
    paths = _paths(full.data)
    for order in (paths, paths[::-1]):
        scanned = SourceMap("t", full.data, text=text)
        for loc in order:
            for key in (False, True):
                assert scanned.locate(loc, key=key) == full.locate(loc, key=key), (loc, key)


def test_positions_found_by_scanning_every_example_file() -> None:
    from copkit.yaml.positions import SourceMap
    from tests.conftest import EXAMPLES

    for path in sorted(EXAMPLES.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        full = parse(text)
        scanned = SourceMap("t", full.data, text=lambda text=text: text)
        for loc in _paths(full.data):
            assert scanned.locate(loc, key=True) == full.locate(loc, key=True), (path, loc)
            assert scanned.locate(loc) == full.locate(loc), (path, loc)


def test_a_position_near_the_start_of_a_huge_line_reads_only_that_far() -> None:
    """The scan stops at the path asked for: a position in the first record of a 7 MB
    one-line list is found at once, and the next paths go on from there."""
    from copkit.yaml.positions import SourceMap

    items = ", ".join(f"{{id: m-{i}, name: Member {i}}}" for i in range(150_000))
    text = f"members: [{items}]\n"
    sm = SourceMap("members.yaml", None, text=text)
    start = time.perf_counter()
    assert sm.locate(["members"], key=True) == (1, 1)
    assert sm.locate(["members", 0, "email"], key=True) == (1, 11)
    assert sm.locate(["members", 1, "name"]) == (1, text.index("Member 1}") + 1)
    assert time.perf_counter() - start < 0.05
    assert sm.locate(["members", 149_999, "id"]) == (1, text.index("m-149999") + 1)
    assert sm.locate(["members", 150_000]) == (1, 1)  # no such item: its list's key


def test_a_text_that_no_longer_parses_has_no_positions_past_the_problem() -> None:
    """The text changed since its data was read, and no longer parses: a path the scan did
    not reach before the problem has no position (0, 0), as a file that cannot be read."""
    from copkit.yaml.positions import SourceMap

    sm = SourceMap("t", {"a": [1, 2]}, text="a: [1, 2\n")
    assert sm.locate(["a", 2]) == (0, 0)
    assert sm.locate(["b"]) == (0, 0)
    assert SourceMap("t", {"a": 1}, text=lambda: "a: 'b\n").locate(["a"]) == (0, 0)


def test_the_positions_of_a_long_one_line_list_are_held_compactly() -> None:
    """A finding at the end of a one-line list of records scans it whole: its positions are
    held in arrays, with the keys shared by records that have the same keys (under 400 bytes
    a record, the parser's buffer included; a table of tuples per record took 1,100)."""
    import tracemalloc

    from copkit.yaml.positions import SourceMap

    count = 30_000
    items = ", ".join(f"{{id: m-{i}, name: Member {i}, joined: 2026-01-10}}" for i in range(count))
    text = f"members: [{items}]\n"
    sm = SourceMap("members.yaml", None, text=text)
    tracemalloc.start()
    try:
        assert sm.locate(["members", count - 1, "joined"], key=True) == (
            1, text.rindex("joined") + 1)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 600 * count, held
    assert sm.locate(["members", 7, "name"]) == (1, text.index("Member 7,") + 1)
