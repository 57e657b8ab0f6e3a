"""Suppressions written in place, each with its reason.

In a template, on the resource:

    Metadata:
      serverless-new:
        ignore:
          - id: SN020
            reason: measured; 128 MB is enough for this proxy

In code or YAML, on the line of the finding or the line above:

    # serverless-new: ignore SN010 the framework returns the 500
    // serverless-new: ignore SN012 legacy bundle, replaced in Q3

A suppression without a reason, or naming no known rule, is not applied and
is itself reported.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from scaffold.check.code import comment_suppressions
from scaffold.check.loader import Resource, Template
from scaffold.check.model import Finding, Rule, Severity, Suppressed
from scaffold.check.project import Project

INVALID_SUPPRESSION = Rule(
    "SN090",
    "suppression-without-reason",
    Severity.WARNING,
    "A suppression gives no reason or names no known rule, so it is not applied.",
    "Say why next to the rule id: '# serverless-new: ignore SN020 <reason>', "
    "or {id: SN020, reason: ...} in the resource's Metadata.",
)
METADATA_KEY = "serverless-new"


@dataclass(frozen=True)
class Suppression:
    rule_ids: tuple[str, ...]
    reason: str
    path: str
    line: int
    # Set for template Metadata (it covers the resource); None for a comment.
    resource: str | None = None

    def covers(self, finding: Finding) -> bool:
        if finding.rule.id not in self.rule_ids:
            return False
        if self.resource is None:
            return finding.path == self.path and finding.line in (
                self.line,
                self.line + 1,
            )
        return finding.template == self.path and finding.resource == self.resource


def collect_suppressions(project: Project) -> list[Suppression]:
    found = []
    for path, text in project.files.read_texts():
        rel = project.rel(path)
        for comment in comment_suppressions(text):
            found.append(
                Suppression(comment.rule_ids, comment.reason, rel, comment.line)
            )
    for template in project.templates:
        for resource in template.resources.values():
            found.extend(_metadata_suppressions(template, resource))
    return found


def _metadata_suppressions(
    template: Template, resource: Resource
) -> Iterator[Suppression]:
    settings = resource.metadata.get(METADATA_KEY)
    entries = settings.get("ignore") if isinstance(settings, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        line = getattr(entry, "line", resource.line)
        rule_ids, reason = _entry_parts(entry)
        yield Suppression(rule_ids, reason, template.rel, line, resource.logical_id)


def _entry_parts(entry: Any) -> tuple[tuple[str, ...], str]:
    if isinstance(entry, str):
        return (entry.strip().upper(),), ""
    if not isinstance(entry, dict):
        return (), ""
    ids = entry.get("id")
    rule_ids = [ids] if isinstance(ids, str) else ids if isinstance(ids, list) else []
    reason = entry.get("reason")
    return (
        tuple(str(rule_id).strip().upper() for rule_id in rule_ids),
        reason.strip() if isinstance(reason, str) else "",
    )


def apply_suppressions(
    suppressions: list[Suppression],
    findings: list[Finding],
    known_rules: Collection[str],
) -> tuple[list[Finding], list[Suppressed]]:
    """Findings still standing (plus bad suppressions), and those silenced."""
    valid = []
    standing: list[Finding] = []
    for suppression in suppressions:
        problem = _problem_with(suppression, known_rules)
        if problem:
            standing.append(_invalid(suppression, problem))
        else:
            valid.append(suppression)
    silenced = []
    for finding in findings:
        cover = next((s for s in valid if s.covers(finding)), None)
        if cover is None:
            standing.append(finding)
        else:
            silenced.append(Suppressed(finding, cover.reason))
    return standing, silenced


def _problem_with(suppression: Suppression, known_rules: Collection[str]) -> str | None:
    if not suppression.rule_ids:
        return "names no rule id"
    unknown = [rule for rule in suppression.rule_ids if rule not in known_rules]
    if unknown:
        return f"names unknown rule {', '.join(unknown)}"
    if not suppression.reason:
        return f"of {', '.join(suppression.rule_ids)} gives no reason"
    return None


def _invalid(suppression: Suppression, problem: str) -> Finding:
    where = f"{suppression.resource}: " if suppression.resource else ""
    message = f"{where}suppression {problem}; it is not applied"
    template = suppression.path if suppression.resource else None
    return Finding(
        INVALID_SUPPRESSION,
        message,
        suppression.path,
        suppression.line,
        suppression.resource,
        template,
    )
