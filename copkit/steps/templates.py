"""Finding, reading and checking planning templates (shipped, or the CoP's own)."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from copkit.errors import RecordError
from copkit.model.findings import Finding, sort_findings
from copkit.steps.compiler import Compiler
from copkit.steps.model import CUSTOM_DIR, DEFAULT_TEMPLATE, Ask, Step, Template
from copkit.steps.templatefile import models
from copkit.yaml.read import parse
from copkit.yaml.scalars import YamlProblem

if typing.TYPE_CHECKING:
    from copkit.model.load import Cop


def read_template(text: str, path: str) -> tuple[Template | None, list[Finding]]:
    """Parse and check a template's text; findings carry ``path:line:col``."""
    from copkit.model.load import validate

    try:
        sm = parse(text, path)
    except YamlProblem as p:
        return None, [Finding(p.code, p.message, path, p.line, p.column, p.hint)]
    if not isinstance(sm.data, dict):
        return None, [Finding("not-a-mapping", "a planning template is a mapping with id, "
                              "title and steps", path, 1, 1)]
    template_file = models()[0]
    obj, findings = validate(template_file, sm)
    if obj is None:
        return None, findings
    comp = Compiler(sm, path)
    steps: list[Step] = []
    seen: dict[int, int] = {}
    for i, st in enumerate(obj.steps):
        loc: list[Any] = ["steps", i]
        if st.step in seen:
            comp.problem([*loc, "step"], f"step {st.step} is listed twice",
                         f"the first one is step entry {seen[st.step] + 1}", code="bad-template")
        seen.setdefault(st.step, i)
        rule = comp.rule(st.rule, [*loc, "rule"])
        when = comp.rule(st.when, [*loc, "when"]) if st.when is not None else None
        asks = [comp.ask(a, [*loc, "asks", j]) for j, a in enumerate(st.asks)]
        if rule is None:
            continue
        steps.append(Step(st.step, st.title, st.short or st.title.lower(),
                          st.guidance or "", list(st.questions), list(st.fills),
                          [a for a in asks if a is not None], st.how or "", rule, when))
    framing: list[Ask] = []
    if obj.framing:
        for j, fa in enumerate(obj.framing.fields):
            ask = comp.ask(fa, ["framing", "fields", j])
            if ask is not None:
                if ask.how != "text":
                    comp.problem(["framing", "fields", j, "field"],
                                 "framing fields are text fields (domain, community, practice)")
                else:
                    framing.append(ask)
    if not obj.steps:
        comp.problem(["steps"], "the template has no steps", code="bad-template")
    if comp.findings:
        return None, sort_findings(comp.findings)
    steps.sort(key=lambda s: s.number)
    return Template(obj.id, obj.title, obj.source or "",
                    obj.framing.title if obj.framing else "",
                    obj.framing.guidance or "" if obj.framing else "",
                    framing, steps, path), []


_CACHE: dict[tuple[str, int, int], tuple[Template | None, list[Finding]]] = {}


def load_template_file(path: Path, shown: str) -> tuple[Template | None, list[Finding]]:
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), 0, 0)
    if key in _CACHE:
        return _CACHE[key]
    from copkit.yaml.read import decode

    try:
        raw = path.read_bytes()
        text = decode(raw)
    except YamlProblem as p:
        return None, [Finding(p.code, p.message, shown, p.line, p.column, p.hint)]
    except OSError as exc:
        return None, [Finding("missing-file", f"cannot read the template: {exc.strerror}",
                              shown, 0, 0)]
    result = read_template(text, shown)
    _CACHE[key] = result
    return result


def shipped_dir() -> Path:
    from copkit.resources import templates_dir

    return templates_dir() / "plans"


def available_templates(root: Path | None = None) -> list[str]:
    names = {p.stem for p in shipped_dir().glob("*.yaml")}
    if root is not None and (Path(root) / CUSTOM_DIR).is_dir():
        names |= {p.stem for p in (Path(root) / CUSTOM_DIR).glob("*.yaml")}
    return sorted(names)


_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def template_path(root: Path | None, name: str) -> tuple[Path, str] | None:
    """Where the template ``name`` is: the CoP's own ``templates/plans/NAME.yaml`` first, then
    copkit's. Returns (file, path as shown) or None."""
    if not _NAME_RE.match(name):
        return None
    if root is not None:
        own = Path(root) / CUSTOM_DIR / f"{name}.yaml"
        if own.is_file():
            return own, f"{CUSTOM_DIR}/{name}.yaml"
    shipped = shipped_dir() / f"{name}.yaml"
    if shipped.is_file():
        return shipped, str(shipped)
    return None


def template_name(cop: Cop) -> tuple[str, list[Any] | None]:
    """The template the CoP follows, and where plan.yaml names it (None: the default)."""
    if cop.plan is not None and "template" in cop.plan.model_fields_set:
        return cop.plan.template, ["template"]
    sm = cop.sources.get("plan.yaml")
    if sm is not None and isinstance(sm.data, dict) and isinstance(sm.data.get("template"),
                                                                   str):
        return sm.data["template"], ["template"]
    return DEFAULT_TEMPLATE, None


def template_for(cop: Cop) -> tuple[Template | None, list[Finding]]:
    """The CoP's planning template, or findings saying why it cannot be used."""
    name, loc = template_name(cop)
    found = template_path(cop.root, name)
    if found is None:
        from copkit.model.load import did_you_mean

        choices = available_templates(cop.root)
        guess = did_you_mean(name, choices)
        line, col = cop.where("plan.yaml", loc) if loc else (0, 0)
        return None, [Finding(
            "unknown-template", f"there is no planning template called '{name}'",
            "plan.yaml", line, col,
            (f"did you mean '{guess}'? " if guess else "")
            + f"templates: {', '.join(choices)} (or add your own as {CUSTOM_DIR}/{name}.yaml)")]
    return load_template_file(*found)


def require_template(cop: Cop) -> Template:
    """The template, or a RecordError pointing at the first problem."""
    template, findings = template_for(cop)
    if template is None:
        first = findings[0]
        more = f" (and {len(findings) - 1} more problems; copkit check lists them)" \
            if len(findings) > 1 else ""
        raise RecordError(first.message + more, first.hint, first.location or None)
    return template
