"""Find a doctree block's raw text in the page, line by line.

docutils gives each block its raw text (a paragraph's lines without their indentation, a
title's text) but only an approximate line, and no column. A block is placed by finding
its raw lines on consecutive lines of the page, near its line and after the last block
placed: a suffix of the line where it can be (a paragraph's line ends where the page's
does), else anywhere from a floor column (a table cell shares its lines with others).
Tabs, which docutils expands, are expanded for the search and the column mapped back.
"""

from __future__ import annotations

from dataclasses import dataclass

from lint.text.lines import LineIndex, split_lines

_SLACK = 4  # lines around a block's reported line where it is looked for
_FAR = 2000  # lines past the last block searched when the reported line misleads


@dataclass(frozen=True)
class Placed:
    """A block's raw lines in the page: the page offset where each starts."""

    raw_lines: tuple[str, ...]
    starts: tuple[int, ...]
    first_line: int  # 0-based line of the first raw line
    contiguous: bool  # only indentation stands between one raw line and the next

    @property
    def end(self) -> int:
        """The page offset just past the last raw line."""
        return self.starts[-1] + len(self.raw_lines[-1])

    def ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """The page offsets of raw offsets `start..end`: one range in a contiguous block, one
        per line in a table cell (whose lines hold other cells between)."""
        if self.contiguous:
            return [(self.offset(start), self.offset(end))]
        ranges = []
        line_start = 0
        for index, line in enumerate(self.raw_lines):
            line_end = line_start + len(line)
            low, high = max(start, line_start), min(end, line_end)
            if low < high:
                page = self.starts[index] - line_start
                ranges.append((page + low, page + high))
            line_start = line_end + 1
        return ranges

    def line_ranges(self) -> list[tuple[int, int]]:
        """The page offsets of each raw line."""
        return [(start, start + len(line)) for start, line in zip(self.starts, self.raw_lines, strict=True)]

    def offset(self, raw_offset: int) -> int:
        """The page offset of an offset into the raw text (`"\\n".join(raw_lines)`)."""
        for index, line in enumerate(self.raw_lines):
            if raw_offset <= len(line):
                return self.starts[index] + raw_offset
            raw_offset -= len(line) + 1
        return self.end


class Placer:
    """Places blocks of one page, each after the last."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.lines = split_lines(text)
        self.cursor = (0, 0)  # (0-based line, column) where the next block may start

    def place(self, raw: str, hint: int | None, *, floor: int = 0) -> Placed | None:
        """Place `raw` (lines joined by "\\n") near the 1-based line `hint`, at or after the
        cursor; the cursor moves past it. None when its lines stand nowhere as a block."""
        raw_lines = tuple(raw.split("\n"))
        after_line = self.cursor[0]
        windows = []
        if hint is not None:
            near = (max(after_line, hint - 1 - len(raw_lines) - _SLACK), hint + _SLACK)
            # A cell's lines no further left than its floor first (a grid table's cells share
            # lines), then anywhere (a list table's cells stand on lines of their own).
            windows += [(*near, floor), (*near, 0)] if floor else [(*near, 0)]
        windows.append((after_line, after_line + _FAR, 0))
        for low, high, floor in windows:
            for line in range(low, min(high, len(self.lines) - len(raw_lines) + 1)):
                starts = self._at(raw_lines, line, floor)
                if starts is not None:
                    placed = Placed(raw_lines, starts, line, self._contiguous(raw_lines, starts))
                    last = line + len(raw_lines) - 1
                    self.cursor = (last, placed.end - self.index.start(last + 1))
                    return placed
        return None

    def _at(self, raw_lines: tuple[str, ...], first: int, floor: int) -> tuple[int, ...] | None:
        starts = []
        for index, raw_line in enumerate(raw_lines):
            line = first + index
            lowest = max(floor, self.cursor[1]) if line == self.cursor[0] else floor
            column = _column(self.lines[line], raw_line, lowest)
            if column is None:
                return None
            starts.append(self.index.start(line + 1) + column)
        return tuple(starts)

    def _contiguous(self, raw_lines: tuple[str, ...], starts: tuple[int, ...]) -> bool:
        return all(not self.text[starts[i] + len(raw_lines[i]) : starts[i + 1]].strip() for i in range(len(starts) - 1))


def _column(line: str, raw_line: str, lowest: int) -> int | None:
    """Where `raw_line` stands in `line`, at or after column `lowest`: as its end where it
    can, else its first place."""
    if "\t" in line:
        return _column_with_tabs(line, raw_line, lowest)
    stripped = line.rstrip()
    if raw_line and stripped.endswith(raw_line) and len(stripped) - len(raw_line) >= lowest:
        return len(stripped) - len(raw_line)
    if not raw_line:
        return lowest if lowest <= len(line) else None
    found = line.find(raw_line, lowest)
    return found if found >= 0 else None


def _column_with_tabs(line: str, raw_line: str, lowest: int) -> int | None:
    """`_column` of a line with tabs, which docutils expanded (to every eighth column)."""
    back: list[int] = []  # expanded column -> column in the line
    expanded = []
    for column, character in enumerate(line):
        width = 8 - len(back) % 8 if character == "\t" else 1
        expanded.append(" " * width if character == "\t" else character)
        back.extend([column] * width)
    text = "".join(expanded)
    found = _column(text, raw_line, back.index(lowest) if lowest in back else len(text))
    if found is None:
        return None
    start = back[found] if found < len(back) else len(line)
    return start if line[start : start + len(raw_line)] == raw_line else None
