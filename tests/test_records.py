"""Core record operations: the YAML they write, comments kept elsewhere, the commit made,
and every refusal (nothing written, nothing lost)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.checks.run import check_cop
from copkit.edit.splice import ListFile
from copkit.errors import RecordError, UsageError
from copkit.records import kinds
from copkit.records.attendance import attend_meeting
from copkit.records.context import Context
from copkit.records.forget import forget_member, purge_instructions
from copkit.records.ids import unique_id
from copkit.records.members import MEMBER_FIELDS, leave_member
from copkit.records.writing import set_field, to_yaml
from copkit.text import slugify
from copkit.yaml.read import read_file

from .conftest import EXAMPLE_NAMES, EXAMPLES, assert_plain_agrees, git
from .records_cop import MEETING, MEMBERS, small_cop


@pytest.fixture
def cop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-22")
    return small_cop(tmp_path)


def head(root: Path) -> str:
    return git(root, "log", "-1", "--format=%B").strip()


def changed_files(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def assert_clean(root: Path) -> None:
    assert git(root, "status", "--porcelain") == ""
    _, findings = check_cop(root)
    # the small CoP is in the old layout (contacts in members.yaml, #20): check's error about
    # that is the one expected
    assert [f for f in findings if f.severity == "error" and f.code != "contact-in-git"] == []


# ---------------------------------------------------------------- ids
@pytest.mark.parametrize("text, slug", [
    ("María López", "maria-lopez"), ("  Renée  Côté ", "renee-cote"),
    ("Jürgen Müller-Weiß", "jurgen-muller-weiss"), ("Łukasz Øster", "lukasz-oster"),
    ("O'Brien, Seán", "o-brien-sean"), ("!!!", ""), ("Ünïcødé 2026", "unicode-2026"),
    ("Straße Øster", "strasse-oster"),
])
def test_slugify_folds_accents_to_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_unique_id() -> None:
    assert unique_id("ana-ruiz", {"ana-ruiz", "ana-ruiz-2"}) == "ana-ruiz-3"
    assert unique_id("x", set()) == "x"


# ---------------------------------------------------------------- members
def test_add_member_appends_keeps_comments_and_commits(cop: Path) -> None:
    before = (cop / "members.yaml").read_text(encoding="utf-8")
    out = kinds.add("member", cop, {"name": "Renée Côté", "email": "renee@example.org",
                                    "roles": ["expert"], "country": "CA",
                                    "consent": {"directory": True, "public": False}})
    assert out.record_id == "renee-cote"
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert text.startswith(before.replace("# end of the list\n", ""))
    assert text.endswith(
        "  - id: renee-cote\n"
        "    name: Renée Côté\n"
        "    country: CA\n"
        "    roles: [expert]\n"
        "    email: renee@example.org\n"
        "    joined: 2026-11-22\n"
        "    consent: {directory: true, public: false}\n"
        "# end of the list\n")
    assert head(cop) == ("copkit: add member renee-cote\n\n"
                         "members.yaml: member renee-cote added")
    assert changed_files(cop) == ["members.yaml"]
    assert_clean(cop)


def test_add_member_id_made_unique(cop: Path) -> None:
    assert kinds.add("member", cop, {"name": "Ana Ruiz"}).record_id == "ana-ruiz-3"


def test_add_member_existing_id_refused_nothing_written(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("member", cop, {"name": "Someone"}, record_id="juan-perez")
    assert exc.value.message == "the member id 'juan-perez' already exists"
    assert exc.value.location == "members.yaml:15:9"
    assert (cop / "members.yaml").read_text(encoding="utf-8") == MEMBERS
    assert git(cop, "rev-list", "--count", "HEAD").strip() == "1"


def test_add_member_invalid_values_refused(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("member", cop, {"name": "X", "email": "not-an-email", "level": "boss"})
    assert "email: 'not-an-email' is not an email address" in exc.value.message
    assert "level: Input should be 'core', 'active' or 'peripheral'" in exc.value.message
    assert (cop / "members.yaml").read_text(encoding="utf-8") == MEMBERS


def test_add_member_same_email_refused(cop: Path) -> None:
    with pytest.raises(RecordError, match="already belongs to member 'maria-lopez'"):
        kinds.add("member", cop, {"name": "M. López", "email": "MARIA@example.org"})


def test_no_commit_writes_but_does_not_commit(cop: Path) -> None:
    out = kinds.add("member", cop, {"name": "Kofi Mensah"}, no_commit=True)
    assert out.commit is None
    assert git(cop, "status", "--porcelain").strip() == "M members.yaml"


def test_not_a_git_repo_refused_before_writing(tmp_path: Path) -> None:
    root = small_cop(tmp_path, commit=False)
    with pytest.raises(Exception, match="not inside a git repository") as exc:
        kinds.add("member", root, {"name": "Kofi"})
    assert "--no-commit" in (exc.value.hint or "")  # type: ignore[attr-defined]
    assert (root / "members.yaml").read_text(encoding="utf-8") == MEMBERS


def test_update_member_in_place(cop: Path) -> None:
    out = kinds.update("member", cop, "juan-perez", {"level": "active", "roles": ["expert",
                                                                                    "facilitator"]})
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert ("  # Juan leads the unit-models topic\n  - id: juan-perez\n    name: Juan Pérez\n"
            "    roles: [expert, facilitator]\n    level: active\n    joined: 2026-01-10\n"
            ) in text
    assert out.body == ["members.yaml: juan-perez: level: (none) -> active",
                        "members.yaml: juan-perez: roles: thematic-leader -> expert, "
                        "facilitator"]
    diff = git(cop, "show", "--format=", "HEAD")
    assert diff.count("\n-") == 2 and diff.count("\n+") == 3  # one line out, two in (+header)
    assert_clean(cop)


def test_update_member_unset_and_contacts_not_in_commit(cop: Path) -> None:
    out = kinds.update("member", cop, "maria-lopez", {"email": "m.lopez@example.org"}, ["phone"])
    assert out.body == ["members.yaml: maria-lopez: email changed",
                        "members.yaml: maria-lopez: phone removed"]
    assert "984" not in head(cop) and "m.lopez" not in head(cop)
    text = (cop / "members.yaml").read_text(encoding="utf-8")
    assert "phone" not in text and "    email: m.lopez@example.org\n" in text


def test_update_member_nothing_to_change(cop: Path) -> None:
    out = kinds.update("member", cop, "maria-lopez", {"level": "core"})
    assert out.paths == [] and out.notes
    assert git(cop, "rev-list", "--count", "HEAD").strip() == "1"


def test_update_unknown_member(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.update("member", cop, "juan-peres", {"level": "core"})
    assert exc.value.message == "there is no member with the id 'juan-peres'"
    assert exc.value.hint == "did you mean 'juan-perez'?"


def test_leave_sets_left_and_never_deletes(cop: Path) -> None:
    leave_member(cop, "jose-garcia", dt.date(2026, 10, 31))
    data = read_file(cop / "members.yaml", "members.yaml").data
    jose = next(m for m in data["members"] if m["id"] == "jose-garcia")
    assert jose["left"] == dt.date(2026, 10, 31)
    assert len(data["members"]) == 5
    assert head(cop).startswith("copkit: member jose-garcia left")
    with pytest.raises(RecordError, match="cannot leave on 2025-01-01"):
        leave_member(cop, "jose-garcia", dt.date(2025, 1, 1))


# ---------------------------------------------------------------- forget
def test_forget_replaces_everywhere_and_keeps_counts(cop: Path) -> None:
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    text = meeting.read_text(encoding="utf-8").replace(
        "decisions:", "guests:\n  - {name: MARIA LOPEZ, organisation: Cusco}\ndecisions:")
    meeting.write_text(text, encoding="utf-8")
    git(cop, "commit", "-qam", "guest")
    out = forget_member(cop, "maria-lopez")
    assert out.placeholder == "forgotten-member-1"
    members = (cop / "members.yaml").read_text(encoding="utf-8")
    assert "María" not in members and "maria@" not in members and "984" not in members
    assert "Cusco" not in members
    assert ("  - id: forgotten-member-1 # the facilitator\n"
            "    name: Forgotten member 1\n    roles: [facilitator]\n    level: core\n"
            "    joined: 2026-01-10\n    left: 2026-11-22\n") in members
    m = meeting.read_text(encoding="utf-8")
    assert "facilitator: forgotten-member-1\n" in m
    assert "attendees: [forgotten-member-1, juan-perez] # who came\n" in m
    assert "  - {name: Forgotten member 1}\n" in m
    agenda = (cop / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert "members: [juan-perez, forgotten-member-1]" in agenda
    acts = (cop / "activities.yaml").read_text(encoding="utf-8")
    assert "owner: forgotten-member-1" in acts
    assert set(out.paths) == {"members.yaml", "meetings/2026-05-10-unit-models.yaml",
                              "learning-agenda.yaml", "activities.yaml"}
    assert "maria" not in head(cop).lower()
    text = purge_instructions(out)
    assert "git filter-repo" in text
    assert r"regex:(?<![\w-])María\ López(?![\w-])==>Forgotten member 1" in text
    assert r"regex:(?<![\w-])maria\-lopez(?![\w-])==>forgotten-member-1" in text
    assert "maria@example.org==>Forgotten member 1" in text
    assert_clean(cop)


def test_forget_reports_free_text_mentions(cop: Path) -> None:
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    meeting.write_text(MEETING.replace("Cusco started", "Juan Pérez said Cusco started"),
                       encoding="utf-8")
    git(cop, "commit", "-qam", "notes")
    out = forget_member(cop, "juan-perez")
    assert "meetings/2026-05-10-unit-models.yaml:10" in out.mentions


# ---------------------------------------------------------------- meetings
def test_new_meeting_file(cop: Path) -> None:
    out = kinds.add("meeting", cop, {"date": "2026-06-14", "title": "Budget hearings: how?",
                                     "format": "virtual", "facilitator": "María López",
                                     "attendees": ["juan-perez", "jose@example.org"],
                                     "topics": ["budget-hearings"], "notes": "Line 1\nLine 2",
                                     "guests": [{"name": "Dr. Ana Ruiz", "organisation": "PUCP"}]})
    assert out.record_id == "2026-06-14-budget-hearings-how"
    text = (cop / "meetings" / "2026-06-14-budget-hearings-how.yaml").read_text("utf-8")
    assert text == ("date: 2026-06-14\ntitle: 'Budget hearings: how?'\nformat: virtual\n"
                    "facilitator: maria-lopez\ntopics: [budget-hearings]\n"
                    "attendees: [juan-perez, jose-garcia]\nguests:\n"
                    "  - {name: Dr. Ana Ruiz, organisation: PUCP}\n"
                    "notes: |-\n  Line 1\n  Line 2\n")
    assert head(cop).startswith("copkit: add meeting 2026-06-14-budget-hearings-how")
    assert_clean(cop)


def test_new_meeting_same_date_and_slug_refused(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("meeting", cop, {"date": "2026-05-10", "title": "Unit models"})
    assert exc.value.message == ("a meeting on 2026-05-10 with this title is already "
                                 "recorded in meetings/2026-05-10-unit-models.yaml")
    assert exc.value.location == "meetings/2026-05-10-unit-models.yaml:1:1"
    path = cop / "meetings" / "2026-05-10-unit-models.yaml"
    assert path.read_text(encoding="utf-8") == MEETING


def test_new_meeting_unknown_references(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("meeting", cop, {"date": "2026-06-14", "title": "X", "topics": ["unit-model"]})
    assert exc.value.message == "topics: unknown topic id 'unit-model'"
    assert exc.value.hint == "did you mean 'unit-models'?"
    with pytest.raises(RecordError, match="'Nobody Known' is not a member"):
        kinds.add("meeting", cop, {"date": "2026-06-14", "title": "X",
                                   "attendees": ["Nobody Known"]})
    assert not list((cop / "meetings").glob("2026-06-14*"))


def test_attend_matches_names_and_keeps_comments(cop: Path) -> None:
    out = attend_meeting(cop, "2026-05-10-unit-models", ["JOSE GARCIA", "maria-lopez"],
                         ["Dr. Ana Ruiz|PUCP|external expert"])
    text = (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, juan-perez, jose-garcia] # who came\n" in text
    assert "guests:\n  - {name: Dr. Ana Ruiz, organisation: PUCP, role: external expert}\n" \
        in text
    assert text.startswith("# The May call\n")
    assert out.body == ["meetings/2026-05-10-unit-models.yaml: attendees + jose-garcia",
                        "meetings/2026-05-10-unit-models.yaml: guests + Dr. Ana Ruiz"]
    assert changed_files(cop) == ["meetings/2026-05-10-unit-models.yaml"]
    assert_clean(cop)


def test_attend_ambiguous_name_refused(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        attend_meeting(cop, "2026-05-10-unit-models", ["ana ruiz"])
    assert exc.value.message == "'ana ruiz' matches more than one member: ana-ruiz, ana-ruiz-2"
    assert (cop / "meetings" / "2026-05-10-unit-models.yaml").read_text("utf-8") == MEETING


def test_attend_unknown_person_added_as_member(cop: Path) -> None:
    out = attend_meeting(cop, "2026-05-10-unit-models", ["Kofi Mensah"],
                         add_unknown="members")
    assert set(out.paths) == {"members.yaml", "meetings/2026-05-10-unit-models.yaml"}
    assert "  - id: kofi-mensah\n    name: Kofi Mensah\n    joined: 2026-05-10\n" in \
        (cop / "members.yaml").read_text(encoding="utf-8")  # a member since that meeting
    assert_clean(cop)


def test_attend_unknown_meeting(cop: Path) -> None:
    with pytest.raises(RecordError, match="no meeting with the id '2026-05-10-unit-model'"):
        attend_meeting(cop, "2026-05-10-unit-model", ["juan-perez"])


# ---------------------------------------------------------------- practices
def test_add_practice(cop: Path) -> None:
    out = kinds.add("practice", cop, {"title": "Open budget hearing checklist", "kind": "tool",
                                      "contributors": ["María López"],
                                      "topics": ["budget-hearings"],
                                      "body": "1. Invite\n2. Listen\n",
                                      "files": ["files/list.pdf"]})
    assert out.record_id == "open-budget-hearing-checklist"
    text = (cop / "practices" / "open-budget-hearing-checklist.yaml").read_text("utf-8")
    assert text == ("title: Open budget hearing checklist\nkind: tool\n"
                    "contributors: [maria-lopez]\ntopics: [budget-hearings]\n"
                    "added: 2026-11-22\nbody: |\n  1. Invite\n  2. Listen\nfiles: "
                    "[files/list.pdf]\n")
    assert out.notes == ["the attached file files/list.pdf does not exist yet: add it to the "
                         "repository"]


def test_practice_path_outside_repository_refused(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("practice", cop, {"title": "Leak", "files": ["../../etc/passwd"]})
    assert exc.value.message == "--file (files[0]): '../../etc/passwd' points outside the CoP " \
                                "folder"
    with pytest.raises(RecordError, match="is an absolute path"):
        kinds.add("practice", cop, {"title": "Leak", "files": ["/etc/passwd"]})
    assert sorted(p.name for p in (cop / "practices").iterdir()) == ["led-unit-how-to.yaml"]


def test_practice_existing_id_refused(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("practice", cop, {"title": "Again"}, record_id="led-unit-how-to")
    assert exc.value.message == "the practice id 'led-unit-how-to' already exists"
    assert kinds.add("practice", cop, {"title": "LED unit how-to"}).record_id == "led-unit-how-to-2"


# ---------------------------------------------------------------- activities, stories, topics
def test_activity_add_and_update(cop: Path) -> None:
    kinds.add("activity", cop, {"title": "Budget webinar", "kind": "webinar", "owner": "juan-perez",
                                "budget": {"amount": 200, "currency": "CAD"},
                                "start": "2026-09-01", "topics": ["budget-hearings"]})
    out = kinds.update("activity", cop, "site-visit-puno", {"status": "done",
                                                            "spent": {"amount": 1320,
                                                                      "currency": "CAD"}})
    text = (cop / "activities.yaml").read_text(encoding="utf-8")
    assert ("    title: Site visit to Puno   # the first one\n" in text)
    assert ("    budget: {amount: 1500, currency: CAD}\n"
            "    spent: {amount: 1320, currency: CAD}\n    status: done\n") in text
    assert text.endswith("  - id: budget-webinar\n    title: Budget webinar\n    kind: webinar\n"
                         "    owner: juan-perez\n    start: 2026-09-01\n"
                         "    budget: {amount: 200, currency: CAD}\n"
                         "    topics: [budget-hearings]\n")
    assert out.body == ["activities.yaml: site-visit-puno: status: planned -> done",
                        "activities.yaml: site-visit-puno: spent: (none) -> 1320 CAD"]
    with pytest.raises(RecordError, match="would end"):
        kinds.update("activity", cop, "budget-webinar", {"end": "2026-08-01"})
    assert_clean(cop)


def test_activity_existing_id(cop: Path) -> None:
    with pytest.raises(RecordError) as exc:
        kinds.add("activity", cop, {"title": "x"}, record_id="site-visit-puno")
    assert exc.value.location == "activities.yaml:3:9"


def test_story_and_topic(cop: Path) -> None:
    kinds.add("story", cop, {"title": "Puno adopted the method", "member": "juan-perez",
                             "goals": ["g1"], "cycles": {"applied": "We used the guide.",
                                                         "immediate": None}})
    text = (cop / "stories" / "puno-adopted-the-method.yaml").read_text(encoding="utf-8")
    assert text == ("title: Puno adopted the method\ndate: 2026-11-22\nmember: juan-perez\n"
                    "goals: [g1]\ncycles:\n  applied: We used the guide.\n")
    with pytest.raises(RecordError, match="goals: unknown goal id 'g9'"):
        kinds.add("story", cop, {"title": "x", "goals": ["g9"]})
    kinds.add("topic", cop, {"title": "Financing LED units", "lead": "Ana Ruiz Puno"[:0] or
                             "jose-garcia", "sessions": [dt.date(2026, 12, 1)]})
    agenda = (cop / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert ("    status: planned\n  - id: financing-led-units\n    title: Financing LED units\n"
            "    lead: jose-garcia\n    sessions: [2026-12-01]\nthematic_groups:\n") in agenda
    with pytest.raises(RecordError, match="the topic id 'unit-models' already exists"):
        kinds.add("topic", cop, {"title": "x"}, record_id="unit-models")
    assert_clean(cop)


def test_topic_in_empty_scaffold_list(tmp_path: Path) -> None:
    from copkit.cli.init import init_cop

    init_cop(tmp_path / "c", name="X")
    root = tmp_path / "c"
    before = (root / "learning-agenda.yaml").read_text(encoding="utf-8")
    kinds.add("topic", root, {"title": "First topic"})
    after = (root / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert after == before.replace("topics: []\n",
                                   "topics:\n  - id: first-topic\n    title: First topic\n")


# ---------------------------------------------------------------- the item editor
def test_splice_edit_touches_only_the_item(tmp_path: Path) -> None:
    path = tmp_path / "members.yaml"
    path.write_text(MEMBERS, encoding="utf-8")
    lf = ListFile(path, "members.yaml")
    lf.edit_item("members", 1, lambda item: set_field(item, "level", "core",
                                                          MEMBER_FIELDS))
    assert lf._full is None  # no whole-file round trip
    lf.save()
    assert path.read_text(encoding="utf-8") == MEMBERS.replace(
        "    roles: [thematic-leader]\n", "    roles: [thematic-leader]\n    level: core\n")


# ---------------------------------------------------------------- concurrency
def test_two_threads_writing_lose_nothing(cop: Path) -> None:
    errors: list[BaseException] = []

    def add(name: str) -> None:
        try:
            kinds.add("member", cop, {"name": name})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(f"Person {i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = {m["id"] for m in read_file(cop / "members.yaml", "members.yaml").data["members"]}
    assert {"person-0", "person-1", "person-2", "person-3"} <= ids
    assert git(cop, "rev-list", "--count", "HEAD").strip() == "5"
    assert_clean(cop)


def test_two_processes_writing_lose_nothing(cop: Path) -> None:
    code = ("import sys; from copkit.records.kinds import add;"
            "add('member', sys.argv[1], {'name': sys.argv[2]}) if sys.argv[3] == 'm' else "
            "add('topic', sys.argv[1], {'title': sys.argv[2]})")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(cop), f"Name {i}",
                               "m" if i % 2 else "t"], stderr=subprocess.PIPE, text=True)
             for i in range(6)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    members = {m["id"] for m in read_file(cop / "members.yaml", "members.yaml")
               .data["members"]}
    topics = {t["id"] for t in read_file(cop / "learning-agenda.yaml", "learning-agenda.yaml")
              .data["topics"]}
    assert {"name-1", "name-3", "name-5"} <= members
    assert {"name-0", "name-2", "name-4"} <= topics
    assert git(cop, "rev-list", "--count", "HEAD").strip() == "7"
    assert_clean(cop)


def test_bad_date_in_values(cop: Path) -> None:
    with pytest.raises(UsageError, match="'2026-13-01' is not a date"):
        kinds.add("meeting", cop, {"date": "2026-13-01", "title": "x"})


def test_splice_on_a_large_file_is_verified_on_a_window(tmp_path: Path) -> None:
    path = tmp_path / "members.yaml"
    items = "".join(f"  - id: m-{i}   # person {i}\n    name: Person {i}\n    notes_free: |\n"
                    f"      line one\n\n      line three\n" for i in range(1500))
    text = f"# big\nmembers:\n{items}# tail comment\nother: [1, 2]\n"
    assert len(text) > 64 * 1024
    path.write_text(text, encoding="utf-8")
    lf = ListFile(path, "members.yaml")
    lf.edit_item("members", 700, lambda item: item.__setitem__("name", "Renamed"))
    lf.extend("members", [to_yaml({"id": "new-1", "name": "New One"}),
                          to_yaml({"id": "new-2", "name": "New Two"})])
    assert lf._full is None
    lf.save()
    expected = text.replace("    name: Person 700\n", "    name: Renamed\n").replace(
        "# tail comment\n", "  - id: new-1\n    name: New One\n  - id: new-2\n"
        "    name: New Two\n# tail comment\n")
    assert path.read_text(encoding="utf-8") == expected
    assert lf.sm.data["members"][-1] == {"id": "new-2", "name": "New Two"}


def test_missing_list_file_created_only_when_valid(cop: Path) -> None:
    (cop / "activities.yaml").unlink()
    git(cop, "commit", "-qam", "no activities")
    with pytest.raises(RecordError):
        kinds.add("activity", cop, {"title": "X", "owner": "nobody"})
    assert not (cop / "activities.yaml").exists()
    kinds.add("activity", cop, {"title": "X"})
    assert (cop / "activities.yaml").read_text(encoding="utf-8") == \
        "activities:\n  - id: x\n    title: X\n"


def test_broken_record_file_is_a_positioned_error(cop: Path) -> None:
    path = cop / "meetings" / "2026-05-10-unit-models.yaml"
    path.write_text("date: 2026-05-10\nattendees: [juan-perez\n", encoding="utf-8")
    with pytest.raises(RecordError) as exc:
        attend_meeting(cop, "2026-05-10-unit-models", ["juan-perez"])
    assert exc.value.location is not None
    assert exc.value.location.startswith("meetings/2026-05-10-unit-models.yaml:")
    with pytest.raises(RecordError):
        forget_member(cop, "juan-perez")
    assert (cop / "members.yaml").read_text(encoding="utf-8") == MEMBERS


# ---------------------------------------------------------------- properties and hostile text
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                       blacklist_characters="\u2028\u2029\ufeff\x85"),
                min_size=1, max_size=20).filter(lambda t: t.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(_TEXT, min_size=1, max_size=6), new=_TEXT,
       index=st.integers(min_value=0, max_value=5), big=st.booleans(), lazy=st.booleans())
def test_splice_property(tmp_path_factory: pytest.TempPathFactory, names: list[str],
                         new: str, index: int, big: bool, lazy: bool) -> None:
    """Editing one item changes that item only, whatever the text; appending adds one."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Q

    index %= len(names)
    folder = tmp_path_factory.mktemp("splice")
    path = folder / "members.yaml"
    pad = "# padding\n" * (7000 if big else 0)
    items = "".join(f"  - id: m{i}  # c{i}\n    name: {json.dumps(n, ensure_ascii=False)}\n"
                    for i, n in enumerate(names))
    text = f"# head\nmembers:\n{items}{pad}# tail\n"
    path.write_text(text, encoding="utf-8")
    lf = ListFile(path, "members.yaml", lazy=lazy)
    if lazy:
        assert lf.find("members", f"m{index}") == index
        assert lf.item("members", index) == {"id": f"m{index}", "name": names[index]}
    lf.edit_item("members", index, lambda item: item.__setitem__("name", Q(new)))
    lf.append("members", to_yaml({"id": "added", "name": new}))
    lf.save()
    data = read_file(path, "members.yaml").data["members"]
    expected = [{"id": f"m{i}", "name": new if i == index else n} for i, n in enumerate(names)]
    assert data == [*expected, {"id": "added", "name": new}]
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# head\nmembers:\n") and after.endswith(f"{pad}# tail\n")
    for i in range(len(names)):
        assert f"  - id: m{i}  # c{i}\n" in after


