"""Puts the template history into the built wheel (and sdist).

`serverless-new update` merges from the template version a project was made
with to the installed one, offline; the wheel carries every released version
as a git bundle built from this repository's tags and its working tree.
An sdist carries the bundle too, so a wheel built from it needs no git history.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = "history.bundle"


class TemplateHistoryHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # a source checkout builds its history from git on demand
        root = Path(self.root)
        bundle = root / BUNDLE
        if not bundle.is_file():
            self._scratch = Path(tempfile.mkdtemp(prefix="serverless-new-build."))
            bundle = self._scratch / BUNDLE
            sys.path.insert(0, str(root))
            from scaffold import __version__
            from scaffold.history import write_bundle

            write_bundle(root, bundle, __version__)
        in_wheel = self.target_name == "wheel"
        target = f"scaffold/_template/{BUNDLE}" if in_wheel else BUNDLE
        build_data["force_include"][str(bundle)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
