"""A small hand-made CoP whose every indicator is worked out by hand in tests/test_metrics.py
and tests/test_health.py (imported by both; not a test module).

The period under test is 2026-Q2 (2026-04-01 .. 2026-06-30, 91 days); the previous one is
2026-Q1. "today" is 2026-11-20, after the period, so the period is judged on 2026-06-30.

Members (organisation, country, declared level, joined .. left):
  ana    A  PE  core        2025-01-01 ..            facilitator, 8 h/month, interests [t1]
  ben    A  PE  active      2025-01-01 ..            thematic-leader,
                                                   interest "Financiación municipal"
  carla  B  BO  peripheral  2025-01-01 .. 2026-05-15
  dan    B  BO  (none)      2026-06-01 ..            interest "pesca artesanal"
  eva    C  -   peripheral  2026-01-10 ..            participant
  fay    C  BO  peripheral  2025-01-01 ..
  gus    D  PE  active      2025-01-01 ..            expert
  gil    C  PE  -           2026-07-15 ..            (after the period)
  hal    D  -   -           (no joined) .. 2025-12-31

Meetings: Q1 2026-02-13 (ana facilitates; ana ben carla eva); Q2 2026-04-10 (ana; ana ben
carla; 2 guests), 2026-05-08 (ana; ana eva fay; topic t1), 2026-06-12 (eva; ana dan ana eva;
topics t3); Q3 2026-07-10 (ben; ana ben).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

CHARTER = """\
name: Tiny CoP
started: 2025-01-01
goals:
  - id: g1
    statement: Units exist
  - id: g2
    statement: Units are funded
  - id: g3
    statement: Units survive elections
ways_of_working:
  meeting_frequency: monthly
review:
  cycle: annual
  last_reviewed: 2026-03-01
monitoring:
  core_attendance: 0.75
  active_attendance: 0.5
  core_practices: 2
  active_practices: 1
"""

MEMBERS = """\
members:
  - id: ana
    name: Ana Núñez
    organisation: A
    country: PE
    roles: [facilitator]
    level: core
    email: ana@example.org
    joined: 2025-01-01
    interests: [t1]
    time_commitment_hours_per_month: 8
  - id: ben
    name: Ben
    organisation: A
    country: PE
    roles: [thematic-leader]
    level: active
    joined: 2025-01-01
    interests: [Financiación municipal]
  - id: carla
    name: Carla
    organisation: B
    country: BO
    level: peripheral
    joined: 2025-01-01
    left: 2026-05-15
  - id: dan
    name: Dan
    organisation: B
    country: BO
    joined: 2026-06-01
    interests: [pesca artesanal]
  - id: eva
    name: Eva
    organisation: C
    roles: [participant]
    level: peripheral
    joined: 2026-01-10
  - id: fay
    name: Fay
    organisation: C
    country: BO
    level: peripheral
    joined: 2025-01-01
  - id: gus
    name: Gus
    organisation: D
    country: PE
    roles: [expert]
    level: active
    joined: 2025-01-01
  - id: gil
    name: Gil
    organisation: C
    country: PE
    joined: 2026-07-15
  - id: hal
    name: Hal
    organisation: D
    left: 2025-12-31
"""

AGENDA = """\
topics:
  - id: t1
    title: Financiación de unidades
    goals: [g1]
    lead: ana
    status: in-progress
  - id: t2
    title: Dropped topic
    lead: carla
    status: dropped
  - id: t3
    title: Ordenanzas modelo
    status: planned
  - id: t4
    title: Covered topic
    lead: ana
    status: covered
"""

ACTIVITIES = """\
activities:
  - id: act1
    title: Workshop
    start: 2026-05-10
    end: 2026-05-10
    budget: {amount: 1000, currency: USD}
    spent: {amount: 800, currency: USD}
    status: done
  - id: act2
    title: Study
    start: 2026-03-01
    end: 2026-04-15
    budget: {amount: 500, currency: PEN}
    status: under-way
  - id: act3
    title: Later
    start: 2026-07-01
    status: planned
  - id: act4
    title: Undated
    status: cancelled
  - id: act5
    title: Cancelled visit
    start: 2026-06-01
    end: 2026-08-01
    budget: {amount: 200, currency: USD}
    status: cancelled
"""

PLAN = """\
template: fcm-nine-steps
steps:
  - step: 2
    responsible: ana
    deadline: 2026-01-31
  - step: 5
    responsible: ben
    deadline: 2026-02-28
  - step: 9
    responsible: ana
    deadline: 2026-12-31
"""

MEETINGS = {
    "2026-02-13-q1.yaml": """\
date: 2026-02-13
title: Q1 meeting
facilitator: ana
attendees: [ana, ben, carla, eva]
actions:
  - action: Send the list
    owner: eva
    due: 2026-04-15
    done: 2026-04-15
