"""Lint an editor's buffer exactly as `check` lints the file it will be saved as.

The vocabulary is found from the file's folder (the same discovery as `check`), compiled
once and kept until a vocabulary or settings file changes. The text is the buffer's, never
the file on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lint.config import Settings, find_settings, vocabulary_of
from lint.engine.engine import Engine
from lint.findings import Finding
from lint.fix.apply import fix_source
from lint.fix.edits import fix_text
from lint.formats import format_for
from lint.runner import Job, make_jobs, scan_text

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


class Linter:
    """Vocabularies and engines by settings, reused across buffers."""

    def __init__(self) -> None:
        self._engines: dict[Path, tuple[Settings, Engine]] = {}

    def forget(self) -> None:
        """Drop every loaded vocabulary: a vocabulary or settings file changed."""
        self._engines.clear()

    def engine_for(self, path: Path) -> tuple[Settings, Engine]:
        """The settings and engine that `check` would use for `path` (errors propagate)."""
        folder = path.parent
        known = self._engines.get(folder)
        if known is None:
            settings = find_settings(folder)
            known = (settings, Engine(vocabulary_of(settings, quick=True)))
            self._engines[folder] = known
        return known

    def lint(self, path: Path, text: str) -> Linted | None:
        """The findings of `text` as the content of `path`; None for a file type not scanned."""
        if format_for(path.name) is None:
            return None
        settings, engine = self.engine_for(path)
        job = make_jobs([path], settings.root, settings.root)[0]
        return Linted(job, text, scan_text(job, text, engine), engine)
