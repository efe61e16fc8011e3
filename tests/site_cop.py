"""A small hand-made CoP for the site, calendar and privacy tests.

`canary` is a member who agreed to be in the directory but NOT to be named in public: their
name, email and phone are unique strings (CANARY_*), and their id stands in every field that
names a member (facilitator, attendee, action owner, contributor, topic lead, activity owner,
story teller, survey respondent, plan step, review). A guest carries the canary guest name; a
members-only practice carries the canary title (also adopted, so the report's I3 table lists
it). `ana` agreed to both. No public output may show a CANARY string.
"""

from __future__ import annotations

from pathlib import Path

CANARY_NAME = "Zebulon Quxwaldt"
CANARY_EMAIL = "zq-canary-7731@example.net"
CANARY_PHONE = "+99 555 0199 7731"
CANARY_GUEST = "Gwendolyn Vorpalsky"
CANARY_PRACTICE = "Kettlewick secret budgeting trick"
CANARY_LINK = "https://meet.example.org/canary-room-5521"
CANARIES = (CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, CANARY_GUEST, CANARY_PRACTICE,
            CANARY_LINK, "canary-room-5521", "0199 7731")

CHARTER = """\
name: Site Test CoP
timezone: America/Lima
purpose: Municipal staff learning budgeting together.
domain: {statement: Budgets that work for small towns.}
goals:
  - {id: g1, statement: Towns publish their budgets}
ways_of_working: {meeting_frequency: monthly}
review:
  log:
    - {date: 2026-06-01, by: canary, summary: First review}
newsletters:
  - {date: 2026-06-30, since: 2026-05-01, title: News of May and June}
"""

MEMBERS = f"""\
members:
  - id: ana
    name: Ana Ñúñez
    email: ana@example.org
    phone: "+51 900 111 222"
    organisation: Municipio de Lima
    joined: 2025-01-01
    consent: {{directory: true, public: true}}
  - id: canary
    name: {CANARY_NAME}
    email: {CANARY_EMAIL}
    phone: "{CANARY_PHONE}"
    preferred_channel: "{CANARY_PHONE}"
    organisation: Ayuntamiento de Prueba
    joined: 2026-05-10
    consent: {{directory: true, public: false}}
"""

AGENDA = """\
topics:
  - id: budgets
    title: Municipal budgets
    lead: canary
    sessions: [2026-05-15, 2026-12-10]
    status: in-progress
"""

ACTIVITIES = """\
activities:
  - id: workshop
    title: Budget workshop
    kind: workshop
    owner: canary
    start: 2026-12-01
    end: 2026-12-02
    status: planned
"""

PLAN = """\
template: fcm-nine-steps
steps:
  - {step: 1, responsible: canary}
"""

MEETING_TIMED = f"""\
date: 2026-05-15
title: Budgets in the open
time: "15:30"
duration_minutes: 90
format: virtual
location: {CANARY_LINK}
facilitator: canary
topics: [budgets]
attendees: [ana, canary]
guests:
  - {{name: {CANARY_GUEST}, organisation: Guest Org}}
notes: Notes by the note-taker.
decisions:
  - Publish the 2026 budget
actions:
  - {{action: Send the budget template, owner: canary, due: 2026-12-20}}
  - {{action: Book a room, owner: ana, due: 2026-12-05}}
knowledge: [open-budget]
"""

MEETING_DAY = """\
date: 2026-12-15
title: Year-end review
format: face-to-face
location: Lima town hall
topics: [budgets]
"""

PRACTICE_PUBLIC = """\
title: Open budget sheet
kind: tool
status: tested
contributors: [ana, canary]
topics: [budgets]
added: 2026-05-16
summary: A spreadsheet that turns the municipal ledger into a readable xylophonic summary.
visibility: public
adoptions:
  - {organisation: Municipio de Cusco, date: 2026-06-10}
"""

PRACTICE_PRIVATE = f"""\
title: {CANARY_PRACTICE}
kind: tip
status: draft
contributors: [canary]
added: 2026-05-20
summary: Only for members.
visibility: members
adoptions:
  - {{organisation: Municipio de Cusco, date: 2026-06-12}}
"""

STORY = """\
title: Cusco publishes its budget
date: 2026-06-20
member: canary
goals: [g1]
cycles:
  applied: We used the sheet in Cusco.
"""

SURVEY = """\
title: Member survey
date: 2026-06-25
questions:
  - {id: q1, text: How useful is the CoP?, indicator: satisfaction}
responses:
  - {respondent: canary, answers: {q1: 5}}
"""


def write_cop(root: Path, **replace: str) -> Path:
    """The CoP in `root`; `replace` swaps a file's text by its relative path."""
    files = {"charter.yaml": CHARTER, "members.yaml": MEMBERS,
             "learning-agenda.yaml": AGENDA, "activities.yaml": ACTIVITIES, "plan.yaml": PLAN,
             "meetings/2026-05-15-budgets-in-the-open.yaml": MEETING_TIMED,
             "meetings/2026-12-15-year-end-review.yaml": MEETING_DAY,
             "practices/open-budget.yaml": PRACTICE_PUBLIC,
             "practices/members-trick.yaml": PRACTICE_PRIVATE,
             "stories/cusco-publishes.yaml": STORY,
             "surveys/member-survey.yaml": SURVEY}
    files.update(replace)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
