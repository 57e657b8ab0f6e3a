"""The benchmark harness: its statistics, its verdicts and the environment it
imports generated handlers in. The benchmarks themselves run with
`python -m benchmarks`, not here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.harness import (
    BenchmarkFailed,
    Command,
    Comparison,
    Timing,
    interleave,
    markdown_table,
)
from benchmarks.lambda_env import (
    PROBE,
    import_environment,
    python_functions,
    read_template,
)
from benchmarks.node_bundles import Bundle, missing_at_run_time, read_bundles

TEMPLATE = {
    "Globals": {
        "Function": {
            "Runtime": "python3.13",
            "MemorySize": 256,
            "LoggingConfig": {"LogFormat": "JSON"},
            "Environment": {"Variables": {"POWERTOOLS_SERVICE_NAME": "orders"}},
        }
    },
    "Resources": {
        "GetItemFunction": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Handler": "handlers.get_item.handler",
                "Environment": {"Variables": {"TABLE_NAME": "sample-ItemsTable"}},
            },
        },
        "ItemsTable": {"Type": "AWS::DynamoDB::Table"},
        "NodeFunction": {
            "Type": "AWS::Serverless::Function",
            "Properties": {"Handler": "index.handler", "Runtime": "nodejs22.x"},
        },
    },
}


def test_the_median_of_a_timing_ignores_one_slow_outlier():
    timing = Timing("subject", [0.30, 0.31, 2.50, 0.29, 0.30])

    assert timing.median == pytest.approx(0.30)


def test_a_comparison_is_the_ratio_of_the_medians_and_meets_its_target():
    within = Comparison("create", 1.1, "copier copy", 1.0, target=1.15)
    beyond = Comparison("create", 1.2, "copier copy", 1.0, target=1.15)
    untargeted = Comparison("update", 0.5, "import typer", 0.2)

    assert within.ratio == pytest.approx(1.1)
    assert (within.met, beyond.met, untargeted.met) == (True, False, None)


def test_the_table_shows_each_figure_its_baseline_ratio_and_verdict():
    rows = markdown_table(
        [Comparison("`--help`", 0.25, "`import typer`", 0.2, target=1.3)]
    )

    assert rows[2] == (
        "| `--help` | 250 ms | `import typer` | 200 ms | 1.25x | ≤ 1.3x | yes |"
    )


def test_rounds_run_every_command_once_in_order_after_the_warm_up(tmp_path):
    log = tmp_path / "log"
    commands = [
        Command(
            name, [sys.executable, "-c", f"open({str(log)!r}, 'a').write('{name}')"]
        )
        for name in ("A", "B")
    ]

    timings = interleave(commands, rounds=2, warmup=1)

    assert log.read_text() == "ABABAB"
    assert [len(timings[name].seconds) for name in ("A", "B")] == [2, 2]


def test_a_command_that_fails_stops_the_benchmark():
    failing = Command("broken", [sys.executable, "-c", "raise SystemExit(3)"])

    with pytest.raises(BenchmarkFailed, match="exit code 3"):
        interleave([failing], rounds=1, warmup=0)


def test_a_function_gets_lambdas_variables_and_its_own_from_the_template():
    [function] = python_functions(TEMPLATE, "orders")
    env = import_environment(function, Path("/task"))

    assert function.module == "handlers.get_item"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "orders-GetItemFunction"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.13"
    assert env["AWS_LAMBDA_LOG_FORMAT"] == "JSON"
    assert env["TABLE_NAME"] == "sample-ItemsTable"
    assert env["POWERTOOLS_SERVICE_NAME"] == "orders"
    assert (env["LAMBDA_TASK_ROOT"], env["PYTHONPATH"]) == ("/task", "/task")


def test_intrinsics_in_the_template_read_as_sample_values(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(
        "Variables:\n"
        "  TABLE_NAME: !Ref ItemsTable\n"
        "  QUEUE_ARN: !GetAtt WorkQueue.Arn\n"
        "  BUCKET: !Sub ${AWS::StackName}-uploads\n"
    )

    variables = read_template(template)["Variables"]

    assert variables == {
        "TABLE_NAME": "sample-ItemsTable",
        "QUEUE_ARN": "arn:aws:benchmark:us-east-1:123456789012:WorkQueue",
        "BUCKET": "sample-AWS::StackName-uploads",
    }


def built_function(project: Path, name: str, code: str) -> Path:
    folder = project / ".aws-sam" / "build" / name
    folder.mkdir(parents=True)
    (folder / "handler.js").write_text(code)
    (folder / "handler.js.map").write_text("{}")
    return folder


def test_a_bundle_names_what_it_requires_besides_the_modules_of_node(tmp_path):
    code = (
        'var a=require("@aws-sdk/client-dynamodb"),b=require("node:crypto"),'
        'c=require("zlib"),d=require("left-pad");'
    )
    built_function(tmp_path, "GetItemFunction", code)

    [bundle] = read_bundles(tmp_path, frozenset({"crypto", "zlib"}))

    assert (bundle.function, bundle.code, bundle.source_map) == (
        "GetItemFunction",
        len(code),
        2,
    )
    assert bundle.requires == {"@aws-sdk/client-dynamodb", "left-pad"}
    assert bundle.zipped > 0


def test_only_the_aws_sdk_may_be_left_to_the_runtime():
    bundle = Bundle(
        "F", 1, 1, 1, frozenset({"@aws-sdk/client-s3", "left-pad", "@smithy/core"})
    )

    assert missing_at_run_time(bundle) == ["@smithy/core", "left-pad"]


def probe(folder: Path, source: str) -> subprocess.CompletedProcess[str]:
    """The handler probe importing a module made of `source`."""
    (folder / "subject.py").write_text(source)
    return subprocess.run(
        [sys.executable, "-c", PROBE, "subject"],
        cwd=folder,
        env={"PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_probe_passes_a_module_that_imports_quietly(tmp_path):
    assert probe(tmp_path, "import json\nVALUE = json.dumps({})\n").returncode == 0


def test_the_probe_fails_a_module_that_reaches_for_the_network(tmp_path):
    source = "import socket\nsocket.getaddrinfo('example.com', 443)\n"

    run = probe(tmp_path, source)

    assert run.returncode != 0
    assert "reached for the network" in run.stderr


def test_the_probe_fails_a_module_whose_import_fails(tmp_path):
    run = probe(tmp_path, "import os\nos.environ['TABLE_NAME']\n")

    assert run.returncode != 0
    assert "KeyError" in run.stderr
