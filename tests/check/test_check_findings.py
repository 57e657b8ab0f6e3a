"""Where findings point and what they say: the place a person must go to fix it."""

from __future__ import annotations

import shutil
from pathlib import Path

from check_support import FIXTURES, check, line_of, rule_ids

from scaffold.check import Severity


def _line_in_bad_twin(fixture: str, file: str, text: str) -> int:
    return line_of(FIXTURES / fixture / "bad" / file, text)


def _only(fixture: str, rule: str) -> dict:
    report = check(FIXTURES / fixture / "bad")
    found = [f.to_dict() for f in report.findings if f.rule.id == rule]
    assert len(found) == 1, found
    return found[0]


def test_s3_loop_from_code_points_at_the_write() -> None:
    finding = _only("SN040-code-prefix", "SN040")

    assert (finding["file"], finding["line"]) == (
        "src/app.py",
        _line_in_bad_twin("SN040-code-prefix", "src/app.py", "S3.put_object("),
    )
    assert finding["resource"] == "AppFunction"


def test_s3_loop_without_filter_points_at_the_event() -> None:
    finding = _only("SN040-no-filter", "SN040")

    assert (finding["file"], finding["line"]) == (
        "template.yaml",
        _line_in_bad_twin("SN040-no-filter", "template.yaml", "Upload:"),
    )


def test_cdk_asset_finding_points_at_the_source_it_was_copied_from() -> None:
    finding = _only("SN040-cdk-code", "SN040")

    assert finding["file"] == "lambda/thumbs.py"


def test_hard_coded_table_points_at_the_literal() -> None:
    finding = _only("SN013-python", "SN013")

    assert finding["line"] == _line_in_bad_twin(
        "SN013-python", "src/app.py", 'Table("items")'
    )
    assert "TABLE_NAME" in finding["message"]


def test_visibility_timeout_points_at_the_queue_setting() -> None:
    finding = _only("SN031", "SN031")

    assert finding["resource"] == "WorkQueue"
    assert finding["line"] == _line_in_bad_twin(
        "SN031", "template.yaml", "VisibilityTimeout: 30"
    )


def test_memory_missing_everywhere_points_at_the_function() -> None:
    finding = _only("SN020-absent", "SN020")

    assert finding["line"] == _line_in_bad_twin(
        "SN020-absent", "template.yaml", "AppFunction:"
    )


def test_timeout_set_in_globals_points_at_globals() -> None:
    finding = _only("SN021-short", "SN021")

    assert finding["line"] == _line_in_bad_twin(
        "SN021-short", "template.yaml", "Timeout: 3"
    )


def test_access_key_is_masked_in_the_message() -> None:
    finding = _only("SN001-code", "SN001")

    assert "AKIAZZZZFAKEKEY12345" not in finding["message"]
    assert "AKIA" in finding["message"]


def test_json_template_finding_has_the_resource_line() -> None:
    finding = _only("SN020-json", "SN020")

    assert finding["line"] == _line_in_bad_twin(
        "SN020-json", "template.json", '"AppFunction"'
    )


def test_vpc_finding_names_the_unreachable_service() -> None:
    finding = _only("SN050", "SN050")

    assert finding["message"].endswith("dynamodb")


def test_unverifiable_vpc_is_only_information() -> None:
    report = check(FIXTURES / "SN051" / "bad")

    assert [f.severity for f in report.findings] == [Severity.INFO]


def test_stream_finding_lists_every_missing_safeguard() -> None:
    finding = _only("SN034-kinesis", "SN034")

    assert "MaximumRetryAttempts" in finding["message"]
    assert "BisectBatchOnFunctionError" in finding["message"]
    assert "on-failure" not in finding["message"]


def test_handlers_are_found_by_scanning_when_there_is_no_template() -> None:
    report = check(FIXTURES / "SN010-scan" / "bad")

    assert report.templates == []
    assert report.functions == 1
    assert [f.path for f in report.findings] == ["handlers/app.py"]


def test_cdk_framework_functions_are_not_checked() -> None:
    report = check(FIXTURES / "SN040-cdk" / "good")

    assert report.functions == 1


def _with_handler(tmp_path: Path, fixture: str, source: str) -> Path:
    project = Path(shutil.copytree(FIXTURES / fixture / "good", tmp_path / "p"))
    (project / "src" / "app.py").write_text(source)
    return project


RAISING_HANDLER = """import json


def handler(event, context):
    for record in event["Records"]:
        json.loads(record["body"])
"""


def test_an_asynchronous_handler_may_let_errors_reach_its_dlq(tmp_path: Path) -> None:
    project = _with_handler(tmp_path, "SN030-s3", RAISING_HANDLER)

    assert rule_ids(check(project)) == []


def test_a_queue_handler_that_lets_errors_escape_is_flagged(tmp_path: Path) -> None:
    project = _with_handler(tmp_path, "SN032", RAISING_HANDLER)

    assert rule_ids(check(project)) == ["SN010"]


CONSTANT_HANDLER = """import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"message": "hello"})}
"""


def test_a_handler_that_only_formats_its_answer_needs_no_try(tmp_path: Path) -> None:
    project = _with_handler(tmp_path, "SN010-python", CONSTANT_HANDLER)

    assert rule_ids(check(project)) == []
