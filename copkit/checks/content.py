"""The checks across records: ids are unique, every reference resolves, paths stay inside the CoP,
and no text holds a character that would drive a terminal or disguise a name.

Each check returns findings with the position of the offending value; an unknown id gets a
"did you mean" hint from the ids that exist.

Text (issue #13): any string of any record file, keys too, that holds a control character
(C0 but a tab or a line break, DEL, C1) or a bidirectional override or isolate is an error,
``control-character``: written as an escape between double quotes (``"\\e[31m"``) it passes
YAML, and it is the same character that YAML refuses typed raw and that the record commands
refuse when typed, so it is as much an error here. A name holding an invisible character (a
zero-width space, a joiner where no script needs one, a direction mark) is a warning,
``invisible-character``: it makes two names look identical, but some scripts need joiners
and marks. Ids need no check of their own: an id is a slug, so any of these is a ``bad-id``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from copkit.checks.refs import Refs, raw_ids
from copkit.model.findings import Finding
from copkit.model.load import Cop, did_you_mean, dotted
from copkit.model.schemas import Meeting, Member, Practice
from copkit.text import control_chars, describe, invisible_char, printable

_CONTROL_HINT = ("delete it: it would recolour, retitle or reorder the screen of whoever reads "
                 "the records (between double quotes it is written as an escape: \\e, \\a, "
                 "\\x1b, \\u202e...)")
_INVISIBLE_HINT = "retype the name without it: it is invisible and makes this name look like " \
    "another one"


def text_findings(cop: Cop) -> list[Finding]:
    """Control characters in any string (value or key) of every file read, and invisible
    characters in names (see the module's notes), each at the position of its value."""
    out: list[Finding] = []
    for relpath, sm in cop.sources.items():
        for loc, is_key, text in _unusual_strings(sm.data, ()):
            if is_key:
                parent = f"{dotted(loc[:-1])}: " if loc[:-1] else ""
                where = f"{parent}the key '{printable(text, invisible=True)}'"
            else:
                where = dotted(loc)
            found = control_chars(text, multiline=True)
            if found:
                index, ch = found[0]
                more = len(found) - 1
                message = f"{where} holds {describe(ch)} at character {index + 1}"
                if more:
                    message += f", and {more} more such character{'s' if more > 1 else ''}"
                out.append(cop.finding("control-character", message, relpath, loc,
                                       _CONTROL_HINT, key=is_key))
            hidden = invisible_char(text) if not is_key and loc[-1] == "name" else None
            if hidden is not None:
                index, ch = hidden
                out.append(cop.finding(
                    "invisible-character", f"{where} holds {describe(ch)} at character "
                    f"{index + 1}", relpath, loc, _INVISIBLE_HINT, "warning"))
    return out


def _unusual_strings(node: Any, loc: tuple[Any, ...]
                     ) -> Iterable[tuple[tuple[Any, ...], bool, str]]:
    """(path, is a key, text) of every string under ``node`` that is not all printable
    characters (str.isprintable, in C, passes nearly every string of a CoP at once)."""
    if isinstance(node, dict):
        items: Iterable[tuple[Any, Any]] = node.items()
        keys = True
    elif isinstance(node, list):
        items, keys = enumerate(node), False
    else:
        return
    for k, value in items:
        if keys and isinstance(k, str) and not k.isprintable():
            yield (*loc, k), True, k
        if isinstance(value, str):
            if not value.isprintable():
                yield (*loc, k), False, value
        elif isinstance(value, (dict, list)):
            yield from _unusual_strings(value, (*loc, k))


def cross_references(cop: Cop) -> list[Finding]:
    r = Refs(cop)
    _duplicate_ids(r, cop)
    _agenda_refs(r, cop)
    _activity_refs(r, cop)
    members = cop.member_index()
    _membership_dates(r, cop)
    for meeting in cop.meetings:
        _meeting_refs(r, meeting, members)
    for p in cop.practices:
        _practice_refs(r, p)
    for story in cop.stories:
        path = f"stories/{story.id}.yaml"
        r.ref(story.member, r.members, "member", path, ["member"])
        r.refs(story.goals, r.goals, "goal", path, ["goals"])
    for survey in cop.surveys:
        _survey_refs(r, survey)
    from copkit.checks.organisations import organisation_refs

    organisation_refs(r, cop)
    r.summaries()
    return r.out


def _duplicate_ids(r: Refs, cop: Cop) -> None:
    """An id used twice in one of the files listing members, topics, groups, goals or
    activities."""
    r.duplicates(raw_ids(cop, "members.yaml", "members"), "member", "members.yaml", "members")
    r.duplicates(raw_ids(cop, "learning-agenda.yaml", "topics"), "topic",
                 "learning-agenda.yaml", "topics")
    r.duplicates(raw_ids(cop, "learning-agenda.yaml", "thematic_groups"), "thematic group",
                 "learning-agenda.yaml", "thematic_groups")
    r.duplicates(raw_ids(cop, "charter.yaml", "goals"), "goal", "charter.yaml", "goals")
    r.duplicates(raw_ids(cop, "activities.yaml", "activities"), "activity", "activities.yaml",
                 "activities")


def _agenda_refs(r: Refs, cop: Cop) -> None:
    """The learning agenda's topics (their goals, lead and group) and groups (members)."""
    agenda = "learning-agenda.yaml"
    for t in cop.agenda.topics:
        loc = ["topics", r.idx(agenda, "topics", t.id)]
        r.refs(t.goals, r.goals, "goal", agenda, [*loc, "goals"])
        r.ref(t.lead, r.members, "member", agenda, [*loc, "lead"])
        r.ref(t.group, r.groups, "thematic group", agenda, [*loc, "group"])
    for g in cop.agenda.thematic_groups:
        r.refs(g.members, r.members, "member", agenda,
               ["thematic_groups", r.idx(agenda, "thematic_groups", g.id), "members"])


def _activity_refs(r: Refs, cop: Cop) -> None:
    """Each activity's owner and topics, and its end not before its start."""
    for a in cop.activities:
        i = r.idx("activities.yaml", "activities", a.id)
        r.ref(a.owner, r.members, "member", "activities.yaml", ["activities", i, "owner"])
        r.refs(a.topics, r.topics, "topic", "activities.yaml", ["activities", i, "topics"])
        if a.start and a.end and a.end < a.start:
            r.out.append(cop.finding("bad-date", f"activity '{a.id}' ends before it starts",
                                     "activities.yaml", ["activities", i, "end"],
                                     "swap start and end, or fix the end date"))


def _membership_dates(r: Refs, cop: Cop) -> None:
    """No member leaves before joining."""
    for m in cop.members:
        if m.joined and m.left and m.left < m.joined:
            idx = r.idx("members.yaml", "members", m.id)
            r.out.append(cop.finding("bad-date", f"member '{m.id}' left before joining",
                                     "members.yaml", ["members", idx, "left"],
                                     "fix the 'joined' or 'left' date"))


def outside_membership(attendee: str, day: _dt.date, joined: _dt.date | None,
                       left: _dt.date | None) -> tuple[str, str] | None:
    """(message, hint) of the attendance-outside-membership finding when ``attendee`` was
    not a member on ``day``; None when they were. ``meeting attend``, ``meeting new`` and
    ``import attendance`` say the same when they write such an attendance."""
    if (joined is None or joined <= day) and (left is None or left >= day):
        return None
    span = ", ".join(f"{word} {d}" for word, d in (("joined", joined), ("left", left))
                     if d is not None)
    return (f"'{attendee}' attended on {day} but was not a member then ({span})",
            "check the date of the meeting or the member's joined/left dates")


def _meeting_refs(r: Refs, meeting: Meeting, members: dict[str, Member]) -> None:
    """A meeting's facilitator, topics, attendees, knowledge and action owners; each
    attendee listed once and a member on the meeting's day."""
    path = f"meetings/{meeting.id}.yaml"
    r.ref(meeting.facilitator, r.members, "member", path, ["facilitator"])
    r.refs(meeting.topics, r.topics, "topic", path, ["topics"])
    r.refs(meeting.attendees, r.members, "member", path, ["attendees"])
    r.refs(meeting.knowledge, r.practices, "practice", path, ["knowledge"])
    seen: set[str] = set()
    for i, attendee in enumerate(meeting.attendees):
        if attendee in seen:
            r.out.append(r.cop.finding("duplicate-id", f"attendee '{attendee}' is listed twice",
                                       path, ["attendees", i], "remove one of the two",
                                       "warning"))
        seen.add(attendee)
        person = members.get(attendee)
        found = outside_membership(attendee, meeting.date, person.joined, person.left) \
            if person is not None else None
        if found is not None:
            r.out.append(r.cop.finding("attendance-outside-membership", found[0], path,
                                       ["attendees", i], found[1], "warning"))
    for i, action in enumerate(meeting.actions):
        r.ref(action.owner, r.members, "member", path, ["actions", i, "owner"])


def _practice_refs(r: Refs, p: Practice) -> None:
    """A practice's contributors and topics, and its attached files: safe paths that exist."""
    path = f"practices/{p.id}.yaml"
    r.refs(p.contributors, r.members, "member", path, ["contributors"])
    r.refs(p.topics, r.topics, "topic", path, ["topics"])
    root = r.cop.root
    for i, f in enumerate(p.files):
        problem = unsafe_path(f, root)
        if problem:
            r.out.append(r.cop.finding("bad-path", f"files[{i}]: {problem}", path,
                                       ["files", i],
                                       "attachments live in the CoP's files/ folder: "
                                       "write a path like files/guide.pdf"))
        elif not (root / f).exists():
            r.out.append(r.cop.finding("missing-file", f"the attached file {f} does not exist",
                                       path, ["files", i],
                                       "add the file to the repository or fix the path",
                                       "warning"))


def _survey_refs(r: Refs, survey: Any) -> None:
    path = f"surveys/{survey.id}.yaml"
    questions = {q.id: q for q in survey.questions}
    seen: set[str] = set()
    for i, q in enumerate(survey.questions):
        if q.id in seen:
            r.out.append(r.cop.finding("duplicate-id", f"the question id '{q.id}' is used twice",
                                       path, ["questions", i, "id"], "give it another id"))
        seen.add(q.id)
    for i, resp in enumerate(survey.responses):
        r.ref(resp.respondent, r.members, "member", path, ["responses", i, "respondent"])
        for qid, answer in resp.answers.items():
            q = questions.get(qid)
            loc = ["responses", i, "answers", qid]
            if q is None:
                guess = did_you_mean(qid, sorted(questions))
                r.out.append(r.cop.finding(
                    "bad-reference", f"answer to unknown question '{qid}'", path, loc,
                    f"did you mean '{guess}'?" if guess else "add the question to 'questions'",
                    key=True))
            elif q.scale and not (isinstance(answer, (int, float)) and 1 <= answer <= q.scale):
                r.out.append(r.cop.finding(
                    "bad-value", f"answer {answer!r} to '{qid}' is outside its 1-{q.scale} scale",
                    path, loc, f"use a number from 1 to {q.scale}"))


def unsafe_path(value: str, root: Path) -> str | None:
    """Why a path written in a record is unsafe (absolute, or leaving the CoP), or None."""
    if not value or "\x00" in value:
        return "the path is empty or contains a NUL character"
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or (len(value) > 1 and value[1] == ":"):
        return f"'{value}' is an absolute path; only paths inside the CoP folder are allowed"
    if ".." in pure.parts:
        return f"'{value}' points outside the CoP folder"
    try:
        resolved = (root / value).resolve()
        resolved.relative_to(root.resolve())
    except (ValueError, OSError):
        return f"'{value}' leads outside the CoP folder (through a link)"
    return None
