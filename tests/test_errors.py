"""Issue #13, part 5: errors that are not bugs, through the real CLI.

A full disk, a read-only folder, a file that may not be read or written; a CoP template that
reaches outside the template folders, does not compile, names what is not there or runs
without end; a record holding a date with no such day (2026-02-30): each is a user error
(exit 1) saying what and where, never "internal error", and leaves no file half-written and
no temporary file behind.

The disk faults come through a seam at the operating system's edge: ``os.open`` refusing to
create a file in a folder (what a read-only folder or disk does; a real ``chmod`` where the
tests do not run as root, for whom it changes nothing), ``os.fsync`` failing for one file
(where a full disk or a failing one shows up for a file being written).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from copkit.errors import FileError, shown_path
from copkit.output import render

from .conftest import git
from .records_cop import small_cop

Cli = Callable[..., Result]
MEETING = "meetings/2026-05-10-unit-models.yaml"
OWN_HINT = ("  hint: fix this template of your CoP's templates/{kind}/ folder, or delete it to "
            "use copkit's own (copy the shipped one as a starting point)\n")
LINUX_FDS = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"),
                               reason="the fsync seam names the file through /proc/self/fd")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")


@pytest.fixture
def led(example_cop: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Path:
    """The led-units example in git; the current folder is the one holding it."""
    monkeypatch.chdir(tmp_path)
    return example_cop("led-units")


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small CoP in git; the current folder is the CoP's (paths show as check's)."""
    root = small_cop(tmp_path)
    monkeypatch.chdir(root)
    return root


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but git's, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def temporaries(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tmp"))


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def check_finding(cli: Cli, code: str) -> str:
    """The finding `copkit check --cop .` prints with ``code`` (and its hint), as lines."""
    lines = cli("check", "--cop", ".").stdout.splitlines()
    for i, line in enumerate(lines):
        if f": error[{code}] " in line:
            return line + "\n" + lines[i + 1] + "\n"
    raise AssertionError(f"check reports no {code}: {lines}")


