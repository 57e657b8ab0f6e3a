"""Where the Copier template of this installation lives, and what it is called.

An installed wheel carries the template under `scaffold/_template`; a source
checkout uses copier.yml and templates/ at the repository root. Every release of
the tool is a template version: the git tag `v<version>` of this repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from scaffold import __version__
from scaffold.errors import ScaffoldError
from scaffold.questions import Questionnaire

PACKAGE_DIR = Path(__file__).resolve().parent
PUBLIC_SOURCE = "https://github.com/serverless-new/serverless-new.git"
SOURCE_VARIABLE = "SERVERLESS_NEW_TEMPLATE_SOURCE"


@dataclass(frozen=True)
class Template:
    """The template this installation renders from."""

    root: Path
    version: str

    @property
    def ref(self) -> str:
        """The git tag that marks this template version."""
        return f"v{self.version}"

    @property
    def source(self) -> str:
        """Where `copier update` finds this template's history.

        The public repository, unless SERVERLESS_NEW_TEMPLATE_SOURCE names a
        mirror (a company's fork, or a local clone when offline).
        """
        return os.environ.get(SOURCE_VARIABLE) or PUBLIC_SOURCE

    @cached_property
    def questionnaire(self) -> Questionnaire:
        return Questionnaire.from_file(self.root / "copier.yml")


def installed_template() -> Template:
    """The template shipped with this installation of the tool."""
    for root in (PACKAGE_DIR / "_template", PACKAGE_DIR.parent):
        if (root / "copier.yml").is_file() and (root / "templates").is_dir():
            return Template(root=root, version=__version__)
    raise ScaffoldError(
        "this installation of serverless-new has no templates; reinstall it"
    )
