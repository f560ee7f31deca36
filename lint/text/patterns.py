"""User-written regular expressions (`pattern:` entries), compiled with the linear-time RE2.

RE2 never backtracks, so no pattern from a vocabulary can make a scan hang; patterns that
need backtracking features (look-around, back-references) are refused at load time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class PatternMatch(Protocol):
    """The part of a match object the matcher uses."""

    def start(self) -> int: ...

    def end(self) -> int: ...

    def group(self) -> str: ...


class TextPattern(Protocol):
    """A compiled pattern: Python's `re` for the tool's own patterns, RE2 for users'."""

    def search(self, text: str) -> PatternMatch | None: ...

    def finditer(self, text: str) -> Iterator[PatternMatch]: ...


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


def compile_pattern(pattern: str) -> TextPattern:
    """Compile a vocabulary's pattern with RE2 (errors are raised, never logged)."""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        compiled: TextPattern = re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        raise PatternError(reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)) from exc
    return compiled
