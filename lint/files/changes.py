"""The lines a change added or edited since a revision, for `check --changed-since REV`.

The base is the merge base of REV and HEAD, as a pull request is compared; the work tree
(committed, staged and unstaged edits) is compared with it by `git diff -U0`, and a file
git does not track yet counts whole. Renames are followed, so a moved file is judged on the
lines that changed in it, not on all of them.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lint.errors import LintError

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class Changes:
    """Changed lines by absolute file path; a path mapped to None changed whole (it is new)."""

    base: str
    lines: dict[str, frozenset[int] | None]

    def touches(self, path: str) -> bool:
        """Whether the file at this absolute path changed at all."""
        return os.path.realpath(path) in self.lines

    def holds(self, path: str, line: int) -> bool:
        """Whether this line of the file at this absolute path was added or edited."""
        changed = self.lines.get(os.path.realpath(path), frozenset())
        return changed is None or line in changed


def _git(cwd: Path, *args: str) -> bytes:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise LintError(f"--changed-since needs git: {exc}") from exc
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LintError(f"--changed-since: git {args[0]} failed: {message[-1] if message else completed.returncode}")
    return completed.stdout


def changes_since(cwd: Path, revision: str) -> Changes:
    """What changed in the work tree holding `cwd` since the merge base of `revision` and HEAD."""
    top = Path(os.fsdecode(_git(cwd, "rev-parse", "--show-toplevel").strip()))
    try:
        base = _git(cwd, "merge-base", revision, "HEAD").decode().strip()
    except LintError:
        raise LintError(f"--changed-since: '{revision}' is not a revision with a common history with HEAD") from None
    diff = _git(
        top,
        "-c",
        "core.quotePath=false",
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        base,
        "--",
    )
    lines: dict[str, frozenset[int] | None] = {
        os.path.realpath(top / path): frozenset(numbers) for path, numbers in added_lines(diff).items()
    }
    untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard")
    for name in untracked.split(b"\0"):
        if name:
            lines[os.path.realpath(top / os.fsdecode(name))] = None
    return Changes(base, lines)


def added_lines(diff: bytes) -> dict[str, set[int]]:
    """The new side's line numbers of every hunk of a `-U0` patch, by the new path."""
    found: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith(b"+++ "):
            target = line[4:]
            if target == b"/dev/null":
                current = None  # a deleted file has no new lines
                continue
            path = _unquoted(target)[2:]  # past "b/"
            current = found.setdefault(path, set())
        elif line.startswith(b"@@") and current is not None:
            hunk = _HUNK.match(line)
            if hunk is not None:
                start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
                current.update(range(start, start + count))
    return found


def _unquoted(name: bytes) -> str:
    """A path as git writes it in a patch header: as is, or C-quoted when it holds odd bytes."""
    if not name.startswith(b'"'):
        return os.fsdecode(name)
    body = name[1:-1].decode("latin-1")
    out = bytearray()
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            following = body[index + 1]
            if following in "01234567":
                out.append(int(body[index + 1 : index + 4], 8))
                index += 4
                continue
            out.extend(_ESCAPES.get(following, following).encode("latin-1"))
            index += 2
            continue
        out.extend(char.encode("latin-1"))
        index += 1
    return os.fsdecode(bytes(out))
