"""The words of the rule language that the rules, the evaluator and the templates share: a
step's status, the review cycles, the collections a rule may count, the files a dotted
path may start in. (A module of its own so that :mod:`.rules` and :mod:`.evaluator` never
import :mod:`.model`, which names the rule each step holds.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gettext import NullTranslations

Status = Literal["done", "partial", "todo", "n/a"]


STATUS_WORDS = {"done": "done", "partial": "partial", "todo": "to do", "n/a": "n/a"}


def status_word(status: str, catalog: NullTranslations) -> str:
    """A step's status as people read it (`plan status`, `review`) in ``catalog``'s language:
    "done", "hecho" (context "plan step": an action's "done" is another word in French)."""
    return {"done": catalog.pgettext("plan step", "done"),
            "partial": catalog.pgettext("plan step", "partial"),
            "todo": catalog.pgettext("plan step", "to do"),
            "n/a": catalog.pgettext("plan step", "n/a")}.get(status, status)


# How long a review stays fresh, in months (weeks for the short cycles: negative numbers).
CYCLE_MONTHS = {"weekly": -7, "fortnightly": -14, "monthly": 1, "bimonthly": 2,
                "quarterly": 3, "biannual": 6, "annual": 12}


# Collections of records a rule may count or check: name -> (file, key in file, noun, plural)
COLLECTIONS: dict[str, tuple[str, str, str, str]] = {
    "members": ("members.yaml", "members", "member", "members"),
    "topics": ("learning-agenda.yaml", "topics", "topic", "topics"),
    "thematic_groups": ("learning-agenda.yaml", "thematic_groups", "thematic group",
                        "thematic groups"),
    "activities": ("activities.yaml", "activities", "activity", "activities"),
    "goals": ("charter.yaml", "goals", "goal", "goals"),
    "meetings": ("meetings/", "", "meeting", "meetings"),
    "practices": ("practices/", "", "practice", "practices"),
    "stories": ("stories/", "", "story", "stories"),
    "surveys": ("surveys/", "", "survey", "surveys"),
}


PATH_ROOTS = {"charter": "charter.yaml", "plan": "plan.yaml"}
