"""Find the vocabulary and project settings for a run.

Order (`docs/install.md`): `--vocab`, then `vocabulary` in the nearest settings file (a
`vocab-lint.toml`, or a `pyproject.toml` with `[tool.vocab-lint]`), then `vocab.yaml` in
the current folder or the nearest parent holding one, then the embedded default. The
project root, against which globs and historical or audience paths are matched, is the
folder of the settings file, or else of the vocabulary found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint.errors import LintError
from lint.settings_file import PYPROJECT, SETTINGS_FILENAME, SettingsTable, display, holds_settings, read_settings
from lint.vocabulary.load import default_vocabulary_path, load_vocabulary, load_vocabulary_quickly
from lint.vocabulary.model import Vocabulary

if TYPE_CHECKING:
    from lint.cache import ResultCache

VOCABULARY_FILENAME = "vocab.yaml"
EMBEDDED_DEFAULT = "embedded default: async capacity vocabulary of NVIDIA-NeMo/DataDesigner"


@dataclass(frozen=True)
class Settings:
    """Where the vocabulary is, which folder is the project root, and the settings table."""

    vocabulary: Path
    root: Path
    is_default: bool = False
    table: SettingsTable | None = None
    vocabulary_origin: str = "default"

    @property
    def vocabulary_label(self) -> str:
        """How messages name the vocabulary file."""
        return "<embedded default vocab.yaml>" if self.is_default else display(self.vocabulary)

    def value(self, key: str, default: Any = None) -> Any:
        """The settings file's value for `key` (a name of `settings_file.KEYS`), or `default`."""
        return default if self.table is None else self.table.values.get(key, default)

    def origin(self, key: str) -> str:
        """Where a setting's value comes from: `FILE:LINE`, or "default"."""
        if self.table is None or key.split(".", 1)[0] not in self.table.values:
            return "default"
        return self.table.where(key)

    @property
    def summary_label(self) -> str:
        """How the summary line names the vocabulary that ran."""
        return f"the {EMBEDDED_DEFAULT.replace(': ', ' (', 1)})" if self.is_default else self.vocabulary_label

    @property
    def include(self) -> tuple[str, ...]:
        """The settings file's include globs."""
        return tuple(self.value("include", ()))


def find_settings(cwd: Path, vocab_option: Path | None = None) -> Settings:
    """Settings for a run started in `cwd`."""
    cwd = cwd.resolve()
    settings_path = nearest_settings_file(cwd)
    table = read_settings(settings_path) if settings_path is not None else None
    root = settings_path.parent if settings_path is not None else cwd
    if vocab_option is not None:
        if not vocab_option.is_file():
            raise LintError(f"vocabulary file not found: {vocab_option}")
        return Settings(vocab_option, root, False, table, "--vocab")
    if table is not None and "vocabulary" in table.values:
        vocab = table.path.parent / table.values["vocabulary"]
        if not vocab.is_file():
            where = table.where("vocabulary")
            raise LintError(f"{where}: vocabulary = '{table.values['vocabulary']}' does not exist")
        return Settings(vocab, root, False, table, table.where("vocabulary"))
    found = _nearest_vocabulary(cwd)
    if found is not None:
        # The settings file's folder stays the root: its globs are written relative to it.
        root = root if settings_path is not None else found.parent
        return Settings(found, root, False, table, f"{VOCABULARY_FILENAME} found from {display(cwd)}")
    return Settings(default_vocabulary_path(), root, True, table, EMBEDDED_DEFAULT)


def nearest_settings_file(start: Path) -> Path | None:
    """The nearest `vocab-lint.toml`, or pyproject.toml with `[tool.vocab-lint]`, from `start` up;
    in one folder the first wins, as `ruff.toml` wins over pyproject.toml."""
    for folder in [start, *start.parents]:
        for name in (SETTINGS_FILENAME, PYPROJECT):
            if holds_settings(folder / name):
                return folder / name
    return None


def _nearest_vocabulary(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / VOCABULARY_FILENAME
        if candidate.is_file():
            return candidate
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
