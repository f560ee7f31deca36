"""The one family of user-facing errors, caught once at the CLI edge (exit code 2)."""

from __future__ import annotations


class LintError(Exception):
    """A problem the user can fix: bad options, an unreadable or invalid vocabulary."""


class VocabularyError(LintError):
    """One or more problems in a vocabulary file, each `FILE:LINE:COLUMN: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
