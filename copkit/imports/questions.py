"""The questions of a survey import: which columns are questions (each one that is not the
timestamp, a name or an email; ``--map 'Column=q1'`` gives one an id, 'Column=skip' leaves it
out; into a recorded survey, a column matches a question by its id or its text), and how
each question's answers are read: as numbers on a Likert scale (:mod:`~copkit.imports.scales`)
or as open text. A doubt about a scale is named in the preview, never settled silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from copkit.errors import RecordError, UsageError
from copkit.imports.plan import Plan
from copkit.imports.scales import SCALES, ScaleFit, fit_scale, leading_number
from copkit.text import fold, printable

Question = dict[str, Any]
Columns = list[tuple[int, Question]]  # (column index, the question it answers)


def question_columns(plan: Plan, existing: Mapping[str, Any] | None,
                     question_map: Mapping[str, str], survey_id: str | None
                     ) -> tuple[list[Question], Columns]:
    """The survey's questions (the recorded survey's, then new ones) and the question of each
    column of the file that holds one; a column of no question of a recorded survey is
    noted and left out. No question column at all is an error."""
    table = plan.table
    questions: list[Question] = list((existing or {}).get("questions") or [])
    by_text = {fold(str(q.get("text", ""))): q for q in questions}
    by_id = {q.get("id"): q for q in questions}
    columns: Columns = []
    n = 0
    for i in table.unmapped():
        header = table.header[i]
        key = fold(header)
        if not key:
            continue
        wanted = question_map.get(key)
        if wanted == "skip":
            continue
        if wanted and wanted in by_id:
            columns.append((i, by_id[wanted]))
        elif key in by_text and not wanted:
            columns.append((i, by_text[key]))
        elif existing is not None and not wanted:
            plan.notes.append(f"column '{header}' matches no question of {survey_id}: "
                              f"ignored (name it with --map '{header}=QUESTION-ID')")
        else:
            if not wanted:
                n += 1
                while f"q{n}" in by_id:
                    n += 1
            q = {"id": wanted or f"q{n}", "text": header}
            by_id[q["id"]] = q
            questions.append(q)
            columns.append((i, q))
    if not columns:
        raise RecordError("no question columns found in the file",
                          "name them with --map 'Column=question-id'",
                          f"{table.display}:{table.header_line}:1")
    return questions, columns


def question_scales(plan: Plan, columns: Columns, new_questions: Sequence[Question],
                    forced: Mapping[str, str]) -> dict[str, ScaleFit]:
    """How each scale question's answers are read, by question id (an open question has
    none); a new question gets its ``scale`` and ``labels`` here."""
    table = plan.table
    fits: dict[str, ScaleFit] = {}
    for i, q in columns:
        texts = [r.text(i, multiline=True) for r in table.rows]
        form = forced.get(fold(table.header[i]))
        header = table.header[i]
        if q in new_questions:
            fit = _new_scale(plan, q, header, texts, form)
        else:
            fit = _recorded_scale(q, texts, form)
        if fit is not None:
            fits[q["id"]] = fit
    return fits


def _recorded_scale(q: Question, texts: Sequence[str], form: str | None) -> ScaleFit | None:
    """How to read the answers of the recorded question ``q`` (None: as open text): on its
    scale, its labels first. A ``--map`` form other than its own is refused."""
    scale = q.get("scale")
    if form is not None and form != (str(scale) if scale else "text"):
        raise UsageError(
            f"--map: question {q['id']} of this survey is "
            + (f"on a 1-{scale} scale" if scale else "an open question")
            + f", not {'an open question' if form == 'text' else 'a 1-' + form + ' scale'}",
            "leave out the ':' part for a question already recorded")
    if not scale:
        return None
    fit, _ = fit_scale(texts, int(scale), q.get("labels") or ())
    fit = fit or ScaleFit(int(scale))
    for n, label in enumerate(q.get("labels") or [], 1):
        fit.values.setdefault(fold(str(label)), n)
    return fit


def _new_scale(plan: Plan, q: Question, header: str, texts: Sequence[str], form: str | None
               ) -> ScaleFit | None:
    """How to read the answers of the new question ``q`` (None: as open text): the scale its
    answers fit, or the one forced with --map 'Column=q1:5'. A column whose answers are
    partly scale labels, or fit two scales, is named in the preview."""
    shown = printable(header)
    if form == "text":
        return None
    size = int(form) if form else None
    fit, others = fit_scale(texts, size)
    if fit is None and size is not None:
        # answers that fit no label set of that size: each is named at its cell
        fit = ScaleFit(size)
    if fit is None:
        _open_text_note(plan, q, shown, texts)
        return None
    q["scale"] = fit.size
    if fit.values:
        q["labels"] = fit.labels
    if others:
        other = others[0].labels(fit.lang)
        plan.notes.append(
            f"column '{shown}': its answers fit two scales; read as {', '.join(fit.labels)} "
            f"(1-{fit.size}), not as {', '.join(other)}: if the form used the second, the "
            "numbers differ; check question " + str(q["id"]) + " after the import")
    return fit


def _open_text_note(plan: Plan, q: Question, shown: str, texts: Sequence[str]) -> None:
    """A note when a column read as open text looks like a scale: most of its answers are
    numbers or scale labels."""
    words = [t for t in dict.fromkeys(t.strip() for t in texts)
             if t and leading_number(t) is None]
    known = [t for t in words if any(fold(t) in sc.lookup for sc in SCALES)]
    answered = [t for t in texts if t.strip()]
    on_scale = [t for t in answered if leading_number(t) is not None
                or any(fold(t) in sc.lookup for sc in SCALES)]
    if not known or len(on_scale) * 2 < len(answered):
        return
    unknown = [t for t in words if t not in known]
    examples = ", ".join(f"'{printable(t[:30])}'" for t in known[:3])
    if unknown:
        why = (f"{len(on_scale)} of its {len(answered)} answers are on a scale "
               f"({examples}) but not " + ", ".join(f"'{printable(t[:30])}'"
                                                   for t in unknown[:3]))
    else:
        why = f"its answers mix the labels of different scales ({examples})"
    plan.notes.append(
        f"column '{shown}': {why}, so question {q['id']} is imported as open text; "
        f"if it is a scale, fix those cells or force one with --map '{shown}={q['id']}:5'")
