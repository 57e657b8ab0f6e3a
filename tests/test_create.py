"""The create core: complete answers in, a whole project or nothing out."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import scaffold.create
from scaffold import __version__
from scaffold.create import collect_answers, create_project
from scaffold.errors import DestinationError, MissingAnswer, UsageError
from scaffold.template import SOURCE_VARIABLE, installed_template
from support import answers_for


@pytest.fixture
def template():
    return installed_template()


def test_defaults_fill_every_question(template):
    answers = collect_answers(template, {"project_name": "demo"}, True, None)

    assert answers == {
        "project_name": "demo",
        "description": "A serverless service on AWS",
        "runtime": "python3.13",
        "arch": "arm64",
        "api": "http",
        "events": [],
        "iac": "sam",
        "vpc": "none",
        "tracing": False,
        "alarms": True,
        "ci": "github",
    }


def test_events_are_kept_in_the_order_of_copier_yml(template):
    answers = collect_answers(
        template, {"project_name": "demo", "events": "schedule,sqs"}, True, None
    )

    assert answers["events"] == ["sqs", "schedule"]


def test_open_questions_go_to_the_asker_with_their_default(template):
    asked = []

    def ask(question, default, validate):
        asked.append((question.name, default))
        return default

    collect_answers(template, {"project_name": "demo", "api": "rest"}, False, ask)

    assert [name for name, _ in asked][:2] == ["description", "runtime"]
    assert ("api", "http") not in asked
    assert ("runtime", "python3.13") in asked


def test_the_askers_validator_reports_a_bad_name(template):
    problems = []

    def ask(question, default, validate):
        problems.append(validate("Not Kebab"))
        return "fine-name" if question.name == "project_name" else default

    collect_answers(template, {}, False, ask)

    assert "is not lowercase kebab-case" in problems[0]


def test_every_runtime_of_copier_yml_is_available(template):
    runtimes = template.questionnaire["runtime"].choices

    answers = [
        collect_answers(
            template, {"project_name": "demo", "runtime": runtime}, True, None
        )
        for runtime in runtimes
    ]

    assert [answer["runtime"] for answer in answers] == list(runtimes)
    assert "nodejs22.x" in runtimes


def test_a_choice_not_built_yet_is_refused_with_its_flag(template, monkeypatch):
    monkeypatch.setattr(
        scaffold.create, "UNAVAILABLE", {"runtime": frozenset({"python3.12"})}
    )

    with pytest.raises(UsageError, match=r"^--runtime python3\.12: not available yet"):
        collect_answers(
            template, {"project_name": "demo", "runtime": "python3.12"}, True, None
        )


def test_a_choice_not_built_yet_is_not_offered_to_the_asker(template, monkeypatch):
    monkeypatch.setattr(
        scaffold.create, "UNAVAILABLE", {"runtime": frozenset({"python3.12"})}
    )
    offered = {}

    def ask(question, default, validate):
        offered[question.name] = question.choices
        return default

    collect_answers(template, {"project_name": "demo"}, False, ask)

    assert "python3.12" not in offered["runtime"]
    assert {"python3.13", "nodejs22.x"} <= set(offered["runtime"])


def test_without_an_asker_every_missing_answer_is_named(template):
    with pytest.raises(MissingAnswer) as refusal:
        collect_answers(template, {"project_name": "demo", "api": "http"}, False, None)

    assert "--description" in str(refusal.value)
    assert "--ci" in str(refusal.value)


def test_the_answers_file_records_the_template_version_and_source(
    tmp_path, monkeypatch, template
):
    monkeypatch.setenv(SOURCE_VARIABLE, "/srv/mirror/serverless-new.git")

    create_project(template, answers_for(), tmp_path)

    recorded = yaml.safe_load((tmp_path / "demo" / ".copier-answers.yml").read_text())
    assert recorded["_commit"] == f"v{__version__}"
    assert recorded["_src_path"] == "/srv/mirror/serverless-new.git"
    assert recorded["api"] == "http"


def test_a_failing_render_leaves_nothing_behind(tmp_path, monkeypatch, template):
    def render_half_then_fail(template, answers, destination: Path):
        (destination / "template.yaml").write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(scaffold.create, "render_into", render_half_then_fail)

    with pytest.raises(RuntimeError):
        create_project(template, answers_for(), tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_render_leaves_nothing_behind(tmp_path, monkeypatch, template):
    def render_half_then_interrupt(template, answers, destination: Path):
        (destination / "template.yaml").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(scaffold.create, "render_into", render_half_then_interrupt)

    with pytest.raises(KeyboardInterrupt):
        create_project(template, answers_for(), tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_a_folder_filled_during_the_render_is_not_overwritten(
    tmp_path, monkeypatch, template
):
    real_render = scaffold.create.render_into

    def render_while_someone_writes(template, answers, destination: Path):
        real_render(template, answers, destination)
        (tmp_path / "demo").mkdir()
        (tmp_path / "demo" / "theirs.txt").write_text("theirs")

    monkeypatch.setattr(scaffold.create, "render_into", render_while_someone_writes)

    with pytest.raises(DestinationError):
        create_project(template, answers_for(), tmp_path)

    assert [path.name for path in tmp_path.iterdir()] == ["demo"]
    assert (tmp_path / "demo" / "theirs.txt").read_text() == "theirs"


def test_a_dry_run_renders_outside_the_destination(tmp_path, template):
    result = create_project(template, answers_for(), tmp_path, dry_run=True)

    assert "template.yaml" in result.files
    assert list(tmp_path.iterdir()) == []
