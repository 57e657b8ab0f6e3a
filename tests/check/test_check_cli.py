"""`serverless-new check` at the command line: exit codes, formats, colour."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import jsonschema
import pexpect
import pytest
from check_support import FIXTURES, SARIF_SCHEMA
from conftest import CheckCli

from scaffold.check import ALL_RULES

CLEAN = FIXTURES / "clean" / "powertools"
ERROR_PROJECT = FIXTURES / "SN040-no-filter" / "bad"
WARNING_PROJECT = FIXTURES / "SN020-absent" / "bad"
INFO_PROJECT = FIXTURES / "SN051" / "bad"
SUPPRESSING_PROJECT = FIXTURES / "SN090-metadata" / "good"
ANSI = "\x1b["
# The console script beside the interpreter running the tests, whether or not
# its folder is on PATH.
TOOL = Path(sys.executable).parent / "serverless-new"


def test_clean_project_exits_0(check_cli: CheckCli) -> None:
    assert check_cli("check", CLEAN).exit_code == 0


def test_an_error_finding_exits_1(check_cli: CheckCli) -> None:
    assert check_cli("check", ERROR_PROJECT).exit_code == 1


def test_warnings_alone_exit_0_by_default(check_cli: CheckCli) -> None:
    assert check_cli("check", WARNING_PROJECT).exit_code == 0


def test_fail_on_warning_exits_1_on_a_warning(check_cli: CheckCli) -> None:
    assert check_cli("check", WARNING_PROJECT, "--fail-on", "warning").exit_code == 1


def test_fail_on_warning_exits_0_on_information(check_cli: CheckCli) -> None:
    assert check_cli("check", INFO_PROJECT, "--fail-on", "warning").exit_code == 0


def test_fail_on_info_exits_1_on_information(check_cli: CheckCli) -> None:
    assert check_cli("check", INFO_PROJECT, "--fail-on", "info").exit_code == 1


def test_ignoring_the_only_error_exits_0(check_cli: CheckCli) -> None:
    assert check_cli("check", ERROR_PROJECT, "--ignore", "SN040").exit_code == 0


def test_a_missing_path_exits_2_with_one_line(
    check_cli: CheckCli, tmp_path: Path
) -> None:
    run = check_cli("check", tmp_path / "nowhere")

    assert run.exit_code == 2
    assert run.stderr.strip().count("\n") == 0
    assert "nowhere: no such file or folder" in run.stderr


def test_a_broken_template_exits_2_naming_file_and_line(
    check_cli: CheckCli, tmp_path: Path
) -> None:
    (tmp_path / "template.yaml").write_text("Resources:\n  Fn: {Type: [\n")

    run = check_cli("check", tmp_path)

    assert run.exit_code == 2
    assert run.stderr.startswith("error: template.yaml:")
    assert run.stderr.strip().count("\n") == 0
    assert "Traceback" not in run.stderr


def test_an_unknown_format_exits_2(check_cli: CheckCli) -> None:
    run = check_cli("check", CLEAN, "--format", "xml")

    assert (run.exit_code, run.stdout) == (2, "")
    assert "--format xml" in run.stderr


def test_an_unknown_fail_on_exits_2(check_cli: CheckCli) -> None:
    assert check_cli("check", CLEAN, "--fail-on", "fatal").exit_code == 2


def test_an_unknown_ignored_rule_exits_2(check_cli: CheckCli) -> None:
    run = check_cli("check", CLEAN, "--ignore", "SN999")

    assert run.exit_code == 2
    assert "SN999" in run.stderr


def test_json_lists_findings_with_rule_place_and_fix(check_cli: CheckCli) -> None:
    run = check_cli("check", WARNING_PROJECT, "--format", "json")

    (finding,) = run.json()["findings"]
    assert set(finding) == {
        "rule",
        "severity",
        "message",
        "file",
        "line",
        "resource",
        "fix",
    }
    assert (finding["rule"], finding["severity"], finding["file"]) == (
        "SN020",
        "warning",
        "template.yaml",
    )


def test_json_summary_counts_by_severity(check_cli: CheckCli) -> None:
    run = check_cli("check", FIXTURES / "SN030-s3" / "bad", "--format", "json")

    assert run.json()["summary"] == {"error": 0, "warning": 2, "info": 0}


def test_json_lists_suppressed_findings_with_their_reason(check_cli: CheckCli) -> None:
    document = check_cli("check", SUPPRESSING_PROJECT, "--format", "json").json()

    assert document["findings"] == []
    assert [(s["rule"], s["reason"][:14]) for s in document["suppressed"]] == [
        ("SN021", "a health check")
    ]


def test_list_rules_as_json_gives_every_rule(check_cli: CheckCli) -> None:
    run = check_cli("check", "--list-rules", "--format", "json")

    rules = run.json()["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in ALL_RULES]
    assert all(rule["summary"] and rule["fix"] for rule in rules)
    assert {rule["severity"] for rule in rules} == {"error", "warning", "info"}


def test_list_rules_as_text_names_each_rule_with_its_fix(check_cli: CheckCli) -> None:
    lines = check_cli("check", "--list-rules").stdout.splitlines()

    assert [line.split()[0] for line in lines[::3]] == [rule.id for rule in ALL_RULES]
    assert all(line.strip().startswith("fix: ") for line in lines[2::3])


def test_text_groups_findings_under_their_file(check_cli: CheckCli) -> None:
    run = check_cli("check", FIXTURES / "SN090-comment" / "bad")

    lines = run.stdout.splitlines()
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers[0] == "src/app.py"
    assert headers[-1].startswith("2 problems: 0 errors, 2 warnings, 0 info")


def test_text_of_a_clean_project_says_so(check_cli: CheckCli) -> None:
    assert check_cli("check", CLEAN).stdout.startswith("No problems found (")


def test_text_is_not_coloured_when_not_a_terminal(check_cli: CheckCli) -> None:
    assert ANSI not in check_cli("check", ERROR_PROJECT).stdout


def _on_a_terminal(*args: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    child = pexpect.spawn(
        str(TOOL), list(args), env=environment, encoding="utf-8", timeout=60
    )
    child.expect(pexpect.EOF)
    return child.before or ""


def test_text_is_coloured_on_a_terminal() -> None:
    assert ANSI in _on_a_terminal("check", str(ERROR_PROJECT))


def test_no_color_turns_colour_off_on_a_terminal() -> None:
    assert ANSI not in _on_a_terminal("check", str(ERROR_PROJECT), NO_COLOR="1")


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


@pytest.mark.parametrize(
    "project",
    [CLEAN, ERROR_PROJECT, SUPPRESSING_PROJECT, FIXTURES / "SN040-cdk-code" / "bad"],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_sarif_is_valid_against_the_official_schema(
    check_cli: CheckCli, sarif_validator: jsonschema.protocols.Validator, project: Path
) -> None:
    document = check_cli("check", project, "--format", "sarif").json()

    errors = [error.message for error in sarif_validator.iter_errors(document)]
    assert errors == []


def test_sarif_list_of_rules_is_valid(
    check_cli: CheckCli, sarif_validator: jsonschema.protocols.Validator
) -> None:
    document = check_cli("check", "--list-rules", "--format", "sarif").json()

    assert list(sarif_validator.iter_errors(document)) == []


def test_sarif_results_carry_rule_level_and_location(check_cli: CheckCli) -> None:
    document = check_cli("check", ERROR_PROJECT, "--format", "sarif").json()

    (run,) = document["runs"]
    (result,) = run["results"]
    rules = run["tool"]["driver"]["rules"]
    location = result["locations"][0]["physicalLocation"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "SN040"
    assert result["level"] == "error"
    assert location["artifactLocation"]["uri"] == "template.yaml"
    assert location["region"]["startLine"] > 1


def test_sarif_marks_suppressed_results_with_the_reason(check_cli: CheckCli) -> None:
    document = check_cli("check", SUPPRESSING_PROJECT, "--format", "sarif").json()

    (result,) = document["runs"][0]["results"]
    (suppression,) = result["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"].startswith("a health check")
