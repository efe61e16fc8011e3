"""``copkit import survey``: a form tool's responses (Google Forms, Microsoft Forms,
LimeSurvey...) into a survey file, new or recorded. Each column that is not the timestamp, a
name or an email is a question (:mod:`~copkit.imports.questions`); a respondent who is a
member is named by their id, any other stays anonymous (their name is not stored).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.errors import RecordError
from copkit.imports.columns import SURVEY_COLUMNS
from copkit.imports.mapping import QUESTION_MARK, parse_map, question_targets
from copkit.imports.matching import flag_possible, how, match_row, row_name
from copkit.imports.plan import Item, Plan
from copkit.imports.questions import Columns, question_columns, question_scales
from copkit.imports.scales import ScaleFit
from copkit.imports.table import Row, Table, read_table
from copkit.imports.values import datetime_of, day_first, email_of
from copkit.periods import today
from copkit.records.context import Context, inside, require_refs, unknown_record
from copkit.records.ids import check_id, unique_id
from copkit.records.people import PeopleIndex
from copkit.records.values import record_dump, validate
from copkit.records.writing import Outcome, open_record, to_yaml, write_new
from copkit.text import printable, slugify

KIND = "survey"
COLUMNS = SURVEY_COLUMNS


def plan(root: Path, path: Path, mapping: Sequence[str] = (), *,
         survey_id: str | None = None, title: str | None = None,
         date: _dt.date | None = None, invited: int | None = None) -> Plan:
    """The plan of importing the responses in ``path`` into survey ``survey_id``, or into a
    new survey (``title``: by default from the file's name)."""
    root = Path(root)
    if survey_id is not None:
        check_id(survey_id, "--survey")
    table, question_map, forced = _read(path, mapping)
    ctx = Context(root)
    index = ctx.people()
    plan = Plan(KIND, root, table)
    existing = _existing(plan, ctx, survey_id)
    questions, columns = question_columns(plan, existing, question_map, survey_id)
    new_questions = [q for _, q in columns if existing is None or q not in
                     (existing.get("questions") or [])]
    fits = question_scales(plan, columns, new_questions, forced)
    responses, last = _responses(plan, index, columns, fits)
    flag_possible(index, [i for i in plan.items if i.status == "unmatched"
                          and i.response is not None])
    if existing is None:
        title = _new_target(plan, ctx, path, title)
        plan.record = {"title": title, "date": date or last or today(),
                       "questions": questions, "responses": responses}
        if invited is not None:
            plan.record["invited"] = invited
    else:
        plan.record = {"questions": new_questions, "responses": responses}
    unmatched = plan.count("unmatched")
    if unmatched:
        plan.notes.append(f"{unmatched} response(s) from people who are not members (or gave "
                          "no name) are kept anonymous: their names are not stored")
    return plan


def _read(path: Path, mapping: Sequence[str]
          ) -> tuple[Table, dict[str, str], dict[str, str]]:
    """The file's table, and the ``--map`` options naming questions: ({column: question
    id}, {column: form})."""
    user_map = parse_map(mapping, [*SURVEY_COLUMNS, "skip"], allow_any=True)
    field_map = {k: v for k, v in user_map.items() if v in SURVEY_COLUMNS}
    question_map, forced = question_targets(
        {k: v for k, v in user_map.items() if v not in SURVEY_COLUMNS})
    # the question columns named with --map help find the header row (and must exist)
    marks = {column: f"{QUESTION_MARK}{qid}" for column, qid in question_map.items()}
    table = read_table(path, SURVEY_COLUMNS, [], {**field_map, **marks})
    for key in [k for k in table.columns if k.startswith(QUESTION_MARK)]:
        del table.columns[key]
    return table, question_map, forced


def _existing(plan: Plan, ctx: Context, survey_id: str | None) -> dict[str, Any] | None:
    """The recorded survey ``survey_id`` (then the plan's target), as plain data; None for a
    new survey."""
    from copkit.edit.splice import to_plain

    if survey_id is None:
        return None
    relpath = f"surveys/{survey_id}.yaml"
    if not inside(plan.root, relpath).is_file():
        raise unknown_record("survey", survey_id, ctx.record_ids("surveys"),
                             "ls surveys/")
    existing: dict[str, Any] = to_plain(open_record(plan.root, relpath).data)
    plan.target = relpath
    return existing


def _responses(plan: Plan, index: PeopleIndex, columns: Columns, fits: dict[str, ScaleFit]
               ) -> tuple[list[dict[str, Any]], _dt.date | None]:
    """A response (and an item of ``plan``) for each row with an answer, and the day of the
    last one submitted."""
    table = plan.table
    dayfirst = day_first([r.get("submitted") for r in table.rows])
    responses: list[dict[str, Any]] = []
    last: _dt.date | None = None
    for row in table.rows:
        name = row_name(row)
        email = email_of(row)
        submitted = datetime_of(row, "submitted", dayfirst)
        if submitted:
            last = max(filter(None, [last, submitted.date()]))
        answers = _answers(row, columns, fits)
        if not answers:
            continue
        response: dict[str, Any] = {}
        item = _respondent(index, row, name, email, response)
        if submitted:
            response["submitted"] = submitted.date()
        response["answers"] = answers
        responses.append(response)
        plan.items.append(item)
    return responses, last


def _respondent(index: PeopleIndex, row: Row, name: str, email: str | None,
                response: dict[str, Any]) -> Item:
    """The item of a response: anonymous, or the member the row names (the response's
    respondent), or a person who is not a member."""
    label = name or (email or "")
    item = Item(row.line, row.where(), label or "(anonymous)", "unmatched")
    if label:
        status, match = match_row(index, row, name, email)
        item.status, item.member_id, item.how = status, match.member_id, how(match)
        item.candidates = match.candidates
        item.values = {"email": email} if email else {}
        item.response = response  # only a named row: a question may name its member
        if match.member_id:
            response["respondent"] = match.member_id
    return item


def _answers(row: Row, columns: Columns, fits: dict[str, ScaleFit]) -> dict[str, Any]:
    """The row's answers by question id: a number on a scale question, else the text."""
    answers: dict[str, Any] = {}
    for i, q in columns:
        text = row.text(i, multiline=True)
        if not text:
            continue
        fit = fits.get(q["id"])
        answers[q["id"]] = text if fit is None else _on_scale(row, i, q, fit, text)
    return answers


def _on_scale(row: Row, i: int, q: dict[str, Any], fit: ScaleFit, text: str) -> int:
    """The answer ``text`` of column ``i`` as a number on question ``q``'s scale; an answer
    off the scale is refused at its cell."""
    value = fit.read(text)
    if value is None or not 1 <= value <= fit.size:
        table = row.table
        cell = row.cells[i]
        shown = ", ".join(fit.labels) if fit.labels else "Strongly disagree ... " \
            "Strongly agree, Never ... Always"
        raise RecordError(
            f"'{printable(text[:40])}' is not an answer on the 1-{fit.size} scale of "
            f"question {q['id']} (column '{printable(table.header[i])}')",
            f"use a number from 1 to {fit.size} or a label ({shown}); or fix the cell",
            f"{table.display}:{cell.line}:{cell.col}")
    return value


def _new_target(plan: Plan, ctx: Context, path: Path, title: str | None) -> str:
    """A new survey file as the plan's target; returns its title, given or from the file's
    name."""
    title = title or Path(path).stem.replace("_", " ").replace("-", " ").strip().capitalize()
    sid = unique_id(f"{slugify(title, 50) or 'survey'}", ctx.record_ids("surveys"))
    plan.target, plan.target_new = f"surveys/{sid}.yaml", True
    return title


def write(plan: Plan, ctx: Context) -> Outcome:
    """Write the new survey, or add the plan's questions and responses to the recorded one."""
    from copkit.edit.splice import to_plain
    from copkit.model.schemas import Survey

    sid = Path(plan.target).stem
    if plan.target_new:
        obj = validate(Survey, plan.record, f"create survey {sid}")
        known = ctx.member_ids
        require_refs([r.respondent for r in obj.responses], known, "member", "respondent")
        write_new(plan.root, plan.target, record_dump(obj))
        return Outcome(sid, "import", [plan.target],
                       f"copkit: import survey {sid} from {plan.table.display}",
                       [f"{plan.target}: {len(obj.responses)} response(s), "
                        f"{len(obj.questions)} question(s)"])
    doc = open_record(plan.root, plan.target)
    for q in plan.record["questions"]:
        doc.data.setdefault("questions", []).append(to_yaml(q, top=False))
    responses = doc.data.get("responses")
    if not isinstance(responses, list):
        doc.data["responses"] = to_yaml([])
        responses = doc.data["responses"]
    if not responses and hasattr(responses, "fa"):
        responses.fa.set_block_style()
    for r in plan.record["responses"]:
        responses.append(to_yaml(r))
    validate(Survey, to_plain(doc.data), f"update survey {sid}")
    doc.save()
    return Outcome(sid, "import", [plan.target],
                   f"copkit: import responses into survey {sid}",
                   [f"{plan.target}: {len(plan.record['responses'])} response(s) added"])
