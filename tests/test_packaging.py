"""The wheel: it carries the templates and their history, so an installed
serverless-new creates and updates projects without a source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, unpacked where Python can import it."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(folder),
            str(REPO),
        ],
        check=True,
    )
    [wheel] = folder.glob("*.whl")
    site = folder / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def serverless_new(
    site: Path, *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "GIT_AUTHOR_NAME": "Dev",
        "GIT_AUTHOR_EMAIL": "dev@example.com",
        "GIT_COMMITTER_NAME": "Dev",
        "GIT_COMMITTER_EMAIL": "dev@example.com",
    }
    env.pop("SERVERLESS_NEW_TEMPLATE_HISTORY", None)
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_wheel_carries_templates_and_a_history_with_this_version(installed):
    template = installed / "scaffold" / "_template"
    tags = subprocess.run(
        ["git", "ls-remote", "--tags", str(template / "history.bundle")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert (template / "copier.yml").is_file()
    assert (template / "templates" / "template.yaml.jinja").is_file()
    assert (template / "partials" / "model.jinja").is_file()
    assert "refs/tags/v0.1.0" in tags


def test_an_installed_tool_creates_and_grows_a_project_offline(installed, tmp_path):
    created = serverless_new(installed, "create", "shop", "-y", "-q", cwd=tmp_path)
    project = tmp_path / "shop"
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Generated"]):
        subprocess.run(
            ["git", *step],
            cwd=project,
            check=True,
            env={
                **os.environ,
                "GIT_AUTHOR_NAME": "Dev",
                "GIT_AUTHOR_EMAIL": "d@e.com",
                "GIT_COMMITTER_NAME": "Dev",
                "GIT_COMMITTER_EMAIL": "d@e.com",
            },
        )

    updated = serverless_new(installed, "update", cwd=project)
    grown = serverless_new(installed, "add", "sns", cwd=project)

    assert created.returncode == 0, created.stderr
    assert "shop is up to date (v0.1.0)" in updated.stdout
    assert grown.returncode == 0, grown.stderr
    assert (project / "src" / "handlers" / "process_notification.py").is_file()
