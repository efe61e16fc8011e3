"""Planning, the part that writes: the walk that asks for what is missing (`copkit plan`),
its flag form (`copkit plan set`), the action plan (`copkit plan assign`) and the regular
review (`copkit review`). The templates, their rule language and where a CoP stands are
:mod:`copkit.steps` (read-only, a layer below).

- the walk: :mod:`.walk` (the :class:`~copkit.planning.walk.Wizard`), :mod:`.walkstate`,
  one module per question set (:mod:`.ask_fields`, :mod:`.ask_members`, :mod:`.ask_roles`,
  :mod:`.ask_agenda`, :mod:`.ask_meetings`), and what they share: :mod:`.prompter`,
  :mod:`.writes`, :mod:`.charter`, :mod:`.recordedits`, :mod:`.parsing`, :mod:`.directory`;
- `plan set`: :mod:`.setflags`, :mod:`.setplan`; `plan assign`: :mod:`.assign`;
- the review: :mod:`.review`, :mod:`.changes`, :mod:`.reviewlog` (the walk records a review
  through :mod:`.reviewlog`, so the walk never imports the review).
"""
