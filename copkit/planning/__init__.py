"""Planning: the templates and their rule language, where a CoP stands on each step, the
walk that asks for what is missing (`copkit plan`), its flag form (`copkit plan set`), the
action plan (`copkit plan assign`), the regular review (`copkit review`) and check's
planning advice (:func:`copkit.planning.advice.planning_findings`)."""
