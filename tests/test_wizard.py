"""The planning walk driven through its prompt protocol: a fresh `copkit init` answered step by
step ends with all nine steps done, the scaffold's comments kept and one commit a step; bad
answers are asked again and never written; Ctrl-C and end of input leave valid files with the
answers committed; choosing a facilitator among 1,000 members never lists them all."""

from __future__ import annotations

import datetime as _dt
import os
import signal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from copkit.checks.run import check_cop
from copkit.planning.directory import Directory, choose_member
from copkit.planning.prompter import shielded
from copkit.planning.walk import Wizard
from copkit.steps.status import status_for_root

from .conftest import git


def contacts(root: Path) -> dict[str, dict[str, Any]]:
    """contacts.yaml's entries by member id, without the run-time ``updated`` stamp."""
    from copkit.yaml.read import load_data

    data = load_data((root / "contacts.yaml").read_text(encoding="utf-8"), "contacts.yaml")
    return {e["id"]: {k: v for k, v in e.items() if k not in ("id", "updated")}
            for e in data["contacts"]}


def hash_line(root: Path, email: str) -> str:
    """The line members.yaml holds for a member's email (the new layout)."""
    from copkit.contacts.keys import email_hash, read_key

    key = read_key(root)
    assert key is not None
    return f"    email_hash: {email_hash(key, email)}\n"

TODAY = _dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", TODAY.isoformat())


class Script:
    """Answers questions from a list; records everything said and asked. An answer that is
    an exception instance is raised instead (KeyboardInterrupt() for Ctrl-C); running out of
    answers is the end of input (EOFError)."""

    def __init__(self, answers: Sequence[Any]) -> None:
        self.answers = list(answers)
        self.said: list[str] = []
        self.asked: list[str] = []

    def _next(self, question: str) -> Any:
        self.asked.append(question)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def say(self, text: str = "") -> None:
        self.said.append(text)

    def ask(self, question: str, default: str | None = None) -> str:
        answer = str(self._next(question))
        return answer if answer.strip() else (default or "")

    def confirm(self, question: str, default: bool = True) -> bool:
        answer = str(self._next(question)).strip().lower()
        return default if not answer else answer.startswith("y")

    @property
    def text(self) -> str:
        return "\n".join(self.said)


FRAMING = ["Municipal LED units are hard to set up", "Municipal staff and councillors",
           "Models, how-to guides and tips"]
STEP1 = ["María López", "maria@example.org", "Juan Pérez", "juan@example.org", ""]
STEP2 = ["mar", "y", "n"]
STEP3 = ["juan", "y", "expert", "", "Convene the monthly call",
         "Share what he knows about unit models"]
STEP4 = ["email, video-call", "monthly"]
STEP5 = ["Notes are shared within a week", "Everyone speaks at least once", ""]
STEP6 = ["Models for LED units", "2026-12-10, 2027-01-14", "juan", "y", ""]
STEP7 = ["Site visit to Puno", "site-visit", "1500 CAD", "2027-03-10..2027-03-12",
         "Monthly call", "", "none", "2027-01-14", ""]
STEP8 = ["The host writes notes into meetings/ within a week", ""]
STEP9 = ["y", "", "First plan agreed"]


def all_answers() -> list[str]:
    go = ["y"]
    return (FRAMING + STEP1 + go + STEP2 + go + STEP3 + go + STEP4 + go + STEP5 + go + STEP6
            + go + STEP7 + go + STEP8 + go + STEP9)


@pytest.fixture
def fresh(tmp_path: Path, init_copy: Callable[..., Path]) -> Path:
    return init_copy(tmp_path / "cop", name="LED units CoP")


