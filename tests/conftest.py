"""Fixtures of the tool's tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import REPO


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliRun]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run serverless-new as a user would, in a fresh folder, without a terminal."""

    def run(*args: str, cwd: Path | None = None, stdin: str = "") -> CliRun:
        env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(REPO))
        env.pop("SERVERLESS_NEW_TEMPLATE_SOURCE", None)
        answer = subprocess.run(
            [sys.executable, "-m", "scaffold", *args],
            cwd=cwd or tmp_path,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return CliRun(answer.returncode, answer.stdout, answer.stderr)

    return run