def test_hostile_values_kept_as_written(cop: Path) -> None:
    name = "Ana: \"the\" #1 - @x {y} [z] & *w ! | > %"
    out = kinds.add("member", cop, {"name": name, "phone": "+51984000000",
                                    "responsibilities": ["yes", "no", "2026-01-01", "=SUM(A1)"]})
    member = next(m for m in read_file(cop / "members.yaml", "m").data["members"]
                  if m["id"] == out.record_id)
    assert member["name"] == name and member["phone"] == "+51984000000"
    assert member["responsibilities"] == ["yes", "no", "2026-01-01", "=SUM(A1)"]
    assert out.record_id == "ana-the-1-x-y-z-w"
    assert_clean(cop)


def test_ids_in_comments_are_not_members(tmp_path: Path) -> None:
    from copkit.cli.init import init_cop

    root = tmp_path / "c"
    init_cop(root, name="X")
    kinds.add("meeting", root, {"date": "2026-01-05", "title": "Kick-off"})
    assert "maria-lopez" in (root / "members.yaml").read_text(encoding="utf-8")  # a comment
    with pytest.raises(RecordError, match="'maria-lopez' is not a member"):
        attend_meeting(root, "2026-01-05-kick-off", ["maria-lopez"])
    ctx = Context(root)
    assert ctx.missing_members(["maria-lopez"]) == ["maria-lopez"]


