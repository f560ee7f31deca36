"""A reST page's top-level blocks and section titles, read from its lines.

docutils is the costly part of a scan, so a page is parsed block by block, and only the
blocks that can hold a finding (most hold none): a top-level block runs from a line at
column 0 to the next such line after a blank line (a directive, a list, a table, a
paragraph with its literal block); a simple table, which may hold blank lines, is one
block. What crosses blocks is read here from the lines: section titles, and so which
lines stand under a historical heading or after a `.. vocab-lint: historical` comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lint.scan.suppressions import Verb, parse_directive

_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1+\s*")
_SIMPLE_TABLE_BORDER = re.compile(r"=+( +=+)+\s*")
_COMMENT = re.compile(r"\s*\.\.\s")


@dataclass(frozen=True)
class Title:
    """A section title: its 0-based line, its level (1 for the first style seen) and text."""

    line: int
    level: int
    text: str


def top_level_blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The page's top-level blocks: (first, end) 0-based line ranges, end exclusive."""
    starts = []
    blank = True
    in_table = False
    for index, line in enumerate(lines):
        if _SIMPLE_TABLE_BORDER.fullmatch(line):
            if not in_table and blank:
                starts.append(index)
            in_table = not in_table if _closes_table(lines, index, in_table) else in_table
            blank = False
            continue
        if not line.strip():
            blank = True
            continue
        if blank and not in_table and not line[0].isspace():
            starts.append(index)
        blank = False
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return [(start, end) for start, end in zip(starts, [*starts[1:], len(lines)], strict=True) if start < end]


def _closes_table(lines: Sequence[str], index: int, in_table: bool) -> bool:
    """Whether a border line opens or closes a simple table (the border under its header
    row is neither: the table goes on below it)."""
    if not in_table:
        return True
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return not after.strip() or after[0].isspace()


def titles(lines: Sequence[str]) -> list[Title]:
    """The page's section titles (at column 0, underlined, maybe overlined), in order."""
    styles: list[tuple[str, bool]] = []
    found = []
    index = 0
    while index + 1 < len(lines):
        text, under = lines[index], lines[index + 1]
        overline = index > 0 and _ADORNMENT.fullmatch(lines[index - 1]) is not None
        if (
            text.strip()
            and not text[0].isspace()
            and _ADORNMENT.fullmatch(text) is None
            and _ADORNMENT.fullmatch(under) is not None
            and len(under.rstrip()) >= min(len(text.rstrip()), 4)
        ):
            style = (under[0], overline and lines[index - 1].rstrip() == under.rstrip())
            if style not in styles:
                styles.append(style)
            found.append(Title(index, styles.index(style) + 1, text.strip()))
            index += 2
            continue
        index += 1
    return found


def historical_lines(lines: Sequence[str], headings: Sequence[str]) -> set[int]:
    """0-based lines under a historical heading (`headings`, lowercase) and after a
    `historical` directive comment, each to the next title of its section's level or above."""
    found = titles(lines)
    marked: set[int] = set()

    def section_end(after: int, level: int) -> int:
        return next((t.line - 1 for t in found if t.line > after and t.level <= level), len(lines))

    for title in found:
        name = title.text.lower()
        if any(name == h or name.startswith((h + " ", h + ":")) for h in headings):
            marked.update(range(title.line, section_end(title.line, title.level)))
    for index, line in enumerate(lines):
        if _COMMENT.match(line) and "vocab-lint" in line:
            parsed = parse_directive(line)
            if parsed is not None and parsed[0] is Verb.HISTORICAL:
                above = [t for t in found if t.line < index]
                marked.update(range(index, section_end(index, above[-1].level if above else 0)))
    return marked
