"""Git's ignore semantics for a list of patterns (`.gitignore` files, configured globs, the
vocabulary's path globs), through pathspec.

pathspec matches with RE2 when it is installed (it is: the vocabulary's patterns need it),
and RE2 refuses a set of patterns past its memory budget (a `.gitignore` of thousands of
lines): such a set is matched one pattern at a time instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


def gitignore_spec(lines: Sequence[str]) -> GitIgnoreSpec:
    """The spec of `lines`; pathspec is imported only when there are patterns to compile."""
    import re2
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines)
    except re2.error:
        return GitIgnoreSpec.from_lines(lines, backend="simple")
