"""The privacy canary (issue #18): a CoP whose non-consenting member, guest, members-only
practice and meeting link are unique strings (tests/site_cop.py) goes through every output
for every audience that is not the members'; none of the strings may appear in any file
built. One table for all outputs: report (md, html, json), newsletter (md, html), site,
calendar (meetings, actions). For the members, contact details never appear unasked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .site_cop import CANARIES, CANARY_EMAIL, CANARY_PHONE, write_cop

Cli = Callable[..., Result]

# output -> the command's arguments after --cop, given the folder to write into
OUTPUTS: dict[str, Callable[[Path], list[str]]] = {
    "report-md": lambda d: ["report", "--period", "2026", "--out", str(d / "r.md")],
    "report-html": lambda d: ["report", "--period", "2026", "-f", "html",
                              "--out", str(d / "r.html")],
    "report-json": lambda d: ["report", "--period", "2026", "-f", "json",
                              "--out", str(d / "r.json")],
    "newsletter-md": lambda d: ["newsletter", "--period", "2026", "--out", str(d / "n.md")],
    "newsletter-html": lambda d: ["newsletter", "--period", "2026", "-f", "html",
                                  "--out", str(d / "n.html")],
    "site": lambda d: ["site", "--out", str(d / "site")],
    "calendar": lambda d: ["calendar", "--out", str(d / "c.ics")],
    "calendar-actions": lambda d: ["calendar", "--actions", "--out", str(d / "a.ics")],
}
# what must never appear, per audience: everything for the public and a sponsor (site: the
# public only); the contact details for the members (not asked for)
CASES = [(out, audience, CANARIES) for out in OUTPUTS for audience in ("public", "sponsor")
         if not (out == "site" and audience == "sponsor")] + \
        [(out, "members", (CANARY_EMAIL, CANARY_PHONE)) for out in OUTPUTS]


@pytest.fixture(scope="module")
def cop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_cop(tmp_path_factory.mktemp("canary") / "cop")


@pytest.mark.parametrize(("output", "audience", "forbidden"), CASES,
                         ids=[f"{o}-{a}" for o, a, _ in CASES])
def test_no_canary_in_any_file(cli: Cli, cop: Path, tmp_path: Path, monkeypatch:
                               pytest.MonkeyPatch, output: str, audience: str,
                               forbidden: tuple[str, ...]) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")
    result = cli(*OUTPUTS[output](tmp_path), "--audience", audience, "--cop", str(cop))
    assert result.exit_code == 0, result.output
    built = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert built, "the command wrote nothing"
    for path in built:
        text = path.read_bytes().decode("utf-8", errors="replace")
        # the calendar folds long lines (RFC 5545): unfold before searching
        text = text.replace("\r\n ", "").replace("\n ", "")
        for canary in forbidden:
            assert canary not in text, f"{canary!r} in {path.relative_to(tmp_path)}"


def test_members_see_what_they_may(cli: Cli, cop: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The canary's rules are not vacuous: the members' site names the member, lists who
    attended and the members-only practice; the contacts only with --include-contacts."""
    from .site_cop import CANARY_NAME, CANARY_PRACTICE

    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")
    out = tmp_path / "site"
    result = cli("site", "--audience", "members", "--include-contacts", "--out", str(out),
                 "--cop", str(cop))
    assert result.exit_code == 0, result.output
    meeting = (out / "meetings/2026-05-15-budgets-in-the-open.html").read_text()
    assert CANARY_NAME in meeting
    assert (out / "practices/members-trick.html").is_file()
    assert CANARY_PRACTICE in (out / "practices/index.html").read_text()
    directory = (out / "members.html").read_text()
    assert CANARY_EMAIL in directory
    assert "ana@example.org" in directory
