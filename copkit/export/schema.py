"""The tables of `copkit export`, their columns and types: the one description the writers,
docs/export.md's table and the machine-readable schema (`json_schema()`, written beside every
export as `schema.json` and kept as docs/export.schema.json) all come from.

SCHEMA_VERSION goes up by one when a column changes type or meaning or goes away; a new
column or table may be added within a version. Every table has the CoP's id (`cop`) as its
first column: in Parquet it is the hive partition (`cop=<id>/`), not stored in the files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCHEMA = "copkit-export"
SCHEMA_VERSION = 1
TYPES = ("string", "int", "float", "date", "bool", "list<string>", "list<date>")


@dataclass(frozen=True)
class Column:
    name: str
    type: str          # one of TYPES
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _t(name: str, description: str, *columns: tuple[str, str, str]) -> Table:
    cop = Column("cop", "string", "The CoP's id (its charter's name as a slug; in a "
                 "portfolio, made unique by the folder's name).")
    return Table(name, description, (cop, *(Column(*c) for c in columns)))


MEMBER = "The member's id, or with --pseudonymise its keyed hash (16 hex digits)."
TABLES: tuple[Table, ...] = (
    _t("cop", "One row: the community, and the export itself.",
       ("name", "string", "The charter's name."),
       ("stage", "string", "The charter's stage (potential ... closed)."),
       ("started", "date", "The charter's `started` day."),
       ("language", "string", "The charter's language tag (es, fr-CA...)."),
       ("domain", "string", "The charter's domain statement (null: none written)."),
       ("purpose", "string", "The charter's purpose (null: none written)."),
       ("meeting_frequency", "string", "The charter's meeting frequency (weekly ... annual; "
        "null: not set)."),
       ("last_reviewed", "date", "The charter's latest review: its `last_reviewed` day or "
        "the latest of its review log (null: none recorded)."),
       ("countries", "list<string>", "The members' countries (ISO codes), sorted, once each."),
       ("members", "int", "Members listed in members.yaml (present and past)."),
       ("errors", "int", "Errors `copkit check` finds in the records (records with errors "
        "are left out of the tables)."),
       ("commit", "string", "The git commit the records were read at (null: not in git, or "
        "with changes not committed)."),
       ("period_start", "date", "First day of the `indicators` table's period."),
       ("period_end", "date", "Last day of that period."),
       ("exported", "date", "The day of the export."),
       ("pseudonymised", "bool", "Whether member ids are keyed hashes and names left out."),
       ("schema_version", "int", "The version of this structure.")),
    _t("members", "One row per member listed, present or past. No contact detail unless "
       "--include-contacts.",
       ("member", "string", MEMBER),
       ("name", "string", "The member's name (null with --pseudonymise)."),
       ("organisation", "string", "As written in members.yaml."),
       ("organisation_id", "string", "The id of the organisation of organisations.yaml "
        "that `organisation` names (by id or name, case and accents ignored; null: none)."),
       ("country", "string", "ISO country code."),
       ("level", "string", "The declared level (core, active, peripheral)."),
       ("roles", "list<string>", "The member's roles."),
       ("joined", "date", "When the member joined (null: not recorded)."),
       ("expertise", "list<string>", "The areas of expertise the member lists."),
       ("left_on", "date", "When the member left (null: still a member); not `left`, a "
        "keyword of SQL."),
       ("consent_public", "bool", "Agreed to be named in public."),
       ("consent_directory", "bool", "Agreed to be in the directory."),
       ("email_hash", "string", "members.yaml's `email_hash` (keyed by the CoP's own key)."),
       ("person", "string", "The keyed hash of the member's email under the export key "
        "(COPKIT_EXPORT_KEY), the same in every CoP exported with that key: counts a person "
        "once across CoPs (null: no key, or no email known)."),
       ("email", "string", "Only with --include-contacts and the member's directory consent."),
       ("phone", "string", "Likewise."),
       ("preferred_channel", "string", "Likewise.")),
    _t("meetings", "One row per meeting.",
       ("meeting", "string", "The meeting's id (its file name without .yaml)."),
       ("date", "date", "Its day."),
       ("title", "string", "Its title."),
       ("format", "string", "face-to-face, virtual, hybrid..."),
       ("duration_minutes", "int", "Its length when recorded."),
       ("facilitator", "string", MEMBER),
       ("attendees", "int", "Members who attended."),
       ("guests", "int", "Guests (not members) who attended."),
       ("topics", "list<string>", "Ids of the learning agenda's topics taken up."),
       ("actions", "int", "Actions agreed.")),
    _t("attendance", "One row per member at a meeting.",
       ("meeting", "string", "The meeting's id."),
       ("date", "date", "The meeting's day."),
       ("member", "string", MEMBER),
       ("minutes", "int", "Minutes attended when known: the meeting's length (copkit "
        "records attendance per meeting, not per minute).")),
    _t("guests", "One row per guest at a meeting.",
       ("meeting", "string", "The meeting's id."),
       ("date", "date", "The meeting's day."),
       ("name", "string", "The guest's name (null with --pseudonymise)."),
       ("organisation", "string", "The guest's organisation."),
       ("role", "string", "The guest's role.")),
    _t("practices", "One row per practice.",
       ("practice", "string", "The practice's id (its file name)."),
       ("title", "string", "Its title."),
       ("kind", "string", "tool, method, case-study..."),
       ("status", "string", "Its status today (draft, tested, evaluated)."),
       ("source", "string", "internal or external."),
       ("visibility", "string", "members or public."),
       ("added", "date", "When it was added (the record's `added`, else the day git first "
        "held its file; null when neither says)."),
       ("contributors", "list<string>", "The contributors (member ids or their hashes)."),
       ("topics", "list<string>", "Ids of its topics."),
       ("adoptions", "int", "Adoptions recorded.")),
    _t("practice_events", "One row per dated event of a practice: added, a status move, an "
       "adoption.",
       ("practice", "string", "The practice's id."),
       ("date", "date", "The event's day (null: an adoption with no date)."),
       ("event", "string", "added, status or adopted."),
       ("status", "string", "For a status move: the status reached; for `added`: the "
        "status it was added with (null: not known)."),
       ("previous_status", "string", "For a status move: the status before (null: not "
        "known)."),
       ("organisation", "string", "For an adoption: the organisation that adopted it."),
       ("organisation_id", "string", "For an adoption: the id of the organisation of "
        "organisations.yaml it names (null: none)."),
       ("source", "string", "Where the date comes from: record (the practice's own "
        "`added`, `status_log` or adoption date) or git (the day of the commit).")),
    _t("topics", "One row per topic of the learning agenda.",
       ("topic", "string", "The topic's id."),
       ("title", "string", "Its title."),
       ("status", "string", "planned, in-progress, covered, dropped."),
       ("lead", "string", MEMBER),
       ("thematic_group", "string", "Its thematic group's id."),
       ("goals", "list<string>", "Ids of the charter's goals it serves."),
       ("sessions", "list<date>", "Days of its sessions."),
       ("questions", "list<string>", "Its learning questions.")),
    _t("actions", "One row per action agreed at a meeting.",
       ("meeting", "string", "The meeting's id."),
       ("date", "date", "The meeting's day."),
       ("number", "int", "The action's place in the meeting's list, from 1."),
       ("action", "string", "What was agreed (null with --pseudonymise)."),
       ("owner", "string", MEMBER),
       ("due", "date", "When it is due."),
       ("done", "date", "When it was done (null: not done).")),
    _t("activities", "One row per activity; money kept per currency, never converted.",
       ("activity", "string", "The activity's id."),
       ("title", "string", "Its title."),
       ("kind", "string", "exchange, seminar, training..."),
       ("status", "string", "planned, under-way, done, cancelled."),
       ("owner", "string", MEMBER),
       ("start_date", "date", "Its first day."),
       ("end_date", "date", "Its last day."),
       ("budget", "float", "The budget's amount."),
       ("budget_currency", "string", "The budget's currency, as written."),
       ("spent", "float", "The amount spent."),
       ("spent_currency", "string", "Its currency, as written."),
       ("budget_needed", "bool", "Whether the activity needs a budget."),
       ("topics", "list<string>", "Ids of its topics.")),
    _t("stories", "One row per story of change.",
       ("story", "string", "The story's id."),
       ("title", "string", "Its title (null with --pseudonymise)."),
       ("date", "date", "Its day."),
       ("member", "string", MEMBER),
       ("goals", "list<string>", "Ids of the goals it shows."),
       ("furthest_cycle", "string", "The furthest value-creation cycle written (immediate "
        "... transformative; null: none)."),
       ("evidence", "int", "Pieces of evidence listed.")),
    _t("survey_responses", "Long form: one row per answer (a response × a question).",
       ("survey", "string", "The survey's id."),
       ("survey_date", "date", "The survey's day."),
       ("invited", "int", "Members invited to answer."),
       ("response", "int", "The response's place in the survey, from 1."),
       ("respondent", "string", MEMBER),
       ("submitted", "date", "When it was submitted."),
       ("question", "string", "The question's id."),
       ("question_text", "string", "The question as asked (null: not a question of the "
        "survey)."),
       ("indicator", "string", "What the question measures (satisfaction, ...)."),
       ("scale", "int", "The size of its scale (null: not a scale)."),
       ("answer_number", "float", "A number answer."),
       ("answer_text", "string", "A text answer (null with --pseudonymise).")),
    _t("plan_steps", "One row per step of plan.yaml.",
       ("step", "int", "The step's number in the planning template."),
       ("responsible", "string", MEMBER),
       ("deadline", "date", "Its deadline (null: none)."),
       ("done", "bool", "Whether the step is done on the day of the export, as `copkit plan` "
        "judges it from the planning template (null: the template could not be read).")),
    _t("goals", "One row per goal of the charter.",
       ("goal", "string", "The goal's id."),
       ("statement", "string", "The goal as the charter states it.")),
    _t("organisations", "One row per member organisation of organisations.yaml.",
       ("organisation", "string", "The organisation's id."),
       ("name", "string", "Its name."),
       ("kind", "string", "Its kind, as recorded."),
       ("country", "string", "ISO country code."),
       ("joined", "date", "When it joined.")),
    _t("objectives", "One row per institutional objective of an organisation.",
       ("organisation", "string", "The organisation's id."),
       ("objective", "string", "The objective's id."),
       ("statement", "string", "The objective as the organisation states it.")),
    _t("evidence", "One row per evidence record of organisations.yaml: a change in a "
       "member organisation.",
       ("evidence", "string", "The record's id."),
       ("organisation", "string", "The id of the organisation that changed."),
       ("date", "date", "When it happened or was observed."),
       ("kind", "string", "practice-adopted, staff-trained, survey, story, policy..."),
       ("objective", "string", "The id of the organisation's objective it serves (null: "
        "none)."),
       ("practice", "string", "The practice adopted (its id)."),
       ("staff", "int", "How many staff were trained or changed practice."),
       ("summary", "string", "What changed (null with --pseudonymise).")),
    _t("outcome_values", "One row per value of an outcome measure of the charter, its "
       "baseline included.",
       ("measure", "string", "The measure's id."),
       ("name", "string", "What is measured."),
       ("unit", "string", "The unit of its values."),
       ("better", "string", "up or down (null: not said)."),
       ("date", "date", "The day the value was measured."),
       ("value", "float", "The value."),
       ("baseline", "bool", "Whether this value is the measure's baseline."),
       ("source", "string", "Where the value comes from.")),
    _t("indicators", "The report's figures (`copkit report --format json`) flattened: one "
       "row per figure.",
       ("period", "string", "The period's label."),
       ("period_start", "date", "Its first day."),
       ("period_end", "date", "Its last day."),
       ("indicator", "string", "The indicator's id (M1 ... S1)."),
       ("level", "string", "monitoring, evaluation, impact or stage."),
       ("figure", "string", "The figure's stable key (`members`, `meetings-held`)."),
       ("label", "string", "The figure's label as the report shows it."),
       ("value", "float", "The figure (a share from 0 to 1 when unit is %); null: no data."),
       ("previous", "float", "The previous period's figure; null: none, or not compared."),
       ("unit", "string", "'', % or a unit word."),
       ("better", "string", "up, down or ''."),
       ("reason", "string", "Why there is no data ('' when there is).")),
    _t("health", "The report's health scorecard: one row per success factor.",
       ("number", "int", "The factor's number, from 1 (eleven factors today)."),
       ("factor", "string", "The success factor."),
       ("status", "string", "ok, watch or at risk."),
       ("evidence", "string", "What the records show (null with --pseudonymise: it names "
        "members).")),
)
CONTACT_COLUMNS = ("email", "phone", "preferred_channel")


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


_JSON_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": ["string", "null"]},
    "int": {"type": ["integer", "null"]},
    "float": {"type": ["number", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
    "bool": {"type": ["boolean", "null"]},
    "list<string>": {"type": "array", "items": {"type": "string"}},
    "list<date>": {"type": "array", "items": {"type": "string", "format": "date"}},
}


def json_schema() -> dict[str, Any]:
    """The tables as a JSON Schema of one row of each (draft 2020-12), with the column types
    and descriptions: `schema.json` beside an export, docs/export.schema.json."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "copkit-export.schema.json",
        "title": "copkit export tables",
        "description": f"The tables `copkit export` writes ({SCHEMA}, version "
                       f"{SCHEMA_VERSION}): one row of each. See docs/export.md.",
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION,
        "$defs": {t.name: {
            "description": t.description, "type": "object",
            "properties": {c.name: {**_JSON_TYPES[c.type], "x-type": c.type,
                                    "description": c.description} for c in t.columns},
            "required": [c.name for c in t.columns if c.name not in CONTACT_COLUMNS],
            "additionalProperties": False,
        } for t in TABLES},
    }


def markdown() -> str:
    """Every table and column as Markdown (docs/export.md holds this text; a test checks)."""
    parts = []
    for t in TABLES:
        lines = [f"### {t.name}", "", t.description, "", "| column | type | what it holds |",
                 "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.description} |" for c in t.columns]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
