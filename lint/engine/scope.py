"""What the vocabulary's path settings say about a file: historical, audience, allowed names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from lint.vocabulary.model import Audience, Vocabulary

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


@dataclass(frozen=True)
class FileScope:
    """What the vocabulary's path settings say about one file."""

    path: str
    historical: bool = False
    audience: Audience | None = None
    allowed: frozenset[str] = frozenset()


class PathScopes:
    """The vocabulary's path globs, compiled on first use (pathspec is imported only then)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    @cached_property
    def _specs(self) -> dict[str, GitIgnoreSpec]:
        from pathspec import GitIgnoreSpec

        paths = self.vocabulary.paths
        specs = {
            "historical": GitIgnoreSpec.from_lines(paths.historical),
            "public": GitIgnoreSpec.from_lines(paths.public_docs),
            "internal": GitIgnoreSpec.from_lines(paths.internal_docs),
        }
        for retired in self.vocabulary.retired:
            if retired.allowed_paths:
                specs["allow:" + retired.id] = GitIgnoreSpec.from_lines(retired.allowed_paths)
        return specs

    def scope_for(self, path: str) -> FileScope:
        """Historical flag, audience and allowed retired names for a repository path."""
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
        return FileScope(path, specs["historical"].match_file(path), audience, allowed)
