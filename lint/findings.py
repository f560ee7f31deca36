"""Values that cross layers: contexts, rules, findings and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    ROLE = "role"

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
    the span is empty at 1:1 and `matched` is the part of the path that matched. In a
    notebook, `cell` is the 1-based cell (counting every cell), lines and columns are
    inside that cell, and `in_file` is the span (line, column, end line, end column) in
    the file as stored, for consumers that know only files.
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
    cell: int | None = None
    in_file: tuple[int, int, int, int] | None = None

    @classmethod
    def of_file(cls, path: str, rule: Rule, term: str, context: Context, message: str) -> Finding:
        """A finding about a file as a whole (it could not be read or fixed), at 1:1 with no span."""
        return cls(path, 1, 1, 1, 1, rule, rule.default_severity, term, "", context, message)

    @property
    def applicability(self) -> str:
        """`safe` (applied by --fix), `unsafe` (needs --unsafe-fixes) or `none`."""
        if self.replacement is None:
            return "none"
        return "safe" if self.fixable else "unsafe"

    def to_json(self) -> dict[str, Any]:
        """The JSON object `docs/install.md` documents, key order included, plus the fix
        applicability (and, in a notebook, the cell)."""
        cell = {} if self.cell is None else {"cell": self.cell}
        return {
            "path": self.path,
            **cell,
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
    def sort_key(self) -> tuple[str, int, int, int, str]:
        """Findings are reported by path, then position (cell first, in a notebook), then rule."""
        return (self.path, self.cell or 0, self.line, self.column, self.rule.value)

    @property
    def location(self) -> str:
        """`path:line:col`, or `path:cell N:line:col` in a notebook (as Ruff writes it)."""
        cell = "" if self.cell is None else f"cell {self.cell}:"
        return f"{self.path}:{cell}{self.line}:{self.column}"

    @property
    def source_key(self) -> str:
        """The key of the lines the finding's line and column count in: the file's, or its cell's."""
        return self.path if self.cell is None else f"{self.path}\0{self.cell}"

    def as_stored(self) -> Finding:
        """The finding placed in the file as stored (a notebook cell's finding at its JSON text)."""
        if self.cell is None:
            return self
        line, column, end_line, end_column = self.file_span
        return replace(
            self, line=line, column=column, end_line=end_line, end_column=end_column, cell=None, in_file=None
        )

    @property
    def file_span(self) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) in the file as stored."""
        return self.in_file or (self.line, self.column, self.end_line, self.end_column)

    @property
    def message_in_file(self) -> str:
        """The message, naming the cell and its line where the file's position is not the
        cell's (for formats that know only files)."""
        return (
            self.message
            if self.cell is None
            else f"cell {self.cell}, line {self.line}, column {self.column}: {self.message}"
        )


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
