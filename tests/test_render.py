"""Where Copier renders the template from: in place for an installed wheel, from
a view outside git for a source checkout; the project is the same either way."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from scaffold.create import collect_answers, create_project
from scaffold.render import template_view
from scaffold.template import Template
from support import REPO


def template_copy(folder: Path, as_checkout: bool) -> Template:
    folder.mkdir()
    shutil.copy2(REPO / "copier.yml", folder / "copier.yml")
    for name in ("templates", "partials"):
        ignore = shutil.ignore_patterns("__pycache__", "*.py[co]")
        shutil.copytree(REPO / name, folder / name, ignore=ignore)
    if as_checkout:
        subprocess.run(["git", "init", "--quiet", str(folder)], check=True)
    return Template(root=folder, version="0.1.0")


def files_of(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


def test_an_installed_template_is_rendered_where_it_lies(tmp_path):
    installed = template_copy(tmp_path / "installed", as_checkout=False)

    with template_view(installed) as view:
        assert view == installed.root


def test_a_checkout_is_rendered_from_a_view_outside_git(tmp_path):
    checkout = template_copy(tmp_path / "checkout", as_checkout=True)

    with template_view(checkout) as view:
        assert view != checkout.root
        assert not (view / ".git").exists()
        assert (view / "partials" / "model.jinja").read_bytes() == (
            checkout.root / "partials" / "model.jinja"
        ).read_bytes()
    assert not view.exists()


def test_installed_and_checkout_templates_render_the_same_project(tmp_path):
    installed = template_copy(tmp_path / "installed", as_checkout=False)
    checkout = template_copy(tmp_path / "checkout", as_checkout=True)
    given = {"project_name": "orders", "events": "sqs,s3", "tracing": True}
    answers = collect_answers(installed, given, use_defaults=True, ask=None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    create_project(installed, answers, tmp_path / "a")
    create_project(checkout, answers, tmp_path / "b")

    assert files_of(tmp_path / "a" / "orders") == files_of(tmp_path / "b" / "orders")
