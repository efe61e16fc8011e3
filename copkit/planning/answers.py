"""What `copkit plan set` can be told, as typed on the command line (:class:`Answers`): read
by :mod:`.setflags` (which checks the flags against the step) and :mod:`.setplan` (which
turns them into writes)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Answers:
    """Everything `copkit plan set` can be told, as typed on the command line."""

    members: list[str] = field(default_factory=list)
    facilitators: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)             # MEMBER=ROLE
    responsibilities: list[str] = field(default_factory=list)  # MEMBER=TEXT
    channels: list[str] = field(default_factory=list)
    frequency: str | None = None
    ground_rules: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)            # TITLE[@DATE,DATE[@LEAD]]
    activities: list[str] = field(default_factory=list)        # TITLE[=BUDGET|none[=KIND]]
    meetings: list[str] = field(default_factory=list)          # TITLE@DATE
    knowledge_capture: str | None = None
    external_knowledge: str | None = None
    domain: str | None = None
    community: str | None = None
    practice: str | None = None
    sets: list[str] = field(default_factory=list)              # charter.PATH=VALUE

    def given(self) -> bool:
        return any(bool(v) for v in vars(self).values())
