"""Contacts that never enter git history (issue #20): contacts.yaml beside the records, never
committed; members.yaml keeps a keyed hash of each email, so imports match by email without
the file; the file shared encrypted (age) and merged; an old CoP split in one commit; forget
erases for good; check and check --public."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from copkit.contacts.book import CONTACTS, read_book
from copkit.contacts.keys import KEY_PATH, email_hash, read_key
from copkit.errors import GitError

from .conftest import EXAMPLES, ROOT, assert_plain_agrees, git

Cli = Callable[..., Result]

ROSTER = """\
name,email,phone,organisation
Ana Ruiz,ana.ruiz@example.net,+51 984 111 222,Municipalidad de Cusco
Luis Soto,luis.soto@example.net,+51 984 333 444,Municipalidad de Puno
"""
ATTENDANCE = """\
Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)
Ana Ruiz,ana.ruiz@example.net,05/10/2026 14:00:00,05/10/2026 15:00:00,60
Pedro Gil,pedro.gil@example.net,05/10/2026 14:00:00,05/10/2026 15:00:00,60
"""
SECRETS = ("maria@example.org", "+51 984 000 000", "ana.ruiz@example.net", "+51 984 111 222",
           "luis.soto@example.net", "+51 984 333 444", "pedro.gil@example.net",
           "rosa@example.org", "+51 984 555 666")


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def all_objects(repo: Path) -> bytes:
    """Every object of every commit of ``repo`` (blobs, trees, commit messages), as bytes."""
    names = git(repo, "rev-list", "--all", "--objects").split()
    shas = [n for n in names if re.fullmatch(r"[0-9a-f]{40}", n)]
    out = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], check=True,
                         input="\n".join(shas).encode() + b"\n", capture_output=True).stdout
    assert len(shas) > 20
    return out


@pytest.fixture
def cop(tmp_path: Path, cli: Cli) -> Path:
    """A CoP made by `copkit init`, used through the record commands and imports."""
    root = tmp_path / "cop"
    ok(cli("init", str(root), "--name", "Contacts CoP"))
    ok(cli("member", "add", "María López", "--email", "maria@example.org", "--phone",
           "+51 984 000 000", "--channel", "whatsapp", "--consent-directory",
           "--consent-newsletter", "--cop", str(root)))
    ok(cli("member", "add", "Rosa Quispe", "--email", "rosa@example.org", "--cop", str(root)))
    ok(cli("member", "update", "rosa-quispe", "--phone", "+51 984 555 666", "--cop",
           str(root)))
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    ok(cli("import", "members", str(roster), "--yes", "--cop", str(root)))
    ok(cli("meeting", "new", "--date", "2026-05-10", "--title", "Unit models",
           "--attendee", "maria@example.org", "--cop", str(root)))
    zoom = tmp_path / "zoom.csv"
    zoom.write_text(ATTENDANCE, encoding="utf-8")
    ok(cli("import", "attendance", str(zoom), "--meeting", "2026-05-10-unit-models",
           "--add-unknown", "members", "--yes", "--cop", str(root)))
    return root


def test_init_starts_in_the_new_layout(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    ok(cli("init", str(root)))
    assert "/contacts.yaml\n" in (root / ".gitignore").read_text(encoding="utf-8")
    tracked = git(root, "ls-files").split()
    assert KEY_PATH in tracked and CONTACTS not in tracked and ".gitignore" in tracked
    assert (root / CONTACTS).is_file() and read_book(root).entries == {}
    assert git(root, "status", "--porcelain") == ""
    key = read_key(root)
    assert key is not None and len(key) == 32


def test_no_email_or_phone_in_any_commit(cop: Path, tmp_path: Path) -> None:
    """The issue's test: every blob of every commit, pushed to a new bare repository."""
    bare = tmp_path / "public.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(cop, "push", "-q", str(bare), "main")
    everything = all_objects(bare)
    for secret in SECRETS:
        assert secret.encode() not in everything, secret
    # they are in contacts.yaml, which is not tracked and is listed in .gitignore
    contacts = (cop / CONTACTS).read_text(encoding="utf-8")
    assert all(s in contacts for s in SECRETS)
    assert CONTACTS not in git(cop, "ls-files").split()
    assert git(cop, "status", "--porcelain") == ""
    # members.yaml holds the hashes of the emails, under the CoP's key
    key = read_key(cop)
    assert key is not None
    members = (cop / "members.yaml").read_text(encoding="utf-8")
    for email in ("maria@example.org", "ana.ruiz@example.net", "pedro.gil@example.net"):
        assert f"email_hash: {email_hash(key, email)}\n" in members
    # the attendee named by email and the person imported by email are the members
    meeting = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, ana-ruiz, pedro-gil]" in meeting


