"""The worker that compiles each template string once renders exactly what plain
Copier renders."""

from __future__ import annotations

import warnings
from pathlib import Path

import copier
import pytest
from jinja2 import Environment

from scaffold.engine import CopyWorker, LiteralTemplate, copy_template
from scaffold.render import template_view
from scaffold.template import Template, installed_template
from support import answers_for, files_of, key_of, template_copy

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


def render_default(template: Template, destination: Path) -> dict[str, bytes]:
    """The default project's files but the answers file, which names the
    temporary folder the template was rendered from."""
    answers = answers_for()
    with template_view(template) as view, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copy_template(str(view), destination, data=answers, defaults=True, quiet=True)
    files = files_of(destination)
    del files[".copier-answers.yml"]
    return files


@pytest.fixture
def compiled_files(monkeypatch) -> list[str]:
    """The names of the template files Jinja compiles from here on."""
    names: list[str] = []
    compile_source = Environment.compile

    def compile_and_note(self, source, name=None, *args, **kwargs):
        if name is not None:
            names.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile_and_note)
    return names


def test_a_second_render_compiles_no_template_file(
    tmp_path, monkeypatch, compiled_files
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = render_default(installed_template(), tmp_path / "first")
    compiled_first = len(compiled_files)

    second = render_default(installed_template(), tmp_path / "second")

    assert "templates/template.yaml.jinja" in compiled_files[:compiled_first]
    assert compiled_files[compiled_first:] == []
    assert second == first


def test_a_template_file_whose_source_changed_is_compiled_anew(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = template_copy(tmp_path / "template")
    render_default(template, tmp_path / "before")
    readme = template.root / "templates" / "README.md.jinja"
    readme.write_text(readme.read_text() + "A line the new version adds.\n")

    after = render_default(template, tmp_path / "after")

    assert after["README.md"].endswith(b"A line the new version adds.\n")


def test_a_cache_folder_that_cannot_be_made_only_costs_time(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder would go\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))

    files = render_default(installed_template(), tmp_path / "project")

    assert "template.yaml" in files
