"""Where an `allow` directive goes so that it suppresses a finding, in each format's comments.

Python: at the end of the finding's line, as Ruff's `--add-noqa` writes `# noqa`; where a
comment cannot end that line (inside a multi-line string, after a `\\` continuation), an
`off[ID]` ... `on` region around the statement. Pages (Markdown, MDX, reST): a directive
line above the block holding the finding. The caller scans the result again and keeps it
only when every finding is suppressed.
"""

from __future__ import annotations

import io
import tokenize
from collections import defaultdict
from collections.abc import Iterable, Sequence

from lint.findings import Finding
from lint.formats import Format
from lint.formats.markdown import MARKDOWN, MDX
from lint.formats.python import PYTHON


def with_directives(text: str, findings: Sequence[Finding], file_format: Format, reason: str) -> str | None:
    """`text` with directives allowing each of `findings` (by term id); None when this
    format has no place for them (a notebook's stored JSON)."""
    if file_format.directive("") is None:
        return None
    lines = text.splitlines(keepends=True)
    newline = next((line[len(line.rstrip("\r\n")) :] for line in lines if line.endswith("\n")), "\n")
    if file_format is PYTHON:
        return "".join(_python(lines, findings, reason, newline))
    starts = _block_starts(text, lines, file_format)
    above: dict[int, set[str]] = defaultdict(set)
    for finding in findings:
        above[starts(finding.line)].add(finding.term)
    out = list(lines)
    for line in sorted(above, reverse=True):
        target = out[line - 1] if line <= len(out) else ""
        indent = target[: len(target) - len(target.lstrip())]
        directive = file_format.directive(_body("allow", above[line], reason))
        assert directive is not None
        # A reST directive ends with the blank line explicit markup wants after it.
        out[line - 1 : line - 1] = [(indent + part if part else "") + newline for part in directive.split("\n")]
    return "".join(out)


def _body(verb: str, ids: Iterable[str], reason: str) -> str:
    return f"vocab-lint: {verb}[{','.join(sorted(ids))}]" + (f" {reason}" if reason else "")


def _block_starts(text: str, lines: list[str], file_format: Format) -> _BlockStart:
    """The first line of the block holding a line: Markdown's top-level block as markdown-it
    maps it (a fenced code block whole, never a line inside it), reST's paragraph."""
    if file_format in (MARKDOWN, MDX):
        from lint.formats.markdown.scanner import markdown_parser

        tokens = markdown_parser(mdx=file_format is MDX).parse(text)
        spans = [(t.map[0] + 1, t.map[1]) for t in tokens if t.level == 0 and t.map and t.nesting >= 0]
        return _BlockStart(lines, spans)
    return _BlockStart(lines, [])


class _BlockStart:
    """The line a block directive goes above: the mapped block's first line, else the first
    line after the blank line above."""

    def __init__(self, lines: list[str], spans: list[tuple[int, int]]) -> None:
        self._lines = lines
        self._spans = spans

    def __call__(self, line: int) -> int:
        for first, last in self._spans:
            if first <= line <= last:
                return first
        while line > 1 and self._lines[line - 2].strip():
            line -= 1
        return line


def _python(lines: list[str], findings: Sequence[Finding], reason: str, newline: str) -> list[str]:
    """Python lines with an end-of-line allow, or an off ... on region, for each finding."""
    statements, open_lines = _statements("".join(lines))
    at_end: dict[int, set[str]] = defaultdict(set)
    regions: dict[tuple[int, int], set[str]] = defaultdict(set)
    for finding in findings:
        line = finding.line
        text = lines[line - 1] if line <= len(lines) else ""
        if line not in open_lines and not text.rstrip("\r\n").endswith("\\"):
            at_end[line].add(finding.term)
        else:
            regions[statements.get(line, (line, line))].add(finding.term)
    out = list(lines)
    for line, ids in at_end.items():
        body = out[line - 1].rstrip("\r\n")
        out[line - 1] = f"{body}  # {_body('allow', ids, reason)}{newline}"
    for (first, last), ids in sorted(regions.items(), reverse=True):
        target = out[first - 1]
        indent = target[: len(target) - len(target.lstrip())]
        if not out[last - 1].endswith(("\n", "\r")):
            out[last - 1] += newline
        out.insert(last, f"{indent}# vocab-lint: on{newline}")
        out.insert(first - 1, f"{indent}# {_body('off', ids, reason)}{newline}")
    return out


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