def test_quick_path_never_parses_the_whole_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "members.yaml"
    path.write_text(MEMBERS, encoding="utf-8")
    lf = ListFile(path, "members.yaml", lazy=True)
    assert lf.quick("members") == ([3, 14, 18, 22, 26], 31, 2)
    assert lf.quick_scan("members", "email") == [(0, "maria@example.org"),
                                                 (2, "jose@example.org")]
    lf.edit_item("members", 1, lambda item: item.__setitem__("level", "core"))
    lf.append("members", to_yaml({"id": "zed", "name": "Zed"}))
    assert lf._sm is None and lf._full is None
    lf.save()
    assert path.read_text(encoding="utf-8") == MEMBERS.replace(
        "    joined: 2026-01-10\n  - id: jose-garcia",
        "    joined: 2026-01-10\n    level: core\n  - id: jose-garcia").replace(
        "# end of the list", "  - id: zed\n    name: Zed\n# end of the list")


def test_quick_path_refuses_flow_items(tmp_path: Path) -> None:
    path = tmp_path / "members.yaml"
    path.write_text("members:\n  - {id: a, name: A}\n  - id: b\n    name: B\n", "utf-8")
    lf = ListFile(path, "members.yaml", lazy=True)
    assert lf.quick("members") is None
    assert lf.find("members", "b") == 1


