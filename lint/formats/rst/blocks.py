"""Blocks of a reST page placed and scanned: the findings of each part at its place.

Each block's raw text is placed in the page (`lint.formats.rst.place`); its parts (prose,
inline code, a role's target, a link's URL) become segments at their exact spans, and its
sentences are read for conflations. Python blocks go through the Python scanner. Text whose
place is not found is still scanned, its findings pointing at the block's line with no span
(so that no fix is written where the text may not stand).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from docutils import nodes

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Finding
from lint.formats.rst.inline import inline_parts
from lint.formats.rst.place import Placed, Placer
from lint.formats.rst.roles import Part
from lint.scan.embedded import conflation_findings, looks_like_pycon, python_block_findings
from lint.scan.segments import Segment, Span, segment_findings


class Blocks:
    """The placing and scanning of one page's blocks, in page order."""

    def __init__(self, text: str, path: str, engine: Engine, scope: FileScope) -> None:
        self.text = text
        self.placer = Placer(text)
        self.lines = self.placer.index
        self.path = path
        self.engine = engine
        self.scope = scope
        self.findings: list[Finding] = []
        self.floor = 0  # in a table cell: the column its lines start at or after
        self.cell_start: tuple[int, int] | None = None  # in a table cell: past its first placed line
        self.line_offset = 0  # the page line where the block being parsed starts (0-based)
        self.historical_lines: set[int] = set()  # 0-based lines of history (sections, comments)

    def line_of(self, node: nodes.Node) -> int | None:
        """The 1-based page line docutils gives a node of the block being parsed."""
        return node.line + self.line_offset if isinstance(node.line, int) else None

    def place(self, raw: str, node: nodes.Node) -> Placed | None:
        placed = self.placer.place(raw, self.line_of(node), floor=self.floor)
        if placed is not None and self.cell_start is None:
            line_start = self.lines.start(placed.first_line + 1)
            self.cell_start = (placed.first_line, placed.starts[0] + len(placed.raw_lines[0]) - line_start)
        return placed

    def text_block(self, node: nodes.TextElement, base: Context, *, historical: bool) -> None:
        """A block of text: inline markup found by its raw text, the rest `base`."""
        raw = node.rawsource if node.rawsource.strip() else node.astext()
        if not raw.strip():
            return
        placed = self.place(raw, node)
        if placed is None:
            self.unplaced(raw, node, base, historical=historical)
            return
        self.parts(placed, inline_parts(node, "\n".join(placed.raw_lines), base), historical=historical)

    def parts(self, placed: Placed, parts: Iterable[Part], *, historical: bool) -> None:
        """Scan the parts of a placed block; conflations over each run of it."""
        spans = [
            Span(start, end, part.context, part.label)
            for part in parts
            for start, end in placed.ranges(part.start, part.end)
            if start < end
        ]
        for span in spans:
            self.emit(span, historical=historical)
        if historical or not spans:
            return
        runs = [(placed.starts[0], placed.end)] if placed.contiguous else placed.line_ranges()
        for start, limit in runs:
            if self.lines.position(start)[0] - 1 in self.historical_lines:
                continue
            inside = [span for span in spans if start <= span.start and span.end <= limit]
            self.findings += conflation_findings(self.text, self.lines, inside, start, limit, self.engine, self.path)

    def emit(self, span: Span, *, historical: bool) -> None:
        line, column = self.lines.position(span.start)
        historical = historical or line - 1 in self.historical_lines
        segment = Segment(self.text[span.start : span.end], span.context, line, column - 1, label=span.label)
        self.findings.extend(segment_findings(segment, self.engine, self.scope, self.path, historical=historical))

    def unplaced(self, raw: str, node: nodes.Node, context: Context, *, historical: bool) -> None:
        """Text whose place in the page was not found: its findings point at the block's line
        with no span, so that no fix is written where the text may not stand."""
        line = self.line_of(node) or self.placer.cursor[0] + 1
        historical = historical or line - 1 in self.historical_lines
        segment = Segment(raw, context, line, 0)
        for finding in segment_findings(segment, self.engine, self.scope, self.path, historical=historical):
            self.findings.append(replace(finding, line=line, column=1, end_line=line, end_column=1))

    def line_block(self, node: nodes.Element, context: Context, *, historical: bool) -> None:
        """A block read line by line in one context (a code block of another language)."""
        raw = node.rawsource or node.astext()
        if not raw.strip():
            return
        placed = self.place(raw, node)
        if placed is None:
            self.unplaced(raw, node, context, historical=historical)
            return
        for start, end in placed.line_ranges():
            if start < end:
                self.emit(Span(start, end, context), historical=historical)

    def python_block(self, node: nodes.Element, *, pycon: bool, historical: bool) -> None:
        raw = node.rawsource or node.astext()
        placed = self.place(raw, node)
        if placed is None:
            self.unplaced(raw, node, Context.CODE_BLOCK, historical=historical)
            return
        first = placed.first_line
        if historical or any(line in self.historical_lines for line in range(first, first + len(placed.raw_lines))):
            return
        lines = list(placed.raw_lines)
        columns = [start - self.lines.start(placed.first_line + 1 + i) for i, start in enumerate(placed.starts)]
        pycon = pycon or looks_like_pycon(lines)
        self.findings += python_block_findings(
            lines, columns, placed.first_line, self.path, self.engine, self.scope, pycon=pycon
        )
