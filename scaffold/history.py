"""The template's history: every released version, as a git repository of tags.

`copier update` merges a project from the template version it was made with to
a newer one, so it needs both. The history is a git repository holding one
commit per version, tagged `vX.Y.Z`, each with copier.yml, templates/ and
partials/ as released. A wheel carries it as `scaffold/_template/history.bundle`,
built from this repository's tags when the wheel is built; a source checkout
builds it on demand from its tags and its working tree; the
SERVERLESS_NEW_TEMPLATE_HISTORY variable names another one (a mirror, a test).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from scaffold.errors import ScaffoldError

log = logging.getLogger(__name__)

HISTORY_VARIABLE = "SERVERLESS_NEW_TEMPLATE_HISTORY"
BUNDLE_NAME = "history.bundle"
TEMPLATE_PATHS = ("copier.yml", "templates", "partials")
# Fixed identity and dates: the same versions always give the same commits.
_COMMIT_ENV = {
    "GIT_AUTHOR_NAME": "serverless-new",
    "GIT_AUTHOR_EMAIL": "releases@serverless-new.invalid",
    "GIT_COMMITTER_NAME": "serverless-new",
    "GIT_COMMITTER_EMAIL": "releases@serverless-new.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
}


@dataclass(frozen=True)
class TemplateHistory:
    """A git repository or bundle whose tags are the template versions."""

    location: Path
    versions: tuple[str, ...]

    @property
    def latest(self) -> str:
        return self.versions[-1]

    def tag_of(self, version: str) -> str | None:
        """The tag of `version` ("0.2.0" or "v0.2.0"), or None if unknown."""
        tag = version if version.startswith("v") else f"v{version}"
        return tag if tag in self.versions else None


def version_key(tag: str) -> tuple[int, ...]:
    """Sort key of a tag such as v1.10.2; tags that are not versions sort first."""
    parts = tag.removeprefix("v").split(".")
    if not all(part.isdigit() for part in parts):
        return (-1,)
    return tuple(int(part) for part in parts)


def git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run git; its failure is a ScaffoldError naming the command."""
    try:
        answer = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise ScaffoldError("git is not installed; serverless-new needs it") from error
    if answer.returncode != 0:
        reason = answer.stderr.strip().splitlines()[-1:] or ["failed"]
        raise ScaffoldError(f"git {args[0]}: {reason[0]}")
    return answer.stdout


def read_history(location: Path) -> TemplateHistory:
    """The versions in a history repository or bundle."""
    listed = git("ls-remote", "--tags", str(location))
    tags = {
        line.split("refs/tags/", 1)[1].removesuffix("^{}")
        for line in listed.splitlines()
        if "refs/tags/v" in line
    }
    versions = tuple(
        sorted((tag for tag in tags if version_key(tag) != (-1,)), key=version_key)
    )
    if not versions:
        raise ScaffoldError(f"{location} holds no template version (no vX.Y.Z tag)")
    return TemplateHistory(location=location, versions=versions)


def build_history(source: Path, destination: Path, current_version: str) -> None:
    """Write at `destination` a repository with a commit per template version.

    The versions are the `v*` tags of the git repository at `source`, older than
    `current_version`, plus `source`'s working tree as `current_version`.
    """
    destination.mkdir(parents=True)
    git("init", "--quiet", "--initial-branch=main", cwd=destination)
    current_tag = f"v{current_version}"
    for tag in _released_tags(source):
        if version_key(tag) < version_key(current_tag):
            _replace_tree(destination, _archive(source, tag))
            _commit(destination, tag)
    _replace_tree(destination, _working_tree(source))
    _commit(destination, current_tag)


def write_bundle(source: Path, bundle: Path, current_version: str) -> None:
    """Write the history of `source` as a single git bundle file."""
    with tempfile.TemporaryDirectory(prefix="serverless-new-history.") as folder:
        repository = Path(folder) / "history"
        build_history(source, repository, current_version)
        git("bundle", "create", str(bundle), "--all", cwd=repository)


def _released_tags(source: Path) -> list[str]:
    if not (source / ".git").exists():
        return []
    listed = git("tag", "--list", "v*", cwd=source).split()
    return sorted((tag for tag in listed if version_key(tag) != (-1,)), key=version_key)


def _archive(source: Path, tag: str) -> dict[str, bytes]:
    present = [
        path
        for path in TEMPLATE_PATHS
        if git("ls-tree", "--name-only", tag, path, cwd=source).strip()
    ]
    archive = subprocess.run(
        ["git", "archive", "--format=tar", tag, *present],
        cwd=source,
        capture_output=True,
        check=True,
    ).stdout
    files = {}
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        for member in tar.getmembers():
            extracted = tar.extractfile(member) if member.isfile() else None
            if extracted is not None:
                files[member.name] = extracted.read()
    return files


def _working_tree(source: Path) -> dict[str, bytes]:
    files = {}
    for name in TEMPLATE_PATHS:
        root = source / name
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(source).as_posix()] = path.read_bytes()
    return files


def _replace_tree(repository: Path, files: dict[str, bytes]) -> None:
    for name in TEMPLATE_PATHS:
        target = repository / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for name, content in files.items():
        path = repository / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _commit(repository: Path, tag: str) -> None:
    git("add", "--all", cwd=repository)
    git(
        "commit",
        "--quiet",
        "--allow-empty",
        "--no-gpg-sign",
        "-m",
        f"serverless-new {tag}",
        cwd=repository,
        env=_COMMIT_ENV,
    )
    git("tag", tag, cwd=repository, env=_COMMIT_ENV)


def installed_history(package_dir: Path, current_version: str) -> TemplateHistory:
    """The history this installation carries (see the module's docstring)."""
    named = os.environ.get(HISTORY_VARIABLE)
    if named:
        return read_history(Path(named))

    bundle = package_dir / "_template" / BUNDLE_NAME
    if bundle.is_file():
        return read_history(bundle)

    checkout = package_dir.parent
    if (checkout / ".git").exists() and (checkout / "copier.yml").is_file():
        return read_history(_history_of_checkout(checkout, current_version))

    raise ScaffoldError(
        "this installation of serverless-new carries no template history; "
        "reinstall it, or name one in " + HISTORY_VARIABLE
    )


def _history_of_checkout(checkout: Path, current_version: str) -> Path:
    """Build (once per content) the history of a source checkout."""
    digest = hashlib.sha256(current_version.encode())
    digest.update(
        git(
            "tag", "--list", "v*", "--format=%(objectname) %(refname)", cwd=checkout
        ).encode()
    )
    for name, content in sorted(_working_tree(checkout).items()):
        digest.update(name.encode())
        digest.update(content)
    cache = Path(tempfile.gettempdir()) / "serverless-new-history"
    repository = cache / digest.hexdigest()[:16]
    if not repository.is_dir():
        log.debug("building the template history of %s", checkout)
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=cache, prefix=".build-"))
        build_history(checkout, staging / "history", current_version)
        # Another run may have built it meanwhile: then that one is used.
        with contextlib.suppress(OSError):
            (staging / "history").rename(repository)
        shutil.rmtree(staging, ignore_errors=True)
    return repository
