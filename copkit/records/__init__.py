"""Creating, changing, listing and showing records: members, meetings, practices, activities,
stories, topics. The core of the record commands (``copkit member|meeting|practice|activity|
story|topic``, :mod:`copkit.cli.members` and its neighbours) and of the imports; it raises
:class:`copkit.errors.CopkitError` subclasses and never prints.

The modules, from the bottom up (each imports only those above it; pydantic only where a
record is validated, so that ``member list`` reads members.yaml without it):

* :mod:`~copkit.records.ids` — an id typed by a user checked to be one, a new id made
  unique, dates typed on the command line, a meeting's id;
* :mod:`~copkit.records.values` — the values given: control characters refused, what was
  not given dropped, validation with the record's model;
* :mod:`~copkit.records.people` — matching the people named in a file or on the command line
  to members (ids, emails, folded names, part of a name; a close name only ever a possibility);
* :mod:`~copkit.records.context` — what a command reads of the CoP (:class:`Context`), and the
  errors for what it does not find;
* :mod:`~copkit.records.writing` — a new record's YAML, a change to one item of a list file,
  the commit, what an operation did (:class:`Outcome`);
* :mod:`~copkit.records.members` and :mod:`~copkit.records.meetings` — what adding one checks
  (an email belongs to one member; a meeting's id is its date and its title's slug), a member
  leaving, members.yaml listed without pydantic;
* :mod:`~copkit.records.kinds` — the one table of record kinds, and the one add, update and
  list every kind goes through;
* :mod:`~copkit.records.reading` — the valid records of some files and the findings about the
  others, for ``list`` and ``show``;
* :mod:`~copkit.records.attendance` — people added to a meeting;
* :mod:`~copkit.records.memberrefs` — where a member id can appear, from the schemas;
* :mod:`~copkit.records.merge` and :mod:`~copkit.records.forget` — one person's two records
  made one; a member's personal data erased.

Importers name the module they use (``from copkit.records.kinds import add``); this package
exports nothing itself.
"""
