"""The interactive prompt, driven through a pseudo-terminal as a person would."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from support import REPO

DOWN = "\x1b[B"
CTRL_C = "\x03"
CLEAR_LINE = "\x15"


@pytest.fixture
def terminal(tmp_path: Path):
    """serverless-new started on a terminal in an empty folder."""
    sessions: list[pexpect.spawn] = []

    def start(*args: str) -> pexpect.spawn:
        """`serverless-new ARGS`, or `python -c CODE ARGS` when the first
        argument is -c."""
        command = list(args) if args[:1] == ("-c",) else ["-m", "scaffold", *args]
        child = pexpect.spawn(
            sys.executable,
            command,
            preexec_fn=default_interrupt,
            cwd=str(tmp_path),
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            encoding="utf-8",
            timeout=30,
            dimensions=(40, 140),
        )
        sessions.append(child)
        return child

    yield start
    for child in sessions:
        child.close(force=True)


def default_interrupt() -> None:
    """Ctrl-C as a terminal gives it to the programs it starts: a test run
    started in the background (`command &`) ignores SIGINT, and would hand that
    on to the tool."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect(prompt)
    child.send(keys)


def listed_choices(screen: str) -> set[str]:
    """The words that stand alone on a line of a select prompt."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", screen)
    return {line.strip(" »") for line in plain.splitlines() if line.strip(" »")}


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else -child.signalstatus


def test_every_question_is_asked_and_the_answers_are_used(terminal, tmp_path):
    child = terminal()

    answer(child, "Project name", "orders\r")
    answer(child, "One line", "\r")
    answer(child, "Lambda runtime", "\r")
    answer(child, "Instruction set", "\r")
    answer(child, "API in front", DOWN + "\r")
    answer(child, "Event sources", " " + DOWN + DOWN + " \r")
    answer(child, "Infrastructure as code", "\r")
    answer(child, "Run the functions in a VPC", "\r")
    answer(child, "tracing", "y")
    answer(child, "CloudWatch alarms", "n")
    answer(child, "Continuous integration", DOWN + "\r")

    assert finish(child) == 0
    recorded = yaml.safe_load((tmp_path / "orders" / ".copier-answers.yml").read_text())
    assert {
        key: recorded[key] for key in ("api", "events", "tracing", "alarms", "ci")
    } == {
        "api": "rest",
        "events": ["sqs", "s3"],
        "tracing": True,
        "alarms": False,
        "ci": "none",
    }


def test_a_bad_name_is_explained_and_asked_again(terminal, tmp_path):
    child = terminal("create", "--api", "none", "--events", "none")

    answer(child, "Project name", "Bad Name\r")
    child.expect("is not lowercase kebab-case")
    child.send(CLEAR_LINE + "good-name\r")
    answer(child, "One line", CTRL_C)

    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


def test_only_open_questions_are_asked(terminal, tmp_path):
    child = terminal(
        "create",
        "partial",
        "--description",
        "d",
        "--runtime",
        "python3.12",
        "--arch",
        "arm64",
        "--api",
        "http",
        "--events",
        "none",
        "--iac",
        "sam",
        "--vpc",
        "none",
        "--tracing",
        "--alarms",
    )

    answer(child, "Continuous integration", "\r")

    assert finish(child) == 0
    assert "Project name" not in child.before
    assert (tmp_path / "partial" / "template.yaml").is_file()


def test_a_cdk_project_is_offered_every_kind_of_vpc(terminal):
    child = terminal(
        "create", "offers", "--description", "d", "--runtime", "python3.13"
    )
    answer(child, "Instruction set", "\r")
    answer(child, "API in front", "\r")
    answer(child, "Event sources", "\r")
    answer(child, "Infrastructure as code", DOWN + "\r")

    answer(child, "Run the functions in a VPC", "\r")
    child.expect("tracing")
    vpc_choices = child.before
    child.send(CTRL_C)
    finish(child)

    assert {"none", "new", "existing"} <= listed_choices(vpc_choices)


def test_a_new_vpc_brings_the_nat_gateway_question(terminal, tmp_path):
    child = terminal(
        *("create", "private", "--description", "d", "--runtime", "python3.13"),
        *("--arch", "arm64", "--api", "http", "--events", "none", "--iac", "sam"),
    )

    answer(child, "Run the functions in a VPC", DOWN + "\r")
    answer(child, "A NAT gateway", "y")
    answer(child, "tracing", "n")
    answer(child, "CloudWatch alarms", "\r")
    answer(child, "Continuous integration", "\r")

    assert finish(child) == 0
    recorded = yaml.safe_load(
        (tmp_path / "private" / ".copier-answers.yml").read_text()
    )
    assert (recorded["vpc"], recorded["nat"]) == ("new", True)


def test_ctrl_c_at_the_prompt_exits_130_and_writes_nothing(terminal, tmp_path):
    child = terminal()

    answer(child, "Project name", "demo\r")
    answer(child, "One line", CTRL_C)

    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


# The tool, with Copier held up after it has written every file: Ctrl-C then
# lands in the middle of a render whatever the speed of the machine.
HELD_RENDER = """
import sys
import time

import scaffold.engine
from scaffold.cli import main

copy_template = scaffold.engine.copy_template


def held(*args, **options):
    copy_template(*args, **options)
    print("files written", file=sys.stderr, flush=True)
    time.sleep(60)


scaffold.engine.copy_template = held
sys.argv[0] = "serverless-new"
main()
"""


def test_ctrl_c_while_rendering_leaves_no_partial_project(terminal, tmp_path):
    child = terminal("-c", HELD_RENDER, "create", "demo", "--defaults")

    child.expect("Rendering demo")
    child.expect("files written")
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    child.kill(signal.SIGINT)

    assert finish(child) == 130
    assert len(written) > 10
    assert list(tmp_path.iterdir()) == []
