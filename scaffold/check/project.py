"""The project as rules see it: templates, functions, their triggers and code.

Functions and triggers come from `functions` and `triggers`; a project that
no template describes has its handlers found by scanning its sources.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from scaffold.check.code import CodeFacts, HandlerCode
from scaffold.check.files import (
    FileCache,
    ProjectFiles,
    is_conventional_template,
    walk_project,
)
from scaffold.check.functions import Function, functions_of, local_modules
from scaffold.check.loader import (
    Template,
    build_template,
    is_template_data,
    parse_template,
)
from scaffold.check.triggers import Trigger, direct_invocations, triggers_of
from scaffold.errors import InputUnreadable

log = logging.getLogger(__name__)


@dataclass
class ScannedHandler:
    """A handler found by reading sources, when no template names it."""

    facts: CodeFacts
    handler: HandlerCode
    code_files: list[Path]

    @property
    def code_dir(self) -> Path:
        return self.facts.path.parent


@dataclass
class Project:
    """Everything `check` read, ready for the rules."""

    root: Path
    files: FileCache
    walked: ProjectFiles
    templates: list[Template]
    functions: list[Function]
    triggers: list[Trigger]
    scanned: list[ScannedHandler]

    def rel(self, path: Path) -> str:
        return self.files.rel(path)

    @property
    def unsynthesized_cdk_app(self) -> bool:
        """A CDK app (cdk.json) whose template has not been synthesized."""
        return not self.templates and (self.root / "cdk.json").is_file()

    def function_code_files(self) -> list[Path]:
        """Every source a function (or a scanned handler) runs, once each."""
        seen: dict[Path, None] = {}
        for function in self.functions:
            seen.update(dict.fromkeys(function.code_files))
        for scanned in self.scanned:
            seen.update(dict.fromkeys(scanned.code_files))
        return list(seen)


def build_project(path: Path) -> Project:
    """Read the project at `path` (a folder, a template or a source file)."""
    if not path.exists():
        raise InputUnreadable(f"{path}: no such file or folder")
    path = path.resolve()
    root = path if path.is_dir() else path.parent
    files = FileCache(root)
    if path.is_dir():
        walked = walk_project(root)
    else:
        walked = ProjectFiles(root, template_candidates=[path])
        if path.suffix.lower() not in (".yaml", ".yml", ".json"):
            walked = ProjectFiles(root, sources=[path])
    files.remember_sources(walked.sources)

    templates = _load_templates(walked.template_candidates, files, explicit=path)
    functions = [
        function for template in templates for function in functions_of(template, files)
    ]
    triggers = [trigger for t in templates for trigger in triggers_of(t, functions)]
    triggers += direct_invocations(functions, triggers, files)
    scanned = [] if functions else _scan_handlers(root, walked.sources, files)
    return Project(root, files, walked, templates, functions, triggers, scanned)


def _load_templates(
    candidates: list[Path], files: FileCache, explicit: Path
) -> list[Template]:
    templates = []
    for path in candidates:
        text = files.text(path)
        if text is None:
            continue
        strict = path == explicit or is_conventional_template(path)
        if not strict and not _looks_like_template(text):
            continue
        rel = files.rel(path)
        try:
            data = parse_template(path, rel, text)
        except InputUnreadable:
            if strict or "AWSTemplateFormatVersion" in text:
                raise
            log.debug("%s: not a template", rel)
            continue
        if is_template_data(data):
            templates.append(build_template(path, rel, text, data))
    return templates


def _looks_like_template(text: str) -> bool:
    return "AWSTemplateFormatVersion" in text or (
        "Resources" in text and "AWS::" in text
    )


def _scan_handlers(
    root: Path, sources: list[Path], files: FileCache
) -> list[ScannedHandler]:
    """Handlers found by their shape, in a project no template describes."""
    found = []
    for path in sources:
        if _is_test_file(path.relative_to(root)):
            continue
        facts = files.facts(path)
        if facts is None:
            continue
        for handler in facts.handlers.values():
            if _looks_like_handler(handler, facts.language):
                modules = local_modules(path, path.parent, files)
                found.append(ScannedHandler(facts, handler, modules))
    return found


def _is_test_file(path: Path) -> bool:
    name = path.name
    return (
        any(part in ("tests", "test", "__tests__") for part in path.parts)
        or name.startswith("test_")
        or name.endswith(("_test.py", ".test.ts", ".test.js", ".spec.ts", ".spec.js"))
    )


def _looks_like_handler(handler: HandlerCode, language: str) -> bool:
    params = handler.params
    if not params or params[0].lstrip("_") not in ("event", "evt"):
        return False
    if language == "python":
        return len(params) == 2 and params[1].lstrip("_") in ("context", "ctx", "")
    return True