def test_member_commands_read_contacts_yaml(cop: Path, cli: Cli) -> None:
    shown = ok(cli("member", "show", "maria-lopez", "--cop", str(cop))).stdout
    assert "@" not in shown and "email_hash" not in shown
    shown = ok(cli("member", "show", "maria-lopez", "--include-contacts", "--cop",
                   str(cop))).stdout
    assert "email: maria@example.org\nphone: +51 984 000 000\npreferred_channel: whatsapp\n" \
        in shown
    listed = ok(cli("member", "list", "--include-contacts", "--format", "csv", "--cop",
                    str(cop))).stdout
    assert "rosa-quispe,Rosa Quispe,,,,,2" in listed and \
        ",rosa@example.org,'+51 984 555 666," in listed
    assert ok(cli("newsletter", "--recipients", "--cop", str(cop))).stdout == \
        "maria@example.org\n"
    # --unset of a contact field: from contacts.yaml, and the hash with the email
    result = ok(cli("member", "update", "rosa-quispe", "--unset", "email", "--cop", str(cop)))
    assert "contacts.yaml: email of rosa-quispe removed" in result.stdout
    assert "rosa@example.org" not in (cop / CONTACTS).read_text(encoding="utf-8")
    assert git(cop, "show", "--format=%s", "--stat", "HEAD").splitlines()[0] == \
        "copkit: update member rosa-quispe"


def test_a_copy_without_contacts_yaml_still_matches_by_email(cop: Path, cli: Cli,
                                                             tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(cop), str(clone))
    assert not (clone / CONTACTS).exists()
    roster = tmp_path / "again.csv"
    roster.write_text("name,email\nA. Ruiz Quispe,ANA.RUIZ@example.net \n", encoding="utf-8")
    result = ok(cli("import", "members", str(roster), "--cop", str(clone)))
    assert "A. Ruiz Quispe: ana-ruiz by email" in result.stdout
    assert "nothing to write" in result.stdout
    # on the command line too
    ok(cli("meeting", "new", "--date", "2026-06-10", "--title", "Second", "--attendee",
           "luis.soto@example.net", "--cop", str(clone)))
    assert "attendees: [luis-soto]" in (clone / "meetings" / "2026-06-10-second.yaml"
                                        ).read_text(encoding="utf-8")
    # an email taken is refused by its hash
    result = cli("member", "add", "Another", "--email", "Maria@Example.org", "--cop",
                 str(clone))
    assert result.exit_code == 1
    assert "already belongs to member 'maria-lopez'" in result.output
    # contact features say how to get the file; nothing else needs it
    result = cli("newsletter", "--recipients", "--cop", str(clone))
    assert result.exit_code == 1 and "copkit contacts import" in result.output
    result = ok(cli("member", "list", "--include-contacts", "--cop", str(clone)))
    assert "no contact details here: contacts.yaml is not in git" in result.output
    ok(cli("check", "--cop", str(clone)))


def _age_keys(folder: Path) -> dict[str, Path]:
    from pyrage import x25519

    keys: dict[str, Path] = {}
    for who in ("ana", "luis"):
        identity = x25519.Identity.generate()
        (folder / f"{who}.key").write_text(f"# {who}\n{identity}\n", encoding="utf-8")
        (folder / f"{who}.pub").write_text(f"{identity.to_public()}\n", encoding="utf-8")
        keys[who] = folder / who
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                    str(folder / "id_ed25519")], check=True)
    return keys


