"""The tool's one line model: lines end after `\\n`, and a `\\r` before it belongs to the ending.

Every place that turns offsets into 1-based lines and columns, or lines back into
offsets (scanners, fixes, carets, baselines), goes through `LineIndex`, so that they all
agree on where a line starts.
"""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Offsets of the starts of a text's lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    def start(self, line: int) -> int:
        """Offset of the start of 1-based `line` (the end of the text past the last line)."""
        return self.starts[line - 1] if line <= len(self.starts) else len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset."""
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def offset(self, line: int, column: int) -> int | None:
        """The offset of a 1-based (line, column), or None when the line does not exist."""
        if not 1 <= line <= len(self.starts):
            return None
        return self.starts[line - 1] + column - 1


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their endings, by the same model as `LineIndex`."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
