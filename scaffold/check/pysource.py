"""Facts from Python source, read with the standard `ast` module."""

from __future__ import annotations

import ast
from pathlib import Path

from scaffold.check.code import AsyncInvoke, CodeFacts, HandlerCode, ObjectWrite

# Calls that take over the errors of each record: Powertools batch processing.
_BATCH_CALLS = frozenset(
    {
        "process_partial_response",
        "async_process_partial_response",
        "batch_processor",
        "async_batch_processor",
    }
)
# Decorators that register a handler for the errors of a whole app.
_ERROR_HANDLER_DECORATORS = frozenset({"exception_handler", "errorhandler"})
# S3 calls that write an object, and the position of Key when not a keyword.
_OBJECT_WRITES: dict[str, int | None] = {
    "put_object": None,
    "copy_object": None,
    "upload_file": 2,
    "upload_fileobj": 2,
}
# Powertools helpers that call an AWS service on the function's behalf.
_POWERTOOLS_SERVICES = {
    "get_parameter": "ssm",
    "get_parameters": "ssm",
    "get_parameters_by_name": "ssm",
    "get_secret": "secretsmanager",
    "get_app_config": "appconfigdata",
    "DynamoDBPersistenceLayer": "dynamodb",
    "Tracer": "xray",
}
# Calls that format a response or log, and do not fail on ordinary input: a
# handler that makes only these has no work that needs catching.
_HARMLESS_CALLS = frozenset(
    {"dumps", "str", "int", "len", "dict", "list", "get", "print", "format"}
    | {"debug", "info", "warning", "error", "exception", "append"}
)
_SDK_MODULES = ("boto3", "aioboto3", "botocore", "aiobotocore")


def python_facts(path: Path, text: str) -> CodeFacts:
    facts = CodeFacts(path, "python")
    try:
        tree = ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or "?"
        facts.parse_error = f"line {line}: {getattr(error, 'msg', error)}"
        return facts

    variables = _environment_constants(tree)
    # One walk of the tree, each node kept with the top-level function it is in.
    nodes: list[tuple[ast.AST, str | None]] = []
    for statement in tree.body:
        owner = None
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            owner = statement.name
            _read_function(facts, statement)
        elif isinstance(statement, ast.Assign):
            _read_assignment(facts, statement)
        nodes.extend((node, owner) for node in ast.walk(statement))

    imported = _read_imports(facts, [node for node, _ in nodes])
    uses_sdk = any(name.split(".")[0] in _SDK_MODULES for name in imported)
    uses_powertools = any(name.startswith("aws_lambda_powertools") for name in imported)
    for node, owner in nodes:
        if isinstance(node, ast.Call):
            _read_call(facts, node, uses_sdk, uses_powertools, owner)
            if uses_sdk and _called_name(node) == "invoke":
                _read_invoke(facts, node, variables)
        elif isinstance(node, ast.Dict):
            _read_dict(facts, node)
        elif isinstance(node, ast.Try | ast.TryStar) and node.handlers and owner:
            facts.catching_functions.add(owner)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            _is_error_handler(decorator) for decorator in node.decorator_list
        ):
            facts.handles_errors_in_module = True
    return facts


