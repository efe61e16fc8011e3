"""`copkit init`: a commented, valid, committed CoP; never overwrites; clear git errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from .conftest import EXAMPLE_NAMES, git

Cli = Callable[..., Result]
FILES = ["charter.yaml", "members.yaml", "learning-agenda.yaml", "activities.yaml", "plan.yaml"]


def test_init_writes_commented_files_and_commits(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "led"
    result = cli("init", str(root), "--name", "LED units: Peru")
    assert result.exit_code == 0, result.stderr
    for name in FILES:
        text = (root / name).read_text(encoding="utf-8")
        kind = name.removesuffix(".yaml")
        assert text.startswith(
            f"# yaml-language-server: $schema=.copkit/schemas/{kind}.schema.json\n")
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    assert 'name: "LED units: Peru"' in charter
    assert "# Why is the community being set up?" in charter
    assert (root / ".copkit" / "schemas" / "meeting.schema.json").is_file()
    assert "/out/" in (root / ".gitignore").read_text(encoding="utf-8")
    log = git(root, "log", "--format=%s%n%an <%ae>", "--name-only")
    assert "copkit: init 'LED units: Peru'" in log
    assert "Test Facilitator <facilitator@example.org>" in log
    assert "charter.yaml" in log and "meetings/README.md" in log
    assert git(root, "status", "--porcelain") == ""
    check = cli("check", "--cop", str(root))
    assert check.exit_code == 0, check.stdout


def test_init_refuses_to_overwrite_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "cop"
    root.mkdir()
    (root / "members.yaml").write_text("# mine\n", encoding="utf-8")
    result = cli("init", str(root))
    assert result.exit_code == 1
    assert "would be overwritten" in result.stderr and "members.yaml" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["members.yaml"]
    assert (root / "members.yaml").read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_init_from_example(cli: Cli, tmp_path: Path, name: str) -> None:
    root = tmp_path / "ex"
    assert cli("init", str(root), "--example", name).exit_code == 0
    assert (root / "charter.yaml").is_file() and (root / "meetings").is_dir()
    assert cli("check", "--cop", str(root)).exit_code == 0


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_init_from_example_writes_the_schema_line_first(cli: Cli, tmp_path: Path,
                                                        name: str) -> None:
    """Each record file of an example gets the same first line as plain init writes, and is
    otherwise the example's bytes."""
    from copkit.contacts.keys import email_hash, read_key
    from copkit.model.schemas import kind_of_path

    from .conftest import EXAMPLES

    root = tmp_path / "ex"
    assert cli("init", str(root), "--example", name).exit_code == 0
    source = EXAMPLES / name
    checked = 0
    # the copy's own key (#20): the example's email hashes made again under it
    old_key, new_key = read_key(source), read_key(root)
    assert old_key is not None and new_key is not None and old_key != new_key
    contacts = (source / "contacts.yaml.example").read_text(encoding="utf-8")
    emails = [ln.split(": ", 1)[1] for ln in contacts.splitlines()
              if ln.startswith("    email: ")]
    for original in sorted(source.rglob("*")):
        if not original.is_file():
            continue
        rel = original.relative_to(source).as_posix()
        if rel in (".copkit/hash-key", ".gitignore"):  # init writes its own
            continue
        if rel == "contacts.yaml.example":  # copied as contacts.yaml, not committed
            assert (root / "contacts.yaml").read_bytes() == original.read_bytes()
            continue
        written = (root / rel).read_bytes()
        kind = kind_of_path(rel)
        if kind is None:
            assert written == original.read_bytes(), rel
            continue
        prefix = "../" * rel.count("/")
        first = f"# yaml-language-server: $schema={prefix}.copkit/schemas/{kind}.schema.json\n"
        expected = original.read_text(encoding="utf-8")
        if rel == "members.yaml":
            for email in emails:
                expected = expected.replace(email_hash(old_key, email),
                                            email_hash(new_key, email))
        assert written == first.encode() + expected.encode(), rel
        assert (root / rel).parent.joinpath(prefix, ".copkit", "schemas",
                                            f"{kind}.schema.json").resolve().is_file()
        checked += 1
    assert checked >= 10
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    assert charter.splitlines()[0] == \
        "# yaml-language-server: $schema=.copkit/schemas/charter.schema.json"


