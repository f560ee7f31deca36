"""Which module a Python file is, as packaging would install it.

A repository rarely imports by its paths: a uv workspace keeps each distribution under
`packages/<name-with-hyphens>/src/<package>/`, setuptools and hatch declare where the
packages live, and namespace packages have no `__init__.py` to walk up. A file's module is
its path below the deepest import root that holds it: a `src/` folder at any depth, the
package folders a `pyproject.toml` declares (setuptools `package-dir` and `packages.find`,
hatch's wheel `packages`, poetry's `from`, uv's `module-root`), or else the project folder
itself (a workspace member, or any folder with a `pyproject.toml`, `setup.py` or
`setup.cfg`: its tests and scripts import from there).
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lint.errors import LintError
from lint.settings_file import parse_toml

PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


@dataclass(frozen=True)
class Layout:
    """The import roots of one revision: folders (`''` or ending in `/`), deepest first."""

    roots: tuple[str, ...]

    @classmethod
    def of(cls, paths: Iterable[str], pyprojects: Mapping[str, str]) -> Layout:
        """The layout of a revision from its file paths and its `pyproject.toml` texts (by path)."""
        listed = list(paths)
        folders = {
            "/".join(parts[:end])
            for parts in (path.split("/")[:-1] for path in listed)
            for end in range(1, len(parts) + 1)
        }
        projects = {posixpath.dirname(path) for path in listed if posixpath.basename(path) in PROJECT_FILES}
        roots: set[str] = {""}
        for pyproject_path, text in pyprojects.items():
            project = posixpath.dirname(pyproject_path)
            table = _table(text, pyproject_path)
            roots.update(_join(project, folder) for folder in _declared_roots(table))
            members = _dig(table, "tool", "uv", "workspace", "members")
            if isinstance(members, list):
                patterns = [_join(project, str(member)).rstrip("/") for member in members]
                projects.update(folder for folder in folders if any(_globbed(folder, p) for p in patterns))
        roots.update(_join(project, "") for project in projects)
        for path in listed:
            parts = path.split("/")[:-1]
            roots.update("/".join(parts[: index + 1]) + "/" for index, part in enumerate(parts) if part == "src")
        return cls(_deepest_first(roots))

    def merged(self, other: Layout) -> Layout:
        """The import roots of either layout (for files that lived between two revisions)."""
        return Layout(_deepest_first({*self.roots, *other.roots}))

    def module(self, path: str) -> str | None:
        """The dotted module of a `.py` file (`packages/a-b/src/pkg/mod.py` -> `pkg.mod`), or None."""
        if not path.endswith((".py", ".pyi")):
            return None
        for root in self.roots:
            if path.startswith(root):
                return _dotted(PurePosixPath(path[len(root) :]))
        return None


def _globbed(folder: str, pattern: str) -> bool:
    """A workspace member glob: `*` stands for one folder name, as in uv and Cargo."""
    names, parts = folder.split("/"), pattern.split("/")
    return len(names) == len(parts) and all(fnmatch.fnmatchcase(n, p) for n, p in zip(names, parts, strict=True))


def _deepest_first(roots: set[str]) -> tuple[str, ...]:
    return tuple(sorted(roots, key=lambda root: (-root.count("/"), root)))


def _dotted(relative: PurePosixPath) -> str | None:
    parts = [*relative.parent.parts, relative.stem]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)


def _join(project: str, folder: str) -> str:
    joined = posixpath.normpath(posixpath.join(project, folder)) if folder.strip("./") else project
    return "" if joined in ("", ".") else joined.rstrip("/") + "/"


def _table(text: str, path: str) -> dict[str, Any]:
    """A pyproject's data; one that does not parse declares nothing (the scan goes on)."""
    try:
        return parse_toml(text, Path(path))
    except LintError:
        return {}


def _dig(table: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(table, dict):
            return None
        table = table.get(key)
    return table


def _declared_roots(table: dict[str, Any]) -> list[str]:
    """The folders a build backend's settings import packages from, relative to the project."""
    roots: list[str] = []
    package_dir = _dig(table, "tool", "setuptools", "package-dir")
    if isinstance(package_dir, dict) and isinstance(package_dir.get(""), str):
        roots.append(package_dir[""])
    where = _dig(table, "tool", "setuptools", "packages", "find", "where")
    if isinstance(where, list):
        roots.extend(folder for folder in where if isinstance(folder, str))
    hatch = _dig(table, "tool", "hatch", "build", "targets", "wheel", "packages")
    if isinstance(hatch, list):
        roots.extend(posixpath.dirname(package.rstrip("/")) for package in hatch if isinstance(package, str))
    poetry = _dig(table, "tool", "poetry", "packages")
    if isinstance(poetry, list):
        roots.extend(
            entry["from"] for entry in poetry if isinstance(entry, dict) and isinstance(entry.get("from"), str)
        )
    module_root = _dig(table, "tool", "uv", "build-backend", "module-root")
    if isinstance(module_root, str):
        roots.append(module_root)
    return roots
