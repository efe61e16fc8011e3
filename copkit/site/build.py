"""Building the site: the pages of every kind (`PAGE_KINDS`), the assets, the search index, the
calendar, the practices' attached files; only what changed is rendered and written
(`copkit.site.write`)."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from copkit.site import (
    agenda,
    health,
    home,
    meetings,
    members,
    newsletters,
    practices,
    search,
    stories,
)
from copkit.site.context import Page, Site
from copkit.site.write import check_out, digest, finish, unchanged, write_file

if TYPE_CHECKING:
    from copkit.i18n import Language
    from copkit.model.load import Cop

# every kind of page, in the order of the navigation
PAGE_KINDS: tuple[ModuleType, ...] = (home, agenda, meetings, practices, stories, newsletters,
                                      members, health, search)
NAV = (("index.html", "home"), ("agenda.html", "agenda"), ("meetings/index.html", "meetings"),
       ("practices/index.html", "practices"), ("stories/index.html", "stories"),
       ("newsletters/index.html", "newsletters"), ("members.html", "members"),
       ("health.html", "health"), ("search.html", "search"))
ASSETS = ("site.css", "search.js")
PAGE_LIMIT = 100_000  # bytes of a page before images (issue #18): larger ones are warned of

Progress = Callable[[int, int], None]


@dataclass
class Built:
    """What a build did."""
    out: Path
    pages: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)


def build_site(root: Path, cop: Cop, out: Path, *, audience: str = "public",
               language: Language | None = None, include_contacts: bool = False,
               force: bool = False, today: _dt.date | None = None,
               history: Any = None, progress: Progress | None = None) -> Built:
    """Build (or bring up to date) the site of the CoP at `root` in `out`."""
    from copkit import i18n
    from copkit.output import audience as aud
    from copkit.output import render

    aud.check(audience)
    language = language or i18n.ENGLISH
    today = today or _dt.date.today()
    previous = check_out(out, root, force)
    out.mkdir(parents=True, exist_ok=True)
    site = Site(cop, audience, today, language.tag, include_contacts, history,
                language=language)
    built = Built(out)
    files: dict[str, str] = {}
    _attachments(root, site, out, previous, files, built)
    site.report = _report(cop, audience, today, history, language)
    pages = [p for kind in PAGE_KINDS for p in kind.pages(site)]
    built.pages = len(pages)
    env = render.environment(root, "site", language)
    fingerprint = _fingerprint(root, language.tag)
    common = _common(site, {p.path for p in pages})
    for n, page in enumerate(pages, 1):
        _page(root, env, page, common, fingerprint, out, previous, files, built)
        if progress:
            progress(n, len(pages))
    _assets(root, site, out, previous, files, built)
    built.removed = finish(out, previous, files)
    return built


def _page(root: Path, env: Any, page: Page, common: dict[str, Any], fingerprint: str, out: Path,
          previous: dict[str, Any], files: dict[str, str], built: Built) -> None:
    from copkit.output.render import render_page
    from copkit.text import printable_tree

    depth = page.path.count("/")
    context = printable_tree({**common, **page.context, "root": "../" * depth,
                              "path": page.path})
    source = digest(fingerprint, page.template,
                    json.dumps(context, sort_keys=True, ensure_ascii=False, default=str))
    files[page.path] = source
    if unchanged(out, previous, page.path, source):
        built.unchanged += 1
        return
    html = render_page(env, root, "site", page.template, context).encode("utf-8")
    if len(html) > PAGE_LIMIT:
        built.warnings.append(f"{page.path} is {len(html) // 1000} KB, more than the "
                              f"{PAGE_LIMIT // 1000} KB a page should weigh on a slow phone")
    write_file(out, page.path, html)
    built.written.append(page.path)


def _common(site: Site, paths: set[str]) -> dict[str, Any]:
    charter = site.cop.charter
    return {"cop": {"name": site.cop.name,
                    "domain": (charter.domain.statement or "") if charter else ""},
            "lang": site.lang, "audience": site.audience, "today": site.today.isoformat(),
            "nav": [{"url": url, "key": key} for url, key in NAV if url in paths]}


def _fingerprint(root: Path, lang: str) -> str:
    """What every page is also made from: copkit's version, the language and the template
    files (the CoP's own and copkit's)."""
    from copkit import __version__
    from copkit.output.render import search_path

    parts: list[str | bytes] = [__version__, lang]
    for folder in search_path(root, "site"):
        for f in sorted(folder.glob("*.j2")):
            parts += [f.name, f.read_bytes()]
    return digest(*parts)


def _report(cop: Cop, audience: str, today: _dt.date, history: Any,
            language: Language) -> dict[str, Any] | None:
    """The report's data for the last 12 months (the health page's figures and scorecard),
    its texts in the site's language as `copkit report --lang` writes them."""
    from copkit.output.report import build_report
    from copkit.periods import last_12_months

    return build_report(cop, last_12_months(today), "all", audience, False, today,
                        history=history, lang=language)