def test_export_import_round_trip_between_keys(cop: Path, cli: Cli, tmp_path: Path) -> None:
    keys = _age_keys(tmp_path)
    sealed = tmp_path / "contacts.age"
    ssh_pub = (tmp_path / "id_ed25519.pub").read_text(encoding="utf-8").strip()
    result = ok(cli("contacts", "export", "--to", f"{keys['ana']}.pub", "--to", ssh_pub,
                    "--out", str(sealed), "--cop", str(cop)))
    assert result.stdout == f"wrote {sealed}: the contact details of 5 member(s), " \
        "encrypted for 2 key(s)\n"
    assert b"maria@example.org" not in sealed.read_bytes()
    original = (cop / CONTACTS).read_bytes()
    for n, identity in enumerate((f"{keys['ana']}.key", str(tmp_path / "id_ed25519"))):
        clone = tmp_path / f"clone{n}"
        git(tmp_path, "clone", "-q", str(cop), str(clone))
        # a wrong key: a clear error, nothing written
        wrong = cli("contacts", "import", str(sealed), "--identity", f"{keys['luis']}.key",
                    "--cop", str(clone))
        assert wrong.exit_code == 1
        assert "was not encrypted for the key in" in wrong.output
        assert "nothing was written" in wrong.output
        assert not (clone / CONTACTS).exists()
        result = ok(cli("contacts", "import", str(sealed), "--identity", identity, "--cop",
                        str(clone)))
        assert result.stdout == "contacts.yaml: 5 added, 0 updated\n"
        assert (clone / CONTACTS).read_bytes() == original
        assert git(clone, "status", "--porcelain") == ""
    # the file already there: never overwritten
    again = cli("contacts", "export", "--to", f"{keys['ana']}.pub", "--out", str(sealed),
                "--cop", str(cop))
    assert again.exit_code == 1 and "already exists" in again.output, again.output


