"""Generate a large synthetic community of practice (CoP) for benchmarks, and its git history.

Two entry points, both deterministic for a given ``seed`` (``random.Random(seed)``, standard
library only; the YAML is written as plain strings, not through a YAML library):

``generate_cop(dest, members=1000, meetings=520, attendees=25, practices=1000, stories=100,
surveys=10, responses=200, scale=1.0, seed=1)``
    writes every file of the format (design/format.md) into ``dest``: charter.yaml,
    members.yaml, learning-agenda.yaml, activities.yaml, plan.yaml, meetings/DATE-SLUG.yaml,
    practices/SLUG.yaml, stories/SLUG.yaml and surveys/SLUG.yaml. Every reference resolves
    (attendees, facilitators, owners, leads, contributors, respondents, topics, goals, thematic
    group members, meeting ``knowledge``), every attendee was a member on the meeting's date,
    and values are realistic (accented names, quoted phone numbers, ``country: NO`` unquoted,
    strings with ``: `` quoted, long ``|`` notes). ``scale`` multiplies the number of meetings
    (1x, 2x, 4x ... for linear-scaling benchmarks). The default size is about 5 MB of YAML.
    Returns counts (files, bytes, members, meetings, attendance records ...).
    The contacts are laid out as ``copkit init`` lays them out (#20): members.yaml keeps each
    email's keyed hash (``email_hash``, HMAC-SHA256 under the CoP's key ``.copkit/hash-key``,
    here derived from ``seed`` so that runs are reproducible), ``contacts.yaml`` beside it
    holds the email, phone, preferred channel and directory consent, and ``.gitignore`` (as
    init writes it) keeps contacts.yaml out of git. ``contacts="inline"`` (``--contacts-inline``)
    writes the old layout instead: every contact field in members.yaml, no key, no
    contacts.yaml (what a CoP from before #20 holds, e.g. for ``copkit contacts split``).

``generate_history(dest, commits=5000, seed=1)``
    builds a git repository of ``commits`` commits with one ``git fast-import`` run: a small
    CoP (charter, plan, founding members and topics) that grows over ten years ending
    2026-11-15 (members join and leave, meetings and their attendance, practices and their
    status draft -> tested -> evaluated, adoptions, topics, activities, stories, surveys,
    annual charter reviews, member profile edits), each commit ``copkit: <verb> <record>``
    by a member of the CoP. The final commit holds exactly what ``generate_cop`` writes for
    the same seed, with every size multiplied by ``commits / 5000`` (with small minimums, and
    at most 10 surveys), so 5,000 commits end in the default large CoP. Every intermediate
    commit is a valid CoP too (every reference resolves at every commit). The objects are
    then packed again (``git repack -a -d -f``), as ``git gc`` packs a repository built
    commit by commit; ``repack=False`` keeps fast-import's own pack. Returns counts.

Command line::

    python benchmarks/generate.py DEST [--members N] [--meetings N] [--attendees N]
        [--practices N] [--stories N] [--surveys N] [--responses N] [--scale X] [--seed N]
        [--contacts-inline] [--history COMMITS [--fast-import-pack]]

The history (``--history``) keeps the old layout in every commit.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import hmac
import itertools
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

END = dt.date(2026, 11, 15)
DEFAULT_MEETINGS = 520
SPAN_DAYS = (DEFAULT_MEETINGS - 1) * 7  # first to last meeting: weekly over ten years
FIRST_MEETING = END - dt.timedelta(days=SPAN_DAYS)
STARTED = FIRST_MEETING - dt.timedelta(days=45)
_EPOCH = dt.date(1970, 1, 1).toordinal()
FINAL = 1 << 62  # "as of the end of time": render every record in its final state
DEFAULT_COMMITS = 5000
GIT_IDENT = ["-c", "user.name=copkit benchmarks", "-c", "user.email=benchmarks@example.org"]


# ---------------------------------------------------------------- YAML scalars
_SPECIAL_START = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
_FLOW_CHARS = frozenset(",[]{}:?#")
_LOOKS_TYPED = re.compile(
    r"[-+.]?\d|(?:y|yes|n|no|true|false|on|off|null|~|<<|=)$|[-+]?\.(?:inf|nan)$", re.IGNORECASE)
_CTRL = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def as_installed() -> str:
    """Make the copkit processes a benchmark starts run as from an installed wheel: pip
    byte-compiles a package when it installs it, while an editable install on a machine with
    PYTHONDONTWRITEBYTECODE set (this one sets it) would compile every copkit module again in
    every process, some 0.17 s that no user pays. Compiles the copkit being measured and lets
    the children write bytecode; returns a line saying so, for the benchmark's output."""
    import compileall
    import importlib.util
    import os

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    spec = importlib.util.find_spec("copkit")
    if spec is None or spec.origin is None:
        raise SystemExit("copkit is not installed in this Python: pip install -e .")
    package = Path(spec.origin).parent
    compileall.compile_dir(str(package), quiet=1)
    return f"copkit measured from {package} (byte-compiled, as pip installs it)"


def _escape_char(c: str) -> str:
    if c in _CTRL:
        return _CTRL[c]
    code = ord(c)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def dq(value: str) -> str:
    """``value`` as a double-quoted YAML scalar."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    if not out.isprintable():
        out = "".join(c if c.isprintable() else _escape_char(c) for c in out)
    return f'"{out}"'


def q(value: str, flow: bool = False) -> str:
    """``value`` as a YAML scalar: plain when it reads back as the same string in YAML 1.1 and
    1.2, double-quoted otherwise (``: ``, `` #``, a leading indicator, something that looks
    like a number, date, boolean or null; in flow context also any of ``,[]{}:?#``)."""
    if (not value or value[0] in _SPECIAL_START or value[-1] in " :" or ": " in value
            or " #" in value or _LOOKS_TYPED.match(value) is not None
            or not value.isprintable() or (flow and not _FLOW_CHARS.isdisjoint(value))):
        return dq(value)
    return value


def flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v, True) for v in values) + "]"


def block(text: str, indent: str) -> str:
    """``text`` as a literal block scalar (``|``) whose lines start with ``indent``; a quoted
    scalar when a block cannot hold it exactly."""
    body = text.rstrip("\n")
    lines = body.split("\n")
    if (not body or lines[0][:1] in (" ", "") or "\t" in body or "\r" in body
            or not body.replace("\n", "").isprintable()):
        return dq(text)
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)[:-1]


def slugify(text: str, max_words: int = 8) -> str:
    """A lower-case ASCII slug: accents dropped, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    plain = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)[:max_words])


_TRANSLIT = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ł": "l",
                           "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "Oe",
                           "þ": "th", "ð": "d", "'": "", "’": ""})


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is not taken yet (and take it)."""
    base = base or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _wrap(text: str, width: int = 88) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _ts(day: dt.date, hour: int = 12, minute: int = 0) -> int:
    """Seconds since the epoch (UTC) of ``day`` at ``hour:minute``."""
    return (day.toordinal() - _EPOCH) * 86400 + hour * 3600 + minute * 60


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# ---------------------------------------------------------------- word banks
COUNTRIES: dict[str, tuple[str, str, int, list[str]]] = {
    # code: (phone prefix, UTC offset, weight, cities)
    "PE": ("51", "-0500", 14, ["Cusco", "Puno", "Arequipa", "Ayacucho", "Huancayo", "Cajamarca"]),
    "CA": ("1", "-0500", 12, ["Québec", "Montréal", "Trois-Rivières", "Saskatoon", "Moncton"]),
    "NO": ("47", "+0100", 8, ["Tromsø", "Trondheim", "Bodø", "Ålesund", "Lillehammer"]),
    "CO": ("57", "-0500", 8, ["Bogotá", "Medellín", "Popayán", "Pasto", "Cúcuta"]),
    "MX": ("52", "-0600", 7, ["Oaxaca", "Mérida", "Querétaro", "Tlaxcala", "Morelia"]),
    "BO": ("591", "-0400", 5, ["Cochabamba", "Sucre", "El Alto", "Potosí"]),
    "EC": ("593", "-0500", 4, ["Cuenca", "Loja", "Ibarra", "Riobamba"]),
    "CL": ("56", "-0400", 3, ["Valparaíso", "Temuco", "Concepción"]),
    "BR": ("55", "-0300", 4, ["Belém", "São Luís", "Porto Alegre", "Florianópolis"]),
    "FR": ("33", "+0100", 5, ["Lyon", "Besançon", "Nîmes", "Angoulême", "Rennes"]),
    "ES": ("34", "+0100", 5, ["Sevilla", "Córdoba", "Logroño", "Cáceres", "Gijón"]),
    "SE": ("46", "+0100", 3, ["Malmö", "Umeå", "Växjö", "Örebro"]),
    "PL": ("48", "+0100", 3, ["Kraków", "Gdańsk", "Łódź", "Wrocław"]),
    "GH": ("233", "+0000", 4, ["Kumasi", "Tamale", "Cape Coast", "Ho"]),
    "KE": ("254", "+0300", 4, ["Kisumu", "Nakuru", "Eldoret", "Machakos"]),
    "SN": ("221", "+0000", 3, ["Saint-Louis", "Thiès", "Ziguinchor"]),
    "TR": ("90", "+0300", 2, ["İzmir", "Eskişehir", "Gaziantep"]),
    "VN": ("84", "+0700", 2, ["Đà Nẵng", "Huế", "Cần Thơ"]),
    "PH": ("63", "+0800", 2, ["Cebu", "Iloilo", "Davao"]),
}
_COUNTRY_CODES = list(COUNTRIES)
_COUNTRY_CUM = list(itertools.accumulate(v[2] for v in COUNTRIES.values()))
ALL_CITIES = [c for v in COUNTRIES.values() for c in v[3]]

