"""The pure-Python reader of simple YAML: exactly what yamlread.parse gives, or NotSimple."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copkit.yaml import fast as fastyaml
from copkit.yaml import fast_text
from copkit.yaml.fast import NotSimple, load_simple
from copkit.yaml.read import parse
from copkit.yaml.scalars import MAX_DEPTH, SrcFloat, SrcInt

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LISTS = {"members.yaml", "learning-agenda.yaml", "activities.yaml"}


def same(got: Any, want: Any) -> bool:
    """Equal, with the same types all the way down (a SrcInt is not a str, nor an int, and
    keeps the same text), the same key order and NaN equal to NaN."""
    if type(got) is not type(want):
        return False
    if isinstance(got, dict):
        return list(got) == list(want) and all(same(got[k], want[k]) for k in got)
    if isinstance(got, list):
        return len(got) == len(want) and all(same(a, b) for a, b in zip(got, want, strict=True))
    if isinstance(got, (SrcInt, SrcFloat)) and got.src != want.src:
        return False
    if isinstance(got, float) and math.isnan(got):
        return math.isnan(want)
    return bool(got == want)


def check(text: str) -> bool:
    """True when load_simple reads ``text`` and gives what parse gives (also from its caches,
    the second time); False when it says NotSimple. Fails on any other answer."""
    try:
        got = load_simple(text)
    except NotSimple:
        with pytest.raises(NotSimple):  # the same answer from the remembered lines
            load_simple(text)
        return False
    want = parse(text).data  # a YamlProblem here: load_simple read what is not YAML
    assert same(got, want), f"{text!r}: {got!r} != {want!r}"
    again = load_simple(text)
    assert same(again, want), f"{text!r} (second time): {again!r} != {want!r}"
    return True


def test_same_is_strict_about_types() -> None:
    assert same({"a": [SrcInt(1, "01")]}, {"a": [SrcInt(1, "01")]})
    assert not same(SrcInt(1, "01"), SrcInt(1, "1"))
    assert not same(SrcInt(1, "1"), 1)
    assert not same("1", SrcInt(1, "1"))
    assert not same(True, SrcInt(1, "1"))
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same(dt.date(2024, 1, 1), dt.datetime(2024, 1, 1))
    assert same(SrcFloat(math.nan, ".nan"), SrcFloat(math.nan, ".nan"))


# ----------------------------------------------------------------------------------------------
# every text of the example CoPs


def _list_items(text: str) -> list[str]:
    """The top-level block-list items of a file, each cut out as ``<indent>- ...`` text (the
    way copkit history reads a large file piece by piece)."""
    items: list[str] = []
    lines = text.split("\n")
    m = None
    for line in lines:
        m = re.match(r"( *)- ", line)
        if m is not None:
            break
    if m is None:
        return items
    dash = m.group(1) + "- "
    current: list[str] | None = None
    for line in lines:
        if line.startswith(dash):
            if current is not None:
                items.append("\n".join(current) + "\n")
            current = [line]
        elif current is not None:
            if line.strip() and len(line) - len(line.lstrip(" ")) < len(dash):
                items.append("\n".join(current) + "\n")
                current = None
            else:
                current.append(line)
    if current is not None:
        items.append("\n".join(current).rstrip("\n") + "\n")
    return items


def _example_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(EXAMPLES))
        texts.append((name, text))
        if path.name in LISTS:
            texts.extend((f"{name}[{i}]", item) for i, item in enumerate(_list_items(text)))
    return texts


def test_every_example_text_is_read_as_parse_reads_it_or_refused() -> None:
    texts = _example_texts()
    assert len(texts) > 200  # the files, and the members, topics and activities in them
    handled = [name for name, text in texts if check(text)]
    # the refused ones are mostly the texts written with `>-` (folded) summaries
    assert len(handled) >= 0.8 * len(texts), (len(handled), len(texts))
    assert any(name.endswith("members.yaml") for name in handled)
    assert any("members.yaml[" in name for name in handled)
    assert any(name.startswith(("camafu", "led")) and "/meetings/" in name for name in handled)


# ----------------------------------------------------------------------------------------------
# explicit cases


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "# only a comment\n",
        "# comment\n\n   # indented comment\n",
        "a: 1\n",
        "a: 1",
        "country: NO\nzip: 010\nphone: +51 984\nexp: 1e3\nhalf: .5\nn: null\nt: ~\nyes: yes\n"
        "day: 2024-02-29\nbad: 2024-02-30\nflag: True\nstamp: 2024-01-01 10:00:00\n",
        'phone: "+1 223 257 609"\nquote: \'it\'\'s\'\nempty: ""\nq2: \'\'\n',
        "members:\n  - id: ana\n    roles: [facilitator, member]\n    consent: {directory: true}\n"
        "  - id: ben\n    left: null\n",
        "members:\n- id: ana\n- id: ben\nnext: 1\n",
        "  - {answers: {q1: 2, q2: 3}}\n",
        "  - {respondent: x, answers: {q1: 4, q7: \"Nothing yet, but soon.\"}}\n",
        "  - {action: Book the venue, owner: x, due: 2024-12-11}\n",
        "  - {name: Ángela O'Brien, role: donor}\n",
        "expertise: [women's economic associations, x', it's]\n",
        "a: []\nb: {}\nc: [ ]\nd: { }\ne: [a  b , c]\n",
        "a: [[], [x, {y: z}], \"q, r\", 'it''s']\n",
        "notes: |\n  ## Title\n\n  Text # not a comment\n    indented more\n\n\nnext: 1\n",
        "notes: |-\n  one\n  two\n\n",
        "a: b\n  c\n",
        "- b\n  c\n",
        'a: "x\\ny"\n',
        'a: "\\"x\\" y"\n',
        'a: "x\n  y"\n',
        "a: 'x\n  y'\n",
        "notes: |\n  last line without a line break",
        "notes: |\n\n  after a blank line\n",
        "notes: |\nnext: 1\n",
        "a:\n  b:\n    c: 1\n  d:\n    - x\n    -\n      e: 2\n",
        "- a\n-\n- c\n",
        "- a:\n  - b\n- |\n  text\n",
        "a: b  \nc:   \n",
        "a: Siobhán Šimić 日本 🙂\n",
        "a: no\xa0break\nb: |\n  no\xa0break\n  in a block\n",
        "a: 12:30\nb: http://x.example/a?b=c#d\nc: a#b\nd: -x\ne: '-'\n",
    ],
)
def test_simple_texts_read_as_parse_reads_them(text: str) -> None:
    assert check(text), text


def test_values_keep_their_types() -> None:
    data = load_simple("zip: 010\nphone: \"+51 984\"\nday: 2024-02-29\nbad: 2024-02-30\n"
                       "n: ~\nno: NO\nx: 1.50\n")
    assert type(data["zip"]) is SrcInt and data["zip"].src == "010"
    assert data["phone"] == "+51 984"
    assert data["day"] == dt.date(2024, 2, 29)
    assert data["bad"] == "2024-02-30"
    assert data["n"] is None
    assert data["no"] == "NO"
    assert type(data["x"]) is SrcFloat and data["x"].src == "1.50"


def test_every_text_gets_its_own_lists_and_mappings() -> None:
    text = "a: [x]\nb: {c: 1}\nd: [[y]]\ne:\n  - z\n"
    first = load_simple(text)
    first["a"].append("changed")
    first["b"]["c"] = "changed"
    first["d"][0].append("changed")
    first["e"].append("changed")
    assert load_simple(text) == {"a": ["x"], "b": {"c": 1}, "d": [["y"]], "e": ["z"]}


def test_a_remembered_line_reads_right_in_any_place() -> None:
    for text in ("  - x\n  - 2\n", "a:\n  - x\n  - 2\n", "- a:\n  - x\n  - 2\n",
                 "a:\n- x\n- 2\n", "a:\n    - x\n    - 2\n", "  - x\n  - 2\n  b: 1\n"):
        check(text)
    assert load_simple("- a:\n  - x\n  - 2\n") == [{"a": ["x", 2]}]
    with pytest.raises(NotSimple):
        load_simple("  - x\n  - 2\n  b: 1\n")


def test_remembered_lines_can_be_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "_LINES_MAX", 3)
    monkeypatch.setattr(fast_text, "_RESOLVED_MAX", 2)
    for _ in range(3):
        for text in ("a: 1\nb: 2\nc: [3, 4]\n", "- x\n- 2024-01-01\n- 7\n", "d: 5\n"):
            assert check(text)
    assert len(fastyaml._LINES) <= 3 and len(fast_text.RESOLVED) <= 2


def _deep_block(levels: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(levels - 1)) + " " * levels + "x: 1\n"


REFUSED = {
    "tab in a value": "a: b\tc\n",
    "tab as indentation": "a:\n\tb: 1\n",
    "tab after a value": "a: b\t\n",
    "carriage return": "a: 1\r\nb: 2\r\n",
    "next line": "a: b\x85c\n",
    "line separator": "a: b\u2028c\n",
    "byte-order mark": "\ufeffa: 1\n",
    "control character": "a: b\x07\n",
    "control character in a block scalar": "a: |\n  b\x00c\n",
    "comment after a value": "a: b # c\n",
    "comment after an entry": "- x # c\n",
    "comment after a key": "a: # c\n  b: 1\n",
    "comment after a flow list": "a: [x] # c\n",
    "comment after a quoted value": 'a: "x" # c\n',
    "comment after a block scalar header": "a: | # c\n  x\n",
    "anchor": "a: &x 1\n",
    "alias": "a: &x 1\nb: *x\n",
    "alias alone": "b: *x\n",
    "tag": "a: !!str 1\n",
    "local tag": "- !x 1\n",
    "anchor in a flow list": "a: [&x 1]\n",
    "alias in a flow map": "a: {b: *x}\n",
    "folded scalar": "a: >\n  x\n  y\n",
    "folded strip scalar": "a: >-\n  x\n",
    "keep chomping": "a: |+\n  x\n\n",
    "indentation indicator": "a: |2\n   x\n",
    "both indicators": "a: |-2\n   x\n",
    "plain scalar on the next line": "a:\n  b\n",
    "unclosed quote": "a: 'x\n",
    "two quoted scalars": "a: 'x' 'y'\n",
    "duplicate key": "a: 1\na: 2\n",
    "duplicate key in an entry": "- a: 1\n  a: 2\n",
    "duplicate key in a flow map": "a: {b: 1, b: 2}\n",
    "duplicate key in a nested flow map": "a: {b: {c: 1, c: 2}}\n",
    "document start": "---\na: 1\n",
    "second document": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "document start with a value": "--- a\n",
    "directive": "%YAML 1.2\n---\na: 1\n",
    "complex key": "? a\n: b\n",
    "value ending in a colon": "a: b:\n",
    "value holding ': '": "a: b: c\n",
    "entry holding ': '": "- b: c: d\n",
    "value holding ' #'": "a: b #c\n",
    "dash after a key": "a: - b\n",
    "dash alone after a key": "a: -\n",
    "compact nested list": "- - a\n",
    "uneven indentation": "a:\n  b: 1\n c: 2\n",
    "deeper indentation after a value": "a:\n    b: 1\n  c: 2\n",
    "entry's keys misaligned": "- a: 1\n   b: 2\n",
    "text after the top collection": "  a: 1\nb: 2\n",
    "unclosed flow list": "a: [a, b\n",
    "flow list over two lines": "a: [a,\n  b]\n",
    "unclosed flow map": "a: {b: 1\n",
    "empty flow entry": "a: [a, , b]\n",
    "trailing comma": "a: [a, b,]\n",
    "key without a value in a flow map": "a: {b}\n",
    "flow key without a space": "a: {b:1}\n",
    "single-pair map in a flow list": "a: [b: 1]\n",
    "text after a flow list": "a: [a] b\n",
    "two flow lists": "a: [a] [b]\n",
    "closed twice": "a: [a]]\n",
    "quoted flow key": 'a: {"b": 1}\n',
    "escape in a flow list": 'a: ["x\\"y"]\n',
    "colon in a flow scalar": "a: [http://x]\n",
    "number as a key": "1: a\n",
    "quoted key": '"a": 1\n',
    "single-quoted key": "'a': 1\n",
    "key with a space": "a b: 1\n",
    "key with an accent": "é: 1\n",
    "key with a dot": "a.b: 1\n",
    "key starting with a dash": "-a: 1\n",
    "flow key that is a number": "a: {1: 2}\n",
    "flow key with a space": "a: {q 1: 2}\n",
    "merge key": "<<: {a: 1}\n",
    "key holding a flow map": "{a: 1}: b\n",
    "top-level scalar": "hello\n",
    "top-level flow list": "[a, b]\n",
    "top-level block scalar": "|\n  x\n",
    "line of spaces inside a block scalar": "a: |\n  x\n     \n  y\n",
    "blank line indented more than the text": "a: |\n     \n  x\n",
    "empty block scalar before indented blank lines": "a: |\n   \nb: 1\n",
    "deep block nesting": _deep_block(MAX_DEPTH),
    "deep flow nesting": "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
    "deep nesting of entries": "".join(" " * (2 * i) + "-\n" for i in range(MAX_DEPTH)),
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_anything_not_simple_is_refused(text: str) -> None:
    with pytest.raises(NotSimple):
        load_simple(text)
    with pytest.raises(NotSimple):  # and again, from the remembered lines
        load_simple(text)


def test_nesting_just_under_the_limit_is_read() -> None:
    assert check(_deep_block(MAX_DEPTH - 2))
    assert check("a: " + "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3) + "\n")


# ----------------------------------------------------------------------------------------------
# generated records, in several styles, and hostile near-misses

KEYS = st.sampled_from(["id", "name", "a", "b_c", "due-date", "q1", "q2", "x9", "true",
                        "null", "NO", "on", "_x"])
WORDS = st.text(
    alphabet=st.sampled_from([*"abcXYZ019 -_.,'/+é日Ášñ🙂", "\xa0"]),
    min_size=1, max_size=12)
SPECIAL = st.sampled_from([
    "010", "0", "-0", "+1", "1_000", "0x1F", "0o17", "0b101", "NO", "no", "yes", "On",
    "+51 984", "+51984000000", "1e3", "1E3", "1.5e-3", ".5", "5.", "-.5", ".inf", "-.Inf",
    ".nan", ".NaN", "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "tRue",
    "2024-01-01", "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-1", "2024-01-01 10:00:00",
    "2024-01-01T10:00:00Z", "2024-01-01t10:00:00.5+01:00", "12:30", "1:2:3", "-", "--", "---",
    "...", ".", "+", "-x", "-1", "- x", "a:b", "a: b", "a:", ":", ":a", "a #b", "a#b", "#",
    "&a", "*a", "!a", "!!str a", "|", ">", "%a", "@a", "`a", "?", "? a", "?a", ",a", "a,b",
    "[a]", "{a}", "a]", "a}", "it's", "'q'", '"q"', 'say "hi"', "a\\b", "a  b", "é", "\xa0",
    "a\xa0", "日本語", "🙂", "<<", "=", "0.", "1__0", "_1", "1e", "e3", "0x", "+.5", "-.inf",
    "٣", "²", "٢٠٢٤-٠١-٠١", "0000-01-01", "2024-00-10", "2024_01_01", "1-234-5678", "nULL", "tRUE",
])
HOSTILE = st.sampled_from([" #x", "#x", ": ", ":", " :", "\t", "\r", "\x85", "\u2028", "\ufeff",
                           "'", '"', "\\", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "-",
                           "- ", "?", "%", " ", "  ", "\n", "\n ", "\n  x", "---", "..."])


def _double(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SCALAR = st.one_of(
    WORDS, SPECIAL,
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
    st.builds(_double, st.one_of(WORDS, SPECIAL)),
    st.builds(_single, st.one_of(WORDS, SPECIAL)),
)


@st.composite
def flow(draw: st.DrawFn, depth: int = 0) -> str:
    """A flow list or map, maybe nested."""
    if depth < 2 and draw(st.booleans()):
        entries = draw(st.lists(st.one_of(SCALAR, flow(depth + 1)), max_size=4))
    else:
        entries = draw(st.lists(SCALAR, max_size=5))
    sep = draw(st.sampled_from([", ", ",", " , ", ",  "]))
    if draw(st.booleans()):
        return "[" + sep.join(entries) + "]"
    keys = draw(st.lists(KEYS, min_size=len(entries), max_size=len(entries)))
    colon = draw(st.sampled_from([": ", ":  "]))
    return "{" + sep.join(k + colon + v for k, v in zip(keys, entries, strict=True)) + "}"


@st.composite
def literal(draw: st.DrawFn, indent: int) -> list[str]:
    """A `|` block scalar's header and lines (with blank lines and odd indentation)."""
    header = draw(st.sampled_from(["|", "|", "|-", "| ", "|+", "|2", ">", ">-"]))
    width = indent + draw(st.sampled_from([1, 2, 2, 4]))
    lines = [header]
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["text", "text", "blank", "spaces", "deeper", "comment"]))
        if kind == "text":
            lines.append(" " * width + draw(WORDS).strip() + draw(st.sampled_from(["", " ", "."])))
        elif kind == "blank":
            lines.append("")
        elif kind == "spaces":
            lines.append(" " * draw(st.integers(1, width + 2)))
        elif kind == "deeper":
            lines.append(" " * (width + 2) + draw(WORDS))
        else:
            lines.append(" " * width + "# " + draw(WORDS))
    return lines


