"""Where an `allow` directive goes so that it suppresses a finding, in each format's comments.

Python: at the end of the finding's line, as Ruff's `--add-noqa` writes `# noqa`; where a
comment cannot end that line (inside a multi-line string, after a `\\` continuation), an
`off[ID]` ... `on` region around the statement. Pages (Markdown, MDX, reST): a directive
line above the block holding the finding. Notebooks: the same in each cell, by its kind,
written into the stored JSON escaped. Directives are only ever inserted; the caller scans
the result again and keeps it only when every finding is suppressed.
"""

from __future__ import annotations

import io
import json
import tokenize
from collections import defaultdict
from collections.abc import Iterable, Sequence

from lint.findings import Finding
from lint.formats import Format
from lint.formats.markdown import MARKDOWN, MDX
from lint.formats.notebook import NOTEBOOK
from lint.formats.python import PYTHON

# An insertion: the offset in the text, and what goes there.
Insertion = tuple[int, str]


def with_directives(text: str, findings: Sequence[Finding], file_format: Format, reason: str) -> str | None:
    """`text` with directives allowing each of `findings` (by term id); None when there is
    no place for one (a raw cell, or a notebook not laid out as nbformat writes it)."""
    if file_format is NOTEBOOK:
        insertions = _notebook(text, findings, reason)
    else:
        insertions = _insertions(text, [(f.line, f.term) for f in findings], file_format, reason)
    if insertions is None:
        return None
    for offset, inserted in sorted(insertions, key=lambda insertion: insertion[0], reverse=True):
        text = text[:offset] + inserted + text[offset:]
    return text


def _insertions(text: str, found: Sequence[tuple[int, str]], file_format: Format, reason: str) -> list[Insertion]:
    """The directives for (line, term id) pairs of a Python source or a page."""
    lines = text.splitlines(keepends=True)
    newline = next((line[len(line.rstrip("\r\n")) :] for line in lines if line.endswith("\n")), "\n")
    starts = [0]
    for each in lines:
        starts.append(starts[-1] + len(each))
    if file_format is PYTHON:
        return _python(lines, starts, found, reason, newline)
    block_start = _BlockStart(text, lines, file_format)
    above: dict[int, set[str]] = defaultdict(set)
    for line, term in found:
        above[block_start(line)].add(term)
    insertions = []
    for line, ids in above.items():
        target = lines[line - 1] if line <= len(lines) else ""
        indent = target[: len(target) - len(target.lstrip())]
        directive = file_format.directive(_body("allow", ids, reason))
        assert directive is not None  # pages and Python have comments
        # A reST directive ends with the blank line explicit markup wants after it.
        written = "".join((indent + part if part else "") + newline for part in directive.split("\n"))
        insertions.append((starts[line - 1], written))
    return insertions


def _body(verb: str, ids: Iterable[str], reason: str) -> str:
    return f"vocab-lint: {verb}[{','.join(sorted(ids))}]" + (f" {reason}" if reason else "")


class _BlockStart:
    """The line a block directive goes above: Markdown's top-level block as markdown-it maps
    it (a fenced code block whole, never a line inside it); else the first line after the
    blank line above (a reST paragraph)."""

    def __init__(self, text: str, lines: list[str], file_format: Format) -> None:
        self._lines = lines
        self._spans: list[tuple[int, int]] = []
        if file_format in (MARKDOWN, MDX):
            from lint.formats.markdown.scanner import markdown_parser

            tokens = markdown_parser(mdx=file_format is MDX).parse(text)
            self._spans = [(t.map[0] + 1, t.map[1]) for t in tokens if t.level == 0 and t.map and t.nesting >= 0]

    def __call__(self, line: int) -> int:
        for first, last in self._spans:
            if first <= line <= last:
                return first
        while line > 1 and self._lines[line - 2].strip():
            line -= 1
        return line


def _python(
    lines: list[str], starts: list[int], found: Sequence[tuple[int, str]], reason: str, newline: str
) -> list[Insertion]:
    """An end-of-line allow, or an off ... on region, for each (line, term id)."""
    statements, open_lines = _statements("".join(lines))
    at_end: dict[int, set[str]] = defaultdict(set)
    regions: dict[tuple[int, int], set[str]] = defaultdict(set)
    for line, term in found:
        text = lines[line - 1] if line <= len(lines) else ""
        if line not in open_lines and not text.rstrip("\r\n").endswith("\\"):
            at_end[line].add(term)
        else:
            regions[statements.get(line, (line, line))].add(term)
    insertions = []
    for line, ids in at_end.items():
        content = lines[line - 1].rstrip("\r\n")
        insertions.append((starts[line - 1] + len(content), f"  # {_body('allow', ids, reason)}"))
    for (first, last), ids in regions.items():
        target = lines[first - 1]
        indent = target[: len(target) - len(target.lstrip())]
        insertions.append((starts[first - 1], f"{indent}# {_body('off', ids, reason)}{newline}"))
        ends_open = not lines[last - 1].endswith(("\n", "\r"))
        insertions.append((starts[last], f"{newline if ends_open else ''}{indent}# vocab-lint: on{newline}"))
    return insertions


def _statements(source: str) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """For each line, the lines of the logical line (statement) holding it; and the lines a
    token runs past the end of (an open string), where no comment can end the line."""
    by_line: dict[int, tuple[int, int]] = {}
    open_lines: set[int] = set()
    first: int | None = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind, start, end = token.type, token.start[0], token.end[0]
            if kind in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT) and first is None:
                continue
            if first is None:
                first = start
            open_lines.update(range(start, end))
            if kind in (tokenize.NEWLINE, tokenize.ENDMARKER):
                for line in range(first, end + 1):
                    by_line[line] = (first, end)
                first = None
    except (tokenize.TokenError, SyntaxError):
        pass  # what was read stands; the caller's rescan tells whether the directives hold
    return by_line, open_lines


def _notebook(raw: str, findings: Sequence[Finding], reason: str) -> list[Insertion] | None:
    """Each cell's directives (Python comments in a code cell, HTML comments in a Markdown
    cell), placed in the stored JSON and escaped as JSON strings."""
    from lint.formats.notebook.scanner import read_notebook

    notebook = read_notebook(raw)
    by_cell: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for finding in findings:
        if finding.cell is None:
            return None
        by_cell[finding.cell].append((finding.line, finding.term))
    insertions = []
    for cell, found in by_cell.items():
        kind = notebook.kinds[cell - 1]
        cell_format = PYTHON if kind == "code" else MARKDOWN if kind == "markdown" else None
        if cell_format is None:
            return None
        for offset, inserted in _insertions(notebook.sources[cell - 1], found, cell_format, reason):
            stored = notebook.file_offsets(cell, offset, offset)
            if stored is None:
                return None
            insertions.append((stored[0], json.dumps(inserted)[1:-1]))
    return insertions
