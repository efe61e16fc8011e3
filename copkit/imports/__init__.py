"""Importing rosters, meeting attendance and survey responses from CSV exports.

Each import first builds a *plan*: every row of the file, matched to the CoP's members by the
rule of :mod:`copkit.records.people` (the same email; or the same folded name when the row or the
member has no email; in attendance reports also part of one member's name), and sorted into
*new* (will be added), *matched* (already a member), *ambiguous* (fits two members: never
guessed) and *unmatched* (not a member: skipped, or added as a member or a guest when asked).

A row that is not a member but close to one (the same name with another email, part of a
name, a similar name: found for the whole file in one indexed pass) keeps those members as
``Item.possible``: never a match by itself. The CLI asks about each on a terminal
(:func:`~copkit.imports.preview.question`, then :func:`~copkit.imports.matching.same_as` when
the user says yes); with ``--yes`` the row is imported as someone new and listed in the
preview and in the outcome's notes, so that ``copkit member merge`` can join the two later.

The CLI shows the plan as a preview, and only :func:`~copkit.imports.apply.apply` writes,
under the CoP lock, in one commit. A plan with ambiguous rows cannot be applied.

The modules, one layer on the other:

- the sources, one module each, in the explicit list ``IMPORTERS`` of :mod:`.registry`:
  :mod:`.roster` (``copkit import members``; new members appended by :mod:`.append`),
  :mod:`.attendance` (participant reports of Zoom, Teams, Meet), :mod:`.survey` (Google
  Forms, Microsoft Forms, LimeSurvey; its questions and their scales in :mod:`.questions`);
- what they share: :mod:`.plan` (``Plan``, ``Item``), :mod:`.matching` (who a row is),
  :mod:`.preview` (what the CLI shows), :mod:`.apply` (writing a plan, dispatched through
  the registry), :mod:`.columns` (the column names in English, Spanish and French),
  :mod:`.mapping` (``--map``), :mod:`.scales` (Likert label sets);
- the CSV reader: :mod:`.table` (encodings, separators, the header, cells with their line
  and column) and :mod:`.values` (emails, dates, durations).

This package imports nothing itself: ``import copkit.imports.table`` loads the reader alone.
"""
