"""`copkit charter ...`: the charter's fields and lists, without editing YAML."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from copkit.cli.common import CopOption, NoCommitOption, echo, report, resolve_cop

charter_app = typer.Typer(help="Show and change the charter: its fields, goals, stakeholders, "
                          "risks, policies.", no_args_is_help=True)
goal_app = typer.Typer(help="The charter's goals.", no_args_is_help=True)
stakeholder_app = typer.Typer(help="The stakeholders (governance.stakeholders).",
                              no_args_is_help=True)
risk_app = typer.Typer(help="The risks and their mitigation.", no_args_is_help=True)
policy_app = typer.Typer(help="The policies: membership, code_of_conduct, privacy, copyright.",
                         no_args_is_help=True)

Influence = Annotated[str | None, typer.Option(help="high, medium or low.")]
Support = Annotated[str | None, typer.Option(help="supportive, neutral or resistant.")]
Interest = Annotated[str | None, typer.Option(help="What they care about.")]


@charter_app.command("show")
def charter_show(cop: CopOption = None) -> None:
    """Show the charter's fields (risks numbered, for charter risk update N).

    Example: copkit charter show
    """
    from copkit.cli.records import show_fields
    from copkit.model.schemas import Charter
    from copkit.records.reading import load_parts

    root, _ = resolve_cop(cop)
    loaded = load_parts(root, ["charter.yaml"])
    if loaded.cop.charter is None or not isinstance(loaded.cop.charter, Charter):
        from copkit.errors import RecordError

        first = loaded.findings[0] if loaded.findings else None
        raise RecordError("charter.yaml is not valid, so it is not shown" +
                          (f": {first.message}" if first else ""),
                          "run copkit check to see every problem",
                          first.location if first else "charter.yaml:1:1")
    echo("# charter.yaml")
    data = loaded.cop.charter.model_dump(mode="json", exclude_defaults=True)
    data["risks"] = [{"n": n, **r} for n, r in enumerate(data.get("risks") or [], start=1)]
    show_fields(data)


@charter_app.command("set")
def charter_set(
    field: Annotated[str, typer.Argument(
        help="The field, dotted for nested ones: started, stage, purpose, "
        "governance.decision_making, ways_of_working.meeting_frequency...")],
    value: Annotated[str, typer.Argument(help="Its new value.")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Set a one-value field of the charter (text, a choice, a date).

    Example: copkit charter set governance.decision_making "Consensus at the monthly call"
    """
    from copkit.records.charter import set_value

    root, _ = resolve_cop(cop)
    report(set_value(root, field, value, no_commit=no_commit), f"set {field} in the {{id}}")


