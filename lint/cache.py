"""The result cache: findings of a file keyed by its content, its paths, the vocabulary and
the build of the tool (`lint.fingerprint`).

It lives in `.vocab-lint-cache/` at the project root (a folder that ignores itself for
git), as one SQLite database of JSON rows; nothing in it is ever executed or unpickled.
Each row is signed with a secret kept in the user's own cache folder (never in the
project), so a planted or committed cache is worth nothing: a row whose signature does not
verify is a miss. The runner also checks that each cached finding still stands at its
span, and fixes always rescan what they write. The cache folder is never followed through
a symbolic link. A second table records each file's stat with the hash of its bytes, so a
warm run reads only files whose stat changed (and those with findings, to check them).
Rows that no run has used for `KEEP_RUNS` runs are dropped. Any cache
failure (a read-only checkout, a corrupt database) turns the cache off for the run; it
never fails a run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lint.findings import Context, FileResult, Finding
from lint.fingerprint import tool_digest
from lint.rules import Rule, Severity

CACHE_FOLDER = ".vocab-lint-cache"
KEEP_RUNS = 20
_DATABASE = "results.sqlite3"
_VALID_VOCABULARIES = "valid-vocabularies"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries"
    " (key TEXT PRIMARY KEY, value TEXT NOT NULL, signature TEXT NOT NULL, run INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS stats"
    " (path TEXT PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL, signature TEXT NOT NULL, run INTEGER NOT NULL)",
    "DROP TABLE IF EXISTS results",  # the layout of earlier versions, which was never pruned
)


def content_digest(raw: bytes) -> str:
    """The hash of a file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def cache_key(content: str, display: str, scope_path: str, vocabulary_digest: str) -> str:
    """What a file's findings depend on: its bytes (`content_digest`), both its paths, the
    vocabulary, and the build of the tool (`tool_digest`)."""
    key = f"{content}\0{display}\0{scope_path}\0{vocabulary_digest}\0{tool_digest()}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def path_key(absolute: str) -> str:
    """A file's row in the stats table: the hash of its absolute path's bytes (any file name works)."""
    return hashlib.sha256(os.fsencode(absolute)).hexdigest()


def stat_key(status: os.stat_result) -> str:
    """What changes whenever a file's bytes do: size, modification and change times, inode, device.

    The change time cannot be set back by any tool, so content rewritten to the same size
    with its old modification time restored still counts as changed.
    """
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}:{status.st_dev}"


def _finding_from_json(data: dict[str, object]) -> Finding:
    fields = {name: data[name] for name in Finding.__dataclass_fields__ if name in data}
    if "in_file" in fields:
        fields["in_file"] = tuple(fields["in_file"])  # type: ignore[arg-type]
    fields["rule"] = Rule(str(fields["rule"]))
    fields["severity"] = Severity(str(fields["severity"]))
    fields["context"] = Context(str(fields["context"]))
    return Finding(**fields)  # type: ignore[arg-type]


def _encode(result: FileResult) -> str:
    findings = [f.to_json() | ({} if f.in_file is None else {"in_file": f.in_file}) for f in result.findings]
    return json.dumps({"findings": findings, "notes": list(result.notes)})


_NOTHING = _encode(FileResult(""))


def _decode(path: str, value: str) -> FileResult:
    if value == _NOTHING:
        return FileResult(path)  # most rows: no JSON to decode
    data = json.loads(value)
    findings = tuple(_finding_from_json(item) for item in data["findings"])
    return FileResult(path, findings, notes=tuple(data["notes"]))