@st.composite
def mapping(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=draw(st.booleans())))
    for key in keys:
        lines.extend(draw(entry(indent, depth, f"{key}:")))
    return lines


@st.composite
def sequence(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 3 and draw(st.integers(0, 3)) == 0:
            # `- key: value` with the mapping's other keys under the first one
            inner = draw(mapping(indent + 2, depth + 1))
            inner[0] = " " * indent + "- " + inner[0][indent + 2:]
            lines.extend(inner)
        else:
            lines.extend(draw(entry(indent, depth, "-")))
    return lines


@st.composite
def entry(draw: st.DrawFn, indent: int, depth: int, head: str) -> list[str]:
    """`head` (a `key:` or a `-`) at ``indent`` and its value."""
    pad = " " * indent
    step = draw(st.sampled_from([2, 2, 4, 1, 3]))
    kinds = ["scalar", "scalar", "flow", "empty", "literal"]
    if depth < 3:
        kinds += ["mapping", "sequence"] + (["indentless"] if head != "-" else [])
    kind = draw(st.sampled_from(kinds))
    lines: list[str]
    if kind == "scalar":
        lines = [f"{pad}{head} {draw(SCALAR)}"]
    elif kind == "flow":
        lines = [f"{pad}{head} {draw(flow())}"]
    elif kind == "empty":
        lines = [f"{pad}{head}"]
    elif kind == "literal":
        body = draw(literal(indent))
        lines = [f"{pad}{head} {body[0]}", *body[1:]]
    elif kind == "mapping":
        lines = [f"{pad}{head}", *draw(mapping(indent + step, depth + 1))]
    elif kind == "sequence":
        lines = [f"{pad}{head}", *draw(sequence(indent + step, depth + 1))]
    else:
        lines = [f"{pad}{head}", *draw(sequence(indent, depth + 1))]
    if draw(st.integers(0, 5)) == 0:
        lines.append(draw(st.sampled_from(["", "  ", f"{pad}# a comment", "# x"])))
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from([0, 0, 2]))
    lines = draw(mapping(indent, 0) if draw(st.booleans()) else sequence(indent, 0))
    text = "\n".join(lines)
    return text + draw(st.sampled_from(["\n", "\n", "", "\n\n", "\n  \n"]))


