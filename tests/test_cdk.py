"""The CDK projects: what they hold (quick), and (slow) that `cdk synth` makes a
template that cfn-lint and checkov accept, that the projects' own tests pass,
and that the same answers give the same service as the SAM template.

Synthesized templates are cached beside the rendered projects (.cache/synth),
so each one is synthesized once for all the tests that read it.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from scaffold.check import run_check
from support import (
    CDK_IACS,
    EVENT_SOURCES,
    answers_for,
    cdk_env,
    cdk_vpc_projects,
    cfn_lint,
    checkov_failures,
    files_of,
    key_of,
    load_template,
    node_packages,
    project_checks,
    project_copy,
    project_python,
    rendered,
    run,
    synthesized,
)
from template_facts import resource_counts, safety_facts, sam_transformed

ALL_SOURCES = ",".join(EVENT_SOURCES)

# cfn-lint findings that CDK itself causes on every template it synthesizes.
CDK_CAUSED = {
    # Each function has DependsOn its role although its Role property, a GetAtt
    # of that role, already orders the two.
    "W3005",
}


def cdk_projects(iac: str) -> list[dict[str, Any]]:
    """The representative projects of one CDK language: between them every API
    type, every event source, tracing and alarms on and off, both architectures
    and both Python runtimes."""
    return [
        answers_for(iac=iac, events=ALL_SOURCES),
        answers_for(
            iac=iac,
            api="rest",
            events=ALL_SOURCES,
            tracing=True,
            alarms=False,
            arch="x86_64",
            runtime="python3.12",
        ),
        answers_for(iac=iac, api="none", arch="x86_64"),
    ]


PYTHON_PROJECTS = cdk_projects("cdk-python")
TYPESCRIPT_PROJECTS = cdk_projects("cdk-typescript")
CDK_PROJECTS = PYTHON_PROJECTS + TYPESCRIPT_PROJECTS
# In a VPC: a new one with a NAT gateway in Python, an existing one and a new one
# without in TypeScript.
VPC_PROJECTS = cdk_vpc_projects()
PYTHON_VPC_PROJECTS = [
    answers for answers in VPC_PROJECTS if answers["iac"] == "cdk-python"
]
TYPESCRIPT_VPC_PROJECTS = [
    answers for answers in VPC_PROJECTS if answers["iac"] == "cdk-typescript"
]


def sam_twin(answers: dict[str, Any]) -> dict[str, Any]:
    return {**answers, "iac": "sam"}


# What a CDK project holds: quick, no synthesis.


@pytest.mark.parametrize("iac", CDK_IACS)
def test_a_cdk_project_holds_its_app_and_no_sam_files(iac):
    files = set(files_of(rendered(answers_for(iac=iac))))

    assert {"cdk.json", "src/handlers/list_items.py", "Makefile"} <= files
    assert {"template.yaml", "samconfig.toml"} & files == set()
    if iac == "cdk-python":
        assert {"app.py", "requirements.txt", "infra/stack.py"} <= files
        assert not any(name.startswith(("bin/", "lib/", "test/")) for name in files)
    else:
        assert {"bin/app.ts", "lib/service-stack.ts", "package.json"} <= files
        assert not any(name.startswith(("infra/", "tests/infra/")) for name in files)


def test_a_sam_project_holds_no_cdk_files():
    files = set(files_of(rendered(answers_for())))

    assert {"cdk.json", "app.py", "package.json", "requirements.txt"} & files == set()
    assert not any(name.startswith(("infra/", "bin/", "lib/")) for name in files)


@pytest.mark.parametrize(
    ("iac", "folder", "suffix"),
    [
        ("cdk-python", "infra/constructs", ".py"),
        ("cdk-typescript", "lib/constructs", ".ts"),
    ],
)
@pytest.mark.parametrize(
    ("api", "events", "parts"),
    [
        ("http", "none", {"http_api", "items_api", "items_table"}),
        (
            "rest",
            "sqs",
            {"rest_api", "items_api", "items_table", "work_queue"},
        ),
        ("none", "none", {"task"}),
        ("none", "dynamodb-stream,s3", {"item_changes", "items_table", "uploads"}),
    ],
)
def test_each_part_brings_its_construct_and_no_other(
    iac, folder, suffix, api, events, parts
):
    project = rendered(answers_for(iac=iac, api=api, events=events))
    shared = {"alarms", "checkov", "function", "logs", "queues", "tables"}

    modules = {
        path.stem.replace("-", "_")
        for path in (project / folder).glob(f"*{suffix}")
        if path.stem != "__init__"
    }

    assert modules == shared | parts


@pytest.mark.parametrize(
    ("iac", "constructs", "tests"),
    [
        ("cdk-python", "infra/constructs/*network.py", "tests/infra/test_*network.py"),
        ("cdk-typescript", "lib/constructs/*network.ts", "test/*network.test.ts"),
    ],
)
@pytest.mark.parametrize(
    ("vpc", "modules", "tested"),
    [
        ("none", set(), set()),
        ("new", {"network", "private_network"}, {"private_network"}),
        ("existing", {"network", "existing_network"}, {"existing_network"}),
    ],
)
def test_each_kind_of_vpc_brings_its_network_constructs_and_their_tests(
    iac, constructs, tests, vpc, modules, tested
):
    project = rendered(answers_for(iac=iac, vpc=vpc))

    def module_of(path: Path) -> str:
        return path.name.removeprefix("test_").split(".")[0].replace("-", "_")

    assert {module_of(path) for path in project.glob(constructs)} == modules
    assert {module_of(path) for path in project.glob(tests)} == tested


def test_sam_and_both_cdk_apps_load_the_same_powertools_layer():
    sam = load_template(rendered(answers_for(arch="x86_64")))
    python_stack = (
        rendered(answers_for(iac="cdk-python", arch="x86_64")) / "infra/stack.py"
    )
    typescript_stack = (
        rendered(answers_for(iac="cdk-typescript", arch="x86_64"))
        / "lib/service-stack.ts"
    )
    [layer] = sam["Globals"]["Function"]["Layers"]

    python_layer = re.search(
        r'^POWERTOOLS_LAYER = \(\n    "(.*)"\n    "(.*)"\n\)$',
        python_stack.read_text(),
        re.MULTILINE,
    )
    typescript_layer = re.search(
        r"^const POWERTOOLS_LAYER =\n  '(.*)';$", typescript_stack.read_text(), re.M
    )

    assert layer["Fn::Sub"].endswith("AWSLambdaPowertoolsPythonV3-python313-x86_64:27")
    assert python_layer
    assert "".join(python_layer.groups()) == layer["Fn::Sub"]
    assert typescript_layer
    assert typescript_layer.group(1) == layer["Fn::Sub"]


def test_both_cdk_apps_pin_the_same_cdk_release():
    python = rendered(answers_for(iac="cdk-python")) / "requirements.txt"
    package = json.loads(
        (rendered(answers_for(iac="cdk-typescript")) / "package.json").read_text()
    )

    pins = dict(line.split("==") for line in python.read_text().split())

    assert pins == {
        "aws-cdk-lib": package["dependencies"]["aws-cdk-lib"],
        "constructs": package["dependencies"]["constructs"],
    }
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in pins.values())


def test_the_python_app_tests_its_stack_with_pytest():
    project = rendered(answers_for(iac="cdk-python"))

    settings = tomllib.loads((project / "pyproject.toml").read_text())

    assert settings["tool"]["pytest"]["ini_options"]["testpaths"] == [
        "tests/unit",
        "tests/infra",
    ]
    assert (project / "tests/infra/test_stack.py").is_file()


# Synthesis and the real tools: slow.


@pytest.mark.slow
@pytest.mark.parametrize("answers", CDK_PROJECTS + VPC_PROJECTS, ids=key_of)
def test_cdk_synth_makes_one_template_offline(answers):
    template = json.loads(synthesized(answers).read_text())

    kinds = resource_counts(template)
    assert kinds["AWS::Lambda::Function"] >= 1
    assert "AWS::CDK::Metadata" not in kinds
    assert not [kind for kind in kinds if kind.startswith("Custom::")]


@pytest.mark.slow
def test_cfn_lint_finds_nothing_but_what_cdk_always_causes():
    templates = [str(synthesized(answers)) for answers in CDK_PROJECTS + VPC_PROJECTS]

    result = run([cfn_lint(), "--format", "json", "--", *templates])

    findings = [
        finding
        for finding in json.loads(result.stdout or "[]")
        if finding["Rule"]["Id"] not in CDK_CAUSED
    ]
    assert findings == [], "\n".join(
        f"{finding['Filename']}: {finding['Rule']['Id']} {finding['Message']}"
        for finding in findings
    )


@pytest.mark.slow
def test_checkov_fails_nothing_on_the_synthesized_templates():
    templates = [synthesized(answers) for answers in CDK_PROJECTS + VPC_PROJECTS]

    failures = checkov_failures(templates)

    assert {path: found for path, found in failures.items() if found} == {}


@pytest.mark.slow
@pytest.mark.parametrize("answers", CDK_PROJECTS + VPC_PROJECTS, ids=key_of)
def test_check_finds_nothing_in_a_synthesized_project_but_subnets_it_cannot_see(
    answers,
):
    template = synthesized(answers)
    functions = resource_counts(json.loads(template.read_text()))[
        "AWS::Lambda::Function"
    ]
    # In subnets from outside the stack, check can only say that it cannot see
    # whether each function reaches the services it calls.
    unverified = functions if answers["vpc"] == "existing" else 0

    report = run_check(template.parents[1])

    assert report.templates == [f"cdk.out/{template.name}"]
    assert report.functions == functions
    assert [finding.rule.id for finding in report.findings] == ["SN051"] * unverified


@pytest.mark.slow
@pytest.mark.parametrize("answers", PYTHON_PROJECTS + PYTHON_VPC_PROJECTS, ids=key_of)
def test_the_python_projects_own_tests_and_ruff_pass(answers, tmp_path):
    project = project_copy(answers, tmp_path)
    python = project_python(answers["runtime"])

    tests, lint, style = project_checks(project, python, "-v")

    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert "tests/infra/test_stack.py::" in tests.stdout
    assert " skipped" not in tests.stdout.splitlines()[-1]
    assert lint.returncode == 0, lint.stdout
    assert style.returncode == 0, style.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "answers", TYPESCRIPT_PROJECTS + TYPESCRIPT_VPC_PROJECTS, ids=key_of
)
def test_the_typescript_projects_type_check_and_pass_npm_test(answers, tmp_path):
    project = project_copy(answers, tmp_path)
    environment = cdk_env(answers)

    types = run([str(node_packages() / ".bin" / "tsc"), "--noEmit"], cwd=project)
    tests = run(["npm", "test", "--silent"], cwd=project, **environment)

    assert types.returncode == 0, types.stdout[-4000:]
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-4000:]
    assert re.search(r"Tests:\s+\d+ passed, \d+ total", tests.stderr), tests.stderr


@pytest.mark.slow
def test_the_typescript_projects_handler_tests_and_ruff_pass(tmp_path):
    answers = answers_for(iac="cdk-typescript", events=ALL_SOURCES)
    project = project_copy(answers, tmp_path)
    python = project_python(answers["runtime"])

    tests, lint, style = project_checks(project, python, "-q")

    assert tests.returncode == 0, tests.stdout[-4000:]
    assert lint.returncode == 0, lint.stdout
    assert style.returncode == 0, style.stdout


@pytest.mark.slow
@pytest.mark.parametrize("answers", PYTHON_PROJECTS + PYTHON_VPC_PROJECTS, ids=key_of)
def test_python_and_typescript_apps_synthesize_the_same_template(answers):
    typescript = {**answers, "iac": "cdk-typescript"}

    from_python = json.loads(synthesized(answers).read_text())
    from_typescript = json.loads(synthesized(typescript).read_text())

    assert from_python == from_typescript


# Equivalence with SAM. Where the tools build the same thing from different
# resources, the CDK template has these, and the test counts them exactly:
# - AWS::IAM::Policy: CDK writes a role's statements into a policy of its own
#   (the role's DefaultPolicy); the SAM transform writes them inline, into the
#   role. One more policy for each SAM role with inline policies.
# - AWS::ApiGatewayV2::Route and ::Integration (HTTP API), AWS::ApiGateway::
#   Resource and ::Method (REST API): SAM writes routes into the API's OpenAPI
#   body; CDK's API constructs make a resource of each. A REST API also has an
#   OPTIONS method per path for CORS, which SAM writes into the body too.
# - The parameter BootstrapVersion: CDK's synthesizer checks at deploy time that
#   the account's bootstrap stack (which holds the code asset) is recent enough.
# No custom resource appears: the bucket notification is set on the bucket, as
# SAM does, and log retention on explicit log groups. The network of a new VPC
# is the same resource for resource: the CDK apps build it from L1 constructs
# (ec2.Vpc would add a route table per subnet, and a custom resource to empty
# the default security group), and write the flow-log role's one policy into
# the role, as the SAM template does.
API_ROUTES = 4
REST_PATHS = 2  # /items and /items/{id}, each a resource; the root is the API's


def expected_cdk_only(answers: dict[str, Any], sam: dict[str, Any]) -> Counter[str]:
    inline = sum(
        1
        for resource in sam["Resources"].values()
        if resource["Type"] == "AWS::IAM::Role"
        and resource["Properties"].get("Policies")
    )
    if answers["vpc"] == "new":
        inline -= 1  # the flow-log role
    extra = Counter({"AWS::IAM::Policy": inline})
    if answers["api"] == "http":
        extra["AWS::ApiGatewayV2::Route"] = API_ROUTES
        extra["AWS::ApiGatewayV2::Integration"] = API_ROUTES
    if answers["api"] == "rest":
        extra["AWS::ApiGateway::Resource"] = REST_PATHS
        extra["AWS::ApiGateway::Method"] = API_ROUTES + REST_PATHS + 1
    return extra


@pytest.mark.slow
@pytest.mark.parametrize("answers", PYTHON_PROJECTS + VPC_PROJECTS, ids=key_of)
def test_cdk_and_sam_declare_the_same_resources_but_the_known_helpers(answers):
    sam = sam_transformed(rendered(sam_twin(answers)))
    cdk = json.loads(synthesized(answers).read_text())

    difference = resource_counts(cdk)
    difference.subtract(resource_counts(sam))

    assert +difference == expected_cdk_only(answers, sam)
    assert -difference == Counter()


@pytest.mark.slow
@pytest.mark.parametrize("answers", PYTHON_PROJECTS + VPC_PROJECTS, ids=key_of)
def test_cdk_and_sam_have_the_same_safety_nets(answers):
    sam = safety_facts(sam_transformed(rendered(sam_twin(answers))))
    cdk = safety_facts(json.loads(synthesized(answers).read_text()))
    cdk["parameters"].remove("BootstrapVersion")

    for fact, value in sam.items():
        assert cdk[fact] == value, fact
