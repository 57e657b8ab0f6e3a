"""Finding a project's templates and sources on disk, and reading them once."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.check.code import CODE_SUFFIXES, CodeFacts, read_facts

log = logging.getLogger(__name__)

# Folders that hold what other tools made or downloaded, never the project itself.
SKIPPED_DIRS = frozenset(
    {
        "node_modules",
        ".aws-sam",
        ".venv",
        "venv",
        ".git",
        ".hg",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".serverless",
        ".terraform",
        "dist",
        "build",
        "coverage",
    }
)
CDK_OUT = "cdk.out"
CONVENTIONAL_TEMPLATES = frozenset({"template.yaml", "template.yml", "template.json"})
TEMPLATE_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
# Other text that may hold credentials: configuration and scripts.
CONFIG_SUFFIXES = frozenset({".toml", ".ini", ".cfg", ".env", ".properties", ".sh"})
LARGEST_SCANNED_FILE = 1_000_000


@dataclass
class ProjectFiles:
    """What a walk of the project found, sorted, as absolute paths."""

    root: Path
    template_candidates: list[Path] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    config: list[Path] = field(default_factory=list)


def walk_project(root: Path) -> ProjectFiles:
    found = ProjectFiles(root)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        in_cdk_out = CDK_OUT in here.parts
        dirnames[:] = sorted(
            name
            for name in dirnames
            if name not in SKIPPED_DIRS
            and not (in_cdk_out and name.startswith("asset."))
        )
        for name in sorted(filenames):
            _sort_file(found, here / name, in_cdk_out)
    return found


def _sort_file(found: ProjectFiles, path: Path, in_cdk_out: bool) -> None:
    name = path.name
    suffix = path.suffix.lower()
    if in_cdk_out:
        if name.endswith(".template.json"):
            found.template_candidates.append(path)
    elif suffix in TEMPLATE_SUFFIXES:
        found.template_candidates.append(path)
    elif suffix in CODE_SUFFIXES:
        found.sources.append(path)
    elif suffix in CONFIG_SUFFIXES or name.startswith(".env"):
        found.config.append(path)


def is_conventional_template(path: Path) -> bool:
    return path.name in CONVENTIONAL_TEMPLATES or path.name.endswith(".template.json")


class FileCache:
    """Each file read and each source analysed once per run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: dict[Path, str | None] = {}
        self._facts: dict[Path, CodeFacts | None] = {}
        self._sources_by_name: dict[str, list[Path]] = {}
        self._listings: dict[Path, frozenset[str]] = {}
        self._is_file: dict[Path, bool] = {}

    def text(self, path: Path) -> str | None:
        if path not in self._texts:
            self._texts[path] = _read_text(path)
        return self._texts[path]

    def facts(self, path: Path) -> CodeFacts | None:
        if path not in self._facts:
            text = self.text(path)
            facts = read_facts(path, text) if text is not None else None
            if facts is not None and facts.parse_error:
                log.warning(
                    "%s: %s; its code was not checked",
                    self.rel(path),
                    facts.parse_error,
                )
            self._facts[path] = facts
        return self._facts[path]

    def names_in(self, folder: Path) -> frozenset[str]:
        """The names of a folder's entries, listed once per run."""
        if folder not in self._listings:
            try:
                self._listings[folder] = frozenset(os.listdir(folder))
            except OSError:
                self._listings[folder] = frozenset()
        return self._listings[folder]

    def is_file(self, path: Path) -> bool:
        if path not in self._is_file:
            self._is_file[path] = path.is_file()
        return self._is_file[path]

    def read_texts(self) -> list[tuple[Path, str]]:
        """Every file read so far, with its text."""
        return [(path, text) for path, text in self._texts.items() if text is not None]

    def remember_sources(self, sources: list[Path]) -> None:
        for path in sources:
            self._sources_by_name.setdefault(path.name, []).append(path)

    def rel(self, path: Path) -> str:
        """The path to show: relative to the root, a CDK asset as its source."""
        original = self._source_of_asset(path)
        try:
            return original.relative_to(self.root).as_posix()
        except ValueError:
            return original.as_posix()

    def _source_of_asset(self, path: Path) -> Path:
        """The project file that a file under cdk.out/asset.* was copied from."""
        if CDK_OUT not in path.parts:
            return path
        for candidate in self._sources_by_name.get(path.name, ()):
            if self.text(candidate) == self.text(path):
                return candidate
        return path


def _read_text(path: Path) -> str | None:
    try:
        if path.stat().st_size > LARGEST_SCANNED_FILE:
            log.debug("%s: larger than %d bytes, not read", path, LARGEST_SCANNED_FILE)
            return None
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        log.warning("%s: cannot read it: %s", path, error.strerror or error)
        return None