@st.composite
def near_miss(draw: st.DrawFn) -> str:
    """A generated document with something hostile put in somewhere."""
    text = draw(document())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(HOSTILE) + text[at:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
@example("a: 1\n")
@example("members:\n- id: a\n  roles: [x]\n- id: b\n")
def test_generated_records_read_as_parse_reads_them(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_miss())
@example("a: b #c\n")
@example("a: b:\n")
@example("a:\tb\n")
def test_hostile_near_misses_are_read_as_parse_reads_them_or_refused(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, SCALAR, min_size=1, max_size=6))
def test_flat_records_read_as_parse_reads_them(record: dict[str, str]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in record.items())
    check(text)


def test_generated_documents_are_mostly_read() -> None:
    """The property tests above would pass if everything were refused: most plain documents
    must be read."""
    plain_words = st.text(alphabet="abcdefgh xyz-", max_size=10).map(
        lambda s: ("w" + s).strip())
    records = st.lists(st.dictionaries(KEYS, plain_words, min_size=1, max_size=5),
                       min_size=1, max_size=4)
    read = 0
    total = 0

    @settings(max_examples=100, deadline=None, database=None)
    @given(records)
    def run(items: list[dict[str, str]]) -> None:
        nonlocal read, total
        text = "records:\n" + "".join(
            "  - " + "\n    ".join(f"{k}: {v}" for k, v in item.items()) + "\n"
            for item in items)
        total += 1
        read += check(text)

    run()
    assert total >= 50 and read == total


