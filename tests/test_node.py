"""Node.js projects (`--runtime nodejs22.x`): TypeScript handlers that esbuild
bundles, one bundle per function.

Quick: what the projects hold. Slow: cfn-lint, checkov and `serverless-new
check` accept them; their own jest tests, `tsc --noEmit` and ESLint pass on the
npm packages scripts/bootstrap installs; `sam build` bundles each function
offline with only what it imports, and the bundles answer their sample events;
`cdk synth` bundles the CDK variants with the local esbuild.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from scaffold.check import run_check
from support import (
    EVENT_SOURCES,
    NODE_PROJECT_PYTHON,
    NODE_RUNTIME,
    answers_for,
    built_project,
    cdk_env,
    cfn_lint,
    checkov_failures,
    files_of,
    key_of,
    load_template,
    node_packages,
    node_projects,
    project_copy,
    project_python,
    rendered,
    run,
    sam,
    synthesized,
)

ALL_SOURCES = ",".join(EVENT_SOURCES)
# The projects whose code runs: every handler and library module, both API
# payloads, the tracer on and off, the task project, and both CDK apps.
SAM_PROJECTS = [
    answers_for(runtime=NODE_RUNTIME, events=ALL_SOURCES),
    answers_for(
        runtime=NODE_RUNTIME,
        api="rest",
        events="sqs,s3",
        tracing=True,
        arch="x86_64",
        alarms=False,
    ),
    answers_for(runtime=NODE_RUNTIME, api="none", tracing=True),
]
CDK_PROJECTS = [
    answers_for(runtime=NODE_RUNTIME, iac="cdk-typescript", events=ALL_SOURCES),
    answers_for(runtime=NODE_RUNTIME, iac="cdk-python", api="rest", tracing=True),
]
# Functions whose sample event needs no AWS service: their bundles are run.
SELF_CONTAINED = {
    "process_event",
    "process_notification",
    "process_stream",
    "run_schedule",
    "run_task",
}
EXACT_VERSION = re.compile(r"\d+\.\d+\.\d+")
REQUIRE = re.compile(r"""\brequire\(\s*["']([^"']+)["']\s*\)""")
# Loads a bundled handler as Lambda does and prints its answer to an event.
INVOKE = """
const [bundle, eventFile] = process.argv.slice(1);
const event = JSON.parse(require('fs').readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'demo',
  awsRequestId: 'r-1',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10000,
};
require(bundle).handler(event, context).then(
  (answer) => process.stdout.write(JSON.stringify(answer)),
  (error) => { console.error(error); process.exit(1); },
);
"""


def sam_functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }


def module_of(function: dict[str, Any]) -> str:
    handler = function["Properties"]["Handler"]
    return handler.removeprefix("handlers/").removesuffix(".handler")


def package_json(answers: dict[str, Any]) -> dict[str, Any]:
    return json.loads((rendered(answers) / "package.json").read_text())


def npm_tool(name: str) -> str:
    return str(node_packages() / ".bin" / name)


def npm_tool_folder() -> str:
    return str(node_packages() / ".bin")


def sample_event(project: Path, module: str) -> Any:
    return json.loads((project / "events" / f"{module}.json").read_text())


def expected_answer(module: str, project: Path) -> Any:
    """What a self-contained handler answers to its sample event."""
    event = sample_event(project, module)
    if module == "process_event":
        return {**event["detail"], "status": "done"}
    if module == "process_notification":
        return [
            {
                "messageId": record["Sns"]["MessageId"],
                "eventType": record["Sns"]["MessageAttributes"]["eventType"]["Value"],
                "body": json.loads(record["Sns"]["Message"]),
            }
            for record in event["Records"]
        ]
    if module == "process_stream":
        return {"batchItemFailures": []}
    if module == "run_schedule":
        due = event["scheduledTime"].replace("Z", "+00:00")
        return {"scheduledTime": due, "status": "done"}
    return {"taskId": event["taskId"], "status": "done"}


def required_modules(bundle: Path, builtins: set[str]) -> set[str]:
    """What a bundle still loads at run time, besides Node's own modules."""
    found = set(REQUIRE.findall(bundle.read_text()))
    return {name for name in found if name.removeprefix("node:") not in builtins}


def node_builtins() -> set[str]:
    answer = run(["node", "-p", "require('module').builtinModules.join(' ')"])
    return set(answer.stdout.split())


