"""The planning templates in Spanish and French (#16): their texts for people are extracted
from the YAML into the catalog, shown in the language asked for by the walk, `plan status` and
`review`, the charter's `language` by default; rules, records filled, `plan set` examples
and short names are never translated, and a CoP's own text the catalog lacks stays as
written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.planning.walk import Wizard
from copkit.steps.model import Step, Template
from copkit.steps.templates import load_template_file, shipped_dir
from copkit.steps.translate import extract, translated

from .test_wizard import Script

Cli = Callable[..., Result]
FCM = shipped_dir() / "fcm-nine-steps.yaml"
LGA = shipped_dir() / "lga-stages.yaml"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")


def _texts(path: Path) -> list[tuple[int, str]]:
    with path.open("rb") as fp:
        return [(line, text) for line, _, text, _ in extract(fp, None, None, None)]


def _template(path: Path) -> Template:
    template, findings = load_template_file(path, str(path))
    assert template is not None and findings == []
    return template


def _step(template: Template, number: int) -> Step:
    step = template.step(number)
    assert step is not None
    return step


def test_the_extractor_takes_the_texts_for_people_and_nothing_else() -> None:
    texts = _texts(FCM)
    assert texts[:2] == [(20, "Action plan in nine steps (FCM)"),
                         (28, "What the community is about")]
    words = [t for _, t in texts]
    assert "A facilitator" in words
    assert "Is the facilitator a member, or someone recruited from outside?" in words
    assert "How often will members meet?" in words  # a field's prompt
    assert "Domain (why)" in words  # a framing label
    # neither rules, nor the records filled, nor `plan set` examples, nor short names
    assert not any(t.startswith("copkit plan") or ".yaml" in t or t == "facilitator"
                   or t == "email" for t in words)
    template = _template(FCM)
    assert len(words) == 1 + 2 + 6 + sum(
        2 + len(s.questions) + sum(bool(a.prompt) + bool(a.label) for a in s.asks)
        for s in template.steps)


@pytest.mark.parametrize(("path", "lang", "number", "title", "question"), [
    (FCM, "fr", 2, "Un animateur ou une animatrice",
     "L’animation se fera-t-elle à tour de rôle\u202f? Si oui, comment saura-t-on à qui "
     "c’est le tour\u202f?"),
    (FCM, "es", 6, "Agenda de aprendizaje", "¿Qué temas y desafíos comparten los miembros?"),
    (LGA, "es", 2, "Gobernanza", "¿Cuáles son los hitos y plazos clave?"),
    (LGA, "fr", 8, "Clôture", "Qu’a accompli la communauté, et comment le célébrera-t-on\u202f?"),
])
def test_a_template_in_a_language(path: Path, lang: str, number: int, title: str,
                                  question: str) -> None:
    english = _template(path)
    template = translated(english, lang)
    step, before = _step(template, number), _step(english, number)
    assert step.title == title
    assert question in step.questions
    assert len(step.questions) == len(before.questions)
    # what is not text for people is the same object or the same words
    assert step.rule is before.rule and step.when is before.when
    assert (step.short, step.how, step.fills) == (before.short, before.how, before.fills)
    assert [a.field for a in step.asks] == [a.field for a in before.asks]
    assert [a.examples for a in step.asks] == [a.examples for a in before.asks]
    # every text of the template has a translation: none is left as in English
    for mine, theirs in zip(template.steps, english.steps, strict=True):
        assert mine.title != theirs.title or mine.title in ("Roles",)
        assert all(q != e for q, e in zip(mine.questions, theirs.questions, strict=True))
        assert mine.guidance != theirs.guidance


def test_english_is_the_template_itself() -> None:
    template = _template(FCM)
    assert translated(template, "en") is template
    assert translated(template, None) is template


def test_a_cops_own_text_the_catalog_lacks_stays_as_written(tmp_path: Path) -> None:
    text = FCM.read_text(encoding="utf-8").replace(
        "title: A facilitator", "title: Una facilitadora de la casa")
    own = tmp_path / "own.yaml"
    own.write_text(text, encoding="utf-8")
    template = translated(_template(own), "fr")
    assert _step(template, 2).title == "Una facilitadora de la casa"
    assert _step(template, 1).title == "Les membres et comment les joindre"


def _status(cli: Cli, root: Path, *args: str) -> dict[str, object]:
    result = cli("plan", "status", "--cop", str(root), "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _titles(data: dict[str, object]) -> list[str]:
    steps = data["steps"]
    assert isinstance(steps, list)
    return [s["title"] for s in steps]


def test_plan_status_lang(cli: Cli, example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units")
    fr = _status(cli, root, "--lang", "fr-CA")
    assert fr["template_title"] == "Plan d’action en neuf étapes (FCM)"
    assert _titles(fr)[:3] == ["Les membres et comment les joindre",
                               "Un animateur ou une animatrice", "Rôles et responsabilités"]
    es = _status(cli, root, "--lang", "es")
    assert _titles(es)[8] == "Revisión periódica"
    # given before the subcommand, as --cop may be
    result = cli("plan", "--lang", "es", "--cop", str(root), "status", "--format", "json")
    assert _titles(json.loads(result.stdout))[8] == "Revisión periódica"
    # the table too (its title, and the framing's labels under it)
    table = cli("plan", "status", "--cop", str(root), "--lang", "es")
    assert table.stdout.startswith("Plan de acción en nueve pasos (FCM) — ")
    assert "Encuadre: Dominio (por qué): definido, Comunidad (quiénes): definido, Prácticas " \
        "(qué): definido\n9 de 9 pasos hechos.\n" in table.stdout
    # its heads and the steps' statuses: no English word left (#16)
    lines = table.stdout.splitlines()
    rule = next(n for n, line in enumerate(lines) if "────" in line)
    heads = " ".join(lines[rule - 2:rule]).split()  # folded over two lines at 80 columns
    assert heads == ["próxima", "paso", "título", "estado", "quién", "plazo", "acción"]
    assert table.stdout.count(" hecho ") == 9 and " done " not in table.stdout


def test_plan_status_speaks_the_charters_language(cli: Cli,
                                                  example_cop: Callable[..., Path]) -> None:
    root = example_cop("led-units", commit=False)
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    assert "\nlanguage:" not in text
    charter.write_text(text + "language: es-PE\n", encoding="utf-8")
    assert _titles(_status(cli, root))[1] == "Una persona facilitadora"
    assert _titles(_status(cli, root, "--lang", "en"))[1] == "A facilitator"
    charter.write_text(text + "language: de\n", encoding="utf-8")
    result = cli("plan", "status", "--cop", str(root), "--format", "json")
    assert _titles(json.loads(result.stdout))[1] == "A facilitator"
    assert "warning: charter.yaml: language: copkit has no translation for the language " \
        "'de'; it speaks en, es, fr: English is used" in result.stderr


@pytest.mark.parametrize("args", [("plan", "--lang", "xx", "status"),
                                  ("plan", "status", "--lang", "xx"),
                                  ("review", "--lang", "xx", "--confirm-all")])
def test_an_unknown_language_is_a_usage_error(cli: Cli, example_cop: Callable[..., Path],
                                              args: tuple[str, ...]) -> None:
    root = example_cop("led-units")
    result = cli(*args, "--cop", str(root))
    assert result.exit_code == 2
    assert "copkit has no translation for the language 'xx'; it speaks en, es, fr" \
        in result.stderr


def test_the_walk_in_french(tmp_path: Path, init_copy: Callable[..., Path]) -> None:
    root = init_copy(tmp_path / "cop", name="Réseau DEL")
    script = Script([])  # end of input at the first question: what was shown is enough
    with pytest.raises(EOFError):
        Wizard(root, script, lang="fr").run()
    said = "\n".join(script.said)
    assert said.startswith("Plan d’action en neuf étapes (FCM) — Réseau DEL")
    assert "L’objet de la communauté" in said
    assert "Trois éléments définissent toute communauté de pratique" in said
    assert "Domaine (pourquoi)" in said
    assert script.asked[0].startswith("Pourquoi cette communauté est-elle créée\u202f?")


def test_review_lang_revises_a_step_in_spanish(cli: Cli, example_cop: Callable[..., Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.planning.review import run_review

    root = example_cop("led-units")
    # step 1 not confirmed: the walk revises it, in Spanish; then end of input
    script = Script(["n", "n"])
    with pytest.raises(EOFError):
        run_review(root, script, interactive=True, lang="es")
    said = "\n".join(script.said)
    assert "Miembros y cómo contactarlos" in said
    assert "Haga la lista de las personas de la comunidad" in said


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Steps 1-8 as the records stand today:",
            "  step 1 (members): done",
            "Stage self-assessment (charter: maturing; last 12 months):",
            "  yes: maturing, the regular schedule held (longest gap 37 days, monthly meetings "
            "planned)"]),
    ("es", ["Pasos 1-8 según el estado actual de los registros:",
            "  paso 1 (Miembros y cómo contactarlos): hecho",
            "{stage}",
            "  sí: {maturing}, "]),
    ("fr", ["Étapes 1-8 d’après les registres d’aujourd’hui\u202f:",
            "  étape 1 (Les membres et comment les joindre)\u202f: {done}",
            "{stage}",
            "  oui\u202f: {maturing}, "]),
])
def test_review_speaks_the_language_from_the_changes_to_the_stage(
        example_cop: Callable[..., Path], lang: str, expected: list[str]) -> None:
    """What `copkit review` prints for people: the changes since the last review, each step
    and its status, S1's self-assessment with its yes / not yet (#16)."""
    from copkit import i18n
    from copkit.planning.review import run_review

    root = example_cop("led-units")
    catalog = i18n.translations(lang)
    stage = catalog.gettext("Stage self-assessment (charter: %(x)s; last 12 months):")
    words = {"stage": stage % {"x": catalog.gettext("maturing")},
             "maturing": catalog.gettext("maturing"),
             "done": catalog.pgettext("plan step", "done")}
    script = Script([])
    run_review(root, script, interactive=False, confirm_all=True, by="maria-lopez",
               summary="checked", no_commit=True, lang=lang)
    said = script.said
    for line in expected:
        line = line.format(**words)
        assert any(s.startswith(line) for s in said), (line, said)
    first = said[0]
    assert first.startswith({"en": "Since the last review on 2026-03-20 (commit ",
                             "es": "Desde la última revisión, el 20 de marzo de 2026 (commit ",
                             "fr": "Depuis le dernier examen, le 20 mars 2026 (commit "}[lang])
    english = ("yes", "not yet", "done", "Steps", "step ", "Stage", "Since")
    if lang != "en":
        assert not [s for s in said if any(w in s for w in english)]
