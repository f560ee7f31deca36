"""Which parts of a Python file are read: the innermost statements that hold a wanted line.

CPython's `ast` (fast, in C) gives the file's statement outline; LibCST (slow, in Python)
then parses only the innermost statements holding a candidate, dedented to stand alone, not
the whole class or function around them, and not the plain statements that CPython's tree
places exactly by itself (`plain.plain_nodes`). A wanted line in a compound statement's header
(`def f(x=old_name):`, `except OldError:`, an `elif`) makes the whole statement the chunk;
a wanted line between statements (a comment line) is left to the caller as a loose line.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from lint.findings import Context
from lint.vocabulary.model import RetiredName

MAX_CHUNK_LINES = 2000

_SCOPES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class ChunkSyntaxError(ValueError):
    """LibCST could not parse a chunk: its message and 1-based line, 0-based column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Placed(NamedTuple):
    """A node worth matching, at its line and column in its chunk (a plain statement's: in its
    file), with no syntax tree kept."""

    text: str
    context: Context
    line: int
    column: int
    module_path: bool
    member: RetiredName | None
    wanted: bool


@dataclass(frozen=True)
class Chunk:
    """Consecutive sibling statements (1-based lines, inclusive) parsed on their own.

    `indent` characters of leading whitespace are removed from each line (fewer where a
    line has fewer, inside a string); `docstring` says the first statement is one.
    """

    first: int
    last: int
    indent: int
    docstring: bool

    def text(self, lines: list[str]) -> str:
        """The chunk's source, dedented (`lines` keep their endings)."""
        return "".join(line[self.removed(line) :] for line in lines[self.first - 1 : self.last])

    def removed(self, line: str) -> int:
        """How many characters of `line` the dedent removed."""
        return min(self.indent, len(line) - len(line.lstrip(" \t")))


# Reads a simple statement of the file's lines (True: the first of its scope, where a lone
# string is the docstring): its nodes, or None to leave it to LibCST.
PlainReader = Callable[[ast.stmt, list[str], bool], list[Placed] | None]


@dataclass
class Parts:
    """What a file is cut into: LibCST's chunks, the nodes of plain statements (placed in
    the file, see `plain.plain_nodes`) and loose lines (a wanted line between statements, such
    as a comment line)."""

    chunks: list[Chunk] = field(default_factory=list)
    plain: list[Placed] = field(default_factory=list)
    loose: list[int] = field(default_factory=list)  # each line once: a rollback takes back its own


def innermost_chunks(outline: ast.Module, needed: set[int], lines: list[str], plain: PlainReader) -> Parts:
    """The innermost statements holding a needed line: the nodes of each one `plain` reads
    (None when it cannot), the others merged with adjacent siblings into chunks; and the
    loose lines."""
    parts = Parts()
    _collect(outline, outline.body, sorted(needed), lines, plain, parts)
    return parts


def _span(statement: ast.stmt) -> tuple[int, int]:
    first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
    return first, statement.end_lineno or statement.lineno


def _held(wanted: list[int], first: int, last: int) -> list[int]:
    return wanted[bisect_left(wanted, first) : bisect_right(wanted, last)]


def _collect(
    parent: ast.AST,
    body: list[ast.stmt],
    wanted: list[int],
    lines: list[str],
    plain: PlainReader,
    parts: Parts,
) -> bool:
    """Parts of the statements of `body`; False when one of them cannot stand alone (an `elif`)."""
    chunks = parts.chunks
    covered = counted_through = 0  # statements sharing a line (`a = 1; b = 2`) count it once
    previous: int | None = None  # index of the statement the last chunk ends with
    for index, statement in enumerate(body):
        first, last = _span(statement)
        held = _held(wanted, first, last)
        if not held:
            continue
        covered += len(held) - bisect_right(held, counted_through)
        counted_through = held[-1]
        if _is_elif(statement, lines):
            return False
        docstring = index == 0 and isinstance(parent, _SCOPES) and _is_string(statement)
        placed = plain(statement, lines, docstring)
        if placed is not None:
            parts.plain.extend(placed)
        elif not _descend(statement, held, lines, plain, parts):
            indent = len(lines[first - 1]) - len(lines[first - 1].lstrip(" \t"))
            if previous == index - 1 and chunks and last - chunks[-1].first < MAX_CHUNK_LINES:
                chunks[-1] = Chunk(chunks[-1].first, last, chunks[-1].indent, chunks[-1].docstring)
            else:
                chunks.append(Chunk(first, last, indent, docstring))
            previous = index
    if covered < len(wanted):
        inside = {line for statement in body for line in _held(wanted, *_span(statement))}
        parts.loose.extend(line for line in wanted if line not in inside)
    return True


def _descend(statement: ast.stmt, held: list[int], lines: list[str], plain: PlainReader, parts: Parts) -> bool:
    """Chunk the blocks of a compound statement instead of the whole; False when it must be whole."""
    blocks = _blocks(statement)
    spans = [(_span(block[0])[0], _span(block[-1])[1]) for block in blocks]
    if not blocks or sum(len(_held(held, a, b)) for a, b in spans) < len(held):
        return False  # a line of the header (or past the last block): the statement is the chunk
    mark = (len(parts.chunks), len(parts.plain), len(parts.loose))
    for block, (a, b) in zip(blocks, spans, strict=True):
        inside = _held(held, a, b)
        if inside and not _collect(statement, block, inside, lines, plain, parts):
            del parts.chunks[mark[0] :]
            del parts.plain[mark[1] :]
            del parts.loose[mark[2] :]
            return False
    return True


def _blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists nested in a compound statement, in source order."""
    blocks = [getattr(statement, name, None) for name in ("body", "orelse", "finalbody")]
    blocks += [handler.body for handler in getattr(statement, "handlers", [])]
    blocks += [case.body for case in getattr(statement, "cases", [])]
    found = [block for block in blocks if isinstance(block, list) and block and isinstance(block[0], ast.stmt)]
    return sorted(found, key=lambda block: _span(block[0])[0])


def _is_elif(statement: ast.stmt, lines: list[str]) -> bool:
    return isinstance(statement, ast.If) and lines[statement.lineno - 1].lstrip().startswith("elif")


def _is_string(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )
