"""Exact source positions for markdown-it tokens.

markdown-it gives block tokens line maps but inline tokens no columns. `LineIndex` knows the
offset of every line; `align_inline` walks an inline token's children in order and finds
each one in the source after the previous one, so every text run, code span, link text
and link target gets its exact span. `prepare` rewrites Material and MDX syntax that
markdown-it does not know into same-length text it does know, so offsets never shift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from lint.findings import Context
from lint.formats.markdown.html import code_context, tag_spans, track_code
from lint.scan.segments import Span

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]`]+[^\s<>()\[\]`.,;:!?'\"]")
# A content tab's header (`=== "Title"`), read one line at a time: `\s*` from each line start
# of a whole page ran on over every blank line after it (quadratic in their number).
_TAB = re.compile(r'([ \t]*)===([+!]?)(?:([ \t]+)"([^"]*)")?(?=\s|$)')
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_SNIPPET = re.compile(r"^\s*-{1,2}8<-{1,2}\s.*$")
_ATTR_LIST = re.compile(r"\{:?\s*[#.:][^}\n]*\}|\{:?\s*\w+=[^}\n]*\}")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def prepare(text: str) -> tuple[str, list[Span]]:
    """Same-length rewrite: Material content tabs become admonitions, snippet includes and
    attribute lists disappear; an MDX page is then read by `lint.formats.markdown.mdx`.

    Also the spans of the tabs' titles, blanked in the rewrite: an admonition takes the
    first word of its title for its kind (`!!! "Old name"` is of kind `"old`), so each
    title is scanned on its own, as prose.
    """
    lines = text.split("\n")
    titles: list[Span] = []
    fence: str | None = None
    line_start = 0
    for index, line in enumerate(lines):
        line_start += len(lines[index - 1]) + 1 if index else 0
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * 3
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        tab = _TAB.match(line)
        if tab is not None:
            line = lines[index] = _as_admonition(tab) + line[tab.end() :]
            if tab.group(4):
                titles.append(Span(line_start + tab.start(4), line_start + tab.end(4), Context.PROSE))
        if _SNIPPET.match(line):
            lines[index] = " " * len(line)
        elif "{" in line:
            # A list ends with `}`: past a line's last one, a `{` would be tried to the line's end.
            cut = line.rfind("}") + 1
            lines[index] = _ATTR_LIST.sub(_blank, line[:cut]) + line[cut:]
    return "\n".join(lines), titles


def _as_admonition(tab: re.Match[str]) -> str:
    """A tab's header as an admonition's of the same length: kind `x`, its title blanked."""
    indent, state, gap, title = tab.group(1, 2, 3, 4)
    head = f"{indent}!!!{' ' * len(state)}"
    return head if gap is None else f"{head}{gap}x{' ' * (len(title) + 1)}"


def url_spans(text: str, start: int) -> Iterator[tuple[int, int]]:
    """Bare URLs inside `text` (which begins at offset `start`)."""
    for found in _URL.finditer(text):
        yield start + found.start(), start + found.end()


def _link_target(source: str, cursor: int, limit: int) -> tuple[list[Span], int] | None:
    """After a link's text (at `](`): the spans of its target and title, and the offset after
    its `)`, read with markdown-it's own helpers for them."""
    if not source.startswith("](", cursor):
        return None
    start = _skip_space(source, cursor + 2, limit)
    destination = parseLinkDestination(source, start, limit)
    spans: list[Span] = []
    end = start
    if destination.ok:
        angled = int(source.startswith("<", start))
        spans.append(Span(start + angled, destination.pos - angled, Context.LINK_TARGET))
        end = destination.pos
    title_start = _skip_space(source, end, limit)
    if title_start > end:
        title = parseLinkTitle(source, title_start, limit)
        if title.ok:
            spans.append(Span(title_start + 1, title.pos - 1, Context.PROSE))  # a tooltip, read as prose
            end = title.pos
    close = source.find(")", end, limit)
    return ([span for span in spans if span.end > span.start], close + 1) if close != -1 else None


def _skip_space(source: str, cursor: int, limit: int) -> int:
    while cursor < limit and source[cursor] in " \t\r\n":
        cursor += 1
    return cursor


