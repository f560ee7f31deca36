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
from lint.fix.edits import apply_edits
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


def structure_change(original: str, fixed: str, edits: Sequence[Edit]) -> str | None:
    """Why the fixed page must not be written: what changed in its structure or problems
    (None: nothing), naming the first rename that changes it alone."""
    before = parse_rst(original)
    change = _change(before, parse_rst(fixed))
    if change is None:
        return None
    for edit in edits:
        alone = apply_edits(original, sorted([edit, *adornment_edits(original, [edit])], key=lambda e: e.start))
        if _change(before, parse_rst(alone)) is not None:
            finding = edit.finding
            return f"renaming '{finding.matched}' (line {finding.line}) would give the page {change}; nothing was fixed"
    return f"the renames together would give the page {change}; nothing was fixed"


def _change(before: nodes.document, after: nodes.document) -> str | None:
    if _shape(before) != _shape(after):
        return "a different structure"
    problems = _problems(after) - _problems(before)
    if problems:
        return f"a new docutils problem ({next(iter(problems))})"
    return None


def _shape(node: nodes.Element) -> list[str]:
    """The tag names of the tree in document order, docutils' messages left out."""
    shape = [node.tagname]
    for child in node.children:
        if isinstance(child, nodes.Element) and not isinstance(child, nodes.system_message):
            shape += _shape(child)
    return shape


def _problems(document: nodes.document) -> Counter[str]:
    return Counter(
        message.children[0].astext() if message.children else message.get("type", "")
        for message in document.findall(nodes.system_message)
        if int(message.get("level", 0)) >= 2
    )
