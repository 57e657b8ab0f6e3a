"""Real tools on what we generate: cfn-lint, sam validate --lint, checkov, sam
build, `serverless-new check`, and each generated project's own tests and ruff.

All of it is slow: it renders every combination and starts external programs.
Templates that come out identical are checked once.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from scaffold.check import run_check
from support import (
    EVENT_SOURCES,
    answers_for,
    api_matrix,
    cfn_lint,
    checkov_failures,
    chunks,
    events_matrix,
    key_of,
    pairwise_cover,
    project_checks,
    project_python,
    rendered,
    run,
    sam,
    vpc_projects,
)

pytestmark = pytest.mark.slow

ALL_SOURCES = ",".join(EVENT_SOURCES)
EVENT_PROJECTS = [
    *[answers_for(api=api, events=ALL_SOURCES) for api in ("http", "rest", "none")],
    *[answers_for(api="none", events=source) for source in EVENT_SOURCES],
]
API_TEMPLATES = [answers for answers in api_matrix() if answers["ci"] == "github"]
VPC_PROJECTS = vpc_projects()


def unique_templates(answer_sets: list[dict[str, Any]]) -> list[Path]:
    """The template.yaml of each set of answers, one per distinct content."""
    by_content: dict[str, Path] = {}
    for answers in answer_sets:
        template = rendered(answers) / "template.yaml"
        digest = hashlib.sha256(template.read_bytes()).hexdigest()
        by_content.setdefault(digest, template)
    return list(by_content.values())


# The shortest and the longest names, and a long description: generated code
# must be formatted the same whatever the user's words.
EDGE_WORDS = [
    answers_for(project_name="a", events="sqs,s3"),
    answers_for(
        project_name="a" + "-b" * 19 + "c",
        description="A service whose one line of description runs on " * 4,
        api="rest",
        tracing=True,
    ),
]


def code_variants() -> list[dict[str, Any]]:
    """Projects whose code differs: alarms, arch and CI change only the template."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for answers in [*api_matrix(), *EVENT_PROJECTS, *pairwise_cover(), *VPC_PROJECTS]:
        # A project in a VPC runs the same code; its tests still run once, as
        # the user gets them.
        variant = (
            answers["api"],
            tuple(answers["events"]),
            answers["tracing"],
            answers["vpc"] != "none",
            answers["runtime"],
        )
        seen.setdefault(variant, answers)
    return [*seen.values(), *EDGE_WORDS]


LINT_CHUNKS = list(chunks([*API_TEMPLATES, *events_matrix(), *VPC_PROJECTS], 24))


@pytest.mark.parametrize(
    "answer_sets", LINT_CHUNKS, ids=[f"chunk{n}" for n in range(len(LINT_CHUNKS))]
)
def test_cfn_lint_finds_nothing(answer_sets):
    templates = unique_templates(answer_sets)

    result = run([cfn_lint(), "--format", "json", "--", *map(str, templates)])

    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(
        f"{finding['Filename']}: {finding['Rule']['Id']} {finding['Message']}"
        for finding in findings
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize(
    "answers",
    [*API_TEMPLATES, *EVENT_PROJECTS, *VPC_PROJECTS],
    ids=key_of,
)
def test_sam_validate_lint_accepts_the_template(answers):
    project = rendered(answers)

    result = run(
        [
            sam(),
            "validate",
            "--lint",
            "--region",
            "us-east-1",
            "--template-file",
            "template.yaml",
        ],
        cwd=project,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_checkov_fails_nothing_on_the_api_event_and_vpc_projects():
    templates = unique_templates([*API_TEMPLATES, *EVENT_PROJECTS, *VPC_PROJECTS])

    failures = checkov_failures(templates)

    assert {path: found for path, found in failures.items() if found} == {}


@pytest.mark.parametrize("answers", code_variants(), ids=key_of)
def test_the_generated_tests_and_ruff_pass(answers, tmp_path):
    project = tmp_path / answers["project_name"]
    shutil.copytree(rendered(answers), project)
    python = project_python(answers["runtime"])

    tests, lint, style = project_checks(project, python, "-q")

    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert "passed" in tests.stdout
    assert "skipped" not in tests.stdout.split("\n")[-2]
    assert lint.returncode == 0, lint.stdout
    assert style.returncode == 0, style.stdout


@pytest.mark.parametrize(
    "answers",
    [
        answers_for(runtime="python3.13", events=ALL_SOURCES),
        answers_for(runtime="python3.12", api="rest", arch="x86_64", tracing=True),
    ],
    ids=key_of,
)
def test_sam_build_packages_each_function_under_100_kb(answers, tmp_path):
    project = tmp_path / answers["project_name"]
    shutil.copytree(rendered(answers), project)

    result = run([sam(), "build", "--build-dir", str(tmp_path / "build")], cwd=project)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    packages = [folder for folder in (tmp_path / "build").iterdir() if folder.is_dir()]
    assert packages
    for package in packages:
        size = sum(file.stat().st_size for file in package.rglob("*") if file.is_file())
        assert size < 100_000, f"{package.name}: {size} bytes"


@pytest.mark.parametrize(
    "answers",
    [*API_TEMPLATES, *events_matrix()],
    ids=key_of,
)
def test_serverless_new_check_finds_nothing(answers):
    report = run_check(rendered(answers))

    assert [finding.rule.id for finding in report.findings] == []


@pytest.mark.parametrize("runtime", ["python3.13", "nodejs22.x"])
def test_a_cdk_apps_python_is_formatted_whatever_the_words(runtime, tmp_path):
    edge = EDGE_WORDS[1]
    answers = answers_for(
        project_name=edge["project_name"],
        description=edge["description"],
        iac="cdk-python",
        runtime=runtime,
    )
    project = tmp_path / answers["project_name"]
    shutil.copytree(rendered(answers), project)
    python = project_python("python3.13")

    lint = run([python, "-m", "ruff", "check", "--no-cache", "."], cwd=project)
    style = run(
        [python, "-m", "ruff", "format", "--check", "--no-cache", "."], cwd=project
    )

    assert lint.returncode == 0, lint.stdout
    assert style.returncode == 0, style.stdout
