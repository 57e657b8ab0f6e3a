"""SN001, SN002: AWS credentials written into templates, code or configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.project import Project
from scaffold.check.rules.base import at_code

ACCESS_KEY = Rule(
    "SN001",
    "hard-coded-access-key",
    Severity.ERROR,
    "An AWS access key id is written into the project.",
    "Delete the key, deactivate it in IAM, and let the function's role supply "
    "credentials (or read them from Secrets Manager).",
)
SECRET_KEY = Rule(
    "SN002",
    "hard-coded-secret-key",
    Severity.ERROR,
    "An AWS secret access key is written into the project.",
    "Delete the secret, rotate the key pair it belongs to, and let the "
    "function's role supply credentials.",
)
RULES = (ACCESS_KEY, SECRET_KEY)

_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
_SECRET_ACCESS_KEY = re.compile(
    r"(?:secret[_-]?access[_-]?key|aws[_-]?secret(?:[_-]?key)?)[\"']?\s*(?:[:=]|=>)"
    r"\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
    re.IGNORECASE,
)
# AWS documents its sample keys with this word; they are harmless.
_SAMPLE_MARK = "EXAMPLE"


def findings(project: Project) -> Iterator[Finding]:
    for path in _scanned_files(project):
        text = project.files.text(path)
        if text:
            yield from _credentials_in(project, path, text)


def _scanned_files(project: Project) -> list[Path]:
    walked = project.walked
    paths = dict.fromkeys(
        [template.path for template in project.templates]
        + walked.template_candidates
        + walked.sources
        + walked.config
        + project.function_code_files()
    )
    return list(paths)


def _credentials_in(project: Project, path: Path, text: str) -> Iterator[Finding]:
    if "AKIA" in text or "ASIA" in text:
        for match in _ACCESS_KEY_ID.finditer(text):
            key = match.group(0)
            if _SAMPLE_MARK not in key:
                line = text.count("\n", 0, match.start()) + 1
                shown = f"{key[:4]}...{key[-4:]}"
                message = f"hard-coded AWS access key id {shown}"
                yield at_code(ACCESS_KEY, project, path, line, message)
    for match in _SECRET_ACCESS_KEY.finditer(text):
        if _SAMPLE_MARK not in match.group(1):
            line = text.count("\n", 0, match.start()) + 1
            message = "hard-coded AWS secret access key"
            yield at_code(SECRET_KEY, project, path, line, message)