def test_update_part_of_a_mapping(cop: Path) -> None:
    kinds.update("member", cop, "maria-lopez", {"consent": {"directory": True}})
    kinds.update("member", cop, "maria-lopez", {"consent": {"public": True}})
    member = read_file(cop / "members.yaml", "m").data["members"][0]
    assert member["consent"] == {"directory": True, "public": True}
    assert "    consent: {directory: true, public: true}\n" in \
        (cop / "members.yaml").read_text(encoding="utf-8")


def test_forget_namesake_and_whole_ids_only(cop: Path) -> None:
    """ana-ruiz is forgotten; ana-ruiz-2 (same name) keeps her id everywhere."""
    meeting = cop / "meetings" / "2026-05-10-unit-models.yaml"
    meeting.write_text(MEETING.replace("[maria-lopez, juan-perez]",
                                       "[maria-lopez, ana-ruiz, ana-ruiz-2]"), "utf-8")
    git(cop, "commit", "-qam", "ana")
    out = forget_member(cop, "ana-ruiz")
    text = meeting.read_text(encoding="utf-8")
    assert "attendees: [maria-lopez, forgotten-member-1, ana-ruiz-2]   # who came\n" in text
    assert out.namesakes == ["ana-ruiz-2"]
    assert "careful: ana-ruiz-2 has the same name" in purge_instructions(out)
    import re as _re

    pattern = next(old for old, new in out.replacements if new == "forgotten-member-1")
    regex = _re.compile(pattern.removeprefix("regex:"))
    assert regex.sub("X", "ana-ruiz, ana-ruiz-2 ana-ruiz.") == "X, ana-ruiz-2 X."