""",
    "2026-04-10-first.yaml": """\
date: 2026-04-10
title: First
facilitator: ana
attendees: [ana, ben, carla]
guests:
  - name: Visiting expert
  - name: Council officer
actions:
  - action: Draft the note
    owner: ben
    due: 2026-04-30
    done: 2026-04-28
  - action: Call the mayor
    owner: carla
    due: 2026-05-10
""",
    "2026-05-08-second.yaml": """\
date: 2026-05-08
title: Second
facilitator: ana
topics: [t1]
attendees: [ana, eva, fay]
actions:
  - action: Share the budget
    owner: ana
    due: 2026-06-01
    done: 2026-06-05
  - action: Think about it
    owner: fay
""",
    "2026-06-12-third.yaml": """\
date: 2026-06-12
title: Third
facilitator: eva
topics: [t3]
attendees: [ana, dan, ana, eva]
actions:
  - action: Report in August
    owner: dan
    due: 2026-08-01
""",
    "2026-07-10-q3.yaml": """\
date: 2026-07-10
title: Q3 meeting
facilitator: ben
attendees: [ana, ben]
""",
}

PRACTICES = {
    "p1.yaml": """\
title: Checklist
kind: tool
status: tested
contributors: [eva]
added: 2026-05-20
adoptions:
  - organisation: Muni X
    date: 2026-05-05
  - organisation: Muni Y
    date: 2026-08-01
""",
    "p2.yaml": """\
title: Case of Puno
kind: case-study
status: draft
contributors: [eva, ben]
added: 2026-06-01
source: external
""",
    "p3.yaml": """\
title: Old guide
kind: tool
status: evaluated
contributors: [ana]
added: 2026-02-01
adoptions:
  - organisation: Muni X
    date: 2026-03-03
  - organisation: Muni Z
""",
    "p4.yaml": """\
title: Undated note
contributors: [ben]
""",
}

STORIES = {
    "st1.yaml": """\
title: The unit opens
date: 2026-05-30
goals: [g1]
cycles:
  immediate: We met
  applied: We did it
evidence: [Acta 12]
""",
    "st2.yaml": """\
title: Nothing written yet
date: 2026-06-15
goals: [g1, g2]
evidence: [Foto, Informe]
""",
    "st3.yaml": """\
title: Earlier
date: 2026-02-01
cycles:
  realized: Budget line
""",
}

SURVEYS = {
    "s1.yaml": """\
title: Mid-year survey
date: 2026-06-20
invited: 5
questions:
  - {id: q1, text: Satisfied?, scale: 5, indicator: satisfaction}
  - {id: q2, text: Ours?, scale: 5, indicator: ownership}
  - {id: q3, text: Ties?, scale: 5, indicator: relationships}
  - {id: q4, text: Better able?, scale: 5, indicator: capacity}
  - {id: q5, text: What changed?, indicator: practice-change}
  - {id: q6, text: Useful documents?, scale: 5, indicator: knowledge}
responses:
  - respondent: ana
    answers: {q1: 4, q2: 3, q3: 5, q4: 2, q5: Usamos la guía en Puno, q6: 1}
  - respondent: ben
    answers: {q1: 5, q2: no sé, q3: 4, q5: "   "}
  - respondent: eva
    answers: {q1: 3, q2: 4, q3: 4, q4: 4}
""",
    "s0.yaml": """\
title: Early survey
date: 2026-03-01
questions:
  - {id: q1, text: Satisfied?, scale: 5, indicator: satisfaction}
responses:
  - answers: {q1: 2}
  - answers: {q1: 4}
""",
}


def write_cop(root: Path, **override: str | dict[str, str] | None) -> Path:
    """Write the tiny CoP into ``root``. ``override`` replaces a file's text (charter,
    members, agenda, activities, plan) or a folder's files (meetings, practices, stories,
    surveys); None leaves the file or folder out."""
    singles = {"charter": ("charter.yaml", CHARTER), "members": ("members.yaml", MEMBERS),
               "agenda": ("learning-agenda.yaml", AGENDA),
               "activities": ("activities.yaml", ACTIVITIES), "plan": ("plan.yaml", PLAN)}
    folders = {"meetings": MEETINGS, "practices": PRACTICES, "stories": STORIES,
               "surveys": SURVEYS}
    unknown = set(override) - set(singles) - set(folders)
    assert not unknown, unknown
    root.mkdir(parents=True, exist_ok=True)
    for key, (name, text) in singles.items():
        value = override.get(key, text)
        if value is not None:
            assert isinstance(value, str)
            (root / name).write_text(textwrap.dedent(value), encoding="utf-8")
    for key, files in folders.items():
        chosen = override.get(key, files)
        if chosen is None:
            continue
        assert isinstance(chosen, dict)
        (root / key).mkdir(exist_ok=True)
        for name, text in chosen.items():
            (root / key / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root
