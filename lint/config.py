"""Find the vocabulary and project settings for a run.

Order (`docs/install.md`): `--vocab`, then `[tool.vocab-lint] vocab` in the nearest
`pyproject.toml`, then `vocab.yaml` in the current folder or the nearest parent holding
one, then the embedded default. The project root, against which globs and historical or
audience paths are matched, is the folder of the settings that were found.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint.errors import LintError
from lint.vocabulary.load import default_vocabulary_path, load_vocabulary, load_vocabulary_quickly
from lint.vocabulary.model import Vocabulary

if TYPE_CHECKING:
    from lint.cache import ResultCache

VOCABULARY_FILENAME = "vocab.yaml"
_SETTINGS_KEYS = frozenset({"vocab", "include", "exclude"})


@dataclass(frozen=True)
class Settings:
    """Where the vocabulary is, which folder is the project root, and extra path globs."""

    vocabulary: Path
    root: Path
    is_default: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def vocabulary_label(self) -> str:
        """How messages name the vocabulary file."""
        return "<embedded default vocab.yaml>" if self.is_default else _display(self.vocabulary)


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def find_settings(cwd: Path, vocab_option: Path | None = None) -> Settings:
    """Settings for a run started in `cwd`."""
    cwd = cwd.resolve()
    pyproject = _nearest(cwd, "pyproject.toml", require_table=True)
    table: dict[str, Any] = _tool_table(pyproject) if pyproject is not None else {}
    include = _globs(table, "include", pyproject)
    exclude = _globs(table, "exclude", pyproject)
    if vocab_option is not None:
        if not vocab_option.is_file():
            raise LintError(f"vocabulary file not found: {vocab_option}")
        root = pyproject.parent if pyproject is not None else cwd
        return Settings(vocab_option, root, False, include, exclude)
    if pyproject is not None and "vocab" in table:
        if not isinstance(table["vocab"], str):
            raise LintError(f"{_display(pyproject)}: [tool.vocab-lint] vocab must be a string (a file path)")
        vocab = pyproject.parent / table["vocab"]
        if not vocab.is_file():
            raise LintError(f"{_display(pyproject)}: [tool.vocab-lint] vocab = '{table['vocab']}' does not exist")
        return Settings(vocab, pyproject.parent, False, include, exclude)
    found = _nearest(cwd, VOCABULARY_FILENAME)
    if found is not None:
        return Settings(found, found.parent, False, include, exclude)
    root = pyproject.parent if pyproject is not None else cwd
    return Settings(default_vocabulary_path(), root, True, include, exclude)


def _nearest(start: Path, filename: str, *, require_table: bool = False) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / filename
        if candidate.is_file() and (not require_table or "vocab-lint" in _read_tool(candidate)):
            return candidate
    return None


def _read_tool(pyproject: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _tool_table(pyproject: Path) -> dict[str, Any]:
    table = _read_tool(pyproject).get("vocab-lint", {})
    if not isinstance(table, dict):
        raise LintError(f"{_display(pyproject)}: [tool.vocab-lint] must be a table")
    unknown = sorted(set(table) - _SETTINGS_KEYS)
    if unknown:
        raise LintError(
            f"{_display(pyproject)}: unknown key '{unknown[0]}' in [tool.vocab-lint]; expected one of: "
            + ", ".join(sorted(_SETTINGS_KEYS))
        )
    return table


def _globs(table: dict[str, Any], key: str, pyproject: Path | None) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LintError(
            f"{_display(pyproject or Path('pyproject.toml'))}: [tool.vocab-lint] {key} must be a list of strings"
        )
    for glob in value:
        problem = glob_problem(glob)
        if problem is not None:
            raise LintError(f"{_display(pyproject or Path('pyproject.toml'))}: [tool.vocab-lint] {key}: {problem}")
    return tuple(value)


def glob_problem(glob: str) -> str | None:
    """Why a gitignore-style glob is invalid (`!` alone, a lone `\\`), or None."""
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([glob])
    except ValueError as exc:
        return str(exc)
    return None


def load_settings_and_vocabulary(
    cwd: Path, vocab: Path | None, cache: ResultCache | None = None, *, quick: bool = False
) -> tuple[Settings, Vocabulary]:
    """Find the settings for `cwd` and load the vocabulary they name.

    `quick` (the `check` path): the embedded default, or a vocabulary that passed full
    validation before (a mark in the cache), is loaded without positions or schema checks;
    any problem falls back to the full load.
    """
    settings = find_settings(cwd, vocab)
    return settings, vocabulary_of(settings, cache, quick=quick)


def vocabulary_of(settings: Settings, cache: ResultCache | None = None, *, quick: bool = False) -> Vocabulary:
    """Load the vocabulary that `settings` name (see `load_settings_and_vocabulary`)."""
    label = settings.vocabulary_label
    if not quick:
        return load_vocabulary(settings.vocabulary, display_name=label)
    return load_vocabulary_quickly(settings.vocabulary, label, cache, trusted=settings.is_default)
