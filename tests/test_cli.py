"""serverless-new create and the bare command, driven as a script would drive them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from scaffold import __version__
from support import REPO


def files_under(folder: Path) -> list[str]:
    """Every file and folder below `folder`, relative to it."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def regular_files_under(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
    )


def test_version_is_printed(run_cli):
    result = run_cli("--version")

    assert (result.code, result.stdout.strip()) == (0, f"serverless-new {__version__}")


def test_help_lists_the_commands(run_cli):
    result = run_cli("--help")

    assert result.code == 0
    for command in ("create", "check"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE)


def test_create_with_defaults_writes_the_project(run_cli, tmp_path):
    result = run_cli("create", "demo", "--defaults")

    assert result.code == 0, result.stderr
    assert (tmp_path / "demo" / "template.yaml").is_file()
    assert "Created demo" in result.stdout


def test_json_output_is_one_document_describing_the_project(run_cli, tmp_path):
    result = run_cli("create", "demo", "-y", "--json", "--api", "rest")

    document = json.loads(result.stdout)
    assert result.code == 0
    assert document["command"] == "create"
    assert document["path"] == str(tmp_path / "demo")
    assert document["answers"]["api"] == "rest"
    assert document["files"] == regular_files_under(tmp_path / "demo")


def test_dry_run_lists_the_files_and_writes_nothing(run_cli, tmp_path):
    result = run_cli("create", "demo", "-y", "--dry-run")

    listed = [line.removeprefix("would create ") for line in result.stdout.split("\n")]
    assert result.code == 0
    assert f"{tmp_path}/demo/template.yaml" in listed
    assert files_under(tmp_path) == []


def test_dry_run_json_reports_the_same_files_as_a_real_run(run_cli, tmp_path):
    dry = json.loads(run_cli("create", "demo", "-y", "--dry-run", "--json").stdout)
    real = json.loads(run_cli("create", "demo", "-y", "--json").stdout)

    assert dry["dry_run"] is True
    assert dry["files"] == real["files"]


def test_quiet_prints_nothing_on_success(run_cli):
    result = run_cli("create", "demo", "-y", "-q")

    assert (result.code, result.stdout, result.stderr) == (0, "", "")


def test_output_folder_holds_the_project(run_cli, tmp_path):
    (tmp_path / "services").mkdir()

    result = run_cli("create", "demo", "-y", "-o", "services")

    assert result.code == 0
    assert (tmp_path / "services" / "demo" / "template.yaml").is_file()


def test_a_missing_output_folder_is_refused(run_cli, tmp_path):
    result = run_cli("create", "demo", "-y", "-o", "nowhere")

    assert result.code == 1
    assert "nowhere" in result.stderr
    assert files_under(tmp_path) == []


@pytest.mark.parametrize(
    "name",
    [
        "Demo",
        "my service",
        "1demo",
        "-demo",
        "demo-",
        "my--service",
        "my_service",
        "a/b",
        "../escape",
        "",
        "x" * 41,
    ],
)
def test_a_bad_name_is_refused_with_one_line_and_exit_2(run_cli, tmp_path, name):
    result = run_cli("create", "-y", "--", name)

    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: NAME: ")
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == []
    assert files_under(tmp_path.parent / "escape") == []


def test_a_name_of_40_characters_is_accepted(run_cli, tmp_path):
    name = "a" + "-b" * 19 + "c"

    result = run_cli("create", name, "-y", "--dry-run")

    assert (len(name), result.code) == (40, 0)


@pytest.mark.parametrize(
    ("flag", "value", "valid"),
    [
        ("--runtime", "python2.7", "python3.13, python3.12, nodejs22.x"),
        ("--arch", "sparc", "arm64, x86_64"),
        ("--api", "graphql", "http, rest, none"),
        ("--iac", "terraform", "sam, cdk-python, cdk-typescript"),
        ("--vpc", "maybe", "none, new, existing"),
        ("--ci", "jenkins", "github, none"),
    ],
)
def test_an_unknown_choice_is_refused_with_the_valid_ones(
    run_cli, tmp_path, flag, value, valid
):
    result = run_cli("create", "demo", "-y", flag, value)

    assert result.code == 2
    assert f"{flag}: '{value}' is not one of {valid}" in result.stderr
    assert files_under(tmp_path) == []


