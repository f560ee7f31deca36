"""The result cache: findings of a file keyed by its content, its paths, the vocabulary and the tool.

It lives in `.vocab-lint-cache/` at the project root (a folder that ignores itself for
git), as one SQLite database of JSON rows; nothing in it is ever executed or unpickled, so
a planted cache can at worst make a run report stale findings, which `--no-cache` or
`vocab-lint clean` clears. Rows that no run has used for `KEEP_RUNS` runs are dropped, so
the database does not grow with every edit. Any cache failure (a read-only checkout, a corrupt database)
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
KEEP_RUNS = 20
_DATABASE = "results.sqlite3"
_VALID_VOCABULARIES = "valid-vocabularies"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, run INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "DROP TABLE IF EXISTS results",  # the layout of earlier versions, which was never pruned
)


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
        self._runs: dict[str, int] = {}  # the run that last used each key found by `lookup`

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
                    rows = connection.execute(f"SELECT key, value, run FROM entries WHERE key IN ({marks})", chunk)
                    for key, value, run in rows:
                        found[key] = value
                        self._runs[key] = run
        except sqlite3.Error:
            return {}
        return found

    def results(self, keyed_paths: dict[str, str]) -> dict[str, FileResult]:
        """Cached results by key, for keys mapped to the display path they belong to."""
        return {key: _decode(keyed_paths[key], value) for key, value in self.lookup(keyed_paths).items()}

    def store(self, entries: Iterable[tuple[str, FileResult]]) -> None:
        """Remember new results (errors are not cached: the next run tries again), and prune.

        A run counts as a run of the cache when it stores or reuses rows. Reused rows are
        marked as used only when their mark has aged half of `KEEP_RUNS`, so that a warm run
        mostly writes nothing.
        """
        results = [(key, _encode(result)) for key, result in entries if result.error is None]
        if not (results or self._runs) or not self._prepare():
            return
        try:
            with sqlite3.connect(self.database) as connection:
                for statement in _SCHEMA:
                    connection.execute(statement)
                previous = connection.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
                run = (previous[0] if previous else 0) + 1
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (run,))
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", [(*r, run) for r in results])
                stale = [(run, key) for key, used in self._runs.items() if used <= run - KEEP_RUNS // 2]
                connection.executemany("UPDATE entries SET run = ? WHERE key = ?", stale)
                connection.execute("DELETE FROM entries WHERE run <= ?", (run - KEEP_RUNS,))
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
