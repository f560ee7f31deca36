"""Which versions of a distribution the project supports, read with `packaging`.

A dependency's versions are those its requirements allow in pyproject.toml
(`[project].dependencies`, `[project].optional-dependencies`, `[dependency-groups]`), else
in `requirements*.txt`. Each requirement is one way to install the project (an extra, a
group, an environment marker), so the versions supported are the union of theirs. The
project's own version is `[project].version`; when that is dynamic, the installed
distribution's, else `git describe --tags`. `versions` in the settings and
`--assume-version` replace what the project declares; a distribution it does not declare
counts as its newest version.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from lint.errors import LintError
from lint.settings_file import parse_toml

_FAR = (Version("0"), Version("999999"))  # below and above every version a project names


@dataclass(frozen=True)
class Support:
    """The versions of one distribution this project supports.

    `ranges` is a union of specifier sets; none means the distribution is undeclared, and
    only its newest version counts.
    """

    package: str
    ranges: tuple[SpecifierSet, ...]
    declared: str  # as the project wrote it: `numpy>=1.24,<3`; its own version: `1.4.0`
    own: bool = False  # the project itself

    def reaches(self, version: Version) -> bool:
        """Whether some supported version is at or past `version`."""
        return not self.ranges or any(v >= version for v in self._members(version))

    def all_reach(self, version: Version) -> bool:
        """Whether every supported version is at or past `version` (the lower bound is)."""
        return not self.ranges or not any(v < version for v in self._members(version))

    def describe(self) -> str:
        """The project's range as a finding states it."""
        if self.own:
            return f"this project is at {self.declared}" if self.ranges else "this project's version is unknown"
        if not self.ranges:
            return f"this project does not declare {self.package} (its newest version counts)"
        return f"this project supports {self.declared}"

    def _members(self, pivot: Version) -> Iterator[Version]:
        """Supported versions enough to answer a question about `pivot`: it, each version the
        specifiers name and the one just after, and the versions far below and above all."""
        for candidate in _candidates(self.ranges, pivot):
            if any(spec.contains(candidate, prereleases=True) for spec in self.ranges):
                yield candidate


def _candidates(ranges: Iterable[SpecifierSet], pivot: Version) -> Iterator[Version]:
    yield pivot
    yield from _FAR
    for specifiers in ranges:
        for specifier in specifiers:
            try:
                named = Version(specifier.version.removesuffix(".*"))
            except InvalidVersion:
                continue  # `===` with an arbitrary string
            yield named
            yield Version(f"{named.base_version}.1")


class ProjectVersions:
    """What the project at `root` declares, read once, and the overrides that replace it."""

    def __init__(self, root: Path, overrides: Mapping[str, str]) -> None:
        self.root = root
        self.overrides = {canonicalize_name(name): spec for name, spec in overrides.items()}

    def support(self, package: str | None) -> Support:
        """The supported versions of `package`, or of the project itself (None)."""
        name = package or self.project_name or "this project"
        override = self.overrides.get(canonicalize_name(name))
        if override is not None:
            return Support(name, (SpecifierSet(override),), f"{name}{override}", own=package is None)
        if package is None:
            version = self.own_version
            ranges = (SpecifierSet(f"=={version}"),) if version else ()
            return Support(name, ranges, f"{name} {version}", own=True)
        lines = [(r, text) for r, text in self.requirements if canonicalize_name(r.name) == canonicalize_name(package)]
        declared = " or ".join(dict.fromkeys(text for _, text in lines))
        return Support(package, tuple(r.specifier for r, _ in lines), declared)

    @cached_property
    def _pyproject(self) -> dict[str, Any]:
        path = self.root / "pyproject.toml"
        if not path.is_file():
            return {}
        try:
            return parse_toml(path.read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError) as exc:
            raise LintError(f"{path}: cannot read: {exc}") from exc

    @cached_property
    def _project(self) -> dict[str, Any]:
        """`[project]`, or nothing where a hand-edited file gives it another type."""
        return _table(self._pyproject.get("project"))

    @cached_property
    def project_name(self) -> str | None:
        name = self._project.get("name")
        return name if isinstance(name, str) else None

    @cached_property
    def requirements(self) -> tuple[tuple[Requirement, str], ...]:
        """Every requirement the project declares (pyproject.toml's, else requirements files'),
        each with its text as written, less markers and spaces."""
        project = self._project
        texts: list[Any] = _list(project.get("dependencies"))
        for extra in _table(project.get("optional-dependencies")).values():
            texts += _list(extra)
        for group in _table(self._pyproject.get("dependency-groups")).values():
            texts += _list(group)  # an `{include-group = ...}` table adds nothing new
        if not texts:
            texts = [line for path in sorted(self.root.glob("requirements*.txt")) for line in _requirement_lines(path)]
        return tuple(_parsed(texts))

    @cached_property
    def own_version(self) -> Version | None:
        """The project's current version, or None when nothing says it."""
        written = self._project.get("version")
        if isinstance(written, str):
            return _version(written)
        if self.project_name is not None and "version" in _list(self._project.get("dynamic")):
            try:
                return _version(metadata.version(self.project_name))
            except metadata.PackageNotFoundError:
                pass
        return _version(_git_tag(self.root))


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _parsed(texts: Iterable[Any]) -> Iterator[tuple[Requirement, str]]:
    for text in texts:
        if isinstance(text, str):
            try:
                yield Requirement(text), "".join(text.partition(";")[0].split())
            except InvalidRequirement:
                continue  # a URL, an option, or a line pip reads but packaging does not


def _requirement_lines(path: Path) -> Iterator[str]:
    """The requirement lines of a pip requirements file: comments, options and continuations handled."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    for line in text.replace("\\\n", "").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            yield line


def _version(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _git_tag(root: Path) -> str | None:
    """The newest tag reachable from HEAD (`v1.4.0`), or None outside git or before any tag."""
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--abbrev=0"], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return described.stdout.strip() if described.returncode == 0 else None


def requirement_override(text: str) -> tuple[str, str]:
    """`numpy==2.1` (from `--assume-version`) as (distribution, specifier), or a LintError."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        raise LintError(f"--assume-version {text!r}: not a requirement: {exc}") from exc
    if not str(requirement.specifier) or requirement.extras or requirement.marker or requirement.url:
        raise LintError(f"--assume-version {text!r}: write a name and versions only, e.g. {requirement.name}==2.1")
    return requirement.name, "".join(text.split())[len(requirement.name) :]  # as written, not reordered
