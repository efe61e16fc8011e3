"""A planning template as data: its steps, what each asks, the words of the rule
language."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass

# the words rules and the evaluator share live in terms (so that rules never imports this
# module, which names the Rule a step holds); they are this module's words too
from copkit.steps.terms import COLLECTIONS as COLLECTIONS
from copkit.steps.terms import CYCLE_MONTHS as CYCLE_MONTHS
from copkit.steps.terms import PATH_ROOTS as PATH_ROOTS
from copkit.steps.terms import STATUS_WORDS as STATUS_WORDS
from copkit.steps.terms import Status as Status

if typing.TYPE_CHECKING:
    from copkit.steps.rules import Rule


DEFAULT_TEMPLATE = "fcm-nine-steps"


CUSTOM_DIR = "templates/plans"


RULE_KEYS = ("set", "count", "all", "recent", "equals", "all_of", "any_of")


COND_KEYS = ("current", "has_role", "roles_other_than", "has", "has_any", "lacks", "is",
             "is_not")


ASKERS = ("members", "facilitator", "roles", "topics", "activities", "meeting", "review")


FIELD_HOWS = ("text", "lines", "words", "choice")


@dataclass
class Ask:
    """One thing the wizard asks: a named asker (``members``...) or a charter field."""

    asker: str | None = None          # members, facilitator, roles, topics, ...
    field: str | None = None          # charter.ways_of_working.channels
    how: str = "text"                 # text, lines, words, choice
    prompt: str | None = None
    label: str | None = None
    examples: list[str] = dataclasses.field(default_factory=list)
    choices: list[str] = dataclasses.field(default_factory=list)

    @property
    def name(self) -> str:
        return self.asker or self.field or "?"


@dataclass
class Step:
    number: int
    title: str
    short: str
    guidance: str
    questions: list[str]
    fills: list[str]
    asks: list[Ask]
    how: str
    rule: Rule
    when: Rule | None = None

    @property
    def label(self) -> str:
        return f"step {self.number} ({self.short})"


@dataclass
class Template:
    id: str
    title: str
    source: str
    framing_title: str
    framing_guidance: str
    framing: list[Ask]
    steps: list[Step]
    path: str  # where it was read from, as shown to the user

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    @property
    def numbers(self) -> list[int]:
        return [s.number for s in self.steps]

    def files(self) -> set[str]:
        """The CoP files its rules read (so a status can load only those)."""
        out = {"charter.yaml", "members.yaml", "plan.yaml"}
        for s in self.steps:
            for rule in (s.rule, s.when):
                if rule is not None:
                    out |= rule.files()
        return out
