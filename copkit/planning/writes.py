"""What one step wrote, committed together naming the step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from copkit.edit import store
from copkit.planning.prompter import shielded
from copkit.records.writing import Outcome
from copkit.steps.model import Step


@dataclass
class StepWrites:
    """What one step wrote: the files and a line per change, committed together."""

    root: Path
    subject: str
    no_commit: bool = False
    paths: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    commit: str | None = None

    def add(self, paths: Sequence[str], changes: Sequence[str]) -> None:
        if not changes:
            return  # nothing changed in those files
        for p in paths:
            if p not in self.paths:
                self.paths.append(p)
        self.changes.extend(changes)

    def add_outcome(self, outcome: Outcome) -> None:
        self.add(outcome.paths, outcome.body)

    def finish(self, interrupted: bool = False) -> str | None:
        if not self.paths or self.no_commit:
            return None
        from copkit.git import commit as gitio

        body = list(self.changes)
        if interrupted:
            body.insert(0, "(stopped before the end of the step: the answers given so far)")
        with shielded(), store.cop_lock(self.root):
            repo = gitio.open_repo(self.root)
            self.commit = gitio.commit_paths(repo, [self.root / p for p in self.paths],
                                             self.subject, body)
        self.paths = []
        self.changes = []
        return self.commit


def step_subject(step: Step) -> str:
    return f"copkit: plan step {step.number} ({step.short})"