@pytest.mark.parametrize("lazy", [True, False])
def test_windows_line_ends_kept(tmp_path: Path, lazy: bool) -> None:
    path = tmp_path / "members.yaml"
    crlf = MEMBERS.replace("\n", "\r\n")
    path.write_bytes(crlf.encode("utf-8"))
    lf = ListFile(path, "members.yaml", lazy=lazy)
    lf.edit_item("members", 1, lambda item: item.__setitem__("level", "core"))
    lf.append("members", to_yaml({"id": "zed", "name": "Zed"}))
    assert lf._full is None
    lf.save()
    after = path.read_bytes().decode("utf-8")
    assert after.count("\r\n") == after.count("\n")
    assert after.replace("\r\n", "\n") == MEMBERS.replace(
        "    joined: 2026-01-10\n  - id: jose-garcia",
        "    joined: 2026-01-10\n    level: core\n  - id: jose-garcia").replace(
        "# end of the list", "  - id: zed\n    name: Zed\n# end of the list")


def test_empty_flow_list_with_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "learning-agenda.yaml"
    path.write_bytes(b"# agenda\r\ntopics: []\r\nthematic_groups: []\r\n")
    lf = ListFile(path, "learning-agenda.yaml", lazy=True)
    lf.append("topics", to_yaml({"id": "t", "title": "T"}))
    lf.save()
    assert path.read_bytes() == (b"# agenda\r\ntopics:\r\n  - id: t\r\n    title: T\r\n"
                                 b"thematic_groups: []\r\n")


