"""Copier's worker, made to compile each template string once.

Copier compiles every path part, every exclusion and the answers file's name
anew for each file it renders: about a thousand Jinja compilations for one
project, two thirds of a copy's time. The same strings come back for every
file, so the worker here compiles each once and reuses it, and a string with no
Jinja markup in it (most path parts) is not compiled at all: it renders as
itself. A fresh copy also skips Copier's per-file look at a git index that
holds none of its files.

Imported only when rendering: importing Copier takes most of a second.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Any

from copier._main import Worker
from jinja2.sandbox import SandboxedEnvironment


class LiteralTemplate:
    """What a string without Jinja markup compiles to: itself."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args: Any, **context: Any) -> str:
        return self.text


class TemplateWorker(Worker):
    """A Copier worker whose Jinja environment compiles each string once."""

    @cached_property
    def jinja_env(self) -> SandboxedEnvironment:
        make_environment = Worker.jinja_env.func  # type: ignore[attr-defined]
        environment: SandboxedEnvironment = make_environment(self)
        markers = [
            marker
            for marker in (
                environment.block_start_string,
                environment.variable_start_string,
                environment.comment_start_string,
                environment.line_statement_prefix,
                environment.line_comment_prefix,
            )
            if marker
        ]

        @cache
        def compile_once(source: str) -> Any:
            if not any(marker in source for marker in markers):
                return LiteralTemplate(source)
            return SandboxedEnvironment.from_string(environment, source)

        def from_string(
            source: str, globals: Any = None, template_class: Any = None
        ) -> Any:
            if globals is None and template_class is None:
                return compile_once(source)
            return SandboxedEnvironment.from_string(
                environment, source, globals, template_class
            )

        environment.from_string = from_string  # type: ignore[method-assign]
        return environment


class CopyWorker(TemplateWorker):
    """A worker for a copy into a new folder, which no git index tracks yet."""

    def _sync_git_index_executable_bit(self, dst_relpath: Path, src_mode: int) -> None:
        return None


def copy_template(source: str, destination: Path | str, **options: Any) -> None:
    """`copier copy` from `source` into `destination`, with Copier's options."""
    with CopyWorker(src_path=source, dst_path=Path(destination), **options) as worker:
        worker.run_copy()


def update_project(project: Path, **options: Any) -> None:
    """`copier update` of `project`, with Copier's options."""
    with TemplateWorker(dst_path=project, **options) as worker:
        worker.run_update()
