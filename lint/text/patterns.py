"""User-written regular expressions (`pattern:` entries), compiled with the linear-time RE2.

RE2 never backtracks, so no pattern from a vocabulary can make a scan hang; patterns that
need backtracking features (look-around, back-references) are refused at load time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol


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


# Alternatives per RE2 program: a few thousand compile in milliseconds, well inside RE2's
# memory budget, which refuses a program of tens of thousands.
ALTERNATIVES_PER_PROGRAM = 2000


def alternations(alternatives: Sequence[str], template: str = "{}") -> tuple[Any, ...]:
    """RE2 programs over bytes that together match any of `alternatives` (patterns), each
    group of at most `ALTERNATIVES_PER_PROGRAM` joined by `|` and placed in `template`."""
    import re2

    options = re2.Options()
    options.log_errors = False
    options.max_mem = 64 << 20  # room for each alternation's DFA
    step = ALTERNATIVES_PER_PROGRAM
    groups = [alternatives[start : start + step] for start in range(0, len(alternatives), step)]
    return tuple(re2.compile(template.format("|".join(group)).encode(), options) for group in groups)