def test_merge_keeps_the_newest_entry_and_lists_differences(cop: Path, cli: Cli,
                                                            tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.yaml"
    theirs.write_text(
        "contacts:\n"
        "  - id: ana-ruiz\n    email: ana@new.example.net\n"
        "    updated: '2999-01-01T00:00:00Z'\n"
        "  - id: luis-soto\n    email: luis@old.example.net\n"
        "    updated: '2000-01-01T00:00:00Z'\n"
        "  - id: pedro-gil\n    phone: '+51 1'\n"
        "  - id: nobody-here\n    email: x@example.net\n", encoding="utf-8")
    stamps = {mid: e.updated for mid, e in read_book(cop).entries.items()}
    result = ok(cli("contacts", "merge", str(theirs), "--cop", str(cop)))
    assert result.stdout.splitlines() == [
        "contacts.yaml: 1 added, 1 updated",
        f"  differs: ana-ruiz: theirs kept (changed 2999-01-01T00:00:00Z; yours "
        f"{stamps['ana-ruiz']})",
        f"  differs: luis-soto: yours kept (changed {stamps['luis-soto']}; theirs "
        "2000-01-01T00:00:00Z)",
        f"  differs: pedro-gil: yours kept (changed {stamps['pedro-gil']}; theirs undated)",
        "warning: 'nobody-here' is not a member here (kept; copkit check lists it)"]
    book = read_book(cop)
    assert book.entries["ana-ruiz"].email == "ana@new.example.net"
    assert book.entries["luis-soto"].email == "luis.soto@example.net"
    checked = cli("check", "--cop", str(cop))
    line = book.where("nobody-here")[0]
    assert f"contacts.yaml:{line}:9: warning[unknown-member] contacts: 'nobody-here' is " \
        "not a member in members.yaml" in checked.stdout


OLD_LAYOUT = ROOT / "tests" / "data" / "old-layout" / "led-units-members.yaml"


def test_split_of_an_old_layout_example(example_cop: Callable[..., Path], cli: Cli,
                                        tmp_path: Path) -> None:
    """led-units as it was shipped before the new layout (its members.yaml kept in
    tests/data), with a comment of a user's in it."""
    root = example_cop("led-units", commit=False)
    old = OLD_LAYOUT.read_text(encoding="utf-8").replace(
        "    phone: \"+51 984 000 123\"\n", "    phone: \"+51 984 000 123\"   # her mobile\n"
        "    # María prefers WhatsApp\n")
    (root / "members.yaml").write_text(old, encoding="utf-8")
    for path in (root / CONTACTS, root / KEY_PATH, root / ".gitignore"):
        path.unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "old layout")
    checked = cli("check", "--cop", str(root))
    assert checked.exit_code == 1
    assert "members.yaml:9:12: error[contact-in-git] members[0].email: a contact detail in " \
        "members.yaml, a committed file" in checked.stdout
    assert "hint: run `copkit contacts split`" in checked.stdout
    # each field of the first ten members holding any, then one finding for the others
    blocks = old.split("\n  - id: ")[1:]
    holding = [b for b in blocks if re.search(r"^    (email|phone|preferred_channel): ", b,
                                              flags=re.M)]
    fields = sum(len(re.findall(r"^    (email|phone|preferred_channel): ", b, flags=re.M))
                 for b in holding[:10])
    assert checked.stdout.count("error[contact-in-git]") == fields + 1
    assert f"members.yaml holds the contact details of {len(holding) - 10} more member(s), " \
        "from members[10] on" in checked.stdout
    # still read until then
    shown = ok(cli("member", "show", "maria-lopez", "--include-contacts", "--cop", str(root)))
    assert "phone: +51 984 000 123" in shown.stdout

    result = ok(cli("contacts", "split", "--cop", str(root)))
    assert result.stdout.splitlines()[:2] == [
        "moved the contact details of 20 member(s) to contacts.yaml (never committed); wrote "
        "members.yaml, .copkit/hash-key, .gitignore",
        f"committed {git(root, 'rev-parse', '--short=8', 'HEAD').strip()}: copkit: contacts "
        "split"]
    assert "Git history still holds the old contact details" in result.stdout
    assert "Every clone and fork made before keeps them too" in result.stdout
    assert "git filter-repo --force --replace-text ~/contacts-purge.txt" in result.stdout
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        ".copkit/hash-key", ".gitignore", "members.yaml"]
    assert git(root, "status", "--porcelain") == ""
    ok(cli("check", "--cop", str(root)))
    key = read_key(root)
    assert key is not None
    text = (root / "members.yaml").read_text(encoding="utf-8")
    assert text.startswith("""\
# Members of the municipal LED units community of practice (planning steps 1 to 3).
members:
  - id: maria-lopez
    name: María López Arce
    organisation: Municipalidad Provincial de Cusco
    country: PE
    roles: [facilitator]
    level: core
    email_hash: {}
    # her mobile
    # María prefers WhatsApp
    joined: 2025-03-15
""".format(email_hash(key, "maria.lopez@example.org")))
    assert not re.search(r"^    (email|phone|preferred_channel): ", text, flags=re.M)
    book = read_book(root)
    example = tmp_path / "shipped"
    example.mkdir()
    shutil.copyfile(EXAMPLES / "led-units" / "contacts.yaml.example", example / CONTACTS)
    shipped = read_book(example)
    assert len(book.entries) == 20
    for mid, entry in book.entries.items():  # the example's own contacts, as split made them
        mine = entry.model_dump(exclude={"updated", "consent"})
        assert mine == shipped.entries[mid].model_dump(exclude={"updated", "consent"}), mid
        assert entry.consent.directory == shipped.entries[mid].consent.directory
    purge = ok(cli("contacts", "purge-list", "--cop", str(root))).stdout.splitlines()
    assert "maria.lopez@example.org==>(contact removed)" in purge
    assert "+51 984 000 123==>(contact removed)" in purge
    assert ok(cli("contacts", "split", "--cop", str(root))).stdout == \
        "nothing to move: members.yaml holds no contact details\n"
    # forgetting someone after the split: their email and phone are in history (the commits
    # before the split), so the purge steps name them and copkit does not say otherwise
    gone = ok(cli("member", "forget", "maria-lopez", "--yes", "--cop", str(root))).stdout
    assert "contacts.yaml: their entry deleted (that file is never committed; their email or " \
        "phone is still in git history, from before the contacts were split out of " \
        "members.yaml)" in gone
    assert "never committed: git history\nholds neither" not in gone
    assert "git history still does" in gone
    assert "maria.lopez@example.org==>" in gone and "+51 984 000 123==>" in gone


def test_forget_leaves_no_contact_anywhere(cop: Path, cli: Cli) -> None:
    ok(cli("check", "--cop", str(cop)))  # the caches filled
    ok(cli("find", "Unit", "--cop", str(cop)))
    result = ok(cli("member", "forget", "ana-ruiz", "--yes", "--cop", str(cop)))
    assert "contacts.yaml: their entry deleted" in result.stdout
    assert "Their email and phone were kept in contacts.yaml, never committed" in result.stdout
    traces = (b"ana.ruiz@example.net", b"+51 984 111 222")
    for path in cop.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(t in data for t in traces), path
    # copkit's caches of this CoP (its parsed files, the index of find) hold none of it
    from copkit.model.cache import ParseCache
    from copkit.model.search_index import index_path

    for cache in (ParseCache(cop).path, index_path(cop)):
        assert not cache.exists() or not any(t in cache.read_bytes() for t in traces), cache
    everything = all_objects(cop)
    assert not any(t in everything for t in traces)
    assert "ana-ruiz" not in read_book(cop).entries


