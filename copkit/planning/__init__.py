"""Planning: the templates and their rule language, where a CoP stands on each step, the
walk that asks for what is missing (`copkit plan`), its flag form (`copkit plan set`), the
action plan (`copkit plan assign`), the regular review (`copkit review`) and check's
planning advice.

- the rule language: :mod:`.model` (a template as data, the language's words),
  :mod:`.templatefile` (the file's schema), :mod:`.fields` (dotted paths),
  :mod:`.conditions`, :mod:`.rules`, :mod:`.evaluator`, :mod:`.compiler`;
- the templates: :mod:`.templates` (found, read, checked);
- where a CoP stands: :mod:`.status`, :mod:`.planfile` (plan.yaml against the template),
  :mod:`.advice` (:func:`~copkit.planning.advice.planning_findings`, which
  :mod:`copkit.checks.advisors` lists: nothing registers itself on import);
- the walk: :mod:`.walk` (the :class:`~copkit.planning.walk.Wizard`), :mod:`.walkstate`,
  one module per question set (:mod:`.ask_fields`, :mod:`.ask_members`, :mod:`.ask_roles`,
  :mod:`.ask_agenda`, :mod:`.ask_meetings`), and what they share: :mod:`.prompter`,
  :mod:`.writes`, :mod:`.charter`, :mod:`.recordedits`, :mod:`.parsing`, :mod:`.directory`,
  :mod:`.words`;
- `plan set`: :mod:`.setflags`, :mod:`.setplan`; `plan assign`: :mod:`.assign`;
- the review: :mod:`.review`, :mod:`.changes`, :mod:`.reviewlog` (the walk records a review
  through :mod:`.reviewlog`, so the walk never imports the review).
"""