# ---------------------------------------------------------------- the kinds and member list
def test_kinds_name_their_models_and_fields() -> None:
    """The table's models exist, and the field orders the updates use are the schemas'."""
    from copkit.model import schemas
    from copkit.records.meetings import MEETING_FIELDS

    for kind in kinds.KINDS.values():
        model = kind.model_class()
        assert kind.records  # listed from a Cop
        if kind.fields:
            assert kind.fields == tuple(model.model_fields), kind.name
    assert MEMBER_FIELDS == tuple(schemas.Member.model_fields)
    assert MEETING_FIELDS == tuple(schemas.Meeting.model_fields)


def test_plain_members_restate_the_schema() -> None:
    """members.yaml read without pydantic (member list) holds the schema's values."""
    from typing import get_args

    from copkit.model import schemas
    from copkit.records import members

    assert members.ROLES == set(get_args(schemas.Role))
    assert members.LEVELS == set(get_args(schemas.Level))
    assert members._EMAIL.pattern == schemas.EMAIL_PATTERN
    assert members._ID.pattern == schemas.SLUG_PATTERN
    assert set(members._PLAIN) == set(schemas.Member.model_fields)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_plain_members_are_the_models_dumped(example: str) -> None:
    from copkit.records.members import plain_members
    from copkit.records.reading import load_parts

    root = EXAMPLES / example
    plain = plain_members(root)
    assert plain is not None
    assert plain == [m.model_dump(mode="json") for m in load_parts(root, ["members.yaml"])
                     .cop.members]