@pytest.mark.parametrize(
    ("events", "problem"),
    [
        ("sqs,kafka", "unknown name 'kafka'"),
        ("sqs,s3,sqs", "'sqs' is given twice"),
        ("none,sqs", "'none' cannot be mixed with names"),
    ],
)
def test_bad_event_lists_are_refused_with_the_valid_names(
    run_cli, tmp_path, events, problem
):
    result = run_cli("create", "demo", "-y", "--events", events)

    assert result.code == 2
    assert problem in result.stderr
    assert "sqs, dynamodb-stream, s3, sns, eventbridge, schedule" in result.stderr
    assert files_under(tmp_path) == []


def test_events_none_means_no_event_source(run_cli, tmp_path):
    result = run_cli("create", "demo", "-y", "--events", "none", "--json")

    assert json.loads(result.stdout)["answers"]["events"] == []


@pytest.mark.parametrize(
    ("iac", "network"),
    [
        ("cdk-python", "infra/constructs/private_network.py"),
        ("cdk-typescript", "lib/constructs/private-network.ts"),
    ],
)
def test_a_cdk_project_gets_its_network_in_a_construct(run_cli, iac, network):
    result = run_cli("create", "demo", "-y", "--iac", iac, "--vpc", "new", "--json")

    assert result.code == 0, result.stderr
    assert network in json.loads(result.stdout)["files"]


def test_a_new_vpc_takes_a_nat_gateway_when_asked(run_cli):
    result = run_cli("create", "demo", "-y", "--vpc", "new", "--nat", "--json")

    assert result.code == 0, result.stderr
    answers = json.loads(result.stdout)["answers"]
    assert (answers["vpc"], answers["nat"]) == ("new", True)


def test_a_nat_gateway_without_a_new_vpc_is_refused(run_cli, tmp_path):
    result = run_cli("create", "demo", "-y", "--vpc", "existing", "--nat")

    assert result.code == 2
    assert result.stderr == "error: --nat/--no-nat: applies only when vpc == 'new'\n"
    assert files_under(tmp_path) == []


def test_an_unknown_flag_is_one_line_and_exit_2(run_cli):
    result = run_cli("create", "demo", "--colour", "red")

    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "--colour" in result.stderr


def test_a_non_empty_destination_is_refused_and_left_untouched(run_cli, tmp_path):
    existing = tmp_path / "demo" / "notes.txt"
    existing.parent.mkdir()
    existing.write_text("mine")

    result = run_cli("create", "demo", "-y")

    assert result.code == 1
    assert "exists and is not empty" in result.stderr
    assert files_under(tmp_path) == ["demo", "demo/notes.txt"]
    assert existing.read_text() == "mine"


def test_a_destination_that_is_a_file_is_refused(run_cli, tmp_path):
    (tmp_path / "demo").write_text("a file")

    result = run_cli("create", "demo", "-y")

    assert result.code == 1
    assert "is not a folder" in result.stderr
    assert (tmp_path / "demo").read_text() == "a file"


def test_an_empty_destination_folder_is_filled(run_cli, tmp_path):
    (tmp_path / "demo").mkdir()

    result = run_cli("create", "demo", "-y")

    assert result.code == 0
    assert (tmp_path / "demo" / "template.yaml").is_file()


def test_without_a_terminal_missing_answers_name_their_flags(run_cli, tmp_path):
    result = run_cli("create", "demo", "--api", "http")

    assert result.code == 2
    assert "--runtime" in result.stderr
    assert "--tracing/--no-tracing" in result.stderr
    assert "--api" not in result.stderr
    assert files_under(tmp_path) == []


