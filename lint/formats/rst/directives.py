"""What the parts of a Sphinx directive are: its argument, its options, the block it governs.

A directive docutils does not know keeps its argument and options as written. An argument
naming Python objects (`.. autoclass:: pkg.Name`, `.. py:function:: f(x)`) is `role`
context, as a role's target is; a path (`.. literalinclude:: file`) is a link target; a
version directive's argument is its version, then prose; other arguments (titles) are
prose. Options holding names or prose (`:exclude-members:`, `:caption:`) are read; the
rest (`:class:`, `:linenos:`) are settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lint.findings import Context
from lint.formats.rst.roles import Part

PYTHON_OBJECT_DIRECTIVES = re.compile(
    r"(py:)?(auto)?(module|currentmodule|class|function|method|attribute|data|exception|property|decorator"
    r"|classmethod|staticmethod|type|typealias|decoratormethod)"
)
HISTORICAL_DIRECTIVES = frozenset({"deprecated", "versionchanged", "versionremoved"})
_VERSIONED = HISTORICAL_DIRECTIVES | {"versionadded"}
_PATH_DIRECTIVES = frozenset({"include", "literalinclude"})
_CODE_ARGUMENT_DIRECTIVES = frozenset({"code-block", "sourcecode", "code", "highlight", "raw", "ipython"})
_PROSE_OPTIONS = frozenset({"caption", "alt", "title", "summary"})
_OPTION_LINE = re.compile(r"[ \t]+:(?P<name>[^:\s][^:]*):(?P<value>.*)")


def argument_part(name: str, argument: str) -> Part | None:
    """The part of a directive's argument that is read, and its context (None: none is)."""
    if not argument.strip() or name in _CODE_ARGUMENT_DIRECTIVES:
        return None
    start = 0
    if name in _VERSIONED:
        start = len(argument) - len(argument.lstrip())
        start += len(argument[start:].split(None, 1)[0])  # the version
    if PYTHON_OBJECT_DIRECTIVES.fullmatch(name):
        return Part(start, len(argument), Context.ROLE)
    if name in _PATH_DIRECTIVES:
        return Part(start, len(argument), Context.LINK_TARGET)
    return Part(start, len(argument), Context.PROSE)


def option_values(lines: Sequence[str], first: int, name: str) -> Iterator[tuple[int, int, int, Context]]:
    """The option values read of a directive whose options start on 0-based line `first`:
    (line, start column, end column, context) of each."""
    python = PYTHON_OBJECT_DIRECTIVES.fullmatch(name) is not None
    for line in range(first, len(lines)):
        found = _OPTION_LINE.fullmatch(lines[line])
        if found is None:
            return
        value = found.group("value")
        if value.strip() and (python or found.group("name") in _PROSE_OPTIONS):
            start = found.start("value") + len(value) - len(value.lstrip())
            yield line, start, found.end("value"), Context.ROLE if python else Context.PROSE


def next_block(lines: Sequence[str], after: int) -> tuple[int, int]:
    """The 1-based lines of the block after 0-based line `after` (a directive comment's):
    its first line, its indented lines, and the lines that follow it at its indentation
    with no blank line between (a paragraph, a list, a table, a directive with its body)."""
    first = after
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines):
        return first + 1, first + 1
    indent = len(lines[first]) - len(lines[first].lstrip())
    last = first
    blank = False
    for index in range(first + 1, len(lines)):
        text = lines[index]
        if not text.strip():
            blank = True
            continue
        depth = len(text) - len(text.lstrip())
        if depth < indent or (depth == indent and blank):
            break
        last, blank = index, False
    return first + 1, last + 1
