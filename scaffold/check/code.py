"""What `check` learns from a source file, whatever its language.

A language module (`pysource`, `jssource`) reads one file into `CodeFacts`;
the rules only ever look at these facts, never at syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PYTHON_SUFFIXES = frozenset({".py"})
NODE_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"})
CODE_SUFFIXES = PYTHON_SUFFIXES | NODE_SUFFIXES

# SDK client names (boto3, @aws-sdk/client-*) whose VPC endpoint has another name.
ENDPOINT_NAMES = {
    "cloudwatch": "monitoring",
    "cloudwatch-events": "events",
    "cloudwatch-logs": "logs",
    "eventbridge": "events",
    "firehose": "kinesis-firehose",
    "kinesis": "kinesis-streams",
    "secrets-manager": "secretsmanager",
    "ses": "email",
    "sesv2": "email",
    "sfn": "states",
    "stepfunctions": "states",
    "lib-dynamodb": "dynamodb",
    "dynamodb-streams": "dynamodb",
    "dynamodbstreams": "dynamodb",
}

_SUPPRESSION = re.compile(r"(?:#|//)\s*serverless-new:\s*ignore\b[\s:]*(.*)$")
_RULE_ID = re.compile(r"[A-Za-z]{2}\d{3}")


def endpoint_name(client_name: str) -> str:
    name = client_name.lower()
    return ENDPOINT_NAMES.get(name, name)


@dataclass(frozen=True)
class HandlerCode:
    """A function that Lambda may call, as its source declares it."""

    name: str
    line: int
    params: tuple[str, ...]
    is_async: bool
    # False when a call builds the handler (a wrapper): its body is elsewhere.
    has_body: bool = True


@dataclass(frozen=True)
class ObjectWrite:
    """A call that writes an S3 object, with what is known of its key."""

    line: int
    key_prefix: str
    key_suffix: str | None


@dataclass(frozen=True)
class AsyncInvoke:
    """A Lambda invoke with InvocationType Event, and the variable naming its target."""

    line: int
    # The environment variable that holds the function name, when the code says.
    variable: str | None


@dataclass(frozen=True)
class CommentSuppression:
    line: int
    rule_ids: tuple[str, ...]
    reason: str


@dataclass
class CodeFacts:
    """What one source file says that rules care about."""

    path: Path
    language: str
    handlers: dict[str, HandlerCode] = field(default_factory=dict)
    services: dict[str, int] = field(default_factory=dict)
    table_names: list[tuple[int, str]] = field(default_factory=list)
    object_writes: list[ObjectWrite] = field(default_factory=list)
    sdk_v2_imports: list[int] = field(default_factory=list)
    async_invokes: list[AsyncInvoke] = field(default_factory=list)
    local_imports: list[str] = field(default_factory=list)
    # Python: per function, whether it catches errors, and whom it calls.
    catching_functions: set[str] = field(default_factory=set)
    calls_by_function: dict[str, set[str]] = field(default_factory=dict)
    imported_names: dict[str, str] = field(default_factory=dict)
    calling_functions: set[str] = field(default_factory=set)
    handles_errors_in_module: bool = False
    creates_connections: bool = False
    stops_event_loop_wait: bool = False
    parse_error: str | None = None

    def add_service(self, client_name: str, line: int) -> None:
        self.services.setdefault(endpoint_name(client_name), line)


def language_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in NODE_SUFFIXES and not path.name.endswith(".d.ts"):
        return "node"
    return None


def read_facts(path: Path, text: str) -> CodeFacts | None:
    """The facts of a source file, or None for a language `check` does not read."""
    language = language_of(path)
    if language == "python":
        from scaffold.check.pysource import python_facts

        return python_facts(path, text)
    if language == "node":
        from scaffold.check.jssource import node_facts

        return node_facts(path, text)
    return None


def comment_suppressions(text: str) -> list[CommentSuppression]:
    """`# serverless-new: ignore SN010 reason` (or `//`) comments, by line."""
    if "serverless-new:" not in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUPPRESSION.search(line)
        if match:
            found.append(_parse_suppression(number, match.group(1)))
    return found


def _parse_suppression(line: int, rest: str) -> CommentSuppression:
    rule_ids: list[str] = []
    words = re.split(r"([\s,]+)", rest.strip())
    consumed = 0
    for word in words:
        if _RULE_ID.fullmatch(word):
            rule_ids.append(word.upper())
        elif word.strip(" ,\t"):
            break
        consumed += len(word)
    reason = rest.strip()[consumed:]
    reason = reason.strip().lstrip("-:\u2014\u2013").strip().rstrip("*/").strip()
    return CommentSuppression(line, tuple(rule_ids), reason)