FIRST_NAMES = [
    "José", "María", "Hélène", "Zoë", "Søren", "Łukasz", "Björn", "Ana", "João", "Chloé",
    "François", "Ingrid", "Kofi", "Aïcha", "Thảo", "Oluwaseun", "Siobhán", "Nicolás", "Inés",
    "Óscar", "Raúl", "Ángela", "Begoña", "Sebastián", "Verónica", "Renée", "Gaëlle", "Jérôme",
    "Noémie", "Anaïs", "Åsa", "Øystein", "Kjersti", "Małgorzata", "Agnieszka", "Emre", "Gülşen",
    "Ayşe", "Amara", "Wanjiru", "Kwame", "Fatou", "Mamadou", "Lucía", "Joaquín", "Catalina",
    "Luiz", "Conceição", "Ximena", "Maël", "Juan", "Rosa", "Pedro", "Carmen", "Liam", "Olivia",
]
LAST_NAMES = [
    "Ñúñez", "Côté", "López", "Pérez", "Müller", "Øvergård", "García", "Gonçalves", "Šimić",
    "O'Brien", "Núñez del Prado", "van der Berg", "Mensah", "Dubois", "Lefèvre", "Çelik",
    "Yılmaz", "Åkesson", "Straßer", "Ødegaard", "Huamán", "Quispe", "Mamani", "Condori",
    "Gagnon", "Tremblay", "Bouchard", "Lévesque", "Bergström", "Håkansson", "Nowak",
    "Wiśniewska", "Kowalczyk", "Diallo", "Ndiaye", "Otieno", "Kamau", "Owusu", "Asante", "Trần",
    "Phạm", "Reyes", "Santos", "Jiménez", "Muñoz", "Peña", "Ibáñez", "Fernández", "Gutiérrez",
    "Rodríguez", "Álvarez", "da Silva", "Araújo", "Lindqvist", "Sørensen", "Saint-Pierre",
]
ORG_PATTERNS = [
    "Municipality of {city}", "{city} City Council", "Municipality of {city}",
    "Regional Government of {city}", "{city} Chamber of Commerce", "University of {city}",
    "Local Development Agency of {city}", "{city} Women's Cooperative",
]
NATIONAL_ORGS = [
    "Ministry of Local Government", "Federation of Canadian Municipalities",
    "Red de Municipalidades Rurales del Perú", "KS – Norwegian Association of Local and "
    "Regional Authorities", "UN-Habitat", "GIZ", "Fundación Ciudadanía y Desarrollo",
    "Association des maires du Sénégal", "PUCP", "Université Laval", "Cities Alliance",
]
ROLES_RARE = ["thematic-leader", "expert", "communications", "institutional-development",
              "technical-support", "sponsor"]
CHANNELS = ["email", "email", "email", "whatsapp", "phone", "platform", "video call"]
HOURS: list[float] = [1, 2, 2, 4, 4, 4, 6, 8, 10, 1.5, 0.5]
EXPERTISE = [
    "participatory budgeting", "local economic development", "public procurement",
    "value chains", "municipal finance", "GIS mapping", "tourism planning", "youth employment",
    "gender budgeting", "cooperatives", "monitoring and evaluation", "open data",
    "facilitation", "informal markets", "agro-processing", "climate adaptation",
    "land-use planning", "SME support", "public-private dialogue", "microfinance",
]
RESPONSIBILITIES = [
    "Convene the weekly call", "Edit the newsletter", "Curate the practice library",
    "Mentor new members", "Report to the steering group", "Keep the learning agenda up to date",
    "Host site visits", "Translate summaries into Spanish", "Moderate the platform",
    "Collect attendance after each meeting", "Follow up on actions",
]
TOPICS: list[tuple[str, str]] = [
    ("community-life", "Community news and peer support"),
    ("unit-models", "Models for establishing municipal LED units"),
    ("open-budgets", "Open budget hearings"),
    ("value-chains", "Mapping local value chains"),
    ("youth-jobs", "Youth employment programmes"),
    ("market-places", "Running municipal markets"),
    ("tourism", "Community-based tourism"),
    ("procurement", "Local procurement rules that favour small suppliers"),
    ("investment", "Attracting investment to small towns"),
    ("cooperatives", "Supporting producer cooperatives"),
    ("gender", "Gender-responsive budgeting"),
    ("climate", "Climate adaptation in local plans"),
    ("land-use", "Land-use plans and informal settlements"),
    ("data", "Open data for local economies"),
    ("sme-support", "Business support centres for SMEs"),
    ("informal-economy", "Working with the informal economy"),
    ("regional-planning", "Regional economic planning"),
    ("agro-processing", "Agro-processing and rural jobs"),
    ("public-private", "Public-private dialogue forums"),
    ("revenue", "Own-source revenue and local taxes"),
    ("digital-services", "Digital services for businesses"),
    ("skills", "Skills training with local employers"),
    ("indicators", "Indicators for local economic development"),
    ("partnerships", "Municipal partnerships across borders"),
    ("microfinance", "Microfinance and savings groups"),
    ("energy", "Local renewable energy projects"),
    ("water", "Water services and small businesses"),
    ("crafts", "Crafts, design and local brands"),
    ("fisheries", "Small-scale fisheries"),
    ("migration", "Migration and remittances"),
    ("transport", "Rural roads and market access"),
    ("heritage", "Heritage and the local economy"),
    ("food-systems", "Short food supply chains"),
    ("elections", "Keeping plans alive across elections"),
    ("councils", "Working with councillors"),
    ("communication", "Communicating results to citizens"),
    ("evaluation", "Evaluating LED programmes"),
    ("financing", "Financing local projects"),
    ("resilience", "Economic recovery after disasters"),
    ("indigenous", "Indigenous economies and territories"),
]
QUESTION_PATTERNS = [
    "Which approaches to {t} exist in our municipalities?", "What did {t} cost, and who paid?",
    "How do we measure results in {t}?", "Who in the council decides on {t}?",
    "What went wrong with {t}, and why?", "Which partners can help with {t}?",
]
GOALS: list[tuple[str, str, str, str]] = [
    ("g1", "Help members set up or strengthen a municipal LED unit",
     "municipalities with a working LED unit", "40 by 2026"),
    ("g2", "Share tested practices that other municipalities can adopt",
     "practices marked tested or evaluated", "300"),
    ("g3", "Build lasting working relationships across countries",
     "members who worked with a member from another country", "60% of core members"),
    ("g4", "Bring external knowledge into local decisions",
     "external practices discussed in meetings", "one a month"),
    ("g5", "Influence national policy on local economic development",
     "policy changes citing the community's work", "3"),
]
MEETING_FORMATS: list[tuple[str, int]] = [
    ("virtual", 50), ("hybrid", 12), ("face-to-face", 10), ("webinar", 12), ("field-visit", 4),
    ("training", 6), ("conference-call", 6),
]
_FORMAT_NAMES = [f for f, _ in MEETING_FORMATS]
_FORMAT_CUM = list(itertools.accumulate(w for _, w in MEETING_FORMATS))
VIRTUAL_PLACES = ["Zoom", "Microsoft Teams", "Jitsi", "Google Meet"]
VENUES = ["town hall", "municipal library", "chamber of commerce", "university campus",
          "community centre", "regional government offices"]
MEETING_TITLES = [
    "How {city} set up its {short}", "{Title}: lessons from {city}",
    "Peer review of the {city} {short}", "Site visit to {city}", "Webinar: {title}",
    "Open clinic on {title}", "{n} ideas for {title}", "Q&A with the {city} team",
    "Weekly exchange on {title}", "What we learnt about {title} in {city}",
    "{Title} — first results", "Reading group: {title}",
]
SHORTS = ["LED unit", "budget hearings", "market committee", "business centre",
          "investment desk", "cooperative fund", "tourism board", "youth job fair"]
GUEST_TITLES = ["Dr.", "Prof.", "", "", "Ing.", "Lic."]
GUEST_ROLES = ["external expert", "partner", "keynote speaker", "donor representative",
               "observer", "ministry official"]
SENTENCES = [
    "{person} opened the session with an update from {city}.",
    "We compared how {n} municipalities handle {topic}.",
    "The group agreed that {topic} needs a shared template before the next cycle.",
    "Several members said the main obstacle is staff turnover after elections.",
    "{person} presented the results of the pilot in {city}: {n} neighbourhoods took part "
    "and the council kept the budget line.",
    "There was a long discussion on whether to publish the draft guide before it is tested.",
    "Questions from the chat: how long did the procurement take, and who paid for the "
    "facilitation?",
    "Next time we will invite someone from {org} to explain their approach.",
    "{person} warned that the figures from {city} are not comparable with the others yet.",
    "Members from {city} offered to host a site visit in the spring.",
    "The budget for {topic} was cut by {n}% this year, so the team is looking for partners.",
    "It took {n} months to get the council's approval; most of the delay was legal review.",
    "We heard that the regional government now asks every municipality for a plan on "
    "{topic}.",
    "A short poll showed that {n} of the participants already use a version of the tool.",
    "{person} shared a spreadsheet that tracks every request from local businesses.",
    "Not everyone agreed: some prefer to wait for the national guidelines.",
    "The translation of the summary into Spanish and French is still pending.",
    "We should document this as a practice and ask {person} to lead it.",
    "People liked the small-group format; the plenary was too long again.",
    "The recording and the slides are on the platform (members only).",
    "{person} asked whether the method would work in a municipality of fewer than 5,000 "
    "people; the answer from {city} was a cautious yes.",
    "The finance officer from {city} explained how they moved the line from the general "
    "budget into a multi-year fund, which protects it from the yearly negotiation.",
    "We spent the second half of the call in three small groups, one per region, and "
    "reported back in plenary.",
    "Members asked for a template in Spanish, French and Portuguese.",
    "#{n} on the shared list of questions is still open: who owns the data after the "
    "project ends?",
    "Two new members from {city} introduced themselves and their work on {topic}.",
    "The partners at {org} confirmed they can fund two site visits next year.",
    "{person} will write up the discussion as a draft practice.",
    "Attendance was lower than usual because of the holidays in the southern hemisphere.",
    "We agreed to come back to {topic} in three months, once the pilots have results.",
]
STEPS = [
    "Map who in the council decides on the budget and when.",
    "Hold a first open hearing in a neighbourhood hall, not at the town hall.",
    "Agree the rules of the process with the neighbourhood committees.",
    "Publish the list of proposals and the cost of each one.",
    "Ask the finance office to check every proposal before the vote.",
    "Train two staff members to facilitate the meetings.",
    "Report back to citizens within three months, with photos.",
    "Write down what changed and share it with the community.",
    "Set up a small steering group with business owners.",
    "Sign a letter of agreement with the partner organisation.",
    "Collect baseline figures before the first activity.",
    "Review the results with the council after one year.",
]
DECISIONS = [
    "Write a how-to guide", "Run a second session on the same topic", "Invite the ministry",
    "Yes: adopt the shared template", "Move the call to Thursdays", "No", "Postpone the survey",
    "Translate the summary into Spanish", "Create a working group", "Publish the case study",
    "Ask members to send their budgets before the next call", "Try the small-group format",
]
ACTIONS = [
    "Draft the how-to guide", "Send the slides to all members", "Book the venue",
    "Collect the budgets from the pilot municipalities", "Write the newsletter item",
    "Contact the ministry about the regulation", "Translate the summary",
    "Update the learning agenda", "Share the recording", "Prepare the site visit programme",
    "Summarise the chat questions", "Ask {city} for their council resolution",
]
PRACTICE_HEADS: list[tuple[str, str]] = [
    ("A step-by-step guide to", "guide"), ("Lessons from", "lesson-learnt"),
    ("Checklist for", "tool"), ("How to run", "method"), ("Toolkit:", "tool"),
    ("Case study:", "case-study"), ("Tips for", "tip"), ("Template for", "tool"),
    ("What worked in", "success-story"), ("Reading list on", "resource"),
    ("A method for", "method"), ("Ten mistakes in", "lesson-learnt"),
]
PRACTICE_OBJECTS = [
    "open budget hearings", "setting up an LED unit", "participatory market mapping",
    "youth job fairs", "supplier registers", "investment promotion desks",
    "cooperative revolving funds", "tourism route planning", "business licensing reform",
    "gender-responsive budgets", "climate risk screening", "open data portals",
    "local procurement quotas", "public-private forums", "municipal market committees",
    "savings groups", "skills partnerships", "value-chain workshops", "council briefings",
    "citizen report cards", "local brand design", "rural road maintenance",
    "food hubs", "heritage walks", "remittance investment schemes",
]
PRACTICE_TAILS = ["", "", "in small municipalities", "with youth councils", "in {city}",
                  "on a small budget", "after an election", "with the private sector",
                  "in rural districts", "for women entrepreneurs"]
