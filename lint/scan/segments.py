"""Segments: pieces of a file's text with a context and a position, and their findings.

Both scanners cut files into segments; this module turns the rule engine's offsets inside
a segment into exact 1-based lines and columns of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Finding, Hit
from lint.rules import Rule
from lint.text.lines import LineIndex

_ESCAPE = re.compile(r"\\.", re.DOTALL)


@dataclass(frozen=True)
class Span:
    """A run of source text with the context it stands in."""

    start: int
    end: int
    context: Context
    label: bool = False  # also a link reference's label: renaming it alone would break the link


@dataclass(frozen=True)
class Segment:
    """A piece of source text with its context and the 1-based line, 0-based column it starts at."""

    text: str
    context: Context
    line: int
    column: int
    module_path: bool = False
    label: bool = False  # see `Span.label`: reported, never rewritten
    in_code: bool = False  # Python source in a docs context: a role or literal of a docstring

    @cached_property
    def lines(self) -> LineIndex:
        """The line index of the segment's own text."""
        return LineIndex(self.text)


def segment_findings(
    segment: Segment, engine: Engine, scope: FileScope, path: str, *, historical: bool = False
) -> Iterator[Finding]:
    """Findings of one segment, positioned in the file."""
    for hit in segment_hits(segment, engine, scope, historical=historical):
        yield hit_to_finding(hit, segment, path)


def segment_hits(segment: Segment, engine: Engine, scope: FileScope, *, historical: bool = False) -> list[Hit]:
    """The engine's hits in one segment, at offsets into its text: the same for every
    segment of a file with the same text and context."""
    text = segment.text
    if segment.context in (Context.STRING, Context.DOCSTRING):
        # Escapes such as \n must not glue to the word after them; the mask keeps offsets.
        text = _ESCAPE.sub(lambda m: "  " if m.group() != "\\\n" else " \n", text)
    return engine.hits(text, segment.context, scope, historical=historical, in_code=segment.in_code)


def hit_to_finding(hit: Hit, segment: Segment, path: str) -> Finding:
    """Place a hit of `segment` at its line and column."""
    line, column = offset_position(segment, hit.start)
    end_line, end_column = offset_position(segment, hit.end)
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        rule=hit.rule,
        severity=hit.rule.default_severity,
        term=hit.term,
        matched=segment.text[hit.start : hit.end],
        context=segment.context,
        message=hit.message,
        replacement=hit.replacement,
        fixable=hit.fixable and not segment.label and not (segment.module_path and hit.rule is not Rule.MOVED_MODULE),
    )


def offset_position(segment: Segment, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `offset` into the segment's text.

    The segment's lines are indexed once (and kept), so a segment with many hits (one
    long paragraph) costs a lookup per hit, not a scan of the text before it.
    """
    line, column = segment.lines.position(offset)
    if line == 1:
        return segment.line, segment.column + column
    return segment.line + line - 1, column
