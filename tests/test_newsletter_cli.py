"""`copkit newsletter` end to end: golden Markdown, every format of every example, escaping of
hostile record text, privacy of contacts and names, --record, options and errors."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from typer.testing import Result

from tests.conftest import EXAMPLE_NAMES, git
from tests.newsletter_cop import MEMBERS, write_cop

Cli = Callable[..., Result]
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


class Tags(HTMLParser):
    """Start tags, ids and the text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id" and v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


# ---------------------------------------------------------------- golden and formats
def test_golden_markdown_led_units(cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units", commit=False)
    first = cli("newsletter", "--cop", str(root), "--period", "2026-Q2")
    assert first.exit_code == 0, first.stderr
    expected = (GOLDEN / "newsletter_led-units_2026-Q2.md").read_text(encoding="utf-8")
    assert first.stdout == expected
    again = cli("newsletter", "--cop", str(root), "--period", "2026-Q2")
    assert again.stdout == first.stdout  # same records, same period: byte-identical


def test_golden_markdown_stories_linked_to_goals(cli: Cli,
                                                 example_cop: Callable[..., Path]) -> None:
    """led-units from 2026-10-01 (seen on 2026-11-20): two stories, one linked to g1 and g2
    (a list of the two goals, each one full stop), one to g3 (in the sentence, one full
    stop: the statement already ends with one). Set COPKIT_UPDATE_GOLDEN=1 to rewrite the
    golden file after an intended change."""
    root = example_cop("led-units", commit=False)
    result = cli("newsletter", "--cop", str(root), "--since", "2026-10-01")
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / "newsletter_led-units_since-2026-10-01.md"
    if os.environ.get("COPKIT_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    text = result.stdout
    assert "It serves our goals:\n\n- Every participating municipality has an LED unit with a " \
           "legal mandate, staff and a work plan.\n- Members share tested tools" in text
    assert "It serves our goal: The LED unit has its own line in the municipal budget and " \
           "survives the change of administration.\n" in text
    assert ".." not in text and ".;" not in text


def test_goal_statements_end_with_one_full_stop_in_every_format(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path) -> None:
    root = example_cop("led-units", commit=False)
    html, pdf = tmp_path / "n.html", tmp_path / "n.pdf"
    for fmt, out in (("html", html), ("pdf", pdf)):
        result = cli("newsletter", "--cop", str(root), "--since", "2026-10-01", "-f", fmt,
                     "-o", str(out))
        assert result.exit_code == 0, result.stderr
    page = " ".join(" ".join(parse_html(html).text).split())
    assert "It serves our goal: The LED unit has its own line in the municipal budget and " \
           "survives the change of administration." in page
    assert "It serves our goals: Every participating municipality has an LED unit with a " \
           "legal mandate, staff and a work plan. Members share tested tools" in page
    text = pdf_text(pdf)
    assert "survives the change of administration." in text
    for words in (page, text):
        assert "administration.." not in words and "work plan.;" not in words


def test_markdown_to_a_file(cli: Cli, example_cop: Callable[..., Path], tmp_path: Path) -> None:
    root = example_cop("led-units", commit=False)
    out = tmp_path / "news.md"
    result = cli("newsletter", "--cop", str(root), "--period", "2026-Q2", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"  # the newsletter went to the file
    expected = (GOLDEN / "newsletter_led-units_2026-Q2.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_in_every_format(cli: Cli, example_cop: Callable[..., Path],
                                       tmp_path: Path, name: str) -> None:
    root = example_cop(name, commit=False)
    cop_name = yaml.safe_load((root / "charter.yaml").read_text(encoding="utf-8"))["name"]
    md = cli("newsletter", "--cop", str(root), "--period", "2026")
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith(f"# {cop_name}")
    assert "## Our meetings" in md.stdout
    html = tmp_path / "n.html"
    result = cli("newsletter", "--cop", str(root), "--period", "2026", "-f", "html",
                 "-o", str(html))
    assert result.exit_code == 0, result.stderr
    page = parse_html(html)
    assert "meetings" in page.ids and "script" not in page.tags
    assert cop_name in " ".join(page.text)
    pdf = tmp_path / "n.pdf"
    result = cli("newsletter", "--cop", str(root), "--period", "2026", "-f", "pdf",
                 "-o", str(pdf))
    assert result.exit_code == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Our meetings" in pdf_text(pdf)


def test_pdf_text_holds_accented_names_and_decisions(cli: Cli, example_cop: Callable[..., Path],
                                                     tmp_path: Path) -> None:
    root = example_cop("led-units", commit=False)
    out = tmp_path / "n.pdf"
    result = cli("newsletter", "--cop", str(root), "--period", "2026-Q2", "-f", "pdf",
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = pdf_text(out)
    for expected in ("Juan Pérez Mamani", "Sofía Belaúnde Ríos", "Joaquín Ñahui Quispe",
                     "Marc-André Gagnon", "Write up El Alto's budget lesson as a practice",
                     "3 meetings with 15 members taking part", "Secure the budget line before "
                     "hiring anyone", "Coming up", "was due 30 April 2026"):
        assert expected in text, expected


def test_html_sections(cli: Cli, example_cop: Callable[..., Path], tmp_path: Path) -> None:
    root = example_cop("led-units", commit=False)
    out = tmp_path / "n.html"
    result = cli("newsletter", "--cop", str(root), "--period", "2026-Q2", "-f", "html",
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    page = parse_html(out)
    assert page.ids == ["meetings", "practices", "welcome", "coming", "actions"]
    assert page.tags.count("article") == 5  # 3 meetings and 2 practices
    text = " ".join(" ".join(page.text).split())
    assert "Thanks to Ana Choque Limachi and Wilma Callisaya Mamani for sharing it." in text


def test_html_and_pdf_default_to_a_file_named_after_the_last_day(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = example_cop("led-units", commit=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = cli("newsletter", "--cop", str(root), "--period", "2026-Q2", "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert (work / "newsletter-2026-06-30.html").is_file()


# ---------------------------------------------------------------- hostile record text
HOSTILE = MEMBERS + """\
  - id: hostile
    name: '<script>alert(1)</script> *bold* [x](http://e.org) #panic("boom") $x$ @ref'
    organisation: "# Not a heading | pipe"
    joined: 2026-06-01
    consent: {public: true}
"""


@pytest.fixture
def hostile_cop(tmp_path: Path) -> Path:
    root = write_cop(tmp_path / "hostile", members=HOSTILE)
    meeting = root / "meetings" / "2026-05-15-budgets.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace(
        "decisions: [Compare three budgets, Meet again in June]",
        "decisions: ['1. <b>not bold</b> ]) #set text(red) = heading']"), encoding="utf-8")
    # a meeting facilitated by the hostile name, its attendance not recorded (yet)
    meeting = root / "meetings" / "2026-06-20-budgets-again.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace(
        "attendees: [ana, carla]", "facilitator: hostile"), encoding="utf-8")
    return root


def test_html_escapes_record_text(cli: Cli, hostile_cop: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.html"
    result = cli("newsletter", "--cop", str(hostile_cop), "--from", "2026-05-01", "--to",
                 "2026-06-30", "-f", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    page = parse_html(out)
    assert "script" not in page.tags and "b" not in page.tags
    text = "".join(page.text)
    assert "<script>alert(1)</script> *bold*" in text  # shown as text, as written
    assert "1. <b>not bold</b> ]) #set text(red) = heading" in text
    assert "Hybrid meeting (in person and online) · facilitated by <script>" in text
    assert "&lt;script&gt;" in out.read_text(encoding="utf-8")


def test_markdown_escapes_record_text(cli: Cli, hostile_cop: Path) -> None:
    result = cli("newsletter", "--cop", str(hostile_cop), "--from", "2026-05-01", "--to",
                 "2026-06-30")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    welcome = next(line for line in lines if "alert" in line and line.startswith("- "))
    assert welcome.startswith("- **\\<script\\>alert(1)\\</script\\> \\*bold\\* \\[x\\]")
    assert "\\# Not a heading \\| pipe" in welcome
    assert "- 1\\. \\<b\\>not bold\\</b\\> \\]) \\#set text(red) = heading" in lines
    assert not any(line.startswith("# Not") for line in lines)
    # no attendance recorded: no "0 members took part"
    assert "Hybrid meeting (in person and online) · facilitated by \\<script\\>alert(1)" \
        "\\</script\\> \\*bold\\*" in result.stdout
    assert "0 members" not in result.stdout


def test_pdf_keeps_record_text_as_text(cli: Cli, hostile_cop: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    result = cli("newsletter", "--cop", str(hostile_cop), "--from", "2026-05-01", "--to",
                 "2026-06-30", "-f", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = pdf_text(out)
    assert '<script>alert(1)</script> *bold* [x](http://e.org) #panic("boom") $x$ @ref' in text
    assert "1. <b>not bold</b> ]) #set text(red) = heading" in text
    assert 'facilitated by <script>alert(1)</script> *bold* [x](http://e.org) #panic("boom")' \
        in text


def test_pdf_names_no_font_can_draw_are_not_dropped_silently(cli: Cli, tmp_path: Path) -> None:
    root = write_cop(tmp_path / "cjk", members=MEMBERS + """\
  - id: wang-fang
    name: 王芳
    joined: 2026-06-01
    consent: {public: true}
""")
    out = tmp_path / "n.pdf"
    result = cli("newsletter", "--cop", str(root), "--from", "2026-05-01", "--to",
                 "2026-06-30", "-f", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    # either a font on this computer draws the name, or copkit says which characters and --font
    assert "王芳" in pdf_text(out) or ("王" in result.stderr and "--font" in result.stderr)


# ---------------------------------------------------------------- privacy
def members_of(root: Path) -> list[dict[str, Any]]:
    from tests.test_report_privacy import with_contacts

    members = yaml.safe_load((root / "members.yaml").read_text(encoding="utf-8"))["members"]
    return with_contacts(root, list(members))


def written_text(cli: Cli, root: Path, fmt: str, out: Path, *args: str) -> str:
    result = cli("newsletter", "--cop", str(root), "--period", "2026", "-f", fmt,
                 "-o", str(out), "--force", *args)
    assert result.exit_code == 0, result.stderr
    if fmt == "pdf":
        return pdf_text(out)
    text = out.read_text(encoding="utf-8")
    if fmt == "md":  # undo the Markdown escapes, as a reader would see the text
        text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_contact_details_and_public_names_only_with_consent(
        cli: Cli, example_cop: Callable[..., Path], tmp_path: Path, name: str,
        fmt: str) -> None:
    root = example_cop(name, commit=False)
    members = members_of(root)
    assert any(m.get("email") for m in members) and any(m.get("phone") for m in members)
    for audience in ("members", "public", "sponsor"):
        text = written_text(cli, root, fmt, tmp_path / f"n.{fmt}", "--audience", audience)
        flat = digits(text)
        for m in members:
            if m.get("email"):
                assert m["email"] not in text, (audience, m["id"])
            if m.get("phone") and len(digits(str(m["phone"]))) >= 7:
                assert digits(str(m["phone"])) not in flat, (audience, m["id"])
            if audience != "members" and not (m.get("consent") or {}).get("public"):
                assert m["name"] not in text, (audience, m["id"])


def test_contacts_only_when_asked_and_agreed(cli: Cli, tmp_path: Path) -> None:
    root = write_cop(tmp_path / "cop")
    out = tmp_path / "n.md"
    text = written_text(cli, root, "md", out, "--include-contacts")
    # beto and carla joined in 2026 and agreed to be in the directory
    assert "beto@example.org" in text and "carla@example.org" in text
    assert "ana@example.org" not in text  # ana is not a new member
    text = written_text(cli, root, "md", out, "--include-contacts", "--audience", "public")
    assert "carla@example.org" in text and "beto@example.org" not in text


# ---------------------------------------------------------------- --record
def test_record_appends_to_the_charter_and_commits(cli: Cli,
                                                   example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    before = (root / "charter.yaml").read_text(encoding="utf-8")
    result = cli("newsletter", "--cop", str(root), "--period", "2026-Q2", "--record")
    assert result.exit_code == 0, result.stderr
    assert "recorded the newsletter of 2026-06-30 in charter.yaml; committed" in result.stderr
    assert git(root, "log", "-1", "--format=%s") == "copkit: record newsletter 2026-06-30\n"
    body = git(root, "log", "-1", "--format=%b")
    assert "charter.yaml: newsletter of 2026-06-30 (from 2026-04-01)" in body
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""
    after = (root / "charter.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and everything else kept as written
    assert after[len(before):] == (
        "newsletters:\n  - date: 2026-06-30\n    since: 2026-04-01\n"
        "    title: 'Municipal LED Units Community of Practice (Peru and Bolivia): news from 1 "
        "April to 30 June 2026'\n")
    # the next newsletter starts the day after, and runs to today
    nxt = cli("newsletter", "--cop", str(root))
    assert nxt.exit_code == 0, nxt.stderr
    assert nxt.stdout.startswith("# Municipal LED Units Community of Practice (Peru and "
                                 "Bolivia): news from 1 July to 20 November 2026\n")
    check = cli("check", "--cop", str(root))
    assert check.exit_code == 0, check.stdout + check.stderr


def test_nothing_newer_than_the_last_newsletter(cli: Cli, example_cop: Callable[..., Path]
                                                ) -> None:
    root = example_cop("led-units")
    first = cli("newsletter", "--cop", str(root), "--record", "--title", "November news")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("# November news\n\n*21 October to 20 November 2026*")
    again = cli("newsletter", "--cop", str(root))
    assert again.exit_code == 2
    assert "error: the last newsletter recorded in charter.yaml covers up to 2026-11-20" \
        in again.stderr
    assert "hint: to make it again, give its days: --since 2026-10-21" in again.stderr
    twice = cli("newsletter", "--cop", str(root), "--since", "2026-10-21", "--record")
    assert twice.exit_code == 1
    assert "already recorded in charter.yaml" in twice.stderr
    assert git(root, "log", "--format=%s").count("record newsletter") == 1


def test_record_no_commit(cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    result = cli("newsletter", "--cop", str(root), "--period", "2026-Q2", "--record",
                 "--no-commit")
    assert result.exit_code == 0, result.stderr
    assert "not committed" in result.stderr
    assert git(root, "status", "--porcelain", "--untracked-files=no") == " M charter.yaml\n"
    assert git(root, "log", "--format=%s") == "start\n"


def test_without_record_nothing_changes(cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    result = cli("newsletter", "--cop", str(root))
    assert result.exit_code == 0, result.stderr
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""


# ---------------------------------------------------------------- templates of the CoP
def test_a_cop_template_replaces_copkits(cli: Cli, tmp_path: Path) -> None:
    root = write_cop(tmp_path / "cop")
    own = root / "templates" / "newsletter"
    own.mkdir(parents=True)
    (own / "newsletter.md.j2").write_text(
        "# Noticias de {{ cop.name|md }}\n{% for m in meetings %}\n- {{ m.date.iso }} "
        "{{ m.title|md }}\n{% endfor %}\n", encoding="utf-8")
    result = cli("newsletter", "--cop", str(root), "--from", "2026-05-01", "--to", "2026-06-30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("# Noticias de Río Test CoP\n- 2026-05-15 How we budget\n"
                             "- 2026-06-20 Budgets, second round\n")


def test_a_broken_cop_template_is_an_error_with_its_line(cli: Cli, tmp_path: Path) -> None:
    root = write_cop(tmp_path / "cop")
    own = root / "templates" / "newsletter"
    own.mkdir(parents=True)
    (own / "newsletter.md.j2").write_text("# News\n{% if %}\n", encoding="utf-8")
    result = cli("newsletter", "--cop", str(root))
    assert result.exit_code == 1
    assert "error: templates/newsletter/newsletter.md.j2:2: template error" in result.stderr
    assert "hint: fix this template of your CoP's templates/newsletter/ folder" in result.stderr


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(("args", "code", "message"), [
    (["--since", "2026-05-01", "--period", "2026"], 2,
     "error: give --since, --period or --from/--to, not two of them"),
    (["--since", "2026-13-01"], 2, "error: --since '2026-13-01' is not a date"),
    (["--period", "2026-Q5"], 2, "error: --period '2026-Q5' is not a year, quarter or month"),
    (["--from", "2026-06-01", "--to", "2026-05-01"], 2, "error: --from 2026-06-01 is after"),
    (["--since", "2026-12-01"], 2, "error: the newsletter would start on 2026-12-01 and end "
                                   "on 2026-11-20"),
    (["--audience", "everyone"], 2, "Invalid value for '--audience'"),
    (["--format", "docx"], 2, "Invalid value for '--format'"),
])
def test_bad_options(cli: Cli, tmp_path: Path, args: list[str], code: int,
                     message: str) -> None:
    root = write_cop(tmp_path / "cop")
    result = cli("newsletter", "--cop", str(root), *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_an_existing_file_is_kept_unless_forced(cli: Cli, tmp_path: Path) -> None:
    root = write_cop(tmp_path / "cop")
    out = tmp_path / "n.html"
    out.write_text("mine", encoding="utf-8")
    result = cli("newsletter", "--cop", str(root), "-f", "html", "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {out} already exists" in result.stderr
    assert "hint: add --force to replace it" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    forced = cli("newsletter", "--cop", str(root), "-f", "html", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_not_a_cop(cli: Cli, tmp_path: Path) -> None:
    result = cli("newsletter", "--cop", str(tmp_path))
    assert result.exit_code == 1
    assert "is not a CoP folder" in result.stderr


def test_help_has_an_example(cli: Cli) -> None:
    result = cli("newsletter", "--help")
    assert result.exit_code == 0
    assert "Example: copkit newsletter" in result.stdout
    top = cli("--help")
    assert "newsletter" in top.stdout and "Tell members what happened" in top.stdout
