"""Inline markup in a text block, found by its raw text.

docutils keeps each piece of inline markup's raw text (`rawsource`) but not its offset; each
is found in the block's raw text after the one before, so its place is exact, and the text
between is the block's own (prose, or heading in a title).
"""

from __future__ import annotations

from docutils import nodes

from lint.findings import Context
from lint.formats.rst.parse import role_text
from lint.formats.rst.roles import Part, reference_parts, role_parts


def inline_parts(node: nodes.TextElement, raw: str, base: Context) -> list[Part]:
    """The parts of a text block's raw text: each piece of inline markup found by its own raw
    text after the last, the text between in `base`."""
    parts: list[Part] = []
    cursor = 0
    for child in node.children:
        if not isinstance(child, nodes.Element) or not child.rawsource:
            continue
        child_raw = child.rawsource
        if isinstance(child, nodes.target) and not child_raw.startswith("_`"):
            continue  # the `<url>` of a reference, read with it
        at = raw.find(child_raw, cursor)
        if at < 0:
            continue
        if at > cursor:
            parts.append(Part(cursor, at, base))
        parts += [Part(at + p.start, at + p.end, p.context, p.label) for p in _markup_parts(child, child_raw, base)]
        cursor = at + len(child_raw)
    if cursor < len(raw):
        parts.append(Part(cursor, len(raw), base))
    return parts


def _markup_parts(node: nodes.Element, raw: str, base: Context) -> list[Part]:
    """The parts of one piece of inline markup, at offsets into its raw text."""
    if isinstance(node, nodes.literal) and raw.startswith("``") and raw.endswith("``") and len(raw) > 4:
        return [Part(2, len(raw) - 2, Context.INLINE_CODE)]
    if isinstance(node, nodes.reference):
        return reference_parts(raw)
    if isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
        return []
    if isinstance(node, nodes.substitution_reference):
        return [Part(1, len(raw.rstrip("_")) - 1, Context.LINK_TEXT, label=True)]
    if isinstance(node, nodes.target):
        return [Part(2, len(raw) - 1, base, label=True)]
    if isinstance(node, (nodes.emphasis, nodes.strong, nodes.problematic)):
        return [Part(0, len(raw), base)]
    if isinstance(node, (role_text, nodes.title_reference, nodes.literal, nodes.math, nodes.Inline)):
        return role_parts(raw, base)
    return [Part(0, len(raw), base)]
