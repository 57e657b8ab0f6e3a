"""Reading CloudFormation and SAM templates, YAML or JSON, with line numbers.

The YAML loader is PyYAML's safe loader taught the short intrinsic tags
(`!Ref`, `!GetAtt`, `!Sub`, ...): each becomes the long JSON form
(`{"Ref": ...}`, `{"Fn::GetAtt": [...]}`), so rules see one shape whatever
the template was written in. Every mapping remembers the line of each key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import InputUnreadable

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Short tags whose long form is not simply "Fn::" + the tag name.
_LONG_FORMS = {"Ref": "Ref", "Condition": "Condition"}


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that knows the line (1-based) it starts on and of each key."""

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}


class TemplateLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML with CloudFormation's short intrinsic tags and key lines."""


def _construct_mapping(loader: TemplateLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_intrinsic(
    loader: TemplateLoader, tag_suffix: str, node: yaml.Node
) -> LineDict:
    name = _LONG_FORMS.get(tag_suffix, f"Fn::{tag_suffix}")
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = _construct_mapping(loader, node)
    result = LineDict(node.start_mark.line + 1)
    result[name] = value
    result.lines[name] = result.line
    return result


TemplateLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)
TemplateLoader.add_multi_constructor(
    "!",
    _construct_intrinsic,  # type: ignore[arg-type]
)


@dataclass
class Resource:
    """One entry of a template's Resources."""

    logical_id: str
    type: str
    body: dict[str, Any]
    line: int

    @property
    def properties(self) -> dict[str, Any]:
        props = self.body.get("Properties")
        return props if isinstance(props, dict) else {}

    @property
    def metadata(self) -> dict[str, Any]:
        metadata = self.body.get("Metadata")
        return metadata if isinstance(metadata, dict) else {}

    def line_of(self, *keys: str) -> int:
        """The line of the deepest of `keys` (a path into Properties) found."""
        line = self.line
        node: Any = self.properties
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                break
            line = line_in(node, key, line)
            node = node[key]
        return line


@dataclass
class Template:
    """A parsed template and where it came from."""

    path: Path
    rel: str
    data: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)

    @property
    def parameters(self) -> dict[str, Any]:
        params = self.data.get("Parameters")
        return params if isinstance(params, dict) else {}

    @property
    def function_globals(self) -> dict[str, Any]:
        globals_ = self.data.get("Globals")
        function = globals_.get("Function") if isinstance(globals_, dict) else None
        return function if isinstance(function, dict) else {}

    def globals_line(self, key: str) -> int:
        globals_ = self.data.get("Globals")
        function = self.function_globals
        line = line_in(self.data, "Globals", 1)
        if isinstance(globals_, dict):
            line = line_in(globals_, "Function", line)
        return line_in(function, key, line)

    def of_type(self, *types: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.type in types]


def line_in(mapping: Any, key: Any, default: int) -> int:
    """The line of `key` in a mapping read from YAML, else `default`."""
    lines = getattr(mapping, "lines", None)
    if lines and key in lines:
        return int(lines[key])
    return default


def parse_template(path: Path, rel: str, text: str) -> dict[str, Any]:
    """The template's data; InputUnreadable names the file and line if it is bad."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputUnreadable(
                f"{rel}:{error.lineno}: not valid JSON: {error.msg}"
            ) from None
    else:
        data = _load_yaml(rel, text)
    return data if isinstance(data, dict) else {}


def _load_yaml(rel: str, text: str) -> Any:
    try:
        return yaml.load(text, Loader=TemplateLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = error.problem or error.context or "cannot parse it"
        raise InputUnreadable(f"{rel}{line}: not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise InputUnreadable(f"{rel}: not valid YAML: {error}") from None


def is_template_data(data: dict[str, Any]) -> bool:
    """True for a mapping whose Resources hold at least one AWS resource."""
    resources = data.get("Resources")
    if not isinstance(resources, dict):
        return False
    return any(
        isinstance(body, dict) and str(body.get("Type", "")).startswith("AWS::")
        for body in resources.values()
    )


def build_template(path: Path, rel: str, text: str, data: dict[str, Any]) -> Template:
    template = Template(path=path, rel=rel, data=data)
    resources = data.get("Resources")
    json_lines = _json_key_lines(text, resources) if path.suffix == ".json" else {}
    for logical_id, body in resources.items() if isinstance(resources, dict) else ():
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            continue
        line = line_in(resources, logical_id, json_lines.get(logical_id, 1))
        template.resources[str(logical_id)] = Resource(
            str(logical_id), body["Type"], body, line
        )
    return template


def _json_key_lines(text: str, resources: Any) -> dict[str, int]:
    """Lines of resource ids in a JSON template, which `json` does not keep."""
    if not isinstance(resources, dict):
        return {}
    start = text.find('"Resources"')
    lines: dict[str, int] = {}
    for match in re.finditer(r'"([A-Za-z0-9]+)"\s*:\s*\{', text[max(start, 0) :]):
        logical_id = match.group(1)
        if logical_id in resources and logical_id not in lines:
            offset = max(start, 0) + match.start()
            lines[logical_id] = text.count("\n", 0, offset) + 1
    return lines
