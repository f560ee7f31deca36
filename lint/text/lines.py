"""The tool's one line model: a line ends at `\\n`, `\\r\\n` or a lone `\\r`, and nowhere else.

These are the endings Python's tokenizer and markdown-it recognise. Form feeds, `\\x1c`,
U+0085 and U+2028 are characters inside a line (`str.splitlines` would split there, and
disagree with the parsers). Every place that turns offsets into 1-based lines and columns,
or lines back into offsets (scanners, fixes, carets, baselines), goes through this module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, pairwise

_ENDING = re.compile(r"\r\n?|\n")
_LONE_CR = re.compile(r"\r(?!\n)")
_NOT_A_LINE_BREAK = re.compile(r"[^\n]")


class LineIndex:
    """Offsets of the starts of a text's lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text and _LONE_CR.search(text):
            self.starts = [0, *(match.end() for match in _ENDING.finditer(text))]
        else:
            # Only `\n` ends lines (`\r\n` ends at its `\n`): the starts follow from the line lengths, in C.
            lengths = map(len, text.split("\n")[:-1])
            self.starts = [0, *accumulate(map((1).__add__, lengths))]

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


def split_lines(text: str, *, keep_ends: bool = False) -> list[str]:
    """The lines of `text`, by the same model as `LineIndex` (with or without their endings)."""
    if "\r" not in text:  # only `\n` ends lines: split in C
        lines = text.split("\n")
        last = lines.pop()
        if keep_ends:
            lines = [line + "\n" for line in lines]
        if last:
            lines.append(last)
        return lines
    index = LineIndex(text)
    bounds = [*index.starts, len(text)]
    lines = [text[start:end] for start, end in pairwise(bounds)]
    if lines and lines[-1] == "":
        lines.pop()
    return lines if keep_ends else [line.rstrip("\r\n") for line in lines]


def newlines_only(text: str) -> str:
    """`text` with each lone `\\r` written as `\\n`: the same offsets, the same lines, one ending
    fewer for the scanners to know."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def blanked(text: str) -> str:
    """`text` with every character but its line breaks turned to a space: what a scanner
    leaves out keeps its offsets and lines, and no phrase runs across it."""
    return _NOT_A_LINE_BREAK.sub(" ", text)
