"""What every reporter is given: a finished run's findings, its counts and the source lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lint.findings import Finding
from lint.rules import Severity
from lint.text.words import plural


@dataclass(frozen=True)
class Report:
    """Everything a reporter may need about a finished run."""

    findings: Sequence[Finding]
    files_scanned: int
    sources: dict[str, list[str]]
    show_source: bool = False
    color: bool = False
    files_skipped: int = 0
    scanned_paths: tuple[str, ...] = ()  # every file scanned, clean or not (JUnit passes the clean ones)
    cwd: Path = field(default_factory=Path.cwd)  # what the findings' paths are relative to
    vocabulary: str = ""  # which vocabulary ran, as the summary names it

    @cached_property
    def _counts(self) -> Counter[Severity | str]:
        """How many findings of each severity and of each fix applicability (counted once:
        the summary, the JSON outline and the exit code each ask)."""
        counts: Counter[Severity | str] = Counter()
        for finding in self.findings:
            counts[finding.severity] += 1
            counts[finding.applicability] += 1
        return counts

    @property
    def errors(self) -> int:
        """Findings of severity error."""
        return self._counts[Severity.ERROR]

    @property
    def warnings(self) -> int:
        """Findings of severity warning."""
        return self._counts[Severity.WARNING]

    @property
    def fixable(self) -> int:
        """Findings `vocab-lint fix` fixes (a safe fix)."""
        return self._counts["safe"]

    @property
    def unsafe_fixable(self) -> int:
        """Findings only `vocab-lint fix --unsafe-fixes` fixes."""
        return self._counts["unsafe"]

    def summary(self) -> str:
        """One closing line: how many files, findings, errors and warnings."""
        files = (
            plural(self.files_scanned, "file") + " scanned" + (f" with {self.vocabulary}" if self.vocabulary else "")
        )
        if self.files_skipped:
            files += f" ({self.files_skipped} skipped or unreadable)"
        if not self.findings:
            return f"{files}: no findings."
        counts = f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
        return f"{files}: {plural(len(self.findings), 'finding')} ({counts})."

    def fix_hints(self) -> list[str]:
        """The lines that say what `fix` would do, as Ruff says them after its summary."""
        hints = []
        if self.fixable:
            hints.append(f"[*] {self.fixable} fixable with `vocab-lint fix`.")
        if self.unsafe_fixable:
            more = plural(self.unsafe_fixable, "more fix", "more fixes")
            hints.append(f"{more} can be applied with `vocab-lint fix --unsafe-fixes`.")
        return hints
