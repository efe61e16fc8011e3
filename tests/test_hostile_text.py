"""Issue #13, part 6: text that reaches a terminal or a page.

A hand-edited name holding ESC, BEL and a right-to-left override
(``name: "Rosa \\e[31mQuispe\\e]0;pwned\\a \\u202eRTL"``) is reported by ``copkit check`` at its
line and column, and every output escapes it: reports and newsletters in Markdown (on the
screen and in a file), HTML and PDF (its Typst source), the charts, CSV and JSON. Invisible
characters in names, and numbers that are not finite, are findings too. Each case is a real
CLI run on a copy of a shipped example."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import git

Cli = Callable[..., Result]

PLAIN = "    name: Rosa Quispe Huamán\n"
HOSTILE = '    name: "Rosa \\e[31mQuispe\\e]0;pwned\\a \\u202eRTL"\n'
# the same name escaped, as printed, in HTML, in a CSV cell
ESCAPED = "Rosa \\x1b[31mQuispe\\x1b]0;pwned\\x07 \\u202eRTL"
# ... in Markdown (backslashes and brackets are Markdown's own escapes)
ESCAPED_MD = "Rosa \\\\x1b\\[31mQuispe\\\\x1b\\]0;pwned\\\\x07 \\\\u202eRTL"
# ... in Typst markup (every ASCII punctuation character escaped)
ESCAPED_TYP = "Rosa \\\\x1b\\[31mQuispe\\\\x1b\\]0\\;pwned\\\\x07 \\\\u202eRTL"
RAW = ("\x1b", "\x07", "\u202e")


def no_raw(text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    for ch in RAW:
        assert ch.encode("utf-8") not in data, f"{ch!r} reached the output"


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def cop(example_cop: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    root = example_cop("led-units")
    edit(root, "members.yaml", PLAIN, HOSTILE)
    git(root, "commit", "-q", "-am", "a hand-edited name")
    return root


# ---------------------------------------------------------------- check
def test_check_reports_the_hostile_name_at_its_line(cli: Cli, cop: Path) -> None:
    result = cli("check", "--cop", str(cop))
    assert result.exit_code == 1
    no_raw(result.output)
    assert f"{cop}/members.yaml:21:11: error[control-character] members[1].name holds ESC " \
        "(U+001B) at character 6, and 3 more such characters\n" \
        "  hint: delete it: it would recolour, retitle or reorder the screen of whoever " \
        "reads the records (between double quotes it is written as an escape: \\e, \\a, " \
        "\\x1b, \\u202e...)\n" in result.stdout
    assert "1 error(s)" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_check_for_programs_escapes_too(cli: Cli, cop: Path, fmt: str) -> None:
    edit(cop, "meetings/2026-11-11-handover-kit.yaml", "  - rosa-quispe\n",
         '  - "rosa\\e[2J\\u202e"\n')
    result = cli("check", "--cop", str(cop), "--format", fmt)
    assert result.exit_code == 1
    no_raw(result.output)
    assert "\\u202e" in result.stdout
    if fmt == "json":
        found = {(f["code"], f["line"], f["message"])
                 for f in json.loads(result.stdout)["findings"]}
        assert ("bad-id", 16, "attendees[6]: 'rosa\\x1b[2J\\u202e' is not a valid id: ids "
                "are lower-case words joined by hyphens (letters a-z, digits, '-'), like "
                "'maria-lopez'") in found
        assert ("control-character", 16, "attendees[6] holds ESC (U+001B) at character 5, "
                "and 1 more such character") in found


def test_any_string_and_any_key_of_any_record_file(cli: Cli, cop: Path) -> None:
    edit(cop, "practices/handover-kit.yaml", "title: Handover kit",
         'title: "\\x85Handover kit')
    edit(cop, "practices/handover-kit.yaml", "for incoming authorities\n",
         'for incoming authorities"\n')
    edit(cop, "practices/handover-kit.yaml", "  A short kit", "  A short\tkit")
    with (cop / "charter.yaml").open("a", encoding="utf-8") as handle:
        handle.write('"na\\u2066me": x\n')
    result = cli("check", "--cop", str(cop), "--format", "json")
    found = [(f["path"], f["line"], f["code"], f["message"])
             for f in json.loads(result.stdout)["findings"]
             if f["code"] in ("control-character", "unknown-field")]
    charter_lines = (cop / "charter.yaml").read_text(encoding="utf-8").count("\n")
    assert found == [
        (f"{cop}/charter.yaml", charter_lines, "control-character",
         "the key 'na\\u2066me' holds a bidirectional text override (U+2066) at character 3"),
        (f"{cop}/charter.yaml", charter_lines, "unknown-field",
         "unknown field 'na\\u2066me' in the file"),
        (f"{cop}/members.yaml", 21, "control-character",
         "members[1].name holds ESC (U+001B) at character 6, and 3 more such characters"),
        # a tab in the summary is text (as a line break is); the title's C1 character is not
        (f"{cop}/practices/handover-kit.yaml", 2, "control-character",
         "title holds the control character U+0085 at character 1")]


@pytest.mark.parametrize("name, what", [
    ("Rosa\\u200bQuispe", "a zero-width space (U+200B) at character 5"),
    ("Rosa Quispe\\ufeff", "a zero-width no-break space (U+FEFF) at character 12"),
    ("Rosa\\u200cQuispe", "a zero-width non-joiner (U+200C) at character 5"),
    ("\\u200fRosa Quispe", "a right-to-left mark (U+200F) at character 1"),
])
def test_invisible_characters_in_names_are_warnings(cli: Cli, cop: Path, name: str,
                                                    what: str) -> None:
    edit(cop, "members.yaml", HOSTILE, f'    name: "{name}"\n')
    result = cli("check", "--cop", str(cop))
    assert result.exit_code == 0, result.stdout
    assert f"{cop}/members.yaml:21:11: warning[invisible-character] members[1].name holds " \
        f"{what}\n  hint: retype the name without it: it is invisible and makes this name " \
        "look like another one\n" in result.stdout
    strict = cli("check", "--cop", str(cop), "--strict")
    assert strict.exit_code == 1


def test_a_script_that_needs_a_joiner_is_not_reported(cli: Cli, cop: Path) -> None:
    edit(cop, "members.yaml", HOSTILE, "    name: Maryam Mی\u200cخواهم\n")
    result = cli("check", "--cop", str(cop))
    assert "invisible-character" not in result.stdout


def test_an_invisible_character_in_an_id_is_shown_in_the_message(cli: Cli, cop: Path) -> None:
    edit(cop, "members.yaml", HOSTILE, '    name: "Rosa Quispe"\n')
    edit(cop, "activities.yaml", "    owner: rosa-quispe\n", '    owner: "rosa\\u200b-quispe"\n')
    result = cli("check", "--cop", str(cop))
    assert result.exit_code == 1
    assert "error[bad-id] activities[0].owner: 'rosa\\u200b-quispe' is not a valid id" in \
        result.stdout


@pytest.mark.parametrize("value, shown", [(".inf", ".inf"), ("-.inf", "-.inf"),
                                          (".nan", ".nan"), (".NaN", ".NaN")])
def test_numbers_that_are_not_finite(cli: Cli, cop: Path, value: str, shown: str) -> None:
    edit(cop, "members.yaml", HOSTILE, PLAIN)
    edit(cop, "members.yaml", "    time_commitment_hours_per_month: 10\n",
         f"    time_commitment_hours_per_month: {value}\n")
    result = cli("check", "--cop", str(cop))
    assert result.exit_code == 1
    assert f"{cop}/members.yaml:18:38: error[bad-value] " \
        "members[0].time_commitment_hours_per_month: the number " \
        f"{shown} is not a finite number\n  hint: write the number in figures, like 10 or " \
        "2.5 (.inf and .nan are not numbers copkit can count with)\n" in result.stdout


def test_a_survey_answer_that_is_not_finite(cli: Cli, cop: Path) -> None:
    path = cop / "surveys" / "member-survey-2026.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "q6: We prepared" in ln)
    path.write_text(text.replace("q5: 5, q6: We prepared", "q5: .nan, q6: We prepared", 1),
                    encoding="utf-8")
    result = cli("check", "--cop", str(cop), "--format", "json")
    found = [(f["line"], f["code"], f["message"]) for f in json.loads(result.stdout)["findings"]
             if f["code"] == "bad-value"]
    assert found and found[0][0] == line and found[0][2].endswith(
        "the number .nan is not a finite number"), found


# ---------------------------------------------------------------- reports and newsletters
def test_report_markdown_on_the_screen(cli: Cli, cop: Path) -> None:
    result = cli("report", "--cop", str(cop), "--period", "2026")
    assert result.exit_code == 0, result.output
    no_raw(result.output)
    assert f"| {ESCAPED_MD} | " in result.stdout


def test_report_markdown_in_a_file_with_its_charts(cli: Cli, cop: Path,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = cli("report", "--cop", str(cop), "--period", "2026", "--out", str(out))
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("r*"))
    assert len(written) > 1  # the report and its charts
    for path in written:
        no_raw(path.read_bytes())
    assert f"| {ESCAPED_MD} | " in out.read_text(encoding="utf-8")


def test_report_html(cli: Cli, cop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = cli("report", "--cop", str(cop), "--period", "2026", "--format", "html",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    no_raw(html)
    assert f"<td>{ESCAPED}</td>" in html


def test_report_pdf_gets_escaped_typst(cli: Cli, cop: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.output import pdf

    sources: list[str] = []
    real = pdf.compile_pdf

    def spy(source: str, **kwargs: object) -> tuple[bytes, list[str]]:
        sources.append(source)
        return real(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "compile_pdf", spy)
    out = tmp_path / "r.pdf"
    result = cli("report", "--cop", str(cop), "--period", "2026", "--format", "pdf",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    no_raw(sources[0])
    assert ESCAPED_TYP in sources[0]


def test_newsletter_markdown_on_the_screen_and_in_a_file(cli: Cli, cop: Path,
                                                         tmp_path: Path) -> None:
    shown = cli("newsletter", "--cop", str(cop), "--period", "2026")
    assert shown.exit_code == 0, shown.output
    no_raw(shown.output)
    assert f"Thanks to {ESCAPED_MD}, " in shown.stdout
    out = tmp_path / "n.md"
    written = cli("newsletter", "--cop", str(cop), "--period", "2026", "--out", str(out))
    assert written.exit_code == 0, written.output
    no_raw(out.read_bytes())
    assert out.read_text(encoding="utf-8") == shown.stdout


def test_newsletter_html_and_pdf(cli: Cli, cop: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "n.html"
    result = cli("newsletter", "--cop", str(cop), "--period", "2026", "--format", "html",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    no_raw(html)
    assert f"Thanks to <strong>{ESCAPED}, " in html
    from copkit.output import pdf

    sources: list[str] = []
    real = pdf.compile_pdf

    def spy(source: str, **kwargs: object) -> tuple[bytes, list[str]]:
        sources.append(source)
        return real(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "compile_pdf", spy)
    result = cli("newsletter", "--cop", str(cop), "--period", "2026", "--format", "pdf",
                 "--out", str(tmp_path / "n.pdf"))
    assert result.exit_code == 0, result.output
    no_raw(sources[0])
    assert f"Thanks to *{ESCAPED_TYP}\\, " in sources[0]


def test_a_cops_own_template_cannot_print_them_either(cli: Cli, cop: Path,
                                                     tmp_path: Path) -> None:
    own = cop / "templates" / "newsletter"
    own.mkdir(parents=True)
    (own / "newsletter.html.j2").write_text(
        "<h1>{{ title }}</h1>\x1b[2J\u202e{% for m in meetings %}<p>{{ m.title }}</p>"
        "{% endfor %}\n", encoding="utf-8")
    out = tmp_path / "n.html"
    result = cli("newsletter", "--cop", str(cop), "--period", "2026", "--format", "html",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    no_raw(html)
    assert "</h1>\\x1b[2J\\u202e<p>" in html


def test_a_cop_name_in_the_title(cli: Cli, cop: Path) -> None:
    edit(cop, "charter.yaml", "name: Municipal LED Units Community of Practice (Peru and "
         "Bolivia)\n", 'name: "\\e]0;x\\a LED units"\n')
    result = cli("newsletter", "--cop", str(cop), "--period", "2026")
    assert result.exit_code == 0, result.output
    no_raw(result.output)
    assert result.stdout.startswith("# \\\\x1b\\]0;x\\\\x07 LED units: news from 1 "
                                    "January to 22 November 2026\n")


# ---------------------------------------------------------------- record outputs
def test_member_list_as_csv_json_and_a_table(cli: Cli, cop: Path) -> None:
    as_csv = cli("member", "list", "--cop", str(cop), "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    no_raw(as_csv.output)
    assert f"\nrosa-quispe,{ESCAPED},Municipalidad Provincial de Cusco," in as_csv.stdout
    as_json = cli("member", "list", "--cop", str(cop), "--format", "json")
    no_raw(as_json.output)
    assert '"name": "Rosa \\u001b[31mQuispe\\u001b]0;pwned\\u0007 \\u202eRTL"' in \
        as_json.stdout
    table = cli("member", "list", "--cop", str(cop))
    no_raw(table.output)
    assert ESCAPED in table.stdout
    shown = cli("member", "show", "rosa-quispe", "--cop", str(cop))
    no_raw(shown.output)
    assert f"name: {ESCAPED}\n" in shown.stdout


def test_plan_status_table(cli: Cli, cop: Path) -> None:
    edit(cop, "charter.yaml", "name: Municipal LED Units Community of Practice (Peru and "
         "Bolivia)\n", 'name: "LED \\u202eunits"\n')
    result = cli("plan", "status", "--cop", str(cop))
    assert result.exit_code == 0, result.output
    no_raw(result.output)
    assert " — LED \\u202eunits\n" in result.stdout
    assert "\\x1b[31mQu" in result.stdout  # the responsible's name, folded in its column
