"""Jupyter notebooks (`.ipynb`): code cells as Python, Markdown cells as Markdown.

Read through nbformat; outputs and attachments are never scanned. A finding names its cell
(`nb.ipynb:cell 3:2:5`), and a fix rewrites only the renamed characters of the JSON
strings that hold a cell's source, so the file keeps Jupyter's layout byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lint.formats.format import Format, TextFilter
from lint.text.lines import LineIndex, split_lines

if TYPE_CHECKING:
    from lint.engine.engine import Engine
    from lint.engine.scope import FileScope
    from lint.findings import Edit, Finding


class _GatesFilter:
    """Whether the file holds any word a phrase needs (a phrase's anchor, a key): the
    phrases themselves may be split across a notebook's JSON strings (`\\n", "`), their
    words never are."""

    def __init__(self, engine: Engine) -> None:
        self._prefilter = engine.docs_prefilter

    def may_match_ascii(self, raw: bytes) -> bool:
        return self._prefilter.gates_found(raw, raw.lower())

    def may_match(self, text: str) -> bool:
        return self._prefilter.gates_found(text.encode("utf-8", "surrogatepass"), self._prefilter.lowered(text))


class NotebookFormat(Format):
    """A Jupyter notebook: its cells' contexts are those of Python and Markdown."""

    name = "notebook"
    suffixes = frozenset({".ipynb"})
    directive_comment = ""

    def prefilter(self, engine: Engine) -> TextFilter:
        return _GatesFilter(engine)

    def directive(self, body: str) -> str | None:
        """A directive goes in a cell (a code cell's `#` comment, a Markdown cell's HTML
        comment), never into the stored JSON between them."""
        return None

    def scan(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        from lint.formats.notebook.scanner import scan_notebook

        return scan_notebook(text, path, engine, scope)

    def locate(self, text: str, finding: Finding) -> tuple[int, int] | None:
        if finding.cell is None:
            return super().locate(text, finding)
        from lint.formats.notebook.scanner import NotANotebook, read_notebook

        try:
            notebook = read_notebook(text)
        except NotANotebook:
            return None
        if not 1 <= finding.cell <= len(notebook.sources):
            return None
        source = notebook.sources[finding.cell - 1]
        lines = LineIndex(source)
        start = lines.offset(finding.line, finding.column)
        end = lines.offset(finding.end_line, finding.end_column)
        if start is None or end is None or source[start:end] != finding.matched:
            return None
        return notebook.file_span(finding.cell, start, end)

    def escape(self, replacement: str) -> str:
        return json.dumps(replacement, ensure_ascii=False)[1:-1]

    def source_lines(self, text: str, finding: Finding) -> list[str]:
        if finding.cell is None:
            return super().source_lines(text, finding)
        from lint.formats.notebook.scanner import NotANotebook, read_notebook

        try:
            return split_lines(read_notebook(text).sources[finding.cell - 1])
        except (NotANotebook, IndexError):
            return []

    def authored(self, text: str) -> str:
        from lint.formats.notebook.stored import sources_in_place

        return sources_in_place(text)

    def section(self, text: str, line: int) -> str:
        from lint.formats.notebook.scanner import NotANotebook, read_notebook

        try:
            cell = read_notebook(text).cell_at(LineIndex(text).offset(line, 1) or 0)
        except NotANotebook:
            return ""
        return f"cell {cell}" if cell is not None else ""

    def fix_refusal(self, original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
        from lint.formats.notebook.fixes import notebook_refusal

        return notebook_refusal(original, fixed, edits, members)


NOTEBOOK = NotebookFormat()
