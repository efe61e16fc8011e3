"""`copkit contacts ...`: the members' contact details, kept in contacts.yaml outside git:
move them there (split), share them encrypted (export, import), merge two copies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, resolve_cop

contacts_app = typer.Typer(
    help="Contact details kept out of git: split, export, import, merge.",
    no_args_is_help=True)

Identity = Annotated[Path | None, typer.Option(
    "--identity", "-i", help="Your age identity file (AGE-SECRET-KEY-1...) or SSH private key "
    "(default: ~/.ssh/id_ed25519).")]


def _identity(given: Path | None) -> Path:
    if given is not None:
        return given
    default = Path("~/.ssh/id_ed25519").expanduser()
    if not default.is_file():
        from copkit.errors import UsageError

        raise UsageError("give your private key with --identity",
                         "an age identity file, or your SSH private key")
    return default


@contacts_app.command("split")
def contacts_split(cop: CopOption = None, no_commit: NoCommitOption = False) -> None:
    """Move every contact detail out of members.yaml into contacts.yaml (never committed).

    Email, phone, preferred channel and directory consent move; members.yaml keeps a keyed
    hash of each email so imports still match people by email. One commit (members.yaml, the
    CoP's key .copkit/hash-key, .gitignore). History keeps the old values: the steps to purge
    them are printed.

    Example: copkit contacts split --cop my-cop
    """
    from copkit.contacts.actions import split_cop
    from copkit.contacts.split import purge_steps

    root, _ = resolve_cop(cop)
    result = split_cop(root, no_commit=no_commit)
    if not result.paths:
        echo("nothing to move: members.yaml holds no contact details")
        return
    echo(f"moved the contact details of {len(result.moved)} member(s) to contacts.yaml "
         "(never committed); wrote " + ", ".join(result.paths))
    if result.commit:
        echo(f"committed {result.commit[:8]}: copkit: contacts split")
    elif no_commit:
        echo("not committed (--no-commit): commit the files yourself (never contacts.yaml)")
    if result.tracked:
        echo("warning: git tracks contacts.yaml; stop that with: git rm --cached contacts.yaml")
    if result.moved:
        echo("")
        echo(purge_steps("members.yaml"))


@contacts_app.command("export")
def contacts_export(
    to: Annotated[list[str], typer.Option(
        "--to", help="An age public key (age1...), an SSH public key, or a file of them; "
        "repeat for several facilitators.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The encrypted file to write.")],
    cop: CopOption = None,
) -> None:
    """Encrypt contacts.yaml for other facilitators, to send by any channel.

    Only the holders of the private keys can read the file.

    Example: copkit contacts export --to ~/keys/ana.pub --to age1ql3z7hjy54pw3hy... --out c.age
    """
    from copkit.contacts.actions import export_contacts

    root, _ = resolve_cop(cop)
    count = export_contacts(root, to, out)
    echo(f"wrote {out}: the contact details of {count} member(s), encrypted for "
         f"{len(to)} key(s)")


@contacts_app.command("import")
def contacts_import(
    file: Annotated[Path, typer.Argument(help="The file `copkit contacts export` wrote.")],
    identity: Identity = None, cop: CopOption = None,
) -> None:
    """Decrypt an exported contacts file and merge it into contacts.yaml.

    Per member, the entry changed last wins; differences are listed. A wrong key writes
    nothing.

    Example: copkit contacts import contacts.age --identity ~/.config/age/keys.txt
    """
    from copkit.contacts.actions import import_contacts

    root, _ = resolve_cop(cop)
    _said(import_contacts(root, file, _identity(identity)))


@contacts_app.command("merge")
def contacts_merge(
    file: Annotated[Path, typer.Argument(
        help="Another facilitator's contacts.yaml (or an exported file, with --identity).")],
    identity: Annotated[Path | None, typer.Option(
        "--identity", "-i", help="Decrypt FILE with this key first.")] = None,
    cop: CopOption = None,
) -> None:
    """Merge another facilitator's contacts into contacts.yaml.

    Per member, the entry changed last (its 'updated') wins; every member whose two entries
    differ is listed with the side kept.

    Example: copkit contacts merge ~/Downloads/contacts-ana.yaml
    """
    from copkit.contacts.actions import merge_file

    root, _ = resolve_cop(cop)
    _said(merge_file(root, file, identity))


@contacts_app.command("purge-list")
def contacts_purge_list(cop: CopOption = None) -> None:
    """Print the replacements git filter-repo needs to purge contacts from history.

    One line per email and phone. Write it to a file OUTSIDE the repository.

    Example: copkit contacts purge-list > ~/contacts-purge.txt
    """
    from copkit.contacts.actions import purge_lines

    root, _ = resolve_cop(cop)
    for line in purge_lines(root):
        typer.echo(line)


def _said(merged: object) -> None:
    from copkit.contacts.merge import Merged

    assert isinstance(merged, Merged)
    changed = len(merged.added) + len(merged.taken)
    echo(f"contacts.yaml: {len(merged.added)} added, {len(merged.taken)} updated"
         if changed else "contacts.yaml: nothing new")
    for line in merged.conflicts:
        echo(f"  differs: {line}")
    for mid in merged.unknown:
        echo(f"warning: '{mid}' is not a member here (kept; copkit check lists it)")


def register(app: typer.Typer) -> None:
    app.add_typer(contacts_app, name="contacts")
