"""What `check` reports: rules, the findings they make, and the report of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters; the order is error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


@dataclass(frozen=True)
class Rule:
    """One thing `check` looks for, with the fix it recommends."""

    id: str
    name: str
    severity: Severity
    summary: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "severity": self.severity.value,
            "summary": self.summary,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Finding:
    """One mistake at one place: a file and line, and the resource if any."""

    rule: Rule
    message: str
    path: str
    line: int
    resource: str | None = None
    # The template that defines `resource`, where its Metadata may suppress this.
    template: str | None = None

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.rule.id, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.path,
            "line": self.line,
            "resource": self.resource,
            "fix": self.rule.fix,
        }


@dataclass(frozen=True)
class Suppressed:
    """A finding that a suppression with a reason silenced."""

    finding: Finding
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.finding.to_dict(), "reason": self.reason}


@dataclass
class CheckReport:
    """The outcome of one `check` run."""

    root: str
    templates: list[str]
    functions: int
    files: int
    findings: list[Finding]
    suppressed: list[Suppressed] = field(default_factory=list)
    ignored_rules: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def failing(self, threshold: Severity) -> list[Finding]:
        """The findings at or above `threshold`: any makes the run fail."""
        return [f for f in self.findings if f.severity.rank >= threshold.rank]

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": "check",
            "path": self.root,
            "templates": self.templates,
            "functions": self.functions,
            "files": self.files,
            "summary": self.counts(),
            "findings": [finding.to_dict() for finding in self.findings],
            "suppressed": [item.to_dict() for item in self.suppressed],
            "ignored_rules": self.ignored_rules,
        }
