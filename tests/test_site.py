"""`copkit site`: every shipped example builds; links resolve; pages are small and local;
record text is escaped; only changed pages are written again; bad input is refused with a
pointed message."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import EXAMPLE_NAMES, EXAMPLES
from .site_cop import write_cop

Cli = Callable[..., Result]
HREF = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


def build(cli: Cli, cop: Path, out: Path, *args: str) -> Result:
    result = cli("site", "--cop", str(cop), "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return result


def internal_links(site: Path) -> list[tuple[Path, str]]:
    """Every (page, address) of a link or resource that is not on the web."""
    out = []
    for page in site.rglob("*.html"):
        for url in HREF.findall(page.read_text(encoding="utf-8")):
            if not url.startswith(("https://", "http://", "mailto:", "#")):
                out.append((page, url))
    return out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_builds_small_local_pages(cli: Cli, tmp_path: Path, name: str) -> None:
    site = tmp_path / "site"
    build(cli, EXAMPLES / name, site)
    pages = list(site.rglob("*.html"))
    assert (site / "index.html").is_file() and (site / "calendar.ics").is_file()
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert len(html.encode()) < 100_000, page
        # nothing loaded from elsewhere: stylesheets and scripts are the site's own
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html)
    broken = [(p.relative_to(site), u) for p, u in internal_links(site)
              if not (p.parent / u.split("#")[0].split("?")[0]).resolve().is_file()]
    assert broken == []


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    return write_cop(tmp_path / "cop")


def test_public_site_leaves_out_what_is_not_public(cli: Cli, cop: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(cli, cop, site)
    assert not (site / "members.html").exists()
    assert not (site / "practices/members-trick.html").exists()
    meeting = (site / "meetings/2026-05-15-budgets-in-the-open.html").read_text()
    assert "Who took part" not in meeting and "Notes by the note-taker" not in meeting
    assert "2 members" in meeting  # the attendance count is there
    assert "Ana Ñúñez" in meeting  # the owner of an action who agreed to be named
    practice = (site / "practices/open-budget.html").read_text()
    assert "Ana Ñúñez, 1 other member<" in practice  # a plural that agrees with 1
    assert "adopted by Municipio de Cusco" in practice


def test_members_directory_only_who_agreed(cli: Cli, tmp_path: Path) -> None:
    members = """\
members:
  - {id: ana, name: Ana Listed, email: ana@example.org, consent: {directory: true}}
  - {id: bo, name: Bo Unlisted, email: bo@example.org, consent: {directory: false}}
"""
    cop = write_cop(tmp_path / "cop", **{"members.yaml": members})
    site = tmp_path / "site"
    build(cli, cop, site, "--audience", "members")
    directory = (site / "members.html").read_text()
    assert "Ana Listed" in directory and "Bo Unlisted" not in directory
    assert "ana@example.org" not in directory  # no contacts unless asked
    build(cli, cop, site, "--audience", "members", "--include-contacts")
    assert "ana@example.org" in (site / "members.html").read_text()


def test_script_in_a_title_is_escaped(cli: Cli, tmp_path: Path) -> None:
    practice = """\
title: <script>alert(1)</script> & <img src=x onerror=alert(2)>
summary: "</script><script>alert(3)</script>"
added: 2026-05-01
visibility: public
"""
    cop = write_cop(tmp_path / "cop", **{"practices/open-budget.yaml": practice})
    site = tmp_path / "site"
    build(cli, cop, site)
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "<img src=x" not in html, page
    assert "&lt;script&gt;alert(1)" in (site / "practices/open-budget.html").read_text()
    index = (site / "assets/search-index.js").read_text()
    assert "</script>" not in index and "<\\/script>" in index


def test_rebuild_writes_only_what_changed(cli: Cli, cop: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(cli, cop, site)
    again = build(cli, cop, site)
    assert "0 file(s) written" in again.output
    meeting = site / "meetings/2026-12-15-year-end-review.html"
    stamp = meeting.stat().st_mtime_ns
    path = cop / "practices/open-budget.yaml"
    path.write_text(path.read_text().replace("Open budget sheet", "Open budget book"))
    changed = build(cli, cop, site)
    written = set(re.findall(r"(\d+) file\(s\) written", changed.output))
    assert written and int(written.pop()) < 15
    assert "Open budget book" in (site / "practices/open-budget.html").read_text()
    assert meeting.stat().st_mtime_ns == stamp  # a page that did not change is not rewritten
    path.unlink()
    build(cli, cop, site)
    assert not (site / "practices/open-budget.html").exists()  # a page gone is removed
    manifest = json.loads((site / ".copkit-site.json").read_text())
    assert "practices/open-budget.html" not in manifest["files"]


def test_file_outside_the_cop_is_refused(cli: Cli, tmp_path: Path) -> None:
    practice = """\
title: A leaky practice
added: 2026-05-01
visibility: public
files:
  - ../secret.txt
"""
    (tmp_path / "secret.txt").write_text("secret")
    cop = write_cop(tmp_path / "cop", **{"practices/open-budget.yaml": practice})
    result = cli("site", "--cop", str(cop), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert re.search(r"practices/open-budget\.yaml:5:\d+", result.output), result.output
    assert "bad-path" in result.output
    assert not list((tmp_path / "site").rglob("secret*"))


def test_attached_file_is_copied_and_linked(cli: Cli, tmp_path: Path) -> None:
    practice = """\
title: A guide
added: 2026-05-01
visibility: public
files: [files/guide.pdf]
"""
    cop = write_cop(tmp_path / "cop", **{"practices/open-budget.yaml": practice})
    (cop / "files").mkdir()
    (cop / "files/guide.pdf").write_bytes(b"%PDF-1.4 guide")
    site = tmp_path / "site"
    build(cli, cop, site)
    assert (site / "files/open-budget/guide.pdf").read_bytes() == b"%PDF-1.4 guide"
    assert 'href="../files/open-budget/guide.pdf"' in \
        (site / "practices/open-budget.html").read_text()


@pytest.mark.parametrize("out", [".", "practices", "meetings/x", "templates/site"])
def test_out_inside_the_records_is_refused(cli: Cli, cop: Path, out: str) -> None:
    result = cli("site", "--cop", str(cop), "--out", str(cop / out))
    assert result.exit_code == 2, result.output
    assert "record folders" in result.output


def test_out_holding_other_files_needs_force(cli: Cli, cop: Path, tmp_path: Path) -> None:
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    result = cli("site", "--cop", str(cop), "--out", str(other))
    assert result.exit_code == 2 and "--force" in result.output
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    build(cli, cop, other, "--force")
    assert (other / "notes.txt").read_text() == "mine" and (other / "index.html").is_file()


def test_cop_template_overrides(cli: Cli, cop: Path, tmp_path: Path) -> None:
    (cop / "templates/site").mkdir(parents=True)
    (cop / "templates/site/home.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block title %}Home{% endblock %}'
        '{% block main %}<h1>Our own home: {{ cop.name }}</h1>{% endblock %}')
    site = tmp_path / "site"
    build(cli, cop, site)
    assert "<h1>Our own home: Site Test CoP</h1>" in (site / "index.html").read_text()


def test_language(cli: Cli, cop: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(cli, cop, site, "--lang", "fr")
    assert '<html lang="fr">' in (site / "index.html").read_text()
    result = cli("site", "--cop", str(cop), "--out", str(site), "--lang", "xx")
    assert result.exit_code == 2
