"""Rendering a `CheckReport`, or the list of rules, as text, JSON or SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from scaffold import __version__
from scaffold.check.model import CheckReport, Finding, ReportFormat, Rule, Severity
from scaffold.check.rules import ALL_RULES

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json"
)
SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
ROOT_BASE_ID = "PROJECTROOT"

_COLOURS = {
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[34m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render_report(report: CheckReport, format_: ReportFormat, colour: bool) -> str:
    if format_ is ReportFormat.JSON:
        return json.dumps(report.to_dict(), indent=2)
    if format_ is ReportFormat.SARIF:
        return json.dumps(sarif_log(report), indent=2)
    return _text(report, _Style(colour))


class RuleCatalogue:
    """The list of rules, as a result the CLI can print."""

    def to_dict(self) -> dict[str, Any]:
        return {"rules": [rule.to_dict() for rule in ALL_RULES]}


def render_rules(format_: ReportFormat) -> str:
    if format_ is ReportFormat.JSON:
        return json.dumps(RuleCatalogue().to_dict(), indent=2)
    if format_ is ReportFormat.SARIF:
        return json.dumps(sarif_log(None), indent=2)
    lines = []
    for rule in ALL_RULES:
        lines.append(f"{rule.id}  {rule.severity.value:<7}  {rule.name}")
        lines.append(f"       {rule.summary}")
        lines.append(f"       fix: {rule.fix}")
    return "\n".join(lines)


class _Style:
    """ANSI colours for a terminal, or plain text."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour else text


def _text(report: CheckReport, style: _Style) -> str:
    lines: list[str] = []
    current = None
    indent = " " * 24
    for finding in report.findings:
        if finding.path != current:
            current = finding.path
            if lines:
                lines.append("")
            lines.append(style.paint(finding.path, _BOLD))
        severity = style.paint(
            f"{finding.severity.value:<7}", _COLOURS[finding.severity]
        )
        lines.append(
            f"  {finding.line:>5}  {severity}  {finding.rule.id}  {finding.message}"
        )
        lines.append(style.paint(f"{indent}fix: {finding.rule.fix}", _DIM))
    if lines:
        lines.append("")
    lines.append(_summary(report))
    return "\n".join(lines)


def _summary(report: CheckReport) -> str:
    checked = ", ".join(
        (
            _count(len(report.templates), "template"),
            _count(report.functions, "function"),
            _count(report.files, "file"),
        )
    )
    checked += " checked"
    if report.suppressed:
        checked += f"; {len(report.suppressed)} suppressed"
    if not report.findings:
        return f"No problems found ({checked})."
    counts = report.counts()
    by_severity = ", ".join(
        _count(counts[severity.value], severity.value) for severity in Severity
    )
    return f"{_count(len(report.findings), 'problem')}: {by_severity} ({checked})."


def _count(number: int, noun: str) -> str:
    if noun == "info" or number == 1:
        return f"{number} {noun}"
    return f"{number} {noun}s"


def sarif_log(report: CheckReport | None) -> dict[str, Any]:
    """A SARIF 2.1.0 log: every rule, and the report's results if there is one."""
    index = {rule.id: number for number, rule in enumerate(ALL_RULES)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "serverless-new",
                "version": __version__,
                "rules": [_sarif_rule(rule) for rule in ALL_RULES],
            }
        },
        "results": [],
    }
    if report is not None:
        run["originalUriBaseIds"] = {
            ROOT_BASE_ID: {"uri": Path(report.root).resolve().as_uri() + "/"}
        }
        run["results"] = [_sarif_result(f, index) for f in report.findings] + [
            _sarif_result(item.finding, index, item.reason)
            for item in report.suppressed
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    }


def _sarif_result(
    finding: Finding, index: dict[str, int], suppressed_because: str | None = None
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(finding.path), "uriBaseId": ROOT_BASE_ID},
            "region": {"startLine": max(finding.line, 1)},
        }
    }
    if finding.resource:
        location["logicalLocations"] = [{"name": finding.resource, "kind": "resource"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
    }
    if suppressed_because is not None:
        result["suppressions"] = [
            {"kind": "inSource", "justification": suppressed_because}
        ]
    return result