# ----------------------------------------------------------------------------------------------
# the layouts other tools write (issue #14 item 9): PyYAML's safe_dump and ruamel's default dump

TEXT = st.lists(st.sampled_from([
    *"abcXYZ019 -_.,:#'\"\\/+[]{}é日Ášñ🙂", "\n", "\n\n", "  ", "\t", "\x07", "\x85", "\u2028",
    "\ufeff", "\xa0", "yes", "NO", "null", "2026-05-10", "1e3", "0x1", " - ", ": ", " #"]),
    max_size=30).map("".join)
WIDE_TEXT = st.lists(st.text(alphabet="abcdefgh ", min_size=1, max_size=12),
                     max_size=20).map(" ".join)
LEAF = st.one_of(TEXT, WIDE_TEXT, st.integers(-10**9, 10**9), st.booleans(), st.none(),
                 st.dates(), st.floats(allow_nan=False, allow_infinity=True))
RECORD = st.recursive(
    st.dictionaries(KEYS, LEAF, min_size=1, max_size=5),
    lambda inner: st.one_of(st.lists(st.one_of(LEAF, inner), max_size=4),
                            st.dictionaries(KEYS, st.one_of(LEAF, inner), min_size=1,
                                            max_size=4)),
    max_leaves=12)


def pyyaml_dump(data: Any, width: int = 80) -> str:
    import yaml

    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=width))