def test_init_on_a_file_is_a_user_error(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = cli("init", str(target))
    assert result.exit_code == 1
    assert f"error: {target} is a file, not a folder" in result.stderr
    assert "hint: give the folder to create the CoP in" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_init_unknown_example_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "x"), "--example", "led-unit")
    assert result.exit_code == 2
    assert "there is no example called 'led-unit'" in result.stderr
    assert not (tmp_path / "x").exists()


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "copkit", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_init_without_git_is_a_clear_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PATH", "GIT_PYTHON_GIT_EXECUTABLE")}
    env["PATH"] = str(tmp_path / "empty-bin")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    result = _run(["init", "cop"], env, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "git is not installed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "cop").exists()


def test_init_without_git_identity_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(empty), GIT_CONFIG_NOSYSTEM="1",
               HOME=str(tmp_path), PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL", "EMAIL"):
        env.pop(var, None)
    result = _run(["init", "cop"], env, tmp_path)
    assert result.returncode == 1
    assert "git does not know who you are" in result.stderr
    assert "git config --global user.name" in result.stderr
    assert not (tmp_path / "cop").exists()


def test_init_no_commit_makes_no_repository(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "plain"
    assert cli("init", str(root), "--no-commit").exit_code == 0
    assert not (root / ".git").exists()


# ------------------------------------------------------------ commented record templates
RECORD_KINDS = {"meeting": "meetings", "practice": "practices", "story": "stories",
                "survey": "surveys"}
REQUIRED = {"date:\n": "date: 2026-05-10\n", "title:\n": "title: Unit models\n"}


def _filled(text: str) -> str:
    for empty, value in REQUIRED.items():
        text = text.replace(empty, value, 1)
    return text


def _uncommented_examples(text: str) -> str:
    """The template with each commented example ('#   - {...}' lines right above 'key: []')
    written in as the key's value."""
    out: list[str] = []
    example: list[str] = []
    for line in text.splitlines():
        if line.startswith("#   "):
            example.append(line[2:])
            continue
        if example and line.endswith(": []"):
            out.append(line[: -len(" []")])
            out.extend(example)
        else:
            out.append(line)
        example = []
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", sorted(RECORD_KINDS))
def test_record_template_asks_a_question_for_every_field(kind: str) -> None:
    from copkit.model.scaffold import record_template
    from copkit.model.schemas import FILE_KINDS
    from copkit.yaml.read import parse

    text = record_template(kind)
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../.copkit/schemas/{kind}.schema.json"
    model = FILE_KINDS[kind][0]
    data = parse(text).data
    assert list(data) == list(model.model_fields), "every field, in format.md's order"
    if kind == "story":
        assert list(data["cycles"]) == ["immediate", "potential", "applied", "realized",
                                        "transformative"]
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        j = i - 1
        comment = []
        while j > 0 and lines[j].lstrip().startswith("#"):
            comment.append(lines[j])
            j -= 1
        assert any("?" in c for c in comment), f"no question above line {i + 1}: {line}"


@pytest.mark.parametrize("kind", sorted(RECORD_KINDS))
def test_record_template_filled_in_and_its_examples_validate(kind: str) -> None:
    from copkit.model.scaffold import record_template
    from copkit.model.schemas import FILE_KINDS
    from copkit.yaml.read import parse

    from .test_jsonschemas import jsonschema_ok

    model = FILE_KINDS[kind][0]
    filled = _filled(record_template(kind))
    model.model_validate(parse(filled).data)
    assert jsonschema_ok(kind, filled)
    examples = _uncommented_examples(filled)
    assert examples != filled or kind == "story"
    model.model_validate(parse(examples).data)
    assert jsonschema_ok(kind, examples)


def test_unknown_record_template_is_a_usage_error() -> None:
    from copkit.errors import UsageError
    from copkit.model.scaffold import record_template

    with pytest.raises(UsageError, match="there is no record template for 'meetings'"):
        record_template("meetings")


def test_init_writes_a_template_in_each_record_folder_that_check_does_not_count(
        cli: Cli, tmp_path: Path) -> None:
    from copkit.model.scaffold import TEMPLATE_NAME, record_template

    root = tmp_path / "cop"
    assert cli("init", str(root)).exit_code == 0
    for kind, folder in RECORD_KINDS.items():
        path = root / folder / TEMPLATE_NAME
        assert path.read_text(encoding="utf-8") == record_template(kind)
        assert TEMPLATE_NAME in (root / folder / "README.md").read_text(encoding="utf-8")
    assert "meetings/template.yaml.example" in git(root, "ls-files")
    result = cli("check", "--cop", str(root), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0
    assert not [f for f in report["findings"] if TEMPLATE_NAME in f["path"]
                or f["code"] in ("ignored-file", "file-name", "bad-id")]
    text = cli("check", "--cop", str(root)).stdout
    assert "(5 files read)" in text


def test_a_copied_template_is_a_record_and_check_asks_for_what_is_missing(
        cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "cop"
    assert cli("init", str(root)).exit_code == 0
    template = (root / "meetings" / "template.yaml.example").read_text(encoding="utf-8")
    copy = root / "meetings" / "2026-05-10-unit-models.yaml"
    copy.write_text(template, encoding="utf-8")
    result = cli("check", "--cop", str(root))
    assert result.exit_code == 1
    lines = template.splitlines()
    date_line = lines.index("date:") + 1
    title_line = lines.index("title:") + 1
    assert (f"{copy}:{date_line}:6: error[bad-date] date: a date is needed here: write it as "
            "YYYY-MM-DD, like 2026-05-10") in result.stdout
    assert (f"{copy}:{title_line}:7: error[wrong-type] title: expected text, found nothing "
            "(an empty value)\n  hint: this field needs a value: write it after the colon"
            ) in result.stdout
    assert "2 error(s)" in result.stdout
    copy.write_text(_filled(template), encoding="utf-8")
    filled = cli("check", "--cop", str(root))
    assert filled.exit_code == 0, filled.stdout
    assert "(6 files read)" in filled.stdout
