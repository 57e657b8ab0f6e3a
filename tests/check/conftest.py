"""Fixtures of the tests of `serverless-new check`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from check_support import CheckRun

from scaffold.cli import main

CheckCli = Callable[..., CheckRun]


@pytest.fixture
def check_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> CheckCli:
    """The console entry point, run in-process as `serverless-new ARGS`.

    In-process keeps the hundred-odd CLI runs fast; the few tests that need a
    real terminal or a real process start `serverless-new` themselves.
    """

    def run(*args: str | Path) -> CheckRun:
        monkeypatch.setattr(sys, "argv", ["serverless-new", *map(str, args)])
        monkeypatch.delenv("NO_COLOR", raising=False)
        with pytest.raises(SystemExit) as stopped:
            main()
        captured = capsys.readouterr()
        return CheckRun(int(stopped.value.code or 0), captured.out, captured.err)

    return run