def subjects(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


# ---------------------------------------------------------------- the whole walk
def test_answering_every_question_completes_the_nine_steps(fresh: Path) -> None:
    before = {n: (fresh / n).read_text(encoding="utf-8") for n in
              ("charter.yaml", "members.yaml", "learning-agenda.yaml", "activities.yaml")}
    script = Script(all_answers())
    result = Wizard(fresh, script).run()
    assert script.answers == []
    assert result.steps_walked == list(range(1, 10))
    status, problems = status_for_root(fresh, TODAY)
    assert problems == []
    assert [s.status for s in status.steps] == ["done"] * 9
    assert all(f.done for f in status.framing)
    # one commit for the framing and one per step, each naming it
    assert subjects(fresh)[:10] == [
        "copkit: plan step 9 (review)", "copkit: plan step 8 (capturing knowledge)",
        "copkit: plan step 7 (activities)", "copkit: plan step 6 (learning agenda)",
        "copkit: plan step 5 (ground rules)", "copkit: plan step 4 (communication and meetings)",
        "copkit: plan step 3 (roles and responsibilities)", "copkit: plan step 2 (facilitator)",
        "copkit: plan step 1 (members)", "copkit: plan framing (domain, community, practices)"]
    assert len(result.commits) == 10
    assert git(fresh, "status", "--porcelain") == ""
    body = git(fresh, "log", "-1", "--format=%b", "HEAD~5")
    assert "charter.yaml: ways_of_working.channels: added email" in body
    # the scaffold's comments are all still there
    for name, old in before.items():
        new = (fresh / name).read_text(encoding="utf-8")
        comments = [ln for ln in old.splitlines() if ln.lstrip().startswith("#")]
        assert all(c in new for c in comments), name
    charter = (fresh / "charter.yaml").read_text(encoding="utf-8")
    assert "  statement: Municipal LED units are hard to set up\n" in charter
    assert "  channels:\n    - email\n    - video-call\n" in charter
    assert "  meeting_frequency: monthly\n" in charter
    assert "ground_rules:\n  - Notes are shared within a week\n  - Everyone speaks at least " \
           "once\n" in charter
    assert "  last_reviewed: 2026-11-22\n  log:\n    - {date: 2026-11-22, by: maria-lopez, " \
           "summary: First plan agreed}\n" in charter
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: maria-lopez\n    name: María López\n    roles: [facilitator]\n" \
           + hash_line(fresh, "maria@example.org") in members
    assert "\n    email:" not in members and "\n    phone:" not in members
    assert contacts(fresh)["maria-lopez"] == {"email": "maria@example.org"}
    assert "    roles: [expert]\n" in members
    assert "responsibilities: [Share what he knows about unit models]" in members
    agenda = (fresh / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert "    lead: juan-perez\n    sessions: [2026-12-10, 2027-01-14]\n" in agenda
    activities = (fresh / "activities.yaml").read_text(encoding="utf-8")
    assert "    budget: {amount: 1500, currency: CAD}\n" in activities
    assert "    budget_needed: false\n" in activities
    _, findings = check_cop(fresh)
    assert [f for f in findings if f.severity == "error"] == []
    assert [f for f in findings if f.code.startswith(("plan", "review"))] == []


def test_the_walk_shows_guidance_and_what_the_records_hold(fresh: Path) -> None:
    script = Script(FRAMING + STEP1 + ["n"])
    Wizard(fresh, script).run()
    text = script.text
    assert "=== Step 1 of 9: Members and how to reach them ===" in text
    assert "Questions to think about:" in text
    assert "Answers go to: members.yaml members[].name; members.yaml members[].email, " \
           "members[].phone" in text
    assert "  0 current members, 0 with an email or phone" in text
    assert "Status: to do — still needed: members.yaml: at least 2 current members needed " \
           "(now 0)" in text
    assert "Step 1: done" in text
    assert "1 of 9 steps done." in text
    assert subjects(fresh)[0] == "copkit: plan step 1 (members)"


def test_it_starts_at_the_first_step_not_done(fresh: Path) -> None:
    Wizard(fresh, Script(FRAMING + STEP1 + ["n"])).run()
    script = Script([*STEP2, "n"])
    result = Wizard(fresh, script).run()
    assert result.steps_walked == [2]
    assert not any("Domain (why)" in s for s in script.said)  # the framing is not asked again
    assert "=== Step 2 of 9: A facilitator ===" in script.text


def test_step_flag_walks_a_done_step_again(fresh: Path) -> None:
    Wizard(fresh, Script(FRAMING + STEP1 + ["y"] + STEP2 + ["y"] + STEP3 + ["y"] + STEP4
                         + ["n"])).run()
    script = Script(["face-to-face", "", "n"])
    result = Wizard(fresh, script).run(step=4)
    assert result.steps_walked == [4]
    charter = (fresh / "charter.yaml").read_text(encoding="utf-8")
    # the comment lines after the list stay after it (ruamel ties them to its last item)
    assert "    - video-call\n    - face-to-face\n  # How often will members meet?" in charter
    assert "ways_of_working.channels: email; video-call" in script.text
    assert subjects(fresh)[0] == "copkit: plan step 4 (communication and meetings)"


def test_unknown_step_number_is_refused(fresh: Path) -> None:
    from copkit.errors import UsageError

    with pytest.raises(UsageError, match="there is no step 12 in the template"):
        Wizard(fresh, Script([])).run(step=12)


# ---------------------------------------------------------------- answers checked on the spot
def test_an_email_that_is_not_an_email_is_asked_again(fresh: Path) -> None:
    script = Script([*FRAMING, "María López", "maria(at)example", "maria@example", "",
                     "+51 984", "", "n"])
    Wizard(fresh, script).run()
    assert script.asked.count("Email address of María López (empty if none)") == 3
    assert "  'maria(at)example' is not an email address (expected name@domain.org); try " \
           "again" in script.said
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    assert "maria(at)" not in members and "\n    email" not in members
    assert "\n    phone" not in members
    book = (fresh / "contacts.yaml").read_text(encoding="utf-8")
    assert "maria(at)" not in book
    assert contacts(fresh) == {"maria-lopez": {"phone": "+51 984"}}


def test_a_phone_that_is_not_a_phone_is_asked_again(fresh: Path) -> None:
    script = Script([*FRAMING, "Carl Díaz", "", "12ab", "((((((", "+51 984 000 000", "",
                     "n"])
    Wizard(fresh, script).run()
    assert script.asked.count("Phone number of Carl Díaz (empty if none)") == 3
    assert "  '12ab' is not a phone number (expected digits, spaces and + ( ) . -, at least 5 " \
           "digits, like +51 984 000 000); try again" in script.said
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    book = (fresh / "contacts.yaml").read_text(encoding="utf-8")
    assert "12ab" not in members + book and "((((" not in members + book
    assert "\n    phone" not in members
    assert contacts(fresh) == {"carl-diaz": {"phone": "+51 984 000 000"}}


def test_the_prompt_and_the_flag_share_the_phone_rule() -> None:
    from copkit.errors import UsageError
    from copkit.planning.parsing import check_phone, parse_person

    for bad in ("12ab", "((((((", "1234"):
        assert check_phone(bad) is not None
        with pytest.raises(UsageError):
            parse_person(f"Carl <{bad}>")
    for good in ("+51 984 000 000", "(01) 234-5678", "01.23.45.67.89"):
        assert check_phone(good) is None
        assert parse_person(f"Carl <{good}>")["phone"] == good


def test_an_email_another_member_has_is_asked_again(fresh: Path) -> None:
    script = Script([*FRAMING, "María López", "maria@example.org",
                     "Mario López", "MARIA@example.org", "mario@example.org", "", "n"])
    Wizard(fresh, script).run()
    assert script.asked.count("Email address of Mario López (empty if none)") == 2
    assert "  the email MARIA@example.org already belongs to María López (maria-lopez); give " \
           "another one, or leave it empty" in script.said
    assert not any(s.startswith("  not added") for s in script.said)
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: mario-lopez\n    name: Mario López\n" \
           + hash_line(fresh, "mario@example.org") in members
    assert "MARIA@" not in members + (fresh / "contacts.yaml").read_text(encoding="utf-8")
    assert contacts(fresh) == {"maria-lopez": {"email": "maria@example.org"},
                               "mario-lopez": {"email": "mario@example.org"}}


def test_filling_a_missing_contact_asks_again_for_a_taken_email_or_a_bad_phone(
        fresh: Path) -> None:
    Wizard(fresh, Script([*FRAMING, "María López", "maria@example.org", "Juan Pérez", "", "",
                          "", "n"])).run()
    script = Script(["y", "maria@example.org", "", "12ab", "+51 984 000 000", "", "n"])
    Wizard(fresh, script).run(step=1)
    assert script.asked[:5] == [
        "1 member has no email or phone. Add one now?",
        "Email address of Juan Pérez (empty to skip)",
        "Email address of Juan Pérez (empty to skip)",
        "Phone number of Juan Pérez (empty to skip)",
        "Phone number of Juan Pérez (empty to skip)"]
    assert "  the email maria@example.org already belongs to María López (maria-lopez); give " \
           "another one, or leave it empty" in script.said
    assert not any(s.startswith("  not changed") for s in script.said)
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: juan-perez\n    name: Juan Pérez\n    joined: 2026-11-22\n" in members
    assert contacts(fresh)["juan-perez"] == {"phone": "+51 984 000 000"}
    assert "12ab" not in (fresh / "contacts.yaml").read_text(encoding="utf-8")
    # reached by phone (in contacts.yaml only, nothing of it in members.yaml): not asked again
    again = Script(["", "n"])
    Wizard(fresh, again).run(step=1)
    assert again.asked[0] == "Member's full name"
    assert not any("no email or phone" in q for q in again.asked)


def test_dates_and_budgets_in_the_wrong_format_are_asked_again(fresh: Path) -> None:
    Wizard(fresh, Script(FRAMING + STEP1 + ["n"])).run()
    script = Script(["Unit models", "10/12/2026", "2026-02-30", "2026-12-10", "", "",
                     "n"])
    Wizard(fresh, script).run(step=6)
    assert "  date: '10/12/2026' is not a date (write dates as YYYY-MM-DD, like 2026-05-10); " \
           "try again" in script.said
    agenda = (fresh / "learning-agenda.yaml").read_text(encoding="utf-8")
    assert "sessions: [2026-12-10]" in agenda and "10/12" not in agenda
    script = Script(["Visit", "trip", "visit", "", "a lot", "1.500,50 €", "2027-13-01",
                     "2027-03-10", "", "n"])
    Wizard(fresh, script).run(step=7)
    assert "  'trip' is not one of" in script.text.replace("kind: ", "")
    assert "'a lot' is not a budget" in script.text
    assert "  --activity: '2027-13-01' is not a date or START..END; try again" in script.said
    activities = (fresh / "activities.yaml").read_text(encoding="utf-8")
    assert "budget: {amount: 1500.5, currency: EUR}" in activities
    assert "start: 2027-03-10" in activities


def test_roles_by_number_or_word_and_a_bad_role_asked_again(fresh: Path) -> None:
    Wizard(fresh, Script(FRAMING + STEP1 + ["y"] + STEP2 + ["n"])).run()
    script = Script(["juan", "y", "boss", "5", "", "Call people", "Write the newsletter", "n"])
    Wizard(fresh, script).run(step=3)
    assert any("'boss' is not one of" in s for s in script.said)
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    assert "roles: [communications]" in members
    assert "responsibilities: [Write the newsletter]" in members


# ---------------------------------------------------------------- stopping half-way
def test_ctrl_c_commits_what_was_answered_and_leaves_valid_files(fresh: Path) -> None:
    script = Script([*FRAMING, "María López", "maria@example.org", KeyboardInterrupt()])
    with pytest.raises(KeyboardInterrupt):
        Wizard(fresh, script).run()
    assert subjects(fresh)[:2] == ["copkit: plan step 1 (members)",
                                   "copkit: plan framing (domain, community, practices)"]
    body = git(fresh, "log", "-1", "--format=%b")
    assert "(stopped before the end of the step: the answers given so far)" in body
    assert "members.yaml: member maria-lopez added" in body
    assert git(fresh, "status", "--porcelain") == ""
    _, findings = check_cop(fresh)
    assert [f for f in findings if f.severity == "error"] == []
    status, _ = status_for_root(fresh, TODAY)
    assert status.get(1).status == "partial"  # type: ignore[union-attr]


def test_end_of_input_commits_what_was_answered(fresh: Path) -> None:
    script = Script(FRAMING[:2])  # then the input ends
    with pytest.raises(EOFError):
        Wizard(fresh, script).run()
    assert subjects(fresh)[0] == "copkit: plan framing (domain, community, practices)"
    charter = (fresh / "charter.yaml").read_text(encoding="utf-8")
    assert "description: Municipal staff and councillors" in charter
    assert git(fresh, "status", "--porcelain") == ""


def test_interrupt_before_any_answer_commits_nothing(fresh: Path) -> None:
    count = len(subjects(fresh))
    with pytest.raises(KeyboardInterrupt):
        Wizard(fresh, Script([KeyboardInterrupt()])).run()
    assert len(subjects(fresh)) == count


def test_ctrl_c_during_a_write_waits_for_the_write() -> None:
    reached_end = False
    with pytest.raises(KeyboardInterrupt):
        with shielded():
            os.kill(os.getpid(), signal.SIGINT)
            reached_end = True
    assert reached_end


def test_no_commit_writes_without_committing(fresh: Path) -> None:
    count = len(subjects(fresh))
    Wizard(fresh, Script(FRAMING + STEP1 + ["n"]), no_commit=True).run()
    assert len(subjects(fresh)) == count
    assert "maria-lopez" in (fresh / "members.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- a thousand members
def thousand(root: Path) -> None:
    lines = ["members:"]
    for i in range(1000):
        lines += [f"  - id: member-{i:04d}", f"    name: Member {i:04d}",
                  f"    email: m{i:04d}@example.org"]
    lines += ["  - id: maria-lopez", "    name: María López", "    email: maria@example.org"]
    (root / "members.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(root, "commit", "-qam", "a thousand members")


def test_choosing_a_facilitator_among_a_thousand_members(fresh: Path) -> None:
    thousand(fresh)
    script = Script(["member 01", "zzz", "MARIA", "y", "n", "n"])
    Wizard(fresh, script).run(step=2)
    listed = [s for s in script.said if s.startswith("  ") and ". Member " in s]
    assert len(listed) == 10
    assert any(s.startswith("  ... and ") and s.endswith(" more: type more of the name to "
                                                        "narrow the list") for s in script.said)
    assert "  no current member matches 'zzz'; try another part of the name (members are " \
           "added in step 1)" in script.said
    members = (fresh / "members.yaml").read_text(encoding="utf-8")
    assert "  - id: maria-lopez\n    name: María López\n    roles: [facilitator]\n" in members
    assert subjects(fresh)[0] == "copkit: plan step 2 (facilitator)"
    assert git(fresh, "show", "--stat", "--format=", "HEAD").count("members.yaml") == 1


def test_choose_member_by_number_from_the_matches() -> None:
    class M:
        def __init__(self, i: int) -> None:
            self.id, self.name, self.organisation, self.roles = (
                f"ana-{i}", f"Ana Ruiz {i}", "", [])

    directory = Directory([M(i) for i in range(30)])
    script = Script(["ana", "3"])
    person = choose_member(script, directory, "Who?")
    assert person is not None and person.id == "ana-10"  # sorted by name: 0, 1, 10, ...
    assert len([s for s in script.said if s.startswith("  ") and ". Ana" in s]) == 10
    assert choose_member(Script([""]), directory, "Who?") is None
    assert choose_member(Script(["ana-7"]), directory, "Who?").id == "ana-7"  # type: ignore



# ---------------------------------------------------------------- amounts, however written
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.integers(min_value=0, max_value=10_000_000), st.integers(min_value=0, max_value=99),
       st.sampled_from(["en", "es", "plain", "space"]), st.sampled_from(["CAD", "EUR", "PEN"]))
def test_budgets_in_any_usual_notation(units: int, cents: int, style: str,
                                       currency: str) -> None:
    from copkit.planning.parsing import parse_budget

    if style == "en":
        text = f"{units:,}.{cents:02d}"
    elif style == "es":
        text = f"{units:,}".replace(",", ".") + f",{cents:02d}"
    elif style == "space":
        text = f"{units:,}".replace(",", " ") + f".{cents:02d}"
    else:
        text = f"{units}.{cents:02d}"
    budget = parse_budget(f"{text} {currency}")
    assert budget is not None
    assert budget["currency"] == currency
    assert abs(budget["amount"] - (units + cents / 100)) < 1e-6


def test_the_walk_follows_the_lga_stages(fresh: Path) -> None:
    (fresh / "plan.yaml").write_text("template: lga-stages\nsteps: []\n", encoding="utf-8")
    git(fresh, "commit", "-qam", "use the LGA stages")
    script = Script([*FRAMING,
                     # scope: purpose, audience, issues (lines), outcomes (lines)
                     "Set up LED units that work", "", "Unit models", "Costs", "",
                     "A how-to guide", "", "y",
                     # governance
                     "By consensus at the monthly call", "The facilitator reports to FCM",
                     "", "", "y",
                     # members: `copkit init` leaves membership unanswered (#15)
                     "invitation", "Ana Ruiz", "ana@example.org",
                     "Bo Li", "bo@example.org", "", "n"])
    result = Wizard(fresh, script).run()
    assert result.steps_walked == [1, 2, 3]
    assert any(q.startswith("Is membership open") for q in script.asked)
    status, _ = status_for_root(fresh, TODAY)
    assert [s.status for s in status.steps[:3]] == ["done", "done", "done"]
    assert status.steps[-1].status == "n/a"
    charter = (fresh / "charter.yaml").read_text(encoding="utf-8")
    assert "  issues:\n    - Unit models\n    - Costs\n" in charter
    assert "  membership: invitation\n" in charter
    assert subjects(fresh)[:3] == ["copkit: plan step 3 (members)",
                                   "copkit: plan step 2 (governance)",
                                   "copkit: plan step 1 (scope)"]


def test_a_partial_step_asks_only_for_what_is_missing(fresh: Path) -> None:
    Wizard(fresh, Script([*FRAMING, *STEP1, "y", *STEP2, "y", *STEP3, "y", "email", "", "n"])
           ).run()
    status, _ = status_for_root(fresh, TODAY)
    assert status.get(4).status == "partial"  # type: ignore[union-attr]
    script = Script(["weekly", "n"])
    Wizard(fresh, script).run()
    assert script.asked[0].startswith("How often will members meet?")
    assert "  meeting_frequency: weekly\n" in (fresh / "charter.yaml").read_text(encoding="utf-8")
    revise = Script(["newsletter", "", "n"])
    Wizard(fresh, revise).run(step=4)
    assert revise.asked[0].startswith("Which channels will members use?")
