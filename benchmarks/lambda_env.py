"""The cold start of a generated function, approximated on this machine.

On Lambda, INIT runs the handler module's top level: its imports, its logger,
its clients. Importing the module in a fresh interpreter of the function's
runtime, with the environment Lambda gives that function, is the same work
without the sandbox. The environment comes from the project's own
template.yaml (globals and the function's variables), plus what Lambda sets
for every function, plus fake credentials so that no credential lookup reaches
for the network.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REGION = "us-east-1"
ACCOUNT = "123456789012"

# Run as `python -c PROBE MODULE`: imports MODULE with every way out to the
# network refused, and fails if the import tried one. The run ends when the
# import does: Lambda keeps the interpreter once INIT is over, so its teardown
# (a full garbage collection and the unloading of every module) is no part of a
# cold start, and it takes longer the more a module imported.
PROBE = """\
import os
import socket
import sys

attempts = []


def refuse(*args, **kwargs):
    attempts.append(args[:2])
    raise OSError("network access while importing")


socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.socket.sendto = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
try:
    __import__(sys.argv[1])
finally:
    if attempts:
        sys.exit(f"{sys.argv[1]} reached for the network: {attempts}")
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)
"""


@dataclass(frozen=True)
class Function:
    """A Python function of a SAM template."""

    logical_id: str
    module: str
    environment: dict[str, str]


class _TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags, each read as a sample value."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        value = str(loader.construct_scalar(node))
    else:
        value = "-".join(str(part) for part in loader.construct_sequence(node))
    if suffix == "GetAtt":
        name = value.split(".")[0]
        return f"arn:aws:benchmark:{REGION}:{ACCOUNT}:{name}"
    return f"sample-{value.replace('${', '').replace('}', '')}"


_TemplateLoader.add_multi_constructor("!", _intrinsic)


def read_template(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TemplateLoader)


def python_functions(template: Mapping[str, Any], project: str) -> list[Function]:
    """Every Python function of a SAM template, with the environment Lambda
    gives it (variables that intrinsics fill in get sample values)."""
    defaults = template.get("Globals", {}).get("Function", {})
    functions = []
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = {**defaults, **resource.get("Properties", {})}
        if not str(properties.get("Runtime", "")).startswith("python"):
            continue
        module = str(properties["Handler"]).rsplit(".", 1)[0]
        own = resource.get("Properties", {}).get("Environment", {})
        variables = {
            **defaults.get("Environment", {}).get("Variables", {}),
            **own.get("Variables", {}),
        }
        environment = {
            **_lambda_variables(f"{project}-{logical_id}", properties),
            **{name: str(value) for name, value in variables.items()},
        }
        functions.append(Function(logical_id, module, environment))
    return functions


def _lambda_variables(name: str, properties: Mapping[str, Any]) -> dict[str, str]:
    """What Lambda sets in every function's environment."""
    logging = properties.get("LoggingConfig", {})
    variables = {
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(properties.get("MemorySize", 128)),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/01/01/[$LATEST]0123456789abcdef",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{properties['Runtime']}",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "AWS_ACCESS_KEY_ID": "ASIABENCHMARKFAKEKEY",
        "AWS_SECRET_ACCESS_KEY": "benchmark-fake-secret",
        "AWS_SESSION_TOKEN": "benchmark-fake-token",
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
    }
    if logging.get("LogFormat") == "JSON":
        variables["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        variables["AWS_LAMBDA_LOG_LEVEL"] = "INFO"
    if properties.get("Tracing") == "Active":
        variables["AWS_XRAY_DAEMON_ADDRESS"] = "169.254.79.129:2000"
        variables["AWS_XRAY_CONTEXT_MISSING"] = "LOG_ERROR"
    return variables


def import_environment(function: Function, task_root: Path) -> dict[str, str]:
    """The environment to import `function`'s module in, from `task_root`.

    Nothing of this machine's environment leaks in but PATH: no AWS profile,
    no Python settings. Bytecode is not written, as Lambda's /var/task is read
    only: the project's own modules compile on every cold start there too.
    """
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "PYTHONPATH": str(task_root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LAMBDA_TASK_ROOT": str(task_root),
        **function.environment,
    }
