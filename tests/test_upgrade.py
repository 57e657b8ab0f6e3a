"""serverless-new update and add: three-way merges that keep the user's edits.

A local git repository of the templates is built from the working tree at two
tags. The second tag changes a file the user also edits (elsewhere in it),
changes a line the user also changes, adds a file, removes a file the user
edited and one the user did not, renames a file the user edited, and adds a
question with a default.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import copier
import pytest
import yaml

from scaffold.history import HISTORY_VARIABLE
from support import REPO, answers_for, files_of, template_copy

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def template_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The templates at v0.1.0 (as they are) and v0.2.0 (changed)."""
    repository = tmp_path_factory.mktemp("history") / "serverless-new.git"
    template_copy(repository)
    git("init", "--quiet", "--initial-branch=main", cwd=repository)
    git("add", "--all", cwd=repository)
    git("commit", "--quiet", "-m", "v0.1.0", cwd=repository)
    git("tag", "v0.1.0", cwd=repository)

    templates = repository / "templates"
    edit(
        templates / "Makefile.jinja",
        "integration: ##",
        "smoke: ## Call the API\n\tcurl --fail $(API_URL)/items\n\nintegration: ##",
    )
    edit(
        templates / "src/lib/items.py",
        "DEFAULT_PAGE_SIZE = 25",
        "DEFAULT_PAGE_SIZE = 20",
    )
    (templates / "OPERATIONS.md.jinja").write_text("# Operating {{ project_name }}\n")
    (templates / "tests/integration/test_api.py").unlink()
    (templates / "samconfig.toml.jinja").unlink()
    (templates / "tests/unit/test_items.py").rename(
        templates / "tests/unit/test_item_rules.py"
    )
    with (repository / "copier.yml").open("a") as config:
        config.write(
            "\nowner:\n  type: str\n  help: Team that owns the service\n"
            "  default: platform-team\n"
        )
    git("add", "--all", cwd=repository)
    git("commit", "--quiet", "-m", "v0.2.0", cwd=repository)
    git("tag", "v0.2.0", cwd=repository)
    return repository


