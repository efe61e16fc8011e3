"""`copkit calendar`: an RFC 5545 file parsed back with icalendar and expanded with
recurring-ical-events; UIDs stable from the records; times in the charter's time zone with
its VTIMEZONE; all-day events for meetings without a time; the actions feed; refusals."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from typer.testing import Result

from .site_cop import CHARTER, MEETING_DAY, write_cop

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


@pytest.fixture
def cop(tmp_path: Path) -> Path:
    return write_cop(tmp_path / "cop")


def calendar(cli: Cli, cop: Path, out: Path, *args: str) -> icalendar.Calendar:
    result = cli("calendar", "--cop", str(cop), "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return icalendar.Calendar.from_ical(out.read_bytes())


def by_uid(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_events_parse_back_and_expand(cli: Cli, cop: Path, tmp_path: Path) -> None:
    cal = calendar(cli, cop, tmp_path / "c.ics")
    events = by_uid(cal)
    # two meetings, the session no meeting covers (the 05-15 one is the meeting's), the workshop
    assert sorted(events) == ["activity-workshop", "meeting-2026-05-15-budgets-in-the-open",
                              "meeting-2026-12-15-year-end-review",
                              "session-budgets-2026-12-10"]
    timed = events["meeting-2026-05-15-budgets-in-the-open"]
    start = timed.decoded("DTSTART")
    assert start == dt.datetime(2026, 5, 15, 15, 30, tzinfo=zoneinfo.ZoneInfo("America/Lima"))
    assert timed.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["America/Lima"]
    day = events["meeting-2026-12-15-year-end-review"]
    assert day.decoded("DTSTART") == dt.date(2026, 12, 15)  # no time: all day
    assert day.decoded("DTEND") == dt.date(2026, 12, 16)
    assert str(day["LOCATION"]) == "Lima town hall"
    workshop = events["activity-workshop"]
    assert workshop.decoded("DTEND") == dt.date(2026, 12, 3)
    expanded = recurring_ical_events.of(cal).between(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert len(expanded) == 4
    december = recurring_ical_events.of(cal).between(dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert sorted(str(e["SUMMARY"]) for e in december) == [
        "Agenda session: Municipal budgets", "Budget workshop", "Year-end review"]


def test_uids_stable_when_a_record_changes(cli: Cli, cop: Path, tmp_path: Path) -> None:
    first = calendar(cli, cop, tmp_path / "a.ics")
    meeting = cop / "meetings/2026-12-15-year-end-review.yaml"
    meeting.write_text(MEETING_DAY.replace("Year-end review", "End of year review"))
    second = calendar(cli, cop, tmp_path / "b.ics")
    assert sorted(by_uid(first)) == sorted(by_uid(second))
    assert str(by_uid(second)["meeting-2026-12-15-year-end-review"]["SUMMARY"]) == \
        "End of year review"
    written = (tmp_path / "b.ics").read_bytes()
    again = cli("calendar", "--cop", str(cop), "--out", str(tmp_path / "b.ics"), "--force")
    assert again.exit_code == 0
    assert (tmp_path / "b.ics").read_bytes() == written  # the same records, the same bytes


def test_meeting_link_for_members_only(cli: Cli, cop: Path, tmp_path: Path) -> None:
    members = by_uid(calendar(cli, cop, tmp_path / "m.ics"))
    public = by_uid(calendar(cli, cop, tmp_path / "p.ics", "--audience", "public"))
    key = "meeting-2026-05-15-budgets-in-the-open"
    assert str(members[key]["URL"]).startswith("https://meet.example.org/")
    assert "URL" not in public[key]
    assert "online" in str(public[key]["LOCATION"])


def test_actions_feed_per_owner(cli: Cli, cop: Path, tmp_path: Path) -> None:
    every = by_uid(calendar(cli, cop, tmp_path / "a.ics", "--actions"))
    assert sorted(every) == ["action-2026-05-15-budgets-in-the-open-1",
                             "action-2026-05-15-budgets-in-the-open-2"]
    ana = by_uid(calendar(cli, cop, tmp_path / "ana.ics", "--actions", "--owner", "ana"))
    assert list(ana) == ["action-2026-05-15-budgets-in-the-open-2"]
    event = ana["action-2026-05-15-budgets-in-the-open-2"]
    assert str(event["SUMMARY"]) == "Due: Book a room"
    assert event.decoded("DTSTART") == dt.date(2026, 12, 5)
    unknown = cli("calendar", "--cop", str(cop), "--actions", "--owner", "nobody")
    assert unknown.exit_code == 2 and "'nobody' is not a member id" in unknown.output


def test_unknown_time_zone_names_the_field(cli: Cli, tmp_path: Path) -> None:
    cop = write_cop(tmp_path / "cop", **{
        "charter.yaml": CHARTER.replace("America/Lima", "America/Atlantis")})
    result = cli("calendar", "--cop", str(cop))
    assert result.exit_code == 1
    assert re.search(r"charter\.yaml:2:\d+: .*timezone.*America/Atlantis", result.output), \
        result.output
    site = cli("site", "--cop", str(cop), "--out", str(tmp_path / "site"))
    assert site.exit_code == 1 and "charter.yaml:2:" in site.output


def test_bad_meeting_time_is_a_finding(cli: Cli, tmp_path: Path) -> None:
    cop = write_cop(tmp_path / "cop", **{
        "meetings/2026-12-15-year-end-review.yaml": MEETING_DAY + 'time: "25:00"\n'})
    result = cli("check", "--cop", str(cop))
    assert result.exit_code == 1
    assert "2026-12-15-year-end-review.yaml:6:" in result.output
    assert "not a time of day" in result.output


def test_printed_without_out(cli: Cli, cop: Path) -> None:
    result = cli("calendar", "--cop", str(cop))
    assert result.exit_code == 0
    assert result.output.startswith("BEGIN:VCALENDAR") and "END:VCALENDAR" in result.output
    assert cli("calendar", "--cop", str(cop), "--owner", "ana").exit_code == 2