PRACTICE_KINDS = ["tool", "method", "tip", "case-study", "lesson-learnt", "guide",
                  "success-story", "resource"]
STORY_CYCLES = [
    ["The {month} call gave me three models to compare.",
     "I met {person}, who had already solved the problem I had.",
     "The webinar made me realise our figures were out of date.", ""],
    ["I drafted our unit's terms of reference from them.",
     "I adapted the checklist to our municipality.",
     "We translated the guide and shared it with the mayor's office.", ""],
    ["We used the terms of reference in the council proposal.",
     "We ran our first open hearing with the new rules.",
     "Our team tried the template in two districts.", ""],
    ["The council created the unit with two staff.",
     "Local suppliers won {n}% of the municipal contracts this year.",
     "Forty families now sell at the new market.", ""],
    ["The ministry now recommends the method to every municipality.",
     "Neighbouring municipalities asked us to train them.", "", "", ""],
]
SURVEY_QUESTIONS: list[tuple[str, str, int | None, str]] = [
    ("q1", "How satisfied are you with the CoP?", 5, "satisfaction"),
    ("q2", "How much do you feel the CoP belongs to its members?", 5, "ownership"),
    ("q3", "Did you meet people you now work with, outside the meetings?", 5, "relationships"),
    ("q4", "Has the CoP improved your ability to do your job?", 5, "capacity"),
    ("q5", "How useful was the knowledge shared this year?", 5, "knowledge"),
    ("q6", "What changed in your practice?", None, "practice-change"),
    ("q7", "What should we learn about next year?", None, "needs"),
]
OPEN_ANSWERS = [
    "We now run open budget hearings.", "Nothing yet, but we are planning to.",
    "I use the checklist for every new project.", "More site visits, please!",
    "Our council approved the unit: thanks to the September call.",
    "Procurement rules for small suppliers", "Climate adaptation, and how to finance it",
    "I would like sessions in French too.", "Less theory, more cases.",
    "We shared the guide with three neighbouring municipalities.",
]


def _pick_country(rng: random.Random) -> str:
    return rng.choices(_COUNTRY_CODES, cum_weights=_COUNTRY_CUM)[0]


def _uniform_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + _days(rng.randint(0, max(0, (end - start).days)))


# ---------------------------------------------------------------- the model
@dataclass(slots=True)
class Member:
    id: str
    name: str
    organisation: str
    country: str
    roles: list[str]
    level: str
    email: str
    phone: str | None
    channel: str
    joined: dt.date
    left: dt.date | None
    interests: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    hours: float = 0
    directory: bool = True
    public: bool = False
    # history
    t_add: int = 0
    t_left: int = 0
    t_edits: list[int] = field(default_factory=list)

    def active(self, day: dt.date) -> bool:
        return self.joined <= day and (self.left is None or self.left >= day)

    def weight(self) -> int:
        return {"core": 8, "active": 3}.get(self.level, 1)


@dataclass(slots=True)
class Group:
    id: str
    name: str
    members: list[str]
    created: dt.date
    t_add: int = 0


@dataclass(slots=True)
class Topic:
    id: str
    title: str
    questions: list[str]
    goals: list[str]
    lead: str
    group: str | None
    created: dt.date
    open: dt.date
    close: dt.date | None
    planned: bool = False
    sessions: list[Meeting] = field(default_factory=list)
    future: list[dt.date] = field(default_factory=list)
    status: str = "in-progress"
    changed: dt.date | None = None  # covered / dropped on
    t_add: int = 0
    t_changed: int = 0


@dataclass(slots=True)
class Action:
    text: str
    owner: str
    due: dt.date
    done: dt.date | None
    t_done: int = 0


@dataclass(slots=True)
class Meeting:
    id: str
    date: dt.date
    title: str
    format: str
    location: str
    duration: int
    facilitator: str
    topics: list[str]
    attendees: list[str]
    guests: list[tuple[str, str, str]]
    notes: str
    decisions: list[str]
    actions: list[Action]
    knowledge: list[Practice] = field(default_factory=list)
    t_add: int = 0
    t_att: int = 0
    early: int = 0  # attendees in the first commit (history)


@dataclass(slots=True)
class Practice:
    id: str
    title: str
    kind: str
    status: str
    contributors: list[str]
    topics: list[str]
    added: dt.date
    source: str
    summary: str
    body: str
    links: list[str]
    adoptions: list[tuple[str, dt.date, str]]
    visibility: str
    meeting: Meeting | None
    tested: dt.date | None
    evaluated: dt.date | None
    t_add: int = 0
    t_tested: int = 0
    t_evaluated: int = 0
    t_adoptions: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Activity:
    id: str
    title: str
    kind: str
    owner: str
    created: dt.date
    start: dt.date
    end: dt.date
    budget: tuple[int, str]
    spent: int
    status: str
    topics: list[str]
    cancelled: dt.date | None
    t_add: int = 0
    t_start: int = 0
    t_end: int = 0
    t_cancel: int = 0


@dataclass(slots=True)
class Story:
    id: str
    title: str
    date: dt.date
    member: str
    goals: list[str]
    cycles: list[str]
    evidence: list[str]


@dataclass(slots=True)
class Survey:
    id: str
    title: str
    date: dt.date
    invited: int
    responses: list[tuple[str | None, list[tuple[str, int | str]]]]
    t_batches: list[int] = field(default_factory=list)  # import time of each response


@dataclass(slots=True)
class Review:
    date: dt.date
    by: str
    summary: str
    stage: str
    t: int = 0


@dataclass
class Cop:
    members: list[Member]
    groups: list[Group]
    topics: list[Topic]
    meetings: list[Meeting]
    practices: list[Practice]
    activities: list[Activity]
    stories: list[Story]
    surveys: list[Survey]
    reviews: list[Review]
    plan: list[tuple[int, str, dt.date, str]]
    by_id: dict[str, Member]


# ---------------------------------------------------------------- building the model
class _Text:
    """Sentences and paragraphs with names, places and topics filled in."""

    def __init__(self, rng: random.Random, members: Sequence[Member]) -> None:
        self.rng = rng
        self.members = members

    def fill(self, pattern: str, topic: str) -> str:
        r = self.rng
        return pattern.format(
            person=r.choice(self.members).name, city=r.choice(ALL_CITIES), n=r.randint(2, 40),
            topic=topic, org=r.choice(NATIONAL_ORGS), month=r.choice(
                ["January", "March", "May", "September", "October"]))

    def paragraph(self, topic: str, sentences: int) -> str:
        picks = self.rng.sample(SENTENCES, min(sentences, len(SENTENCES)))
        return " ".join(self.fill(pattern, topic) for pattern in picks)

    def notes(self, topic: str) -> str:
        r = self.rng
        parts = ["## Round of news", "", _wrap(self.paragraph(topic, r.randint(2, 4)))]
        parts += ["", "## Discussion", ""]
        for _ in range(r.randint(2, 5)):
            parts += [_wrap(self.paragraph(topic, r.randint(3, 8))), ""]
        if r.random() < 0.15:  # the occasional very long write-up
            for _ in range(r.randint(4, 8)):
                parts += [_wrap(self.paragraph(topic, r.randint(6, 10))), ""]
        if r.random() < 0.5:
            parts += ["Follow-ups:", ""]
            parts += [f"- {self.fill(r.choice(ACTIONS), topic)}" for _ in range(r.randint(2, 4))]
        return "\n".join(parts).rstrip("\n") + "\n"

    def body(self, topic: str) -> str:
        r = self.rng
        parts = ["## Context", "", _wrap(self.paragraph(topic, r.randint(4, 8))), "",
                 "## Steps", ""]
        parts += [f"{i}. {s}" for i, s in enumerate(r.sample(STEPS, r.randint(3, 7)), 1)]
        parts += ["", "## What we learnt", "", _wrap(self.paragraph(topic, r.randint(4, 8)))]
        if r.random() < 0.5:
            parts += ["", "## Who was involved", "", _wrap(self.paragraph(topic, r.randint(2, 5)))]
        if r.random() < 0.15:
            parts += ["", "## Costs", "", "| item | amount |", "|---|---|"]
            parts += [f"| {r.choice(SHORTS)} | {r.randint(2, 90) * 100} |" for _ in range(3)]
        return "\n".join(parts) + "\n"


def _weighted_sample(rng: random.Random, pool: Sequence[Member], cum: list[int],
                     k: int) -> list[Member]:
    """``k`` distinct members of ``pool``, drawn with the cumulative weights ``cum``."""
    k = min(k, len(pool))
    seen: dict[str, Member] = {}
    while len(seen) < k:
        for m in rng.choices(pool, cum_weights=cum, k=(k - len(seen)) * 2):
            if m.id not in seen:
                seen[m.id] = m
                if len(seen) == k:
                    break
    return list(seen.values())


