"""Building findings at a template resource or at a line of code."""

from __future__ import annotations

from pathlib import Path

from scaffold.check.functions import Function
from scaffold.check.loader import Template
from scaffold.check.model import Finding, Rule
from scaffold.check.project import Project


def at_resource(
    rule: Rule, template: Template, resource: str, line: int, message: str
) -> Finding:
    return Finding(rule, message, template.rel, line, resource, template.rel)


def at_code(
    rule: Rule,
    project: Project,
    path: Path,
    line: int,
    message: str,
    function: Function | None = None,
) -> Finding:
    """A finding in source; a function's template Metadata may suppress it too."""
    if function is None:
        return Finding(rule, message, project.rel(path), line)
    return Finding(
        rule,
        f"{function.id}: {message}",
        project.rel(path),
        line,
        function.id,
        function.template.rel,
    )
