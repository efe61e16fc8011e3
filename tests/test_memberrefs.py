"""The member-reference fields come from the schemas, and no id field escapes the list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

from copkit.model.fields import _slug
from copkit.model.schemas import FILE_KINDS
from copkit.records.memberrefs import member_ref_paths, paths_for, replace_member

# Fields holding ids of something other than a member (goals, topics, groups, practices...),
# or a record's own id. A new id field must be added here, or marked MemberId in the schema.
NOT_MEMBERS = {
    "Goal.id", "Member.id", "Topic.id", "Topic.goals", "Topic.group", "ThematicGroup.id",
    "Activity.id", "Activity.topics", "PlanFile.template", "Meeting.topics",
    "Meeting.knowledge", "Practice.topics", "Story.goals", "Question.id",
    # organisations.yaml and the charter's outcome measures: ids of organisations, their
    # objectives and the records evidence points to, never of members
    "OutcomeMeasure.id", "Organisation.id", "Objective.id", "Evidence.id",
    "Evidence.organisation", "Evidence.objective", "Evidence.practice", "Evidence.story",
    "Evidence.survey", "Evidence.question",
}
# Free-text fields whose name suggests a person: each must be a member reference or be here.
PERSON_WORDS = ("by", "owner", "member", "person", "people", "lead", "facilitator",
                "responsible", "respondent", "contributor", "author", "reviewer", "attendee",
                "who", "assignee", "participant")
NOT_PEOPLE = {"Charter.community", "Policies.membership", "Community.membership",
              "Guest.name", "Guest.role"}


def _parts(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in get_args(annotation):
        yield from _parts(arg)
    yield from getattr(annotation, "__metadata__", ())


def _fields(model: Any, seen: set[str]) -> Iterator[tuple[str, Any]]:
    if model.__name__ in seen:
        return
    seen.add(model.__name__)
    for name, info in model.model_fields.items():
        yield f"{model.__name__}.{name}", info
        for part in _parts(info.annotation):
            if isinstance(part, type) and hasattr(part, "model_fields"):
                yield from _fields(part, seen)


def _all_fields() -> list[tuple[str, Any]]:
    seen: set[str] = set()
    return [f for model, _ in FILE_KINDS.values() for f in _fields(model, seen)]


def _holds_ids(info: Any) -> bool:
    parts = [*_parts(info.annotation), *info.metadata]
    return any(getattr(p, "func", None) is _slug for p in parts)


def test_member_ref_paths_are_derived_from_the_schemas() -> None:
    assert [str(p) for p in member_ref_paths()] == [
        "charter.yaml: review.log[].by",
        "learning-agenda.yaml: topics[].lead",
        "learning-agenda.yaml: thematic_groups[].members[]",
        "activities.yaml: activities[].owner",
        "plan.yaml: steps[].responsible",
        "meetings/: facilitator",
        "meetings/: attendees[]",
        "meetings/: actions[].owner",
        "practices/: contributors[]",
        "stories/: member",
        "surveys/: responses[].respondent",
    ]
    assert [p.steps for p in paths_for("meetings/2026-05-10-x.yaml")] == [
        ("facilitator",), ("attendees",), ("actions", "*", "owner")]
    assert paths_for("members.yaml") == () and paths_for("notes.txt") == ()


def test_every_id_field_is_a_member_reference_or_known_not_to_be() -> None:
    refs = {p.steps[-1] for p in member_ref_paths()}
    unknown = [name for name, info in _all_fields()
               if _holds_ids(info) and name not in NOT_MEMBERS
               and name.split(".")[1] not in refs]
    assert unknown == [], (
        f"{unknown}: mark the field MemberId in copkit/schemas.py if it holds member ids "
        "(member merge and member forget then rewrite it), else add it to NOT_MEMBERS")


def test_every_field_named_like_a_person_is_a_member_reference_or_known() -> None:
    refs = {p.steps[-1] for p in member_ref_paths()}
    suspects = [name for name, _ in _all_fields()
                if any(w in name.split(".")[1].split("_") or
                       name.split(".")[1].rstrip("s") == w for w in PERSON_WORDS)
                and name.split(".")[1] not in refs and name not in NOT_PEOPLE
                and name not in NOT_MEMBERS]
    assert suspects == [], (
        f"{suspects}: mark the field with MemberRef in copkit/schemas.py if it names members, "
        "else add it to NOT_PEOPLE")


def test_replace_member_in_plain_data() -> None:
    meeting = {"facilitator": "juan", "attendees": ["maria", "juan", "ana", "juan"],
               "actions": [{"action": "x", "owner": "juan"}, {"action": "y"}],
               "notes": "juan said"}
    done = replace_member(meeting, "meetings/2026-01-01-a.yaml", "juan", "maria")
    assert meeting == {"facilitator": "maria", "attendees": ["maria", "ana"],
                       "actions": [{"action": "x", "owner": "maria"}, {"action": "y"}],
                       "notes": "juan said"}
    assert done == ["facilitator", "attendees (listed once)", "actions[0].owner"]
    charter = {"review": {"log": [{"date": "2026-01-01", "by": "juan"}, {"by": "Juan P."}]}}
    assert replace_member(charter, "charter.yaml", "juan", "maria") == ["review.log[0].by"]
    assert charter["review"]["log"][1] == {"by": "Juan P."}
