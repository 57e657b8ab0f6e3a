"""Reading values that may be CloudFormation intrinsic functions.

Rules never evaluate a template; they ask narrow questions of a value: which
resource does it point at, which resources does it mention, what does it read
like as text, which number is it when a parameter default says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_SUB_VARIABLE = re.compile(r"\$\{(?!!)([^}]+)\}")
NO_VALUE = "AWS::NoValue"


def ref_target(value: Any) -> str | None:
    """The logical id that a `Ref`, `GetAtt` or one-variable `Sub` points at."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((name, arg),) = value.items()
    if name == "Ref" and isinstance(arg, str):
        return arg.split(".", 1)[0]
    if name == "Fn::GetAtt":
        parts = arg.split(".", 1) if isinstance(arg, str) else arg
        if isinstance(parts, list) and parts and isinstance(parts[0], str):
            return parts[0]
    if name == "Fn::Sub" and isinstance(arg, str):
        match = _SUB_VARIABLE.fullmatch(arg)
        if match:
            return match.group(1).split(".", 1)[0]
    return None


def mentioned_ids(value: Any) -> set[str]:
    """Every logical id or parameter a value refers to, however deep.

    Pseudo parameters (`AWS::Region`, `AWS::NoValue`) name no resource.
    """
    found: set[str] = set()
    _collect_mentions(value, found)
    return {name for name in found if "::" not in name}


def _collect_mentions(value: Any, found: set[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect_mentions(item, found)
        return
    if not isinstance(value, dict):
        return
    for name, arg in value.items():
        if name == "Ref" and isinstance(arg, str):
            found.add(arg.split(".", 1)[0])
        elif name == "Fn::GetAtt":
            target = ref_target({name: arg})
            if target:
                found.add(target)
        elif name == "Fn::Sub":
            text = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(text, str):
                for match in _SUB_VARIABLE.finditer(text):
                    found.add(match.group(1).split(".", 1)[0])
            if isinstance(arg, list) and len(arg) > 1:
                _collect_mentions(arg[1], found)
        else:
            _collect_mentions(arg, found)


def as_text(value: Any) -> str | None:
    """A string value with references written `${Name}`; None if not string-like.

    `!Sub /aws/lambda/${Fn}` and `!Join ["", ["/aws/lambda/", !Ref Fn]]` both
    read `/aws/lambda/${Fn}`, so the two spellings compare equal.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, dict) or len(value) != 1:
        return str(value) if isinstance(value, int | float) else None
    ((name, arg),) = value.items()
    if name == "Ref" and isinstance(arg, str):
        return "${" + arg + "}"
    if name == "Fn::GetAtt":
        parts = arg.split(".", 1) if isinstance(arg, str) else arg
        if not isinstance(parts, list):
            return None
        return "${" + ".".join(str(part) for part in parts) + "}"
    if name == "Fn::Sub":
        return _sub_text(arg)
    if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
        return _join_text(arg[0], arg[1])
    return None


def _sub_text(arg: Any) -> str | None:
    if isinstance(arg, str):
        return arg
    if not (isinstance(arg, list) and arg and isinstance(arg[0], str)):
        return None
    text = arg[0]
    variables = arg[1] if len(arg) > 1 and isinstance(arg[1], dict) else {}
    for name, replacement in variables.items():
        rendered = as_text(replacement)
        if rendered is not None:
            text = text.replace("${" + str(name) + "}", rendered)
    return text


def _join_text(separator: Any, parts: Any) -> str | None:
    if not isinstance(separator, str) or not isinstance(parts, list):
        return None
    rendered = [as_text(part) for part in parts]
    if any(part is None for part in rendered):
        return None
    return separator.join(part for part in rendered if part is not None)


def branches(value: Any) -> Iterator[Any]:
    """The values a `Fn::If` may take (each, recursively), or the value itself."""
    if isinstance(value, dict) and len(value) == 1 and "Fn::If" in value:
        arg = value["Fn::If"]
        if isinstance(arg, list) and len(arg) == 3:
            for branch in arg[1:]:
                if not is_no_value(branch):
                    yield from branches(branch)
        return
    yield value


def is_no_value(value: Any) -> bool:
    return isinstance(value, dict) and value.get("Ref") == NO_VALUE


def items_of(value: Any) -> Iterator[Any]:
    """The items of a list (or one value), with `Fn::If` branches spread out."""
    for branch in branches(value):
        if isinstance(branch, list):
            for item in branch:
                yield from branches(item)
        elif branch is not None:
            yield branch


def as_number(value: Any, parameters: dict[str, Any]) -> int | None:
    """An integer, reading a parameter's Default when the value is a `Ref`."""
    if isinstance(value, dict):
        name = value.get("Ref") if len(value) == 1 else None
        param = parameters.get(name) if isinstance(name, str) else None
        value = param.get("Default") if isinstance(param, dict) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def strings_in(value: Any) -> list[str]:
    """The plain strings of a list or single value (intrinsics left out)."""
    return [item for item in items_of(value) if isinstance(item, str)]
