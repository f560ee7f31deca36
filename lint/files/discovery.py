"""Find the files to scan: git's file set, include and exclude globs.

In a git work tree a folder's files are those git shows (`gitfiles`); elsewhere the folder
is walked once, every `.gitignore` met on the way applying below its folder as git
applies it. The built-in excludes (build output, virtual environments, caches) hide only
what git does not track. Files named explicitly (the pre-commit case) are scanned
whatever excludes them, unless `force_exclude` is set (Ruff's semantics).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lint.cache import CACHE_FOLDER
from lint.files.gitfiles import GitFiles, git_files, ignored_by_git
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


# Folders never entered: git's own store, and the result cache.
NEVER_ENTERED = frozenset({".git", CACHE_FOLDER})

# Folders of build output, virtual environments and caches: skipped unless git tracks what
# is in them (a package named `build` is common). `exclude` replaces this list.
BUILT_IN_EXCLUDES = (
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
    "site-packages",
    "build",
    "dist",
)

# Told of each path left out, and why (`--show-files -v`).
SkipHandler = Callable[[str, str], None]


class FileFilter:
    """Which files are wanted: those of the given suffixes (the formats the tool reads), and
    the include and exclude globs, relative to the project root.

    `exclude` pairs each glob with where it was written, for `--show-files -v` to tell;
    `built_in` keeps the built-in excludes for what git does not track.
    """

    def __init__(
        self,
        root: Path,
        suffixes: frozenset[str],
        include: Sequence[str] = (),
        exclude: Sequence[tuple[str, str]] = (),
        *,
        built_in: bool = True,
        force_exclude: bool = False,
    ) -> None:
        self.root = Path(os.path.abspath(root))
        self._suffixes = suffixes
        self._include = gitignore_spec(include) if include else None
        self._exclude_globs = list(exclude)
        self._exclude = gitignore_spec([glob for glob, _ in exclude]) if exclude else None
        self.built_in = frozenset(BUILT_IN_EXCLUDES) if built_in else frozenset()
        self.force_exclude = force_exclude

    def relative(self, path: Path) -> str | None:
        """The path relative to the project root with `/` separators, or None if outside it."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def exclusion(self, relative: str, *, is_dir: bool = False) -> str | None:
        """Which exclude glob names this path (or one of its folders), as a reason; or None."""
        if self._exclude is None:
            return None
        result = self._exclude.check_file(relative + "/" if is_dir else relative)
        if not result.include or result.index is None:
            return None
        glob, origin = self._exclude_globs[result.index]
        return f"excluded by '{glob}' ({origin})"

    def built_in_exclusion(self, folders: Sequence[str]) -> str | None:
        """The built-in exclude that one of these folder names is, as a reason; or None."""
        hit = next((name for name in folders if name in self.built_in), None)
        return None if hit is None else f"built-in exclude '{hit}/' (git does not track it)"

    def named_file_exclusion(self, path: Path) -> str | None:
        """Why the excludes leave out a file named by the user (with `force_exclude`, or an
        editor's buffer), or None: the built-in folders and the exclude globs."""
        relative = self.relative(path)
        folders = (relative or path.as_posix()).split("/")[:-1]
        return self.built_in_exclusion(folders) or (self.exclusion(relative) if relative is not None else None)

    def readable(self, name: str) -> bool:
        """Whether a file name is of a format the tool reads (`NOTES.MD` is as `notes.md` is)."""
        return os.path.splitext(name)[1].lower() in self._suffixes

    def included(self, relative: str) -> bool:
        """Whether the include globs (when given) name this file."""
        return self._include is None or bool(self._include.match_file(relative))


NOT_READ = "not a kind of file vocab-lint reads"
NOT_INCLUDED = "not matched by include"


def discover(
    paths: Sequence[Path],
    file_filter: FileFilter,
    on_error: Callable[[Path, str], None] | None = None,
    on_skip: SkipHandler | None = None,
) -> Iterator[str]:
    """Yield the files to scan under `paths`, in a stable order, each once.

    A folder that cannot be read is passed to `on_error` and skipped; the walk goes on.
    """
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            listed = git_files(path)
            candidates: Iterator[str] = (
                _walk(path, file_filter, on_error, on_skip)
                if listed is None
                else _git_candidates(path, listed, file_filter, on_skip)
            )
        else:
            candidates = iter([str(path)]) if _explicit_file_wanted(path, file_filter, on_skip) else iter(())
        if len(paths) == 1:
            yield from candidates  # one folder or file names each file once
            return
        for candidate in candidates:
            key = os.path.abspath(candidate)
            if key not in seen:
                seen.add(key)
                yield candidate