def test_a_commit_of_contacts_yaml_is_refused(cop: Path) -> None:
    from copkit.edit import store
    from copkit.git import commit as gitio

    before = (cop / "members.yaml").read_bytes()
    with pytest.raises(GitError) as caught, store.cop_lock(cop):
        store.write_text(cop / "members.yaml", "members: []\n")
        gitio.commit_paths(gitio.open_repo(cop), [cop / "members.yaml", cop / CONTACTS],
                           "copkit: test")
    assert "contacts.yaml holds the members' contact details and is never committed" in \
        caught.value.message
    assert (cop / "members.yaml").read_bytes() == before  # nothing was written
    assert CONTACTS not in git(cop, "ls-files").split()


def test_contact_field_typed_by_hand_and_contacts_in_git(cop: Path, cli: Cli) -> None:
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    (cop / "members.yaml").write_text(text.replace("    name: Rosa Quispe\n",
                                                   "    name: Rosa Quispe\n"
                                                   "    phone: 555 123\n"), encoding="utf-8")
    checked = cli("check", "--cop", str(cop))
    assert checked.exit_code == 1
    line = text.splitlines().index("    name: Rosa Quispe") + 2
    assert f"members.yaml:{line}:12: error[contact-in-git] members[1].phone" in checked.stdout
    git(cop, "checkout", "--", "members.yaml")
    git(cop, "add", "-f", CONTACTS)
    checked = cli("check", "--cop", str(cop))
    assert "contacts.yaml:1:1: error[contacts-in-git] contacts.yaml is tracked by git" in \
        checked.stdout
    assert "git rm --cached contacts.yaml" in checked.stdout


def test_check_public_names_members_without_consent(cop: Path, cli: Cli) -> None:
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8")
                       + "notes: |\n  Ana ruiz presented; maria-lopez took notes.\n"
                       "  Then LUIS SOTO asked a question.\n", encoding="utf-8")
    ok(cli("check", "--cop", str(cop)))  # names are a concern only for publishing
    result = cli("check", "--public", "--cop", str(cop))
    assert result.exit_code == 1
    lines = meeting.read_text(encoding="utf-8").splitlines()
    ana = lines.index("  Ana ruiz presented; maria-lopez took notes.") + 1
    out = result.stdout
    assert f"meetings/2026-05-10-unit-models.yaml:{ana}:3: warning[public-name] names Ana " \
        "Ruiz ('ana-ruiz'), who did not agree to be named in public" in out
    assert f"meetings/2026-05-10-unit-models.yaml:{ana + 1}:8: warning[public-name] names " \
        "Luis Soto ('luis-soto')" in out
    assert "members.yaml names 5 member(s) who did not agree to be named in public" in out
    assert "maria-lopez')" not in out  # an id is not a name


