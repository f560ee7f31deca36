"""Scan a reStructuredText page: docutils says what each part is, the page says where.

The page is cut into top-level blocks (`lint.formats.rst.sections`); each block that can
hold a finding or a directive is parsed on its own. Its doctree (Sphinx's names read
generically, `lint.formats.rst.parse`) gives each block and its inline markup; each
block's raw text is placed in the page (`lint.formats.rst.place`) and each piece of
inline markup found in that raw text by its own raw text, so every span is the page's own
text at its exact line and column. Text a block holds outside its markup is prose (or
heading, in a section title). Python blocks (`code-block:: python`, doctest blocks,
`ipython`) go through the Python scanner.

History: a section under a historical heading and what follows a `.. vocab-lint:
historical` comment in its section (read from the page's lines), and the body of
`deprecated`, `versionchanged` and `versionremoved`. Directives are reST comments
(`.. vocab-lint: allow[id] reason`), governing the next block.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docutils import nodes

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Finding
from lint.formats.rst.blocks import Blocks
from lint.formats.rst.directives import HISTORICAL_DIRECTIVES, argument_part, next_block, option_values
from lint.formats.rst.parse import PYTHON_CODE_DIRECTIVES, directive_block, parse_rst
from lint.formats.rst.roles import Part, target_parts
from lint.formats.rst.sections import historical_lines, top_level_blocks
from lint.scan.embedded import PYTHON_LANGUAGES, looks_like_pycon
from lint.scan.segments import Span
from lint.scan.suppressions import Directive, Suppressions, Verb, parse_directive

_HEADINGS = (nodes.subtitle, nodes.rubric)


def scan_rst(text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
    """All findings of one reST page, suppressions and history applied."""
    return _Page(text, path, engine, scope).scan()


class _Page:
    """One reST page being scanned."""

    def __init__(self, text: str, path: str, engine: Engine, scope: FileScope) -> None:
        self.text = text
        self.blocks = Blocks(text, path, engine, scope)
        self.lines = self.blocks.lines
        self.path = path
        self.engine = engine
        self.directives: list[tuple[Directive, tuple[int, int]]] = []
        self.headings = [name.lower() for name in engine.vocabulary.paths.historical_headings]
        self.drawn_table: bool | None = None  # whether the table being read is drawn (grid or simple)

    def scan(self) -> list[Finding]:
        """Parse and read each top-level block that can hold a finding (or a directive)."""
        lines = self.blocks.placer.lines
        self.blocks.historical_lines = historical_lines(lines, self.headings)
        for first, end in top_level_blocks(lines):
            block = self.text[self.lines.start(first + 1) : self.lines.start(end + 1)]
            if self.engine.docs_may_have_findings(block):
                self.blocks.line_offset, self.blocks.placer.cursor = first, (first, 0)
                self._children(parse_rst(block, self.path), historical=False)
        suppressions = Suppressions(self.engine.aliases)
        for directive, (first, last) in self.directives:
            if directive.verb is Verb.ALLOW:
                suppressions.allow(directive, first, last)
        suppressions.regions([d for d, _ in self.directives], len(self.lines))
        return suppressions.apply(self.blocks.findings, self.path)

    # The tree ------------------------------------------------------------------------------

    def _children(self, node: nodes.Element, *, historical: bool) -> None:
        for child in node.children:
            if isinstance(child, nodes.comment):
                self._comment(child, historical=historical)
            elif isinstance(child, nodes.Element):
                self._node(child, historical=historical)

    def _node(self, node: nodes.Element, *, historical: bool) -> None:
        if isinstance(node, nodes.system_message):
            # A construct docutils could not read (a malformed table) keeps its text as a literal block.
            for block in node.findall(nodes.literal_block):
                self.blocks.line_block(block, Context.PROSE, historical=historical)
        elif isinstance(node, (nodes.pending, nodes.image, nodes.raw, nodes.label)):
            return
        elif isinstance(node, nodes.literal_block):
            self._literal(node, historical=historical, parent="")
        elif isinstance(node, nodes.doctest_block):
            self.blocks.python_block(node, pycon=True, historical=historical)
        elif isinstance(node, nodes.math_block):
            self.blocks.line_block(node, Context.CODE_BLOCK, historical=historical)
        elif isinstance(node, nodes.target):
            self._target(node, historical=historical)
        elif isinstance(node, nodes.substitution_definition):
            self._substitution(node, historical=historical)
        elif isinstance(node, directive_block):
            self._directive(node, historical=historical)
        elif isinstance(node, nodes.table):
            self.drawn_table = None
            self._children(node, historical=historical)
        elif isinstance(node, nodes.row):
            self._row(node, historical=historical)
        elif isinstance(node, nodes.TextElement):
            heading = isinstance(node, _HEADINGS) or (
                isinstance(node, nodes.title) and isinstance(node.parent, nodes.section)
            )
            self.blocks.text_block(node, Context.HEADING if heading else Context.PROSE, historical=historical)
        else:
            self._children(node, historical=historical)

    def _row(self, row: nodes.row, *, historical: bool) -> None:
        """The cells of a table row share its lines: each cell is placed after the first line
        of the one before, and its lines no further left than where it starts."""
        blocks = self.blocks
        start, floor = blocks.placer.cursor, 0
        reached = start
        first_finding, first_line = len(blocks.findings), None
        for entry in [child for child in row.children if isinstance(child, nodes.entry)]:
            blocks.placer.cursor, blocks.floor, blocks.cell_start = start, floor, None
            self._children(entry, historical=historical)
            reached = max(reached, blocks.placer.cursor)
            if blocks.cell_start is not None:
                start = blocks.cell_start
                floor = start[1]
                first_line = start[0] if first_line is None else first_line
        blocks.placer.cursor, blocks.floor = reached, 0
        if self.drawn_table is None and first_line is not None:
            self.drawn_table = _drawn(blocks.placer.lines, first_line)
        if self.drawn_table:
            # A grid or simple table's columns have fixed widths, which a longer name would overflow.
            findings = blocks.findings
            for index in range(first_finding, len(findings)):
                finding = findings[index]
                if finding.replacement is not None and len(finding.replacement) > len(finding.matched):
                    findings[index] = replace(finding, fixable=False)

    def _literal(self, node: nodes.literal_block, *, historical: bool, parent: str) -> None:
        language = str(node.get("language", "")).lower()
        if parent == "toctree":
            self.blocks.line_block(node, Context.LINK_TARGET, historical=historical)
        elif parent == "autosummary":
            self.blocks.line_block(node, Context.ROLE, historical=historical)
        elif language in PYTHON_LANGUAGES or parent in PYTHON_CODE_DIRECTIVES:
            self.blocks.python_block(node, pycon=language == "pycon", historical=historical)
        elif not language and looks_like_pycon(node.astext().split("\n")):
            self.blocks.python_block(node, pycon=True, historical=historical)
        else:
            self.blocks.line_block(node, Context.CODE_BLOCK, historical=historical)

    def _target(self, node: nodes.target, *, historical: bool) -> None:
        """An explicit target (`.. _name: url`); an inline target is read with its paragraph."""
        raw = node.rawsource
        if not raw.startswith(".."):
            return
        placed = self.blocks.place(raw, node)
        if placed is not None:
            self.blocks.parts(placed, target_parts(raw), historical=historical)

    def _substitution(self, node: nodes.substitution_definition, *, historical: bool) -> None:
        """`.. |name| replace:: text`: the name is a label, a replacement text is prose."""
        raw = node.rawsource.rstrip("\n")
        placed = self.blocks.place(raw, node)
        if placed is None:
            return
        found = re.match(r"\.\.[ ]+\|(?P<name>[^|]+)\|[ ]+(?P<kind>[\w-]+)::(?P<body>.*)", raw, re.DOTALL)
        if found is None:
            return
        parts = [Part(*found.span("name"), Context.LINK_TEXT, label=True)]
        body_context = {"replace": Context.PROSE, "image": Context.LINK_TARGET}.get(found.group("kind"))
        if body_context is not None:
            parts.append(Part(*found.span("body"), body_context))
        self.blocks.parts(placed, parts, historical=historical)

    def _directive(self, node: directive_block, *, historical: bool) -> None:
        """A directive docutils does not know: its argument, options and content."""
        name = str(node["name"])
        historical = historical or name in HISTORICAL_DIRECTIVES
        self._argument(node, name, historical=historical)
        self._options(node, name, historical=historical)
        for child in node.children:
            if isinstance(child, nodes.literal_block):
                self._literal(child, historical=historical, parent=name)
            elif isinstance(child, nodes.comment):
                self._comment(child, historical=historical)
            elif isinstance(child, nodes.Element):
                self._node(child, historical=historical)

    def _argument(self, node: directive_block, name: str, *, historical: bool) -> None:
        argument = str(node["arguments"])
        part = argument_part(name, argument)
        if part is None:
            return
        placed = self.blocks.place(argument, node)
        if placed is None:
            self.blocks.unplaced(argument, node, part.context, historical=historical)
        else:
            self.blocks.parts(placed, [part], historical=historical)

    def _options(self, node: directive_block, name: str, *, historical: bool) -> None:
        """Option lines (`:caption: text`) right after the directive's line(s)."""
        first = (self.blocks.line_of(node) or 0) + str(node["arguments"]).count("\n")
        for line, start, end, context in option_values(self.blocks.placer.lines, first, name):
            offset = self.lines.start(line + 1)
            self.blocks.emit(Span(offset + start, offset + end, context), historical=historical)

    # Comments and directives ---------------------------------------------------------------------

    def _comment(self, node: nodes.comment, *, historical: bool) -> None:
        """A comment: a directive, or text read as a comment (`historical` is read with the
        page's sections, `nolink` by the glossary)."""
        raw = node.rawsource
        if not raw.strip():
            return
        placed = self.blocks.place(raw, node)
        parsed = parse_directive(raw.split("\n", 1)[0])
        if placed is None or parsed is None:
            if placed is None:
                self.blocks.unplaced(raw, node, Context.COMMENT, historical=historical)
            else:
                for start, end in placed.line_ranges():
                    if start < end:
                        self.blocks.emit(Span(start, end, Context.COMMENT), historical=historical)
            return
        verb, ids = parsed
        if verb in (Verb.HISTORICAL, Verb.NOLINK):
            return
        line, column = self.lines.position(placed.starts[0])
        first_line = raw.split("\n", 1)[0]
        start_column = column - 3  # the directive is written from the comment's `..`
        marker = self.text.rfind("..", self.lines.start(line), placed.starts[0])
        if marker >= 0:
            start_column = marker - self.lines.start(line) + 1
        directive = Directive(
            verb, ids, line, start_column, column + len(first_line), ".. " + first_line, Context.COMMENT
        )
        self.directives.append(
            (directive, next_block(self.blocks.placer.lines, placed.first_line + len(placed.raw_lines)))
        )


_BORDER = re.compile(r"[ \t]*[=+|-][=+| \t-]*")


def _drawn(lines: list[str], first: int) -> bool:
    """Whether the table row whose cells start on 0-based line `first` is drawn: a grid
    table's (`| cell |`) or a simple table's (a `====  ====` border above it)."""
    if lines[first].lstrip().startswith("|"):
        return True
    above = first - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above >= 0 and _BORDER.fullmatch(lines[above]) is not None
