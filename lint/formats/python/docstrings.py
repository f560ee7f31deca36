"""reST markup in docstrings: ``literals`` and roles read as a reST page reads them.

A docstring is reStructuredText to Sphinx, and NumPy and Google styles alike write
``` ``name`` ``` for inline code and ``:class:`pkg.Name` `` for a Python object. A regular
expression finds that markup (no docstring is parsed a second time); each part becomes a
segment of its own context, still Python source for a name's `scope`, and the docstring
keeps the rest, the markup blanked so that no phrase runs into it or out of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lint.findings import Context
from lint.formats.rst.roles import Part, reference_parts, role_parts
from lint.scan.segments import Segment, offset_position
from lint.text.lines import blanked

_IN_PARAGRAPH = r"(?:[^`\n]|\n(?![ \t]*\n))"  # any character but a backtick; no blank line
_MARKUP = re.compile(
    r"(?<![\w`\\])(?:"
    rf"``(?P<literal>[^`\s](?:{_IN_PARAGRAPH}|`(?!`))*?)``"
    rf"|(?P<interpreted>(?::[\w.+:-]+:)?`[^`\s]{_IN_PARAGRAPH}*?`(?::[\w.+:-]+:)?)(?P<reference>__?)?"
    r")(?![\w`])"
)


def docstring_segments(docstring: Segment) -> list[Segment]:
    """The docstring with its markup blanked, then each part of the markup (a literal as
    inline code, a role's target as `role`, a reference's text and target as links)."""
    text = docstring.text
    if "`" not in text:
        return [docstring]
    parts: list[Segment] = []
    pieces: list[str] = []
    cursor = 0
    for markup in _MARKUP.finditer(text):
        start, end = markup.span()
        for part in _parts(markup):
            line, column = offset_position(docstring, start + part.start)
            written = text[start + part.start : start + part.end]
            parts.append(Segment(written, part.context, line, column - 1, label=part.label, in_code=True))
        pieces += (text[cursor:start], blanked(text[start:end]))
        cursor = end
    if not parts:
        return [docstring]
    pieces.append(text[cursor:])
    return [replace(docstring, text="".join(pieces)), *parts]


def _parts(markup: re.Match[str]) -> list[Part]:
    """The parts of one piece of markup, at offsets into it."""
    if markup.group("literal") is not None:
        return [Part(2, markup.end("literal") - markup.start(), Context.INLINE_CODE)]
    raw = markup.group()
    if markup.group("reference") is not None:
        return reference_parts(raw)
    return role_parts(raw, Context.DOCSTRING)
