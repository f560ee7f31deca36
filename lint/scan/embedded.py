"""What the docs scanners share: Python blocks read as code, and sentences read for conflations.

A page's Python block (a fenced `python` block in Markdown, a `code-block:: python` or a
doctest block in reST) goes through the Python scanner; its findings are moved to the
page's lines and columns. A block's prose is cut into sentences, code spans included, for
the conflation rules.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import replace

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Finding
from lint.rules import Rule
from lint.scan.segments import Segment, Span, hit_to_finding
from lint.text.lines import LineIndex, blanked
from lint.text.sentences import sentences

PYTHON_LANGUAGES = frozenset({"python", "py", "python3", "py3", "pycon"})
_PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)")
_READABLE = frozenset({Context.PROSE, Context.HEADING, Context.LINK_TEXT, Context.INLINE_CODE})


def looks_like_pycon(lines: Sequence[str]) -> bool:
    """Whether a block is an interactive session (`>>> ` prompts)."""
    return any(line.startswith(">>> ") for line in lines)


def python_block_findings(
    lines: Sequence[str],
    columns: Sequence[int],
    first_line: int,
    path: str,
    engine: Engine,
    scope: FileScope,
    *,
    pycon: bool,
) -> list[Finding]:
    """The findings of a page's Python block: `lines[i]` stands on page line
    `first_line + i + 1` from 0-based column `columns[i]`; a session's prompts are left out."""
    from lint.formats.python.scanner import scan_python
    from lint.formats.python.splits import advice_where_lines_differ

    code_lines = list(lines)
    columns = list(columns)
    if pycon:
        for index, line in enumerate(lines):
            prompt = _PROMPT.match(line)
            code_lines[index] = line[prompt.end() :] if prompt else ""
            columns[index] += prompt.end() if prompt else 0
    findings = []
    for finding in scan_python("\n".join(code_lines) + "\n", path, engine, scope):
        if finding.rule is Rule.PARSE_ERROR:
            continue  # a block of a page is an example, often a fragment
        findings.append(
            replace(
                advice_where_lines_differ(finding),
                line=finding.line + first_line,
                end_line=finding.end_line + first_line,
                column=finding.column + columns[finding.line - 1],
                end_column=finding.end_column + columns[finding.end_line - 1],
            )
        )
    return findings


def readable(text: str, spans: Sequence[Span], start: int, limit: int) -> str:
    """`text[start:limit]` with all but its prose, link text and code spans blanked (every
    character but line breaks turned to a space: offsets and lines are kept)."""
    pieces: list[str] = []
    cursor = start  # spans come in order and never overlap (each is found after the last)
    for span in spans:
        if span.context in _READABLE:
            pieces += (blanked(text[cursor : span.start]), text[span.start : span.end])
            cursor = span.end
    pieces.append(blanked(text[cursor:limit]))
    return "".join(pieces)


def conflation_findings(
    text: str,
    lines: LineIndex,
    spans: Sequence[Span],
    start: int,
    limit: int,
    engine: Engine,
    path: str,
    skip_lines: Container[int] = (),
) -> Iterator[Finding]:
    """Conflation findings of each sentence of `text[start:limit]` (its readable `spans`),
    but those of sentences starting on `skip_lines` (history). `text` is the page as
    written, `lines` its line index."""
    kept = readable(text, spans, start, limit)
    for first, last in sentences(kept):
        line, column = lines.position(start + first)
        if line in skip_lines:
            continue
        # The page's own text: a finding's `matched` is what is written, JSX tags included.
        segment = Segment(text[start + first : start + last], Context.PROSE, line, column - 1)
        for hit in engine.conflation_hits(kept[first:last]):
            yield hit_to_finding(hit, segment, path)
