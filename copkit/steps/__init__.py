"""The planning steps as data: the templates (the FCM nine steps, the LGA guide's stages, a
CoP's own) and their rule language, where a CoP stands on each step, and check's planning
advice. Read-only: it takes a loaded CoP and never writes; the walk, `plan set`,
`plan assign` and the review that write the answers are :mod:`copkit.planning`.

- the rule language: :mod:`.model` (a template as data, the language's words),
  :mod:`.templatefile` (the file's schema), :mod:`.fields` (dotted paths),
  :mod:`.conditions`, :mod:`.rules`, :mod:`.evaluator`, :mod:`.compiler`, :mod:`.words`;
- the templates: :mod:`.templates` (found, read, checked);
- where a CoP stands: :mod:`.status`, :mod:`.planfile` (plan.yaml against the template),
  :mod:`.advice` (:func:`~copkit.steps.advice.planning_findings`, which
  :mod:`copkit.checks.advisors` lists: nothing registers itself on import).
"""
