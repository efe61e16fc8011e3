"""Privacy of `copkit report`: every format of every example CoP is searched for the members'
contact details, and with --audience public/sponsor for the names of members who did not agree
to be named in public."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from typer.testing import Result

from tests.conftest import EXAMPLE_NAMES

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-30")


def members_of(root: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((root / "members.yaml").read_text(encoding="utf-8"))
    return with_contacts(root, list(data["members"]))


def with_contacts(root: Path, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The members with their contact details and directory consent from contacts.yaml
    (where a CoP in the new layout keeps them, #20)."""
    path = root / "contacts.yaml"
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("contacts") or [] \
        if path.exists() else []
    by_id = {e["id"]: e for e in entries}
    for m in members:
        entry = by_id.get(m["id"], {})
        m.update({k: entry[k] for k in ("email", "phone", "preferred_channel") if k in entry})
        if "consent" in entry:
            m["consent"] = {**(m.get("consent") or {}),
                            "directory": entry["consent"].get("directory", False)}
    return members


def outputs(cli: Cli, root: Path, out_dir: Path, fmt: str, *args: str) -> str:
    """All the text a report writes in `fmt` (with chart files), whitespace squeezed."""
    out_dir.mkdir()
    out = out_dir / f"r.{fmt}"
    result = cli("report", "--cop", str(root), "--period", "2026", "-f", fmt, "-o", str(out),
                 *args)
    assert result.exit_code == 0, result.stderr
    parts = []
    for path in sorted(out_dir.iterdir()):
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
            parts += [page.extract_text() for page in reader.pages]
        else:
            parts.append(path.read_text(encoding="utf-8"))
    text = "\n".join(parts)
    if fmt == "md":  # undo the Markdown escapes, as a reader would see the text
        text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


# the text of each (example, format, audience) report, made once per test process: the
# contact check and the naming check read the same public report (a PDF costs ~0.7 s to make
# and read back)
_MADE: dict[tuple[str, str, str], str] = {}


def audience_text(cli: Cli, root: Path, tmp_path: Path, fmt: str, audience: str) -> str:
    """The text of the report of ``root`` (a copy of the example of that name) in ``fmt``
    for ``audience`` (see outputs)."""
    key = (root.name, fmt, audience)
    if key not in _MADE:
        _MADE[key] = outputs(cli, root, tmp_path / f"out-{audience}", fmt, "--audience",
                             audience)
    return _MADE[key]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_contact_details_unless_asked(cli: Cli, example_cop: Callable[..., Path],
                                         tmp_path: Path, name: str, fmt: str) -> None:
    root = example_cop(name, commit=False)
    members = members_of(root)
    assert any(m.get("email") for m in members) and any(m.get("phone") for m in members)
    for audience in ("members", "public"):
        text = audience_text(cli, root, tmp_path, fmt, audience)
        flat = digits(text)
        for m in members:
            if m.get("email"):
                assert m["email"] not in text, (audience, m["id"])
            if m.get("phone") and len(digits(str(m["phone"]))) >= 7:
                assert digits(str(m["phone"])) not in flat, (audience, m["id"])


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("audience", ["public", "sponsor"])
def test_public_audience_names_only_who_agreed(cli: Cli, example_cop: Callable[..., Path],
                                               tmp_path: Path, name: str, fmt: str,
                                               audience: str) -> None:
    root = example_cop(name, commit=False)
    members = members_of(root)
    private = [m for m in members if not (m.get("consent") or {}).get("public")]
    named = [m for m in members if (m.get("consent") or {}).get("public")]
    assert private, "each example has members who did not agree to be named"
    text = audience_text(cli, root, tmp_path, fmt, audience)
    for m in private:
        assert m["name"] not in text, m["id"]
        assert re.search(rf"(?<![\w-]){re.escape(m['id'])}(?![\w-])", text) is None, m["id"]
    assert any(m["name"] in text for m in named)


def test_members_audience_names_everyone(cli: Cli, example_cop: Callable[..., Path],
                                         tmp_path: Path) -> None:
    root = example_cop("led-units", commit=False)
    text = outputs(cli, root, tmp_path / "out", "md")
    assert "Édgar Huamán Cáceres" in text  # consent.public false, named for members
    assert "(name withheld)" not in text


@pytest.mark.parametrize("audience", ["members", "public"])
def test_include_contacts_lists_who_agreed(cli: Cli, example_cop: Callable[..., Path],
                                           tmp_path: Path, audience: str) -> None:
    root = example_cop("led-units", commit=False)
    members = members_of(root)
    text = outputs(cli, root, tmp_path / "out", "md", "--include-contacts",
                   "--audience", audience)
    assert "## Contacts" in text
    for m in members:
        consent = m.get("consent") or {}
        listed = bool(consent.get("directory")) and (audience == "members" or
                                                     bool(consent.get("public")))
        if m.get("left") or not m.get("email"):
            continue
        assert (m["email"] in text) == listed, m["id"]
