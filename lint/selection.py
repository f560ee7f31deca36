"""Which findings a run reports: `select`, `extend-select`, `ignore` and `per-file-ignores`.

`check`, `baseline`, `suppress` and the language server ask the same object, so that a CI
gate and an editor set up by one settings file agree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lint.errors import LintError
from lint.files.gitignore import gitignore_spec
from lint.findings import Finding
from lint.rules import RULES, did_you_mean

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from lint.engine.engine import Engine


class Selection:
    """Rules and term ids to report, to leave out, and to leave out below some paths.

    `select` empty means every rule and term; a finding is named by its rule and its term.
    Per-file globs are matched against paths relative to the project root.
    """

    def __init__(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        per_file_ignores: Sequence[tuple[str, Sequence[str]]] = (),
        root: Path | None = None,
    ) -> None:
        self._select = frozenset(select)
        self._ignore = frozenset(ignore)
        self._per_file: list[tuple[GitIgnoreSpec, frozenset[str]]] = [
            (gitignore_spec([glob]), frozenset(ids)) for glob, ids in per_file_ignores
        ]
        self._root = root
        self._ignored_here: dict[str, frozenset[str]] = {}

    def wants(self, finding: Finding, relative: str | None = None) -> bool:
        """Whether to report `finding`; `relative` is its file's path from the project root."""
        names = {finding.rule.value, finding.term}
        if self._select and not names & self._select:
            return False
        if names & self._ignore:
            return False
        return not (relative is not None and self._per_file and names & self._ignored_in(relative))

    def _ignored_in(self, relative: str) -> frozenset[str]:
        known = self._ignored_here.get(relative)
        if known is None:
            known = frozenset(i for spec, ids in self._per_file if spec.match_file(relative) for i in ids)
            self._ignored_here[relative] = known
        return known

    def filter(self, findings: Iterable[Finding], cwd: Path) -> list[Finding]:
        """The wanted findings of a run whose paths are shown relative to `cwd`."""
        relative_of: dict[str, str | None] = {}
        kept = []
        for finding in findings:
            if finding.path not in relative_of:
                relative_of[finding.path] = self._relative(cwd, finding.path)
            if self.wants(finding, relative_of[finding.path]):
                kept.append(finding)
        return kept

    def _relative(self, cwd: Path, path: str) -> str | None:
        if self._root is None or not self._per_file:
            return None
        relative = os.path.relpath(os.path.join(cwd, path), self._root).replace(os.sep, "/")
        return None if relative.startswith("../") else relative


def check_ids(named: Mapping[str, Iterable[str]], engine: Engine) -> None:
    """Refuse ids that name no rule, entry id or vocabulary name; `named` maps where each
    list was written (`--select`, `pyproject.toml:4: select`) to its ids."""
    known = [*(rule.value for rule in RULES), *(entry.id for entry in engine.vocabulary.entries()), *engine.aliases]
    known_set = frozenset(known)
    for where, values in named.items():
        for value in sorted(values):
            if value not in known_set:
                raise LintError(f"{where}: '{value}' names no rule and no vocabulary entry{did_you_mean(value, known)}")
