"""Git's own file set: what `git ls-files --cached --others --exclude-standard` lists.

Asking git, rather than reading `.gitignore` files again, gets every rule of git right at
once: tracked files are never ignored, `.git/info/exclude` and `core.excludesFile` count,
and a nested `!pattern` re-includes as git decides.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Modes of index entries that are not files to read: symbolic links and submodules.
_NOT_FILES = frozenset({b"120000", b"160000"})


@dataclass(frozen=True)
class GitFiles:
    """The files below a folder that git shows, relative to it with `/` separators."""

    tracked: tuple[str, ...]
    untracked: tuple[str, ...]


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        completed = subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-files", "-z", *args],
            cwd=folder,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    return completed.stdout if completed.returncode == 0 else None


def _names(listing: bytes) -> list[str]:
    return [os.fsdecode(name) for name in listing.split(b"\0") if name]


def git_files(folder: Path) -> GitFiles | None:
    """The files git shows below `folder`; None outside a work tree (or without git).

    Tracked entries that are symbolic links, submodules or deleted from the work tree are
    left out, as the walk leaves them out.
    """
    staged = _git(folder, "--stage")
    if staged is None:
        return None
    deleted = set(_names(_git(folder, "--deleted") or b""))
    tracked: dict[str, None] = {}  # ordered, once each (a conflicted file has several stages)
    for entry in staged.split(b"\0"):
        if not entry:
            continue
        info, _, name = entry.partition(b"\t")
        if info.split(b" ", 1)[0] in _NOT_FILES:
            continue
        path = os.fsdecode(name)
        if path not in deleted:
            tracked[path] = None
    untracked = [
        path for path in _names(_git(folder, "--others", "--exclude-standard") or b"") if _regular(folder, path)
    ]
    return GitFiles(tuple(tracked), tuple(untracked))


def _regular(folder: Path, path: str) -> bool:
    """Untracked entries are few: each is checked to be a file, not a link or a nested repository."""
    full = os.path.join(folder, path)
    return not os.path.islink(full) and os.path.isfile(full)


def ignored_by_git(folder: Path) -> list[tuple[str, str]]:
    """Untracked paths below `folder` that git ignores (a folder once, with a trailing `/`),
    each with the rule that ignores it (`.gitignore:3:build/`), for `--show-files -v`."""
    listing = _git(folder, "--others", "--ignored", "--exclude-standard", "--directory")
    paths = _names(listing or b"")
    if not paths:
        return []
    try:
        completed = subprocess.run(
            ["git", "check-ignore", "-v", "-z", "--no-index", "--stdin"],
            cwd=folder,
            input=b"\0".join(os.fsencode(path) for path in paths) + b"\0",
            capture_output=True,
            check=False,
        )
    except OSError:
        return [(path, "ignored by git") for path in paths]
    fields = completed.stdout.split(b"\0")
    rules: dict[str, str] = {}
    for start in range(0, len(fields) - 3, 4):
        source, line, pattern, path = (os.fsdecode(field) for field in fields[start : start + 4])
        rules[path] = f"{source}:{line}:{pattern}"
    return [(path, f"ignored by git ({rules[path]})" if path in rules else "ignored by git") for path in paths]
