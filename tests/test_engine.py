"""The worker that compiles each template string once renders exactly what plain
Copier renders."""

from __future__ import annotations

import warnings
from pathlib import Path

import copier
import pytest

from scaffold.engine import CopyWorker, LiteralTemplate, copy_template
from scaffold.render import template_view
from scaffold.template import installed_template
from support import answers_for, key_of

ANSWER_SETS = [
    answers_for(),
    answers_for(
        api="rest",
        events="sqs,dynamodb-stream,s3,sns,eventbridge,schedule",
        tracing=True,
        ci="none",
    ),
    answers_for(runtime="nodejs22.x", iac="cdk-typescript", vpc="new", nat=True),
    answers_for(iac="cdk-python", api="none", alarms=False, vpc="existing"),
]


def files_of(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=key_of)
def test_the_engine_renders_the_same_files_as_plain_copier(answers, tmp_path):
    template = installed_template()
    options = {"data": answers, "defaults": True, "quiet": True, "skip_tasks": True}

    with template_view(template) as view, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copy_template(str(view), tmp_path / "engine", **options)
        copier.run_copy(str(view), tmp_path / "copier", **options)

    assert files_of(tmp_path / "engine") == files_of(tmp_path / "copier")


@pytest.fixture
def environment(tmp_path):
    with template_view(installed_template()) as view:
        yield CopyWorker(src_path=str(view), dst_path=tmp_path).jinja_env


def test_a_string_without_markup_renders_as_itself_uncompiled(environment):
    template = environment.from_string("create_item.py")

    assert isinstance(template, LiteralTemplate)
    assert template.render(api="http") == "create_item.py"


def test_a_string_with_markup_is_compiled_once_and_rendered(environment):
    first = environment.from_string("{{ project_name }}.md")
    second = environment.from_string("{{ project_name }}.md")

    assert first is second
    assert first.render(project_name="orders") == "orders.md"


@pytest.mark.parametrize("source", ["{% if x %}a{% endif %}", "{# note #}b"])
def test_blocks_and_comments_count_as_markup(environment, source):
    assert not isinstance(environment.from_string(source), LiteralTemplate)
