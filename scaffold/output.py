"""The one way the CLI talks: results to stdout, progress and problems to stderr.

Commands return result objects; this module renders them once, as text for
people or as one JSON document with `--json`. Every command imports this module
at start-up, so json and logging are imported where they are used.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO


class Result(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


@dataclass
class Output:
    """Where and how much the CLI prints."""

    json_mode: bool = False
    quiet: bool = False
    verbose: bool = False
    # Looked up when an Output is made, not at import, so redirections apply.
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    def progress(self, message: str) -> None:
        """A step under way; silent with --quiet and --json."""
        if not (self.quiet or self.json_mode):
            print(message, file=self.stderr)

    def warn(self, message: str) -> None:
        print(f"warning: {message}", file=self.stderr)

    def error(self, message: str) -> None:
        print(f"error: {message}", file=self.stderr)

    def result(self, result: Result, lines: list[str]) -> None:
        """The outcome: `lines` for people, or the result as JSON."""
        if self.json_mode:
            import json

            json.dump(result.to_dict(), self.stdout, indent=2, default=str)
            print(file=self.stdout)
        elif not self.quiet:
            for line in lines:
                print(line, file=self.stdout)

    def configure_logging(self) -> None:
        """Route the core's `logging` to stderr at the level -q/-v ask for."""
        import logging

        level = logging.DEBUG if self.verbose else logging.WARNING
        handler = logging.StreamHandler(self.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger("scaffold")
        root.handlers[:] = [handler]
        root.setLevel(logging.ERROR if self.quiet else level)