def user_error(result: Result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    return result.stderr


# ---------------------------------------------------------------- the seams
def refuse_creating_in(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Creating a file in ``folder`` fails with ``code``, as a read-only folder (EACCES) or
    disk (EROFS) makes it fail."""
    real_open = os.open
    where = os.path.realpath(folder)

    def open_(path: str, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT and os.path.realpath(os.path.dirname(path)) == where:
            raise OSError(code, os.strerror(code), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


@contextlib.contextmanager
def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    """``folder`` made read-only for real (chmod 0555); where that changes nothing (the
    tests run as root), its effect through the seam."""
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            refuse_creating_in(monkeypatch, folder, errno.EACCES)
        yield
    finally:
        folder.chmod(0o755)


def fail_writing(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    """Writing the file named ``name`` fails with ``code`` when copkit flushes it to the disk
    (fsync of its temporary file, .NAME.*.tmp), as a full or failing disk makes it fail."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        try:
            opened = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            opened = ""
        if opened.startswith(f".{name}."):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


# ---------------------------------------------------------------- 1. disks and permissions
def test_a_report_into_a_read_only_folder_names_the_file_and_writes_nothing(
        cli: Cli, led: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    with read_only(monkeypatch, out):
        result = cli("report", "--cop", "led-units", "--period", "2026", "--out",
                     "ro/report.md")
        assert user_error(result) == (
            "error: ro/report-levels.svg: permission denied (nothing was written)\n"
            "  hint: check the permissions of ro/report-levels.svg and of its folder "
            "(ls -ld ro ro/report-levels.svg), or choose another --out FILE\n")
        assert result.stdout == ""
    assert list(out.iterdir()) == []


def test_a_report_on_a_read_only_disk(cli: Cli, led: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    refuse_creating_in(monkeypatch, tmp_path / "out", errno.EROFS)
    result = cli("report", "--cop", "led-units", "--period", "2026", "--format", "html",
                 "--out", "out/report.html")
    assert user_error(result) == (
        "error: out/report.html: the folder is read-only (nothing was written)\n"
        "  hint: out is on a disk mounted read-only: work on a copy on a writable disk, or "
        "choose another --out FILE\n")
    assert list((tmp_path / "out").iterdir()) == []


@LINUX_FDS
def test_a_report_on_a_full_disk_leaves_no_chart_behind(cli: Cli, led: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """The third file fails: the two charts written before it are removed again."""
    (tmp_path / "out").mkdir()
    fail_writing(monkeypatch, "report-attendance.svg", errno.ENOSPC)
    result = cli("report", "--cop", "led-units", "--period", "2026", "--out",
                 "out/report.md")
    assert user_error(result) == (
        "error: out/report-attendance.svg: the disk is full (nothing was written)\n"
        "  hint: free some space on the disk holding out and run the command again, or "
        "choose another --out FILE\n")
    assert list((tmp_path / "out").iterdir()) == []


@LINUX_FDS
def test_a_forced_report_on_a_full_disk_does_not_say_nothing_was_written(
        cli: Cli, led: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --force, the charts that replaced older ones stay (each whole): the message does
    not claim otherwise."""
    assert cli("report", "--cop", "led-units", "--period", "2026", "--out",
               "report.md").exit_code == 0
    before = (tmp_path / "report.md").read_bytes()
    fail_writing(monkeypatch, "report.md", errno.ENOSPC)
    result = cli("report", "--cop", "led-units", "--period", "2025", "--out", "report.md",
                 "--force")
    assert user_error(result) == (
        "error: report.md: the disk is full\n"
        "  hint: free some space on the disk holding . and run the command again, or choose "
        "another --out FILE\n")
    assert (tmp_path / "report.md").read_bytes() == before
    assert temporaries(tmp_path) == []


@LINUX_FDS
def test_a_newsletter_on_a_full_disk(cli: Cli, led: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fail_writing(monkeypatch, "news.html", errno.ENOSPC)
    result = cli("newsletter", "--cop", "led-units", "--period", "2026-Q2", "--format",
                 "html", "--out", "news.html")
    assert user_error(result) == (
        "error: news.html: the disk is full (nothing was written)\n"
        "  hint: free some space on the disk holding . and run the command again, or choose "
        "another --out FILE\n")
    assert not (tmp_path / "news.html").exists() and temporaries(tmp_path) == []


@LINUX_FDS
@pytest.mark.parametrize(("code", "message", "hint"), [
    (errno.ENOSPC, "the disk is full",
     "free some space on the disk holding meetings and run the command again"),
    (errno.EIO, "the disk failed to read or write it (an input/output error)",
     "check the disk or the network drive holding meetings and run the command again"),
], ids=["ENOSPC", "EIO"])
def test_a_record_command_on_a_failing_disk_changes_nothing(
        cli: Cli, cop: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str,
        hint: str) -> None:
    before, count = files(cop), commits(cop)
    fail_writing(monkeypatch, "2026-05-10-unit-models.yaml", code)
    result = cli("meeting", "attend", "2026-05-10-unit-models", "jose-garcia", "--cop", ".")
    assert user_error(result) == f"error: {MEETING}: {message}\n  hint: {hint}\n"
    assert files(cop) == before and commits(cop) == count
    assert git(cop, "status", "--porcelain", "--untracked-files=all") == ""


def test_a_record_command_in_a_read_only_folder_changes_nothing(
        cli: Cli, cop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before, count = files(cop), commits(cop)
    with read_only(monkeypatch, cop / "meetings"):
        result = cli("meeting", "attend", "2026-05-10-unit-models", "jose-garcia", "--cop",
                     ".")
        assert user_error(result) == (
            f"error: {MEETING}: permission denied\n"
            f"  hint: check the permissions of {MEETING} and of its folder "
            f"(ls -ld meetings {MEETING})\n")
    assert files(cop) == before and commits(cop) == count
    assert git(cop, "status", "--porcelain", "--untracked-files=all") == ""


@LINUX_FDS
def test_init_on_a_full_disk_leaves_no_half_made_cop(cli: Cli, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fail_writing(monkeypatch, "members.yaml", errno.ENOSPC)
    result = cli("init", "demo", "--name", "Demo CoP")
    assert user_error(result) == (
        "error: demo/members.yaml: the disk is full\n"
        "  hint: free some space on the disk holding demo and run the command again\n")
    assert list(tmp_path.iterdir()) == []


def test_schemas_into_a_read_only_folder(cli: Cli, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    with read_only(monkeypatch, tmp_path / "schemas"):
        result = cli("schema", "--out", "schemas")
        assert user_error(result).startswith("error: schemas/")
        assert ": permission denied\n  hint: check the permissions of schemas/" in result.stderr
    assert list((tmp_path / "schemas").iterdir()) == []


def test_a_template_that_may_not_be_read(cli: Cli, led: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    template = led / "templates" / "report" / "report.md.j2"
    template.parent.mkdir(parents=True)
    template.write_text("# {{ cop.name }}\n", encoding="utf-8")
    template.chmod(0o000)
    try:
        if os.access(template, os.R_OK):  # root reads it anyway: the seam refuses it
            import builtins

            import jinja2.loaders

            def refuse(filename: str, *args: Any, **kwargs: Any) -> Any:
                if os.path.realpath(filename) == os.path.realpath(template):
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), filename)
                return builtins.open(filename, *args, **kwargs)

            # the loader's own open(): jinja2.loaders reads a template with the builtin
            monkeypatch.setattr(jinja2.loaders, "open", refuse, raising=False)
        result = cli("report", "--cop", "led-units", "--period", "2026")
    finally:
        template.chmod(0o644)
    shown = "led-units/templates/report/report.md.j2"
    assert user_error(result) == (
        f"error: {shown}: permission denied\n"
        f"  hint: check the permissions of {shown} and of its folder "
        f"(ls -ld led-units/templates/report {shown})\n")


def test_the_path_shown_is_the_file_a_temporary_stands_for(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "out" / ".report.md.copkit-0123456789ab.tmp") == \
        os.path.join("out", "report.md")
    assert shown_path(tmp_path / ".members.yaml.k2j_9x0a.tmp") == "members.yaml"
    assert shown_path("/elsewhere/x.md") == "/elsewhere/x.md"
    assert shown_path("rel/x.md") == "rel/x.md"


def test_an_os_error_about_no_file_of_the_user_stays_a_bug() -> None:
    assert FileError.from_os_error(OSError(errno.ECONNREFUSED, "refused")) is None
    assert FileError.from_os_error(FileNotFoundError(errno.ENOENT, "gone", "x")) is None
    error = FileError.from_os_error(OSError(errno.ENOSPC, "No space left on device"))
    assert error is not None and str(error) == (
        "the disk is full\n  hint: free some space on the disk and run the command again")


# ---------------------------------------------------------------- 2. a CoP's templates
def own_template(root: Path, text: str, kind: str = "report") -> Path:
    path = root / "templates" / kind / f"{kind}.md.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def template_error(cli: Cli, kind: str = "report") -> str:
    args = ["--period", "2026"] if kind == "report" else ["--period", "2026-Q2"]
    result = cli(kind, "--cop", "led-units", *args)
    assert result.stdout == ""
    return user_error(result)


def located(line: int, message: str, kind: str = "report") -> str:
    return (f"error: templates/{kind}/{kind}.md.j2:{line}: template error: {message}\n"
            + OWN_HINT.format(kind=kind))


@pytest.mark.parametrize("statement", [
    "{% include '/etc/passwd' %}",
    "{% include '../../charter.yaml' %}",
    "{% extends '../../../../../../etc/passwd' %}",
    "{% import '/etc/hosts' as hosts %}",
    "{% from 'C:/Windows/win.ini' import x %}",
])
def test_a_template_may_not_include_a_file_outside_the_template_folders(
        cli: Cli, led: Path, statement: str) -> None:
    own_template(led, "# {{ cop.name }}\n" + statement + "\n")
    name = statement.split("'")[1]
    assert template_error(cli) == located(2, (
        f"'{name}' is outside the template folders: templates may only include templates in "
        "the CoP's templates/ folder or copkit's own"))


def test_a_template_may_not_include_a_link_to_outside_the_cop(cli: Cli, led: Path,
                                                               tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET\n", encoding="utf-8")
    own_template(led, "# {{ cop.name }}\n\n{% include 'part.j2' %}\n")
    (led / "templates" / "report" / "part.j2").symlink_to(secret)
    assert template_error(cli) == located(3, (
        "'part.j2' is a link to a file outside the CoP folder: templates may only include "
        "templates in the CoP's templates/ folder or copkit's own"))
    # the template itself a link: refused before its first line
    (led / "templates" / "report" / "report.md.j2").unlink()
    (led / "templates" / "report" / "report.md.j2").symlink_to(secret)
    result = template_error(cli)
    assert result.startswith("error: templates/report/report.md.j2: template error: "
                             "'report.md.j2' is a link to a file outside the CoP folder")
    assert "SECRET" not in result


def test_a_template_may_include_its_own_folder_s_templates(cli: Cli, led: Path) -> None:
    own_template(led, "# {{ cop.name|md }}\n{% include 'part.j2' %}")
    (led / "templates" / "report" / "part.j2").write_text(
        "{% for i in range(3)|reverse %}{{ i }}{% endfor %} {{ range(5)|length }} "
        "{{ 'ab' * 2 }} {{ 2 ** 10 }} [{{ 'ab'|center(6) }}] {{ 'a b c'|wordwrap(3) }} "
        "{{ 20000000|round|int }} {{ '%d'|format(20000000) }}\n", encoding="utf-8")
    result = cli("report", "--cop", "led-units", "--period", "2026")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("# Municipal LED Units Community of Practice (Peru and Bolivia)\n"
                             "210 5 abab 1024 [  ab  ] a b\nc 20000000 20000000\n")


def test_a_missing_include_is_located(cli: Cli, led: Path) -> None:
    own_template(led, "# {{ cop.name }}\n{% include 'nope.j2' %}\n")
    assert template_error(cli) == located(2, (
        "there is no template 'nope.j2' in the CoP's templates/report/ folder or copkit's "
        "own"))


@pytest.mark.parametrize(("text", "line", "message"), [
    ("# {{ cop.name }}\n\n{% for x in %}\n", 3,
     "Expected an expression, got 'end of statement block'"),
    ("# {{ cop.name }}\n{{ cop.nmae }}\n", 2, "'dict object' has no attribute 'nmae'"),
    ("# {{ cop.name }}\n{{ no_such_thing }}\n", 2, "'no_such_thing' is undefined"),
    ("# {{ cop.name }}\n{{ 1 / 0 }}\n", 2, "division by zero"),
    ("# {{ cop.name }}\n{% include 'report.md.j2' %}\n", 2,
     "templates or macros include or call one another without end (too deeply nested)"),
    ("{% macro m() %}{{ m() }}{% endmacro %}\n\n{{ m() }}\n", 1,
     "templates or macros include or call one another without end (too deeply nested)"),
], ids=["syntax", "attribute", "undefined", "zero", "self-include", "recursive-macro"])
def test_a_template_error_is_located_at_its_line(cli: Cli, led: Path, text: str, line: int,
                                                 message: str) -> None:
    own_template(led, text)
    assert template_error(cli) == located(line, message)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("A\n{% for i in range(10**9) %}{% endfor %}\n", 2,
     "range() would count 1,000,000,000 items here; a template's range() counts up to "
     "100,000"),
    ("A\n{{ range(10**30)|length }}\n", 2,
     "range() would count more than 100,000 items here; a template's range() counts up to "
     "100,000"),
    ("A\n{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n"
     "{% endfor %}\n", 3,
     "the loops of the template have counted 10,000,000 items in all, too many to finish "
     "(a range() inside another?)"),
    ("A\n{% for i in range(60) %}\n{% for j in range(1000) %}{{ 'x' * 1000 }}{% endfor %}\n"
     "{% endfor %}\n", 3,
     "the template has written 50 MB, too much to finish (a loop that does not end?)"),
    ("A\n{{ 'x' * 10**9 }}\n", 2,
     "'*' would make a text of 1,000,000,000 characters here; a template makes them up to "
     "1,000,000"),
    ("A\n{{ [0] * 10**7 }}\n", 2,
     "'*' would make a list of 10,000,000 items here; a template makes them up to 1,000,000"),
    ("A\n{{ 10 ** 100000000 }}\n", 2,
     "'**' would make a number of more than 1,000,000 digits here, too large to compute"),
    ("A\n{{ 'x'|center(10**9) }}\n", 2,
     "the filter center was given 1,000,000,000 here; a template gives a filter numbers up "
     "to 1,000,000"),
    ("A\n{{ [1, 2]|slice(10**9)|list }}\n", 2,
     "the filter slice was given 1,000,000,000 here; a template gives a filter numbers up to "
     "1,000,000"),
    ("A\n{{ lipsum(10**6) }}\n", 2, "'lipsum' is undefined"),
], ids=["range", "huge-range", "nested-ranges", "output", "text", "list", "power", "center",
        "slice", "lipsum"])
def test_a_runaway_template_is_stopped_at_its_line(cli: Cli, led: Path, text: str, line: int,
                                                   message: str) -> None:
    own_template(led, text)
    assert template_error(cli) == located(line, message)


def test_a_template_running_too_long_is_stopped(cli: Cli, led: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops within the range budget that still run long: stopped at MAX_SECONDS (made short
    here; 30 s for real)."""
    monkeypatch.setattr(render, "MAX_SECONDS", 0.3)
    own_template(led, "A\n{% for i in range(100000) %}{% for j in range(99) %}"
                      "{% if cop.name == j %}{% endif %}{% endfor %}{% endfor %}\n")
    assert template_error(cli) == located(2, (
        "the template has run for 0.3 seconds, too long to finish (a loop that does not "
        "end?)"))


def test_a_newsletter_template_is_bounded_alike(cli: Cli, led: Path) -> None:
    own_template(led, "# {{ cop.name }}\n{% include '/etc/passwd' %}\n", kind="newsletter")
    assert template_error(cli, "newsletter") == located(2, (
        "'/etc/passwd' is outside the template folders: templates may only include templates "
        "in the CoP's templates/ folder or copkit's own"), kind="newsletter")


def test_the_bounds_are_jinja_s_own_and_above() -> None:
    from jinja2.sandbox import MAX_RANGE

    assert render.MAX_RANGE == MAX_RANGE == 100_000
    assert render.MAX_OUTPUT == 50_000_000


# ---------------------------------------------------------------- 3. dates with no such day
def bad_meeting(cop: Path, text: str, name: str = "2026-02-30-x.yaml") -> Path:
    path = cop / "meetings" / name
    path.write_text(text, encoding="utf-8")
    git(cop, "add", "-A")
    git(cop, "commit", "-q", "-m", f"add {name}")
    return path


FEB_30 = "date: 2026-02-30\ntitle: A day that is not\nformat: virtual\nattendees: [maria-lopez]\n"


@pytest.mark.parametrize("command", [
    ["meeting", "attend", "2026-02-30-x", "jose-garcia"],
    ["import", "attendance", "ROSTER", "--meeting", "2026-02-30-x", "--add-unknown", "guests",
     "--yes"],
], ids=["meeting attend", "import attendance"])
def test_a_meeting_dated_on_no_such_day_is_refused_as_check_refuses_it(
        cli: Cli, cop: Path, tmp_path: Path, command: list[str]) -> None:
    bad_meeting(cop, FEB_30)
    finding = check_finding(cli, "bad-date")
    assert finding == (
        "meetings/2026-02-30-x.yaml:1:7: error[bad-date] date: '2026-02-30' is not a real date "
        "(no such day in that month)\n"
        "  hint: dates are written YYYY-MM-DD, like 2026-05-10\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("Full name,Email\nJosé García,jose@example.org\n", encoding="utf-8")
    before, count = files(cop), commits(cop)
    result = cli(*[str(roster) if a == "ROSTER" else a for a in command], "--cop", ".")
    assert user_error(result).endswith(finding)
    assert files(cop) == before and commits(cop) == count


def test_an_action_due_on_no_such_day_is_refused_as_check_refuses_it(cli: Cli,
                                                                      cop: Path) -> None:
    text = (cop / MEETING).read_text(encoding="utf-8") + (
        "actions:\n  - action: Write the guide\n    owner: juan-perez\n    due: 2026-06-31\n")
    (cop / MEETING).write_text(text, encoding="utf-8")
    git(cop, "commit", "-qam", "an action")
    finding = check_finding(cli, "bad-date")
    assert finding.startswith(f"{MEETING}:15:10: error[bad-date] actions[0].due: "
                              "'2026-06-31' is not a real date")
    before = files(cop)
    result = cli("meeting", "attend", "2026-05-10-unit-models", "jose-garcia", "--cop", ".")
    assert user_error(result) == finding
    assert files(cop) == before


def test_a_member_joined_on_no_such_day_is_refused_as_check_refuses_it(cli: Cli,
                                                                        cop: Path) -> None:
    members = (cop / "members.yaml").read_text(encoding="utf-8")
    (cop / "members.yaml").write_text(members.replace("joined: 2026-03-01",
                                                      "joined: 2026-02-29"), encoding="utf-8")
    git(cop, "commit", "-qam", "a leap day that is not")
    finding = check_finding(cli, "bad-date")
    before, count = files(cop), commits(cop)
    result = cli("member", "forget", "ana-ruiz-2", "--yes", "--cop", ".")
    assert user_error(result) == finding
    assert files(cop) == before and commits(cop) == count


def test_newsletter_record_refuses_a_charter_date_before_writing(cli: Cli, cop: Path) -> None:
    charter = (cop / "charter.yaml").read_text(encoding="utf-8")
    (cop / "charter.yaml").write_text(charter + "started: 2025-04-31\n", encoding="utf-8")
    git(cop, "commit", "-qam", "started on no such day")
    finding = check_finding(cli, "bad-date")
    before, count = files(cop), commits(cop)
    result = cli("newsletter", "--period", "2026-Q2", "--record", "--out", "news.md",
                 "--cop", ".")
    assert user_error(result) == finding
    assert files(cop) == before and commits(cop) == count


def test_text_that_looks_like_no_such_day_is_named_where_it_is(cli: Cli, cop: Path) -> None:
    """Not a date field (check has nothing to say about it: its verdict on the CoP is the
    one it gave without the meeting, whatever else it finds), but the round-trip writer reads
    it as a date all the same."""
    verdict = cli("check", "--cop", ".").exit_code
    bad_meeting(cop, "date: 2026-06-01\ntitle: 2026-02-30\nattendees: [maria-lopez]\n",
                "2026-06-01-odd.yaml")
    checked = cli("check", "--cop", ".")
    assert checked.exit_code == verdict
    assert "2026-06-01-odd" not in checked.stdout + checked.stderr
    before = files(cop)
    result = cli("meeting", "attend", "2026-06-01-odd", "jose-garcia", "--cop", ".")
    assert user_error(result) == (
        "error: meetings/2026-06-01-odd.yaml:2:8: title: '2026-02-30' is not a real date (no "
        "such day in that month)\n"
        "  hint: correct the date, or write the value in quotes ('2026-02-30') if it is text "
        "and not a date\n")
    assert files(cop) == before

