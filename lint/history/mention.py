"""Where a renamed name still stands at the later revision."""

from __future__ import annotations

from dataclasses import dataclass

from lint.text.lines import LineIndex, split_lines


@dataclass
class Mention:
    """How often a candidate is still mentioned, and its first place with that line's text."""

    count: int = 0
    first: tuple[str, int] | None = None
    line_text: str = ""

    def add(self, path: str, text: str, offset: int) -> None:
        """Count one more mention; the first one is kept with its line."""
        self.count += 1
        if self.first is None:
            line = LineIndex(text).position(offset)[0]
            self.first = (path, line)
            self.line_text = split_lines(text)[line - 1].strip()
