"""Raw HTML in Markdown: what a reader of the rendered page sees in it.

CommonMark passes HTML blocks (`<details>`, `<p align="center">`, `<table>`) and inline
tags through untouched, as raw text. What a reader sees of them is still the project's
words: the text between tags is prose (code inside `<pre>`, `<code>` and their kin), the
`alt`, `title` and `aria-label` attributes are read as prose, and `href`/`src` are link
targets. Tags are recognised by markdown-it's own patterns for them, so what counts as a
tag here is what counted as one when the page was parsed. Comments are the page's
directives; `comment_spans` finds them, and the text reader steps over them.

Every closing mark is searched for once: when one is missing, nothing after it can close
either, and the rest of the text is taken as unclosed: linear time in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.common import html_re

from lint.findings import Context
from lint.scan.segments import Span

_TAG = re.compile(f"{html_re.open_tag}|{html_re.close_tag}")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ATTRIBUTE = re.compile(rf"\s+({html_re.attr_name})(?:\s*=\s*({html_re.attr_value}))?")
# Constructs whose content is never shown, and the mark that ends each.
_OPAQUE = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"))
_BLOCK_CODE = frozenset({"pre", "script", "style", "textarea"})
_INLINE_CODE = frozenset({"code", "kbd", "samp", "tt", "var"})
_PROSE_ATTRIBUTES = frozenset({"alt", "title", "aria-label"})
_LINK_ATTRIBUTES = frozenset({"href", "src"})


def comment_spans(text: str, start: int, limit: int) -> Iterator[tuple[int, int]]:
    """The span of each comment in `text[start:limit]`; an unclosed one runs to `limit`, as a
    browser reads it."""
    cursor = start
    while (opening := text.find("<!--", cursor, limit)) != -1:
        closing = text.find("-->", opening + 2, limit)  # `<!-->` and `<!--->` are empty comments
        if closing == -1:
            yield opening, limit
            return
        cursor = closing + 3
        yield opening, cursor


def html_spans(text: str, start: int, limit: int) -> list[Span]:
    """The spans of `text[start:limit]` (raw HTML) that a reader sees, in order."""
    spans: list[Span] = []
    open_code: dict[str, int] = {}  # open elements whose text is code, by name
    unclosed: set[str] = set()  # closing marks not found past the last search for them
    cursor = text_start = start
    while (opening := text.find("<", cursor, limit)) != -1:
        cursor = opening + 1  # a `<` that opens nothing is text
        closer = _opaque_end(text, opening)
        tag = None if closer is not None else _TAG.match(text, opening, limit)
        if closer is not None:
            closing = -1 if closer in unclosed else text.find(closer, opening + 2, limit)
            if closing == -1:
                if closer == "-->":
                    limit = opening  # an unclosed comment runs to the end: `comment_spans` reads it
                    break
                unclosed.add(closer)
                continue
            end = closing + len(closer)
        elif tag is not None:
            end = tag.end()
        else:
            continue
        spans.extend(_text_span(text, text_start, opening, open_code))
        if tag is not None:
            spans.extend(tag_spans(text, opening, end))
            track_code(tag.group(), open_code)
        cursor = text_start = end
    spans.extend(_text_span(text, text_start, limit, open_code))
    return spans


def _opaque_end(text: str, index: int) -> str | None:
    """The mark that ends a comment, CDATA section, instruction or declaration opened at `index`."""
    for opener, closer in _OPAQUE:
        if text.startswith(opener, index):
            return closer
    if text.startswith("<!", index) and text[index + 2 : index + 3].isalpha():
        return ">"
    return None


def tag_spans(text: str, start: int, end: int) -> list[Span]:
    """The attribute values of the tag at `text[start:end]` that a reader sees or follows."""
    name = _TAG_NAME.match(text, start, end)
    if name is None or text.startswith("</", start):
        return []
    spans = []
    for attribute in _ATTRIBUTE.finditer(text, name.end(), end):
        key, value = attribute.group(1).lower(), attribute.group(2)
        if value is None:
            continue
        context = (
            Context.PROSE if key in _PROSE_ATTRIBUTES else Context.LINK_TARGET if key in _LINK_ATTRIBUTES else None
        )
        value_start, value_end = attribute.span(2)
        if value[0] in "\"'":
            value_start, value_end = value_start + 1, value_end - 1
        if context is not None and value_end > value_start:
            spans.append(Span(value_start, value_end, context))
    return spans


def track_code(tag: str, open_code: dict[str, int]) -> None:
    """Count in `open_code` the code elements (`<pre>`, `<code>`, ...) a tag opens or closes."""
    found = _TAG_NAME.match(tag)
    assert found is not None
    name = found.group(1).lower()
    if name not in _BLOCK_CODE and name not in _INLINE_CODE:
        return
    if tag.startswith("</"):
        if open_code.get(name):
            open_code[name] -= 1
    elif not tag.endswith("/>"):
        open_code[name] = open_code.get(name, 0) + 1


def code_context(open_code: dict[str, int]) -> Context | None:
    """The context of text inside the open code elements (`track_code`), None outside them."""
    if any(open_code.get(name) for name in _BLOCK_CODE):
        return Context.CODE_BLOCK
    if any(open_code.get(name) for name in _INLINE_CODE):
        return Context.INLINE_CODE
    return None


def _text_span(text: str, start: int, end: int, open_code: dict[str, int]) -> list[Span]:
    if not text[start:end].strip():
        return []
    return [Span(start, end, code_context(open_code) or Context.PROSE)]
