"""Helpers shared by the tool's tests: answer matrices, a render cache, and the
external tools (cfn-lint, checkov, sam, the generated projects' own test runs).

Rendering takes most of a second, so every rendered project is kept under
.cache/renders, keyed by a digest of the template tree and the answers; test
processes running side by side share it, and a changed template starts afresh.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from scaffold.create import collect_answers, create_project
from scaffold.template import Template, installed_template

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache"
EVENT_SOURCES = ("sqs", "dynamodb-stream", "s3", "sns", "eventbridge", "schedule")
APIS = ("http", "rest", "none")
PYTHON_RUNTIMES = ("python3.13", "python3.12")
NODE_RUNTIME = "nodejs22.x"
# The Python of a Node.js project's tools (cfn-lint, the CDK app of cdk-python).
NODE_PROJECT_PYTHON = "python3.13"

Answers = dict[str, Any]


def answers_for(**given: Any) -> Answers:
    """Complete answers: the defaults, with `given` on top."""
    given.setdefault("project_name", "demo")
    return collect_answers(installed_template(), given, use_defaults=True, ask=None)


def api_matrix() -> list[Answers]:
    """Every api x runtime x arch x tracing x alarms x ci, without event sources."""
    return [
        answers_for(
            api=api, runtime=runtime, arch=arch, tracing=tracing, alarms=alarms, ci=ci
        )
        for api, runtime, arch, tracing, alarms, ci in itertools.product(
            APIS,
            PYTHON_RUNTIMES,
            ("arm64", "x86_64"),
            (False, True),
            (True, False),
            ("github", "none"),
        )
    ]


def source_subsets() -> list[list[str]]:
    """All 64 subsets of the event sources, the empty one first."""
    return [
        list(subset)
        for size in range(len(EVENT_SOURCES) + 1)
        for subset in itertools.combinations(EVENT_SOURCES, size)
    ]


def events_matrix() -> list[Answers]:
    """Every subset of event sources with every API type."""
    return [
        answers_for(api=api, events=",".join(subset) or "none")
        for subset in source_subsets()
        for api in APIS
    ]


def vpc_projects() -> list[Answers]:
    """The all-sources project in each kind of VPC (a new one with and without a
    NAT gateway, an existing one), and a task project in a new VPC."""
    every_source = ",".join(EVENT_SOURCES)
    return [
        answers_for(events=every_source, vpc="new"),
        answers_for(api="rest", events=every_source, vpc="new", nat=True, tracing=True),
        answers_for(events=every_source, vpc="existing", tracing=True),
        answers_for(api="none", vpc="new", alarms=False),
    ]


def cdk_vpc_projects() -> list[Answers]:
    """CDK twins of vpc_projects() but the first: a new VPC with a NAT gateway
    and an interface endpoint (X-Ray) in Python; an existing VPC, and a new one
    with neither, in TypeScript."""
    every_source = ",".join(EVENT_SOURCES)
    return [
        answers_for(
            iac="cdk-python",
            api="rest",
            events=every_source,
            vpc="new",
            nat=True,
            tracing=True,
        ),
        answers_for(
            iac="cdk-typescript", events=every_source, vpc="existing", tracing=True
        ),
        answers_for(iac="cdk-typescript", api="none", vpc="new", alarms=False),
    ]


def node_projects() -> list[Answers]:
    """SAM projects with Node.js handlers: every handler module once with each
    API type, each source alone, the tracer, a task project and both VPCs."""
    every_source = ",".join(EVENT_SOURCES)
    return [
        *[
            answers_for(runtime=NODE_RUNTIME, api=api, events=every_source)
            for api in APIS
        ],
        *[
            answers_for(runtime=NODE_RUNTIME, api="none", events=source)
            for source in EVENT_SOURCES
        ],
        answers_for(runtime=NODE_RUNTIME, api="rest", tracing=True, arch="x86_64"),
        answers_for(runtime=NODE_RUNTIME, api="none", tracing=True, alarms=False),
        answers_for(runtime=NODE_RUNTIME, events=every_source, vpc="new"),
        answers_for(runtime=NODE_RUNTIME, api="none", events="sqs", vpc="existing"),
    ]


def pairwise_cover() -> list[Answers]:
    """Projects in which every pair of (source present or not) values, and every
    source with every API type, appears at least once."""
    rows: list[tuple[str, frozenset[str]]] = []
    needed = _pairs_to_cover()
    candidates = [
        (api, frozenset(subset)) for api in APIS for subset in source_subsets()
    ]
    while needed:
        best = max(candidates, key=lambda row: len(needed & _pairs_of(*row)))
        rows.append(best)
        needed -= _pairs_of(*best)
    return [
        answers_for(api=api, events=",".join(sorted(events)) or "none")
        for api, events in rows
    ]


def _pairs_of(api: str, events: frozenset[str]) -> set[tuple[Any, ...]]:
    present = {source: source in events for source in EVENT_SOURCES}
    pairs: set[tuple[Any, ...]] = {
        ("api", api, source, present[source]) for source in EVENT_SOURCES
    }
    for first, second in itertools.combinations(EVENT_SOURCES, 2):
        pairs.add((first, present[first], second, present[second]))
    return pairs


def _pairs_to_cover() -> set[tuple[Any, ...]]:
    needed: set[tuple[Any, ...]] = set()
    for api in APIS:
        for subset in source_subsets():
            needed |= _pairs_of(api, frozenset(subset))
    return needed


def key_of(answers: Mapping[str, Any]) -> str:
    """A short, readable, unique name for a set of answers."""
    parts = [
        answers["project_name"],
        answers["api"],
        "+".join(answers["events"]) or "no-events",
        answers["runtime"],
        answers["arch"],
        "tracing" if answers["tracing"] else "no-tracing",
        "alarms" if answers["alarms"] else "no-alarms",
        answers["ci"],
        answers["iac"],
        answers["vpc"],
    ]
    if answers.get("nat"):
        parts.append("nat")
    return "-".join(parts)


@cache
def template_digest() -> str:
    digest = hashlib.sha256()
    for root_name in ("copier.yml", "templates", "partials"):
        root = REPO / root_name
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def rendered(answers: Mapping[str, Any]) -> Path:
    """The project for `answers`, rendered once and then taken from the cache."""
    folder = CACHE / "renders" / template_digest() / key_of(answers)
    project = folder / answers["project_name"]
    if project.is_dir():
        return project
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".render-"))
    create_project(installed_template(), dict(answers), staging)
    try:
        staging.rename(folder)
    except OSError:
        shutil.rmtree(staging)  # another test process rendered it meanwhile
    return project


def load_template(project: Path) -> dict[str, Any]:
    """template.yaml of a project, with the short intrinsic tags kept as dicts.

    Parsed once per test process: tests read the same template many times.
    """
    return copy.deepcopy(_parsed_template(str(project / "template.yaml")))


@cache
def _parsed_template(path: str) -> dict[str, Any]:
    return yaml.load(Path(path).read_text(), Loader=_CfnLoader)


class _CfnLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


# External tools. Each lives in the environment .ci/run (or a developer) made;
# the variables let a developer point at their own.


def tool(name: str, variable: str, default: Path) -> str:
    """The path of an external tool, from `variable` or `default`."""
    chosen = os.environ.get(variable)
    if chosen:
        return chosen
    if default.exists():
        return str(default)
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(
        f"{name} is not installed: run scripts/bootstrap, or set {variable}"
    )


def bin_dir() -> Path:
    return Path(sys.executable).parent


def cfn_lint() -> str:
    return tool("cfn-lint", "CFN_LINT", bin_dir() / "cfn-lint")


def sam() -> str:
    return tool("sam", "SAM_CLI", bin_dir() / "sam")


def checkov() -> str:
    return tool("checkov", "CHECKOV", REPO / ".venv-checkov" / "bin" / "checkov")


def project_python(runtime: str) -> str:
    """The Python of the virtualenv that holds the generated projects' tools."""
    version = runtime.removeprefix("python")
    default = REPO / f".venv-projects-{version}" / "bin" / "python"
    variable = f"PROJECTS_PYTHON_{version.replace('.', '_')}"
    return tool(f"python{version}", variable, default)