@pytest.fixture
def history(template_repository: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(HISTORY_VARIABLE, str(template_repository))
    return template_repository


def generate(repository: Path, destination: Path, version: str, **given) -> Path:
    """A project made from `repository` at `version`, committed to git."""
    copier.run_copy(
        str(repository),
        destination,
        data=answers_for(**given),
        vcs_ref=version,
        defaults=True,
        quiet=True,
    )
    git("init", "--quiet", "--initial-branch=main", cwd=destination)
    git("add", "--all", cwd=destination)
    git("commit", "--quiet", "-m", "Generated", cwd=destination)
    return destination


@pytest.fixture
def edited_project(history: Path, tmp_path: Path) -> Path:
    """A v0.1.0 project with the user's edits committed."""
    project = generate(history, tmp_path / "demo", "v0.1.0")
    edit(project / "Makefile", "# Every command", "# Our commands: every command")
    edit(
        project / "src/lib/items.py", "DEFAULT_PAGE_SIZE = 25", "DEFAULT_PAGE_SIZE = 50"
    )
    with (project / "tests/integration/test_api.py").open("a") as tests:
        tests.write("\n\ndef test_ours():\n    assert True\n")
    with (project / "tests/unit/test_items.py").open("a") as tests:
        tests.write("\n\ndef test_our_rule():\n    assert True\n")
    git("commit", "--quiet", "--all", "-m", "Our edits", cwd=project)
    return project


def cli(*args: str, cwd: Path, history: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *args],
        cwd=cwd,
        env={
            **os.environ,
            **GIT_IDENTITY,
            HISTORY_VARIABLE: str(history),
            "PYTHONPATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def updated(edited_project: Path, history: Path) -> tuple[Path, dict]:
    """The edited project after `serverless-new update --json`."""
    result = cli("update", "--json", cwd=edited_project, history=history)
    assert result.returncode == 1, result.stderr
    return edited_project, json.loads(result.stdout)


def conflict_paths(report: dict, kind: str) -> list[str]:
    return [item["path"] for item in report["conflicts"] if item["kind"] == kind]


def test_changes_in_different_places_merge_cleanly(updated):
    project, report = updated

    makefile = (project / "Makefile").read_text()

    assert "Makefile" in report["changed"]
    assert "# Our commands: every command" in makefile
    assert "smoke: ## Call the API" in makefile


def test_a_line_both_changed_is_reported_as_a_conflict(updated):
    project, report = updated

    text = (project / "src/lib/items.py").read_text()

    assert conflict_paths(report, "both changed") == ["src/lib/items.py"]
    assert "<<<<<<< before updating" in text
    assert "DEFAULT_PAGE_SIZE = 50" in text
    assert "DEFAULT_PAGE_SIZE = 20" in text


def test_an_added_file_is_created(updated):
    project, report = updated

    assert "OPERATIONS.md" in report["created"]
    assert (project / "OPERATIONS.md").read_text() == "# Operating demo\n"


def test_a_removed_file_the_user_did_not_edit_is_removed(updated):
    project, report = updated

    assert report["removed"] == ["samconfig.toml"]
    assert not (project / "samconfig.toml").exists()


def test_a_removed_file_the_user_edited_is_kept_and_reported(updated):
    project, report = updated

    kept = conflict_paths(report, "edited here, removed by the template")

    assert "tests/integration/test_api.py" in kept
    assert "def test_ours" in (project / "tests/integration/test_api.py").read_text()


def test_a_renamed_file_the_user_edited_is_kept_and_points_to_its_new_name(updated):
    project, report = updated

    [advice] = [
        item["advice"]
        for item in report["conflicts"]
        if item["path"] == "tests/unit/test_items.py"
    ]

    assert "def test_our_rule" in (project / "tests/unit/test_items.py").read_text()
    assert (project / "tests/unit/test_item_rules.py").is_file()
    assert "renamed it to tests/unit/test_item_rules.py" in advice


def test_the_new_questions_default_and_version_are_recorded(updated, history):
    project, report = updated

    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())

    assert (report["from_version"], report["to_version"]) == ("v0.1.0", "v0.2.0")
    assert recorded["_commit"] == "v0.2.0"
    assert recorded["_src_path"] == str(history)
    assert recorded["owner"] == "platform-team"


def test_the_conflicts_are_said_on_stderr_with_exit_1(edited_project, history):
    result = cli("update", cwd=edited_project, history=history)

    assert result.returncode == 1
    assert "3 conflicts need you" in result.stderr
    assert "conflict  src/lib/items.py (both changed)" in result.stdout


def test_rej_mode_leaves_the_file_alone_and_writes_the_rejected_hunk(
    edited_project, history
):
    result = cli(
        "update", "--conflict", "rej", "--json", cwd=edited_project, history=history
    )

    report = json.loads(result.stdout)
    assert "src/lib/items.py" in conflict_paths(report, "both changed")
    assert (edited_project / "src/lib/items.py.rej").is_file()
    assert "<<<<<<<" not in (edited_project / "src/lib/items.py").read_text()


def test_a_dry_run_reports_the_changes_and_changes_nothing(edited_project, history):
    head = git("rev-parse", "HEAD", cwd=edited_project)

    result = cli("update", "--dry-run", "--json", cwd=edited_project, history=history)

    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    assert "OPERATIONS.md" in report["created"]
    assert git("status", "--porcelain", cwd=edited_project) == ""
    assert git("rev-parse", "HEAD", cwd=edited_project) == head


def test_an_up_to_date_project_is_left_alone(history, tmp_path):
    project = generate(history, tmp_path / "fresh", "v0.2.0")

    result = cli("update", cwd=project, history=history)

    assert result.returncode == 0, result.stderr
    assert "fresh is up to date (v0.2.0)" in result.stdout
    assert git("status", "--porcelain", cwd=project) == ""


def test_to_picks_the_version(history, tmp_path):
    project = generate(history, tmp_path / "pinned", "v0.1.0")

    result = cli("update", "--to", "0.1.0", cwd=project, history=history)

    assert result.returncode == 0
    assert "up to date (v0.1.0)" in result.stdout


def test_plain_copier_update_gives_the_same_result_but_loses_the_edits(
    edited_project, history, tmp_path
):
    plain = tmp_path / "plain"
    git("clone", "--quiet", str(edited_project), str(plain), cwd=tmp_path)
    report = json.loads(
        cli("update", "--json", cwd=edited_project, history=history).stdout
    )

    subprocess.run(
        [
            sys.executable,
            "-m",
            "copier",
            "update",
            "--defaults",
            "--skip-answered",
            "--vcs-ref",
            "v0.2.0",
            "--quiet",
        ],
        cwd=plain,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        check=False,
    )

    ours = files_of(edited_project)
    theirs = files_of(plain)
    kept = set(conflict_paths(report, "edited here, removed by the template"))
    assert set(ours) - set(theirs) == kept
    assert set(theirs) <= set(ours)
    assert {path for path in theirs if ours[path] != theirs[path]} == set()


def test_add_merges_new_sources_into_an_edited_project(history, tmp_path):
    project = generate(history, tmp_path / "grow", "v0.2.0")
    edit(project / "template.yaml", "MemorySize: 256", "MemorySize: 512")
    edit(project / "src/handlers/get_item.py", '"""GET', '"""Our GET')
    git("commit", "--quiet", "--all", "-m", "Our edits", cwd=project)

    result = cli("add", "sqs", "s3", "--json", cwd=project, history=history)

    report = json.loads(result.stdout)
    template = (project / "template.yaml").read_text()
    assert result.returncode == 0, result.stderr
    assert report["answers"]["events"] == ["sqs", "s3"]
    assert "src/handlers/process_queue.py" in report["created"]
    assert "MemorySize: 512" in template
    assert "WorkQueue:" in template
    assert (project / "src/handlers/get_item.py").read_text().startswith('"""Our GET')


def test_adding_what_is_there_changes_nothing(history, tmp_path):
    project = generate(history, tmp_path / "same", "v0.2.0", events="sqs")

    result = cli("add", "sqs", "api", "http", "alarms", cwd=project, history=history)

    assert result.returncode == 0, result.stderr
    assert "sqs is already there" in result.stdout
    assert "api http is already there" in result.stdout
    assert "alarms are already on" in result.stdout
    assert git("status", "--porcelain", cwd=project) == ""


def test_add_takes_the_project_folder_last(history, tmp_path):
    project = generate(history, tmp_path / "elsewhere", "v0.2.0")

    result = cli(
        "add", "schedule", "elsewhere", "--json", cwd=tmp_path, history=history
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["events"] == ["schedule"]
    assert (project / "src/handlers/run_schedule.py").is_file()


@pytest.mark.parametrize(
    ("words", "problem"),
    [
        (["kafka"], "add kafka: unknown"),
        (["api", "rest"], "the project has api http; add does not replace"),
        (["api"], "add api: say which: http or rest"),
    ],
)
def test_add_refuses_what_it_cannot_do(history, tmp_path, words, problem):
    project = generate(history, tmp_path / "refuse", "v0.2.0")

    result = cli("add", *words, cwd=project, history=history)

    assert result.returncode == 2
    assert problem in result.stderr
    assert git("status", "--porcelain", cwd=project) == ""


def unchanged(project: Path, before: dict[str, bytes]) -> bool:
    return files_of(project) == before


def test_a_folder_outside_git_is_refused(history, tmp_path):
    project = generate(history, tmp_path / "nogit", "v0.1.0")
    shutil.rmtree(project / ".git")
    before = files_of(project)

    result = cli("update", cwd=project, history=history)

    assert result.returncode == 1
    assert "is not in a git repository" in result.stderr
    assert unchanged(project, before)


def test_uncommitted_changes_are_refused(history, tmp_path):
    project = generate(history, tmp_path / "dirty", "v0.1.0")
    (project / "notes.txt").write_text("work in progress")
    before = files_of(project)

    result = cli("update", cwd=project, history=history)

    assert result.returncode == 1
    assert "uncommitted changes" in result.stderr
    assert unchanged(project, before)


def test_a_project_from_a_newer_version_is_refused(history, tmp_path):
    project = generate(history, tmp_path / "newer", "v0.2.0")
    edit(project / ".copier-answers.yml", "_commit: v0.2.0", "_commit: v0.9.0")
    git("commit", "--quiet", "--all", "-m", "From the future", cwd=project)
    before = files_of(project)

    result = cli("update", cwd=project, history=history)

    assert result.returncode == 1
    assert "made with serverless-new 0.9.0, newer than this one (0.2.0)" in (
        result.stderr
    )
    assert unchanged(project, before)


def test_a_folder_this_tool_did_not_generate_is_refused(history, tmp_path):
    project = tmp_path / "foreign"
    project.mkdir()
    (project / "template.yaml").write_text("Resources: {}\n")
    git("init", "--quiet", cwd=project)
    git("add", "--all", cwd=project)
    git("commit", "--quiet", "-m", "Theirs", cwd=project)

    result = cli("update", cwd=project, history=history)

    assert result.returncode == 1
    assert "was not generated by serverless-new" in result.stderr


def test_a_template_version_that_does_not_exist_is_refused(history, tmp_path):
    project = generate(history, tmp_path / "missing", "v0.1.0")
    before = files_of(project)

    result = cli("update", "--to", "v7.0.0", cwd=project, history=history)

    assert result.returncode == 2
    assert "--to v7.0.0: no such template version; there are v0.1.0, v0.2.0" in (
        result.stderr
    )
    assert unchanged(project, before)


def test_add_turns_on_alarms_and_an_api(history, tmp_path):
    project = generate(
        history, tmp_path / "bare", "v0.2.0", api="none", events="sqs", alarms=False
    )

    result = cli("add", "api", "rest", "alarms", "--json", cwd=project, history=history)

    report = json.loads(result.stdout)
    template = (project / "template.yaml").read_text()
    assert result.returncode == 0, result.stderr
    assert (report["answers"]["api"], report["answers"]["alarms"]) == ("rest", True)
    assert "RestApi:" in template
    assert "AlarmTopic:" in template
    assert "src/handlers/get_item.py" in report["created"]


def test_a_project_made_by_create_grows_with_the_installed_history(tmp_path):
    env = {**os.environ, **GIT_IDENTITY, "PYTHONPATH": str(REPO)}
    env.pop(HISTORY_VARIABLE, None)
    subprocess.run(
        [sys.executable, "-m", "scaffold", "create", "made", "-y", "-q"],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    project = tmp_path / "made"
    git("init", "--quiet", cwd=project)
    git("add", "--all", cwd=project)
    git("commit", "--quiet", "-m", "Generated", cwd=project)

    result = subprocess.run(
        [sys.executable, "-m", "scaffold", "add", "eventbridge", "--json"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    report = json.loads(result.stdout)
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert result.returncode == 0, result.stderr
    assert "src/handlers/process_event.py" in report["created"]
    assert (
        recorded["_src_path"] == "https://github.com/serverless-new/serverless-new.git"
    )
    assert recorded["events"] == ["eventbridge"]


def test_add_builds_a_vpc_with_a_nat_gateway(history, tmp_path):
    project = generate(history, tmp_path / "private", "v0.2.0", events="s3")

    result = cli("add", "vpc", "new", "nat", "--json", cwd=project, history=history)

    report = json.loads(result.stdout)
    template = (project / "template.yaml").read_text()
    assert result.returncode == 0, result.stderr
    assert (report["answers"]["vpc"], report["answers"]["nat"]) == ("new", True)
    assert "S3GatewayEndpoint:" in template
    assert "NatGateway" in template


def test_add_puts_a_cdk_app_in_a_new_vpc(history, tmp_path):
    project = generate(history, tmp_path / "private", "v0.2.0", iac="cdk-python")

    result = cli("add", "vpc", "new", "--json", cwd=project, history=history)

    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert report["answers"]["vpc"] == "new"
    assert "infra/constructs/private_network.py" in report["created"]
    assert "PrivateNetwork(" in (project / "infra/stack.py").read_text()


def test_add_nat_without_a_new_vpc_is_refused(history, tmp_path):
    project = generate(history, tmp_path / "public", "v0.2.0")

    result = cli("add", "nat", cwd=project, history=history)

    assert result.returncode == 2
    assert "add nat: only with a new VPC" in result.stderr
