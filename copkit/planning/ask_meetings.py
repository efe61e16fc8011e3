"""The walk's questions about meetings and the regular review."""

from __future__ import annotations

from copkit.planning.directory import choose_member
from copkit.planning.reviewlog import default_reviewer, write_review
from copkit.planning.walkstate import WalkState
from copkit.planning.writes import StepWrites
from copkit.records import kinds
from copkit.steps.advice import review_due
from copkit.steps.words import plural


class MeetingsAsking(WalkState):
    """A meeting, and recording a review."""

    def holds_meeting(self) -> list[str]:
        cop = self.cop
        return [f"{plural(len(cop.meetings), 'meeting')} recorded"
                + (f", the last on {cop.meetings[-1].date}" if cop.meetings else "")]

    def holds_review(self) -> list[str]:
        latest, due, cycle = review_due(self.cop)
        if latest is None:
            return [f"no review recorded yet (cycle: {cycle})"]
        return [f"last review {latest.isoformat()}, next due {due} ({cycle} cycle)"]

    def ask_meeting(self, writes: StepWrites) -> None:
        title = self.p.ask("Title of the meeting (empty to skip)", None).strip()
        if not title:
            return
        while True:
            dates = self._ask_dates("Its date (YYYY-MM-DD)")
            if len(dates) == 1:
                break
            self.p.say("  one date, please")
        outcome = kinds.add("meeting", self.root, {"title": title, "date": dates[0]},
                            no_commit=True)
        writes.add_outcome(outcome)
        self.p.say(f"  added meeting {outcome.record_id}")

    def ask_review(self, writes: StepWrites) -> None:
        if not self.p.confirm("Record a review of steps 1-8 as they stand now?", True):
            return
        by = choose_member(self.p, self.directory(), "Who reviewed them?",
                           default=default_reviewer(self.cop, self.today))
        summary = self.p.ask("A one-line summary of the review", None).strip()
        paths, changes = write_review(self.root, self.today, by.id if by else None,
                                             summary or None)
        writes.add(paths, changes)