def _read_imports(facts: CodeFacts, nodes: list[ast.AST]) -> set[str]:
    """Record local import candidates; return every imported module name."""
    modules: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.name)
                facts.local_imports.append(alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            modules.add(module)
            facts.local_imports.append(module)
            for alias in node.names:
                joined = module if module.endswith(".") else module + "."
                facts.local_imports.append(joined + alias.name)
                facts.imported_names[alias.asname or alias.name] = (
                    f"{module}:{alias.name}"
                )
    return modules


def _read_function(
    facts: CodeFacts, node: ast.FunctionDef | ast.AsyncFunctionDef
) -> None:
    params = tuple(arg.arg for arg in node.args.posonlyargs + node.args.args)
    facts.handlers[node.name] = HandlerCode(
        node.name, node.lineno, params, isinstance(node, ast.AsyncFunctionDef)
    )
    facts.calls_by_function[node.name] = set()


def _read_assignment(facts: CodeFacts, node: ast.Assign) -> None:
    """`handler = Mangum(app)` or `handler = other`: a handler defined elsewhere."""
    for target in node.targets:
        if not isinstance(target, ast.Name):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in facts.handlers:
            original = facts.handlers[node.value.id]
            facts.handlers[target.id] = HandlerCode(
                target.id, original.line, original.params, original.is_async
            )
            facts.calls_by_function[target.id] = {node.value.id}
        elif isinstance(node.value, ast.Call):
            facts.handlers[target.id] = HandlerCode(
                target.id, node.lineno, (), False, has_body=False
            )


def _read_call(
    facts: CodeFacts,
    node: ast.Call,
    uses_sdk: bool,
    uses_powertools: bool,
    owner: str | None,
) -> None:
    name = _called_name(node)
    if owner:
        if name not in _HARMLESS_CALLS:
            facts.calling_functions.add(owner)
        if name in _BATCH_CALLS or name == "suppress":
            facts.catching_functions.add(owner)
        if isinstance(node.func, ast.Name):
            facts.calls_by_function[owner].add(node.func.id)
    if uses_sdk and name in ("client", "resource", "create_client"):
        service = _service_argument(node)
        if service:
            facts.add_service(service, node.lineno)
    if uses_powertools and name in _POWERTOOLS_SERVICES:
        facts.add_service(_POWERTOOLS_SERVICES[name], node.lineno)
    if name == "Table" and node.args and _constant_str(node.args[0]):
        facts.table_names.append((node.lineno, str(_constant_str(node.args[0]))))
    for keyword in node.keywords:
        value = _constant_str(keyword.value)
        if keyword.arg == "TableName" and value:
            facts.table_names.append((keyword.value.lineno, value))
    if name in _OBJECT_WRITES:
        _read_object_write(facts, node, _OBJECT_WRITES[name])


def _read_invoke(facts: CodeFacts, node: ast.Call, variables: dict[str, str]) -> None:
    """`lambda_client.invoke(FunctionName=..., InvocationType="Event")`."""
    keywords = {keyword.arg: keyword.value for keyword in node.keywords}
    if _constant_str(keywords.get("InvocationType")) != "Event":
        return
    target = keywords.get("FunctionName")
    variable = _environment_variable(target) if target is not None else None
    if variable is None and isinstance(target, ast.Name):
        variable = variables.get(target.id)
    facts.async_invokes.append(AsyncInvoke(node.lineno, variable))


def _environment_constants(tree: ast.Module) -> dict[str, str]:
    """Module constants read from the environment: `TARGET = os.environ["X"]`."""
    found = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            variable = _environment_variable(statement.value)
            if isinstance(target, ast.Name) and variable:
                found[target.id] = variable
    return found


def _environment_variable(node: ast.expr) -> str | None:
    """X in `os.environ["X"]`, `os.environ.get("X")` or `os.getenv("X")`."""
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return _constant_str(node.slice)
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        reads_environ = isinstance(func, ast.Attribute) and (
            (func.attr == "get" and _is_environ(func.value)) or func.attr == "getenv"
        )
        if reads_environ:
            return _constant_str(node.args[0])
    return None


def _is_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _read_dict(facts: CodeFacts, node: ast.Dict) -> None:
    for key, value in zip(node.keys, node.values, strict=True):
        name = _constant_str(value)
        if key is not None and _constant_str(key) == "TableName" and name:
            facts.table_names.append((value.lineno, name))


def _read_object_write(facts: CodeFacts, node: ast.Call, position: int | None) -> None:
    key: ast.expr | None = next(
        (keyword.value for keyword in node.keywords if keyword.arg == "Key"), None
    )
    if key is None and position is not None and len(node.args) > position:
        key = node.args[position]
    if key is None:
        return
    prefix, suffix = _key_affixes(key)
    facts.object_writes.append(ObjectWrite(node.lineno, prefix, suffix))


def _key_affixes(node: ast.expr) -> tuple[str, str | None]:
    """What a key expression surely starts with, and ends with if known."""
    text = _constant_str(node)
    if text is not None:
        return text, text
    if isinstance(node, ast.JoinedStr):
        prefix = ""
        for part in node.values:
            if _constant_str(part) is None:
                break
            prefix += str(_constant_str(part))
        last = node.values[-1] if node.values else None
        return prefix, _constant_str(last) if last is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _key_affixes(node.left)[0], _key_affixes(node.right)[1]
    return "", None


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _service_argument(node: ast.Call) -> str | None:
    if node.args:
        return _constant_str(node.args[0])
    for keyword in node.keywords:
        if keyword.arg == "service_name":
            return _constant_str(keyword.value)
    return None


def _constant_str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_error_handler(decorator: ast.expr) -> bool:
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(func, ast.Attribute) and func.attr in _ERROR_HANDLER_DECORATORS