# What a Node.js project holds: quick, nothing runs.


@pytest.mark.parametrize("iac", ["sam", "cdk-python", "cdk-typescript"])
def test_a_node_project_has_typescript_handlers_and_no_python_ones(iac):
    files = set(files_of(rendered(answers_for(runtime=NODE_RUNTIME, iac=iac))))

    sources = {name for name in files if name.startswith(("src/", "tests/unit/"))}

    assert "src/handlers/list_items.ts" in sources
    assert "tests/unit/list_items.test.ts" in sources
    assert {name for name in sources if not name.endswith(".ts")} == set()
    assert {"package.json", "tsconfig.json", "eslint.config.mjs"} <= files


def test_a_python_project_has_no_typescript_handlers_and_no_npm_tools():
    files = set(files_of(rendered(answers_for(events=ALL_SOURCES))))

    assert {name for name in files if name.endswith((".ts", ".mjs"))} == set()
    assert {"package.json", "tsconfig.json", "jest.config.js"} & files == set()


def test_each_handler_has_its_unit_tests_and_its_sample_event():
    project = rendered(answers_for(runtime=NODE_RUNTIME, events=ALL_SOURCES))

    handlers = {path.stem for path in (project / "src/handlers").glob("*.ts")}
    tests = {
        path.name.removesuffix(".test.ts")
        for path in (project / "tests/unit").glob("*.test.ts")
    }
    events = {path.stem for path in (project / "events").glob("*.json")}

    assert handlers == events
    assert tests == handlers | {"items", "lambda"}


@pytest.mark.parametrize("answers", node_projects(), ids=key_of)
def test_each_function_is_bundled_by_esbuild_from_its_own_entry_point(answers):
    project = rendered(answers)

    for name, function in sam_functions(load_template(project)).items():
        module = module_of(function)
        assert function["Metadata"]["BuildMethod"] == "esbuild", name
        assert function["Metadata"]["BuildProperties"] == {
            "Minify": True,
            "Sourcemap": True,
            "Target": "node22",
            "External": ["@aws-sdk/*"],
            "EntryPoints": [f"handlers/{module}.ts"],
        }, name
        assert (project / "src/handlers" / f"{module}.ts").is_file(), name


def test_node_functions_load_no_layer_and_name_typescript_lines_in_errors():
    project = rendered(answers_for(runtime=NODE_RUNTIME, events=ALL_SOURCES))
    defaults = load_template(project)["Globals"]["Function"]

    assert defaults["Runtime"] == NODE_RUNTIME
    assert "Layers" not in defaults
    variables = defaults["Environment"]["Variables"]
    assert variables["NODE_OPTIONS"] == "--enable-source-maps"


@pytest.mark.parametrize("iac", ["sam", "cdk-python", "cdk-typescript"])
def test_every_npm_package_is_pinned_exactly(iac):
    answers = answers_for(runtime=NODE_RUNTIME, iac=iac, tracing=True, events="sqs")
    package = package_json(answers)

    versions = {**package["dependencies"], **package["devDependencies"]}

    loose = {
        name: version
        for name, version in versions.items()
        if not EXACT_VERSION.fullmatch(version)
    }
    assert loose == {}


def test_powertools_is_bundled_and_the_sdk_left_to_the_runtime():
    package = package_json(
        answers_for(runtime=NODE_RUNTIME, tracing=True, events=ALL_SOURCES)
    )
    bundled = package["dependencies"]

    powertools = {
        name for name in bundled if name.startswith("@aws-lambda-powertools/")
    }
    assert {"logger", "tracer", "batch", "idempotency"} <= {
        name.split("/")[1] for name in powertools
    }
    assert len({bundled[name] for name in powertools}) == 1
    assert {name for name in bundled if name.startswith("@aws-sdk/")} == set()
    assert "esbuild" in package["devDependencies"]


def test_a_cdk_typescript_node_project_has_one_package_json_for_both():
    package = package_json(answers_for(runtime=NODE_RUNTIME, iac="cdk-typescript"))

    assert {"aws-cdk-lib", "@aws-lambda-powertools/logger"} <= set(
        package["dependencies"]
    )
    assert {"aws-cdk", "esbuild", "jest"} <= set(package["devDependencies"])