def ruamel_dump(data: Any, width: int = 80) -> str:
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    yaml = YAML()
    yaml.width = width
    yaml.dump(data, out)
    return out.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORD, st.sampled_from([80, 80, 20]))
def test_pyyaml_dumped_records_read_as_parse_reads_them(data: Any, width: int) -> None:
    check(pyyaml_dump(data, width))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORD, st.sampled_from([80, 80, 20]))
def test_ruamel_dumped_records_read_as_parse_reads_them(data: Any, width: int) -> None:
    check(ruamel_dump(data, width))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORD, st.booleans(), st.lists(st.tuples(st.integers(0, 10**6), HOSTILE),
                                       min_size=1, max_size=3))
def test_hostile_dumped_records_read_as_parse_reads_them_or_refused(
        data: Any, ruamel: bool, cuts: list[tuple[int, str]]) -> None:
    text = ruamel_dump(data, 20) if ruamel else pyyaml_dump(data, 20)
    for at, bad in cuts:
        at %= len(text) + 1
        text = text[:at] + bad + text[at:]
    check(text)


def test_dumped_record_like_documents_are_mostly_read() -> None:
    """Records of words, numbers, dates and long texts as PyYAML and ruamel write them: all
    read (the property tests above would pass if everything were refused)."""
    words = st.text(alphabet="abcdefgh xyz-'", min_size=1, max_size=90).map(
        lambda s: "w" + s.strip())
    value = st.one_of(words, st.dates(), st.integers(0, 99), st.sampled_from(
        ["yes", "NO", "2026-05-10", "it's", "a\nb\n\nc", "x: y", "#6 open"]))
    keys = st.sampled_from(["id", "name", "a", "b_c", "due-date", "q1", "x9"])
    records = st.lists(st.dictionaries(keys, st.one_of(value, st.lists(value, max_size=3)),
                                       min_size=1, max_size=5), min_size=1, max_size=4)
    read = total = 0

    @settings(max_examples=100, deadline=None, database=None)
    @given(records)
    def run(items: list[dict[str, Any]]) -> None:
        nonlocal read, total
        for text in (pyyaml_dump({"records": items}), ruamel_dump({"records": items})):
            total += 1
            read += check(text)

    run()
    assert total >= 100 and read == total


