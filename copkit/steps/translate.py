"""A planning template in the language asked for (docs/i18n.md).

The texts a template shows people — its title, the framing's title, guidance, labels and
prompts, each step's title, guidance, questions and prompts — are msgids of copkit's gettext
catalog: :func:`extract` is the Babel extractor babel.cfg names for ``templates/plans/*.yaml``,
and :func:`translated` gives a template with those texts in a language. A text the catalog
lacks (a CoP's own template) is shown as written. What a template is not translated in: its
rules, the records it fills, the `plan set` examples (`how`), the step's short name (it names
the step in commit messages) and the examples of a field's answers (they are values written
into the charter)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import IO, Any

from copkit.steps.model import Ask, Step, Template

# the keys of a template file whose text is for people, where they are
TOP_KEYS = ("title",)
FRAMING_KEYS = ("title", "guidance")
FIELD_KEYS = ("label", "prompt")
STEP_KEYS = ("title", "guidance")


def _texts(data: Any) -> Iterator[tuple[Any, Any]]:
    """(mapping, key) of every translatable text of a template file's data (a list of texts
    as (list, index))."""
    if not isinstance(data, dict):
        return
    yield from ((data, k) for k in TOP_KEYS)
    framing = data.get("framing")
    if isinstance(framing, dict):
        yield from ((framing, k) for k in FRAMING_KEYS)
        yield from _asks(framing.get("fields"))
    for step in data.get("steps") or []:
        if not isinstance(step, dict):
            continue
        yield from ((step, k) for k in STEP_KEYS)
        questions = step.get("questions")
        if isinstance(questions, list):
            yield from ((questions, i) for i in range(len(questions)))
        yield from _asks(step.get("asks"))


def _asks(asks: Any) -> Iterator[tuple[Any, Any]]:
    for ask in asks if isinstance(asks, list) else []:
        if isinstance(ask, dict):
            yield from ((ask, k) for k in FIELD_KEYS)


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extraction method for planning templates (babel.cfg): each text with its line."""
    from ruamel.yaml import YAML

    data = YAML(typ="rt").load(fileobj.read().decode("utf-8"))
    for holder, key in _texts(data):
        value = holder[key] if _has(holder, key) else None
        if isinstance(value, str) and value.strip():
            yield _line(holder, key), "gettext", value, []


def _has(holder: Any, key: Any) -> bool:
    return key in holder if isinstance(holder, dict) else 0 <= key < len(holder)


def _line(holder: Any, key: Any) -> int:
    lc = getattr(holder, "lc", None)
    if lc is None:
        return 0
    try:
        return int((lc.key(key) if isinstance(holder, dict) else lc.item(key))[0]) + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0


CHARTER = "charter"  # as `lang`: the language of the CoP's charter (`language`), else English


def for_cop(template: Template, cop: Any, lang: object) -> tuple[Template, Any]:
    """``template`` in ``lang`` (:data:`CHARTER`: the charter's ``language``), and that
    language (a ``copkit.i18n.Language``; one copkit has no catalog for is English, its
    ``warning`` saying so)."""
    from copkit.i18n import language_of, resolve

    if lang != CHARTER:
        language = language_of(lang)  # type: ignore[arg-type]
    else:
        charter = getattr(cop, "charter", None)
        language = resolve(getattr(charter, "language", None), strict=False)
    return translated(template, language), language


def translated(template: Template, lang: object) -> Template:
    """``template`` with its texts for people in ``lang`` (a Language, a code, None: as is)."""
    if lang is None:
        return template
    from copkit.i18n import language_of, translations

    language = language_of(lang)  # type: ignore[arg-type]
    if language.code == "en":
        return template
    gettext = translations(language).gettext

    def tr(text: str) -> str:
        return gettext(text) if text else text

    return dataclasses.replace(
        template, title=tr(template.title), framing_title=tr(template.framing_title),
        framing_guidance=tr(template.framing_guidance),
        framing=[_ask(a, tr) for a in template.framing],
        steps=[_step(s, tr) for s in template.steps])


def _ask(ask: Ask, tr: Callable[[str], str]) -> Ask:
    return dataclasses.replace(ask, prompt=tr(ask.prompt) if ask.prompt else ask.prompt,
                               label=tr(ask.label) if ask.label else ask.label)


def _step(step: Step, tr: Callable[[str], str]) -> Step:
    return dataclasses.replace(step, title=tr(step.title), guidance=tr(step.guidance),
                               questions=[tr(q) for q in step.questions],
                               asks=[_ask(a, tr) for a in step.asks])
