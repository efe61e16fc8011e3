"""A small hand-made CoP for the newsletter tests, each record placed to test one rule.

The newsletter of 2026-05-01 to 2026-06-30 (today 2026-11-20) should hold, worked out by hand:
- meetings held: 2026-05-15 (3 attendees, ana/beto/carla) and 2026-06-20 (2: ana, carla);
  not 2026-04-30 (before) nor 2026-07-10 (after): 2 meetings, 3 distinct members;
- practices: new-budget-tool (2026-05-16, public) and members-guide (2026-06-01, members only);
  not old-tip (2026-01-01); no-date has no `added` date (an editor note);
- members welcomed: beto (2026-05-10) and carla (2026-05-20); not dora (joined 05-02 but left
  05-25), not eva (joined 07-01), not ana (2025);
- stories: beto-story (2026-06-05, furthest cycle 'applied'); not old-story (2026-01-01);
- coming up (after 06-30, up to 06-30 + 90 days = 09-28): the meeting of 07-10 (which stands
  for budgets' session that day), budgets' session of 08-14, the workshop starting 07-20;
  not budgets' session of 09-30 (too late), not the dropped topic's 07-05 session, not the
  cancelled activity of 07-25;
- actions: 'Send the figures' (from 04-30, due 05-20, never done: late), 'Draft the
  template' (due 07-15, open: due soon); not 'Book the room' (done 06-01), not 'Print the
  guide' (due 08-15, beyond 06-30 + 30 days = 07-30), not 'Done late' (done 06-25, before
  06-30).
"""

from __future__ import annotations

from pathlib import Path

CHARTER = """\
# The charter of a small test CoP.
name: Río Test CoP
goals:
  - {id: g1, statement: Share budgets that work}
ways_of_working:
  meeting_frequency: monthly
"""

MEMBERS = """\
members:
  - id: ana
    name: Ana Ñúñez
    email: ana@example.org
    phone: "+51 900 111 222"
    joined: 2025-01-01
    consent: {directory: true, public: true}
  - id: beto
    name: Beto Gonçalves
    organisation: Prefeitura de Belém
    country: BR
    email: beto@example.org
    phone: "+55 91 3333 4444"
    joined: 2026-05-10
    consent: {directory: true, public: false}
  - id: carla
    name: Carla Çelik
    organisation: Mairie de Lyon
    country: FR
    email: carla@example.org
    phone: "+33 4 7210 3040"
    joined: 2026-05-20
    consent: {directory: true, public: true}
  - id: dora
    name: Dora Díaz
    joined: 2026-05-02
    left: 2026-05-25
  - id: eva
    name: Eva Ébré
    joined: 2026-07-01
"""

AGENDA = """\
topics:
  - id: budgets
    title: Municipal budgets
    lead: ana
    sessions: [2026-05-15, 2026-06-20, 2026-07-10, 2026-08-14, 2026-09-30]
    status: in-progress
  - id: old-topic
    title: A dropped topic
    sessions: [2026-07-05]
    status: dropped
"""

ACTIVITIES = """\
activities:
  - id: budget-workshop
    title: Budget workshop in Lyon
    kind: workshop
    owner: carla
    start: 2026-07-20
    status: planned
  - id: cancelled-visit
    title: A visit that will not happen
    kind: site-visit
    start: 2026-07-25
    status: cancelled
"""

MEETINGS = {
    "2026-04-30-before": """\
date: 2026-04-30
title: Before the period
attendees: [ana]
actions:
  - {action: Send the figures, owner: ana, due: 2026-05-20}
""",
    "2026-05-15-budgets": """\
date: 2026-05-15
title: How we budget
format: virtual
facilitator: ana
topics: [budgets]
attendees: [ana, beto, carla]
guests:
  - {name: Dr. Inés Ruiz, organisation: Universidad de Lima}
decisions: [Compare three budgets, Meet again in June]
actions:
  - {action: Draft the template, owner: beto, due: 2026-07-15}
  - {action: Book the room, owner: carla, due: 2026-06-10, done: 2026-06-01}
  - {action: Print the guide, owner: carla, due: 2026-08-15}
  - {action: Done late, owner: ana, due: 2026-05-30, done: 2026-06-25}
""",
    "2026-06-20-budgets-again": """\
date: 2026-06-20
title: Budgets, second round
format: hybrid
topics: [budgets]
attendees: [ana, carla]
decisions: [Publish the comparison]
""",
    "2026-07-10-next": """\
date: 2026-07-10
title: Budgets, third round
topics: [budgets]
facilitator: carla
""",
}

PRACTICES = {
    "new-budget-tool": """\
title: A spreadsheet for participatory budgets
kind: tool
status: tested
contributors: [beto, ana]
topics: [budgets]
added: 2026-05-16
summary: One sheet a neighbourhood, with the votes.
visibility: public
""",
    "members-guide": """\
title: Guide for members only
kind: guide
contributors: [carla]
added: 2026-06-01
visibility: members
""",
    "old-tip": """\
title: An old tip
kind: tip
contributors: [ana]
added: 2026-01-01
visibility: public
""",
    "no-date": """\
title: A practice with no date
kind: tip
contributors: [ana]
""",
}

STORIES = {
    "beto-story": """\
title: Belém opens its budget
date: 2026-06-05
member: beto
goals: [g1]
cycles:
  immediate: The May call showed me three ways to open a budget.
  applied: We opened two budget hearings to the public.
""",
    "old-story": """\
title: An old story
date: 2026-01-01
member: ana
cycles:
  immediate: Something useful.
""",
}


def write_cop(root: Path, members: str = MEMBERS) -> Path:
    """Write the CoP into `root` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / "members.yaml").write_text(members, encoding="utf-8")
    (root / "learning-agenda.yaml").write_text(AGENDA, encoding="utf-8")
    (root / "activities.yaml").write_text(ACTIVITIES, encoding="utf-8")
    for folder, files in (("meetings", MEETINGS), ("practices", PRACTICES),
                          ("stories", STORIES)):
        (root / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            (root / folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root
