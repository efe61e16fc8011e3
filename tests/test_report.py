"""`copkit report` end to end: formats, golden Markdown, PDF text, HTML structure, errors."""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from typer.testing import Result

from copkit.indicators import compute
from copkit.model.load import load_cop
from copkit.output.report_history import read_history
from copkit.periods import parse_period

Cli = Callable[..., Result]
GOLDEN = Path(__file__).parent / "golden" / "report_led-units_2026.md"
TODAY = "2026-11-30"
INDICATORS = ("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "E1", "E2", "E3", "E4",
              "I1", "I2", "I3")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY)


@pytest.fixture
def led(example_cop: Callable[..., Path]) -> Path:
    return example_cop("led-units")


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


class Page(HTMLParser):
    """The text of an HTML page, its tags, and the ids of its sections."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag in ("style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse_html(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


# ---------------------------------------------------------------- Markdown
def test_markdown_golden(cli: Cli, led: Path) -> None:
    """The report of examples/led-units for 2026 as a facilitator reads it. Set
    COPKIT_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change."""
    result = ok(cli("report", "--cop", str(led), "--period", "2026"))
    if os.environ.get("COPKIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")
    assert "charts are written only with --out" in result.stderr


def test_markdown_is_byte_identical_between_runs(cli: Cli, led: Path, tmp_path: Path) -> None:
    first = ok(cli("report", "--cop", str(led), "--period", "2026")).stdout
    assert ok(cli("report", "--cop", str(led), "--period", "2026")).stdout == first
    a, b = tmp_path / "a" / "r.md", tmp_path / "b" / "r.md"
    ok(cli("report", "--cop", str(led), "--period", "2026", "--out", str(a)))
    ok(cli("report", "--cop", str(led), "--period", "2026", "--out", str(b)))
    assert a.read_bytes() == b.read_bytes()
    for chart in ("levels", "levels-by-quarter", "attendance", "membership", "practices"):
        assert (a.parent / f"r-{chart}.svg").read_bytes() == \
            (b.parent / f"r-{chart}.svg").read_bytes()


def test_markdown_shows_every_indicator_with_its_definition(cli: Cli, led: Path) -> None:
    text = ok(cli("report", "--cop", str(led), "--period", "2026")).stdout
    cop = load_cop(led).cop
    metrics = compute(cop, parse_period("2026"), _dt.date.fromisoformat(TODAY))
    for ident in INDICATORS:
        ind = metrics.by_id(ident)
        assert f"### {ident}. {ind.title}" in text
        assert ind.definition in text
    assert "## Health scorecard" in text
    assert "↑" in text and "↓" in text
    assert "previous (2025)" in text


def test_markdown_with_out_writes_charts_beside_it(cli: Cli, led: Path, tmp_path: Path) -> None:
    out = tmp_path / "my report.md"
    result = ok(cli("report", "--cop", str(led), "--period", "2026", "--out", str(out)))
    assert "6 chart file(s)" in result.stderr
    text = out.read_text(encoding="utf-8")
    for chart in ("levels", "levels-by-quarter", "attendance", "membership", "practices"):
        svg = tmp_path / f"my report-{chart}.svg"
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert f"](my%20report-{chart}.svg)" in text


def test_no_data_is_said_never_zero(cli: Cli, led: Path) -> None:
    text = ok(cli("report", "--cop", str(led), "--period", "2024")).stdout
    assert "no data (no survey in this period)" in text
    assert "no data (no story in this period)" in text
    assert "no data (no meeting in this period)" in text
    assert "| survey answers | 0 |" not in text


def test_level_health_only(cli: Cli, led: Path, tmp_path: Path) -> None:
    text = ok(cli("report", "--cop", str(led), "--period", "2026", "--level", "health")).stdout
    assert "## Health scorecard" in text and "### M1." not in text
    out = tmp_path / "eval.md"
    ok(cli("report", "--cop", str(led), "--level", "evaluation", "--out", str(out)))
    assert "### E1." in out.read_text(encoding="utf-8")
    # the evaluation level's one chart: the network picture (E7)
    assert [p.name for p in tmp_path.glob("eval-*.svg")] == ["eval-network.svg"]


# ---------------------------------------------------------------- HTML
def test_html_is_one_page_with_every_indicator(cli: Cli, led: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    ok(cli("report", "--cop", str(led), "--period", "2026", "-f", "html", "-o", str(out)))
    page = parse_html(out)
    assert page.tags.count("html") == 1 and "script" not in page.tags
    assert "link" not in page.tags  # standalone: no external stylesheet
    assert page.tags.count("svg") == 6
    for ident in INDICATORS:
        assert ident in page.ids
    assert "health" in page.ids
    words = page.words
    assert "Members at the end of the period" in words
    assert "María López Arce" in words


def test_html_default_file_name(cli: Cli, led: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ok(cli("report", "--cop", str(led), "--period", "2026-Q2", "--format", "html"))
    assert (tmp_path / "report-2026-Q2.html").is_file()
    assert "wrote report-2026-Q2.html" in result.stderr


def test_member_named_script_stays_text(cli: Cli, led: Path, tmp_path: Path) -> None:
    members = led / "members.yaml"
    evil = "<script>alert(1)</script>"
    members.write_text(members.read_text(encoding="utf-8").replace(
        "name: María López Arce", f'name: "{evil}"'), encoding="utf-8")
    out = tmp_path / "r.html"
    ok(cli("report", "--cop", str(led), "--period", "2026", "-f", "html", "-o", str(out)))
    page = parse_html(out)
    assert "script" not in page.tags
    assert evil in page.words
    md = ok(cli("report", "--cop", str(led), "--period", "2026")).stdout
    assert "\\<script\\>alert(1)\\</script\\>" in md and evil not in md
    pdf = tmp_path / "r.pdf"
    ok(cli("report", "--cop", str(led), "--period", "2026", "-f", "pdf", "-o", str(pdf)))
    assert evil in pdf_text(pdf)


# ---------------------------------------------------------------- PDF
def test_pdf_holds_the_figures_and_accented_names(cli: Cli, led: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = ok(cli("report", "--cop", str(led), "--period", "2026", "-f", "pdf", "-o", str(out)))
    assert "warning" not in result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(out).split())
    cop = load_cop(led).cop
    period, today = parse_period("2026"), _dt.date.fromisoformat(TODAY)
    metrics = compute(cop, period, today, read_history(led, cop, period, today))
    for ident in INDICATORS:
        ind = metrics.by_id(ident)
        assert f"{ident}. {ind.title}" in text
        for f in ind.figures:
            # "no data" on its line and the reason under it, not a wrapped "no data (...)"
            shown = f.shown if f.has_data else f"no data {f.reason}".strip()
            assert f"{f.label} {shown}" in text, f.label
    for name in ("María López Arce", "Joaquín Ñahui Quispe", "Édgar Huamán Cáceres"):
        assert name in text
    assert "Observed levels of participation" in text  # a chart's title, embedded as text


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(("args", "code", "message"), [
    (["--period", "2026x"], 2, "--period '2026x' is not a year, quarter or month"),
    (["--from", "2026-05-01", "--to", "2026-01-01"], 2, "--from 2026-05-01 is after --to"),
    (["--from", "yesterday"], 2, "--from 'yesterday' is not a date"),
    (["--period", "2026", "--from", "2026-01-01"], 2, "either --period or --from/--to"),
    (["--level", "everything"], 2, "everything"),
    (["--format", "docx"], 2, "docx"),
    (["--audience", "press"], 2, "press"),
    (["--format", "pdf", "--font", "No Such Font 42", "--out", "x.pdf"], 2, "no such font"),
])
def test_bad_options(cli: Cli, led: Path, args: list[str], code: int, message: str,
                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("report", "--cop", str(led), *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_existing_out_is_kept_unless_forced(cli: Cli, led: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("mine", encoding="utf-8")
    result = cli("report", "--cop", str(led), "-f", "html", "-o", str(out))
    assert result.exit_code == 1
    assert f"{out} already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    ok(cli("report", "--cop", str(led), "-f", "html", "-o", str(out), "--force"))
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_existing_chart_file_is_kept_unless_forced(cli: Cli, led: Path, tmp_path: Path) -> None:
    (tmp_path / "r-levels.svg").write_text("mine", encoding="utf-8")
    result = cli("report", "--cop", str(led), "-o", str(tmp_path / "r.md"))
    assert result.exit_code == 1 and "r-levels.svg already exists" in result.stderr
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("command", ["report", "newsletter"])
def test_a_file_that_appears_while_the_pdf_is_made_is_kept(
        cli: Cli, led: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: str) -> None:
    # another program writes the PDF after copkit's check and before it writes: refused
    # with the same hint (copkit.store's writer), their file kept, no temporary file left
    import copkit.output.pdf

    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()

    def meanwhile(source: str, **kw: object) -> tuple[bytes, list[str]]:
        out.write_bytes(b"theirs")
        return b"%PDF-1.7 ours", []

    monkeypatch.setattr(copkit.output.pdf, "compile_pdf", meanwhile)
    result = cli(command, "--cop", str(led), "-f", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {out} already exists" in result.stderr
    assert "hint: add --force to replace it, or choose another --out FILE" in result.stderr
    assert out.read_bytes() == b"theirs"
    assert [p.name for p in out.parent.iterdir()] == ["x.pdf"]


def test_not_a_cop(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "--cop", str(tmp_path))
    assert result.exit_code == 1
    assert "is not a CoP folder" in result.stderr


def test_malformed_own_template(cli: Cli, led: Path) -> None:
    folder = led / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "report.md.j2").write_text("# {{ cop.name }}\n{% if %}\n", encoding="utf-8")
    result = cli("report", "--cop", str(led))
    assert result.exit_code == 1
    assert "templates/report/report.md.j2:2: template error" in result.stderr
    assert "hint:" in result.stderr


def test_own_template_replaces_copkit_one(cli: Cli, led: Path) -> None:
    folder = led / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "report.md.j2").write_text(
        "{{ cop.name|md }} — {% for lv in levels %}{{ lv.indicators|length }} {% endfor %}\n",
        encoding="utf-8")
    text = ok(cli("report", "--cop", str(led), "--period", "2026")).stdout
    assert text == "Municipal LED Units Community of Practice (Peru and Bolivia) — 9 7 6 1 \n"


def test_records_with_errors_are_reported(cli: Cli, led: Path) -> None:
    bad = led / "meetings" / "2026-13-01-broken.yaml"
    bad.write_text("date: [unclosed\n", encoding="utf-8")
    result = ok(cli("report", "--cop", str(led), "--period", "2026"))
    assert "run `copkit check`" in result.stderr
    assert "problem(s) in the records" in result.stdout


def test_cjk_name_in_pdf_is_a_visible_warning(cli: Cli, led: Path, tmp_path: Path) -> None:
    from copkit.output import pdf

    if ord("李") in pdf._system_coverage(()):
        pytest.skip("this computer has a CJK font")
    members = led / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8").replace(
        "name: María López Arce", "name: 李伟 María"), encoding="utf-8")
    out = tmp_path / "r.pdf"
    result = ok(cli("report", "--cop", str(led), "--period", "2026", "-f", "pdf", "-o", str(out)))
    assert "warning: no font on this computer can draw 2 character(s)" in result.stderr
    assert "李" in result.stderr and "--font" in result.stderr
    assert out.is_file()


def test_font_without_pdf_is_ignored_with_a_warning(cli: Cli, led: Path) -> None:
    result = ok(cli("report", "--cop", str(led), "--level", "health", "--font", "X"))
    assert "--font is used only with --format pdf" in result.stderr


def test_members_table_lists_the_largest_gaps_first(led: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.output import report

    monkeypatch.setattr(report, "MEMBERS_TABLE_LIMIT", 3)
    cop = load_cop(led).cop
    period = parse_period("2026")
    ctx = report.build_report(cop, period, "all", "members", False,
                              _dt.date.fromisoformat(TODAY))
    table = ctx["members_table"]
    assert len(table["rows"]) == 3 and table["more"] > 0
    order = {"core": 0, "active": 1, "peripheral": 2, "inactive": 3}
    gaps = [abs(order[r[2]] - order[r[3]]) for r in table["rows"] if r[2] in order]
    assert gaps == sorted(gaps, reverse=True)
    assert ctx["members_table"] is not None
    public = report.build_report(cop, period, "all", "public", False,
                                 _dt.date.fromisoformat(TODAY))
    assert public["members_table"] is None  # per-member detail is for members only


def test_default_period_is_the_last_12_months(cli: Cli, led: Path) -> None:
    text = ok(cli("report", "--cop", str(led), "--level", "monitoring")).stdout
    assert "**Period:** 2025-12-01 to 2026-11-30, compared" in text
    assert "previous period, 2024-12-01 to 2025-11-30" in text


def test_from_to_period(cli: Cli, led: Path) -> None:
    text = ok(cli("report", "--cop", str(led), "--from", "2026-03-01", "--to", "2026-05-31",
                  "--level", "monitoring")).stdout
    assert "2026-03-01 to 2026-05-31" in text
    assert "previous period, 2025-11-29 to 2026-02-28" in text


def test_budget_is_for_sponsors_not_the_public(cli: Cli, led: Path) -> None:
    args = ("report", "--cop", str(led), "--period", "2026", "--level", "monitoring")
    assert "**Budget by currency**" in ok(cli(*args, "--audience", "sponsor")).stdout
    public = ok(cli(*args, "--audience", "public")).stdout
    assert "**Budget by currency**" not in public
    assert "For a public audience:" in public and "(name withheld)" in public
