"""The `Format` type: what the pipeline needs to know of one kind of file."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol

from lint.files.textfile import TextFile, decode
from lint.text.lines import LineIndex, split_lines

if TYPE_CHECKING:
    from lint.engine.engine import Engine
    from lint.engine.scope import FileScope
    from lint.findings import Edit, Finding


class TextFilter(Protocol):
    """A one-pass filter of a file's text: False only when nothing in it can match
    (`lint.engine.prefilter.Prefilter`, or a format's own)."""

    def may_match_ascii(self, raw: bytes) -> bool:
        """Of an ASCII file's bytes, not decoded."""

    def may_match(self, text: str) -> bool:
        """Of a decoded text."""


class Format(ABC):
    """What the pipeline needs to know of one kind of file."""

    name: ClassVar[str]
    """The format's name, as `--show-files`-style output and the docs say it."""
    suffixes: ClassVar[frozenset[str]]
    """Lowercase file suffixes (with the dot) of this format."""
    directive_comment: ClassVar[str]
    """How a directive is written as a comment: `{}` stands for `vocab-lint: ...`."""
    directive_governs_block: ClassVar[bool] = False
    """Whether a directive on its own line governs the next block (not just the next line)."""
    names_itself: ClassVar[bool] = False
    """Whether the file's own path is a name that can be stale (a Python module's path)."""

    def decode(self, raw: bytes) -> TextFile:
        """The file's text, and how to encode it back."""
        return decode(raw)

    @abstractmethod
    def prefilter(self, engine: Engine) -> TextFilter:
        """The one-pass filter a file of this format must pass before it is decoded and split."""

    @abstractmethod
    def scan(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        """The findings of `text` (which passed the prefilter), suppressions applied.

        A format first asks its second filter on the whole text, so that most files that
        pass the prefilter are never parsed.
        """

    def fix_refusal(self, original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
        """Why `fixed` must not be written (None: it may)."""
        return None

    def companion_edits(self, text: str, edits: Sequence[Edit]) -> list[Edit]:
        """Edits the format's syntax asks for beside the renames (a reST title's underline)."""
        return []

    def locate(self, text: str, finding: Finding) -> tuple[int, int] | None:
        """The offsets in `text` (the file as stored) of the finding's span, when that span
        still holds its `matched` text; None otherwise (the file changed, or the span cannot
        be placed)."""
        lines = LineIndex(text)
        start = lines.offset(finding.line, finding.column)
        end = lines.offset(finding.end_line, finding.end_column)
        if start is None or end is None or text[start:end] != finding.matched:
            return None
        return start, end

    def escape(self, replacement: str) -> str:
        """A replacement as the file stores text (a notebook stores JSON strings)."""
        return replacement

    def source_lines(self, text: str, finding: Finding) -> list[str]:
        """The lines a finding's line and column count in (the file's; a notebook cell's)."""
        return split_lines(text)

    def authored(self, text: str) -> str:
        """The file's text with what its author did not write blanked, offsets and lines
        kept (a notebook's outputs); `vocab suggest` counts mentions in it."""
        return text

    def section(self, text: str, line: int) -> str:
        """The part of the file a line belongs to, for a diff's hunk header ("" for none)."""
        return ""

    def directive(self, body: str) -> str | None:
        """`body` (`vocab-lint: allow[id]`) as a comment of this format (None: the stored
        text has no place for one)."""
        return self.directive_comment.format(body)


class PageFormat(Format):
    """A docs page (Markdown, reST): the docs prefilter and second filter, then its scanner."""

    directive_governs_block = True

    def prefilter(self, engine: Engine) -> TextFilter:
        return engine.docs_prefilter

    def scan(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        if not engine.docs_may_have_findings(text):
            return []
        return self.scan_page(text, path, engine, scope)

    @abstractmethod
    def scan_page(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        """The findings of a page that passed the second filter (its parser imported here)."""