class _Finder:
    """`source.find(text, at, limit)`, remembering the texts not found: a text not found
    from one point is not found from any later one. The content of a child that the parser
    decoded (`&copy;` as ©) is not in the source; asked again for each such child, the
    search ran to the end of the paragraph each time (quadratic in its length)."""

    def __init__(self, source: str, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._missing_from: dict[str, int] = {}

    def find(self, text: str, at: int) -> int:
        if self._missing_from.get(text, self._limit + 1) <= at:
            return -1
        found = self._source.find(text, at, self._limit)
        if found == -1:
            self._missing_from[text] = at
        return found


def align_inline(inline: Token, source: str, start: int, limit: int, base: Context) -> list[Span]:
    """Spans of an inline token's children, found in order in `source[start:limit]`.

    Text lands in `base` (prose, heading) or `link-text`; code spans in `inline-code`; link
    targets, autolinks and bare URLs in `link-target`; inline HTML comments in
    `html-comment`, and the attributes of inline tags a reader sees as `lint.formats.markdown.html`
    places them. Escapes and entities are stepped over as written (`\\*`, `&amp;`).
    """
    spans: list[Span] = []
    cursor = start
    link_stack: list[tuple[str, int]] = []  # each open link's markup, and its first span
    open_code: dict[str, int] = {}  # `<code>`, `<kbd>`, ... tags open in the text
    find = _Finder(source, limit).find
    for child in inline.children or []:
        kind = child.type
        if kind == "text" and child.content:
            found = find(child.content, cursor)
            if found == -1:
                continue
            end = found + len(child.content)
            if link_stack and link_stack[-1][0] == "autolink":
                spans.append(Span(found, end, Context.LINK_TARGET))
            else:
                context = code_context(open_code) or (Context.LINK_TEXT if link_stack else base)
                spans.extend(_split_urls(source, found, end, context))
            cursor = end
        elif kind == "text_special":  # an escape or entity: its markup is what the source holds
            found = find(child.markup, cursor)
            cursor = cursor if found == -1 else found + len(child.markup)
        elif kind == "code_inline":
            code = _code_span(source, cursor, limit, child.markup)
            if code is not None:
                spans.append(Span(*code, Context.INLINE_CODE))
                cursor = code[1] + len(child.markup)
        elif kind == "link_open":
            link_stack.append((child.markup or "link", len(spans)))
        elif kind == "link_close":
            markup, first = link_stack.pop() if link_stack else ("link", len(spans))
            cursor = _close_link(markup, spans, first, source, cursor, limit)
        elif kind == "image":
            cursor = _image(child.content, source, cursor, limit, find, spans)
        elif kind == "html_inline":
            found = source.find(child.content, cursor, limit)
            if found != -1:
                if child.content.startswith("<!--"):
                    spans.append(Span(found, found + len(child.content), Context.HTML_COMMENT))
                else:
                    spans.extend(tag_spans(source, found, found + len(child.content)))
                    track_code(child.content, open_code)
                cursor = found + len(child.content)
    return _merge(spans, source)


def _close_link(markup: str, spans: list[Span], first: int, source: str, cursor: int, limit: int) -> int:
    """At a link's end: add its target and title to `spans`, and mark its text (`spans` from
    `first` on) as its label when it is one; where the link ends in `source`."""
    if markup == "autolink":
        return source.find(">", cursor, limit) + 1 or cursor
    closing = _after_emphasis(source, cursor, limit)
    target = _link_target(source, closing, limit)
    if target is not None:
        spans += target[0]
        return target[1]
    after = _past_reference(source, closing, limit)
    if after != closing:
        return after
    if _text_is_label(source, closing):
        spans[first:] = [replace(s, label=True) if s.context is Context.LINK_TEXT else s for s in spans[first:]]
    return cursor


def definition_spans(source: str, start: int, limit: int, label: str) -> list[Span]:
    """The target and title of the link reference definition `[label]: target "title"` in
    `source[start:limit]`, found as markdown-it's own parser reads them. The label is an
    id, not text, and is left alone."""
    opening = source.find(f"[{label}]:", start, limit)
    if opening == -1:
        return []
    cursor = _skip_space(source, opening + len(label) + 3, limit)
    destination = parseLinkDestination(source, cursor, limit)
    if not destination.ok:
        return []
    angled = int(source.startswith("<", cursor))
    spans = [Span(cursor + angled, destination.pos - angled, Context.LINK_TARGET)]
    title = source[destination.pos : limit].strip()  # a definition ends with its title
    if len(title) > 2:
        title_start = source.index(title[0], destination.pos)
        spans.append(Span(title_start + 1, title_start + len(title) - 1, Context.PROSE))
    return [span for span in spans if span.end > span.start]


def _code_span(source: str, cursor: int, limit: int, ticks: str) -> tuple[int, int] | None:
    """The raw text of the code span the next run of exactly `ticks` opens. The parser's
    content is not in the source when the span wraps a line (a line end reads as a space)."""
    opening = _tick_run(source, cursor, limit, ticks)
    closing = -1 if opening == -1 else _tick_run(source, opening + len(ticks), limit, ticks)
    return None if closing == -1 else (opening + len(ticks), closing)


def _tick_run(source: str, cursor: int, limit: int, ticks: str) -> int:
    """Where the next run of exactly `ticks` backticks starts, or -1."""
    at = source.find(ticks, cursor, limit)
    while at != -1 and (source.startswith("`", at + len(ticks)) or (at > cursor and source[at - 1] == "`")):
        end = at
        while end < limit and source[end] == "`":
            end += 1
        at = source.find(ticks, end, limit)
    return at


def _past_reference(source: str, cursor: int, limit: int) -> int:
    """After a link's or image's text (at its `]`): the end of a full reference's `[label]`
    (whose text is not the page's: what follows is looked for after it), else `cursor`."""
    if source.startswith("][", cursor) and not source.startswith("][]", cursor):
        return source.find("]", cursor + 2, limit) + 1 or cursor
    return cursor


def _after_emphasis(source: str, cursor: int, limit: int) -> int:
    """Past the emphasis marks that close with a link's or image's text (`**text**]`)."""
    while cursor < limit and source[cursor] in "*_~":
        cursor += 1
    return cursor


def _text_is_label(source: str, closing: int) -> bool:
    """At a link's `]`: whether it is a reference link whose text is its label (`[text][]`,
    `[text]`), not an inline link or a full reference (`[text][label]`)."""
    return source.startswith("][]", closing) or (
        source.startswith("]", closing) and not source.startswith(("](", "]["), closing)
    )


def _image(alt: str, source: str, cursor: int, limit: int, find: Callable[[str, int], int], spans: list[Span]) -> int:
    """Add the spans of an image's alt text and target to `spans`; where the image ends."""
    found = find(alt, cursor) if alt else source.find("![", cursor, limit) + 2
    if found >= 0 and alt:
        spans.append(Span(found, found + len(alt), Context.LINK_TEXT))
    after = _after_emphasis(source, found + len(alt), limit) if found >= 0 else cursor
    target = _link_target(source, after, limit)
    if target is None:
        return _past_reference(source, after, limit)
    spans += target[0]
    return target[1]


def _split_urls(source: str, start: int, end: int, context: Context) -> list[Span]:
    spans: list[Span] = []
    cursor = start
    for url_start, url_end in url_spans(source[start:end], start):
        if url_start > cursor:
            spans.append(Span(cursor, url_start, context))
        spans.append(Span(url_start, url_end, Context.LINK_TARGET))
        cursor = url_end
    if cursor < end:
        spans.append(Span(cursor, end, context))
    return spans


def _merge(spans: list[Span], source: str) -> list[Span]:
    """Join neighbouring runs of one context separated only by whitespace (wrapped lines)."""
    merged: list[Span] = []
    for span in spans:
        if merged:
            last = merged[-1]
            gap = source[last.end : span.start]
            if (
                last.context is span.context
                and last.label == span.label
                and span.context not in (Context.INLINE_CODE, Context.LINK_TARGET)
                and gap.strip(" \t\r\n>") == ""
                and gap.count("\n") <= 1
            ):
                merged[-1] = Span(last.start, span.end, span.context, span.label)
                continue
        merged.append(span)
    return merged
