"""Lint an editor's buffer exactly as `check` lints the file it will be saved as.

The vocabulary is found from the file's folder (the same discovery as `check`), compiled
once and kept until a vocabulary or settings file changes. The text is the buffer's, never
the file on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from lint.check import CheckOptions, file_filter_of, project_versions
from lint.config import Settings, find_settings, vocabulary_of
from lint.engine.engine import Engine
from lint.files.discovery import FileFilter
from lint.findings import Finding
from lint.fix.apply import fix_source
from lint.fix.edits import fix_text
from lint.formats import format_for
from lint.resolve import resolve, selection_of
from lint.runner import Job, make_jobs, scan_text
from lint.selection import Selection
from lint.vocabulary.windows import judged

# Findings asked one by one for a quick fix when `fix` would refuse them together.
ASKED_ALONE = 50


@dataclass(frozen=True)
class Linted:
    """One buffer's findings, with what is needed to act on them."""

    job: Job
    text: str
    findings: tuple[Finding, ...]
    engine: Engine

    def fix_all(self) -> str:
        """The buffer with every safe fix applied, in passes, as `vocab-lint fix` would."""
        fixed, _, _, refusal = fix_source(self.job, self.text, self.findings, self.engine, unsafe=False)
        return self.text if refusal is not None else fixed

    def fixable(self, findings: Sequence[Finding]) -> frozenset[Finding]:
        """Those of `findings` whose rename `fix` would apply alone.

        Asked of them all at once first (one check of the file): when `fix` would apply them
        together, each is fixable; only when it refuses is each asked alone, at most
        `ASKED_ALONE` of them, so a request over a whole file of findings stays quick.
        """
        candidates = [f for f in findings if f.fixable and f.replacement is not None]
        if not candidates:
            return frozenset()
        file_format = self.job.format
        assert file_format is not None
        together = fix_text(self.text, candidates, file_format=file_format, members=self._members)
        if together.refusal is None:
            return frozenset(together.applied)
        return frozenset(f for f in candidates[:ASKED_ALONE] if self.fixable_alone(f))

    @property
    def _members(self) -> frozenset[str]:
        return frozenset(retired.id for retired in self.engine.qualified.entries)

    def fixable_alone(self, finding: Finding) -> bool:
        """Whether `fix` would apply this one finding's rename (it would not refuse it)."""
        if not finding.fixable or finding.replacement is None:
            return False
        file_format = self.job.format
        assert file_format is not None  # a buffer is linted only when it has a format
        outcome = fix_text(self.text, [finding], file_format=file_format, members=self._members)
        return outcome.refusal is None and bool(outcome.applied)


class Project(NamedTuple):
    """What `check` would use for the files of one folder."""

    settings: Settings
    engine: Engine
    selection: Selection
    file_filter: FileFilter


class Linter:
    """Vocabularies and engines by settings, reused across buffers."""

    def __init__(self) -> None:
        self._engines: dict[Path, Project] = {}

    def forget(self) -> None:
        """Drop every loaded vocabulary: a vocabulary or settings file changed."""
        self._engines.clear()

    def engine_for(self, path: Path) -> Project:
        """The settings, engine, selection and excludes that `check` would use for `path`
        (errors propagate): the settings file's, as an editor has no command line."""
        folder = path.parent
        known = self._engines.get(folder)
        if known is None:
            settings = find_settings(folder)
            options = resolve(CheckOptions(cwd=settings.root, force_exclude=True), settings)
            engine = Engine(judged(vocabulary_of(settings, quick=True), lambda: project_versions(settings)))
            known = Project(
                settings, engine, selection_of(options, settings), file_filter_of(options, settings, engine)
            )
            self._engines[folder] = known
        return known

    def lint(self, path: Path, text: str) -> Linted | None:
        """The findings of `text` as the content of `path`; None for a file type not scanned,
        or one the settings exclude (as pre-commit's `--force-exclude` leaves it out)."""
        if format_for(path.name) is None:
            return None
        settings, engine, selection, file_filter = self.engine_for(path)
        if file_filter.named_file_exclusion(path) is not None:
            return None
        job = make_jobs([path], settings.root, settings.root)[0]
        findings = selection.filter(scan_text(job, text, engine), settings.root)
        return Linted(job, text, tuple(findings), engine)
