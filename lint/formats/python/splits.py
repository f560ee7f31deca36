"""Import statements rewritten whole: a `from M import a, b, c` whose names moved to other
modules while others stay becomes one statement per module, the staying names first.

The fix is one edit over the whole statement, checked like every Python fix; `is_split`
is the guard's half: an edit that replaces one import statement with import statements
only, one per line, and so can add nothing else to a file.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from lint.findings import Finding


@dataclass(frozen=True)
class Moved:
    """A name of the statement that moved: to `module`, as `member`, still bound as `local`."""

    name: str
    asname: str | None
    module: str
    member: str


def split_statement(source: str, node: ast.ImportFrom, moved: dict[str, Moved], indent: str) -> tuple[str, str] | None:
    """The statement as written, and the statements replacing it: the names that stay, then
    one statement per new module in order of first mention, each on its own line at
    `indent`. None where the statement holds a comment, which a rewrite would lose."""
    written = ast.get_source_segment(source, node)
    if written is None or "#" in written:  # no name or module holds a `#`: a comment does
        return None
    module = str(node.module)
    groups: dict[str, list[str]] = {}
    for alias in node.names:
        where = moved.get(alias.name)
        name = where.member if where is not None else alias.name
        groups.setdefault(where.module if where is not None else module, []).append(
            f"{name} as {alias.asname}" if alias.asname else name
        )
    if module in groups:
        groups = {module: groups.pop(module), **groups}
    statements = [f"from {target} import {', '.join(names)}" for target, names in groups.items()]
    ending = "\r\n" if "\r\n" in source else "\n"
    return written, (ending + indent).join(statements)


def advice_where_lines_differ(finding: Finding) -> Finding:
    """A finding of a page's Python block or a notebook cell, whose lines are not the module's
    own (a page's indentation, a cell's one string per line): a fix written over lines (an
    import split in two) is advice there."""
    if finding.replacement is None or "\n" not in finding.replacement:
        return finding
    return replace(finding, replacement=None, fixable=False)


def is_split(matched: str, replacement: str) -> bool:
    """Whether an edit replaces one `from ... import` statement with `from ... import`
    statements only, one per line (what `split_statement` writes)."""
    try:
        before = ast.parse(matched.strip()).body
        after = [ast.parse(line.strip()).body for line in replacement.splitlines()]
    except (SyntaxError, ValueError, RecursionError):
        return False
    one_import = len(before) == 1 and isinstance(before[0], ast.ImportFrom)
    imports_only = all(len(body) == 1 and isinstance(body[0], ast.ImportFrom) for body in after)
    return one_import and len(after) > 1 and imports_only
