"""Suppressions in place, with their reasons; and --ignore."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_support import FIXTURES, check, rule_ids

from scaffold.errors import UsageError


def test_metadata_suppression_moves_the_finding_to_suppressed() -> None:
    report = check(FIXTURES / "SN090-metadata" / "good")

    (item,) = report.suppressed
    assert (item.finding.rule.id, item.finding.resource) == ("SN021", "AppFunction")
    assert item.reason.startswith("a health check")


def test_comment_on_the_line_above_suppresses() -> None:
    report = check(FIXTURES / "SN090-comment" / "good")

    assert [item.finding.rule.id for item in report.suppressed] == ["SN010"]
    assert report.findings == []


def _handler_without_try(tmp_path: Path, before: str = "", after: str = "") -> Path:
    """The SN010 bad twin, its handler source edited: `before` becomes `after`."""
    project = Path(shutil.copytree(FIXTURES / "SN010-python" / "bad", tmp_path / "p"))
    if before:
        source = project / "src" / "app.py"
        source.write_text(source.read_text().replace(before, after))
    return project


def test_comment_on_the_same_line_suppresses(tmp_path: Path) -> None:
    project = _handler_without_try(
        tmp_path,
        "def handler(event, context):",
        "def handler(event, context):  # serverless-new: ignore SN010 proxied",
    )

    assert rule_ids(check(project)) == []


def test_comment_two_lines_above_does_not_suppress(tmp_path: Path) -> None:
    project = _handler_without_try(
        tmp_path, "def handler", "# serverless-new: ignore SN010 proxied\n\ndef handler"
    )

    assert rule_ids(check(project)) == ["SN010"]


def test_a_suppression_of_another_rule_does_not_apply(tmp_path: Path) -> None:
    project = _handler_without_try(
        tmp_path,
        "def handler",
        "# serverless-new: ignore SN012 not this one\ndef handler",
    )

    assert rule_ids(check(project)) == ["SN010"]


def test_a_suppression_without_reason_is_reported_and_not_applied() -> None:
    report = check(FIXTURES / "SN090-metadata" / "bad")

    assert sorted(rule_ids(report)) == ["SN021", "SN090"]
    assert report.suppressed == []


def test_a_suppression_of_an_unknown_rule_is_reported(tmp_path: Path) -> None:
    project = Path(shutil.copytree(FIXTURES / "SN010-python" / "good", tmp_path / "p"))
    source = project / "src" / "app.py"
    source.write_text(
        "# serverless-new: ignore SN999 no such rule\n" + source.read_text()
    )

    report = check(project)

    assert rule_ids(report) == ["SN090"]
    assert "SN999" in report.findings[0].message


def test_ignore_leaves_a_rule_out() -> None:
    report = check(FIXTURES / "SN030-s3" / "bad", "SN033")

    assert rule_ids(report) == ["SN030"]
    assert report.ignored_rules == ["SN033"]


def test_ignore_of_an_unknown_rule_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="SN999"):
        check(FIXTURES / "SN030-s3" / "bad", "SN999")


def test_function_metadata_suppresses_its_code_findings(tmp_path: Path) -> None:
    project = _handler_without_try(tmp_path)
    template = project / "template.yaml"
    template.write_text(
        template.read_text().replace(
            "    Type: AWS::Serverless::Function\n",
            "    Type: AWS::Serverless::Function\n"
            "    Metadata:\n"
            "      serverless-new:\n"
            "        ignore:\n"
            "          - id: SN010\n"
            "            reason: the API maps every error to a 500\n",
        )
    )

    report = check(project)

    assert report.findings == []
    assert [item.finding.path for item in report.suppressed] == ["src/app.py"]


def test_a_yaml_comment_suppresses_a_template_finding(tmp_path: Path) -> None:
    project = Path(shutil.copytree(FIXTURES / "SN023" / "bad", tmp_path / "p"))
    template = project / "template.yaml"
    template.write_text(
        template.read_text().replace(
            "  AppLogGroup:\n",
            "  # serverless-new: ignore SN023 an audit log, kept on purpose\n"
            "  AppLogGroup:\n",
        )
    )

    report = check(project)

    assert report.findings == []
    assert [item.reason for item in report.suppressed] == [
        "an audit log, kept on purpose"
    ]
