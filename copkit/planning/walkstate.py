"""The walk's state: the CoP's status, reloaded after each write, and its commits."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copkit import periods
from copkit.errors import RecordError, UsageError
from copkit.i18n import translations
from copkit.model.findings import refuse_first
from copkit.planning.directory import Directory
from copkit.planning.parsing import parse_dates
from copkit.planning.prompter import Prompter
from copkit.planning.writes import StepWrites
from copkit.steps.model import Template
from copkit.steps.status import PlanStatus, status_for_root
from copkit.steps.words import plural


@dataclass
class WalkResult:
    commits: list[str] = field(default_factory=list)
    steps_walked: list[int] = field(default_factory=list)
    status: PlanStatus | None = None



class WalkState:
    """What every part of the walk shares: the CoP, its status, the prompter, the commits."""

    def __init__(self, root: Path, prompter: Prompter, *, no_commit: bool = False,
                 today: _dt.date | None = None, lang: object = None) -> None:
        self.root = Path(root)
        self.lang = lang  # the template's texts in it (status_for_root)
        self.p = prompter
        self.no_commit = no_commit
        self.today = today or periods.today()
        self.result = WalkResult()
        self.status: PlanStatus = self.reload()

    def reload(self) -> PlanStatus:
        status, problems = status_for_root(self.root, self.today, self.lang)
        if problems:
            refuse_first(problems)  # a file check refuses: its finding
            first = problems[0]
            raise RecordError(
                f"{first.message} ({plural(len(problems), 'problem')} in the files the plan "
                "uses)",
                "fix it first (copkit check lists every problem), then run copkit plan again",
                first.location or None)
        self.status = status
        return status

    def _(self, message: str, **params: object) -> str:
        """copkit's own words said or asked to the person, in the walk's language (the
        template's texts' language, ``status.language``; None is English): ``message`` is the
        English text, a msgid of the catalog, with ``%(name)s`` for ``params``."""
        text = translations(self.status.language).gettext(message)
        return text % params if params else text

    def ngettext(self, one: str, many: str, n: int, **params: object) -> str:
        """A count said in the walk's language: ``one`` and ``many`` hold ``%(n)s``."""
        return translations(self.status.language).ngettext(one, many, n) % {"n": n, **params}

    @property
    def template(self) -> Template:
        return self.status.template

    @property
    def cop(self) -> Any:
        return self.status.cop

    def directory(self) -> Directory:
        return Directory([m for m in self.status.cop.members
                          if m.left is None or m.left > self.today])


    def current_members(self) -> list[Any]:
        return [m for m in self.cop.members if m.left is None or m.left > self.today]

    def directory_after_reload(self) -> Directory:
        self.reload()
        return self.directory()


    def _commit(self, writes: StepWrites, interrupted: bool = False) -> None:
        sha = writes.finish(interrupted)
        if sha:
            self.result.commits.append(sha)
            self.p.say(self._("committed %(sha)s: %(subject)s", sha=sha[:8],
                              subject=writes.subject))

    def _ask_dates(self, question: str) -> list[_dt.date]:
        while True:
            answer = self.p.ask(question, None)
            try:
                return parse_dates(answer, "date")
            except UsageError as exc:
                self.p.say("  " + self._("%(problem)s (%(hint)s); try again",
                                          problem=exc.message, hint=exc.hint))
