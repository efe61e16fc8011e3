"""The walk's questions for a charter field (text, a choice, words, lines)."""

from __future__ import annotations

from copkit.errors import UsageError
from copkit.planning.charter import CHARTER, charter_value, extend_field, set_field
from copkit.planning.parsing import (
    choose_value,
)
from copkit.planning.walkstate import WalkState
from copkit.planning.writes import StepWrites
from copkit.steps.model import Ask
from copkit.steps.words import short


class FieldAsking(WalkState):
    """Asks a charter field named by the template."""

    def holds_field(self, path: str) -> list[str]:
        value = charter_value(self.root, path)
        label = path.split(".", 1)[1]
        if value in (None, "", []):
            return [f"{label}: " + self._("(empty)")]
        if isinstance(value, list):
            return [f"{label}: " + "; ".join(short(v, 50) for v in value[:8])
                    + (f" (+{len(value) - 8})" if len(value) > 8 else "")]
        return [f"{label}: {short(value, 70)}"]

    def ask_field(self, ask: Ask, writes: StepWrites) -> None:
        assert ask.field is not None
        current = charter_value(self.root, ask.field)
        question = ask.prompt or ask.field
        if ask.how == "text":
            answer = self.p.ask(question + (self._(" (empty keeps the current text)")
                                            if current else self._(" (empty to skip)")),
                                None).strip()
            if answer:
                writes.add([CHARTER], set_field(self.root, ask.field, answer))
        elif ask.how == "choice":
            for i, c in enumerate(ask.choices, start=1):
                self.p.say(f"  {i}. {c}")
            while True:
                answer = self.p.ask(question + (
                    self._(" (a number or a word; empty to keep it)") if current
                    else self._(" (a number or a word; empty to skip)")), None).strip()
                if not answer:
                    return
                try:
                    value = choose_value(ask, answer, "answer")
                except UsageError as exc:
                    self.p.say(f"  {exc.message}" + (f" ({exc.hint})" if exc.hint else ""))
                    continue
                writes.add([CHARTER], set_field(self.root, ask.field, value))
                return
        elif ask.how == "words":
            if ask.examples:
                self.p.say("  " + self._("for example: %(words)s", words=", ".join(ask.examples)))
            answer = self.p.ask(question + self._(" (empty to skip)"), None).strip()
            words = [w.strip() for w in answer.split(",") if w.strip()]
            if words:
                writes.add([CHARTER], extend_field(self.root, ask.field, words))
        else:  # lines
            while True:
                answer = self.p.ask(question, None).strip()
                if not answer:
                    return
                writes.add([CHARTER], extend_field(self.root, ask.field, [answer]))

