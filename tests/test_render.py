"""Where Copier renders the template from: in place for an installed wheel, from
a view outside git for a source checkout; the project is the same either way."""

from __future__ import annotations

from scaffold.create import collect_answers, create_project
from scaffold.render import template_view
from support import files_of, template_copy


def test_an_installed_template_is_rendered_where_it_lies(tmp_path):
    installed = template_copy(tmp_path / "installed")

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
    installed = template_copy(tmp_path / "installed")
    checkout = template_copy(tmp_path / "checkout", as_checkout=True)
    given = {"project_name": "orders", "events": "sqs,s3", "tracing": True}
    answers = collect_answers(installed, given, use_defaults=True, ask=None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    create_project(installed, answers, tmp_path / "a")
    create_project(checkout, answers, tmp_path / "b")

    assert files_of(tmp_path / "a" / "orders") == files_of(tmp_path / "b" / "orders")
