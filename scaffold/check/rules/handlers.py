"""SN010-SN013, SN091: handler code, read with the template that deploys it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scaffold.check.code import CodeFacts, HandlerCode
from scaffold.check.functions import Function, resolve_import
from scaffold.check.intrinsics import mentioned_ids
from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.project import Project
from scaffold.check.rules.base import at_code, at_resource
from scaffold.check.triggers import ASYNC_KINDS, STREAM_KINDS

NO_ERROR_HANDLING = Rule(
    "SN010",
    "handler-without-error-handling",
    Severity.WARNING,
    "A handler called by an API, a queue or directly neither catches errors "
    "nor hands them to a framework that does. (Asynchronous and stream "
    "handlers may raise: that is how failures reach retries and their DLQ.)",
    "Catch the errors you expect, log them with the request id, and return a "
    "deliberate response (or report the failed batch items).",
)
WAITS_FOR_EVENT_LOOP = Rule(
    "SN011",
    "node-waits-for-event-loop",
    Severity.WARNING,
    "A callback-style Node handler opens connections but lets Lambda wait for "
    "an empty event loop, so each invocation runs until its timeout.",
    "Set context.callbackWaitsForEmptyEventLoop = false in the handler, or "
    "make the handler async.",
)
WHOLE_SDK_V2 = Rule(
    "SN012",
    "whole-aws-sdk-v2",
    Severity.WARNING,
    "Code imports the whole AWS SDK for JavaScript v2 ('aws-sdk'): slow cold "
    "starts, and not in the Node.js 18+ runtimes.",
    "Import the v3 client you need: import { DynamoDBClient } from "
    "'@aws-sdk/client-dynamodb'.",
)
HARD_CODED_TABLE = Rule(
    "SN013",
    "hard-coded-table-name",
    Severity.WARNING,
    "Code names a DynamoDB table with a string literal while the template "
    "defines the table or passes its name.",
    "Read the name from the environment variable the template sets "
    "(TABLE_NAME: !Ref Table).",
)
CODE_NOT_FOUND = Rule(
    "SN091",
    "handler-source-not-found",
    Severity.INFO,
    "A function's handler source is not where CodeUri and Handler say; its "
    "code was not checked.",
    "Point CodeUri and Handler at the source (module.function for Python, "
    "file.export for Node).",
)
CDK_NOT_SYNTHESIZED = Rule(
    "SN092",
    "cdk-app-not-synthesized",
    Severity.INFO,
    "A CDK app without cdk.out: its resources, and which events invoke each "
    "handler, could not be checked; only the handler code was.",
    "Run cdk synth (make synth), then check again.",
)
RULES = (
    NO_ERROR_HANDLING,
    CDK_NOT_SYNTHESIZED,
    WAITS_FOR_EVENT_LOOP,
    WHOLE_SDK_V2,
    HARD_CODED_TABLE,
    CODE_NOT_FOUND,
)

_TABLE_TYPES = (
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::Serverless::SimpleTable",
)
RETRYING_KINDS = ASYNC_KINDS | STREAM_KINDS
# How far calls are followed from a handler into the functions it calls.
_CALL_DEPTH = 6


@dataclass(frozen=True)
class HandlerSite:
    """A handler to judge: its file's facts, its code, and its function if known."""

    facts: CodeFacts
    handler: HandlerCode
    code_dir: Path
    code_files: list[Path]
    function: Function | None
    # Every trigger retries on an error and keeps what still fails.
    may_raise: bool = False


def findings(project: Project) -> Iterator[Finding]:
    if project.unsynthesized_cdk_app:
        yield Finding(
            CDK_NOT_SYNTHESIZED,
            "cdk.json has no synthesized template beside it (cdk.out/)",
            "cdk.json",
            1,
        )
    for site in _handler_sites(project):
        yield from _error_handling(project, site)
        yield from _event_loop(project, site)
    yield from _sdk_v2_imports(project)
    for function in project.functions:
        yield from _table_names(project, function)
        if function.code_missing:
            yield _code_not_found(function)


def _handler_sites(project: Project) -> Iterator[HandlerSite]:
    seen: set[tuple[Path, str]] = set()
    kinds: dict[int, set[str]] = {}
    for trigger in project.triggers:
        kinds.setdefault(id(trigger.function), set()).add(trigger.kind)
    for function in project.functions:
        if function.handler_file is None or function.handler is None:
            continue
        facts = project.files.facts(function.handler_file)
        key = (function.handler_file, function.handler.name)
        if facts is not None and function.code_dir and key not in seen:
            seen.add(key)
            triggered_by = kinds.get(id(function), set())
            yield HandlerSite(
                facts,
                function.handler,
                function.code_dir,
                function.code_files,
                function,
                may_raise=bool(triggered_by) and triggered_by <= RETRYING_KINDS,
            )
    # Without the synthesized template nothing says whether a CDK handler is
    # invoked asynchronously, where raising is right: its code is not judged.
    scanned = [] if project.unsynthesized_cdk_app else project.scanned
    for scanned_handler in scanned:
        key = (scanned_handler.facts.path, scanned_handler.handler.name)
        if key not in seen:
            seen.add(key)
            yield HandlerSite(
                scanned_handler.facts,
                scanned_handler.handler,
                scanned_handler.code_dir,
                scanned_handler.code_files,
                None,
            )


