"""`serverless-new create`: answers in, a complete project out, or nothing at all.

The project is rendered into a hidden folder beside its destination and moved
into place in one rename, so an interrupted or failed render never leaves a
partial project, and an existing destination is never touched.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scaffold.errors import (
    DestinationError,
    InvalidAnswer,
    MissingAnswer,
    UsageError,
)
from scaffold.questions import Answers, Question
from scaffold.render import list_files, render_into
from scaffold.template import Template

log = logging.getLogger(__name__)

# Called for each open question with its default and a validator that returns an
# error message or None; returns the answer. Supplied by the interactive edge.
AskAnswer = Callable[[Question, Any, Callable[[Any], str | None]], Any]

# Choices that copier.yml lists but whose templates this version cannot render.
UNAVAILABLE: dict[str, frozenset[str]] = {}
# Choices it cannot render after an earlier answer, as question: (earlier
# question, its answers that rule the choices out, the choices).
UNAVAILABLE_AFTER: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {}


@dataclass(frozen=True)
class CreateResult:
    """What `create` did, or with a dry run would do."""

    project: str
    path: Path
    answers: Answers
    files: list[str]
    template_version: str
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": "create",
            "project": self.project,
            "path": str(self.path),
            "dry_run": self.dry_run,
            "template_version": self.template_version,
            "answers": self.answers,
            "files": self.files,
            "warnings": self.warnings,
        }


def collect_answers(
    template: Template,
    given: Answers,
    use_defaults: bool,
    ask: AskAnswer | None,
) -> Answers:
    """Check the given answers and complete them from defaults or by asking."""
    questionnaire = template.questionnaire
    unknown = questionnaire.unknown_names(given)
    if unknown:
        raise UsageError(
            f"unknown question '{unknown[0]}'; the questions are "
            + ", ".join(questionnaire.names)
        )

    answers: Answers = {}
    missing: list[Question] = []
    for question in questionnaire.questions:
        if not questionnaire.is_asked(question, answers):
            _refuse_inapplicable(question, given)
            continue
        if question.name in given:
            value = given[question.name]
        elif use_defaults and question.has_default:
            value = questionnaire.default_for(question, answers)
        elif ask is not None:
            value = ask(
                _offered(question, answers),
                questionnaire.default_for(question, answers),
                _validator_for(template, question, answers),
            )
        else:
            missing.append(question)
            continue
        answers[question.name] = questionnaire.check(question, value, answers)
        refuse_unavailable(question, answers[question.name], answers)

    if missing:
        flags = ", ".join(question.flag for question in missing)
        raise MissingAnswer(
            f"no terminal to ask on; pass {flags} (or --defaults to take the defaults)"
        )
    return answers


def _refuse_inapplicable(question: Question, given: Answers) -> None:
    """Refuse an answer to a question these answers do not ask (`--nat` without
    `--vpc new`); its default is harmless, as in an answers file kept from before."""
    if question.name not in given:
        return
    if question.coerce(given[question.name]) != question.default:
        condition = str(question.when).strip("{} ")
        raise InvalidAnswer(
            question.name, f"applies only when {condition}", question.flag
        )


def _validator_for(
    template: Template, question: Question, answers: Answers
) -> Callable[[Any], str | None]:
    def validate(value: Any) -> str | None:
        try:
            answer = template.questionnaire.check(question, value, answers)
            refuse_unavailable(question, answer, answers)
        except UsageError as error:
            return str(error)
        return None

    return validate


def _offered(question: Question, answers: Answers) -> Question:
    """The question with only the choices this version can render."""
    unavailable = _unavailable(question, answers)
    choices = tuple(choice for choice in question.choices if choice not in unavailable)
    return replace(question, choices=choices)


def _unavailable(question: Question, answers: Answers) -> dict[str, str]:
    """Each choice of `question` that this version cannot render after `answers`,
    with the earlier answer that rules it out ("" when none does)."""
    refused = dict.fromkeys(UNAVAILABLE.get(question.name, frozenset()), "")
    if question.name in UNAVAILABLE_AFTER:
        earlier, ruling_out, choices = UNAVAILABLE_AFTER[question.name]
        if answers.get(earlier) in ruling_out:
            refused |= dict.fromkeys(choices, f" with --{earlier} {answers[earlier]}")
    return refused


def refuse_unavailable(
    question: Question, answer: Any, answers: Answers | None = None
) -> None:
    refused = _unavailable(question, answers or {})
    chosen = answer if isinstance(answer, list) else [answer]
    for choice in chosen:
        if choice in refused:
            raise UsageError(
                f"{question.flag.split('/')[0]} {choice}: not available yet"
                f"{refused[choice]} in this version of serverless-new"
            )


def check_destination(destination: Path) -> None:
    """Refuse a destination that exists and is not an empty folder."""
    if not destination.parent.is_dir():
        raise DestinationError(f"{destination.parent} is not an existing folder")
    if destination.is_symlink() or destination.exists():
        if not destination.is_dir() or destination.is_symlink():
            raise DestinationError(f"{destination} exists and is not a folder")
        if any(destination.iterdir()):
            raise DestinationError(f"{destination} exists and is not empty")


def create_project(
    template: Template,
    answers: Answers,
    parent: Path,
    dry_run: bool = False,
) -> CreateResult:
    """Render the project for complete, checked `answers` into parent/NAME."""
    destination = parent.resolve() / answers["project_name"]
    check_destination(destination)

    staging_parent = Path(tempfile.gettempdir()) if dry_run else destination.parent
    staging = staging_parent / f".{destination.name}.{secrets.token_hex(6)}.partial"
    # Made inside the try, so that an interrupt right after mkdir still cleans
    # up; a folder that mkdir did not make is never removed.
    made_here = True
    try:
        try:
            staging.mkdir(mode=0o700)
        except OSError as error:
            made_here = False
            raise DestinationError(
                f"cannot write to {staging_parent}: {error.strerror}"
            ) from error
        render_into(template, answers, staging)
        files = list_files(staging)
        if not dry_run:
            _move_into_place(staging, destination)
    finally:
        if made_here:
            shutil.rmtree(staging, ignore_errors=True)

    return CreateResult(
        project=answers["project_name"],
        path=destination,
        answers=answers,
        files=files,
        template_version=template.version,
        dry_run=dry_run,
    )


def _move_into_place(staging: Path, destination: Path) -> None:
    # A rename replaces an empty folder but fails on anything else, so a folder
    # that filled up since the check is refused rather than overwritten.
    staging.chmod(0o777 & ~_current_umask())
    try:
        staging.rename(destination)
    except OSError as error:
        raise DestinationError(f"cannot create {destination}: {error}") from error
    log.debug("moved the rendered project to %s", destination)


def _current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