def test_without_a_terminal_every_flag_given_is_enough(run_cli, tmp_path):
    result = run_cli(
        "create",
        "demo",
        "--description",
        "Orders",
        "--runtime",
        "python3.12",
        "--arch",
        "x86_64",
        "--api",
        "none",
        "--events",
        "sqs",
        "--iac",
        "sam",
        "--vpc",
        "none",
        "--no-tracing",
        "--no-alarms",
        "--ci",
        "none",
    )

    assert result.code == 0, result.stderr
    recorded = yaml.safe_load((tmp_path / "demo" / ".copier-answers.yml").read_text())
    assert recorded["runtime"] == "python3.12"
    assert recorded["events"] == ["sqs"]


def test_the_bare_command_without_a_terminal_says_how_to_script_it(run_cli):
    result = run_cli()

    assert result.code == 2
    assert "serverless-new create NAME --defaults" in result.stderr


def test_the_data_file_answers_and_flags_win_over_it(run_cli, tmp_path):
    (tmp_path / "answers.yml").write_text(
        "project_name: from-file\napi: rest\nevents: [sqs, s3]\ntracing: true\n"
    )

    result = run_cli("create", "-y", "--data-file", "answers.yml", "--api", "none")

    recorded = yaml.safe_load(
        (tmp_path / "from-file" / ".copier-answers.yml").read_text()
    )
    assert result.code == 0, result.stderr
    assert (recorded["api"], recorded["events"], recorded["tracing"]) == (
        "none",
        ["sqs", "s3"],
        True,
    )


def test_a_json_data_file_is_read(run_cli, tmp_path):
    (tmp_path / "answers.json").write_text(
        '{"project_name": "json-one", "arch": "x86_64"}'
    )

    result = run_cli("create", "-y", "--data-file", "answers.json")

    assert result.code == 0, result.stderr
    assert (tmp_path / "json-one" / "template.yaml").is_file()


def test_an_answers_file_of_another_project_can_seed_a_new_one(run_cli, tmp_path):
    run_cli("create", "first", "-y", "--api", "rest")

    result = run_cli(
        "create", "second", "-y", "--data-file", "first/.copier-answers.yml"
    )

    recorded = yaml.safe_load((tmp_path / "second" / ".copier-answers.yml").read_text())
    assert result.code == 0, result.stderr
    assert (recorded["project_name"], recorded["api"]) == ("second", "rest")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        ("api: [unclosed", "not valid YAML or JSON at line 1"),
        ("- a list\n- of things\n", "expected a mapping of answers"),
        ("colour: red\n", "unknown question 'colour'"),
        ("api: graphql\n", "'graphql' is not one of http, rest, none"),
    ],
)
def test_a_bad_data_file_is_refused_with_exit_2(run_cli, tmp_path, content, problem):
    if content is not None:
        (tmp_path / "answers.yml").write_text(content)

    result = run_cli("create", "demo", "-y", "--data-file", "answers.yml")

    assert result.code == 2
    assert problem in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "demo").exists()


def test_an_unreadable_data_file_is_refused(run_cli, tmp_path):
    (tmp_path / "answers.yml").mkdir()

    result = run_cli("create", "demo", "-y", "--data-file", "answers.yml")

    assert result.code == 2
    assert "cannot read it" in result.stderr


def test_verbose_shows_the_traceback_of_a_refusal(run_cli):
    result = run_cli("create", "Bad", "-y", "-v")

    assert result.code == 2
    assert "Traceback" in result.stderr


def test_every_question_has_its_flag_with_its_choices_in_the_help(run_cli):
    questions = yaml.safe_load((REPO / "copier.yml").read_text())
    help_text = " ".join(run_cli("create", "--help").stdout.split())

    for name, spec in questions.items():
        if name.startswith("_"):
            continue
        if name == "project_name":
            assert "NAME" in help_text
            continue
        flag = "--" + name.replace("_", "-")
        assert flag in help_text, flag
        if spec.get("type") == "bool":
            assert f"--no-{name}" in help_text
        for choice in spec.get("choices", []):
            assert choice in help_text, (flag, choice)
