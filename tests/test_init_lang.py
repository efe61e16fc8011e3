"""`copkit init --lang es|fr` (#16): the comments of the new CoP's files and of the record
templates in the language asked for, through copkit's catalog (each block of comment lines a
message, extracted by babel.cfg), the YAML itself the same as in English, and the charter's
`language` saying it. English stays byte for byte what it was (tests/test_init.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from copkit.model.load import load_cop
from copkit.model.scaffold import comment_blocks, example_notes, planned_files, translate_comments
from copkit.resources import templates_dir

Cli = Callable[..., Result]
FILES = ("charter.yaml", "members.yaml", "learning-agenda.yaml", "activities.yaml",
         "plan.yaml", "meetings/template.yaml.example", "practices/template.yaml.example",
         "stories/template.yaml.example", "surveys/template.yaml.example")
FIRST = {  # the first words of each file's first comment, after the modeline
    "es": {"charter.yaml": "# La carta constitutiva:",
           "practices/template.yaml.example": "# Una práctica:",
           "stories/template.yaml.example": "# Una historia de creación de valor:"},
    "fr": {"charter.yaml": "# La charte\u202f:",
           "practices/template.yaml.example": "# Une pratique\u202f:",
           "stories/template.yaml.example": "# Un récit de création de valeur\u202f:"},
}


def texts(tmp_path: Path, lang: str | None) -> dict[str, str]:
    root = tmp_path / (lang or "en")
    files = planned_files(root, "Red DEL", None, None, lang)
    return {rel: str(files[root / rel]) for rel in FILES}


@pytest.mark.parametrize("lang", ["es", "fr", "fr-CA"])
def test_comments_in_the_language_and_the_same_yaml(tmp_path: Path, lang: str) -> None:
    english, other = texts(tmp_path, None), texts(tmp_path, lang)
    code = lang[:2]
    for rel in FILES:
        data, want = yaml.safe_load(other[rel]), yaml.safe_load(english[rel])
        if rel == "charter.yaml":
            assert data.pop("language") == lang
            assert "\nlanguage:" not in english[rel]
        assert data == want, rel  # only comments differ
        # every comment for people is translated: none of the English blocks is left
        left = {w for _, _, w in comment_blocks(other[rel])} & \
            {w for _, _, w in comment_blocks(english[rel])}
        assert not left, (rel, sorted(left)[:3])
        # and the notes after commented examples ("# two-letter country code")
        notes = {w for _, w in example_notes(other[rel])} & \
            {w for _, w in example_notes(english[rel])}
        assert not notes, (rel, sorted(notes)[:3])
        # the lines that are not comments are the same, in the same order
        assert [ln for ln in other[rel].splitlines() if ln and not ln.lstrip().startswith("#")
                and not ln.startswith("language:")] == \
            [ln for ln in english[rel].splitlines() if ln and not ln.lstrip().startswith("#")]
    for rel, start in FIRST[code].items():
        assert other[rel].splitlines()[1].startswith(start), rel


def test_english_is_the_text_as_it_is() -> None:
    text = (templates_dir() / "init" / "records" / "practice.yaml.j2").read_text("utf-8")
    assert translate_comments(text, None) == text
    assert translate_comments(text, "en-GB") == text
    # a commented example of YAML (indented after '#') is never a message
    charter = (templates_dir() / "init" / "charter.yaml.j2").read_text("utf-8")
    blocks = [w for _, _, w in comment_blocks(charter)]
    assert "#   - id: g1" in charter and not any("id: g1" in w for w in blocks)
    # a note after a commented example is a message unless it only lists values
    members = (templates_dir() / "init" / "members.yaml.j2").read_text("utf-8")
    notes = [w for _, w in example_notes(members)]
    assert "two-letter country code" in notes and not any("thematic-leader" in w for w in notes)


def test_a_note_after_an_example_is_translated_in_place() -> None:
    members = (templates_dir() / "init" / "members.yaml.j2").read_text("utf-8")
    line = next(ln for ln in members.splitlines() if "country: PE" in ln)
    es = translate_comments(members, "es")
    assert line.replace("two-letter country code", "código de país de dos letras") in \
        es.splitlines()
    fr = translate_comments(members, "fr")
    assert "#     consent: {public: false}     # son nom peut-il figurer dans les rapports " \
        "publics\u202f?" in fr.splitlines()


def test_init_lang_writes_a_cop_that_checks_clean(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "red"
    result = cli("init", str(root), "--name", "Red DEL", "--lang", "es", "--no-commit")
    assert result.exit_code == 0, result.output
    cop = load_cop(root).cop
    assert cop.charter is not None and cop.charter.language == "es"
    text = (root / "meetings" / "template.yaml.example").read_text(encoding="utf-8")
    assert "# ¿Cuánto duró, en minutos?\n" in text
    check = cli("check", "--cop", str(root))
    assert check.exit_code == 0, check.output
    assert "0 error(s)" in check.output


def test_init_unknown_language_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "x"), "--lang", "de", "--no-commit")
    assert result.exit_code == 2
    assert "en, es, fr" in result.output + (result.stderr or "")
    assert not (tmp_path / "x").exists()
