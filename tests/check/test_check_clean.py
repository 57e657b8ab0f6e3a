"""Precision: well-made projects, including the forms rules must not mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import FIXTURES, check, rule_ids

CLEAN = sorted((FIXTURES / "clean").iterdir())


@pytest.mark.parametrize("project", CLEAN, ids=lambda path: path.name)
def test_clean_project_has_no_findings(project: Path) -> None:
    assert rule_ids(check(project)) == []


@pytest.mark.parametrize("project", CLEAN, ids=lambda path: path.name)
def test_clean_project_code_is_found(project: Path) -> None:
    """Silence must come from good code, not from code that was never read."""
    report = check(project)

    assert report.functions >= 1
    assert report.files > len(report.templates)
