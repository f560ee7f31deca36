"""Find the files to scan: gitignore semantics (pathspec), include and exclude globs.

Directories are walked once; every `.gitignore` met on the way applies below its folder,
as git applies it. Files named explicitly (the pre-commit case) are scanned even when
ignored by git, but the vocabulary's `exclude` still applies to them.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lint.cache import CACHE_FOLDER
from lint.files.gitignore import gitignore_spec

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable_path(path: str) -> str:
    """A path as reports show it: bytes that are not UTF-8 and control characters escaped.

    A file name may hold any byte but `/` and NUL; written raw, a newline in it would forge a
    line of the report, and undecodable bytes would stop the output.
    """
    if path.isascii() and path.isprintable():
        return path  # almost every path: nothing to escape
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


ALWAYS_SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        CACHE_FOLDER,
        "site-packages",
        "build",
        "dist",
    }
)


class FileFilter:
    """Which files are wanted: those of the given suffixes (the formats the tool reads), and
    the include and exclude globs, relative to the project root."""

    def __init__(
        self, root: Path, suffixes: frozenset[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> None:
        self.root = Path(os.path.abspath(root))
        self._suffixes = suffixes
        self._include = gitignore_spec(include) if include else None
        self._exclude = gitignore_spec(exclude) if exclude else None

    def relative(self, path: Path) -> str | None:
        """The path relative to the project root with `/` separators, or None if outside it."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def excluded(self, relative: str, *, is_dir: bool = False) -> bool:
        """Whether the exclude globs name this path (or one of its folders)."""
        return self._exclude is not None and bool(self._exclude.match_file(relative + "/" if is_dir else relative))

    def readable(self, name: str) -> bool:
        """Whether a file name is of a format the tool reads (`NOTES.MD` is as `notes.md` is)."""
        return os.path.splitext(name)[1].lower() in self._suffixes

    def included(self, relative: str) -> bool:
        """Whether the include globs (when given) name this file."""
        return self._include is None or bool(self._include.match_file(relative))


def discover(
    paths: Sequence[Path], file_filter: FileFilter, on_error: Callable[[Path, str], None] | None = None
) -> Iterator[str]:
    """Yield the files to scan under `paths`, in a stable order, each once.

    A folder that cannot be read is passed to `on_error` and skipped; the walk goes on.
    """
    if len(paths) == 1 and paths[0].is_dir():
        yield from _walk(paths[0], file_filter, on_error)  # one walk names each file once
        return
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterator[str] = _walk(path, file_filter, on_error)
        else:
            candidates = iter([str(path)]) if _explicit_file_wanted(path, file_filter) else iter(())
        for candidate in candidates:
            key = os.path.abspath(candidate)
            if key not in seen:
                seen.add(key)
                yield candidate


def _explicit_file_wanted(path: Path, file_filter: FileFilter) -> bool:
    if not file_filter.readable(path.name):
        return False
    relative = file_filter.relative(path)
    return relative is None or not file_filter.excluded(relative)


