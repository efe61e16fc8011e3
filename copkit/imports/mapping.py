"""``--map 'Column name=field'``: the user's own name for a column, read as
{folded column: field}; for a survey, the target may be a question instead: 'q1', 'skip',
'q1:5' (read as a 5-point scale), 'q1:text' (an open question).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from copkit.errors import UsageError
from copkit.records.ids import ID_PATTERN
from copkit.text import fold


def parse_map(items: Sequence[str], fields: Sequence[str], allow_any: bool = False
              ) -> dict[str, str]:
    """``--map 'Column name=field'`` options as {folded column: field}."""
    out: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise UsageError(f"--map '{item}': write it as --map 'Column name=field'",
                             "fields: " + ", ".join(fields))
        if target not in fields and not allow_any:
            from copkit.model.load import did_you_mean

            guess = did_you_mean(target, list(fields))
            raise UsageError(f"--map '{item}': '{target}' is not a field copkit imports here",
                             (f"did you mean '{guess}'? " if guess else "")
                             + "fields: " + ", ".join(fields))
        out[fold(column)] = target
    return out


QUESTION_MARK = "\x00question:"  # a --map question column while the header is sought


def question_targets(targets: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """``--map`` targets that name questions: 'q1', 'skip', 'q1:5' (a 5-point scale),
    'q1:text' (an open question). Returns ({column: question id}, {column: form})."""
    questions: dict[str, str] = {}
    forms: dict[str, str] = {}
    for column, target in targets.items():
        qid, colon, form = target.partition(":")
        qid, form = qid.strip(), form.strip().lower()
        if qid != "skip" and not re.match(ID_PATTERN, qid):
            raise UsageError(f"--map '{column}={target}': '{qid}' is not a valid question id",
                             "question ids are short lower-case words like q1 or satisfaction")
        if colon:
            if qid == "skip" or not (form == "text" or (form.isdigit()
                                                        and 2 <= int(form) <= 11)):
                raise UsageError(
                    f"--map '{column}={target}': after the question id and ':' give the "
                    "number of points of its scale (2 to 11), or 'text' for an open question",
                    "for example --map 'Column=q1:5' or --map 'Column=q1:text'")
            forms[column] = form
        questions[column] = qid
    return questions, forms
