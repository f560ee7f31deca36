"""A notebook's code cells as one Python module, IPython syntax made inert.

Cells run in order in one namespace, so they are read as one module: an import in an
earlier cell resolves a name in a later one. IPython's own syntax is kept out of Python's
way, as Ruff does, without moving any character of the cells:

- a line magic, shell escape or help prefix (`%time f()`, `!pip install x`, `files = !ls`,
  `?obj`) becomes a comment after an inserted `pass` (a block may hold nothing else), so its
  words are still read, as a comment's;
- a help suffix (`obj?`, `obj??`) is dropped, and `obj` read as the expression it is;
- a cell magic's cell (`%%bash`, `%%html`) is not Python: each of its lines becomes a
  comment; the bodies of the magics that run Python (`%%time`, `%%capture`, ...) stay code.

Inserted characters belong to no cell; `CellMap` places every other character of the
module back at its cell and offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from lint.text.lines import split_lines

# Cell magics whose body is Python that IPython runs.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "python", "python3", "debug", "pypy"})
_CELL_MAGIC = re.compile(r"%%(\w+)")
_ESCAPE = re.compile(r"[ \t]*(?:[%!?]|[\w.]+[ \t]*=[ \t]*[%!])")
_HELP_SUFFIX = re.compile(r"([ \t]*[\w.]+)\?{1,2}[ \t]*(\r?\n)?\Z")
_OFF = re.compile(r"vocab-lint:\s*off\b")


@dataclass(frozen=True)
class Run:
    """Characters `module_start` onwards of the module are the cell's, from `cell_offset`."""

    module_start: int
    length: int
    cell: int
    cell_offset: int


class CellMap:
    """The module's text and where each of its characters stands in the cells."""

    def __init__(self, text: str, runs: list[Run]) -> None:
        self.text = text
        self.runs = runs
        self._starts = [run.module_start for run in runs]
        self._by_cell: dict[int, list[Run]] = {}
        for run in runs:
            self._by_cell.setdefault(run.cell, []).append(run)

    def to_cell(self, offset: int) -> tuple[int, int] | None:
        """(cell, offset in the cell) of a module offset; an inserted character counts as
        the next character of a cell (None past the last)."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0:
            run = self.runs[index]
            if offset <= run.module_start + run.length:
                return run.cell, run.cell_offset + offset - run.module_start
        if index + 1 < len(self.runs):
            following = self.runs[index + 1]
            return following.cell, following.cell_offset
        return None

    def to_module(self, cell: int, offset: int) -> int | None:
        """The module offset of a cell's character (None for a cell not in the module)."""
        for run in self._by_cell.get(cell, ()):
            if run.cell_offset <= offset <= run.cell_offset + run.length:
                return run.module_start + offset - run.cell_offset
        return None


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[Run] = []
        self.size = 0

    def insert(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def keep(self, text: str, cell: int, offset: int) -> None:
        if text:
            self.runs.append(Run(self.size, len(text), cell, offset))
            self.insert(text)


def python_module(cells: list[tuple[int, str]]) -> CellMap:
    """The module of the code cells `(cell number, source)`, in order."""
    built = _Builder()
    for number, source in cells:
        lines = split_lines(source, keep_ends=True)
        magic = _CELL_MAGIC.match(source)
        python_body = magic is None or magic.group(1) in PYTHON_CELL_MAGICS
        offset = 0
        for index, line in enumerate(lines):
            if (magic is not None and index == 0) or not python_body:
                built.insert("#")
                built.keep(line, number, offset)
            elif _ESCAPE.match(line):
                indent = len(line) - len(line.lstrip(" \t"))
                built.keep(line[:indent], number, offset)
                built.insert("pass  #")
                built.keep(line[indent:], number, offset + indent)
            elif (help_suffix := _HELP_SUFFIX.match(line)) is not None:
                built.keep(help_suffix.group(1), number, offset)
                built.insert(help_suffix.group(2) or "")
            else:
                built.keep(line, number, offset)
            offset += len(line)
        if not source.endswith("\n"):
            built.insert("\n")
        if _OFF.search(source):
            built.insert("# vocab-lint: on\n")  # a region a cell turns off ends with the cell
    return CellMap("".join(built.parts), built.runs)
