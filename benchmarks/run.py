"""Run every benchmark against its baseline and write benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks [--rounds 21] [--heavy-rounds 9] [--only NAME...]

Needs what scripts/bootstrap installs: .venv (the tool, Copier, the SAM CLI),
.venv-projects-3.13 (the runtime's Python with Powertools and boto3 as the
generated projects pin them) and .cache/node (the npm packages of the Node.js
projects, esbuild among them). Takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from benchmarks import node_bundles
from benchmarks.check_project import write_project
from benchmarks.harness import (
    BenchmarkFailed,
    Command,
    Comparison,
    compare,
    format_figure,
    interleave,
    machine,
    markdown_table,
    python_version,
    run_once,
)
from benchmarks.lambda_env import (
    PROBE,
    import_environment,
    python_functions,
    read_template,
)

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "RESULTS.md"
PYTHON = REPO / ".venv" / "bin" / "python"
TOOL = REPO / ".venv" / "bin" / "serverless-new"
COPIER = REPO / ".venv" / "bin" / "copier"
SAM = REPO / ".venv" / "bin" / "sam"
RUNTIME_PYTHON = REPO / ".venv-projects-3.13" / "bin" / "python"
ANSWERS_FILE = ".copier-answers.yml"
TEMPLATE_PATHS = ("copier.yml", "templates", "partials")
ALL_SOURCES = "sqs,dynamodb-stream,s3,sns,eventbridge,schedule"
# The interpreters `sam build` looks for on PATH, through pyenv's shims.
PYENV_VERSIONS = "3.11.7:3.12.1:3.13.0"
PACKAGE_LIMIT = 100_000

IMPORT_TYPER = '`python -c "import typer"`'
IMPORT_COPIER = '`python -c "import copier"`'
IMPORT_BOTO3 = "`import boto3`"


@dataclass
class Section:
    """One benchmark's results: what was measured, how, and the figures."""

    title: str
    method: list[str]
    comparisons: list[Comparison] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    figure: str = "Median"

    def markdown(self) -> list[str]:
        lines = [f"## {self.title}", "", *self.method, ""]
        if self.comparisons:
            lines += [*markdown_table(self.comparisons, self.figure), ""]
        if self.details:
            lines += [*self.details, ""]
        return lines


@dataclass(frozen=True)
class Bench:
    """Where the benchmarks work and how many rounds they take."""

    work: Path
    rounds: int
    heavy_rounds: int

    @property
    def env(self) -> dict[str, str]:
        """The tool's environment: no template overrides, a private temp folder
        (so the template history it builds is its own) and cache folder (so the
        compiled templates it keeps are its own), an identity for git.

        Bytecode is written and read, as for an installed tool (pip compiles
        it at install): the warm-up run writes it for a source checkout, and
        the tool's compiled templates.
        """
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SERVERLESS_NEW_", "PYTHONDONTWRITEBYTECODE"))
        }
        env.update(
            NO_COLOR="1",
            TMPDIR=str(self.work / "tmp"),
            XDG_CACHE_HOME=str(self.work / "cache"),
            GIT_AUTHOR_NAME="Benchmark",
            GIT_AUTHOR_EMAIL="benchmark@example.com",
            GIT_COMMITTER_NAME="Benchmark",
            GIT_COMMITTER_EMAIL="benchmark@example.com",
        )
        return env

    def tool(self, *args: str, cwd: Path | None = None) -> str:
        """Run serverless-new untimed (to set something up); its stdout."""
        return _checked([str(TOOL), *args], cwd=cwd, env=self.env).stdout


