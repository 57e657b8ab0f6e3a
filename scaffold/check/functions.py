"""Lambda functions of a template, and the source each one runs.

SAM functions get their Globals merged in. Each function is tied to its
handler source (from CodeUri or a CDK asset, and Handler), and from there to
the project modules the handler imports, transitively.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.check.code import HandlerCode
from scaffold.check.files import CDK_OUT, FileCache
from scaffold.check.intrinsics import ref_target
from scaffold.check.loader import Resource, Template

SAM_FUNCTION = "AWS::Serverless::Function"
LAMBDA_FUNCTION = "AWS::Lambda::Function"
NODE_EXTENSIONS = (".ts", ".mts", ".js", ".mjs", ".cjs", ".cts")
MOST_MODULES_PER_FUNCTION = 200
_CDK_SINGLETON = re.compile(r"[A-Za-z]+[0-9a-f]{32}([0-9A-F]{8})?")
_CDK_FRAMEWORK_PARTS = ("Custom::", "framework-on", "CustomResourceProvider")


@dataclass
class Function:
    """A Lambda function and where its code is."""

    template: Template
    resource: Resource
    props: dict[str, Any]
    runtime: str | None = None
    code_dir: Path | None = None
    handler_file: Path | None = None
    handler: HandlerCode | None = None
    code_files: list[Path] = field(default_factory=list)
    # A local code folder is named, but the handler's source is not in it.
    code_missing: bool = False

    @property
    def id(self) -> str:
        return self.resource.logical_id

    @property
    def is_sam(self) -> bool:
        return self.resource.type == SAM_FUNCTION

    @property
    def language(self) -> str | None:
        runtime = self.runtime or ""
        if runtime.startswith("python"):
            return "python"
        if runtime.startswith("nodejs"):
            return "node"
        return None

    def line_of(self, *keys: str) -> int:
        """Where a property is set: on the function, else in SAM Globals."""
        if keys and keys[0] in self.resource.properties:
            return self.resource.line_of(*keys)
        if self.is_sam and keys and keys[0] in self.template.function_globals:
            return self.template.globals_line(keys[0])
        return self.resource.line


def functions_of(template: Template, files: FileCache) -> Iterator[Function]:
    for resource in template.of_type(SAM_FUNCTION, LAMBDA_FUNCTION):
        if resource.type == LAMBDA_FUNCTION and _is_cdk_framework(resource):
            continue
        props = resource.properties
        if resource.type == SAM_FUNCTION:
            props = _merge_globals(template.function_globals, props)
        runtime = props.get("Runtime")
        function = Function(
            template, resource, props, runtime if isinstance(runtime, str) else None
        )
        _attach_code(function, files)
        yield function


def _is_cdk_framework(resource: Resource) -> bool:
    """Functions CDK adds for itself (custom resource providers, log retention)."""
    cdk_path = str(resource.metadata.get("aws:cdk:path", ""))
    parts = [*cdk_path.split("/"), resource.logical_id]
    return any(
        _CDK_SINGLETON.fullmatch(part)
        or any(marker in part for marker in _CDK_FRAMEWORK_PARTS)
        for part in parts
    )


def _merge_globals(globals_: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    """SAM's Globals rule: the function wins; maps merge, lists add up."""
    merged = dict(globals_)
    for key, value in props.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged[key] = _merge_globals(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            merged[key] = current + value
        else:
            merged[key] = value
    return merged


def _attach_code(function: Function, files: FileCache) -> None:
    code_dir = _code_dir(function)
    function.code_dir = code_dir
    handler = function.props.get("Handler")
    if code_dir is None or not isinstance(handler, str) or "." not in handler:
        return
    module, _, name = handler.rpartition(".")
    language = function.language or _guess_language(code_dir, module)
    if language is None:
        return
    if function.runtime is None:
        function.runtime = "python" if language == "python" else "nodejs"
    found = _handler_source(function, code_dir, module, language)
    facts = files.facts(found) if found else None
    if found is None or facts is None:
        function.code_missing = True
        return
    function.handler_file = found
    function.handler = facts.handlers.get(name)
    function.code_files = local_modules(found, code_dir, files)


def _code_dir(function: Function) -> Path | None:
    """The local folder of a function's code; None for inline, image or S3 code."""
    props = function.props
    base = function.template.path.parent
    if props.get("PackageType") == "Image" or "InlineCode" in props:
        return None
    asset = function.resource.metadata.get("aws:asset:path")
    if isinstance(asset, str) and CDK_OUT in function.template.path.parts:
        return base / asset
    location = props.get("CodeUri") if function.is_sam else props.get("Code")
    if location is None:
        return base if function.is_sam else None
    if not isinstance(location, str) or location.startswith("s3://"):
        return None
    return base / location


def _guess_language(code_dir: Path, module: str) -> str | None:
    if (code_dir / (module.replace(".", "/") + ".py")).is_file():
        return "python"
    if any((code_dir / (module + ext)).is_file() for ext in NODE_EXTENSIONS):
        return "node"
    return None


def _handler_source(
    function: Function, code_dir: Path, module: str, language: str
) -> Path | None:
    if language == "python":
        candidate = code_dir / (module.replace(".", "/") + ".py")
        return candidate if candidate.is_file() else None
    for ext in NODE_EXTENSIONS:
        candidate = code_dir / (module + ext)
        if candidate.is_file():
            return candidate
    return _esbuild_entry_point(function, code_dir, module)


def _esbuild_entry_point(
    function: Function, code_dir: Path, module: str
) -> Path | None:
    """SAM's esbuild names the source in BuildProperties.EntryPoints."""
    build = function.resource.metadata.get("BuildProperties")
    entries = build.get("EntryPoints") if isinstance(build, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        candidate = code_dir / str(entry)
        if candidate.stem == Path(module).name and candidate.is_file():
            return candidate
    return None


def local_modules(entry: Path, code_root: Path, files: FileCache) -> list[Path]:
    """The entry file and the project modules it imports, transitively."""
    found = [entry]
    queue = [entry]
    while queue and len(found) < MOST_MODULES_PER_FUNCTION:
        current = queue.pop()
        facts = files.facts(current)
        if facts is None:
            continue
        for spec in facts.local_imports:
            found_modules = resolve_import(
                spec, current, code_root, facts.language, files
            )
            for module in found_modules:
                if module not in found:
                    found.append(module)
                    queue.append(module)
    return found


def resolve_import(
    spec: str, importer: Path, code_root: Path, language: str, files: FileCache
) -> list[Path]:
    """The project files an import names, if it names any."""
    if language == "python":
        return _python_module(spec, importer, code_root, files)
    return _node_module(spec, importer, files)


def _python_module(
    spec: str, importer: Path, code_root: Path, files: FileCache
) -> list[Path]:
    level = len(spec) - len(spec.lstrip("."))
    name = spec.lstrip(".")
    if not name or level > len(importer.parents):
        return []
    base = importer.parents[level - 1] if level else code_root
    top = name.split(".", 1)[0]
    # Most imports name the standard library or a dependency: one listing of
    # the folder answers them without looking for each candidate file.
    if not {top, top + ".py"} & files.names_in(base):
        return []
    target = base / name.replace(".", "/")
    for candidate in (target.with_name(target.name + ".py"), target / "__init__.py"):
        if files.is_file(candidate):
            return [candidate]
    return []


def _node_module(spec: str, importer: Path, files: FileCache) -> list[Path]:
    target = Path(os.path.normpath(importer.parent / spec))
    candidates = [target]
    candidates += [target.with_name(target.name + ext) for ext in NODE_EXTENSIONS]
    candidates += [target / f"index{ext}" for ext in NODE_EXTENSIONS]
    if target.suffix in (".js", ".mjs", ".cjs"):
        candidates += [target.with_suffix(ext) for ext in (".ts", ".mts", ".cts")]
    for candidate in candidates:
        if files.is_file(candidate):
            return [candidate]
    return []


def function_for(
    template: Template, value: Any, functions: list[Function]
) -> Function | None:
    """The function a `Ref`/`GetAtt` points at, through aliases and versions."""
    target = ref_target(value)
    for _ in range(3):
        if target is None:
            return None
        for function in functions:
            if function.template is template and function.id == target:
                return function
        resource = template.resources.get(target)
        if resource is None or resource.type not in (
            "AWS::Lambda::Alias",
            "AWS::Lambda::Version",
        ):
            return None
        target = ref_target(resource.properties.get("FunctionName"))
    return None