def test_many_updates_in_one_pass_keep_comments_and_order(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An import's contacts (BookEdit.set_many): entries the file has are changed in place
    (their comments, order and untouched values kept), the others appended, in one pass."""
    from copkit.contacts import book

    monkeypatch.setattr(book, "now_stamp", lambda: "2026-12-01T09:00:00Z")
    (tmp_path / CONTACTS).write_text(
        "# ours\ncontacts:\n"
        "  - id: ana  # the coordinator\n    email: ana@example.org\n"
        "    consent: {directory: true}\n    updated: \"2026-01-01T00:00:00Z\"\n"
        "  # between entries\n"
        "  - id: bob\n    phone: \"+51 984 000 001\"\n    updated: \"2026-01-01T00:00:00Z\"\n"
        "  - id: cy\n    email: cy@example.org\n    updated: \"2026-01-01T00:00:00Z\"\n",
        encoding="utf-8")
    edit = book.BookEdit(tmp_path)
    edit.set_many({"ana": {"phone": "+51 984 000 002", "consent": {"newsletter": True}},
                   "cy": {"email": "cy@example.org"},  # unchanged: its stamp stays
                   "bob": {"phone": None, "email": "bob@example.org"},
                   "dee": {"email": "dee@example.org"}})
    assert edit.save()
    assert (tmp_path / CONTACTS).read_text(encoding="utf-8") == (
        "# ours\ncontacts:\n"
        "  - id: ana  # the coordinator\n    email: ana@example.org\n"
        "    phone: +51 984 000 002\n"
        "    consent: {directory: true, newsletter: true}\n"
        "    updated: \"2026-12-01T09:00:00Z\"\n"
        "  # between entries\n"
        "  - id: bob\n    email: bob@example.org\n    updated: \"2026-12-01T09:00:00Z\"\n"
        "  - id: cy\n    email: cy@example.org\n    updated: \"2026-01-01T00:00:00Z\"\n"
        "  - id: dee\n    email: dee@example.org\n    updated: \"2026-12-01T09:00:00Z\"\n")
    assert sorted(read_book(tmp_path).entries) == ["ana", "bob", "cy", "dee"]


def test_email_hash_is_hmac_sha256_of_the_folded_email() -> None:
    """email_hash starts from SHA-256 states made once per key (an import hashes thousands
    of emails): the same digest as the standard library's HMAC, for every key length."""
    import hashlib
    import hmac

    from copkit.contacts.keys import Hasher

    for key in (bytes(range(16)), b"k" * 32, b"\xff" * 64, bytes(range(100))):
        for email in ("Maria@Example.org ", "ñandú@ejemplo.pe", "a@b.co"):
            want = hmac.new(key, email.strip().casefold().encode("utf-8"),
                            hashlib.sha256).hexdigest()
            assert email_hash(key, email) == want
            hasher = Hasher(key)
            assert hasher.form(email) == f"hmac:{want}" and hasher.hash(email) == want
    assert Hasher(None).form(" Maria@Example.org") == "maria@example.org"


def test_contacts_yaml_problems_are_located(tmp_path: Path) -> None:
    """Each bad entry is a finding at its own place (the list is validated whole first, each
    entry on its own only when that fails); a second entry of a member is reported where it
    is, the first kept."""
    (tmp_path / CONTACTS).write_text(
        "contacts:\n  - id: ana\n    email: ana@example.org\n  - id: luis\n"
        "    email: not-an-email\n  - id: ana\n    phone: \"+51 1\"\n  - id: rosa\n"
        "    consent: {directory: yes-please}\n", encoding="utf-8")
    book = read_book(tmp_path)
    assert list(book.entries) == ["ana"] and book.entries["ana"].email == "ana@example.org"
    assert [(f.location, f.code) for f in book.findings] == [
        ("contacts.yaml:5:12", "bad-email"), ("contacts.yaml:9:26", "wrong-type"),
        ("contacts.yaml:6:9", "duplicate-id")]


def test_plain_contacts_restate_the_model() -> None:
    """contacts.yaml read without pydantic (member list --include-contacts) holds the model's
    values: the same patterns, the same fields."""
    from copkit.contacts import plain
    from copkit.contacts.book import Contact, ContactConsent
    from copkit.model import fields

    assert plain._ID.pattern == fields.SLUG_PATTERN
    assert plain._EMAIL.pattern == fields.EMAIL_PATTERN
    assert plain.FIELDS == tuple(Contact.model_fields)
    assert plain.CONSENTS == tuple(ContactConsent.model_fields)


def test_contacts_read_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    """contacts.yaml is read with what the command holds kept out of the collector's passes
    (contacts.plain.apart: frozen, then given back): every reading gives back the same entries
    and leaves nothing frozen; inside a frozen stretch (a large load) it leaves it frozen."""
    import gc

    from copkit.contacts.book import BookEdit
    from copkit.contacts.plain import apart, plain_book

    (tmp_path / CONTACTS).write_text("contacts:\n  - id: ana\n    email: ana@example.org\n"
                                     "  - id: bob\n", encoding="utf-8")
    assert gc.get_freeze_count() == 0
    with apart():
        inside = gc.get_freeze_count()
        book = plain_book(tmp_path)  # nested: nothing thawed before the outer one ends
        assert gc.get_freeze_count() == inside > 0
    assert gc.get_freeze_count() == 0
    assert book is not None and list(book) == ["ana", "bob"] and plain_book(tmp_path) == book
    assert gc.get_freeze_count() == 0
    assert list(read_book(tmp_path).entries) == ["ana", "bob"] and gc.get_freeze_count() == 0
    assert BookEdit(tmp_path).entry("bob") == {"id": "bob"} and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert plain_book(tmp_path) == book and gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


_ANY = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
                 st.dates(), st.text(max_size=6), st.lists(st.integers(0, 2), max_size=2),
                 st.dictionaries(st.text(max_size=2), st.booleans()))