def _checked(
    argv: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    answer = subprocess.run(
        list(argv), cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if answer.returncode != 0:
        raise BenchmarkFailed(f"{' '.join(argv)}: {answer.stderr.strip()[-2000:]}")
    return answer


def _fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def _same_files(ours: Path, theirs: Path, what: str) -> int:
    """Refuse a comparison between renders that differ; the number of files."""
    mine, other = _tree(ours), _tree(theirs)
    if sorted(mine) != sorted(other):
        only = sorted(set(mine) ^ set(other))
        raise BenchmarkFailed(f"{what}: the file lists differ: {only[:5]}")
    differing = [
        path for path in mine if path != ANSWERS_FILE and mine[path] != other[path]
    ]
    if differing:
        raise BenchmarkFailed(f"{what}: these files differ: {differing[:5]}")
    return len(mine)


def bench_help(bench: Bench) -> Section:
    commands = [
        Command(IMPORT_TYPER, [str(PYTHON), "-c", "import typer"], env=bench.env),
        Command("`serverless-new --help`", [str(TOOL), "--help"], env=bench.env),
    ]
    timings = interleave(commands, bench.rounds)
    return Section(
        "The command line's start-up",
        [
            "`serverless-new --help` against importing Typer, the floor this CLI "
            "stands on: every command pays this start-up."
        ],
        [compare(timings, "`serverless-new --help`", IMPORT_TYPER, target=1.3)],
    )


def _plain_template(bench: Bench) -> Path:
    """A copy of the template that is not a git repository: what a bare
    `copier copy` renders the same files from."""
    plain = bench.work / "plain-template"
    if not plain.exists():
        plain.mkdir(parents=True)
        for name in TEMPLATE_PATHS:
            source = REPO / name
            if source.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.py[co]")
                shutil.copytree(source, plain / name, ignore=ignore)
            else:
                shutil.copy2(source, plain / name)
    return plain


def bench_create(bench: Bench, name: str, flags: list[str], title: str) -> Section:
    plan = json.loads(
        bench.tool("create", name, "--defaults", *flags, "--dry-run", "--json")
    )
    answers_file = bench.work / f"{name}-answers.yml"
    answers_file.write_text(yaml.safe_dump(plan["answers"]), encoding="utf-8")
    ours_parent = bench.work / "create" / name / "ours"
    bare_parent = bench.work / "create" / name / "bare"
    subject = f"`serverless-new create {' '.join([name, '--defaults', *flags])}`"
    bare = "bare `copier copy`"
    commands = [
        Command(IMPORT_COPIER, [str(PYTHON), "-c", "import copier"], env=bench.env),
        Command(
            bare,
            [
                str(COPIER),
                "copy",
                "--defaults",
                "--quiet",
                "--skip-tasks",
                "--data-file",
                str(answers_file),
                str(_plain_template(bench)),
                str(bare_parent / name),
            ],
            env=bench.env,
            prepare=lambda _run: _fresh(bare_parent),
        ),
        Command(
            subject,
            [str(TOOL), "create", name, "--defaults", *flags, "-o", str(ours_parent)],
            env=bench.env,
            prepare=lambda _run: _fresh(ours_parent),
        ),
    ]
    first_cache = bench.work / "first-run-cache" / name
    first_run = run_once(
        Command(
            subject,
            commands[-1].argv,
            env={**bench.env, "XDG_CACHE_HOME": str(first_cache)},
            prepare=lambda _run: _fresh(ours_parent),
        ),
        0,
    )
    timings = interleave(commands, bench.heavy_rounds)
    files = _same_files(ours_parent / name, bare_parent / name, title)
    return Section(
        title,
        [
            f"{subject} ({files} files) against a bare `copier copy` of a plain "
            "copy of the template (not a git repository) with the same answers "
            "(`--defaults --data-file`), which renders the same files (checked "
            "after the runs: same list, same content but for the answers file, "
            "where the tool records the template's version and source), and "
            "against importing Copier. The tool keeps the templates it compiled "
            "in its cache folder; the warm-up round fills it, so the figures are "
            "the steady state."
        ],
        [
            compare(timings, subject, bare, target=1.15, note="our overhead"),
            compare(timings, subject, IMPORT_COPIER, target=1.6, note="the floor"),
            compare(timings, bare, IMPORT_COPIER, note="Copier alone, for reference"),
        ],
        [
            "The first run with an empty cache folder, which compiles every "
            f"template: {format_figure(first_run.seconds, 's')} (one run)."
        ],
    )


def _committed_project(bench: Bench, name: str) -> Path:
    parent = bench.work / "git" / name
    _fresh(parent)
    bench.tool("create", name, "--defaults", "-o", str(parent), "-q")
    project = parent / name
    for args in (
        ["init", "--quiet", "--initial-branch=main"],
        ["add", "--all"],
        ["commit", "--quiet", "--no-gpg-sign", "-m", "Initial version"],
    ):
        _checked(["git", *args], cwd=project, env=bench.env)
    return project


def bench_update(bench: Bench) -> Section:
    project = _committed_project(bench, "updating")
    subject = "`serverless-new update` (up to date)"
    (bench.work / "first-run-tmp").mkdir()
    first_run = run_once(
        Command(
            subject,
            [str(TOOL), "update", str(project)],
            env={**bench.env, "TMPDIR": str(bench.work / "first-run-tmp")},
        ),
        0,
    )
    commands = [
        Command(IMPORT_TYPER, [str(PYTHON), "-c", "import typer"], env=bench.env),
        Command(subject, [str(TOOL), "update", str(project)], env=bench.env),
    ]
    timings = interleave(commands, bench.rounds)
    return Section(
        "`update` on an up-to-date project",
        [
            "A default project, committed to git, that is already at this "
            "template version, against importing Typer. In a source checkout the "
            "tool builds the template history once per template content into "
            "the temp folder; the warm-up round builds it, so the figures are "
            "the steady state."
        ],
        [compare(timings, subject, IMPORT_TYPER)],
        [
            f"The first run in a fresh temp folder, which builds the history: "
            f"{format_figure(first_run.seconds, 's')} (one run)."
        ],
    )


def _template_history(bench: Bench) -> tuple[str, str]:
    """The template history the tool merges from, and this version's tag."""
    found = _checked(
        [
            str(PYTHON),
            "-c",
            "from scaffold import __version__\n"
            "from scaffold.history import installed_history\n"
            "from scaffold.template import PACKAGE_DIR\n"
            "history = installed_history(PACKAGE_DIR, __version__)\n"
            "print(history.location, history.latest)",
        ],
        env=bench.env,
    )
    location, tag = found.stdout.split()
    return location, tag


def bench_add(bench: Bench) -> Section:
    project = _committed_project(bench, "adding")
    answers = yaml.safe_load((project / ANSWERS_FILE).read_text(encoding="utf-8"))
    copier_cache = bench.work / "copier-cache"
    data_file = bench.work / "add-sqs.yml"
    data_file.write_text(yaml.safe_dump({"events": ["sqs"]}), encoding="utf-8")

    def reset(_run: int) -> None:
        for args in (["reset", "--quiet", "--hard"], ["clean", "--quiet", "-fdx"]):
            _checked(["git", *args], cwd=project, env=bench.env)
        _fresh(copier_cache)

    bench.tool("update", str(project), "-q")  # builds the history, untimed
    history, tag = _template_history(bench)
    offline = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{history}.insteadOf",
        "GIT_CONFIG_VALUE_0": str(answers["_src_path"]),
        "COPIER_CACHE_DIR": str(copier_cache),
    }
    subject = "`serverless-new add sqs`"
    bare = "bare `copier update`"
    commands = [
        Command(
            bare,
            [
                str(COPIER),
                "update",
                "--defaults",
                "--skip-answered",
                "--quiet",
                "--skip-tasks",
                "--conflict",
                "inline",
                "--vcs-ref",
                tag,
                "--data-file",
                str(data_file),
                str(project),
            ],
            env={**bench.env, **offline},
            prepare=reset,
        ),
        Command(
            subject,
            [str(TOOL), "add", "sqs", str(project)],
            env=bench.env,
            prepare=reset,
        ),
    ]
    timings = interleave(commands, bench.heavy_rounds)
    by_tool = _tree(project)
    reset(0)
    run_once(commands[0], 0)
    if by_tool != _tree(project):
        raise BenchmarkFailed("add sqs and copier update changed different files")
    reset(0)
    return Section(
        "`add sqs` to a default project",
        [
            "A committed default project, reset (`git reset --hard && git clean "
            "-fdx`, untimed) before every run, against a bare `copier update` "
            "with the same answer (`--data-file` with `events: [sqs]`) from the "
            "same template history (the public source redirected to it with "
            "git's `insteadOf`, as the tool does), which changes exactly the "
            "same files (checked). Steady state: the template history is built "
            "before the runs."
        ],
        [compare(timings, subject, bare, note="our overhead")],
    )


def bench_check(bench: Bench, functions: int = 50) -> Section:
    project = bench.work / "check-project"
    write_project(project, functions)
    subject = f"`serverless-new check` ({functions} functions)"
    commands = [
        Command(IMPORT_TYPER, [str(PYTHON), "-c", "import typer"], env=bench.env),
        Command(
            subject,
            [str(TOOL), "check", str(project), "--format", "json"],
            env=bench.env,
            exit_codes=frozenset({0, 1}),
        ),
    ]
    timings = interleave(commands, bench.rounds)
    report = json.loads(run_once(commands[1], 0).finished.stdout)
    return Section(
        "`check` on a 50-function project",
        [
            f"A synthetic SAM project of {report['functions']} functions (two in "
            f"three Python, the rest Node; {report['files']} files) behind an "
            "API, queues, a stream, a bucket and schedules "
            "(benchmarks/check_project.py), against importing Typer."
        ],
        [compare(timings, subject, IMPORT_TYPER)],
        [f"Findings: {len(report['findings'])}."],
    )


# The projects whose handlers are timed: every handler module once, and one
# handler with the tracer on to show what `--tracing` costs.
HANDLER_PROJECTS = {
    "default": [],
    "all sources": ["--events", ALL_SOURCES],
    "no API, no events": ["--api", "none"],
    "tracing": ["--tracing"],
}
DEFAULT_PROJECT = "default"
HANDLER_FLOOR = "botocore, a DynamoDB client and Powertools (the floor)"
HANDLER_FLOOR_CODE = (
    "import os\n"
    "import botocore.session\n"
    "import aws_lambda_powertools\n"
    "botocore.session.get_session().create_client('dynamodb')\n"
    "os._exit(0)\n"
)


def _rendered(bench: Bench, label: str, flags: list[str]) -> Path:
    parent = bench.work / "projects" / label.replace(" ", "-").replace(",", "")
    if not parent.exists():
        parent.mkdir(parents=True)
        bench.tool("create", "demo", "--defaults", *flags, "-o", str(parent), "-q")
    return parent / "demo"


def bench_handlers(bench: Bench) -> Section:
    commands: list[Command] = []
    default_modules: list[str] = []
    seen: set[str] = set()
    baseline_env: dict[str, str] = {}
    for label, flags in HANDLER_PROJECTS.items():
        project = _rendered(bench, label, flags)
        source = project / "src"
        template = read_template(project / "template.yaml")
        for function in python_functions(template, "demo"):
            if label == "tracing" and function.module != "handlers.get_item":
                continue
            key = function.module if label != "tracing" else f"{function.module} traced"
            if key in seen:
                continue
            seen.add(key)
            env = import_environment(function, source)
            baseline_env = baseline_env or env
            name = function.module.removeprefix("handlers.")
            if label == DEFAULT_PROJECT:
                default_modules.append(f"`{name}`")
            suffix = " with `--tracing`" if label == "tracing" else ""
            commands.append(
                Command(
                    f"`{name}`{suffix}",
                    [str(RUNTIME_PYTHON), "-c", PROBE, function.module],
                    cwd=source,
                    env=env,
                )
            )
    baseline = Command(
        IMPORT_BOTO3,
        [str(RUNTIME_PYTHON), "-c", PROBE, "boto3"],
        cwd=Path(baseline_env["LAMBDA_TASK_ROOT"]),
        env=baseline_env,
    )
    commands.append(
        Command(
            HANDLER_FLOOR,
            [str(RUNTIME_PYTHON), "-c", HANDLER_FLOOR_CODE],
            cwd=Path(baseline_env["LAMBDA_TASK_ROOT"]),
            env=baseline_env,
        )
    )
    timings = interleave([baseline, *commands], bench.rounds)
    comparisons = [
        compare(
            timings,
            command.label,
            IMPORT_BOTO3,
            target=1.5 if command.label in default_modules else None,
        )
        for command in commands
    ]
    return Section(
        "Cold start of the generated handlers",
        [
            "The wall time of importing each generated handler module in a fresh "
            f"Python {python_version(RUNTIME_PYTHON)} (.venv-projects-3.13: "
            "Powertools and boto3 as the projects pin them), against importing "
            "boto3 alone. The environment is the one Lambda gives the function: "
            "AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, "
            "AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, the log settings, the "
            "function's own variables from template.yaml (POWERTOOLS_SERVICE_NAME, "
            "TABLE_NAME, ...; intrinsics as sample values), fake credentials, "
            "`src/` on sys.path, no bytecode written (Lambda's task root is read "
            "only). Every socket connect, send and name lookup is refused and "
            "would fail the run: importing makes no network call. Each run ends "
            "when its import does (`os._exit`), baseline included: Lambda keeps "
            "the interpreter after INIT, so the interpreter's teardown (a full "
            "garbage collection and the unloading of every module, longer the "
            "more was imported) is no part of a cold start.",
            "",
            f"The default project's handlers ({', '.join(default_modules)}) have "
            "the target; the others are shown against the same baseline. The "
            "last row is the floor of any handler that makes its DynamoDB client "
            "at import and logs with Powertools: botocore, one client and "
            "Powertools, without a line of the project's code.",
        ],
        comparisons,
    )


def _package_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _powertools_size() -> int:
    found = _checked(
        [
            str(RUNTIME_PYTHON),
            "-c",
            "import aws_lambda_powertools, pathlib; "
            "print(pathlib.Path(aws_lambda_powertools.__file__).parent)",
        ]
    )
    return _package_size(Path(found.stdout.strip()))


def bench_packages(bench: Bench) -> Section:
    env = {
        **os.environ,
        "PYENV_VERSION": PYENV_VERSIONS,
        "SAM_CLI_TELEMETRY": "0",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    comparisons = []
    details = []
    seen: set[str] = set()
    limit = f"{PACKAGE_LIMIT // 1000} KB limit"
    for label in ("all sources", "no API, no events"):
        project = _rendered(bench, label, HANDLER_PROJECTS[label])
        build = project.parent / "build"
        started = time.perf_counter()
        _checked([str(SAM), "build", "--build-dir", str(build)], cwd=project, env=env)
        details.append(
            f"`sam build` of the {label} project: "
            f"{format_figure(time.perf_counter() - started, 's')}."
        )
        for package in sorted(path for path in build.iterdir() if path.is_dir()):
            if package.name in seen:
                continue
            seen.add(package.name)
            if (package / "aws_lambda_powertools").exists():
                raise BenchmarkFailed(f"{package.name} bundles Powertools")
            comparisons.append(
                Comparison(
                    f"`{package.name}`",
                    _package_size(package),
                    limit,
                    PACKAGE_LIMIT,
                    target=1.0,
                    unit="B",
                )
            )
    project = _rendered(bench, DEFAULT_PROJECT, [])
    layers = re.findall(r"layer:([\w-]+:\d+)", (project / "template.yaml").read_text())
    details += [
        "No package bundles Powertools: the functions load it from the public "
        f"layer ({', '.join(sorted(set(layers))) or '**none**'}). Bundled, its "
        f"package alone would add {format_figure(_powertools_size(), 'B')} to "
        "every function.",
        _readme_statement(project / "README.md"),
    ]
    return Section(
        "Deployment packages after `sam build`",
        [
            "The size of each function's folder after `sam build` of the "
            "all-sources project and of the project without API and events "
            "(together every function): our own code, handlers and lib, against "
            "the 100 KB budget."
        ],
        comparisons,
        details,
        figure="Size",
    )


def _readme_statement(readme: Path) -> str:
    """The generated README's bullet on where Powertools comes from."""
    bullets = readme.read_text(encoding="utf-8").split("\n- ")
    stated = [
        " ".join(bullet.split("\n\n")[0].split())
        for bullet in bullets
        if "layer" in bullet and "Powertools" in bullet
    ]
    if not stated:
        return "**The generated README does not say where Powertools comes from.**"
    return f"The generated README says so: “{stated[0]}”"


# The Node.js projects whose bundles are measured: every handler module once,
# and the API functions with the tracer.
NODE_BUNDLE_PROJECTS = ("all sources", "no API, no events", "tracing")


def bench_node_bundles(bench: Bench) -> Section:
    projects = {
        label: _rendered(
            bench,
            f"nodejs {label}",
            ["--runtime", "nodejs22.x", *HANDLER_PROJECTS[label]],
        )
        for label in NODE_BUNDLE_PROJECTS
    }
    env = {**bench.env, "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": "us-east-1"}
    measured = node_bundles.measure(projects, SAM, env)
    return Section(
        node_bundles.TITLE,
        node_bundles.METHOD,
        node_bundles.comparisons(measured, traced={"tracing"}),
        node_bundles.details(measured),
        figure="Size",
    )


BENCHMARKS: dict[str, Callable[[Bench], Section]] = {
    "help": bench_help,
    "create": lambda bench: bench_create(
        bench, "demo", [], "`create --defaults`: the default project"
    ),
    "create-all": lambda bench: bench_create(
        bench,
        "every-source",
        ["--events", ALL_SOURCES],
        "`create`: the all-sources project",
    ),
    "update": bench_update,
    "add": bench_add,
    "check": bench_check,
    "handlers": bench_handlers,
    "packages": bench_packages,
    "node-bundles": bench_node_bundles,
}


def results_markdown(sections: list[Section], bench: Bench) -> str:
    facts = machine()
    facts["Python (tool)"] = python_version(PYTHON)
    facts["Python (functions)"] = python_version(RUNTIME_PYTHON)
    lines = [
        "# Speed",
        "",
        "Written by `.venv/bin/python -m benchmarks` (benchmarks/run.py), which "
        "runs all of this again. Each figure is the median of "
        f"{bench.rounds} runs ({bench.heavy_rounds} for `create` and `add`), "
        "after one warm-up run, measured in rounds that run the baseline and "
        "the subjects one after the other (A B A B ...), so load from other "
        "processes slows both. The ratio is subject / baseline; the target is "
        "the largest ratio allowed. The CPU ratio is the same ratio in CPU time "
        "(user and system time of the processes), which waiting for a core on "
        "a busy machine does not inflate.",
        "",
        "| Machine | |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in facts.items()],
        "",
    ]
    for section in sections:
        lines += section.markdown()
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--heavy-rounds", type=int, default=9)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(BENCHMARKS),
        help="run these only, and print their tables instead of writing RESULTS.md",
    )
    options = parser.parse_args(argv)
    for tool in (PYTHON, TOOL, COPIER, SAM, RUNTIME_PYTHON):
        if not tool.exists():
            sys.exit(f"{tool} is missing: run scripts/bootstrap first")

    with tempfile.TemporaryDirectory(prefix="serverless-new-bench.") as folder:
        bench = Bench(Path(folder), options.rounds, options.heavy_rounds)
        (bench.work / "tmp").mkdir()
        sections = []
        for name in options.only or BENCHMARKS:
            print(f"benchmark: {name} ...", file=sys.stderr, flush=True)
            try:
                sections.append(BENCHMARKS[name](bench))
            except BenchmarkFailed as error:
                sys.exit(f"benchmark {name} failed: {error}")
            print("\n".join(sections[-1].markdown()), file=sys.stderr)
        text = results_markdown(sections, bench)
    if options.only:
        print(text)
    else:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
