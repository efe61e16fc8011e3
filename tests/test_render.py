"""render: template lookup (a CoP's own first), escaping filters, template errors as messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.output import render

SHIPPED = ("report.md.j2", "report.html.j2", "report.typ.j2")


def own_template(root: Path, kind: str, name: str, text: str) -> Path:
    folder = root / "templates" / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- filters
@pytest.mark.parametrize(("text", "expected"), [
    ("plain words", "plain words"),
    ("a | b", r"a \| b"),
    ("*bold* _it_", r"\*bold\* \_it\_"),
    ("[link](x)", r"\[link\](x)"),
    ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
    ("# not a heading", r"\# not a heading"),
    ("- not a list", r"\- not a list"),
    ("+ not a list", r"\+ not a list"),
    ("1. not a list", r"1\. not a list"),
    ("11.3 stays a number", "11.3 stays a number"),
    ("back\\slash", "back\\\\slash"),
    ("two\nlines\n\nand more", "two lines and more"),
    ("`code`", r"\`code\`"),
    ("José Ñandú, Françoise", "José Ñandú, Françoise"),
    (None, ""),
    (3, "3"),
])
def test_md_escapes_markdown(text: object, expected: str) -> None:
    assert render.md(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("plain words", "plain words"),
    ("#let x = 1", r"\#let x \= 1"),
    ("$x$ *b* _i_ @ref <lab>", r"\$x\$ \*b\* \_i\_ \@ref \<lab\>"),
    ("// comment", r"\/\/ comment"),
    ("- item", r"\- item"),
    ("1. item", r"1\. item"),
    ("a\\b", r"a\\b"),
    ("José Ñandú", "José Ñandú"),
])
def test_typ_escapes_typst(text: str, expected: str) -> None:
    assert render.typ(text) == expected


_SPECIALS = set("\\`*_{}[]<>#|~&!")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
               max_size=40))
def test_md_leaves_no_special_unescaped(text: str) -> None:
    out = render.md(text)
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert i + 1 < len(out), out  # a backslash always escapes something
            i += 2
            continue
        assert out[i] not in _SPECIALS, out
        assert out[i] not in "\n\r", out
        i += 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_typ_unescapes_to_the_same_words(text: str) -> None:
    out = render.typ(text)
    # removing the escapes gives back the text with its whitespace runs as one space; the
    # no-break spaces a language writes (French "preuves\u202f:", "12\u202f300") are kept
    spaced = re.sub(r"[^\S\u00a0\u2007\u202f]+", " ", text).strip()
    assert re.sub(r"\\(.)", r"\1", out) == spaced


def test_no_break_spaces_stay_in_md_and_typst() -> None:
    assert render.md("preuves\u202f: 12\u202f300\n€") == "preuves\u202f: 12\u202f300 €"
    assert render.typ("Période\u00a0:  x") == "Période\u00a0\\: x"


def test_pct_and_arrow() -> None:
    from copkit.indicators import Figure

    assert render.pct(0.42) == "42%"
    assert render.pct(None) == "no data"
    assert render.arrow(Figure("x", 3, previous=2)) == "↑"
    assert render.arrow(Figure("x", None, "no meeting")) == ""


# ---------------------------------------------------------------- lookup and environment
def test_shipped_report_templates_exist() -> None:
    for name in SHIPPED:
        fmt = name.split(".")[1]
        assert render.template_file(None, "report", fmt).name == name


def test_cop_template_overrides_by_name(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.md.j2", "Our own: {{ title|md }}\n")
    assert render.render(tmp_path, "report", "md", {"title": "a|b"}) == "Our own: a\\|b\n"
    assert render.template_file(tmp_path, "report", "md") == \
        tmp_path / "templates" / "report" / "report.md.j2"
    # the other formats still come from copkit
    assert render.template_file(tmp_path, "report", "html").parent != \
        tmp_path / "templates" / "report"


def test_html_autoescapes_and_markdown_does_not(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.html.j2", "<p>{{ name }}</p>\n")
    own_template(tmp_path, "report", "report.md.j2", "{{ name }}\n")
    ctx = {"name": "<script>alert(1)</script>"}
    assert render.render(tmp_path, "report", "html", ctx) == \
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    assert render.render(tmp_path, "report", "md", ctx) == "<script>alert(1)</script>\n"


def test_markdown_ends_with_one_newline(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.md.j2", "no newline")
    assert render.render(tmp_path, "report", "md", {}) == "no newline\n"


def test_malformed_override_is_an_error_with_path_and_line(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.md.j2", "line one\n{% for x in %}\n")
    with pytest.raises(CopkitError) as err:
        render.render(tmp_path, "report", "md", {})
    assert err.value.location == "templates/report/report.md.j2:2"
    assert "template error" in err.value.message
    assert err.value.hint is not None and "templates/report/" in err.value.hint


def test_unknown_name_in_override_is_an_error_with_line(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.md.j2", "a\nb\n{{ no_such_thing }}\n")
    with pytest.raises(CopkitError) as err:
        render.render(tmp_path, "report", "md", {"x": 1})
    assert err.value.location == "templates/report/report.md.j2:3"
    assert "no_such_thing" in err.value.message


def test_override_cannot_reach_python_internals(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.md.j2",
                 "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(CopkitError) as err:
        render.render(tmp_path, "report", "md", {})
    assert err.value.location == "templates/report/report.md.j2:1"


def test_missing_include_is_an_error(tmp_path: Path) -> None:
    own_template(tmp_path, "report", "report.md.j2", "{% include 'nope.j2' %}\n")
    with pytest.raises(CopkitError, match=r"nope\.j2"):
        render.render(tmp_path, "report", "md", {})


def test_unknown_kind_or_format_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render.render(tmp_path, "minutes", "md", {})
    with pytest.raises(ValueError):
        render.render(tmp_path, "report", "docx", {})


def test_compiled_template_kept_in_the_cache_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A template's code is kept in the cache folder for the next process (a new Compiled
    stands for it); a damaged file is compiled again; COPKIT_NO_CACHE keeps nothing."""
    from copkit.output import compiled

    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "cache"))
    own_template(tmp_path, "report", "report.md.j2", "Kept: {{ title|md }}\n")
    monkeypatch.setattr(compiled, "compiled", lambda: fresh)
    fresh = compiled.Compiled()
    assert render.render(tmp_path, "report", "md", {"title": "a|b"}) == "Kept: a\\|b\n"
    [kept] = (tmp_path / "cache" / "templates").glob("*.jbc")
    fresh = compiled.Compiled()  # the next process: read from the folder, not compiled
    monkeypatch.setattr(compiled.Compiled, "dump_bytecode", lambda self, bucket: 1 / 0)
    assert render.render(tmp_path, "report", "md", {"title": "c|d"}) == "Kept: c\\|d\n"
    monkeypatch.undo()
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(compiled, "compiled", lambda: fresh)
    kept.write_bytes(b"damaged")
    fresh = compiled.Compiled()
    assert render.render(tmp_path, "report", "md", {"title": "e"}) == "Kept: e\n"
    assert kept.read_bytes() != b"damaged"  # compiled again and kept
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")
    monkeypatch.setenv("COPKIT_CACHE_DIR", str(tmp_path / "other"))
    fresh = compiled.Compiled()
    assert render.render(tmp_path, "report", "md", {"title": "f"}) == "Kept: f\n"
    assert not (tmp_path / "other").exists()
