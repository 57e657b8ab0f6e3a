"""Every rule `check` knows, and the checkers that apply them to a project."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scaffold.check.model import Finding, Rule
from scaffold.check.project import Project
from scaffold.check.rules import credentials, handlers, iam, s3, settings, sources, vpc
from scaffold.check.suppress import INVALID_SUPPRESSION

Checker = Callable[[Project], Iterator[Finding]]

CHECKERS: tuple[Checker, ...] = (
    credentials.findings,
    iam.findings,
    handlers.findings,
    settings.findings,
    sources.findings,
    s3.findings,
    vpc.findings,
)
ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *credentials.RULES,
            *iam.RULES,
            *handlers.RULES,
            *settings.RULES,
            *sources.RULES,
            *s3.RULES,
            *vpc.RULES,
            INVALID_SUPPRESSION,
        ),
        key=lambda rule: rule.id,
    )
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}