_CONTACT = st.fixed_dictionaries(
    {"id": st.sampled_from(["ana-ruiz", "a1", "Ana", " ana"])},
    optional={"email": st.one_of(st.sampled_from([None, "a@b.org", " a@b.org ", "a@b",
                                                  "a b@c.org"]), _ANY),
              "phone": st.one_of(st.none(), st.text(max_size=6), _ANY),
              "preferred_channel": st.one_of(st.none(), st.text(max_size=6), _ANY),
              "updated": st.one_of(st.none(), st.text(max_size=6), _ANY),
              "consent": st.one_of(st.dictionaries(
                  st.sampled_from(["directory", "newsletter", "public"]),
                  st.one_of(st.booleans(), st.integers(0, 1)), max_size=2), _ANY),
              "emial": _ANY})


@settings(max_examples=400, deadline=None)
@given(item=_CONTACT)
def test_plain_contact_is_what_pydantic_says(item: dict[str, object]) -> None:
    """An entry the plain reading takes is valid, and dumps as the model does; what it does
    not take is left to pydantic (which may accept it)."""
    from copkit.contacts.book import Contact
    from copkit.contacts.plain import plain_entry

    assert_plain_agrees(plain_entry(item), Contact, item, "entry")


def test_member_list_reads_contacts_yaml_as_check_does(cop: Path, cli: Cli) -> None:
    """member list --include-contacts reads the file without pydantic when every entry is
    plain, and refuses it, as before, when one is wrong; an entry in another shape that the
    model takes (a phone written as a number) is shown as the model reads it."""
    from copkit.contacts.plain import plain_book

    assert plain_book(cop) is not None
    text = (cop / CONTACTS).read_text(encoding="utf-8")
    assert "    phone: +51 984 555 666\n" in text
    (cop / CONTACTS).write_text(text.replace("phone: +51 984 555 666", "phone: 51984555666"),
                                encoding="utf-8")
    assert plain_book(cop) is None
    listed = ok(cli("member", "list", "--include-contacts", "--format", "csv", "--cop",
                    str(cop))).stdout
    assert ",rosa@example.org,51984555666," in listed
    assert '    email: rosa@example.org\n' in text  # an email written unquoted
    (cop / CONTACTS).write_text(text.replace('email: rosa@example.org',
                                             'email: "rosa-at-example.org"'), encoding="utf-8")
    result = cli("member", "list", "--include-contacts", "--cop", str(cop))
    assert result.exit_code == 1
    assert "'rosa-at-example.org' is not an email address" in result.output



def test_check_reads_contacts_yaml_plainly_or_fully(cop: Path, cli: Cli) -> None:
    """check reads a plain contacts.yaml without pydantic and still compares each email with
    its hash; an entry pydantic refuses is reported, at its place, as before."""
    from copkit.contacts.plain import plain_book

    ok(cli("check", "--cop", str(cop)))
    text = (cop / CONTACTS).read_text(encoding="utf-8")
    changed = text.replace('email: rosa@example.org', 'email: "rosa.q@example.org"')
    (cop / CONTACTS).write_text(changed, encoding="utf-8")
    assert plain_book(cop) is not None
    members = (cop / "members.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, ln in enumerate(members, 1) if ln.startswith("    email_hash:")
                and n > members.index("  - id: rosa-quispe"))
    checked = ok(cli("check", "--cop", str(cop))).stdout
    assert f"members.yaml:{line}:17: warning[stale-email-hash] members[1].email_hash is not " \
        "the hash of the email contacts.yaml gives 'rosa-quispe'" in checked
    (cop / CONTACTS).write_text(changed.replace('"rosa.q@example.org"', '"rosa.q"'),
                                encoding="utf-8")
    bad = changed.replace('"rosa.q@example.org"', '"rosa.q"').splitlines()
    at = bad.index('    email: "rosa.q"') + 1
    refused = cli("check", "--cop", str(cop))
    assert refused.exit_code == 1
    assert f"contacts.yaml:{at}:12: error[bad-email] contacts[" in refused.stdout
