"""`copkit check`: every file loaded and validated (:mod:`copkit.model.load`), then the checks
across records (:mod:`copkit.checks.content`), what an interrupted command left and whether the
CoP is in git; and, when nothing is an error, the advice of :data:`copkit.checks.advisors.
ADVISORS` (planning, health)."""

from __future__ import annotations

from pathlib import Path

from copkit.checks.advisors import ADVISORS, plan_file_problems
from copkit.checks.content import cross_references, text_findings
from copkit.checks.status_log import status_log_findings
from copkit.model.findings import Finding, sort_findings
from copkit.model.load import Cop, LoadResult, load_cop


def check_cop(root: Path, *, public: bool = False) -> tuple[Cop, list[Finding]]:
    """Load the CoP and run every check (with ``public``, those for a repository about to be
    made public too: :mod:`copkit.checks.contacts`). Findings are sorted by file, line and
    column."""
    from copkit.checks.contacts import contact_findings

    result: LoadResult = load_cop(root)
    findings = list(result.findings)
    findings.extend(contact_findings(result.cop, public=public))
    findings.extend(text_findings(result.cop))
    findings.extend(cross_references(result.cop))
    findings.extend(status_log_findings(result.cop))
    findings.extend(git_findings(result.cop))
    # contact details in members.yaml (the old layout) are an error about privacy, not about
    # the records' meaning: the advice still runs
    has_errors = any(f.severity == "error" and f.code != "contact-in-git" for f in findings)
    if not has_errors:
        for advisor in ADVISORS:
            findings.extend(advisor(result.cop))
    else:  # plan.yaml's own problems, all at once, even when other files have errors
        findings.extend(plan_file_problems(result.cop))
    return result.cop, sort_findings(findings)


def write_findings(cop: Cop) -> list[Finding]:
    """What an interrupted copkit command left: its journal, temporary files."""
    from copkit.edit import store
    from copkit.yaml import txn

    journal, temps = txn.leftovers(cop.root, store.state_folder(cop.root))
    out = []
    if journal:
        out.append(Finding(
            "interrupted-write", "a copkit command was interrupted before it finished writing "
            "(its journal is still there)", "", 0, 0,
            "run `copkit repair` (any command that writes does the same first): it finishes "
            "the change or rolls it back, and says which", "error"))
    for relpath in temps:
        out.append(Finding(
            "leftover-temp", "a temporary file copkit writes while saving was left behind",
            relpath, 0, 0, "run `copkit repair`, which removes it (it holds nothing the "
            "records need)", "warning"))
    return out


def git_findings(cop: Cop) -> list[Finding]:
    from copkit.git.commit import find_repo_root

    findings = write_findings(cop)
    if find_repo_root(cop.root) is None:
        findings.append(Finding(
            "not-in-git", "this CoP is not inside a git repository", "", 0, 0,
            f"run `git init` in {cop.root} so that copkit can keep its history (history, diff "
            "and review need it)", "warning"))
    return findings
