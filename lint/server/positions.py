"""Positions between the tool's lines and columns (code points) and the client's encoding.

LSP 3.17 lets the client and server agree on UTF-16 (the default: characters outside the
Basic Multilingual Plane count twice), UTF-8 or UTF-32 code units. Lines follow the
tool's one line model (`lint.text.lines`), so a form feed or U+2028 never shifts a range.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import PositionCodec

from lint.findings import Finding
from lint.text.lines import split_lines


class Positions:
    """Converts positions for one text under one negotiated encoding."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.lines = split_lines(text) or [""]
        self.codec = codec

    def to_client(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based (line, column in code points)."""
        if line > len(self.lines):
            return types.Position(line=len(self.lines), character=0)
        prefix = self.lines[line - 1][: column - 1]
        return types.Position(line=line - 1, character=self.units(prefix))

    def units(self, text: str) -> int:
        """How many code units of the negotiated encoding `text` takes."""
        encoding = self.codec.encoding
        if encoding == types.PositionEncodingKind.Utf32 or text.isascii():
            return len(text)
        if encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def range_of(self, finding: Finding) -> types.Range:
        """The LSP range of a finding."""
        return types.Range(
            start=self.to_client(finding.line, finding.column),
            end=self.to_client(finding.end_line, finding.end_column),
        )

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """The 1-based (line, column in code points) of an LSP position."""
        if position.line >= len(self.lines):
            return len(self.lines), len(self.lines[-1]) + 1
        text = self.lines[position.line]
        units = 0
        for index, character in enumerate(text):
            if units >= position.character:
                return position.line + 1, index + 1
            units += self.units(character)
        return position.line + 1, len(text) + 1

    def document_range(self) -> types.Range:
        """The range of the whole text."""
        return types.Range(start=types.Position(line=0, character=0), end=self.to_client(len(self.lines) + 1, 1))
