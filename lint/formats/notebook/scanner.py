"""Scan a Jupyter notebook: code cells as one Python module, Markdown cells as pages.

The notebook is read by nbformat (the reference reader); outputs, attachments and raw
cells are never scanned. Each finding carries its cell (1-based, counting every cell),
its line and column inside the cell, and its span in the file as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Finding
from lint.formats.notebook.ipython import CellMap, python_module
from lint.formats.notebook.stored import NotStored, StoredCell, stored_cells
from lint.formats.python.splits import advice_where_lines_differ
from lint.rules import Rule
from lint.text.lines import LineIndex


@dataclass(frozen=True)
class Notebook:
    """A notebook read from its JSON text: each cell's kind and source; where each source
    stands in the text (worked out when first asked: most notebooks have no finding); and
    its code cells as one module."""

    raw: str
    kinds: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def module(self) -> CellMap:
        """The code cells as one Python module."""
        return _module(self.sources, self.kinds)

    @cached_property
    def stored(self) -> tuple[StoredCell, ...] | None:
        """Each cell as stored in the text; None when the text is laid out otherwise than
        nbformat reads it (then findings are placed by cell only, and not fixed)."""
        try:
            stored = tuple(stored_cells(self.raw))
        except NotStored:
            return None
        if [c.source for c in stored] != list(self.sources) or [c.kind for c in stored] != list(self.kinds):
            return None
        return stored

    def cell_at(self, offset: int) -> int | None:
        """The cell whose stored source holds the file's offset (None: outside every source)."""
        for number, cell in enumerate(self.stored or (), 1):
            if cell.strings and cell.strings[0].start - 1 <= offset <= cell.strings[-1].end + 1:
                return number
        return None

    def file_span(self, cell: int, start: int, end: int) -> tuple[int, int] | None:
        """The offsets in the text of characters `start:end` of a cell's source, when they
        stand in one stored string (so that they can be rewritten in place)."""
        stored = self.stored
        return None if stored is None else stored[cell - 1].span(start, end, self.raw)

    def file_offsets(self, cell: int, start: int, end: int) -> tuple[int, int] | None:
        """The offsets in the text of a cell's characters `start` and `end`, wherever they stand."""
        if self.stored is None:
            return None
        first, last = self.stored[cell - 1].offset(start, self.raw), self.stored[cell - 1].offset(end, self.raw)
        return None if first is None or last is None else (first, last)


class NotANotebook(ValueError):
    """The text is not a notebook nbformat can read."""


@lru_cache(maxsize=8)
def read_notebook(raw: str) -> Notebook:
    """The notebook of `raw` (remembered: a fix asks again of the text it just scanned).

    Read with nbformat's reader: its JSON parse and version check, and, for a notebook of
    an older format, its full read and conversion to version 4. A version-4 notebook's
    cells are taken from the parsed JSON as nbformat's own reader takes them (a source
    stored as a list of lines is joined), without building its node objects, which cost
    more than scanning the cells; the schema is not validated here (a fix validates what
    it would write).
    """
    import nbformat
    from nbformat.reader import get_version, parse_json

    try:
        data = parse_json(raw)
        if not isinstance(data, dict):
            raise NotANotebook("the file holds no JSON object")
        if get_version(data)[0] != 4:
            data = nbformat.convert(nbformat.reader.reads(raw), 4)
        cells = data["cells"]
        kinds = tuple(str(cell["cell_type"]) for cell in cells)
        sources = tuple(_joined(cell["source"]) for cell in cells)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as exc:
        raise NotANotebook(str(exc).split("\n", 1)[0] or exc.__class__.__name__) from None
    return Notebook(raw, kinds, sources)


def validation_problem(raw: str) -> str | None:
    """Why nbformat would not accept the notebook (None: it would)."""
    import nbformat

    problems: dict[str, object] = {}
    try:
        nbformat.reads(raw, as_version=4, capture_validation_error=problems)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as exc:
        return str(exc).split("\n", 1)[0]
    return str(problems["ValidationError"]).split("\n", 1)[0] if problems else None


def _joined(source: object) -> str:
    """A cell's source, stored as one string or a list of lines."""
    return "".join(source) if isinstance(source, list) else str(source)


