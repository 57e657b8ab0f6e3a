"""The deployment packages of the generated TypeScript handlers.

`sam build` bundles each Node.js function with esbuild (SAM's esbuild build
method, the esbuild of the npm packages scripts/bootstrap installs in
.cache/node): minified, with a source map, the AWS SDK v3 left to the runtime.
Measured here: the code and the source map of each bundle, the zip that a
deploy uploads, and what the bundle still requires at run time.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import BenchmarkFailed, Comparison, format_figure

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / ".cache" / "node" / "node_modules"
# The minified code of a function without the tracer; the tracer brings the
# X-Ray SDK, which is shown without a target.
BUNDLE_BUDGET = 100_000
BUDGET = f"{BUNDLE_BUDGET // 1000} KB budget"
TITLE = "Node.js bundles after `sam build`"
METHOD = [
    "The bundle of each function of the Node.js projects (`--runtime "
    "nodejs22.x`) after `sam build`: SAM's esbuild build method with the "
    "esbuild of .cache/node, minified, source maps on, `@aws-sdk/*` external. "
    "The minified code against a 100 KB budget (functions with the tracer, "
    "which bundles the X-Ray SDK, have none); the zip a deploy uploads holds "
    "the code and its source map."
]
# What a bundle may still require besides Node's own modules: the AWS SDK v3,
# which the nodejs22.x runtime provides.
RUNTIME_PROVIDED = re.compile(r"^@aws-sdk/.+$")
REQUIRE = re.compile(r"""\brequire\(\s*["']([^"']+)["']\s*\)""")


@dataclass(frozen=True)
class Bundle:
    """The deployment package of one function, as `sam build` leaves it."""

    function: str
    code: int
    source_map: int
    zipped: int
    requires: frozenset[str]


@dataclass
class Measured:
    """Every bundle of the projects, and how long each `sam build` took."""

    bundles: dict[str, list[Bundle]] = field(default_factory=dict)
    build_seconds: dict[str, float] = field(default_factory=dict)


def link_node_modules(project: Path) -> None:
    """Give a created project the shared npm packages instead of an install."""
    if not (NODE_MODULES / ".bin" / "esbuild").exists():
        raise BenchmarkFailed(f"no esbuild in {NODE_MODULES}: run scripts/bootstrap")
    link = project / "node_modules"
    if not link.exists():
        link.symlink_to(NODE_MODULES, target_is_directory=True)


def sam_build(project: Path, sam: Path, env: Mapping[str, str]) -> float:
    """Run `sam build` with the project's esbuild first on PATH; its seconds."""
    build = project / ".aws-sam"
    shutil.rmtree(build, ignore_errors=True)
    path = f"{project / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"
    started = time.perf_counter()
    answer = subprocess.run(
        [str(sam), "build"],
        cwd=project,
        env={**env, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode != 0:
        raise BenchmarkFailed(f"sam build of {project.name}: {answer.stderr[-2000:]}")
    return time.perf_counter() - started


def read_bundles(project: Path, builtins: frozenset[str]) -> list[Bundle]:
    """The bundle of each function built under project/.aws-sam/build."""
    found = []
    for folder in sorted((project / ".aws-sam" / "build").iterdir()):
        scripts = list(folder.glob("*.js")) if folder.is_dir() else []
        if len(scripts) != 1:
            continue
        [script] = scripts
        source_map = script.with_name(script.name + ".map")
        requires = frozenset(REQUIRE.findall(script.read_text(encoding="utf-8")))
        found.append(
            Bundle(
                function=folder.name,
                code=script.stat().st_size,
                source_map=source_map.stat().st_size if source_map.exists() else 0,
                zipped=_zipped_size(folder),
                requires=frozenset(
                    name
                    for name in requires
                    if name.removeprefix("node:") not in builtins
                ),
            )
        )
    if not found:
        raise BenchmarkFailed(f"sam build left no bundle in {project}")
    return found


def _zipped_size(folder: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return len(buffer.getvalue())


def node_builtins() -> frozenset[str]:
    """The modules Node.js itself provides, as a bundle may require them."""
    answer = subprocess.run(
        ["node", "-p", "require('module').builtinModules.join('\\n')"],
        capture_output=True,
        text=True,
        check=True,
    )
    return frozenset(answer.stdout.split())


def measure(
    projects: Mapping[str, Path], sam: Path, env: Mapping[str, str]
) -> Measured:
    """Build each project and read its bundles, refusing one that requires
    at run time a module the runtime lacks."""
    builtins = node_builtins()
    measured = Measured()
    for label, project in projects.items():
        link_node_modules(project)
        measured.build_seconds[label] = sam_build(project, sam, env)
        bundles = read_bundles(project, builtins)
        for bundle in bundles:
            missing = missing_at_run_time(bundle)
            if missing:
                raise BenchmarkFailed(
                    f"{bundle.function} of the {label} project requires "
                    f"{', '.join(missing)} at run time, which Lambda lacks"
                )
        measured.bundles[label] = bundles
    return measured


def missing_at_run_time(bundle: Bundle) -> list[str]:
    """What a bundle requires that neither Node nor the runtime's SDK provides."""
    return sorted(name for name in bundle.requires if not RUNTIME_PROVIDED.match(name))


def comparisons(measured: Measured, traced: set[str]) -> list[Comparison]:
    """One row per function: its minified code against the budget."""
    rows = []
    seen: set[str] = set()
    for label, bundles in measured.bundles.items():
        for bundle in bundles:
            suffix = " with `--tracing`" if label in traced else ""
            name = f"`{bundle.function}`{suffix}"
            if name in seen:
                continue
            seen.add(name)
            rows.append(
                Comparison(
                    name,
                    bundle.code,
                    BUDGET,
                    BUNDLE_BUDGET,
                    target=None if label in traced else 1.0,
                    unit="B",
                )
            )
    return rows


def details(measured: Measured) -> list[str]:
    """The source maps, the zips, the build times and the run-time requires."""
    lines = [
        "| Function | Project | Code | Source map | Zip | Requires at run time |",
        "|---|---|--:|--:|--:|---|",
    ]
    for label, bundles in measured.bundles.items():
        for bundle in bundles:
            requires = ", ".join(f"`{name}`" for name in sorted(bundle.requires))
            lines.append(
                f"| `{bundle.function}` | {label} | {format_figure(bundle.code, 'B')} "
                f"| {format_figure(bundle.source_map, 'B')} "
                f"| {format_figure(bundle.zipped, 'B')} | {requires or '-'} |"
            )
    lines.append("")
    lines += [
        f"`sam build` of the {label} project: {format_figure(seconds, 's')}."
        for label, seconds in measured.build_seconds.items()
    ]
    return lines
