"""Asking the questions of copier.yml on a terminal, with questionary.

Part of the CLI edge: the core hands each open question here and gets an answer
back. Prompts are drawn on stderr so that stdout carries only results.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from scaffold.questions import Question


def ask_on_terminal(
    question: Question, default: Any, validate: Callable[[Any], str | None]
) -> Any:
    """Ask one question; Ctrl-C raises KeyboardInterrupt."""
    import questionary
    from prompt_toolkit.output import create_output

    output = create_output(stdout=sys.stderr)
    message = f"{question.help}:"

    def check(value: Any) -> bool | str:
        problem = validate(value)
        return True if problem is None else problem

    if question.kind == "bool":
        prompt = questionary.confirm(message, default=bool(default), output=output)
    elif question.multiselect:
        chosen = set(default or [])
        prompt = questionary.checkbox(
            message,
            choices=[
                questionary.Choice(choice, checked=choice in chosen)
                for choice in question.choices
            ],
            validate=check,
            output=output,
        )
    elif question.choices:
        prompt = questionary.select(
            message,
            choices=list(question.choices),
            default=default if default in question.choices else None,
            output=output,
        )
    else:
        prompt = questionary.text(
            message, default=str(default or ""), validate=check, output=output
        )
    return prompt.unsafe_ask()
