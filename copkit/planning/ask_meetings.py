"""The walk's questions about meetings and the regular review."""

from __future__ import annotations

from copkit.planning.directory import choose_member
from copkit.planning.reviewlog import default_reviewer, write_review
from copkit.planning.walkstate import WalkState
from copkit.planning.writes import StepWrites
from copkit.records import kinds
from copkit.steps.advice import review_due


class MeetingsAsking(WalkState):
    """A meeting, and recording a review."""

    def holds_meeting(self) -> list[str]:
        cop = self.cop
        n = len(cop.meetings)
        if not n:
            return [self._("0 meetings recorded")]
        return [self.ngettext("%(n)s meeting recorded, the last on %(day)s",
                              "%(n)s meetings recorded, the last on %(day)s", n,
                              day=cop.meetings[-1].date)]

    def holds_review(self) -> list[str]:
        latest, due, cycle = review_due(self.cop)
        if latest is None:
            return [self._("no review recorded yet (cycle: %(cycle)s)", cycle=cycle)]
        return [self._("last review %(day)s, next due %(due)s (%(cycle)s cycle)",
                       day=latest.isoformat(), due=due, cycle=cycle)]

    def ask_meeting(self, writes: StepWrites) -> None:
        title = self.p.ask(self._("Title of the meeting (empty to skip)"), None).strip()
        if not title:
            return
        while True:
            dates = self._ask_dates(self._("Its date (YYYY-MM-DD)"))
            if len(dates) == 1:
                break
            self.p.say("  " + self._("one date, please"))
        outcome = kinds.add("meeting", self.root, {"title": title, "date": dates[0]},
                            no_commit=True)
        writes.add_outcome(outcome)
        self.p.say("  " + self._("added meeting %(id)s", id=outcome.record_id))

    def ask_review(self, writes: StepWrites) -> None:
        if not self.p.confirm(self._("Record a review of steps 1-8 as they stand now?"), True):
            return
        by = choose_member(self.p, self.directory(), self._("Who reviewed them?"),
                           default=default_reviewer(self.cop, self.today),
                           gettext=self._)
        summary = self.p.ask(self._("A one-line summary of the review"), None).strip()
        paths, changes = write_review(self.root, self.today, by.id if by else None,
                                             summary or None)
        writes.add(paths, changes)


