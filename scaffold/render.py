"""Rendering the template with Copier.

Copier is imported inside the functions (through scaffold.engine): it takes
most of a second to import, and `--help`, `--version` and `check` never need it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from scaffold.questions import Answers
from scaffold.template import Template

log = logging.getLogger(__name__)

ANSWERS_FILE = ".copier-answers.yml"
# templates/ is what Copier renders; partials/ holds the pieces it includes.
TEMPLATE_FOLDERS = ("templates", "partials")


@contextmanager
def template_view(template: Template) -> Iterator[Path]:
    """The folder Copier renders `template` from.

    Copier takes a folder at the root of a git repository for a repository: it
    would clone it and render its latest tag, not these files. An installed
    wheel's template is no such root and is rendered where it lies. A source
    checkout is one, so Copier renders a view of its template outside any
    repository, made of hard links where the file system allows (copying the
    files took 0.2 to 0.4 s on this project's machines, linking them a third
    of that).
    """
    if not (template.root / ".git").exists():
        yield template.root
        return
    with tempfile.TemporaryDirectory(prefix="serverless-new-template.") as folder:
        view = Path(folder)
        _link_or_copy(template.root / "copier.yml", view / "copier.yml")
        for folder_name in TEMPLATE_FOLDERS:
            shutil.copytree(
                template.root / folder_name,
                view / folder_name,
                ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"),
                copy_function=_link_or_copy,
            )
        yield view


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    # Copier only reads the view, so a link serves as well as a copy; links
    # fail across file systems (a temp folder on tmpfs), where a copy does.
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def render_into(template: Template, answers: Answers, destination: Path) -> None:
    """Render the project for `answers` into the existing, empty `destination`."""
    from scaffold.engine import copy_template

    log.debug("rendering %s into %s", template.root, destination)
    with template_view(template) as view, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copy_template(
            str(view),
            destination,
            data=answers,
            defaults=True,
            overwrite=False,
            quiet=True,
            unsafe=False,
            skip_tasks=True,
        )
    record_origin(destination / ANSWERS_FILE, template)


def record_origin(answers_path: Path, template: Template) -> None:
    """Write where the template came from and its version into the answers file.

    Copier recorded the temporary folder it rendered from; `copier update` needs
    the template's history instead: its repository and the tag of this version.
    """
    text = answers_path.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line[:1] == "#")
    recorded = yaml.safe_load(text) or {}
    recorded["_commit"] = template.ref
    recorded["_src_path"] = template.source
    body = yaml.safe_dump(dict(sorted(recorded.items())), sort_keys=False)
    answers_path.write_text(header + body, encoding="utf-8")


def list_files(root: Path) -> list[str]:
    """Every file below `root`, as sorted POSIX paths relative to it."""
    found = []
    for folder, _subfolders, files in os.walk(root):
        for name in files:
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(found)