@charter_app.command("add")
def charter_add(
    field: Annotated[str, typer.Argument(
        help="A list of text: community.participation_rules, ground_rules, "
        "expected_outcomes, domain.issues, ways_of_working.principles...")],
    text: Annotated[str, typer.Argument(help="The item to add.")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add an item to a list of text in the charter (a participation rule, a ground rule...).

    Example: copkit charter add community.participation_rules "Share one practice a year"
    """
    from copkit.records.charter import add_text

    root, _ = resolve_cop(cop)
    report(add_text(root, field, text, no_commit=no_commit), f"added to {field} in the {{id}}")


@charter_app.command("remove")
def charter_remove(
    field: Annotated[str, typer.Argument(help="A list of text, as for charter add.")],
    text: Annotated[str, typer.Argument(help="The item to remove (as written).")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Remove an item from a list of text in the charter.

    Example: copkit charter remove ground_rules "No phones"
    """
    from copkit.records.charter import add_text

    root, _ = resolve_cop(cop)
    report(add_text(root, field, text, remove=True, no_commit=no_commit),
           f"removed from {field} in the {{id}}")


def _items(what: str, verb: str, key: str | None, values: dict[str, Any],
           cop: Any, no_commit: bool) -> None:
    from copkit.records.charter import item_change

    root, _ = resolve_cop(cop)
    report(item_change(root, what, verb, key, values, no_commit=no_commit),
           f"{what} {verb}: the {{id}}")


@goal_app.command("add")
def goal_add(
    statement: Annotated[str, typer.Argument(help="The goal, in one sentence.")],
    goal_id: Annotated[str | None, typer.Option("--id", help="Its id (default: g1, g2...).")]
    = None,
    indicator: Annotated[str | None, typer.Option(help="How progress is seen.")] = None,
    target: Annotated[str | None, typer.Option(help="The target to reach.")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a goal to the charter (topics and stories name goals by id).

    Example: copkit charter goal add "Each municipality has an LED unit" --target "12 by 2027"
    """
    _items("goal", "add", None, {"id": goal_id, "statement": statement,
                                 "indicator": indicator, "target": target}, cop, no_commit)


@goal_app.command("update")
def goal_update(
    goal_id: Annotated[str, typer.Argument(help="The goal's id.")],
    statement: Annotated[str | None, typer.Option(help="The goal, in one sentence.")] = None,
    indicator: Annotated[str | None, typer.Option(help="How progress is seen.")] = None,
    target: Annotated[str | None, typer.Option(help="The target to reach.")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a goal of the charter.

    Example: copkit charter goal update g1 --target "15 by 2027"
    """
    _items("goal", "update", goal_id, {"statement": statement, "indicator": indicator,
                                       "target": target}, cop, no_commit)


@goal_app.command("remove")
def goal_remove(goal_id: Annotated[str, typer.Argument(help="The goal's id.")],
                cop: CopOption = None, no_commit: NoCommitOption = False) -> None:
    """Remove a goal (refused while topics or stories name it).

    Example: copkit charter goal remove g3
    """
    _items("goal", "remove", goal_id, {}, cop, no_commit)


@stakeholder_app.command("add")
def stakeholder_add(
    name: Annotated[str, typer.Argument(help="Who: an organisation or a group.")],
    interest: Interest = None, influence: Influence = None, support: Support = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a stakeholder to the charter's governance.

    Example: copkit charter stakeholder add "Ministry of Production" --influence high
    """
    _items("stakeholder", "add", None, {"name": name, "interest": interest,
                                        "influence": influence, "support": support},
           cop, no_commit)


@stakeholder_app.command("update")
def stakeholder_update(
    name: Annotated[str, typer.Argument(help="The stakeholder's name (case ignored).")],
    interest: Interest = None, influence: Influence = None, support: Support = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a stakeholder.

    Example: copkit charter stakeholder update "Ministry of Production" --support neutral
    """
    _items("stakeholder", "update", name, {"interest": interest, "influence": influence,
                                           "support": support}, cop, no_commit)


@stakeholder_app.command("remove")
def stakeholder_remove(name: Annotated[str, typer.Argument(help="The stakeholder's name.")],
                       cop: CopOption = None, no_commit: NoCommitOption = False) -> None:
    """Remove a stakeholder.

    Example: copkit charter stakeholder remove "Ministry of Production"
    """
    _items("stakeholder", "remove", name, {}, cop, no_commit)


@risk_app.command("add")
def risk_add(
    risk: Annotated[str, typer.Argument(help="What could go wrong.")],
    mitigation: Annotated[str | None, typer.Option(help="What the CoP does about it.")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Add a risk to the charter.

    Example: copkit charter risk add "Members leave after elections" --mitigation "Two leads"
    """
    _items("risk", "add", None, {"risk": risk, "mitigation": mitigation}, cop, no_commit)


@risk_app.command("update")
def risk_update(
    risk: Annotated[str, typer.Argument(help="The risk's number (charter show) or its text.")],
    text: Annotated[str | None, typer.Option("--risk", help="New wording.")] = None,
    mitigation: Annotated[str | None, typer.Option(help="What the CoP does about it.")] = None,
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change a risk.

    Example: copkit charter risk update 1 --mitigation "A co-facilitator from each region"
    """
    _items("risk", "update", risk, {"risk": text, "mitigation": mitigation}, cop, no_commit)


@risk_app.command("remove")
def risk_remove(risk: Annotated[str, typer.Argument(help="The risk's number or its text.")],
                cop: CopOption = None, no_commit: NoCommitOption = False) -> None:
    """Remove a risk.

    Example: copkit charter risk remove 2
    """
    _items("risk", "remove", risk, {}, cop, no_commit)


def _policy(kind: str, text: str | None, cop: Any, no_commit: bool, verb: str) -> None:
    from copkit.records.charter import policy

    root, _ = resolve_cop(cop)
    report(policy(root, kind, text, no_commit=no_commit), f"policy {kind} {verb}: the {{id}}")


@policy_app.command("add")
def policy_add(
    kind: Annotated[str, typer.Argument(help="membership, code_of_conduct, privacy or "
                                        "copyright.")],
    text: Annotated[str, typer.Argument(help="The policy.")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Write one of the charter's policies.

    Example: copkit charter policy add privacy "Contact details stay inside the CoP"
    """
    _policy(kind, text, cop, no_commit, "written")


@policy_app.command("update")
def policy_update(
    kind: Annotated[str, typer.Argument(help="membership, code_of_conduct, privacy or "
                                        "copyright.")],
    text: Annotated[str, typer.Argument(help="The policy.")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Change one of the charter's policies.

    Example: copkit charter policy update copyright "CC BY 4.0 unless the author says otherwise"
    """
    _policy(kind, text, cop, no_commit, "changed")


@policy_app.command("remove")
def policy_remove(
    kind: Annotated[str, typer.Argument(help="membership, code_of_conduct, privacy or "
                                        "copyright.")],
    cop: CopOption = None, no_commit: NoCommitOption = False,
) -> None:
    """Remove one of the charter's policies.

    Example: copkit charter policy remove copyright
    """
    _policy(kind, None, cop, no_commit, "removed")


def register(app: typer.Typer) -> None:
    charter_app.add_typer(goal_app, name="goal")
    charter_app.add_typer(stakeholder_app, name="stakeholder")
    charter_app.add_typer(risk_app, name="risk")
    charter_app.add_typer(policy_app, name="policy")
    app.add_typer(charter_app, name="charter")