@lru_cache(maxsize=8)
def _module(sources: tuple[str, ...], kinds: tuple[str, ...]) -> CellMap:
    cells = enumerate(zip(sources, kinds, strict=True), 1)
    return python_module([(number, source) for number, (source, kind) in cells if kind == "code"])


def scan_notebook(raw: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
    """All findings of a notebook, suppressions applied within each scanner's text."""
    from lint.formats.markdown import MARKDOWN
    from lint.formats.python import PYTHON

    try:
        notebook = read_notebook(raw)
    except NotANotebook as exc:
        return [_not_a_notebook(path, str(exc)), *MARKDOWN.scan(raw, path, engine, scope)]
    placed = _Placer(notebook)
    findings: list[Finding] = []
    cells = list(zip(notebook.sources, notebook.kinds, strict=True))
    code = "\n".join(source for source, kind in cells if kind == "code")
    # The module differs from the cells' text only by inserted comment marks: what cannot
    # match in the cells cannot match in the module, which is then never built.
    if code and PYTHON.prefilter(engine).may_match(code):
        module = notebook.module
        findings += [placed.from_module(f) for f in PYTHON.scan(module.text, path, engine, scope)]
    pages = [(number, source) for number, (source, kind) in enumerate(cells, 1) if kind == "markdown"]
    prefilter = MARKDOWN.prefilter(engine)
    # One search of all the Markdown cells first: most notebooks' prose holds nothing.
    if pages and prefilter.may_match("\n\n".join(source for _, source in pages)):
        for number, source in pages:
            if prefilter.may_match(source):
                findings += [placed.from_cell(f, number) for f in MARKDOWN.scan(source, path, engine, scope)]
    return findings


def _not_a_notebook(path: str, reason: str) -> Finding:
    message = f"could not read as a Jupyter notebook ({reason}); scanned as text instead"
    return Finding.of_file(path, Rule.PARSE_ERROR, "notebook", Context.PROSE, message)


class _Placer:
    """Places findings of a cell's text, or of the module, in their cells and in the file."""

    def __init__(self, notebook: Notebook) -> None:
        self.notebook = notebook
        self._cell_lines: dict[int, LineIndex] = {}

    @cached_property
    def _raw_lines(self) -> LineIndex:
        return LineIndex(self.notebook.raw)

    @cached_property
    def _module_lines(self) -> LineIndex:
        return LineIndex(self.notebook.module.text)

    def _lines(self, cell: int) -> LineIndex:
        if cell not in self._cell_lines:
            self._cell_lines[cell] = LineIndex(self.notebook.sources[cell - 1])
        return self._cell_lines[cell]

    def from_module(self, finding: Finding) -> Finding:
        """A finding of the code cells' module, placed in its cell."""
        module = self.notebook.module
        start = self._module_lines.offset(finding.line, finding.column) or 0
        placed = module.to_cell(start)
        if placed is None:  # past the last cell's text (a parse error at the very end)
            last = module.runs[-1]
            placed = last.cell, last.cell_offset + last.length
        cell, cell_start = placed
        source = self.notebook.sources[cell - 1]
        cell_end = cell_start + len(finding.matched)
        if source[cell_start:cell_end] != finding.matched:
            cell_end = cell_start  # the span held inserted characters: placed at its start
        return self._placed(advice_where_lines_differ(finding), cell, cell_start, cell_end)

    def from_cell(self, finding: Finding, cell: int) -> Finding:
        """A finding of one cell's own text (a Markdown cell)."""
        lines = self._lines(cell)
        start = lines.offset(finding.line, finding.column) or 0
        end = lines.offset(finding.end_line, finding.end_column)
        return self._placed(finding, cell, start, start if end is None else end)

    def _placed(self, finding: Finding, cell: int, start: int, end: int) -> Finding:
        lines = self._lines(cell)
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        span = self.notebook.file_offsets(cell, start, end)
        in_file = None if span is None else (*self._raw_lines.position(span[0]), *self._raw_lines.position(span[1]))
        return replace(
            finding, line=line, column=column, end_line=end_line, end_column=end_column, cell=cell, in_file=in_file
        )