def _explicit_file_wanted(path: Path, file_filter: FileFilter, on_skip: SkipHandler | None) -> bool:
    """A file named on the command line is scanned, unless `force_exclude` and an exclude say not."""
    reason = NOT_READ if not file_filter.readable(path.name) else None
    if reason is None and file_filter.force_exclude:
        reason = file_filter.named_file_exclusion(path)
    if reason is not None and on_skip is not None:
        on_skip(str(path), reason)
    return reason is None


def _git_candidates(top: Path, listed: GitFiles, file_filter: FileFilter, on_skip: SkipHandler | None) -> Iterator[str]:
    """The files git shows below `top` that the filter wants, sorted."""
    shown_top = "" if str(top) == "." else str(top).rstrip(os.sep) + os.sep
    top_relative = file_filter.relative(top)
    untracked = frozenset(listed.untracked)
    if on_skip is not None:
        for path, why in ignored_by_git(top):
            if path.split("/", 1)[0] == CACHE_FOLDER:
                continue  # the tool's own cache, never a candidate
            on_skip(shown_top + path.replace("/", os.sep), why)
    for path in sorted((*listed.tracked, *listed.untracked)):
        shown = shown_top + path.replace("/", os.sep)
        relative = None if top_relative is None else path if top_relative == "." else f"{top_relative}/{path}"
        reason = _reason(path, relative, path in untracked, file_filter)
        if reason is None:
            yield shown
        elif on_skip is not None:
            on_skip(shown, reason)


def _reason(path: str, relative: str | None, untracked: bool, file_filter: FileFilter) -> str | None:
    """Why a file git shows is not scanned, or None."""
    if not file_filter.readable(path):
        return NOT_READ
    if untracked:
        built_in = file_filter.built_in_exclusion(path.split("/")[:-1])
        if built_in is not None:
            return built_in
    if relative is None:
        return None
    if not file_filter.included(relative):
        return NOT_INCLUDED
    return file_filter.exclusion(relative)


def _walk(
    top: Path, file_filter: FileFilter, on_error: Callable[[Path, str], None] | None, on_skip: SkipHandler | None
) -> Iterator[str]:
    """Outside git: depth-first, sorted, with `os.scandir` so that each entry costs no extra `stat`."""
    root = str(file_filter.root)
    inherited = [(str(folder), spec) for folder, spec in _parent_ignores(top)]
    stack: list[tuple[str, str, list[tuple[str, GitIgnoreSpec]]]] = [(str(top), os.path.abspath(top), inherited)]
    while stack:
        shown, absolute, ignores = stack.pop()
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
            is_dir = entry.is_dir()
            if is_dir and entry.name in NEVER_ENTERED:
                continue
            if not is_dir and not file_filter.readable(entry.name):
                if on_skip is not None:
                    on_skip(shown_inside + entry.name, NOT_READ)
                continue
            reason = _walk_reason(entry.name, child, relative, is_dir, ignores, file_filter)
            if reason is not None:
                if on_skip is not None:
                    on_skip(shown_inside + entry.name + (os.sep if is_dir else ""), reason)
            elif is_dir:
                folders.append((shown_inside + entry.name, child, ignores))
            else:
                yield shown_inside + entry.name
        stack.extend(reversed(folders))


def _walk_reason(
    name: str,
    path: str,
    relative: str | None,
    is_dir: bool,
    ignores: list[tuple[str, GitIgnoreSpec]],
    file_filter: FileFilter,
) -> str | None:
    """Why the walk leaves out an entry it met, or None."""
    if is_dir and name in file_filter.built_in:
        return file_filter.built_in_exclusion([name])
    ignored = _ignored(path, ignores, is_dir=is_dir)
    if ignored is not None:
        return ignored
    if relative is None:
        return None
    if not is_dir and not file_filter.included(relative):
        return NOT_INCLUDED
    return file_filter.exclusion(relative, is_dir=is_dir)


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


def _ignored(path: str, ignores: list[tuple[str, GitIgnoreSpec]], *, is_dir: bool = False) -> str | None:
    """Whether the `.gitignore` files over `path` ignore it, as git decides: a deeper file's
    last matching line wins (so a nested `!keep.md` re-includes); the reason, or None."""
    decided: str | None = None
    for folder, spec in ignores:
        relative = path[len(folder) + 1 :].replace(os.sep, "/")
        result = spec.check_file(relative + "/" if is_dir else relative)
        if result.include is not None:
            where = os.path.relpath(os.path.join(folder, ".gitignore"))
            decided = f"ignored by git ({where})" if result.include else None
    return decided
