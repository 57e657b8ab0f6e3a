"""Timing commands against their baselines on a noisy machine.

Every benchmark compares a subject with a baseline measured in the same rounds:
each round runs every command once, in the same order (A B A B ...), so a burst
of load from another process slows both rather than one. Medians over the
rounds, and the ratio of the medians, are what the results report.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


class BenchmarkFailed(Exception):
    """A timed command did not do what it was timed doing."""


@dataclass(frozen=True)
class Command:
    """One process to time, and what to set up, untimed, before each run."""

    label: str
    argv: Sequence[str]
    cwd: Path | None = None
    env: Mapping[str, str] | None = None
    # Called with the run's number before the clock starts (fresh folders,
    # a git reset): what it costs is not part of the figure.
    prepare: Callable[[int], None] | None = None
    exit_codes: frozenset[int] = frozenset({0})


@dataclass
class Timing:
    """The wall and CPU times of one command, in seconds, one per round."""

    label: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def spread(self) -> float:
        """Half the distance between the quartiles, as a share of the median."""
        if len(self.seconds) < 4:
            return 0.0
        low, _, high = statistics.quantiles(self.seconds, n=4)
        return (high - low) / 2 / self.median


@dataclass(frozen=True)
class Run:
    """One run of a command: its wall time, the CPU time of its processes, and
    what it printed."""

    seconds: float
    cpu_seconds: float
    finished: subprocess.CompletedProcess[str]


def run_once(command: Command, run: int) -> Run:
    """Run `command` once, after its preparation."""
    if command.prepare is not None:
        command.prepare(run)
    cpu_before = _children_cpu()
    start = time.perf_counter()
    finished = subprocess.run(
        list(command.argv),
        cwd=command.cwd,
        env=dict(command.env) if command.env is not None else None,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    if finished.returncode not in command.exit_codes:
        output = (finished.stderr or finished.stdout).strip()[-2000:]
        raise BenchmarkFailed(
            f"{command.label}: exit code {finished.returncode}\n{output}"
        )
    return Run(elapsed, cpu, finished)


def _children_cpu() -> float:
    """User and system time of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interleave(
    commands: Sequence[Command], rounds: int, warmup: int = 1
) -> dict[str, Timing]:
    """Time each command once per round, all of them in every round.

    The warm-up rounds fill the operating system's caches and Python's bytecode
    caches and are not counted.
    """
    timings = {command.label: Timing(command.label) for command in commands}
    for run in range(warmup + rounds):
        for command in commands:
            measured = run_once(command, run)
            if run >= warmup:
                timings[command.label].seconds.append(measured.seconds)
                timings[command.label].cpu_seconds.append(measured.cpu_seconds)
    return timings


@dataclass(frozen=True)
class Comparison:
    """A figure next to its baseline, and the largest ratio allowed, if any."""

    subject: str
    figure: float
    baseline: str
    baseline_figure: float
    target: float | None = None
    unit: str = "s"
    note: str = ""
    # The same ratio in CPU time, which load from other processes disturbs less.
    cpu_ratio: float | None = None

    @property
    def ratio(self) -> float:
        return self.figure / self.baseline_figure

    @property
    def met(self) -> bool | None:
        """Whether the ratio is within the target; None without a target."""
        if self.target is None:
            return None
        return self.ratio <= self.target


def compare(
    timings: Mapping[str, Timing],
    subject: str,
    baseline: str,
    target: float | None = None,
    note: str = "",
) -> Comparison:
    return Comparison(
        subject=subject,
        figure=timings[subject].median,
        baseline=baseline,
        baseline_figure=timings[baseline].median,
        target=target,
        note=note,
        cpu_ratio=timings[subject].cpu_median / timings[baseline].cpu_median,
    )


def format_figure(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:,.0f} ms"
    if unit == "B":
        return f"{value / 1000:,.1f} KB"
    return f"{value:g} {unit}"


def markdown_table(
    comparisons: Sequence[Comparison], figure: str = "Median"
) -> list[str]:
    """The comparisons as the rows of a Markdown table."""
    with_cpu = any(row.cpu_ratio is not None for row in comparisons)
    cpu_header, cpu_rule = (" CPU ratio |", "--:|") if with_cpu else ("", "")
    lines = [
        f"| Measured | {figure} | Baseline | Baseline {figure.lower()} | Ratio |"
        f"{cpu_header} Target | Met |",
        f"|---|--:|---|--:|--:|{cpu_rule}--:|:-:|",
    ]
    for row in comparisons:
        target = f"≤ {row.target:g}x" if row.target is not None else "-"
        met = {True: "yes", False: "**no**", None: "-"}[row.met]
        subject = f"{row.subject} ({row.note})" if row.note else row.subject
        cpu = f" {row.cpu_ratio:.2f}x |" if row.cpu_ratio is not None else ""
        lines.append(
            f"| {subject} | {format_figure(row.figure, row.unit)} | {row.baseline} "
            f"| {format_figure(row.baseline_figure, row.unit)} | {row.ratio:.2f}x |"
            f"{cpu if with_cpu else ''} {target} | {met} |"
        )
    return lines


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "OS": _os_name(),
        "kernel": platform.release(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": " ".join(f"{load:.1f}" for load in os.getloadavg()),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def python_version(python: Path) -> str:
    answer = subprocess.run(
        [str(python), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return answer.stdout.strip()