@cache
def runtime_interpreters() -> str | None:
    """PYENV_VERSION naming one pyenv Python per minor version, so that `sam
    build` finds python3.12 and python3.13; None where pyenv is not used."""
    if os.environ.get("PYENV_VERSION") or not shutil.which("pyenv"):
        return None
    listed = subprocess.run(
        ["pyenv", "versions", "--bare"], capture_output=True, text=True, check=False
    ).stdout.split()
    newest: dict[str, str] = {}
    for version in sorted(listed, key=_version_key):
        parts = version.split(".")
        numeric = len(parts) == 3 and all(part.isdigit() for part in parts)
        if numeric and (int(parts[0]), int(parts[1])) >= (3, 11):
            newest[".".join(parts[:2])] = version
    return ":".join(sorted(newest.values(), key=_version_key)) or None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def offline_env(**extra: str) -> dict[str, str]:
    """The environment for tools that would otherwise reach for AWS."""
    env = dict(os.environ)
    interpreters = runtime_interpreters()
    if interpreters:
        env["PYENV_VERSION"] = interpreters
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        SAM_CLI_TELEMETRY="0",
        **extra,
    )
    return env


def run(
    command: list[str], cwd: Path | None = None, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env=offline_env(**extra_env),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def project_checks(
    project: Path, python: str, *pytest_options: str
) -> tuple[subprocess.CompletedProcess[str], ...]:
    """A generated project's own pytest, `ruff check` and `ruff format --check`."""
    return (
        run(
            [python, "-m", "pytest", *pytest_options, "-p", "no:cacheprovider"], project
        ),
        run([python, "-m", "ruff", "check", "--no-cache", "."], project),
        run([python, "-m", "ruff", "format", "--check", "--no-cache", "."], project),
    )


def checkov_failures(templates: Iterable[Path]) -> dict[str, list[str]]:
    """Run checkov once over many templates; failed check ids per template."""
    with tempfile.TemporaryDirectory() as folder:
        names: dict[str, Path] = {}
        for number, template in enumerate(templates):
            name = f"t{number:03d}{template.suffix}"
            shutil.copy(template, Path(folder) / name)
            names[name] = template
        answer = run(
            [
                checkov(),
                "-d",
                folder,
                "--framework",
                "cloudformation",
                "--skip-download",
                "--quiet",
                "--compact",
                "-o",
                "json",
            ]
        )
    if answer.returncode not in (0, 1):
        raise RuntimeError(f"checkov failed: {answer.stderr[-2000:]}")
    reports = json.loads(answer.stdout or "[]")
    if isinstance(reports, dict):
        reports = [reports]
    failures: dict[str, list[str]] = {str(path): [] for path in names.values()}
    for report in reports:
        for check in report.get("results", {}).get("failed_checks", []):
            source = names[Path(check["file_path"]).name]
            failures[str(source)].append(f"{check['check_id']} on {check['resource']}")
    return failures


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# CDK projects. The npm packages they pin are installed once, by
# scripts/bootstrap, in .cache/node; each synthesized project links to them.

NODE_PACKAGES = CACHE / "node" / "node_modules"
CDK_IACS = ("cdk-python", "cdk-typescript")


def node_packages() -> Path:
    """The shared node_modules of the CDK TypeScript projects."""
    chosen = os.environ.get("NODE_PACKAGES")
    folder = Path(chosen) if chosen else NODE_PACKAGES
    if not (folder / ".bin" / "cdk").exists():
        raise RuntimeError(
            f"no CDK packages in {folder}: run scripts/bootstrap, or set NODE_PACKAGES"
        )
    return folder


def cdk_env(answers: Mapping[str, Any]) -> dict[str, str]:
    """What `cdk` needs offline: the project's Python first on PATH (cdk.json runs
    `python3 app.py`), then the shared npm tools (NodejsFunction finds esbuild
    there), no telemetry, no notices of an old Node."""
    runtime = answers["runtime"]
    python = project_python(NODE_PROJECT_PYTHON if runtime == NODE_RUNTIME else runtime)
    path = [str(Path(python).parent), os.environ.get("PATH", "")]
    if runtime == NODE_RUNTIME:
        path.insert(1, str(node_packages() / ".bin"))
    return {
        "PATH": os.pathsep.join(path),
        "CDK_DISABLE_CLI_TELEMETRY": "true",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
        "CI": "true",
    }


def project_copy(answers: Mapping[str, Any], destination: Path) -> Path:
    """A copy of the rendered project in `destination`, linked to the shared npm
    packages when it has a package.json, with their lock file as `npm install`
    leaves one (NodejsFunction finds the project's root by it)."""
    project = destination / answers["project_name"]
    shutil.copytree(rendered(answers), project)
    if (project / "package.json").exists():
        packages = node_packages()
        (project / "node_modules").symlink_to(packages, target_is_directory=True)
        shutil.copy(packages.parent / "package-lock.json", project)
    return project


def built_project(
    answers: Mapping[str, Any], kind: str, command: list[str], **extra_env: str
) -> Path:
    """A copy of the project after `command` ran in it, made once and then taken
    from the cache (.cache/KIND), so test processes share it."""
    folder = CACHE / kind / template_digest() / key_of(answers)
    project = folder / answers["project_name"]
    if project.is_dir():
        return project
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{kind}-"))
    result = run(command, cwd=project_copy(answers, staging), **extra_env)
    if result.returncode != 0:
        shutil.rmtree(staging)
        raise RuntimeError(
            f"{' '.join(command[:2])} failed: "
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    try:
        staging.rename(folder)
    except OSError:
        shutil.rmtree(staging)  # another test process built it meanwhile
    return project


def synthesized(answers: Mapping[str, Any]) -> Path:
    """The synthesized template (cdk.out/NAME.template.json) of a CDK project,
    made once by `cdk synth` and then taken from the cache."""
    cdk = [str(node_packages() / ".bin" / "cdk"), "synth", "--quiet", "--no-notices"]
    project = built_project(answers, "synth", cdk, **cdk_env(answers))
    return project / "cdk.out" / f"{answers['project_name']}.template.json"


def template_copy(folder: Path, as_checkout: bool = False) -> Template:
    """A copy of this template in `folder`, made a git repository if asked."""
    folder.mkdir()
    shutil.copy2(REPO / "copier.yml", folder / "copier.yml")
    for name in ("templates", "partials"):
        ignore = shutil.ignore_patterns("__pycache__", "*.py[co]")
        shutil.copytree(REPO / name, folder / name, ignore=ignore)
    if as_checkout:
        subprocess.run(["git", "init", "--quiet", str(folder)], check=True)
    return Template(root=folder, version="0.1.0")


def files_of(project: Path) -> dict[str, bytes]:
    """Every file below `project` and its content, but for a git repository's."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }
