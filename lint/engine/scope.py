"""What the vocabulary's path settings say about a file: historical, audience, allowed names."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from lint.files.gitignore import gitignore_spec
from lint.vocabulary.model import Audience, Vocabulary

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


Settings = tuple[bool, Audience | None, frozenset[str]]  # historical, audience, allowed retired names


class FileScope:
    """What the vocabulary's path settings say about one file.

    Made by `PathScopes`, it is worked out on first use: most files that reach a scanner
    end without a hit that asks (and pathspec is then never even imported).
    """

    __slots__ = ("_resolve", "_settings", "path")

    def __init__(
        self,
        path: str,
        historical: bool = False,
        audience: Audience | None = None,
        allowed: frozenset[str] = frozenset(),
        *,
        resolve: Callable[[str], Settings] | None = None,
    ) -> None:
        self.path = path
        self._settings: Settings | None = None if resolve is not None else (historical, audience, allowed)
        self._resolve = resolve

    def _settled(self) -> Settings:
        if self._settings is None:
            assert self._resolve is not None
            self._settings = self._resolve(self.path)
        return self._settings

    @property
    def historical(self) -> bool:
        """The file is a record of the past: removed names stand as they were written."""
        return self._settled()[0]

    @property
    def audience(self) -> Audience | None:
        """Who the file is written for, when a docs glob says so."""
        return self._settled()[1]

    @property
    def allowed(self) -> frozenset[str]:
        """Ids of the retired names this file may still use."""
        return self._settled()[2]

    def __repr__(self) -> str:
        return f"FileScope({self.path!r}, {self.historical!r}, {self.audience!r}, {self.allowed!r})"


class PathScopes:
    """The vocabulary's path globs, compiled on first use (pathspec is imported only then)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    @cached_property
    def _specs(self) -> dict[str, GitIgnoreSpec]:
        paths = self.vocabulary.paths
        specs = {
            "historical": gitignore_spec(paths.historical),
            "public": gitignore_spec(paths.public_docs),
            "internal": gitignore_spec(paths.internal_docs),
        }
        for retired in self.vocabulary.retired:
            if retired.allowed_paths:
                specs["allow:" + retired.id] = gitignore_spec(retired.allowed_paths)
        return specs

    def scope_for(self, path: str) -> FileScope:
        """Historical flag, audience and allowed retired names for a repository path, worked
        out when first asked for."""
        return FileScope(path, resolve=self._settings)

    def _settings(self, path: str) -> Settings:
        specs = self._specs
        audience = None
        if specs["internal"].match_file(path):
            audience = Audience.INTERNAL
        elif specs["public"].match_file(path):
            audience = Audience.PUBLIC
        allowed = frozenset(
            key.removeprefix("allow:")
            for key, spec in specs.items()
            if key.startswith("allow:") and spec.match_file(path)
        )
        return specs["historical"].match_file(path), audience, allowed
