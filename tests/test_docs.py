"""The pages under docs/ against the code, so that they cannot drift from it.

- docs/format.md has a row for every field of every file kind (the pydantic models of
  copkit.schemas) and none for a field that does not exist; each row says whether the field is
  required, lists its allowed values and names its default; its examples, put together in a
  folder, pass `copkit check`.
- docs/indicators.md has a section for every indicator copkit.metrics computes and every line
  of the health scorecard (copkit.health).
- docs/planning.md names every word of the rule language (copkit.planning), every flag of
  `copkit plan set`, every step of the shipped templates, and its example rules compile.
- Links between the pages (and from the README) lead to files and headings that exist, and no
  page points outside the repository.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from copkit.checks.run import check_cop
from copkit.model import schemas
from copkit.model.load import Cop
from copkit.periods import year
from copkit.planning import setflags as wizard
from copkit.steps import model as planning
from copkit.steps.templatefile import models as template_models
from copkit.steps.templates import read_template
from copkit.yaml.read import parse

from .conftest import ROOT

DOCS = ROOT / "docs"
PAGES = ("README.md", "format.md", "indicators.md", "planning.md", "report-json.md", "export.md")


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- the models' fields
class FieldDoc(typing.NamedTuple):
    required: bool
    choices: tuple[str, ...]
    default: str | None  # a scalar default, as written in YAML


def _unwrap(annotation: Any) -> Any:
    """The inner type of a field: Annotated, Optional and list removed."""
    for _ in range(10):
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated or origin is list:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation
    return annotation


def _yaml_scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def model_fields(model: type[BaseModel], prefix: str = "") -> dict[str, FieldDoc]:
    """Every field of ``model`` as the docs name it: ``domain.statement``, ``goals[].id``."""
    out: dict[str, FieldDoc] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        inner = _unwrap(info.annotation)
        choices = tuple(str(c) for c in typing.get_args(inner)) \
            if typing.get_origin(inner) is typing.Literal else ()
        default = None if info.is_required() else _yaml_scalar(info.get_default())
        out[path] = FieldDoc(info.is_required(), choices, default)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            is_list = "list" in str(info.annotation)
            out.update(model_fields(inner, path + ("[]." if is_list else ".")))
    return out


# ---------------------------------------------------------------- format.md
def sections(text: str, level: str = "## ") -> list[tuple[str, str]]:
    """(heading, body) of every heading of ``level``."""
    out: list[tuple[str, str]] = []
    for part in re.split(rf"^(?={re.escape(level)})", text, flags=re.M):
        if part.startswith(level):
            heading, _, body = part.partition("\n")
            out.append((heading[len(level):], body))
    return out


def file_section(where: str) -> str:
    for heading, body in sections(read("format.md")):
        if where in heading:
            return body
    raise AssertionError(f"docs/format.md has no section whose heading names {where}")


def field_rows(body: str) -> dict[str, list[str]]:
    """The rows of the field tables of a section: field path -> its cells."""
    rows: dict[str, list[str]] = {}
    for line in body.splitlines():
        m = re.match(r"^\| `([^`]+)` \|", line)
        if m:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            assert m.group(1) not in rows, f"{m.group(1)} has two rows"
            rows[m.group(1)] = cells
    return rows


@pytest.mark.parametrize("kind", list(schemas.FILE_KINDS))
def test_format_lists_every_field(kind: str) -> None:
    model, where = schemas.FILE_KINDS[kind]
    fields = model_fields(model)
    rows = field_rows(file_section(where))
    missing = sorted(set(fields) - set(rows))
    unknown = sorted(set(rows) - set(fields))
    assert not missing, f"docs/format.md, section {where}: no row for {missing}"
    assert not unknown, f"docs/format.md, section {where}: rows for fields that do not " \
        f"exist: {unknown}"
    for path, doc in fields.items():
        cells = rows[path]
        assert len(cells) == 4, f"{where} {path}: expected 4 cells, found {cells}"
        required = cells[1].strip("* ").startswith("yes")
        assert required == doc.required, \
            f"{where} {path}: the code says required={doc.required}, the doc says {cells[1]!r}"
        for choice in doc.choices:
            assert f"`{choice}`" in cells[2], f"{where} {path}: allowed value {choice} missing"
        if doc.default is not None:
            assert f"default `{doc.default}`" in cells[2], \
                f"{where} {path}: the default {doc.default} is not named"


def examples(text: str) -> dict[str, str]:
    """The YAML blocks marked ``<!-- example: PATH -->``, by path."""
    found = re.findall(r"<!-- example: (\S+) -->\n```yaml\n(.*?)```", text, flags=re.S)
    return dict(found)


def test_format_has_an_example_per_file_kind() -> None:
    paths = examples(read("format.md"))
    kinds = {schemas.kind_of_path(p) for p in paths}
    assert kinds == set(schemas.FILE_KINDS), \
        f"no example for {sorted(set(schemas.FILE_KINDS) - kinds)}"


def test_format_examples_pass_copkit_check(tmp_path: Path) -> None:
    for relpath, text in examples(read("format.md")).items():
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _, findings = check_cop(tmp_path)
    errors = [f"{f.path}:{f.line}: [{f.code}] {f.message}" for f in findings
              if f.severity == "error"]
    assert not errors, "\n".join(errors)


def test_format_states_the_reading_limits() -> None:
    from copkit.yaml import read as yamlread
    from copkit.yaml.scalars import MAX_DEPTH

    text = read("format.md")
    assert f"{yamlread.MAX_FILE_BYTES:,} bytes" in text
    rewrite = getattr(yamlread, "MAX_REWRITE_BYTES", None)  # the write commands' own limit
    if rewrite is not None:
        assert f"{rewrite:,} bytes" in text
    assert f"more than {MAX_DEPTH} levels" in text
    assert f"`{schemas.SLUG_PATTERN}`" in text


# ---------------------------------------------------------------- indicators.md
def indicator_code() -> tuple[Any, Any, tuple[str, ...] | None]:
    """(compute, the health scorecard's module, the registered ids or None), in the package
    layout of the day: copkit.indicators, or the older copkit.metrics and copkit.health."""
    try:
        from copkit import indicators
        from copkit.indicators import health
    except ImportError:
        from copkit import health, metrics

        return metrics.compute, health, None
    return indicators.compute, health, tuple(indicators.IDS)


def test_indicators_describes_every_indicator(tmp_path: Path) -> None:
    text = read("indicators.md")
    compute, _, registered = indicator_code()
    computed = compute(Cop(root=tmp_path), year(2026), dt.date(2026, 12, 1))
    assert computed.indicators
    if registered is not None:
        assert [i.id for i in computed.indicators] == list(registered)
    for ind in computed.indicators:
        assert re.search(rf"^### {ind.id} — {re.escape(ind.title)}$", text, flags=re.M), \
            f"docs/indicators.md has no section '### {ind.id} — {ind.title}'"


def test_indicators_describes_every_health_line() -> None:
    text = read("indicators.md")
    _, health, _ = indicator_code()
    for number, (short, title) in health.FACTORS.items():
        heading = f"### {number}. {title} — `health-{short}`"
        assert re.search(rf"^{re.escape(heading)}$", text, flags=re.M), \
            f"docs/indicators.md has no section '{heading}'"
    assert f"{health.RECENT_DAYS} days" in text
    assert f"{health.DUE_SOON_DAYS} days" in text


def test_indicators_states_the_default_thresholds() -> None:
    text = read("indicators.md")
    defaults = schemas.Monitoring()
    assert f"`core_attendance` ({defaults.core_attendance:.0%})" in text
    assert f"`active_attendance` ({defaults.active_attendance:.0%})" in text
    assert f"`core_practices` ({defaults.core_practices})" in text
    assert f"`active_practices` ({defaults.active_practices})" in text


# ---------------------------------------------------------------- planning.md
def test_planning_names_the_whole_rule_language() -> None:
    text = read("planning.md")
    words = (*planning.RULE_KEYS, *planning.COND_KEYS, *planning.COLLECTIONS,
             *planning.ASKERS, *planning.CYCLE_MONTHS, *planning.FIELD_HOWS)
    missing = [w for w in words if f"`{w}`" not in text]
    assert not missing, f"docs/planning.md does not name {missing}"


def test_planning_names_every_flag_of_plan_set() -> None:
    text = read("planning.md")
    missing = [f for f in wizard.FLAG_NAMES.values() if f"`{f}" not in text]
    assert not missing, f"docs/planning.md does not describe {missing}"


def test_planning_describes_the_template_file() -> None:
    text = read("planning.md")
    template_file, template_step, field_ask, framing = template_models()
    for name in template_file.model_fields:
        assert f"| `{name}` |" in text, f"template field {name}"
    for name in template_step.model_fields:
        assert f"| `steps[].{name}` |" in text, f"template step field {name}"
    for name in (*field_ask.model_fields, *framing.model_fields):
        assert f"`{name}`" in text or f"{name}:" in text, f"template field {name}"


@pytest.mark.parametrize("path", sorted((ROOT / "templates" / "plans").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_planning_describes_every_shipped_step(path: Path) -> None:
    text = read("planning.md")
    data = parse(path.read_text(encoding="utf-8"), path.name).data
    assert re.search(rf"^## `{re.escape(path.stem)}` — ", text, flags=re.M), \
        f"docs/planning.md has no section for the template {path.stem}"
    for step in data["steps"]:
        heading = rf"^### (Step|Stage) {step['step']} — {re.escape(step['title'])}$"
        assert re.search(heading, text, flags=re.M), \
            f"docs/planning.md: no heading for step {step['step']} ({step['title']})"


def test_planning_example_rules_compile() -> None:
    blocks = re.findall(r"```yaml\n((?:rule|when):.*?)```", read("planning.md"), flags=re.S)
    assert blocks
    for block in blocks:
        rule = "" if block.startswith("rule:") else "rule: {count: members}\n"
        text = "id: t\ntitle: T\nsteps:\n  - step: 1\n    title: S\n" + \
            textwrap.indent(rule + block, "    ")
        template, findings = read_template(text, "example.yaml")
        assert template is not None and not findings, \
            f"{block}\n" + "\n".join(f.message for f in findings)


# ---------------------------------------------------------------- links
def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    out: set[str] = set()
    seen: dict[str, int] = {}
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    for heading in re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.M):
        slug = _slug(heading)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


@pytest.mark.parametrize("page", [*(DOCS / p for p in PAGES), ROOT / "README.md"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_links_lead_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "shared/" not in text and "seeds/" not in text, \
        f"{page.name} points outside the repository"
    for target, anchor in re.findall(r"\]\(([^)#\s:]*)(?:#([^)\s]*))?\)", text):
        dest = (page.parent / target).resolve() if target else page
        assert dest.exists(), f"{page.name}: the link to {target} leads nowhere"
        if anchor and dest.suffix == ".md":
            assert anchor in anchors(dest.read_text(encoding="utf-8")), \
                f"{page.name}: {dest.name} has no heading #{anchor}"


def test_templates_point_at_the_docs() -> None:
    for path in (ROOT / "templates" / "plans").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "shared/" not in text and "README's" not in text, path.name
        assert "docs/planning.md" in text, f"{path.name} does not point to docs/planning.md"
