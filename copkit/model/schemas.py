"""pydantic models for every file of a CoP repository (see the README's "File format").

Every model forbids unknown fields, so a typo is an error and never silently dropped. Dates are
ISO dates; ids are lower-case slugs; text fields keep what was written (a phone number written
as a number keeps its digits and its leading ``+``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    WithJsonSchema,
)

from copkit.model.fields import (
    CLOCK_PATTERN as CLOCK_PATTERN,
)
from copkit.model.fields import (
    EMAIL_PATTERN as EMAIL_PATTERN,
)
from copkit.model.fields import (
    HASH_PATTERN as HASH_PATTERN,
)
from copkit.model.fields import (
    LANGUAGE_PATTERN as LANGUAGE_PATTERN,
)
from copkit.model.fields import (  # the value types, re-exported: s.Text, s.Slug...
    SLUG_PATTERN as SLUG_PATTERN,
)
from copkit.model.fields import (
    ActivityKind as ActivityKind,
)
from copkit.model.fields import (
    ActivityStatus as ActivityStatus,
)
from copkit.model.fields import (
    Clock as Clock,
)
from copkit.model.fields import (
    Count as Count,
)
from copkit.model.fields import (
    Country as Country,
)
from copkit.model.fields import (
    Day as Day,
)
from copkit.model.fields import (
    Email as Email,
)
from copkit.model.fields import (
    EmailHash as EmailHash,
)
from copkit.model.fields import (
    Flag as Flag,
)
from copkit.model.fields import (
    Frequency as Frequency,
)
from copkit.model.fields import (
    LanguageTag as LanguageTag,
)
from copkit.model.fields import (
    Level as Level,
)
from copkit.model.fields import (
    MeetingFormat as MeetingFormat,
)
from copkit.model.fields import (
    MemberId as MemberId,
)
from copkit.model.fields import (
    MemberRef as MemberRef,
)
from copkit.model.fields import (
    Model as Model,
)
from copkit.model.fields import (
    Number as Number,
)
from copkit.model.fields import (
    PracticeKind as PracticeKind,
)
from copkit.model.fields import (
    PracticeStatus as PracticeStatus,
)
from copkit.model.fields import (
    Rating as Rating,
)
from copkit.model.fields import (
    Role as Role,
)
from copkit.model.fields import (
    ScaleSize as ScaleSize,
)
from copkit.model.fields import (
    Slug as Slug,
)
from copkit.model.fields import (
    Stage as Stage,
)
from copkit.model.fields import (
    StepNumber as StepNumber,
)
from copkit.model.fields import (
    Support as Support,
)
from copkit.model.fields import (
    SurveyIndicator as SurveyIndicator,
)
from copkit.model.fields import (
    Text as Text,
)
from copkit.model.fields import (
    TimeZone as TimeZone,
)
from copkit.model.fields import (
    TopicStatus as TopicStatus,
)
from copkit.model.fields import (
    _answer as _answer,
)


# ---------------------------------------------------------------- charter.yaml
class Domain(Model):
    statement: Text | None = None
    issues: list[Text] = Field(default_factory=list)


class Goal(Model):
    id: Slug
    statement: Text
    indicator: Text | None = None
    target: Text | None = None


class Community(Model):
    description: Text | None = None
    membership: Literal["open", "invitation"] | None = None
    participation_rules: list[Text] = Field(default_factory=list)


class PracticeDomain(Model):
    description: Text | None = None


class WaysOfWorking(Model):
    principles: list[Text] = Field(default_factory=list)
    channels: list[Text] = Field(default_factory=list)
    meeting_frequency: Frequency | None = None
    visibility: Literal["private", "members", "public"] | None = None


class Stakeholder(Model):
    name: Text
    interest: Text | None = None
    influence: Rating | None = None
    support: Support | None = None


class Governance(Model):
    decision_making: Text | None = None
    accountability: Text | None = None
    host_organisation: Text | None = None
    resources: Text | None = None
    stakeholders: list[Stakeholder] = Field(default_factory=list)


class Policies(Model):
    membership: Text | None = None
    code_of_conduct: Text | None = None
    privacy: Text | None = None
    copyright: Text | None = None


class Risk(Model):
    risk: Text
    mitigation: Text | None = None


class ReviewEntry(Model):
    date: Day
    by: Annotated[Text, MemberRef()] | None = None
    summary: Text | None = None


class Review(Model):
    cycle: Frequency = "annual"
    last_reviewed: Day | None = None
    log: list[ReviewEntry] = Field(default_factory=list)


class Monitoring(Model):
    """Thresholds for the observed level of participation (indicators.md, M2)."""

    core_attendance: Number = Field(0.6, ge=0, le=1)
    active_attendance: Number = Field(0.25, ge=0, le=1)
    core_practices: Count = 2
    active_practices: Count = 1


class NewsletterEntry(Model):
    date: Day
    since: Day | None = None
    title: Text | None = None


class MeasureValue(Model):
    date: Day = Field(description="The day the value was measured.")
    value: Number = Field(description="The value, in the measure's unit.")
    source: Text | None = Field(None, description="Where the value comes from (a report, a "
                                "field count, an official statistic).")


class OutcomeMeasure(Model):
    """A measure of the problem the community addresses (indicators.md, I6)."""

    id: Slug
    name: Text = Field(description="What is measured, in a few words.")
    unit: Text | None = Field(None, description="The unit of the values (hectares, %, fires).")
    better: Literal["up", "down"] | None = Field(
        None, description="Which direction is an improvement; without it a change is shown "
        "without judgement.")
    baseline: MeasureValue | None = Field(
        None, description="The value before the community's work, with its date and source; "
        "without it the measure is reported as having no baseline.")
    values: list[MeasureValue] = Field(default_factory=list,
                                       description="Later values, each with its date.")


class Charter(Model):
    name: Text
    stage: Stage | None = None
    started: Day | None = None
    domain: Domain = Field(default_factory=Domain)
    audience: Text | None = None
    purpose: Text | None = None
    goals: list[Goal] = Field(default_factory=list)
    expected_outcomes: list[Text] = Field(default_factory=list)
    outcome_measures: list[OutcomeMeasure] = Field(
        default_factory=list, description="Measures of the problem the community addresses, "
        "with a baseline and later values (impact indicator I6).")
    community: Community = Field(default_factory=Community)
    practice: PracticeDomain = Field(default_factory=PracticeDomain)
    ways_of_working: WaysOfWorking = Field(default_factory=WaysOfWorking)
    ground_rules: list[Text] = Field(default_factory=list)
    governance: Governance = Field(default_factory=Governance)
    policies: Policies = Field(default_factory=Policies)
    risks: list[Risk] = Field(default_factory=list)
    knowledge_capture: Text | None = None
    external_knowledge: Text | None = None
    review: Review = Field(default_factory=Review)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    newsletters: list[NewsletterEntry] = Field(default_factory=list)
    timezone: TimeZone | None = Field(
        None, description="The community's time zone (IANA name, like America/Lima): meeting "
        "times in the calendar (`copkit calendar`) are in this zone.")
    language: LanguageTag | None = Field(
        None, description="The language of the reports, newsletters and plan texts, as an "
        "IETF tag (en, es, fr; a region may follow: es-PE, fr-CA): --lang overrides it.")


# ---------------------------------------------------------------- members.yaml
class Consent(Model):
    directory: Flag = False
    public: Flag = False


class Member(Model):
    id: Slug
    name: Text
    organisation: Text | None = None
    country: Country | None = None
    roles: list[Role] = Field(default_factory=list)
    level: Level | None = None
    email: Email | None = None
    phone: Text | None = None
    preferred_channel: Text | None = None
    email_hash: EmailHash | None = None
    joined: Day | None = None
    left: Day | None = None
    interests: list[Text] = Field(default_factory=list)
    expertise: list[Text] = Field(default_factory=list)
    responsibilities: list[Text] = Field(default_factory=list)
    time_commitment_hours_per_month: Number | None = Field(None, ge=0)
    consent: Consent = Field(default_factory=Consent)

    def is_member_on(self, day: _dt.date) -> bool:
        if self.joined is not None and self.joined > day:
            return False
        return self.left is None or self.left >= day

    @property
    def current(self) -> bool:
        return self.left is None


class MembersFile(Model):
    members: list[Member] = Field(default_factory=list)


# ---------------------------------------------------------------- organisations.yaml
OrganisationKind = Literal["civil-society", "government", "academic", "private", "donor",
                           "network", "community", "other"]
EvidenceKind = Literal["practice-adopted", "staff-trained", "survey", "story", "policy",
                       "resources", "other"]


class Objective(Model):
    id: Slug
    statement: Text = Field(description="The institutional objective, as the organisation "
                            "stated it when joining.")


class Organisation(Model):
    id: Slug
    name: Text = Field(description="The organisation's name; a member's `organisation` that "
                       "is this name or this id (case and accents ignored) belongs to it.")
    kind: OrganisationKind | None = None
    country: Country | None = None
    joined: Day | None = Field(None, description="When the organisation joined.")
    objectives: list[Objective] = Field(
        default_factory=list, description="The institutional objectives it stated when "
        "joining (impact indicator I2).")


class Evidence(Model):
    """A sign that an organisation changed (indicators.md, I4 and I2)."""

    id: Slug
    organisation: Slug = Field(description="The id of the organisation that changed.")
    date: Day = Field(description="When it happened or was observed.")
    kind: EvidenceKind = Field(description="What kind of evidence it is.")
    objective: Slug | None = Field(None, description="The id of one of the organisation's "
                                   "objectives that the change serves.")
    summary: Text | None = Field(None, description="What changed, in a sentence.")
    practice: Slug | None = Field(None, description="The practice adopted (its id).")
    story: Slug | None = Field(None, description="The story that tells it (its id).")
    survey: Slug | None = Field(None, description="The survey that shows it (its id).")
    question: Slug | None = Field(None, description="The survey question (its id).")
    staff: Count | None = Field(None, description="How many staff were trained or changed "
                                "their practice.")
    source: Text | None = Field(None, description="Where the evidence can be checked.")


class OrganisationsFile(Model):
    organisations: list[Organisation] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


# ---------------------------------------------------------------- learning-agenda.yaml
class Topic(Model):
    id: Slug
    title: Text
    questions: list[Text] = Field(default_factory=list)
    goals: list[Slug] = Field(default_factory=list)
    lead: MemberId | None = None
    group: Slug | None = None
    sessions: list[Day] = Field(default_factory=list)
    status: TopicStatus = "planned"


class ThematicGroup(Model):
    id: Slug
    name: Text
    members: list[MemberId] = Field(default_factory=list)


class AgendaFile(Model):
    topics: list[Topic] = Field(default_factory=list)
    thematic_groups: list[ThematicGroup] = Field(default_factory=list)


# ---------------------------------------------------------------- activities.yaml
class Money(Model):
    amount: Number = Field(ge=0)
    currency: Text


class Activity(Model):
    id: Slug
    title: Text
    kind: ActivityKind | None = None
    owner: MemberId | None = None
    start: Day | None = None
    end: Day | None = None
    budget: Money | None = None
    budget_needed: Flag = True
    spent: Money | None = None
    status: ActivityStatus = "planned"
    topics: list[Slug] = Field(default_factory=list)


class ActivitiesFile(Model):
    activities: list[Activity] = Field(default_factory=list)


# ---------------------------------------------------------------- plan.yaml
class PlanStep(Model):
    step: StepNumber
    responsible: MemberId | None = None
    deadline: Day | None = None
    notes: Text | None = None


class PlanFile(Model):
    template: Slug = "fcm-nine-steps"
    steps: list[PlanStep] = Field(default_factory=list)


# ---------------------------------------------------------------- records with a file each
class Record(Model):
    """A record identified by its file name (meetings, practices, stories, surveys)."""

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id


class Guest(Model):
    name: Text
    organisation: Text | None = None
    role: Text | None = None


class Action(Model):
    action: Text
    owner: MemberId | None = None
    due: Day | None = None
    done: Day | None = None


class Meeting(Record):
    date: Day
    title: Text
    time: Clock | None = Field(
        None, description="When the meeting starts, HH:MM in the charter's time zone; without "
        "it the calendar shows an all-day event.")
    format: MeetingFormat | None = None
    location: Text | None = None
    duration_minutes: Count | None = None
    facilitator: MemberId | None = None
    topics: list[Slug] = Field(default_factory=list)
    attendees: list[MemberId] = Field(default_factory=list)
    guests: list[Guest] = Field(default_factory=list)
    notes: Text | None = None
    decisions: list[Text] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    knowledge: list[Slug] = Field(default_factory=list)


class Adoption(Model):
    organisation: Text
    date: Day | None = None
    evidence: Text | None = None


class StatusChange(Model):
    status: PracticeStatus = Field(description="The status the practice reached.")
    date: Day = Field(description="The day it reached it.")


class Practice(Record):
    title: Text
    kind: PracticeKind | None = None
    status: PracticeStatus = "draft"
    contributors: list[MemberId] = Field(default_factory=list)
    topics: list[Slug] = Field(default_factory=list)
    added: Day | None = None
    source: Literal["internal", "external"] = "internal"
    summary: Text | None = None
    body: Text | None = None
    links: list[Text] = Field(default_factory=list)
    files: list[Text] = Field(default_factory=list)
    adoptions: list[Adoption] = Field(default_factory=list)
    status_log: list[StatusChange] = Field(
        default_factory=list,
        description="Each move of the status, with its day (copkit practice update --status "
        "--on): the report counts a move in the period of its day. Before the first entry "
        "the practice is a draft; without a log, earlier statuses come from the git history.")
    visibility: Literal["members", "public"] = "members"


CYCLES = ("immediate", "potential", "applied", "realized", "transformative")


class Cycles(Model):
    immediate: Text | None = None
    potential: Text | None = None
    applied: Text | None = None
    realized: Text | None = None
    transformative: Text | None = None

    def furthest(self) -> str | None:
        """The furthest cycle with something written in it (I1)."""
        reached = None
        for name in CYCLES:
            value = getattr(self, name)
            if value is not None and str(value).strip():
                reached = name
        return reached


class Story(Record):
    title: Text
    date: Day
    member: MemberId | None = None
    goals: list[Slug] = Field(default_factory=list)
    cycles: Cycles = Field(default_factory=Cycles)
    evidence: list[Text] = Field(default_factory=list)


class Question(Model):
    id: Slug
    text: Text
    scale: ScaleSize | None = None
    indicator: SurveyIndicator = "other"
    labels: list[Text] = Field(default_factory=list)


Answer = Annotated[int | float | str, BeforeValidator(_answer),
                   WithJsonSchema({"type": ["string", "number"]})]


class Response(Model):
    respondent: MemberId | None = None
    submitted: Day | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)


class Survey(Record):
    title: Text
    date: Day
    invited: Count | None = None
    questions: list[Question] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)


# ---------------------------------------------------------------- file kinds
# kind name -> (model, where its files live, single file?)
FILE_KINDS: dict[str, tuple[type[Model], str]] = {
    "charter": (Charter, "charter.yaml"),
    "members": (MembersFile, "members.yaml"),
    "learning-agenda": (AgendaFile, "learning-agenda.yaml"),
    "activities": (ActivitiesFile, "activities.yaml"),
    "plan": (PlanFile, "plan.yaml"),
    "organisations": (OrganisationsFile, "organisations.yaml"),
    "meeting": (Meeting, "meetings/"),
    "practice": (Practice, "practices/"),
    "story": (Story, "stories/"),
    "survey": (Survey, "surveys/"),
}
REQUIRED_FILES = ("charter.yaml", "members.yaml")


def kind_of_path(relpath: str) -> str | None:
    """Which file kind a CoP-relative path holds, or None for files copkit does not read."""
    for kind, (_, where) in FILE_KINDS.items():
        if where.endswith("/"):
            if relpath.startswith(where) and relpath.count("/") == 1 and relpath.endswith(".yaml"):
                return kind
        elif relpath == where:
            return kind
    return None
