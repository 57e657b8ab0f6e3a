"""`serverless-new check`: lint a SAM, CloudFormation or CDK project and its code.

`run_check` reads the project, applies every rule, honours suppressions and
`ignore`, and returns a `CheckReport`; `report` renders it as text, JSON or
SARIF. Nothing here prints or exits: that is the CLI's business.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from scaffold.check.model import CheckReport, Finding, ReportFormat, Rule, Severity
from scaffold.check.project import build_project
from scaffold.check.rules import ALL_RULES, CHECKERS, RULES_BY_ID
from scaffold.check.suppress import apply_suppressions, collect_suppressions
from scaffold.errors import UsageError

__all__ = [
    "ALL_RULES",
    "CheckReport",
    "Finding",
    "ReportFormat",
    "Rule",
    "Severity",
    "run_check",
]

log = logging.getLogger(__name__)


def run_check(path: Path, ignore: Iterable[str] = ()) -> CheckReport:
    """Lint the project at `path`; `ignore` names rules to leave out."""
    ignored = _known_rule_ids(ignore)
    project = build_project(path)
    log.debug(
        "%d templates, %d functions, %d triggers",
        len(project.templates),
        len(project.functions),
        len(project.triggers),
    )

    found: dict[tuple[str, str, int, str], Finding] = {}
    for checker in CHECKERS:
        for finding in checker(project):
            found.setdefault(
                (finding.rule.id, finding.path, finding.line, finding.message), finding
            )

    suppressions = collect_suppressions(project)
    standing, suppressed = apply_suppressions(
        suppressions, list(found.values()), RULES_BY_ID
    )
    findings = sorted(
        (f for f in standing if f.rule.id not in ignored), key=Finding.sort_key
    )
    return CheckReport(
        root=str(project.root),
        templates=[template.rel for template in project.templates],
        functions=len(project.functions) + len(project.scanned),
        files=len(project.files.read_texts()),
        findings=findings,
        suppressed=sorted(suppressed, key=lambda item: item.finding.sort_key()),
        ignored_rules=sorted(ignored),
    )


def _known_rule_ids(rule_ids: Iterable[str]) -> set[str]:
    wanted = {rule_id.strip().upper() for rule_id in rule_ids}
    unknown = sorted(wanted - RULES_BY_ID.keys())
    if unknown:
        raise UsageError(
            f"--ignore {', '.join(unknown)}: no such rule (see serverless-new check "
            "--list-rules)"
        )
    return wanted