class ResultCache:
    """Read cached results (in any process); the main process writes the new ones at the end."""

    def __init__(self, root: Path, secret: bytes | None = None) -> None:
        self.folder = root / CACHE_FOLDER
        self.database = self.folder / _DATABASE
        self._secret = secret if secret is not None else user_secret()
        self._runs: dict[str, int] = {}  # the run that last used each key found by `lookup`
        self._stat_runs: dict[str, int] = {}  # the same for each path found by `digests`

    def _usable(self) -> bool:
        """A real folder (not a link, not a file) and a secret to sign rows with."""
        return self._secret is not None and not self.folder.is_symlink() and self.folder.is_dir()

    def _prepare(self) -> bool:
        try:
            if not self.folder.is_symlink() and not self.folder.exists():
                self.folder.mkdir()
            if not self._usable():
                return False
            ignore = self.folder / ".gitignore"
            if not ignore.is_symlink() and not ignore.exists():
                _write_new(ignore, b"# Created by vocab-lint.\n*\n")
            return True
        except OSError:
            return False

    def _sign(self, key: str, value: str) -> str:
        assert self._secret is not None
        # Keyed BLAKE2 is a MAC in one C call: a warm run verifies a row per file.
        return hashlib.blake2b(f"{key}\0{value}".encode(), key=self._secret[:64], digest_size=32).hexdigest()

    def lookup(self, keys: Iterable[str]) -> dict[str, str]:
        """Cached values for those keys that have one."""
        keys = list(keys)
        if not keys or not self._usable() or self.database.is_symlink() or not self.database.is_file():
            return {}
        found: dict[str, str] = {}
        try:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, value, signature, run FROM entries WHERE key IN ({marks})"
                    for key, value, signature, run in connection.execute(query, chunk):
                        if hmac.compare_digest(signature, self._sign(key, value)):
                            found[key] = value
                            self._runs[key] = run
        except sqlite3.Error:
            return {}
        return found

    def digests(self, paths: Iterable[str]) -> dict[str, tuple[str, str]]:
        """(stat, digest) last recorded for each of `paths` (`path_key`s) whose row's signature verifies.

        A file whose stat (size, times, inode, device) is as recorded need not be read to
        know its content hash: a warm run costs a stat per file.
        """
        paths = list(paths)
        if not paths or not self._usable() or self.database.is_symlink() or not self.database.is_file():
            return {}
        found: dict[str, tuple[str, str]] = {}
        try:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
                if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'stats'").fetchone():
                    return {}
                for start in range(0, len(paths), 500):
                    chunk = paths[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT path, stat, digest, signature, run FROM stats WHERE path IN ({marks})"
                    for path, stat, digest, signature, run in connection.execute(query, chunk):
                        if hmac.compare_digest(signature, self._sign(path, f"{stat}\0{digest}")):
                            found[path] = (stat, digest)
                            self._stat_runs[path] = run
        except sqlite3.Error:
            return {}
        return found

    def results(self, keyed_paths: dict[str, str]) -> dict[str, FileResult]:
        """Cached results by key, for keys mapped to the display path they belong to."""
        return {key: _decode(keyed_paths[key], value) for key, value in self.lookup(keyed_paths).items()}

    def store(self, entries: Iterable[tuple[str, FileResult]], stats: Iterable[tuple[str, str, str]] = ()) -> None:
        """Remember new results (errors are not cached: the next run tries again), and prune.

        A run counts as a run of the cache when it stores or reuses rows. Reused rows are
        marked as used only when their mark has aged half of `KEEP_RUNS`, so that a warm run
        mostly writes nothing. `stats` are (path key, stat, digest) of files hashed this run.
        """
        encoded = [(key, _encode(result)) for key, result in entries if result.error is None]
        stats = list(stats)
        if not (encoded or self._runs or stats) or not self._prepare() or self.database.is_symlink():
            return
        try:
            with sqlite3.connect(self.database) as connection:
                for statement in _SCHEMA:
                    connection.execute(statement)
                previous = connection.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
                run = (previous[0] if previous else 0) + 1
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (run,))
                rows = [(key, value, self._sign(key, value), run) for key, value in encoded]
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
                stale = [(run, key) for key, used in self._runs.items() if used <= run - KEEP_RUNS // 2]
                connection.executemany("UPDATE entries SET run = ? WHERE key = ?", stale)
                connection.execute("DELETE FROM entries WHERE run <= ?", (run - KEEP_RUNS,))
                signed = [
                    (path, stat, digest, self._sign(path, f"{stat}\0{digest}"), run) for path, stat, digest in stats
                ]
                connection.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?)", signed)
                aged = [(run, path) for path, used in self._stat_runs.items() if used <= run - KEEP_RUNS // 2]
                connection.executemany("UPDATE stats SET run = ? WHERE path = ?", aged)
                connection.execute("DELETE FROM stats WHERE run <= ?", (run - KEEP_RUNS,))
        except sqlite3.Error:
            return

    def known_vocabulary(self, digest: str) -> Any:
        """The data of a vocabulary with this digest that passed full validation before, or
        None: a signed JSON form, read without YAML (or even importing a YAML parser)."""
        if not self._usable():
            return None
        mark = self.folder / _VALID_VOCABULARIES / digest
        try:
            if mark.is_symlink():
                return None
            signature, _, data = mark.read_text("utf-8").partition("\n")
            if not hmac.compare_digest(signature, self._sign(digest, data)):
                return None
            return json.loads(data)
        except (OSError, UnicodeDecodeError, ValueError):
            return None

    def remember_vocabulary(self, digest: str, data: Any) -> None:
        """Keep a validated vocabulary's data, so later runs skip the YAML parse and the schema."""
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return  # a value JSON cannot hold (a YAML date in free text): parsed each run
        if not self._prepare():
            return
        folder = self.folder / _VALID_VOCABULARIES
        try:
            if not folder.is_symlink():
                folder.mkdir(exist_ok=True)
                # Written aside and renamed over: a mark signed with an earlier secret is
                # replaced, and a link planted at the name is replaced, not followed.
                staged = folder / f".{digest}.{os.urandom(8).hex()}"
                try:
                    _write_new(staged, f"{self._sign(digest, text)}\n{text}".encode())
                    os.replace(staged, folder / digest)
                finally:
                    staged.unlink(missing_ok=True)
        except OSError:
            return


def _write_new(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Create `path` with `data`; never follows a link planted at that name."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


def user_secret() -> bytes | None:
    """The key that signs this user's cache rows, created on first use; None when it cannot be kept.

    It lives outside every project (`$XDG_CACHE_HOME/vocab-lint/secret`, by default under
    `~/.cache`), readable by its owner only, so no repository can ship rows that verify.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base, "vocab-lint", "secret")
    for _ in range(2):
        try:
            secret = path.read_bytes()
            if len(secret) >= 32:
                return secret
            path.unlink()  # cut short by a crash: make a new one
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_new(path, os.urandom(32), mode=0o600)
        except FileExistsError:
            continue  # another process made it first: read theirs
        except OSError:
            return None
    return None


def clean(root: Path) -> bool:
    """Remove the cache under `root` (a link or a file of that name is removed, not followed)."""
    folder = root / CACHE_FOLDER
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
        return True
    if not folder.exists():
        return False
    import shutil

    shutil.rmtree(folder)
    return True
