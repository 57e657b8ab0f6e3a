"""The errors a user can cause, each with the exit code it ends the program with.

The CLI catches `ScaffoldError` once, prints its message as one line on stderr and
exits with its code. Anything else is a bug and keeps its traceback.
"""


class ScaffoldError(Exception):
    """A problem the user can fix: exit code 1."""

    exit_code = 1


class UsageError(ScaffoldError):
    """Bad usage: an unknown choice, a bad name, a malformed answer. Exit code 2."""

    exit_code = 2


class InvalidAnswer(UsageError):
    """An answer that a question of copier.yml refuses."""

    def __init__(self, question: str, message: str, flag: str | None = None) -> None:
        self.question = question
        self.flag = flag
        where = flag or question
        super().__init__(f"{where}: {message}")


class MissingAnswer(UsageError):
    """A question left open where nobody can be asked."""


class DestinationError(ScaffoldError):
    """The place to write the project to cannot take it."""


class InputUnreadable(ScaffoldError):
    """An input file that cannot be read or parsed. Exit code 2."""

    exit_code = 2
