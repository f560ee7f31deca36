"""Fixes of a reST page: a renamed title keeps its adornment long enough, and the page its shape.

A section title's underline (and overline) must be at least as wide as the title: a
rename that lengthens a title lengthens them with their own character. The fixed page
must parse to the same structure with no new problem (docutils' warnings and errors); if
it does not, the fix is refused.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from docutils import nodes

from lint.findings import Context, Edit
from lint.formats.rst.parse import parse_rst
from lint.text.lines import LineIndex, split_lines

_ADORNMENT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def adornment_edits(text: str, edits: Sequence[Edit]) -> list[Edit]:
    """Edits that lengthen the underline and overline of each title the edits widen."""
    lines = split_lines(text)
    index = LineIndex(text)
    by_line: dict[int, list[Edit]] = {}
    for edit in edits:
        if edit.finding.context is not Context.HEADING:
            continue
        line = index.position(edit.start)[0]
        if index.position(edit.end)[0] == line:
            by_line.setdefault(line, []).append(edit)
    extra = []
    for line, on_line in by_line.items():
        under = line + 1  # 1-based line numbers
        if under > len(lines) or not _is_adornment(lines[under - 1]):
            continue
        start = index.start(line)
        title = lines[line - 1]
        for edit in sorted(on_line, key=lambda e: e.start, reverse=True):
            title = title[: edit.start - start] + edit.replacement + title[edit.end - start :]
        width = _width(title.rstrip())
        over = line - 1
        adornments = [under] + ([over] if over >= 1 and lines[over - 1].rstrip() == lines[under - 1].rstrip() else [])
        for adorned in adornments:
            current = lines[adorned - 1].rstrip()
            if len(current) < width:
                at = index.start(adorned) + len(current)
                extra.append(Edit(at, at, current[0] * (width - len(current)), on_line[0].finding))
    return extra


def _is_adornment(line: str) -> bool:
    stripped = line.rstrip()
    return len(stripped) >= 2 and stripped[0] in _ADORNMENT and stripped == stripped[0] * len(stripped)


def _width(text: str) -> int:
    """The columns a title takes, as docutils counts them (wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def structure_change(original: str, fixed: str) -> str | None:
    """What changed in the page's structure or problems between two texts (None: nothing)."""
    before, after = parse_rst(original), parse_rst(fixed)
    if _shape(before) != _shape(after):
        return "the fixed page would parse to a different structure"
    problems = _problems(after) - _problems(before)
    if problems:
        message = next(iter(problems))
        return f"the fixed page would get a new docutils problem: {message}"
    return None


def _shape(document: nodes.document) -> list[str]:
    return [node.tagname for node in document.findall(nodes.Element) if not isinstance(node, nodes.system_message)]


def _problems(document: nodes.document) -> Counter[str]:
    return Counter(
        message.children[0].astext() if message.children else message.get("type", "")
        for message in document.findall(nodes.system_message)
        if int(message.get("level", 0)) >= 2
    )
