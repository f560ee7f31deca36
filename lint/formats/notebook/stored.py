"""Where a notebook's cell sources stand in the file as stored.

A notebook is JSON: each cell's `source` is one string or a list of strings (Jupyter writes
one per line). To report a finding at its place in the file and to fix it in place, every
character of a cell's source is placed at its offset in the file, escapes (`\\n`, `\\"`,
`\\u00e9`) included. The file is walked with the standard library's JSON scanner (its
strings by `scanstring`, everything else skipped whole by `raw_decode`, outputs included),
never decoded twice.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C scanner, untyped in typeshed

from lint.text.lines import blanked

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class NotStored(ValueError):
    """The file is not laid out as a notebook's JSON (a cell or its source is missing)."""


@dataclass(frozen=True)
class StoredString:
    """One JSON string of a cell's source: its decoded text, where its content starts in
    the file (after the opening quote) and where it ends (at the closing quote)."""

    text: str
    start: int
    end: int

    def offset(self, index: int, raw: str) -> int:
        """The file offset of the decoded character `index` (or of the closing quote, at the end)."""
        if self.end - self.start == len(self.text):
            return self.start + index  # no escape: one character each
        return self._offsets(raw)[index]

    def _offsets(self, raw: str) -> list[int]:
        offsets: list[int] = []
        position = self.start
        while position < self.end:
            offsets.append(position)
            if raw[position] != "\\":
                position += 1
            elif raw[position + 1] != "u":
                position += 2
            elif _is_high_surrogate(raw, position) and raw.startswith("\\u", position + 6):
                position += 12  # a pair of escapes that decode to one character
            else:
                position += 6
        return [*offsets, self.end]


def _is_high_surrogate(raw: str, position: int) -> bool:
    return 0xD800 <= int(raw[position + 2 : position + 6], 16) <= 0xDBFF


@dataclass(frozen=True)
class StoredCell:
    """A cell's kind and source, and the JSON strings its source is stored as."""

    kind: str
    strings: tuple[StoredString, ...]
    _starts: list[int] = field(default_factory=list, compare=False)

    @property
    def source(self) -> str:
        """The cell's source as one text."""
        return "".join(string.text for string in self.strings)

    def offset(self, index: int, raw: str) -> int | None:
        """The file offset of the source's character `index` (its end: after the last one)."""
        string, local = self._string_at(index)
        return None if string is None else string.offset(local, raw)

    def span(self, start: int, end: int, raw: str) -> tuple[int, int] | None:
        """The file offsets of the source's characters `start:end`, when they stand in one
        JSON string (a span across two is not one stretch of the file's text to rewrite)."""
        string, local = self._string_at(start)
        if string is None or local + end - start > len(string.text):
            return None
        return string.offset(local, raw), string.offset(local + end - start, raw)

    def _string_at(self, index: int) -> tuple[StoredString | None, int]:
        """The string holding the source's character `index`, and the index inside it."""
        if not self.strings:
            return None, 0
        if not self._starts:
            total = 0
            for string in self.strings:
                self._starts.append(total)
                total += len(string.text)
        position = bisect_right(self._starts, index) - 1
        string = self.strings[position]
        local = index - self._starts[position]
        return (string, local) if local <= len(string.text) else (None, 0)


def stored_cells(raw: str) -> list[StoredCell]:
    """The cells of a notebook's JSON text, in file order; raises `NotStored`."""
    try:
        return _cells(raw)
    except (ValueError, IndexError) as exc:
        raise NotStored(str(exc)) from None


def _skip(raw: str, position: int) -> int:
    return _WHITESPACE.match(raw, position).end()  # type: ignore[union-attr]


def _expect(raw: str, position: int, character: str) -> int:
    position = _skip(raw, position)
    if raw[position] != character:
        raise NotStored(f"expected '{character}' at offset {position}")
    return position + 1


def _members(raw: str, position: int) -> tuple[list[tuple[str, int]], int]:
    """The keys of the object opening at `position`, each with the offset of its value;
    values are skipped whole. Returns them and the offset after the object."""
    position = _expect(raw, position, "{")
    members: list[tuple[str, int]] = []
    position = _skip(raw, position)
    if raw[position] == "}":
        return members, position + 1
    while True:
        position = _expect(raw, position, '"')
        key, position = scanstring(raw, position)
        position = _skip(raw, _expect(raw, position, ":"))
        members.append((key, position))
        _, position = _DECODER.raw_decode(raw, position)
        position = _skip(raw, position)
        if raw[position] == "}":
            return members, position + 1
        position = _expect(raw, position, ",")


def _cells(raw: str) -> list[StoredCell]:
    members, _ = _members(raw, _skip(raw, 0))
    at = dict(members).get("cells")
    if at is None:
        raise NotStored("no 'cells' in the notebook")
    position = _expect(raw, at, "[")
    cells: list[StoredCell] = []
    position = _skip(raw, position)
    if raw[position] == "]":
        return cells
    while True:
        fields, position = _members(raw, position)
        cells.append(_cell(raw, dict(fields)))
        position = _skip(raw, position)
        if raw[position] == "]":
            return cells
        position = _expect(raw, position, ",")


def _cell(raw: str, fields: dict[str, int]) -> StoredCell:
    if "cell_type" not in fields or "source" not in fields:
        raise NotStored("a cell without 'cell_type' or 'source'")
    kind, _ = scanstring(raw, fields["cell_type"] + 1)
    position = fields["source"]
    if raw[position] == '"':
        return StoredCell(kind, (_string(raw, position),))
    position = _expect(raw, position, "[")
    strings: list[StoredString] = []
    position = _skip(raw, position)
    if raw[position] == "]":
        return StoredCell(kind, ())
    while True:
        string = _string(raw, _skip(raw, position))
        strings.append(string)
        position = _skip(raw, string.end + 1)
        if raw[position] == "]":
            return StoredCell(kind, tuple(strings))
        position = _expect(raw, position, ",")


def _string(raw: str, quote: int) -> StoredString:
    if raw[quote] != '"':
        raise NotStored(f"expected a string at offset {quote}")
    text, end = scanstring(raw, quote + 1)
    return StoredString(text, quote + 1, end - 1)


def sources_in_place(raw: str) -> str:
    """`raw` with everything but the cells' stored sources blanked (line breaks kept): the
    words a notebook's author wrote, at their offsets and lines in the file. Outputs,
    metadata and keys are gone. A text not laid out as a notebook is returned as it is."""
    try:
        cells = stored_cells(raw)
    except NotStored:
        return raw
    blank = blanked(raw)
    parts: list[str] = []
    cursor = 0
    for string in (string for cell in cells for string in cell.strings):
        parts += [blank[cursor : string.start], raw[string.start : string.end]]
        cursor = string.end
    parts.append(blank[cursor:])
    return "".join(parts)
