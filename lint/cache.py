"""The result cache: findings of a file keyed by its content, its paths, the vocabulary and the tool.

It lives in `.vocab-lint-cache/` at the project root (a folder that ignores itself for
git), as one SQLite database of JSON rows; nothing in it is ever executed or unpickled, so
a planted cache can at worst make a run report stale findings, which `--no-cache` or
`vocab-lint clean` clears. Any cache failure (a read-only checkout, a corrupt database)
turns the cache off for the run; it never fails a run.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from lint import __version__
from lint.findings import Context, FileResult, Finding
from lint.rules import Rule, Severity

CACHE_FOLDER = ".vocab-lint-cache"
_DATABASE = "results.sqlite3"
_VALID_VOCABULARIES = "valid-vocabularies"


def cache_key(raw: bytes, display: str, scope_path: str, vocabulary_digest: str) -> str:
    """What a file's findings depend on: its bytes, both its paths, the vocabulary, the tool."""
    digest = hashlib.sha256(raw)
    digest.update(f"\0{display}\0{scope_path}\0{vocabulary_digest}\0{__version__}".encode())
    return digest.hexdigest()


def _finding_from_json(data: dict[str, object]) -> Finding:
    fields = {name: data[name] for name in Finding.__dataclass_fields__}
    fields["rule"] = Rule(str(fields["rule"]))
    fields["severity"] = Severity(str(fields["severity"]))
    fields["context"] = Context(str(fields["context"]))
    return Finding(**fields)  # type: ignore[arg-type]


def _encode(result: FileResult) -> str:
    return json.dumps({"findings": [f.to_json() for f in result.findings], "notes": list(result.notes)})


def _decode(path: str, value: str) -> FileResult:
    data = json.loads(value)
    findings = tuple(_finding_from_json(item) for item in data["findings"])
    return FileResult(path, findings, notes=tuple(data["notes"]))


class ResultCache:
    """Read cached results (in any process); the main process writes the new ones at the end."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_FOLDER
        self.database = self.folder / _DATABASE

    def _prepare(self) -> bool:
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by vocab-lint.\n*\n", encoding="utf-8")
            return True
        except OSError:
            return False

    def lookup(self, keys: Iterable[str]) -> dict[str, str]:
        """Cached values for those keys that have one."""
        keys = list(keys)
        if not keys or not self.database.is_file():
            return {}
        found: dict[str, str] = {}
        try:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk)
                    found.update(rows.fetchall())
        except sqlite3.Error:
            return {}
        return found

    def results(self, keyed_paths: dict[str, str]) -> dict[str, FileResult]:
        """Cached results by key, for keys mapped to the display path they belong to."""
        return {key: _decode(keyed_paths[key], value) for key, value in self.lookup(keyed_paths).items()}

    def store(self, entries: Iterable[tuple[str, FileResult]]) -> None:
        """Remember new results (errors are not cached: the next run tries again)."""
        rows = [(key, _encode(result)) for key, result in entries if result.error is None]
        if not rows or not self._prepare():
            return
        try:
            with sqlite3.connect(self.database) as connection:
                connection.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                connection.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)
        except sqlite3.Error:
            return

    def vocabulary_known_valid(self, digest: str) -> bool:
        """Whether a vocabulary with this digest passed full validation before."""
        return (self.folder / _VALID_VOCABULARIES / digest).is_file()

    def remember_valid_vocabulary(self, digest: str) -> None:
        """Note that a vocabulary passed full validation, so later runs skip the schema check."""
        if self._prepare():
            try:
                (self.folder / _VALID_VOCABULARIES).mkdir(exist_ok=True)
                (self.folder / _VALID_VOCABULARIES / digest).touch()
            except OSError:
                return


def clean(root: Path) -> bool:
    """Remove the cache folder under `root`; whether there was one."""
    folder = root / CACHE_FOLDER
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True
