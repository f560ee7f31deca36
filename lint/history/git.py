"""Read a repository at a revision through git itself, never by checking it out.

`git ls-tree` lists the files of a revision and one `git cat-file --batch` process reads
their contents; the work tree is read from disk (its tracked files, as `git ls-files`
lists them, plus untracked files git does not ignore).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lint.errors import LintError
from lint.files.discovery import printable_path


@dataclass(frozen=True)
class Rename:
    """A file git saw move between two revisions (`git diff -M`)."""

    old: str
    new: str


@dataclass(frozen=True)
class Version:
    """One file as a commit between two revisions left it (`git log --raw`)."""

    path: str
    blob: str


class Repository:
    """One git work tree."""

    def __init__(self, folder: Path) -> None:
        top = self._git(["rev-parse", "--show-toplevel"], cwd=folder).strip()
        self.root = Path(top)

    def _git(self, arguments: list[str], *, cwd: Path | None = None, data: bytes | None = None) -> str:
        try:
            completed = subprocess.run(
                ["git", *arguments], cwd=cwd or self.root, input=data, capture_output=True, check=False
            )
        except FileNotFoundError as exc:
            raise LintError("git is not installed") from exc
        if completed.returncode != 0:
            message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
            raise LintError(f"git {arguments[0]}: {message[-1] if message else 'failed'}")
        return completed.stdout.decode("utf-8", "surrogateescape")

    def resolve(self, revision: str) -> str:
        """The commit a revision names (a clear error for one that names nothing)."""
        try:
            return self._git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"]).strip()
        except LintError:
            raise LintError(f"no such revision in {self.root}: {printable_path(revision)}") from None

    def files(self, revision: str | None, suffixes: tuple[str, ...]) -> dict[str, str]:
        """Paths (with `/`) of the files of a revision (None: the work tree) and how to read them."""
        if revision is None:
            listed = self._git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
            return {
                path: path for path in listed.split("\0") if path.endswith(suffixes) and (self.root / path).is_file()
            }
        listed = self._git(["ls-tree", "-r", "-z", "--full-tree", revision])
        found: dict[str, str] = {}
        for entry in listed.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, blob = meta.split()
            if kind == "blob" and mode != "120000" and path.endswith(suffixes):
                found[path] = blob
        return found

    def read(self, revision: str | None, files: dict[str, str]) -> Iterator[tuple[str, str]]:
        """(path, text) of each file, decoded as UTF-8 with replacement characters."""
        if revision is None:
            for path in files:
                try:
                    yield path, (self.root / path).read_bytes().decode("utf-8", "replace")
                except OSError:
                    continue
            return
        yield from self.read_versions([Version(path, blob) for path, blob in files.items()])

    def read_versions(self, versions: list[Version]) -> Iterator[tuple[str, str]]:
        """(path, text) of each stored file version, through one `git cat-file --batch`."""
        request = "".join(f"{version.blob}\n" for version in versions).encode()
        completed = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=self.root, input=request, capture_output=True, check=True
        )
        output, cursor = completed.stdout, 0
        for version in versions:
            header_end = output.index(b"\n", cursor)
            size = int(output[cursor:header_end].split()[2])
            body = output[header_end + 1 : header_end + 1 + size]
            cursor = header_end + 1 + size + 1
            yield version.path, body.decode("utf-8", "replace")

    def word_diffs(self, since: str, until: str | None, pattern: str, globs: tuple[str, ...]) -> str:
        """Each commit's `--word-diff=porcelain` from `since` to `until` (None: on to the work
        tree), a word being what `pattern` matches: a rename shows in the commit that made it."""
        words = ["-M", "--no-color", "--no-ext-diff", "--word-diff=porcelain", f"--word-diff-regex={pattern}"]
        logged = self._git(
            ["log", "-p", "--no-merges", "--format=", *words, f"{since}..{until or 'HEAD'}", "--", *globs]
        )
        return logged if until else logged + self._git(["diff", *words, "HEAD", "--", *globs])

    def history(self, since: str, until: str | None, suffixes: tuple[str, ...]) -> tuple[list[Version], list[Rename]]:
        """The file versions each commit after `since` (up to `until`, None: HEAD) wrote, and its moves."""
        listed = ["log", "--raw", "--no-abbrev", "-M", "-z", "--no-merges", "--format=", f"{since}..{until or 'HEAD'}"]
        parts = self._git(listed).split("\0")
        versions: list[Version] = []
        renames: list[Rename] = []
        index = 0
        while index < len(parts) - 1:
            meta = parts[index].strip()
            if not meta.startswith(":"):
                index += 1
                continue
            blob, status = meta.split()[3:5]
            paths = parts[index + 1 : index + (3 if status.startswith(("R", "C")) else 2)]
            index += 1 + len(paths)
            if paths[-1].endswith(suffixes) and not status.startswith("D"):
                versions.append(Version(paths[-1], blob))
            if status.startswith("R") and paths[0].endswith(suffixes):
                renames.append(Rename(paths[0], paths[1]))
        return versions, renames

    def changed(self, since: str, until: str | None, suffixes: tuple[str, ...]) -> tuple[set[str], list[Rename]]:
        """Files that differ between two revisions, and the renames among them."""
        arguments = ["diff", "--name-status", "-z", "-M", since] + ([until] if until else [])
        fields = self._git(arguments).split("\0")
        changed: set[str] = set()
        renames: list[Rename] = []
        index = 0
        while index < len(fields) - 1:
            status = fields[index]
            if status.startswith(("R", "C")):
                old, new = fields[index + 1], fields[index + 2]
                index += 3
                changed.update((old, new))
                if status.startswith("R") and old.endswith(suffixes):
                    renames.append(Rename(old, new))
                continue
            changed.add(fields[index + 1])
            index += 2
        return {path for path in changed if path.endswith(suffixes)}, renames
