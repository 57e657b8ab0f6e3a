"""Which files `check` reads: templates by name or content, never tool folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_support import FIXTURES, check, rule_ids, write_project

from scaffold.errors import InputUnreadable

GOOD = FIXTURES / "SN020-absent" / "good"
BAD_TEMPLATE = (FIXTURES / "SN020-absent" / "bad" / "template.yaml").read_text()


def _good_project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GOOD, tmp_path / "project"))


@pytest.mark.parametrize(
    "folder", ["node_modules/pkg", ".aws-sam/build", ".venv", ".git"]
)
def test_templates_in_tool_folders_are_not_read(tmp_path: Path, folder: str) -> None:
    project = _good_project(tmp_path)
    write_project(project, {f"{folder}/template.yaml": BAD_TEMPLATE})

    report = check(project)

    assert (report.templates, rule_ids(report)) == (["template.yaml"], [])


def test_a_template_is_found_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    project = _good_project(tmp_path)
    stack = BAD_TEMPLATE.replace("CodeUri: src/", "CodeUri: ../src/")
    write_project(project, {"infra/stack.yml": stack})

    report = check(project)

    assert "infra/stack.yml" in report.templates
    assert rule_ids(report) == ["SN020"]


def test_other_yaml_is_not_mistaken_for_a_template(tmp_path: Path) -> None:
    project = _good_project(tmp_path)
    write_project(
        project,
        {
            ".github/workflows/ci.yml": "on: push\njobs: {test: {runs-on: x}}\n",
            "events/event.json": '{"Records": [{"eventSource": "aws:sqs"}]}\n',
            "broken.yaml": "a: [unclosed\n",
        },
    )

    assert check(project).templates == ["template.yaml"]


def test_a_broken_conventional_template_is_unreadable(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"template.yaml": "Resources:\n  - [\n"})

    with pytest.raises(InputUnreadable, match=r"^template\.yaml:\d+: not valid YAML"):
        check(project)


def test_a_broken_file_that_declares_a_template_is_unreadable(tmp_path: Path) -> None:
    text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n'
    project = write_project(tmp_path, {"infra/stack.yaml": text})

    with pytest.raises(InputUnreadable, match=r"^infra/stack\.yaml:\d+: "):
        check(project)


def test_cdk_out_gives_only_its_stack_templates(tmp_path: Path) -> None:
    project = Path(shutil.copytree(FIXTURES / "SN040-cdk" / "good", tmp_path / "app"))
    write_project(project, {"cdk.out/tree.json": '{"tree": {"id": "App"}}\n'})

    assert check(project).templates == ["cdk.out/ThumbsStack.template.json"]


def test_a_template_file_can_be_checked_on_its_own(tmp_path: Path) -> None:
    project = _good_project(tmp_path)
    (project / "template.yaml").write_text(BAD_TEMPLATE)

    report = check(project / "template.yaml")

    assert (report.templates, rule_ids(report)) == (["template.yaml"], ["SN020"])


def test_a_source_file_can_be_checked_on_its_own() -> None:
    source = FIXTURES / "SN010-scan" / "bad" / "handlers" / "app.py"

    assert rule_ids(check(source)) == ["SN010"]


def test_a_missing_path_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputUnreadable, match="no such file or folder"):
        check(tmp_path / "nowhere")


@pytest.mark.parametrize("extension", [".mjs", ".ts", ".cjs"])
def test_node_handlers_resolve_to_any_module_extension(
    tmp_path: Path, extension: str
) -> None:
    template = (FIXTURES / "SN010-node" / "bad" / "template.yaml").read_text()
    source = (FIXTURES / "SN010-node" / "bad" / "src" / "app.js").read_text()
    project = write_project(
        tmp_path,
        {
            "template.yaml": template.replace("app.handler", "handlers/app.handler"),
            f"src/handlers/app{extension}": source,
        },
    )

    assert rule_ids(check(project)) == ["SN010"]
