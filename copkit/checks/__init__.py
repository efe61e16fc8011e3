"""`copkit check`: `run.check_cop` loads the CoP (:mod:`copkit.model.load`), runs the checks
across records (`content`: references, paths, unusual characters) and, when nothing is an
error, the advisors listed in `advisors.ADVISORS` (planning's advice, the health advice of
`health`), each imported when it runs.
"""