def test_the_types_are_checked_strictly_in_code_and_tests():
    project = rendered(answers_for(runtime=NODE_RUNTIME))

    settings = json.loads((project / "tsconfig.json").read_text())

    assert settings["compilerOptions"]["strict"] is True
    assert {"src/**/*.ts", "tests/**/*.ts"} <= set(settings["include"])


@pytest.mark.parametrize("answers", SAM_PROJECTS, ids=key_of)
def test_sdk_clients_are_made_once_outside_the_handler_and_never_from_sdk_v2(answers):
    handlers = sorted((rendered(answers) / "src" / "handlers").glob("*.ts"))

    assert handlers
    for handler in handlers:
        code = handler.read_text()
        module_level = code.split("export const handler", 1)[0]
        assert "'aws-sdk'" not in code, handler.name
        assert code.count("sdkClient(") == module_level.count("sdkClient("), (
            handler.name
        )


# The real tools: slow.


@pytest.mark.slow
def test_cfn_lint_finds_nothing_on_the_node_templates():
    templates = [
        str(rendered(answers) / "template.yaml") for answers in node_projects()
    ]
    templates += [str(synthesized(answers)) for answers in CDK_PROJECTS]

    # W3005: CDK makes each function depend on its role, as on every CDK template.
    result = run(
        [cfn_lint(), "--format", "json", "--ignore-checks", "W3005", "--", *templates]
    )

    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(
        f"{finding['Filename']}: {finding['Rule']['Id']} {finding['Message']}"
        for finding in findings
    )


@pytest.mark.slow
@pytest.mark.parametrize("answers", SAM_PROJECTS, ids=key_of)
def test_sam_validate_lint_accepts_the_template(answers):
    result = run(
        [sam(), "validate", "--lint", "--region", "us-east-1"], cwd=rendered(answers)
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_checkov_fails_nothing_on_the_node_templates():
    templates = [rendered(answers) / "template.yaml" for answers in node_projects()]
    templates += [synthesized(answers) for answers in CDK_PROJECTS]

    failures = checkov_failures(templates)

    assert {path: found for path, found in failures.items() if found} == {}


# In an existing VPC, check says that it cannot see the subnets (test_network).
CHECKED_PROJECTS = [
    answers for answers in node_projects() if answers["vpc"] != "existing"
]


@pytest.mark.slow
@pytest.mark.parametrize("answers", CHECKED_PROJECTS, ids=key_of)
def test_serverless_new_check_finds_nothing_in_the_sam_projects(answers):
    report = run_check(rendered(answers))

    assert [finding.rule.id for finding in report.findings] == []


@pytest.mark.slow
@pytest.mark.parametrize("answers", CDK_PROJECTS, ids=key_of)
def test_serverless_new_check_finds_nothing_in_the_synthesized_cdk_apps(answers):
    project = synthesized(answers).parent.parent

    report = run_check(project)

    assert [finding.rule.id for finding in report.findings] == []


@pytest.mark.slow
@pytest.mark.parametrize("answers", CDK_PROJECTS, ids=key_of)
def test_cdk_synth_bundles_each_function_with_the_local_esbuild(answers):
    template = synthesized(answers)
    resources = json.loads(template.read_text())["Resources"]

    functions = [
        resource
        for resource in resources.values()
        if resource["Type"] == "AWS::Lambda::Function"
    ]

    assert functions
    for function in functions:
        asset = template.parent / function["Metadata"]["aws:asset:path"]
        assert {path.name for path in asset.iterdir()} == {"index.js", "index.js.map"}
        assert function["Properties"]["Handler"] == "index.handler"


@pytest.mark.slow
def test_a_cdk_app_without_the_local_esbuild_stops_instead_of_using_docker(tmp_path):
    answers = CDK_PROJECTS[1]
    project = tmp_path / answers["project_name"]
    shutil.copytree(rendered(answers), project)

    result = run(
        [project_python(NODE_PROJECT_PYTHON), "app.py"],
        cwd=project,
        JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1",
    )

    assert result.returncode != 0
    assert "node_modules/.bin/esbuild is missing: run npm install first" in (
        result.stderr
    )


@pytest.mark.slow
@pytest.mark.parametrize("answers", [*SAM_PROJECTS, *CDK_PROJECTS], ids=key_of)
def test_the_projects_own_tests_types_and_lint_pass(answers, tmp_path):
    project = project_copy(answers, tmp_path)

    types = run([npm_tool("tsc"), "--noEmit"], cwd=project)
    lint = run([npm_tool("eslint"), "--max-warnings", "0", "."], cwd=project)
    tests = run(["npm", "test", "--silent"], cwd=project, **cdk_env(answers))

    assert types.returncode == 0, types.stdout[-4000:]
    assert lint.returncode == 0, lint.stdout[-4000:]
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-4000:]
    summary = re.search(r"^Tests:\s+(.*)$", tests.stderr, re.MULTILINE)
    assert summary, tests.stderr[-2000:]
    assert re.fullmatch(r"\d+ passed, \d+ total", summary.group(1))


