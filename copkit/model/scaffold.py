"""What `copkit init` writes: the files of a new CoP folder, every one commented with the
question it answers, from the shipped templates or an example; and the record templates.
Writing them and the first commit are :func:`copkit.cli.init.init_cop`'s."""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copkit.errors import UsageError
from copkit.model.jsonschemas import SCHEMA_DIR, modeline, schema_filename, schema_text
from copkit.resources import example_names, examples_dir, templates_dir

SCAFFOLD = {
    "charter.yaml": "charter",
    "members.yaml": "members",
    "learning-agenda.yaml": "learning-agenda",
    "activities.yaml": "activities",
    "plan.yaml": "plan",
}


# record kind -> its folder, for the commented templates init writes into each folder
RECORD_TEMPLATES = {"meeting": "meetings", "practice": "practices", "story": "stories",
                    "survey": "surveys"}
# The template's file name: not .yaml (copkit, and every command that lists a folder's
# records, reads only *.yaml) and not .yml (check warns about those), so it is never counted
# as a record; a facilitator copies it to a .yaml name and fills it in.
TEMPLATE_NAME = "template.yaml.example"


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def with_modeline(text: str, kind: str, relpath: str) -> str:
    """``text`` with the yaml-language-server line (the JSON Schema of ``kind``) as its first
    line, the rest unchanged; a text that already starts with one is returned as it is."""
    if text.startswith("# yaml-language-server:"):
        return text
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    return modeline(kind, relpath) + newline + text


def _render(template: str, **context: object) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "init")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml_str"] = yaml_str
    return env.get_template(template).render(**context)


def record_template(kind: str, lang: str | None = None) -> str:
    """The commented template of a record that has a file of its own (``meeting``,
    ``practice``, ``story`` or ``survey``): every field, each with the question it answers,
    and the yaml-language-server line for a file in the record's folder. Required fields are
    left empty, so a copy that is not filled in is flagged by ``copkit check``. Its comments
    are in ``lang`` (:func:`translate_comments`)."""
    folder = RECORD_TEMPLATES.get(kind)
    if folder is None:
        raise UsageError(f"there is no record template for '{kind}'",
                         "record templates: " + ", ".join(RECORD_TEMPLATES))
    return translate_comments(_render(f"records/{kind}.yaml.j2",
                                      modeline=modeline(kind, f"{folder}/{kind}.yaml")), lang)


# a comment line of init's files: its indent and its words ("#   - id: g1", an example of
# YAML, has words starting with a space: never translated, and it ends a block)
_COMMENT = re.compile(r"^( *)# (\S.*)$")


def comment_blocks(text: str) -> list[tuple[int, int, str]]:
    """The comments of an init file that are text for people: (first line index, number of
    lines, the words of its lines joined by newlines), one for each run of comment lines of
    the same indent. The modeline and commented YAML examples are not among them."""
    lines = text.split("\n")
    blocks: list[tuple[int, int, str]] = []
    n = 0
    while n < len(lines):
        m = _COMMENT.match(lines[n])
        if m is None or m[2].startswith("yaml-language-server:"):
            n += 1
            continue
        first, words = n, [m[2]]
        n += 1
        while n < len(lines) and (nxt := _COMMENT.match(lines[n])) and nxt[1] == m[1]:
            words.append(nxt[2])
            n += 1
        blocks.append((first, n - first, "\n".join(words)))
    return blocks


# a note after a commented YAML example ("#     country: PE    # two-letter country code")
_NOTE = re.compile(r"^(?P<example> *#  .*?\S {2,}# )(?P<note>\S.*)$")


def example_notes(text: str) -> list[tuple[int, str]]:
    """The notes for people after commented YAML examples: (line index, note). A note that
    only lists a field's values ("planned, under-way, done") is not one: values stay as
    they are typed."""
    out = []
    for n, line in enumerate(text.split("\n")):
        m = _NOTE.match(line)
        if m and any(" " in part.strip() for part in m["note"].split(",")):
            out.append((n, m["note"]))
    return out


def translate_comments(text: str, lang: str | None) -> str:
    """``text`` (an init file) with its comments for people in ``lang`` through copkit's
    catalog (a block or note the catalog lacks stays English); the YAML itself untouched.
    English (None) is the text as it is."""
    if not lang or lang.split("-")[0].split("_")[0] == "en":
        return text
    from copkit.i18n import translations

    gettext = translations(lang).gettext
    lines = text.split("\n")
    for n, note in example_notes(text):
        head = _NOTE.match(lines[n])["example"]  # type: ignore[index]
        lines[n] = head + gettext(note)
    for first, count, words in reversed(comment_blocks(text)):
        done = gettext(words)
        if done == words:
            continue
        indent = _COMMENT.match(lines[first])[1]  # type: ignore[index]
        lines[first:first + count] = [f"{indent}# {w}" for w in done.split("\n")]
    return "\n".join(lines)


def extract(fileobj: Any, keywords: object, comment_tags: object,
            options: object) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor for init's templates (babel.cfg): each comment block a message, and
    each note after a commented example."""
    text = fileobj.read().decode("utf-8")
    found = [(first, words) for first, _count, words in comment_blocks(text)]
    for first, words in sorted(found + example_notes(text)):
        yield first + 1, None, words, []


def planned_files(root: Path, name: str, example: str | None,
                  started: _dt.date | None = None,
                  lang: str | None = None) -> dict[Path, str | Path]:
    """Every file init will create: path -> text, or path -> a file to copy. A new CoP's
    charter says it started on ``started`` (default: today); the questions the planning
    templates ask are left unanswered, with commented examples. With ``lang`` (an IETF tag)
    the comments of a new CoP's files and of the record templates are in that language and
    the charter's ``language`` says it; an example's own files stay as they are."""
    from copkit.periods import today as _today

    files: dict[Path, str | Path] = {}
    today = (started or _today()).isoformat()
    if example and started is not None:
        raise UsageError("--started is for a new CoP; an example keeps its own start date",
                         "leave --started out, or change the date later in charter.yaml")
    if example:
        if example not in example_names():
            from copkit.model.load import did_you_mean

            guess = did_you_mean(example, example_names())
            raise UsageError(
                f"there is no example called '{example}'",
                (f"did you mean '{guess}'? " if guess else "")
                + "examples: " + ", ".join(example_names()))
        from copkit.model.schemas import kind_of_path

        source = examples_dir() / example
        for path in sorted(source.rglob("*")):
            if path.is_file() and ".git" not in path.parts:
                rel = path.relative_to(source).as_posix()
                kind = kind_of_path(rel)
                files[root / rel] = path if kind is None else with_modeline(
                    path.read_bytes().decode("utf-8"), kind, rel)
    else:
        for filename, kind in SCAFFOLD.items():
            files[root / filename] = translate_comments(_render(
                f"{filename}.j2", name=name, today=today, language=lang,
                modeline=modeline(kind, filename)), lang)
        from ruamel.yaml import YAML

        readmes = YAML(typ="safe").load((templates_dir() / "init" / "folders.yaml").read_text(
            encoding="utf-8"))
        for folder, text in readmes.items():
            files[root / folder / "README.md"] = text
        for kind, folder in RECORD_TEMPLATES.items():
            files[root / folder / TEMPLATE_NAME] = record_template(kind, lang)
    files[root / ".gitignore"] = (templates_dir() / "init" / "gitignore").read_text(
        encoding="utf-8")
    from copkit.model.schemas import FILE_KINDS

    for kind in FILE_KINDS:
        files[root / SCHEMA_DIR / schema_filename(kind)] = schema_text(kind)
    return files