def _walk(top: Path, file_filter: FileFilter, on_error: Callable[[Path, str], None] | None) -> Iterator[str]:
    """Depth-first, sorted, with `os.scandir` so that each entry costs no extra `stat`."""
    root = str(file_filter.root)
    inherited = [(str(folder), spec) for folder, spec in _parent_ignores(top)]
    tracked = _Tracked(top)
    # Each folder to read: as shown, absolute, the ignore rules over it, and whether only its
    # tracked files count (a skipped folder entered for the files git tracks in it).
    stack: list[tuple[str, str, list[tuple[str, GitIgnoreSpec]], bool]] = [
        (str(top), os.path.abspath(top), inherited, False)
    ]
    while stack:
        shown, absolute, ignores, tracked_only = stack.pop()
        try:
            with os.scandir(absolute) as iterator:
                entries = sorted(iterator, key=lambda entry: entry.name)
        except OSError as error:
            if on_error is not None:
                on_error(Path(shown), f"cannot read folder: {error.strerror or error}")
            continue
        if any(entry.name == ".gitignore" and entry.is_file() for entry in entries):
            ignores = [*ignores, (absolute, _read_ignore(Path(absolute, ".gitignore")))]
        folders = []
        # Joined by hand: `os.path.join` for every entry costs more than the rest of the loop.
        inside = absolute if absolute.endswith(os.sep) else absolute + os.sep
        shown_inside = shown if shown.endswith(os.sep) else shown + os.sep
        for entry in entries:
            if entry.is_symlink():
                continue
            child = inside + entry.name
            relative = child[len(root) + 1 :] if child.startswith(root + os.sep) else None
            if relative is not None and os.sep != "/":
                relative = relative.replace(os.sep, "/")
            if entry.is_dir():
                if entry.name == ".git" or entry.name == CACHE_FOLDER:
                    continue
                skipped = entry.name in ALWAYS_SKIPPED_DIRS or _ignored(child, ignores, is_dir=True)
                if skipped and not tracked.holds(child):
                    continue  # git tracks nothing below it
                if relative is not None and file_filter.excluded(relative, is_dir=True):
                    continue
                folders.append((shown_inside + entry.name, child, ignores, tracked_only or skipped))
            elif file_filter.readable(entry.name):
                if (tracked_only or _ignored(child, ignores)) and not tracked.is_tracked(child):
                    continue  # git ignores only what it does not track
                if relative is not None and (file_filter.excluded(relative) or not file_filter.included(relative)):
                    continue
                yield shown_inside + entry.name
        stack.extend(reversed(folders))


class _Tracked:
    """The files git tracks in the work tree holding a folder (none outside a work tree, or
    without git): `.gitignore` and the built-in excludes never hide a tracked file."""

    def __init__(self, top: Path) -> None:
        self._files: frozenset[str] = frozenset()
        self._folders: frozenset[str] = frozenset()
        self._top = top
        self._read = False

    def _load(self) -> None:
        """Asked only when an ignore rule or built-in exclude would skip something."""
        self._read = True
        try:
            listed = subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--full-name"],
                cwd=self._top,
                capture_output=True,
                check=True,
            ).stdout
            top = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"], cwd=self._top, capture_output=True, check=True, text=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return
        files = {os.path.join(top, os.fsdecode(name)) for name in listed.split(b"\0") if name}
        folders: set[str] = set()
        for path in files:
            folder = os.path.dirname(path)
            while folder not in folders and len(folder) > len(top):
                folders.add(folder)
                folder = os.path.dirname(folder)
        self._files, self._folders = frozenset(files), frozenset(folders)

    def is_tracked(self, path: str) -> bool:
        """Whether git tracks the file at this absolute path."""
        if not self._read:
            self._load()
        return os.path.realpath(path) in self._files

    def holds(self, folder: str) -> bool:
        """Whether git tracks a file somewhere below this absolute folder."""
        if not self._read:
            self._load()
        return os.path.realpath(folder) in self._folders


def _parent_ignores(top: Path) -> list[tuple[Path, GitIgnoreSpec]]:
    """`.gitignore` files of the folders above `top`, up to the repository root."""
    found: list[tuple[Path, GitIgnoreSpec]] = []
    current = Path(os.path.abspath(top)).parent
    for folder in [current, *current.parents]:
        gitignore = folder / ".gitignore"
        if gitignore.is_file():
            found.append((folder, _read_ignore(gitignore)))
        if (folder / ".git").exists():
            break
    return list(reversed(found))


def _read_ignore(path: Path) -> GitIgnoreSpec:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return gitignore_spec([])
    try:
        return gitignore_spec(lines)
    except ValueError:
        # Git ignores a line it cannot read (`!` alone, a lone `\`); so does the walk.
        return gitignore_spec([line for line in lines if _valid_line(line)])


def _valid_line(line: str) -> bool:
    try:
        gitignore_spec([line])
    except ValueError:
        return False
    return True


def _ignored(path: str, ignores: list[tuple[str, GitIgnoreSpec]], *, is_dir: bool = False) -> bool:
    for folder, spec in ignores:
        relative = path[len(folder) + 1 :].replace(os.sep, "/")
        if spec.match_file(relative + "/" if is_dir else relative):
            return True
    return False
