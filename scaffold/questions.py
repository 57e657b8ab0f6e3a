"""The questions of copier.yml, read without Copier, and the checks on their answers.

Prompts, flags and the rendered template all come from copier.yml; this module
reads it once and applies its choices, defaults, `when` conditions and Jinja
validators the way Copier does, so that bad answers are refused before anything
is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import InputUnreadable, InvalidAnswer

Answers = dict[str, Any]

NONE_CHOICE = "none"
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})


@dataclass(frozen=True)
class Question:
    """One question of copier.yml."""

    name: str
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    multiselect: bool = False
    default: Any = None
    validator: str | None = None
    when: str | bool = True

    @property
    def flag(self) -> str:
        """The command-line spelling of this question's answer."""
        if self.name == "project_name":
            return "NAME"
        option = self.name.replace("_", "-")
        if self.kind == "bool":
            return f"--{option}/--no-{option}"
        return f"--{option}"

    @property
    def has_default(self) -> bool:
        return self.default is not None

    def coerce(self, value: Any) -> Any:
        """Turn a flag's text or a data file's value into this question's type."""
        if self.kind == "bool":
            return _coerce_bool(self, value)
        if self.multiselect:
            return _coerce_list(self, value)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidAnswer(self.name, f"expected text, got {value!r}", self.flag)
        text = str(value)
        if self.choices and text not in self.choices:
            raise InvalidAnswer(
                self.name,
                f"'{text}' is not one of {', '.join(self.choices)}",
                self.flag,
            )
        return text


def _coerce_bool(question: Question, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise InvalidAnswer(question.name, f"'{value}' is not true or false", question.flag)


def _coerce_list(question: Question, value: Any) -> list[str]:
    if isinstance(value, str):
        items = [item.strip() for item in value.split(",")]
    elif isinstance(value, list | tuple):
        items = [str(item).strip() for item in value]
    elif value is None:
        items = []
    else:
        raise InvalidAnswer(
            question.name, f"expected a list, got {value!r}", question.flag
        )

    valid = f"valid names: {', '.join(question.choices)} (or {NONE_CHOICE})"
    if items in ([], [""], [NONE_CHOICE]):
        return []
    if NONE_CHOICE in items:
        raise InvalidAnswer(
            question.name,
            f"'{NONE_CHOICE}' cannot be mixed with names; {valid}",
            question.flag,
        )
    unknown = [item for item in items if item not in question.choices]
    if unknown:
        raise InvalidAnswer(
            question.name, f"unknown name '{unknown[0]}'; {valid}", question.flag
        )
    repeated = sorted({item for item in items if items.count(item) > 1})
    if repeated:
        raise InvalidAnswer(
            question.name, f"'{repeated[0]}' is given twice; {valid}", question.flag
        )
    return sorted(items, key=question.choices.index)


@dataclass(frozen=True)
class Questionnaire:
    """Every question of copier.yml, in the order it asks them."""

    questions: tuple[Question, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path) -> Questionnaire:
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise InputUnreadable(
                f"cannot read the template's {path}: {error}"
            ) from error
        settings = {key: value for key, value in config.items() if key.startswith("_")}
        questions = tuple(
            _question_from_config(name, spec)
            for name, spec in config.items()
            if not name.startswith("_")
        )
        return cls(questions=questions, settings=settings)

    def __getitem__(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [question.name for question in self.questions]

    def is_asked(self, question: Question, answers: Answers) -> bool:
        """Whether `question` applies, given the answers so far (its `when`).

        A condition on a question still open is not met: without a terminal,
        the open question is the one to name, not those that depend on it.
        """
        if isinstance(question.when, bool):
            return question.when
        from jinja2.exceptions import UndefinedError

        try:
            rendered = _render(question.when, answers).strip().lower()
        except UndefinedError:
            return False
        return rendered not in ("", "false", "no", "off", "0", "none")

    def default_for(self, question: Question, answers: Answers) -> Any:
        """The question's default, rendered against the answers so far."""
        default = question.default
        if isinstance(default, str) and "{" in default:
            return question.coerce(_render(default, answers))
        return default

    def check(self, question: Question, value: Any, answers: Answers) -> Any:
        """Coerce `value` and run the question's validator; return the answer."""
        answer = question.coerce(value)
        if question.validator:
            message = _render(question.validator, {**answers, question.name: answer})
            message = " ".join(message.split())
            if message:
                raise InvalidAnswer(question.name, message, question.flag)
        return answer

    def complete(self, given: Answers, use_defaults: bool) -> tuple[Answers, list[str]]:
        """Check the given answers, fill defaults where allowed.

        Returns the answers and the names of the questions still open, in order.
        """
        answers: Answers = {}
        still_open: list[str] = []
        for question in self.questions:
            if not self.is_asked(question, answers):
                continue
            if question.name in given:
                answers[question.name] = self.check(
                    question, given[question.name], answers
                )
            elif use_defaults and question.has_default:
                answers[question.name] = self.check(
                    question, self.default_for(question, answers), answers
                )
            else:
                still_open.append(question.name)
        return answers, still_open

    def unknown_names(self, names: Iterable[str]) -> list[str]:
        known = set(self.names)
        return [name for name in names if name not in known]


def _question_from_config(name: str, spec: Mapping[str, Any]) -> Question:
    return Question(
        name=name,
        kind=str(spec.get("type", "str")),
        help=str(spec.get("help", name)),
        choices=tuple(str(choice) for choice in spec.get("choices", ())),
        multiselect=bool(spec.get("multiselect", False)),
        default=spec.get("default"),
        validator=spec.get("validator"),
        when=spec.get("when", True),
    )


def _regex_search(value: str, pattern: str) -> str | None:
    match = re.search(pattern, value)
    return match.group(0) if match else None


@cache
def _jinja() -> Any:
    # Imported here: Jinja is only needed once answers are checked, not for --help.
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(undefined=StrictUndefined)
    environment.filters["regex_search"] = _regex_search
    return environment


@cache
def _compiled(source: str) -> Any:
    # A prompt validates on every key stroke: each expression compiles once.
    return _jinja().from_string(source)


def _render(source: str, answers: Answers) -> str:
    """Render a copier.yml expression the way Copier's Jinja would."""
    return str(_compiled(source).render(**answers))
