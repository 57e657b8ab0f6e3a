"""Copier's worker, made to compile each template string once.

Copier compiles every path part, every exclusion and the answers file's name
anew for each file it renders: about a thousand Jinja compilations for one
project, two thirds of a copy's time. The same strings come back for every
file, so the worker here compiles each once and reuses it, and a string with no
Jinja markup in it (most path parts) is neither compiled nor given a rendering
context: it renders as itself. The template files themselves are compiled once
per content: Jinja keeps their compiled code in a cache folder of the user's,
where a later run finds it. A fresh copy also skips Copier's per-file look at
a git index that holds none of its files.

Imported only when rendering: importing Copier takes most of a second.
"""

from __future__ import annotations

import logging
import os
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from copier._main import Worker
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.sandbox import SandboxedEnvironment

log = logging.getLogger(__name__)


class LiteralTemplate:
    """What a string without Jinja markup compiles to: itself."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args: Any, **context: Any) -> str:
        return self.text


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which a read-only or full disk only
    makes slower: it never stops a render.

    A template is known by its name in the template and the settings that shape
    its code, not by its path on disk: a source checkout renders from a new
    temporary folder each time. Jinja recompiles a template whose source changed
    (it keeps a checksum of the source with the code).
    """

    def __init__(self, directory: str, settings: str) -> None:
        super().__init__(directory)
        self.settings = settings

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.settings}|{name}")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as problem:
            log.debug("compiled template not read: %s", problem)

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as problem:
            log.debug("compiled template not kept: %s", problem)


def compiled_templates(environment: SandboxedEnvironment) -> CompiledTemplates | None:
    """The cache of `environment`'s compiled templates in the user's cache
    folder, or None when it cannot be made."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(root) / "serverless-new" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        log.debug("no cache of compiled templates: %s", problem)
        return None
    return CompiledTemplates(str(folder), _code_settings(environment))


def _code_settings(environment: SandboxedEnvironment) -> str:
    """What besides the source decides the code Jinja compiles a template to."""
    settings = [
        type(environment).__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.autoescape,
        environment.undefined.__qualname__,
        sorted(environment.extensions),
    ]
    return repr(settings)


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
        environment.bytecode_cache = compiled_templates(environment)
        return environment

    @property
    def answers_relpath(self) -> Path:
        name = str(self.answers_file or self.template.answers_relpath)
        if isinstance(self.jinja_env.from_string(name), LiteralTemplate):
            return Path(name)
        return super().answers_relpath

    def _render_string(
        self, string: str, extra_context: dict[str, Any] | None = None
    ) -> str:
        template = self.jinja_env.from_string(string)
        if isinstance(template, LiteralTemplate):
            return template.text
        return super()._render_string(string, extra_context)


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
