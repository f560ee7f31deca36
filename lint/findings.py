"""Values that cross layers: contexts, rules, findings and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from lint.rules import Rule, Severity


class Context(str, Enum):
    """Where a word stands (a contract: these names appear in output)."""

    IDENTIFIER = "identifier"
    IMPORT = "import"
    ATTRIBUTE = "attribute"
    KEYWORD = "keyword"
    STRING = "string"
    DOCSTRING = "docstring"
    COMMENT = "comment"
    FILENAME = "filename"
    PROSE = "prose"
    HEADING = "heading"
    INLINE_CODE = "inline-code"
    CODE_BLOCK = "code-block"
    LINK_TEXT = "link-text"
    LINK_TARGET = "link-target"
    FRONT_MATTER = "front-matter"
    HTML_COMMENT = "html-comment"
    JSX_ATTRIBUTE = "jsx-attribute"

    @property
    def is_code(self) -> bool:
        """Contexts of source code (Python files and Python blocks in Markdown)."""
        return self in _CODE_CONTEXTS

    @property
    def is_prose(self) -> bool:
        """Contexts read as natural language, where prose words and spelling matter."""
        return self in _PROSE_CONTEXTS


_CODE_CONTEXTS = frozenset(
    {
        Context.IDENTIFIER,
        Context.IMPORT,
        Context.ATTRIBUTE,
        Context.KEYWORD,
        Context.STRING,
        Context.DOCSTRING,
        Context.COMMENT,
        Context.FILENAME,
    }
)
_PROSE_CONTEXTS = frozenset(
    {
        Context.PROSE,
        Context.HEADING,
        Context.LINK_TEXT,
        Context.FRONT_MATTER,
        Context.HTML_COMMENT,
        Context.JSX_ATTRIBUTE,
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding at an exact span; `matched` is the source text at that span.

    Lines and columns are 1-based, `end_column` is exclusive. For the `filename` context
    the span is empty at 1:1 and `matched` is the part of the path that matched.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: Rule
    severity: Severity
    term: str
    matched: str
    context: Context
    message: str
    replacement: str | None = None
    fixable: bool = False

    @property
    def applicability(self) -> str:
        """`safe` (applied by --fix), `unsafe` (needs --unsafe-fixes) or `none`."""
        if self.replacement is None:
            return "none"
        return "safe" if self.fixable else "unsafe"

    def to_json(self) -> dict[str, Any]:
        """The JSON object `docs/install.md` documents, key order included, plus the fix applicability."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule.value,
            "severity": self.severity.value,
            "term": self.term,
            "matched": self.matched,
            "context": self.context.value,
            "message": self.message,
            "replacement": self.replacement,
            "fixable": self.fixable,
            "applicability": self.applicability,
        }

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Findings are reported by path, then position, then rule."""
        return (self.path, self.line, self.column, self.rule.value)


@dataclass(frozen=True)
class FileResult:
    """What scanning one file produced: its findings, or why it could not be scanned."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    skipped: bool = False
    notes: tuple[str, ...] = field(default=())
    text: str | None = field(default=None, compare=False, repr=False)
    """The decoded text, kept for files with findings so that carets and baselines need no second read."""
    digest: str | None = field(default=None, compare=False, repr=False)
    """The hash of the bytes that were scanned (the cache stores the result under it)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A finding inside one segment, at `text[start:end]` of that segment."""

    start: int
    end: int
    matched: str
    rule: Rule
    term: str
    message: str
    replacement: str | None = None
    fixable: bool = False


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement`."""

    start: int
    end: int
    replacement: str
    finding: Finding