_ANY = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
                 st.dates(), st.datetimes(), st.text(max_size=6),
                 st.lists(st.integers(0, 2), max_size=2), st.dictionaries(st.text(max_size=2),
                                                                          st.booleans()))
_TEXTISH = st.one_of(st.none(), st.text(max_size=6))
_WORDS = st.lists(st.text(max_size=4), max_size=2)
_DAY = st.one_of(st.none(), st.dates(), st.datetimes(), st.just("2026-01-01"))
_SHAPES = {
    "id": st.sampled_from(["ana-ruiz", "a1", "Ana"]), "name": st.text(max_size=8),
    "organisation": _TEXTISH, "phone": _TEXTISH, "preferred_channel": _TEXTISH,
    "country": st.sampled_from([None, "PE", "pe", "PER"]),
    "roles": st.lists(st.sampled_from(["expert", "participant", "boss"]), max_size=2),
    "level": st.sampled_from([None, "core", "peer"]),
    "email": st.sampled_from([None, "a@b.org", " a@b.org ", "a@b", "a b@c.org"]),
    "joined": _DAY, "left": _DAY, "interests": _WORDS, "expertise": _WORDS,
    "responsibilities": _WORDS,
    "time_commitment_hours_per_month": st.one_of(st.none(), st.floats(allow_nan=True),
                                                 st.integers(-2, 5), st.booleans()),
    "consent": st.dictionaries(st.sampled_from(["directory", "public", "other"]),
                               st.one_of(st.booleans(), st.integers(0, 1)), max_size=2),
}
# mostly each field's own shapes, valid or not; now and then anything, or an unknown field
_MEMBER = st.fixed_dictionaries(
    {"id": _SHAPES["id"], "name": _SHAPES["name"]},
    optional={**{k: st.one_of(v, v, v, _ANY) for k, v in _SHAPES.items()
                 if k not in ("id", "name")}, "emial": _ANY})


