"""Promises this repository makes about itself."""

from __future__ import annotations

import re
import subprocess
import sys

from support import REPO


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (REPO / "README.md").read_text())


def test_ci_runs_exactly_the_test_command_of_the_readme():
    test_command = readme_commands()[1]

    ci_script = (REPO / ".ci" / "run").read_text().splitlines()

    assert ci_script[-1] == test_command


def test_the_readme_opens_with_the_create_and_the_test_command():
    create, test = readme_commands()[:2]

    assert "serverless-new create" in create
    assert "pip install ." in create
    assert test.startswith("./scripts/bootstrap && ")


def test_the_core_imports_neither_typer_nor_questionary():
    core = [
        "scaffold.create",
        "scaffold.questions",
        "scaffold.render",
        "scaffold.template",
        "scaffold.check",
    ]
    probe = (
        "import sys\n"
        f"for name in {core!r}:\n"
        "    __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('typer', 'questionary', 'prompt_toolkit', 'copier')))"
    )

    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == "[]"