def _build(rng: random.Random, *, members: int, meetings: int, attendees: int, practices: int,
           stories: int, surveys: int, responses: int) -> Cop:
    text_members: list[Member] = []
    text = _Text(rng, text_members)

    # members, in the order they joined
    founders = min(members, max(attendees + 15, members * 6 // 100))
    span = (END - STARTED).days - 7
    joins = [STARTED] * founders + sorted(
        STARTED + _days(1 + int(span * rng.random() ** 1.3)) for _ in range(members - founders))
    taken: set[str] = set()
    people: list[Member] = []
    for i, joined in enumerate(joins):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        country = _pick_country(rng)
        prefix, _, _, cities = COUNTRIES[country]
        city = rng.choice(cities)
        org = (rng.choice(NATIONAL_ORGS) if rng.random() < 0.15
               else rng.choice(ORG_PATTERNS).format(city=city))
        if i == 0:
            roles = ["facilitator"]
        elif i < 3:
            roles = ["co-facilitator"]
        elif i < founders:
            roles = rng.sample(ROLES_RARE, rng.choice((1, 1, 2)))
        else:
            x = rng.random()
            roles = (["participant"] if x < 0.82 else [rng.choice(ROLES_RARE)] if x < 0.97
                     else [rng.choice(("facilitator", "co-facilitator"))])
            if rng.random() < 0.05:
                roles.append("participant" if roles[0] != "participant" else "expert")
        if i < founders:
            level = "core" if rng.random() < 0.5 else "active"
        else:
            x = rng.random()
            level = "core" if x < 0.06 else "active" if x < 0.3 else "peripheral"
        ident = unique(slugify(name), taken)
        domain = slugify(org, 3).replace("-", "") or "example"
        m = Member(
            id=ident, name=name, organisation=org, country=country, roles=roles, level=level,
            email=f"{ident.replace('-', '.')}@{domain[:18]}.example.org",
            phone=(f"+{prefix} {rng.randint(200, 999)} {rng.randint(0, 999):03d} "
                   f"{rng.randint(0, 999):03d}" if rng.random() < 0.7 else None),
            channel=rng.choice(CHANNELS), joined=joined, left=None,
            expertise=rng.sample(EXPERTISE, rng.randint(0, 3)),
            responsibilities=(rng.sample(RESPONSIBILITIES, rng.randint(1, 2))
                              if level == "core" or roles != ["participant"] else []),
            hours=rng.choice(HOURS) if rng.random() < 0.8 else 0,
            directory=rng.random() < 0.8, public=rng.random() < 0.4)
        people.append(m)
    text_members.extend(people)
    for m in rng.sample(people[1:], len(people) * 5 // 100):
        room = (END - m.joined).days
        if room > 120:
            m.left = m.joined + _days(rng.randint(90, room - 10))
    by_id = {m.id: m for m in people}

    def active_on(day: dt.date) -> list[Member]:
        joined = people[:bisect.bisect_right(joins, day)]
        return [m for m in joined if m.left is None or m.left >= day]

    def pick_member(day: dt.date, roles: Sequence[str] = ()) -> Member:
        pool = active_on(day)
        preferred = [m for m in pool if not roles or any(r in roles for r in m.roles)]
        return rng.choice(preferred or pool or people[:1])

    # thematic groups
    groups: list[Group] = []
    gtaken: set[str] = set()
    for gid, title in (("units", "LED units working group"), ("finance", "Finance and budgets"),
                       ("markets", "Markets and value chains"), ("youth", "Youth and skills"),
                       ("tourism", "Tourism and heritage"), ("climate", "Climate and resilience"),
                       ("data", "Data and indicators"), ("rural", "Rural economies")):
        created = STARTED + _days(rng.choice((0, 0, rng.randint(30, 900))))
        pool = active_on(created)
        gid = unique(gid, gtaken)
        groups.append(Group(gid, title, [m.id for m in rng.sample(
            pool, min(len(pool), rng.randint(5, 18)))], created))
    groups.sort(key=lambda g: g.created)

    # topics: a window of dates in which meetings take them up
    topics: list[Topic] = []
    n_topics = len(TOPICS)
    kinds = (["always"] + ["planned"] * 4 + ["dropped"] * 3 + ["in-progress"] * 8
             + ["covered"] * (n_topics - 16))
    for (tid, title), kind in zip(TOPICS, kinds, strict=True):
        close: dt.date | None = None
        if kind == "always":
            opened = FIRST_MEETING
        elif kind == "planned":
            opened = END + _days(rng.randint(20, 200))
        elif kind == "dropped":
            opened = _uniform_day(rng, FIRST_MEETING, END - _days(400))
            close = opened + _days(rng.randint(10, 70))
        elif kind == "in-progress":
            opened = _uniform_day(rng, END - _days(900), END - _days(60))
        else:
            opened = _uniform_day(rng, FIRST_MEETING - _days(30), END - _days(400))
            close = min(END - _days(30), opened + _days(rng.randint(120, 900)))
        created = (_uniform_day(rng, END - _days(180), END - _days(20)) if kind == "planned"
                   else max(STARTED, opened - _days(rng.randint(14, 90))))
        if opened <= FIRST_MEETING + _days(30):
            created = STARTED
        lead = pick_member(created, ("thematic-leader", "expert", "facilitator"))
        candidates = [g for g in groups if g.created <= created]
        low = title[0].lower() + title[1:]
        topics.append(Topic(
            id=tid, title=title,
            questions=[p.format(t=low) for p in rng.sample(QUESTION_PATTERNS, rng.randint(1, 3))],
            goals=sorted(rng.sample([g[0] for g in GOALS], rng.choice((1, 1, 2)))),
            lead=lead.id,
            group=rng.choice(candidates).id if candidates and rng.random() < 0.6 else None,
            created=created, open=opened, close=close, planned=kind == "planned",
            future=(sorted({opened + _days(7 * rng.randint(0, 20)) for _ in range(
                rng.randint(1, 3))}) if kind == "planned" else [])))
    topics.sort(key=lambda t: (t.created, t.id))
    topic_by_id = {t.id: t for t in topics}

    # meetings
    n_meet = max(0, meetings)
    dates = [END - _days((n_meet - 1 - i) * SPAN_DAYS // max(1, n_meet - 1))
             for i in range(n_meet)] if n_meet > 1 else [END] * n_meet
    files: set[str] = set()
    meeting_list: list[Meeting] = []
    for day in dates:
        pool = active_on(day)
        cum = list(itertools.accumulate(m.weight() for m in pool))
        chosen = _weighted_sample(rng, pool, cum, attendees)
        facs = [m for m in pool if "facilitator" in m.roles or "co-facilitator" in m.roles]
        fac = rng.choice(facs) if facs and rng.random() < 0.85 else chosen[0]
        names = [fac.id] + [m.id for m in chosen if m is not fac]
        names = names[:max(1, attendees)]
        open_topics = [t for t in topics if t.open <= day and (t.close is None or t.close >= day)]
        mtopics = rng.sample(open_topics, min(len(open_topics), rng.choice((1, 1, 1, 2))))
        if not mtopics:
            mtopics = [topics[0]]
        main = mtopics[0]
        low = main.title[0].lower() + main.title[1:]
        title = rng.choice(MEETING_TITLES).format(
            city=rng.choice(ALL_CITIES), short=rng.choice(SHORTS), title=low, Title=main.title,
            n=rng.randint(3, 12))
        fmt = rng.choices(_FORMAT_NAMES, cum_weights=_FORMAT_CUM)[0]
        city = rng.choice(ALL_CITIES)
        location = (rng.choice(VIRTUAL_PLACES) if fmt in ("virtual", "webinar")
                    else "Phone bridge" if fmt == "conference-call"
                    else f"{city}, {rng.choice(VENUES)}" if fmt != "hybrid"
                    else f"{city}, {rng.choice(VENUES)} and {rng.choice(VIRTUAL_PLACES)}")
        duration = (rng.choice((180, 240, 360)) if fmt in ("field-visit", "training")
                    else rng.choice((60, 60, 90, 90, 120)))
        guests = []
        if rng.random() < 0.2:
            for _ in range(rng.randint(1, 3)):
                gname = f"{rng.choice(GUEST_TITLES)} {rng.choice(FIRST_NAMES)} " \
                        f"{rng.choice(LAST_NAMES)}".strip()
                guests.append((gname, rng.choice(NATIONAL_ORGS), rng.choice(GUEST_ROLES)))
        actions = []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            due = day + _days(rng.randint(7, 60))
            done: dt.date | None = None
            if rng.random() < 0.7:
                done = day + _days(rng.randint(1, (due - day).days + 14))
                if done > END:
                    done = None
            owner = by_id[rng.choice(names)]
            actions.append(Action(text.fill(rng.choice(ACTIONS), low), owner.id, due, done))
        slug = slugify(title, 7)
        mid = unique(f"{day.isoformat()}-{slug}", files)
        meeting = Meeting(
            id=mid, date=day, title=title, format=fmt, location=location, duration=duration,
            facilitator=fac.id, topics=[t.id for t in mtopics], attendees=names, guests=guests,
            notes=text.notes(low), decisions=rng.sample(DECISIONS, rng.choice((0, 1, 1, 2, 3))),
            actions=actions)
        meeting.early = len(names)
        meeting_list.append(meeting)
        for t in mtopics:
            t.sessions.append(meeting)

    # final topic status
    for t in topics:
        if t.planned:
            t.status = "planned"
        elif not t.sessions:
            t.status = "dropped"
            t.changed = t.close or END
        elif t.close is None:
            t.status = "in-progress"
        else:
            t.status = "covered" if len(t.sessions) > 2 else "dropped"
            t.changed = max(t.close, t.sessions[-1].date)

    # practices
    ptaken: set[str] = set()
    practice_list: list[Practice] = []
    first_day = STARTED + _days(30)
    for _ in range(practices):
        head, kind = rng.choice(PRACTICE_HEADS)
        obj = rng.choice(PRACTICE_OBJECTS)
        tail = rng.choice(PRACTICE_TAILS).format(city=rng.choice(ALL_CITIES))
        title = f"{head} {obj} {tail}".strip()
        if rng.random() < 0.3:
            kind = rng.choice(PRACTICE_KINDS)
        source_meeting = rng.choice(meeting_list) if meeting_list and rng.random() < 0.4 \
            else None
        if source_meeting is not None:
            added = min(END, source_meeting.date + _days(rng.randint(0, 14)))
            pool = [by_id[a] for a in source_meeting.attendees if by_id[a].active(added)]
            pool = pool or [by_id[source_meeting.facilitator]]
            ptopics = list(source_meeting.topics[:1])
        else:
            added = _uniform_day(rng, first_day, END)
            pool = active_on(added)
            ptopics = []
        known = [t for t in topics if t.created <= added]
        for t in rng.sample(known, min(len(known), rng.choice((0, 1, 1, 2)))):
            if t.id not in ptopics:
                ptopics.append(t.id)
        contributors = [m.id for m in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2, 3))))]
        x = rng.random()
        tested = evaluated = None
        if x < 0.7 and added < END:
            tested = min(END, added + _days(rng.randint(14, 240)))
            if x < 0.25:
                evaluated = min(END, tested + _days(rng.randint(30, 400)))
        status = "evaluated" if evaluated else "tested" if tested else "draft"
        adoptions = []
        if evaluated and rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                city = rng.choice(ALL_CITIES)
                on = min(END, evaluated + _days(rng.randint(10, 500)))
                adoptions.append((f"Municipality of {city}", on, rng.choice((
                    f"Council resolution {rng.randint(1, 60)}/{on.year}",
                    f"Letter from the mayor of {city}", f"Budget line {on.year}",
                    "Photos of the first session"))))
            adoptions.sort(key=lambda a: a[1])
        low = obj
        pid = unique(slugify(title, 10), ptaken)
        links = [f"https://example.org/{pid}"] if rng.random() < 0.5 else []
        if rng.random() < 0.2:
            links.append(f"https://www.{rng.choice(('fcm.ca', 'unhabitat.org', 'ks.no'))}/"
                         f"resources/{rng.randint(100, 9999)}")
        practice = Practice(
            id=pid, title=title, kind=kind, status=status, contributors=contributors,
            topics=ptopics, added=added,
            source="external" if rng.random() < 0.2 else "internal",
            summary=f"{title}. {text.paragraph(low, rng.randint(2, 3))}", body=text.body(low),
            links=links,
            adoptions=adoptions, visibility="public" if rng.random() < 0.3 else "members",
            meeting=source_meeting, tested=tested, evaluated=evaluated)
        practice_list.append(practice)
        if source_meeting is not None:
            source_meeting.knowledge.append(practice)

    # member interests: agenda topics they could know of, or free words
    for m in people:
        ids = [t.id for t in topics if t.created <= m.joined] or [topics[0].id]
        m.interests = rng.sample(ids, min(len(ids), rng.randint(0, 2)))
        if rng.random() < 0.3:
            m.interests.append(rng.choice(EXPERTISE))

    # activities
    act_kinds = ["exchange", "seminar", "research", "training", "knowledge-product",
                 "joint-initiative", "site-visit", "webinar", "workshop"]
    atitles = {"exchange": "Exchange between {a} and {b}", "seminar": "Seminar on {t}",
               "research": "Study of {t}", "training": "Training course on {t}",
               "knowledge-product": "Handbook on {t}", "joint-initiative": "Joint pilot on {t}",
               "site-visit": "Site visit to {a}", "webinar": "Webinar series on {t}",
               "workshop": "Workshop in {a} on {t}"}
    activity_list: list[Activity] = []
    ataken: set[str] = set()
    for _ in range(50):
        kind = rng.choice(act_kinds)
        created = _uniform_day(rng, STARTED + _days(1), END - _days(30))
        start = created + _days(rng.randint(14, 120))
        length = {"research": (60, 240), "knowledge-product": (30, 120),
                  "joint-initiative": (90, 365)}.get(kind, (0, 3))
        end = start + _days(rng.randint(*length))
        known = [t for t in topics if t.created <= created]
        atopics = [t.id for t in rng.sample(known, min(len(known), rng.choice((1, 1, 2))))]
        low = topic_by_id[atopics[0]].title.lower()
        title = atitles[kind].format(a=rng.choice(ALL_CITIES), b=rng.choice(ALL_CITIES), t=low)
        cancelled = None
        if end < END:
            status = "cancelled" if rng.random() < 0.1 else "done"
            if status == "cancelled":
                cancelled = created + _days(max(1, (start - created).days // 2))
        elif start <= END:
            status = "under-way"
        else:
            status = "planned"
        amount = rng.randint(4, 400) * 50
        activity_list.append(Activity(
            id=unique(slugify(title, 8), ataken), title=title, kind=kind,
            owner=pick_member(created, ("facilitator", "co-facilitator", "thematic-leader",
                                        "communications")).id,
            created=created, start=start, end=end,
            budget=(amount, rng.choice(("CAD", "CAD", "USD", "EUR", "PEN", "NOK"))),
            spent=int(amount * rng.uniform(0.7, 1.15)), status=status, topics=atopics,
            cancelled=cancelled))
    activity_list.sort(key=lambda a: (a.created, a.id))

    # stories
    story_list: list[Story] = []
    staken: set[str] = set()
    for _ in range(stories):
        day = _uniform_day(rng, STARTED + _days(300), END)
        member = pick_member(day)
        city = rng.choice(ALL_CITIES)
        title = rng.choice((
            f"{city} adopted the {rng.choice(SHORTS)} method",
            f"How a peer visit changed budgeting in {city}",
            f"From a webinar to a council resolution in {city}",
            f"{member.name.split()[0]}'s story: {rng.choice(PRACTICE_OBJECTS)}"))
        reached = rng.choice((1, 2, 2, 3, 3, 4, 5))
        cycles = []
        for i, options in enumerate(STORY_CYCLES):
            line = rng.choice([o for o in options if o]) if i < reached else ""
            cycles.append(text.fill(line, "") if line else "")
        story_list.append(Story(
            id=unique(slugify(title, 7), staken), title=title, date=day, member=member.id,
            goals=sorted(rng.sample([g[0] for g in GOALS], rng.choice((1, 1, 2)))),
            cycles=cycles,
            evidence=rng.sample([f"Council resolution {rng.randint(1, 40)}/{day.year}",
                                 "Interview notes", "Photos of the market",
                                 f"Budget {day.year}", "Newspaper article"],
                                rng.randint(0, 2))))

    # surveys: yearly, on 1 November
    survey_list: list[Survey] = []
    vtaken: set[str] = set()
    for i in range(surveys):
        year = END.year - surveys + 1 + i
        day = dt.date(year, 11, 1) if year > STARTED.year else STARTED + _days(60 + i)
        year = day.year
        pool = active_on(day)
        named = rng.sample(pool, min(len(pool), int(responses * 0.85)))
        resp: list[tuple[str | None, list[tuple[str, int | str]]]] = []
        for j in range(responses):
            who = named[j].id if j < len(named) else None
            base = rng.choice((2, 3, 4, 4, 5))
            answers: list[tuple[str, int | str]] = []
            for qid, _, scale, _ in SURVEY_QUESTIONS:
                if scale:
                    if rng.random() < 0.95:
                        answers.append((qid, max(1, min(5, base + rng.choice((-1, 0, 0, 1))))))
                elif rng.random() < 0.4:
                    answers.append((qid, rng.choice(OPEN_ANSWERS)))
            resp.append((who, answers))
        rng.shuffle(resp)
        survey_list.append(Survey(
            id=unique(f"member-survey-{year}", vtaken), title=f"Annual member survey {year}",
            date=day, invited=max(len(pool), responses), responses=resp))

    # charter reviews, once a year
    review_list: list[Review] = []
    stage = "coalescing"
    year = 1
    while True:
        day = STARTED.replace(year=STARTED.year + year) + _days(rng.randint(0, 20))
        if day > END:
            break
        stage = "maturing" if year == 2 else "stewardship" if year == 6 else stage
        summary = rng.choice((
            "Annual review: goals kept, targets updated",
            "Annual review with the steering group; ground rules unchanged",
            "Review after the member survey: more site visits, fewer long plenaries",
            "Review: added a risk on funding; meeting time moved"))
        if year in (2, 6):
            summary += f"; stage now {stage}"
        review_list.append(Review(day, pick_member(day, ("facilitator", "co-facilitator")).id,
                                  summary, stage))
        year += 1

    plan_notes = [
        "Founding members listed with contacts", "Domain, purpose and goals agreed at the "
        "launch workshop", "Roles shared among the founders; facilitator elected",
        "Weekly calls, a quarterly newsletter and the platform", "Ground rules adopted",
        "First learning agenda with six topics", "Activity budget approved by the host",
        "Notes after each meeting; practices reviewed before sharing",
        "Annual survey and value-creation stories"]
    plan = [(i + 1, people[min(i % 3, len(people) - 1)].id,
             STARTED - _days(120 - 12 * i), plan_notes[i]) for i in range(9)]
    return Cop(people, groups, topics, meeting_list, practice_list, activity_list, story_list,
               survey_list, review_list, plan, by_id)


# ---------------------------------------------------------------- rendering
REVEAL = ("phone", "preferred_channel", "interests", "expertise", "responsibilities",
          "time_commitment_hours_per_month")


def _has(m: Member, name: str) -> bool:
    value = {"phone": m.phone, "preferred_channel": m.channel, "interests": m.interests,
             "expertise": m.expertise, "responsibilities": m.responsibilities,
             "time_commitment_hours_per_month": m.hours}[name]
    return bool(value)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def email_hash(key: bytes, email: str) -> str:
    """copkit.contacts.keys.email_hash (HMAC-SHA256 of the address, trimmed, case folded)."""
    return hmac.new(key, email.strip().casefold().encode("utf-8"), hashlib.sha256).hexdigest()


def bench_key(seed: int) -> bytes:
    """The generated CoP's key: derived from the seed (reproducible), 32 bytes as init's."""
    return hashlib.sha256(f"copkit benchmark CoP key {seed}".encode()).digest()


def render_member(m: Member, asof: int = FINAL, key: bytes | None = None) -> str:
    """The member's item; with ``key`` (the new layout) its email's hash in place of its
    contact fields, which :func:`render_contact` writes."""
    edits = sum(1 for t in m.t_edits if t <= asof)
    hidden = [f for f in REVEAL if _has(m, f)][edits:len(m.t_edits)]
    out = [f"  - id: {q(m.id)}\n    name: {q(m.name)}\n    organisation: {q(m.organisation)}\n"
           f"    country: {m.country}\n    roles: {flow_list(m.roles)}\n    level: {m.level}\n"]
    if key is not None:
        out.append(f"    email_hash: {email_hash(key, m.email)}\n")
    else:
        out.append(f"    email: {q(m.email)}\n")
        if m.phone and "phone" not in hidden:
            out.append(f"    phone: {q(m.phone)}\n")
        if "preferred_channel" not in hidden:
            out.append(f"    preferred_channel: {q(m.channel)}\n")
    out.append(f"    joined: {m.joined}\n")
    if m.left and asof >= m.t_left:
        out.append(f"    left: {m.left}\n")
    if m.interests and "interests" not in hidden:
        out.append(f"    interests: {flow_list(m.interests)}\n")
    if m.expertise and "expertise" not in hidden:
        out.append(f"    expertise: {flow_list(m.expertise)}\n")
    if m.responsibilities and "responsibilities" not in hidden:
        out.append("    responsibilities:\n")
        out += [f"      - {q(r)}\n" for r in m.responsibilities]
    if m.hours and "time_commitment_hours_per_month" not in hidden:
        out.append(f"    time_commitment_hours_per_month: {_num(m.hours)}\n")
    directory = "" if key is not None else f"directory: {str(m.directory).lower()}, "
    out.append(f"    consent: {{{directory}public: {str(m.public).lower()}}}\n")
    return "".join(out)


def render_contact(m: Member) -> str:
    """The member's entry of contacts.yaml (the new layout), as of the final state."""
    out = [f"  - id: {q(m.id)}\n    email: {q(m.email)}\n"]
    if m.phone:
        out.append(f"    phone: {q(m.phone)}\n")
    out.append(f"    preferred_channel: {q(m.channel)}\n"
               f"    consent: {{directory: {str(m.directory).lower()}}}\n")
    return "".join(out)


CONTACTS_HEADER = "# Contact details of the members: never committed (.gitignore lists it).\n" \
                  "contacts:\n"
KEY_HEADER = "# copkit's key for the email hashes of members.yaml (email_hash). Committed: it\n" \
             "# lets imports match a row by its email without contacts.yaml. Do not edit.\n"
GITIGNORE = ("/out/\n/.copkit/lock\n/.copkit/journal.json\n/.copkit/.journal.*.tmp\n"
             ".*.copkit-*.tmp\n# the members' contact details: never in git\n/contacts.yaml\n")


MEMBERS_HEADER = "# Everyone in the community. Members are never deleted: set 'left' instead.\n" \
                 "members:\n"


QUOTED_RISK = "\"Knowledge stays in people's heads\""


def _items(indent: str, values: Iterable[str]) -> list[str]:
    return [f"{indent}- {q(v)}\n" for v in values]


def render_charter(cop: Cop, asof: int = FINAL) -> str:
    reviews = [r for r in cop.reviews if r.t <= asof]
    stage = reviews[-1].stage if reviews else "coalescing"
    host = "Federation of Canadian Municipalities, with the Red de Municipalidades Rurales " \
           "del Perú"
    out = [
        "name: Local Economic Development Practitioners' Network\n",
        f"stage: {stage}\n",
        f"started: {STARTED}\n",
        "domain:\n",
        "  statement: " + q(
            "Municipal staff and partners who want local economic development (LED) to work "
            "in small and medium towns: setting up LED units, planning with the private "
            "sector, financing local projects and keeping plans alive across elections.") + "\n",
        "  issues:\n",
        *_items("    ", ["Municipal LED units without staff or budget",
                         "Plans that do not survive elections",
                         "Few tested, documented practices in Spanish, French and Portuguese",
                         '"Invisible" informal economies']),
        "audience: " + q("LED officers of municipalities and regional governments, their "
                         "councillors, and partners: ministries, universities, donors and "
                         "business associations.") + "\n",
        "purpose: " + q("Learn from each other's experience so that members can design, run "
                        "and evaluate LED programmes that last; members get peer advice, "
                        "tested tools, and contacts in other countries.") + "\n",
        "goals:\n",
    ]
    for gid, statement, indicator, target in GOALS:
        out.append(f"  - id: {gid}\n    statement: {q(statement)}\n"
                   f"    indicator: {q(indicator)}\n    target: {q(target)}\n")
    out += [
        "expected_outcomes:\n",
        *_items("  ", ["A library of tested practices, reviewed by peers",
                       '"How-to" guides for the most requested topics',
                       "LED units created or strengthened in member municipalities",
                       "Recommendations to national governments"]),
        "community:\n",
        "  description: " + q("LED officers and their managers, councillors who chair economic "
                             "committees, and the partners who support them.") + "\n",
        "  membership: open\n",
        "  participation_rules:\n",
        *_items("    ", ["Introduce yourself and your municipality when you join",
                         "Share at least one practice a year",
                         "Ask before sharing another member's material outside the CoP"]),
        "practice:\n",
        "  description: " + q("Tools, methods, case studies, templates and tips on LED, tested "
                             "in a member municipality before they are shared.") + "\n",
        "ways_of_working:\n",
        "  principles: [Openness, Respect for every level of participation, "
        "Learning from failure, Practice before theory]\n",
        "  channels: [email, video calls, face-to-face, newsletter, platform, whatsapp]\n",
        "  meeting_frequency: weekly\n",
        "  visibility: members\n",
        "ground_rules:\n",
        *_items("  ", ["Start and end on time; the facilitator keeps the time",
                       '"Chatham House": share what was said, not who said it',
                       "Notes are posted within a week of every meeting",
                       "One topic per call; new topics go to the learning agenda"]),
        "governance:\n",
        "  decision_making: " + q("By consensus of the core group; when consensus fails, a "
                                 "vote of the core members present.") + "\n",
        "  accountability: " + q("The facilitator reports every quarter to the host and once a "
                                "year to all members (annual review).") + "\n",
        f"  host_organisation: {q(host)}\n",
        "  resources: " + q("A part-time coordinator (0.5 FTE), a video-call licence, a small "
                            "activity budget (about 25,000 CAD a year) and members' own "
                            "time.") + "\n",
        "  stakeholders:\n",
        "    - {name: Ministry of Local Government, interest: national LED policy, "
        "influence: high, support: supportive}\n",
        "    - {name: Federation of Canadian Municipalities, interest: programme results, "
        "influence: high, support: supportive}\n",
        "    - {name: Municipal councils, interest: local jobs, influence: medium, "
        "support: neutral}\n",
        "    - {name: Business associations, interest: procurement rules, influence: medium, "
        "support: neutral}\n",
        "    - {name: National treasury, interest: spending control, influence: high, "
        "support: resistant}\n",
        "policies:\n",
        "  membership: " + q("Open to municipal staff and partners; the core group welcomes "
                             "new members and introduces them at the next call.") + "\n",
        "  code_of_conduct: " + q("Be respectful, assume good faith, no sales pitches; the "
                                  "facilitator may remove content that breaks these "
                                  "rules.") + "\n",
        "  privacy: " + q("Contact details are shared only with members who consent; names "
                          "appear in public reports only with consent.") + "\n",
        "  copyright: CC-BY-4.0\n",
        "risks:\n",
        "  - risk: The coordinator's funding ends\n",
        "    mitigation: " + q("Rotate facilitation among core members; seek a second host") + "\n",
        "  - risk: Participation drops after elections\n",
        "    mitigation: Welcome new staff early; keep a short induction pack\n",
        f"  - risk: {q(QUOTED_RISK)}\n",
        "    mitigation: Write up every meeting; one practice per topic\n",
        "knowledge_capture: " + q(
            "Notes of every meeting go into meetings/; practices are drafted by the members "
            "who presented them, tested in at least one municipality, then marked tested and "
            "shared in the newsletter.") + "\n",
        "external_knowledge: " + q(
            "Thematic leaders invite one external expert per topic; members who attend "
            "conferences report back at the next call.") + "\n",
        "review:\n",
        "  cycle: annual\n",
    ]
    if reviews:
        out.append(f"  last_reviewed: {reviews[-1].date}\n  log:\n")
        out += [f"    - date: {r.date}\n      by: {q(r.by)}\n      summary: {q(r.summary)}\n"
                for r in reviews]
    out += ["monitoring:\n", "  core_attendance: 0.6\n", "  active_attendance: 0.25\n",
            "  core_practices: 2\n", "  active_practices: 1\n"]
    return "".join(out)


def render_agenda(cop: Cop, asof: int = FINAL) -> str:
    out = ["topics:\n"]
    shown = 0
    for t in cop.topics:
        if t.t_add > asof:
            continue
        shown += 1
        sessions = [m.date for m in t.sessions if m.t_add <= asof] + t.future
        if t.planned:
            status = "planned"
        elif t.changed is not None and t.t_changed <= asof:
            status = t.status
        elif sessions:
            status = "in-progress"
        else:
            status = "planned"
        out.append(f"  - id: {t.id}\n    title: {q(t.title)}\n    questions:\n")
        out += [f"      - {q(x)}\n" for x in t.questions]
        out.append(f"    goals: {flow_list(t.goals)}\n    lead: {q(t.lead)}\n")
        if t.group:
            out.append(f"    group: {q(t.group)}\n")
        if sessions:
            out.append(f"    sessions: [{', '.join(str(d) for d in sessions)}]\n")
        out.append(f"    status: {status}\n")
    if not shown:
        out = ["topics: []\n"]
    groups = [g for g in cop.groups if g.t_add <= asof]
    if groups:
        out.append("thematic_groups:\n")
        out += [f"  - id: {g.id}\n    name: {q(g.name)}\n    members: {flow_list(g.members)}\n"
                for g in groups]
    return "".join(out)


def render_activities(cop: Cop, asof: int = FINAL) -> str:
    out = []
    for a in cop.activities:
        if a.t_add > asof:
            continue
        status = "planned"
        if a.status == "cancelled" and a.t_cancel <= asof:
            status = "cancelled"
        elif a.status in ("under-way", "done") and a.t_start <= asof:
            status = "done" if a.status == "done" and a.t_end <= asof else "under-way"
        out.append(f"  - id: {a.id}\n    title: {q(a.title)}\n    kind: {a.kind}\n"
                   f"    owner: {q(a.owner)}\n    start: {a.start}\n    end: {a.end}\n"
                   f"    budget: {{amount: {a.budget[0]}, currency: {a.budget[1]}}}\n")
        if status == "done":
            out.append(f"    spent: {{amount: {a.spent}, currency: {a.budget[1]}}}\n")
        out.append(f"    status: {status}\n    topics: {flow_list(a.topics)}\n")
    return "activities:\n" + "".join(out) if out else "activities: []\n"


def render_plan(cop: Cop) -> str:
    out = ["template: fcm-nine-steps\n", "steps:\n"]
    out += [f"  - {{step: {s}, responsible: {q(who, True)}, deadline: {d}, "
            f"notes: {q(n, True)}}}\n" for s, who, d, n in cop.plan]
    return "".join(out)


def render_meeting(m: Meeting, asof: int = FINAL) -> str:
    attendees = m.attendees if asof >= m.t_att else m.attendees[:m.early]
    out = [f"date: {m.date}\ntitle: {q(m.title)}\nformat: {m.format}\n"
           f"location: {q(m.location)}\nduration_minutes: {m.duration}\n"
           f"facilitator: {q(m.facilitator)}\ntopics: {flow_list(m.topics)}\n"]
    if len(attendees) > 6:
        out.append("attendees:\n")
        out += [f"  - {q(a)}\n" for a in attendees]
    else:
        out.append(f"attendees: {flow_list(attendees)}\n")
    if m.guests:
        out.append("guests:\n")
        out += [f"  - {{name: {q(n, True)}, organisation: {q(o, True)}, role: {q(r, True)}}}\n"
                for n, o, r in m.guests]
    out.append(f"notes: {block(m.notes, '  ')}\n")
    if m.decisions:
        out.append("decisions:\n")
        out += [f"  - {q(d)}\n" for d in m.decisions]
    if m.actions:
        out.append("actions:\n")
        for a in m.actions:
            done = f", done: {a.done}" if a.done and a.t_done <= asof else ""
            out.append(f"  - {{action: {q(a.text, True)}, owner: {q(a.owner, True)}, "
                       f"due: {a.due}{done}}}\n")
    knowledge = [p.id for p in m.knowledge if p.t_add <= asof]
    if knowledge:
        out.append(f"knowledge: {flow_list(knowledge)}\n")
    return "".join(out)


def render_practice(p: Practice, asof: int = FINAL) -> str:
    status = ("evaluated" if p.evaluated and p.t_evaluated <= asof
              else "tested" if p.tested and p.t_tested <= asof else "draft")
    out = [f"title: {q(p.title)}\nkind: {p.kind}\nstatus: {status}\n"
           f"contributors: {flow_list(p.contributors)}\ntopics: {flow_list(p.topics)}\n"
           f"added: {p.added}\nsource: {p.source}\nsummary: {q(p.summary)}\n"
           f"body: {block(p.body, '  ')}\n"]
    if p.links:
        out.append("links:\n")
        out += [f"  - {q(link)}\n" for link in p.links]
    else:
        out.append("links: []\n")
    out.append("files: []\n")
    adoptions = [a for a, t in zip(p.adoptions, p.t_adoptions or [0] * len(p.adoptions),
                                   strict=True) if t <= asof]
    if adoptions:
        out.append("adoptions:\n")
        out += [f"  - {{organisation: {q(o, True)}, date: {d}, evidence: {q(e, True)}}}\n"
                for o, d, e in adoptions]
    out.append(f"visibility: {p.visibility}\n")
    return "".join(out)


def render_story(s: Story) -> str:
    out = [f"title: {q(s.title)}\ndate: {s.date}\nmember: {q(s.member)}\n"
           f"goals: {flow_list(s.goals)}\ncycles:\n"]
    for name, value in zip(("immediate", "potential", "applied", "realized", "transformative"),
                           s.cycles, strict=True):
        out.append(f"  {name}: {q(value) if value else chr(34) * 2}\n")
    out.append(f"evidence: {flow_list(s.evidence)}\n")
    return "".join(out)


def render_survey(s: Survey, asof: int = FINAL) -> str:
    out = [f"title: {q(s.title)}\ndate: {s.date}\ninvited: {s.invited}\nquestions:\n"]
    for qid, text, scale, indicator in SURVEY_QUESTIONS:
        scale_part = f", scale: {scale}" if scale else ""
        out.append(f"  - {{id: {qid}, text: {q(text, True)}{scale_part}, "
                   f"indicator: {indicator}}}\n")
    times = s.t_batches or [0] * len(s.responses)
    rows = [r for r, t in zip(s.responses, times, strict=True) if t <= asof]
    if rows:
        out.append("responses:\n")
        for who, answers in rows:
            parts = ", ".join(f"{k}: {v if isinstance(v, int) else q(v, True)}"
                              for k, v in answers)
            lead = f"respondent: {q(who, True)}, " if who else ""
            out.append(f"  - {{{lead}answers: {{{parts}}}}}\n")
    else:
        out.append("responses: []\n")
    return "".join(out)


def _all_files(cop: Cop, key: bytes | None = None) -> dict[str, str]:
    """Every file of the CoP in its final state, by path (with ``key``: the new layout's
    contacts.yaml, key and .gitignore too)."""
    files = {
        "charter.yaml": render_charter(cop),
        "members.yaml": MEMBERS_HEADER + "".join(render_member(m, key=key)
                                                 for m in cop.members),
        "learning-agenda.yaml": render_agenda(cop),
        "activities.yaml": render_activities(cop),
        "plan.yaml": render_plan(cop),
    }
    files.update((f"meetings/{m.id}.yaml", render_meeting(m)) for m in cop.meetings)
    files.update((f"practices/{p.id}.yaml", render_practice(p)) for p in cop.practices)
    files.update((f"stories/{s.id}.yaml", render_story(s)) for s in cop.stories)
    files.update((f"surveys/{s.id}.yaml", render_survey(s)) for s in cop.surveys)
    if key is not None:
        files["contacts.yaml"] = CONTACTS_HEADER + "".join(render_contact(m)
                                                           for m in cop.members)
        files[".copkit/hash-key"] = KEY_HEADER + key.hex() + "\n"
        files[".gitignore"] = GITIGNORE
    return files


def _counts(cop: Cop) -> dict[str, int]:
    return {
        "members": len(cop.members),
        "members_left": sum(1 for m in cop.members if m.left),
        "thematic_groups": len(cop.groups),
        "topics": len(cop.topics),
        "activities": len(cop.activities),
        "meetings": len(cop.meetings),
        "attendance_records": sum(len(m.attendees) for m in cop.meetings),
        "actions": sum(len(m.actions) for m in cop.meetings),
        "practices": len(cop.practices),
        "stories": len(cop.stories),
        "surveys": len(cop.surveys),
        "responses": sum(len(s.responses) for s in cop.surveys),
    }


def _model(members: int, meetings: int, attendees: int, practices: int, stories: int,
           surveys: int, responses: int, seed: int) -> Cop:
    if members < 1:
        raise ValueError("a CoP needs at least one member")
    return _build(random.Random(seed), members=members, meetings=meetings,
                  attendees=attendees, practices=practices, stories=stories, surveys=surveys,
                  responses=responses)


def generate_cop(dest: Path, *, members: int = 1000, meetings: int = 520, attendees: int = 25,
                 practices: int = 1000, stories: int = 100, surveys: int = 10,
                 responses: int = 200, scale: float = 1.0, seed: int = 1,
                 contacts: str = "apart") -> dict[str, int]:
    """Write a synthetic CoP into ``dest`` (created if needed; existing files are overwritten)
    and return counts: files, bytes, members, meetings, attendance_records ... ``scale``
    multiplies the number of meetings. ``contacts``: "apart" (the new layout, contacts.yaml
    beside members.yaml) or "inline" (the old layout, contacts in members.yaml)."""
    if contacts not in ("apart", "inline"):
        raise ValueError(f"contacts: 'apart' or 'inline', not {contacts!r}")
    cop = _model(members, round(meetings * scale), attendees, practices, stories, surveys,
                 responses, seed)
    dest = Path(dest)
    for sub in ("meetings", "practices", "stories", "surveys", ".copkit"):
        (dest / sub).mkdir(parents=True, exist_ok=True)
    size = 0
    files = _all_files(cop, bench_key(seed) if contacts == "apart" else None)
    for relpath, content in files.items():
        data = content.encode("utf-8")
        (dest / relpath).write_bytes(data)
        size += len(data)
    return {"files": len(files), "bytes": size, **_counts(cop)}


# ---------------------------------------------------------------- history
@dataclass(slots=True)
class _Event:
    t: int
    seq: int
    subject: str
    paths: tuple[str, ...]
    author: Member
    members: tuple[Member, ...] = ()


def _history_events(cop: Cop, hrng: random.Random, init_t: int, end_t: int,
                    commits: int) -> list[_Event]:
    """Every change of the CoP's history, in order. Sets the time at which each record (or
    each change of a record) appears, which the renderers compare with their ``asof``."""
    events: list[_Event] = []
    used: set[tuple[int, str]] = set()

    def add(t: int, subject: str, paths: tuple[str, ...], author: Member,
            members: tuple[Member, ...] = ()) -> int:
        """Record a change at ``t`` (moved on by a second or two so that no other change of
        the same file happens at the same instant) and return its time."""
        t = min(t, end_t)
        while any((t, p) in used for p in paths):
            t += 1
        used.update((t, p) for p in paths)
        events.append(_Event(t, len(events), subject, paths, author, members))
        return t

    people = cop.members
    by_id = cop.by_id
    staff = [m for m in people if {"facilitator", "co-facilitator", "communications"}
             & set(m.roles)] or people[:1]

    def clerk(day: dt.date) -> Member:
        pool = [m for m in staff if m.active(day)]
        return hrng.choice(pool or staff)

    def minute() -> int:
        return hrng.randint(0, 59)

    # members
    for m in people:
        if m.joined <= STARTED:
            m.t_add = init_t
    for day, group in itertools.groupby((m for m in people if m.joined > STARTED),
                                        key=lambda m: m.joined):
        joined = tuple(group)
        subject = (f"copkit: add member {joined[0].id}" if len(joined) == 1
                   else f"copkit: import {len(joined)} member(s) from new-members.csv")
        t = add(_ts(day, 9, minute()), subject, ("members.yaml",), clerk(day), joined)
        for m in joined:
            m.t_add = t
    for m in people:
        if m.left:
            m.t_left = add(_ts(m.left, 10, minute()), f"copkit: member {m.id} left",
                           ("members.yaml",), clerk(m.left), (m,))

    # learning agenda
    agenda = ("learning-agenda.yaml",)
    for g in cop.groups:
        g.t_add = (init_t if g.created <= STARTED else add(
            _ts(g.created, 10, minute()), f"copkit: add thematic group {g.id}", agenda,
            clerk(g.created)))
    for tp in cop.topics:
        lead = by_id[tp.lead]
        tp.t_add = (init_t if tp.created <= STARTED else add(
            _ts(tp.created, 11, minute()), f"copkit: add topic {tp.id}", agenda, lead))
        if tp.changed is not None:
            tp.t_changed = add(max(_ts(tp.changed, 12, minute()), tp.t_add + 60),
                               f"copkit: update topic {tp.id}", agenda, lead)

    # meetings
    for mt in cop.meetings:
        path = f"meetings/{mt.id}.yaml"
        fac = by_id[mt.facilitator]
        mt.t_add = add(_ts(mt.date, 17, minute()), f"copkit: add meeting {mt.id}",
                       (path, *agenda), fac)
        if len(mt.attendees) > 1:
            mt.early = max(1, int(len(mt.attendees) * hrng.uniform(0.4, 0.8)))
            mt.t_att = add(_ts(mt.date + _days(1), 9, minute()) if mt.date < END
                           else mt.t_add + 3600,
                           f"copkit: record attendance at meeting {mt.id}", (path,), fac)
        closed = [a for a in mt.actions if a.done]
        if closed:  # the facilitator closes the actions once the last one is done
            t = add(max(_ts(max(a.done for a in closed if a.done), 15, minute()),
                        mt.t_att + 60), f"copkit: update meeting {mt.id}", (path,), fac)
            for a in closed:
                a.t_done = t

    # practices
    for p in cop.practices:
        path = f"practices/{p.id}.yaml"
        author = by_id[p.contributors[0]]
        t = _ts(p.added, 14, minute())
        paths: tuple[str, ...] = (path,)
        if p.meeting is not None:
            t = max(t, p.meeting.t_add + 1800)
            paths = (path, f"meetings/{p.meeting.id}.yaml")
        p.t_add = last = add(t, f"copkit: add practice {p.id}", paths, author)
        update = f"copkit: update practice {p.id}"
        if p.tested:
            p.t_tested = last = add(max(_ts(p.tested, 11, minute()), last + 60), update,
                                    (path,), author)
        if p.evaluated:
            p.t_evaluated = last = add(max(_ts(p.evaluated, 11, minute()), last + 60), update,
                                       (path,), author)
        p.t_adoptions = []
        for _, on, _ in p.adoptions:
            last = add(max(_ts(on, 16, minute()), last + 60), update, (path,), author)
            p.t_adoptions.append(last)

    # activities
    activities = ("activities.yaml",)
    for act in cop.activities:
        owner = by_id[act.owner]
        update = f"copkit: update activity {act.id}"
        act.t_add = add(_ts(act.created, 10, minute()), f"copkit: add activity {act.id}",
                        activities, owner)
        if act.status == "cancelled" and act.cancelled:
            act.t_cancel = add(_ts(act.cancelled, 12, minute()), update, activities, owner)
        if act.status in ("under-way", "done"):
            act.t_start = add(_ts(act.start, 8, minute()), update, activities, owner)
        if act.status == "done":
            act.t_end = add(_ts(act.end, 17, minute()), update, activities, owner)

    # stories, surveys, charter reviews
    for s in cop.stories:
        add(_ts(s.date, 13, minute()), f"copkit: add story {s.id}", (f"stories/{s.id}.yaml",),
            by_id[s.member])
    for v in cop.surveys:
        start = _ts(v.date, 10)
        gap = max(4, min(21 * 86400, end_t - start)) // 4
        who = clerk(v.date)
        path = f"surveys/{v.id}.yaml"
        batches = [add(start, f"copkit: import survey {v.id} from responses.csv", (path,), who)]
        n = max(1, len(v.responses))
        for k in range(1, min(4, n)):
            batches.append(add(start + gap * k, f"copkit: import responses into survey {v.id}",
                               (path,), who))
        v.t_batches = [batches[i * len(batches) // n] for i in range(len(v.responses))]
    for r in cop.reviews:
        r.t = add(_ts(r.date, 15, minute()), "copkit: review charter", ("charter.yaml",),
                  by_id[r.by])

    # profile edits fill the history up to the number of commits asked for
    wanted = commits - 1 - len(events)
    if wanted > 0:
        slots = [m for m in people for f in REVEAL if _has(m, f)]
        chosen = hrng.sample(slots, min(wanted, len(slots)))
        per_member: dict[str, int] = {}
        for m in chosen:
            per_member[m.id] = per_member.get(m.id, 0) + 1
        for m in people:
            k = per_member.get(m.id, 0)
            lo = m.t_add + 3600
            times = sorted(hrng.randint(lo, max(lo, end_t)) for _ in range(k))
            m.t_edits = [add(t, f"copkit: update member {m.id}", ("members.yaml",), m, (m,))
                         for t in times]
    events.sort(key=lambda e: (e.t, e.seq))
    return events


def _git_time(t: int, m: Member) -> str:
    """A git date for the local time ``t`` (seconds, as if UTC) in ``m``'s country."""
    tz = COUNTRIES[m.country][1]
    offset = (int(tz[1:3]) * 3600 + int(tz[3:]) * 60) * (-1 if tz[0] == "-" else 1)
    return f"{t - offset} {tz}"


def generate_history(dest: Path, *, commits: int = DEFAULT_COMMITS, seed: int = 1,
                     scale: float | None = None, repack: bool = True) -> dict[str, int | float]:
    """Build a git repository in ``dest`` (which must not exist, or be empty) whose history of
    ``commits`` commits grows a CoP to the state ``generate_cop`` writes with every size
    multiplied by ``scale`` (default ``commits / 5000``), and check it out. Returns counts.

    With ``repack`` (the default), the objects are packed again afterwards with ``git repack
    -a -d -f``, as git's fast-import documentation advises after an import: fast-import's own
    pack is not what a repository built commit by commit holds once ``git gc`` has packed it
    (here it stores about 800 of the 1,100 versions of ``members.yaml`` whole: a 50 MB pack
    against 4.8 MB), and git takes longer to read it."""
    started = time.perf_counter()
    if commits < 2:
        raise ValueError("a history needs at least 2 commits")
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    f = commits / DEFAULT_COMMITS if scale is None else scale
    cop = _model(members=max(60, round(1000 * f)), meetings=max(8, round(520 * f)),
                 attendees=25, practices=max(10, round(1000 * f)),
                 stories=max(3, round(100 * f)), surveys=max(1, min(10, round(10 * f))),
                 responses=max(10, round(200 * f)), seed=seed)
    hrng = random.Random(seed * 7919 + 17)
    init_t = _ts(STARTED, 8)
    end_t = _ts(END, 21)
    events = _history_events(cop, hrng, init_t, end_t, commits)
    groups = max(1, commits - 1)
    batches = ([events[i * len(events) // groups:(i + 1) * len(events) // groups]
                for i in range(groups)] if len(events) > groups else [[e] for e in events])

    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    # zlib level 1: most blobs are deltas against the file's previous version anyway
    proc = subprocess.Popen(["git", *GIT_IDENT, "-c", "core.compression=1", "-C", str(dest),
                             "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    out = proc.stdin
    chunks: list[str] = []
    position: dict[str, int] = {}
    last: dict[str, bytes] = {}
    stream = 0
    empty = 0

    def commit(t: int, author: Member, subject: str, body: Sequence[str],
               files: dict[str, str]) -> None:
        nonlocal stream, empty
        ident = f"{author.name} <{author.email}> {_git_time(t, author)}"
        message = (subject + ("\n\n" + "\n".join(body) if body else "") + "\n").encode()
        parts = [b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s"
                 % (ident.encode(), ident.encode(), len(message), message)]
        changed = 0
        for path, text in files.items():
            data = text.encode("utf-8")
            if last.get(path) == data:
                continue
            last[path] = data
            changed += 1
            parts.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        empty += changed == 0
        payload = b"".join(parts) + b"\n"
        stream += len(payload)
        out.write(payload)

    # the first commit: a small CoP
    founders = [m for m in cop.members if m.t_add == init_t]
    for i, m in enumerate(founders):
        position[m.id] = i
        chunks.append(render_member(m, init_t))
    first = {"charter.yaml": render_charter(cop, init_t),
             "members.yaml": MEMBERS_HEADER + "".join(chunks),
             "learning-agenda.yaml": render_agenda(cop, init_t),
             "activities.yaml": render_activities(cop, init_t),
             "plan.yaml": render_plan(cop)}
    commit(init_t, cop.members[0], "copkit: init community", [], first)
    renderers = {"charter.yaml": lambda t: render_charter(cop, t),
                 "learning-agenda.yaml": lambda t: render_agenda(cop, t),
                 "activities.yaml": lambda t: render_activities(cop, t)}
    meetings = {f"meetings/{m.id}.yaml": m for m in cop.meetings}
    practices = {f"practices/{p.id}.yaml": p for p in cop.practices}
    stories = {f"stories/{s.id}.yaml": s for s in cop.stories}
    surveys = {f"surveys/{s.id}.yaml": s for s in cop.surveys}
    for batch in batches:
        t = batch[-1].t
        files: dict[str, str] = {}
        touched: list[str] = []
        for e in batch:
            for path in e.paths:
                if path not in touched:
                    touched.append(path)
            for m in e.members:
                if m.id not in position:
                    position[m.id] = len(chunks)
                    chunks.append("")
        for e in batch:
            for m in e.members:
                chunks[position[m.id]] = render_member(m, t)
        for path in touched:
            if path == "members.yaml":
                files[path] = MEMBERS_HEADER + "".join(chunks)
            elif path in renderers:
                files[path] = renderers[path](t)
            elif path in meetings:
                files[path] = render_meeting(meetings[path], t)
            elif path in practices:
                files[path] = render_practice(practices[path], t)
            elif path in stories:
                files[path] = render_story(stories[path])
            elif path in surveys:
                files[path] = render_survey(surveys[path], t)
        body = [e.subject for e in batch[1:]]
        commit(t, batch[0].author, batch[0].subject, body, files)
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")
    if repack:
        subprocess.run(["git", "-C", str(dest), "repack", "-a", "-d", "-f", "-q"], check=True)
    subprocess.run(["git", *GIT_IDENT, "-C", str(dest), "checkout", "-q", "-f", "main"],
                   check=True)
    final = _all_files(cop)
    return {"commits": 1 + len(batches), "empty_commits": empty, "stream_bytes": stream,
            "files": len(final), "bytes": sum(len(v.encode("utf-8")) for v in final.values()),
            **_counts(cop), "seconds": round(time.perf_counter() - started, 2)}


# ---------------------------------------------------------------- command line
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dest", type=Path, help="folder to write the CoP (or repository) into")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=520)
    parser.add_argument("--attendees", type=int, default=25)
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--surveys", type=int, default=10)
    parser.add_argument("--responses", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the meetings")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contacts-inline", action="store_true",
                        help="the old layout: contacts in members.yaml (no contacts.yaml, no "
                             "key)")
    parser.add_argument("--history", type=int, metavar="COMMITS",
                        help="build a git repository of COMMITS commits instead (sizes follow "
                             "COMMITS / 5000; the size options are ignored)")
    parser.add_argument("--fast-import-pack", action="store_true",
                        help="with --history: keep the pack git fast-import wrote instead of "
                             "packing the objects again as git gc would")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts: dict[str, int | float]
    if args.history:
        counts = dict(generate_history(args.dest, commits=args.history, seed=args.seed,
                                       repack=not args.fast_import_pack))
    else:
        counts = dict(generate_cop(
            args.dest, members=args.members, meetings=args.meetings, attendees=args.attendees,
            practices=args.practices, stories=args.stories, surveys=args.surveys,
            responses=args.responses, scale=args.scale, seed=args.seed,
            contacts="inline" if args.contacts_inline else "apart"))
    for key, value in counts.items():
        print(f"{key:20} {value:>12,}" if isinstance(value, int) else f"{key:20} {value:>12}")
    print(f"total: {counts['bytes'] / 1e6:.2f} MB of YAML in {counts['files']} files, "
          f"{time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