def _asset(root: Path, name: str) -> bytes:
    from copkit.output.render import search_path

    for folder in search_path(root, "site"):
        path = folder / "assets" / name
        if path.is_file():
            return path.read_bytes()
    raise FileNotFoundError(name)  # pragma: no cover - shipped with copkit


def _assets(root: Path, site: Site, out: Path, previous: dict[str, Any],
            files: dict[str, str], built: Built) -> None:
    made = {f"assets/{name}": _asset(root, name) for name in ASSETS}
    made["assets/search-index.js"] = search.index_script(search.entries(site)).encode("utf-8")
    for path, data in made.items():
        _copy(out, path, data, previous, files, built)
    _calendar(site, out, previous, files, built)


def _calendar(site: Site, out: Path, previous: dict[str, Any], files: dict[str, str],
              built: Built) -> None:
    """calendar.ics, made again only when its events changed (icalendar takes a while for
    hundreds of meetings)."""
    import dataclasses

    from copkit.output.calendar import build_calendar

    charter = site.cop.charter
    listed = [dataclasses.asdict(e) for e in site.events]
    source = digest(json.dumps([site.cop.name, charter.timezone if charter else None,
                                site.today, site.lang, listed], default=str,
                               ensure_ascii=False))
    files["calendar.ics"] = source
    if unchanged(out, previous, "calendar.ics", source):
        built.unchanged += 1
        return
    write_file(out, "calendar.ics", build_calendar(site.cop, site.audience, site.today,
                                                   lang=site.language, listed=site.events))
    built.written.append("calendar.ics")


def _copy(out: Path, path: str, data: bytes, previous: dict[str, Any], files: dict[str, str],
          built: Built) -> None:
    source = digest(data)
    files[path] = source
    if unchanged(out, previous, path, source):
        built.unchanged += 1
        return
    write_file(out, path, data)
    built.written.append(path)


def _attachments(root: Path, site: Site, out: Path, previous: dict[str, Any],
                 files: dict[str, str], built: Built) -> None:
    """Copy the files attached to the practices the audience sees into `files/<practice>/`;
    a path leading outside the CoP is refused as `copkit check` refuses it."""
    from copkit.checks.content import unsafe_path
    from copkit.yaml.read import FileRefused

    for p in site.practices:
        for i, f in enumerate(p.files):
            problem = unsafe_path(f, root)
            if problem:
                raise FileRefused(site.cop.finding(
                    "bad-path", f"files[{i}]: {problem}", f"practices/{p.id}.yaml",
                    ["files", i], "attachments live in the CoP's files/ folder: write a path "
                    "like files/guide.pdf"))
            source = root / f
            if not source.is_file():
                built.warnings.append(f"practices/{p.id}.yaml: the attached file {f} does not "
                                      "exist; the page does not link it")
                continue
            path = f"files/{p.id}/{source.name}"
            _copy(out, path, source.read_bytes(), previous, files, built)
            site.files[f] = path
