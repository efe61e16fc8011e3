"""The newsletter's content (copkit.output.newsletter.build_newsletter) on a small hand-made CoP.

The right answers are worked out by hand in tests/newsletter_cop.py's docstring.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import UsageError
from copkit.model.load import Cop, load_cop
from copkit.output.newsletter import (
    build_newsletter,
    credit_text,
    day_text,
    range_text,
)
from copkit.output.newsletter_record import default_since
from tests.newsletter_cop import write_cop

D = dt.date
TODAY = D(2026, 11, 20)
SINCE, UNTIL = D(2026, 5, 1), D(2026, 6, 30)


@pytest.fixture(scope="module")
def cop(tmp_path_factory: pytest.TempPathFactory) -> Cop:
    root = write_cop(tmp_path_factory.mktemp("nl") / "cop")
    loaded = load_cop(root, use_cache=False)
    assert [f for f in loaded.findings if f.severity == "error"] == []
    return loaded.cop


def news(cop: Cop, audience: str = "members", contacts: bool = False,
         since: dt.date = SINCE, until: dt.date = UNTIL) -> dict[str, Any]:
    return build_newsletter(cop, since, until, audience, contacts, TODAY)


def test_meetings_held_with_decisions(cop: Cop) -> None:
    ctx = news(cop)
    # 04-30 is before the period, 07-10 after it
    assert [m["date"]["iso"] for m in ctx["meetings"]] == ["2026-05-15", "2026-06-20"]
    first, second = ctx["meetings"]
    assert first["title"] == "How we budget"
    assert first["decisions"] == ["Compare three budgets", "Meet again in June"]
    assert first["attendees"] == 3 and second["attendees"] == 2
    assert first["facilitator"] == "Ana Ñúñez" and second["facilitator"] is None
    assert first["format_text"] == "online meeting"
    assert first["topics"] == ["Municipal budgets"]
    assert first["guests"] == [{"name": "Dr. Inés Ruiz", "organisation": "Universidad de Lima"}]
    assert first["date"]["text"] == "15 May 2026"


def test_new_practices_credit_contributors_in_order(cop: Cop) -> None:
    ctx = news(cop)
    # old-tip was added before the period; no-date has no date at all
    assert [p["id"] for p in ctx["practices"]] == ["new-budget-tool", "members-guide"]
    tool = ctx["practices"][0]
    assert tool["credit"] == {"names": ["Beto Gonçalves", "Ana Ñúñez"], "others": 0,
                              "text": "Beto Gonçalves and Ana Ñúñez"}
    assert tool["kind_text"] == "tool" and tool["status_text"] == "tried out in practice"
    assert tool["summary"] == "One sheet a neighbourhood, with the votes."
    assert ctx["editor_notes"] == [
        "1 practice without an 'added' date could not be placed in time: add the date to "
        "include them in newsletters"]


def test_members_welcomed(cop: Cop) -> None:
    ctx = news(cop)
    # dora joined in the period but left before its end; eva joined after it
    assert [(w["name"], w["joined"]["iso"]) for w in ctx["welcomed"]] == [
        ("Beto Gonçalves", "2026-05-10"), ("Carla Çelik", "2026-05-20")]
    assert ctx["welcomed"][0]["organisation"] == "Prefeitura de Belém"
    assert ctx["welcomed"][0]["country"] == "BR"
    assert ctx["welcomed_others"] == 0


def test_stories_with_their_furthest_cycle(cop: Cop) -> None:
    ctx = news(cop)
    assert [s["id"] for s in ctx["stories"]] == ["beto-story"]
    story = ctx["stories"][0]
    assert story["teller"] == "Beto Gonçalves"
    assert story["stage"] == "applied"
    assert story["quote"] == "We opened two budget hearings to the public."
    # the charter's statement has no full stop: the newsletter gives it one
    assert story["goals"] == ["Share budgets that work."]


@pytest.mark.parametrize(("statement", "shown"), [
    ("Share budgets that work", "Share budgets that work."),
    ("Share budgets that work.", "Share budgets that work."),
    ("  Do budgets  work?  ", "Do budgets work?"),
    ("", ""),
])
def test_goal_statement_as_one_sentence(statement: str, shown: str) -> None:
    from copkit.output.newsletter import sentence

    assert sentence(statement) == shown


def test_coming_up_in_the_next_90_days(cop: Cop) -> None:
    ctx = news(cop)
    # 06-30 + 90 days = 09-28: the 09-30 session is too late; the dropped topic and the
    # cancelled activity are left out; the 07-10 meeting stands for that day's session
    assert [(c["date"]["iso"], c["kind"], c["what"], c["lead"]) for c in ctx["coming"]] == [
        ("2026-07-10", "meeting", "Budgets, third round", "Carla Çelik"),
        ("2026-07-20", "activity", "Budget workshop in Lyon", "Carla Çelik"),
        ("2026-08-14", "session", "Municipal budgets", "Ana Ñúñez"),
    ]
    assert ctx["coming"][1]["activity"] == "workshop"


def test_actions_due_soon_and_late(cop: Cop) -> None:
    ctx = news(cop)
    assert [(a["action"], a["owner"], a["due"]["iso"], a["overdue"]) for a in ctx["due"]] == [
        ("Send the figures", "Ana Ñúñez", "2026-05-20", True),
        ("Draft the template", "Beto Gonçalves", "2026-07-15", False),
    ]
    assert ctx["due"][1]["meeting_date"]["iso"] == "2026-05-15"


def test_summary_counts(cop: Cop) -> None:
    ctx = news(cop)
    assert ctx["summary"] == {"meetings": 2, "attendances": 5, "people": 3, "practices": 2,
                              "members": 2, "stories": 1}
    assert ctx["summary_text"] == ("2 meetings with 3 members taking part, 2 new practices, "
                                   "2 new members and 1 story of value.")
    assert ctx["title"] == "Río Test CoP: news from 1 May to 30 June 2026"
    assert not ctx["empty"]


def test_public_audience_names_only_who_agreed(cop: Cop) -> None:
    ctx = news(cop, "public")
    # beto did not agree to be named in public: counted, never named
    tool = ctx["practices"][0]
    assert tool["credit"] == {"names": ["Ana Ñúñez"], "others": 1,
                              "text": "Ana Ñúñez and 1 other member"}
    assert [w["name"] for w in ctx["welcomed"]] == ["Carla Çelik"]
    assert ctx["welcomed_others"] == 1
    assert ctx["welcomed_text"] == "Carla Çelik and 1 other member"
    assert ctx["stories"][0]["teller"] is None
    assert ctx["due"][1]["owner"] is None
    # guests have no consent record: counted, not named
    assert ctx["meetings"][0]["guests"] == [] and ctx["meetings"][0]["guests_count"] == 1
    # members-only practices are left out and counted
    assert [p["id"] for p in ctx["practices"]] == ["new-budget-tool"]
    assert ctx["practices_members_only"] == 1
    assert ctx["summary"]["practices"] == 2 and ctx["summary"]["members"] == 2
    assert "Beto" not in repr(ctx)
    assert "Inés Ruiz" not in repr(ctx)


def test_no_contact_details_unless_asked(cop: Cop) -> None:
    for audience in ("members", "public", "sponsor"):
        text = repr(news(cop, audience))
        for secret in ("@example.org", "900 111", "3333 4444", "7210 3040"):
            assert secret not in text, (audience, secret)


def test_contacts_of_new_members_who_agreed(cop: Cop) -> None:
    ctx = news(cop, "members", contacts=True)
    assert [w["contact"] for w in ctx["welcomed"]] == [
        {"email": "beto@example.org", "phone": "+55 91 3333 4444", "preferred_channel": ""},
        {"email": "carla@example.org", "phone": "+33 4 7210 3040", "preferred_channel": ""}]
    public = news(cop, "public", contacts=True)
    assert [w["contact"]["email"] for w in public["welcomed"]] == ["carla@example.org"]
    assert "beto@example.org" not in repr(public)


def test_until_after_today_stops_today(cop: Cop) -> None:
    ctx = build_newsletter(cop, D(2026, 7, 1), D(2026, 12, 31), "members", False,
                           D(2026, 7, 12))
    # the meeting of 07-10 is held by 07-12; the 08-14 session is still to come
    assert [m["id"] for m in ctx["meetings"]] == ["2026-07-10-next"]
    assert ctx["until"]["iso"] == "2026-07-12"
    assert ctx["notes"] == ["This newsletter covers the days up to today, 12 July 2026."]
    assert ("2026-08-14", "session") in [(c["date"]["iso"], c["kind"]) for c in ctx["coming"]]


def test_an_empty_period_says_so(cop: Cop) -> None:
    ctx = build_newsletter(cop, D(2030, 1, 1), D(2030, 1, 31), "members", False,
                           D(2030, 2, 1))
    assert ctx["empty"]
    assert ctx["summary_text"] == ("No meetings, practices, new members or stories were "
                                   "recorded in this period.")


def test_a_period_that_starts_after_today_is_refused(cop: Cop) -> None:
    with pytest.raises(UsageError, match="start on 2026-12-01 and end on 2026-11-20"):
        build_newsletter(cop, D(2026, 12, 1), D(2026, 12, 31), "members", False, TODAY)


def test_an_unknown_audience_is_refused(cop: Cop) -> None:
    with pytest.raises(UsageError, match="--audience 'everyone'"):
        build_newsletter(cop, SINCE, UNTIL, "everyone", False, TODAY)


def test_default_since(tmp_path: Path) -> None:
    root = write_cop(tmp_path / "cop")
    cop = load_cop(root, use_cache=False).cop
    # no newsletter recorded: the last 30 days
    assert default_since(cop, TODAY) == D(2026, 10, 21)
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    (root / "charter.yaml").write_text(
        charter + "newsletters:\n  - {date: 2026-09-30, since: 2026-07-01}\n"
        "  - {date: 2026-06-30, since: 2026-04-01}\n", encoding="utf-8")
    cop = load_cop(root, use_cache=False).cop
    # the day after the latest one, whatever the order they were written in
    assert default_since(cop, TODAY) == D(2026, 10, 1)


def test_words() -> None:
    assert day_text(D(2026, 5, 9)) == "9 May 2026"
    assert range_text(D(2026, 4, 1), D(2026, 6, 30)) == "1 April to 30 June 2026"
    assert range_text(D(2025, 12, 15), D(2026, 1, 14)) == \
        "15 December 2025 to 14 January 2026"
    assert range_text(D(2026, 5, 9), D(2026, 5, 9)) == "9 May 2026"
    assert credit_text([], 0) == ""
    assert credit_text(["Ana"], 0) == "Ana"
    assert credit_text(["Ana", "Luis"], 0) == "Ana and Luis"
    assert credit_text(["Ana", "Luis", "Marta"], 2) == "Ana, Luis, Marta and 2 other members"
    assert credit_text([], 1) == "1 member"
    assert credit_text([], 3) == "3 members"


@settings(max_examples=60, deadline=None)
@given(start=st.dates(D(2026, 1, 1), D(2026, 12, 31)), days=st.integers(0, 200))
def test_every_item_falls_in_its_window(cop: Cop, start: dt.date, days: int) -> None:
    until = start + dt.timedelta(days=days)
    today = D(2027, 6, 1)
    ctx = build_newsletter(cop, start, until, "members", False, today)
    first, last = start.isoformat(), until.isoformat()
    assert all(first <= m["date"]["iso"] <= last for m in ctx["meetings"])
    assert all(first <= p["added"]["iso"] <= last for p in ctx["practices"])
    assert all(first <= w["joined"]["iso"] <= last for w in ctx["welcomed"])
    assert all(first <= s["date"]["iso"] <= last for s in ctx["stories"])
    coming_end = (until + dt.timedelta(days=90)).isoformat()
    assert all(last < c["date"]["iso"] <= coming_end for c in ctx["coming"])
    due_end = (until + dt.timedelta(days=30)).isoformat()
    assert all(first <= a["due"]["iso"] <= due_end for a in ctx["due"])
    assert all(a["overdue"] == (a["due"]["iso"] <= last) for a in ctx["due"])
    # every meeting of the CoP inside the window is listed, once
    expected = sorted(m.id for m in cop.meetings if start <= m.date <= until)
    assert sorted(m["id"] for m in ctx["meetings"]) == expected


@pytest.mark.parametrize("since,until", [(SINCE, UNTIL), (D(2026, 5, 21), D(2026, 5, 31)),
                                         (D(2026, 1, 1), D(2026, 1, 31)),
                                         (D(2025, 1, 1), TODAY), (D(2026, 7, 1), D(2026, 12, 31))])
def test_reads_only_what_it_shows(cop: Cop, since: dt.date, until: dt.date) -> None:
    """The CLI loads only the records these days show (shown_records, the record folders
    FOLDERS); the newsletter is the same as from every record."""
    from copkit.output.newsletter import FOLDERS, shown_records

    part = load_cop(cop.root, use_cache=False, folders=FOLDERS,
                    select=lambda _cop: shown_records(since, until, TODAY)).cop
    assert news(part, since=since, until=until) == news(cop, since=since, until=until)
    assert news(part, "public", since=since, until=until) == \
        news(cop, "public", since=since, until=until)
    if (since, until) == (SINCE, UNTIL):
        # old-tip (added 2026-01-01) left out; the undated one read, to be counted
        assert sorted(p.id for p in part.practices) == ["members-guide", "new-budget-tool",
                                                        "no-date"]
        # the meeting of 2026-04-30, held before, is read: its action falls due in the days
        assert "2026-04-30-before" in {m.id for m in part.meetings}