@pytest.mark.slow
def test_the_cdk_python_app_of_a_node_project_passes_its_tests_and_ruff(tmp_path):
    answers = CDK_PROJECTS[1]
    project = project_copy(answers, tmp_path)
    python = project_python(NODE_PROJECT_PYTHON)

    tests = run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        **cdk_env(answers),
    )
    lint = run([python, "-m", "ruff", "check", "--no-cache", "."], cwd=project)
    style = run(
        [python, "-m", "ruff", "format", "--check", "--no-cache", "."], cwd=project
    )

    assert tests.returncode == 0, tests.stdout[-4000:]
    assert "passed" in tests.stdout
    assert lint.returncode == 0, lint.stdout
    assert style.returncode == 0, style.stdout


def bundled(answers: dict[str, Any]) -> Path:
    """The project after `sam build`, offline (no npm install, no registry),
    with the shared esbuild first on PATH as `make build` puts its own."""
    return built_project(
        answers,
        "sam-build",
        [sam(), "build"],
        PATH=os.pathsep.join([npm_tool_folder(), os.environ.get("PATH", "")]),
        npm_config_offline="true",
    )


def built_functions(project: Path) -> dict[str, Path]:
    """The folder of each function under .aws-sam/build, by logical id."""
    build = project / ".aws-sam" / "build"
    return {name: build / name for name in sam_functions(load_template(build))}


@pytest.mark.slow
@pytest.mark.parametrize("answers", SAM_PROJECTS, ids=key_of)
def test_sam_build_bundles_each_function_into_its_handler_and_a_source_map(answers):
    project = bundled(answers)
    template = load_template(project / ".aws-sam" / "build")

    for name, function in sam_functions(template).items():
        module = function["Properties"]["Handler"].removesuffix(".handler")
        files = {path.name for path in (project / ".aws-sam/build" / name).iterdir()}
        assert files == {f"{module}.js", f"{module}.js.map"}, name


@pytest.mark.slow
@pytest.mark.parametrize("answers", SAM_PROJECTS, ids=key_of)
def test_a_bundle_requires_at_run_time_only_the_sdk_and_node(answers):
    builtins = node_builtins()

    for name, folder in built_functions(bundled(answers)).items():
        [bundle] = folder.glob("*.js")
        outside = {
            module
            for module in required_modules(bundle, builtins)
            if not module.startswith("@aws-sdk/")
        }
        assert outside == set(), name


@pytest.mark.slow
@pytest.mark.parametrize("answers", SAM_PROJECTS, ids=key_of)
def test_a_bundle_stays_under_100_kb_or_250_kb_with_the_tracer(answers):
    limit = 250_000 if answers["tracing"] else 100_000

    sizes = {
        name: next(folder.glob("*.js")).stat().st_size
        for name, folder in built_functions(bundled(answers)).items()
    }

    assert sizes
    assert {name: size for name, size in sizes.items() if size >= limit} == {}


@pytest.mark.slow
@pytest.mark.parametrize("answers", [SAM_PROJECTS[0], SAM_PROJECTS[2]], ids=key_of)
def test_the_bundles_answer_their_sample_events(answers):
    project = bundled(answers)

    answered = {}
    for folder in built_functions(project).values():
        [bundle] = folder.glob("*.js")
        if bundle.stem in SELF_CONTAINED:
            event = project / "events" / f"{bundle.stem}.json"
            result = run(
                ["node", "-e", INVOKE, str(bundle), str(event)],
                cwd=project,
                POWERTOOLS_SERVICE_NAME=answers["project_name"],
                POWERTOOLS_LOG_LEVEL="SILENT",
            )
            assert result.returncode == 0, result.stderr[-3000:]
            answered[bundle.stem] = json.loads(result.stdout)

    assert answered == {
        module: expected_answer(module, project)
        for module in SELF_CONTAINED & answered.keys()
    }
    assert answered