def _error_handling(project: Project, site: HandlerSite) -> Iterator[Finding]:
    handler, facts = site.handler, site.facts
    if site.may_raise or not handler.has_body or facts.parse_error:
        return
    if facts.handles_errors_in_module:
        return
    if facts.language == "python":
        if not _calls_anything(facts, handler.name):
            return
        if _reaches_error_handling(project, site, facts, handler.name, _CALL_DEPTH):
            return
    keyword = "except" if facts.language == "python" else "catch"
    message = f"{handler.name}() has no try/{keyword} around its work"
    yield at_code(
        NO_ERROR_HANDLING, project, facts.path, handler.line, message, site.function
    )


def _calls_anything(facts: CodeFacts, name: str) -> bool:
    """A handler that calls nothing (returns a constant) has nothing to catch."""
    local = {name, *facts.calls_by_function.get(name, ())}
    return bool(local & facts.calling_functions)


def _reaches_error_handling(
    project: Project, site: HandlerSite, facts: CodeFacts, name: str, depth: int
) -> bool:
    """Whether `name`, or a project function it calls, catches errors."""
    if name in facts.catching_functions or facts.handles_errors_in_module:
        return True
    if depth == 0:
        return False
    for called in facts.calls_by_function.get(name, ()):
        if called in facts.calls_by_function and called != name:
            callee: list[tuple[CodeFacts, str]] = [(facts, called)]
        else:
            callee = _imported_function(project, site, facts, called)
        for other, other_name in callee:
            if _reaches_error_handling(project, site, other, other_name, depth - 1):
                return True
    return False


def _imported_function(
    project: Project, site: HandlerSite, facts: CodeFacts, name: str
) -> list[tuple[CodeFacts, str]]:
    """The project module and function that `from x import name` brings in."""
    if name not in facts.imported_names:
        return []
    module, _, attr = facts.imported_names[name].partition(":")
    paths = resolve_import(module, facts.path, site.code_dir, "python", project.files)
    found = [project.files.facts(path) for path in paths]
    return [(other, attr) for other in found if other is not None]


def _event_loop(project: Project, site: HandlerSite) -> Iterator[Finding]:
    handler = site.handler
    if site.facts.language != "node" or handler.is_async or len(handler.params) < 3:
        return
    all_facts = [project.files.facts(path) for path in site.code_files]
    known = [facts for facts in all_facts if facts is not None]
    if not any(facts.creates_connections for facts in known):
        return
    if any(facts.stops_event_loop_wait for facts in known):
        return
    message = (
        f"callback-style {handler.name}() opens connections and lets Lambda wait "
        "for the empty event loop"
    )
    yield at_code(
        WAITS_FOR_EVENT_LOOP,
        project,
        site.facts.path,
        handler.line,
        message,
        site.function,
    )


def _sdk_v2_imports(project: Project) -> Iterator[Finding]:
    for path in project.function_code_files():
        facts = project.files.facts(path)
        for line in facts.sdk_v2_imports if facts else ():
            message = "imports the whole AWS SDK v2 ('aws-sdk')"
            yield at_code(WHOLE_SDK_V2, project, path, line, message)


def _table_names(project: Project, function: Function) -> Iterator[Finding]:
    tables = function.template.of_type(*_TABLE_TYPES)
    if not tables:
        return
    passed = _table_variables(function, {table.logical_id for table in tables})
    for path in function.code_files:
        facts = project.files.facts(path)
        for line, name in facts.table_names if facts else ():
            if passed:
                how = f"the template passes it as {', '.join(passed)}"
            else:
                how = f"{function.template.rel} defines the table"
            message = f"table name '{name}' is hard-coded; {how}"
            yield at_code(HARD_CODED_TABLE, project, path, line, message, function)


def _table_variables(function: Function, table_ids: set[str]) -> list[str]:
    """Environment variables of the function whose value names a table."""
    environment = function.props.get("Environment")
    variables = environment.get("Variables") if isinstance(environment, dict) else None
    if not isinstance(variables, dict):
        return []
    return sorted(
        str(name)
        for name, value in variables.items()
        if mentioned_ids(value) & table_ids
    )


def _code_not_found(function: Function) -> Finding:
    handler = function.props.get("Handler")
    folder = function.template.path.parent
    where = function.code_dir or folder
    shown = (
        where.relative_to(folder).as_posix() if where.is_relative_to(folder) else where
    )
    message = f"{function.id}: handler {handler} not found in {shown}; code not checked"
    return at_resource(
        CODE_NOT_FOUND,
        function.template,
        function.id,
        function.line_of("Handler"),
        message,
    )