@pytest.mark.parametrize(("text", "want"), [
    # PyYAML: sequences at the key's column, `- key:` items, folded and quoted strings
    ("topics:\n- a\n- b\nnext: 1\n", {"topics": ["a", "b"], "next": SrcInt(1, "1")}),
    ("members:\n- id: x\n  name: y\n- id: z\n  roles:\n  - r\n",
     {"members": [{"id": "x", "name": "y"}, {"id": "z", "roles": ["r"]}]}),
    ("date: '2026-05-10'\nok: 'yes'\nno: NO\nq: 'it''s'\n",
     {"date": "2026-05-10", "ok": "yes", "no": "NO", "q": "it's"}),
    ("title: a long title that PyYAML\n  folded onto two lines\n",
     {"title": "a long title that PyYAML folded onto two lines"}),
    ("- one two\n  three\n- 2026-05-10\n", ["one two three", dt.date(2026, 5, 10)]),
    ("notes: '## News\n\n\n  It took the council''s\n  approval.\n\n  '\nnext: x\n",
     {"notes": "## News\n\nIt took the council's approval.\n", "next": "x"}),
    ("- id: a\n  note: 'x #6 on\n    the list: y'\n", [{"id": "a", "note": "x #6 on the list: y"}]),
    # ruamel: double-quoted strings with escapes, folded, `\` joining lines
    ('notes: "a\\nb \\"c\\" \\\\ d\\te\n  f g\\n\\\n  \\ h"\n',
     {"notes": 'a\nb "c" \\ d\te f g\n h'}),
    ('a: "\\x41\\u00e9\\U0001F642\\_"\n', {"a": "Aé🙂\xa0"}),
    ("a:\n- b: 1\n  c:\n  - 2\n", {"a": [{"b": SrcInt(1, "1"), "c": [SrcInt(2, "2")]}]}),
])
def test_other_tools_layouts_are_read(text: str, want: Any) -> None:
    assert same(load_simple(text), want), load_simple(text)
    assert check(text)


@pytest.mark.parametrize("text", [
    "a: 'x\ny'\n",  # a continuation line not indented
    "a: 'x\n  y\n",  # not closed
    "a: 'x\n  y' z\n",  # text after the closing quote
    "a: x\n\n  y\n",  # a blank line inside a plain scalar
    "a: x\n  # c\n  y\n",  # a comment under a plain scalar
    "a: x\n  b: y\n",  # a mapping under a plain scalar
    "a: x\n  - y\n",
    "a: 'x'\n  y\n",  # text under a quoted scalar
    'a: "x\\q"\n',  # an unknown escape
    'a: "\\ud800"\n',  # a surrogate
    'a: "x\\ \n  y"\n',  # an escaped space at the end of a line
    'a: "x\\\n\n  y"\n',  # blank lines after an escaped line break
])
def test_unsure_layouts_of_other_tools_are_refused(text: str) -> None:
    with pytest.raises(NotSimple):
        load_simple(text)