_PLAIN_SHAPES = {
    "organisation": _TEXTISH, "phone": _TEXTISH, "preferred_channel": _TEXTISH,
    "country": st.sampled_from([None, "PE"]),
    "roles": st.lists(st.sampled_from(["expert", "participant"]), max_size=2),
    "level": st.sampled_from([None, "core"]), "email": st.sampled_from([None, " a@b.org "]),
    "joined": st.one_of(st.none(), st.dates()), "left": st.one_of(st.none(), st.dates()),
    "interests": _WORDS, "expertise": _WORDS, "responsibilities": _WORDS,
    "time_commitment_hours_per_month": st.one_of(st.none(), st.integers(0, 9),
                                                 st.floats(0, 1e9)),
    "consent": st.dictionaries(st.sampled_from(["directory", "public"]), st.booleans()),
}
_PLAIN_MEMBER = st.fixed_dictionaries({"id": st.just("ana-ruiz"), "name": st.text(max_size=8)},
                                      optional=_PLAIN_SHAPES)


@settings(max_examples=400, deadline=None)
@given(item=st.one_of(_PLAIN_MEMBER, _MEMBER,
                      st.dictionaries(st.sampled_from(MEMBER_FIELDS), _ANY)))
def test_plain_member_is_what_pydantic_says(item: dict[str, object]) -> None:
    """An item the plain reading takes is valid, and dumps as the model does; what it does not
    take is left to pydantic (which may accept it)."""
    from copkit.model.schemas import Member
    from copkit.records.members import plain_member

    assert_plain_agrees(plain_member(item), Member, item, "member")
